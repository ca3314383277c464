"""The legislation step of `manage.py seed_demo` (registered in `accord.registry.demo_seeders`,
before the proposals step): the child-protection group's act, an excerpt of Federal Law
124-ФЗ, and its bill proposal amending that act in place, so that the demo package carries a
generated bill with every formula kind: a part in a new wording, an inserted article, a
repealed point and a word replacement.

The excerpt (`demo_data/124-fz.txt`) is short and abridged; its wording must be checked against
the official publication before any real use (the proposal says so in an internal passage).
"""

from datetime import date
from pathlib import Path

from accord.registry import DemoRun
from legislation.models import Act
from legislation.proposal_acts import section_for
from legislation.services import act_create
from proposals import demo_data
from proposals.models import Proposal
from proposals.services import proposal_create

EXCERPT = (Path(__file__).parent / "demo_data" / "124-fz.txt").read_text(encoding="utf-8")
ACT = {
    "kind": "federal_law",
    "date": date(1998, 7, 24),
    "number": "124-ФЗ",
    "title": "Об основных гарантиях прав ребенка в Российской Федерации",
    "source": "Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802",
}
# (current, proposed) in the act's wording: each gives one formula of the bill.
EDITS = (
    # a part in a new wording: «часть 3 статьи 7 изложить в следующей редакции»
    (
        "3. Родители ребенка, лица, их заменяющие, а также лица, осуществляющие мероприятия по "
        "образованию, воспитанию ребенка, оказывают ему помощь в порядке, установленном частью 1 "
        "настоящей статьи.",
        "3. Социально ориентированные некоммерческие организации вправе участвовать в "
        "сопровождении семей с детьми, находящихся в трудной жизненной ситуации, по плану "
        "сопровождения семьи, согласованному с родителями ребенка или лицами, их заменяющими.",
    ),
    # a repealed point: «пункт 3 части 3 статьи 9 признать утратившим силу»
    (
        "3) по содействию деятельности общественных объединений, указанных в пункте 1 части 2 "
        "статьи 4 настоящего Федерального закона.",
        "3) утратил силу.",
    ),
    # a word replacement: «в части 3 статьи 14.1 слова … заменить словами …»
    (
        "3. Органы местного самоуправления вправе принимать меры",
        "3. Органы местного самоуправления принимают меры",
    ),
)
# an inserted article: «дополнить статьей 14.2 следующего содержания»
NEW_ARTICLE = (
    "\n\nСтатья 14.2. Сопровождение семей с детьми, находящихся в трудной жизненной ситуации\n"
    "1. Сопровождение семьи с детьми, находящейся в трудной жизненной ситуации, "
    "осуществляется по плану сопровождения семьи, который определяет меры помощи семье и "
    "согласуется с родителями ребенка или лицами, их заменяющими.\n"
    "2. В сопровождении семьи наряду с органами и организациями, указанными в части 1 "
    "статьи 14.1 настоящего Федерального закона, вправе участвовать социально "
    "ориентированные некоммерческие организации."
)
CHECK_NOTE = (
    "::: внутреннее\n"
    "Текст Федерального закона № 124-ФЗ ниже — сокращённая выдержка для демонстрации; "
    "до направления законопроекта редакцию нужно сверить с официальным опубликованием.\n"
    ":::\n\n"
)


def proposed_wording(text: str) -> str:
    for current, proposed in EDITS:
        if current not in text:
            raise ValueError(f"the demo excerpt lost the wording: {current[:40]}…")
        text = text.replace(current, proposed, 1)
    return text.rstrip("\n") + NEW_ARTICLE + "\n"


def seed_legislation(*, demo: DemoRun) -> None:
    """The act in the child-protection group, and its bill proposal (before the proposals step,
    which then approves it); both left alone once they exist."""
    group = demo.groups.get(demo_data.APPROVED_THEME)
    if group is None:
        return
    act = Act.objects.filter(group=group, number=ACT["number"]).first()
    if act is None:
        demo.created += 1
        act = act_create(group_id=group.pk, author=demo.coordinator, text=EXCERPT, **ACT)
    spec = next(s for s in demo_data.PROPOSALS if s["theme"] == demo_data.APPROVED_THEME)
    if Proposal.objects.filter(group=group, title=spec["title"]).exists():
        return
    demo.created += 1
    section = section_for(act)
    heading, _blank, wording = section.partition("\n\n")
    text = f"# {spec['title']}\n\n{spec['text'].rstrip()}\n\n{CHECK_NOTE}{heading}\n\n"
    proposal_create(
        group=group,
        author=demo.coordinator,
        title=spec["title"],
        kind=spec["kind"],
        text=text + proposed_wording(wording),
    )
    demo.summary.append("1 act")

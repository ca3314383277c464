"""Benchmark of the legal structure: parse a code, generate the amending bill for 50 changes.

    .venv/bin/python bench/legislation/run.py [--articles 450] [--changes 50] [--repeat 5]

Builds a synthetic code the size of the Civil Code's part one (450 articles in 3 разделы and 30
главы; numbered parts, points, subpoints, articles of unnumbered абзацы, inserted «N.1»
articles and repealed units), then measures, each as the median of --repeat runs:
  1. parsing it (legislation.structure.parse) and rendering it back (checked to be exact);
  2. the bill for --changes changes scattered over the code (word replacements, new wordings,
     new parts, new articles, repeals), with its comparison rows and cross-reference check
     (legislation.amend.draft); the bill is executed by the tests' clerk applier and checked
     to give the proposed text;
  3. the comparison page: the proposal page's block of the generated documents
     (legislation/templates/legislation/_proposal_acts.html, rendered by Django's template
     engine with the bill as HTML and every comparison row), from the two texts: the draft,
     the bill's Markdown to HTML and the template;
  4. the peak memory of each (tracemalloc).
Prints a Markdown table (aim: parse under 1 s, bill under 1 s, comparison page under 200 ms).
No database; Django only for its template engine, configured here.
"""

import argparse
import platform
import random
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from legislation.acts import Act  # noqa: E402
from legislation.amend import Amendment, draft  # noqa: E402
from legislation.structure import parse, render  # noqa: E402

WORDS = [
    "право", "собственности", "гражданина", "юридического", "лица", "обязательства", "договора",
    "исполнения", "требования", "кредитора", "должника", "имущества", "сделки", "срока",
    "порядке", "случаях", "установленных", "законом",
]  # fmt: skip


def sentence(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:]


def synthetic_code(articles: int, seed: int = 1) -> str:
    rng = random.Random(seed)  # noqa: S311 (a reproducible text, not a secret)
    lines = ["ГРАЖДАНСКИЙ КОДЕКС РОССИЙСКОЙ ФЕДЕРАЦИИ", "", "ЧАСТЬ ПЕРВАЯ", ""]
    per_chapter = max(articles // 30, 1)
    chapter = 0
    for number in range(1, articles + 1):
        if (number - 1) % (per_chapter * 10) == 0:
            lines += [
                f"Раздел {['I', 'II', 'III', 'IV', 'V'][min(chapter // 10, 4)]}. "
                f"{sentence(rng, 3)}",
                "",
            ]
        if (number - 1) % per_chapter == 0:
            chapter += 1
            lines += [f"Глава {chapter}. {sentence(rng, 4)}", ""]
        lines.append(f"Статья {number}. {sentence(rng, 5)}")
        if number % 37 == 0:
            lines[-1] = f"Статья {number}. Утратила силу."
        elif number % 5 == 0:
            lines += [f"{sentence(rng, 20)}." for _ in range(rng.randint(2, 4))]
        else:
            for part in range(1, rng.randint(2, 6)):
                if part == 2 and number % 11 == 0:
                    lines.append(f"{part}. Утратила силу.")
                    continue
                if part == 1 and number % 3 == 0:
                    lines.append(f"{part}. {sentence(rng, 12)}:")
                    for point in range(1, rng.randint(3, 7)):
                        lines.append(f"{point}) {sentence(rng, 10).lower()};")
                        if point == 2 and number % 4 == 0:
                            lines.append(f"а) {sentence(rng, 6).lower()};")
                            lines.append(f"б) {sentence(rng, 6).lower()};")
                else:
                    lines.append(
                        f"{part}. {sentence(rng, 30)} в соответствии с частью 1 настоящей статьи."
                    )
        if number % 23 == 0:
            lines += ["", f"Статья {number}.1. {sentence(rng, 4)}", f"1. {sentence(rng, 25)}."]
        lines.append("")
    text = "\n".join(lines).rstrip("\n") + "\n"
    return text


def scattered_changes(text: str, changes: int) -> str:
    """The same code with `changes` edits at articles spread evenly over it, five kinds in turn:
    a word replaced, a unit in a new wording, a new part (or абзац), a repeal, a new article."""
    from legislation.structure import repealed_line

    law = parse(text)
    units = [unit for unit in law.root.walk() if unit.kind]
    lines = [unit.line.strip() for unit in units]
    position = {id(unit): index for index, unit in enumerate(units)}
    articles = [a for a in law.articles if not a.repealed and a.children]
    step = len(articles) / changes
    chosen = [articles[int(k * step)] for k in range(changes)]
    numbers = {a.number for a in law.articles}
    edits = []  # (line index, replaced count, new lines), applied from the end
    for k, article in enumerate(chosen):
        last = list(article.walk())[-1]
        end = position[id(last)] + 1
        kind = k % 5
        if kind == 0:
            unit = article.children[0]
            words = unit.line.split(" ")
            words[len(words) // 2] = "приобретателя"
            edits.append((position[id(unit)], 1, [" ".join(words)]))
        elif kind == 1:
            edits.append(
                (
                    end - 1,
                    1,
                    [
                        f"{last.label} новая редакция нормы о сроках исполнения "
                        "обязательства.".strip()
                    ],
                )
            )
        elif kind == 2:
            parts = [c for c in article.children if c.kind == "часть"]
            new = (
                f"{int(parts[-1].number.split('.')[0]) + 1}. Новая часть о порядке исполнения."
                if parts
                else "Новый абзац о порядке исполнения."
            )
            edits.append((end, 0, [new]))
        elif kind == 3:
            target = article.numbered()[-1] if article.numbered() else article.children[-1]
            span = sum(1 for _ in target.walk())
            edits.append((position[id(target)], span, [repealed_line(target)]))
        else:
            number = f"{article.number}.1"
            if number in numbers:
                number = f"{article.number}.2"
            edits.append(
                (
                    end,
                    0,
                    [
                        f"Статья {number}. Новая статья",
                        "1. Текст новой статьи о защите прав кредитора.",
                    ],
                )
            )
    for index, count, new in sorted(edits, key=lambda e: e[0], reverse=True):
        lines[index : index + count] = new
    out = [law.preamble]
    for index, line in enumerate(lines):
        if index and line.startswith(("Статья ", "Глава ", "Раздел ")):
            out.append("\n")
        out.append(line + "\n")
    return "".join(out)


def measure(function, repeat: int):
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    function()
    _size, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return result, statistics.median(times), peak


def comparison_page(act, current: str, proposed: str):
    """The proposal page's block of the generated bill and comparison table, as HTML."""
    import markdown
    from django.template.loader import render_to_string
    from django.utils.safestring import mark_safe

    result = draft([Amendment(act, current, proposed)])
    context = {
        "act_sections": [],
        "draft": result,
        "bill_html": mark_safe(markdown.markdown(result.bill)),  # noqa: S308 (a benchmark)
        "problems": [],
        "amendable": [],
        "can_amend": False,
    }
    return render_to_string("legislation/_proposal_acts.html", context)


def setup_templates() -> None:
    import django
    from django.conf import settings

    settings.configure(
        USE_I18N=True,
        INSTALLED_APPS=[],
        TEMPLATES=[
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(ROOT / "legislation" / "templates")],
            }
        ],
    )
    django.setup()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=450)
    parser.add_argument("--changes", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from tests.legislation.applier import apply

    current = synthetic_code(args.articles)
    proposed = scattered_changes(current, args.changes)
    if proposed == current:
        sys.exit("the changes changed nothing")
    act = Act(title="Гражданский кодекс Российской Федерации", kind="code")
    law, parse_seconds, parse_peak = measure(lambda: parse(current), args.repeat)
    if render(law) != current:
        sys.exit("the round trip is not exact")
    result, bill_seconds, bill_peak = measure(
        lambda: draft([Amendment(act, current, proposed)]), args.repeat
    )
    applied = apply(current, result.bill) == proposed
    setup_templates()
    page, page_seconds, page_peak = measure(
        lambda: comparison_page(act, current, proposed), args.repeat
    )
    rows = page.count("<tr>") - 1
    units = sum(1 for unit in law.root.walk() if unit.kind)
    print(
        f"Python {platform.python_version()} on {platform.machine()}, "
        f"median of {args.repeat} runs\n"
    )
    print("| measurement | size | time | peak memory (tracemalloc) | aim |")
    print("| --- | ---: | ---: | ---: | --- |")
    print(
        f"| parse a code of {len(law.articles)} articles | {len(current):,} chars, "
        f"{units:,} units | {parse_seconds * 1000:.0f} ms | {parse_peak / 2**20:.1f} MB "
        f"| < 1 s |"
    )
    print(
        f"| bill for {args.changes} scattered edits | {len(result.comparison)} items, "
        f"{len(result.bill):,} chars | {bill_seconds * 1000:.0f} ms | "
        f"{bill_peak / 2**20:.1f} MB | < 1 s |"
    )
    print(
        f"| comparison page (draft, bill HTML, template) | {rows} rows, {len(page):,} chars "
        f"| {page_seconds * 1000:.0f} ms | {page_peak / 2**20:.1f} MB | < 200 ms |"
    )
    print(
        f"\napplier gives the proposed text: {'yes' if applied else 'NO'}; "
        f"problems reported: {len(result.problems)}"
    )


if __name__ == "__main__":
    main()

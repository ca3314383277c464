"""A published record: an approved, endorsed proposal sent to two bodies (one answered on time,
one overdue), with comments, suggestions and a draft that must never be public."""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from accord.models import Role
from proposals.models import Proposal
from publication import services
from submissions.models import SubmissionChannel
from submissions.services import tracking
from tests import factories
from tests.submissions.helpers import approved_with_endorsements, make_package

TEXT = """# Предложения о защите детей

## Статья 5

Ребёнок имеет право на семью.

1. Орган опеки проверяет условия.
2. Решение принимается в течение 10 дней.

## Открытые вопросы {внутреннее}

СЕКРЕТНАЯ-ЗАМЕТКА-АЛЬЯНСА о переговорах.
"""

MINISTRY = {
    "kind": "ministry",
    "surname": "Петрова",
    "given_name": "Мария",
    "patronymic": "Ивановна",
    "surname_dative": "Петровой",
    "gender": "f",
    "position": "Министр просвещения Российской Федерации",
    "position_dative": "Министру просвещения Российской Федерации",
    "body": "Министерство просвещения Российской Федерации",
    "email": "minister@edu.example",
}


@dataclass
class Record:
    proposal: Proposal
    draft: Proposal
    submissions: list
    package: object


def sent_record(world, *, publish=True) -> Record:
    coordinator = world.users[Role.COORDINATOR]
    proposal = approved_with_endorsements(world, text=TEXT, title="Закон о защите детей")
    committee = factories.make_recipient(group=world.group)
    ministry = factories.make_recipient(group=world.group, **MINISTRY)
    package = make_package(world, proposal, [committee, ministry])
    today = timezone.localdate()
    documents = list(package.documents.order_by("pk"))
    on_time = tracking.submission_record(
        document=documents[0],
        channel=SubmissionChannel.ERECEPTION,
        sent_on=today - timedelta(days=60),
        actor=coordinator,
    )
    tracking.submission_register(
        submission=on_time,
        registration_number="1.1-23/456",
        registered_on=today - timedelta(days=58),
        actor=coordinator,
    )
    tracking.submission_answer(
        submission=on_time,
        answered_on=today - timedelta(days=40),
        summary="Комитет поддержал предложения и включил их в план.",
        actor=coordinator,
    )
    overdue = tracking.submission_record(
        document=documents[1],
        channel=SubmissionChannel.POST,
        sent_on=today - timedelta(days=70),
        actor=coordinator,
    )
    tracking.submission_register(
        submission=overdue,
        registration_number="МП-789",
        registered_on=today - timedelta(days=66),
        actor=coordinator,
    )
    # Private material that must never reach a public page.
    quote = "Ребёнок имеет право"
    thread = factories.make_thread(proposal=proposal, author=world.users[Role.EDITOR], quote=quote)
    factories.make_comment(
        thread=thread, author=world.users[Role.EDITOR], body="ЧАСТНЫЙ-КОММЕНТАРИЙ"
    )
    factories.make_thread(
        proposal=proposal,
        author=world.users[Role.EDITOR],
        quote=quote,
        replacement="ПРАВКА-ПРЕДЛОЖЕНИЕ",
    )
    draft = factories.ProposalFactory(
        group=world.group, created_by=world.users[Role.EDITOR], title="НЕОПУБЛИКОВАННЫЙ-ЧЕРНОВИК"
    )
    if publish:
        services.group_profile_update(
            group=world.group,
            actor=coordinator,
            slug="zashchita-detey",
            about="Коалиция организаций за права детей.",
            listed_organizations=list(world.group.organizations.all()),
            allow_indexing=True,
            published=True,
        )
        services.proposal_publish(proposal=proposal, actor=coordinator)
    return Record(proposal=proposal, draft=draft, submissions=[on_time, overdue], package=package)

"""The publication step of `manage.py seed_demo` (after the submissions' recipients): the
child-protection group's public profile, and its approved bill built, sent to the Duma
committee (registered, answered on time) and to the ministry (registered, overdue), and
published. Left alone once the bill has a publication."""

from datetime import timedelta

from django.utils import timezone, translation

from accord.models import Theme
from accord.registry import DemoRun
from proposals.models import Proposal
from publication import services
from publication.models import ProposalPublication
from submissions import letters
from submissions.models import RecipientKind, SubmissionChannel
from submissions.services import builds, packages, tracking

ABOUT = (
    "Коалиция некоммерческих организаций, которые защищают права детей и помогают семьям. "
    "Здесь — что коалиция направила органам власти, когда обращения зарегистрированы и что "
    "на них ответили."
)


def seed_publication(*, demo: DemoRun) -> None:
    group = demo.groups.get(Theme.CHILD_PROTECTION)
    if group is None:
        return
    coordinator = demo.coordinator
    profile = services.group_publication_of(group)
    if not profile.published:
        demo.updated += 1
        services.group_profile_update(
            group=group,
            actor=coordinator,
            slug="zashchita-detey",
            about=ABOUT,
            listed_organizations=list(group.organizations.all()),
            allow_indexing=True,
            published=True,
        )
    proposal = (
        Proposal.objects.filter(group=group, approved_version__isnull=False).order_by("pk").first()
    )
    if proposal is None or ProposalPublication.objects.filter(proposal=proposal).exists():
        return
    if not proposal.submissions.filter(version_id=proposal.approved_version_id).exists():
        with translation.override("ru"):
            _send(demo, proposal)
    services.proposal_publish(proposal=proposal, actor=coordinator)
    demo.created += 1
    demo.summary.append("1 published proposal")


def _send(demo: DemoRun, proposal: Proposal) -> None:
    today = timezone.localdate()
    coordinator = demo.coordinator
    group = proposal.group
    recipients = group.recipients.filter(archived=False)
    committee = recipients.filter(kind=RecipientKind.COMMITTEE).first()
    ministry = recipients.filter(kind=RecipientKind.MINISTRY).first()
    if committee is None or ministry is None:
        return
    authors = [
        (organization, f"{number}-{today:%y}")
        for number, organization in enumerate(
            group.organizations.exclude(postal_address="").order_by("pk")[:2], start=14
        )
    ]
    if not authors:
        return
    legislative = proposal.kind == "legislative_amendment"
    package = packages.package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=coordinator,
        recipients=[committee, ministry],
        authors=authors,
        signatories=[packages.Signer("Председатель правления", "И.А. Соколова")],
        letter_date=today - timedelta(days=52),
        heading=letters.default_heading(title=proposal.title, legislative=legislative),
        executor_name="Соколова И.А.",
        executor_phone="+7 (383) 000-00-14",
        letter_texts=letters.default_texts(
            group=group, title=proposal.title, legislative=legislative
        ),
        with_docx=False,
    )
    # Built here, in the demo's transaction: the queued build finds it ready and does nothing.
    package = builds.package_build(package_id=package.pk)
    documents = {d.recipient_id: d for d in package.documents.all()}
    answered = tracking.submission_record(
        document=documents[committee.pk],
        channel=SubmissionChannel.ERECEPTION,
        sent_on=today - timedelta(days=50),
        actor=coordinator,
    )
    tracking.submission_register(
        submission=answered,
        registration_number="3.12-14/2871",
        registered_on=today - timedelta(days=48),
        actor=coordinator,
    )
    tracking.submission_answer(
        submission=answered,
        answered_on=today - timedelta(days=27),
        summary=(
            "Комитет рассмотрел законопроект на заседании рабочей группы, поддержал концепцию "
            "и предложил доработать статью 15.1 с учётом позиции Правительства."
        ),
        actor=coordinator,
    )
    overdue = tracking.submission_record(
        document=documents[ministry.pk],
        channel=SubmissionChannel.POST,
        sent_on=today - timedelta(days=50),
        actor=coordinator,
    )
    tracking.submission_register(
        submission=overdue,
        registration_number="ТС-9915/07",
        registered_on=today - timedelta(days=45),
        actor=coordinator,
    )
    demo.created += 3

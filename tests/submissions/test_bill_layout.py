"""The bill as bills are laid out: the citation with its date in words and its source, articles,
the signature block, parts as indented paragraphs, nested quotes, the clean file; the comparison
table's highlights and the federal-only list of acts."""

import io
import re
from datetime import date

import docx
import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accord.demo_data import PROPOSALS
from accord.models import Role
from proposals.models import ProposalKind
from submissions import bill, content
from submissions.models import PackageStatus
from submissions.services import Signer, package_build, package_create
from submissions.typography import nest_quotes, nest_quotes_html
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

DEMO_BILL = next(p for p in PROPOSALS if p["kind"] == ProposalKind.LEGISLATIVE_AMENDMENT)
DEMO_TEXT = f"# {DEMO_BILL['title']}\n\n{DEMO_BILL['text']}"


def _package(world, proposal, recipients, *, with_docx=True):
    return package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.EDITOR],
        recipients=recipients,
        authors=[(world.organization, "15-и")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте федерального закона",
        body="Направляем проект «О внесении изменений в Федеральный закон «Об основных гарантиях»».",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
        with_docx=with_docx,
    )


@pytest.fixture
def built(world):
    pdftools.need_poppler()
    proposal = approved_with_endorsements(
        world, text=DEMO_TEXT, title=DEMO_BILL["title"], kind=ProposalKind.LEGISLATIVE_AMENDMENT
    )
    package = _package(world, proposal, [make_recipient(world.group)])
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    return proposal, package

"""The demo publishes the child-protection bill with two sendings: one answered on time, one
overdue; its pages work for an anonymous visitor."""

from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from proposals.models import Proposal
from publication import selectors
from publication.models import ProposalPublication

pytestmark = pytest.mark.slow


def test_the_demo_bill_is_published_with_one_answer_on_time_and_one_overdue(db, client):
    call_command("seed_demo", stdout=StringIO())
    bill = Proposal.objects.get(
        approved_version__isnull=False, group__name="Альянс «Защита детства»"
    )
    publication = ProposalPublication.objects.get(proposal=bill, published=True)
    statuses = sorted(s.status for s in selectors.timeline(publication, timezone.localdate()))
    assert statuses == ["on_time", "overdue"]
    assert client.get("/public/groups/zashchita-detey/").status_code == 200
    assert client.get(f"/public/proposals/{bill.public_id}/").status_code == 200
    assert "Министерство просвещения" in client.get("/public/bodies/").content.decode()
    # Again: nothing new.
    call_command("seed_demo", stdout=StringIO())
    assert bill.submissions.count() == 2

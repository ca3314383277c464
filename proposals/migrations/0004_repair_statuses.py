"""Repair statuses set without the workflow, before 0005 makes the database refuse them (issue 10).

Rows whose status was set without the workflow (a PATCH of `status` used
to be accepted) are repaired: an agreed status without an approved version takes the newest
approval version if there is one, or goes back to draft; "in review" without an open review goes
back to draft. Each repair is written to the group's audit log.
"""

from django.conf import settings
from django.db import migrations, models
from django.utils import translation
from django.utils.translation import gettext

AGREED = ["approved", "submitted", "answered"]


def repair_statuses(apps, schema_editor):
    Proposal = apps.get_model("proposals", "Proposal")
    Version = apps.get_model("proposals", "Version")
    Review = apps.get_model("proposals", "Review")
    AuditEvent = apps.get_model("accord", "AuditEvent")
    open_reviews = Review.objects.filter(closed_at=None).values("proposal_id")
    broken = Proposal.objects.filter(
        models.Q(status__in=AGREED, approved_version=None)
        | models.Q(status="in_review") & ~models.Q(pk__in=open_reviews)
    )
    with translation.override(settings.LANGUAGE_CODE):
        for proposal in broken:
            approval = (
                Version.objects.filter(proposal=proposal, kind="approval")
                .order_by("-number")
                .first()
            )
            before = proposal.status
            if proposal.status in AGREED and approval is not None:
                proposal.approved_version = approval
                summary = gettext("Status kept: the approved version %(number)d is recorded") % {
                    "number": approval.number
                }
            else:
                proposal.status = "draft"
                summary = gettext("Status reset to draft: it had been set without the workflow")
            proposal.save(update_fields=["status", "approved_version"])
            AuditEvent.objects.create(
                group_id=proposal.group_id,
                proposal=proposal,
                actor=None,
                action="proposal.status",
                summary=summary,
                details={"from": before, "to": proposal.status, "reason": "migration"},
            )


class Migration(migrations.Migration):
    dependencies = [
        ("accord", "0003_organization_email_organization_legal_name_and_more"),
        ("proposals", "0003_review_and_consensus"),
    ]

    operations = [migrations.RunPython(repair_statuses, migrations.RunPython.noop)]

"""The group's letter templates: its own default text of the cover letter per kind of recipient."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accord.models import User, WorkingGroup
from accord.services import audit_record
from submissions.letters import DEFAULT_TEXTS
from submissions.models import LetterTemplate, RecipientKind

MAX_TEMPLATE_CHARS = 5_000


@transaction.atomic
def letter_template_set(
    *, group: WorkingGroup, kind: str, bill_text: str, proposals_text: str, actor: User
) -> LetterTemplate | None:
    """Set the group's texts for one kind of recipient; a text equal to the built-in default
    (or empty) is stored empty, so the group follows the default. Locks the template row; audits."""
    if kind not in RecipientKind.values:
        raise ValidationError({"kind": _("Unknown kind of recipient.")})
    default_bill, default_proposals = DEFAULT_TEXTS[kind]
    bill_text = _normalized(bill_text)
    proposals_text = _normalized(proposals_text)
    for field, text in (("bill_text", bill_text), ("proposals_text", proposals_text)):
        if len(text) > MAX_TEMPLATE_CHARS:
            raise ValidationError(
                {field: _("At most %(count)d characters.") % {"count": MAX_TEMPLATE_CHARS}}
            )
    if bill_text == _normalized(default_bill):
        bill_text = ""
    if proposals_text == _normalized(default_proposals):
        proposals_text = ""
    template = LetterTemplate.objects.select_for_update().filter(group=group, kind=kind).first()
    if template is None and not (bill_text or proposals_text):
        return None
    if template is not None and (template.bill_text, template.proposals_text) == (
        bill_text,
        proposals_text,
    ):
        return template
    if template is None:
        template = LetterTemplate(group=group, kind=kind)
    template.bill_text = bill_text
    template.proposals_text = proposals_text
    template.updated_by = actor
    template.updated_at = timezone.now()
    template.full_clean()
    template.save()
    audit_record(
        group=group,
        actor=actor,
        action="letter_template.updated",
        summary=_("Letter template changed: %(kind)s") % {"kind": RecipientKind(kind).label},
        details={"kind": kind},
    )
    return template


def _normalized(text: str) -> str:
    return text.replace("\r\n", "\n").strip()

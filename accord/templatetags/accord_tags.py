from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from accord.models import Role
from accord.timezones import zone_label

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """The translated name of a role value, e.g. "editor" → «Редактор»."""
    try:
        return Role(value).label
    except ValueError:
        return ""


AUDIT_ACTIONS = {
    "membership.added": _("Member added"),
    "membership.changed": _("Role changed"),
    "membership.removed": _("Member removed"),
    "review.opened": _("Review opened"),
    "review.vote": _("Vote"),
    "review.closed": _("Review closed"),
    "endorsement.given": _("Endorsed"),
    "endorsement.deadline": _("Endorsement deadline"),
    "suggestion.accepted": _("Suggestion accepted"),
    "proposal.withdrawn": _("Proposal withdrawn"),
    "proposal.status": _("Status changed"),
    "version.restored": _("Version restored"),
    "organization.changed": _("Organization details changed"),
    "package.created": _("Package built"),
    "package.built": _("Package ready"),
    "package.retried": _("Package built again"),
    "recipient.created": _("Recipient added"),
    "recipient.changed": _("Recipient changed"),
    "recipient.archived": _("Recipient archived"),
    "recipient.restored": _("Recipient restored"),
    "recipients.imported": _("Recipients imported"),
    "submission.recorded": _("Sent to a recipient"),
    "submission.registered": _("Registration recorded"),
    "submission.extended": _("Answer period extended"),
    "submission.forwarded": _("Forwarding recorded"),
    "submission.answered": _("Answer recorded"),
    "account.locked_out": _("Sign-in locked"),
}


@register.filter
def audit_action(value: str) -> str:
    """The translated name of an audit log action, e.g. "review.opened" → «Рассмотрение открыто»."""
    return AUDIT_ACTIONS.get(value, value)


@register.simple_tag(takes_context=True)
def page_section(context, section, variables):
    """Render a registered page section (`accord.registry.Section`) inside the page: with the
    page's context (user, request, csrf token) and the section's own variables on top."""
    template = context.template.engine.get_template(section.template)
    with context.push(**variables):
        return template.render(context)


@register.simple_tag
def legal_zone() -> str:
    """After a legal date (59-FZ due dates are Moscow days): the zone it is in. «МСК» for one who
    sees times in that zone too, spelled out («Москва, UTC+3») for one who does not."""
    legal = settings.TIME_ZONE
    full = zone_label(legal)
    if timezone.get_current_timezone_name() == legal and legal == "Europe/Moscow":
        return format_html('<abbr class="tz-note" title="{}">{}</abbr>', full, _("MSK"))
    return format_html('<span class="tz-note">({})</span>', full)

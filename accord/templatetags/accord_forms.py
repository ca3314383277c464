"""Template helpers of the site's form layout (accord/form_rendering.py)."""

from django import template
from django.utils.html import format_html

from accord.confirm import describe

register = template.Library()


@register.filter
def has_required_fields(form) -> bool:
    """True when the form shows at least one required mark, so its legend explains the mark."""
    return any(field.field.required for field in form.visible_fields())


@register.filter
def fields_with_errors(form) -> list:
    """The visible fields whose value the server refused, in the form's order."""
    return [field for field in form.visible_fields() if field.errors]


@register.simple_tag
def confirm_attrs(name: str, subject=None) -> str:
    """The data attributes frontend/src/confirm.js reads to ask before the form is sent."""
    words = describe(name, subject)
    return format_html(
        ' data-confirm="{}" data-confirm-title="{}" data-confirm-button="{}"'
        ' data-confirm-cancel="{}"',
        words.text,
        words.title,
        words.button,
        words.cancel,
    )

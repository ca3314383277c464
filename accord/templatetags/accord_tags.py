from django import template

from accord.models import Role

register = template.Library()


@register.filter
def role_label(value: str) -> str:
    """The translated name of a role value, e.g. "editor" → «Редактор»."""
    try:
        return Role(value).label
    except ValueError:
        return ""

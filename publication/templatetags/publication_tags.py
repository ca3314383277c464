from django import template

from publication.answers import unit_fragment as _unit_fragment

register = template.Library()


@register.filter
def unit_fragment(unit: str) -> str:
    """«статья 5» → a text-fragment link to the line «Статья 5» of the proposal's text."""
    return _unit_fragment(unit)

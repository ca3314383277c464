"""One way every form of the site is drawn (settings.FORM_RENDERER): labels without a colon,
required fields marked (a visible star, `aria-required`, and a legend above the form saying what
the star means), help text and server errors next to their field and linked to it with
`aria-describedby`, and a summary of the errors at the top linking to each field.

Django's own templates are kept for the widgets; only the form and field layouts are Accord's
(accord/templates/accord/forms/)."""

from django.forms.boundfield import BoundField
from django.forms.renderers import DjangoTemplates


class AccordBoundField(BoundField):
    def label_tag(self, contents=None, attrs=None, label_suffix=None, tag=None):
        return super().label_tag(contents, attrs, "" if label_suffix is None else label_suffix, tag)

    def legend_tag(self, contents=None, attrs=None, label_suffix=None):
        return super().legend_tag(contents, attrs, "" if label_suffix is None else label_suffix)

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        # A group of checkboxes or radios carries the mark on its legend: aria-required is not
        # allowed on a single checkbox of a group.
        if attrs.get("required") and not self.use_fieldset:
            attrs["aria-required"] = "true"
        return attrs

    @property
    def shows_required_mark(self) -> bool:
        return self.field.required and not self.is_hidden


class AccordFormRenderer(DjangoTemplates):
    form_template_name = "accord/forms/form.html"
    field_template_name = "accord/forms/field.html"
    bound_field_class = AccordBoundField


def has_required_fields(form) -> bool:
    return any(getattr(field, "shows_required_mark", False) for field in form.visible_fields())

"""One form style for the site (accord/form_rendering.py): labels without a colon, required
fields marked, help text and server errors beside their field and linked to it, a summary of
the errors at the top of the form linking to each field, and every input with a label."""

import re
from html.parser import HTMLParser

from django import forms
from django.urls import reverse

from accord.models import Role
from tests import factories
from tests.submissions.helpers import approved_with_endorsements


class Inputs(HTMLParser):
    """The form controls of a page, the labels' `for`, and the ids of every element."""

    def __init__(self):
        super().__init__()
        self.controls, self.label_for, self.ids = [], set(), set()

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
            "hidden",
            "submit",
        ):
            self.controls.append(attrs)


def parse(html: str) -> Inputs:
    parser = Inputs()
    parser.feed(html)
    return parser


def tag_of(html: str, element_id: str) -> str:
    return re.search(rf'<(?:input|select|textarea)[^>]*\bid="{element_id}"[^>]*>', html).group(0)


class Sample(forms.Form):
    name = forms.CharField(label="Имя", help_text="Как в паспорте")
    agree = forms.BooleanField(label="Согласен", required=False)


def test_labels_have_no_colon_and_required_fields_are_marked():
    html = Sample().render()
    assert '<label class="field__label" for="id_name">Имя<span class="required-mark"' in html
    assert "Имя:" not in html
    assert "Согласен:" not in html
    assert 'aria-required="true"' in tag_of(html, "id_name")
    assert "aria-required" not in tag_of(html, "id_agree")
    assert 'class="form__legend"' in html  # the mark is explained
    assert 'aria-describedby="id_name_helptext"' in tag_of(html, "id_name")
    assert 'id="id_name_helptext"' in html


def test_a_field_error_is_rendered_beside_its_field_and_summarised_at_the_top():
    html = Sample({"name": ""}).render()
    field = tag_of(html, "id_name")
    assert 'aria-invalid="true"' in field
    assert 'aria-describedby="id_name_helptext id_name_error"' in field
    error = html.index('id="id_name_error"')
    # The error sits between the field's label and its input, not in a list elsewhere.
    assert html.index('for="id_name"') < error < html.index('id="id_name"')
    summary = html.index("data-error-summary")
    assert summary < html.index('for="id_name"')
    assert '<a href="#id_name">Имя</a>' in html


def _package_page(client, world, data=None):
    proposal = approved_with_endorsements(world)
    factories.make_recipient(group=world.group)
    client.force_login(world.users[Role.EDITOR])
    url = reverse("package_create", args=[proposal.public_id])
    if data is None:
        return client.get(url)
    form = client.get(url).context["form"]
    payload = {
        "version": proposal.approved_version_id,
        "recipients": [form.fields["recipients"].queryset.first().pk],
        "letter_date": "2026-12-01",
        "heading": "О проекте",
        "executor_name": "Соколова И.А.",
        "executor_phone": "",
        f"author_{world.organization.pk}": "on",
        "signer_position_0": "Председатель",
        "signer_name_0": "А.Б. Иванов",
        **data,
    }
    return client.post(url, payload)


def test_the_package_form_shows_the_missing_executor_phone_beside_its_input(client, world):
    response = _package_page(client, world, data={"executor_phone": ""})
    assert response.status_code == 200
    html = response.content.decode()
    phone = tag_of(html, "id_executor_phone")
    assert 'aria-invalid="true"' in phone
    assert 'aria-describedby="id_executor_phone_error"' in phone
    assert 'aria-required="true"' in phone
    error = re.search(
        r'<ul class="field__errors errorlist" id="id_executor_phone_error">.*?</ul>', html
    )
    assert error is not None
    assert "Обязательное поле" in error.group(0)
    # beside the field: after its label, before its input, inside its block
    assert html.index('for="id_executor_phone"') < error.start() < html.index(phone)
    label = re.search(r'<label[^>]*for="id_executor_phone"[^>]*>(.*?)</label>', html).group(1)
    assert "required-mark" in label
    assert '<a href="#id_executor_phone">' in html  # the summary links to it


def test_every_input_of_the_package_form_has_a_label(client, world):
    html = _package_page(client, world).content.decode()
    page = parse(html[html.index('id="package-form"') :])
    unlabelled = [
        control.get("name")
        for control in page.controls
        if control.get("id") not in page.label_for and not control.get("aria-label")
    ]
    assert unlabelled == []
    assert len(page.controls) >= 10


def test_every_described_by_points_at_an_element_of_the_page(client, world):
    html = _package_page(client, world, data={"executor_phone": "", "heading": ""}).content
    page = parse(html.decode())
    for control in page.controls:
        for target in control.get("aria-describedby", "").split():
            assert target in page.ids, (control.get("name"), target)

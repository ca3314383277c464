"""The package builder's form: version, recipients, authors with outgoing numbers, signatories."""

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from submissions.models import Recipient, RecipientKind
from submissions.services.packages import MAX_LETTER_CHARS, Signer


def _version_date(version) -> str:
    """The day a version was saved, in the viewer's zone (not UTC's)."""
    return formats.date_format(timezone.localtime(version.created_at), "d.m.Y")


SIGNATORY_ROWS = 3


class PackageForm(forms.Form):
    version = forms.ModelChoiceField(queryset=None, label=_("Approved version"), empty_label=None)
    recipients = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Recipients"), widget=forms.CheckboxSelectMultiple
    )
    letter_date = forms.DateField(
        label=_("Letter date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    heading = forms.CharField(label=_("Heading"), max_length=500)
    introduced_by = forms.CharField(
        label=_("Introduced by the deputy"),
        max_length=300,
        required=False,
        help_text=_("For the bill's title page; leave empty to leave a space for it."),
    )
    executor_name = forms.CharField(
        label=_("Executor"),
        max_length=200,
        help_text=_("Surname and initials, as «Соколова И.А.»."),
    )
    executor_phone = forms.CharField(label=_("Executor's phone"), max_length=60)
    executor_email = forms.EmailField(label=_("Executor's email"), required=False)
    with_docx = forms.BooleanField(label=_("Also as DOCX"), required=False, initial=True)

    def __init__(self, *args, proposal, versions, letter_defaults: dict[str, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.proposal = proposal
        self.letter_defaults = letter_defaults
        self.fields["version"].queryset = versions
        self.fields["version"].label_from_instance = lambda version: (
            _("Version %(number)d of %(date)s")
            % {"number": version.number, "date": _version_date(version)}
        )
        self.fields["recipients"].queryset = Recipient.objects.filter(
            group=proposal.group, archived=False
        )
        self.fields["recipients"].label_from_instance = lambda recipient: (
            f"{recipient.initials_surname}, {recipient.position}"
        )
        # One text per kind of recipient in the directory: a minister is not asked what a
        # deputy is. Left empty, a kind gets the group's default text.
        kinds = set(self.fields["recipients"].queryset.values_list("kind", flat=True))
        self.letter_kinds = [(k, label) for k, label in RecipientKind.choices if k in kinds]
        for kind, label in self.letter_kinds:
            self.fields[f"text_{kind}"] = forms.CharField(
                label=_("Letter text for: %(kind)s") % {"kind": label},
                max_length=MAX_LETTER_CHARS,
                required=False,
                initial=letter_defaults.get(kind, ""),
                widget=forms.Textarea(attrs={"rows": 7}),
                help_text=_(
                    "Paragraphs separated by an empty line. The salutation and the attachment "
                    "line are added for each recipient. Left empty: the group's default text."
                ),
            )
        self.organizations = list(proposal.group.organizations.all())
        for organization in self.organizations:
            self.fields[f"author_{organization.pk}"] = forms.BooleanField(
                label=organization.name, required=False, initial=len(self.organizations) == 1
            )
            self.fields[f"number_{organization.pk}"] = forms.CharField(
                label=_("Outgoing number of %(name)s") % {"name": organization.name},
                max_length=60,
                required=False,
            )
        for row in range(SIGNATORY_ROWS):
            self.fields[f"signer_position_{row}"] = forms.CharField(
                label=_("Signatory %(number)d: position") % {"number": row + 1},
                max_length=300,
                required=False,
            )
            self.fields[f"signer_name_{row}"] = forms.CharField(
                label=_("Signatory %(number)d: initials and surname") % {"number": row + 1},
                max_length=200,
                required=False,
            )

    def letter_fields(self):
        return [self[f"text_{kind}"] for kind, _label in self.letter_kinds]

    def letter_texts(self) -> dict[str, str]:
        """The text for each kind of recipient chosen, the default where left empty."""
        chosen = {recipient.kind for recipient in self.cleaned_data.get("recipients", [])}
        return {
            kind: self.cleaned_data.get(f"text_{kind}", "").strip() or self.letter_defaults[kind]
            for kind in chosen
        }

    def author_rows(self):
        return [
            (organization, self[f"author_{organization.pk}"], self[f"number_{organization.pk}"])
            for organization in self.organizations
        ]

    def signer_rows(self):
        return [
            (self[f"signer_position_{row}"], self[f"signer_name_{row}"])
            for row in range(SIGNATORY_ROWS)
        ]

    def authors(self):
        return [
            (organization, self.cleaned_data.get(f"number_{organization.pk}", ""))
            for organization in self.organizations
            if self.cleaned_data.get(f"author_{organization.pk}")
        ]

    def signers(self):
        return [
            Signer(
                position=self.cleaned_data.get(f"signer_position_{row}", ""),
                name=self.cleaned_data.get(f"signer_name_{row}", ""),
            )
            for row in range(SIGNATORY_ROWS)
        ]

"""Forms for proposals. They validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from proposals.models import ProposalKind
from proposals.services import markdown_from_upload

START_CHOICES = [
    ("template", _("The kind's starter template with its customary sections")),
    ("empty", _("An empty document")),
    ("upload", _("A Markdown file (.md) from my computer")),
]


class ProposalCreateForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ProposalKind.choices, initial=ProposalKind.POLICY_PROPOSAL
    )
    start = forms.ChoiceField(
        label=_("Start from"), choices=START_CHOICES, initial="template", widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("Markdown file"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".md,.markdown,text/markdown,text/plain"}),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") == "upload":
            upload = cleaned.get("file")
            if upload is None:
                self.add_error("file", _("Choose a Markdown file to upload."))
                return cleaned
            if not upload.name.lower().endswith((".md", ".markdown", ".txt")):
                self.add_error("file", _("Only .md files can be uploaded."))
                return cleaned
            try:
                cleaned["text"] = markdown_from_upload(upload=upload)
            except ValidationError as error:
                self.add_error("file", error)
        return cleaned


class ProposalSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)

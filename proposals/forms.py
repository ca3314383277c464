"""Forms for proposals. They validate input; services do the writing."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from proposals.models import ProposalKind
from proposals.services import document_from_upload

START_CHOICES = [
    ("template", _("The kind's starter template with its customary sections")),
    ("empty", _("An empty document")),
    ("upload", _("A file from my computer: Word (.docx), LibreOffice (.odt) or Markdown (.md)")),
]


class ProposalCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Title"),
        max_length=300,
        required=False,
        help_text=_("For an imported file it may be left empty: the document's title is taken."),
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=ProposalKind.choices, initial=ProposalKind.POLICY_PROPOSAL
    )
    start = forms.ChoiceField(
        label=_("Start from"), choices=START_CHOICES, initial="template", widget=forms.RadioSelect
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        widget=forms.ClearableFileInput(
            attrs={"accept": ".md,.markdown,.docx,.odt,text/markdown,text/plain"}
        ),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") == "upload":
            upload = cleaned.get("file")
            if upload is None:
                self.add_error("file", _("Choose a file to upload."))
                return cleaned
            try:
                imported = document_from_upload(upload=upload)
            except ValidationError as error:
                self.add_error("file", error)
                return cleaned
            cleaned["text"] = imported.markdown
            cleaned["dropped"] = imported.dropped
            if not (cleaned.get("title") or "").strip():
                cleaned["title"] = imported.title[:300]
        if not (cleaned.get("title") or "").strip() and "title" not in self.errors:
            self.add_error("title", _("This field is required."))
        return cleaned


class ProposalSettingsForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=300)

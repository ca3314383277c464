"""The forms of the acts pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from legislation.models import ActKind

UPLOAD_SUFFIXES = (".txt", ".docx", ".html", ".htm")


class ActForm(forms.Form):
    """An act's requisites and its text, pasted or uploaded (the upload wins when both are
    given); the text is parsed and previewed before it is saved."""

    kind = forms.ChoiceField(label=_("Kind"), choices=ActKind.choices)
    date = forms.DateField(
        label=_("Date"), required=False, widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d")
    )
    number = forms.CharField(label=_("Number"), max_length=50, required=False)
    title = forms.CharField(label=_("Title"), max_length=1000)
    source = forms.CharField(
        label=_("Official publication"),
        max_length=2000,
        required=False,
        help_text=_(
            "For example: Собрание законодательства Российской Федерации, 1998, № 31, ст. 3802"
        ),
    )
    as_of = forms.DateField(
        label=_("Wording as of"),
        required=False,
        widget=forms.DateInput({"type": "date"}, format="%Y-%m-%d"),
    )
    file = forms.FileField(
        label=_("File (.txt, .docx or .html)"),
        required=False,
        widget=forms.ClearableFileInput({"accept": ",".join(UPLOAD_SUFFIXES)}),
    )
    text = forms.CharField(
        label=_("Text"), required=False, widget=forms.Textarea({"rows": 12, "spellcheck": "false"})
    )

    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and not upload.name.lower().endswith(UPLOAD_SUFFIXES):
            raise forms.ValidationError(_("Only .txt, .docx and .html files can be read."))
        return upload

    def clean(self):
        data = super().clean()
        if not data.get("file") and not (data.get("text") or "").strip():
            self.add_error("text", _("Paste the act's text or upload a file."))
        return data


class AmendActForm(forms.Form):
    act = forms.IntegerField(label=_("Act"))

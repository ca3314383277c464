"""Forms for people and memberships. They validate input; services do the writing."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from accord.models import Language, Organization, Role, WorkingGroup
from accord.timezones import time_zone_choices


class BrowserTimeZoneField(forms.CharField):
    """Hidden; frontend/src/sign-in.js fills in the browser's zone, adopted once at sign-in by
    `user_adopt_browser_time_zone` (an unknown name is ignored there)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 64)
        kwargs.setdefault("widget", forms.HiddenInput(attrs={"data-browser-time-zone": ""}))
        super().__init__(**kwargs)


def form_add_service_errors(form: forms.BaseForm, error: ValidationError) -> None:
    """A service's ValidationError onto the form that called it: each field's messages on that
    field where the form has it, the others (and a plain list of messages) above the form."""
    if hasattr(error, "error_dict"):
        for field, messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


class EmailAuthenticationForm(AuthenticationForm):
    """Django's login form; its `username` field takes the email address."""

    username = forms.EmailField(
        label=_("Email"),
        widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"}),
    )
    browser_time_zone = BrowserTimeZoneField()

    def clean_username(self):
        return self.cleaned_data["username"].strip().lower()


class _GroupOrganizationField(forms.ModelChoiceField):
    def __init__(self, *, group: WorkingGroup, **kwargs):
        super().__init__(
            queryset=group.organizations.all(),
            required=False,
            label=_("Represents"),
            empty_label=_("— no organization —"),
            **kwargs,
        )


class InvitationForm(forms.Form):
    email = forms.EmailField(label=_("Email"))
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _GroupOrganizationField(group=group)


class MembershipForm(forms.Form):
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)

    def __init__(self, *args, group: WorkingGroup, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"] = _GroupOrganizationField(group=group)


class SignupForm(forms.Form):
    display_name = forms.CharField(label=_("Your name"), max_length=150)
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    preferred_language = forms.ChoiceField(
        label=_("Language"), choices=Language.choices, initial=Language.RUSSIAN
    )
    browser_time_zone = BrowserTimeZoneField()

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("The two passwords differ."))
        elif first:
            try:
                password_validation.validate_password(first)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return cleaned


def _https_url_field(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"  # Django 6's default; no deprecation warning now
    return field.formfield(**kwargs)


class OrganizationDetailsForm(forms.ModelForm):
    """The details officials' letters print in the sender block."""

    class Meta:
        model = Organization
        formfield_callback = _https_url_field
        fields = [
            "legal_name",
            "postal_address",
            "phone",
            "email",
            "registration_numbers",
            "city",
            "region",
            "website",
        ]


class TimeZoneForm(forms.Form):
    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        help_text=_(
            "Every date and time on the site is shown in it. Legal deadlines stay in Moscow time."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].choices = time_zone_choices()

"""Nothing irreversible on one click: an action that cannot be taken back (restore a version,
approve, withdraw, archive, remove a member, revoke an invitation, unpublish) runs only when its
POST carries `confirm=1`.

A POST without it changes nothing and answers with a page that says in plain words what will
happen and offers the confirming form (so the guard works without JavaScript). With JavaScript,
frontend/src/confirm.js opens a `<dialog>` with the same words before the form leaves and adds
the field when the person confirms. The words are written once, as a `Confirmation` registered
under the action's name by the app that owns the action; templates put them on the form with
`{% confirm_attrs "name" object %}` (accord/templatetags/accord_forms.py), views answer with
`confirmation_page(...)`."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

CONFIRM_FIELD = "confirm"
# Fields a confirmation page never carries over into its own form.
_NOT_CARRIED = {"csrfmiddlewaretoken", CONFIRM_FIELD}


@dataclass(frozen=True)
class Confirmation:
    title: str  # a question: «Restore version 3?»
    text: str  # what will happen, and what will not
    button: str  # the confirming button's words: «Restore version 3»
    cancel: str = _("Cancel")


_registry: dict[str, Callable[[Any], Confirmation]] = {}


def confirmation(name: str):
    """Registers the function that words the confirmation of the action `name` for an object."""

    def register(describe: Callable[[Any], Confirmation]):
        _registry[name] = describe
        return describe

    return register


def describe(name: str, subject: Any = None) -> Confirmation:
    return _registry[name](subject)


def is_confirmed(request: HttpRequest) -> bool:
    return request.POST.get(CONFIRM_FIELD) == "1"


def confirmation_page(
    request: HttpRequest, *, name: str, subject: Any = None, cancel_url: str
) -> HttpResponse:
    """The page shown for an unconfirmed POST: the words of `name`, the same form (every field
    the POST carried, as hidden inputs) with `confirm=1`, and a way back."""
    carried = [
        (key, value)
        for key in request.POST
        if key not in _NOT_CARRIED
        for value in request.POST.getlist(key)
    ]
    return render(
        request,
        "accord/confirm.html",
        {
            "confirmation": describe(name, subject),
            "action": request.get_full_path(),
            "carried": carried,
            "cancel_url": cancel_url,
            "confirm_field": CONFIRM_FIELD,
        },
    )

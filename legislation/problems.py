"""Problems of a proposed wording as people read them: a label and an explanation per kind.

The core (`amend`, `references`, `proposal_acts`) reports `{"kind", "unit", "text"}` with a
stable `kind` (the API's JSON keeps it); pages show `shown(problems)`, which adds `label` and
`detail` in the reader's language. For a broken reference the detail is the reference as
written; for the other kinds it explains what happened.
"""

from django.utils.translation import gettext_lazy as _

BROKEN_REFERENCE = "broken_reference"

LABELS = {
    BROKEN_REFERENCE: _("Broken reference"),
    "renumbered": _("Number already taken"),
    "reordered": _("Units out of order"),
    "outside_structure": _("Text outside the act's structure"),
    "no_changes": _("No changes"),
    "not_a_law": _("Not the structure of a law"),
}
DETAILS = {
    "renumbered": _(
        "this number is already taken in the act: a new unit takes the next free number "
        "of the «N.1» form"
    ),
    "reordered": _("the units are not in the order of the act"),
    "outside_structure": _(
        "the text before the first heading (the act's name, its preamble) changed: it is not "
        "put in the bill"
    ),
    "no_changes": _("the proposed wording equals the current wording"),
    "not_a_law": _("no article heading («Статья 1. …») is left in the proposed wording"),
}
OTHER = _("Problem")


def label(kind: str) -> str:
    return str(LABELS.get(kind, OTHER))


def shown(problems) -> list[dict]:
    """`problems` with `label` and `detail` for a page; broken references first."""
    out = []
    for problem in problems:
        kind = problem.get("kind", "")
        detail = DETAILS.get(kind)
        out.append(
            {
                **problem,
                "label": label(kind),
                "detail": str(detail) if detail is not None else problem.get("text", ""),
                "quoted": detail is None,
            }
        )
    return sorted(out, key=lambda p: p["kind"] != BROKEN_REFERENCE)

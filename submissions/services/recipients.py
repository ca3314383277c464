"""Every write about a group's recipients (create, update, archive, CSV import) and their reads.

The CSV columns are the model's field names (`CSV_FIELDS`); an export imports back unchanged.
"""

import csv
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.template.defaultfilters import filesizeformat
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accord.models import User, WorkingGroup
from accord.services import audit_record
from submissions.csvutil import needs_formula_guard
from submissions.models import Gender, Recipient, RecipientKind

CSV_FIELDS = (
    "kind",
    "surname",
    "given_name",
    "patronymic",
    "surname_dative",
    "gender",
    "position",
    "position_dative",
    "body",
    "postal_address",
    "email",
    "ereception_url",
    "salutation",
    "notes",
)
REQUIRED_CSV_FIELDS = tuple(
    name
    for name in CSV_FIELDS
    if not Recipient._meta.get_field(name).blank
    and not Recipient._meta.get_field(name).has_default()
)
# A recipient is the same person in the same position: the import updates it instead of adding.
UPSERT_KEY = ("surname", "given_name", "patronymic", "position")
# The import reports at most this many problems; a file that bad needs fixing as a whole.
MAX_REPORTED_ERRORS = 50
# Short spellings people type in spreadsheets, beside the values and the labels of the choices.
_GENDER_ALIASES = {"м": Gender.MALE, "муж": Gender.MALE, "ж": Gender.FEMALE, "жен": Gender.FEMALE}


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


def recipient_list(
    *, group: WorkingGroup, kind: str = "", query: str = "", archived: bool = False
) -> QuerySet[Recipient]:
    """The group's recipients, active or archived, of one kind or all, matching `query` by name,
    position or body."""
    recipients = Recipient.objects.filter(group=group, archived=archived)
    if kind:
        recipients = recipients.filter(kind=kind)
    query = " ".join(query.split())
    if query:
        # SQLite's LIKE folds the case of ASCII letters only, so Cyrillic spellings are tried
        # in the usual cases; PostgreSQL's ILIKE matches them all anyway.
        condition = Q()
        for variant in {query, query.lower(), query.capitalize(), query.upper()}:
            for field in ("surname", "given_name", "patronymic", "position", "body"):
                condition |= Q(**{f"{field}__icontains": variant})
        recipients = recipients.filter(condition)
    return recipients


def recipients_csv_rows(group: WorkingGroup, *, include_archived: bool = False) -> list[list[str]]:
    """One row per recipient in the order of `CSV_FIELDS`, ready for `csv_response`."""
    recipients = Recipient.objects.filter(group=group)
    if not include_archived:
        recipients = recipients.filter(archived=False)
    return [list(row) for row in recipients.values_list(*CSV_FIELDS)]


@transaction.atomic
def recipient_create(
    *,
    group: WorkingGroup,
    actor: User | None,
    kind: str,
    surname: str,
    given_name: str,
    surname_dative: str,
    position: str,
    position_dative: str,
    patronymic: str = "",
    gender: str = Gender.MALE,
    body: str = "",
    postal_address: str = "",
    email: str = "",
    ereception_url: str = "",
    salutation: str = "",
    notes: str = "",
) -> Recipient:
    """Add a recipient to the group's directory (audited). Raises ValidationError."""
    recipient = Recipient(
        group=group,
        kind=kind,
        surname=surname,
        given_name=given_name,
        patronymic=patronymic,
        surname_dative=surname_dative,
        gender=gender,
        position=position,
        position_dative=position_dative,
        body=body,
        postal_address=postal_address,
        email=email,
        ereception_url=ereception_url,
        salutation=salutation,
        notes=notes,
    )
    recipient.full_clean()
    recipient.save()
    audit_record(
        group=group,
        actor=actor,
        action="recipient.created",
        summary=str(recipient),
        details={"recipient": recipient.pk},
    )
    return recipient


@transaction.atomic
def recipient_update(*, recipient: Recipient, actor: User | None, **changes: str) -> Recipient:
    """Change any of `CSV_FIELDS` (audited when something changed). Locks the recipient's row
    and compares with its stored values, so a form that already touched the instance is fine."""
    unknown = set(changes) - set(CSV_FIELDS)
    if unknown:
        raise TypeError(f"recipient_update() got unknown fields: {sorted(unknown)}")
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    changed = [name for name, value in changes.items() if getattr(recipient, name) != value]
    if not changed:
        return recipient
    for name in changed:
        setattr(recipient, name, changes[name])
    recipient.updated_at = timezone.now()
    recipient.full_clean()
    recipient.save(update_fields=[*changed, "updated_at"])
    audit_record(
        group=recipient.group,
        actor=actor,
        action="recipient.changed",
        summary=str(recipient),
        details={"recipient": recipient.pk, "fields": changed},
    )
    return recipient


@transaction.atomic
def recipient_archive(
    *, recipient: Recipient, actor: User | None, archived: bool = True
) -> Recipient:
    """Archive or restore a recipient (audited); archived ones leave the directory's list but
    keep their submissions. Locks the recipient's row."""
    recipient = Recipient.objects.select_for_update().get(pk=recipient.pk)
    if recipient.archived == archived:
        return recipient
    recipient.archived = archived
    recipient.updated_at = timezone.now()
    recipient.save(update_fields=["archived", "updated_at"])
    audit_record(
        group=recipient.group,
        actor=actor,
        action="recipient.archived" if archived else "recipient.restored",
        summary=str(recipient),
        details={"recipient": recipient.pk},
    )
    return recipient


@transaction.atomic
def recipients_import_csv(*, group: WorkingGroup, actor: User | None, data: bytes) -> ImportResult:
    """Create or update the group's recipients from a CSV file, all rows or none (audited).

    A row updates the recipient with the same surname, given name, patronymic and position.
    Raises ValidationError listing every problem by line. Locks the group's row, so that two
    imports into one group run one after the other.
    """
    rows = _parse_csv(data)
    WorkingGroup.objects.select_for_update().filter(pk=group.pk).first()
    existing = {
        tuple(getattr(recipient, name) for name in UPSERT_KEY): recipient
        for recipient in Recipient.objects.filter(group=group)
    }
    errors: list[str] = []
    first_lines: dict[tuple, int] = {}
    to_create: list[Recipient] = []
    to_update: list[tuple[Recipient, list[str]]] = []
    unchanged = 0
    for line, values in rows:
        row_errors, bad_choices = _normalize_choices(line, values)
        key = tuple(values.get(name, "") for name in UPSERT_KEY)
        if key in first_lines:
            row_errors.append(
                _("Line %(line)s repeats the recipient of line %(first)s.")
                % {"line": line, "first": first_lines[key]}
            )
        first_lines.setdefault(key, line)
        recipient = existing.get(key)
        if recipient is None:
            recipient = Recipient(group=group, **values)
            changed = None
        else:
            changed = [name for name, value in values.items() if getattr(recipient, name) != value]
            for name in changed:
                setattr(recipient, name, values[name])
        try:
            # Uniqueness is settled above by the key, without a query per row.
            recipient.full_clean(
                exclude=bad_choices, validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            row_errors += _row_errors(line, error)
        errors += row_errors
        if row_errors:
            continue
        if changed is None:
            to_create.append(recipient)
        elif changed:
            to_update.append((recipient, changed))
        else:
            unchanged += 1
    if errors:
        raise ValidationError(_limited(errors))
    now = timezone.now()
    for recipient in to_create:
        recipient.created_at = recipient.updated_at = now
    Recipient.objects.bulk_create(to_create)
    for recipient, changed in to_update:
        recipient.updated_at = now
        recipient.save(update_fields=[*changed, "updated_at"])
    result = ImportResult(created=len(to_create), updated=len(to_update), unchanged=unchanged)
    if to_create or to_update:
        audit_record(
            group=group,
            actor=actor,
            action="recipients.imported",
            summary=f"CSV: +{result.created}, ~{result.updated}",
            details={
                "created": [recipient.pk for recipient in to_create],
                "updated": [recipient.pk for recipient, _changed in to_update],
            },
        )
    return result


def _parse_csv(data: bytes) -> list[tuple[int, dict[str, str]]]:
    """The file's data rows as (line number, {column: stripped value}); blank rows skipped.

    Raises ValidationError for a file too large, not UTF-8, without a usable header, or with
    rows of the wrong width.
    """
    limit = settings.ACCORD_MAX_RECIPIENTS_CSV_BYTES
    if len(data) > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s.") % {"limit": filesizeformat(limit)}
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(
            _("The file is not in UTF-8. Save it from your spreadsheet as «CSV UTF-8».")
        ) from None
    first_line = text.lstrip("\ufeff").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [cell.strip().lstrip("\ufeff").lower() for cell in next(reader)]
    except StopIteration:
        raise ValidationError(_("The file is empty.")) from None
    except csv.Error as error:
        raise ValidationError(_("Line 1: %(message)s") % {"message": error}) from None
    _check_header(header)
    rows = []
    errors = []
    line = reader.line_num
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            raise ValidationError(
                _("Line %(line)s: %(message)s") % {"line": start, "message": error}
            ) from None
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            errors.append(
                _("Line %(line)s has %(found)s cells, the header has %(expected)s.")
                % {"line": start, "found": len(cells), "expected": len(header)}
            )
            continue
        rows.append((start, dict(zip(header, map(_unescape_cell, cells), strict=True))))
    if errors:
        raise ValidationError(_limited(errors))
    if not rows:
        raise ValidationError(_("The file has a header but no recipients."))
    return rows


def _check_header(header: list[str]) -> None:
    errors = []
    unknown = [name for name in header if name not in CSV_FIELDS]
    if unknown:
        errors.append(
            _("Unknown columns: %(columns)s. The columns are: %(known)s.")
            % {
                "columns": ", ".join(f"«{name}»" for name in unknown),
                "known": ", ".join(CSV_FIELDS),
            }
        )
    repeated = sorted({name for name in header if header.count(name) > 1})
    if repeated:
        errors.append(_("Repeated columns: %(columns)s.") % {"columns": ", ".join(repeated)})
    missing = [name for name in REQUIRED_CSV_FIELDS if name not in header]
    if missing:
        errors.append(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    if errors:
        raise ValidationError(errors)


def _unescape_cell(value: str) -> str:
    """Undo the apostrophe an export put before a formula-like cell, so that a round trip is
    exact; the export adds it again."""
    value = value.strip()
    return value[1:] if value.startswith("'") and needs_formula_guard(value[1:]) else value


def _normalize_choices(line: int, values: dict[str, str]) -> tuple[list[str], list[str]]:
    """Turn the kind and gender cells into choice values, in place. Returns the messages and
    the columns they concern (so that validation does not report those twice)."""
    messages, columns = [], []
    for column, lookup in _choice_lookups().items():
        if column not in values:
            continue
        if not values[column] and column == "gender":
            values[column] = Gender.MALE
            continue
        value = lookup.get(values[column].casefold())
        if value is not None:
            values[column] = value
        elif values[column]:
            known = ", ".join(dict.fromkeys(lookup.values()))
            messages.append(
                _line_error(
                    line,
                    column,
                    _("«%(value)s» is not one of: %(choices)s.")
                    % {"value": values[column], "choices": known},
                )
            )
            columns.append(column)
    return messages, columns


def _choice_lookups() -> dict[str, dict[str, str]]:
    lookups = {"kind": _choice_lookup(RecipientKind), "gender": _choice_lookup(Gender)}
    lookups["gender"].update(_GENDER_ALIASES)
    return lookups


def _choice_lookup(choices) -> dict[str, str]:
    """Casefolded value, English label and Russian label → value."""
    lookup = {}
    for value, label in choices.choices:
        lookup[value.casefold()] = value
        for language in ("en", "ru"):
            with translation.override(language):
                lookup[str(label).casefold()] = value
    return lookup


def _line_error(line: int, column: str, message: str) -> str:
    return _("Line %(line)s, %(column)s: %(message)s") % {
        "line": line,
        "column": column,
        "message": message,
    }


def _row_errors(line: int, error: ValidationError) -> list[str]:
    if not hasattr(error, "error_dict"):
        return [
            _("Line %(line)s: %(message)s") % {"line": line, "message": message}
            for message in error.messages
        ]
    return [
        _line_error(line, column, message)
        if column in CSV_FIELDS
        else _("Line %(line)s: %(message)s") % {"line": line, "message": message}
        for column, messages in error.message_dict.items()
        for message in messages
    ]


def _limited(errors: list[str]) -> list[str]:
    if len(errors) <= MAX_REPORTED_ERRORS:
        return errors
    return [
        *errors[:MAX_REPORTED_ERRORS],
        _("… and %(count)s more problems.") % {"count": len(errors) - MAX_REPORTED_ERRORS},
    ]

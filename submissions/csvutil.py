"""CSV out: UTF-8 with a BOM (so Excel reads Unicode), cells safe from formula injection."""

import csv
import io
import re

from django.http import HttpResponse

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A Russian Excel splits a comma-separated file on «;» (its list separator), so a cell
# «A;=1+1» becomes two cells, the second a formula: every piece after a separator is checked.
_SEPARATORS = re.compile(r"[;,\t\r\n]")


def needs_formula_guard(text: str) -> bool:
    """Whether a spreadsheet could read `text`, or a piece cut at a separator, as a formula."""
    pieces = [text, *(piece.lstrip(" ") for piece in _SEPARATORS.split(text)[1:])]
    return any(piece.lstrip(" ").startswith(_FORMULA_STARTS) for piece in pieces)


def safe_cell(value) -> str:
    """A spreadsheet must not run a cell as a formula: «=HYPERLINK(…)», «A;=1+1» and a phone
    number «+7 …» alike get a leading apostrophe (OWASP's advice; the import removes it)."""
    text = "" if value is None else str(value)
    return f"'{text}" if needs_formula_guard(text) else text


def csv_response(*, filename: str, header: list[str], rows) -> HttpResponse:
    buffer = io.StringIO()
    # Every cell quoted: a reader splitting on «;» instead of «,» still sees whole cells.
    writer = csv.writer(buffer, quoting=csv.QUOTE_ALL)
    writer.writerow(header)
    for row in rows:
        writer.writerow([safe_cell(value) for value in row])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

"""Quotation marks of a bill: «…» outside, „…“ inside, and the Markdown escapes of quoted wording.

The rule is the one submissions/typography.py applies to a whole document (legislation may not
import submissions, so it is written here for the one case a bill needs): a passage put in
quotes has its own «…» turned into „…“, and a reader taking the passage back out (the clerk,
tests/legislation/applier.py) turns „…“ back into «…». Straight quotes are left as typed.
"""

import re

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]])")
_LINE_START = re.compile(r"^(\d+(?:\.\d+)*)([.)])", re.MULTILINE)
_LINE_START_MARK = re.compile(r"^([#>+-])", re.MULTILINE)


def nest(text: str) -> str:
    """The wording's own quotes one level down: «сеть «Интернет»» → «сеть „Интернет“»."""
    return text.replace("«", "„").replace("»", "“")


def unnest(text: str) -> str:
    return text.replace("„", "«").replace("“", "»")


def quote(text: str) -> str:
    """A word or phrase in a formula: «слова «…»» with the inner quotes nested."""
    return f"«{nest(text)}»"


def escape_markdown(text: str) -> str:
    """So that quoted wording renders as written: «1.» at a line start is no list, * no emphasis."""
    text = _MARKDOWN_SPECIAL.sub(r"\\\1", text)
    text = _LINE_START.sub(r"\1\\\2", text)
    return _LINE_START_MARK.sub(r"\\\1", text)


def quote_block(lines: list[str]) -> str:
    """A unit's new wording, one paragraph a line: «3. …\\n\\n4. …» (Markdown paragraphs)."""
    return "«" + "\n\n".join(escape_markdown(nest(line)) for line in lines) + "»"

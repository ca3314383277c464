"""Quotation marks as Russian documents nest them: «…» outside, „…“ inside («…„…“…»).

Members type «» for every level (or straight "…"); bills quote whole articles that quote names
(«Статья 24.1. … в сети „Интернет“ …»). `nest_quotes` reads the quotes as pairs across the
whole text (a quoted article runs over several paragraphs) and writes «» at the outer level and
„“ at every inner one. `nest_quotes_html` does the same to the text of sanitized HTML, leaving
tags, attributes and code alone. An unmatched closing mark is left as it was typed.
"""

import re

_OPENING = "«„"
_CLOSING = "»"
# “ closes „ in Russian typography but opens in English: read, like a straight quote, by the
# level and the character before it.
_AMBIGUOUS = "“"
_ENGLISH_CLOSING = "”"
# A straight quote opens after these (or at the start), and closes otherwise.
_BEFORE_OPENING = set(" \t\n\r\xa0([{«„“—–-/")


class _Nester:
    def __init__(self):
        self.depth = 0

    def mark(self, opening: bool) -> str:
        if opening:
            self.depth += 1
            return "«" if self.depth == 1 else "„"
        self.depth -= 1
        return "»" if self.depth == 0 else "“"

    def text(self, text: str, previous: str = "") -> str:
        out = []
        for char in text:
            if char in _OPENING:
                out.append(self.mark(opening=True))
            elif char in _CLOSING or char == _ENGLISH_CLOSING:
                out.append(self.mark(opening=False) if self.depth else char)
            elif char in ('"', _AMBIGUOUS):
                opening = not self.depth or not previous or previous in _BEFORE_OPENING
                out.append(self.mark(opening=opening))
            else:
                out.append(char)
            previous = char
        return "".join(out)


def nest_quotes(text: str) -> str:
    """«a «b» c» → «a „b“ c»; "a" → «a»; levels below the second stay „“."""
    return _Nester().text(text)


_TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")
_VERBATIM = ("code", "pre", "kbd", "samp")


def nest_quotes_html(html: str) -> str:
    """The same in the text of HTML: tags and attributes untouched, code kept as written."""
    nester = _Nester()
    out = []
    position = 0
    verbatim = 0
    previous = ""
    for match in _TAG.finditer(html):
        text = html[position : match.start()]
        if text:
            out.append(text if verbatim else nester.text(text, previous))
            previous = text[-1]
        tag = match.group(0)
        name = re.match(r"</?\s*([a-zA-Z0-9]+)", tag)
        if name and name.group(1).lower() in _VERBATIM:
            verbatim += -1 if tag.startswith("</") else 1
            verbatim = max(verbatim, 0)
        if name and name.group(1).lower() in ("p", "li", "br", "td", "th", "div"):
            previous = " "  # a new block or line: a straight quote here opens
        out.append(tag)
        position = match.end()
    rest = html[position:]
    out.append(rest if verbatim else nester.text(rest, previous))
    return "".join(out)

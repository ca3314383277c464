"""An act's text from a paste or an uploaded .txt, .docx or .html file, and its preview tree.

Pure Python apart from python-docx: the text is one paragraph a line, as the parser reads it.
"""

import html
import io
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from legislation.structure import address_text, parse

_BLOCKS = {
    "p",
    "div",
    "li",
    "br",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "pre",
    "blockquote",
    "dd",
    "dt",
}
_SKIP = {"script", "style", "head", "title", "noscript", "template", "svg"}


class UnreadableFile(ValueError):
    pass


class _TextOfHtml(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(self.skipping - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def normalize(text: str) -> str:
    """One paragraph a line, spaces collapsed, a blank line before every heading."""
    lines = []
    for raw in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        line = re.sub(r"[ \t\xa0\u2002\u2003\u2009]+", " ", raw).strip()
        if line:
            lines.append(line)
    out = []
    for index, line in enumerate(lines):
        if index and re.match(r"^(Статья|Глава|ГЛАВА|Раздел|РАЗДЕЛ)\s+[\dIVXLCDM]", line):
            out.append("")
        out.append(line)
    return "\n".join(out) + "\n" if out else ""


def text_from_upload(name: str, content: bytes) -> str:
    """The normalized text of an uploaded file; raises UnreadableFile."""
    lowered = name.lower()
    try:
        if lowered.endswith(".docx"):
            import docx

            document = docx.Document(io.BytesIO(content))
            return normalize("\n".join(paragraph.text for paragraph in document.paragraphs))
        raw = _decode(content)
        if lowered.endswith((".html", ".htm")):
            reader = _TextOfHtml()
            reader.feed(raw)
            return normalize(html.unescape("".join(reader.parts)))
        if lowered.endswith(".txt"):
            return normalize(raw)
    except (ValueError, KeyError, OSError) as error:
        raise UnreadableFile(str(error)) from error
    except Exception as error:  # python-docx raises its own errors for a damaged file
        if type(error).__module__.startswith(("docx", "zipfile", "lxml")):
            raise UnreadableFile(str(error)) from error
        raise
    raise UnreadableFile("only .txt, .docx and .html files can be read")


def _decode(content: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return content.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnreadableFile("the file is neither UTF-8 nor Windows-1251 text")


@dataclass(frozen=True)
class PreviewRow:
    depth: int
    kind: str  # "" for a line outside the structure (the preamble)
    address: str
    text: str
    recognized: bool
    repealed: bool = False


def preview(text: str) -> list[PreviewRow]:
    """The tree as it will be saved, every line that is not a recognized unit marked."""
    law = parse(text)
    rows = [
        PreviewRow(0, "", "", line.strip(), False)
        for line in law.preamble.splitlines()
        if line.strip()
    ]
    for unit in law.root.walk():
        if not unit.kind:
            continue
        depth = 0
        parent = unit.parent
        while parent is not None and parent.kind:
            depth += 1
            parent = parent.parent
        rows.append(
            PreviewRow(
                depth,
                unit.kind,
                address_text(unit.address),
                unit.line.strip(),
                unit.recognized,
                unit.repealed,
            )
        )
    return rows

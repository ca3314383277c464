"""A small HTML tree from the standard library's HTMLParser, its inline content flattened into
formatted text segments, and its tables placed on a grid."""

import re
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

from submissions.render.docx.ooxml import _clean, _names

SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})


_HTML_SPACE = re.compile("[ \t\n\r\f]+")
_MAX_DEPTH = 40  # deeper HTML is written as plain text: no recursion limit, nothing lost
_MAX_COLUMNS = 40


# --- A small HTML tree -------------------------------------------------------------------------


@dataclass
class _Node:
    tag: str
    attrs: dict[str, str] = field(default_factory=dict)
    children: list = field(default_factory=list)  # _Node | str

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())


_VOID = frozenset(_names("area base br col embed hr img input link meta param source track wbr"))


class _TreeBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = _Node("root")
        self._open = [self.root]

    def handle_starttag(self, tag, attrs):
        node = _Node(tag, {name: value or "" for name, value in attrs})
        self._open[-1].children.append(node)
        if tag not in _VOID:
            self._open.append(node)

    def handle_startendtag(self, tag, attrs):
        self._open[-1].children.append(_Node(tag, {name: value or "" for name, value in attrs}))

    def handle_endtag(self, tag):
        for index in range(len(self._open) - 1, 0, -1):
            if self._open[index].tag == tag:
                del self._open[index:]
                return

    def handle_data(self, data):
        self._open[-1].children.append(data)


def _parse(html: str) -> _Node:
    builder = _TreeBuilder()
    builder.feed(html or "")
    builder.close()
    return builder.root


def _raw_text(node: _Node) -> str:
    """All text below `node` in order, line breaks for <br>; iterative, for any depth."""
    pieces, stack = [], [node]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            pieces.append(item)
        elif item.tag == "br":
            pieces.append("\n")
        else:
            stack.extend(reversed(item.children))
    return "".join(pieces)


# --- Inline content: runs ------------------------------------------------------------------------


@dataclass(frozen=True)
class _Fmt:
    bold: bool = False
    italic: bool = False
    underline: bool = False
    strike: bool = False
    mono: bool = False
    superscript: bool = False
    subscript: bool = False
    highlight: bool = False
    href: str = ""


_INLINE_FORMATS = {
    **{tag: {"bold": True} for tag in ("b", "strong")},
    **{tag: {"italic": True} for tag in ("i", "em", "cite", "dfn", "var")},
    "u": {"underline": True},
    "ins": {"bold": True},  # the comparison table's new words (submissions.bill.highlighted)
    **{tag: {"strike": True} for tag in ("s", "del", "strike")},
    **{tag: {"mono": True} for tag in ("code", "kbd", "samp", "tt")},
    "sup": {"superscript": True, "subscript": False},
    "sub": {"subscript": True, "superscript": False},
    "mark": {"highlight": True},
}
_INLINE = frozenset(_INLINE_FORMATS) | frozenset(
    _names("a abbr bdi bdo big br data font img label q small span time wbr")
)


def _safe_url(href: str) -> str:
    """The link if its scheme is allowed (the HTML is sanitized already; this is a second lock)."""
    href = _clean(href).strip()
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:
        return ""
    return href if scheme in SAFE_SCHEMES else ""


def _url_shown(url: str) -> str:
    for prefix in ("mailto:", "tel:"):
        if url.lower().startswith(prefix):
            return url[len(prefix) :]
    return url


def _segments(nodes, fmt: _Fmt, out: list, depth: int = 0) -> list:
    """Flatten inline content into (text, format) pairs; text None is a line break."""
    for node in nodes:
        if isinstance(node, str):
            out.append((node, fmt))
        elif depth > _MAX_DEPTH:
            out.append((_raw_text(node), fmt))
        elif node.tag == "br":
            out.append((None, fmt))
        elif node.tag == "a":
            _link_segments(node, fmt, out, depth)
        elif node.tag == "q":
            out.append(("«", fmt))
            _segments(node.children, fmt, out, depth + 1)
            out.append(("»", fmt))
        elif node.tag in _INLINE_FORMATS:
            _segments(node.children, replace(fmt, **_INLINE_FORMATS[node.tag]), out, depth + 1)
        elif node.tag in _INLINE:
            _segments(node.children, fmt, out, depth + 1)
        else:  # a block inside inline content: keep its text, apart from its neighbours
            out.append((" ", fmt))
            _segments(node.children, fmt, out, depth + 1)
            out.append((" ", fmt))
    return out


def _link_segments(node: _Node, fmt: _Fmt, out: list, depth: int) -> None:
    text = " ".join(_raw_text(node).split())
    if "footnote-backref" in node.classes and text == "↩":
        return  # the footnote's way back: meaningless on paper
    url = _safe_url(node.attrs.get("href", ""))
    if not url:  # in-page anchors (footnote references) and anything refused: the text only
        _segments(node.children, fmt, out, depth + 1)
        return
    _segments(node.children, replace(fmt, href=url), out, depth + 1)
    shown = _url_shown(url)
    if text not in (url, shown):
        out.append((f" ({shown})", fmt))


def _normalized(segments: list) -> list:
    """HTML whitespace rules: runs of spaces collapse, none at the start or end of a line."""
    out: list[list] = []
    line_start = True
    for text, fmt in segments:
        if text is None:
            _strip_end(out)
            out.append([None, fmt])
            line_start = True
            continue
        text = _HTML_SPACE.sub(" ", _clean(text))
        if line_start or (out[-1][0] or "").endswith(" "):
            text = text.lstrip(" ")
        if text:
            out.append([text, fmt])
            line_start = False
    _strip_end(out, chars=" \xa0")
    return out


def _strip_end(out: list, chars: str = " ") -> None:
    while out and out[-1][0] is not None:
        stripped = out[-1][0].rstrip(chars)
        if stripped:
            out[-1][0] = stripped
            return
        out.pop()


# --- Tables ------------------------------------------------------------------------------------


def _table_rows(node: _Node):
    """(caption, rows of cell nodes, number of header rows, content found outside the cells)."""
    caption, rows, stray = None, [], []
    header_rows = 0

    def add_row(tr: _Node) -> None:
        cells = []
        for child in tr.children:
            if isinstance(child, str):
                if child.strip():
                    cells.append(_Node("td", {}, [child]))
            elif child.tag in ("td", "th"):
                cells.append(child)
            else:
                cells.append(_Node("td", {}, [child]))
        rows.append(cells)

    for child in node.children:
        if isinstance(child, str):
            if child.strip():
                stray.append(child)
        elif child.tag == "caption":
            caption = child
        elif child.tag in ("thead", "tbody", "tfoot"):
            for row in child.children:
                if isinstance(row, _Node) and row.tag == "tr":
                    add_row(row)
                    header_rows += child.tag == "thead"
                elif isinstance(row, _Node) or row.strip():
                    stray.append(row)
        elif child.tag == "tr":
            add_row(child)
        elif child.tag not in ("colgroup", "col"):
            stray.append(child)
    rows = [row for row in rows if row] or []
    if not header_rows:
        for row in rows:
            if not all(cell.tag == "th" for cell in row):
                break
            header_rows += 1
    return caption, rows, min(header_rows, len(rows)), stray


def _span(node: _Node, name: str, limit: int) -> int:
    try:
        value = int(node.attrs.get(name, "1"))
    except ValueError:
        value = 1
    if value <= 0:  # rowspan="0": to the end of the table
        value = limit
    return max(1, min(value, limit))


def _grid(rows):
    """Place cells with their spans: [(row, column, row span, column span, node)], columns."""
    taken: set[tuple[int, int]] = set()
    placements = []
    for row_index, row in enumerate(rows):
        column = 0
        for cell in row:
            while (row_index, column) in taken:
                column += 1
            row_span = _span(cell, "rowspan", len(rows) - row_index)
            col_span = _span(cell, "colspan", _MAX_COLUMNS)
            for dr in range(row_span):
                for dc in range(col_span):
                    taken.add((row_index + dr, column + dc))
            placements.append((row_index, column, row_span, col_span, cell))
            column += col_span
    columns = max((column + 1 for _, column in taken), default=0)
    return placements, columns

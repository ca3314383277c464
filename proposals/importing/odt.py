"""OpenDocument text (.odt) into Markdown: content.xml read with a safe parser."""

import re

from django.utils.translation import gettext as _

from proposals.importing.archive import (
    ImportRefused,
    ImportResult,
    open_package,
    parse_xml,
    read_member,
)
from proposals.importing.markdown import Blocks, Inline

TEXT = "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
TABLE = "urn:oasis:names:tc:opendocument:xmlns:table:1.0"
STYLE = "urn:oasis:names:tc:opendocument:xmlns:style:1.0"
FO = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
DRAW = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
OFFICE = "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
XLINK = "http://www.w3.org/1999/xlink"
DC = "http://purl.org/dc/elements/1.1/"


def _t(name: str) -> str:
    return f"{{{TEXT}}}{name}"


class _Reader:
    def __init__(self, content, styles) -> None:
        self.result = ImportResult(markdown="")
        self.blocks = Blocks()
        self.footnotes: list[str] = []
        self.text_styles: dict[str, tuple[bool, bool]] = {}
        self.paragraph_styles: dict[str, str] = {}  # automatic style → its parent style
        self.list_styles: dict[str, dict[int, bool]] = {}
        self.outline_levels: dict[str, int] = {}  # "Heading 2" and the like → 2
        for root in (styles, content):
            if root is not None:
                self._read_styles(root)

    def _read_styles(self, root) -> None:
        for style in root.iter(f"{{{STYLE}}}style"):
            name = style.get(f"{{{STYLE}}}name", "")
            props = style.find(f"{{{STYLE}}}text-properties")
            if props is not None:
                self.text_styles[name] = (
                    props.get(f"{{{FO}}}font-weight", "") in ("bold", "600", "700", "800", "900"),
                    props.get(f"{{{FO}}}font-style", "") in ("italic", "oblique"),
                )
            level = style.get(f"{{{STYLE}}}default-outline-level", "")
            if level.isdigit() and 1 <= int(level) <= 6:
                self.outline_levels[name] = int(level)
            parent = style.get(f"{{{STYLE}}}parent-style-name")
            if parent:
                self.paragraph_styles[name] = parent
        for list_style in root.iter(_t("list-style")):
            levels = {}
            for level in list_style:
                depth = int(level.get(_t("level"), "1")) - 1
                levels[depth] = level.tag == _t("list-level-style-number")
            self.list_styles[list_style.get(f"{{{STYLE}}}name", "")] = levels

    def format_of(self, name: str) -> tuple[bool, bool]:
        seen = set()
        while name and name not in seen:
            seen.add(name)
            if name in self.text_styles:
                return self.text_styles[name]
            name = self.paragraph_styles.get(name, "")
        return False, False

    def inline(self, node, inline: Inline, bold: bool = False, italic: bool = False) -> None:
        if node.text:
            inline.text(node.text, bold=bold, italic=italic)
        for child in node:
            tag = child.tag
            if tag == _t("span"):
                own_bold, own_italic = self.format_of(child.get(_t("style-name"), ""))
                self.inline(child, inline, bold or own_bold, italic or own_italic)
            elif tag == _t("a"):
                inner = Inline()
                self.inline(child, inner, bold, italic)
                target = child.get(f"{{{XLINK}}}href", "")
                text = inner.markdown()
                if target.startswith(("http://", "https://", "mailto:")) and text:
                    inline.raw(f"[{text}]({target.replace(')', '%29').replace(' ', '%20')})")
                else:
                    inline.raw(text)
            elif tag in (_t("s"), _t("tab"), _t("line-break")):
                inline.text(" ")
            elif tag == _t("note"):
                body = child.find(_t("note-body"))
                if child.get(_t("note-class"), "footnote") == "footnote" and body is not None:
                    inner = Inline()
                    for paragraph in body.iter(_t("p")):
                        self.inline(paragraph, inner)
                        inner.text(" ")
                    self.footnotes.append(inner.markdown() or "…")
                    inline.raw(f"[^{len(self.footnotes)}]")
            elif tag == f"{{{DRAW}}}frame":
                self.result.drop("images")
            elif tag == f"{{{OFFICE}}}annotation":
                self.result.drop("comments")
            elif tag == f"{{{OFFICE}}}annotation-end":
                pass
            else:
                self.inline(child, inline, bold, italic)
            if child.tail:
                inline.text(child.tail, bold=bold, italic=italic)

    def body(self, node, list_depth: int = -1, list_style: str = "") -> None:
        for child in node:
            tag = child.tag
            if tag == _t("h"):
                inline = Inline()
                self.inline(child, inline)
                self.blocks.heading(
                    int(child.get(_t("outline-level"), "1")), inline.markdown(marks=False)
                )
            elif tag == _t("p"):
                self.paragraph(child)
            elif tag == _t("list"):
                style = child.get(_t("style-name"), list_style)
                depth = list_depth + 1
                for item in child:
                    if item.tag in (_t("list-item"), _t("list-header")):
                        self.list_item(item, depth, style)
            elif tag == f"{{{TABLE}}}table":
                self.blocks.table(self.table(child))
            elif tag in (_t("section"), _t("soft-page-break")):
                self.body(child, list_depth, list_style)

    def list_item(self, item, depth: int, style: str) -> None:
        ordered = self.list_styles.get(style, {}).get(depth, False)
        for child in item:
            if child.tag in (_t("p"), _t("h")):
                inline = Inline()
                self.inline(child, inline)
                self.blocks.list_item(inline.markdown(), level=depth, ordered=ordered)
            elif child.tag == _t("list"):
                self._nested(child, depth, style)

    def _nested(self, node, depth: int, style: str) -> None:
        style = node.get(_t("style-name"), style)
        for item in node:
            if item.tag in (_t("list-item"), _t("list-header")):
                self.list_item(item, depth + 1, style)

    def heading_level(self, name: str) -> int:
        """The level of a paragraph style that is a heading style, or whose parent is one: 0 if
        none. LibreOffice writes the first heading of a page this way, as a text:p."""
        seen = set()
        while name and name not in seen:
            seen.add(name)
            if name in self.outline_levels:
                return self.outline_levels[name]
            match = re.fullmatch(r"Heading_20_([1-6])", name)
            if match:
                return int(match.group(1))
            name = self.paragraph_styles.get(name, "")
        return 0

    def paragraph(self, paragraph) -> None:
        level = self.heading_level(paragraph.get(_t("style-name"), ""))
        if level:
            inline = Inline()
            self.inline(paragraph, inline)
            if inline.plain().strip():
                self.blocks.heading(level, inline.markdown(marks=False))
                return
        base_bold, base_italic = self.format_of(paragraph.get(_t("style-name"), ""))
        inline = Inline()
        self.inline(paragraph, inline, base_bold, base_italic)
        plain = inline.plain()
        if inline.all_bold() and len(plain) <= 120 and not plain.endswith((".", ":", ";", ",")):
            level = self.blocks.last_heading + 1 if self.blocks.last_heading else 2
            self.blocks.heading(level, inline.markdown(marks=False), styled=False)
            return
        self.blocks.paragraph(inline.markdown())

    def table(self, table) -> list[list[str]]:
        rows = []
        for row in table.iter(f"{{{TABLE}}}table-row"):
            cells = []
            for cell in row:
                if cell.tag == f"{{{TABLE}}}covered-table-cell":
                    cells.append("")
                    continue
                if cell.tag != f"{{{TABLE}}}table-cell":
                    continue
                texts = []
                for paragraph in cell.iter(_t("p"), _t("h")):
                    inline = Inline()
                    self.inline(paragraph, inline)
                    if inline.markdown():
                        texts.append(inline.markdown())
                cells.append("<br>".join(texts))
                repeat = int(cell.get(f"{{{TABLE}}}number-columns-repeated", "1"))
                cells.extend([""] * (max(1, min(repeat, 64)) - 1))
            rows.append(cells)
        return rows


def odt_markdown(data: bytes) -> ImportResult:
    package = open_package(data, kind="LibreOffice")
    content_data = read_member(package, "content.xml")
    if content_data is None:
        raise ImportRefused(
            _("The file is damaged or not a %(kind)s document.") % {"kind": "LibreOffice"}
        )
    content = parse_xml(content_data)
    styles_data = read_member(package, "styles.xml")
    reader = _Reader(content, parse_xml(styles_data) if styles_data else None)
    text = content.find(f"{{{OFFICE}}}body/{{{OFFICE}}}text")
    if text is not None:
        reader.body(text)
    result = reader.result
    result.markdown = reader.blocks.markdown(reader.footnotes)
    meta = read_member(package, "meta.xml")
    if meta:
        title = parse_xml(meta).find(f".//{{{DC}}}title")
        result.title = (title.text or "").strip() if title is not None else ""
    if not result.title:
        first = next((text for kind, text in reader.blocks.blocks if kind == "heading"), "")
        result.title = first.lstrip("#").strip().replace("\\", "")
    return result

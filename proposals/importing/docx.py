"""Word (.docx) into Markdown: WordprocessingML read part by part with a safe parser."""

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

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DC = "http://purl.org/dc/elements/1.1/"
_HEADING = re.compile(r"^(?:heading|заголовок)\s*(\d)$", re.IGNORECASE)
_BOLD_HEADING_MAX = 120


def _w(name: str) -> str:
    return f"{{{W}}}{name}"


def _on(element) -> bool:
    """A toggle property (w:b, w:i) is on unless its value says off."""
    return element is not None and element.get(_w("val"), "true").lower() not in (
        "0",
        "false",
        "off",
    )


class _Reader:
    def __init__(self, package) -> None:
        self.result = ImportResult(markdown="")
        self.blocks = Blocks()
        self.footnotes: list[str] = []
        self.styles = self._styles(read_member(package, "word/styles.xml"))
        self.numbering = self._numbering(read_member(package, "word/numbering.xml"))
        self.links = self._links(read_member(package, "word/_rels/document.xml.rels"))
        self.notes = self._notes(read_member(package, "word/footnotes.xml"))

    def _styles(self, data) -> dict[str, tuple[str, str | None]]:
        """style id → (name, based-on id)."""
        styles = {}
        if data:
            for style in parse_xml(data).iter(_w("style")):
                name = style.find(_w("name"))
                based = style.find(_w("basedOn"))
                styles[style.get(_w("styleId"), "")] = (
                    name.get(_w("val"), "") if name is not None else "",
                    based.get(_w("val")) if based is not None else None,
                )
        return styles

    def _numbering(self, data) -> dict[tuple[str, int], bool]:
        """(numId, level) → ordered."""
        if not data:
            return {}
        root = parse_xml(data)
        abstract = {}
        for node in root.iter(_w("abstractNum")):
            for lvl in node.iter(_w("lvl")):
                fmt = lvl.find(_w("numFmt"))
                value = fmt.get(_w("val"), "bullet") if fmt is not None else "bullet"
                abstract[(node.get(_w("abstractNumId")), int(lvl.get(_w("ilvl"), "0")))] = (
                    value
                    not in (
                        "bullet",
                        "none",
                    )
                )
        numbering = {}
        for num in root.iter(_w("num")):
            ref = num.find(_w("abstractNumId"))
            if ref is None:
                continue
            for (abstract_id, level), ordered in abstract.items():
                if abstract_id == ref.get(_w("val")):
                    numbering[(num.get(_w("numId")), level)] = ordered
        return numbering

    def _links(self, data) -> dict[str, str]:
        if not data:
            return {}
        return {
            rel.get("Id"): rel.get("Target", "")
            for rel in parse_xml(data).iter(f"{{{REL}}}Relationship")
            if rel.get("TargetMode") == "External"
        }

    def _notes(self, data) -> dict[str, object]:
        if not data:
            return {}
        return {
            note.get(_w("id")): note
            for note in parse_xml(data).iter(_w("footnote"))
            if note.get(_w("type")) in (None, "normal")
        }

    def style_name(self, style_id: str) -> str:
        return self.styles.get(style_id, (style_id, None))[0] or style_id

    def heading_level(self, style_id: str) -> int:
        seen = set()
        while style_id and style_id not in seen:
            seen.add(style_id)
            name = self.style_name(style_id)
            if name.lower() == "title":
                return 1
            match = _HEADING.match(name) or _HEADING.match(style_id)
            if match:
                return int(match.group(1))
            style_id = self.styles.get(style_id, ("", None))[1]
        return 0

    # Inline content

    def inline(self, paragraph, inline: Inline) -> None:
        for child in paragraph:
            tag = child.tag
            if tag == _w("r"):
                self.run(child, inline)
            elif tag == _w("hyperlink"):
                target = self.links.get(child.get(f"{{{R}}}id"), "")
                inner = Inline()
                for run in child.iter(_w("r")):
                    self.run(run, inner)
                text = inner.markdown()
                if target.startswith(("http://", "https://", "mailto:")) and text:
                    inline.raw(f"[{text}]({target.replace(')', '%29').replace(' ', '%20')})")
                else:
                    inline.raw(text)
            elif tag in (_w("ins"), _w("smartTag"), _w("sdt"), _w("sdtContent"), _w("fldSimple")):
                self.inline(child, inline)
            elif tag == _w("commentRangeStart"):
                self.result.drop("comments")

    def run(self, run, inline: Inline) -> None:
        props = run.find(_w("rPr"))
        bold = props is not None and _on(props.find(_w("b")))
        italic = props is not None and _on(props.find(_w("i")))
        for child in run:
            tag = child.tag
            if tag == _w("t"):
                inline.text(child.text or "", bold=bold, italic=italic)
            elif tag in (_w("tab"), _w("br"), _w("cr")):
                inline.text(" ")
            elif tag == _w("footnoteReference"):
                note = self.notes.get(child.get(_w("id")))
                if note is not None:
                    inner = Inline()
                    for paragraph in note.iter(_w("p")):
                        self.inline(paragraph, inner)
                        inner.text(" ")
                    self.footnotes.append(inner.markdown() or "…")
                    inline.raw(f"[^{len(self.footnotes)}]")
            elif tag in (_w("drawing"), _w("pict"), _w("object")):
                self.result.drop("images")
            elif tag == _w("sym"):
                inline.text("•")

    # Blocks

    def body(self, body) -> None:
        for child in body:
            if child.tag == _w("p"):
                self.paragraph(child)
            elif child.tag == _w("tbl"):
                self.blocks.table(self.table(child))
            elif child.tag == _w("sdt"):
                content = child.find(_w("sdtContent"))
                if content is not None:
                    self.body(content)

    def paragraph(self, paragraph) -> None:
        props = paragraph.find(_w("pPr"))
        style_id = ""
        num = None
        if props is not None:
            style = props.find(_w("pStyle"))
            style_id = style.get(_w("val"), "") if style is not None else ""
            num = props.find(_w("numPr"))
        inline = Inline()
        self.inline(paragraph, inline)
        level = self.heading_level(style_id)
        if level:
            self.blocks.heading(level, inline.markdown(marks=False))
            return
        list_mark = self._list_mark(num, style_id)
        if list_mark is not None:
            depth, ordered = list_mark
            self.blocks.list_item(inline.markdown(), level=depth, ordered=ordered)
            return
        plain = inline.plain()
        if (
            inline.all_bold()
            and len(plain) <= _BOLD_HEADING_MAX
            and not plain.endswith((".", ":", ";", ","))
        ):
            # A bold line acting as a heading sits one level below the last styled heading.
            level = self.blocks.last_heading + 1 if self.blocks.last_heading else 2
            self.blocks.heading(level, inline.markdown(marks=False), styled=False)
            return
        self.blocks.paragraph(inline.markdown())

    def _list_mark(self, num, style_id: str) -> tuple[int, bool] | None:
        name = self.style_name(style_id).lower()
        if num is not None:
            num_id = num.find(_w("numId"))
            ilvl = num.find(_w("ilvl"))
            num_value = num_id.get(_w("val"), "0") if num_id is not None else "0"
            if num_value != "0":
                level = int(ilvl.get(_w("val"), "0")) if ilvl is not None else 0
                ordered = self.numbering.get((num_value, level), "number" in name)
                return min(level, 8), ordered
        match = re.match(r"^list (bullet|number)(?: (\d))?$", name)
        if match:
            return int(match.group(2) or 1) - 1, match.group(1) == "number"
        return None

    def table(self, table) -> list[list[str]]:
        rows = []
        for tr in table.iter(_w("tr")):
            if tr.getparent() is not table:
                continue
            row = []
            for tc in tr.findall(_w("tc")):
                props = tc.find(_w("tcPr"))
                span = 1
                merged_below = False
                if props is not None:
                    grid = props.find(_w("gridSpan"))
                    span = int(grid.get(_w("val"), "1")) if grid is not None else 1
                    vmerge = props.find(_w("vMerge"))
                    merged_below = (
                        vmerge is not None and vmerge.get(_w("val"), "continue") == "continue"
                    )
                cell = []
                if not merged_below:
                    for paragraph in tc.iter(_w("p")):
                        inline = Inline()
                        self.inline(paragraph, inline)
                        text = inline.markdown()
                        if text:
                            cell.append(text)
                row.append("<br>".join(cell))
                row.extend([""] * (max(1, min(span, 64)) - 1))
            rows.append(row)
        return rows


def docx_markdown(data: bytes) -> ImportResult:
    package = open_package(data, kind="Word")
    document = read_member(package, "word/document.xml")
    if document is None:
        raise ImportRefused(_("The file is damaged or not a %(kind)s document.") % {"kind": "Word"})
    reader = _Reader(package)
    body = parse_xml(document).find(_w("body"))
    if body is not None:
        reader.body(body)
    if read_member(package, "word/comments.xml") and not reader.result.dropped.get("comments"):
        reader.result.drop("comments")
    result = reader.result
    result.markdown = reader.blocks.markdown(reader.footnotes)
    core = read_member(package, "docProps/core.xml")
    if core:
        title = parse_xml(core).find(f"{{{DC}}}title")
        result.title = (title.text or "").strip() if title is not None else ""
    if not result.title:
        first = next((text for kind, text in reader.blocks.blocks if kind == "heading"), "")
        result.title = first.lstrip("#").strip().replace("\\", "")
    return result

"""Block content: HTML blocks written as paragraphs, lists and tables."""

from dataclasses import dataclass, field, replace

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Emu, Mm, Pt

from submissions.render.docx.html import (
    _INLINE,
    _MAX_COLUMNS,
    _MAX_DEPTH,
    _Fmt,
    _grid,
    _Node,
    _normalized,
    _raw_text,
    _segments,
    _table_rows,
)
from submissions.render.docx.ooxml import (
    _TBLPR_ORDER,
    _border,
    _cells,
    _clean,
    _el,
    _put,
    _repeat_header,
    _twips_mm,
)
from submissions.render.docx.styles import _StyleIds


@dataclass
class _ListMark:
    """The number of a list item, which its first paragraph carries."""

    num_id: int
    level: int
    used: bool = False


@dataclass(frozen=True)
class _Ctx:
    style: str = "Normal"
    base: str = "Normal"  # the style lists and quotes derive from
    fmt: _Fmt = field(default_factory=_Fmt)
    left: int = 0  # twips
    flat: bool = False  # no first-line indent
    align: WD_ALIGN_PARAGRAPH | None = None
    mark: _ListMark | None = None
    list_depth: int = 0
    depth: int = 0

    @property
    def in_table(self) -> bool:
        return self.base == "Table Text"


_ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


class _Sink:
    """Where blocks go: the document body or a table cell (whose first paragraph is reused)."""

    def __init__(self, container, style_ids: _StyleIds, *, cell: bool = False):
        self.container = container
        self._style_ids = style_ids
        self._spare = container.paragraphs[0] if cell and container.paragraphs else None

    def paragraph(self, style: str):
        if self._spare is not None:
            paragraph, self._spare = self._spare, None
        else:
            paragraph = self.container.add_paragraph()
        paragraph._p.style = self._style_ids(style)
        return paragraph

    def table(self, rows: int, cols: int):
        if self._spare is not None:  # a cell that starts with a table needs no empty line above
            self._spare._p.getparent().remove(self._spare._p)
            self._spare = None
        return self.container.add_table(rows, cols)


class _BlockWriter:
    """The HTML block methods of `writer._Writer`, which provides the paragraphs and runs."""

    def _blocks(self, sink: _Sink, nodes, ctx: _Ctx) -> None:
        pending: list = []
        for node in nodes:
            if isinstance(node, str) or node.tag in _INLINE:
                pending.append(node)
                continue
            self._inline_paragraph(sink, pending, ctx)
            pending = []
            self._block(sink, node, ctx)
        self._inline_paragraph(sink, pending, ctx)

    def _inline_paragraph(self, sink: _Sink, nodes, ctx: _Ctx) -> None:
        segments = _normalized(_segments(nodes, ctx.fmt, [], ctx.depth))
        if segments:
            self._emit(self._paragraph(sink, ctx), segments)

    def _consume_mark(self, sink: _Sink, ctx: _Ctx) -> None:
        """A list item that opens with a list or a table: its number on a line of its own."""
        if ctx.mark is not None and not ctx.mark.used:
            self._paragraph(sink, ctx)

    def _block(self, sink: _Sink, node: _Node, ctx: _Ctx) -> None:
        tag = node.tag
        inner = replace(ctx, depth=ctx.depth + 1)
        step = _twips_mm(self.layout.indent_step_mm)
        if ctx.depth > _MAX_DEPTH:
            self._inline_paragraph(sink, [_raw_text(node)], ctx)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            if ctx.in_table:
                self._blocks(sink, node.children, replace(inner, fmt=replace(ctx.fmt, bold=True)))
            else:
                style = f"Heading {tag[1]}"
                self._blocks(sink, node.children, replace(inner, style=style, flat=True))
        elif tag in ("ul", "ol"):
            self._consume_mark(sink, ctx)
            self._list(sink, node, inner)
        elif tag == "blockquote":
            style = ctx.base if ctx.in_table else "Quote"
            quoted = replace(inner, style=style, base=style, left=ctx.left + step, flat=True)
            self._blocks(sink, node.children, quoted)
        elif tag == "pre":
            self._pre(sink, node, ctx)
        elif tag == "table":
            self._consume_mark(sink, ctx)
            self._table(sink, node, inner)
        elif tag == "hr":
            self._consume_mark(sink, ctx)
            _border(self._paragraph(sink, replace(ctx, flat=True))._p.get_or_add_pPr(), bottom=1)
        elif tag == "div" and "footnote" in node.classes:
            self._footnotes(sink, node, inner)
        elif tag == "dt":
            self._blocks(sink, node.children, replace(inner, fmt=replace(ctx.fmt, bold=True)))
        elif tag == "dd":
            self._blocks(sink, node.children, replace(inner, left=ctx.left + step, flat=True))
        elif tag == "summary":
            self._blocks(sink, node.children, replace(inner, fmt=replace(ctx.fmt, bold=True)))
        elif tag == "dl":
            self._blocks(sink, node.children, replace(inner, flat=True))
        else:  # p, div, details, li or tr out of place, unknown tags: their content, kept
            self._blocks(sink, node.children, inner)

    def _list(self, sink: _Sink, node: _Node, ctx: _Ctx) -> None:
        ordered = node.tag == "ol"
        level = min(ctx.list_depth, 8)
        if ordered:
            try:
                start = int(node.attrs.get("start", "1"))
            except ValueError:
                start = 1
            num_id = self.numbering.numbers(level, max(0, min(start, 32767)))
        else:
            num_id = self.numbering.bullets()
        style = ctx.base
        if style == "Normal":
            style = "List Number" if ordered else "List Bullet"
        left = ctx.left + _twips_mm(self.layout.indent_step_mm)
        for child in node.children:
            if isinstance(child, str) and not child.strip():
                continue
            mark = _ListMark(num_id, level)
            item = replace(ctx, style=style, left=left, mark=mark, list_depth=ctx.list_depth + 1)
            children = child.children if isinstance(child, _Node) and child.tag == "li" else [child]
            self._blocks(sink, children, item)
            if not mark.used:  # an empty item keeps its number
                self._paragraph(sink, item)

    def _pre(self, sink: _Sink, node: _Node, ctx: _Ctx) -> None:
        text = _clean(_raw_text(node)).removeprefix("\n").removesuffix("\n")
        style = ctx.base if ctx.in_table else "HTML Preformatted"
        paragraph = self._paragraph(sink, replace(ctx, style=style, flat=True))
        run = paragraph.add_run(text)
        if ctx.in_table:
            self._run_style(run, "HTML Code")

    def _footnotes(self, sink: _Sink, node: _Node, ctx: _Ctx) -> None:
        style = ctx.base if ctx.in_table else "Footnote Text"
        rule = self._paragraph(sink, replace(ctx, style=style, flat=True))
        rule.paragraph_format.space_before = Pt(12)
        rule.paragraph_format.right_indent = Emu(self.layout.text_width - Mm(50))
        _border(rule._p.get_or_add_pPr(), bottom=1)
        children = [child for child in node.children if getattr(child, "tag", "") != "hr"]
        self._blocks(sink, children, replace(ctx, style=style, base=style, flat=True))

    def _table(self, sink: _Sink, node: _Node, ctx: _Ctx) -> None:
        caption, rows, header_rows, stray = _table_rows(node)
        if caption is not None:
            self._blocks(sink, caption.children, replace(ctx, flat=True, align=_ALIGN["center"]))
        placements, columns = _grid(rows)
        if placements and columns > _MAX_COLUMNS:  # too wide for Word: one line per row instead
            for row in rows:
                cells = [" ".join(_raw_text(cell).split()) for cell in row]
                self._inline_paragraph(sink, [" | ".join(cells)], replace(ctx, flat=True))
        elif placements:
            table = sink.table(len(rows), columns)
            table.style = "Table Grid"
            _put(table._tbl.tblPr, _el("w:tblW", w=5000, type="pct"), _TBLPR_ORDER)
            grid = [_cells(table, tr) for tr in table._tbl.tr_lst]
            for index in range(header_rows):
                _repeat_header(table.rows[index])
            for row, column, row_span, col_span, cell_node in placements:
                cell = grid[row][column]
                if row_span > 1 or col_span > 1:
                    cell = cell.merge(grid[row + row_span - 1][column + col_span - 1])
                header = cell_node.tag == "th"
                align = _ALIGN.get(cell_node.attrs.get("align", "").lower())
                if align is None and header:
                    align = _ALIGN["center"]
                cell_ctx = _Ctx(
                    style="Table Text",
                    base="Table Text",
                    fmt=_Fmt(bold=header),
                    align=align,
                    depth=ctx.depth + 1,
                )
                self._blocks(self._cell(cell), cell_node.children, cell_ctx)
        if stray:
            self._blocks(sink, stray, ctx)

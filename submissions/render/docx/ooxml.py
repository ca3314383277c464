"""WordprocessingML by hand, where python-docx has no API: elements in schema order, fonts,
borders, the PAGE field and the tables' fixed layout."""

import re

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Emu, Mm
from docx.table import _Cell

from submissions.render.docx.layout import Layout

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _names(text: str) -> list[str]:
    return text.split()


# Child order the schema demands inside the elements we add to.
_PPR_ORDER = _names(
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr "
    "shd tabs suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE "
    "autoSpaceDN bidi adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents "
    "suppressOverlap jc textDirection textAlignment textboxTightWrap outlineLvl divId cnfStyle "
    "rPr sectPr pPrChange"
)
_SECTPR_ORDER = _names(
    "headerReference footerReference footnotePr endnotePr type pgSz pgMar paperSrc pgBorders "
    "lnNumType pgNumType cols formProt vAlign noEndnote titlePg textDirection bidi rtlGutter "
    "docGrid printerSettings sectPrChange"
)
_TBLPR_ORDER = _names(
    "tblStyle tblpPr tblOverlap bidiVisual tblStyleRowBandSize tblStyleColBandSize tblW jc "
    "tblCellSpacing tblInd tblBorders shd tblLayout tblCellMar tblLook tblCaption tblDescription"
)
_TCPR_ORDER = _names(
    "cnfStyle tcW gridSpan hMerge vMerge tcBorders shd noWrap tcMar textDirection tcFitText "
    "vAlign hideMark"
)
_RPR_ORDER = _names(
    "rStyle rFonts b bCs i iCs caps smallCaps strike dstrike outline shadow emboss imprint "
    "noProof snapToGrid vanish webHidden color spacing w kern position sz szCs highlight u "
    "effect bdr shd fitText vertAlign rtl cs em lang eastAsianLayout specVanish oMath"
)
_TRPR_ORDER = _names(
    "cnfStyle divId gridBefore gridAfter wBefore wAfter cantSplit trHeight tblHeader "
    "tblCellSpacing jc hidden"
)


def _clean(text: str) -> str:
    """Drop the characters XML 1.0 cannot hold; everything else is kept as it is."""
    return _XML_INVALID.sub("", text)


def _el(tag: str, **attributes) -> OxmlElement:
    return OxmlElement(tag, {qn(f"w:{name}"): str(value) for name, value in attributes.items()})


def _put(parent, child, order: list[str]) -> None:
    """Insert `child` where the schema wants it, replacing an element of the same name."""
    local = child.tag.rsplit("}", 1)[-1]
    for existing in parent.findall(child.tag):
        parent.remove(existing)
    successors = order[order.index(local) + 1 :]
    parent.insert_element_before(child, *(f"w:{name}" for name in successors))


def _set_fonts(rpr, name: str) -> None:
    """All four font slots, so Cyrillic (and anything else) uses `name`, never a theme font."""
    fonts = rpr.get_or_add_rFonts()
    for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
        fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for attribute in ("ascii", "hAnsi", "eastAsia", "cs"):
        fonts.set(qn(f"w:{attribute}"), name)


def _border(ppr, **sides: int) -> None:
    """A single line on the given sides; the value is the distance from the text in points."""
    borders = OxmlElement("w:pBdr")
    for side in ("top", "left", "bottom", "right"):
        if side in sides:
            borders.append(_el(f"w:{side}", val="single", sz=4, space=sides[side], color="auto"))
    _put(ppr, borders, _PPR_ORDER)


def _twips_mm(value: float) -> int:
    return Mm(value).twips


def _plain_paragraph(element) -> bool:
    if element is None or element.tag != qn("w:p"):
        return False
    ppr = element.pPr
    return ppr is None or ppr.find(qn("w:framePr")) is None


def _page_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice compute the number on every page."""
    instruction = OxmlElement("w:instrText")
    instruction.set(qn("xml:space"), "preserve")
    instruction.text = " PAGE "
    for element in (
        _el("w:fldChar", fldCharType="begin"),
        instruction,
        _el("w:fldChar", fldCharType="separate"),
        _el("w:fldChar", fldCharType="end"),
    ):
        paragraph.add_run()._r.append(element)


def _executor_frame(layout: Layout):
    """The executor lines in a frame at the bottom left of the letter's last page."""
    return _el(
        "w:framePr",
        w=layout.text_width.twips,
        wrap="notBeside",
        vAnchor="margin",
        hAnchor="margin",
        xAlign="left",
        yAlign="bottom",
    )


def _cells(table, tr) -> list[_Cell]:
    """A row's cells in one pass (python-docx's row.cells walks the whole table each time)."""
    return [_Cell(tc, table) for tc in tr.tc_lst]


def _repeat_header(row) -> None:
    _put(row._tr.get_or_add_trPr(), OxmlElement("w:tblHeader"), _TRPR_ORDER)


def _fixed_widths(table, widths) -> None:
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    widths = [Emu(width) for width in widths]
    _put(table._tbl.tblPr, _el("w:tblW", w=sum(w.twips for w in widths), type="dxa"), _TBLPR_ORDER)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(_cells(table, row._tr), widths, strict=True):
            cell.width = width


def _layout_table(table, widths, *, right_padding=None) -> None:
    """A table used for layout only: no borders, no padding on the left."""
    _fixed_widths(table, widths)
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="nil"))
    _put(table._tbl.tblPr, borders, _TBLPR_ORDER)
    margins = OxmlElement("w:tblCellMar")
    margins.append(_el("w:left", w=0, type="dxa"))
    margins.append(_el("w:right", w=(right_padding or Mm(0)).twips, type="dxa"))
    _put(table._tbl.tblPr, margins, _TBLPR_ORDER)

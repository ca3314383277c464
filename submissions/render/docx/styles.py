"""The blank template made ours: its leftovers dropped, its styles set from the `Layout`, style
ids looked up once, and the list numbering definitions."""

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from submissions.render.docx.layout import Layout
from submissions.render.docx.ooxml import _border, _set_fonts


class _StyleIds:
    """Style names to ids, looked up once: python-docx searches all styles on every lookup."""

    def __init__(self, document):
        self._styles = document.styles
        self._ids: dict[tuple[str, WD_STYLE_TYPE], str | None] = {}

    def __call__(self, name: str, kind: WD_STYLE_TYPE = WD_STYLE_TYPE.PARAGRAPH) -> str | None:
        key = (name, kind)
        if key not in self._ids:
            self._ids[key] = self._styles.get_style_id(name, kind)
        return self._ids[key]


class _Numbering:
    """One bullet list definition, one decimal; every <ol> restarts (at its `start`)."""

    def __init__(self, document, layout: Layout):
        self._numbering = document.part.numbering_part.element
        existing = [int(n) for n in self._numbering.xpath("./w:abstractNum/@w:abstractNumId")]
        self._bullet_id = max(existing, default=-1) + 1
        self._decimal_id = self._bullet_id + 1
        first_num = self._numbering.find(qn("w:num"))
        for abstract_id, ordered in ((self._bullet_id, False), (self._decimal_id, True)):
            abstract = _abstract_num(abstract_id, ordered=ordered, layout=layout)
            if first_num is None:
                self._numbering.append(abstract)
            else:
                first_num.addprevious(abstract)
        self._bullets: int | None = None

    def bullets(self) -> int:
        if self._bullets is None:
            self._bullets = self._numbering.add_num(self._bullet_id).numId
        return self._bullets

    def numbers(self, level: int, start: int) -> int:
        num = self._numbering.add_num(self._decimal_id)
        num.add_lvlOverride(ilvl=level).add_startOverride(start)
        return num.numId


def _abstract_num(abstract_id: int, *, ordered: bool, layout: Layout):
    hanging = Mm(layout.list_hanging_mm).twips
    levels = []
    for level in range(9):
        left = Mm(layout.indent_step_mm * (level + 1)).twips
        kind, text = ("decimal", f"%{level + 1}.") if ordered else ("bullet", "•–•"[level % 3])
        levels.append(
            f'<w:lvl w:ilvl="{level}"><w:start w:val="1"/><w:numFmt w:val="{kind}"/>'
            f'<w:lvlText w:val="{text}"/><w:lvlJc w:val="left"/>'
            f'<w:pPr><w:ind w:left="{left}" w:hanging="{hanging}"/></w:pPr></w:lvl>'
        )
    return parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">'
        f'<w:multiLevelType w:val="multilevel"/>{"".join(levels)}</w:abstractNum>'
    )


def _drop_template_leftovers(document) -> None:
    """python-docx's blank template carries a thumbnail, a bibliography part, app properties
    naming another program and Word 2010's duplicate styles: none of it is ours to send."""
    package_rels = document.part.package.rels
    for rel_id, rel in list(package_rels.items()):
        if rel.reltype in (RT.THUMBNAIL, RT.EXTENDED_PROPERTIES):
            package_rels.pop(rel_id)
    part_rels = document.part.rels
    for rel_id, rel in list(part_rels.items()):
        if rel.reltype == RT.CUSTOM_XML or rel.reltype.endswith("/stylesWithEffects"):
            part_rels.pop(rel_id)
    settings_element = document.settings.element
    for name in ("w:proofState", "w:savePreviewPicture", "w:rsids", "w:attachedTemplate"):
        for element in settings_element.findall(qn(name)):
            settings_element.remove(element)
    # Word 2013+ layout, so the file does not open in "compatibility mode".
    for setting in settings_element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def _styles(document, layout: Layout, *, language: str) -> None:
    styles = document.styles
    # No theme fonts or colours anywhere: the template's headings are blue Calibri Light.
    for fonts in styles.element.iter(qn("w:rFonts")):
        for attribute in ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme"):
            fonts.attrib.pop(qn(f"w:{attribute}"), None)
    for color in list(styles.element.iter(qn("w:color"))):
        color.getparent().remove(color)

    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_fonts(rpr, layout.font)
    for name in ("w:sz", "w:szCs"):
        element = rpr.find(qn(name))
        if element is not None:
            element.set(qn("w:val"), str(round(layout.text_pt * 2)))
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), language)
    lang.set(qn("w:eastAsia"), language)
    theme_lang = document.settings.element.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), language)

    normal = styles["Normal"]
    _set_fonts(normal.element.get_or_add_rPr(), layout.font)
    normal.font.size = Pt(layout.text_pt)
    paragraph = normal.paragraph_format
    paragraph.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    paragraph.first_line_indent = Mm(layout.first_line_mm)
    paragraph.space_before = Pt(0)
    paragraph.space_after = Pt(layout.paragraph_after_pt)
    paragraph.line_spacing = layout.line_spacing
    paragraph.widow_control = True

    sizes = {1: layout.text_pt + 2, 2: layout.text_pt + 1, 3: layout.text_pt}
    for level in range(1, 7):
        style = styles[f"Heading {level}"]
        style.font.size = Pt(sizes.get(level, layout.text_pt))
        style.font.bold = True
        style.font.italic = True if level >= 4 else None
        fmt = style.paragraph_format
        fmt.alignment = WD_ALIGN_PARAGRAPH.CENTER if level == 1 else WD_ALIGN_PARAGRAPH.LEFT
        fmt.first_line_indent = Mm(0)
        fmt.space_before = Pt(12)
        fmt.space_after = Pt(6)
        fmt.keep_with_next = True

    def paragraph_style(name: str, size: float | None = None, base: str = "Normal"):
        try:
            style = styles[name]
        except KeyError:
            style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            style.base_style = styles[base]
            style.quick_style = True
        if size:
            style.font.size = Pt(size)
        style.paragraph_format.first_line_indent = Mm(0)
        return style

    header = paragraph_style("Header", layout.page_number_pt)
    header.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    footer = paragraph_style("Footer", layout.footer_pt)
    footer.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT

    quote = paragraph_style("Quote")
    quote.font.italic = None
    quote.paragraph_format.left_indent = Mm(layout.indent_step_mm)
    _border(quote.element.get_or_add_pPr(), left=4)

    for name in ("List Bullet", "List Number", "List Continue"):
        paragraph_style(name).paragraph_format.space_after = Pt(3)

    table_text = paragraph_style("Table Text", layout.table_pt)
    table_text.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    table_text.paragraph_format.space_after = Pt(0)
    table_text.paragraph_format.line_spacing = 1.0

    footnote = paragraph_style("Footnote Text", layout.small_pt)
    footnote.paragraph_format.space_after = Pt(2)

    pre = paragraph_style("HTML Preformatted", layout.code_pt)
    _set_fonts(pre.element.get_or_add_rPr(), layout.mono_font)
    pre.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    pre.paragraph_format.line_spacing = 1.0
    # The box is drawn outside the text: indent it so the frame stays inside the margins.
    pre.paragraph_format.left_indent = Pt(5)
    pre.paragraph_format.right_indent = Pt(5)
    _border(pre.element.get_or_add_pPr(), top=4, left=4, bottom=4, right=4)

    part_heading = paragraph_style("Part Heading", layout.text_pt)
    part_heading.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    part_heading.paragraph_format.space_after = Pt(0)
    part_heading.paragraph_format.keep_with_next = True

    letter = paragraph_style("Letter Text", layout.letter_pt)
    letter.paragraph_format.first_line_indent = Mm(layout.first_line_mm)
    letter.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY

    code = styles.add_style("HTML Code", WD_STYLE_TYPE.CHARACTER)
    _set_fonts(code.element.get_or_add_rPr(), layout.mono_font)
    code.font.size = Pt(layout.code_pt)
    link = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    link.font.underline = True

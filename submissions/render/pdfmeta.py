"""The last pass over a finished PDF: PDF/UA-1 alongside PDF/A-3b, and one identity per file.

WeasyPrint writes one PDF variant at a time (PDF/A-3b here) and leaves a few things that
PDF/UA-1 (ISO 14289-1) or PDF/A asks for. This pass, run on the finished file — after any merge
of parts — fixes them with pikepdf:
- page furniture (the margin boxes: page numbers, the executor line) is marked content with an
  MCID that no structure element reaches; it becomes an /Artifact and leaves the ParentTree;
- heading levels are renumbered in reading order so the first is H1 and none is skipped
  (H1 → H3 becomes H1 → H2); the printed sizes do not change, only the tags;
- every TH gets a /Scope: /Column in a table head, /Row elsewhere;
- link annotations get the /Contents description PDF/UA asks for, pages /Tabs /S;
- the catalog's /AF names each embedded file once (WeasyPrint lists the file spec twice);
- the trailer /ID is new for every file (WeasyPrint derives it from the version alone);
- CreationDate and ModDate go into the Info dictionary, and the XMP packet is rewritten from it
  (PDF/A wants the two to agree), declaring pdfaid 3B and, for a tagged file, pdfuaid 1 with the
  extension schema PDF/A requires for a namespace it does not predefine.
"""

import hashlib
import io
import re
import uuid
from datetime import UTC, datetime
from xml.sax.saxutils import escape

import pikepdf

PDFA_PART, PDFA_CONFORMANCE, PDFUA_PART = 3, "B", 1


def finished_pdf(
    data: bytes, *, identity: str, tagged: bool, when: datetime | None = None
) -> bytes:
    """`data` with the fixes above applied; `identity` (the package, recipient…) seeds the /ID."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        pdf_finish(pdf, identity=identity, tagged=tagged, when=when)
        out = io.BytesIO()
        # fix_metadata_version would rewrite the XMP packet written here.
        pdf.save(out, fix_metadata_version=False)
    return out.getvalue()


def pdf_finish(pdf: pikepdf.Pdf, *, identity: str, tagged: bool, when: datetime | None = None):
    """Apply the fixes in place (for a caller that already holds the merged pikepdf.Pdf)."""
    when = (when or datetime.now(tz=UTC)).astimezone(UTC).replace(microsecond=0)
    if tagged and "/StructTreeRoot" in pdf.Root:
        tree = _tree(pdf)
        _furniture_as_artifacts(pdf, reachable={element.objgen for element, _tag in tree})
        _headings_in_order(tree)
        _header_scopes(tree)
        _link_descriptions(pdf)
    _single_af(pdf)
    document_id = hashlib.sha256(f"{identity}|{uuid.uuid4()}".encode()).digest()[:16]
    pdf.trailer.ID = pikepdf.Array([pikepdf.String(document_id), pikepdf.String(document_id)])
    _dates_and_xmp(pdf, when=when, ua=tagged, document_id=document_id.hex())


# Structure tree ------------------------------------------------------------------------------


def _tree(pdf: pikepdf.Pdf) -> list[tuple[pikepdf.Dictionary, str]]:
    """Every structure element reachable from the root and its tag, in reading order (depth
    first). One walk serves every fix: a 111-page package has ~29,000 elements."""
    elements, seen = [], set()
    stack = [pdf.Root.StructTreeRoot.get("/K")]
    while stack:
        element = stack.pop()
        if element is None or isinstance(element, int):
            continue  # an MCID
        if isinstance(element, pikepdf.Array):
            stack.extend(reversed(element))
            continue
        if not isinstance(element, pikepdf.Dictionary):
            continue
        tag = element.get("/S")  # OBJR and MCR references have none
        if tag is None or element.objgen in seen:
            continue
        seen.add(element.objgen)
        elements.append((element, str(tag)))
        stack.append(element.get("/K"))
    return elements


def struct_elements(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every structure element reachable from the root, in reading order."""
    return [element for element, _tag in _tree(pdf)]


# pydyf writes marked content as `/Tag\n<</MCID n>>\nBDC`; other writers fall back to the parser.
_MARKED = re.compile(rb"/([A-Za-z0-9_.#-]+)\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination>> BDC"


def _furniture_as_artifacts(pdf: pikepdf.Pdf, *, reachable: set) -> None:
    """Marked content whose MCID maps to an element outside the tree becomes an artifact; the
    MCIDs left are renumbered from 0 on each page and the ParentTree follows."""
    trees = dict(_number_tree(pdf.Root.StructTreeRoot.ParentTree))
    for page in pdf.pages:
        key = page.obj.get("/StructParents")
        if key is None or not isinstance(trees.get(int(key)), pikepdf.Array):
            continue
        mapped = list(trees[int(key)])
        kept = {
            mcid: element
            for mcid, element in enumerate(mapped)
            if isinstance(element, pikepdf.Dictionary) and element.objgen in reachable
        }
        if len(kept) == len(mapped):
            continue
        renumbered = {old: new for new, old in enumerate(sorted(kept))}
        if not _rewrite_marks_fast(page, renumbered, len(mapped)):
            _rewrite_marks_parsed(pdf, page, renumbered)
        changed = {old: new for old, new in renumbered.items() if old != new}
        touched = {element.objgen: element for old, element in kept.items() if old in changed}
        for element in touched.values():
            _renumber_kids(element, changed, page.obj)
        trees[int(key)] = pikepdf.Array([kept[old] for old in sorted(kept)])
    nums = pikepdf.Array()
    for key in sorted(trees):
        nums.append(key)
        nums.append(trees[key])
    parent_tree = pdf.Root.StructTreeRoot.ParentTree
    if "/Kids" in parent_tree:
        del parent_tree.Kids
    parent_tree.Nums = nums


def _rewrite_marks_fast(page, renumbered: dict[int, int], expected: int) -> bool:
    """Rewrite the BDC operators in the page's one content stream with a byte pattern; False
    (nothing changed) where the stream is not written the way pydyf writes it."""
    contents = page.obj.get("/Contents")
    if not isinstance(contents, pikepdf.Stream):
        return False
    data = contents.read_bytes()
    found = [int(match.group(2)) for match in _MARKED.finditer(data)]
    if sorted(found) != list(range(expected)):
        return False

    def replace(match):
        mcid = int(match.group(2))
        if mcid not in renumbered:
            return _ARTIFACT
        return b"/%s <</MCID %d>> BDC" % (match.group(1), renumbered[mcid])

    contents.write(_MARKED.sub(replace, data))
    return True


def _rewrite_marks_parsed(pdf: pikepdf.Pdf, page, renumbered: dict[int, int]) -> None:
    operations = []
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) == "BDC" and len(operands) == 2:
            properties = operands[1]
            if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties:
                mcid = int(properties.MCID)
                if mcid not in renumbered:
                    operands = [
                        pikepdf.Name.Artifact,
                        pikepdf.Dictionary(Type=pikepdf.Name.Pagination),
                    ]
                elif renumbered[mcid] != mcid:
                    operands = [operands[0], pikepdf.Dictionary(MCID=renumbered[mcid])]
        operations.append(pikepdf.ContentStreamInstruction(operands, operator))
    page.obj.Contents = pdf.make_stream(pikepdf.unparse_content_stream(operations))


def _number_tree(node):
    """(key, value) pairs of a number tree, its /Kids flattened (a merged file may have them)."""
    nums = node.get("/Nums", [])
    for index in range(0, len(nums) - 1, 2):
        yield int(nums[index]), nums[index + 1]
    for kid in node.get("/Kids", []):
        yield from _number_tree(kid)


def _renumber_kids(element, renumbered: dict[int, int], page) -> None:
    """Rewrite the MCIDs of `page` among the element's kids (integers, or MCR dictionaries)."""
    kids = element.get("/K")
    if isinstance(kids, int):
        element.K = renumbered.get(kids, kids)
        return
    if not isinstance(kids, pikepdf.Array):
        return
    for index, kid in enumerate(list(kids)):
        if isinstance(kid, int):
            kids[index] = renumbered.get(kid, kid)
        elif (
            isinstance(kid, pikepdf.Dictionary)
            and kid.get("/Type") == "/MCR"
            and kid.get("/Pg", page).objgen == page.objgen
        ):
            kid.MCID = renumbered.get(int(kid.MCID), int(kid.MCID))


_HEADINGS = {f"/H{level}": level for level in range(1, 7)}


def _headings_in_order(tree) -> None:
    """Renumber Hn tags so the first is H1 and each is at most one deeper than the one before:
    a heading takes the depth of the nearest earlier heading of a lower original level, plus one."""
    open_levels: list[int] = []  # original levels of the headings now open, outermost first
    for element, tag in tree:
        level = _HEADINGS.get(tag)
        if level is None:
            continue
        while open_levels and open_levels[-1] >= level:
            open_levels.pop()
        open_levels.append(level)
        element.S = pikepdf.Name(f"/H{min(len(open_levels), 6)}")


def _header_scopes(tree) -> None:
    for element, tag in tree:
        if tag != "/TH":
            continue
        row = element.get("/P")
        section = row.get("/P") if row is not None else None
        in_head = section is not None and str(section.get("/S")) == "/THead"
        scope = pikepdf.Name.Column if in_head else pikepdf.Name.Row
        attributes = element.get("/A")
        if isinstance(attributes, pikepdf.Dictionary) and str(attributes.get("/O")) == "/Table":
            attributes.Scope = scope
        else:
            table = pikepdf.Dictionary(O=pikepdf.Name.Table, Scope=scope)
            element.A = (
                pikepdf.Array([*attributes, table])
                if isinstance(attributes, pikepdf.Array)
                else table
            )


def _link_descriptions(pdf: pikepdf.Pdf) -> None:
    for page in pdf.pages:
        page.obj.Tabs = pikepdf.Name.S
        for annotation in page.obj.get("/Annots", []):
            if annotation.get("/Subtype") != "/Link" or "/Contents" in annotation:
                continue
            action = annotation.get("/A")
            uri = action.get("/URI") if isinstance(action, pikepdf.Dictionary) else None
            text = f"Ссылка: {uri}" if uri is not None else "Ссылка на место в документе"
            annotation.Contents = pikepdf.String(text)


# Catalog, identity, dates and XMP ------------------------------------------------------------


def _single_af(pdf: pikepdf.Pdf) -> None:
    files = pdf.Root.get("/AF")
    if files is None:
        return
    unique, seen = pikepdf.Array(), set()
    for spec in files:
        key = spec.objgen if spec.is_indirect else repr(spec)
        if key not in seen:
            seen.add(key)
            unique.append(spec)
    pdf.Root.AF = unique


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


_EXTENSION_SCHEMA = """  <rdf:Description rdf:about=""
    xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
    xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
    xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
   <pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
    <pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
    <pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
    <pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
    <pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
     <pdfaProperty:name>part</pdfaProperty:name>
     <pdfaProperty:valueType>Integer</pdfaProperty:valueType>
     <pdfaProperty:category>internal</pdfaProperty:category>
     <pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed\
</pdfaProperty:description>
    </rdf:li></rdf:Seq></pdfaSchema:property>
   </rdf:li></rdf:Bag></pdfaExtension:schemas>
  </rdf:Description>
"""


def _dates_and_xmp(pdf: pikepdf.Pdf, *, when: datetime, ua: bool, document_id: str) -> None:
    info = pdf.docinfo
    info.CreationDate = pikepdf.String(_pdf_date(when))
    info.ModDate = pikepdf.String(_pdf_date(when))

    def text(key: str) -> str:
        value = info.get(key)
        return escape(str(value)) if value is not None else ""

    stamp = when.isoformat()
    fields = [
        f"<xmp:CreateDate>{stamp}</xmp:CreateDate>",
        f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>",
        f"<xmp:MetadataDate>{stamp}</xmp:MetadataDate>",
        f"<xmpMM:DocumentID>uuid:{uuid.UUID(document_id)}</xmpMM:DocumentID>",
        f"<xmpMM:InstanceID>uuid:{uuid.UUID(document_id)}</xmpMM:InstanceID>",
        f"<pdfaid:part>{PDFA_PART}</pdfaid:part>",
        f"<pdfaid:conformance>{PDFA_CONFORMANCE}</pdfaid:conformance>",
    ]
    if ua:
        fields.append(f"<pdfuaid:part>{PDFUA_PART}</pdfuaid:part>")
    if "/Producer" in info:
        fields.append(f"<pdf:Producer>{text('/Producer')}</pdf:Producer>")
    if "/Keywords" in info:
        fields.append(f"<pdf:Keywords>{text('/Keywords')}</pdf:Keywords>")
    if "/Creator" in info:
        fields.append(f"<xmp:CreatorTool>{text('/Creator')}</xmp:CreatorTool>")
    if "/Title" in info:
        fields.append(
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{text("/Title")}</rdf:li>'
            "</rdf:Alt></dc:title>"
        )
    if "/Author" in info:
        fields.append(
            f"<dc:creator><rdf:Seq><rdf:li>{text('/Author')}</rdf:li></rdf:Seq></dc:creator>"
        )
    if "/Subject" in info:
        fields.append(
            f'<dc:description><rdf:Alt><rdf:li xml:lang="x-default">{text("/Subject")}</rdf:li>'
            "</rdf:Alt></dc:description>"
        )
    body = "\n   ".join(fields)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   {body}
  </rdf:Description>
{_EXTENSION_SCHEMA if ua else ""} </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    stream = pdf.make_stream(packet.encode("utf-8"))
    stream.Type = pikepdf.Name.Metadata
    stream.Subtype = pikepdf.Name.XML
    pdf.Root.Metadata = stream

"""Join tagged PDF/A files written by WeasyPrint into one, keeping their structure trees.

A package's attachments are written once (`pdf.render_attachments`) and each recipient's letter
is written on its own; this module appends the attachments' pages to the letter's file. The
letter's file stays the frame: its catalog (XMP metadata, output intent, /AF with the attached
Markdown, /Lang, /MarkInfo, viewer preferences) is kept as it is, so the result has one of each.

pikepdf copies pages but knows nothing of tagged PDF, so the logical structure is joined here:
- the attachments' top-level structure elements become children of the letter's /Document;
- every copied page's /StructParents (and each annotation's /StructParent) is shifted past the
  letter's keys, and the attachments' ParentTree entries are added under the shifted keys, so the
  marked-content ids (MCIDs) inside each page's content stream still resolve;
- named destinations (the contents' links) and the outline (bookmarks) are carried over.
Structure elements point at their pages (/Pg); pikepdf copies a foreign object once per target
file, so those references land on the very pages that were appended.
"""

import hashlib
import io
import warnings

import pikepdf
from pikepdf import Array, Dictionary, Name


def _copy(target: pikepdf.Pdf, value):
    """copy_foreign for any object: indirect objects are copied once (pikepdf keeps a map per
    source file), direct arrays and dictionaries are rebuilt around their copied members."""
    if isinstance(value, Array | Dictionary) and not value.is_indirect:
        if isinstance(value, Array):
            return Array([_copy(target, item) for item in value])
        return Dictionary({key: _copy(target, item) for key, item in value.items()})
    if isinstance(value, pikepdf.Object) and value.is_indirect:
        return target.copy_foreign(value)
    return value


def _number_tree_items(tree: Dictionary):
    """(key, value) pairs of a number tree, flat or with /Kids."""
    if "/Nums" in tree:
        nums = tree.Nums
        for index in range(0, len(nums), 2):
            yield int(nums[index]), nums[index + 1]
    for kid in tree.get("/Kids", ()):
        yield from _number_tree_items(kid)


def _name_tree_items(tree: Dictionary):
    if "/Names" in tree:
        names = tree.Names
        for index in range(0, len(names), 2):
            yield names[index], names[index + 1]
    for kid in tree.get("/Kids", ()):
        yield from _name_tree_items(kid)


def _next_key(tree: Dictionary, root: Dictionary) -> int:
    keys = [key for key, _value in _number_tree_items(tree)]
    highest = max(keys, default=-1) + 1
    return max(highest, int(root.get("/ParentTreeNextKey", 0)))


def _as_array(value) -> Array:
    if isinstance(value, Array):
        return value
    return Array([value])


def _document_element(root: Dictionary) -> Dictionary:
    """The letter's top element (WeasyPrint writes one /Document); made an array holder."""
    kids = _as_array(root.K)
    root.K = kids
    return kids[0]


def _join_structure(target: pikepdf.Pdf, source: pikepdf.Pdf, copied_pages, offset: int) -> None:
    target_root = target.Root.StructTreeRoot
    source_root = source.Root.StructTreeRoot
    document = _document_element(target_root)
    document_kids = _as_array(document.get("/K", Array()))
    document.K = document_kids
    for element in _as_array(source_root.K):
        copied = _copy(target, element)
        # The attachments' own /Document wrapper is dropped: its children join the letter's.
        children = (
            _as_array(copied.get("/K", Array())) if copied.get("/S") == "/Document" else [copied]
        )
        for child in children:
            if isinstance(child, Dictionary) and "/S" in child:
                child.P = document
            document_kids.append(child)

    nums = target_root.ParentTree.get("/Nums")
    if nums is None:  # a tree with /Kids: flatten it, the files are small enough
        nums = Array()
        for key, value in list(_number_tree_items(target_root.ParentTree)):
            nums.extend([key, value])
        target_root.ParentTree = target.make_indirect(Dictionary(Nums=nums))
    # One copy_foreign of all the values at once (qpdf walks them in C++), then re-keyed.
    entries = list(_number_tree_items(source_root.ParentTree))
    values = target.copy_foreign(source.make_indirect(Array([value for _key, value in entries])))
    for (key, _value), value in zip(entries, values, strict=True):
        nums.extend([key + offset, value])
    highest = offset - 1
    for page in copied_pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
            highest = max(highest, int(page.obj.StructParents))
        for annotation in page.obj.get("/Annots", ()):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset
                highest = max(highest, int(annotation.StructParent))
    source_next = _next_key(source_root.ParentTree, source_root)
    target_root.ParentTreeNextKey = max(highest + 1, offset + source_next)

    for map_name in ("/RoleMap", "/ClassMap"):
        if map_name in source_root:
            merged = target_root.get(map_name, Dictionary())
            for key, value in source_root[map_name].items():
                if key not in merged:
                    merged[key] = _copy(target, value)
            target_root[map_name] = merged
    if "/IDTree" in source_root:
        ids = target_root.get("/IDTree")
        entries = dict(_name_tree_items(ids)) if ids is not None else {}
        for key, value in _name_tree_items(source_root.IDTree):
            entries[key] = _copy(target, value)
        target_root.IDTree = _flat_name_tree(target, entries)


def _flat_name_tree(pdf: pikepdf.Pdf, entries: dict) -> Dictionary:
    names = Array()
    for key in sorted(entries, key=lambda k: bytes(k)):
        names.extend([key, entries[key]])
    return pdf.make_indirect(Dictionary(Names=names))


def _join_destinations(target: pikepdf.Pdf, source: pikepdf.Pdf) -> None:
    source_names = source.Root.get("/Names")
    if source_names is None or "/Dests" not in source_names:
        return
    if "/Names" not in target.Root:
        target.Root.Names = Dictionary()
    existing = target.Root.Names.get("/Dests")
    entries = dict(_name_tree_items(existing)) if existing is not None else {}
    for key, value in _name_tree_items(source_names.Dests):
        entries.setdefault(key, _copy(target, value))
    target.Root.Names.Dests = _flat_name_tree(target, entries)


def _join_outline(target: pikepdf.Pdf, source: pikepdf.Pdf) -> None:
    if "/Outlines" not in source.Root:
        return

    def copy(item):
        destination = item.destination
        if destination is not None and not isinstance(destination, int | str):
            destination = _copy(target, destination)
        copied = pikepdf.OutlineItem(item.title, destination)
        copied.is_closed = item.is_closed
        copied.children.extend(copy(child) for child in item.children)
        return copied

    with source.open_outline() as source_outline:
        items = [copy(item) for item in source_outline.root]
    with target.open_outline() as target_outline:
        target_outline.root.extend(items)


def _fonts(resources_holders):
    """Every font dictionary used by these pages or their form XObjects, once each."""
    seen, stack = {}, [holder.obj.get("/Resources") for holder in resources_holders]
    while stack:
        resources = stack.pop()
        if not isinstance(resources, Dictionary):
            continue
        for font in resources.get("/Font", Dictionary()).values():
            seen.setdefault(font.objgen, font)
        for xobject in resources.get("/XObject", Dictionary()).values():
            if xobject.get("/Subtype") == "/Form":
                stack.append(xobject.get("/Resources"))
    return list(seen.values())


def _subset_tag(name: str, taken: set[str]) -> str:
    digest = hashlib.md5(name.encode(), usedforsecurity=False).digest()
    for salt in range(100):
        tag = "".join(chr(65 + byte % 26) for byte in digest[salt % 10 : salt % 10 + 6])
        if tag not in taken:
            return tag
        digest = hashlib.md5(digest, usedforsecurity=False).digest()
    raise ValueError("no free font subset tag")  # 26**6 tags: not reached


def _rename_colliding_subsets(frame_pages, appended_pages) -> None:
    """WeasyPrint derives a subset's tag (ABCDEF+Font) from the font alone, not from the glyphs
    it keeps, so the letter's file and the attachments' file carry two different subsets under
    one name; ISO 32000 (9.6.4) wants distinct subsets to have distinct tags. The appended
    subsets that collide get a fresh tag (BaseFont, descendant font and descriptor alike)."""
    frame_names = {str(font.get("/BaseFont", "")) for font in _fonts(frame_pages)}
    taken = {name[1:7] for name in frame_names}
    for font in _fonts(appended_pages):
        base = str(font.get("/BaseFont", ""))
        if base not in frame_names or "+" not in base:
            continue
        tag = _subset_tag(base, taken)
        taken.add(tag)
        renamed = Name("/" + tag + base[base.index("+") :])
        font.BaseFont = renamed
        for descendant in font.get("/DescendantFonts", ()):
            descendant.BaseFont = renamed
            if "/FontDescriptor" in descendant:
                descendant.FontDescriptor.FontName = renamed
        if "/FontDescriptor" in font:
            font.FontDescriptor.FontName = renamed


def join_pdfs(frame: bytes, appended: bytes) -> bytes:
    """`frame` (the letter, with its catalog) followed by every page of `appended`."""
    with (
        pikepdf.open(io.BytesIO(frame)) as target,
        pikepdf.open(io.BytesIO(appended)) as source,
    ):
        offset = 0
        tagged = "/StructTreeRoot" in target.Root and "/StructTreeRoot" in source.Root
        if tagged:
            offset = _next_key(target.Root.StructTreeRoot.ParentTree, target.Root.StructTreeRoot)
        first = len(target.pages)
        with warnings.catch_warnings():
            # Named destinations are joined below (`_join_destinations`).
            warnings.simplefilter("ignore", pikepdf.PageCopyWarning)
            target.pages.extend(source.pages)
        copied_pages = list(target.pages)[first:]
        _rename_colliding_subsets(list(target.pages)[:first], copied_pages)
        if tagged:
            _join_structure(target, source, copied_pages, offset)
        else:
            for page in copied_pages:
                if Name.StructParents in page.obj:
                    del page.obj[Name.StructParents]
        _join_destinations(target, source)
        _join_outline(target, source)
        output = io.BytesIO()
        target.save(
            output, compress_streams=True, object_stream_mode=pikepdf.ObjectStreamMode.generate
        )
        return output.getvalue()

"""A package for several recipients: the attachments written once, each letter joined to them
with pikepdf. The joined files must stay valid, tagged PDF/A with one catalog's worth of
metadata, and the letters must count the pages that really follow."""

import io
import re
import subprocess
import tempfile
from collections import defaultdict
from datetime import date
from pathlib import Path

import pikepdf
import pytest

from accord.models import Role
from submissions.render import merge, pdf
from submissions.services import builds, packages
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient

pytestmark = pytest.mark.slow  # every test builds and joins a package's PDFs: seconds each

SECTION = (
    "## Раздел {n}\n\nОрганы опеки обязаны обеспечить защиту прав детей, оставшихся без "
    "попечения родителей — «немедленно». "
    * 1
    + "Предлагаем сократить срок рассмотрения заявлений до 30 дней. " * 12
    + "\n\n1. Первая мера.\n2. Вторая мера.\n\n| Мера | Срок |\n| --- | --- |\n| Опека | 2027 |\n"
)
TEXT = "# Предложение о защите детей\n\n" + "\n".join(SECTION.format(n=n) for n in range(1, 9))


@pytest.fixture
def package(world):
    pdftools.need_poppler()
    proposal = approved_with_endorsements(world, text=TEXT)
    recipients = [
        make_recipient(world.group),
        make_recipient(world.group, surname="Петров", surname_dative="Петрову"),
        make_recipient(
            world.group,
            surname="Сидорова",
            given_name="Мария",
            patronymic="Сергеевна",
            surname_dative="Сидоровой",
            gender="f",
        ),
    ]
    package = packages.package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=world.users[Role.COORDINATOR],
        recipients=recipients,
        authors=[(world.organization, "1")],
        signatories=[packages.Signer("Председатель", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О предложениях",
        body="Направляем предложения.",
        executor_name="Петрова А.С.",
        executor_phone="+7 000 000-00-00",
        with_docx=False,
    )
    builds.package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == "ready", package.error
    return package


def _documents(package):
    return list(package.documents.select_related("pdf", "recipient").order_by("pk"))


def _qpdf_check(data: bytes) -> subprocess.CompletedProcess:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        return subprocess.run(
            ["qpdf", "--check", str(path)],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )


def _mcids(page: pikepdf.Page) -> list[int]:
    """The marked-content ids in a page's content stream (BDC with an /MCID property)."""
    found = []
    properties = page.obj.get("/Resources", {}).get("/Properties", {})
    for operands, operator in pikepdf.parse_content_stream(page):
        if str(operator) != "BDC" or len(operands) < 2:
            continue
        values = operands[1]
        if isinstance(values, pikepdf.Name):
            values = properties.get(str(values), {})
        if "/MCID" in values:
            found.append(int(values.MCID))
    return found


def _parent_tree(root) -> dict[int, object]:
    return dict(merge._number_tree_items(root.ParentTree))


def test_every_recipients_file_passes_qpdf_check(package):
    for document in _documents(package):
        result = _qpdf_check(bytes(document.pdf.data))
        assert result.returncode == 0, result.stdout + result.stderr
        assert "No syntax or stream encoding errors" in result.stdout


def test_the_joined_file_keeps_one_structure_tree_that_reaches_every_pages_content(package):
    data = bytes(_documents(package)[1].pdf.data)
    with pikepdf.open(io.BytesIO(data)) as joined:
        assert joined.Root.MarkInfo.Marked
        root = joined.Root.StructTreeRoot
        tree = _parent_tree(root)
        pages = {page.objgen: number for number, page in enumerate(joined.pages)}
        keys = []
        for number, page in enumerate(joined.pages):
            key = int(page.obj.StructParents)
            keys.append(key)
            assert key in tree, f"page {number + 1}: /StructParents {key} not in the ParentTree"
            elements = tree[key]
            for mcid in _mcids(page):
                assert mcid < len(elements), f"page {number + 1}: MCID {mcid} has no element"
                element = elements[mcid]
                assert element.Pg.objgen == page.objgen, f"page {number + 1}: MCID {mcid}"
            for annotation in page.obj.get("/Annots", ()):
                if "/StructParent" in annotation:
                    assert int(annotation.StructParent) in tree
        assert len(set(keys)) == len(keys), "two pages share a ParentTree key"
        assert int(root.ParentTreeNextKey) > max(tree)
        assert len(root.K) == 1
        assert root.K[0].S == "/Document"

        # Every element below the one /Document points at a page of this file, and its /P
        # at its parent: the attachments' elements were re-parented, not left dangling.
        seen_pages = set()
        stack = [(root.K[0], child) for child in root.K[0].K]
        while stack:
            parent, element = stack.pop()
            if not isinstance(element, pikepdf.Dictionary) or "/S" not in element:
                continue
            assert element.P.objgen == parent.objgen
            if "/Pg" in element:
                assert element.Pg.objgen in pages
                seen_pages.add(pages[element.Pg.objgen])
            kids = element.get("/K", [])
            kids = kids if isinstance(kids, pikepdf.Array) else [kids]
            stack.extend((element, kid) for kid in kids)
        assert seen_pages == set(range(len(joined.pages)))


def test_the_joined_file_has_one_xmp_one_output_intent_and_one_attached_file(package):
    data = bytes(_documents(package)[0].pdf.data)
    with pikepdf.open(io.BytesIO(data)) as joined:
        assert joined.Root.Metadata.Type == "/Metadata"
        assert "pdfaid:part" in joined.Root.Metadata.read_bytes().decode()
        assert len(joined.Root.OutputIntents) == 1
        embedded = list(merge._name_tree_items(joined.Root.Names.EmbeddedFiles))
        assert len(embedded) == 1
        assert len({spec.objgen for spec in joined.Root.AF}) == 1
        # The contents' links still land: every named destination points at a page of this file.
        pages = {page.objgen for page in joined.pages}
        destinations = list(merge._name_tree_items(joined.Root.Names.Dests))
        assert destinations
        for _name, destination in destinations:
            target = destination.D if isinstance(destination, pikepdf.Dictionary) else destination
            assert target[0].objgen in pages
        with joined.open_outline() as outline:
            assert len(outline.root) >= 1
    assert "version-" in pdftools.attachments(data)


def test_the_letter_counts_the_pages_that_follow_it(package):
    for document in _documents(package):
        data = bytes(document.pdf.data)
        assert pdftools.pages(data) == document.pages == sum(p["pages"] for p in document.parts)
        letter_pages = document.parts[0]["pages"]
        letter = pdftools.flat(pdftools.text(data, first=1, last=letter_pages))
        counted = [int(pages) for pages in re.findall(r"на (\d+) л\.", letter)]
        assert counted == [part["pages"] for part in document.parts[1:]]
        assert document.parts[1]["pages"] >= 2  # the proposal runs over several pages
        # Each part numbers its own pages: the proposal's second page is «2».
        second = document.parts[1]["first_page"] + 1
        assert re.search(r"^\s*2\s*$", pdftools.text(data, first=second, last=second), re.M)


def test_letters_differ_only_in_their_addressee_and_the_attachments_are_the_same(package):
    documents = _documents(package)
    texts = []
    for document in documents:
        data = bytes(document.pdf.data)
        letter_pages = document.parts[0]["pages"]
        letter = pdftools.text(data, first=1, last=letter_pages)
        recipient = document.recipient
        for word in (
            recipient.surname_dative,
            recipient.salutation_text,
            recipient.initials_surname,
        ):
            letter = letter.replace(word, "")
        letter = re.sub(r"Уважаем\w+|И\.И\.|М\.С\.", "", letter)
        attachments = pdftools.text(data, first=letter_pages + 1)
        texts.append((pdftools.flat(letter), attachments))
    assert texts[0][0] == texts[1][0] == texts[2][0]
    assert texts[0][1] == texts[1][1] == texts[2][1]


def test_font_subsets_from_the_two_writes_keep_distinct_names(package):
    data = bytes(_documents(package)[0].pdf.data)
    with pikepdf.open(io.BytesIO(data)) as joined:
        objects_by_name = defaultdict(set)
        for font in merge._fonts(joined.pages):
            objects_by_name[str(font.BaseFont)].add(font.objgen)
            for descendant in font.get("/DescendantFonts", ()):
                assert descendant.FontDescriptor.FontName == font.BaseFont
        assert objects_by_name
        assert all(len(objects) == 1 for objects in objects_by_name.values()), objects_by_name


def test_the_attachments_are_written_once_for_all_recipients(package, monkeypatch):
    calls = []
    original = pdf.write_attachments
    monkeypatch.setattr(
        pdf, "write_attachments", lambda *a, **k: calls.append(1) or original(*a, **k)
    )
    package.status = "queued"
    package.save(update_fields=["status"])
    builds.package_build(package_id=package.pk)
    assert calls == [1]


def test_an_untagged_join_keeps_every_page_and_no_structure():
    from weasyprint import HTML

    def written(html):
        return HTML(string=html).write_pdf(pdf_variant="pdf/a-3b", pdf_tags=False)

    letter = written("<p>Письмо</p>")
    attachments = written("<p>Один</p><p style='break-before: page'>Два</p>")
    with pikepdf.open(io.BytesIO(merge.join_pdfs(letter, attachments))) as joined:
        assert "/StructTreeRoot" not in joined.Root
        assert all("/StructParents" not in page.obj for page in joined.pages)
        assert len(joined.pages) == 3

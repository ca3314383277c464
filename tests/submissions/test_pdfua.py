"""PDF/UA-1 beside PDF/A-3b, read back with pikepdf: no validator for either standard installs
from PyPI, npm or Debian (veraPDF is a Java tool), so the rules Accord's files used to break are
checked here one by one, on a package, a version PDF and the platform."""

import io
import re
import subprocess
import tempfile
from datetime import date
from io import StringIO
from itertools import pairwise
from pathlib import Path

import pikepdf
import pytest
from django.core.management import call_command

from accord.models import WorkingGroup
from proposals import demo_data
from proposals.models import Proposal, ProposalKind
from submissions import content
from submissions.models import PackageStatus, Recipient, RecipientKind
from submissions.render import pdf, pdfmeta
from submissions.selectors_packages import group_platform_documents
from submissions.services.builds import package_build
from submissions.services.packages import Signer, package_create
from tests.submissions import pdftools
from tests.submissions.helpers import approved_with_endorsements, make_recipient
from tests.submissions.test_pdf import LEGISLATIVE, LONG_TEXT, _built, _pdf_of

pytestmark = pytest.mark.slow  # every test builds a package's PDFs: seconds each

MM = 72 / 25.4

# Headings that skip: the part's title is H1, then H4, H2, H3, H5 in the member's Markdown.
HEADED = (
    "# Заголовок\n\n#### Сразу глубоко\n\nТекст.\n\n## Раздел\n\nТекст.\n\n"
    "### Подраздел\n\nТекст.\n\n##### Ещё глубже\n\nТекст.\n"
)


@pytest.fixture(autouse=True)
def _poppler():
    pdftools.need_poppler()


@pytest.fixture
def files(world) -> dict[str, bytes]:
    """A legislative package for a committee, a long proposal's version PDF, the platform."""
    _proposal, package = _built(world, LEGISLATIVE, kind=ProposalKind.LEGISLATIVE_AMENDMENT)
    headed = approved_with_endorsements(world, text=HEADED + LONG_TEXT, title="Второе")
    version = pdf.version_pdf(content.version_document(version=headed.approved_version)).data
    platform = pdf.platform_pdf(
        group=world.group,
        theme="",
        organizations=[world.organization.name],
        documents=group_platform_documents(world.group),
    ).data
    return {"package": _pdf_of(package), "version": version, "platform": platform}


def _open(data: bytes) -> pikepdf.Pdf:
    return pikepdf.open(io.BytesIO(data))


def _tags(document: pikepdf.Pdf) -> list[str]:
    return [str(element.S) for element in pdfmeta.struct_elements(document)]


def _xmp(document: pikepdf.Pdf) -> str:
    return document.Root.Metadata.read_bytes().decode("utf-8")


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


def test_xmp_declares_pdf_ua_1_beside_pdf_a_3b_and_agrees_with_info_dates(files):
    for name, data in files.items():
        with _open(data) as document:
            xmp = _xmp(document)
            assert "<pdfuaid:part>1</pdfuaid:part>" in xmp, name
            assert "<pdfaid:part>3</pdfaid:part>" in xmp, name
            assert "<pdfaid:conformance>B</pdfaid:conformance>" in xmp, name
            # PDF/A predefines no pdfuaid namespace: the extension schema must describe it.
            assert "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>" in xmp, name
            parsed = document.open_metadata()  # well-formed RDF that an XMP reader understands
            assert (parsed["pdfuaid:part"], parsed.pdfa_status) == ("1", "3B"), name
            info = document.docinfo
            created, modified = str(info.CreationDate), str(info.ModDate)
            match = re.fullmatch(r"D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)\+00'00'", created)
            assert match, (name, created)
            stamp = "{}-{}-{}T{}:{}:{}+00:00".format(*match.groups())
            assert f"<xmp:CreateDate>{stamp}</xmp:CreateDate>" in xmp, name
            assert modified == created
            assert f"<xmp:ModifyDate>{stamp}</xmp:ModifyDate>" in xmp, name
            assert str(info.Title) in xmp
            assert document.Root.MarkInfo.Marked
            assert str(document.Root.Lang) == "ru"


def test_headings_start_at_h1_and_never_skip_a_level(files):
    for name, data in files.items():
        with _open(data) as document:
            levels = [int(tag[2]) for tag in _tags(document) if re.fullmatch(r"/H[1-6]", tag)]
        assert levels, name
        assert levels[0] == 1, name
        assert all(b <= a + 1 for a, b in pairwise(levels)), (name, levels)
    with _open(files["version"]) as document:
        levels = [tag for tag in _tags(document) if re.fullmatch(r"/H[1-6]", tag)]
    # The part's title H1 and the contents' H2, then the Markdown's H4, H2, H3, H5: the H4 is
    # lifted to H3 (under the contents heading), the H5 to H4 (under the H3).
    assert levels[:6] == ["/H1", "/H2", "/H3", "/H2", "/H3", "/H4"]


def test_header_cells_have_a_scope_and_only_data_tables_are_tables(files):
    with _open(files["package"]) as document:
        elements = list(pdfmeta.struct_elements(document))
        tables = [element for element in elements if str(element.S) == "/Table"]
        # The comparison table and the endorsements list; the letter's requisites, attachment
        # list and signatures are layout, tagged as Div.
        assert len(tables) == 2
        headers = [element for element in elements if str(element.S) == "/TH"]
        assert headers
        for header in headers:
            assert str(header.A.Scope) == "/Column"


def _marked_content(page) -> list[tuple[str, int | None, bool]]:
    """(tag, MCID, shows text) for each outermost marked-content sequence on the page."""
    found, stack = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        op = str(operator)
        if op in ("BDC", "BMC"):
            properties = operands[1] if op == "BDC" else None
            mcid = (
                int(properties.MCID)
                if isinstance(properties, pikepdf.Dictionary) and "/MCID" in properties
                else None
            )
            stack.append([str(operands[0]), mcid, False])
        elif op == "EMC" and stack:
            entry = stack.pop()
            if not stack:
                found.append(tuple(entry))
            else:
                stack[-1][2] = stack[-1][2] or entry[2]
        elif op in ("Tj", "TJ", "'", '"') and stack:
            stack[-1][2] = True
    return found


def test_page_furniture_is_artifact_and_every_mcid_reaches_the_structure_tree(files):
    for name, data in files.items():
        with _open(data) as document:
            reachable = {element.objgen for element in pdfmeta.struct_elements(document)}
            tree = dict(pdfmeta._number_tree(document.Root.StructTreeRoot.ParentTree))
            artifact_text_pages = 0
            for number, page in enumerate(document.pages, start=1):
                marks = _marked_content(page)
                mapped = tree.get(int(page.obj.get("/StructParents", -1)))
                for tag, mcid, _text in marks:
                    if mcid is None:
                        continue
                    element = mapped[mcid]
                    assert element.objgen in reachable, (name, number, mcid)
                    kids = element.K if isinstance(element.K, pikepdf.Array) else [element.K]
                    assert mcid in [kid for kid in kids if isinstance(kid, int)], (name, number)
                    assert tag != "/Artifact"
                if any(tag == "/Artifact" and text for tag, _mcid, text in marks):
                    artifact_text_pages += 1
            # Every page from the second of a part shows its number as an artifact.
            assert artifact_text_pages >= 1, name


def test_page_number_box_is_at_least_10_mm_below_the_top_edge(files):
    data = files["version"]
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(data)
        boxes = subprocess.run(
            ["pdftotext", "-f", "2", "-l", "3", "-bbox", str(path), "-"],  # noqa: S607
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    pages = boxes.split("<page ")[1:]
    assert len(pages) == 2
    for number, page in zip((2, 3), pages, strict=True):
        word = re.search(r'<word xMin="[\d.]+" yMin="([\d.]+)"[^>]*>(\S+)</word>', page)
        assert word.group(2) == str(number)
        assert float(word.group(1)) >= 10 * MM


def test_catalog_lists_each_embedded_file_once_and_every_file_gets_its_own_id(world, files):
    for name, data in files.items():
        with _open(data) as document:
            specs = [spec.objgen for spec in document.Root.AF]
            assert len(specs) == len(set(specs)) == 1, name
        result = _qpdf_check(data)
        assert result.returncode == 0, (name, result.stdout, result.stderr)
    again = approved_with_endorsements(world, text=LONG_TEXT, title="Третье")
    document = content.version_document(version=again.approved_version)
    first, second = pdf.version_pdf(document).data, pdf.version_pdf(document).data
    with _open(first) as one, _open(second) as two:
        assert bytes(one.trailer.ID[0]) != bytes(two.trailer.ID[0])
    ids = set()
    for data in files.values():
        with _open(data) as document:
            ids.add(bytes(document.trailer.ID[0]))
    assert len(ids) == 3


def test_package_for_two_recipients_gives_each_file_its_own_id(world):
    recipients = [make_recipient(world.group), make_recipient(world.group, surname="Петров")]
    _proposal, package = _built(world, LONG_TEXT, recipients=recipients)
    ids = set()
    for index in range(2):
        with _open(_pdf_of(package, index)) as document:
            ids.add(bytes(document.trailer.ID[0]))
    assert len(ids) == 2


def test_an_untagged_file_declares_pdf_a_but_not_pdf_ua(world, settings):
    settings.ACCORD_PDF_TAGGED = False
    proposal = approved_with_endorsements(world, text=LONG_TEXT)
    data = pdf.version_pdf(content.version_document(version=proposal.approved_version)).data
    with _open(data) as document:
        xmp = _xmp(document)
        assert "/StructTreeRoot" not in document.Root
    assert "pdfuaid:part" not in xmp
    assert "<pdfaid:part>3</pdfaid:part>" in xmp


def _marks(data: bytes) -> list[list[tuple[str, int | None, bool]]]:
    with _open(data) as document:
        return [_marked_content(page) for page in document.pages]


def test_content_streams_not_written_by_weasyprint_get_the_same_artifacts(world, monkeypatch):
    proposal = approved_with_endorsements(world, text=LONG_TEXT)
    document = content.version_document(version=proposal.approved_version)
    monkeypatch.setattr(pdf, "finished_pdf", lambda data, **options: data)
    raw = pdf.version_pdf(document).data
    fast = pdfmeta.finished_pdf(raw, identity="x", tagged=True)
    monkeypatch.setattr(pdfmeta, "_rewrite_marks_fast", lambda *args: False)
    parsed = pdfmeta.finished_pdf(raw, identity="x", tagged=True)
    assert _marks(fast) == _marks(parsed)
    assert any(tag == "/Artifact" and text for page in _marks(parsed) for tag, _m, text in page)


def _levels(data: bytes) -> list[int]:
    with _open(data) as document:
        return [int(tag[2]) for tag in _tags(document) if re.fullmatch(r"/H[1-6]", tag)]


def test_demo_bill_package_is_tagged_as_pdf_ua_asks(db):
    call_command("seed_demo", stdout=StringIO())
    group = WorkingGroup.objects.get(theme=demo_data.APPROVED_THEME)
    proposal = Proposal.objects.get(group=group)
    chair = Recipient.objects.filter(group=group, kind=RecipientKind.COMMITTEE).first()
    membership = group.memberships.select_related("user", "organization").first()
    package = package_create(
        proposal=proposal,
        version=proposal.approved_version,
        actor=membership.user,
        recipients=[chair],
        authors=[(membership.organization, "1")],
        signatories=[Signer("Председатель правления", "А.С. Петрова")],
        letter_date=date(2026, 6, 5),
        heading="О проекте федерального закона",
        body="Направляем проект.",
        executor_name="Петрова Анна Сергеевна",
        executor_phone="+7 (383) 200-00-01",
        executor_email="petrova@example.org",
    )
    package_build(package_id=package.pk)
    package.refresh_from_db()
    assert package.status == PackageStatus.READY, package.error
    data = _pdf_of(package)
    levels = _levels(data)
    assert levels[0] == 1
    assert all(b <= a + 1 for a, b in pairwise(levels)), levels
    with _open(data) as document:
        for element in pdfmeta.struct_elements(document):
            if str(element.S) == "/TH":
                assert "/Scope" in element.A
        assert len(document.Root.AF) == 1
        assert "<pdfuaid:part>1</pdfuaid:part>" in _xmp(document)
    assert _qpdf_check(data).returncode == 0

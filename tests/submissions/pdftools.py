"""Poppler's command-line tools, the independent reader of the PDFs Accord writes."""

import shutil
import subprocess
import tempfile
from pathlib import Path

from tests.conftest import require_service


def need_poppler() -> None:
    require_service(
        all(
            shutil.which(tool) for tool in ("pdftotext", "pdffonts", "pdfinfo", "pdfdetach", "qpdf")
        ),
        "poppler-utils (pdftotext, pdffonts, pdfinfo, pdfdetach) or qpdf is not installed",
    )


def _run(tool: str, pdf: bytes, *args: str) -> str:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "file.pdf"
        path.write_bytes(pdf)
        result = subprocess.run(
            [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])],
            check=True,
            capture_output=True,
            timeout=60,
        )
    return result.stdout.decode("utf-8")


def text(pdf: bytes, *, first: int | None = None, last: int | None = None) -> str:
    args = []
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return _run("pdftotext", pdf, "-enc", "UTF-8", *args)


def flat(value: str) -> str:
    """Whitespace collapsed: line breaks in the PDF are not part of the text."""
    return " ".join(value.split())


def fonts(pdf: bytes) -> list[dict]:
    lines = _run("pdffonts", pdf).splitlines()[2:]
    rows = []
    for line in lines:
        columns = line.split()
        # name type... encoding emb sub uni object ID: the last five columns are fixed.
        rows.append({"name": columns[0], "emb": columns[-5], "sub": columns[-4]})
    return rows


def info(pdf: bytes) -> str:
    return _run("pdfinfo", pdf)


def metadata(pdf: bytes) -> str:
    return _run("pdfinfo", pdf, "-meta")


def attachments(pdf: bytes) -> str:
    return _run("pdfdetach", pdf, "-list")


def attached_file(pdf: bytes, number: int = 1) -> bytes:
    """The bytes of the PDF's `number`-th embedded file (pdfdetach -save)."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "attached"
        source.write_bytes(pdf)
        subprocess.run(
            ["pdfdetach", "-save", str(number), "-o", str(target), str(source)],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=60,
        )
        return target.read_bytes()


def uncompressed(pdf: bytes) -> bytes:
    """The PDF with object streams expanded (qpdf), so its dictionaries can be searched."""
    with tempfile.TemporaryDirectory() as folder:
        source, target = Path(folder) / "in.pdf", Path(folder) / "out.pdf"
        source.write_bytes(pdf)
        subprocess.run(
            ["qpdf", "--qdf", "--object-streams=disable", str(source), str(target)],  # noqa: S607
            check=True,
            capture_output=True,
            timeout=60,
        )
        return target.read_bytes()


def pages(pdf: bytes) -> int:
    for line in info(pdf).splitlines():
        if line.startswith("Pages:"):
            return int(line.split()[1])
    raise AssertionError("pdfinfo printed no page count")

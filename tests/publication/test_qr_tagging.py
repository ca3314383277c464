"""The QR code sits in a page margin box: page furniture, marked as an artifact, so the tagged
letter (PDF/UA-1) stays whole."""

import io

import pikepdf
import pytest

from tests.publication.test_verify import sent_package  # noqa: F401 (fixture)

pytestmark = pytest.mark.slow


def test_the_qr_code_is_drawn_inside_an_artifact(sent_package):  # noqa: F811
    _proposal, data = sent_package
    with pikepdf.open(io.BytesIO(data)) as document:
        stack, lines = [], {"artifact": 0, "other": 0}
        for operands, operator in pikepdf.parse_content_stream(document.pages[0]):
            name = str(operator)
            if name in ("BDC", "BMC"):
                stack.append(str(operands[0]))
            elif name == "EMC" and stack:
                stack.pop()
            elif name == "l":  # segno draws the modules as line segments
                lines["artifact" if "/Artifact" in stack else "other"] += 1
    assert lines["artifact"] > 100
    assert lines["other"] == 0

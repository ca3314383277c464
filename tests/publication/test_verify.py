"""Verification: the package PDF an official received verifies, a changed byte does not, and
the cover letter's QR code decodes to the version's verification URL."""

import shutil
import subprocess
from datetime import timedelta

import pytest
import zxingcpp
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from accord.models import Role
from publication import services
from submissions.models import SubmissionChannel
from submissions.services import builds, tracking
from tests import factories
from tests.submissions.helpers import approved_with_endorsements, make_package

pytestmark = pytest.mark.slow


@pytest.fixture
def sent_package(world):
    coordinator = world.users[Role.COORDINATOR]
    services.group_profile_update(
        group=world.group,
        actor=coordinator,
        slug="zashchita-detey",
        about="",
        listed_organizations=list(world.group.organizations.all()),
        allow_indexing=True,
        published=True,
    )
    organization = world.organization
    organization.legal_name = "РОО «Защита детства»"
    organization.postal_address = "ул. Ленина, д. 1, Новосибирск, 630000"
    organization.save()
    proposal = approved_with_endorsements(
        world, text="# Предложения\n\nРебёнок имеет право на семью.\n", title="О защите детей"
    )
    package = make_package(world, proposal, [factories.make_recipient(group=world.group)])
    package.status = "queued"
    package.progress = 0
    package.save()
    package = builds.package_build(package_id=package.pk)
    document = package.documents.get()
    tracking.submission_record(
        document=document,
        channel=SubmissionChannel.EMAIL,
        sent_on=timezone.localdate() - timedelta(days=2),
        actor=coordinator,
    )
    services.proposal_publish(proposal=proposal, actor=coordinator)
    return proposal, bytes(document.pdf.data)


def _verify_upload(client, name, data):
    return client.post(
        "/public/verify/", {"file": SimpleUploadedFile(name, data, "application/pdf")}
    )


def test_the_package_pdf_verifies_and_a_changed_byte_does_not(client, sent_package):
    proposal, pdf = sent_package
    good = _verify_upload(client, "package.pdf", pdf)
    assert good.status_code == 200
    text = good.content.decode()
    assert "О защите детей" in text
    assert proposal.group.name in text
    assert good["Cache-Control"] == "no-store"
    # One byte changed, in the middle of the file: another hash, unknown.
    changed = bytearray(pdf)
    middle = len(changed) // 2
    changed[middle] = (changed[middle] + 1) % 256
    bad = _verify_upload(client, "package.pdf", bytes(changed))
    assert bad.status_code == 200
    assert "О защите детей" not in bad.content.decode()
    assert "notice--warning" in bad.content.decode()


def test_the_public_pdf_and_the_version_hash_verify(client, sent_package):
    proposal, _pdf = sent_package
    downloaded = client.get(f"/public/proposals/{proposal.public_id}/pdf")
    assert downloaded.status_code == 200
    assert "О защите детей" in _verify_upload(client, "v.pdf", downloaded.content).content.decode()
    by_hash = client.get("/public/verify/", {"sha256": proposal.approved_version.sha256.upper()})
    assert "О защите детей" in by_hash.content.decode()
    assert client.get("/public/verify/", {"sha256": "0" * 64}).status_code == 200
    assert client.get("/public/verify/", {"sha256": "xyz"}).status_code == 400
    assert client.get(f"/public/verify/{'0' * 64}/").status_code == 404


def test_the_upload_is_size_limited(client, settings, sent_package):
    settings.ACCORD_PUBLIC_VERIFY_MAX_BYTES = 1000
    response = _verify_upload(client, "big.pdf", b"%PDF" + b"0" * 5000)
    assert response.status_code == 400
    assert "MB" in response.content.decode() or "МБ" in response.content.decode()


def test_the_cover_letter_qr_code_decodes_to_the_verify_url(tmp_path, sent_package, settings):
    proposal, pdf = sent_package
    source = tmp_path / "package.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [
            shutil.which("pdftoppm"),
            "-png",
            "-r",
            "200",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(source),
            str(tmp_path / "page1"),
        ],
        check=True,
    )
    image = Image.open(tmp_path / "page1.png")
    codes = zxingcpp.read_barcodes(image)
    assert len(codes) == 1
    expected = f"{settings.ACCORD_SITE_URL}/public/verify/{proposal.approved_version.sha256}/"
    assert codes[0].text == expected
    # At the bottom right of page 1: its centre in the right third and the lowest eighth.
    position = codes[0].position
    xs = [position.top_left.x, position.bottom_right.x]
    ys = [position.top_left.y, position.bottom_right.y]
    assert min(xs) > image.width * 2 / 3
    assert min(ys) > image.height * 7 / 8

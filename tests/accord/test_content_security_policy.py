"""Every page is served under an enforced Content-Security-Policy with no inline script."""

import re
from pathlib import Path

from django.urls import reverse

HEADER = "Content-Security-Policy"


def directives(response) -> dict[str, list[str]]:
    policy = response[HEADER]
    return {
        name: values
        for name, *values in (part.split() for part in policy.split(";") if part.strip())
    }


def test_the_sign_in_page_is_served_under_an_enforced_policy(client):
    response = client.get(reverse("login"))
    assert "Content-Security-Policy-Report-Only" not in response
    policy = directives(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in policy["style-src"]
    assert "'unsafe-eval'" not in response[HEADER]


def test_the_editor_page_gives_codemirror_the_nonce_of_its_header(client, world):
    client.force_login(world.users["editor"])
    response = client.get(reverse("proposal_edit", args=[world.proposal.public_id]))
    assert response.status_code == 200
    nonce = re.search(r'<meta name="csp-nonce" content="([^"]+)"', response.text).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    assert "nonce" not in directives(response)["script-src"]


def test_the_api_docs_have_no_inline_script(client, world):
    client.force_login(world.users["editor"])
    response = client.get(reverse("api-docs"))
    assert response.status_code == 200
    scripts = re.findall(r"<script([^>]*)>", response.text)
    assert scripts
    assert all("src=" in attributes for attributes in scripts)
    nonce = re.search(r'<style nonce="([^"]+)"', response.text).group(1)
    assert f"'nonce-{nonce}'" in directives(response)["style-src"]
    start = client.get(reverse("api-docs") + "?script=")
    assert start.status_code == 200
    assert start["Content-Type"].startswith("application/javascript")


def test_templates_have_no_inline_scripts_or_handlers():
    root = Path(__file__).resolve().parents[2]
    offenders = []
    for path in root.glob("*/templates/**/*.html"):
        if "/print/" in str(path):  # WeasyPrint's templates: never served to a browser
            continue
        text = path.read_text()
        for match in re.finditer(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", text):
            offenders.append(f"{path.relative_to(root)}: {match.group(0)}")
        for match in re.finditer(r"\son[a-z]+\s*=\s*[\"']", text):
            offenders.append(f"{path.relative_to(root)}: {match.group(0)}")
    assert offenders == []

"""Rendering is bounded: pathological Markdown is refused quickly with a clear message, a render
that runs too long is stopped, stored texts still show, and renders are cached (issue 10)."""

import time

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from accord.models import Role
from proposals.markdown import MarkdownTooComplex, render_markdown, render_markdown_with_toc
from proposals.services import markdown_from_upload

# The attacks of the issue: before, each took 9–120+ s of CPU or raised RecursionError (500).
PATHOLOGICAL = {
    "19 KB of [": ("[" * 19_000, "квадратных скоб"),
    "a list nested 600 deep": ("".join("    " * i + "- x\n" for i in range(600)), "вложены"),
    "quotes nested 600 deep": ("".join(">" * i + " x\n" for i in range(1, 601)), "вложены"),
    "a run of underscores": ("_" * 5000 + "x" + "_" * 5000, "вложены"),
    "nested underscores": ("_a " * 3000 + "x" + " a_" * 3000, "вложены"),
    "nested links": ("[a " * 5000 + "x" + "](u)" * 5000, "квадратных скоб"),
    "50,000 headings": ("".join(f"# h{i}\n" for i in range(50_000)), "заголовков"),
    "50,000 headings in paragraphs": ("".join(f"# h{i}\n\n" for i in range(50_000)), "заголовков"),
    "20,000 footnotes": (
        "".join(f"t[^{i}]\n" for i in range(20_000))
        + "\n"
        + "".join(f"[^{i}]: n\n" for i in range(20_000)),
        "сносок",
    ),
    "2,000 abbreviations": ("".join(f"*[A{i}]: a\n" for i in range(2000)), "сокращений"),
    "8,000 rules without blank lines": ("***\n" * 8000, "строк"),
}


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize("name", list(PATHOLOGICAL))
def test_preview_of_pathological_markdown_is_a_quick_400_with_the_reason(client, world, name):
    text, reason = PATHOLOGICAL[name]
    client.force_login(world.users[Role.OBSERVER])
    url = reverse("proposal_preview", args=[world.proposal.public_id])
    started = time.process_time(), time.monotonic()
    response = client.post(
        url, text, content_type="text/plain; charset=utf-8", HTTP_ACCEPT_LANGUAGE="en"
    )
    cpu, wall = time.process_time() - started[0], time.monotonic() - started[1]
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/plain")
    assert reason in response.content.decode()
    assert cpu < 10, f"{name}: {cpu:.2f} s CPU"
    assert wall < 15, f"{name}: {wall:.2f} s"
    # The server keeps working.
    ok = client.post(url, "**жирный**", content_type="text/plain; charset=utf-8")
    assert ok.status_code == 200
    assert "<strong>жирный</strong>" in ok.content.decode()


def test_a_render_past_the_time_limit_is_stopped_and_the_next_one_works(settings):
    settings.ACCORD_MARKDOWN_RENDER_SECONDS = 0.05
    slow = "[" * 1500  # under the bracket limit, but about half a second to render
    started = time.monotonic()
    with pytest.raises(MarkdownTooComplex) as refused:
        render_markdown(slow)
    assert refused.value.code == "timeout"
    assert time.monotonic() - started < 5
    settings.ACCORD_MARKDOWN_RENDER_SECONDS = 10
    assert str(render_markdown("*курсив*")) == "<p><em>курсив</em></p>"


def test_an_ordinary_document_passes_the_limits():
    text = "\n\n".join(
        [
            "[TOC]",
            *(f"## Статья {n}\n\nТекст[^{n}] со [ссылкой](https://example.org/{n}) и **жирным**."
              for n in range(300)),
            "\n".join(f"{'    ' * depth}- уровень {depth}" for depth in range(8)),
            "> цитата\n> > вложенная",
            "| a | b |\n| --- | --- |\n" + "| 1 | 2 |\n" * 1000,
            *(f"[^{n}]: Примечание {n}." for n in range(300)),
        ]
    )  # fmt: skip
    body, toc = render_markdown_with_toc(text)
    assert body.count("<h2") == 300
    assert toc.count("<li") == 300


def test_stored_text_past_the_limits_is_shown_plain_with_the_reason(client, world):
    world.proposal.text = "# Заголовок\n\n" + "[" * 19_000
    world.proposal.save(update_fields=["text"])
    client.force_login(world.users[Role.OBSERVER])
    for name in ("proposal_detail", "proposal_edit"):
        response = client.get(reverse(name, args=[world.proposal.public_id]))
        assert response.status_code == 200
        assert "render-refused" in response.content.decode()


def test_renderings_are_cached_by_text_including_refusals(monkeypatch):
    from proposals import render_worker

    calls = []
    real = render_worker.render_in_worker

    def counting(text, *, with_toc):
        calls.append(text)
        return real(text, with_toc=with_toc)

    monkeypatch.setattr(render_worker, "render_in_worker", counting)
    assert render_markdown("**раз**") == render_markdown("**раз**")
    assert len(calls) == 1
    for _attempt in range(2):
        with pytest.raises(MarkdownTooComplex):
            render_markdown("_a " * 3000 + "x" + " a_" * 3000)
    assert len(calls) == 2


class _HugeUpload:
    name = "big.md"
    size = 300 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("a file over the limit must not be read")


def test_a_markdown_upload_over_the_limit_is_refused_before_it_is_read():
    with pytest.raises(ValidationError):
        markdown_from_upload(upload=_HugeUpload())


def test_a_markdown_upload_reads_at_most_the_limit(settings):
    settings.ACCORD_MAX_MARKDOWN_UPLOAD_BYTES = 10
    upload = SimpleUploadedFile("x.md", b"a" * 5)
    upload.size = 5  # a size that lies: the bytes read are counted too
    upload.file.write(b"b" * 100)
    upload.file.seek(0)
    with pytest.raises(ValidationError):
        markdown_from_upload(upload=upload)

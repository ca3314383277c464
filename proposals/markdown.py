"""The one Markdown renderer: pages, live preview and exports all call `render_markdown`.

Python-Markdown turns the text into HTML; nh3 (the Ammonia sanitizer) then keeps only the
allow-listed tags, attributes and URL schemes below, so nothing a member writes can run
script in another member's browser. Raw HTML in the source is not trusted: it passes
through the same sanitizer.

Rendering is bounded (issue 10): Python-Markdown is quadratic in some constructs (unclosed
«[», lines of headings without blank lines, footnotes, abbreviations) and recursive in nesting
(lists, emphasis). So a text is first checked against limits that keep every construct cheap
(`check_complexity`, a `MarkdownTooComplex` with a clear message when one is passed), and then
rendered in a worker process with a time limit (`proposals/render_worker.py`): a text that
still takes too long costs at most `ACCORD_MARKDOWN_RENDER_SECONDS` of one worker, which is then
killed. Results, refusals included, are cached by the text's SHA-256 (versions are immutable).

Internal parts (proposals.internal) are shown to members in a labelled box. The box is put in
after sanitizing, at random one-time placeholders, so a member cannot forge one (a forged box
would look internal and still be exported); exports render only `internal.exportable` text.
"""

import hashlib
import re
import secrets
from collections.abc import Callable

import markdown
import nh3
from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from markdown.extensions.toc import slugify_unicode

from proposals import internal, render_worker

ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "b", "blockquote", "br", "caption", "code", "col", "colgroup", "dd",
        "del", "details", "div", "dl", "dt", "em", "h1", "h2", "h3", "h4", "h5", "h6", "hr",
        "i", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "s", "small", "span",
        "strong", "sub", "summary", "sup", "table", "tbody", "td", "tfoot", "th", "thead",
        "tr", "u", "ul",
    }
)  # fmt: skip

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
ALLOWED_ATTRIBUTES = {
    **{tag: {"id"} for tag in _HEADINGS},
    "a": {"href", "title", "id"},
    "abbr": {"title"},
    "div": {"id"},
    "li": {"id"},
    "ol": {"start"},
    "sup": {"id"},
    "td": {"align", "colspan", "rowspan"},
    "th": {"align", "colspan", "rowspan", "scope"},
}
ALLOWED_URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# Anchors from the table of contents and footnotes keep their ids; everything else is dropped.
_ALLOWED_CLASSES = {
    "a": {"footnote-ref", "footnote-backref", "toc-link"},
    "div": {"footnote", "toc"},
    "span": {"toctitle"},
}

_EXTENSIONS = ["tables", "footnotes", "toc", "sane_lists", "fenced_code", "abbr", "def_list"]
_EXTENSION_CONFIGS = {
    # `align` instead of `style`, which the sanitizer removes.
    "tables": {"use_align_attribute": True},
    # Stable, readable ids for Cyrillic headings: «Цели и задачи» → «цели-и-задачи».
    "toc": {"slugify": slugify_unicode, "permalink": False, "toc_depth": "1-4"},
    "footnotes": {"UNIQUE_IDS": False, "BACKLINK_TITLE": "↩"},
}


# Only in the second pass, after the first removed every class a member wrote.
_INTERNAL_CLASSES = {
    "div": {"internal-part", "internal-part--wording"},
    "p": {"internal-part__label"},
}


def _sanitize(html: str, extra_classes: dict | None = None) -> str:
    classes = {tag: set(names) for tag, names in _ALLOWED_CLASSES.items()}
    for tag, names in (extra_classes or {}).items():
        classes.setdefault(tag, set()).update(names)
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes=classes,
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def sanitize(html: str, extra_classes: dict | None = None) -> str:
    """The renderer's sanitizer again, for HTML built from rendered text (the formatted redline).

    Keeps the internal boxes' classes: the text was rendered, so every class a member wrote is
    already gone."""
    classes = {tag: set(names) for tag, names in _INTERNAL_CLASSES.items()}
    for tag, names in (extra_classes or {}).items():
        classes.setdefault(tag, set()).update(names)
    return _sanitize(html, classes)


def convert(text: str, *, with_toc: bool) -> tuple[str, str]:
    """Markdown to sanitized (body, table of contents), unbounded: the render worker calls it."""
    converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    body = _sanitize(converter.convert(text or ""))
    return body, _sanitize(getattr(converter, "toc", "")) if with_toc else ""


# Bump when the output changes, so that cached renderings are not reused.
RENDERER_VERSION = 2
MAX_NESTING = 32
MAX_BLOCK_LINES = 2000
MAX_HEADINGS = 5000
MAX_FOOTNOTES = 2000
MAX_ABBREVIATIONS = 300
# Characters the link parser walks from each «[» to its «]» (or the end of the paragraph).
MAX_BRACKET_SCAN = 2_000_000

LIMIT_MESSAGES = {
    "length": _("The text is too long: at most %(count)d characters."),
    "nesting": _("Lists or quotes are nested too deeply: at most %(count)d levels."),
    "block_lines": _(
        "A paragraph has too many lines: at most %(count)d. Separate the lines with blank lines."
    ),
    "headings": _("The text has too many headings: at most %(count)d."),
    "footnotes": _("The text has too many footnotes: at most %(count)d."),
    "abbreviations": _("The text has too many abbreviations: at most %(count)d."),
    "brackets": _(
        "The text has too many unclosed square brackets. Close them, or write \\[ for a bracket."
    ),
    "recursion": _("Emphasis, links or lists are nested too deeply."),
    "timeout": _("The text is too complex to format in time. Simplify its formatting."),
    "busy": _("The text cannot be formatted right now. Try again in a moment."),
}


class MarkdownTooComplex(ValidationError):
    """A text the renderer refuses; `messages` says why, in the active language."""

    def __init__(self, code: str, count: int = 0):
        super().__init__(LIMIT_MESSAGES[code], code=code, params={"count": count})


_BLOCK_SEPARATOR = re.compile(r"\n[ \t]*\n")
_DEEP_LIST_ITEM = re.compile(rf"^ {{{4 * MAX_NESTING},}}(?:[-*+]|\d+[.)])(?:[ \t]|$)", re.M)
_DEEP_QUOTE = re.compile(rf"^[ \t]*(?:>[ \t]*){{{MAX_NESTING + 1}}}", re.M)
_HEADING = re.compile(r"^ {0,3}#{1,6}(?:[ \t]|$)", re.M)
_ABBREVIATION = re.compile(r"^[ \t]*\*\[", re.M)
_BRACKET = re.compile(r"\\.|[\[\]]")


def _bracket_scan(block: str) -> int:
    cost, open_at = 0, []
    for match in _BRACKET.finditer(block):
        bracket = match.group()
        if bracket == "[":
            open_at.append(match.start())
        elif bracket == "]" and open_at:
            cost += match.start() - open_at.pop()
    return cost + sum(len(block) - start for start in open_at)


def check_complexity(text: str) -> None:
    """Raise MarkdownTooComplex when `text` passes a limit that keeps rendering cheap."""
    if len(text) > settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS:
        raise MarkdownTooComplex("length", settings.ACCORD_MAX_PROPOSAL_TEXT_CHARS)
    expanded = text.expandtabs(4) if "\t" in text else text
    if _DEEP_LIST_ITEM.search(expanded) or _DEEP_QUOTE.search(expanded):
        raise MarkdownTooComplex("nesting", MAX_NESTING)
    if len(_HEADING.findall(text)) > MAX_HEADINGS:
        raise MarkdownTooComplex("headings", MAX_HEADINGS)
    if text.count("[^") > 2 * MAX_FOOTNOTES:
        raise MarkdownTooComplex("footnotes", MAX_FOOTNOTES)
    if len(_ABBREVIATION.findall(text)) > MAX_ABBREVIATIONS:
        raise MarkdownTooComplex("abbreviations", MAX_ABBREVIATIONS)
    scan = 0
    for block in _BLOCK_SEPARATOR.split(text):
        if block.count("\n") >= MAX_BLOCK_LINES:
            raise MarkdownTooComplex("block_lines", MAX_BLOCK_LINES)
        if "[" in block:
            scan += _bracket_scan(block)
            if scan > MAX_BRACKET_SCAN:
                raise MarkdownTooComplex("brackets")


def internal_label() -> str:
    return gettext("Internal — will not appear in documents")


def wording_label() -> str:
    return gettext("The act's wording — the changes will go into the generated bill")


def _render_boxed(
    text: str, *, with_toc: bool, keep_heading: Callable[[str], bool] | None
) -> tuple[str, str]:
    """Render in a worker, then box the internal parts at this render's one-time placeholders."""
    token = secrets.token_hex(12)
    start, end = f"accordinternal{token}start", f"accordinternal{token}end"
    wording = f"accordwording{token}start"
    source, parts = internal.marked(
        text, start=start, end=end, keep_heading=keep_heading, wording_start=wording
    )
    try:
        body, toc = render_worker.render_in_worker(source, with_toc=with_toc)
    except render_worker.RenderRefused as refused:
        raise MarkdownTooComplex(refused.code) from None
    if parts:
        box = (
            '<div class="internal-part"><p class="internal-part__label">'
            f"{escape(internal_label())}</p>"
        )
        wording_box = (
            '<div class="internal-part internal-part--wording">'
            f'<p class="internal-part__label">{escape(wording_label())}</p>'
        )
        body = body.replace(f"<p>{start}</p>", box).replace(f"<p>{end}</p>", "</div>")
        body = body.replace(f"<p>{wording}</p>", wording_box)
        body = body.replace(start, "").replace(end, "").replace(wording, "")
        body = _sanitize(body, _INTERNAL_CLASSES)
    return body, toc


def _render(
    text: str, *, with_toc: bool, keep_heading: Callable[[str], bool] | None = None
) -> tuple[str, str]:
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    # The internal box's label is in the reader's language: cached per language.
    rule = getattr(keep_heading, "__qualname__", "all") if keep_heading else "all"
    key = (
        f"accord:markdown:{RENDERER_VERSION}:{int(with_toc)}:{rule}:"
        f"{get_language() or '-'}:{digest}"
    )
    cached = cache.get(key)
    if cached is None:
        try:
            check_complexity(text)
            cached = ("ok", *_render_boxed(text, with_toc=with_toc, keep_heading=keep_heading))
        except MarkdownTooComplex as refusal:
            cached = ("refused", refusal.code, refusal.params["count"])
            if refusal.code == "busy":
                raise
        cache.set(key, cached, timeout=24 * 3600)
    if cached[0] == "refused":
        raise MarkdownTooComplex(cached[1], cached[2])
    return cached[1], cached[2]


KeepHeading = Callable[[str], bool] | None


def render_markdown(text: str, *, keep_heading: KeepHeading = None) -> SafeString:
    """Render Markdown to sanitized HTML, safe to put into any page or export. Internal parts
    are boxed and labelled (`keep_heading`: a legislative proposal's documents, see
    proposals.internal); exports pass text without them.

    Raises MarkdownTooComplex for a text past the renderer's limits."""
    body, _toc = _render(text or "", with_toc=False, keep_heading=keep_heading)
    return mark_safe(body)  # noqa: S308 - sanitized by convert() and _render_boxed()


def render_markdown_with_toc(
    text: str, *, keep_heading: KeepHeading = None
) -> tuple[SafeString, SafeString]:
    """Render Markdown and return (body, table of contents), both sanitized."""
    body, toc = _render(text or "", with_toc=True, keep_heading=keep_heading)
    return mark_safe(body), mark_safe(toc)  # noqa: S308 - sanitized by convert()


def _plain_fallback(text: str, refusal: MarkdownTooComplex) -> SafeString:
    return format_html(
        '<p class="render-refused"><strong>{}</strong> {}</p><pre>{}</pre>',
        _("This text is shown without formatting:"),
        " ".join(refusal.messages),
        text,
    )


def render_stored_markdown(text: str, *, keep_heading: KeepHeading = None) -> SafeString:
    """For pages showing a stored text: a text past the limits is shown as plain text, with
    the reason, instead of failing the page."""
    try:
        return render_markdown(text, keep_heading=keep_heading)
    except MarkdownTooComplex as refusal:
        return _plain_fallback(text or "", refusal)


def render_stored_markdown_with_toc(
    text: str, *, keep_heading: KeepHeading = None
) -> tuple[SafeString, SafeString]:
    try:
        return render_markdown_with_toc(text, keep_heading=keep_heading)
    except MarkdownTooComplex as refusal:
        return _plain_fallback(text or "", refusal), mark_safe("")

"""The one Markdown renderer: pages, live preview and exports all call `render_markdown`.

Python-Markdown turns the text into HTML; nh3 (the Ammonia sanitizer) then keeps only the
allow-listed tags, attributes and URL schemes below, so nothing a member writes can run
script in another member's browser. Raw HTML in the source is not trusted: it passes
through the same sanitizer.

Internal parts (proposals.internal) are shown to members in a labelled box. The box is put in
after sanitizing, at random one-time placeholders, so a member cannot forge one (a forged box
would look internal and still be exported); exports render only `internal.exportable` text.
"""

import secrets
from collections.abc import Callable

import markdown
import nh3
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext
from markdown.extensions.toc import slugify_unicode

from proposals import internal

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
_INTERNAL_CLASSES = {"div": {"internal-part"}, "p": {"internal-part__label"}}


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


def export_sections(proposal) -> Callable[[str], bool] | None:
    """For a legislative proposal, which `##` sections go into its package (the others are
    internal, boxed on members' pages); None for other kinds, whose sections all go."""
    from proposals.models import ProposalKind
    from submissions.legislative import is_package_document

    if proposal.kind == ProposalKind.LEGISLATIVE_AMENDMENT:
        return is_package_document
    return None


def package_section_starts(proposal) -> list[str] | None:
    """For the editor: how a legislative proposal's document headings begin (the editor marks
    the other `##` sections internal, as the export does); None for other kinds."""
    from proposals.models import ProposalKind
    from submissions.legislative import SECTION_KEYS

    if proposal.kind != ProposalKind.LEGISLATIVE_AMENDMENT:
        return None
    return [start for starts in SECTION_KEYS.values() for start in starts]


def internal_label() -> str:
    return gettext("Internal — will not appear in documents")


def _render(text: str, keep_heading: Callable[[str], bool] | None) -> tuple[str, str]:
    token = secrets.token_hex(12)
    start, end = f"accordinternal{token}start", f"accordinternal{token}end"
    source, parts = internal.marked(text or "", start=start, end=end, keep_heading=keep_heading)
    converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    body = _sanitize(converter.convert(source))
    toc = _sanitize(getattr(converter, "toc", ""))
    if parts:
        box = (
            '<div class="internal-part"><p class="internal-part__label">'
            f"{escape(internal_label())}</p>"
        )
        body = body.replace(f"<p>{start}</p>", box).replace(f"<p>{end}</p>", "</div>")
        body = _sanitize(body.replace(start, "").replace(end, ""), _INTERNAL_CLASSES)
    return body, toc


def render_markdown(text: str, *, keep_heading: Callable[[str], bool] | None = None) -> SafeString:
    """Render Markdown to sanitized HTML, safe to put into any page or export. Internal parts
    are boxed and labelled (`keep_heading`: a legislative proposal's documents, see
    proposals.internal); exports pass text without them."""
    body, _toc = _render(text, keep_heading)
    return mark_safe(body)  # noqa: S308 - sanitized in _render


def render_markdown_with_toc(
    text: str, *, keep_heading: Callable[[str], bool] | None = None
) -> tuple[SafeString, SafeString]:
    """Render Markdown and return (body, table of contents), both sanitized."""
    body, toc = _render(text, keep_heading)
    return mark_safe(body), mark_safe(toc)  # noqa: S308

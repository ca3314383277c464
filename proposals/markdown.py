"""The one Markdown renderer: pages, live preview and exports all call `render_markdown`.

Python-Markdown turns the text into HTML; nh3 (the Ammonia sanitizer) then keeps only the
allow-listed tags, attributes and URL schemes below, so nothing a member writes can run
script in another member's browser. Raw HTML in the source is not trusted: it passes
through the same sanitizer.
"""

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown.extensions.toc import slugify_unicode

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


def _sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        allowed_classes={tag: set(classes) for tag, classes in _ALLOWED_CLASSES.items()},
        url_schemes=set(ALLOWED_URL_SCHEMES),
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def render_markdown(text: str) -> SafeString:
    """Render Markdown to sanitized HTML, safe to put into any page or export."""
    converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    return mark_safe(_sanitize(converter.convert(text or "")))  # noqa: S308 - sanitized above


def render_markdown_with_toc(text: str) -> tuple[SafeString, SafeString]:
    """Render Markdown and return (body, table of contents), both sanitized."""
    converter = markdown.Markdown(extensions=_EXTENSIONS, extension_configs=_EXTENSION_CONFIGS)
    body = converter.convert(text or "")
    toc = getattr(converter, "toc", "")
    return mark_safe(_sanitize(body)), mark_safe(_sanitize(toc))  # noqa: S308

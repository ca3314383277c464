"""The one Markdown renderer: its features work and nothing it emits can run script.

Every vector is checked twice: by `executable_constructs`, a small HTML parser that reports
anything a browser could execute or that falls outside the renderer's allow-list, and by a
plain substring check on the raw output, so a parser quirk cannot hide a hole.
"""

import re
from html.parser import HTMLParser

import pytest
from django.utils.safestring import SafeString
from hypothesis import given, settings
from hypothesis import strategies as st

from proposals.markdown import render_markdown, render_markdown_with_toc

# ---------------------------------------------------------------------------------------------
# The checker
# ---------------------------------------------------------------------------------------------

FORBIDDEN_TAGS = frozenset(
    {
        "script", "iframe", "frame", "frameset", "object", "embed", "applet", "svg", "math",
        "style", "link", "meta", "base", "form", "input", "button", "textarea", "select",
        "img", "video", "audio", "source",
    }
)  # fmt: skip
URL_ATTRIBUTES = frozenset(
    {"href", "src", "action", "formaction", "xlink:href", "background", "srcset", "poster"}
)
SAFE_SCHEMES = frozenset({"http", "https", "mailto", "tel"})

# The WHATWG URL parser, which every browser follows, trims C0 controls and spaces from both
# ends and removes tab, LF and CR everywhere before reading the scheme: " \x0ejav\tascript:"
# is "javascript:" to a browser. An interior space or other control ends the scheme, so
# "java script:x" is a harmless relative path, and the checker must not flag it.
_URL_EDGE_NOISE = "".join(map(chr, range(0x21)))
_URL_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


class _ExecutableConstructFinder(HTMLParser):
    def __init__(self) -> None:
        # convert_charrefs=True: text and attribute values arrive html-unescaped, as a browser
        # would read them ("&#106;avascript:" is seen as "javascript:").
        super().__init__(convert_charrefs=True)
        self.findings: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in FORBIDDEN_TAGS:
            self.findings.append(f"<{tag}> tag")
        for name, value in attrs:
            if name.startswith("on"):
                self.findings.append(f"<{tag} {name}> event handler")
            elif name == "style":
                self.findings.append(f"<{tag} style> attribute")
            elif name in URL_ATTRIBUTES and value is not None:
                scheme = _unsafe_scheme(value)
                if scheme is not None:
                    self.findings.append(f"<{tag} {name}> with {scheme}: URL")


def _unsafe_scheme(url: str) -> str | None:
    """The URL's scheme if it is one we do not allow; None for safe or relative URLs."""
    normalized = _URL_TAB_OR_NEWLINE.sub("", url.strip(_URL_EDGE_NOISE)).lower()
    match = _SCHEME.match(normalized)
    if match is None or match.group(1) in SAFE_SCHEMES:
        return None
    return match.group(1)


def executable_constructs(html: str) -> list[str]:
    """Describe every tag, attribute or URL in `html` that could run script or escape the
    allow-list; an empty list means the HTML is inert."""
    finder = _ExecutableConstructFinder()
    finder.feed(html)
    finder.close()
    return finder.findings


_DANGEROUS_TAG_TEXT = re.compile(
    r"<\s*/?\s*(" + "|".join(sorted(FORBIDDEN_TAGS)) + r")\b", re.IGNORECASE
)


def assert_inert(html: str) -> None:
    assert executable_constructs(html) == [], html
    assert "<script" not in html.lower(), html
    assert _DANGEROUS_TAG_TEXT.search(html) is None, html


class TestChecker:
    """The checker must itself catch what it is meant to catch, or every test below is void."""

    @pytest.mark.parametrize(
        ("html", "finding"),
        [
            ("<script>alert(1)</script>", "<script> tag"),
            ("<IMG SRC=x>", "<img> tag"),
            ("<svg/>", "<svg> tag"),
            ('<p onclick="x">', "<p onclick> event handler"),
            ('<p OnMouseOver="x">', "<p onmouseover> event handler"),
            ('<p style="color:red">', "<p style> attribute"),
            ('<a href="javascript:alert(1)">', "<a href> with javascript: URL"),
            ('<a href=" JaVa\tScRiPt:alert(1)">', "<a href> with javascript: URL"),
            ('<a href="\x01\x0e javas\ncript:alert(1)">', "<a href> with javascript: URL"),
            ('<a href="jav&#x09;ascript:alert(1)">', "<a href> with javascript: URL"),
            ('<a href="&#106;avascript:alert(1)">', "<a href> with javascript: URL"),
            ('<a href="vbscript:msgbox(1)">', "<a href> with vbscript: URL"),
            ('<a href="data:text/html,x">', "<a href> with data: URL"),
            ('<table background="javascript:x">', "<table background> with javascript: URL"),
        ],
    )
    def test_reports_executable_construct(self, html, finding):
        assert finding in executable_constructs(html)

    @pytest.mark.parametrize(
        "html",
        [
            '<p><a href="https://example.org/a:b">x</a></p>',
            '<a href="http://example.org">x</a>',
            '<a href="mailto:info@example.org">x</a>',
            '<a href="tel:+74950000000">x</a>',
            '<a href="#цели-и-задачи">x</a>',
            '<a href="/proposals/1/">x</a>',
            '<a href="docs/page:2">x</a>',
            '<a href="java   script:alert(1)">x</a>',
            '<a href="//example.org/">x</a>',
            "<p>javascript:alert(1) is only text here</p>",
        ],
    )
    def test_accepts_inert_html(self, html):
        assert executable_constructs(html) == []


# ---------------------------------------------------------------------------------------------
# Features
# ---------------------------------------------------------------------------------------------


def test_returns_safe_string():
    assert isinstance(render_markdown("**жирный**"), SafeString)


@pytest.mark.parametrize("text", ["", None])
def test_empty_input_renders_empty_string(text):
    rendered = render_markdown(text)
    assert rendered == ""
    assert isinstance(rendered, SafeString)


@pytest.mark.parametrize("text", ["", None])
def test_empty_input_renders_empty_body_and_toc(text):
    body, toc = render_markdown_with_toc(text)
    assert body == ""
    assert isinstance(body, SafeString)
    assert isinstance(toc, SafeString)
    assert executable_constructs(toc) == []


def test_renders_table():
    html = render_markdown("| Статья | Поправка |\n|:---|---:|\n| 5 | «новая» |\n")
    assert "<table>" in html
    assert "<th" in html
    assert ">Статья</th>" in html
    assert ">«новая»</td>" in html
    assert_inert(html)


def test_table_column_alignment_survives():
    html = render_markdown("| Статья | Поправка |\n|:---|---:|\n| 5 | 6 |\n")
    assert 'align="left"' in html
    assert 'align="right"' in html


def test_renders_footnotes_with_working_links():
    html = render_markdown("Закон[^1] принят.\n\n[^1]: Федеральный закон № 82-ФЗ.\n")
    assert '<sup id="fnref:1">' in html
    assert 'class="footnote-ref" href="#fn:1"' in html
    assert '<div class="footnote">' in html
    assert '<li id="fn:1">' in html
    assert "Федеральный закон № 82-ФЗ." in html
    assert 'class="footnote-backref" href="#fnref:1"' in html


def test_renders_table_of_contents_marker():
    html = render_markdown("[TOC]\n\n# Введение\n\n## Цели и задачи\n")
    assert '<div class="toc">' in html
    assert '<a href="#введение"' in html
    assert '<a href="#цели-и-задачи"' in html
    assert "[TOC]" not in html


def test_render_with_toc_returns_toc_separately():
    body, toc = render_markdown_with_toc("# Введение\n\n## Цели и задачи\n")
    assert '<h1 id="введение">Введение</h1>' in body
    assert '<h2 id="цели-и-задачи">Цели и задачи</h2>' in body
    assert '<div class="toc">' in toc
    assert '<a href="#введение"' in toc
    assert '<a href="#цели-и-задачи"' in toc
    assert ">Цели и задачи</a>" in toc


def test_sane_lists_keep_ordered_and_unordered_lists_apart():
    html = render_markdown("1. первый\n2. второй\n\n* пункт\n* пункт\n")
    assert html.index("<ol>") < html.index("</ol>") < html.index("<ul>")
    assert html.count("<li>") == 4


def test_sane_lists_keep_start_number():
    html = render_markdown("3. третий\n4. четвёртый\n")
    assert '<ol start="3">' in html


@pytest.mark.parametrize(
    ("source", "expected_id"),
    [
        ("## Цели и задачи", "цели-и-задачи"),
        ("# Введение", "введение"),
        ("## Statement of Purpose", "statement-of-purpose"),
        ("### Статья 5. Ёмкость и объём", "статья-5-ёмкость-и-объём"),
    ],
)
def test_headings_get_readable_ids(source, expected_id):
    html = render_markdown(source)
    assert f'id="{expected_id}"' in html


def test_repeated_headings_get_distinct_ids():
    html = render_markdown("## Цели и задачи\n\n## Цели и задачи\n")
    assert 'id="цели-и-задачи"' in html
    assert 'id="цели-и-задачи_1"' in html


def test_same_input_gives_same_ids():
    source = "\n\n".join(
        ["[TOC]", "# Введение", "## Цели и задачи", "## Цели и задачи", "Текст[^1].", "[^1]: x"]
    )
    first = render_markdown(source)
    render_markdown("## Цели и задачи\n\n# Введение\n")  # no state may leak between calls
    second = render_markdown(source)
    assert first == second
    assert render_markdown_with_toc(source) == render_markdown_with_toc(source)


def test_cyrillic_text_survives_unchanged():
    text = "Ёлочные игрушки — «ёжик» и «ёлка»; ЁЖ, щёлк, объём — всё на месте."
    html = render_markdown(text)
    assert html == f"<p>{text}</p>"


def test_fenced_code_is_escaped_not_executed():
    html = render_markdown("```html\n<script>alert(1)</script>\n```\n")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert_inert(html)


def test_safe_links_are_kept():
    html = render_markdown(
        "[сайт](https://example.org/путь) [почта](mailto:info@example.org) "
        "[телефон](tel:+74950000000) [раздел](#цели-и-задачи)"
    )
    assert 'href="https://example.org/путь"' in html
    assert 'href="mailto:info@example.org"' in html
    assert 'href="tel:+74950000000"' in html
    assert 'href="#цели-и-задачи"' in html
    assert 'rel="noopener noreferrer nofollow"' in html
    assert_inert(html)


# ---------------------------------------------------------------------------------------------
# Sanitization
# ---------------------------------------------------------------------------------------------

MARKDOWN_VECTORS = [
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x]( javascript:alert(1))",
    "[x](<javascript:alert(1)>)",
    "[x](jav&#x09;ascript:alert(1))",
    "[x](jav&#x0A;ascript:alert(1))",
    "[x](&#106;avascript:alert(1))",
    "[x](&#x6A;avascript:alert(1))",
    "[x](javascript&colon;alert(1))",
    "[x](vbscript:msgbox(1))",
    "[x](VBScript:msgbox(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[x](DATA:text/html,<script>alert(1)</script>)",
    "[x][ref]\n\n[ref]: javascript:alert(1)",
    "[x][ref]\n\n[ref]: data:text/html,alert(1)",
    "<javascript:alert(1)>",
    "<vbscript:msgbox(1)>",
    "![x](javascript:alert(1))",
    "![x](https://example.org/x.png)",
    '![x](x" onerror="alert(1))',
    '[x](https://example.org "t\\" onmouseover=\\"alert(1)")',
    '[x](https://example.org" onclick="alert(1))',
    "[x](https://example.org){onclick=alert(1)}",
    "# <img src=x onerror=alert(1)> заголовок",
    "## <script>alert(1)</script>",
    "## [x](javascript:alert(1))",
    "Пояснение[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    "| <script>alert(1)</script> |\n|---|\n| [x](javascript:alert(1)) |",
    "| a |\n|---|\n| <img src=x onerror=alert(1)> |",
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "Термин\n:   <svg onload=alert(1)>",
    "> <iframe src=javascript:alert(1)></iframe>",
    "* <a href=javascript:alert(1)>x</a>\n* [y](vbscript:x)",
    "[TOC]\n\n# <svg onload=alert(1)>\n\n## <a href=javascript:alert(1)>x</a>",
]

RAW_HTML_VECTORS = [
    # script
    "<script>alert(1)</script>",
    "<SCRIPT>alert(1)</SCRIPT>",
    "<script src=https://evil.example/x.js></script>",
    "<div><script>alert(1)</script></div>",
    # javascript:, vbscript:, data: in href/src, with case, whitespace and entity tricks
    '<a href="javascript:alert(1)">x</a>',
    '<a href="JaVaScRiPt:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="jav&#x09;ascript:alert(1)">x</a>',
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    '<a href="jav&#x0D;ascript:alert(1)">x</a>',
    '<a href="jav&#9;ascript:alert(1)">x</a>',
    '<a href="&#106;avascript:alert(1)">x</a>',
    '<a href="&#x6A;&#x61;&#x76;&#x61;&#x73;&#x63;&#x72;&#x69;&#x70;&#x74;&#x3A;alert(1)">x</a>',
    '<a href="javascript&colon;alert(1)">x</a>',
    '<a href="javascript&#58;alert(1)">x</a>',
    '<a href="&#0000106avascript:alert(1)">x</a>',
    '<a href="\x01javascript:alert(1)">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="VbScRiPt:msgbox(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="DaTa:text/html,<script>alert(1)</script>">x</a>',
    '<a href="javascript:alert(1)" onclick="alert(1)">x</a>',
    '<img src="javascript:alert(1)">',
    '<img src="data:image/svg+xml,<svg onload=alert(1)>">',
    # event handlers
    "<p onclick=alert(1)>x</p>",
    "<div onmouseover=alert(1)>x</div>",
    '<span onfocus="alert(1)" tabindex=0>x</span>',
    "<h1 onload=alert(1)>x</h1>",
    "<td onpointerenter=alert(1)>x</td>",
    "<details open ontoggle=alert(1)><summary>s</summary>x</details>",
    "<abbr title=x onanimationstart=alert(1)>a</abbr>",
    "<img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    # embedding and active content
    "<iframe src=https://evil.example></iframe>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<applet code="x.class"></applet>',
    "<video poster=javascript:alert(1)><source onerror=alert(1)></video>",
    "<audio src=x onerror=alert(1)></audio>",
    '<img srcset="javascript:alert(1) 1x">',
    # SVG and MathML
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<svg><animate attributeName="href" to="javascript:alert(1)"/></svg>',
    '<svg><foreignObject><iframe src="javascript:alert(1)"></iframe></foreignObject></svg>',
    '<math><a href="javascript:alert(1)">x</a></math>',
    '<math href="javascript:alert(1)">CLICK</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # styles
    "<style>body{background:url(javascript:alert(1))}</style>",
    '<p style="background:url(javascript:alert(1))">x</p>',
    '<span style="position:fixed;inset:0">x</span>',
    # document-level tags
    '<base href="https://evil.example/">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<form><button formaction="javascript:alert(1)">x</button></form>',
    '<input type=submit formaction="javascript:alert(1)">',
    "<input onfocus=alert(1) autofocus>",
    "<textarea><script>alert(1)</script></textarea>",
    "<select><option>x</option></select>",
    # mutation XSS (markup that changes meaning when reparsed)
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    "<xmp><script>alert(1)</script></xmp>",
    "<!--<img src=x onerror=alert(1)>-->",
    "<!-- --!><img src=x onerror=alert(1)>-->",
    '<a title="--><script>alert(1)</script>">x</a>',
]

# From the OWASP XSS Filter Evasion Cheat Sheet, written out here.
OWASP_VECTORS = [
    "javascript:/*--></title></style></textarea></script></xmp>"
    "<svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<SCRIPT SRC=https://cdn.jsdelivr.net/gh/Moksh45/host-xss.rocks/index.js></SCRIPT>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=javascript:alert(&quot;XSS&quot;)>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    '<a onmouseover="alert(document.cookie)">xxs link</a>',
    "<a onmouseover=alert(document.cookie)>xxs link</a>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    '<img src=x onerror="&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114'
    "&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116"
    '&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041">',
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;"
    "&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105"
    "&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040"
    "&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72"
    "&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0D;ascript:alert('XSS');\">",
    '<IMG SRC=java\x00script:alert("XSS")>',
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<SCRIPT/XSS SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert("XSS")>',
    '<SCRIPT/SRC="http://xss.rocks/xss.js"></SCRIPT>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    '</TITLE><SCRIPT>alert("XSS");</SCRIPT>',
    '<INPUT TYPE="IMAGE" SRC="javascript:alert(\'XSS\');">',
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<BR SIZE=\"&{alert('XSS')}\">",
    '<LINK REL="stylesheet" HREF="javascript:alert(\'XSS\');">',
    '<LINK REL="stylesheet" HREF="http://xss.rocks/xss.css">',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<META HTTP-EQUIV="Link" Content="<http://xss.rocks/xss.css>; REL=stylesheet">',
    '<STYLE>BODY{-moz-binding:url("http://xss.rocks/xssmoz.xml#xss")}</STYLE>',
    "<STYLE>@im\\port'\\ja\\vasc\\ript:alert(\"XSS\")';</STYLE>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<STYLE TYPE=\"text/javascript\">alert('XSS');</STYLE>",
    "<STYLE>.XSS{background-image:url(\"javascript:alert('XSS')\");}</STYLE><A CLASS=XSS></A>",
    '<STYLE type="text/css">BODY{background:url("javascript:alert(\'XSS\')")}</STYLE>',
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=javascript:alert(\'XSS\');">',
    '<META HTTP-EQUIV="refresh" '
    'CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<META HTTP-EQUIV="refresh" CONTENT="0; URL=http://;URL=javascript:alert(\'XSS\');">',
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<IFRAME SRC=# onmouseover="alert(document.cookie)"></IFRAME>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"background-image:\\0075\\0072\\006C\\0028'\\006a\\0061\\0076\\0061\\0073"
    "\\0063\\0072\\0069\\0070\\0074\\003a\\0061\\006c\\0065\\0072\\0074\\0028.1027\\0058"
    "\\0053\\0053\\0027\\0029'\\0029\">",
    "<DIV STYLE=\"background-image: url(&#1;javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIw'
    'MDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv" type="image/svg+xml" '
    'AllowScriptAccess="always"></EMBED>',
    '<SCRIPT a=">" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT ="blah" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT a="blah" \'\' SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT "a=\'>\'" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT a=`>` SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT a=">\'>" SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    '<SCRIPT>document.write("<SCRI");</SCRIPT>PT SRC="httx://xss.rocks/xss.js"></SCRIPT>',
    "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
    '<XSS STYLE="behavior: url(xss.htc);">',
    "<XSS STYLE=\"xss:expression(alert('XSS'))\">",
    '<HTML xmlns:xss><?import namespace="xss" implementation="http://xss.rocks/xss.htc">'
    "<xss:xss>XSS</xss:xss></HTML>",
    '<XML ID="xss"><I><B><IMG SRC="javas<!-- -->cript:alert(\'XSS\')"></B></I></XML>',
    '<SPAN DATASRC="#xss" DATAFLD="B" DATAFORMATAS="HTML"></SPAN>',
    "<IMG SRC=\"javascript:alert('XSS')\"",
    '<a href="jav&#x0A;ascript:alert(1)">x</a>',
    "<A HREF=\"&#x6A;avascript:alert('XSS')\">XSS</A>",
    "<A HREF=\"java\tscript:alert('XSS')\">XSS</A>",
    "<A HREF=\"  &#14;  javascript:alert('XSS')\">XSS</A>",
]

ALL_VECTORS = MARKDOWN_VECTORS + RAW_HTML_VECTORS + OWASP_VECTORS


@pytest.mark.parametrize("vector", ALL_VECTORS)
def test_vector_renders_inert(vector):
    assert_inert(render_markdown(vector))


@pytest.mark.parametrize("vector", ALL_VECTORS)
def test_vector_renders_inert_in_body_and_toc(vector):
    body, toc = render_markdown_with_toc(f"# Заголовок {vector}\n\n{vector}\n")
    assert_inert(body)
    assert_inert(toc)


@pytest.mark.parametrize("vector", ALL_VECTORS)
def test_vector_renders_inert_inside_a_document(vector):
    document = "\n\n".join(
        [
            "[TOC]",
            "# Цели и задачи",
            "Текст «ёлка» — тире[^1].",
            vector,
            f"| a | b |\n|---|---|\n| {vector} | x |",
            f"* пункт {vector}",
            f"[^1]: Сноска {vector}",
        ]
    )
    assert_inert(render_markdown(document))


@pytest.mark.parametrize(
    ("source", "dangerous_scheme"),
    [
        ("[x](javascript:alert(1))", "javascript"),
        ("[x](vbscript:msgbox(1))", "vbscript"),
        ("[x](data:text/html,alert(1))", "data"),
        ('<a href="javascript:alert(1)">x</a>', "javascript"),
        ('<a href="JaVaScRiPt:alert(1)">x</a>', "javascript"),
        ('<a href="jav&#x09;ascript:alert(1)">x</a>', "javascript"),
        ('<a href="&#106;avascript:alert(1)">x</a>', "javascript"),
    ],
)
def test_link_text_stays_but_dangerous_href_is_dropped(source, dangerous_scheme):
    html = render_markdown(source)
    assert ">x</a>" in html
    assert "href" not in html
    assert f"{dangerous_scheme}:" not in html.lower()


def test_disallowed_tags_keep_their_text_but_not_their_markup():
    html = render_markdown("<form><b>важно</b></form> <span onclick=alert(1)>текст</span>")
    assert "<b>важно</b>" in html
    assert "<span>текст</span>" in html
    assert_inert(html)


def test_script_and_style_content_is_dropped_entirely():
    html = render_markdown("до <script>alert('секрет')</script><style>p{}</style> после")
    assert "alert" not in html
    assert "p{}" not in html
    assert "до" in html
    assert "после" in html


def test_only_listed_classes_survive():
    html = render_markdown(
        '<div class="toc evil">a</div><span class="toctitle x">b</span><p class="x">c</p>'
    )
    assert 'class="toc"' in html
    assert 'class="toctitle"' in html
    assert "evil" not in html
    assert 'class="x"' not in html


# ---------------------------------------------------------------------------------------------
# Property: whatever a member types, the rendered document is inert
# ---------------------------------------------------------------------------------------------

DANGEROUS_FRAGMENTS = [
    "<script>", "</script>", "<SCRIPT", "<scr", "ipt>", "javascript:", "JaVaScRiPt:",
    "jav&#x09;ascript:", "&#106;avascript:", "vbscript:", "data:text/html,", "alert(1)",
    "<img src=x onerror=", "<img", " src=", "[a](", "](", ")", "(", "[", "]", "![x](",
    "<svg", "<svg/onload=", "<math>", "<iframe", "<object", "<embed", "<style>", "<base",
    "<meta http-equiv=refresh content=", "<form", "<input", " formaction=", "<link",
    '"', "'", "`", ">", "<", "/", "/>", "&#", "&#x", ";", "&colon;", "&lt;", "&amp;",
    "onload=", " onclick=", " onmouseover=", "](data:text/html,", "<a href=", "<a ",
    "</a>", "href=", "style=", " style=\"", "background=", "xlink:href=", "<!--", "-->",
    "\n", "\n\n", "\t", "\x00", " ", "|", "---", "| a | b |\n|---|---|\n", "[^1]",
    "[^1]: ", "[TOC]", "# ", "## ", "* ", "1. ", "> ", "```", "    ", "*[", "]: ",
    "<div>", "</div>", "<details open ontoggle=", "<p ", "<td ", "=",
]  # fmt: skip

member_text = st.lists(
    st.one_of(st.sampled_from(DANGEROUS_FRAGMENTS), st.text(max_size=12)),
    max_size=40,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(member_text)
def test_rendered_document_never_contains_executable_construct(text):
    assert executable_constructs(render_markdown(text)) == []


@settings(max_examples=300, deadline=None)
@given(member_text)
def test_rendered_body_and_toc_never_contain_executable_construct(text):
    body, toc = render_markdown_with_toc(text)
    assert executable_constructs(body) == []
    assert executable_constructs(toc) == []

"""Every page of the site, for every role: axe-core finds no violation (of any impact) at 1366 and
390 px, and no page is wider than a 360 px phone.

The pages come from the URL resolver: a pattern that is neither in PAGES (with the demo object
each of its parameters names) nor in EXCLUDED (with the reason) fails
`test_every_url_pattern_is_a_page_or_excluded`, so a page added later is checked too. One browser
context per role opens every page once; axe runs at 1366 px, then at 390 px after a resize, and
the width is measured at 360 px. axe is injected by an init script, which the pages'
Content-Security-Policy does not apply to (the CSP itself is not loosened).
"""

import json
from io import StringIO
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.core.management import call_command
from django.urls import URLResolver, get_resolver, reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "frontend" / "node_modules" / "axe-core" / "axe.min.js"

# The roles: no account, each role of a group (accord.models.Role) and the site administrator,
# who belongs to no group (Django's /admin/ itself is not Accord's and is not checked).
ROLES = {
    "observer": "observer@example.org",
    "commenter": "commenter@example.org",
    "editor": "editor@example.org",
    "coordinator": "coordinator@example.org",
    "superuser": "admin@example.org",
    "anonymous": None,
}
# Which editor each account opens, so that both modes of the live editor are checked.
EDITOR_MODES = {
    "observer@example.org": "markdown",
    "commenter@example.org": "visual",
    "editor@example.org": "markdown",
    "coordinator@example.org": "visual",
}

DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}
NARROW = {"width": 360, "height": 740}

# Every page shown by a GET, and its path's parameters from the demo's objects.
PAGES = {
    "dashboard": lambda o: {},
    "login": lambda o: {},
    "password_reset": lambda o: {},
    "password_reset_done": lambda o: {},
    "password_reset_confirm": lambda o: {"uidb64": o.uidb64, "token": o.reset_token},
    "password_reset_complete": lambda o: {},
    "password_change": lambda o: {},
    "password_change_done": lambda o: {},
    "notifications": lambda o: {},
    "account_settings": lambda o: {},
    "group_detail": lambda o: {"group_id": o.group.pk},
    "group_members": lambda o: {"group_id": o.group.pk},
    "organization_edit": lambda o: {"group_id": o.group.pk, "organization_id": o.organization.pk},
    "invitation_accept": lambda o: {"token": o.invitation_token},
    "group_audit": lambda o: {"group_id": o.group.pk},
    "proposal_create": lambda o: {"group_id": o.group.pk},
    "proposal_detail": lambda o: {"public_id": o.proposal.public_id},
    "proposal_edit": lambda o: {"public_id": o.proposal.public_id},
    "proposal_settings": lambda o: {"public_id": o.proposal.public_id},
    "proposal_history": lambda o: {"public_id": o.proposal.public_id},
    "version_detail": lambda o: {"public_id": o.proposal.public_id, "number": o.version.number},
    "proposal_compare": lambda o: {"public_id": o.proposal.public_id},
    "proposal_authorship": lambda o: {"public_id": o.proposal.public_id},
    "proposal_threads": lambda o: {"public_id": o.proposal.public_id},
    "letter_templates": lambda o: {"group_id": o.group.pk},
    "recipients_list": lambda o: {"group_id": o.group.pk},
    "recipient_create": lambda o: {"group_id": o.group.pk},
    "recipient_edit": lambda o: {"group_id": o.group.pk, "recipient_id": o.recipient.pk},
    "recipients_import": lambda o: {"group_id": o.group.pk},
    "package_list": lambda o: {"public_id": o.package.proposal.public_id},
    "package_create": lambda o: {"public_id": o.package.proposal.public_id},
    "package_detail": lambda o: {
        "public_id": o.package.proposal.public_id,
        "package_id": o.package.public_id,
    },
    "platform_page": lambda o: {"group_id": o.group.pk},
    "submission_register_page": lambda o: {"group_id": o.group.pk},
    "submission_record": lambda o: {"document_id": o.document.pk},
    "submission_detail": lambda o: {"submission_id": o.submission.pk},
    "acts_list": lambda o: {"group_id": o.group.pk},
    "act_add": lambda o: {"group_id": o.group.pk},
    "act_detail": lambda o: {"act_id": o.act.pk},
    "publication_page": lambda o: {"group_id": o.group.pk},
    "publication_proposal_unpublish": lambda o: {
        "group_id": o.group.pk,
        "public_id": o.published.public_id,
    },
    "publication_answer": lambda o: {"submission_id": o.submission.pk},
    "public_index": lambda o: {},
    "public_group": lambda o: {"slug": o.public_slug},
    "public_proposal": lambda o: {"public_id": o.published.public_id},
    "public_bodies": lambda o: {},
    "public_verify": lambda o: {},
    "public_verify_hash": lambda o: {"sha256": o.sha256},
}

JSON = "JSON for the browser's scripts, not a page"
DOWNLOAD = "a file download (PDF, Markdown, DOCX, CSV, PNG), not a page"
POST = "POST only: answers a form of a page that is checked"
EXCLUDED = {
    "logout": POST,
    "language_switch": POST,
    "membership_change": POST,
    "invitation_revoke": POST,
    "proposal_clients": JSON,
    "proposal_preview": "POST only: the editor's preview, HTML without a page around it",
    "proposal_archive": POST,
    "version_save": POST,
    "version_download": DOWNLOAD,
    "version_restore": POST,
    "review_open": POST,
    "review_vote": POST,
    "review_close": POST,
    "proposal_withdraw": POST,
    "proposal_endorse": POST,
    "endorsement_deadline": POST,
    "recipient_archive": POST,
    "recipients_export": DOWNLOAD,
    "package_status": JSON,
    "package_retry": POST,
    "package_file": DOWNLOAD,
    "package_bill_file": DOWNLOAD,
    "package_preview": DOWNLOAD,
    "platform_pdf": DOWNLOAD,
    "platform_build": POST,
    "platform_status": JSON,
    "submissions_csv": DOWNLOAD,
    "submission_answer_file": DOWNLOAD,
    "proposal_draft_docx": DOWNLOAD,
    "proposal_act_amend": POST,
    "proposal_act_marks": JSON,
    "robots_txt": "plain text for crawlers",
    "publication_proposal_publish": POST,
    "public_group_platform": DOWNLOAD,
    "public_group_feed": "an Atom feed (XML)",
    "public_proposal_pdf": DOWNLOAD,
    "public_proposal_feed": "an Atom feed (XML)",
    "public_answer_document": DOWNLOAD,
    "healthz": "the health check for the load balancer (plain text)",
}
EXCLUDED_PREFIXES = {
    "admin/": "Django's admin site: Django's pages, not Accord's",
    "api/": "the REST API (JSON; its browsable pages are DRF's), tests/*/test_api*.py",
}
# The websockets are in realtime/routing.py, outside the URL resolver.


def url_patterns():
    """(name, route) of every pattern of the URL conf."""

    def walk(patterns, prefix):
        for pattern in patterns:
            route = prefix + str(pattern.pattern)
            if isinstance(pattern, URLResolver):
                yield from walk(pattern.url_patterns, route)
            else:
                yield pattern.name, route

    yield from walk(get_resolver().url_patterns, "")


def test_every_url_pattern_is_a_page_or_excluded():
    missing = []
    for name, route in url_patterns():
        if any(route.startswith(prefix) for prefix in EXCLUDED_PREFIXES):
            continue
        if name not in PAGES and name not in EXCLUDED:
            missing.append(f"{name} ({route})")
    assert not missing, (
        "URL patterns neither checked by the accessibility test nor excluded with a reason "
        "(add them to PAGES or EXCLUDED in tests/browser/test_accessibility.py):\n"
        + "\n".join(missing)
    )
    assert not set(PAGES) & set(EXCLUDED)


def demo_objects():
    """The demo's objects that the pages' parameters name."""
    from accord import services as accord_services
    from accord.models import Invitation, Role, WorkingGroup
    from legislation.models import Act
    from proposals.models import Version
    from publication.models import GroupPublication, ProposalPublication
    from submissions.models import Package, Submission

    package = Package.objects.select_related("proposal__group").first()
    group = package.proposal.group
    coordinator = get_user_model().objects.get(email="coordinator@example.org")
    invitation = Invitation.objects.filter(group=group, accepted_at=None).first()
    if invitation is None:
        invitation = accord_services.invitation_create(
            group=group, email="new-member@example.org", role=Role.EDITOR, invited_by=coordinator
        )
    published = ProposalPublication.objects.select_related("proposal").first().proposal
    submission = Submission.objects.filter(document__package=package).first()
    anonymous_reset = get_user_model().objects.get(email="outsider@example.org")
    return SimpleNamespace(
        group=group,
        organization=group.organizations.first(),
        invitation_token=accord_services.invitation_token(invitation),
        proposal=package.proposal,
        version=Version.objects.filter(proposal=package.proposal).order_by("number").first(),
        recipient=group.recipients.first(),
        package=package,
        document=package.documents.first(),
        submission=submission,
        act=Act.objects.filter(group=group).first() or Act.objects.first(),
        published=published,
        public_slug=GroupPublication.objects.first().slug,
        sha256=package.documents.first().pdf.sha256,
        uidb64=urlsafe_base64_encode(force_bytes(anonymous_reset.pk)),
        reset_token=default_token_generator.make_token(anonymous_reset),
        other_groups=WorkingGroup.objects.exclude(pk=group.pk).count(),
    )


def page_urls(objects) -> list[tuple[str, str]]:
    return [(name, reverse(name, kwargs=kwargs(objects))) for name, kwargs in PAGES.items()]


AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map((v) => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map((n) => ({target: n.target.join(" "), summary: n.failureSummary || ""})),
  }));
}"""

# Pages kept as screenshots (test-results/…/<name>-<width>.png), as the coordinator sees them.
SCREENSHOTS = {"dashboard", "submission_register_page", "proposal_edit", "public_proposal"}

WIDTH = "() => [document.documentElement.scrollWidth, window.innerWidth]"


def settle(page) -> None:
    """Wait until the page has drawn what its scripts draw (the editor: until connected)."""
    page.wait_for_load_state("load")
    if page.locator("#editor-app").count():
        page.wait_for_selector("[data-status][data-state=connected]")
        page.wait_for_selector(".cm-content, .ProseMirror, [contenteditable]")
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 50)))")


def describe(violations, limit=8) -> list[str]:
    lines = []
    for violation in violations:
        lines.append(f"  {violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"][:limit]:
            summary = " / ".join(node["summary"].splitlines()[1:3]).strip()
            lines.append(f"    {node['target']}  {summary[:300]}")
        if len(violation["nodes"]) > limit:
            lines.append(f"    … and {len(violation['nodes']) - limit} more")
    return lines


def crawl(chromium, server, objects, report_dir: Path) -> dict:
    """Open every page as every role; what axe found and how wide each page was."""
    axe_source = AXE.read_text()
    results = {"axe": [], "width": [], "pages": []}
    for role, email in ROLES.items():
        context = chromium.new_context(viewport=DESKTOP, locale="ru-RU")
        context.add_init_script(axe_source)
        page = context.new_page()
        page.set_default_timeout(20_000)
        if email:
            try:
                sign_in(page, server.url, email)
            except Exception:
                page.screenshot(path=report_dir / f"sign-in-{role}.png")
                raise
        seen_paths, seen_errors = set(), set()
        for name, path in page_urls(objects):
            page.set_viewport_size(DESKTOP)
            response = page.goto(server.url + path)
            status = response.status if response else 0
            final = page.url.removeprefix(server.url).split("?")[0]
            if status >= 400:
                key = (status, page.title())
                if key in seen_errors:
                    results["pages"].append((role, name, path, f"{status}, as above"))
                    continue
                seen_errors.add(key)
            elif final in seen_paths:  # a redirect to a page already checked (sign-in)
                results["pages"].append((role, name, path, f"→ {final}, as above"))
                continue
            seen_paths.add(final)
            settle(page)
            found = {}
            for label, viewport in (("1366", DESKTOP), ("390", PHONE)):
                page.set_viewport_size(viewport)
                settle(page)
                if role == "coordinator" and name in SCREENSHOTS:
                    page.screenshot(path=report_dir / f"{name}-{label}.png")
                violations = page.evaluate(AXE_RUN)
                found[label] = sum(len(v["nodes"]) for v in violations)
                if violations:
                    results["axe"].append(
                        "\n".join([f"{role} {name} {path} at {label} px:", *describe(violations)])
                    )
            page.set_viewport_size(NARROW)
            settle(page)
            scroll_width, inner_width = page.evaluate(WIDTH)
            if scroll_width > inner_width:
                wide = page.evaluate(WIDEST)
                results["width"].append(
                    f"{role} {name} {path}: {scroll_width} px wide at {inner_width} px; "
                    f"sticking out: {wide}"
                )
            results["pages"].append(
                (
                    role,
                    name,
                    path,
                    f"{status} {final}: axe {found['1366']}/{found['390']} nodes, "
                    f"{scroll_width} px at 360",
                )
            )
        context.close()
    (report_dir / "pages.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return results


# The elements whose right edge is past the viewport, outermost first (for the failure message).
WIDEST = """() => {
  const out = [];
  for (const element of document.body.querySelectorAll("*")) {
    const box = element.getBoundingClientRect();
    if (box.right > window.innerWidth + 1 && !out.some((o) => o.contains(element))) {
      const parentScrolls = (() => {
        for (let p = element.parentElement; p; p = p.parentElement) {
          const style = getComputedStyle(p);
          if (p !== document.body && p !== document.documentElement &&
              ["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) return true;
        }
        return false;
      })();
      if (!parentScrolls) out.push(element);
    }
  }
  const name = (e) => {
    const classes = typeof e.className === "string" ? e.className.trim().split(/\\s+/) : [];
    return e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
      classes.filter(Boolean).map((c) => "." + c).join("");
  };
  return out.slice(0, 6)
    .map((e) => `${name(e)} (${Math.round(e.getBoundingClientRect().right)} px)`).join(", ");
}"""

_CRAWL: dict = {}


@pytest.fixture
def crawled(request, transactional_db, chromium, screenshot_dir):
    """The crawl, made once for both tests below (the first of them to run seeds the demo)."""
    if not _CRAWL:
        assert AXE.exists(), "axe-core is missing: run `npm ci` in frontend/"
        call_command("seed_demo", stdout=StringIO())
        for email, mode in EDITOR_MODES.items():
            get_user_model().objects.filter(email=email).update(editor_mode=mode)
        objects = demo_objects()
        server = request.getfixturevalue("daphne")()
        _CRAWL.update(crawl(chromium, server, objects, screenshot_dir))
    return _CRAWL


def test_axe_finds_no_violation_on_any_page_for_any_role(crawled):
    assert crawled["pages"]
    assert not crawled["axe"], (
        f"axe-core violations on {len(crawled['axe'])} page views:\n" + "\n".join(crawled["axe"])
    )


def test_no_page_is_wider_than_a_360px_phone(crawled):
    assert crawled["pages"]
    assert not crawled["width"], "Pages wider than the viewport at 360 px:\n" + "\n".join(
        crawled["width"]
    )

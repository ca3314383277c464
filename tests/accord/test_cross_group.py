"""Cross-group isolation: a member of group A only, acting with every id of group B.

Every route of the site with an id in its path is called with group B's ids, and with every mix
of A's and B's ids (A's proposal with B's package, A's group with B's recipient…), by the
coordinator of A (the strongest member there is) and by an editor of A, with each method and a
body that would succeed if it were let through. Each answer must be 404 (the method's 405 where
the route refuses that method whatever the id), must show nothing of B, and the database must
be exactly as before, row by row. Two answers other than 404 tell nothing and are allowed: a
role refused on A before any id is read (an editor on a coordinators' page: the same 403 as for
an id that exists nowhere), and the API's OPTIONS (the endpoint's description, byte for byte the
same as for an id that exists nowhere). The same requests with A's own ids are the positive
control (run in a rolled-back savepoint): not 404. Ids in query strings and bodies, and both
websockets, have tests of their own below. The route list is read from the URL resolver, so a
new route with an id fails `test_every_route_with_an_id_is_in_the_matrix` until it is added.
"""

import csv
import io
import itertools
import json
from datetime import timedelta
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from channels.db import database_sync_to_async
from channels.testing import WebsocketCommunicator
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from pycrdt import Doc, Text
from rest_framework.authtoken.models import Token

from accord.models import Invitation, Membership, Notification, Role
from proposals.models import Proposal, ProposalVisit
from proposals.services import comments, review
from realtime import protocol, rooms
from realtime.models import ClientIdentity, DocumentUpdate
from submissions.models import Package, Recipient, StoredFile
from tests.accord.crossgroup import MARK, PDF, Side, changed_tables, database_snapshot
from tests.realtime.yclient import session_key_for

# What each path parameter names. Proposal kinds say which of a side's proposals the route
# needs for its positive control (a vote needs one in review, a package an approved one).
PROPOSAL_KINDS = ("draft", "fresh", "in_review", "approved", "discussed")

ROUTES: dict[str, dict[str, str]] = {
    "group_detail": {"group_id": "group"},
    "group_members": {"group_id": "group"},
    "organization_edit": {"group_id": "group", "organization_id": "organization"},
    "membership_change": {"group_id": "group", "membership_id": "membership"},
    "invitation_revoke": {"group_id": "group", "invitation_id": "invitation"},
    "proposal_create": {"group_id": "group"},
    "group_audit": {"group_id": "group"},
    "platform_pdf": {"group_id": "group"},
    "platform_page": {"group_id": "group"},
    "platform_build": {"group_id": "group"},
    "platform_status": {"group_id": "group"},
    "recipients_list": {"group_id": "group"},
    "recipient_create": {"group_id": "group"},
    "recipient_edit": {"group_id": "group", "recipient_id": "recipient"},
    "recipient_archive": {"group_id": "group", "recipient_id": "recipient"},
    "recipients_import": {"group_id": "group"},
    "recipients_export": {"group_id": "group"},
    "letter_templates": {"group_id": "group"},
    "submission_register_page": {"group_id": "group"},
    "submissions_csv": {"group_id": "group"},
    "proposal_detail": {"public_id": "draft"},
    "proposal_edit": {"public_id": "draft"},
    "proposal_clients": {"public_id": "draft"},
    "proposal_preview": {"public_id": "draft"},
    "proposal_settings": {"public_id": "draft"},
    "proposal_act_marks": {"public_id": "draft"},
    "proposal_archive": {"public_id": "draft"},
    "proposal_history": {"public_id": "draft"},
    "proposal_draft_docx": {"public_id": "draft"},
    "version_save": {"public_id": "draft"},
    "version_detail": {"public_id": "draft"},
    "version_download": {"public_id": "draft"},
    "version_restore": {"public_id": "draft"},
    "proposal_compare": {"public_id": "draft"},
    "proposal_authorship": {"public_id": "draft"},
    "review_open": {"public_id": "fresh"},
    "review_vote": {"public_id": "in_review"},
    "review_close": {"public_id": "in_review"},
    "proposal_withdraw": {"public_id": "fresh"},
    "proposal_endorse": {"public_id": "approved"},
    "endorsement_deadline": {"public_id": "approved"},
    "proposal_threads": {"public_id": "discussed"},
    "package_list": {"public_id": "approved"},
    "package_create": {"public_id": "approved"},
    "package_detail": {"public_id": "approved", "package_id": "package"},
    "package_status": {"public_id": "approved", "package_id": "package"},
    "package_retry": {"public_id": "approved", "package_id": "package"},
    "package_file": {"public_id": "approved", "package_id": "package", "document_id": "document"},
    "package_bill_file": {"public_id": "approved", "package_id": "package"},
    "package_preview": {
        "public_id": "approved",
        "package_id": "package",
        "document_id": "document",
    },
    "submission_record": {"document_id": "document"},
    "submission_detail": {"submission_id": "submission"},
    "submission_answer_file": {"submission_id": "submission"},
    "acts_list": {"group_id": "group"},
    "act_add": {"group_id": "group"},
    "act_detail": {"act_id": "act"},
    "proposal_act_amend": {"public_id": "draft"},
    "api-group-detail": {"pk": "group"},
    "api-proposal-detail": {"id": "draft"},
    "api-proposal-versions": {"id": "draft"},
    "api-proposal-version": {"id": "draft"},
    "api-proposal-version-pdf": {"id": "draft"},
    "api-proposal-version-restore": {"id": "draft"},
    "api-proposal-diff": {"id": "draft"},
    "api-threads": {"id": "discussed"},
    "api-thread": {"thread_id": "thread"},
    "api-thread-reply": {"thread_id": "thread"},
    "api-thread-resolve": {"thread_id": "thread"},
    "api-thread-reopen": {"thread_id": "thread"},
    "api-suggestion-accept": {"thread_id": "suggestion"},
    "api-suggestion-reject": {"thread_id": "suggestion"},
    "api-review": {"id": "in_review"},
    "api-review-close": {"id": "in_review"},
    "api-review-vote": {"id": "in_review"},
    "api-endorsements": {"id": "approved"},
    "publication_page": {"group_id": "group"},
    "publication_proposal_publish": {"group_id": "group", "public_id": "approved"},
    "publication_proposal_unpublish": {"group_id": "group", "public_id": "approved"},
    "publication_answer": {"submission_id": "submission"},
}

# Path parameters that are not ids of anything: the same value on both sides.
FIXED = {"number": 1, "kind": "pdf", "part": 0, "format": "json"}
QUERIES = {"proposal_compare": "?from=1&to=2", "api-proposal-diff": "?from=1&to=2"}

# Routes with a parameter that is not covered by the matrix, and why.
EXEMPT = {
    "invitation_accept": "the signed token is the credential, not an id; "
    "test_another_groups_invitation_token_changes_nothing",
    "password_reset_confirm": "Django's signed password-reset link; names no group object",
}
EXEMPT_PREFIXES = {
    "admin/": "Django admin: staff only (test_admin_requires_staff)",
    "public/": "the public pages: published rows only, the same for everyone (tests/publication)",
}

# Routes without an id in the path: each one's GET is checked to show nothing of B, and the
# ones taking ids in the query string or body have tests below.
NO_PATH_IDS = {
    "dashboard",
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_complete",
    "language_switch",
    "notifications",
    "account_settings",
    "healthz",
    "api-me",
    "api-editor-mode",
    "api-schema",
    "api-docs",
    "api-notifications",
    "api-group-list",
    "api-proposal-list",
    "api-root",
    # Drafts a bill from the texts in its body: names no object of any group.
    "api-amendments-draft",
    "robots_txt",
}

METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")
# The editor's run checks that a role refused on A never turns B's ids into anything but 404 or
# that same refusal; the coordinator's run has every method.
METHODS_OF = {Role.COORDINATOR: METHODS, Role.EDITOR: ("GET", "POST", "PATCH")}


def _week() -> str:
    return (timezone.localdate() + timedelta(days=7)).isoformat()


def _today() -> str:
    return timezone.localdate().isoformat()


def _recipient_fields(surname: str) -> dict:
    return {
        "kind": "committee",
        "surname": surname,
        "given_name": "Иван",
        "patronymic": "Иванович",
        "surname_dative": surname + "у",
        "gender": "",
        "position": "Председатель комитета",
        "position_dative": "Председателю комитета",
        "body": "Государственная Дума",
        "postal_address": "ул. Охотный Ряд, д. 1, Москва, 103265",
        "email": "committee@duma.example",
    }


def _package_form(side: Side) -> dict:
    organization = side.organization.pk
    return {
        "version": side.approved.approved_version_id,
        "recipients": [side.recipient.pk, side.spare_recipient.pk],
        "letter_date": _today(),
        "heading": "О захвате",
        "body": "Текст письма.",
        "executor_name": "Исполнитель",
        "executor_phone": "+7 000",
        "executor_email": "",
        f"author_{organization}": "on",
        f"number_{organization}": "1-1",
        "signer_position_0": "Председатель",
        "signer_name_0": "А.Б. Захватов",
        "with_docx": "on",
    }


def _import_file() -> SimpleUploadedFile:
    fields = _recipient_fields("Захватов")
    rows = [",".join(fields), ",".join(fields.values())]
    return SimpleUploadedFile("r.csv", "\n".join(rows).encode(), content_type="text/csv")


# The bodies sent with each route: ones that would succeed if the request were let through.
# Each takes {kind: the side whose id the URL carries}.
PAYLOADS = {
    "group_members": lambda s: [{"email": "taken@example.test", "role": Role.EDITOR}],
    "organization_edit": lambda s: [
        {"legal_name": "Захвачено", "postal_address": "ул. Ленина, 1, 630000", "city": "Омск"}
    ],
    "membership_change": lambda s: [
        {f"m{s['membership'].membership.pk}-role": Role.COMMENTER},
        {"action": "remove", "confirm": "1"},
    ],
    "proposal_create": lambda s: [{"title": "Захват", "kind": "policy_proposal", "start": "empty"}],
    "proposal_preview": lambda s: [{"text": "# Захват"}],
    "proposal_settings": lambda s: [{"title": "Захвачено"}],
    "proposal_archive": lambda s: [{"archived": "1", "confirm": "1"}],
    "version_save": lambda s: [{"label": "Захват", "note": ""}],
    "review_open": lambda s: [{"deadline": _week()}],
    "review_vote": lambda s: [{"choice": "object"}],
    "review_close": lambda s: [{"decision": "reject", "confirm": "1"}],
    "endorsement_deadline": lambda s: [{"deadline": _week()}],
    "recipient_create": lambda s: [_recipient_fields("Захватов")],
    "recipient_edit": lambda s: [_recipient_fields("Захватов")],
    "recipients_import": lambda s: [{"file": _import_file()}],
    "letter_templates": lambda s: [{"bill_ministry": "Захват", "proposals_ministry": "Захват"}],
    "package_create": lambda s: [_package_form(s["approved"])],
    "act_add": lambda s: [
        {"kind": "federal_law", "title": "Захват", "text": "Статья 1. Захват.\n", "action": "save"}
    ],
    "proposal_act_amend": lambda s: [{"act": s["draft"].act.pk}],
    "submission_record": lambda s: [{"channel": "post", "sent_on": _today(), "notes": ""}],
    "submission_detail": lambda s: [
        {
            "action": "register",
            "register-registration_number": "Х-1",
            "register-registered_on": _today(),
        },
        {"action": "answer", "answer-answered_on": _today(), "answer-summary": "Захват"},
    ],
    "api-proposal-detail": lambda s: [{"title": "Захват", "archived": True}],
    "api-proposal-versions": lambda s: [{"label": "Захват"}],
    "api-threads": lambda s: [s["discussed"].thread_body],
    "api-thread-reply": lambda s: [{"body": "Захват"}],
    "api-review": lambda s: [{"deadline": _week()}],
    "api-review-close": lambda s: [{"approve": False}],
    "api-review-vote": lambda s: [{"choice": "object"}],
}


def _value(side: Side, kind: str):
    if kind in PROPOSAL_KINDS:
        return getattr(side, kind).public_id
    return {
        "group": lambda: side.group.pk,
        "organization": lambda: side.organization.pk,
        "membership": lambda: side.membership.pk,
        "invitation": lambda: side.invitation.pk,
        "recipient": lambda: side.recipient.pk,
        "act": lambda: side.act.pk,
        "package": lambda: side.package.public_id,
        "document": lambda: side.document.pk,
        "submission": lambda: side.submission.pk,
        "thread": lambda: side.thread.pk,
        "suggestion": lambda: side.suggestion.pk,
    }[kind]()


def _patterns(patterns=None, prefix=""):
    """(full route, name, parameter names) of every URL pattern, resolvers walked."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _patterns(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern), pattern.name, set(pattern.pattern.regex.groupindex)


def _routes():
    """(name, parameter names) of every route the matrix covers, one per distinct pattern."""
    seen = set()
    for _route, name, params in _patterns():
        if name in ROUTES and (name, frozenset(params)) not in seen:
            seen.add((name, frozenset(params)))
            yield name, params


class Case:
    """One route with its ids taken from the given sides (`unknown`: B's ids replaced by ids
    that exist nowhere)."""

    def __init__(self, name, params, sides, *, unknown=False):
        self.name = name
        self.params = params
        self.sides = sides  # {parameter: Side}
        kwargs = {}
        for param in params:
            if param in FIXED:
                kwargs[param] = FIXED[param]
            elif unknown and sides[param].mark:
                kind = ROUTES[name][param]
                is_uuid = kind in PROPOSAL_KINDS or kind == "package"
                kwargs[param] = "00000000-0000-4000-8000-000000000000" if is_uuid else 987654
            else:
                kwargs[param] = _value(sides[param], ROUTES[name][param])
        self.url = reverse(name, kwargs=kwargs) + QUERIES.get(name, "")
        self.api = name.startswith("api-")

    def with_unknown_ids(self) -> "Case":
        return Case(self.name, self.params, self.sides, unknown=True)

    def payloads(self):
        by_kind = {ROUTES[self.name][param]: side for param, side in self.sides.items()}
        # The irreversible actions are confirmed (accord/confirm.py), so they would run.
        return PAYLOADS.get(self.name, lambda s: [{"confirm": "1"}])(by_kind)

    def __repr__(self):
        owners = ",".join(f"{param}={side.label}" for param, side in sorted(self.sides.items()))
        return f"{self.name}({owners}) {self.url}"


def cases(a: Side, b: Side):
    """For each route: A's own ids (the control), and every mix with at least one id of B."""
    for name, params in _routes():
        ids = sorted(param for param in params if param not in FIXED)
        for owners in itertools.product((a, b), repeat=len(ids)):
            yield Case(name, params, dict(zip(ids, owners, strict=True)))


def send(client, method, case, data):
    if method in ("GET", "HEAD", "OPTIONS"):
        return client.generic(method, case.url)
    if case.api:
        return client.generic(method, case.url, json.dumps(data), content_type="application/json")
    if method == "POST":
        return client.post(case.url, data)
    plain = {key: value for key, value in data.items() if not hasattr(value, "read")}
    return client.generic(
        method,
        case.url,
        urlencode(plain, doseq=True),
        content_type="application/x-www-form-urlencoded",
    )


def _refused_by_role_first(client, method, case, data, response, controls_403) -> bool:
    """An editor of A asking A's coordinators' page with B's recipient (say) is refused for the
    role on A before any id is looked up: 403, the same as with A's own ids and with an id that
    exists nowhere, so the answer tells nothing about B's object."""
    if response.status_code != 403 or (case.name, method) not in controls_403:
        return False
    return send(client, method, case.with_unknown_ids(), data).status_code == 403


def body_of(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def leaks(response, side: Side, url: str = "") -> list[str]:
    """The strings of `side` (its mark, its uuids) that the response shows, but for those in
    the requested `url` itself (a 404 page may repeat the path it was asked for)."""
    body = body_of(response)
    secrets = [side.mark, *side.public_ids()]
    return [secret for secret in secrets if secret and secret in body and secret not in url]


@pytest.fixture
def two_groups(db):
    a = Side("A")
    b = Side("B", mark=MARK, versions=3)
    return a, b


@pytest.fixture(autouse=True)
def _no_api_throttling(settings):
    """The matrix sends more API calls than a member's hourly allowance: no throttle may turn a
    404 into a 429 halfway through (the rates are read at each request)."""
    settings.ACCORD_API_RATE_USER = "1000000/hour"
    settings.ACCORD_API_RATE_ANON = "1000000/hour"


@pytest.fixture(autouse=True)
def _no_pdf_rendering(monkeypatch):
    """The positive control asks for PDFs; what is checked is access, not WeasyPrint."""
    from submissions.render import pdf

    rendered = SimpleNamespace(data=PDF, parts=())
    monkeypatch.setattr(pdf, "platform_pdf", lambda **kwargs: rendered)
    monkeypatch.setattr(pdf, "version_pdf", lambda document: rendered)


def test_every_route_with_an_id_is_in_the_matrix():
    unclassified = []
    for route, name, params in _patterns():
        if any(route.startswith(prefix) for prefix in EXEMPT_PREFIXES) or name in EXEMPT:
            continue
        ids = params - set(FIXED)
        if ids:
            if name not in ROUTES or set(ROUTES[name]) != ids:
                unclassified.append(f"{route} ({name}): ids {sorted(ids)}")
        elif name not in NO_PATH_IDS and name not in ROUTES:
            unclassified.append(f"{route} ({name}): no ids; add it to NO_PATH_IDS")
    assert not unclassified, "routes missing from the cross-group matrix:\n" + "\n".join(
        unclassified
    )
    assert not set(ROUTES) - {name for _route, name, _params in _patterns()}, "stale entries"


@pytest.mark.parametrize(
    ("actor", "auth"),
    [(Role.COORDINATOR, "session"), (Role.EDITOR, "session"), (Role.COORDINATOR, "token")],
)
@pytest.mark.slow  # every route with every mix of ids: seconds per role
def test_a_member_of_one_group_gets_404_for_every_id_of_another(two_groups, actor, auth):
    a, b = two_groups
    methods = METHODS_OF[actor]
    if auth == "token":  # the API only, signed in by its token instead of a session
        token, _created = Token.objects.get_or_create(user=a.users[actor])
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        all_cases = [case for case in cases(a, b) if case.api]
    else:
        client = Client()
        client.force_login(a.users[actor])
        all_cases = list(cases(a, b))
    controls = [case for case in all_cases if all(side is a for side in case.sides.values())]
    crossing = [case for case in all_cases if any(side is b for side in case.sides.values())]

    # The positive control, each request rolled back: A's own ids are found.
    applicable = {}
    controls_403 = set()
    for case in controls:
        for method in methods:
            statuses = []
            for data in case.payloads():
                with transaction.atomic():
                    response = send(client, method, case, data)
                    transaction.set_rollback(True)
                statuses.append(response.status_code)
                assert not leaks(response, b), f"{method} {case} shows B: {leaks(response, b)}"
            if 403 in statuses:
                controls_403.add((case.name, method))
            if all(status == 405 for status in statuses):
                applicable[case.name, method] = False
                continue
            applicable[case.name, method] = True
            assert 404 not in statuses, f"control {method} {case}: {statuses}"
            if actor == Role.COORDINATOR:
                assert 403 not in statuses, f"control {method} {case}: {statuses}"

    before = database_snapshot()
    checked = options_alike = 0
    wrong = []
    for case in crossing:
        for method in methods:
            expected = 404 if applicable[case.name, method] else 405
            for data in case.payloads():
                response = send(client, method, case, data)
                if response.status_code == expected:
                    pass
                elif method == "OPTIONS" and case.api:
                    # DRF answers OPTIONS with the endpoint's description, the same for an id
                    # that exists nowhere: it must not tell B's object from no object.
                    unknown = send(client, method, case.with_unknown_ids(), data)
                    if (response.status_code, body_of(response)) != (
                        unknown.status_code,
                        body_of(unknown),
                    ):
                        wrong.append(f"{method} {case}: differs from an unknown id's answer")
                    options_alike += 1
                    continue
                elif not _refused_by_role_first(client, method, case, data, response, controls_403):
                    wrong.append(f"{method} {case}: {response.status_code}, not {expected}")
                if found := leaks(response, b, case.url):
                    wrong.append(f"{method} {case}: shows {found}")
                checked += response.status_code == 404
    assert not wrong, "\n".join(wrong)
    assert changed_tables(before, database_snapshot()) == []
    # Not vacuous: every route, every applicable method, every mix of ids was tried.
    assert len(controls) == len([r for r in _routes() if auth == "session" or r[0][:4] == "api-"])
    assert len(controls) >= (60 if auth == "session" else 20)
    print(
        f"cross-group matrix as {actor} ({auth}): {len(controls)} routes, "
        f"{checked} requests with B ids answered 404, "
        f"{options_alike} API OPTIONS answered as for an unknown id"
    )
    minimum = {
        "session": {Role.COORDINATOR: 350, Role.EDITOR: 150},
        "token": {Role.COORDINATOR: 40},
    }
    assert checked >= minimum[auth][actor], checked


def test_query_strings_naming_another_groups_ids_show_nothing_of_it(client, two_groups):
    """List pages and APIs filter by the member's groups only: B's ids in any filter-like
    parameter neither show B's objects nor break A's page."""
    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])
    query = urlencode(
        {
            "group": b.group.pk,
            "group_id": b.group.pk,
            "proposal": b.draft.public_id,
            "proposal_id": b.draft.public_id,
            "id": b.draft.public_id,
            "pk": b.group.pk,
            "package": b.package.public_id,
            "recipient": b.recipient.pk,
            "submission": b.submission.pk,
            "thread": b.thread.pk,
            "organization": b.organization.pk,
            "q": "Иванов",  # the start of both groups' recipients' surnames
        }
    )
    urls = [reverse(name) for name in sorted(NO_PATH_IDS) if name not in ("logout", "healthz")]
    urls += [
        case.url.split("?")[0]
        for case in cases(a, b)
        if all(side is a for side in case.sides.values()) and case.name not in QUERIES
    ]
    before = database_snapshot()
    looked = 0
    for url in urls:
        response = client.get(f"{url}?{query}")
        if response.status_code == 405:
            continue
        looked += 1
        assert response.status_code != 404, url
        # The page may repeat its own address (B's uuids are in the query): B's names may not.
        assert not leaks(response, b, f"{url}?{query}"), f"{url} shows {leaks(response, b)}"
    for name in ("api-proposal-list", "api-group-list"):
        listed = client.get(f"{reverse(name)}?{query}").json()["results"]
        assert listed
        assert all(item.get("group", item["id"]) == a.group.pk for item in listed)
    assert looked >= 50, looked
    # Only A's own pages left traces: its history page records the visit, its PDF is cached.
    assert set(changed_tables(before, database_snapshot())) <= {
        "proposals.proposalvisit",
        "submissions.storedfile",
    }
    assert not ProposalVisit.objects.filter(proposal__group=b.group).exists()
    assert not StoredFile.objects.filter(name__contains=f"version-{b.draft.versions.first().pk}-")


def test_compare_with_a_version_number_only_another_proposal_has_is_404(client, two_groups):
    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])
    assert b.draft.versions.filter(number=3).exists()
    assert not a.draft.versions.filter(number=3).exists()
    for url in (
        reverse("proposal_compare", args=[a.draft.public_id]) + "?from=1&to=3",
        reverse("api-proposal-diff", args=[a.draft.public_id]) + "?from=1&to=3",
        reverse("version_detail", args=[a.draft.public_id, 3]),
        reverse("api-proposal-version", args=[a.draft.public_id, 3]),
    ):
        assert client.get(url).status_code == 404, url


def _rows_of(side: Side) -> dict:
    return {
        "recipients": list(Recipient.objects.filter(group=side.group).order_by("pk").values()),
        "packages": Package.objects.filter(proposal__group=side.group).count(),
        "memberships": list(Membership.objects.filter(group=side.group).order_by("pk").values()),
        "invitations": list(Invitation.objects.filter(group=side.group).order_by("pk").values()),
        "proposals": list(Proposal.objects.filter(group=side.group).order_by("pk").values()),
    }


def test_another_groups_ids_in_bodies_are_refused_and_change_nothing(client, two_groups):
    """Ids inside forms and JSON bodies, on A's own pages: refused exactly as an unknown id is
    (the same answer and message, so nothing tells that B's object exists), nothing stored."""
    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])
    unknown = 987654321
    package_new = reverse("package_create", args=[a.approved.public_id])
    members = reverse("group_members", args=[a.group.pk])
    membership = reverse("membership_change", args=[a.group.pk, a.membership.pk])
    prefix = f"m{a.membership.pk}"

    def forms_with(foreign):
        """A's own forms, each with one id replaced by `foreign` (B's id, or an unknown one):
        (url, data, the form in the page's context, the field whose error is expected)."""
        package = _package_form(a)
        without_authors = {
            k: v for k, v in package.items() if not k.startswith(("author_", "number_"))
        }
        organization = foreign["organization"]
        return [
            (package_new, {**package, "version": foreign["version"]}, "form", "version"),
            (package_new, {**package, "recipients": [foreign["recipient"]]}, "form", "recipients"),
            (
                package_new,
                {**package, "recipients": [a.recipient.pk, foreign["recipient"]]},
                "form",
                "recipients",
            ),
            (
                # No field for B's organization exists in A's form: no author at all is left.
                package_new,
                {**without_authors, f"author_{organization}": "on", f"number_{organization}": "1"},
                "form",
                "__all__",
            ),
            (
                members,
                {"email": "new@example.test", "role": "editor", "organization": organization},
                "invite_form",
                "organization",
            ),
            (
                membership,
                {f"{prefix}-role": Role.EDITOR, f"{prefix}-organization": organization},
                None,  # redirects back with the error as a message
                None,
            ),
        ]

    def shown(response, form_key, ids) -> str:
        """The errors the member is shown, the ids in them blanked."""
        if form_key is None:
            text = [str(message) for message in get_messages(response.wsgi_request)]
        else:
            text = response.context[form_key].errors
        text = json.dumps(text, ensure_ascii=False)
        for value in ids:
            text = text.replace(str(value), "?")
        return text

    b_ids = {
        "version": b.approved.approved_version_id,
        "recipient": b.recipient.pk,
        "organization": b.organization.pk,
    }
    unknown_ids = dict.fromkeys(b_ids, unknown)
    before = database_snapshot()
    forms = forms_with(b_ids)
    assert len(forms) >= 6  # not vacuous: every form with a choice of ids is tried
    for (url, with_b, form_key, field), (_url, with_unknown, _key, _field) in zip(
        forms, forms_with(unknown_ids), strict=True
    ):
        answer = client.post(url, with_b)
        refused_b = shown(answer, form_key, b_ids.values())
        if form_key is None:
            client.get(answer["Location"])  # the page shows, and so uses up, the message
        control = client.post(url, with_unknown)
        refused_unknown = shown(control, form_key, [unknown])
        assert answer.status_code == control.status_code == (200 if form_key else 302), url
        if form_key:
            assert field in answer.context[form_key].errors, (url, with_b)
        assert refused_b == refused_unknown != "[]", (url, with_b)
        assert not leaks(answer, b)
    # JSON bodies: a proposal in B's group, B's notifications marked read.
    api_new = client.post(
        reverse("api-proposal-list"),
        {"group": b.group.pk, "title": "Захват", "kind": "policy_proposal"},
        content_type="application/json",
    )
    assert api_new.status_code == 404
    marked = client.post(
        reverse("api-notifications"),
        {"ids": [n.pk for n in b.notifications]},
        content_type="application/json",
    )
    assert marked.status_code == 200
    assert marked.json() == {"marked": 0}
    assert Notification.objects.filter(
        pk__in=[n.pk for n in b.notifications], read_at=None
    ).count() == len(b.notifications)
    assert changed_tables(before, database_snapshot()) == []


def test_importing_another_groups_recipients_touches_only_ones_own(client, two_groups):
    """The CSV import matches recipients by name and position within the group: B's rows, the
    same person and position included, stay exactly as they were."""
    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])
    before = _rows_of(b)
    export = body_of(client.get(reverse("recipients_export", args=[b.group.pk])))
    assert "Иванов" not in export  # B's export is 404 for A…
    own_csv = body_of(client.get(reverse("recipients_export", args=[a.group.pk])))
    assert "Иванов" in own_csv  # positive control: A's own export names its recipient
    fields = next(csv.reader(io.StringIO(own_csv.lstrip("\ufeff"))))
    typed = io.StringIO()  # …so A types B's row in
    csv.writer(typed).writerows([fields, [getattr(b.recipient, field) for field in fields]])
    upload = SimpleUploadedFile("b.csv", typed.getvalue().encode())
    response = client.post(reverse("recipients_import", args=[a.group.pk]), {"file": upload})
    assert response.status_code == 302, response.context["problems"]
    assert Recipient.objects.filter(group=a.group, surname=b.recipient.surname).exists()
    assert _rows_of(b) == before


def test_another_groups_invitation_token_changes_nothing(client, two_groups):
    """The token is the credential: whoever holds it sees the invitation, but only the invited
    address can accept it — not the coordinator of another group."""
    from accord.services import invitation_token

    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])
    url = reverse("invitation_accept", args=[invitation_token(b.invitation)])
    before = database_snapshot()
    assert client.post(url).status_code == 302
    assert changed_tables(before, database_snapshot()) == []
    assert not Membership.objects.filter(group=b.group, user=a.users[Role.COORDINATOR]).exists()


# Both websockets, on the real ASGI application (origin and session middleware included).


async def _socket(path: str, session_key: str) -> WebsocketCommunicator:
    from accord.asgi import application

    headers = [
        (b"host", b"localhost"),
        (b"origin", b"http://localhost"),
        (b"cookie", f"sessionid={session_key}".encode()),
    ]
    return WebsocketCommunicator(application, path, headers)


def _an_edit() -> bytes:
    doc = Doc()
    doc["markdown"] = text = Text()
    text += "ВЗЛОМ "
    return protocol.sync_update(doc.get_update())


@database_sync_to_async
def _stored(side: Side) -> tuple:
    proposals = Proposal.objects.filter(group=side.group)
    return (
        DocumentUpdate.objects.filter(proposal__in=proposals).count(),
        ClientIdentity.objects.filter(proposal__in=proposals).count(),
        sorted(proposals.values_list("pk", "text", "updated_at")),
    )


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("actor", [Role.COORDINATOR, Role.EDITOR])
async def test_both_websockets_refuse_another_groups_proposals_with_4403(actor, settings):
    settings.ACCORD_ROOM_IDLE_SECONDS = 0.05
    a, b = await database_sync_to_async(lambda: (Side("A"), Side("B", mark=MARK)))()
    key = await database_sync_to_async(session_key_for)(a.users[actor])
    before = await _stored(b)
    refused = 0
    for proposal in (b.draft, b.fresh, b.in_review, b.approved, b.discussed):
        for path in (
            f"/ws/proposals/{proposal.public_id}/",
            f"/ws/proposals/{proposal.public_id}/events/",
        ):
            socket = await _socket(path, key)
            connected, _subprotocol = await socket.connect()
            assert connected  # accepted, then closed with a code the client can read
            answer = await socket.receive_output(timeout=2)
            assert answer == {"type": "websocket.close", "code": protocol.CLOSE_FORBIDDEN}, path
            # An edit sent now reaches nothing.
            await socket.send_input({"type": "websocket.receive", "bytes": _an_edit()})
            await socket.disconnect()
            refused += 1
    assert refused == 10
    assert not set(rooms.rooms_open()) & set(before[2] and [pk for pk, *_rest in before[2]])
    assert await _stored(b) == before

    # The control: the same sockets for A's own proposal are let in.
    document = await _socket(f"/ws/proposals/{a.draft.public_id}/", key)
    assert (await document.connect())[0]
    first = await document.receive_output(timeout=2)
    assert first["type"] == "websocket.send"
    assert first["bytes"][0] == protocol.MESSAGE_SYNC
    events = await _socket(f"/ws/proposals/{a.draft.public_id}/events/", key)
    assert (await events.connect())[0]
    assert await events.receive_nothing(timeout=0.2)
    await document.disconnect()
    await events.disconnect()
    from tests.realtime.conftest import settle

    await settle()


def test_services_refuse_another_groups_objects_even_without_the_forms(two_groups):
    """Behind the forms, the services check that every object named belongs to the group: a view
    that forgot its form's restricted choices would still not mix B's objects into A's."""
    from accord import services as accord_services
    from submissions.services.packages import Signer, package_create

    a, b = two_groups
    coordinator = a.users[Role.COORDINATOR]
    package = {
        "proposal": a.approved,
        "version": a.approved.approved_version,
        "actor": coordinator,
        "recipients": [a.recipient],
        "authors": [(a.organization, "1")],
        "signatories": [Signer("Председатель", "А.Б. Вахрушев")],
        "letter_date": timezone.localdate(),
        "heading": "О предложениях",
        "body": "Текст.",
        "executor_name": "Исполнитель",
        "executor_phone": "+7 000",
    }
    before = database_snapshot()
    refusals = [
        ("version", lambda: package_create(**{**package, "version": b.approved.approved_version})),
        ("recipients", lambda: package_create(**{**package, "recipients": [b.recipient]})),
        ("authors", lambda: package_create(**{**package, "authors": [(b.organization, "1")]})),
        (
            "organization",
            lambda: accord_services.membership_update(
                membership=a.membership,
                role=Role.EDITOR,
                organization=b.organization,
                actor=coordinator,
            ),
        ),
        (
            "organization",
            lambda: accord_services.invitation_create(
                group=a.group,
                invited_by=coordinator,
                email="new@example.test",
                role=Role.EDITOR,
                organization=b.organization,
            ),
        ),
        (
            None,  # A's coordinator represents no organization in B's group
            lambda: review.vote_cast(
                review=review.open_review(b.in_review), user=coordinator, choice="object"
            ),
        ),
        (None, lambda: review.endorsement_give(proposal=b.approved, user=coordinator)),
    ]
    for field, call in refusals:
        with pytest.raises(ValidationError) as refused:
            call()
        if field is not None:
            assert field in refused.value.message_dict
    assert changed_tables(before, database_snapshot()) == []


@pytest.mark.django_db(transaction=True)
async def test_a_removed_member_hears_no_more_events_of_the_group(settings):
    """The events socket re-reads access before relaying, as the document socket does: once
    removed from A, a former member's open page is closed with 4403 instead of hearing A."""
    settings.ACCORD_WS_ROLE_RECHECK_SECONDS = 0
    a = await database_sync_to_async(Side)("A")
    member, editor = a.users[Role.COMMENTER], a.users[Role.EDITOR]
    key = await database_sync_to_async(session_key_for)(member)
    events = await _socket(f"/ws/proposals/{a.discussed.public_id}/events/", key)
    assert (await events.connect())[0]

    def comment(body):
        comments.comment_reply(thread=a.thread, author=editor, body=body)

    await database_sync_to_async(comment)("Пока участник")
    heard = await events.receive_json_from(timeout=2)
    assert heard == {"kind": "thread.replied", "data": {"thread": a.thread.pk}}
    await database_sync_to_async(Membership.objects.filter(user=member, group=a.group).delete)()
    await database_sync_to_async(comment)("Уже не участник")
    assert await events.receive_output(timeout=2) == {
        "type": "websocket.close",
        "code": protocol.CLOSE_FORBIDDEN,
    }
    await events.disconnect()


def test_another_groups_docx_is_404_with_every_mix_of_ids(client, two_groups):
    """The matrix asks for the PDF; the DOCX of the same documents answers alike."""
    a, b = two_groups
    client.force_login(a.users[Role.COORDINATOR])

    def url(proposal_side, package_side, document_side):
        return reverse(
            "package_file",
            args=[
                proposal_side.approved.public_id,
                package_side.package.public_id,
                document_side.document.pk,
                "docx",
            ],
        )

    assert client.get(url(a, a, a)).status_code == 200
    mixes = [sides for sides in itertools.product((a, b), repeat=3) if b in sides]
    assert len(mixes) == 7
    for sides in mixes:
        assert client.get(url(*sides)).status_code == 404, [side.label for side in sides]

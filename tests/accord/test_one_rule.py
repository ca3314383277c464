"""Roles become permissions in one place, `accord/access.py`: nowhere else compares a role.

Every app (a top-level directory with an `apps.py`, so an app added later is covered without
editing this test) is read line by line, its Python and its templates. A line that compares a
role with a role (`==`, `!=`, `in`, a tuple of roles, a filter on a named role) outside the
allow-list fails the test: ask `accord.access` instead (`obj.permissions`, `role_allows`,
`role_manages`, `roles_with`).
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_ROLE_NAMES = r"(?:OBSERVER|COMMENTER|EDITOR|COORDINATOR)"
_ROLE_VALUES = r"""["'](?:observer|commenter|editor|coordinator)["']"""
_COMPARE = r"(?:==|!=|\bnot\s+in\b|\bin\b)"
_ROLE_ATTRIBUTE = r"\b(?:user_role|role)\b"

PYTHON_PATTERNS = [
    # Role.EDITOR == x, x != Role.COORDINATOR, x in (Role.EDITOR, …), … in ROLES = (Role.X, …)
    re.compile(rf"{_COMPARE}\s*[(\[{{]?\s*Role\.{_ROLE_NAMES}"),
    re.compile(rf"Role\.{_ROLE_NAMES}\s*(?:==|!=|\bin\b|\bnot\s+in\b)"),
    re.compile(rf"=\s*[(\[{{]\s*Role\.{_ROLE_NAMES}\s*,"),
    # .role == …, user_role in …, role != …
    re.compile(rf"{_ROLE_ATTRIBUTE}\s*(?:==|!=|\bin\b|\bnot\s+in\b)"),
    re.compile(rf"(?:==|!=)\s*[\w.]*{_ROLE_ATTRIBUTE}"),
    # == "coordinator", in ("editor", …)
    re.compile(rf"{_COMPARE}\s*[(\[{{]?\s*{_ROLE_VALUES}"),
    # .filter(role=Role.COORDINATOR), role__in=(Role.EDITOR, …), role__in=SOME_ROLES
    re.compile(r"\brole(?:__in)?\s*=\s*[(\[{]\s*Role\."),
    re.compile(r"\brole__in\s*=\s*[A-Z_]*ROLES\b"),
    re.compile(rf"\.(?:filter|exclude|get)\([^)]*\brole\s*=\s*Role\.{_ROLE_NAMES}"),
]

TEMPLATE_PATTERNS = [
    re.compile(rf"{_ROLE_ATTRIBUTE}\s*(?:==|!=|\bin\b|\bnot\s+in\b)"),
    re.compile(rf"(?:==|!=)\s*[\w.]*{_ROLE_ATTRIBUTE}"),
    re.compile(rf"{_COMPARE}\s*{_ROLE_VALUES}"),
]

# Files that may name roles as data or rules, with the reason.
ALLOWED = {
    "accord/access.py": "the one place where roles become permissions",
}
ALLOWED_NAMES = {
    "models.py": "role choices and constraints",
    "demo_data.py": "demo accounts hold roles as data",
}
ALLOWED_DIRECTORIES = {"migrations"}

# Marking the selected option of a role <select> shows a value, it decides nothing.
_SELECT_OPTION = re.compile(r"<option\b[^>]*\{%\s*if\b[^%]*%\}\s*selected")


def app_directories(root: Path) -> list[Path]:
    return sorted(path.parent for path in root.glob("*/apps.py"))


def scanned_files(root: Path) -> list[Path]:
    files = []
    for app in app_directories(root):
        for path in sorted(app.rglob("*")):
            relative = path.relative_to(root)
            if not path.is_file() or path.suffix not in {".py", ".html", ".txt"}:
                continue
            if path.suffix == ".txt" and "templates" not in relative.parts:
                continue
            if ALLOWED_DIRECTORIES & set(relative.parts) or path.name in ALLOWED_NAMES:
                continue
            if relative.as_posix() in ALLOWED:
                continue
            files.append(path)
    return files


_TEMPLATE_TAG = re.compile(r"\{%(.*?)%\}")
_PROSE_TAG = re.compile(r"\s*(?:translate|blocktranslate|trans|blocktrans)\b")
# `for rank, role in …` iterates, it does not compare.
_LOOP_TARGETS = re.compile(r"\bfor\s+[\w\s,()]+?\s+in\b")


def offending_line(line: str, *, template: bool) -> bool:
    if template:
        if _SELECT_OPTION.search(line):
            return False
        # Only template logic counts: "Your role in this group" is prose.
        tags = [tag for tag in _TEMPLATE_TAG.findall(line) if not _PROSE_TAG.match(tag)]
        code, patterns = " ".join(tags), TEMPLATE_PATTERNS
    else:
        code, patterns = line.split("#", 1)[0], PYTHON_PATTERNS
    code = _LOOP_TARGETS.sub("for _ in", code)
    return any(pattern.search(code) for pattern in patterns)


def role_comparisons(root: Path) -> list[str]:
    found = []
    for path in scanned_files(root):
        template = path.suffix != ".py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if offending_line(line, template=template):
                found.append(f"{path.relative_to(root).as_posix()}:{number}: {line.strip()}")
    return found


OFFENDING_PYTHON = [
    '"can_edit": group.user_role in (Role.COORDINATOR, Role.EDITOR),',
    '"can_manage": proposal.user_role == Role.COORDINATOR,',
    "if membership.role == Role.COORDINATOR and role != Role.COORDINATOR:",
    "EDITING_ROLES = (Role.COORDINATOR, Role.EDITOR)",
    "can_build = proposal.user_role in EDITING_ROLES",
    'if role == "coordinator":',
    'if membership.role not in ("editor", "coordinator"):',
    "Role.EDITOR == membership.role",
    "Membership.objects.filter(group_id=group_id, role__in=WARNED_ROLES)",
    ".filter(group_id=membership.group_id, role=Role.COORDINATOR)",
    "role__in=(Role.COORDINATOR, Role.EDITOR),",
]
HARMLESS_PYTHON = [
    "membership_add(group=group, user=coordinator, role=Role.COORDINATOR)",
    'role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.EDITOR)',
    "can_write = proposal.permissions.writable",
    "role__in=roles_with(Permission.COMMENT)",
    "if role_manages(membership.role) and not role_manages(role):",
    "doc, shared = store.document_open(proposal_id=proposal.pk, editor=True)",
    "# a coordinator == the one who manages (a comment, not code)",
    "*[When(role=role, then=Value(rank)) for rank, role in enumerate(Role.values)],",
]
OFFENDING_TEMPLATES = [
    '{% if group.user_role == "coordinator" %}',
    "{% if proposal.user_role in editing_roles %}",
    '{% if "editor" == membership.role %}',
    '{% if membership.role != "observer" %}',
]
HARMLESS_TEMPLATES = [
    "{% if permissions.manage %}",
    '<span class="badge badge--{{ group.user_role }}">{{ group.user_role|role_label }}</span>',
    '<option value="{{ value }}"{% if value == membership.role %} selected{% endif %}>',
    '<p class="notice" role="alert">',
    '<p>{% translate "Your role in this working group does not allow this." %}</p>',
    "{% for role in roles %}<li>{{ role }}</li>{% endfor %}",
]


@pytest.mark.parametrize("line", OFFENDING_PYTHON)
def test_the_python_patterns_catch_a_role_comparison(line):
    assert offending_line(line, template=False)


@pytest.mark.parametrize("line", HARMLESS_PYTHON)
def test_the_python_patterns_leave_roles_as_data_alone(line):
    assert not offending_line(line, template=False)


@pytest.mark.parametrize("line", OFFENDING_TEMPLATES)
def test_the_template_patterns_catch_a_role_comparison(line):
    assert offending_line(line, template=True)


@pytest.mark.parametrize("line", HARMLESS_TEMPLATES)
def test_the_template_patterns_leave_a_badge_and_a_select_alone(line):
    assert not offending_line(line, template=True)


def test_a_new_app_is_scanned_and_its_role_comparison_found(tmp_path):
    """Positive control of the whole walk: a made-up app with one offence in each kind of file,
    and the same offence in its allow-listed files, which are skipped."""
    app = tmp_path / "laws"
    (app / "templates" / "laws").mkdir(parents=True)
    (app / "migrations").mkdir()
    (app / "apps.py").write_text("")
    (app / "views.py").write_text('ok = 1\nif proposal.user_role == "editor":\n    pass\n')
    (app / "templates" / "laws" / "page.html").write_text("{% if group.user_role == x %}\n")
    for allowed in ("models.py", "demo_data.py", "migrations/0001_initial.py"):
        (app / allowed).write_text("if role == Role.EDITOR:\n    pass\n")
    (tmp_path / "notanapp").mkdir()
    (tmp_path / "notanapp" / "views.py").write_text("if role == Role.EDITOR:\n    pass\n")
    assert role_comparisons(tmp_path) == [
        "laws/templates/laws/page.html:1: {% if group.user_role == x %}",
        'laws/views.py:2: if proposal.user_role == "editor":',
    ]


def test_no_role_is_compared_outside_accord_access():
    apps = {path.name for path in app_directories(ROOT)}
    assert {"accord", "proposals", "realtime", "submissions"} <= apps
    files = scanned_files(ROOT)
    # The walk reaches the code it guards (a broken walk would pass vacuously).
    assert len([path for path in files if path.suffix == ".py"]) >= 50
    assert len([path for path in files if path.suffix == ".html"]) >= 30
    assert ROOT / "proposals" / "views" / "__init__.py" in files
    assert ROOT / "accord" / "templates" / "accord" / "group_detail.html" in files
    assert role_comparisons(ROOT) == []


def test_the_allow_list_names_files_that_exist():
    for relative in ALLOWED:
        assert (ROOT / relative).is_file(), relative

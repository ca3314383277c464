"""The throwaway world of a run: a new database (SQLite file or a new PostgreSQL database), one
working group, editors with session cookies, and one ~5 KB Russian proposal per Accord run."""

import os
import secrets
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from bench.realtime.procs import ROOT

_PARAGRAPHS = [
    "Коалиция некоммерческих организаций предлагает внести изменения в порядок предоставления "
    "субсидий социально ориентированным НКО, чтобы сократить сроки рассмотрения заявок и "
    "сделать критерии отбора прозрачными для всех участников.",
    "Сейчас заявка рассматривается до девяноста дней, а требования к отчётности различаются "
    "в каждом регионе. Небольшие организации тратят на документы больше времени, чем на работу "
    "с людьми, которым они помогают.",
    "Предлагаем установить единый срок рассмотрения — тридцать рабочих дней, единую форму "
    "отчёта и публикацию результатов конкурса с баллами по каждому критерию.",
    "Ожидаемый результат: рост числа заявок от малых организаций, снижение издержек "
    "на подготовку документов и доверие к процедуре распределения средств.",
]


def proposal_text(target_bytes: int = 5 * 1024) -> str:
    parts = ["# Предложение о порядке предоставления субсидий\n"]
    section = 1
    while len("\n".join(parts).encode()) < target_bytes:
        parts.append(f"## Раздел {section}\n")
        parts.extend(f"{paragraph}\n" for paragraph in _PARAGRAPHS)
        section += 1
    return "\n".join(parts)


# The database and the people -------------------------------------------------------------------


@dataclass
class World:
    database_url: str
    secret_key: str
    cookies: list[str]
    proposals: list  # public ids, one per Accord run
    text: str
    cleanup: list = field(default_factory=list)


def throwaway_database(args, workdir: Path) -> tuple[str, object]:
    """A DATABASE_URL for a new, empty database, and how to get rid of it."""
    if not args.database_url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    name = f"accord_bench_{secrets.token_hex(4)}"
    admin_url = urlunsplit(parts._replace(scheme="postgresql"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def django_env(database_url: str, secret_key: str, workdir: Path) -> dict:
    """The environment of Accord's processes; the orchestrator signs the sessions with the same
    SECRET_KEY as the servers."""
    (workdir / "var" / "static").mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "accord.settings",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secret_key,
        "PYTHONPATH": str(ROOT),
        "ACCORD_VAR_DIR": str(workdir / "var"),
    }
    env.pop("REDIS_URL", None)
    return env


def prepare_world(args, workdir: Path, proposals_needed: int, users_needed: int) -> World:
    database_url, drop = throwaway_database(args, workdir)
    secret_key = f"bench-{secrets.token_hex(32)}"
    env = {**django_env(database_url, secret_key, workdir), "DEBUG": "1"}
    subprocess.run(  # (a fixed command)
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT, env=env, check=True, timeout=300,
    )  # fmt: skip
    for key in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL", "SECRET_KEY"):
        os.environ[key] = env[key]
    os.environ.update({"DEBUG": "1", "ACCORD_VAR_DIR": env["ACCORD_VAR_DIR"]})
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import connection

    from accord.models import Role, Theme
    from accord.services import membership_add, user_create, working_group_create
    from proposals.models import ProposalKind
    from proposals.services import proposal_create

    text = proposal_text()
    group = working_group_create(
        name="Бенчмарк совместного редактирования", theme=Theme.OTHER, coordinator=None
    )
    users, cookies = [], []
    for index in range(users_needed):
        user = user_create(
            email=f"bench-editor-{index}@example.org",
            password=None,
            display_name=f"Редактор {index}",
        )
        membership_add(group=group, user=user, role=Role.EDITOR)
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        users.append(user)
        cookies.append(f"sessionid={session.session_key}")
    proposals = [
        str(
            proposal_create(
                group=group,
                author=users[0],
                title=f"Предложение для прогона {index + 1}",
                kind=ProposalKind.POLICY_PROPOSAL,
                text=text,
            ).public_id
        )
        for index in range(proposals_needed)
    ]
    connection.close()
    world = World(database_url, secret_key, cookies, proposals, text)
    if drop is not None:
        world.cleanup.append(drop)
    return world

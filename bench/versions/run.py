"""Benchmark of proposal versions: history pages, the versions API, diffs, storage and restore.

    .venv/bin/python bench/versions/run.py [--database-url URL] [--quick]

Sets up a throwaway database (an SQLite file in a temporary directory; with --database-url, the
PostgreSQL database named in the URL, created here and dropped at the end), one working group,
eleven members and two proposals, then measures
  1. the history page and the versions API on a 50-page proposal with 5,000 versions
     (rows made with bulk_create: same numbers, SHA-256 and word counts as the service would
     write), and `version_create` itself on that proposal;
  2. the diff of two 100-page versions: `diff.compare`, `redline_html`, `side_by_side_html`,
     the compare page and the diff API;
  3. the bytes the database uses for 1,000 versions of the 50-page proposal;
  4. restoring a 100-page version through the API of a real daphne process while 10 live
     clients are connected, until all of them hold the restored text.
Prints a Markdown report (aim: every page or API call under 200 ms); anything slower is profiled
(cProfile in this process, py-spy on daphne when it is installed). Everything listens on
127.0.0.1; every process, database and file made here is removed at the end.
"""

import argparse
import asyncio
import contextlib
import cProfile
import hashlib
import http.client
import json
import math
import os
import platform
import pstats
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]
AIM_MS = 200.0
PAGE_CHARS = 3_000  # one printed page of text
PAGE_SIZE = 50  # versions per history/API page (the views' and DRF's page size)


@dataclass(frozen=True)
class Sizes:
    versions: int  # versions of the 50-page proposal
    storage_at: int  # versions counted for the storage measurement
    history_pages: int  # pages of the long proposal
    diff_pages: int  # pages of each version in the diff and restore measurements
    requests: int  # timed requests per page/API measurement
    calls: int  # timed version_create calls of each kind
    restores: int  # timed restores
    clients: int  # live clients during a restore
    budget_s: float  # time limit for one measurement's repetitions


FULL = Sizes(5_000, 1_000, 50, 100, 20, 5, 5, 10, 12.0)
QUICK = Sizes(1_000, 1_000, 50, 100, 10, 3, 3, 10, 5.0)


# Text: Russian policy prose, with page headings and numbered clauses -------------------------

_SUBJECTS = [
    "Уполномоченный орган", "Комиссия по отбору", "Получатель субсидии", "Рабочая группа",
    "Министерство социального развития", "Координационный совет", "Организатор конкурса",
    "Некоммерческая организация", "Муниципальное учреждение", "Общественная палата региона",
    "Экспертный совет", "Финансовый орган", "Оператор грантовой программы", "Заявитель",
    "Контрольно-счётная палата", "Ресурсный центр поддержки НКО",
]  # fmt: skip
_VERBS = [
    "обеспечивает", "утверждает", "публикует", "рассматривает", "направляет", "согласовывает",
    "устанавливает", "проверяет", "представляет", "определяет", "размещает", "учитывает",
    "пересматривает", "доводит до сведения участников", "ежегодно актуализирует", "запрашивает",
]  # fmt: skip
_OBJECTS = [
    "порядок предоставления субсидий", "перечень документов, прилагаемых к заявке",
    "критерии оценки заявок и их весовые коэффициенты", "единую форму отчёта об использовании "
    "средств", "сведения о получателях поддержки", "итоги конкурса с баллами по каждому "
    "критерию", "план мероприятий на очередной финансовый год", "смету расходов проекта",
    "показатели результативности предоставления субсидии", "решение о предоставлении гранта",
    "информацию о ходе реализации социального проекта", "требования к участникам отбора",
    "состав конкурсной комиссии", "график приёма и рассмотрения заявок", "методические "
    "рекомендации для заявителей", "сведения о нарушениях условий соглашения",
    "проект соглашения о предоставлении субсидии", "реестр социально ориентированных НКО",
]  # fmt: skip
_CIRCUMSTANCES = [
    "в течение {n} рабочих дней со дня регистрации заявки",
    "не позднее {n}-го числа месяца, следующего за отчётным кварталом",
    "на официальном сайте в информационно-телекоммуникационной сети «Интернет»",
    "в соответствии с пунктом {n} настоящего порядка", "с учётом мнения общественного совета",
    "в электронной форме через региональный портал", "по согласованию с финансовым органом",
    "ежегодно до {n} марта", "в порядке, установленном статьёй {n} настоящего закона",
    "для социально ориентированных некоммерческих организаций",
    "без взимания платы и без дополнительных запросов", "в объёме не менее {n} процентов",
    "с привлечением независимых экспертов", "в пределах лимитов бюджетных обязательств",
    "с соблюдением требований о защите персональных данных",
    "не реже одного раза в {n} месяцев",
]  # fmt: skip
_WORDS = [
    "своевременно", "открыто", "ежеквартально", "дополнительно", "письменно", "публично",
    "обоснованно", "единообразно", "поэтапно", "прозрачно", "заблаговременно", "совместно",
    "региональный", "муниципальный", "независимый", "общественный", "итоговый", "текущий",
]  # fmt: skip
_TITLES = [
    "Общие положения", "Цели и задачи", "Порядок подачи заявок", "Критерии отбора",
    "Порядок рассмотрения", "Отчётность получателей", "Контроль и ответственность",
    "Заключительные положения", "Финансовое обеспечение", "Участие общественности",
]  # fmt: skip


try:  # Faker (a test dependency) has 500 Russian words: real words, real entropy.
    from faker.providers.lorem.ru_RU import Provider as _Lorem

    _LOREM_WORDS = list(_Lorem.word_list)
except ImportError:  # pragma: no cover
    _LOREM_WORDS = []


class Writer:
    """Paragraphs of a proposal, and small edits of them (seeded: every run writes the same).

    Half of the sentences come from legal phrases, half are strings of real Russian words: the
    phrases alone repeat far more than real prose does, and would flatter the compression of
    the stored texts (see the calibration in the storage detail)."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)  # noqa: S311 (text, not secrets)
        self.clause = 0

    def sentence(self) -> str:
        rng = self.rng
        if _LOREM_WORDS and rng.random() < 0.5:
            words = [rng.choice(_LOREM_WORDS) for _ in range(rng.randint(6, 14))]
            if rng.random() < 0.3:
                circumstance = rng.choice(_CIRCUMSTANCES).format(n=rng.randint(2, 30))
                words.insert(rng.randrange(len(words)), circumstance)
            if rng.random() < 0.3:
                words[rng.randrange(1, len(words))] += ","
            sentence = " ".join(words)
            return sentence[0].upper() + sentence[1:] + "."
        parts = [rng.choice(_SUBJECTS), rng.choice(_VERBS), rng.choice(_OBJECTS)]
        for _ in range(rng.choice((1, 1, 2))):
            parts.append(rng.choice(_CIRCUMSTANCES).format(n=rng.randint(2, 30)))
        if rng.random() < 0.3:
            parts.insert(2, rng.choice(_WORDS))
        return " ".join(parts) + "."

    def paragraph(self) -> str:
        self.clause += 1
        body = " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))
        return f"{self.clause}. {body}"

    def document(self, pages: int) -> list[str]:
        paragraphs: list[str] = []
        for page in range(1, pages + 1):
            title = _TITLES[(page - 1) % len(_TITLES)]
            paragraphs.append(f"## {page}. {title}")
            size = 0
            while size < PAGE_CHARS - 100:
                paragraph = self.paragraph()
                paragraphs.append(paragraph)
                size += len(paragraph) + 2
        return paragraphs

    def _body(self, paragraphs: list[str]) -> int:
        """The index of a random clause (not a heading)."""
        while True:
            index = self.rng.randrange(len(paragraphs))
            if not paragraphs[index].startswith("#"):
                return index

    def edit(self, paragraphs: list[str]) -> list[str]:
        """A new list with one small change, as an editing pause would leave it."""
        rng, result = self.rng, list(paragraphs)
        index = self._body(result)
        head, _dot, body = result[index].partition(". ")
        sentences = body.split(". ")
        choice = rng.random()
        if choice < 0.40:  # a word changed
            words = result[index].split(" ")
            position = rng.randrange(1, len(words))
            words[position] = rng.choice(_WORDS)
            result[index] = " ".join(words)
        elif choice < 0.55:  # a number changed
            words = result[index].split(" ")
            numbers = [i for i, word in enumerate(words[1:], 1) if word.isdigit()]
            position = rng.choice(numbers) if numbers else rng.randrange(1, len(words))
            words[position] = str(rng.randint(2, 90))
            result[index] = " ".join(words)
        elif choice < 0.75:  # a sentence rewritten
            sentences[rng.randrange(len(sentences))] = self.sentence().rstrip(".")
            result[index] = f"{head}. {'. '.join(sentences)}"
        elif choice < 0.85:  # a sentence added
            sentences.insert(rng.randrange(len(sentences) + 1), self.sentence().rstrip("."))
            result[index] = f"{head}. {'. '.join(sentences)}"
        elif choice < 0.95:  # a sentence removed
            if len(sentences) > 1:
                del sentences[rng.randrange(len(sentences))]
            else:
                sentences.append(self.sentence().rstrip("."))
            result[index] = f"{head}. {'. '.join(sentences)}"
        elif choice < 0.975:  # a clause added
            result.insert(index + 1, self.paragraph())
        else:  # a clause removed
            del result[index]
        return result

    def revision(self, paragraphs: list[str], share: float, moves: int) -> list[str]:
        """A later draft: `share` of the clauses edited, `moves` clauses moved, one added and one
        removed."""
        rng, result = self.rng, list(paragraphs)
        body = [i for i, paragraph in enumerate(result) if not paragraph.startswith("#")]
        for index in rng.sample(body, max(1, round(share * len(body)))):
            head, _dot, rest = result[index].partition(". ")
            sentences = rest.split(". ")
            sentences[rng.randrange(len(sentences))] = self.sentence().rstrip(".")
            words = f"{head}. {'. '.join(sentences)}".split(" ")
            words[rng.randrange(1, len(words))] = rng.choice(_WORDS)
            result[index] = " ".join(words)
        for _ in range(moves):
            moved = result.pop(self._body(result))
            result.insert(self._body(result), moved)
        result.insert(self._body(result), self.paragraph())
        del result[self._body(result)]
        return result


def joined(paragraphs: list[str]) -> str:
    return "\n\n".join(paragraphs) + "\n"


def var_uint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def state_vector(clocks: dict[int, int]) -> bytes:
    """A Yjs state vector as the service stores it (clients and their clocks)."""
    out = var_uint(len(clocks))
    for client, clock in clocks.items():
        out += var_uint(client) + var_uint(clock)
    return out


# Statistics and the report -------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


@dataclass
class Row:
    name: str
    times_ms: list[float] = field(default_factory=list)
    queries: str = "—"
    note: str = ""
    aim: bool = False  # a page or API call: held against the 200 ms aim
    value: str = ""  # for rows that are not timings
    cpu_ms: list[float] = field(default_factory=list)  # CPU time of the serving process

    @property
    def median(self) -> float | None:
        return statistics.median(self.times_ms) if self.times_ms else None

    @property
    def p95(self) -> float | None:
        return percentile(self.times_ms, 0.95) if self.times_ms else None

    def cells(self) -> list[str]:
        if not self.times_ms:
            return [self.name, self.value or "—", "—", self.queries, self.note]
        note = self.note
        if self.aim:
            verdict = "✓ under 200 ms" if self.p95 < AIM_MS else (
                "✗ median over 200 ms" if self.median >= AIM_MS else "≈ p95 over 200 ms"
            )  # fmt: skip
            note = f"{verdict}; {note}" if note else verdict
        if self.cpu_ms:
            note += f"; CPU {statistics.median(self.cpu_ms):.0f} ms"
        note += f" (n={len(self.times_ms)})"
        return [self.name, f"{self.median:.1f} ms", f"{self.p95:.1f} ms", self.queries, note]


def markdown_table(rows: list[Row]) -> str:
    lines = [
        "| measurement | median | p95 | queries | note |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in rows]
    return "\n".join(lines)


def kb(size: float) -> str:
    return f"{size / 1024:,.1f} KB"


def mb(size: float) -> str:
    return f"{size / 2**20:,.1f} MB"


def log(message: str) -> None:
    print(f"# {message}", file=sys.stderr, flush=True)


# Timing helpers ----------------------------------------------------------------------------------


def repeat(call, *, times: int, budget_s: float, warmup: int = 1) -> tuple[list, list]:
    """Wall-clock and CPU milliseconds (this process) of `call()` after `warmup` untimed calls;
    stops early (after at least five) when the budget is spent."""
    for _ in range(warmup):
        call()
    wall, cpu, started = [], [], time.perf_counter()
    for _ in range(times):
        begin, begin_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - begin) * 1000)
        cpu.append((time.process_time() - begin_cpu) * 1000)
        if len(wall) >= 5 and time.perf_counter() - started > budget_s:
            break
    return wall, cpu


def query_count(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured.captured_queries)


def hotspots(call, *, limit: int = 12) -> list[str]:
    """cProfile of one call: the functions with the most time of their own."""
    profile = cProfile.Profile()
    profile.enable()
    call()
    profile.disable()
    stats = pstats.Stats(profile)
    total = sum(entry[2] for entry in stats.stats.values()) or 1e-9
    entries = sorted(stats.stats.items(), key=lambda item: item[1][2], reverse=True)[:limit]
    lines = [f"total {total * 1000:.0f} ms of profiled time (cProfile adds overhead)"]
    for (filename, line, name), (_cc, calls, own, cumulative, _callers) in entries:
        where = filename.replace(str(ROOT) + "/", "").split("site-packages/")[-1]
        where = where.replace(sys.base_prefix + "/lib/", "")
        lines.append(
            f"{100 * own / total:5.1f} % own, {cumulative * 1000:7.1f} ms cumulative, "
            f"{calls:>7} calls  {name}  ({where}:{line})"
        )
    return lines


# Database ------------------------------------------------------------------------------------


def throwaway_database(args, workdir: Path) -> tuple[str, object]:
    """A DATABASE_URL for a new, empty database, and how to drop it (None for SQLite)."""
    if not args.database_url:
        return f"sqlite:///{workdir / 'bench.sqlite3'}", None
    import psycopg

    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit("--database-url must be a postgres:// URL (SQLite is the default)")
    name = parts.path.lstrip("/") or "accord_bench_versions"
    if not name.replace("_", "").isalnum():
        raise SystemExit(f"database name {name!r}: letters, digits and _ only")
    admin_url = urlunsplit(parts._replace(scheme="postgresql", path="/postgres"))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        exists = connection.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [name]
        ).fetchone()
        if exists:
            raise SystemExit(f"database {name} exists already: drop it or name another one")
        connection.execute(f'CREATE DATABASE "{name}"')

    def drop() -> None:
        with psycopg.connect(admin_url, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    return urlunsplit(parts._replace(path=f"/{name}")), drop


def django_setup(database_url: str, secret_key: str, workdir: Path) -> None:
    """Django in this process: production settings (DEBUG off), this database."""
    (workdir / "var" / "static").mkdir(parents=True, exist_ok=True)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "accord.settings",
            "DATABASE_URL": database_url,
            "SECRET_KEY": secret_key,
            "DEBUG": "0",
            "ALLOWED_HOSTS": "testserver,127.0.0.1",
            "ACCORD_VAR_DIR": str(workdir / "var"),
            "LOG_LEVEL": "WARNING",
        }
    )
    os.environ.pop("REDIS_URL", None)
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test.utils import override_settings

    # The pages link static files; the manifest storage production uses needs collectstatic,
    # which would only slow the run down. Looking up a URL costs the same in both.
    override_settings(
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
    ).enable()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def storage_bytes() -> dict[str, int]:
    """Bytes of the versions table and the authors table (with indexes and TOAST)."""
    from django.db import connection

    tables = ["proposals_version", "proposals_version_authors"]
    result = {}
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(
                    "SELECT pg_total_relation_size(%s), pg_relation_size(%s), "
                    "pg_indexes_size(%s), COALESCE(pg_total_relation_size(NULLIF("
                    "(SELECT reltoastrelid FROM pg_class WHERE oid = %s::regclass), 0)), 0)",
                    [table] * 4,
                )
                total, heap, indexes, toast = cursor.fetchone()
                result[table] = total
                result[f"{table}: heap"] = heap
                result[f"{table}: TOAST"] = toast
                result[f"{table}: indexes"] = indexes
            result["method"] = "pg_total_relation_size"
            return result
        try:
            for table in tables:
                cursor.execute(
                    "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name IN "
                    "(SELECT name FROM sqlite_master WHERE tbl_name = %s)",
                    [table],
                )
                result[table] = cursor.fetchone()[0]
                cursor.execute(
                    "SELECT COALESCE(SUM(pgsize), 0) FROM dbstat WHERE name = %s", [table]
                )
                result[f"{table}: table"] = cursor.fetchone()[0]
                result[f"{table}: indexes"] = result[table] - result[f"{table}: table"]
            result["method"] = "SQLite dbstat"
        except Exception:
            result["method"] = "file size"
    return result


def sqlite_file_bytes() -> int:
    from django.db import connection

    name = Path(connection.settings_dict["NAME"])
    return sum(path.stat().st_size for path in (name, Path(f"{name}-wal")) if path.exists())


# The world: people and proposals -----------------------------------------------------------------


@dataclass
class World:
    group: object
    coordinator: object
    editors: list
    long: object = None  # the 50-page proposal with thousands of versions
    big: object = None  # the 100-page proposal for the diff and the restore
    big_texts: tuple[str, str] = ("", "")
    raw_bytes_at_storage: int = 0
    storage: dict = field(default_factory=dict)
    sqlite_before: int = 0


def people(sizes: Sizes) -> World:
    from accord.models import Role, Theme
    from accord.services import membership_add, user_create, working_group_create

    group = working_group_create(name="Бенчмарк версий", theme=Theme.OTHER, coordinator=None)
    coordinator = user_create(
        email="bench-coordinator@example.org", password=None, display_name="Координатор"
    )
    membership_add(group=group, user=coordinator, role=Role.COORDINATOR)
    editors = []
    for index in range(sizes.clients):
        editor = user_create(
            email=f"bench-editor-{index}@example.org",
            password=None,
            display_name=f"Редактор {index + 1}",
        )
        membership_add(group=group, user=editor, role=Role.EDITOR)
        editors.append(editor)
    return World(group=group, coordinator=coordinator, editors=editors)


def make_long_history(world: World, sizes: Sizes) -> tuple[float, float]:
    """The 50-page proposal and its versions, in batches; measures storage on the way.

    Returns (seconds generating, seconds writing)."""
    from django.db import connection, transaction
    from django.utils import timezone

    from proposals import diff
    from proposals.models import ProposalKind, Version, VersionKind
    from proposals.services import proposal_create

    writer = Writer(seed=50)
    paragraphs = writer.document(sizes.history_pages)
    world.long = proposal_create(
        group=world.group,
        author=world.coordinator,
        title="Порядок предоставления субсидий НКО (50 страниц)",
        kind=ProposalKind.LEGISLATIVE_AMENDMENT,
        text="",
    )
    if connection.vendor == "sqlite":
        world.sqlite_before = sqlite_file_bytes()
    Through = Version.authors.through
    rng = random.Random(7)  # noqa: S311 (test data)
    people_ids = [editor.pk for editor in world.editors] + [world.coordinator.pk]
    clients = {rng.randrange(2**31): 0 for _ in people_ids}
    start = timezone.now() - timedelta(minutes=7 * sizes.versions)
    previous, generating, writing = "", 0.0, 0.0
    batch: list[tuple[Version, list[int]]] = []
    raw = 0

    def flush() -> None:
        nonlocal writing
        begin = time.perf_counter()
        with transaction.atomic():
            made = Version.objects.bulk_create([version for version, _ in batch], batch_size=50)
            Through.objects.bulk_create(
                [
                    Through(version_id=version.pk, user_id=user_id)
                    for version, (_, authors) in zip(made, batch, strict=True)
                    for user_id in authors
                ],
                batch_size=500,
            )
        writing += time.perf_counter() - begin
        batch.clear()

    for number in range(1, sizes.versions + 1):
        begin = time.perf_counter()
        if number > 1:
            paragraphs = writer.edit(paragraphs)
        text = joined(paragraphs)
        added, removed = diff.counts(diff.compare(previous, text))
        encoded = text.encode("utf-8")
        authors = rng.sample(people_ids, rng.choice((1, 1, 1, 2, 3)))
        for _ in authors:
            client = rng.choice(list(clients))
            clients[client] += rng.randint(1, 400)
        named = number % 25 == 0
        batch.append(
            (
                Version(
                    proposal=world.long,
                    number=number,
                    kind=VersionKind.NAMED if named else VersionKind.AUTOMATIC,
                    label=f"Редакция для обсуждения № {number // 25}" if named else "",
                    note="Учтены замечания участников рабочей группы." if named else "",
                    text=text,
                    sha256=hashlib.sha256(encoded).hexdigest(),
                    state_vector=state_vector({c: k for c, k in clients.items() if k}),
                    created_by=world.coordinator if named else None,
                    created_at=start + timedelta(minutes=7 * number, seconds=rng.randint(0, 300)),
                    words_added=added,
                    words_removed=removed,
                ),
                authors,
            )
        )
        if number <= sizes.storage_at:
            raw += len(encoded)
        previous = text
        generating += time.perf_counter() - begin
        if len(batch) >= 100 or number == sizes.versions or number == sizes.storage_at:
            flush()
        if number == sizes.storage_at:
            world.raw_bytes_at_storage = raw
            world.storage = storage_bytes()
            if world.storage["method"] == "file size":
                world.storage["proposals_version"] = sqlite_file_bytes() - world.sqlite_before
            log(f"storage at {number} versions: {world.storage}")
        if number % 1000 == 0:
            log(f"{number} versions ({generating:.0f} s generating, {writing:.0f} s writing)")
    world.long.text = previous
    world.long.save(update_fields=["text"])
    return generating, writing


def make_big(world: World, sizes: Sizes) -> None:
    """The 100-page proposal: version 1 (A), version 2 (B: ~2 % clauses changed, some moved);
    the live text is B."""
    from proposals.models import ProposalKind, VersionKind
    from proposals.services import proposal_create
    from proposals.services.versions import version_create

    writer = Writer(seed=100)
    old = writer.document(sizes.diff_pages)
    new = writer.revision(old, share=0.02, moves=3)
    text_a, text_b = joined(old), joined(new)
    world.big = proposal_create(
        group=world.group,
        author=world.coordinator,
        title="Кодекс взаимодействия с НКО (100 страниц)",
        kind=ProposalKind.POLICY_PROPOSAL,
        text=text_b,
    )
    version_create(
        proposal=world.big,
        kind=VersionKind.NAMED,
        author=world.coordinator,
        label="Первая редакция",
        text=text_a,
    )
    version_create(
        proposal=world.big, kind=VersionKind.AUTOMATIC, author=world.coordinator, text=text_b
    )
    world.big_texts = (text_a, text_b)


# Measurements ----------------------------------------------------------------------------------


def client_for(user):
    from django.test import Client

    # Behind the TLS proxy, as in production (SECURE_SSL_REDIRECT is on).
    client = Client(headers={"X-Forwarded-Proto": "https"})
    client.force_login(user)
    return client


def measure_get(client, url: str, sizes: Sizes, name: str, note: str = "") -> tuple[Row, object]:
    responses = []

    def call():
        response = client.get(url)
        if response.status_code != 200:
            raise RuntimeError(f"GET {url}: {response.status_code}")
        responses.append(response)

    times, cpu = repeat(call, times=sizes.requests, budget_s=sizes.budget_s)
    queries = query_count(call)
    size = len(responses[-1].content)
    row = Row(
        name, times, str(queries), f"{note}{'; ' if note else ''}{kb(size)}", True, cpu_ms=cpu
    )
    return row, call


def measure_history(world: World, sizes: Sizes, rows: list[Row], profiles: dict) -> None:
    from proposals.models import Version

    count = Version.objects.filter(proposal=world.long).count()
    last_page = math.ceil(count / PAGE_SIZE)
    deep = min(50, last_page)
    client = client_for(world.editors[0])
    uuid = world.long.public_id
    checks = [
        (f"/proposals/{uuid}/history/", "history page 1", ""),
        (f"/proposals/{uuid}/history/?page={deep}", f"history page {deep}", ""),
        (f"/api/proposals/{uuid}/versions/?page=1", "API versions ?page=1", ""),
        (
            f"/api/proposals/{uuid}/versions/?page={last_page}",
            f"API versions ?page={last_page}",
            "last page",
        ),
    ]
    for url, name, note in checks:
        log(f"{name} ({count} versions) ...")
        row, call = measure_get(client, url, sizes, f"{name} ({count:,} versions)", note)
        rows.append(row)
        if row.median >= AIM_MS:
            profiles[row.name] = hotspots(call)


def measure_version_create(world: World, sizes: Sizes, rows: list[Row], profiles: dict) -> None:
    from proposals.models import VersionKind
    from proposals.services.versions import version_create

    writer = Writer(seed=51)
    paragraphs = world.long.text.rstrip("\n").split("\n\n")
    author = world.editors[0]

    def automatic():
        nonlocal paragraphs
        paragraphs = writer.edit(paragraphs)
        text = joined(paragraphs)
        made = version_create(
            proposal=world.long,
            kind=VersionKind.AUTOMATIC,
            text=text,
            state_vector=state_vector({12345: len(text)}),
        )
        assert made is not None  # noqa: S101

    def named():
        version_create(
            proposal=world.long, kind=VersionKind.NAMED, author=author, label="Контрольная точка"
        )

    log("version_create ...")
    for name, call, note in [
        ("version_create, automatic (text given, as a room does)", automatic, "50 pages"),
        ("version_create, named (reads the live document)", named, "50 pages; as 'Save version'"),
    ]:
        times, cpu = repeat(call, times=sizes.calls, budget_s=sizes.budget_s)
        row = Row(name, times, str(query_count(call)), note, cpu_ms=cpu)
        rows.append(row)
        if row.median >= AIM_MS:
            profiles[row.name] = hotspots(call)


def measure_diff(world: World, sizes: Sizes, rows: list[Row], profiles: dict) -> None:
    from proposals import diff

    old, new = world.big_texts
    blocks = diff.compare(old, new)
    added, removed = diff.counts(blocks)
    moved = sum(1 for block in blocks if block.op == diff.MOVED_TO)
    changed = sum(1 for block in blocks if block.op not in (diff.EQUAL, diff.MOVED_FROM))
    sizes_note = (
        f"{len(old):,} → {len(new):,} chars ({kb(len(new.encode()))}); "
        f"+{added}/−{removed} words, {moved} moved, {changed} changed blocks"
    )
    log("diff functions ...")
    redline, side = diff.redline_html(blocks), diff.side_by_side_html(blocks)
    for name, call, note in [
        ("diff.compare (100 pages)", lambda: diff.compare(old, new), sizes_note),
        ("diff.redline_html", lambda: diff.redline_html(blocks), f"{kb(len(redline))} HTML"),
        ("diff.side_by_side_html", lambda: diff.side_by_side_html(blocks), f"{kb(len(side))} HTML"),
    ]:
        times, cpu = repeat(call, times=sizes.requests, budget_s=sizes.budget_s)
        row = Row(name, times, "0", note, cpu_ms=cpu)
        rows.append(row)
        if row.median >= AIM_MS:
            profiles[row.name] = hotspots(call)
    client = client_for(world.editors[0])
    uuid = world.big.public_id
    for url, name in [
        (f"/proposals/{uuid}/compare/?from=1&to=2", "compare page, redline (100 pages)"),
        (f"/proposals/{uuid}/compare/?from=1&to=2&view=side", "compare page, side by side"),
        (f"/api/proposals/{uuid}/diff/?from=1&to=2", "API diff ?from=1&to=2"),
    ]:
        log(f"{name} ...")
        row, call = measure_get(client, url, sizes, name)
        rows.append(row)
        if row.median >= AIM_MS:
            profiles[row.name] = hotspots(call)


def real_russian_sample() -> str:
    """Real Russian: the translations of Accord's own interface."""
    po = (ROOT / "accord" / "locale" / "ru" / "LC_MESSAGES" / "django.po").read_text("utf-8")
    lines = re.findall(r'^msgstr(?:\[\d+\])? "(.+)"$', po, flags=re.MULTILINE)
    return "\n".join(line.replace('\\"', '"').replace("\\n", "\n") for line in lines)


def compression_calibration(generated: str) -> dict:
    """How well real Russian and the generated text compress, on samples of the same size:
    zlib, and on PostgreSQL the TOAST compression the versions table really uses."""
    from django.db import connection

    real = real_russian_sample()
    size = len(real.encode())
    sample = generated.encode()[len(generated.encode()) // 3 :][:size].decode(errors="ignore")
    result = {
        "sample_bytes": size,
        "zlib_real": len(zlib.compress(real.encode(), 6)) / size,
        "zlib_generated": len(zlib.compress(sample.encode(), 6)) / len(sample.encode()),
    }
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW default_toast_compression")
            result["toast"] = cursor.fetchone()[0]
            cursor.execute("CREATE TEMPORARY TABLE bench_calibration (body text)")
            cursor.execute("INSERT INTO bench_calibration VALUES (%s), (%s)", [real, sample])
            cursor.execute("SELECT pg_column_size(body), octet_length(body) FROM bench_calibration")
            (real_stored, real_raw), (gen_stored, gen_raw) = cursor.fetchall()
            cursor.execute("DROP TABLE bench_calibration")
        result["toast_real"] = real_stored / real_raw
        result["toast_generated"] = gen_stored / gen_raw
    return result


def storage_rows(world: World, sizes: Sizes) -> tuple[list[Row], list[str]]:
    from django.db import connection

    storage, raw, n = world.storage, world.raw_bytes_at_storage, sizes.storage_at
    total = storage.get("proposals_version", 0) + storage.get("proposals_version_authors", 0)
    calibration = compression_calibration(world.long.text)
    rows = [
        Row(
            f"storage of {n:,} versions (50 pages)",
            value=mb(total),
            note=f"{kb(total / n)} per version; raw text {mb(raw)} ({kb(raw / n)} per version), "
            f"database / raw = {total / raw:.2f} ({storage['method']}, {connection.vendor})",
        )
    ]
    detail = ["| part | bytes | per version |", "| --- | ---: | ---: |"]
    for key, value in storage.items():
        if key != "method":
            detail.append(f"| {key} | {value:,} | {value / n:,.0f} |")
    detail.append(f"| raw UTF-8 text of the {n:,} versions | {raw:,} | {raw / n:,.0f} |")
    detail.append("")
    detail.append(
        f"Compression calibration on {calibration['sample_bytes']:,}-byte samples (real Russian: "
        f"the translations in accord/locale/ru): zlib {calibration['zlib_real']:.2f} for real "
        f"text, {calibration['zlib_generated']:.2f} for the generated text."
    )
    if "toast_real" in calibration:
        toast = storage.get("proposals_version: TOAST", 0)
        scale = calibration["toast_real"] / calibration["toast_generated"]
        estimate = total - toast + toast * scale
        detail[-1] += (
            f" PostgreSQL TOAST ({calibration['toast']}) keeps {calibration['toast_real']:.2f} "
            f"of real text and {calibration['toast_generated']:.2f} of the generated text: for "
            f"real prose expect about {mb(estimate)} ({kb(estimate / n)} per version, "
            f"{estimate / raw:.2f} of the raw text)."
        )
        rows[0].note += f"; real prose: ≈ {mb(estimate)} (see the calibration)"
    else:
        detail[-1] += " SQLite stores text uncompressed, so the ratio does not change its size."
    return rows, detail


# Restore with live clients -----------------------------------------------------------------------


def _post(port: int, path: str, token: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
    try:
        connection.request(
            "POST",
            path,
            body=b"",
            headers={
                "Authorization": f"Token {token}",
                "X-Forwarded-Proto": "https",  # as the TLS proxy sends it
                "Accept": "application/json",
            },
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


async def _restore_round(clients, port: int, path: str, token: str, target: str) -> dict:
    """POST the restore; pump every client until it holds `target`."""
    reached: list[float] = []
    begin = time.perf_counter()

    async def wait(client) -> None:
        if str(client.text) != target:
            await client.pump(until=lambda _message: str(client.text) == target, timeout=60)
        reached.append(time.perf_counter() - begin)

    post = asyncio.create_task(asyncio.to_thread(_post, port, path, token))
    waits = asyncio.gather(*(wait(client) for client in clients))
    status, body = await post
    api_s = time.perf_counter() - begin
    if status != 201:
        waits.cancel()
        with contextlib.suppress(BaseException):
            await waits
        raise RuntimeError(f"restore answered {status}: {body[:500]!r}")
    await waits
    restored = json.loads(body)
    return {"api_s": api_s, "all_s": max(reached), "first_s": min(reached), "version": restored}


def process_cpu_ms(pid: int) -> float:
    """user + system CPU milliseconds of a process so far (from /proc)."""
    stat = Path(f"/proc/{pid}/stat").read_text()
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) * 1000 / os.sysconf("SC_CLK_TCK")


def pyspy_path() -> str | None:
    found = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
    return found if Path(found).exists() else None


def pyspy_top(raw: Path, count: int = 12) -> list[str]:
    own, inclusive, total = Counter(), Counter(), 0
    for line in raw.read_text().splitlines():
        stack, _, samples = line.rpartition(" ")
        if not stack or not samples.isdigit():
            continue
        total += int(samples)
        frames = stack.split(";")
        own[frames[-1]] += int(samples)
        for frame in set(frames):
            inclusive[frame] += int(samples)
    lines = [f"py-spy on the daphne process, {total} samples at 250 Hz (busy threads only)"]
    lines += [
        f"{100 * n / max(total, 1):5.1f} % own        {frame}"
        for frame, n in own.most_common(count)
    ]
    lines += [
        f"{100 * n / max(total, 1):5.1f} % inclusive  {frame}"
        for frame, n in inclusive.most_common(count * 2)
        if "accord" in frame or "proposals" in frame or "realtime" in frame or "pycrdt" in frame
    ][:count]
    return lines


async def _restore_session(world, sizes, daphne, token, rows, profiles, workdir) -> None:
    from proposals.models import Version
    from tests.realtime.yclient import WebsocketTransport, YClient, session_key_for

    text_a, text_b = world.big_texts
    uuid = world.big.public_id
    keys = [await asyncio.to_thread(session_key_for, editor) for editor in world.editors]
    clients = [
        YClient(WebsocketTransport(f"{daphne.ws_url}/ws/proposals/{uuid}/", session_key=key,
                                   origin=daphne.url))
        for key in keys
    ]  # fmt: skip
    try:
        begin = time.perf_counter()
        for client in clients:
            if not await client.connect():
                raise RuntimeError("a live client could not connect")
        await asyncio.gather(*(client.handshake() for client in clients))
        connect_s = time.perf_counter() - begin
        for client in clients:
            await client.pump(timeout=0.2)
            if str(client.text) != text_b:
                raise RuntimeError("a live client does not hold the live text after the sync")
        log(f"{len(clients)} clients connected and synced in {connect_s:.2f} s")
        api, everyone, first, server_cpu = [], [], [], []
        targets = [(1, text_a), (2, text_b)]
        spy = None
        cold = None
        for index in range(sizes.restores + 2):
            number, target = targets[index % 2]
            path = f"/api/proposals/{uuid}/versions/{number}/restore/"
            profiled = index == sizes.restores + 1
            if profiled:
                tool = pyspy_path()
                if tool is None:
                    break
                out = workdir / "restore-py-spy.txt"
                spy = await asyncio.create_subprocess_exec(
                    tool, "record", "--pid", str(daphne.process.pid), "--rate", "250",
                    "--format", "raw", "--nonblocking", "-o", str(out),
                    stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                )  # fmt: skip
                await asyncio.sleep(1.0)
            cpu_before = process_cpu_ms(daphne.process.pid)
            result = await _restore_round(clients, daphne.port, path, token, target)
            await asyncio.sleep(0.05)  # the room's last sends
            result["cpu_ms"] = process_cpu_ms(daphne.process.pid) - cpu_before
            if profiled:
                await asyncio.sleep(0.3)
                spy.send_signal(signal.SIGINT)
                await asyncio.wait_for(spy.wait(), 30)
                spy = None
                if out.exists():
                    profiles["restore through the API (daphne)"] = pyspy_top(out)
                break
            stored = await asyncio.to_thread(
                lambda n=result["version"]["number"]: (
                    Version.objects.get(proposal=world.big, number=n).text
                )
            )
            for client in clients:
                if str(client.text) != target or stored != target:
                    raise RuntimeError("after the restore a client's text differs from the version")
            if index == 0:  # the first request of a fresh process: reported apart
                cold = result
                await asyncio.sleep(1.5)
                continue
            api.append(result["api_s"] * 1000)
            server_cpu.append(result["cpu_ms"])
            everyone.append(result["all_s"] * 1000)
            first.append(result["first_s"] * 1000)
            log(
                f"restore of v{number}: API {result['api_s'] * 1000:.0f} ms, all "
                f"{len(clients)} clients {result['all_s'] * 1000:.0f} ms"
            )
            await asyncio.sleep(1.5)  # the room mirrors the text a second after a change
        rows.append(
            Row(
                f"restore API, 100-page version, {len(clients)} clients connected",
                api,
                note="POST …/restore/ to daphne (token); texts verified; the first "
                f"restore after daphne started (untimed warm-up): {cold['api_s'] * 1000:.0f} ms",
                aim=True,
                cpu_ms=server_cpu,
            )
        )
        rows.append(
            Row(
                f"restore: until all {len(clients)} clients hold the restored text",
                everyone,
                note=f"from the POST; first client after median "
                f"{statistics.median(first):.0f} ms; {kb(len(text_a.encode()))} text",
            )
        )
    finally:
        if spy is not None and spy.returncode is None:
            spy.kill()
            await spy.wait()
        for client in clients:
            with contextlib.suppress(Exception):
                await client.close()


def measure_restore(world, sizes, rows, profiles, workdir, database_url, secret_key) -> None:
    from django.db import connections
    from rest_framework.authtoken.models import Token

    from tests.realtime.live import Daphne

    token = Token.objects.create(user=world.coordinator).key
    connections.close_all()
    log("starting daphne ...")
    daphne = Daphne(
        redis_url=None,
        log=workdir / "daphne.log",
        extra_env={
            "DJANGO_SETTINGS_MODULE": "accord.settings",
            "DEBUG": "0",
            "SECRET_KEY": secret_key,
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": database_url,
            "ACCORD_VAR_DIR": str(workdir / "var"),
            "LOG_LEVEL": "WARNING",
            "ACCORD_ROOM_IDLE_SECONDS": "30",
        },
    )
    try:
        asyncio.run(_restore_session(world, sizes, daphne, token, rows, profiles, workdir))
    finally:
        daphne.stop()
        connections.close_all()
    server_log = (workdir / "daphne.log").read_text(errors="replace")
    if "Traceback" in server_log or " ERROR " in server_log:
        log(f"daphne logged errors:\n{server_log[-3000:]}")
        profiles["daphne log (errors during the restore runs)"] = server_log[-3000:].splitlines()


def restore_in_process(world: World, rows: list[Row], profiles: dict) -> None:
    """The restore service once more in this process: its queries and its hotspots."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from proposals.models import Version
    from proposals.services.versions import version_restore

    current = Version.objects.filter(proposal=world.big).order_by("-number").first()
    number = 1 if current.text == world.big_texts[1] else 2
    version = Version.objects.get(proposal=world.big, number=number)
    with CaptureQueriesContext(connection) as captured:
        begin = time.perf_counter()
        version_restore(proposal=world.big, version=version, author=world.coordinator)
        took = (time.perf_counter() - begin) * 1000
    for row in rows:
        if row.name.startswith("restore API"):
            row.queries = f"{len(captured.captured_queries)}*"
    number = 2 if number == 1 else 1
    version = Version.objects.get(proposal=world.big, number=number)
    profiles["version_restore (service, in this process, no clients)"] = [
        f"one uninstrumented call: {took:.0f} ms, {len(captured.captured_queries)} queries",
        *hotspots(lambda: version_restore(proposal=world.big, version=version,
                                          author=world.coordinator)),
    ]  # fmt: skip


# Main ------------------------------------------------------------------------------------------


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="postgres://…/NAME: creates NAME, drops it after")
    parser.add_argument("--quick", action="store_true", help="1,000 versions, fewer repetitions")
    parser.add_argument("--versions", type=int, help="versions of the 50-page proposal")
    parser.add_argument("--keep-logs", action="store_true", help="keep the temporary directory")
    return parser.parse_args(argv)


def main(argv=None) -> int:
    args = parse_args(argv)
    sizes = QUICK if args.quick else FULL
    if args.versions:
        sizes = replace(
            sizes, versions=args.versions, storage_at=min(sizes.storage_at, args.versions)
        )
    workdir = Path(tempfile.mkdtemp(prefix="accord-bench-versions-"))
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    drop = None
    rows: list[Row] = []
    profiles: dict[str, list[str]] = {}
    detail: list[str] = []
    started = time.monotonic()
    load_before = os.getloadavg()
    vendor = "?"
    try:
        database_url, drop = throwaway_database(args, workdir)
        secret_key = f"bench-{secrets.token_hex(32)}"
        log(f"database {urlsplit(database_url).scheme}, work directory {workdir}")
        django_setup(database_url, secret_key, workdir)
        from django.db import connection

        if connection.vendor == "sqlite":
            vendor = f"SQLite {connection.Database.sqlite_version}"
        else:
            vendor = f"PostgreSQL {connection.pg_version // 10000}"
        world = people(sizes)
        log(f"{sizes.versions:,} versions of a {sizes.history_pages}-page proposal ...")
        generating, writing = make_long_history(world, sizes)
        log(f"made in {generating:.0f} s generating + {writing:.0f} s writing")
        make_big(world, sizes)
        measure_history(world, sizes, rows, profiles)
        measure_version_create(world, sizes, rows, profiles)
        measure_diff(world, sizes, rows, profiles)
        storage, detail = storage_rows(world, sizes)
        rows += storage
        measure_restore(world, sizes, rows, profiles, workdir, database_url, secret_key)
        restore_in_process(world, rows, profiles)
        setup_note = (
            f"{sizes.versions:,} versions written with bulk_create: {generating:.0f} s making the "
            f"texts (diff.compare for the word counts, SHA-256), {writing:.0f} s writing"
        )
    finally:
        with contextlib.suppress(Exception):
            from django.db import connections

            connections.close_all()
        if drop is not None:
            with contextlib.suppress(Exception):
                drop()
        if args.keep_logs:
            log(f"logs kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    print(
        f"\nAccord versions benchmark{' (--quick)' if args.quick else ''}: {vendor}, "
        f"{os.cpu_count()} CPU cores, Python {platform.python_version()}, "
        f"total {time.monotonic() - started:.0f} s; load average (1 min) "
        f"{load_before[0]:.2f} at the start, {os.getloadavg()[0]:.2f} at the end\n"
    )
    print(markdown_table(rows))
    print(
        "\nAim: every page or API call under 200 ms. Times are wall-clock in one process "
        "(django.test.Client; the restore goes over HTTP to daphne); CPU: median CPU time of "
        "the serving process (this one, or daphne for the restore; the database server's "
        "not included), which the other load on the machine does not inflate. Queries: per request "
        "(* counted on the same service call in this process). "
        f"{setup_note}."
    )
    print("\nStorage detail:\n")
    print("\n".join(detail))
    for name, lines in profiles.items():
        print(f"\nHotspots — {name}:\n")
        print("```\n" + "\n".join(lines) + "\n```")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Benchmark of submission exports: time and peak memory of PDF and DOCX rendering.

    .venv/bin/python bench/export/run.py [--repeat 3]

Each measurement runs in a fresh Python process (so that its peak resident memory is its own):
  1. a 100-page policy proposal as a package PDF (cover letter, the proposal with a table of
     contents, the list of 12 endorsing organizations);
  2. the same package as DOCX;
  3. a 100-page legislative package PDF (bill with title page, explanatory note, comparison
     table of 60 provisions, financial justification);
  4. a platform of 8 approved proposals of 12 pages each, compiled into one PDF.
No database is used: the packages' content is built in memory exactly as the export worker
builds it from a version. Prints a Markdown table (aim: the 100-page PDF under 5 s and 500 MB).
"""

import argparse
import dataclasses
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE_CHARS = 2_600  # one printed A4 page at 13 pt

SENTENCES = [
    "Каждый ребёнок имеет право жить и воспитываться в семье — так гласит «Семейный кодекс».",
    "Органы опеки обязаны обеспечить защиту прав детей, оставшихся без попечения родителей.",
    "Предлагаем сократить срок рассмотрения заявлений до 30 дней и ввести ёмкую отчётность.",
    "Некоммерческие организации готовы участвовать в подготовке кандидатов в замещающие семьи.",
    "Финансирование мер поддержки осуществляется в пределах бюджетных ассигнований.",
]


def _paragraph(seed: int) -> str:
    return " ".join(SENTENCES[(seed + n) % len(SENTENCES)] for n in range(4))


def proposal_text(pages: int, *, legislative: bool = False) -> str:
    parts = ["# Предложения по защите прав детей\n"]
    if legislative:
        parts.append("## Пояснительная записка\n\n" + "\n\n".join(_paragraph(n) for n in range(20)))
        parts.append("## Текст изменений\n\nВнести в Федеральный закон следующие изменения:\n")
    chars, section = 0, 0
    budget = pages * PAGE_CHARS * (0.6 if legislative else 1)
    while chars < budget:
        section += 1
        block = f"\n## Раздел {section}\n\n" + "\n\n".join(
            _paragraph(section + n) for n in range(5)
        )
        block += "\n\n1. Первая мера.\n2. Вторая мера — «важная».\n3. Третья мера.\n"
        if section % 4 == 0:
            block += "\n| Мера | Ответственный | Срок |\n| --- | --- | --- |\n"
            block += "".join(f"| Мера {n} | Министерство | 2027 |\n" for n in range(6))
        parts.append(block)
        chars += len(block)
    if legislative:
        rows = "".join(
            f"\n### Статья {n}, часть 2\n\nДействующая редакция: {_paragraph(n)}\n\n"
            f"Предлагаемая редакция: {_paragraph(n + 1)}\n\nОбоснование: {SENTENCES[n % 5]}\n"
            for n in range(1, 61)
        )
        parts.append("\n## Сравнительная таблица\n" + rows)
        parts.append("\n## Финансово-экономическое обоснование\n\n" + _paragraph(3))
    return "\n".join(parts)


def _setup():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "accord.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def _document(text: str, kind: str):
    from submissions import content

    class Version:  # what content reads of a version
        number = 42
        sha256 = "5f" * 32

    Version.text = text
    title = "О защите прав детей, оставшихся без попечения родителей"
    parts = content.proposal_parts(version=Version, title=title, kind=kind)
    parts.append(
        content.Part(
            key="endorsements",
            kind="endorsements",
            title="Список организаций, поддержавших предложения",
            heading="СПИСОК\nорганизаций",
            endorsements=tuple(
                content.EndorsementRow(f"Общественная организация № {n}", "Новосибирск",
                                       date(2026, 6, 1), "5f" * 32)
                for n in range(12)
            ),
        )
    )  # fmt: skip
    letter = content.Letter(
        senders=(content.Sender("РОО «Сибирский центр поддержки общественных инициатив»",
                                ("ул. Ленина, д. 1, Новосибирск, 630000",), "12"),),
        date=date(2026, 6, 5),
        outgoing_number="12",
        addressee_lines=("Председателю Комитета Государственной Думы по защите семьи",
                         "И.И. Иванову"),
        heading="О предложениях",
        salutation="Уважаемый Иван Иванович!",
        paragraphs=("Направляем предложения.", "Просим рассмотреть."),
        signatories=(content.Signatory("Председатель правления", "А.С. Петрова"),),
        executor_lines=("Исп.: Петрова А.С.", "Тел.: +7 383 000-00-00"),
    )  # fmt: skip
    return content.Document(
        title=title, language="ru", group_name="Защита детства", authors=("РОО «СЦПОИ»",),
        version_number=42, sha256="5f" * 32, source_markdown=text, introduced_by="",
        letter=letter, parts=tuple(parts),
    )  # fmt: skip


def _package_for(document, recipients: int):
    """What the export worker renders for a package of `recipients` recipients (no database):
    the pipeline's own package entry point where it has one, else main's loop of PDFs."""
    from submissions.render import pdf

    def addressed(number):
        return dataclasses.replace(
            document.letter,
            addressee_lines=("Председателю Комитета Государственной Думы по защите семьи",
                             f"И.И. Иванову {number}"),
            salutation=f"Уважаемый Иван Иванович {number}!",
        )  # fmt: skip

    letters = [dataclasses.replace(document, letter=addressed(n)) for n in range(recipients)]
    if hasattr(pdf, "package_pdfs"):
        rendered = pdf.package_pdfs(letters)
    else:
        attachments = pdf.render_attachments(letters[0])
        rendered = [pdf.package_pdf(letter, attachments=attachments) for letter in letters]
    return sum(len(r.data) for r in rendered), sum(r.pages for r in rendered)


def measure(scenario: str) -> dict:
    """Run one scenario in this process; return seconds, peak RSS (MB), pages and bytes."""
    _setup()
    from submissions import formats
    from submissions.render import pdf

    started, started_cpu = time.perf_counter(), time.process_time()
    if scenario == "pdf-100":
        rendered = pdf.package_pdf(_document(proposal_text(100), "policy_proposal"))
        data, pages = rendered.data, rendered.pages
    elif scenario.startswith("package-100-r"):
        recipients = int(scenario.removeprefix("package-100-r"))
        data, pages = _package_for(_document(proposal_text(100), "policy_proposal"), recipients)
    elif scenario == "docx-100":
        from submissions.render.docx import document_docx

        document = _document(proposal_text(100), "policy_proposal")
        items = [formats.AttachmentItem(part.title, 1) for part in document.parts]
        data, pages = document_docx(document, attachments=items), None
    elif scenario == "pdf-100-bill":
        rendered = pdf.package_pdf(_document(proposal_text(100, legislative=True),
                                             "legislative_amendment"))  # fmt: skip
        data, pages = rendered.data, rendered.pages
    elif scenario == "platform-8":
        from submissions.content import Document

        documents = []
        for number in range(8):
            document = _document(proposal_text(12), "policy_proposal")
            documents.append(Document(**{**document.__dict__, "letter": None,
                                         "title": f"Предложение {number + 1}",
                                         "parts": document.parts[:1]}))  # fmt: skip

        class Group:
            name = "Альянс «Защита детства»"

        rendered = pdf.platform_pdf(group=Group, theme="Защита детства",
                                    organizations=["РОО «СЦПОИ»"], documents=documents)  # fmt: skip
        data, pages = rendered.data, rendered.pages
    else:
        raise SystemExit(f"unknown scenario {scenario}")
    seconds = time.perf_counter() - started
    cpu_seconds = time.process_time() - started_cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    size = data if isinstance(data, int) else len(data)
    return {
        "seconds": seconds,
        "cpu_seconds": cpu_seconds,
        "peak_mb": peak_mb,
        "pages": pages,
        "bytes": size,
    }


SCENARIOS = [
    ("pdf-100", "100-page proposal package → PDF/A"),
    ("package-100-r1", "100-page proposal package, 1 recipient → PDF/A"),
    ("package-100-r2", "100-page proposal package, 2 recipients → PDF/A each"),
    ("package-100-r5", "100-page proposal package, 5 recipients → PDF/A each"),
    ("docx-100", "100-page proposal package → DOCX"),
    ("pdf-100-bill", "100-page legislative package → PDF/A"),
    ("platform-8", "platform of 8 proposals (12 pages each) → PDF/A"),
]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--one", help=argparse.SUPPRESS)
    parser.add_argument("--only", help="comma-separated scenario names")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure(args.one)))
        return
    print(f"# Export benchmark — {platform.node()}, {os.cpu_count()} cores, "
          f"Python {platform.python_version()}\n")  # fmt: skip
    print(f"| export | pages | size | time (median of {args.repeat}) | CPU time | peak memory | "
          "load after |")  # fmt: skip
    print("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    only = set(args.only.split(",")) if args.only else None
    for scenario, label in SCENARIOS:
        if only and scenario not in only:
            continue
        runs = []
        for _ in range(args.repeat):
            result = subprocess.run(  # noqa: S603
                [sys.executable, __file__, "--one", scenario],
                check=True, capture_output=True, text=True, cwd=ROOT,
            )  # fmt: skip
            runs.append(json.loads(result.stdout.strip().splitlines()[-1]))
        seconds = statistics.median(run["seconds"] for run in runs)
        cpu = statistics.median(run["cpu_seconds"] for run in runs)
        peak = max(run["peak_mb"] for run in runs)
        pages = runs[0]["pages"] or "—"
        size = f"{runs[0]['bytes'] / 1024:,.0f} KB"
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        print(f"| {label} | {pages} | {size} | {seconds:.2f} s | {cpu:.2f} s | {peak:,.0f} MB "
              f"| {load} |", flush=True)  # fmt: skip


if __name__ == "__main__":
    main()

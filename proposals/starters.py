"""Starter texts: the customary sections of each kind of proposal, in Russian and English."""

from proposals.models import ProposalKind

_STARTERS = {
    ("ru", ProposalKind.LEGISLATIVE_AMENDMENT): """# {title}

## Пояснительная записка

### Предмет регулирования

Опишите, какие отношения регулирует предлагаемое изменение.

### Обоснование необходимости

Какая проблема существует сейчас, кого она затрагивает, какие есть данные.

## Текст изменений

Внести в Федеральный закон от … № … «…» следующие изменения:

1) часть … статьи … изложить в следующей редакции:
«…»;

## Сравнительная таблица

| Действующая редакция | Предлагаемая редакция | Обоснование |
| --- | --- | --- |
| … | … | … |

## Перечень актов, подлежащих изменению

1. …

## Финансово-экономическое обоснование

Реализация предложения не потребует / потребует дополнительных расходов федерального бюджета.

## Вопросы для обсуждения в группе {внутреннее}

Раздел с пометкой {внутреннее} виден только участникам и не попадёт в документы пакета.
Фрагмент текста можно скрыть так же:

::: внутреннее
Эта заметка останется внутри группы.
:::
""",
    ("ru", ProposalKind.POLICY_PROPOSAL): """# {title}

## Проблема

Что происходит сейчас и почему это требует решения.

## Предложения

1. …
2. …

## Ожидаемые результаты

- …

## Механизм реализации

| Мера | Ответственный | Срок |
| --- | --- | --- |
| … | … | … |

## Источники и данные

- …
""",
    ("ru", ProposalKind.PLATFORM_STATEMENT): """# {title}

## Кто мы

Альянс некоммерческих организаций, объединённых общей темой.

## Наши ценности

- …

## Приоритеты на ближайший год

1. …

## Чего мы ждём от органов власти

- …
""",
    ("en", ProposalKind.LEGISLATIVE_AMENDMENT): """# {title}

## Explanatory note

### Subject of regulation

What relations the amendment governs.

### Why it is needed

The problem today, whom it affects, the evidence.

## Text of the amendments

Make the following amendments to Federal Law No. … of … "…":

1) restate part … of article … as follows:
"…";

## Comparison table

| Current wording | Proposed wording | Rationale |
| --- | --- | --- |
| … | … | … |

## Acts to be amended

1. …

## Financial and economic justification

The proposal requires / does not require additional federal spending.

## Questions for the group {internal}

A section marked {internal} is seen by members only and stays out of the package's documents.
A passage can be kept out the same way:

::: internal
This note stays inside the group.
:::
""",
    ("en", ProposalKind.POLICY_PROPOSAL): """# {title}

## Problem

What happens now and why it needs a solution.

## Proposals

1. …
2. …

## Expected results

- …

## How it will be implemented

| Measure | Responsible | Deadline |
| --- | --- | --- |
| … | … | … |

## Sources and data

- …
""",
    ("en", ProposalKind.PLATFORM_STATEMENT): """# {title}

## Who we are

An alliance of non-profit organizations working on one theme.

## Our values

- …

## Priorities for the coming year

1. …

## What we expect from the authorities

- …
""",
}


def starter_text(*, kind: str, title: str, language: str = "ru") -> str:
    """The starter text of a kind, in the language (Russian when the language is unknown)."""
    language = language if language in {"ru", "en"} else "ru"
    # Not str.format: the texts show the internal marker «{внутреннее}» in braces.
    return _STARTERS[(language, ProposalKind(kind))].replace("{title}", title.strip(), 1)

"""Demo data: the eight working groups of the conference «Public Dialogue in Social Policy
Development» (Moscow, 5 December 2005), their member organizations, a draft per group and the
demo accounts. Read by `manage.py seed_demo`; the organizations and people are fictional except
the Siberian Center of Public Initiative Support, which the conference report names.

Each Markdown paragraph and table row stays on one line, as a member would type it in the editor.
RUF001 is off: it takes one-letter Russian words for Latin letters.
"""
# ruff: noqa: E501

from accord.models import ApprovalRule, Role, Theme

# Shared by every demo account and shown in `seed_demo --help`; not a secret.
DEMO_PASSWORD = "accord-demo"  # noqa: S105

# The people who sign in. Every account with a role holds that role in every group, in this order.
ACCOUNTS = (
    {
        "email": "coordinator@example.org",
        "display_name": "Ирина Соколова",
        "role": Role.COORDINATOR,
    },
    {"email": "editor@example.org", "display_name": "Дмитрий Воронцов", "role": Role.EDITOR},
    {"email": "commenter@example.org", "display_name": "Марина Белова", "role": Role.COMMENTER},
    {"email": "observer@example.org", "display_name": "Алексей Гришин", "role": Role.OBSERVER},
    {"email": "outsider@example.org", "display_name": "Ольга Лебедева", "role": None},
)

# The site administrator: opens /admin/ (API tokens, the audit of every group), belongs to no
# working group. Made only by `seed_demo`, never by a migration, so production has no such account.
ADMIN_ACCOUNT = {"email": "admin@example.org", "display_name": "Администратор Accord"}

GROUPS = (
    {
        "theme": Theme.CHILD_PROTECTION,
        "approval_rule": ApprovalRule.COORDINATOR,
        "name": "Альянс «Защита детства»",
        "description": "Объединение организаций, которые помогают семьям с детьми в трудной жизненной ситуации и добиваются, чтобы ребёнок рос в семье, а не в учреждении.",
    },
    {
        "theme": Theme.EDUCATION_REFORM,
        "approval_rule": ApprovalRule.COORDINATOR,
        "name": "Рабочая группа по реформе образования",
        "description": "Общественные организации, родители и педагоги, которые предлагают пути развития государственно-общественного управления школой и гражданского образования.",
    },
    {
        "theme": Theme.WOMENS_RIGHTS,
        "approval_rule": ApprovalRule.MAJORITY,
        "name": "Коалиция «Равные права»",
        "description": "Кризисные центры и правозащитные организации, которые противодействуют домашнему насилию и дискриминации женщин в труде и в семье.",
    },
    {
        "theme": Theme.SMALL_BUSINESS,
        "approval_rule": ApprovalRule.COORDINATOR,
        "name": "Рабочая группа по развитию малого предпринимательства",
        "description": "Ассоциации предпринимателей и ресурсные центры, которые добиваются снижения административной нагрузки на малый бизнес и доступной поддержки для начинающих.",
    },
    {
        "theme": Theme.PUBLIC_HEALTH,
        "approval_rule": ApprovalRule.MAJORITY,
        "name": "Альянс «Общественное здоровье»",
        "description": "Пациентские и профилактические организации, которые работают с группами риска и предлагают включать некоммерческий сектор в региональные программы здравоохранения.",
    },
    {
        "theme": Theme.ENVIRONMENT,
        "approval_rule": ApprovalRule.MAJORITY,
        "name": "Экологическая коалиция «Живая природа»",
        "description": "Экологические организации Сибири и Дальнего Востока, которые проводят общественную экологическую экспертизу и добиваются открытости решений о природопользовании.",
    },
    {
        "theme": Theme.GOVERNMENT_AFFAIRS,
        "approval_rule": ApprovalRule.COORDINATOR,
        "name": "Рабочая группа по взаимодействию с органами власти",
        "description": "Ресурсные центры и экспертные организации, которые вырабатывают правила постоянного диалога некоммерческого сектора с законодателями и исполнительной властью.",
    },
    {
        "theme": Theme.HOUSING,
        "approval_rule": ApprovalRule.MAJORITY,
        "name": "Рабочая группа по реформе жилищно-коммунального хозяйства",
        "description": "Объединения собственников жилья и общественные эксперты, которые помогают жителям управлять своими домами и добиваются прозрачности тарифов и расходов.",
    },
)

# `themes` names the groups an organization belongs to. In each group the demo accounts, in the
# order of ACCOUNTS, represent that group's organizations in the order listed here, in turn.
ORGANIZATIONS = (
    {
        "name": "Сибирский центр поддержки общественных инициатив",
        "city": "Новосибирск",
        "region": "Новосибирская область",
        "website": "https://sibcenter.example.org",
        "description": "Ресурсный центр для некоммерческих организаций Сибири: обучение, консультации, поддержка тематических альянсов.",
        "themes": (
            Theme.CHILD_PROTECTION,
            Theme.EDUCATION_REFORM,
            Theme.PUBLIC_HEALTH,
            Theme.GOVERNMENT_AFFAIRS,
        ),
    },
    {
        "name": "Московский центр общественной экспертизы «Открытый диалог»",
        "city": "Москва",
        "region": "Москва",
        "website": "https://dialog.example.org",
        "description": "Юристы и аналитики, которые готовят общественные заключения на законопроекты в социальной сфере.",
        "themes": (
            Theme.EDUCATION_REFORM,
            Theme.WOMENS_RIGHTS,
            Theme.SMALL_BUSINESS,
            Theme.GOVERNMENT_AFFAIRS,
            Theme.HOUSING,
        ),
    },
    {
        "name": "Дальневосточный ресурсный центр некоммерческих организаций",
        "city": "Владивосток",
        "region": "Приморский край",
        "website": "https://dvresource.example.org",
        "description": "Поддерживает общественные организации Приморья и всего Дальнего Востока: консультации, грантовые конкурсы, обучение переговорам с властью.",
        "themes": (
            Theme.CHILD_PROTECTION,
            Theme.WOMENS_RIGHTS,
            Theme.SMALL_BUSINESS,
            Theme.ENVIRONMENT,
            Theme.GOVERNMENT_AFFAIRS,
        ),
    },
    {
        "name": "Хабаровская краевая общественная организация «Семья и детство»",
        "city": "Хабаровск",
        "region": "Хабаровский край",
        "website": "https://semya-detstvo.example.org",
        "description": "Сопровождает семьи в трудной жизненной ситуации, готовит замещающих родителей, ведёт школу волонтёров.",
        "themes": (Theme.CHILD_PROTECTION, Theme.EDUCATION_REFORM),
    },
    {
        "name": "Кризисный центр для женщин «Равновесие»",
        "city": "Санкт-Петербург",
        "region": "Санкт-Петербург",
        "website": "https://ravnovesie.example.org",
        "description": "Телефон доверия, юридическая и психологическая помощь женщинам, пострадавшим от насилия, и их детям.",
        "themes": (Theme.WOMENS_RIGHTS, Theme.CHILD_PROTECTION),
    },
    {
        "name": "Уральская ассоциация малого предпринимательства",
        "city": "Екатеринбург",
        "region": "Свердловская область",
        "website": "https://uralbiz.example.org",
        "description": "Объединяет малые предприятия Среднего Урала, в том числе небольшие управляющие организации; ведёт мониторинг проверок и административных барьеров.",
        "themes": (Theme.SMALL_BUSINESS, Theme.HOUSING),
    },
    {
        "name": "Томский экологический центр «Таёжный край»",
        "city": "Томск",
        "region": "Томская область",
        "website": "https://taiga.example.org",
        "description": "Проводит общественную экологическую экспертизу, экологическое просвещение и мониторинг состояния малых рек.",
        "themes": (Theme.ENVIRONMENT,),
    },
    {
        "name": "Иркутская региональная общественная организация «Здоровое поколение»",
        "city": "Иркутск",
        "region": "Иркутская область",
        "website": "https://zdorovoe.example.org",
        "description": "Профилактика ВИЧ-инфекции и зависимостей среди молодёжи, равное консультирование, работа с женщинами из групп риска.",
        "themes": (Theme.PUBLIC_HEALTH, Theme.WOMENS_RIGHTS),
    },
    {
        "name": "Нижегородская ассоциация товариществ собственников жилья",
        "city": "Нижний Новгород",
        "region": "Нижегородская область",
        "website": "https://nntszh.example.org",
        "description": "Помогает жителям создавать товарищества собственников жилья, обучает председателей и проверяет расчёты за коммунальные услуги.",
        "themes": (Theme.HOUSING,),
    },
    {
        "name": "Пермский центр гражданского образования",
        "city": "Пермь",
        "region": "Пермский край",
        "website": "https://civiced.example.org",
        "description": "Программы гражданского образования для школ, обучение членов управляющих советов и общественных палат.",
        "themes": (Theme.EDUCATION_REFORM, Theme.GOVERNMENT_AFFAIRS),
    },
    {
        "name": "Сахалинский союз охраны природы «Зелёный остров»",
        "city": "Южно-Сахалинск",
        "region": "Сахалинская область",
        "website": "https://greenisland.example.org",
        "description": "Наблюдает за соблюдением природоохранных требований при освоении шельфа и защищает нерестовые реки острова.",
        "themes": (Theme.ENVIRONMENT,),
    },
    {
        "name": "Самарская ассоциация пациентских организаций",
        "city": "Самара",
        "region": "Самарская область",
        "website": "https://patients-samara.example.org",
        "description": "Объединяет организации людей с хроническими заболеваниями, добивается доступности лекарств и участия пациентов в решениях о здравоохранении.",
        "themes": (Theme.PUBLIC_HEALTH,),
    },
)

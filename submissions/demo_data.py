"""Demo data of the submissions app, read by `manage.py seed_demo`.

RECIPIENTS: for each working group's theme, the State Duma committee (8th convocation) and the
federal ministry that the theme concerns, plus the two deputies who spoke at the 2005 conference.
The bodies, positions and public postal addresses are real; the chairs and ministers are not:
their names are ordinary demo names, marked as such in `notes`, to be checked before sending.

ORGANIZATION_DETAILS: the sender block of cover letters for the demo organizations of
accord/demo_data.py. Every detail is fictional, including for the Siberian Center of Public
Initiative Support: phone numbers use the unassigned 000 exchange, the OGRN and INN have valid
check digits but are made up.
"""
# ruff: noqa: E501

from accord.models import Theme
from submissions.models import Gender, RecipientKind

DUMA = "Государственная Дума Федерального Собрания Российской Федерации"
DUMA_ADDRESS = "ул. Охотный Ряд, д. 1, Москва, 103265"
DEMO_NOTE = "Демонстрационные данные: проверьте ФИО и должность перед отправкой."


def _committee(name_after_po: str, *, person: tuple[str, str, str, str], gender: str) -> dict:
    """The chair of «Комитет Государственной Думы по …»; `person` is surname, given name,
    patronymic and the surname in the dative."""
    committee = f"Комитет Государственной Думы по {name_after_po}"
    surname, given_name, patronymic, surname_dative = person
    return {
        "kind": RecipientKind.COMMITTEE,
        "surname": surname,
        "given_name": given_name,
        "patronymic": patronymic,
        "surname_dative": surname_dative,
        "gender": gender,
        "position": f"Председатель Комитета Государственной Думы по {name_after_po}",
        "position_dative": f"Председателю Комитета Государственной Думы по {name_after_po}",
        "body": committee,
        "postal_address": DUMA_ADDRESS,
        "notes": DEMO_NOTE,
    }


def _minister(
    ministry: str,
    position: str,
    position_dative: str,
    *,
    person: tuple[str, str, str, str],
    gender: str,
    postal_address: str = "",
) -> dict:
    surname, given_name, patronymic, surname_dative = person
    return {
        "kind": RecipientKind.MINISTRY,
        "surname": surname,
        "given_name": given_name,
        "patronymic": patronymic,
        "surname_dative": surname_dative,
        "gender": gender,
        "position": position,
        "position_dative": position_dative,
        "body": ministry,
        "postal_address": postal_address,
        "notes": DEMO_NOTE,
    }


def _conference_deputy(surname: str, given_name: str, surname_dative: str) -> dict:
    return {
        "kind": RecipientKind.DEPUTY,
        "surname": surname,
        "given_name": given_name,
        "patronymic": "",
        "surname_dative": surname_dative,
        "gender": Gender.MALE,
        "position": "Депутат Государственной Думы Федерального Собрания Российской Федерации",
        "position_dative": "Депутату Государственной Думы Федерального Собрания Российской Федерации",
        "body": DUMA,
        "postal_address": DUMA_ADDRESS,
        # Without a patronymic the default «Уважаемый Виктор!» would be too familiar.
        "salutation": f"Уважаемый господин {surname}!",
        "notes": (
            "Данные 2005 года: выступал на конференции «Общественный диалог в разработке "
            "социальной политики» (Москва, 5 декабря 2005 года) как депутат Государственной Думы. "
            "Отчество в отчёте о конференции не указано. Проверьте, актуальны ли должность и "
            "адрес, дополните отчество и очистите поле «Обращение» перед отправкой."
        ),
    }


MINISTER_OF_EDUCATION = _minister(
    "Министерство просвещения Российской Федерации",
    "Министр просвещения Российской Федерации",
    "Министру просвещения Российской Федерации",
    person=("Орлов", "Павел", "Игоревич", "Орлову"),
    gender=Gender.MALE,
    postal_address="ул. Каретный Ряд, д. 2, Москва, 127006",
)

CONFERENCE_DEPUTIES = (
    _conference_deputy("Похмелкин", "Виктор", "Похмелкину"),
    _conference_deputy("Попов", "Сергей", "Попову"),
)

RECIPIENTS = {
    Theme.CHILD_PROTECTION: (
        _committee(
            "защите семьи, вопросам отцовства, материнства и детства",
            person=("Смирнова", "Елена", "Викторовна", "Смирновой"),
            gender=Gender.FEMALE,
        ),
        # Guardianship of minors is the Ministry of Education's since 2018.
        MINISTER_OF_EDUCATION,
        *CONFERENCE_DEPUTIES,
    ),
    Theme.EDUCATION_REFORM: (
        _committee(
            "просвещению",
            person=("Волков", "Николай", "Петрович", "Волкову"),
            gender=Gender.MALE,
        ),
        MINISTER_OF_EDUCATION,
        *CONFERENCE_DEPUTIES,
    ),
    Theme.WOMENS_RIGHTS: (
        _committee(
            "труду, социальной политике и делам ветеранов",
            person=("Морозова", "Ольга", "Дмитриевна", "Морозовой"),
            gender=Gender.FEMALE,
        ),
        _minister(
            "Министерство труда и социальной защиты Российской Федерации",
            "Министр труда и социальной защиты Российской Федерации",
            "Министру труда и социальной защиты Российской Федерации",
            person=("Захаров", "Михаил", "Юрьевич", "Захарову"),
            gender=Gender.MALE,
            postal_address="ул. Ильинка, д. 21, Москва, 127994",
        ),
        *CONFERENCE_DEPUTIES,
    ),
    Theme.SMALL_BUSINESS: (
        _committee(
            "малому и среднему предпринимательству",
            person=("Новиков", "Сергей", "Викторович", "Новикову"),
            gender=Gender.MALE,
        ),
        _minister(
            "Министерство экономического развития Российской Федерации",
            "Министр экономического развития Российской Федерации",
            "Министру экономического развития Российской Федерации",
            person=("Павлова", "Светлана", "Олеговна", "Павловой"),
            gender=Gender.FEMALE,
        ),
        *CONFERENCE_DEPUTIES,
    ),
    Theme.PUBLIC_HEALTH: (
        _committee(
            "охране здоровья",
            person=("Фёдорова", "Татьяна", "Александровна", "Фёдоровой"),
            gender=Gender.FEMALE,
        ),
        _minister(
            "Министерство здравоохранения Российской Федерации",
            "Министр здравоохранения Российской Федерации",
            "Министру здравоохранения Российской Федерации",
            person=("Семёнов", "Дмитрий", "Андреевич", "Семёнову"),
            gender=Gender.MALE,
            postal_address="Рахмановский пер., д. 3, Москва, 127994",
        ),
        *CONFERENCE_DEPUTIES,
    ),
    Theme.ENVIRONMENT: (
        _committee(
            "экологии, природным ресурсам и охране окружающей среды",
            person=("Соколов", "Андрей", "Павлович", "Соколову"),
            gender=Gender.MALE,
        ),
        _minister(
            "Министерство природных ресурсов и экологии Российской Федерации",
            "Министр природных ресурсов и экологии Российской Федерации",
            "Министру природных ресурсов и экологии Российской Федерации",
            person=("Никитина", "Наталья", "Владимировна", "Никитиной"),
            gender=Gender.FEMALE,
            postal_address="ул. Большая Грузинская, д. 4/6, Москва, 125993",
        ),
        *CONFERENCE_DEPUTIES,
    ),
    Theme.GOVERNMENT_AFFAIRS: (
        # The committee that handles the law on non-profit organizations.
        _committee(
            "развитию гражданского общества, вопросам общественных и религиозных объединений",
            person=("Егорова", "Юлия", "Николаевна", "Егоровой"),
            gender=Gender.FEMALE,
        ),
        _minister(
            "Министерство юстиции Российской Федерации",
            "Министр юстиции Российской Федерации",
            "Министру юстиции Российской Федерации",
            person=("Петров", "Алексей", "Николаевич", "Петрову"),
            gender=Gender.MALE,
            postal_address="ул. Житная, д. 14, Москва, 119991",
        ),
        *CONFERENCE_DEPUTIES,
    ),
    Theme.HOUSING: (
        _committee(
            "строительству и жилищно-коммунальному хозяйству",
            person=("Ковалёв", "Игорь", "Сергеевич", "Ковалёву"),
            gender=Gender.MALE,
        ),
        _minister(
            "Министерство строительства и жилищно-коммунального хозяйства Российской Федерации",
            "Министр строительства и жилищно-коммунального хозяйства Российской Федерации",
            "Министру строительства и жилищно-коммунального хозяйства Российской Федерации",
            person=("Белякова", "Ирина", "Андреевна", "Беляковой"),
            gender=Gender.FEMALE,
        ),
        *CONFERENCE_DEPUTIES,
    ),
}

# By organization name, as in accord.demo_data.ORGANIZATIONS.
ORGANIZATION_DETAILS = {
    "Сибирский центр поддержки общественных инициатив": {
        "legal_name": "Автономная некоммерческая организация «Сибирский центр поддержки общественных инициатив»",
        "postal_address": "630099, Новосибирск, ул. Советская, д. 18, оф. 305",
        "phone": "+7 (383) 000-12-05",
        "email": "info@sibcenter.example.org",
        "registration_numbers": "ОГРН 1025405900002, ИНН/КПП 5405900009/540501001",
    },
    "Московский центр общественной экспертизы «Открытый диалог»": {
        "legal_name": "Региональная общественная организация «Московский центр общественной экспертизы «Открытый диалог»»",
        "postal_address": "101000, Москва, ул. Мясницкая, д. 24, стр. 1, оф. 12",
        "phone": "+7 (495) 000-45-17",
        "email": "info@dialog.example.org",
        "registration_numbers": "ОГРН 1037703901377, ИНН/КПП 7703900216/770301001",
    },
    "Дальневосточный ресурсный центр некоммерческих организаций": {
        "legal_name": "Межрегиональная общественная организация «Дальневосточный ресурсный центр некоммерческих организаций»",
        "postal_address": "690091, Владивосток, ул. Алеутская, д. 11, оф. 40",
        "phone": "+7 (423) 000-31-08",
        "email": "info@dvresource.example.org",
        "registration_numbers": "ОГРН 1042502902749, ИНН/КПП 2502900425/250201001",
    },
    "Хабаровская краевая общественная организация «Семья и детство»": {
        "legal_name": "Хабаровская краевая общественная организация «Семья и детство»",
        "postal_address": "680000, Хабаровск, ул. Муравьёва-Амурского, д. 5, оф. 7",
        "phone": "+7 (4212) 00-27-31",
        "email": "info@semya-detstvo.example.org",
        "registration_numbers": "ОГРН 1052704904119, ИНН/КПП 2704900636/270401001",
    },
    "Кризисный центр для женщин «Равновесие»": {
        "legal_name": "Автономная некоммерческая организация «Кризисный центр для женщин «Равновесие»»",
        "postal_address": "191025, Санкт-Петербург, ул. Марата, д. 9, оф. 21",
        "phone": "+7 (812) 000-64-90",
        "email": "info@ravnovesie.example.org",
        "registration_numbers": "ОГРН 1037806905487, ИНН/КПП 7806900842/780601001",
    },
    "Уральская ассоциация малого предпринимательства": {
        "legal_name": "Ассоциация «Уральская ассоциация малого предпринимательства»",
        "postal_address": "620014, Екатеринбург, ул. Вайнера, д. 12, оф. 401",
        "phone": "+7 (343) 000-28-44",
        "email": "info@uralbiz.example.org",
        "registration_numbers": "ОГРН 1026601906858, ИНН/КПП 6601901057/660101001",
    },
    "Томский экологический центр «Таёжный край»": {
        "legal_name": "Томская региональная общественная организация «Экологический центр «Таёжный край»»",
        "postal_address": "634050, Томск, пр. Ленина, д. 40, оф. 15",
        "phone": "+7 (3822) 00-19-63",
        "email": "info@taiga.example.org",
        "registration_numbers": "ОГРН 1047007908221, ИНН/КПП 7007901261/700701001",
    },
    "Иркутская региональная общественная организация «Здоровое поколение»": {
        "legal_name": "Иркутская региональная общественная организация «Здоровое поколение»",
        "postal_address": "664003, Иркутск, ул. Карла Маркса, д. 14, оф. 8",
        "phone": "+7 (3952) 00-52-76",
        "email": "info@zdorovoe.example.org",
        "registration_numbers": "ОГРН 1053805909596, ИНН/КПП 3805901476/380501001",
    },
    "Нижегородская ассоциация товариществ собственников жилья": {
        "legal_name": "Ассоциация «Нижегородская ассоциация товариществ собственников жилья»",
        "postal_address": "603005, Нижний Новгород, ул. Алексеевская, д. 10, оф. 3",
        "phone": "+7 (831) 000-73-12",
        "email": "info@nntszh.example.org",
        "registration_numbers": "ОГРН 1035203910961, ИНН/КПП 5203901680/520301001",
    },
    "Пермский центр гражданского образования": {
        "legal_name": "Автономная некоммерческая организация «Пермский центр гражданского образования»",
        "postal_address": "614000, Пермь, ул. Сибирская, д. 27, оф. 210",
        "phone": "+7 (342) 000-36-58",
        "email": "info@civiced.example.org",
        "registration_numbers": "ОГРН 1045902912330, ИНН/КПП 5902901891/590201001",
    },
    "Сахалинский союз охраны природы «Зелёный остров»": {
        "legal_name": "Сахалинская региональная общественная организация «Союз охраны природы «Зелёный остров»»",
        "postal_address": "693000, Южно-Сахалинск, ул. Ленина, д. 154, оф. 9",
        "phone": "+7 (4242) 00-48-20",
        "email": "info@greenisland.example.org",
        "registration_numbers": "ОГРН 1026506913707, ИНН/КПП 6506902117/650601001",
    },
    "Самарская ассоциация пациентских организаций": {
        "legal_name": "Ассоциация «Самарская ассоциация пациентских организаций»",
        "postal_address": "443010, Самара, ул. Куйбышева, д. 103, оф. 6",
        "phone": "+7 (846) 000-81-35",
        "email": "info@patients-samara.example.org",
        "registration_numbers": "ОГРН 1056304915072, ИНН/КПП 6304902322/630401001",
    },
}

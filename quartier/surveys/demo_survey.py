"""The demo survey of the Musterviertel: seven languages, skip logic, ~300 responses.

"Zusammenleben im Musterviertel" — the kind of resident survey a Quartiersbüro runs at
its festivals, with answers from two events (kiosk), QR posters, the web and paper
forms. Answers are drawn from a seeded generator, so every demo looks the same.
"""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

from quartier.storage.db import Cursor
from quartier.surveys.model import Choice, Page, Question, QuestionType, SurveyDefinition
from quartier.surveys.responses import Channel, answer_rows, check_answers, new_form_key
from quartier.surveys.store import create_survey_in

LANGS = ("de", "en", "tr", "ar", "ru", "uk", "pl")
RESPONSES = 300


def _t(*texts: str) -> dict[str, str]:
    return dict(zip(LANGS, texts, strict=True))


def _c(name: str, *texts: str) -> Choice:
    return Choice(name, _t(*texts))


LIKERT = (
    _c("1", "sehr unzufrieden", "very dissatisfied", "hiç memnun değilim", "غير راضٍ إطلاقًا",
       "очень недоволен", "дуже незадоволений", "bardzo niezadowolony"),
    _c("2", "eher unzufrieden", "rather dissatisfied", "pek memnun değilim", "غير راضٍ إلى حد ما",
       "скорее недоволен", "радше незадоволений", "raczej niezadowolony"),
    _c("3", "teils, teils", "neither", "kararsızım", "بين بين", "когда как", "по-різному",
       "ani tak, ani nie"),
    _c("4", "eher zufrieden", "rather satisfied", "oldukça memnunum", "راضٍ إلى حد ما",
       "скорее доволен", "радше задоволений", "raczej zadowolony"),
    _c("5", "sehr zufrieden", "very satisfied", "çok memnunum", "راضٍ جدًا", "очень доволен",
       "дуже задоволений", "bardzo zadowolony"),
)  # fmt: skip

DEFINITION = SurveyDefinition(
    title=_t("Zusammenleben im Musterviertel", "Living together in Musterviertel",
             "Musterviertel'de birlikte yaşam", "العيش المشترك في حي Musterviertel",
             "Жизнь вместе в Мустерфиртеле", "Життя разом у Мустерфіртелі",
             "Wspólne życie w Musterviertel"),  # fmt: skip
    description=_t(
        "Was gefällt Ihnen im Viertel, was fehlt? Die Umfrage dauert etwa fünf Minuten.",
        "What do you like about the neighbourhood, what is missing? It takes about five minutes.",
        "Mahallede neyi seviyorsunuz, ne eksik? Anket yaklaşık beş dakika sürer.",
        "ما الذي يعجبك في الحي وما الذي ينقصه؟ يستغرق الاستبيان حوالي خمس دقائق.",
        "Что вам нравится в районе, чего не хватает? Опрос займёт около пяти минут.",
        "Що вам подобається в районі, чого бракує? Опитування триває близько п’яти хвилин.",
        "Co podoba się Państwu w dzielnicy, czego brakuje? Ankieta trwa około pięciu minut.",
    ),
    default_language="de",
    languages=LANGS,
    pages=(
        Page("viertel", _t("Ihr Viertel", "Your neighbourhood", "Mahalleniz", "حيّك", "Ваш район",
                           "Ваш район", "Twoja dzielnica"), (  # fmt: skip
            Question("wohnen_seit", QuestionType.SELECT_ONE,
                     _t("Wie lange wohnen Sie schon im Viertel?", "How long have you lived here?",
                        "Ne zamandır bu mahallede oturuyorsunuz?", "منذ متى تسكن في الحي؟",
                        "Как долго вы живёте в районе?", "Як довго ви живете в районі?",
                        "Od jak dawna mieszka Pan/Pani w dzielnicy?"),
                     required=True, choices=(
                _c("unter_1", "weniger als 1 Jahr", "less than 1 year", "1 yıldan az",
                   "أقل من سنة", "меньше года", "менше року", "mniej niż rok"),
                _c("1_5", "1 bis 5 Jahre", "1 to 5 years", "1–5 yıl", "من سنة إلى 5 سنوات",
                   "1–5 лет", "1–5 років", "1–5 lat"),
                _c("ueber_5", "mehr als 5 Jahre", "more than 5 years", "5 yıldan fazla",
                   "أكثر من 5 سنوات", "больше 5 лет", "понад 5 років", "ponad 5 lat"),
            )),
            Question("zufriedenheit", QuestionType.LIKERT,
                     _t("Wie zufrieden sind Sie mit dem Zusammenleben im Viertel?",
                        "How satisfied are you with living together here?",
                        "Mahalledeki birlikte yaşamdan ne kadar memnunsunuz?",
                        "ما مدى رضاك عن العيش المشترك في الحي؟",
                        "Насколько вы довольны совместной жизнью в районе?",
                        "Наскільки ви задоволені спільним життям у районі?",
                        "Jak bardzo jest Pan/Pani zadowolony/a ze wspólnego życia w dzielnicy?"),
                     required=True, choices=LIKERT),
            Question("orte", QuestionType.SELECT_MULTIPLE,
                     _t("Wo treffen Sie Nachbarinnen und Nachbarn?",
                        "Where do you meet neighbours?",
                        "Komşularınızla nerede buluşuyorsunuz?", "أين تلتقي بجيرانك؟",
                        "Где вы встречаетесь с соседями?", "Де ви зустрічаєтеся із сусідами?",
                        "Gdzie spotyka Pan/Pani sąsiadów?"),
                     hint=_t("Mehrere Antworten möglich.", "Choose all that apply.",
                             "Birden fazla yanıt seçebilirsiniz.", "يمكن اختيار أكثر من إجابة.",
                             "Можно выбрать несколько ответов.", "Можна обрати кілька відповідей.",
                             "Można wybrać kilka odpowiedzi."),
                     choices=(
                _c("spielplatz", "Spielplatz", "Playground", "Oyun parkı", "ملعب الأطفال",
                   "Детская площадка", "Дитячий майданчик", "Plac zabaw"),
                _c("park", "Park am Lindenplatz", "Park at Lindenplatz", "Lindenplatz parkı",
                   "حديقة Lindenplatz", "Парк на Линденплац", "Парк на Лінденплац",
                   "Park przy Lindenplatz"),
                _c("buero", "Quartiersbüro", "Neighbourhood office", "Mahalle ofisi",
                   "مكتب الحي", "Бюро района", "Офіс району", "Biuro dzielnicy"),
                _c("gemeinde", "Moschee oder Kirche", "Mosque or church", "Cami veya kilise",
                   "المسجد أو الكنيسة", "Мечеть или церковь", "Мечеть або церква",
                   "Meczet lub kościół"),
                _c("verein", "Sportverein", "Sports club", "Spor kulübü", "النادي الرياضي",
                   "Спортивный клуб", "Спортивний клуб", "Klub sportowy"),
            )),
        )),
        Page("angebote", _t("Angebote", "Services", "Hizmetler", "الخدمات", "Услуги", "Послуги",
                            "Oferta"), (  # fmt: skip
            Question("kennt_angebote", QuestionType.SELECT_ONE,
                     _t("Kennen Sie Angebote des Quartiersbüros?",
                        "Do you know the services of the neighbourhood office?",
                        "Mahalle ofisinin hizmetlerini biliyor musunuz?",
                        "هل تعرف خدمات مكتب الحي؟", "Знаете ли вы услуги бюро района?",
                        "Чи знаєте ви послуги офісу району?", "Czy zna Pan/Pani ofertę biura?"),
                     required=True, choices=(
                _c("ja", "Ja", "Yes", "Evet", "نعم", "Да", "Так", "Tak"),
                _c("nein", "Nein", "No", "Hayır", "لا", "Нет", "Ні", "Nie"),
            )),
            Question("welche_angebote", QuestionType.SELECT_MULTIPLE,
                     _t("Welche haben Sie schon genutzt?", "Which have you used?",
                        "Hangilerini kullandınız?", "أيّها استخدمت؟",
                        "Какими вы уже пользовались?", "Якими ви вже користувалися?",
                        "Z których już Pan/Pani korzystał/a?"),
                     relevant="${kennt_angebote} = 'ja'", choices=(
                _c("beratung", "Sozialberatung", "Social counselling", "Sosyal danışmanlık",
                   "الاستشارة الاجتماعية", "Социальная консультация", "Соціальна консультація",
                   "Doradztwo socjalne"),
                _c("sprachkurs", "Sprachkurs", "Language course", "Dil kursu", "دورة اللغة",
                   "Языковой курс", "Мовний курс", "Kurs językowy"),
                _c("begleitung", "Behördenbegleitung", "Help with authorities",
                   "Resmî dairelere refakat", "المرافقة إلى الدوائر الرسمية",
                   "Сопровождение в ведомства", "Супровід до установ", "Pomoc w urzędach"),
                _c("hausaufgaben", "Hausaufgabenhilfe", "Homework help", "Ödev yardımı",
                   "المساعدة في الواجبات المدرسية", "Помощь с домашними заданиями",
                   "Допомога з домашніми завданнями", "Pomoc w odrabianiu lekcji"),
            )),
            Question("wichtig", QuestionType.RANKING,
                     _t("Was ist Ihnen am wichtigsten?", "What matters most to you?",
                        "Sizin için en önemli olan nedir?", "ما الأهم بالنسبة لك؟",
                        "Что для вас важнее всего?", "Що для вас найважливіше?",
                        "Co jest dla Pana/Pani najważniejsze?"),
                     choices=(
                _c("spielplaetze", "Bessere Spielplätze", "Better playgrounds",
                   "Daha iyi oyun parkları", "ملاعب أطفال أفضل", "Лучшие детские площадки",
                   "Кращі дитячі майданчики", "Lepsze place zabaw"),
                _c("sauberkeit", "Sauberkeit", "Cleanliness", "Temizlik", "النظافة", "Чистота",
                   "Чистота", "Czystość"),
                _c("treffpunkte", "Treffpunkte", "Meeting places", "Buluşma yerleri",
                   "أماكن للقاء", "Места встреч", "Місця зустрічей", "Miejsca spotkań"),
                _c("sprachkurse", "Mehr Sprachkurse", "More language courses", "Daha çok dil kursu",
                   "مزيد من دورات اللغة", "Больше языковых курсов", "Більше мовних курсів",
                   "Więcej kursów językowych"),
            )),
            Question("alter", QuestionType.INTEGER,
                     _t("Wie alt sind Sie?", "How old are you?", "Kaç yaşındasınız?", "كم عمرك؟",
                        "Сколько вам лет?", "Скільки вам років?", "Ile ma Pan/Pani lat?"),
                     hint=_t("Freiwillig.", "Optional.", "İsteğe bağlı.", "اختياري.",
                             "Необязательно.", "Необов’язково.", "Dobrowolnie."),
                     constraint=". >= 10 and . <= 110",
                     constraint_message=_t(
                         "Bitte ein Alter zwischen 10 und 110.", "Please an age from 10 to 110.",
                         "Lütfen 10 ile 110 arasında bir yaş girin.", "يرجى إدخال عمر بين 10 و110.",
                         "Укажите возраст от 10 до 110.", "Вкажіть вік від 10 до 110.",
                         "Proszę podać wiek od 10 do 110."),
                     ),
            Question("idee", QuestionType.LONG_TEXT,
                     _t("Was wünschen Sie sich für das Viertel?",
                        "What would you wish for the neighbourhood?",
                        "Mahalle için ne dilersiniz?", "ماذا تتمنى للحي؟",
                        "Чего бы вы пожелали району?", "Чого б ви побажали району?",
                        "Czego życzy Pan/Pani dzielnicy?")),
        )),
    ),
)  # fmt: skip

WISHES = (
    "Mehr Bänke am Lindenplatz",
    "Ein Sommerfest für alle Nachbarn",
    "Sauberere Hinterhöfe",
    "Mehr Licht im Park am Abend",
    "A café where people can meet",
    "Daha fazla çocuk etkinliği",
    "مكان لقاء للنساء",
    "Больше скамеек",
)


def _answers(rng: random.Random) -> dict[str, object]:
    knows = rng.random() < 0.6
    answers: dict[str, object] = {
        "wohnen_seit": rng.choices(["unter_1", "1_5", "ueber_5"], [2, 4, 5])[0],
        "zufriedenheit": rng.choices(["1", "2", "3", "4", "5"], [1, 2, 4, 6, 3])[0],
        "orte": tuple(c for c, p in (("spielplatz", 0.5), ("park", 0.6), ("buero", 0.3),
                                     ("gemeinde", 0.35), ("verein", 0.15)) if rng.random() < p),
        "kennt_angebote": "ja" if knows else "nein",
    }  # fmt: skip
    if knows:
        answers["welche_angebote"] = tuple(
            c
            for c in ("beratung", "sprachkurs", "begleitung", "hausaufgaben")
            if rng.random() < 0.4
        )
    if rng.random() < 0.8:
        order = ["spielplaetze", "sauberkeit", "treffpunkte", "sprachkurse"]
        rng.shuffle(order)
        answers["wichtig"] = tuple(order[: rng.randint(2, 4)])
    if rng.random() < 0.7:
        answers["alter"] = rng.randint(12, 85)
    if rng.random() < 0.25:
        answers["idee"] = rng.choice(WISHES)
    return answers


def seed_survey_in(cur: Cursor, quartier_id: int, created_by: int | None) -> int:
    """Create the demo survey (open) with two events and ~300 responses; returns its id."""
    survey_id = create_survey_in(cur, quartier_id, DEFINITION, created_by=created_by, source="demo")
    cur.execute("UPDATE surveys SET status = 'open' WHERE id = ?", [survey_id])
    events = []
    for title, day, place in (
        ("Internationales Kinderfest", date(2026, 6, 20), "Lindenplatz"),
        ("Stadtteilfest Musterviertel", date(2026, 9, 12), "Park am Lindenplatz"),
    ):
        row = cur.execute(
            "INSERT INTO events (quartier_id, title, starts_on, place) VALUES (?, ?, ?, ?)"
            " RETURNING id",
            [quartier_id, title, day, place],
        ).fetchone()
        assert row is not None
        events.append((int(row[0]), day))
    rng = random.Random(20260620)
    language_weights = [55, 6, 14, 10, 6, 5, 4]
    responses: list[tuple[object, ...]] = []
    answers: list[tuple[object, ...]] = []
    for _ in range(RESPONSES):
        roll = rng.random()
        event_id: int | None = None
        if roll < 0.45:
            channel = Channel.KIOSK
            event_id, day = rng.choice(events)
            when = datetime(day.year, day.month, day.day, 14, tzinfo=UTC)
        else:
            channel = Channel.QR if roll < 0.7 else Channel.ONLINE if roll < 0.9 else Channel.PAPER
            when = datetime(2026, 6, 1, 10, tzinfo=UTC) + timedelta(days=rng.randint(0, 150))
        when += timedelta(minutes=rng.randint(0, 240))
        language = rng.choices(LANGS, language_weights)[0]
        clean = check_answers(DEFINITION, _answers(rng), language)  # type: ignore[arg-type]
        token = new_form_key()
        entered_by = created_by if channel is Channel.PAPER else None
        responses.append((token, channel.value, event_id, language, when, entered_by))
        answers.extend((token, *row) for row in answer_rows(DEFINITION, clean))
    _bulk_insert(cur, quartier_id, survey_id, responses, answers)
    return survey_id


def _bulk_insert(
    cur: Cursor,
    quartier_id: int,
    survey_id: int,
    responses: list[tuple[object, ...]],
    answers: list[tuple[object, ...]],
) -> None:
    """Insert many responses in two statements (one per table), as ``submit`` stores them."""
    r = [list(c) for c in zip(*responses, strict=True)]
    cur.execute(
        "INSERT INTO responses (token, quartier_id, survey_id, version, channel, event_id,"
        " language, submitted_at, entered_by) SELECT unnest(?::VARCHAR[]), ?, ?, 1,"
        " unnest(?::VARCHAR[]), unnest(?::BIGINT[]), unnest(?::VARCHAR[]),"
        " unnest(?::TIMESTAMPTZ[]), unnest(?::BIGINT[])",
        [r[0], quartier_id, survey_id, *r[1:]],
    )
    a = [list(c) for c in zip(*answers, strict=True)]
    cur.execute(
        "INSERT INTO answers SELECT r.id, ?, ?, x.question, x.choice, x.position, x.number, x.text"
        " FROM (SELECT unnest(?::VARCHAR[]) AS token, unnest(?::VARCHAR[]) AS question,"
        " unnest(?::VARCHAR[]) AS choice, unnest(?::INTEGER[]) AS position,"
        " unnest(?::DOUBLE[]) AS number, unnest(?::VARCHAR[]) AS text) x"
        " JOIN responses r ON r.token = x.token",
        [quartier_id, survey_id, *a],
    )

"""Benchmark data for surveys: one Quartier, one 20-question survey, many responses.

The responses are generated column-wise with a seeded numpy RNG (a "wide" frame, one
row per respondent) and inserted in bulk through Arrow tables registered in DuckDB —
in exactly the row shape :func:`quartier.surveys.responses.submit` produces (see
``answer_rows``): multiple choice one row per chosen code (list order), ranking one
row per code with ``position``, Likert with ``number`` = option position, numbers in
``number``, texts and dates in ``text``. Skip logic and constraints of the survey are
respected, so every generated response is one ``submit`` would accept unchanged, and
``answer_dicts`` yields the same respondents as the answer mappings a form hands to
``submit`` (used by the submit benchmark and by ``--check``).

Answers are inserted ordered by response and then question, as a stream of ``submit``
calls would leave them; a table clustered by question would flatter the results queries.

Usage::

    .venv/bin/python bench/survey_data.py [PATH] [--responses N] [--seed S] [--check]

Importable for a city-scale generator: :func:`build_survey_db` for a fresh file,
:func:`add_survey` to add one survey with responses to an existing Quartier.
"""

from __future__ import annotations

import argparse
import base64
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa  # type: ignore[import-untyped]

from quartier.quartiers import create_quartier_in
from quartier.storage import Database, migrate, open_database
from quartier.surveys.expressions import Value
from quartier.surveys.model import Choice, Page, Question, QuestionType, SurveyDefinition
from quartier.surveys.store import create_survey_in

T = QuestionType
DEFAULT_PATH = Path(tempfile.gettempdir()) / "quartier-bench" / "surveys.duckdb"
LANGUAGES = ("de", "en", "tr", "ar", "ru", "uk", "pl")
LANGUAGE_WEIGHTS = (0.70, 0.08, 0.08, 0.05, 0.04, 0.03, 0.02)
CHANNELS = ("online", "qr", "kiosk", "papier")
CHANNEL_WEIGHTS = (0.45, 0.25, 0.20, 0.10)
#: Share of responses given at an event, per channel (kiosks stand at events).
EVENT_SHARE = {"online": 0.03, "qr": 0.45, "kiosk": 0.90, "papier": 0.70}
START = date(2024, 1, 1)
DAYS = 731  # two years

# --- the survey ---------------------------------------------------------------------


def _t(de: str, en: str, **more: str) -> dict[str, str]:
    return {"de": de, "en": en, **more}


def _choices(*items: tuple[str, str, str]) -> tuple[Choice, ...]:
    return tuple(Choice(name, _t(de, en)) for name, de, en in items)


LIKERT = _choices(
    ("gar_nicht", "gar nicht zufrieden", "not at all satisfied"),
    ("wenig", "wenig zufrieden", "slightly satisfied"),
    ("teils", "teils, teils", "neither"),
    ("ziemlich", "ziemlich zufrieden", "quite satisfied"),
    ("sehr", "sehr zufrieden", "very satisfied"),
)


def bench_definition() -> SurveyDefinition:
    """The benchmark survey: 20 questions of every type, 7 languages, skip logic."""
    q = Question
    about = Page("ueber_sie", _t("Über Sie", "About you", tr="Hakkınızda"), (
        q("intro", T.NOTE, _t("Willkommen zur Quartiersbefragung!", "Welcome!",
                              tr="Hoş geldiniz!", ar="أهلا وسهلا", uk="Ласкаво просимо!")),
        q("wohnt", T.SELECT_ONE, _t("Wohnen Sie im Quartier?", "Do you live here?",
                                    tr="Mahallede mi oturuyorsunuz?"),
          required=True, choices=_choices(("ja", "Ja", "Yes"), ("nein", "Nein", "No"))),
        q("seit", T.INTEGER, _t("Seit wie vielen Jahren?", "For how many years?"),
          relevant="${wohnt} = 'ja'", constraint=". >= 0 and . < 100",
          constraint_message=_t("Bitte 0 bis 99", "Please 0 to 99")),
        q("alter", T.INTEGER, _t("Wie alt sind Sie?", "How old are you?", tr="Kaç yaşındasınız?"),
          constraint=". >= 10 and . <= 110"),
        q("haushalt", T.SELECT_ONE, _t("Personen im Haushalt", "People in your household"),
          choices=_choices(("p1", "1", "1"), ("p2", "2", "2"), ("p3", "3", "3"),
                           ("p4", "4", "4"), ("p5plus", "5 und mehr", "5 or more"))),
        q("verkehr", T.SELECT_ONE, _t("Wie sind Sie meist unterwegs?", "How do you get around?"),
          choices=_choices(("fuss", "Zu Fuß", "On foot"), ("rad", "Rad", "Bike"),
                           ("oepnv", "Bus und Bahn", "Public transport"),
                           ("auto", "Auto", "Car"), ("sonstiges", "Anders", "Other"))),
    ))  # fmt: skip
    satisfaction = Page("zufriedenheit", _t("Zufriedenheit", "Satisfaction"), (
        q("zufrieden_wohnen", T.LIKERT, _t("Wohnen im Quartier", "Living here"), choices=LIKERT,
          required=True),
        q("zufrieden_gruen", T.LIKERT, _t("Grünflächen", "Green spaces"), choices=LIKERT),
        q("sicher", T.LIKERT, _t("Sicherheit am Abend", "Safety at night"), choices=LIKERT),
        q("treffpunkt", T.SELECT_ONE, _t("Wie oft besuchen Sie den Stadtteiltreff?",
                                         "How often do you visit the community centre?"),
          choices=_choices(("oft", "Oft", "Often"), ("manchmal", "Manchmal", "Sometimes"),
                           ("selten", "Selten", "Rarely"), ("nie", "Nie", "Never"))),
        q("besuch", T.DATE, _t("Wann waren Sie zuletzt dort?", "When were you there last?"),
          relevant="${treffpunkt} != 'nie' and ${treffpunkt} != ''"),
        q("kontakt", T.SELECT_ONE, _t("Wie haben Sie von der Befragung erfahren?",
                                      "How did you hear about this survey?"),
          choices=_choices(("flyer", "Flyer", "Flyer"), ("nachbarn", "Nachbarn", "Neighbours"),
                           ("internet", "Internet", "Internet"),
                           ("veranstaltung", "Veranstaltung", "Event"),
                           ("zeitung", "Zeitung", "Newspaper"), ("radio", "Radio", "Radio"))),
    ))  # fmt: skip
    wishes = Page("wuensche", _t("Wünsche", "Wishes", ar="الرغبات"), (
        q("wuensche", T.SELECT_MULTIPLE, _t("Was wünschen Sie sich?", "What would you like?"),
          choices=_choices(("baenke", "Bänke", "Benches"), ("schatten", "Schatten", "Shade"),
                           ("wasser", "Trinkbrunnen", "Drinking water"),
                           ("spielplatz", "Spielplatz", "Playground"), ("cafe", "Café", "Café"),
                           ("beleuchtung", "Beleuchtung", "Lighting"),
                           ("radwege", "Radwege", "Cycle lanes"),
                           ("sonstiges", "Sonstiges", "Other"))),
        q("sonstiges_wunsch", T.TEXT, _t("Welcher andere Wunsch?", "Which other wish?"),
          relevant="selected(${wuensche}, 'sonstiges')", constraint="string-length(.) <= 80"),
        q("probleme", T.SELECT_MULTIPLE, _t("Was stört Sie?", "What bothers you?"),
          choices=_choices(("laerm", "Lärm", "Noise"), ("muell", "Müll", "Litter"),
                           ("parken", "Parken", "Parking"), ("verkehr", "Verkehr", "Traffic"),
                           ("mieten", "Mieten", "Rents"),
                           ("sauberkeit", "Sauberkeit", "Cleanliness"),
                           ("kriminalitaet", "Kriminalität", "Crime"))),
        q("angebote", T.SELECT_MULTIPLE, _t("Welche Angebote nutzen Sie?", "Which do you use?"),
          choices=_choices(("familienzentrum", "Familienzentrum", "Family centre"),
                           ("seniorentreff", "Seniorentreff", "Senior club"),
                           ("jugendclub", "Jugendclub", "Youth club"),
                           ("bibliothek", "Bibliothek", "Library"),
                           ("sportverein", "Sportverein", "Sports club"),
                           ("repaircafe", "Repair-Café", "Repair café"))),
        q("rangfolge", T.RANKING, _t("Was ist am wichtigsten?", "What matters most?"),
          choices=_choices(("gruen", "Grün", "Green"), ("verkehr", "Verkehr", "Traffic"),
                           ("wohnen", "Wohnen", "Housing"), ("kultur", "Kultur", "Culture"),
                           ("sicherheit", "Sicherheit", "Safety"))),
    ))  # fmt: skip
    housing = Page("wohnen", _t("Wohnen", "Housing"), (
        q("miete", T.DECIMAL, _t("Kaltmiete pro m² in €", "Rent per m² in €"),
          constraint=". > 0"),
    ), relevant="${wohnt} = 'ja'")  # fmt: skip
    ideas = Page("ideen", _t("Ideen", "Ideas", tr="Fikirler"), (
        q("titel", T.TEXT, _t("Ihre Idee in einem Satz", "Your idea in one line"),
          constraint="string-length(.) <= 80"),
        q("idee", T.LONG_TEXT, _t("Erzählen Sie mehr", "Tell us more")),
    ))  # fmt: skip
    return SurveyDefinition(
        title={"de": "Quartiersbefragung Lindenviertel", "en": "Lindenviertel survey",
               "tr": "Lindenviertel anketi", "ar": "استبيان الحي", "ru": "Опрос района",
               "uk": "Опитування району", "pl": "Ankieta dzielnicy"},
        default_language="de",
        languages=LANGUAGES,
        pages=(about, satisfaction, wishes, housing, ideas),
    )  # fmt: skip


# --- generated respondents (wide, one row per respondent) ---------------------------

_WORDS = (
    "mehr Bänke am Anger", "Schatten auf dem Spielplatz", "Trinkbrunnen am Markt",
    "Tempo 30 in der Lindenstraße", "ein Café im Park", "Beleuchtung am Kanalweg",
    "Radweg zur Schule", "Nachbarschaftsfest im Sommer", "Gemeinschaftsgarten",
    "weniger Müll an der Haltestelle", "Bücherschrank", "Sportgeräte im Park",
    "offener Treff für Jugendliche", "Sprachcafé", "Repair-Café jeden Monat",
)  # fmt: skip
_SENTENCES = (
    "Ich wohne seit vielen Jahren hier und wünsche mir mehr Grün.",
    "Abends ist es am Kanal sehr dunkel, das macht vielen Angst.",
    "Für Kinder fehlt ein sicherer Weg zur Schule.",
    "Die Mieten steigen, viele Nachbarn müssen wegziehen.",
    "Der Stadtteiltreff ist toll, aber zu selten offen.",
    "Es gibt kaum Orte, an denen man sich ohne Konsum treffen kann.",
    "Am Wochenende ist der Park voll, es fehlen Mülleimer.",
    "Ältere Menschen brauchen mehr Bänke auf dem Weg zum Markt.",
    "Bitte mehr Angebote in mehreren Sprachen.",
    "Die Busverbindung in die Innenstadt ist am Abend schlecht.",
)  # fmt: skip


@dataclass
class Respondents:
    """Generated respondents, column-wise; index ``i`` is submission order."""

    n: int
    tokens: list[str]
    channel: np.ndarray  # str
    language: np.ndarray  # str
    event: np.ndarray  # int index into events, -1 = none
    submitted_at: np.ndarray  # datetime64[s], UTC
    single: dict[str, np.ndarray]  # question -> code or "" (unanswered)
    multiple: dict[str, np.ndarray]  # question -> bool matrix (n, choices)
    ranking: np.ndarray  # (n, 5) choice indices, -1 after the last ranked
    integers: dict[str, np.ndarray]  # question -> int, -1 = unanswered
    miete: np.ndarray  # float, NaN = unanswered
    besuch: np.ndarray  # datetime64[D], NaT = unanswered
    texts: dict[str, list[str]]  # question -> text or "" (unanswered)


def _pick(rng: np.random.Generator, options: tuple[str, ...], p: Any, n: int) -> np.ndarray:
    weights = np.asarray(p, dtype=float)
    return rng.choice(np.asarray(options), size=n, p=weights / weights.sum())


def _likert(rng: np.random.Generator, latent: np.ndarray, shift: float, answered: float) -> Any:
    """A 5-point answer from a shared latent attitude plus noise (correlated Likerts)."""
    n = len(latent)
    score = 0.8 * latent + 0.6 * rng.standard_normal(n) + shift
    level = np.digitize(score, [-1.3, -0.5, 0.3, 1.1])
    codes = np.asarray([c.name for c in LIKERT])[level].astype(object)
    codes[rng.random(n) >= answered] = ""
    return codes


def _texts(rng: np.random.Generator, mask: np.ndarray, long: bool) -> list[str]:
    out = [""] * len(mask)
    for i in np.flatnonzero(mask):
        if long:
            k = int(rng.integers(1, 12))
            out[i] = " ".join(_SENTENCES[j] for j in rng.integers(0, len(_SENTENCES), k))
        else:
            k = int(rng.integers(1, 3))
            out[i] = (" und ".join(_WORDS[j] for j in rng.integers(0, len(_WORDS), k)))[:80]
    return out


def _tokens(rng: np.random.Generator, n: int) -> list[str]:
    """Form keys shaped like ``new_form_key()`` (24 URL-safe characters), reproducible."""
    raw = rng.integers(0, 256, size=(n, 18), dtype=np.uint8)
    return [base64.urlsafe_b64encode(row.tobytes()).decode() for row in raw]


def generate(
    responses: int,
    seed: int,
    events: int = 20,
    *,
    start: date = START,
    days: int = DAYS,
    event_days: Any = None,
) -> Respondents:
    """``responses`` plausible respondents: skewed choices, correlated Likerts, rare
    options (so small-group suppression has something to do), skip logic respected.

    ``start``/``days`` set the span (default two years from 2024-01-01; the two campaigns
    sit at the same relative places); ``event_days`` (days after ``start``, one per
    event) pins responses at an event to its day (default: spread evenly)."""
    rng = np.random.default_rng(seed)
    n = responses
    channel_index = rng.choice(len(CHANNELS), size=n, p=np.asarray(CHANNEL_WEIGHTS))
    channel = np.asarray(CHANNELS)[channel_index]
    language = _pick(rng, LANGUAGES, LANGUAGE_WEIGHTS, n)
    at_event = rng.random(n) < np.asarray([EVENT_SHARE[c] for c in CHANNELS])[channel_index]
    popularity = 1.0 / np.arange(1, events + 1) ** 1.2
    popularity[-1] = popularity[-1] / 20  # one event almost nobody answered at
    event = np.where(at_event, rng.choice(events, size=n, p=popularity / popularity.sum()), -1)
    if event_days is None:
        event_days = np.linspace(20, days - 20, events).astype(int)
    event_days = np.asarray(event_days, dtype=np.int64)
    # Off events: a steady trickle plus two campaigns (spring 2024, autumn 2025).
    campaign = rng.random(n)
    day = np.where(
        campaign < 0.55,
        rng.integers(0, days, n),
        np.where(campaign < 0.8, rng.normal(130 * days / DAYS, 12, n),
                 rng.normal(620 * days / DAYS, 15, n)),
    )  # fmt: skip
    day = np.where(event >= 0, event_days[np.maximum(event, 0)], np.clip(day, 0, days - 1))
    hour = np.where(event >= 0, rng.integers(9, 17, n), np.clip(rng.normal(18, 3.5, n), 6, 23))
    seconds = day.astype(np.int64) * 86400 + (hour * 3600).astype(np.int64)
    seconds = seconds + rng.integers(0, 3600, n)
    submitted = np.datetime64(start.isoformat(), "s") + seconds.astype("timedelta64[s]")
    order = np.argsort(submitted, kind="stable")
    channel, language, event, submitted = channel[order], language[order], event[order], \
        submitted[order]  # fmt: skip

    latent = rng.standard_normal(n)
    wohnt = _pick(rng, ("ja", "nein"), (0.82, 0.18), n)
    lives = wohnt == "ja"
    single: dict[str, np.ndarray] = {"wohnt": wohnt}
    seit = np.clip(np.round(rng.lognormal(2.0, 0.9, n)), 0, 99).astype(np.int64)
    seit[~lives | (rng.random(n) < 0.05)] = -1
    alter = np.clip(np.round(rng.gamma(6.0, 7.5, n) + 12), 14, 98).astype(np.int64)
    alter[rng.random(n) < 0.04] = -1
    for name, options, p, skip in (
        ("haushalt", ("p1", "p2", "p3", "p4", "p5plus"), (0.38, 0.33, 0.13, 0.11, 0.05), 0.03),
        ("verkehr", ("fuss", "rad", "oepnv", "auto", "sonstiges"),
         (0.31, 0.24, 0.27, 0.1796, 0.0004), 0.02),
        ("treffpunkt", ("oft", "manchmal", "selten", "nie"), (0.08, 0.21, 0.33, 0.38), 0.05),
        ("kontakt", ("flyer", "nachbarn", "internet", "veranstaltung", "zeitung", "radio"),
         (0.30, 0.22, 0.25, 0.18, 0.04994, 0.00006), 0.10),
    ):  # fmt: skip
        values = _pick(rng, options, p, n).astype(object)
        values[rng.random(n) < skip] = ""
        single[name] = values
    single["zufrieden_wohnen"] = _likert(rng, latent, 0.5, 1.0)
    single["zufrieden_gruen"] = _likert(rng, latent, 0.1, 0.93)
    single["sicher"] = _likert(rng, latent, -0.2, 0.90)

    multiple: dict[str, np.ndarray] = {}
    shares: tuple[float, ...]
    for name, shares, answered in (
        ("wuensche", (0.45, 0.38, 0.22, 0.30, 0.18, 0.33, 0.27, 0.04), 0.88),
        ("probleme", (0.35, 0.41, 0.28, 0.30, 0.47, 0.25, 0.09), 0.80),
        ("angebote", (0.12, 0.08, 0.05, 0.22, 0.15, 0.0002), 0.60),
    ):
        chosen = rng.random((n, len(shares))) < np.asarray(shares)
        chosen[rng.random(n) >= answered] = False
        multiple[name] = chosen

    # Ranking: Plackett–Luce via Gumbel keys; 70% answer, a fifth of them only the top 3.
    weights = np.log(np.asarray([0.32, 0.22, 0.26, 0.08, 0.12]))
    order5 = np.argsort(-(weights + rng.gumbel(size=(n, 5))), axis=1)
    ranks = rng.random(n)
    ranking = np.where(ranks < 0.56, 5, np.where(ranks < 0.70, 3, 0))
    ranked = np.where(np.arange(5) < ranking[:, None], order5, -1)

    miete = np.round(rng.lognormal(np.log(9.5), 0.25, n), 2)
    miete[rng.random(n) < 0.001] = np.round(rng.uniform(30, 80), 2)  # a few outliers
    miete[~lives | (rng.random(n) < 0.30)] = np.nan

    visits = single["treffpunkt"]
    may_visit = (visits != "nie") & (visits != "")
    back = rng.integers(0, 400, n).astype("timedelta64[D]")
    besuch = submitted.astype("datetime64[D]") - back
    besuch[~may_visit | (rng.random(n) < 0.5)] = np.datetime64("NaT", "D")

    other = multiple["wuensche"][:, 7]
    texts = {
        "sonstiges_wunsch": _texts(rng, other & (rng.random(n) < 0.6), long=False),
        "titel": _texts(rng, rng.random(n) < 0.35, long=False),
        "idee": _texts(rng, rng.random(n) < 0.20, long=True),
    }
    return Respondents(
        n=n, tokens=_tokens(rng, n), channel=channel, language=language, event=event,
        submitted_at=submitted, single=single, multiple=multiple, ranking=ranked,
        integers={"seit": seit, "alter": alter}, miete=miete, besuch=besuch, texts=texts,
    )  # fmt: skip


def answer_dicts(data: Respondents, definition: SurveyDefinition) -> Iterator[dict[str, Value]]:
    """Each respondent as the answer mapping a form hands to ``submit``."""
    choices = {q.name: q.choice_names() for q in definition.questions()}
    for i in range(data.n):
        answers: dict[str, Value] = {}
        for q in definition.questions():
            name = q.name
            if q.type in (T.SELECT_ONE, T.LIKERT) and data.single[name][i]:
                answers[name] = str(data.single[name][i])
            elif q.type is T.SELECT_MULTIPLE and data.multiple[name][i].any():
                row = data.multiple[name][i]
                answers[name] = tuple(c for c, on in zip(choices[name], row, strict=True) if on)
            elif q.type is T.RANKING and data.ranking[i, 0] >= 0:
                answers[name] = tuple(choices[name][j] for j in data.ranking[i] if j >= 0)
            elif q.type is T.INTEGER and data.integers[name][i] >= 0:
                answers[name] = int(data.integers[name][i])
            elif q.type is T.DECIMAL and not np.isnan(data.miete[i]):
                answers[name] = float(data.miete[i])
            elif q.type is T.DATE and not np.isnat(data.besuch[i]):
                answers[name] = str(data.besuch[i])
            elif q.type in (T.TEXT, T.LONG_TEXT) and data.texts[name][i]:
                answers[name] = data.texts[name][i]
        yield answers


def answer_table(data: Respondents, definition: SurveyDefinition) -> pa.Table:
    """Long answer rows (i, question, choice, position, number, text) as ``submit``
    stores them, ordered by respondent and question order."""
    parts: list[dict[str, Any]] = []
    order = {q.name: k for k, q in enumerate(definition.questions())}

    def add(name: str, idx: np.ndarray, sub: np.ndarray, **cols: Any) -> None:
        parts.append({"i": idx, "q": np.full(len(idx), order[name]), "sub": sub, **cols})

    for q in definition.questions():
        name, codes = q.name, np.asarray(q.choice_names(), dtype=object)
        if q.type in (T.SELECT_ONE, T.LIKERT):
            values = data.single[name]
            idx = np.flatnonzero(values != "")
            number = None
            if q.type is T.LIKERT:
                position = {c: k + 1 for k, c in enumerate(q.choice_names())}
                number = np.asarray([position[v] for v in values[idx]], dtype=float)
            add(name, idx, np.zeros(len(idx)), choice=values[idx], number=number)
        elif q.type is T.SELECT_MULTIPLE:
            idx, col = np.nonzero(data.multiple[name])
            add(name, idx, col, choice=codes[col])
        elif q.type is T.RANKING:
            idx, col = np.nonzero(data.ranking >= 0)
            add(name, idx, col, choice=codes[data.ranking[idx, col]], position=col + 1)
        elif q.type is T.INTEGER:
            idx = np.flatnonzero(data.integers[name] >= 0)
            add(name, idx, np.zeros(len(idx)), number=data.integers[name][idx].astype(float))
        elif q.type is T.DECIMAL:
            idx = np.flatnonzero(~np.isnan(data.miete))
            add(name, idx, np.zeros(len(idx)), number=data.miete[idx])
        elif q.type is T.DATE:
            idx = np.flatnonzero(~np.isnat(data.besuch))
            add(name, idx, np.zeros(len(idx)), text=data.besuch[idx].astype(str).astype(object))
        elif q.type in (T.TEXT, T.LONG_TEXT):
            values = np.asarray(data.texts[name], dtype=object)
            idx = np.flatnonzero(values != "")
            add(name, idx, np.zeros(len(idx)), text=values[idx])
    names = list(order)
    i = np.concatenate([p["i"] for p in parts])
    qk = np.concatenate([p["q"] for p in parts])
    sub = np.concatenate([p["sub"] for p in parts])
    sort = np.lexsort((sub, qk, i))
    total = len(i)

    def column(key: str, typ: pa.DataType) -> pa.Array:
        values = np.empty(total, dtype=object)
        valid = np.zeros(total, dtype=bool)
        start = 0
        for p in parts:
            end = start + len(p["i"])
            if p.get(key) is not None:
                values[start:end] = p[key]
                valid[start:end] = True
            start = end
        return pa.array(values[sort], type=typ, mask=~valid[sort])

    return pa.table({
        "i": pa.array(i[sort], type=pa.int64()),
        "question": pa.array(np.asarray(names, dtype=object)[qk[sort]], type=pa.string()),
        "choice": column("choice", pa.string()),
        "position": column("position", pa.int32()),
        "number": column("number", pa.float64()),
        "text": column("text", pa.string()),
    })  # fmt: skip


# --- into the database --------------------------------------------------------------


@dataclass(frozen=True)
class BenchSurvey:
    """What :func:`build_survey_db` / :func:`add_survey` made."""

    path: str
    quartier_id: int
    survey_id: int
    event_ids: tuple[int, ...]
    responses: int
    answer_rows: int


def add_events(db: Database, quartier_id: int, count: int = 20) -> tuple[int, ...]:
    """``count`` events spread over the two years (the dates ``generate`` uses)."""
    days = np.linspace(20, DAYS - 20, count).astype(int)
    titles = ("Stadtteilfest", "Wochenmarkt-Stand", "Spielplatzfest", "Infoabend",
              "Kiezspaziergang")  # fmt: skip
    ids = []
    with db.transaction() as cur:
        for k, day in enumerate(days):
            row = cur.execute(
                "INSERT INTO events (quartier_id, title, starts_on, place) VALUES (?, ?, ?, ?)"
                " RETURNING id",
                [quartier_id, f"{titles[k % len(titles)]} {k + 1}",
                 START + timedelta(days=int(day)), "Lindenplatz"],
            ).fetchone()  # fmt: skip
            assert row is not None
            ids.append(int(row[0]))
    return tuple(ids)


def add_survey(
    db: Database,
    quartier_id: int,
    event_ids: tuple[int, ...],
    *,
    responses: int = 50_000,
    seed: int = 1,
    entered_by: int | None = None,
    hidden_share: float = 0.005,
    start: date = START,
    days: int = DAYS,
    event_days: Any = None,
) -> BenchSurvey:
    """Create the benchmark survey (open) in ``quartier_id`` and bulk-insert responses.

    Paper responses get ``entered_by``; ``hidden_share`` of the free-text answers are
    hidden by moderation, as on a real results page. ``start``, ``days`` and
    ``event_days`` go to :func:`generate` (the city generator spreads ten years).
    """
    definition = bench_definition()
    if responses == 0:
        with db.transaction() as cur:
            survey_id = create_survey_in(cur, quartier_id, definition, created_by=entered_by)
            cur.execute("UPDATE surveys SET status = 'open' WHERE id = ?", [survey_id])
        return BenchSurvey(db.path, quartier_id, survey_id, event_ids, 0, 0)
    data = generate(responses, seed, events=len(event_ids), start=start, days=days,
                    event_days=event_days)  # fmt: skip
    answers = answer_table(data, definition)
    with db.transaction() as cur:
        survey_id = create_survey_in(cur, quartier_id, definition, created_by=entered_by)
        cur.execute("UPDATE surveys SET status = 'open' WHERE id = ?", [survey_id])
        # Take ids from the sequence, so later submits continue after them.
        ids = np.sort(
            np.asarray(
                cur.execute(
                    "SELECT nextval('responses_id_seq') FROM range(?)", [data.n]
                ).fetchnumpy()["nextval('responses_id_seq')"],
                dtype=np.int64,
            )
        )
        events = np.asarray(event_ids, dtype=np.int64)
        event_col = pa.array(events[np.maximum(data.event, 0)], mask=data.event < 0)
        paper = data.channel == "papier"
        resp = pa.table({
            "id": pa.array(ids),
            "token": pa.array(data.tokens, type=pa.string()),
            "channel": pa.array(data.channel.astype(object), type=pa.string()),
            "event_id": event_col,
            "language": pa.array(data.language.astype(object), type=pa.string()),
            "submitted_at": pa.array(data.submitted_at, type=pa.timestamp("s", tz="UTC")),
            "entered_by": pa.array(np.full(data.n, entered_by or 0, dtype=np.int64),
                                   mask=~paper if entered_by is not None else np.ones_like(paper)),
        })  # fmt: skip
        cur.register("bench_resp", resp)
        cur.execute(
            "INSERT INTO responses (id, token, quartier_id, survey_id, version, channel,"
            " event_id, language, submitted_at, entered_by)"
            " SELECT id, token, ?, ?, 1, channel, event_id, language, submitted_at, entered_by"
            " FROM bench_resp ORDER BY id",
            [quartier_id, survey_id],
        )
        answers = answers.append_column("response_id", pa.array(ids[answers["i"].to_numpy()]))
        cur.register("bench_answers", answers)
        cur.execute(
            "INSERT INTO answers SELECT response_id, ?, ?, question, choice, position, number,"
            " text FROM bench_answers",
            [quartier_id, survey_id],
        )
        cur.unregister("bench_resp")
        cur.unregister("bench_answers")
        if entered_by is not None and hidden_share > 0:
            cur.execute(
                "INSERT INTO hidden_answers (quartier_id, response_id, question, hidden_by,"
                " hidden_at) SELECT quartier_id, response_id, question, ?, TIMESTAMPTZ"
                " '2026-01-01 00:00:00+00' FROM answers WHERE survey_id = ? AND text IS NOT NULL"
                " AND question IN ('titel', 'idee', 'sonstiges_wunsch')"
                " AND hash(response_id, question, ?) % 10000 < ?",
                [entered_by, survey_id, seed, int(hidden_share * 10000)],
            )
    return BenchSurvey(db.path, quartier_id, survey_id, event_ids, data.n, answers.num_rows)


def build_survey_db(path: str | Path = DEFAULT_PATH, responses: int = 50_000, seed: int = 1) -> (
    BenchSurvey
):  # fmt: skip
    """A fresh database file at ``path`` (replaced if present) with one Quartier, 20
    events, a staff account and the benchmark survey with ``responses`` responses."""
    target = Path(path)
    for stale in (target, target.with_name(target.name + ".wal")):
        stale.unlink(missing_ok=True)
    db = open_database(target)
    try:
        migrate(db)
        with db.transaction() as cur:
            quartier = create_quartier_in(cur, "lindenviertel", "Lindenviertel", "Musterstadt")
            row = cur.execute(
                "INSERT INTO users (username, display_name, role) VALUES"
                " ('bench-erfassung', 'Erfassung Papierbögen', 'coordinator') RETURNING id"
            ).fetchone()
            assert row is not None
            staff = int(row[0])
        events = add_events(db, quartier.id)
        made = add_survey(db, quartier.id, events, responses=responses, seed=seed,
                          entered_by=staff)  # fmt: skip
        with db.transaction() as cur:
            cur.execute("CHECKPOINT")
    finally:
        db.close()
    return made


# --- self-check: bulk rows == submit rows --------------------------------------------


def check_row_shape(responses: int = 300, seed: int = 7) -> int:
    """Submit ``responses`` generated respondents through ``submit`` into one database
    and bulk-insert the same respondents into another; returns the number of differing
    answer rows (0 expected). Also proves every generated response passes validation."""
    from quartier.surveys.responses import Channel, submit

    with tempfile.TemporaryDirectory() as tmp:
        bulk = build_survey_db(Path(tmp) / "bulk.duckdb", responses=responses, seed=seed)
        data = generate(responses, seed)
        via = build_survey_db(Path(tmp) / "submit.duckdb", responses=0, seed=seed)
        db = open_database(via.path)
        try:
            events = dict(enumerate(via.event_ids))
            for k, answers in enumerate(answer_dicts(data, bench_definition())):
                submit(db, via.survey_id, answers, token=data.tokens[k],
                       channel=Channel(str(data.channel[k])), language=str(data.language[k]),
                       event_id=events.get(int(data.event[k])))  # fmt: skip
            db.close()
            db = open_database(bulk.path)
            with db.read() as cur:
                cur.execute(f"ATTACH '{via.path}' AS via (READ_ONLY)")
                cols = "r.token, a.question, a.choice, a.position, a.number, a.text"
                query = (
                    "SELECT {c} FROM {p}answers a JOIN {p}responses r ON r.id = a.response_id"
                    " EXCEPT ALL "
                    "SELECT {c} FROM {o}answers a JOIN {o}responses r ON r.id = a.response_id"
                )
                one = query.format(c=cols, p="", o="via.")
                other = query.format(c=cols, p="via.", o="")
                diff = 0
                for q in (one, other):
                    row = cur.execute(f"SELECT count(*) FROM ({q})").fetchone()
                    diff += int(row[0]) if row else 0
                meta = (
                    "SELECT token, channel, coalesce(event_id, 0) - coalesce((SELECT min(id)"
                    " FROM {p}events), 0), language FROM {p}responses"
                )
                for a, b in (("", "via."), ("via.", "")):
                    row = cur.execute(
                        f"SELECT count(*) FROM ({meta.format(p=a)} EXCEPT ALL {meta.format(p=b)})"
                    ).fetchone()
                    diff += int(row[0]) if row else 0
                counts = cur.execute(
                    "SELECT (SELECT count(*) FROM answers), (SELECT count(*) FROM via.answers)"
                ).fetchone()
                assert counts is not None
                print(f"check: {responses} responses; answer rows bulk {counts[0]}, via submit()"
                      f" {counts[1]}; {diff} rows differ")  # fmt: skip
        finally:
            db.close()
    return diff


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH))
    parser.add_argument("--responses", type=int, default=50_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--check", action="store_true", help="check that bulk rows equal what submit() stores"
    )
    args = parser.parse_args(argv)
    if args.check:
        return 1 if check_row_shape() else 0
    started = time.perf_counter()
    made = build_survey_db(args.path, args.responses, args.seed)
    took = time.perf_counter() - started
    size = Path(made.path).stat().st_size / 1e6
    print(f"{made.path}: survey {made.survey_id}, {made.responses} responses,"
          f" {made.answer_rows} answer rows, {size:.1f} MB, built in {took:.1f} s")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())

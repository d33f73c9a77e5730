"""Survey links, QR codes and A4 posters in every language."""

import io
import re
from pathlib import Path

import pytest
import segno
from PIL import Image

from quartier.errors import QuartierError
from quartier.i18n import LANGUAGES, catalogue_keys
from quartier.surveys import posters
from quartier.surveys.posters import poster_pdf, qr_png, survey_url

URL = "https://quartier.example.org/umfrage?survey=12&lang=de&event=3&via=qr"
MM = 72 / 25.4  # PDF points per millimetre


def make(language="de", title="Spielplatz am Anger", event_title="Sommerfest", **kw):
    return poster_pdf(
        title=title,
        url=kw.get("url", URL),
        language=language,
        quartier_name=kw.get("quartier_name", "Quartier Nord"),
        event_title=event_title,
    )


def page_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert len(reader.pages) == 1
    return " ".join(reader.pages[0].extract_text().split())


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (("https://q.example", 12, "de", 3), "https://q.example/umfrage?survey=12&lang=de&event=3&via=qr"),
        (("https://q.example/", 12, "ar", None), "https://q.example/umfrage?survey=12&lang=ar&via=qr"),
        (("https://q.example/nord//", 5, "uk", None, "kiosk"), "https://q.example/nord/umfrage?survey=5&lang=uk&via=kiosk"),
        (("http://localhost:8501", 1, "a b&c", 2), "http://localhost:8501/umfrage?survey=1&lang=a+b%26c&event=2&via=qr"),
    ],
)  # fmt: skip
def test_survey_url(args, expected):
    assert survey_url(*args) == expected


def test_qr_png_is_a_png_with_a_quiet_zone():
    data = qr_png(URL)
    assert data.startswith(b"\x89PNG\r\n\x1a\n")
    code = segno.make(URL, error="m", boost_error=False)
    assert code.error == "M"
    image = Image.open(io.BytesIO(data)).convert("L")
    size = (len(code.matrix) + 8) * 10
    assert image.size == (size, size)
    assert image.getpixel((39, 39)) == 255  # the quiet zone of 4 modules is white
    assert image.getpixel((40, 40)) == 0  # the finder pattern starts there
    assert Image.open(io.BytesIO(qr_png(URL, scale=2))).size == (size // 5, size // 5)


def test_poster_is_one_a4_page_with_title_event_call_and_link():
    data = make()
    assert data.startswith(b"%PDF-")
    assert len(re.findall(rb"/Type /Page\b", data)) == 1
    assert re.search(rb"/MediaBox \[0 0 595.28 841.89\]", data)
    text = page_text(data)
    for part in ("Spielplatz am Anger", "Sommerfest", "Quartier Nord", URL):
        assert part in text
    assert "Scannen Sie den Code und machen Sie mit!" in text
    assert "Anonym · dauert nur wenige Minuten" in text


def test_the_qr_code_is_at_least_ten_centimetres():
    pypdf = pytest.importorskip("pypdf")
    page = pypdf.PdfReader(io.BytesIO(make(event_title=None))).pages[0]
    content = page.get_contents().get_data().decode("latin-1")
    scale = re.search(r"q ([\d.]+) 0 0 -[\d.]+ 0 [\d.]+ cm /GS\d+ gs", content)  # fpdf2's paths
    assert scale
    boxes = re.findall(r"([\d.]+) ([\d.]+) ([\d.]+) ([\d.]+) re", content[scale.end() :])
    assert len(boxes) > 100
    to_mm = float(scale.group(1)) / MM
    left = min(float(x) for x, _, _, _ in boxes) * to_mm
    right = max(float(x) + float(w) for x, _, w, _ in boxes) * to_mm
    top = min(float(y) for _, y, _, _ in boxes) * to_mm
    bottom = max(float(y) + float(h) for _, y, _, h in boxes) * to_mm
    assert right - left == pytest.approx(110, abs=0.1)
    assert bottom - top == pytest.approx(110, abs=0.1)
    assert (left + right) / 2 == pytest.approx(105, abs=0.1)  # centred on the A4 page


@pytest.mark.parametrize(
    ("language", "title", "call"),
    [
        ("en", "Playground on the green", "Scan the code and have your say!"),
        ("tr", "Oyun parkı nasıl olmalı?", "Kodu tarayın ve katılın!"),
        ("ru", "Какой должна быть детская площадка?", "Отсканируйте код и примите участие!"),
        ("uk", "Яким має бути дитячий майданчик?", "Відскануйте код і долучайтеся!"),
        ("pl", "Jaki ma być plac zabaw?", "Zeskanuj kod i weź udział!"),
        ("ar", "كيف تريد أن يبدو الملعب؟", "امسح الرمز وشارك برأيك!"),
    ],
)
def test_posters_in_every_language(language, title, call):
    text = page_text(make(language, title, event_title=None))
    assert title in text and call in text and URL in text


def test_every_language_has_the_poster_texts():
    for code in LANGUAGES:
        keys = catalogue_keys(code)
        assert keys.get("poster.call_to_action") and keys.get("poster.anonymous"), code


def test_long_texts_shrink_and_are_cut_on_one_page():
    title = "Wie soll der Lindenplatz nach dem Umbau aussehen " * 8
    data = make(title=title, event_title="Ü" * 120, url=URL + "&x=" + "y" * 150)
    text = page_text(data)
    assert "Wie soll der Lindenplatz" in text and "…" in text
    assert "Scannen Sie den Code" in text


def test_missing_font_is_named_in_german(monkeypatch, tmp_path: Path):
    monkeypatch.setattr(posters, "FONT_BOLD", tmp_path / "DejaVuSans-Bold.ttf")
    with pytest.raises(QuartierError) as err:
        make()
    assert err.value.code == "font_missing"
    assert "fonts-dejavu-core" in err.value.message and "DejaVuSans-Bold.ttf" in err.value.message
    assert "Please install" in err.value.text("en")


def test_arabic_without_harfbuzz_is_refused_but_german_works(monkeypatch):
    monkeypatch.setattr(posters, "_harfbuzz_available", lambda: False)
    with pytest.raises(QuartierError) as err:
        make("ar", "استبيان")
    assert err.value.code == "shaping_missing" and "uharfbuzz" in err.value.message
    assert make().startswith(b"%PDF-")

"""The tie card: a 1200×630 PNG drawn from the knowledge alone, each text in a recorded box, cached per version.

The expected strings are built here from the knowledge files (ties, entities, articles, facts,
the language file's card labels), not read back from the card's own content, and each one is
checked twice: the card recorded it in its role, and the card's pixels in that role's box are
exactly that string drawn with the shipped font (and not another string).
"""

from __future__ import annotations

import dataclasses
import io
import re
from pathlib import Path

import pytest
import yaml
from PIL import Image, ImageChops, ImageDraw, ImageStat

from bot.core.answering.engine import Engine
from bot.core.cards import (
    HEIGHT,
    WIDTH,
    CardCache,
    CardQuote,
    DrawnText,
    RenderedCard,
    card_content,
    card_ties,
    render_card,
)
from bot.core.cards.draw import ANCHOR, BACKGROUND
from bot.core.cards.typefaces import FONT_DIR, font
from bot.core.knowledge.models import Leg, Tie
from bot.core.knowledge.store import Knowledge, KnowledgeError, load_knowledge
from tests.helpers import KNOWLEDGE, copy_knowledge

SHIPPED = load_knowledge(KNOWLEDGE)
TIES = sorted(SHIPPED.ties)


def _render(knowledge: Knowledge, tie_id: str) -> RenderedCard:
    return render_card(card_content(knowledge, tie_id))


def _image(card: RenderedCard) -> Image.Image:
    image = Image.open(io.BytesIO(card.png))
    image.load()
    return image


def _labels(knowledge: Knowledge) -> dict[str, object]:
    """The card section of the language file, read as plain YAML (not through the code under test)."""
    data = yaml.safe_load((knowledge.root / "language" / "en.yaml").read_text(encoding="utf-8"))
    return data["card"]  # type: ignore[no-any-return]


def _date(labels: dict[str, object], day: object) -> str:
    months = labels["months"]
    assert isinstance(months, list)
    return str(labels["date"]).format(day=day.day, month=months[day.month - 1], year=day.year)  # type: ignore[attr-defined]


def _name(knowledge: Knowledge, entity_id: str) -> str:
    return knowledge.entities[entity_id].name


def _expected_leg(knowledge: Knowledge, labels: dict[str, object], leg: Leg) -> dict[str, str | None]:
    home, away = _name(knowledge, leg.home), _name(knowledge, leg.away)
    teams = (str(labels["played"]).format(home=home, score=leg.score, away=away) if leg.score
             else str(labels["fixture"]).format(home=home, away=away))
    venue = _name(knowledge, leg.venue) if leg.venue else str(labels["venue_unknown"])
    date = _date(labels, leg.date) if leg.date else str(labels["date_unknown"])
    return {"teams": teams, "where": str(labels["where"]).format(venue=venue, date=date),
            "status": None if leg.score else str(labels["not_played"])}


def _expected(knowledge: Knowledge, tie: Tie) -> dict[str, str | None]:
    """Each role's text, built from the data files."""
    labels = _labels(knowledge)
    article = knowledge.articles[tie.article or ""]
    source = (str(labels["source"]).format(title=article.title, date=_date(labels, article.date)) if article.date
              else str(labels["source_undated"]).format(title=article.title))
    out: dict[str, str | None] = {
        "heading": str(labels["heading"]).format(competition=_name(knowledge, tie.competition), round=tie.round,
                                                 season=tie.season),
        "home": _name(knowledge, tie.teams[0]),
        "versus": str(labels["versus"]),
        "away": _name(knowledge, tie.teams[1]),
        "first_leg.label": str(labels["first_leg"]),
        "second_leg.label": str(labels["second_leg"]),
        "aggregate.label": str(labels["aggregate"]),
        "source": source,
    }
    for name, leg in (("first_leg", tie.first_leg), ("second_leg", tie.second_leg)):
        for part, text in _expected_leg(knowledge, labels, leg).items():
            out[f"{name}.{part}"] = text
    return out


def _redrawn(drawn: DrawnText, text_lines: tuple[str, ...] | None = None) -> Image.Image:
    """`drawn`'s lines (or others) drawn alone on the card's background, where the card drew them."""
    image = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
    draw = ImageDraw.Draw(image)
    face = font(drawn.bold, drawn.size)
    for origin, line in zip(drawn.origins, text_lines or drawn.lines, strict=False):
        draw.text(origin, line, font=face, fill=drawn.fill, anchor=ANCHOR)
    return image


def _difference(card: Image.Image, other: Image.Image, box: tuple[int, int, int, int]) -> float:
    """Mean absolute difference per channel (0-255) between the two pictures inside `box`."""
    diff = ImageChops.difference(card.crop(box), other.crop(box))
    return sum(ImageStat.Stat(diff).mean) / 3


@pytest.mark.parametrize("tie_id", TIES)
def test_the_card_is_a_png_of_the_link_preview_size(tie_id: str) -> None:
    card = _render(SHIPPED, tie_id)
    assert card.png.startswith(b"\x89PNG\r\n\x1a\n")
    image = _image(card)
    assert image.format == "PNG" and image.size == (1200, 630)
    assert image.mode == "RGB"  # opaque: the same picture on Discord's dark and light themes
    assert len(card.png) < 500_000


@pytest.mark.parametrize("tie_id", TIES)
def test_each_text_is_the_data_drawn_in_its_own_box(tie_id: str) -> None:
    tie = SHIPPED.ties[tie_id]
    card = _render(SHIPPED, tie_id)
    image = _image(card)
    expected = _expected(SHIPPED, tie)
    drawn_roles = {d.role for d in card.texts}
    for role, text in expected.items():
        if text is None:
            assert role not in drawn_roles, f"{role} drawn although the data has nothing for it"
            continue
        drawn = card.text(role)
        assert drawn.text == text, role
        assert " ".join(drawn.lines) == " ".join(text.split()), role  # wrapped, never cut
        # The card's pixels in the box are this string drawn with the shipped font...
        assert _difference(image, _redrawn(drawn), drawn.box) < 0.5, role
        # ...and the box is not empty, and another string there would not match.
        blank = Image.new("RGB", (WIDTH, HEIGHT), BACKGROUND)
        assert _difference(image, blank, drawn.box) > 5, role
    home, away = card.text("home"), card.text("away")
    assert _difference(image, _redrawn(home, (card.text("away").text,)), home.box) > 5
    assert home.box[2] < away.box[0]  # the first team of the tie on the left


@pytest.mark.parametrize("tie_id", TIES)
def test_no_text_overlaps_another_or_leaves_the_card(tie_id: str) -> None:
    card = _render(SHIPPED, tie_id)
    boxes = [(d.role, d.box) for d in card.texts]
    for role, (left, top, right, bottom) in boxes:
        assert 0 <= left < right <= WIDTH and 0 <= top < bottom <= HEIGHT, role
    for i, (role, a) in enumerate(boxes):
        for other, b in boxes[i + 1:]:
            overlap = min(a[2], b[2]) > max(a[0], b[0]) and min(a[3], b[3]) > max(a[1], b[1])
            assert not overlap, (role, other)


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(c: int) -> float:
        v = c / 255
        return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4
    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


@pytest.mark.parametrize("tie_id", TIES)
def test_every_text_is_legible_at_phone_size(tie_id: str) -> None:
    """WCAG AA contrast against the card's own background, and no text under 18 px (6 px on a 400 px phone)."""
    card = _render(SHIPPED, tie_id)
    background = _luminance(BACKGROUND) + 0.05
    for drawn in card.texts:
        assert (_luminance(drawn.fill) + 0.05) / background >= 4.5, drawn.role
        assert drawn.size >= 18, drawn.role
    assert card.text("home").size >= 48 and card.text("first_leg.teams").size >= 26


def test_the_fonts_ship_with_the_project_under_their_licence() -> None:
    for bold, style in ((False, "Book"), (True, "Bold")):
        face = font(bold, 24)
        assert Path(str(face.path)).parent == FONT_DIR == KNOWLEDGE.parent / "bot" / "core" / "cards" / "fonts"
        assert face.getname() == ("DejaVu Sans", style)
    assert "Bitstream Vera" in (FONT_DIR / "LICENSE").read_text(encoding="utf-8")


def _quote_rule(knowledge: Knowledge, tie: Tie) -> list[str]:
    """The quote facts in the card's order: key facts first, then the rest in file order."""
    ordered = [*tie.key_facts, *(f for f in knowledge.facts if f not in tie.key_facts)]
    return [f for f in ordered if f in knowledge.facts and knowledge.facts[f].tie == tie.id
            and knowledge.facts[f].intent == "quote" and knowledge.facts[f].quote]


@pytest.mark.parametrize("tie_id", TIES)
def test_the_quote_is_the_first_quote_of_the_tie_verbatim_with_its_speaker(tie_id: str) -> None:
    tie = SHIPPED.ties[tie_id]
    card = _render(SHIPPED, tie_id)
    quotes = _quote_rule(SHIPPED, tie)
    quote, by = card.text("quote"), card.text("quote.by")
    if not quotes:  # nobody is quoted in this tie's article: its first key fact, under the label
        fact = SHIPPED.facts[tie.key_facts[0]]
        assert card.quote_fact == fact.id
        assert quote.text == fact.answer and by.text == _labels(SHIPPED)["key_fact"]
        return
    fact = SHIPPED.facts[quotes[0]]  # the shipped first quotes all fit
    assert card.quote_fact == fact.id
    assert fact.quote is not None and fact.quote in quote.text
    speaker = SHIPPED.entities[fact.speaker or ""]
    assert speaker.name in by.text and (speaker.role or "") in by.text


def test_a_quote_too_long_for_the_card_gives_way_to_the_next() -> None:
    content = card_content(SHIPPED, "real-madrid-liverpool-2023")
    endless = CardQuote(fact="endless", text="“" + "so much to say " * 80 + "”", by="— Someone")
    card = render_card(dataclasses.replace(content, quotes=(endless, *content.quotes)))
    assert card.quote_fact == content.quotes[0].fact
    assert card.text("quote").text == content.quotes[0].text


def test_nothing_on_the_card_is_missing_from_the_data() -> None:
    """Grounded like the text: every word drawn is a word of the knowledge files (or a number in them)."""
    def words(text: str) -> set[str]:
        return set(re.findall(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+", text.lower()))

    sources: list[str] = []
    for path in KNOWLEDGE.rglob("*.yaml"):
        sources.append(path.read_text(encoding="utf-8"))
    vocabulary = words("\n".join(sources))
    for tie_id in TIES:
        for drawn in _render(SHIPPED, tie_id).texts:
            assert words(drawn.text) <= vocabulary, (drawn.role, words(drawn.text) - vocabulary)


def test_the_aggregate_is_the_sum_of_the_legs_played(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    ties = root / "ties.yaml"
    text = ties.read_text(encoding="utf-8")
    cases = {"3-1": "Liverpool 3-2 on aggregate", "1-0": "Level at 1-1 on aggregate"}
    for score, told in cases.items():
        # The 2020 second leg (Liverpool at home) given a score, as a curator would once it is known.
        edited = text.replace("      venue: anfield\n      date: 2020-03-11\n",
                              f"      venue: anfield\n      date: 2020-03-11\n      score: {score}\n", 1)
        assert edited != text
        ties.write_text(edited, encoding="utf-8")
        card = _render(load_knowledge(root), "liverpool-atletico-2020")
        assert card.text("aggregate").text == told
        assert card.text("second_leg.teams").text == f"Liverpool {score} Atlético Madrid"
        with pytest.raises(KeyError):
            card.text("second_leg.status")  # played: no "not yet played" line
    first_only = _render(SHIPPED, "liverpool-atletico-2020").text("aggregate").text
    assert first_only == "Atlético Madrid lead 1-0 after the first leg"


def test_the_labels_are_the_language_files_words(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "language" / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["card"].update(first_leg="Ida", second_leg="Vuelta", not_played="Sin jugar cuando se escribió el artículo",
                        months=["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
                                "septiembre", "octubre", "noviembre", "diciembre"],
                        date="{day} de {month} de {year}")
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    card = _render(load_knowledge(root), "liverpool-atletico-2020")
    assert card.text("first_leg.label").text == "Ida"
    assert card.text("second_leg.status").text == "Sin jugar cuando se escribió el artículo"
    assert card.text("second_leg.where").text == "Anfield · 11 de marzo de 2020"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("aggregate_leads", "{team} lead {goals}", "names goals"),
        ("source", "Source: {title", "'Source: {title'"),
        ("months", ["January"], "at least 12"),
        ("versus", "", "at least 1"),
    ],
)
def test_a_bad_card_label_is_named_by_file_section_and_field(
    tmp_path: Path, field: str, value: object, message: str
) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "language" / "en.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["card"][field] = value
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert any(i.file == "language/en.yaml" and i.item == "card" and i.field == field and message in i.message
               for i in caught.value.issues), [str(i) for i in caught.value.issues]


@pytest.mark.parametrize(
    ("old", "new", "item", "field", "message"),
    [
        ("colours: ['#C8102E', '#FFFFFF']", "colours: ['#C8102E', 'red']", "liverpool", "colours.1",
         "should match pattern"),
        ("colours: ['#C8102E', '#FFFFFF']", "colours: ['#C8102E', '#FFF', '#000000', '#111111']", "liverpool",
         "colours", "at most 3"),
        ("role: Liverpool manager, team: liverpool,", "role: Liverpool manager, team: liverpool, colours: ['#C8102E'],",
         "jurgen-klopp", "colours", "only a team has colours"),
    ],
)
def test_a_bad_colour_is_named_by_file_entity_and_field(
    tmp_path: Path, old: str, new: str, item: str, field: str, message: str
) -> None:
    root = copy_knowledge(tmp_path)
    path = root / "entities.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(root)
    assert any(i.file == "entities.yaml" and i.item == item and i.field == field and message in i.message
               for i in caught.value.issues), [str(i) for i in caught.value.issues]


def test_the_clubs_colours_are_drawn_and_a_club_without_colours_is_grey(tmp_path: Path) -> None:
    image = _image(_render(SHIPPED, "liverpool-atletico-2020"))
    assert image.getpixel((10, 4)) == (0xC8, 0x10, 0x2E)  # Liverpool's main colour, top left
    assert image.getpixel((WIDTH // 2 + 10, 4)) == (0xCB, 0x35, 0x24)  # Atlético's, top right
    root = copy_knowledge(tmp_path)
    path = root / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(", colours: ['#C8102E', '#FFFFFF']", "", 1),
                    encoding="utf-8")
    plain = _image(_render(load_knowledge(root), "liverpool-atletico-2020"))
    assert plain.getpixel((10, 4)) == (0x8A, 0x8D, 0x91)


def test_a_card_is_drawn_once_per_tie_and_knowledge_version(tmp_path: Path) -> None:
    root = copy_knowledge(tmp_path)
    knowledge = load_knowledge(root)
    cache = CardCache()
    first = cache.card(knowledge, "liverpool-real-madrid-2021")
    assert cache.card(knowledge, "liverpool-real-madrid-2021") is first
    assert cache.card(load_knowledge(root), "liverpool-real-madrid-2021") is first  # same files, same stamp
    assert cache.drawn == 1
    cache.card(knowledge, "liverpool-atletico-2020")
    assert cache.drawn == 2
    # A curator changes a club's colour: the reloaded snapshot has a new stamp, and a new card.
    path = root / "entities.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("'#C8102E', '#FFFFFF'", "'#00A398', '#FFFFFF'", 1),
                    encoding="utf-8")
    changed = load_knowledge(root)
    assert changed.stamp != knowledge.stamp
    redrawn = cache.card(changed, "liverpool-real-madrid-2021")
    assert redrawn is not first and cache.drawn == 3
    assert _image(redrawn).getpixel((10, 4)) == (0x00, 0xA3, 0x98)
    with pytest.raises(KeyError):
        cache.card(changed, "no-such-tie")
    assert cache.card(changed, "liverpool-real-madrid-2021", "xx") is redrawn  # no such language file: the default


def test_overview_answers_name_the_ties_whose_cards_go_with_them() -> None:
    engine = Engine(SHIPPED)
    one = engine.answer("give me a recap of the Liverpool v Real Madrid quarter-final")
    assert one.reason == "overview"
    assert card_ties(SHIPPED, one) == ("liverpool-real-madrid-2021",)
    every = engine.answer("what ties do you know about")
    assert every.reason == "overview-per-tie"
    told = [t.id for t in sorted(SHIPPED.ties.values(), key=lambda t: every.text.index(t.name + " ("))]
    assert card_ties(SHIPPED, every) == tuple(told)
    quote = engine.answer("any Klopp quote mentioning the dressing room?")
    assert quote.answered and card_ties(SHIPPED, quote) == ()

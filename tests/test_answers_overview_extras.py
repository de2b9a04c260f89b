"""A tie's story asked with chat extras around it: the overview, not a decline nor one narrow fact.

Fans wrap the ask in chat: how plainly to tell it ("eli5", "explain it like I'm five", "the short version"),
why they missed it ("... I was on holiday", "que estaba de vacaciones"), a correction in passing ("2021 I
mean"), or what went wrong for a side in a game. The words are the language files' (shorthand, idioms,
frame words, asides) and the overview cues' (intents.yaml); none is a topic. Every question is written for
this file; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "wanted"), [
    ("eli5 the madrid tie from 2023", "5-2"),
    ("explain the atletico tie like i'm five", "1-0"),
    ("can u eli5 the liverpool real madrid quarter-final", "3-1"),
    ("explícame como si tuviera cinco años la eliminatoria de 2023", "5-2"),
])
def test_told_plainly_is_the_ties_overview(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("fill me in on the atletico tie from 2020, i was away on holiday", "1-0"),
    ("recap of the 2021 real madrid qf pls i was on vacation", "3-1"),
    ("catch me up on liverpool v atleti ive been away", "1-0"),
    ("resúmeme el cruce de 2021 con el madrid que estuve de viaje", "3-1"),
])
def test_why_the_asker_missed_it_is_no_topic(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("what went wrong for liverpool in the 2023 first leg, quick version", "5-2"),
    ("the 2021 opening leg against madrid, what went wrong for the reds", "3-1"),
    ("¿qué le salió mal al Liverpool en la ida de 2023?", "5-2"),
])
def test_what_went_wrong_in_a_played_leg_is_its_story(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("what round was the real madrid tie in, the 2021 one i mean", "quarter-final"),
    ("which stage was liverpool v atletico, 2020 i mean", "last-16"),
])
def test_a_correction_in_passing_is_no_topic(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert wanted in answer.text


def test_a_short_version_of_someones_words_is_still_their_words(engine: Engine) -> None:
    answer = engine.answer("tl;dr version pls, ancelotti's words ahead of the return in 2023")
    assert answer.answered, answer.text
    assert "Ancelotti" in answer.text
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    ("atletico tie 2020: what round, and the score of the first leg?", ("1-0", "round of 16")),
    ("round and first-leg result of the 2023 madrid tie", ("5-2", "round of 16")),
    ("the 2021 tie, first-leg score + where the return leg is", ("3-1", "Anfield")),
    ("what round did liverpool meet atletico in, and where did the return leg get played", ("1-0", "Anfield")),
    ("ronda y resultado de la ida del cruce de 2023", ("5-2", "octavos")),
    ("¿en qué ronda fue el cruce con el atleti y dónde se jugó la vuelta?", ("1-0", "Anfield")),
])
def test_several_parts_of_a_ties_card_get_the_card(engine: Engine, question: str, wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.reason == "overview", (answer.reason, answer.text)
    for part in wanted:
        assert part in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("when and where is the return leg of the 2023 tie", "Bernabéu"),
    ("which round was the 2021 madrid tie", "quarter-final"),
])
def test_one_legs_parts_or_the_round_alone_are_facts(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


def test_a_round_naming_the_tie_asks_no_card(engine: Engine) -> None:
    answer = engine.answer("r16 2023, the return leg's stadium?")
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert "Bernabéu" in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("recap of the 2023 tie + what ancelotti said", ("5-2", "Ancelotti")),
    ("resumen del cruce de 2021 + lo que dijo klopp", ("3-1", "Klopp")),
])
def test_a_subject_added_with_a_plus_comes_after_the_legs(engine: Engine, question: str,
                                                          wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    first, subject = wanted
    assert first in answer.text and subject in answer.text
    assert answer.text.index(first) < answer.text.index(subject)


@pytest.mark.parametrize(("question", "wanted"), [
    ("how many times did liverpool face real madrid across these ties?", ("3-1", "5-2")),
    ("how many times did the reds play atletico in these ties", ("1-0",)),
    ("¿cuántas veces se enfrentaron el Liverpool y el Madrid en estas eliminatorias?", ("3-1", "5-2")),
])
def test_meetings_counted_within_the_ties_are_those_ties(engine: Engine, question: str,
                                                         wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    for part in wanted:
        assert part in answer.text


def test_meetings_counted_say_in_how_many_ties(engine: Engine) -> None:
    answer = engine.answer("how many times did liverpool and madrid face off in these ties")
    assert answer.text.startswith("Liverpool and Real Madrid met in 2 of the ties"), answer.text


def test_meetings_counted_without_the_ties_are_history(engine: Engine) -> None:
    answer = engine.answer("how many times had liverpool and madrid met before the 2023 tie")
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "wanted"), [
    ("ok how did the opening leg go in 2023? didn't catch it", "5-2"),
    ("quick recap of the atleti tie pls, been busy with exams", "1-0"),
    ("¿cómo fue la ida del cruce de 2023? no lo pillé", "5-2"),
])
def test_why_the_asker_missed_it_in_its_own_clause_is_no_topic(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("give me a rundown of the quarter-final in 2021 and what klopp said", ("3-1", "Klopp")),
    ("un repaso de la eliminatoria de 2021 y lo que dijo klopp", ("3-1", "Klopp")),
    ("context of the experts' picks for the atletico tie", ("1-0", "Lynch")),
])
def test_a_second_ask_joined_to_the_story_comes_after_the_legs(engine: Engine, question: str,
                                                               wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    first, subject = wanted
    assert first in answer.text and subject in answer.text, answer.text
    assert answer.text.index(first) < answer.text.index(subject)


@pytest.mark.parametrize(("question", "wanted"), [
    ("who got madrid's goals at anfield in 2023, and how did the first leg go overall", ("5-2", "Benzema")),
    ("why were the reds regarded as favourites back in 2020 and how did the first leg go", ("1-0", "holders")),
])
def test_a_legs_story_joined_to_another_ask_comes_first(engine: Engine, question: str,
                                                        wanted: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    first, other = wanted
    assert "Champions League" in answer.text.split("\n")[0], answer.text  # the tie's card heads the answer
    assert first in answer.text and other in answer.text, answer.text
    assert answer.text.index(first) < answer.text.index(other)


def test_seen_as_favourites_is_asked_as_favourites(engine: Engine) -> None:
    answer = engine.answer("were the reds seen as favourites for the knockouts in 2020")
    assert answer.answered, answer.text
    assert "favourites" in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("how was liverpool's form before the atleti second leg, we were awful tbh", "form"),
    ("fill me in on the 5-2 at anfield, so grim", "5-2"),
    ("resúmeme la ida de 2023, qué desastre", "5-2"),
])
def test_how_the_asker_feels_about_it_is_no_topic(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert wanted in answer.text


def test_explain_asks_about_its_subject_not_for_a_topic(engine: Engine) -> None:
    answer = engine.answer("explain the away goals in the atletico tie pls")
    assert answer.answered, answer.text
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert "Hayward" in answer.text  # the expert who weighed what an away goal would mean


@pytest.mark.parametrize(("question", "wanted"), [
    ("what would getting knocked out by madrid have meant for liverpool's season in 2021", "trophy"),
    ("¿qué habría significado para la temporada del liverpool caer ante el madrid en 2021?", "título"),
])
def test_what_losing_would_have_meant_is_what_was_at_stake(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert not answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    ("my mum keeps asking, what was the deal with the atletico tie", "1-0"),
    ("my mates want to know, quick recap of the 2023 r16?", "5-2"),
])
def test_who_else_wants_to_know_is_no_topic(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.reason.startswith("overview"), (answer.reason, answer.text)
    assert wanted in answer.text

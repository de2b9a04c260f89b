"""Facts the articles state are found however fans word the question (issue 11, classes 3-5).

Each test aims at one mechanism that finds a fact the articles hold: a scoreline naming the game a
tie's facts report with it, fans' shorthand and synonyms, the record cues. Every question is written
for this file (none comes from an evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


# --- a scoreline names the games the facts report with it ----------------------------------------
@pytest.mark.parametrize(("question", "fact"), [
    ("the 3-1 madrid won in la liga that saturday, against which club?", "real-madrid-2023-espanyol-score"),
    ("liverpool's 1-0 league defeat at the weekend, who beat them?", "liverpool-2023-bournemouth-score"),
])
def test_a_scoreline_names_another_game_a_ties_facts_report(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


def test_a_scoreline_with_a_leg_named_is_that_legs(engine: Engine) -> None:
    answer = engine.answer("the 3-1 first leg, who won it?")
    assert answer.answered and answer.facts[0] == "real-madrid-2021-first-leg-score", (answer.facts, answer.text)


# --- record cues --------------------------------------------------------------------------------------
def test_the_only_occasion_asks_a_record_not_a_leg_score(engine: Engine) -> None:
    answer = engine.answer("on the only occasion real madrid were eliminated after a first-leg away win, who did it?")
    assert answer.answered and "Ajax" in answer.text, (answer.reason, answer.text)


# --- fans' shorthand and synonyms -------------------------------------------------------------------
@pytest.mark.parametrize("question", [
    "favs for the ucl ko phase in 2020, lfc or not",
    "liverpool the faves when the ko games began in 2020?",
    "were atleti or lfc more fancied in 2020",
])
def test_fans_words_for_favourites_and_knockouts_find_the_favourites_fact(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == "atletico-2020-liverpool-favourites", (answer.reason, answer.text)


def test_a_contraction_typed_without_its_apostrophe_is_not_a_typo(engine: Engine) -> None:
    reader = engine._snapshot.view("en").reader
    assert "win" not in reader.read("lynch says atleti wont have their crowd", None).stems


@pytest.mark.parametrize(("question", "fact"), [
    ("what domestic honour did liverpool hold in 2021?", "liverpool-2021-premier-league-champions"),
    ("apart from the reds, name the sides who overturned deficits of 3+ goals in the ucl",
     "record-three-goal-deficit-comebacks"),
    ("honestly, which club was ahead at the end of the 2023 first leg?", "real-madrid-2023-first-leg-comeback"),
    ("in the 2021 qf who were ahead once the first leg was over", "real-madrid-2021-first-leg-score"),
    ("the 2021 return leg was scheduled for when?", "real-madrid-2021-second-leg-date"),
])
def test_fans_words_for_the_league_besides_ahead_and_scheduled(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


# --- history of the year asked, opponents of a club in no tie -------------------------------------------
def test_a_history_year_asked_beside_a_ties_year_reaches_that_years_history(engine: Engine) -> None:
    """"In 2021" keeps to that tie's facts unless the history is named: the year 2019 names it too."""
    answer = engine.answer("per the 2021 article, how many european cups did liverpool have after 2019?")
    assert answer.answered and answer.facts[0] == "liverpool-2019-sixth-european-title", (answer.facts, answer.text)


def test_the_opponent_of_a_club_in_no_tie_is_not_a_ties_club(engine: Engine) -> None:
    question = "against which opponent did man utd achieve a two-goal turnaround?"
    q = engine._snapshot.view("en").reader.read(question, None)
    assert q.opponents == () and "atletico-madrid" not in q.entities
    answer = engine.answer(question)
    assert answer.answered and "Paris Saint-Germain" in answer.text, (answer.reason, answer.text)


# --- asked of every tie, or of every article --------------------------------------------------------------
def test_the_words_asking_of_every_article_are_no_topic(engine: Engine) -> None:
    reader = engine._snapshot.view("en").reader
    q = reader.read("what comeback gets recalled in every one of the three articles", None)
    assert q.compares and not {"three", "articl", "ever"} & q.stems.keys(), q.stems


def test_two_rounds_no_tie_is_both_name_either(engine: Engine) -> None:
    answer = engine.answer("which of the ties was a round of 16 rather than a quarter-final?")
    assert answer.reason == "answered-per-tie" and answer.text.count("\n•") == 3, answer.text


def test_history_an_article_tells_is_its_ties_line(engine: Engine) -> None:
    """Ajax's 2019 win over Madrid is a fact of no tie, told by the 2023 preview: the 2023 line tells it."""
    answer = engine.answer("which article brings up ajax?")
    assert answer.reason == "answered-per-tie" and "real-madrid-2023-ajax-2019" in answer.facts, answer.text


# --- relative time when no one tie is meant ---------------------------------------------------------------
@pytest.mark.parametrize(("question", "fact"), [
    ("who did madrid come from behind against in the semis last season?", "real-madrid-last-season-comebacks"),
    ("what did madrid win last season?", "real-madrid-2023-14th-european-title"),
    # The quarter-final names the 2021 tie, but the season before it tells nothing of Madrid: last season's.
    ("madrid's quarter-final comeback last season was against whom?", "real-madrid-last-season-comebacks"),
])
def test_last_season_of_a_club_in_two_ties_is_the_one_its_facts_tell(engine: Engine, question: str,
                                                                       fact: str) -> None:
    """Madrid are in the 2021 and 2023 ties; the facts tell of Madrid in 2022, not in 2020."""
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


# --- records about first legs, and the words around them ---------------------------------------------------
@pytest.mark.parametrize(("question", "fact"), [
    # The record is about first legs in general: naming one is no reason to prefer a tie's first leg.
    ("anyone ever turned round a 3 goal defeat in a first leg away from home?",
     "record-no-away-team-erased-three-goal-loss"),
    # "recall" is a word, not a typo of "Real" (Madrid).
    ("which 2019 comeback does the 2021 piece recall?", "liverpool-2019-barcelona-comeback"),
    ("which league were liverpool leading by a distance in 2020?", "atletico-2020-liverpool-favourites"),
    # "Trying to" says nothing of the topic; defending a title is a title defence.
    ("in 2023 were madrid trying to defend the champions league?", "real-madrid-2023-title-defence"),
    # An ordinal in digits is the word the facts write, and the other way round.
    ("the 6th time liverpool won it, when was that", "liverpool-2019-sixth-european-title"),
    # A "piece" is the article, the preview: the words the facts about it use.
    ("in the 2023 piece, which club took last season's final?", "real-madrid-2023-14th-european-title"),
])
def test_records_recalled_history_and_runaway_leaders_are_found(engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0] == fact, (answer.reason, answer.facts, answer.text)


def test_history_the_named_ties_article_recalls_is_found(engine: Engine) -> None:
    """"As of the 2021 tie" keeps to that tie, whose article recalls Liverpool's sixth title (2019)."""
    answer = engine.answer("as of the 2021 tie how many european cups did lfc have?")
    assert answer.answered and answer.facts[0] == "liverpool-2019-sixth-european-title", (answer.facts, answer.text)
    # History another article recalls is still not this tie's: the 2016 Bayern tie is the 2020 preview's.
    assert "atletico-2016-bayern-away" not in engine.answer("who did atletico edge past in 2021?").facts


def test_a_club_naming_the_moment_is_not_what_is_asked_about(engine: Engine) -> None:
    """"Before the Liverpool return leg" dates the question; Madrid's league game need not name Liverpool."""
    reader = engine._snapshot.view("en").reader
    q = reader.read("before the liverpool return leg, madrid won 3-1 against whom?", None)
    assert q.entities == ["real-madrid"] and "liverpool" not in q.teams and q.leg is None
    assert q.ties == frozenset({"liverpool-real-madrid-2021", "real-madrid-liverpool-2023"})
    # Named elsewhere too, it stays.
    assert "liverpool" in reader.read("how did liverpool do before the liverpool return leg", None).entities


def test_an_ordinal_in_words_meets_the_digits_a_fact_writes(engine: Engine) -> None:
    answer = engine.answer("madrid's fourteenth european crown came against which club?")
    assert answer.answered and "14th" in answer.text and "Liverpool" in answer.text, answer.text

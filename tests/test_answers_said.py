"""What someone said: the quote of theirs asked about, cut to the part asked, or whole when nothing is.

A long quote is cut to the sentences sharing the question's topic words; a question asking for
someone's words and nothing in particular gets the quote from its opening, as much as a quote may
hold, so its point is not cut off. Every question here is written for this file (none comes from an
evaluation set).
"""

from __future__ import annotations

import pytest

from bot.core.answering.composing import LONG_QUOTE, _opening
from bot.core.answering.engine import Engine


@pytest.mark.parametrize(("question", "needles"), [
    ("Ancelotti's comments to the press on the Tuesday?", ("simple", "from the first minute", "maximum intensity")),
    ("any words from klopp before the 2021 return leg", ("greatest talent", "perfect performance")),
    ("cita de Ancelotti en 2023", ("first minute", "primer minuto")),  # translated, kept in step
])
def test_someones_words_asked_with_nothing_in_particular_are_given_whole(engine: Engine, question: str,
                                                                         needles: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.intent == "quote" and answer.reason == "answered", (answer.reason, answer.text)
    assert all(n in answer.text for n in needles), answer.text
    assert answer.full_text is None  # nothing was cut


def test_of_someones_statements_tied_the_articles_first_quote_comes_first(engine: Engine) -> None:
    answer = engine.answer("what did Klopp say in 2021")
    assert answer.facts[0] == "klopp-2021-quote-greatest-talent", answer.facts  # not the one first by id


def test_a_quote_asked_about_in_particular_is_still_cut_to_that_part(engine: Engine) -> None:
    answer = engine.answer("the one word klopp uses for anfield's special nights")
    assert "'together'" in answer.text and "…" in answer.text and "memories that last" not in answer.text
    assert answer.full_text is not None and "memories that last" in answer.full_text


def test_a_verb_for_describing_someone_asks_what_they_said_not_a_typo(engine: Engine) -> None:
    answer = engine.answer("how did klopp characterise the talent at real madrid in 2021")
    assert answer.intent == "quote" and "greatest talent" in answer.text, (answer.reason, answer.text)


def test_the_opening_kept_is_as_many_sentences_as_a_quote_may_hold() -> None:
    short, long_ = "a" * (LONG_QUOTE // 2), "b" * LONG_QUOTE
    assert _opening([short, short[: LONG_QUOTE // 2 - 10], long_]) == 2
    assert _opening([long_, short]) == 1  # at least one sentence, however long


def test_two_different_things_one_person_said_are_two_answers(engine: Engine) -> None:
    # The words around each quote (who said it, when) are alike: the quoted words tell them apart.
    answer = engine.answer("what did trent say before the bernabeu game in 2023")
    assert answer.facts == ["alexander-arnold-2023-quote-something-special",  # the article's first
                            "alexander-arnold-2023-quote-kitchen-sink"], answer.facts


def test_a_quote_whose_own_words_name_the_club_asked_about_comes_first(engine: Engine) -> None:
    answer = engine.answer("klopp's verdict on the madrid players in 2021")
    assert answer.facts[0] == "klopp-2021-quote-greatest-talent", answer.facts

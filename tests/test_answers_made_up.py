"""Requests to make something up (a joke, a poem, a meme, a song, a roast) are declined with their own reply.

A fact about the fans or a ground shares words with "a joke about their fans" or "a poem about the
ground" and would otherwise answer with a confident, unrelated quote. Someone's words told as a joke
("which manager joked that ...") are still a quote question. Every question is written for this file;
the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


@pytest.mark.parametrize("question", [
    "give us a funny joke about the atleti supporters",
    "know any good jokes about the reds?",
    "write me a short poem about the metropolitano",
    "make a meme of simeone pls",
    "roast the madrid fans lol",
    "sing me a song about anfield",
    "escríbeme un poema sobre el Bernabéu",
    "¿sabes algún chiste del Liverpool?",
])
def test_a_request_to_make_something_up_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert answer.reason == "asked-detail:made-up-content", (answer.reason, answer.text)


def test_the_reply_says_what_the_bot_does_not_do(engine: Engine) -> None:
    answer = engine.answer("tell us a joke about the liverpool crowd")
    assert "jokes" in answer.text
    assert "Klopp" not in answer.text


@pytest.mark.parametrize(("question", "wanted"), [
    # The fans and the crowd are the games' talk without a request to make something up.
    ("what did klopp say about playing without the fans in 2021", "Klopp"),
    ("which madrid players got on the scoresheet in the 5-2 at anfield", "Benzema"),
])
def test_look_alikes_about_the_games_stay_answered(engine: Engine, question: str, wanted: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, (answer.reason, answer.text)
    assert wanted in answer.text

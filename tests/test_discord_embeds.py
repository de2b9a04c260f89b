"""Rendering answers into embeds within Discord's limits (pure: no server needed)."""

from __future__ import annotations

from pathlib import Path

import discord

from bot.app.embeds import answer_embed, clip, decline_embed, fact_embed, fit, help_embed, quotes_embed, tie_embed
from bot.app.texts import texts_for
from bot.core.answering.answer import Answer, Source
from bot.core.knowledge.lookup import quoted_people
from bot.core.knowledge.store import load_knowledge
from bot.settings import PROJECT_ROOT

KNOWLEDGE = load_knowledge(Path(PROJECT_ROOT / "knowledge"))
ENGLISH = texts_for(KNOWLEDGE, "en")


def test_clip_cuts_at_a_word_with_an_ellipsis() -> None:
    assert clip("short", 10) == "short"
    clipped = clip("the magic in our dressing room and the character", 20)
    assert len(clipped) <= 20 and clipped.endswith("…")
    assert clipped == "the magic in our…"


def test_long_answers_fit_every_limit() -> None:
    source = Source(article="a", title="T" * 3000, date=None)
    answer = Answer(answered=True, text="word " * 3000, confidence=1.0, quotes=["q " * 800] * 30,
                    sources=[source])
    embed = answer_embed(answer, ENGLISH, question="Q" * 400)
    assert len(embed.title or "") <= 256
    assert len(embed.description or "") <= 4096 and (embed.description or "").endswith("…")
    assert len(embed.fields) <= 25 and all(len(f.value or "") <= 1024 for f in embed.fields)
    assert len(embed.footer.text or "") <= 2048
    assert len(embed) <= 6000


def test_footer_names_the_article_and_says_when_the_date_is_unknown() -> None:
    source = Source(article="a", title="Preview", date="2023-03-14")
    dated = Answer(answered=True, text="x", confidence=1.0, sources=[source])
    undated = Answer(answered=True, text="x", confidence=1.0, sources=[Source(article="a", title="Preview")])
    assert answer_embed(dated, ENGLISH).footer.text == "Source: Preview (14 March 2023)"
    assert answer_embed(undated, ENGLISH).footer.text == "Source: Preview (date not stated)"
    spanish = texts_for(KNOWLEDGE, "es")
    assert answer_embed(dated, spanish).footer.text == "Fuente: Preview (14 de marzo de 2023)"
    assert answer_embed(undated, spanish).footer.text == "Fuente: Preview (fecha sin indicar)"


def test_a_quote_not_in_the_answer_gets_its_own_field() -> None:
    answer = Answer(answered=True, text="Klopp praised them.", confidence=1.0, quotes=["We have the entire package"])
    assert [f.value for f in answer_embed(answer, ENGLISH).fields] == ["“We have the entire package”"]
    inside = Answer(answered=True, text='He said: "We have the entire package".', confidence=1.0,
                    quotes=["We have the entire package"])
    assert answer_embed(inside, ENGLISH).fields == []


def test_every_card_of_the_real_knowledge_fits() -> None:
    embeds = [fact_embed(KNOWLEDGE, f) for f in KNOWLEDGE.facts]
    for code in KNOWLEDGE.languages:  # Spanish answers are longer: they fit too
        texts = texts_for(KNOWLEDGE, code)
        embeds += [help_embed(KNOWLEDGE, texts, ["facts reload", "facts status"]),
                   decline_embed(Answer(answered=False, text="No.", confidence=0.0), texts)]
        embeds += [tie_embed(KNOWLEDGE, t, texts) for t in KNOWLEDGE.ties]
        embeds += [quotes_embed(KNOWLEDGE, p, texts) for p in quoted_people(KNOWLEDGE)]
    for embed in embeds:
        assert 0 < len(embed) <= 6000
        assert embed == fit(embed)
        assert all(isinstance(f.value, str) and f.value for f in embed.fields)
    assert isinstance(embeds[0], discord.Embed)

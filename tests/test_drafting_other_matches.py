"""The drafter keeps a result of another match out of the tie the article previews.

A scoreline the article gives for another season ("last season", "in 2019") or another opponent
("beat Barcelona 4-0" in a preview of Liverpool v Atlético) is drafted as history, with its year
when the article gives one, never as the tie's first leg. The articles are written here, with
the shipped entities and ties; every drafted answer must also pass the grounding check.
"""

from __future__ import annotations

import datetime as dt

import pytest

from bot.core.curation.grounding import Grounding
from bot.core.drafting import Document, Draft, draft_facts, find_drafts, resolve_tie
from bot.core.knowledge.article_text import parse_article
from bot.core.knowledge.models import Article, Fact
from bot.core.knowledge.store import Knowledge, load_knowledge
from tests.helpers import KNOWLEDGE

PREVIEW_2020 = """date: 2020-03-09
Liverpool need one more European night

Liverpool host Atlético Madrid at Anfield on Wednesday trailing 1-0 from the first leg in Madrid.

{sentence}

Jurgen Klopp has asked the crowd to be loud from the first whistle.
"""
STORY = "Liverpool beat Barcelona 4-0 at Anfield last season after losing 3-0 in the first leg."


@pytest.fixture(scope="module")
def knowledge() -> Knowledge:
    return load_knowledge(KNOWLEDGE)


def drafted(knowledge: Knowledge, text: str) -> tuple[list[Draft], Document, dt.date | None]:
    parsed = parse_article(text)
    doc = Document(parsed.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    return find_drafts(doc, parsed.date, resolve_tie(doc, parsed.date)), doc, parsed.date


def scored(drafts: list[Draft], score: str) -> Draft:
    found = [d for d in drafts if d.score == score]
    assert len(found) == 1, (score, found)
    return found[0]


def test_the_story_last_seasons_comeback_is_history_not_the_first_leg(knowledge: Knowledge) -> None:
    drafts, _, _ = drafted(knowledge, PREVIEW_2020.format(sentence=STORY))
    for score in ("4-0", "3-0"):
        draft = scored(drafts, score)
        assert (draft.kind, draft.intent, draft.role, draft.tie_bound, draft.leg) == (
            "history", "history", "historical", False, None)
        assert draft.year == 2019  # the season before the tie's (2019-20): its knockout games were in 2019
        assert draft.answer.startswith("Last season, Liverpool") and "Barcelona" in draft.answer
        assert "Atlético" not in draft.answer and "atletico-madrid" not in draft.entities
    assert scored(drafts, "4-0").answer == "Last season, Liverpool beat Barcelona 4-0."
    assert scored(drafts, "3-0").answer == "Last season, Liverpool lost the first leg 3-0 to Barcelona."
    tie_leg = scored(drafts, "1-0")  # the tie's own first leg, in Madrid (a city, not Real Madrid), stays the tie's
    assert (tie_leg.kind, tie_leg.leg, tie_leg.tie_bound) == ("score", "first", True)
    assert "Real Madrid" not in tie_leg.answer


@pytest.mark.parametrize(("sentence", "year", "opening"), [
    ("Liverpool beat Barcelona 4-0 at Anfield in 2019 after losing 3-0 in the first leg.", 2019, "In 2019, "),
    ("Liverpool beat Barcelona 4-0 at Anfield after losing 3-0 in the first leg.", None, ""),
    ("Last year Liverpool beat Barcelona 4-0 at Anfield after losing 3-0 in the first leg.", 2019, "Last year, "),
    ("In the previous season Liverpool lost 3-0 in the first leg, then beat Barcelona 4-0.", 2019,
     "In the previous season, "),
], ids=["a-year", "another-opponent", "last-year", "previous-season"])
def test_variations_of_another_match_are_history_with_their_year(knowledge: Knowledge, sentence: str,
                                                                 year: int | None, opening: str) -> None:
    drafts, _, _ = drafted(knowledge, PREVIEW_2020.format(sentence=sentence))
    for score in ("4-0", "3-0"):
        draft = scored(drafts, score)
        assert (draft.kind, draft.tie_bound, draft.leg, draft.year) == ("history", False, None, year), draft
        assert "Atlético" not in draft.answer
        assert draft.answer.startswith(opening) or draft.answer == " ".join(draft.evidence.split())


def test_the_year_of_a_back_reference_is_in_the_evidence(knowledge: Knowledge) -> None:
    """ "It had lost 3-0 ..." takes its year from the sentence before; the evidence holds that sentence too."""
    text = PREVIEW_2020.format(sentence="Liverpool's greatest European night came in the 2019 semi-final.\n\n"
                                        "It had lost 3-0 in Spain before a 4-0 win at Anfield.")
    drafts, _, _ = drafted(knowledge, text)
    for score in ("3-0", "4-0"):
        draft = scored(drafts, score)
        assert (draft.kind, draft.year) == ("history", 2019)
        assert draft.evidence.startswith("Liverpool's greatest European night came in the 2019 semi-final.")


def test_a_domestic_result_in_the_same_sentence_leaves_the_ties_score_alone(knowledge: Knowledge) -> None:
    sentence = "Liverpool, who beat Bournemouth 2-1 on Saturday, still trail Atlético 1-0 from the first leg."
    drafts, _, _ = drafted(knowledge, PREVIEW_2020.format(sentence=sentence).replace(
        "trailing 1-0 from the first leg in Madrid", "for the second leg"))
    assert scored(drafts, "2-1").intent == "form"
    tie_leg = scored(drafts, "1-0")
    assert (tie_leg.kind, tie_leg.leg, tie_leg.role) == ("score", "first", "deficit")


@pytest.mark.parametrize("sentence", [
    STORY,
    "Liverpool beat Barcelona 4-0 at Anfield in 2019 after losing 3-0 in the first leg.",
    "Liverpool's greatest European night came in the 2019 semi-final.\n\nIt had lost 3-0 in Spain before a 4-0 "
    "win at Anfield.",
])
def test_every_drafted_answer_states_only_what_its_evidence_and_tie_give(knowledge: Knowledge,
                                                                        sentence: str) -> None:
    text = PREVIEW_2020.format(sentence=sentence)
    _, doc, date = drafted(knowledge, text)
    article = Article(id="made-up-preview", title="Made up", date=date, text=doc.text)
    tie = resolve_tie(doc, date)
    grounding = Grounding(knowledge.entities, knowledge.language.number_words, knowledge.ties,
                          {**knowledge.articles, article.id: article})
    facts = draft_facts(doc, article.id, date, tie, knowledge)
    assert facts
    for raw in facts:
        assert grounding.unsupported(Fact.model_validate({**raw, "status": "approved"})) == [], raw

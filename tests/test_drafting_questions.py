"""Every draft gets three to five questions a fan might ask that it answers (its `asked_as`).

The wording is language data (knowledge/language/en.yaml `draft_questions`); the drafter fills it
from the draft: who speaks, about what, which clubs, leg, year, scoreline, stadium, record or day.
The article is written here; the drafts go through the real import, so they must validate.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from bot.core.curation.curator import Curator
from bot.core.drafting import Document, draft_facts
from bot.core.knowledge.article_text import parse_article
from bot.core.knowledge.store import KnowledgeError, load_knowledge
from bot.core.text import normalize
from tests.helpers import KNOWLEDGE, ROOT, copy_knowledge
from tests.test_eval_hygiene import leaks

ARTICLE = """date: 2020-03-09
Klopp asks Anfield for one more night

Liverpool host Atlético Madrid at Anfield on Wednesday, trailing 1-0 from the first leg in Madrid.

Liverpool beat Barcelona 4-0 at Anfield last season after losing 3-0 in the first leg.

Atlético have won six of their last seven away games in Europe, conceding only twice.

"The supporters carried us against Barcelona and they can carry us again," Jurgen Klopp said.

Sam Porter (Football writer)

Liverpool will be patient and the crowd will do the rest.

Score prediction: Liverpool 2-0 Atlético (Liverpool win 2-1 on aggregate)
"""
KINDS = ("quote", "score", "prediction", "history", "record", "date", "venue")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def subjects(fact: dict[str, Any], knowledge_root: Path) -> set[str]:
    """Words naming what a draft is about, one of which each of its questions must hold (folded)."""
    knowledge = load_knowledge(knowledge_root)
    kind = fact["id"].rsplit("-", 2)[-2]
    if kind == "quote":  # who said it
        speaker = knowledge.entities[fact["speaker"]]
        return {normalize(speaker.name.split()[-1])}
    names = {normalize(knowledge.entities[e].name) for e in fact["entities"]
             if knowledge.entities[e].kind in ("team", "venue")}
    scores = set(re.findall(r"\d{1,2}-\d{1,2}", fact["answer"]))
    return names | scores | {normalize(w) for w in fact["keywords"][4:5]} | (
        {"six of their last seven"} if kind == "record" else set())


def test_every_kind_of_draft_gets_three_to_five_distinct_questions_about_its_subject(root: Path) -> None:
    imported = Curator(root).import_article(ARTICLE, actor="mod", article_id="anfield-night")
    assert not imported.dropped  # every draft validates with its questions (the model's limits)
    facts = {d.id: d for d in imported.drafts}
    kinds = {fact_id.rsplit("-", 2)[-2] for fact_id in facts}
    assert kinds == set(KINDS)
    raw = {f.id: f.model_dump() for f in facts.values()}
    for fact_id, fact in raw.items():
        questions = fact["asked_as"]
        assert 3 <= len(questions) <= 5, (fact_id, questions)
        assert len({normalize(q) for q in questions}) == len(questions), (fact_id, questions)
        wanted = subjects(fact, root)
        for question in questions:
            assert 3 <= len(question) <= 300
            assert any(w in normalize(question) for w in wanted), (fact_id, question, wanted)


def test_the_questions_come_from_the_draft_speaker_clubs_leg_and_year(root: Path) -> None:
    knowledge = load_knowledge(root)
    parsed = parse_article(ARTICLE)
    doc = Document(parsed.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    tie = knowledge.ties["liverpool-atletico-2020"]
    facts = {f["id"].removeprefix("x-"): f for f in draft_facts(doc, "x", parsed.date, tie, knowledge)}
    quote = " | ".join(facts["quote-1"]["asked_as"])
    assert "Klopp" in quote and "Atlético Madrid" in quote and "second leg" in quote  # his club's opponent, the leg
    score = " | ".join(facts["score-1"]["asked_as"])
    assert "first leg" in score and "2020" in score and "Atlético Madrid" in score
    history = " | ".join(facts["history-1"]["asked_as"])
    assert "Barcelona" in history and "2019" in history and "Atlético" not in history
    assert "Sam Porter" in " | ".join(facts["prediction-1"]["asked_as"])
    assert "Anfield" in " | ".join(facts["venue-1"]["asked_as"])


def test_the_wording_is_the_language_files_and_a_bad_slot_is_named(root: Path) -> None:
    language = root / "language" / "en.yaml"
    text = language.read_text(encoding="utf-8")
    start = text.index("  quote:\n", text.index("\ndraft_questions:"))
    end = text.index("  score:\n", start)
    mine = ["  quote:\n", "    - \"{speaker} quote one\"\n", "    - \"{speaker} quote two\"\n",
            "    - \"{speaker} quote three\"\n"]
    language.write_text(text[:start] + "".join(mine) + text[end:], encoding="utf-8")
    imported = Curator(root).import_article(ARTICLE, actor="mod", article_id="anfield-night")
    quote = next(d for d in imported.drafts if d.intent == "quote")
    assert quote.asked_as == ["Klopp quote one", "Klopp quote two", "Klopp quote three"]

    language.write_text(text[:start] + mine[0] + "    - what did {speaker} say to {crowd}\n" + "".join(mine[1:])
                        + text[end:], encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        load_knowledge(root)
    assert any(str(i).startswith("language/en.yaml · draft_questions · quote.0: 'what did {speaker} say to {crowd}' "
                                 "names crowd") for i in info.value.issues)


def test_no_drafted_question_copies_a_development_question(tmp_path: Path) -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    drafted = []
    for article in [*knowledge.articles.values(), None]:
        text = ARTICLE if article is None else (f"date: {article.date}\n" if article.date else "") + article.text
        parsed = parse_article(text)
        doc = Document(parsed.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
        tie = knowledge.ties.get(article.tie) if article is not None and article.tie else None
        drafted += [q for f in draft_facts(doc, "x", parsed.date, tie, knowledge) for q in f.get("asked_as", [])]
    assert len(drafted) > 50
    written = tmp_path / "drafted-questions.txt"
    written.write_text("\n".join(drafted), encoding="utf-8")
    sets = [(path, path.name) for path in sorted((ROOT / "tests" / "eval").glob("dev-*.jsonl"))]
    assert sets
    assert [str(leak) for leak in leaks(sets, [written], root=tmp_path)] == []

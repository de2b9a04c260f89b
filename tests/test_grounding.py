"""An answer states only what its evidence, its quote or its tie's data gives (bot.core.curation.grounding).

Through the real parts: a private copy of the shipped knowledge, the real Curator (every change
goes through its one validation before anything is written) and `check_knowledge`. The articles
are written here for these tests; nothing is taken from an evaluation set.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.core.curation.curator import ChangeRejected, Curator
from bot.core.curation.grounding import ungrounded_answers
from bot.core.curation.lint import check_knowledge
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE, copy_knowledge

TIE_2020 = "liverpool-atletico-2020"
TIE_2023 = "real-madrid-liverpool-2023"
ARTICLE_2020 = "2020-liverpool-atletico-preview"
ARTICLE_2023 = "2023-real-madrid-liverpool-preview"
FILE_2020 = "facts/2020-liverpool-atletico.yaml"
FILE_2023 = "facts/2023-real-madrid-liverpool.yaml"
FIRST_LEG_2020 = ("Diego Simeone oversaw a 1-0 victory for Atletico in the first leg of their last-16 tie in "
                  "Madrid, leaving Liverpool with it all to do on Merseyside.")
GIVES = "which neither the evidence nor the tie's data gives"

STORY = """date: 2020-03-09
Anfield asked for another miracle

Liverpool welcome Atlético Madrid to Anfield on Wednesday, a goal down from the first leg.

Liverpool beat Barcelona 4-0 at Anfield last season after losing 3-0 in the first leg.
"""
"""The new user's article: a result of another season, told in a preview of the 2020 tie."""
CONTRADICTION = "Liverpool won the first leg 4-0 against Atlético Madrid."
"""What the drafter used to make of the story's 4-0: the tie's first leg, against the tie's opponent."""


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return copy_knowledge(tmp_path)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every knowledge file's bytes (not the lock file, which a change attempt may create)."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and not p.name.startswith(".")}


def fact(fact_id: str, answer: str, evidence: str, *, tie: str | None = TIE_2020, article: str = ARTICLE_2020,
         **more: Any) -> dict[str, Any]:
    return {"id": fact_id, "tie": tie, "intent": more.pop("intent", "context"),
            "entities": more.pop("entities", ["liverpool"]), "answer": answer, **more,
            "source": {"article": article, "evidence": evidence}}


def refused(root: Path, new: dict[str, Any]) -> str:
    """The message a curator gets when adding `new`, after checking nothing was written."""
    before = snapshot(root)
    with pytest.raises(ChangeRejected) as info:
        Curator(root).add(new, actor="mod")
    assert snapshot(root) == before
    return str(info.value)


# --- the import story, end to end ------------------------------------------------------------------
def test_the_story_a_result_of_last_season_is_drafted_as_history_and_its_contradiction_refused(root: Path) -> None:
    curator = Curator(root)
    imported = curator.import_article(STORY, actor="new-user")
    assert imported.tie == TIE_2020
    drafts = {d.id: d for d in imported.drafts}
    holding = {score: [d for d in drafts.values() if score in d.answer] for score in ("4-0", "3-0")}
    for score, found in holding.items():
        assert found, f"the {score} was not drafted"
        for draft in found:  # never the tie's first leg: history of another season, with its year
            assert (draft.tie, draft.leg, draft.year, draft.intent) == (None, None, 2019, "history"), draft
            assert "Barcelona" in draft.answer and "Atlético" not in draft.answer
    history = holding["4-0"][0]
    spanish = {"es": "La temporada pasada, el Liverpool le ganó 4-0 al Barcelona."}
    assert curator.approve(history.id, actor="mod", translations=spanish).after is not None  # grounded: approved

    # The answer the drafter used to write for the same sentence: moderators may edit a draft to
    # anything, but approving it is refused, naming file · id · answer, and nothing is written.
    wrong = holding["3-0"][0]
    curator.edit(wrong.id, {"tie": TIE_2020, "leg": "first", "year": None, "answer": CONTRADICTION}, actor="mod")
    before = snapshot(root)
    with pytest.raises(ChangeRejected) as info:
        curator.approve(wrong.id, actor="mod", translations={"es": "El Liverpool ganó la ida 4-0 al Atlético."})
    assert snapshot(root) == before
    line = (f"{imported.facts_file} · {wrong.id} · answer: answer states 4-0 with Atlético Madrid, {GIVES} "
            "(the evidence gives 4-0 with Barcelona)")
    assert f"• {line}" in str(info.value).splitlines()

    # Approved by hand instead, `knowledge check` fails with the very same line.
    path = root / imported.facts_file
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    for raw in data["facts"]:
        if raw["id"] == wrong.id:
            raw["status"] = "approved"
            raw["translations"] = {"es": {"answer": "El Liverpool ganó la ida 4-0 al Atlético de Madrid."}}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    assert line in [str(issue) for issue in check_knowledge(root).issues]


# --- each kind of unsupported claim ----------------------------------------------------------------
@pytest.mark.parametrize(("answer", "evidence", "stated"), [
    ("Atlético Madrid won the first leg 2-0 in Madrid.", FIRST_LEG_2020, "2-0"),
    ("If Atlético score, Liverpool will need four goals.", "If Atletico score, Liverpool will need three",
     "four (4)"),
    ("Atlético beat Liverpool 1-0 in the first leg in 2018.", FIRST_LEG_2020, "2018"),
    ("Mohamed Salah said Atlético would be frustrated at Anfield.",
     "Atletico Madrid frustrated the Reds in the sides’ first-leg meeting", "Mohamed Salah"),
    ("Liverpool need a win, as they did against Bayern Munich.", "Liverpool need a win tonight", "Bayern Munich"),
], ids=["score", "number", "year", "person", "club"])
def test_an_answer_stating_what_its_sources_do_not_give_is_refused(root: Path, answer: str, evidence: str,
                                                                   stated: str) -> None:
    message = refused(root, fact("ungrounded-claim", answer, evidence))
    assert f"• {FILE_2020} · ungrounded-claim · answer: answer states {stated}, {GIVES}" in message.splitlines()


def test_every_change_goes_through_the_check_edit_and_approve_included(root: Path) -> None:
    curator = Curator(root)
    before = snapshot(root)
    with pytest.raises(ChangeRejected) as info:
        curator.edit("atletico-2020-first-leg-score", {"answer": "Atlético Madrid won the first leg 3-0."}, "mod")
    assert snapshot(root) == before
    assert f"{FILE_2020} · atletico-2020-first-leg-score · answer: answer states 3-0, {GIVES}" in str(info.value)

    curator.add(fact("draft-with-a-claim", "Atlético won 1-0 in 2016.", FIRST_LEG_2020, status="draft"), "mod")
    with pytest.raises(ChangeRejected, match="answer states 2016"):  # a draft may hold it; approving it may not
        curator.approve("draft-with-a-claim", actor="mod", translations={"es": "El Atlético ganó 1-0 en 2020."})


def test_history_without_a_tie_reads_its_articles_tie(root: Path) -> None:
    """A record or history fact with no tie is still told in its article's tie: its clubs and year count."""
    Curator(root).add(fact(
        "no-away-team-2023", "No away team has erased a three-goal loss, as Liverpool had to at Real Madrid "
        "in 2023.", "no away team has ever erased a three-goal loss from the first leg in the Champions League",
        tie=None, article=ARTICLE_2023, intent="record"), actor="mod")
    message = refused(root, fact("no-tie-wrong-club", "Chelsea once erased a three-goal loss.",
                                 "no away team has ever erased a three-goal loss from the first leg",
                                 tie=None, article=ARTICLE_2023, intent="record"))
    assert (f"{FILE_2023} · no-tie-wrong-club · answer: answer states Chelsea, which neither the evidence nor the "
            "tie's data gives") in message


# --- reasonable restatements pass ------------------------------------------------------------------
@pytest.mark.parametrize(("answer", "evidence", "tie", "article"), [
    ("Liverpool faced a three-goal deficit after the 5-2 first leg of the 2022-23 round of 16.",
     "to reverse a 5-2 loss from the first leg in the round of 16", TIE_2023, ARTICLE_2023),
    ("Real Madrid beat Liverpool in the final for their 14th European title, their fourteenth.",
     "for a record-extending 14th European title", TIE_2023, ARTICLE_2023),
    ("In 2023 the second leg was at the Santiago Bernabéu on Wednesday 15 March 2023 (2023-03-15); the "
     "article is dated Tuesday 14 March 2023.",
     "at the Santiago Bernabéu Stadium on Wednesday", TIE_2023, ARTICLE_2023),
    ("Atlético Madrid won the first leg 1-0 in Madrid, in the 2019-20 last 16.", FIRST_LEG_2020, TIE_2020,
     ARTICLE_2020),
    ("Ben Hayward said Liverpool would need three goals if Atlético scored, and Simeone's side might go through.",
     "Ben Hayward (Spanish football correspondent) Liverpool need a win tonight and I think they will get it, but "
     "Jurgen Klopp’s side have been off the boil since the first leg and 1-0 in Madrid was not a good result for "
     "the Reds. If Atletico score, Liverpool will need three and Diego Simeone’s side might just edge through",
     TIE_2020, ARTICLE_2020),
], ids=["margin-of-a-score", "ordinal-in-digits-and-words", "date-from-the-tie-and-the-article",
        "season-and-a-city-named-like-a-club", "names-in-a-longer-evidence"])
def test_reasonable_restatements_pass(root: Path, answer: str, evidence: str, tie: str, article: str) -> None:
    change = Curator(root).add(fact("restated", answer, evidence, tie=tie, article=article), actor="mod")
    assert change.knowledge.facts["restated"].answer == answer


def test_a_day_is_read_from_the_articles_date_and_the_weekday_it_names(root: Path) -> None:
    """An article of Monday 9 March 2020 saying "on Wednesday" gives Wednesday 11 March, whatever ties.yaml says."""
    curator = Curator(root)
    imported = curator.import_article(STORY, actor="mod", article_id="anfield-miracle")
    evidence = "Liverpool welcome Atlético Madrid to Anfield on Wednesday, a goal down from the first leg."
    curator.add(fact("on-wednesday", "Liverpool host Atlético Madrid on Wednesday 11 March.", evidence, tie=None,
                     article=imported.article_id), actor="mod")
    message = refused(root, fact("on-thursday", "Liverpool host Atlético Madrid on Thursday 12 March.", evidence,
                                 tie=None, article=imported.article_id))
    assert "answer states 12" in message


def test_the_shipped_knowledge_states_only_what_its_evidence_gives() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert [str(issue) for issue in ungrounded_answers(knowledge)] == []
    assert not [i for i in check_knowledge(KNOWLEDGE).issues if i.message.startswith("answer states")]

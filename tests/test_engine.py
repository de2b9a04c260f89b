"""The engine against the real knowledge: typos, intents, ambiguity, follow-ups and declines."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.answering.context import ContextStore
from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


@pytest.fixture(scope="module")
def knowledge():
    return load_knowledge(KNOWLEDGE)


@pytest.fixture
def engine(knowledge) -> Engine:
    return Engine(knowledge)


@pytest.mark.parametrize(
    ("question", "entity"),
    [("klop quotes", "jurgen-klopp"), ("atletcio result", "atletico-madrid"), ("benzma fit?", "karim-benzema"),
     ("vinicus goals", "vinicius-junior"), ("ancelloti message", "carlo-ancelotti"),
     ("Atleti first leg", "atletico-madrid"), ("Los Blancos record", "real-madrid"),
     ("TAA quote", "trent-alexander-arnold"),
     ("Militão scored?", "eder-militao"), ("Barça 2019", "barcelona")],
)
def test_entities_survive_typos_accents_and_aliases(engine: Engine, question: str, entity: str) -> None:
    q = engine._snapshot.reader.read(question, None)
    assert entity in q.entities


@pytest.mark.parametrize("question", ["how many people came", "is it true", "what a city", "any news on the weather"])
def test_common_words_are_not_mistaken_for_names(engine: Engine, question: str) -> None:
    q = engine._snapshot.reader.read(question, None)
    assert not {"karim-benzema", "ferland-mendy", "jurgen-klopp", "eder-militao"} & set(q.entities)


@pytest.mark.parametrize(
    ("question", "intent", "needle"),
    [
        ("what were Ancelotti's words ahead of the return leg", "quote", "maximum intensity"),
        ("what did ben hayward predict", "prediction", "away goals"),
        ("where is the 2023 second leg", "venue", "Bernabéu"),
        ("who is Ben Hayward", "person", "Spanish football correspondent"),
        ("bournemouth v liverpool, how did it finish", "score", "1-0"),
        ("is mendy available", "team-news", "Mendy"),
        ("how many european titles did madrid have in 2023", "record", "14th"),
        ("wat did ancelotti sai abot the secnd leg", "quote", "maximum intensity"),
    ],
)
def test_answers_come_from_the_right_fact(engine: Engine, question: str, intent: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert answer.intent == intent
    assert needle in (answer.full_text or answer.text)  # a long quote may be cut; the fact is the same
    assert answer.sources and answer.facts


def test_answer_names_its_source_and_date(engine: Engine) -> None:
    answer = engine.answer("How did the opening leg finish in 2023?")
    assert "5-2" in answer.text
    assert answer.sources[0].article == "2023-real-madrid-liverpool-preview"
    assert answer.sources[0].date == "2023-03-14"
    undated = engine.answer("Klopp quote on collective power")
    assert undated.sources[0].date is None


def test_ambiguous_question_answers_for_each_tie(engine: Engine) -> None:
    answer = engine.answer("Tell me the first-leg scoreline")
    assert answer.answered
    assert all(score in answer.text for score in ("1-0", "3-1", "5-2"))
    assert answer.tie is None and len(answer.facts) == 3


@pytest.mark.parametrize(
    "question",
    ["which country hosted the 2014 World Cup?", "What did Mikel Arteta say?", "sing me a song", "qwertyuiop zxcv",
     "final result of the anfield return leg vs atletico", "who went through in 2021, liverpool or real madrid?",
     "What did Simeone say?", "", "   ", "@everyone <@&123> hello"],
)
def test_uncovered_questions_are_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered
    assert answer.confidence == 0.0 and answer.text


def test_decline_offers_answerable_suggestions(engine: Engine) -> None:
    answer = engine.answer("final result of the anfield return leg vs atletico")
    assert not answer.answered
    assert 1 <= len(answer.suggestions) <= 3
    for suggestion in answer.suggestions:
        assert engine.answer(suggestion).answered, suggestion


def test_follow_ups_use_the_previous_turn(engine: Engine) -> None:
    assert "5-2" not in engine.answer("first leg result in 2021?", "c1").text
    assert "5-2" in engine.answer("what about 2023?", "c1").text
    engine.answer("Any quotes from Trent?", "c2")
    followed = engine.answer("and Carlo Ancelotti?", "c2")
    assert "maximum intensity" in (followed.full_text or followed.text)
    engine.answer("atletico first leg result", "c3")
    assert "Simeone" in engine.answer("who coaches them?", "c3").text
    engine.answer("Let's discuss the Real Madrid quarter-final of 2021", "c4")
    in_2021 = engine.answer("first-leg scoreline?", "c4")
    assert in_2021.tie == "liverpool-real-madrid-2021" and "3-1" in in_2021.text
    # conversations are separate
    assert "5-2" not in engine.answer("what about 2021?", "other").text


def test_context_expires(knowledge) -> None:
    now = [0.0]
    engine = Engine(knowledge, ContextStore(ttl_seconds=60, clock=lambda: now[0]))
    engine.answer("first leg result in 2021?", "c")
    now[0] = 61.0
    answer = engine.answer("what about 2023?", "c")
    # The score question is forgotten: a bare tie is its overview (or nothing), not its first-leg score.
    assert answer.reason in {"overview", "no-topic-match"}, answer.reason


def test_replace_swaps_the_whole_snapshot(knowledge) -> None:
    engine = Engine(knowledge)
    before = engine.knowledge
    engine.replace(load_knowledge(KNOWLEDGE))
    assert engine.knowledge is not before
    assert engine.answer("klopp dressing room").answered


@pytest.mark.parametrize(
    ("question", "reply"),
    [
        ("what time does the 2021 second leg kick off", "kick-off time"),
        ("what was salah's transfer fee", "prices"),
        ("who scored for atletico when liverpool went to madrid", "who scored"),
        ("goalscorers for liverpool in the 4-0 against barcelona", "who scored"),
        ("the 2021 anfield return leg against real, exact date?", "exact date"),
        ("who was the referee in madrid for the atletico game", "referee"),
        ("what channel is the bernabeu game on", "shown"),
        ("what age is simeone", "personal details"),
        ("who's going to win the european cup next year", "what comes next"),
    ],
)
def test_a_detail_no_fact_states_is_declined_with_its_own_reply(engine: Engine, question: str, reply: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text
    assert reply in answer.text
    assert answer.suggestions


@pytest.mark.parametrize(
    ("question", "needle"),
    [
        ("which madrid players got on the scoresheet at anfield", "Benzema"),
        ("2019 semi-final second leg result", "4-0"),
        ("on which date did atletico visit anfield", "2020-03-11"),
        ("should atletico get a goal, how many would the reds need", "three"),
        ("were fans allowed at anfield in 2021", "no fans"),
    ],
)
def test_a_detail_some_fact_states_is_answered_from_that_fact(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered, answer.text
    assert needle in answer.text


@pytest.mark.parametrize(
    ("question", "named", "other"),
    [("manchester united paris result 2019", "Manchester United", "Paris"),
     ("psg v real madrid scoreline last season", "Paris", "Real Madrid")],
)
def test_a_fact_naming_none_of_the_asked_clubs_is_not_an_answer(engine: Engine, question: str, named: str,
                                                               other: str) -> None:
    answer = engine.answer(question)
    if answer.answered:  # only by a fact telling that very game: one naming both clubs the question names
        assert named in answer.text and other in answer.text, answer.text
        return
    # Declined as about other clubs, or (a fact names them, but not that result) as nothing that answers,
    # or as no score given for that game (last season read as 2022, whose facts name both but give none).
    assert named in answer.text or answer.reason in {"no-topic-match", "weak-evidence", "asked-detail:scoreline"}, \
        answer.reason


def test_a_name_in_the_fact_text_counts_even_when_not_in_its_entity_list(engine: Engine) -> None:
    engine.answer("liverpool's game at bournemouth, result?", "c-names")
    answer = engine.answer("and salah, did he score?", "c-names")
    assert answer.answered and "penalty" in answer.text


def test_a_bare_leg_question_answers_for_each_tie(engine: Engine) -> None:
    answer = engine.answer("venue for the second leg?")
    assert answer.answered, answer.text
    assert "Anfield" in answer.text and "Bernabéu" in answer.text


def test_the_opponents_are_each_tie_s_other_club(engine: Engine) -> None:
    answer = engine.answer("who manages the opposition")
    assert answer.answered, answer.text
    assert "Simeone" in answer.text and "Ancelotti" in answer.text and "Klopp" not in answer.text
    engine.answer("the 2021 real madrid tie", "c-opp")
    titles = engine.answer("how many times had the opposition been european champions?", "c-opp")
    assert titles.tie == "liverpool-real-madrid-2021" and "13" in titles.text


def test_going_into_the_second_leg_is_a_moment_not_the_leg_asked_about(engine: Engine) -> None:
    q = engine._snapshot.reader.read("how far behind were liverpool going into the second leg in 2021", None)
    assert q.leg is None
    assert engine._snapshot.reader.read("who scored in the second leg", None).leg == "second"


@pytest.mark.parametrize("question", ["how big is the bernabeu", "who is the best player at atletico",
                                      "how many shots did real madrid have at anfield"])
def test_a_fact_sharing_no_topic_word_is_not_an_answer(engine: Engine, question: str) -> None:
    assert not engine.answer(question).answered


def test_a_fact_sharing_only_a_name_still_answers(engine: Engine) -> None:
    assert "defender" in engine.answer("what position is alexander-arnold").text


def test_a_club_s_manager_must_be_named_by_the_answer(engine: Engine) -> None:
    assert "Klopp" in engine.answer("liverpool's manager for the atleti tie").text
    assert "Ancelotti" in engine.answer("who is real madrid's coach in 2023").text
    answer = engine.answer("who coached real madrid in 2021")
    assert not answer.answered and "manager" in answer.text


def test_the_aggregate_of_an_unplayed_tie_is_declined_but_history_s_is_answered(engine: Engine) -> None:
    assert not engine.answer("how did the atletico tie finish on aggregate").answered
    assert "5-4" in engine.answer("aggregate score against borussia dortmund in 2016").text
    assert "Dortmund" in engine.answer("which team went out 5-4 on aggregate against liverpool").text
    assert "2-2" in engine.answer("hayward aggregate prediction").text


def test_scorers_must_play_for_the_club_asked_about(engine: Engine) -> None:
    assert not engine.answer("who scored for liverpool in the 5-2").answered
    assert "Benzema" in engine.answer("who scored against liverpool at anfield").text
    assert "Benzema" in engine.answer("who scored for madrid").text


def test_a_question_many_ties_answer_lists_the_best_six_and_says_how_many_more(tmp_path: Path) -> None:
    """In a store of many ties, "first-leg scoreline?" must stay readable, not list every tie."""
    from bench.synthetic import write_store

    store = write_store(tmp_path / "many", 300, KNOWLEDGE)
    engine = Engine(load_knowledge(store.root))
    answer = engine.answer("first-leg scoreline?")
    assert answer.answered and answer.text.startswith("That depends on the tie:")
    assert answer.text.count("\n• ") == 6 and len(answer.facts) == 6
    assert f"…and {store.ties - 6} more ties" in answer.text
    assert "(round of 16, 2023)" in answer.text, "among equal answers, the most recent ties are shown"


@pytest.mark.parametrize(
    ("question", "reply"),
    [("where does Klopp live", "personal details"), ("what language does Klopp speak", "languages"),
     ("does Salah speak Spanish", ""), ("how many points behind are Liverpool", "league positions"),
     ("who does Liverpool play next in the league", "what comes next")],
)
def test_a_detail_about_a_known_person_or_club_needs_a_fact_that_states_it(
        engine: Engine, question: str, reply: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and reply in answer.text


def test_speaking_about_something_is_still_a_quote_question(engine: Engine) -> None:
    assert engine.answer("what did klopp speak about").answered


@pytest.mark.parametrize("word", ["speak", "friend", "cold", "color", "seats"])
def test_everyday_words_are_never_corrected_into_knowledge_words(engine: Engine, word: str) -> None:
    assert word in engine._snapshot.reader.read(f"does klopp {word}", None).tokens


def test_the_club_whose_manager_is_asked_is_the_one_owning_the_job(engine: Engine) -> None:
    """"Real's manager when they beat Liverpool 5-2": Real's, in the tie that ended 5-2, not Klopp."""
    answer = engine.answer("real's manager when they beat liverpool 5-2")
    assert answer.answered and "Ancelotti" in answer.text and answer.tie == "real-madrid-liverpool-2023"
    assert "Simeone" in engine.answer("who managed atletico against liverpool").text


def test_a_leg_s_scoreline_names_its_tie(engine: Engine) -> None:
    q = engine._snapshot.reader.read("when they beat liverpool 5-2", None)
    assert q.ties == frozenset({"real-madrid-liverpool-2023"})


def test_a_final_is_answered_only_by_a_fact_about_a_final_not_a_semi_final(engine: Engine) -> None:
    """False premise: the facts have Liverpool beating Barcelona in the 2019 semi-final, not Barcelona in a final."""
    assert not engine.answer("who did Barcelona beat in the 2019 final").answered
    assert "final" in engine.answer("who did real madrid beat in the final").text
    assert engine.answer("liverpool barcelona semi final 2019").answered


def test_how_a_named_leg_went_is_answered_per_tie_like_its_score(engine: Engine) -> None:
    """"Go", "end", "happened" ask for the leg's result: no single tie's fact wins on the verb alone."""
    expected = engine.answer("Tell me the first-leg scoreline").facts
    assert len(expected) >= 2
    for question in ("how did the first leg go", "how did the first leg end", "what happened in the first leg"):
        answer = engine.answer(question)
        assert answer.text.startswith("That depends on the tie:"), question
        assert answer.intent == "score", question
        assert {engine.knowledge.facts[f].tie for f in answer.facts} == \
            {engine.knowledge.facts[f].tie for f in expected}, question
    assert "2023" in engine.answer("how did the first leg go in 2023").text


def test_a_leg_s_scoreline_prefers_its_tie_over_history_sharing_the_score(engine: Engine) -> None:
    """"The 3-1 game" is the 2021 first leg, though the 2016 Dortmund comeback was also from 3-1 down."""
    answer = engine.answer("what happened in the 3-1 game")
    assert answer.answered
    assert answer.facts[0] == "real-madrid-2021-first-leg-score"
    assert "liverpool-2016-dortmund-comeback" not in answer.facts
    # Naming the history's own club or year still reaches it.
    for question in ("what happened in the 3-1 game against dortmund", "what happened in the 3-1 game in 2016"):
        assert engine.answer(question).facts[0] == "liverpool-2016-dortmund-comeback", question


def test_a_final_with_a_year_is_answered_only_by_a_final_of_that_year(engine: Engine) -> None:
    """Last season's final (per the 2023 article) is not the 2019 final; the 2019 fact is a semi-final."""
    for question in ("did liverpool win the 2019 final", "who won the 2019 final"):
        answer = engine.answer(question)
        assert not answer.answered, question
        assert "real-madrid-last-season-comebacks" not in answer.facts
    assert engine.answer("did real madrid beat liverpool in the final").answered
    reader = engine._snapshot.attributes
    final = [a for a in reader.attributes if a.name == "final"]
    assert reader.dated(["real-madrid-2023-14th-european-title"], final, [2019]) == [False]


def test_a_second_tie_in_the_same_year_keeps_year_questions_working(tmp_path: Path) -> None:
    """A fourth article may be about another tie played in a year the store already has."""
    import yaml

    from tests.helpers import copy_knowledge

    root = copy_knowledge(tmp_path)
    ties_path = root / "ties.yaml"
    data = yaml.safe_load(ties_path.read_text(encoding="utf-8"))
    data["ties"].append({
        "id": "barcelona-dortmund-2021", "name": "Barcelona v Borussia Dortmund", "competition": "champions-league",
        "season": "2020-21", "round": "round of 16", "year": 2021, "teams": ["barcelona", "borussia-dortmund"],
        "first_leg": {"home": "barcelona", "away": "borussia-dortmund"},
        "second_leg": {"home": "borussia-dortmund", "away": "barcelona"},
    })
    ties_path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    engine = Engine(load_knowledge(root))
    answer = engine.answer("first leg result in 2021?")
    assert answer.answered and "3-1" in answer.text and answer.tie == "liverpool-real-madrid-2021"
    real = engine.answer("2021 real madrid first leg")
    assert real.answered and "3-1" in real.text

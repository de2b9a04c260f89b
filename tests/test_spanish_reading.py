"""How Spanish questions are read: the mechanisms that make a Spanish question mean what it says.

Each test names one mechanism (a detail stated with accents, the second leg named as a moment, a
translated quote cut in step with its rendering...). Every question here is written for this file,
none comes from an evaluation set; the engine and the knowledge files are the real ones.
"""

from __future__ import annotations

import pytest

from bot.core.answering.details import AttributeReader
from bot.core.answering.engine import Engine
from bot.core.answering.gates import Asking
from bot.core.answering.question import Question
from bot.core.answering.ranking import Scored
from bot.core.knowledge.models import FactTranslation


def read(engine: Engine, question: str, language: str = "es") -> Question:
    return engine._snapshot.view(language).reader.read(question, None)


def test_a_detail_stated_with_accents_is_carried(engine: Engine) -> None:
    knowledge = engine.knowledge
    fact = knowledge.facts["atletico-2020-first-leg-score"].model_copy(update={
        "id": "made-up-referee", "answer": "Atlético Madrid beat Liverpool 1-0.",
        "translations": {"es": FactTranslation(answer="El árbitro del Atlético-Liverpool fue italiano.")},
    })
    reader = AttributeReader([fact], knowledge.entities, knowledge.languages["es"])
    assert "referee" in reader.carried["made-up-referee"]  # not "rbitro"


@pytest.mark.parametrize("question", [
    "con cuántos goles de desventaja llegaba el Liverpool a la vuelta de 2021",
    "qué dijo Simeone antes de la vuelta en Anfield",
    "de cara a la vuelta, cómo estaba el Madrid en 2023",
])
def test_the_second_leg_named_as_a_moment_is_not_the_leg_asked_about(engine: Engine, question: str) -> None:
    assert read(engine, question).leg is None


@pytest.mark.parametrize("question", ["quién marcó en la vuelta de 2021", "dónde se juega la vuelta del 2023"])
def test_the_second_leg_as_the_subject_stays_the_second_leg(engine: Engine, question: str) -> None:
    assert read(engine, question).leg == "second"


def test_going_into_the_return_leg_is_a_moment_in_english_too(engine: Engine) -> None:
    assert read(engine, "how far ahead were madrid going into the return leg in 2023", "en").leg is None


def test_a_translated_quote_is_cut_in_step_with_its_rendering(engine: Engine) -> None:
    answer = engine.answer("¿Klopp habló de recuerdos que duran toda la vida?")
    assert answer.lang == "es" and answer.facts[0] == "klopp-2021-quote-together", answer.text
    # The verbatim sentence asked about and its rendering, not the quote's opening.
    assert "memories that last a lifetime" in answer.text
    assert "(Traducción: «" in answer.text and "recuerdos que duran toda la vida" in answer.text
    assert "special nights" not in answer.text
    assert answer.full_text is not None and "special nights" in answer.full_text


@pytest.mark.parametrize(("question", "reasons"), [
    # Another sport (basketball) is declined before the competition it names is looked for: either says why.
    ("¿el Madrid de baloncesto ha ganado alguna Euroliga?", ("not-about:euroleague", "other-sport:baloncesto")),
    ("¿quién ganó la última Eurocopa?", ("not-about:european-championship",)),
    ("¿Griezmann jugó contra el Liverpool?", ("not-about:antoine-griezmann",)),
])
def test_what_spanish_fans_name_beyond_the_articles_is_declined(engine: Engine, question: str,
                                                                 reasons: tuple[str, ...]) -> None:
    answer = engine.answer(question)
    assert answer.lang == "es" and not answer.answered, answer.text
    assert answer.reason in reasons


@pytest.mark.parametrize("question", [
    "¿pasó el Madrid a semis en 2021?",
    "¿al final el Liverpool remontó al Madrid en 2021?",
    "¿quién acabó ganando la Champions en 2020?",
    "¿eliminó el Atleti al Liverpool en 2020?",
])
def test_how_a_tie_ended_is_declined_whatever_the_word_order(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    # A semi-final asked of the 2021 quarter-final is a later round: the round gate may decline it first.
    assert answer.lang == "es" and answer.reason in {"intent-declines:outcome", "after-the-articles"}, (
        answer.reason, answer.text)


def test_a_comeback_the_articles_tell_is_still_answered(engine: Engine) -> None:
    answer = engine.answer("¿remontó el Liverpool al Dortmund?")
    assert answer.answered and answer.facts[0] == "liverpool-2016-dortmund-comeback", answer.text


def test_a_phrase_cue_s_words_are_not_also_another_intent_s_cue(engine: Engine) -> None:
    # "won" alone asks for a result; "won the Champions League" asks who won the competition.
    scores = read(engine, "who won the champions league in 2020 in the end?", "en").intents
    assert scores.best[0] == "outcome" and scores.decisive


@pytest.mark.parametrize("question", [
    "¿qué pasa si el Atleti empata el global en Anfield?",  # hypothetical: what the articles foresee
    "¿Lynch cree que el Liverpool gana la vuelta?",  # what an expert said, not the result
])
def test_a_second_leg_question_the_articles_can_answer_is_not_declined_as_after_them(
        engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.reason != "after-the-articles", (answer.reason, answer.text)
    # What the articles foresee: a prediction, or an expert's view of the what-if (a context fact he speaks).
    facts = [engine.knowledge.facts[f] for f in answer.facts]
    assert any(fact.intent == "prediction" or fact.speaker for fact in facts), answer.facts


@pytest.mark.parametrize("question", [
    "cuál fue el resultado global entre el Madrid y el Liverpool en 2023",
    "cuál fue el global en 2020",
])
def test_the_aggregate_score_is_after_the_articles(engine: Engine, question: str) -> None:
    assert engine.answer(question).reason == "after-the-articles"


def test_a_club_s_next_game_is_after_the_articles(engine: Engine) -> None:
    assert engine.answer("¿y el Madrid cuándo juega su próximo partido?").reason == "time-not-covered"
    # A leg or year places the question in a tie: the second leg is what came next then.
    placed = engine.answer("¿y cuándo es el próximo partido, la vuelta de 2023?")
    assert placed.answered and placed.facts[0] == "real-madrid-2023-second-leg-date", placed.text


def test_the_words_of_the_language_file_s_phrases_are_not_corrected_as_typos(engine: Engine) -> None:
    assert "proximo" in read(engine, "el proximo rival del Atleti").tokens


def test_relative_time_leaves_out_the_clubs_of_the_tie_it_counts_from(engine: Engine) -> None:
    question = "dos años antes de la eliminatoria de 2021 contra el Madrid, ¿qué remontada hizo el Liverpool?"
    q = read(engine, question)
    assert q.history_year == 2019 and "real-madrid" not in q.entities
    answer = engine.answer(question)
    assert answer.facts[0] == "liverpool-2019-barcelona-comeback", answer.text


def test_a_history_year_is_not_answered_by_a_tie_s_own_news(engine: Engine) -> None:
    ranked = [s.fact for s in _ranked(engine, "¿qué hizo el Liverpool en 2019?")]
    assert ranked and all(f.year == 2019 or f.tie is None for f in ranked), [f.id for f in ranked]


def _ranked(engine: Engine, question: str) -> list[Scored]:
    snap = engine._snapshot
    return Asking(snap, snap.view("es").reader.read(question, None), "es", "es").rank()


def test_disputar_is_jugar(engine: Engine) -> None:
    answer = engine.answer("¿dónde se disputa la ida de 2023?")
    assert answer.facts[0] == "real-madrid-2023-first-leg-venue", answer.text


def test_training_is_not_the_coach(engine: Engine) -> None:
    # "entrenamiento" stems like "entrenador": the language file gives it a base of its own.
    q = read(engine, "¿quién estuvo en el entrenamiento del Liverpool en 2021?")
    assert "entren" not in q.stems
    answer = engine.answer("¿quién estuvo en el entrenamiento del Liverpool en 2021?")
    assert "entrenamiento" in answer.text and "Ancelotti" not in answer.text, answer.text


def test_naming_the_source_is_not_a_topic(engine: Engine) -> None:
    q = read(engine, "¿qué partido de 2016 menciona Hayward?")
    assert not any(stem.startswith("mencion") for stem in q.stems)
    assert engine.answer("¿qué partido de 2016 menciona Hayward?").facts[0] == "atletico-2016-bayern-away"


def test_how_a_club_stood_in_the_league_needs_a_fact_giving_its_standing(engine: Engine) -> None:
    answer = engine.answer("¿cómo iba el Liverpool en la Premier en 2020?")
    assert answer.facts[0] == "atletico-2020-liverpool-favourites", answer.text


@pytest.mark.parametrize(("question", "language"), [
    ("¿quién marcó en el minuto 21?", "es"), ("¿qué pasó en la jornada 23 de Liga?", "es"),
    ("who scored in minute 21", "en"),
])
def test_a_number_a_word_labels_is_no_year(engine: Engine, question: str, language: str) -> None:
    q = read(engine, question, language)
    assert q.mentions.years == [] and q.ties is None


def test_a_two_digit_tie_year_is_still_read(engine: Engine) -> None:
    assert read(engine, "¿quién marcó en la ida del 21?").mentions.years == [2021]


def test_a_bare_club_name_after_en_is_the_city(engine: Engine) -> None:
    assert "real-madrid" not in read(engine, "¿perdió el Liverpool la ida en Madrid?").entities
    assert "real-madrid" in read(engine, "¿perdió el Liverpool la ida contra el Madrid?").entities


@pytest.mark.parametrize(("question", "reason"), [
    ("¿qué día se jugó la ida de 2021?", "asked-detail:day"),  # a fact dating the second leg is no answer
    ("which day was the 2021 first leg played?", "asked-detail:day"),
    ("¿en qué estadio se jugó la final de 2022?", "asked-detail:venue"),
    ("¿qué lesión tenía Benzema?", "asked-detail:injury-kind"),
    ("what kind of injury did benzema have", "asked-detail:injury-kind"),
    ("¿cuántos puntos le sacaba el Liverpool al segundo en 2020?", "asked-detail:league-points"),
])
def test_a_detail_no_fact_states_is_declined_with_its_own_reply(engine: Engine, question: str, reason: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason == reason, (answer.reason, answer.text)


def test_what_day_is_answered_by_a_weekday_about_the_name_asked(engine: Engine) -> None:
    answer = engine.answer("¿qué día jugó el Madrid contra el Espanyol?")
    # The result and the ground of that game both tell its day.
    assert answer.answered and answer.facts[0].startswith("real-madrid-2023-espanyol-"), answer.text
    assert "sábado" in answer.text


def test_where_a_leg_was_played_is_answered_by_a_fact_naming_the_ground(engine: Engine) -> None:
    answer = engine.answer("¿en qué estadio se jugó la ida de 2023?")
    assert answer.answered and "Anfield" in answer.text, answer.text


def test_a_leg_a_quote_mentions_is_not_what_the_fact_is_about(engine: Engine) -> None:
    # Ancelotti's quote says "just like in the first leg"; the fact is about his words before the second.
    legs = engine._snapshot.view("es").attributes.legs_named["ancelotti-2023-quote-message"]
    assert legs == frozenset({"second"})


def test_a_follow_up_with_no_word_for_that_points_back_to_the_last_answer(engine: Engine) -> None:
    engine.answer("¿qué antecedente citó Hayward sobre el Atleti?", "c-pro-drop")
    explained = engine.explain("¿en qué año fue?", "c-pro-drop")  # Spanish drops the "that"
    assert "the facts it points back to" in explained.reading.from_context
    assert explained.answer.answered and "2016" in explained.answer.text


def test_a_tie_declined_for_what_was_asked_of_it_carries_to_the_next_question(engine: Engine) -> None:
    declined = engine.answer("¿el Madrid pasó a semis en 2021?", "c-understood")
    assert declined.reason in {"intent-declines:outcome", "after-the-articles"}  # a later round, either way
    answer = engine.answer("ok, ¿y cuánto quedó la ida?", "c-understood")  # opened by "ok y", the result asked
    assert answer.answered and answer.facts[0] == "real-madrid-2021-first-leg-score", answer.text


def test_a_tie_not_understood_does_not_carry(engine: Engine) -> None:
    engine.answer("¿qué tal la paella del Valencia?", "c-not-understood")
    q = engine.explain("¿y la ida?", "c-not-understood").reading
    assert q.ties is None


def test_and_about_asks_the_last_question_again_of_a_new_topic(engine: Engine) -> None:
    engine.answer("¿qué dijo Klopp antes de la vuelta de 2021?", "c-again")
    answer = engine.answer("¿y sobre el estadio vacío?", "c-again")
    assert answer.intent == "quote" and answer.facts[0].startswith("klopp-2021-quote"), answer.facts


def test_a_question_about_someone_the_facts_cannot_answer_is_not_given_the_tie_s_story(engine: Engine) -> None:
    answer = engine.answer("¿qué marcador predijo Hayward para el Liverpool-Madrid de 2021?")
    assert not answer.answered and answer.reason != "overview", (answer.reason, answer.text)


@pytest.mark.parametrize(("question", "fact"), [
    ("¿en qué estadio ganó el Madrid al Espanyol?", "real-madrid-2023-espanyol-venue"),  # names the Bernabéu
    ("¿dónde jugó el Liverpool contra el Bournemouth?", "liverpool-2023-bournemouth"),  # "en el campo del"
])
def test_where_a_game_was_played_is_stated_by_its_ground_or_home_and_away(
        engine: Engine, question: str, fact: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.facts[0].startswith(fact), (answer.reason, answer.facts)


def test_relative_time_counts_more_than_three_years(engine: Engine) -> None:
    answer = engine.answer("cuatro años antes del Madrid-Liverpool de 2023, ¿a quién remontó el Liverpool?")
    assert answer.facts[0] == "liverpool-2019-barcelona-comeback", answer.text


@pytest.mark.parametrize("question", ["¿cuánto quedó la final de 2022?", "¿cuánto quedó el Atleti-Bayern de 2016?"])
def test_how_much_a_game_ended_needs_a_fact_with_its_score(engine: Engine, question: str) -> None:
    assert engine.answer(question).reason == "asked-detail:scoreline"


def test_a_result_question_may_open_the_last_clause(engine: Engine) -> None:
    q = read(engine, "en 2021 el Madrid visitaba Anfield para la vuelta, ¿cómo quedó la ida?")
    assert q.intents.best[0] == "score" and q.intents.best[1] >= 0.75 and q.leg == "first"
    answer = engine.answer("en 2021 el Madrid visitaba Anfield para la vuelta, ¿cómo quedó la ida?")
    assert answer.facts[0] == "real-madrid-2021-first-leg-score", answer.text


def test_a_bare_number_of_goals_finds_the_scoreline(engine: Engine) -> None:
    answer = engine.answer("¿cuántos le metió el Madrid al Liverpool en Anfield en 2023?")
    assert answer.answered and "5-2" in answer.text, answer.text


def test_the_score_of_a_game_in_history_is_its_year_s(engine: Engine) -> None:
    answer = engine.answer("¿cuánto quedó el Liverpool-Dortmund de 2016?")
    assert answer.facts and answer.facts[0] == "liverpool-2016-dortmund-comeback", answer.text
    # A 2020 prediction's 2-1 is no score of the 2016 game Hayward recalled.
    assert engine.answer("¿en cuánto quedó el Bayern-Atleti de 2016 que recordaba Hayward?").reason == (
        "asked-detail:scoreline")


def test_two_clubs_named_are_a_game_whose_result_is_asked(engine: Engine) -> None:
    q = read(engine, "¿cómo quedó el Madrid-Espanyol?")
    assert q.intents.best == ("score", 0.75)


def test_a_follow_up_asking_its_own_question_does_not_take_the_last_one_s_detail(engine: Engine) -> None:
    engine.answer("¿quién era el técnico del Real Madrid en 2021?", "c-own-ask")
    answer = engine.answer("¿y cuántos títulos europeos tenían?", "c-own-ask")
    assert answer.answered and "13" in answer.text, (answer.reason, answer.text)


def test_a_brace_asks_for_the_scorers(engine: Engine) -> None:
    answer = engine.answer("¿quién metió un doblete en Anfield en 2023?")
    assert answer.facts[0] == "real-madrid-2023-first-leg-scorers", answer.text


def test_whether_a_player_played_a_leg_asks_the_line_up(engine: Engine) -> None:
    assert engine.answer("¿jugó Benzema la vuelta de 2023?").reason == "asked-detail:line-up"
    # "Se jugó" is where or when the game was, not who played it.
    assert engine.answer("¿dónde se jugó la vuelta de 2020?").facts[0] == "atletico-2020-second-leg-venue"


def test_how_many_of_the_ties_is_asked_of_each(engine: Engine) -> None:
    answer = engine.answer("¿en cuántas eliminatorias ganó la ida el rival del Liverpool?")
    assert answer.reason == "answered-per-tie" and all(s in answer.text for s in ("1-0", "3-1", "5-2")), answer.text


def test_the_preview_named_as_the_source_is_no_topic(engine: Engine) -> None:
    assert "previ" not in read(engine, "en la previa de 2021, ¿qué decía Klopp del vestuario?").stems

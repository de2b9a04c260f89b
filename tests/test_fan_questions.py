"""Fan questions the engine had no mechanism for: details nobody states, places asked in everyday
words, competitions no article covers, and topics from life outside football.

Every question here is written for this file (none comes from an evaluation set); each is aimed at
one mechanism, and the reason code says which stage decided.
"""

from __future__ import annotations

import pytest

from bot.core.answering.engine import Engine


# --- details no fact states are declined, not answered by the nearest fact ---------------------
def test_who_scored_first_is_not_told_by_a_list_of_scorers(engine: Engine) -> None:
    answer = engine.answer("which madrid player got the opening goal at anfield in 2023")
    assert not answer.answered and answer.reason == "asked-detail:first-goal", (answer.reason, answer.text)
    # The list itself is still there for whoever asks for it.
    assert "Benzema" in engine.answer("who got madrid's goals at anfield in 2023").text


def test_which_round_needs_a_fact_naming_the_round(engine: Engine) -> None:
    answer = engine.answer("which round was it when atletico saw off bayern in 2016")
    assert not answer.answered and answer.reason == "asked-detail:round", (answer.reason, answer.text)
    assert "quarter-final" in engine.answer("what stage of the competition was the 2021 tie").text


# --- places asked in everyday words ---------------------------------------------------------------
@pytest.mark.parametrize(("question", "needle"), [
    ("in what city was the 2023 second leg", "Bernabéu"),
    ("what country was the 2020 first leg played in", "Madrid"),
])
def test_a_city_or_country_asked_is_where_the_game_was_played(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and needle in answer.text, (answer.reason, answer.text)


def test_which_city_names_no_club(engine: Engine) -> None:
    """"City" alone is a town: the final last season is not made a question about Manchester City."""
    answer = engine.answer("what city hosted the final the season before the 2023 tie")
    assert not answer.answered, answer.text


# --- names and topics no article covers ------------------------------------------------------------
def test_a_competition_no_article_covers_is_declined(engine: Engine) -> None:
    answer = engine.answer("who won the uwcl in 2022")
    assert not answer.answered and answer.reason.startswith("not-about:"), (answer.reason, answer.text)


@pytest.mark.parametrize("question", [
    "would liverpool be a nice city to live in",
    "is madrid good for a holiday in the summer",
])
def test_life_outside_football_is_declined_whatever_word_a_fact_shares(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, (answer.reason, answer.text)


# --- fans' shorthand reaches the kinds of question, and a tie's year dates what is asked ---------
def test_a_competition_in_shorthand_asks_who_won_it(engine: Engine) -> None:
    """"Win the UCL" is "win the Champions League": who won the competition, after the articles."""
    answer = engine.answer("did rm win the ucl in 2023")
    assert not answer.answered and answer.reason == "intent-declines:outcome", (answer.reason, answer.text)


def test_a_tie_year_is_not_answered_by_history_of_another_year(engine: Engine) -> None:
    """The 2021 article tells Liverpool's 2016 Europa League comeback; the Europa League of 2020 is not it."""
    answer = engine.answer("which club won the europa league in 2020")
    assert not answer.answered, (answer.reason, answer.text)
    assert "Dortmund" in engine.answer("liverpool's europa league comeback in 2016").text


# --- someone quoted on one tie is not asked about another ------------------------------------------
@pytest.mark.parametrize("question", [
    "how did hayward see the 2023 rm game going",
    "what did david lynch say about vinicius",
])
def test_an_expert_asked_about_a_club_or_player_of_another_tie_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason.startswith("not-about:"), (answer.reason, answer.text)
    assert engine.answer("what was ben hayward's prediction for the atleti game").answered


def test_no_expert_predicted_a_tie_the_articles_carry_no_prediction_for(engine: Engine) -> None:
    answer = engine.answer("what were the pundits tipping for the 2021 quarter-final")
    assert not answer.answered and answer.reason == "no-predictions", (answer.reason, answer.text)


# --- statements of the articles that had no fact of their own --------------------------------------
@pytest.mark.parametrize(("question", "fact_id", "needle"), [
    ("which ground did real madrid face espanyol at", "real-madrid-2023-espanyol-venue", "Bernabéu"),
    ("were liverpool defending the european title against atletico in 2020",
     "liverpool-2020-champions-league-holders", "holders"),
    ("how much of a lead did real madrid hold before the bernabeu leg",
     "real-madrid-2023-three-goal-lead", "three-goal"),
    ("what did ancelotti say about enthusiasm before facing liverpool", "ancelotti-2023-quote-intensity", "enthusiasm"),
    ("did hayward expect liverpool to win the second leg itself",
     "hayward-2020-liverpool-to-win-on-the-night", "will get it"),
    ("have real madrid lost any of their last seven champions league games with liverpool",
     "real-madrid-2023-head-to-head", "unbeaten"),
])
def test_a_statement_of_an_article_is_answered_by_its_own_fact(
        engine: Engine, question: str, fact_id: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and fact_id in answer.facts and needle in answer.text, (answer.reason, answer.text)


# --- follow-ups asking a detail of the last answer's event -------------------------------------------
@pytest.mark.parametrize(("first", "then", "fact_id", "needle"), [
    # A bare "which club" or "against who" is about the game the last answer told, which names it.
    ("what happened to real madrid against ajax in 2019", "which club was it?", "real-madrid-2023-ajax-2019", "Ajax"),
    ("who overcame a two-goal deficit after losing at home in the last 16", "against who?",
     "record-manchester-united-psg-2019", "Paris Saint-Germain"),
    # Where a game the last answer told was played: the fact naming its ground, through the club both name.
    ("what did real madrid do in the league at the weekend before the 2023 second leg", "and where was it played?",
     "real-madrid-2023-espanyol-venue", "Bernabéu"),
    # A past game recalled in a tie's article: "that tie" is the past game, not the tie the article previewed.
    ("klopp compared the 2021 game with a dortmund night, which one", "and how did that tie finish on aggregate?",
     "liverpool-2016-dortmund-comeback", "5-4"),
])
def test_a_follow_up_asks_a_detail_of_the_event_just_told(
        engine: Engine, first: str, then: str, fact_id: str, needle: str) -> None:
    conversation = f"follow-up {first}"
    assert engine.answer(first, conversation=conversation).answered
    answer = engine.answer(then, conversation=conversation)
    assert answer.answered and answer.facts[0] == fact_id and needle in answer.text, (answer.reason, answer.text)


def test_ending_up_winning_a_tie_is_its_outcome_which_the_articles_did_not_see(engine: Engine) -> None:
    engine.answer("what stage was the 2021 tie", conversation="ended up")
    answer = engine.answer("so did liverpool end up winning it?", conversation="ended up")
    assert not answer.answered and answer.reason == "intent-declines:outcome", (answer.reason, answer.text)


# --- where a game took place, asked with a verb of hosting rather than "where ... played" ----------
@pytest.mark.parametrize(("question", "needle"), [
    ("which ground did the 2023 return game take place at", "Bernabéu"),
    ("the 2020 second leg was going to be played in which stadium", "Anfield"),
    ("¿dónde tuvo lugar la vuelta de 2023?", "Bernabéu"),
])
def test_a_verb_of_hosting_asks_where_not_what_about(engine: Engine, question: str, needle: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and answer.intent == "venue" and needle in answer.text, (answer.reason, answer.text)


# --- declines: times after the articles, quotes from a tie the speaker is silent on, the weather ----
@pytest.mark.parametrize("question", [
    "what's the date of the next real madrid match",
    "who do atletico madrid face in their next fixture",
])
def test_the_next_game_with_a_club_named_in_it_is_after_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason == "time-not-covered", (answer.reason, answer.text)


def test_a_speaker_asked_about_a_tie_he_only_appears_in_is_not_quoted(engine: Engine) -> None:
    # Klopp speaks in the 2021 article; the 2020 preview only talks about his side.
    answer = engine.answer("any quotes from klopp ahead of the 2020 atletico tie")
    assert not answer.answered and answer.reason.startswith("not-quoted:"), (answer.reason, answer.text)
    assert "2020" in answer.text
    # On the tie he does speak about, his words are still the answer.
    assert engine.answer("any quotes from klopp ahead of the real madrid game in 2021").answered


@pytest.mark.parametrize("question", ["is madrid sunny this week", "what is the population of liverpool",
                                      "how much are tickets for anfield"])
def test_weather_population_and_prices_are_life_outside_the_articles(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered, answer.text


# --- ranking: an expert's call, and a lone word that mostly says what is asked ---------------------
@pytest.mark.parametrize("question", ["which aggregate score did lynch go for in 2020",
                                      "lynch's agg call for liverpool v atletico"])
def test_an_aggregate_asked_of_an_expert_is_his_prediction(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert answer.answered and "2-1 on aggregate" in answer.text, answer.text


# --- a competition asked of by itself is not answered by one of its games ---------------------------
def test_a_league_race_with_no_club_named_is_not_one_league_game(engine: Engine) -> None:
    answer = engine.answer("who is going to win the premier league crown race")
    assert not answer.answered and answer.reason == "off-topic", (answer.reason, answer.text)
    # A club's own league form, asked with the club named, is still that club's league fact.
    form = engine.answer("what was liverpool's premier league form before the bernabeu")
    assert form.answered and "Bournemouth" in form.text, form.text


# --- "sign" the noun is evidence, not a signing ------------------------------------------------------
def test_a_sign_of_something_is_not_a_transfer_question(engine: Engine) -> None:
    answer = engine.answer("what did hayward take as a sign that atletico could go through")
    assert answer.answered and "Hayward" in answer.text, (answer.reason, answer.text)
    signing = engine.answer("will real madrid sign haaland in the summer")
    assert not signing.answered and signing.reason == "asked-detail:transfer", (signing.reason, signing.text)


# --- the best of all time is an opinion about all of football, not a fact of one season -------------
@pytest.mark.parametrize("question", ["who is the finest centre forward in history",
                                      "which manager is the best of all time"])
def test_the_best_of_all_time_is_declined(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason == "asked-detail:all-time-best", (answer.reason, answer.text)


def test_a_players_quality_in_a_quote_is_still_quoted(engine: Engine) -> None:
    answer = engine.answer("what did klopp say about the talent in madrid's team in 2021")
    assert answer.answered and "greatest talent" in answer.text, answer.text


# --- "when was" a named leg is answered only by a fact dating that leg ---------------------------------
def test_when_a_leg_was_needs_a_fact_dating_that_leg(engine: Engine) -> None:
    answer = engine.answer("when was liverpool's 2021 first leg with real madrid")
    assert not answer.answered and answer.reason == "asked-detail:day", (answer.reason, answer.text)
    dated = engine.answer("when was the 2023 second leg at the bernabeu")
    assert dated.answered and "15 March 2023" in dated.text, dated.text


# --- when someone took a job is a date no preview gives -----------------------------------------------
@pytest.mark.parametrize("question", ["when did simeone become atletico's coach",
                                      "in which year was ancelotti appointed by madrid"])
def test_when_someone_took_a_job_is_not_told_by_his_role(engine: Engine, question: str) -> None:
    answer = engine.answer(question)
    assert not answer.answered and answer.reason == "asked-detail:appointment", (answer.reason, answer.text)


def test_who_holds_a_job_is_still_answered(engine: Engine) -> None:
    assert "Klopp" in engine.answer("who was in charge of liverpool in 2021").text


# --- a request to translate a phrase is not a question about the articles --------------------------------
def test_translating_a_chant_is_declined_not_answered_by_the_translation_note(engine: Engine) -> None:
    answer = engine.answer("can you translate aupa atleti into english")
    assert not answer.answered and answer.reason == "asked-detail:translate-phrase", (answer.reason, answer.text)
    note = engine.answer("was the 2021 article machine translated")
    assert note.answered and "automated translation" in note.text, note.text


# --- a head-to-head record is told only for the clubs whose past meetings a fact counts ------------------
def test_a_head_to_head_needs_a_fact_counting_past_meetings(engine: Engine) -> None:
    answer = engine.answer("what is the head to head between atletico and liverpool")
    assert not answer.answered and answer.reason == "asked-detail:head-to-head", (answer.reason, answer.text)
    told = engine.answer("liverpool against real madrid head to head in europe")
    assert told.answered and "unbeaten" in told.text, told.text


# --- a club's injuries are its own players' ---------------------------------------------------------------
def test_one_clubs_injury_news_does_not_answer_for_the_other(engine: Engine) -> None:
    madrid = engine.answer("which real madrid players were returning from injury in 2023", "inj")
    assert madrid.answered and "Benzema" in madrid.text, madrid.text
    other = engine.answer("and what about liverpool's injury list?", "inj")
    assert not other.answered and other.reason == "asked-detail:injuries", (other.reason, other.text)

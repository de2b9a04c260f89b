"""Premise gates: what the question alone says the articles cannot meet, before any fact is ranked.

A year or a time they do not cover, another sport, a result from after they were written, someone
never quoted; and the overview a question asks for, which needs no ranking either.
"""

from __future__ import annotations

from collections.abc import Iterable

from bot.core.answering.gates.asking import Asking, Decline, Overview
from bot.core.answering.intents import CUE_SCORE
from bot.core.answering.ranking import (
    EVIDENCE,
    OVERVIEW_INTENT,
    PREDICTION_INTENT,
    QUOTE_INTENT,
    RESULT_INTENTS,
)
from bot.core.knowledge.models import LegName
from bot.core.knowledge.store import RESULT_INTENT
from bot.core.text import holds_words, normalize, tokenize

__all__ = [
    "never_quoted",
    "nothing_asked",
    "other_sport",
    "outcome_after_the_articles",
    "overview_asked",
    "result_after_the_articles",
    "round_after_the_tie",
    "time_not_covered",
    "years_not_covered",
]


def nothing_asked(a: Asking) -> Decline | None:
    """No words at all (only mentions, emoji or punctuation): say what can be asked."""
    if a.q.tokens:
        return None
    return Decline("empty", a.language.say("empty", ties=a.ties_known()), suggest=False)


def other_sport(a: Asking) -> Decline | None:
    """Another sport or its competitions ("the basketball team", "the Formula One race in Barcelona").

    The articles preview football ties: a club's other teams, or a city's other sporting events, are
    nothing they say, however well the club's or city's name matches a fact. Unless the facts use every
    word of the phrase themselves (a fact telling of the club's basketball section would answer).
    """
    phrase = a.q.other_sport
    if not phrase or all(word in a.index.words for word in phrase):
        return None
    words = " ".join(phrase)
    return Decline(f"other-sport:{'-'.join(phrase)}", a.language.say("says_nothing", words=words), suggest=False)


def years_not_covered(a: Asking) -> Decline | None:
    """A year that is neither a tie's nor one the articles mention: nothing can be about it."""
    if not a.q.foreign_years:
        return None
    years = ", ".join(str(y) for y in a.q.foreign_years)
    return Decline(f"year-not-covered:{years.replace(', ', ',')}",
                   a.language.say("year_not_covered", ties=a.ties_known(), years=years))


def time_not_covered(a: Asking) -> Decline | None:
    """"When is the next game", "what happened last night": the articles cover nothing after they were written.

    Unless the question places itself in a tie by its year, round, leg or a leg's score, or follows up
    on one: a club alone ("when do Atlético play next") is no time the articles speak of. A leg named as a
    moment places it too ("their form before the 2nd leg this season": the season of that leg, the articles').
    """
    q = a.q
    if not q.time_outside or q.mentions.years or q.mentions.stage_ties or q.leg is not None or _legs_named(a):
        return None
    if q.tie_from_context or q.scoreline_named:
        return None  # "and the next game?" about the tie just discussed: its second leg
    return Decline("time-not-covered", a.language.say("time_not_covered", ties=a.ties_known()))


def overview_asked(a: Asking) -> Overview | None:
    """An overview ("recap the 2021 tie", "summarise every tie"): the ties' own story, not one fact.

    The ties are those the question names (by year, stage, club or a leg's score); with none
    named, every tie. Asked by the question itself, or by the turn before it for a bare
    follow-up ("and the 2023 one?"). Or asked without a word for it: a question naming a tie
    whose other words only ask to hear about it ("tl;dr 2023", "fill me in on the 2020 first
    leg, I missed it"), see `_asks_only_for_the_tie`.

    Not when the question names a person, or a club or competition beyond the ties' own, or a
    round the tie it names is not: "sum up what Klopp said", "how are Barcelona doing in La Liga"
    are about them, and a fact (or a decline) answers. Nor when its topic is an everyday word no fact
    uses ("where are we at with the weather in 2023", "a recap of ticket prices"): the tie's story does
    not tell that, and the evidence declines it.
    """
    q = a.q
    if _meetings_counted(a):
        return Overview(_by_year(a, q.ties or a.index.all_ties), None, met=True)
    if q.scoped:
        return _leg_story_asked(a)
    intent, score = q.intents.best
    if intent is None or score < CUE_SCORE:
        intent = q.inherited_intent
    knowledge = a.snap.knowledge
    card = False
    if intent is None or knowledge.intents[intent].answers_from != "ties":
        card = _card_asked(a)
        if not card and not _asks_only_for_the_tie(a):
            return None
    elif a.beyond_the_ties() or a.everyday_topic():
        return None
    if any(d.after_the_articles for d in a.details_asked()):
        return None  # "who did they face after the 2023 tie": not the tie's story, what came after it
    if (q.leg in ("second", "aggregate") and not (card and len(_legs_named(a)) > 1)
            and (_result_beneath_the_frame(a) or _result_detail_asked(a))):
        # "summarise how the second leg finished", "the overall aggregate of the 2020 tie": its result, which
        # `result_after_the_articles` tells; a score asked of a card naming both legs ("first-leg score + where
        # the return leg is") is the played leg's
        return None
    ties = q.ties if q.ties is not None else a.index.all_ties
    return Overview(_by_year(a, ties), None if card else _played_leg(a, ties, q.leg))


def _by_year(a: Asking, ties: Iterable[str]) -> tuple[str, ...]:
    """The ties oldest first, as an overview tells them."""
    knowledge = a.snap.knowledge
    return tuple(sorted(ties, key=lambda t: (knowledge.ties[t].year, t)))


def _meetings_counted(a: Asking) -> bool:
    """Whether the question counts how many times clubs met within the ties ("across these ties").

    "How many times did Liverpool and Madrid meet in these ties, and what were the first legs": the ties between
    them tell it, one line each with its first leg (the overview), where no fact states a count of times. Met
    without the ties named as where ("how many times have they met") is their history, which facts tell.
    """
    q = a.q
    counted = q.counted
    if counted is None or q.ties is None or not q.teams or q.tie_from_context:
        return False
    language = a.view.language
    if counted.noun not in language.count_times or not holds_words(q.tokens, language.meeting_verbs):
        return False
    return holds_words(q.tokens, language.meetings_within) and not a.beyond_the_ties()


def _card_asked(a: Asking) -> bool:
    """Whether the question asks for several parts of the card of a tie it names, and for nothing else.

    "Round + first-leg score of the 2021 tie", "the 2020 tie: round, first leg and where the return was": the
    tie's round with a leg or a leg's part, or a leg's part with two legs named (`card_parts` in the language
    file). The card (the tie's overview) tells them all, where the best fact tells one. Its other topic words
    only frame the request ("brief rundown"). One leg's parts alone ("when and where is the return") are that
    leg's facts; a subject beyond the card ("round and who scored", "the round and the favourites") is not told
    by it.
    """
    q = a.q
    if (q.ties is None or q.tie_from_context or q.inherited_intent is not None or q.hypothetical
            or q.outcome_asked or q.compares):
        return False
    reader = a.view.reader
    if any(s not in reader.request_stems and s not in reader.card_stems and s not in reader.leg_stems
           for s in q.stems):
        return False
    language = a.view.language
    leg_part = holds_words(q.tokens, language.card_leg_parts)
    used = q.mentions.used  # "the r16 2nd leg": the round names the tie, it is not asked
    if holds_words([t for i, t in enumerate(q.tokens) if i not in used], language.card_tie_parts):
        if not leg_part and q.leg is None:
            return False
    elif not leg_part or len(_legs_named(a)) < 2:
        return False
    if a.beyond_the_ties() or a.everyday_topic():
        return False
    return all(d.result or d.one_leg or d.of_tie for d in a.details_asked())


def _legs_named(a: Asking) -> set[str]:
    """The legs the question's words name ("the venue of the second leg and the first-leg score": both)."""
    return {leg for phrase, leg in a.view.language.legs.items() if holds_words(a.q.tokens, (phrase,))}


def _leg_story_asked(a: Asking) -> Overview | None:
    """A request for a story put on what a played leg's playing decided: that leg's story tells it.

    "Who scored at Anfield in 2023, and how did the game unfold": the scorers are asked with the game's
    story, which the leg's own story (its score, then its scorers) tells. Any other subject ("recap
    Madrid's form before the return") is answered by its facts.
    """
    q = a.q
    details = a.own_details()
    if q.ties is None or len(q.ties) != 1 or not details or not all(d.result for d in details):
        return None
    leg = _played_leg(a, q.ties, q.leg or _leg_at_venue(a))
    return Overview(tuple(q.ties), leg) if leg is not None else None


def _played_leg(a: Asking, ties: Iterable[str], leg: str | None) -> LegName | None:
    """The leg of one tie a question names (`leg`), when it was played: its own story is asked, not the tie's.

    "Recap the opening leg in 2021" asks how that game went (its score, its scorers); a leg not yet
    played when the articles were written has no story but the preview's, the tie's overview. Nor when the
    question names the tie as a whole (`whole_tie`: "talk me through the tie from the first leg onwards") or
    another leg too.
    """
    ties = list(ties)
    if len(ties) != 1 or holds_words(a.q.tokens, a.view.language.whole_tie) or len(_legs_named(a)) > 1:
        return None
    tie = a.snap.knowledge.ties[ties[0]]
    if leg == "first":
        return "first" if tie.first_leg.score is not None else None
    if leg == "second":
        return "second" if tie.second_leg.score is not None else None
    return None


def _result_beneath_the_frame(a: Asking) -> bool:
    """Whether a request worded as an overview asks for a game's result ("give an account of the result").

    The overview and the result are the two kinds of question ahead, the overview only by its framing words
    ("summarise", "an account of"); a result cue of its own word ("finished", "result") says what is asked.
    The words naming a leg ("aggregate") name the game, not its result: "the aggregate situation going into
    the return" asks where the tie stood.
    """
    intents = a.q.intents
    ahead = [intent for intent, _ in intents.ranked[:2]]
    if ahead[:1] != [OVERVIEW_INTENT] and ahead != [RESULT_INTENT, OVERVIEW_INTENT]:
        return False
    reader = a.view.reader
    cue = intents.cued.get(RESULT_INTENT, frozenset())
    return bool(cue - reader.frame_stems - reader.leg_stems)


def _result_detail_asked(a: Asking) -> bool:
    """Whether the question asks for a detail the game's playing decides, in words beyond the leg's name.

    "The overall aggregate", "final agg": the tie's result. "What was the aggregate situation going into the
    return" names the aggregate as where the tie stood: its asking words are the leg's name and stopwords.
    """
    result = [d for d in a.own_details() if d.result]
    if not result:
        return False
    reader = a.view.reader
    words = a.asking_words(result)
    plain = a.view.language.stopwords | a.view.language.question_words
    return any(w not in plain and a.index.stem(w) not in reader.leg_stems for w in words)


def _asks_only_for_the_tie(a: Asking) -> bool:
    """A question naming a tie, whose other words only ask to hear about it: that tie's overview.

    The tie is named by the question itself (a year, a round, a leg, the clubs), not the last
    turn's, and it asks nothing the last turn asked ("what about Ancelotti?" after what Trent
    said asks what Ancelotti said). Its topic words are all the language file's `frame_words` ("quick", "preview",
    "missed"), words naming the game, the month the tie was played in, or the words of an overview cue ("tl dr",
    "so far"), and at
    least one is not a word naming the game ("the 2023 first leg" asks its score). Not when
    another kind of question is plainly asked ("when is the 2020 second leg, I need to know").
    """
    q = a.q
    if q.ties is None or q.tie_from_context or q.inherited_intent is not None or a.beyond_the_ties():
        return False
    if q.outcome_asked:
        return False  # "¿el Liverpool pasó en 2021?": whether they went through, which came after the articles
    if any(not (d.result or d.one_leg or d.of_tie) for d in a.details_asked()):
        return False  # "why are Atlético called Los Colchoneros": a detail the tie's card does not tell
    knowledge = a.snap.knowledge
    cued = frozenset().union(*(stems for intent, stems in q.intents.cued.items()
                               if intent in knowledge.intents and knowledge.intents[intent].answers_from == "ties"))
    reader = a.view.reader
    months = frozenset().union(*(reader.tie_months.get(t, frozenset()) for t in q.ties))  # "in March 2020"
    if any(s not in reader.request_stems and s not in cued and s not in months for s in q.stems):
        return False
    frame = reader.frame_stems
    # A frame word among the topic words, or one that cued a kind of question, or one of a phrase set aside
    # ("tell me about the 2021 tie": a request, so no topic word at all): the names alone ask nothing
    # (`evidence` tells them).
    if not cued and not any(s in frame for s in q.stems) and not any(
            s in frame for stems in q.intents.cued.values() for s in stems) and not any(
            a.index.stem(q.tokens[i]) in frame for i in q.aside if i < len(q.tokens)):
        return False
    return bool(cued) or not _plainly_asked(a)


def _plainly_asked(a: Asking) -> bool:
    """Whether another kind of question is plainly asked: its intent clearly ahead, and not by frame words alone.

    "What happened between the clubs in 2023", "tell me what happened when they met": "happened" is a
    history cue and "tell" a quote cue, but they only ask to hear about the tie (the language's
    `frame_words`); a cue of another word ("when", "said", "score") asks that, as does a hypothetical.
    """
    intents = a.q.intents
    intent, score = intents.best
    if a.q.hypothetical:
        return True  # "what would they need to do in the 2023 second leg": what was needed, not the story
    if intent is None or not intents.decisive or score < EVIDENCE:
        return False
    cue = intents.cued.get(intent)
    if cue is None:
        return True
    # "¿Qué pasó?" is cued by its phrase's words, the question word among them: only its other words say what.
    language = a.view.language
    said = frozenset(s for s in cue if s not in language.question_words) or cue
    return not said <= a.view.reader.frame_stems


def result_after_the_articles(a: Asking) -> Decline | None:
    """The result of a second leg or an aggregate: the articles were written before them.

    Asked as a result ("how did the second leg end"), or by its own words as a detail only the game's
    playing decides (its score or scorers, however few the words around it: "2nd leg score 2023").
    """
    q = a.q
    if q.leg not in ("second", "aggregate") and _leg_at_venue(a) != "second":
        return None
    intent, score = q.intent
    own, own_score = q.intents.best
    if intent not in RESULT_INTENTS and own in RESULT_INTENTS and q.intents.decisive:
        # "right, and the return leg's score?" after the first leg's scorers: the follow-up carried the last kind of
        # question over, but its own words plainly ask a result, of a leg the articles were written before.
        intent, score = own, own_score
    decided = any(d.result for d in a.own_details()) or _result_beneath_the_frame(a)
    if not decided and (intent not in RESULT_INTENTS or score < EVIDENCE):
        return None
    if q.hypothetical:
        return None  # "what happens if they draw on aggregate", "what do they need in the second leg"
    if not decided and q.inherited_intent is None and not q.intents.decisive:
        return None  # as much a record or history question ("how often has a side come back in the second leg")
    if any(p in a.index.speakers for p in q.people):
        return None  # "does Hayward think they win the second leg": what someone said, not the result
    facts = a.index.facts
    if any(facts[f].intent == PREDICTION_INTENT for f in q.previous_facts if f in facts):
        return None  # "and on aggregate, then?" after an expert's tip: the aggregate that tip makes
    if (q.history_year is not None or a.view.names.anchoring.intersection(q.teams)
            or any(t[0].isdigit() and "-" in t for t in q.tokens)):
        return None  # "Liverpool v Dortmund on aggregate", "who did they beat 5-4": history the articles tell
    prediction = q.intents.score(PREDICTION_INTENT)
    if prediction > 0.0 and prediction >= score:
        return None  # what an expert tipped; not when no kind of question is read at all ("final aggregate 2023")
    ties = q.ties or a.index.all_ties
    if not ties <= a.index.unplayed:
        return None
    return _after_the_articles(a, ties)


def outcome_after_the_articles(a: Asking) -> Decline | None:
    """Whether a side came back or went through in a tie whose second leg the articles were written before.

    Asked in the words of the language's `outcome_question` ("did they turn it around at the Bernabéu",
    "who went through in 2020"), of ties the question or the last turn names, whatever kind of question
    its other words score as ("come back" is also a history word). Not a hypothetical ("could they
    still come back"), a player's doing or anyone's words ("did Salah come back", "did Klopp say they
    will come back"), nor a game the articles tell: the played first leg, a year of history, another club
    ("did they come back against Barcelona").
    """
    q = a.q
    if (not q.outcome_asked or q.ties is None or q.hypothetical or q.history_year is not None
            or q.foreign_years or q.counted_from or holds_words(q.tokens, a.view.language.outcome_ever)):
        return None  # "have they ever come back from three down" asks the club's past, not the tie's end
    if any(i in q.intents.cued for i in (QUOTE_INTENT, PREDICTION_INTENT)):
        return None  # "did anyone predict Atleti to go through", "did Klopp say": words the articles give
    managers: frozenset[str] = frozenset()
    if q.people:
        # A manager stands for his side ("did Klopp's men turn it around").
        managers = frozenset().union(*a.view.roles.managers.values())
        if not managers.issuperset(q.people):
            return None
    if q.leg == "first" or _leg_at_venue(a) == "first" or a.view.names.anchors(e for e in q.named
                                                                               if e not in managers):
        return None
    if not q.ties <= a.index.unplayed:
        return None
    return _after_the_articles(a, q.ties)


def _leg_at_venue(a: Asking) -> str | None:
    """The leg a question names by its ground alone ("did they win at the Bernabéu in 2023"), or None.

    Only a question naming no leg, of one tie, and a ground only one of that tie's legs was played at,
    not as a moment ("the weekend before the Bernabéu": the language's second-leg `before` words; "before
    travelling to the Bernabéu": a `tie_moments` phrase opening with one of them).
    """
    q = a.q
    if q.leg is not None or q.ties is None or len(q.ties) != 1:
        return None
    tie = a.snap.knowledge.ties[next(iter(q.ties))]
    legs = [(name, leg.venue) for name, leg in (("first", tie.first_leg), ("second", tie.second_leg))
            if leg.venue is not None and leg.venue in q.entities]
    if len(legs) != 1:
        return None
    name, venue = legs[0]
    span = q.mentions.spans.get(venue)
    if span is not None:
        lang = a.view.language
        before = list(q.tokens[:span[0]])
        while before and before[-1] in lang.moment_skip:
            before.pop()
        if any(tuple(before[-len(p):]) == p for p in lang.moment_before if len(p) <= len(before)):
            return None
        if q.at_that_moment and any(tuple(before[-len(p):]) == p for p in lang.tie_moments
                                    if len(p) <= len(before) and p[:1] in lang.moment_before):
            return None
    return name


def _after_the_articles(a: Asking, ties: Iterable[str]) -> Decline:
    """The decline for what came after the articles, naming the ties they were written before, by year."""
    named = sorted((a.snap.knowledge.ties[i] for i in ties), key=lambda t: (t.year, t.id))  # sets have no order
    names = "; ".join(f"{t.name} ({t.year})" for t in named)
    return Decline("after-the-articles", a.language.say("after_the_articles", ties=names))


def round_after_the_tie(a: Asking) -> Decline | None:
    """A round of the tie's season later than the tie's own ("who did they meet in the semis" of a quarter-final).

    The articles were written before each tie was decided, so that round came after them. Rounds are
    compared by their place in a season (the language's `round_order`), not by the words asking. Only
    when the question places itself in one tie's season: not a year of history, a relative year, a
    club beyond the ties or a person ("the 2019 semi-final", "the semi the year after", "what Klopp
    said of the semis" are events or words the articles tell).
    """
    q = a.q
    if (q.ties is None or len(q.ties) != 1 or q.history_year is not None or q.foreign_years or q.people
            or q.counted_from):
        return None  # one tie's season; not a year of history nor a person's words
    knowledge, view = a.snap.knowledge, a.view.language
    # Read in the question's language, and in the default one its shorthand may expand to ("cuartos").
    order, starts = a.snap.round_orders[view.code]
    if starts.isdisjoint(q.tokens):
        return None  # no round named: most questions
    tokens, named, i = q.tokens, set(), 0
    aims = 0
    links = (*knowledge.language.round_aim_links, *view.round_aim_links)
    aside = (*knowledge.language.round_set_aside, *view.round_set_aside)
    while i < len(tokens):  # the longest phrase at each place: "semi final" is not the semi
        n = next((n for n in (3, 2, 1) if tuple(tokens[i:i + n]) in order), 0)
        if n and any(tuple(tokens[max(0, i - len(p)):i]) == p for p in aside):
            i += n  # "what was at stake besides the semi": the round is set aside, something else is asked
            continue
        if n:
            named.add(order[tuple(tokens[i:i + n])])
            aims += any(tuple(tokens[max(0, i - len(p)):i]) == p for p in links)
        i += n or 1
    if not named or a.view.names.anchors(q.named):
        return None  # no round named, or another club's ("that semi against Barça")
    needs = (*knowledge.language.round_needs, *view.round_needs)
    if aims == len(named) and holds_words(tokens, needs):
        return None  # "what did they need to do to reach the semis": a need the previews state, the round its aim
    if holds_words(tokens, view.relative_years):
        return None  # "the year after the 2020 tie ... the qf": another season's round
    facts = a.index.facts
    if any(facts[f].year is not None for f in q.previous_facts if f in facts):
        return None  # "who did they beat in that semi" after history the articles told: that season's
    own_order = knowledge.language.round_order  # ties.yaml names rounds in the default language
    own = [own_order.get(tuple(tokenize(normalize(knowledge.ties[t].round)))) for t in q.ties]
    if any(r is None or min(named) <= r for r in own):
        return None
    return _after_the_articles(a, q.ties)


def never_quoted(a: Asking) -> Decline | None:
    """What someone said or predicted, when nobody of that name is quoted, or only on other ties.

    And a prediction asked of a tie the articles carry no prediction for.
    """
    q = a.q
    # "And Simeone?" after "what did Ancelotti say" asks what Simeone said: the last question's kind.
    intent, score = q.intent if q.again else q.intents.best
    if intent in (QUOTE_INTENT, PREDICTION_INTENT) and score >= EVIDENCE:
        elsewhere = _quoted_elsewhere(a)
        if elsewhere is not None:
            return elsewhere
    if (intent == PREDICTION_INTENT and score >= EVIDENCE and q.intents.decisive and not q.people
            and q.ties is not None and not q.hypothetical and not a.index.intent_facts(intent, q.ties, 1)):
        # "What do the experts tip for the 2023 tie": the experts predicted one tie, not this one.
        return Decline("no-predictions", a.language.say("no_fact"))
    if intent != QUOTE_INTENT or score < EVIDENCE:
        return None
    if not q.people:
        # A word no fact uses may be a name nobody quotes; not one of the words asking for a detail ("how do
        # you say it in French": the language asked for, which the details gate answers).
        unknown = [w for w in q.unknown if a.index.stem(w) not in a.asking_stems()] if q.unknown else []
        if unknown and not q.entities:
            name = " ".join(unknown[:4])
            return Decline(f"not-quoted:{'-'.join(unknown[:4])}", a.language.say("not_quoted", names=name.title()))
        return None
    entities = a.snap.knowledge.entities
    if any(p in a.index.speakers for p in q.people):
        silent = _not_quoted_on_tie(a)
        if silent:
            tie = a.snap.knowledge.ties[next(iter(q.ties or ()))]
            names = f"{a.either(entities[p].name for p in silent)} ({tie.name}, {tie.year})"
            return Decline(f"not-quoted:{','.join(silent)}", a.language.say("not_quoted", names=names))
        return None
    return Decline(f"not-quoted:{','.join(q.people)}",
                   a.language.say("not_quoted", names=a.either(entities[p].name for p in q.people)))


def _not_quoted_on_tie(a: Asking) -> list[str]:
    """Everyone asked to be quoted, when the question is about one tie and none of them speaks in its facts.

    Klopp speaks in the 2021 article and is only talked about in the 2020 one: what he said before the
    2020 game is nothing the articles hold, and a fact merely naming him ("Klopp's side") is no quote.
    """
    q, index = a.q, a.index
    if q.ties is None or len(q.ties) != 1 or not q.intents.decisive or q.tie_from_context:
        return []
    ids, record = index.catalog.ids, index.catalog.facts.record
    silent = []
    for person in q.people:
        if person not in index.speakers:
            return []
        facts = (record(ids[n]) for n in index.by_entity.get(person, ()))  # type: ignore[arg-type]
        if any(r.speaker == person and r.tie in q.ties for r in facts):
            return []
        silent.append(person)
    return silent


def _quoted_elsewhere(a: Asking) -> Decline | None:
    """Lynch asked to tip a Real Madrid tie: he is quoted only on a tie that club did not play.

    A person the articles quote, named with a club of the ties or someone they do not quote, when every
    fact quoting or naming that person is of a tie the other was not in: nothing they said is about it.
    """
    q, index, knowledge = a.q, a.index, a.snap.knowledge
    speakers = [p for p in q.people if p in index.speakers]
    # What they are asked about: a club of the ties, or someone the articles do not quote ("about Salah").
    subjects = [t for t in q.teams if t not in a.snap.everywhere] + [p for p in q.people if p not in speakers]
    if not speakers or not subjects:
        return None
    ties_of_subjects = {t.id for t in knowledge.ties.values() if not set(subjects).isdisjoint(t.teams)}
    ties_of_subjects.update(t for e in subjects for t in index.entity_ties.get(e, ()) if t is not None)
    ties_of_speakers = {t for p in speakers for t in index.entity_ties.get(p, ()) if t is not None}
    if not ties_of_subjects or not ties_of_speakers or not ties_of_subjects.isdisjoint(ties_of_speakers):
        return None
    names = [knowledge.entities[e].name for e in (*speakers, *subjects)]
    return Decline(f"not-about:{','.join((*speakers, *subjects))}", a.language.say("not_about", names=a.either(names)))

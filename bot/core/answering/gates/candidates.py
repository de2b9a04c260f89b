"""Candidate gates: each narrows the ranked facts to those that can answer, in the engine's order.

Each narrowing gate checks that the best candidate it keeps is still an answer, so a decline names
the gate that ran out of facts.
"""

from __future__ import annotations

from bot.core.answering.gates.asking import AcrossTies, Asking, Decline, Overview, Verdict
from bot.core.answering.ranking import (
    EVIDENCE,
    QUOTE_INTENT,
    RESULT_INTENTS,
    W_COVERAGE,
    Scored,
)
from bot.core.knowledge.language import Detail
from bot.core.text import holds_words, normalize, tokenize

__all__ = [
    "asked_detail",
    "compared_across_ties",
    "count_stated",
    "declined_intent",
    "evidence",
    "manager_named",
    "names_covered",
]


def compared_across_ties(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """"Which of the three ties was a quarter-final": asked of every tie (or the ties named), answered per tie."""
    q = a.q
    if not q.compares or (q.ties is not None and len(q.ties) < 2):
        return ranked
    if a.role_listed() is not None:
        return ranked  # "which managers are named across the three articles": one list of them (people_listed)
    ties = q.ties if q.ties is not None else a.index.all_ties
    return AcrossTies(tuple(sorted(ties, key=lambda t: (a.snap.knowledge.ties[t].year, t))))


def declined_intent(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """Kinds of question the articles cannot answer by nature (who went through) carry their own reply.

    Unless the best fact shares a specific name or the history year: "did Liverpool get past
    Barcelona in 2019" is history the articles tell.
    """
    q = a.q
    intent, score = q.intents.best
    if intent is None or not q.intents.decisive or score < EVIDENCE or q.hypothetical:
        return ranked
    reply = a.view.intents[intent].decline
    if reply is None or (ranked and _names_other_games(a, ranked[0])):
        return ranked
    asked = a.details_asked()
    if asked and not any(a.view.attributes.carrying((s.item.id for s in ranked), asked)):
        return ranked  # "who wins the Champions League next year": the detail no fact states says why, next
    own = a.own_details()
    if own and ranked and not any(d.result or d.after_the_articles for d in own) and all(
            a.view.attributes.carrying((ranked[0].item.id,), own)):
        return ranked  # "the next round's name": a detail the preview states (what was at stake), no outcome
    return Decline(f"intent-declines:{intent}", reply)


def _names_other_games(a: Asking, best: Scored) -> bool:
    """Whether the best fact shares the history year, or a specific name other than a ground of the ties asked.

    "Did they get past Barcelona in 2019" is history a fact tells; "did they get through in the second
    leg at Anfield" names the ground of the tie's own leg, a place in the tie asked about, not another game.
    """
    q = a.q
    if q.history_year is not None and best.item.year == q.history_year:
        return True
    shared = a.entity_set & best.item.specific
    if not shared:
        return False
    ties = a.snap.knowledge.ties
    grounds = {leg.venue for t in (q.ties if q.ties is not None else ties) if t in ties
               for leg in (ties[t].first_leg, ties[t].second_leg) if leg.venue}
    return not shared <= grounds


def asked_detail(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """A question asking for a detail (the referee, a price, the scorers) is answered only by a fact stating it."""
    q = a.q
    details = a.view.attributes
    asked = a.details_asked()
    if asked and ranked:
        asked = [d for d in asked if not _in_their_own_words(a, d, ranked)]
    if not asked:
        return ranked
    side = details.side(asked, q.tokens, q.named, q.mentions.spans)
    flags = details.carrying((s.item.id for s in ranked), asked, side)
    carrying = [s for s, carries in zip(ranked, flags, strict=True) if carries]
    # "The 2019 final": a final of that year, not last season's. A tie's own year already
    # keeps to that tie's facts, whose article tells of the final around it.
    dated_years = [y for y in q.mentions.years if y not in a.index.tie_years]
    if dated_years:
        in_year = details.dated((s.item.id for s in carrying), asked, dated_years)
        carrying = [s for s, ok in zip(carrying, in_year, strict=True) if ok]
    # "Who won the league in 2021": the season of a tie's year ended after that tie's articles; a fact of
    # the tie tells last season's title, so only one saying the year next to the title states it. Asked of
    # no club and no other year: "were Liverpool the reigning champions in 2021" asks last season's title.
    decided_later = [d for d in asked if d.after_the_articles and d.dated]
    tie_years = [y for y in q.mentions.years if y in a.index.tie_years]
    if decided_later and tie_years and not dated_years and not q.teams:
        in_year = details.dated((s.item.id for s in carrying), decided_later, tie_years, own_year=False)
        carrying = [s for s, ok in zip(carrying, in_year, strict=True) if ok]
    # "The day of the first leg": stated of that leg. Not a tie's round: the leg's is its tie's.
    if q.leg in ("first", "second") and not all(d.of_tie for d in asked):
        of_leg = details.about_leg([s.item.id for s in carrying], [s.item.leg for s in carrying], q.leg, asked,
                                   [s.item.tie is None for s in carrying])
        carrying = [s for s, ok in zip(carrying, of_leg, strict=True) if ok]
    scorelines = [a.index.stem(t) for t in q.tokens if t[:1].isdigit() and "-" in t]
    if (scorelines and any(d.result for d in asked)) or not a.index.leg_scores.issuperset(scorelines):
        # "Did he score in the 4-1 defeat": the game that scoreline names, told by a fact giving it; one telling
        # of another game (a penalty missed at the weekend) does not say it. A scoreline no leg of the ties
        # ended in names a past game whatever is asked of it ("the crowd at the 4-0 against them"): a fact
        # stating the crowd at a tie's leg does not say it. A leg's own score may name the leg before the one
        # asked of ("the date of the return after the 5-2"), which the leg gate judges.
        carrying = [s for s in carrying if not s.item.stems.isdisjoint(scorelines)]
    carrying = _asking_words_covered(a, asked, carrying)
    if not a.accepts(carrying):
        if asked[0].after_the_articles:  # "who won the league that season": decided after they were written
            return Decline("after-the-articles", asked[0].reply)
        return Decline(f"asked-detail:{asked[0].name.replace(' ', '-')}", asked[0].reply)
    return carrying


def _in_their_own_words(a: Asking, detail: Detail, ranked: list[Scored]) -> bool:
    """Whether the question asks for a detail only in the words of a quote of the person whose words it asks.

    "What does Klopp say his job is, given the forced distance from the fans": "distance from" reads as
    a journey asked, but "distance" is Klopp's own word in the quote asked about; his words quoted back
    ask for that quote, not for the detail. Only the quoted words count (not the answer around them, which
    says who spoke where and when), and only candidates of a person the question names.
    """
    people = a.speakers_asked or a.q.people
    if not people or a.index.speakers.isdisjoint(people):
        return False
    stopwords, stem = a.view.language.stopwords, a.index.stem
    # A verb of saying asks for his words, whatever they are: it is no word of theirs.
    saying = a.q.intents.cued.get(QUOTE_INTENT, frozenset()) | a.view.reader.frame_stems
    asking = {st for w in a.asking_words([detail]) if w not in stopwords and (st := stem(w)) not in saying}
    if not asking:
        return False
    for s in ranked[:_OWN_WORDS_CANDIDATES]:
        if s.item.speaker in people and s.fact.quote and asking <= {
                stem(w) for w in tokenize(normalize(s.fact.quote))}:
            return True
    return False


_OWN_WORDS_CANDIDATES = 3
"""The best candidates whose quotes are read for the words a detail is asked in (a quote is decoded to be read)."""


def count_stated(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """"How many league titles": answered only by a fact stating a number, of the kind of thing counted.

    Each word qualifying the noun counted ("league" titles) must be among the fact's own words outside
    its names (a "sixth" Champions League win is no league title), and a scoreline counts only goals.
    """
    counted = a.q.counted
    if counted is None:
        return ranked
    if counted.noun in a.q.unknown:
        # "How many caps does he have": a thing no fact nor the language file knows at all, so no fact counts it,
        # whatever number a fact about him gives.
        return Decline(f"count-not-stated:{counted.noun}", a.language.say("no_fact"))
    view, default = a.view.language, a.snap.knowledge.language
    stem = a.index.stem
    qualifiers = [stem(w) for w in counted.qualifiers]
    numbers = frozenset(view.number_words.keys() | default.number_words.keys())  # hashed once: the count cache's key
    # A scoreline counts a side's goals: a player's ("how many did Salah score that season") it does not give.
    scoreline = counted.noun in view.scoreline_counts and not a.q.people
    attributes = a.view.attributes
    noun = stem(counted.noun)
    years = counted.noun in view.year_counts
    stating = [s for s in ranked if attributes.states_count(s.item.id, noun, qualifiers, stem,
                                                             numbers, scoreline, years)]
    if counted.noun in view.named_counts or counted.noun in default.named_counts:
        # "How many league titles": a number the fact gives of titles, right before its word for them ("a
        # 14th European title", "13-time European Cup winners", "a sixth time"); "a three-match winless
        # run" counts games, "the last 16" a round. Of a club the question names, a fact naming it: one
        # telling Liverpool's sixth counts no Atlético titles.
        times = frozenset(stem(w) for w in (*view.count_times, *default.count_times)) | {noun}
        names, clubs = a.view.names, a.q.teams
        asked = frozenset(a.q.named) & a.view.reader.competitions
        stating = [s for s in stating if attributes.counts_of(s.item.id, times, stem, numbers, asked)
                   and (not clubs or any(names.mentions(s.item, club) for club in clubs))]
    if not a.accepts(stating):
        return Decline(f"count-not-stated:{counted.noun}", a.language.say("no_fact"))
    return stating


def _asking_words_covered(a: Asking, asked: list[Detail], carrying: list[Scored]) -> list[Scored]:
    """A fact stating the detail asked, about a name the question gives, covers the words asking for it.

    "What day was the Espanyol game" is answered by "on the Saturday … beat Espanyol", which holds no
    "day": the words asking for the detail count as topic words that fact shares. Only for a fact
    naming a person, club or competition beyond the ties' own that the question names, or of the
    history year asked: the detail alone is too loose a match ("first half" is no half-time score).
    """
    q, index = a.q, a.index
    names = a.view.names
    wanted = names.anchors(q.entities)
    if not wanted and q.history_year is None:
        return carrying  # no name nor year asked of: no fact's coverage is raised (most detail questions)
    words = a.asking_words(asked)
    asking = {stem for t in words if (stem := index.stem(t)) in q.stems}
    if not asking or not a.weight:
        return carrying
    raised = False
    for s in carrying:
        missing = sum(q.stems[stem] for stem in asking if stem not in s.item.stems)
        if missing and (names.mentions_any(wanted, s.item)
                        or (q.history_year is not None and s.item.year == q.history_year)):
            s.coverage += missing / a.weight
            s.total += W_COVERAGE * missing / a.weight / a.scale
            raised = True
    return sorted(carrying, key=lambda s: (-s.total, s.item.id)) if raised else carrying


def manager_named(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """"Real Madrid's manager" is answered by a fact naming one, not by one about Klopp."""
    q = a.q
    roles = a.view.roles
    managers = a.own_managers()
    if managers is None and q.previous_manager and q.named:  # "and Liverpool's?" after "Madrid's coach"
        managers = roles.asked_managers(roles.asking, a.employers())
    if managers is None:
        return ranked
    employers = a.employers()
    wanted = a.view.names.anchors(managers)
    holding = a.view.names.naming(wanted, ranked)
    if not a.accepts(holding):
        clubs = a.either(a.snap.knowledge.entities[t].name for t in employers)
        return Decline(f"manager-not-named:{','.join(employers)}", a.language.say("manager_not_named", club=clubs))
    return holding


def names_covered(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """A question naming people, clubs or competitions beyond the ties' own is answered by a fact naming one.

    A fact naming none of them is about another game or person, however near it ranks: the
    candidates narrow to those that name one, and with none at all, the question is declined. A
    result asked of them in a tie's year is not one of another year.
    """
    names = a.view.names
    wanted = names.anchors(a.q.named)
    if not wanted:
        return ranked
    naming = names.naming(wanted, ranked)
    q = a.q
    teams = wanted - names.competitions
    if naming and teams and _asked_in_passing(a):
        # Asked whom Deportivo beat in their fightback: a fact listing Deportivo among the clubs that came
        # back says nothing of that game, only that there was one.
        listed = a.view.attributes.listed
        naming = [s for s in naming if teams.isdisjoint(listed(s.item.id))]
    if naming and teams and q.history_year is not None:
        # "Whom did Barcelona meet in 2016": a fact giving 2016 beside another club ("Barcelona (2019
        # semi-final) and Dortmund (2016)") tells Dortmund's game of that year, not Barcelona's.
        beside, year, others = a.view.attributes.dated_beside_another, q.history_year, names.anchoring - teams
        framing = a.index.tie_years
        naming = [s for s in naming if not any(beside(s.item.id, t, year, others, framing) for t in teams)]
    intent, score = q.intents.best
    if (naming and intent in RESULT_INTENTS and score >= EVIDENCE and q.intents.decisive and q.history_year is None
            and q.mentions.years and set(q.mentions.years) <= a.index.tie_years):
        # "How did Barcelona do in 2021": that club's result in a tie's year, which no history the articles
        # recall of another year (their 2019 semi-final) or of none (a record) is, whichever article tells it.
        naming = [s for s in naming if s.item.tie is not None or s.item.year in q.mentions.years]
    if naming:
        return naming  # facts about them exist: whether one answers is the evidence's to judge
    missing = [e for e in a.q.named if e in wanted]
    return Decline(f"not-about:{','.join(missing)}",
                   a.language.say("not_about", names=a.either(a.snap.knowledge.entities[e].name for e in missing)))


def _asked_in_passing(a: Asking) -> bool:
    """Whether the question asks who a club played or when (the language's `passing_asks`), not for a list."""
    language, tokens = a.view.language, a.q.tokens
    return (holds_words(tokens, language.passing_asks) and language.list_asks.isdisjoint(tokens)
            and not any(a.index.stem(t) in language.list_asks for t in tokens))


def evidence(a: Asking, ranked: list[Scored]) -> list[Scored] | Verdict:
    """The best fact must clear the threshold and share more than a club name; else decline (or the tie's card)."""
    weakness = "no-topic-match" if not ranked else a.weakness(ranked[0])
    if weakness is None:
        return ranked
    q = a.q
    # A tie named, and nothing the facts answer asked of it ("talk me through the 2023 tie", "real
    # madrid liverpool"): its overview, unless a word the facts never use says something else is meant.
    frame = a.view.reader.frame_stems
    elsewhere = [w for w in q.unknown if a.index.stem(w) not in frame]  # "weather", "pub": not about the tie
    off_topic = weakness == "off-topic" or (bool(ranked) and a.off_topic(ranked[0]))
    asks_something = q.intents.decisive and q.intents.best[1] >= EVIDENCE  # "who is the best player at X"
    # A person named ("what did Hayward predict for 2021") asks about them, not for the tie's story; a
    # club beyond the ties' own ("how are Barcelona doing in La Liga") about that club.
    if (q.ties and not off_topic and not elsewhere and not q.previous_details and not asks_something
            and not a.beyond_the_ties(asked_for=False)):
        return Overview(tuple(sorted(q.ties, key=lambda t: (a.snap.knowledge.ties[t].year, t))))
    if q.unknown:
        return Decline(weakness, a.language.say("says_nothing", words=" ".join(q.unknown[:5])))
    return Decline(weakness, a.language.say("no_fact"))

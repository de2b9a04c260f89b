"""Rank: every candidate fact scored against one read question, under the hard constraints.

A fact's total combines three separate signals — the intent (the kind of question), the
coverage (the question's topic words the fact shares, weighted by rarity) and the entities
(the names both mention) — plus small bonuses for what the question pins down (its tie, its
leg, its historical year, a quoted speaker, the fact a follow-up points back to). Hard
constraints (another tie, another leg, another year, another speaker) leave a fact out
altogether. The tuned numbers all live here, named, so a change to one is a change in one place.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from operator import attrgetter
from typing import NamedTuple, cast

from rapidfuzz import fuzz, process

from bot.core.answering.index import CANDIDATE_BUDGET, IndexedFact, TaughtGroup
from bot.core.answering.question import INHERITED_INTENT_SCORE, Question
from bot.core.answering.snapshot import Snapshot
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import (
    DATE_INTENT,
    HISTORY_INTENT,
    OVERVIEW_INTENT,
    PERSON_INTENT,
    PREDICTION_INTENT,
    QUOTE_INTENT,
    RESULT_INTENT,
)

__all__ = [
    "ANSWER_THRESHOLD",
    "OVERVIEW_INTENT",
    "PERSON_INTENT",
    "PREDICTION_INTENT",
    "QUOTE_INTENT",
    "RESULT_INTENTS",
    "Ranking",
    "Scored",
]

ANSWER_THRESHOLD = 0.42
"""The least total a fact needs to be an answer at all."""
W_INTENT = 0.3
W_COVERAGE = 0.5
W_ENTITY = 0.3
"""How much each signal weighs in the total."""
TOPIC_WEIGHT = 2.5
"""A question word this weighty (rare in the facts, or in none) is its topic, not a passing word."""
EVIDENCE = 0.3
"""The intent or coverage a fact needs, when it shares no specific name, to be more than a club name."""
SINGLE_TIE_BONUS, SHARED_TIE_BONUS = 0.08, 0.04
"""A fact of the tie the question names (one tie; one of several)."""
HISTORY_YEAR_BONUS, LEG_BONUS, SPEAKER_BONUS, FOLLOWED_BONUS = 0.12, 0.1, 0.08, 0.2
SAME_EVENT_BONUS = 0.15
"""A follow-up pointing back ("where was it?") is about the last answer's event: a fact naming one of
its specific names (Espanyol, Ajax) tells more of it than another fact of the same tie."""
"""A fact of the historical year asked, of the leg asked, quoting the person asked, pointed back to by a follow-up."""
TAUGHT_FLOOR, TAUGHT_WEIGHT, TAUGHT_CANDIDATES = 0.7, 0.4, 12
"""A taught question as close as TAUGHT_FLOOR starts to count; an exact one adds TAUGHT_WEIGHT. Compared: the
best 12 candidates by the other signals."""
DICE_BOUND_SLACK = 1e-9
"""How far below TAUGHT_FLOOR a key's bound on its dice coefficient (`_best_similarity`) may fall and the key
still be compared (rounding)."""
GROUP_BOUND_SLACK = 1e-6
"""How far below TAUGHT_FLOOR the bound on a group of taught keys' dice coefficients (`_taught`) may fall and
their keys still be weighed: wider than float32's step at the floor, so a key left unweighed scores below
every match that counts, however a float32 spelled score is compared with it."""
TAUGHT_WORD_SHARE = 0.5
"""A question word only a fact's taught questions use covers half as much as one its answer uses."""
TAUGHT_SURE = 0.9
"""A taught question this close is the question a curator said the fact answers: no word gate overrules them."""
UNANCHORED_HISTORY_PENALTY = 0.1
"""History (a fact of no tie) the question shares neither a year, a specific name nor most topic words with."""
OTHER_GAME_PENALTY, PAST_GAME_BONUS = 0.1, HISTORY_YEAR_BONUS
"""The clubs of no tie a question names name a past game ("the Dortmund comeback", "Roma against Barcelona"):
a fact missing one of them tells of another game; history (a fact of no tie) naming them all tells of that
one, as a fact of the history year asked does."""
PAST_ASKED_BONUS = 0.1
"""A question asking about a club's past ("the only time they went out", "have they ever") is answered by the
history the articles recall (a fact of no tie) before the news of the tie it shares words with."""
NAMED_PAST_GAME_ASKS = 0.3
"""Below this intent score a question naming a past game (a club of no tie, a year of history) asks nothing
of its own: it asks for that game's story, the history intent."""
ABOUT_THE_SPEAKER = frozenset({DATE_INTENT, PERSON_INTENT})
"""A fact with a speaker of these kinds tells when he spoke or who he is, not what he said."""
RESULT_INTENTS = frozenset({RESULT_INTENT})
"""The intents the code relies on are declared, and checked at load, in bot.core.knowledge.store."""
_LEGS = ("first", "second")
_BY_TOTAL = attrgetter("total")


@dataclass(slots=True)
class Scored:
    """A candidate fact with its total and the parts that made it.

    Not frozen: one is built per candidate, and a frozen dataclass's `__init__` costs several times more.
    """

    item: IndexedFact
    total: float
    intent: float
    coverage: float
    entity: float
    taught: float = 0.0
    """How closely the question matches one of the questions the fact was taught (`asked_as`), 0 to 1."""
    lift: float = 0.0
    """What the taught match added to the total."""

    @property
    def fact(self) -> Fact:
        """The fact itself."""
        return self.item.fact


class Ranking:
    """One question's scoring context against one snapshot: rank, and judge a candidate's evidence."""

    def __init__(self, snap: Snapshot, q: Question, language: str | None = None, reply: str | None = None) -> None:
        self.snap = snap
        self.view = view = snap.view(language)  # the language the question is read in
        self.language = snap.view(reply).language if reply is not None else view.language  # the one answered in
        self.index = view.index
        self.q = q
        # The best a fact can score depends on what the question offers: a bare "what about
        # the second leg?" has no topic words or names, and must not be judged for lacking them.
        scale = W_INTENT + (W_COVERAGE if q.stems else 0.0) + (W_ENTITY if q.entities else 0.0)
        # A named leg is what a bare "second leg venue?" is about: it stands in for the topic words.
        named_leg = q.mentions.leg is not None and not q.stems and not q.entities
        floor = W_INTENT if named_leg else W_INTENT + 0.5 * W_COVERAGE
        self.scale = max(scale, floor) / (W_INTENT + W_COVERAGE + W_ENTITY) * 1.1
        self.weight = q.content_weight
        self.entity_set = set(q.entities)
        self.intent_scores = dict(q.intents.ranked)
        if q.inherited_intent is not None:
            inherited = q.inherited_intent
            self.intent_scores[inherited] = max(self.intent_scores.get(inherited, 0.0), INHERITED_INTENT_SCORE)
        elif q.history_year is not None and q.intents.best[1] < NAMED_PAST_GAME_ASKS and any(
                club in view.reader.outside_club_stems for club in q.named):
            # "That 2016 Dortmund game": a past game named, with nothing asked of it, asks for its story,
            # as a tie named alone asks for the tie's: the history the articles tell of it.
            self.intent_scores[HISTORY_INTENT] = max(self.intent_scores.get(HISTORY_INTENT, 0.0),
                                                     INHERITED_INTENT_SCORE)
        # A tie's year or one of its legs' scorelines names it: history it recalls is then off topic
        # unless the question names that history's own club or person.
        self.named_tie = (any(year in self.index.tie_years for year in q.mentions.years) or q.scoreline_named
                          or q.tie_from_context)
        self.stem_weights = list(q.stems.items())
        # A quote question naming people rules out statements by anyone else.
        # So does a question naming someone the articles quote ("Liverpool's form according to Lynch"): what
        # another speaker said is his view, not the view asked about.
        self.quote_speakers = set(q.people) if q.people and (
            self.intent_score(QUOTE_INTENT) >= EVIDENCE or not self.index.speakers.isdisjoint(q.people)) else None
        said = q.intents.cued.get(QUOTE_INTENT) if self.quote_speakers else None
        if said:
            # "What does Hayward say about away goals": the verb asks for his words, and each of his
            # statements reports them ("said"); the point asked is the rest, unless nothing else is asked.
            rest = [(s, w) for s, w in self.stem_weights if s not in said]
            if rest:
                self.stem_weights = rest
                self.weight = sum(w for _, w in rest)
        self._asking: frozenset[str] | None = None
        self.speakers_asked: frozenset[str] = frozenset()
        """The people whose words are asked when the question names them by their role ("either of the experts")."""

    def ask_of(self, speakers: frozenset[str]) -> None:
        """Ask the question of these people's words ("which of the two correspondents expected ...").

        Their statements only, each the kind of answer asked, as when they are named; people the question
        names beside them ("did either of the experts mention him") are then what their words are about.
        """
        self.speakers_asked = speakers
        self.quote_speakers = set(speakers)

    def intent_score(self, intent: str) -> float:
        """How strongly the question asks for this kind of answer (inherited intents included)."""
        return self.intent_scores.get(intent, 0.0)

    def rank(self) -> list[Scored]:
        """The candidates the index offers, scored and best first (constraints leave some out)."""
        q, index = self.q, self.index
        numbers = index.candidate_numbers(q.stems, q.entities, q.ties)
        # "Against whom?" names nothing and shares no word with the last answer, which it is about.
        if q.previous_facts:
            number = index.catalog.number
            numbers.update(number[f] for f in q.previous_facts if f in number)
        intent = q.inherited_intent or q.intents.best[0]
        if intent is not None and (q.ties is not None or not numbers):
            # The budget is shared: a store small enough never reaches it, a big one stays fast.
            numbers.update(index.intent_numbers(intent, q.ties or None, max(0, CANDIDATE_BUDGET - len(numbers))))
        # Scored in the order of their ids, which then break ties in total (a stable sort keeps it): the
        # order never depends on the index, and ordering fact numbers by id costs less than ordering
        # the candidates' `Scored` by `item.id`, twice when taught questions raise some.
        by_id = self.score_all(index.facts.at.many(sorted(numbers, key=index.catalog.order().__getitem__)))
        scored = sorted(by_id, key=_BY_TOTAL, reverse=True)
        if self.index.asked and scored and self._taught(scored[:TAUGHT_CANDIDATES]):
            scored = sorted(by_id, key=_BY_TOTAL, reverse=True)
        return scored

    def _taught(self, best: list[Scored]) -> bool:
        """Raise the candidates whose taught questions the question closely matches; whether any rose.

        Only the best few candidates are compared (fuzzy matching costs microseconds a string), and
        only above TAUGHT_FLOOR does a match count: a question worded nearly like one a fact was
        taught is answered by it, within the same constraints as any other signal. Alike means
        spelled alike (rapidfuzz's ratio of the sorted words, forgiving typos), or sharing most of
        its weight in words (rarer words weighing more, forgiving word order and extra words).

        A candidate's keys are compared group by group (`TaughtGroup`: those asking about one of the
        question's words). Most groups share too little weight with the question for any of their keys
        to match by it, which the group's stems and lightest key tell at once: such a group is not
        weighed key by key, and its keys count only where spelled alike (a key alike in neither way
        scores below any match that counts, GROUP_BOUND_SLACK).
        """
        index = self.index
        wh, key = index.content_key(self.q.tokens)
        if not key:
            return False
        # The taught questions worth comparing: those sharing a word beyond names and years (names
        # alike make two questions look alike), whose question words agree where both have them
        # ("when is it" is not "where is it").
        asks = index.asking_words(key)
        mine_weights = index.key_weights(key)
        mine_total = sum(mine_weights.values())
        weight_of = mine_weights.__getitem__
        reach = TAUGHT_FLOOR - GROUP_BOUND_SLACK
        compared: list[tuple[Scored, list[tuple[TaughtGroup, tuple[str, ...], bool]]]] = []
        choices: list[str] = []
        for s, groups in zip(best, index.taught_words.many([s.item.id for s in best]), strict=True):
            if groups.keys().isdisjoint(asks):  # half the candidates: no taught question of theirs asks of these
                continue
            picked = []
            for word in asks:
                group = groups.get(word)
                if group is not None:
                    keys = group.asked_by.get(wh, group.plain) if wh else group.keys
                    if keys:
                        choices += keys
                        # Whether a key of the group can share enough weight with the question: it shares
                        # at most what the group's stems share, and weighs at least the lightest key.
                        weighed = 2 * sum(map(weight_of, group.stems.intersection(mine_weights))) / (
                            mine_total + group.lightest) >= reach
                        picked.append((group, keys, weighed))
            if picked:
                compared.append((s, picked))
        if not compared:
            return False
        spelled = _spelled(key, choices)
        mine = _Mine(mine_weights, mine_total, spelled, {})
        raised = False
        for s, picked in compared:
            best_match = 0.0
            for group, keys, weighed in picked:
                if weighed:
                    if (similarity := _best_similarity(mine, group, keys)) > best_match:
                        best_match = similarity
                elif spelled:  # a key no weight can match, spelled alike (the few spelled alike are looked up)
                    for taught_key in spelled.keys() & keys:
                        if (similarity := _float32_share(spelled[taught_key])) > best_match:
                            best_match = similarity
            if best_match >= TAUGHT_FLOOR:
                s.taught = best_match
                s.lift = TAUGHT_WEIGHT * (best_match - TAUGHT_FLOOR) / (1 - TAUGHT_FLOOR)
                s.total += s.lift
                raised = True
        return raised

    def score_all(self, items: Iterable[IndexedFact]) -> list[Scored]:
        """Each candidate's total for this question, leaving out those a hard constraint rules out.

        One loop with the question's values in locals, because it runs for every candidate and
        a method call with attribute lookups per fact cost a third of the answering time.
        """
        q = self.q
        ties = q.ties
        tie_bonus = 0.0 if ties is None else SINGLE_TIE_BONUS if len(ties) == 1 else SHARED_TIE_BONUS
        q_leg = q.leg
        split_leg = q_leg in _LEGS
        history_year = q.history_year
        past_bonus = PAST_ASKED_BONUS if q.past_asked else 0.0
        # A history year alone (no tie's year beside it) dates the question away from the ties' own news.
        other_time = history_year is not None and not self.named_tie
        tie_years = self.snap.tie_years
        entity_set = self.entity_set
        n_entities = len(entity_set)
        quote_speakers = self.quote_speakers
        named_tie = self.named_tie
        intent_scores = self.intent_scores
        weight = self.weight
        stem_weights = self.stem_weights
        scale = self.scale
        people = self.speakers_asked or q.people
        quote_score = intent_scores.get(QUOTE_INTENT, 0.0)
        # Whose words ("who said", "which manager joked that") asked by a verb of saying, not by a request
        # ("tell me a joke about them"): then any statement is the kind of answer asked.
        whose_words = quote_score if not people and not self.q.intents.cued.get(
            QUOTE_INTENT, frozenset()) <= self.view.reader.frame_stems else 0.0
        aggregate_asked = INHERITED_INTENT_SCORE if q_leg == "aggregate" else 0.0
        aggregate_stems = self.view.reader.aggregate_stems if q_leg == "aggregate" else frozenset()
        # "How many would they need if Atlético score": what a condition would require, not the expert's tip.
        result_asked = 0.0 if q.hypothetical else max(intent_scores.get(RESULT_INTENT, 0.0), aggregate_asked)
        previous = q.previous_facts
        facts_by_id = self.index.facts
        followed = frozenset().union(*(facts_by_id[f].specific for f in previous if f in facts_by_id)) \
            if previous else frozenset()
        raise_followed = False
        if previous:
            # What "that" points to is the kind of answer asked for, unless another fact about the same
            # event is of the kind the question clearly asks ("where was it?" of a league win: its ground).
            items = list(items)
            # Its own kind held as firmly as an inherited one ("and when?" after a ground) asks it too.
            own = q.intents.best[0]
            asked = own if q.intents.decisive or (own is not None and own == q.inherited_intent) else None
            raise_followed = not any(other.intent == asked and other.id not in previous
                                     and not followed.isdisjoint(other.specific) for other in items)
        # The years a question names when they are all ties' own: a dated history fact of another
        # year is about another season, unless an article of a year named tells it.
        tie_years_named = (frozenset(q.mentions.years) if history_year is None and q.mentions.years
                           and self.named_tie else frozenset())
        told_in = self.snap.article_years
        # The tie each article previews: history it recalls is part of what it says of that tie.
        telling = self.snap.article_ties
        asked_stems = frozenset([s for s, _ in stem_weights])
        asked_weight = dict(stem_weights)
        # "Who scored in the 3-1": a fact reporting another leg's scoreline and not the one named (Benzema's
        # goals in the 5-2, Salah's miss in a 1-0) tells of another game. A fact's words hold its scorelines.
        game_scores = q.game_scores
        other_scores = self.view.reader.leg_scores - game_scores if game_scores else frozenset()
        # "The Dortmund comeback": a club of no tie names a past game; a fact naming none of those clubs the
        # question itself names (Klopp's words before the 2021 second leg) tells of another game.
        club_stems = self.view.reader.outside_club_stems
        past_clubs = [(club, club_stems[club]) for club in q.named if club in club_stems]
        # ... in the competition the question names, if it names one ("Barcelona in the Spanish league" is
        # not Liverpool's 2019 semi-final against them).
        past_competitions = [name for name in q.named if name in self.view.reader.competitions] if past_clubs else []
        past_game = bool(past_clubs)
        # The entity signal of a fact sharing 0, 1, ... of the question's entities; with one entity (half the
        # questions), whether the fact names it tells the count without making a set.
        entity_by_hits = [(hits - 0.5 * (n_entities - hits)) / n_entities for hits in range(n_entities + 1)] \
            if n_entities else []
        one_entity = next(iter(entity_set)) if n_entities == 1 else None
        out: list[Scored] = []
        for item in items:
            tie = item.tie
            if ties is not None and tie is not None and tie not in ties:
                continue
            leg = item.leg
            if split_leg and leg is not None and leg != q_leg and leg in _LEGS:
                continue
            year = item.year
            if history_year is not None and year is not None and year != history_year:
                continue
            if (other_time and year is None and tie is not None and tie_years[tie] != history_year
                    and entity_set.isdisjoint(item.specific)):
                continue  # "in 2019" is not asked of the 2021 tie's own news, unless a name both share says so
            if other_scores and item.stems.isdisjoint(game_scores) and not item.stems.isdisjoint(other_scores):
                continue
            other_game = past_game and not all(club in item.entities or not stems.isdisjoint(item.stems)
                                               for club, stems in past_clubs)
            speaker = item.speaker
            if quote_speakers is not None and speaker is not None and speaker not in quote_speakers:
                continue  # "what did Lynch say" is not answered by Hayward's words
            # Only facts of no tie need to know whether a specific name anchors them.
            # A history year asked ("after their 2019 triumph") anchors history of that year as a name does.
            anchored = False
            if tie is None:
                anchored = not entity_set.isdisjoint(item.specific) or (history_year is not None
                                                                        and year == history_year)
                if named_tie and not anchored and (ties is None or telling.get(item.article) not in ties):
                    continue  # "in 2021" asks about that tie, not about history another article recalls
                if anchored and year is not None and tie_years_named and year not in tie_years_named \
                        and told_in.get(item.article) not in tie_years_named:
                    continue  # "the Europa League in 2023" is not the 2016 Europa League tie a 2021 article told
                if (split_leg and year is not None and not anchored and tie_years_named
                        and year not in tie_years_named and not past_bonus):
                    # "Which stadium, the 2nd leg in 2023": a leg of the tie named by its year is that game, not
                    # the 2019 semi-final its article recalls, unless the question asks about the past ("had
                    # they ever").
                    continue
            intent = intent_scores.get(item.intent, 0.0)
            said = speaker is not None and speaker in people
            if said and item.intent not in ABOUT_THE_SPEAKER:
                # Whatever a person is reported as saying — a quote, or an expert's column — answers
                # "what did they say": their statement is the kind of answer asked for. A score or an
                # aggregate asked of an expert ("what agg does he have") is his prediction. A fact telling
                # when he spoke or who he is keeps its own kind: "what message did he give" asks for his
                # words, not the day he gave them, however alike their taught questions read.
                intent = max(intent, quote_score)
                if item.intent == PREDICTION_INTENT:
                    intent = max(intent, result_asked)
            elif whose_words and speaker is not None and item.intent not in ABOUT_THE_SPEAKER:
                # "Who said Liverpool would win 2-0", "which manager joked ...": asked whose words they
                # were, anyone's statement (a tip or a column as much as a quote) is the kind of answer.
                intent = max(intent, whose_words)
            # The topic words the fact covers, its own at full weight and its taught questions' at a share,
            # summed in the question's order: one intersection finds them (most candidates share one or none).
            coverage = 0.0
            if weight:
                shared = asked_stems & item.covering
                if len(shared) == 1:
                    for s in shared:
                        w = asked_weight[s]
                        coverage = (w if s in item.stems else TAUGHT_WORD_SHARE * w) / weight
                elif shared:
                    stems = item.stems
                    coverage = sum([w if s in stems else TAUGHT_WORD_SHARE * w for s, w in stem_weights
                                    if s in shared]) / weight
            if one_entity is not None:
                entity = entity_by_hits[one_entity in item.named]
            elif n_entities:
                entity = entity_by_hits[len(entity_set & item.named)]
            else:
                entity = 0.0
            total = (W_INTENT * intent + W_COVERAGE * coverage + W_ENTITY * entity) / scale
            # The bonuses and penalties in one order for every fact (the total's rounding depends on it); a fact
            # of a tie the question rules out is left out above, so one of a tie here is of a tie asked if any is.
            if tie is not None:
                if ties is not None:
                    total += tie_bonus
                if history_year is not None and year == history_year:
                    total += HISTORY_YEAR_BONUS
                if other_game:
                    total -= OTHER_GAME_PENALTY
            else:
                if history_year is None and coverage < 0.5 and not anchored and not past_bonus:
                    total -= UNANCHORED_HISTORY_PENALTY
                if history_year is not None and year == history_year:
                    total += HISTORY_YEAR_BONUS
                total += past_bonus
                if other_game:
                    total -= OTHER_GAME_PENALTY
                elif past_clubs and all(name in item.entities for name in past_competitions):
                    total += PAST_GAME_BONUS
            if q_leg is not None and leg == q_leg:
                total += LEG_BONUS
            elif aggregate_stems and not item.stems.isdisjoint(aggregate_stems):
                total += LEG_BONUS  # an expert's aggregate asked: his tip stating it, not his other words
            if said:
                total += SPEAKER_BONUS
            if previous and item.id in previous:
                if raise_followed and intent < INHERITED_INTENT_SCORE:
                    total += W_INTENT * (INHERITED_INTENT_SCORE - intent) / scale
                    intent = INHERITED_INTENT_SCORE
                total += FOLLOWED_BONUS
            elif followed and not followed.isdisjoint(item.specific):
                total += SAME_EVENT_BONUS
            out.append(Scored(item, total, intent, coverage, entity))
        return out

    def bonus(self, scored: Scored) -> float:
        """What the tie, leg, year, speaker and follow-up bonuses (and penalties) added to the signals."""
        base = (W_INTENT * scored.intent + W_COVERAGE * scored.coverage + W_ENTITY * scored.entity) / self.scale
        return scored.total - base

    # --- evidence ------------------------------------------------------------------------
    def specific(self, scored: Scored) -> bool:
        """Whether the fact shares a name beyond the usual clubs, or the historical year, with the question."""
        if self.q.history_year is not None and scored.item.year == self.q.history_year:
            return True
        return bool(self.entity_set & scored.item.specific)

    def weakness(self, best: Scored) -> str | None:
        """Why the best candidate is not an answer, as a reason code, or None when it is one.

        `no-topic-match`: below the threshold. `weak-evidence`: it shares only a club name with the
        question, not the kind of question, its topic or a specific name. `off-topic`: the question
        has a weighty topic word and the fact shares none of it.
        """
        if best.total < ANSWER_THRESHOLD:
            return "no-topic-match"
        if best.taught >= TAUGHT_SURE:
            return None
        if not (best.intent >= EVIDENCE or self.own_coverage(best) >= EVIDENCE or best.taught > 0
                or self.specific(best)):
            return "weak-evidence"
        if self.off_topic(best) or (self.q.unknown and self.guessed_only(best)):
            return "off-topic"
        return None

    def guessed_only(self, best: Scored) -> bool:
        """The fact shares the question's topic only through words read as typos, nor its kind or a name.

        Asked with a word no fact uses, the corrections are a guess at a question about something else
        ("the royal palace of Madrid" is not about a fact that "places" a game in Madrid).
        """
        if best.intent >= EVIDENCE or self.specific(best):
            return False
        stems = best.item.stems
        shared = [s for s, _ in self.stem_weights if s in stems]
        return bool(shared) and all(s in self.q.guessed for s in shared)

    def own_coverage(self, scored: Scored) -> float:
        """The coverage from the fact's own words alone (answer, keywords, quote), without its taught questions.

        A word only a taught question uses helps rank a fact, but is not evidence the fact says it.
        """
        stems = scored.item.stems
        return sum(w for s, w in self.stem_weights if s in stems) / self.weight if self.weight else 0.0

    def shares_topic(self, scored: Scored) -> bool:
        """Whether the fact's own words share a topic word with the question beyond words of any topic.

        "The cheapest way to fly to Madrid" and a quote about doing things "the easy way" share a word, but
        "way" (the language's `generic_words`) is no topic: the fact says nothing of flights. Nor is a bare
        number: "what's 12 times 13" is not about "the 13-time European champions".
        """
        stems, generic = scored.item.stems, self.view.reader.generic_stems
        return any(s in stems and s not in generic and not s.isdigit() for s, _ in self.stem_weights)

    def off_topic(self, best: Scored) -> bool:
        """The fact shares none of the question's topic words, and the question has a weighty one.

        Only a person or club beyond the ties' own that both name can then make it an answer: "which
        position is Trent's" is about Trent, "how big is the Bernabéu" about nothing a fact says. Words
        of any topic ("way", "good") are shared by facts about anything: they are not shared topic words.
        """
        reader = self.view.reader
        frame = reader.frame_stems  # "discuss", "info": they ask about something, they are not it
        if self.everyday_topic():
            # A person both name makes it an answer only with a topic word the fact shares too: "what pasta
            # does Ancelotti like" is not about any words of his the articles give.
            return not self.shares_topic(best) or not self.view.names.shares_anchor(self.q.entities, best.item)
        speaker = best.item.speaker
        if (speaker is not None and speaker in (self.speakers_asked or self.q.people)
                and self.intent_score(QUOTE_INTENT) >= EVIDENCE):
            return False  # "which defender spoke to the press": the words of the person asked about
        if self.shares_topic(best):
            return False
        # A weighty word the fact lacks: a fact sharing only words of any topic ("way") is off it too.
        stems, asking = best.item.stems, self.asking_stems()
        if all(w < TOPIC_WEIGHT or s in frame or s in stems or s in asking for s, w in self.stem_weights):
            return False
        return not self.view.names.shares_anchor(self.q.entities, best.item)

    def clubs_at(self) -> list[int]:
        """Where the clubs the question names start, as positions in its framed tokens ("going to Real Madrid").

        A club inside a phrase the question quotes is someone's words: no move is asked of it.
        """
        q = self.q
        spans = q.mentions.spans
        starts = [spans[t][0] for t in q.teams if t in spans]
        if not q.quoted:
            return starts
        return [p for p in map(q.framed_at, starts) if p is not None]

    def asking_stems(self) -> frozenset[str]:
        """The stems of the words asking for a detail ("which city", "what country"): what is asked, no topic.

        Whether a fact states that detail is the details gate's to judge; a fact need not share its words.
        """
        if self._asking is None:
            q, details = self.q, self.view.attributes
            raw, tokens = q.framed(q.raw_tokens), q.framed(q.tokens)
            asked = details.asked(raw, tokens, person=bool(q.people), clubs_at=self.clubs_at())
            words = details.asking_words(asked, raw, tokens) if asked else frozenset()
            self._asking = frozenset(self.index.stem(w) for w in words)
        return self._asking

    def everyday_topic(self) -> bool:
        """Whether the question's topic is an everyday word no fact uses ("live", "weather", "wife").

        The language file's `plain_words` are life outside football; one the facts never use, weighty
        in the question, says what it is about ("is Madrid a nice city to live in"), and a fact sharing
        only a passing adjective or a club with it answers something else.
        """
        q = self.q
        if not q.unknown:
            return False
        plain = self.view.language.plain_words
        weights = q.stems
        everyday = [word for word in q.unknown
                    if word in plain and weights.get(self.index.stem(word), 0.0) >= TOPIC_WEIGHT]
        if not everyday:
            return False
        # "In which country was it played" asks for a detail (where) in everyday words: those are no topic.
        asking = self.asking_stems()
        return any(self.index.stem(word) not in asking for word in everyday)


def _spelled(mine: str, keys: list[str]) -> dict[str, float]:
    """The keys spelled like the question's key (`mine`), with rapidfuzz's ratio (0-100), from TAUGHT_FLOOR up.

    Keys are sorted words, so the ratio of two is rapidfuzz's `token_sort_ratio` without sorting at
    question time. One `process.extract` call for every key: the same scores as `fuzz.ratio` key by
    key at a third of the cost. Most questions are spelled like none of them.
    """
    return {key: score for key, score, _ in process.extract(
        mine, keys, scorer=fuzz.ratio, score_cutoff=TAUGHT_FLOOR * 100, limit=None)}


class _Mine(NamedTuple):
    """The question as its taught comparison reads it, for each group of keys weighed."""

    weights: dict[str, float]
    """Its content key's stems and their weights."""
    total: float
    """Their sum."""
    spelled: dict[str, float]
    """The keys spelled like it (`_spelled`)."""
    alike: dict[str, float]
    """Each key weighed so far, to how alike it is: several candidates' groups hold the same key, which is
    worked out once per question (kept only while that question is compared)."""


def _best_similarity(mine: _Mine, group: TaughtGroup, keys: tuple[str, ...]) -> float:
    """How alike the question (`mine`) is to the most alike of the group's `keys` (0 for none).

    The better of spelling and shared weight. Spelling (`mine.spelled`) counts as the float32 its `cdist`
    gave before (the score a spelled match adds, and so an answer's confidence, carries that
    precision). Shared weight is the dice coefficient of the keys' stems weighted by rarity: twice the
    shared weight over both weights. It is taken as 0 when it cannot reach TAUGHT_FLOOR (a match below
    the floor counts as none anyway): the shared weight is at most the lighter key's whole weight (a
    stem weighs the same in both), which bounds the coefficient from the two totals alone, so a third
    of the keys are ruled out without intersecting their stems; DICE_BOUND_SLACK keeps a key whose
    bound only rounding could have put below the floor.
    """
    mine_weights, mine_total, spelled, alike = mine
    mine_stems = mine_weights.keys()
    weight_of = mine_weights.__getitem__
    reach = TAUGHT_FLOOR - DICE_BOUND_SLACK
    weighed = group.weighed
    best = 0.0
    for key in keys:
        similarity = alike.get(key)
        if similarity is None:
            taught = weighed[key]
            taught_total = taught.total
            total = mine_total + taught_total
            dice = 0.0
            if total and 2 * (mine_total if mine_total < taught_total else taught_total) / total >= reach:
                dice = 2 * sum(map(weight_of, mine_stems & taught.weights.keys())) / total
            spelling = spelled.get(key)
            similarity = alike[key] = max(_float32_share(spelling), dice) if spelling else dice
        if similarity > best:
            best = similarity
    return best


def _float32_share(score: float) -> float:
    """A rapidfuzz score (0-100) as a share, in the float32 precision its `cdist` gave.

    The lift a spelled match adds, and an answer's confidence after it, have always been computed in
    that precision. numpy is loaded on the first spelled match, as rapidfuzz loaded it on the first
    `cdist`, not at start.
    """
    import numpy as np

    return cast(float, np.float32(score) / 100)

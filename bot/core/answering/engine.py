"""The answering engine: a question in, a structured `Answer` out, from the facts only.

Facts are ranked by three separate signals — the intent, the entities, and the topic words
the question shares with the fact — under hard constraints (the tie, the leg, the year).
Anything the facts do not cover is declined with "did you mean" suggestions rather than
answered with the nearest fact.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.answering.answer import Answer, Source
from bot.core.answering.context import ContextStore, Turn
from bot.core.answering.details import AttributeReader
from bot.core.answering.heap import refreeze
from bot.core.answering.index import CANDIDATE_BUDGET, FactIndex, IndexedFact
from bot.core.answering.names import NameCoverage
from bot.core.answering.reading import Question, QuestionReader
from bot.core.answering.roles import RoleReader
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge

__all__ = ["Engine"]

log = logging.getLogger(__name__)

ANSWER_THRESHOLD = 0.42
W_INTENT = 0.3
W_COVERAGE = 0.5
W_ENTITY = 0.3
KEEP_RATIO = 0.88
MAX_FACTS = 3
MAX_QUOTES = 4
MAX_TIES_LISTED = 6
"""A "depends on the tie" answer lists at most this many ties (the best scoring) and says how many more."""
INHERITED_INTENT_SCORE = 0.6
TOPIC_WEIGHT = 2.5
"""A question word this weighty (rare in the facts, or in none) is its topic, not a passing word."""
_RESULT_INTENTS = frozenset({"score"})
_LEGS = ("first", "second")


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

    @property
    def fact(self) -> Fact:
        """The fact itself."""
        return self.item.fact


@dataclass(frozen=True)
class _Snapshot:
    """Everything built from one knowledge snapshot, swapped as a single reference."""

    knowledge: Knowledge
    index: FactIndex
    reader: QuestionReader
    common: frozenset[str]
    everywhere: frozenset[str]
    attributes: AttributeReader
    names: NameCoverage
    roles: RoleReader


class Engine:
    """Answers questions from one knowledge snapshot at a time; `replace` swaps it atomically."""

    def __init__(self, knowledge: Knowledge, context: ContextStore | None = None) -> None:
        self._snapshot = self.build(knowledge)
        self.context = context or ContextStore()
        refreeze()  # the first snapshot out of the cyclic collector's walks (see bot.core.answering.heap)

    @staticmethod
    def build(knowledge: Knowledge) -> _Snapshot:
        """Index a snapshot without serving it; touches no engine state, so a reload runs it in a thread."""
        index = FactIndex(knowledge)
        reader = QuestionReader(knowledge, index)
        snapshot = _Snapshot(knowledge, index, reader, index.common, _everywhere(knowledge),
                             AttributeReader(knowledge.facts.values(), knowledge.entities),
                             NameCoverage(knowledge, index, index.common), RoleReader(knowledge))
        return snapshot

    @property
    def knowledge(self) -> Knowledge:
        """The snapshot currently being served."""
        return self._snapshot.knowledge

    def serve(self, snapshot: _Snapshot) -> None:
        """Swap in a snapshot from `build` with one assignment: a question sees the old or the new, never both."""
        self._snapshot = snapshot

    def replace(self, knowledge: Knowledge) -> None:
        """Build indexes for a new snapshot, then swap it in (both here; the bot builds in a thread)."""
        self.serve(self.build(knowledge))

    def answer(self, question: str, conversation: str | None = None) -> Answer:
        """Answer one question; `conversation` keys the follow-up context."""
        snap = self._snapshot  # one read: a concurrent reload cannot mix two snapshots
        previous = self.context.get(conversation)
        q = snap.reader.read(question, previous)
        answer = _Answerer(snap, q).run()
        turn = _turn_for(snap, q, answer)
        if turn is not None:
            self.context.put(conversation, turn)
        return answer


class _Answerer:
    """One question's ranking and composition against one snapshot."""

    def __init__(self, snap: _Snapshot, q: Question) -> None:
        self.snap = snap
        self.k = snap.knowledge
        self.index = snap.index
        self.q = q
        # The best a fact can score depends on what the question offers: a bare "and the
        # second leg?" has no topic words or names, and must not be judged for lacking them.
        self.scale = W_INTENT + (W_COVERAGE if q.stems else 0.0) + (W_ENTITY if q.entities else 0.0)
        # A named leg is what a bare "where's the second leg" is about: it stands in for the topic words.
        named_leg = q.mentions.leg is not None and not q.stems and not q.entities
        floor = W_INTENT if named_leg else W_INTENT + 0.5 * W_COVERAGE
        self.scale = max(self.scale, floor) / (W_INTENT + W_COVERAGE + W_ENTITY) * 1.1
        self.weight = q.content_weight
        self.entities = q.entities
        self.entity_set = set(q.entities)
        self.intent_scores = dict(q.intents.ranked)
        if q.inherited_intent is not None:
            inherited = q.inherited_intent
            self.intent_scores[inherited] = max(self.intent_scores.get(inherited, 0.0), INHERITED_INTENT_SCORE)
        tie_years = self.index.tie_years
        # A tie's year or one of its legs' scorelines names it: history it recalls is then off topic
        # unless the question names that history's own club or person.
        self.named_tie = any(year in tie_years for year in q.mentions.years) or q.scoreline_named
        self.stem_weights = list(q.stems.items())
        # A quote question naming people rules out quotes by anyone else.
        self.quote_speakers = set(q.people) if q.people and self.intent_score("quote") >= 0.3 else None

    def ties_known(self) -> str:
        """The ties in the store, for a reply: "Liverpool v Atlético Madrid (2020), … (2023)"."""
        ties = sorted(self.k.ties.values(), key=lambda t: t.year)
        return ", ".join(f"{t.name} ({t.year})" for t in ties) if ties else "no ties yet"

    def intent_score(self, intent: str) -> float:
        return self.intent_scores.get(intent, 0.0)

    def run(self) -> Answer:
        q = self.q
        if not q.tokens:
            return self.decline(f"Ask me something about {self.ties_known()}, for example "
                                "\"What was the first leg score?\"")
        if q.foreign_years:
            years = ", ".join(str(y) for y in q.foreign_years)
            return self.decline(f"I only know about {self.ties_known()} and the history the articles "
                                f"mention; nothing about {years}.", suggest=True)
        unplayed = self.unplayed_leg()
        if unplayed:
            return self.decline(unplayed, suggest=True)
        silent = self.silent_person()
        if silent:
            return self.decline(silent, suggest=True)
        ranked = self.rank()
        declined_intent = self.declined_intent()
        if declined_intent and not (ranked and self.specific(ranked[0])):
            return self.decline(declined_intent, suggest=True, ranked=ranked)
        asked = self.snap.attributes.asked(q.raw_tokens, q.tokens)
        if asked:
            # A question asking for a detail is answered only by a fact that states it.
            side = self.snap.attributes.side(asked, q.tokens, q.named)
            flags = self.snap.attributes.carrying((s.item.id for s in ranked), asked, side)
            carrying = [s for s, carries in zip(ranked, flags, strict=True) if carries]
            # "The 2019 final": a final of that year, not last season's. A tie's own year already
            # keeps to that tie's facts, whose article tells of the final around it.
            dated_years = [y for y in q.mentions.years if y not in self.index.tie_years]
            if dated_years:
                in_year = self.snap.attributes.dated((s.item.id for s in carrying), asked, dated_years)
                carrying = [s for s, ok in zip(carrying, in_year, strict=True) if ok]
            if not carrying or carrying[0].total < ANSWER_THRESHOLD or not self.has_evidence(carrying[0]):
                return self.decline(asked[0].reply, suggest=True, ranked=ranked)
            ranked = carrying
        employers = self.snap.roles.employers(q.tokens, q.teams, q.mentions.spans)
        managers = self.snap.roles.asked_managers(q.tokens, employers)
        if managers is not None:
            # "Real Madrid's manager" is answered by a fact naming one, not by one about Klopp.
            wanted = self.snap.names.anchors(managers)
            holding = [s for s in ranked if self.snap.names.mentions_any(wanted, s.item)]
            if not holding or holding[0].total < ANSWER_THRESHOLD or not self.has_evidence(holding[0]):
                return self.decline(self.snap.roles.reply(employers), suggest=True, ranked=ranked)
            ranked = holding
        missing = self.snap.names.missing(q.named, ranked[0].item) if ranked else []
        if missing:
            # A fact naming none of the people or clubs asked about is about another game or person.
            return self.decline(f"I don't have anything about {self.snap.names.describe(missing)} that answers that.",
                                suggest=True, ranked=ranked)
        if not ranked or ranked[0].total < ANSWER_THRESHOLD or not self.has_evidence(ranked[0]):
            if q.ties and len(q.ties) == 1 and not q.stems and not q.intents.ranked:
                return self.tie_overview(next(iter(q.ties)))
            if q.unknown:
                text = f"The articles say nothing about \"{' '.join(q.unknown[:5])}\"."
            else:
                text = "I don't have a fact that answers that."
            return self.decline(text, suggest=True, ranked=ranked)
        return self.compose(ranked)

    # --- ranking -------------------------------------------------------------------------
    def rank(self) -> list[Scored]:
        q = self.q
        ids = self.index.candidates(q.stems, q.entities, q.ties)
        intent = q.inherited_intent or q.intents.best[0]
        if intent is not None and (q.ties is not None or not ids):
            # The budget is shared: a store small enough never reaches it, a big one stays fast.
            ids.update(self.index.intent_facts(intent, q.ties or None, max(0, CANDIDATE_BUDGET - len(ids))))
        facts = self.index.facts
        scored = self.score_all(facts[i] for i in ids)
        scored.sort(key=_rank_key)
        return scored

    def score_all(self, items: Iterable[IndexedFact]) -> list[Scored]:
        """Each candidate's total for this question, leaving out those a hard constraint rules out.

        One loop with the question's values in locals, because it runs for every candidate and
        a method call with attribute lookups per fact cost a third of the answering time.
        """
        q = self.q
        ties = q.ties
        tie_bonus = 0.0 if ties is None else 0.08 if len(ties) == 1 else 0.04
        q_leg = q.leg
        split_leg = q_leg in _LEGS
        history_year = q.history_year
        entity_set = self.entity_set
        n_entities = len(entity_set)
        quote_speakers = self.quote_speakers
        named_tie = self.named_tie
        intent_scores = self.intent_scores
        weight = self.weight
        stem_weights = self.stem_weights
        scale = self.scale
        people = q.people
        previous = q.previous_facts
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
            if (quote_speakers is not None and item.speaker is not None and item.intent == "quote"
                    and item.speaker not in quote_speakers):
                continue
            # Only facts of no tie need to know whether a specific name anchors them.
            anchored = tie is None and not entity_set.isdisjoint(item.specific)
            if tie is None and named_tie and not anchored:
                continue  # "in 2021" asks about that tie, not about history it recalls
            intent = intent_scores.get(item.intent, 0.0)
            stems = item.stems
            coverage = sum([w for s, w in stem_weights if s in stems]) / weight if weight else 0.0
            entity = 0.0
            if n_entities:
                hits = len(entity_set & item.entities)
                entity = (hits - 0.5 * (n_entities - hits)) / n_entities
            total = (W_INTENT * intent + W_COVERAGE * coverage + W_ENTITY * entity) / scale
            if ties is not None and tie in ties:
                total += tie_bonus
            if tie is None and history_year is None and coverage < 0.5 and not anchored:
                total -= 0.1  # history needs its own anchor: a year or a name beyond the usual clubs
            if history_year is not None and year == history_year:
                total += 0.12
            if q_leg is not None and leg == q_leg:
                total += 0.1
            if item.intent == "quote" and item.speaker in people:
                total += 0.08
            if previous and item.id in previous:
                total += 0.2
            out.append(Scored(item, total, intent, coverage, entity))
        return out

    def specific(self, scored: Scored) -> bool:
        """Whether the fact shares a name beyond the usual clubs, or the historical year, with the question."""
        if self.q.history_year is not None and scored.fact.year == self.q.history_year:
            return True
        return bool(self.entity_set & scored.item.specific)

    def has_evidence(self, best: Scored) -> bool:
        """An answer needs more than a club name: the kind of question, its topic, or a specific name."""
        return (best.intent >= 0.3 or best.coverage >= 0.3 or self.specific(best)) and not self.off_topic(best)

    def off_topic(self, best: Scored) -> bool:
        """The fact shares none of the question's topic words, and the question has a weighty one.

        Only a person or club beyond the ties' own that both name can then make it an answer: "what
        position does Trent play" is about Trent, "how big is the Bernabéu" about nothing a fact says.
        """
        if best.coverage > 0.0 or all(w < TOPIC_WEIGHT for w in self.q.stems.values()):
            return False
        return not self.snap.names.shares_anchor(self.entities, best.item)

    def declined_intent(self) -> str | None:
        """Intents the articles cannot answer by nature carry their own reply."""
        intent, score = self.q.intents.best
        if intent is None or not self.q.intents.decisive or score < 0.3:
            return None
        return self.k.intents[intent].decline

    def silent_person(self) -> str | None:
        """Asking what someone said when the articles quote nobody of that name."""
        q = self.q
        intent, score = q.intents.best
        if intent != "quote" or score < 0.3:
            return None
        if not q.people:
            if q.unknown and not q.entities:
                return f"The articles don't quote {' '.join(q.unknown[:4]).title()}."
            return None
        if any(p in self.index.speakers for p in q.people):
            return None
        names = " or ".join(self.k.entities[p].name for p in q.people)
        return f"The articles don't quote {names}."

    def unplayed_leg(self) -> str | None:
        """Results of legs the articles were written before are unknown, and said so."""
        q = self.q
        intent, score = q.intents.best
        if q.leg not in ("second", "aggregate") or intent not in _RESULT_INTENTS or score < 0.3:
            return None
        if (q.history_year is not None or self.snap.names.anchoring.intersection(q.teams)
                or any(t[0].isdigit() and "-" in t for t in q.tokens)):
            return None  # "Liverpool v Dortmund on aggregate", "who did they beat 5-4": history the articles tell
        if q.intents.score("prediction") >= score:
            return None
        ties = q.ties or self.index.all_ties
        if not ties <= self.index.unplayed:
            return None
        unplayed = [self.k.ties[t] for t in ties]
        names = "; ".join(f"{t.name} ({t.year})" for t in unplayed)
        return (f"The articles were written before the second leg ({names}), so I don't know how it "
                f"ended. I can tell you the first-leg score and the experts' predictions.")

    # --- composing -----------------------------------------------------------------------
    def compose(self, ranked: list[Scored]) -> Answer:
        best = ranked[0]
        keep = [s for s in ranked if s.total >= best.total * KEEP_RATIO and s.fact.intent == best.fact.intent]
        per_tie = self.per_tie(keep)
        if per_tie:
            chosen = per_tie
            if len(per_tie) > MAX_TIES_LISTED:
                # The best answers first and, among equals, the most recent ties: the ones fans mean.
                ranked_ties = sorted(per_tie, key=lambda s: (-s.total, -self.k.ties[s.fact.tie or ""].year))
                best_ones = set(map(id, ranked_ties[:MAX_TIES_LISTED]))
                chosen = [s for s in per_tie if id(s) in best_ones]
            lines = [f"{self.tie_label(s.fact.tie)}: {s.fact.answer}" for s in chosen]
            text = "That depends on the tie:\n" + "\n".join(f"• {line}" for line in lines)
            if len(per_tie) > len(chosen):
                text += (f"\n…and {len(per_tie) - len(chosen)} more ties. Name a club or a year to get "
                         "just the one you mean.")
        else:
            limit = MAX_QUOTES if best.fact.intent == "quote" else MAX_FACTS
            chosen = [s for s in keep if s.fact.tie == best.fact.tie][:limit]
            text = "\n\n".join(s.fact.answer for s in chosen)
        runner = next((s.total for s in ranked if s.fact.intent != best.fact.intent), 0.0)
        confidence = max(0.0, min(1.0, 0.5 + (best.total - ANSWER_THRESHOLD) + (best.total - runner) / 2))
        facts = [s.fact for s in chosen]
        ties = {f.tie for f in facts}
        return Answer(
            answered=True, text=text, confidence=round(confidence, 3), intent=best.fact.intent,
            tie=next(iter(ties)) if len(ties) == 1 else None, facts=[f.id for f in facts],
            sources=self.sources(facts), quotes=[f.quote for f in facts if f.quote],
        )

    def per_tie(self, keep: list[Scored]) -> list[Scored]:
        """When nothing names a tie and several ties answer alike, answer for each."""
        q = self.q
        named_beyond = self.entity_set - self.snap.everywhere - set(q.opponents)
        if q.ties is not None or named_beyond or q.history_year is not None:
            return []
        first: dict[str, Scored] = {}
        for s in keep:
            if s.fact.tie is not None and s.fact.tie not in first:
                first[s.fact.tie] = s
        if len(first) < 2:
            return []
        order = sorted(first.values(), key=lambda s: self.k.ties[s.fact.tie or ""].year)
        return order

    def tie_label(self, tie_id: str | None) -> str:
        if tie_id is None:
            return "History"
        tie = self.k.ties[tie_id]
        return f"{tie.name} ({tie.round}, {tie.year})"

    def tie_overview(self, tie_id: str) -> Answer:
        """A short card for a tie the user named without asking anything in particular."""
        tie = self.k.ties[tie_id]
        ent = self.k.entities
        parts = [f"{tie.name}: {ent[tie.competition].name} {tie.round}, {tie.season}."]
        for label, leg in (("First leg", tie.first_leg), ("Second leg", tie.second_leg)):
            where = f" at {ent[leg.venue].name}" if leg.venue else ""
            when = f" on {leg.date.isoformat()}" if leg.date else ""
            if leg.score:
                home, away = leg.score.split("-")
                parts.append(f"{label}: {ent[leg.home].name} {home}-{away} {ent[leg.away].name}{where}{when}.")
            else:
                parts.append(f"{label}: {ent[leg.home].name} v {ent[leg.away].name}{where}{when}, "
                             "not yet played when the article was written.")
        parts.append("Ask me about the scores, the quotes, the predictions or the team news.")
        article = self.k.articles.get(tie.article or "")
        return Answer(answered=True, text=" ".join(parts), confidence=0.6, intent="context", tie=tie_id,
                      sources=self.sources_for_articles([article.id] if article else []))

    def sources(self, facts: list[Fact]) -> list[Source]:
        # dict.fromkeys: unique in first-seen order, without a quadratic scan when many ties answer.
        return self.sources_for_articles(list(dict.fromkeys(fact.source.article for fact in facts)))

    def sources_for_articles(self, article_ids: list[str]) -> list[Source]:
        out = []
        for aid in article_ids:
            art = self.k.articles[aid]
            out.append(Source(article=aid, title=art.title, publisher=art.publisher,
                              date=art.date.isoformat() if art.date else None))
        return out

    def decline(self, text: str, suggest: bool = False, ranked: list[Scored] | None = None) -> Answer:
        suggestions = self.suggestions(ranked if ranked is not None else self.rank()) if suggest else []
        return Answer(answered=False, text=text, confidence=0.0, intent=self.q.intents.best[0],
                      suggestions=suggestions)

    def suggestions(self, ranked: list[Scored]) -> list[str]:
        """Up to three questions the bot can answer, near what was asked."""
        out: list[str] = []
        for s in ranked:
            if s.total < 0.12:
                break
            text = suggestion_for(self.k, s.fact)
            if text not in out:
                out.append(text)
            if len(out) == 3:
                break
        return out


def suggestion_for(knowledge: Knowledge, fact: Fact) -> str:
    """A question that the engine answers with this fact, to offer as "did you mean"."""
    intent = knowledge.intents[fact.intent]
    year = knowledge.ties[fact.tie].year if fact.tie else fact.year
    names = [knowledge.entities[e].name for e in fact.entities if knowledge.entities[e].kind != "competition"]
    people = [knowledge.entities[e].name for e in fact.entities if knowledge.entities[e].kind == "person"]
    if fact.intent == "quote" and fact.speaker:
        base = f"What did {knowledge.entities[fact.speaker].name} say"
    elif fact.intent == "person" and people:
        base = f"Who is {people[0]}"
    else:
        base = intent.phrasings[0][:1].upper() + intent.phrasings[0][1:]
        if names:
            base += f" — {', '.join(names[:2])}"
    return f"{base}{f' ({year})' if year else ''}?"


def _everywhere(knowledge: Knowledge) -> frozenset[str]:
    """Teams in every tie (Liverpool): naming them does not pick a tie."""
    sets = [set(t.teams) for t in knowledge.ties.values()]
    return frozenset(set.intersection(*sets)) if sets else frozenset()


def _rank_key(scored: Scored) -> tuple[float, str]:
    """Best total first; the fact id breaks ties so the order never depends on the index."""
    return -scored.total, scored.item.id


def _turn_for(snap: _Snapshot, q: Question, answer: Answer) -> Turn | None:
    """What a follow-up should inherit from this question and its answer."""
    knowledge = snap.knowledge
    ties = {knowledge.facts[f].tie for f in answer.facts if f in knowledge.facts}
    tie = answer.tie
    if tie is None and len(ties) == 1:
        tie = next(iter(ties))
    if tie is None and q.ties is not None and len(q.ties) == 1:
        tie = next(iter(q.ties))
    if not answer.answered and tie is None and not q.entities:
        return None
    people = [e for e in q.entities if knowledge.entities[e].kind == "person"]
    teams = [e for e in q.entities if knowledge.entities[e].kind == "team"]
    speakers = (knowledge.facts[f].speaker for f in answer.facts if f in knowledge.facts)
    people = list(dict.fromkeys([*people, *(s for s in speakers if s)]))
    if not teams and tie is not None:
        # "their manager" after a tie means the opponent: the team that is not in every tie.
        teams = [t for t in knowledge.ties[tie].teams if t not in snap.everywhere]
        teams = teams or list(knowledge.ties[tie].teams)
    years = {knowledge.facts[f].year for f in answer.facts if f in knowledge.facts}
    year = q.history_year if q.history_year is not None else (next(iter(years)) if len(years) == 1 else None)
    return Turn(intent=answer.intent if answer.answered else q.inherited_intent or q.intents.best[0],
                tie=tie, entities=tuple(q.entities), teams=tuple(teams), people=tuple(people), leg=q.leg,
                year=year if tie is None else None, facts=tuple(answer.facts))

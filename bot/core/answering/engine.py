"""The answering engine: a question in, a structured `Answer` out, from the facts only.

Every question goes through the same stages, in this order (the one place it is written down):

1. **read** (`reading.py`): normalise, correct typos, find the names, years, leg and stage, score
   the kinds of question (intents), resolve the tie, and fill in a follow-up from the
   conversation's previous turn.
2. **premise gates** (`gates/premise.py`, `PREMISE_GATES`): decline what the articles cannot meet
   whatever the facts (nothing asked, a year or a time they do not cover, a result from after
   they were written, someone they never quote), or answer an overview of the ties asked about.
3. **rank** (`ranking.py`): score the index's candidate facts on three signals (intent, topic
   words, names) under hard constraints (tie, leg, year, speaker).
4. **candidate gates** (`gates/candidates.py`, `CANDIDATE_GATES`): each narrows the ranked candidates to
   those that can answer, or ends the question: asked of every tie (answered tie by tie), a
   kind of question the articles cannot answer by nature, a detail no fact states, a manager no
   fact names, names no fact covers, and last the evidence itself (threshold, more than a club
   name in common, on topic).
5. **compose** (`composing.py`): the answer (one tie, or one line per tie), the tie's card, or
   the decline with "did you mean" suggestions.

Every `Answer` carries `reason`, a short code naming the outcome (`answered`, `answered-per-tie`,
`overview`, `overview-per-tie`, or the declining gate's code such as `asked-detail:referee`), and
each decision is logged at DEBUG. `explain` returns the whole account for curators.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from bot.core.answering import composing, computing, listing, people
from bot.core.answering.answer import Answer
from bot.core.answering.context import ContextStore, Turn
from bot.core.answering.explain import Candidate, Explanation, GateStep, Reading
from bot.core.answering.gates import (
    AcrossTies,
    Asking,
    Decline,
    Overview,
    Verdict,
    asked_detail,
    compared_across_ties,
    count_stated,
    declined_intent,
    evidence,
    manager_named,
    names_covered,
    never_quoted,
    nothing_asked,
    other_sport,
    outcome_after_the_articles,
    overview_asked,
    result_after_the_articles,
    round_after_the_tie,
    time_not_covered,
    years_not_covered,
)
from bot.core.answering.heap import refreeze
from bot.core.answering.languages import LanguageGuesser
from bot.core.answering.question import Question
from bot.core.answering.ranking import PERSON_INTENT, Scored
from bot.core.answering.snapshot import Snapshot, build_snapshot, derive_snapshot
from bot.core.knowledge.language import Language
from bot.core.knowledge.store import Knowledge
from bot.core.text import normalize, tokenize

__all__ = ["CANDIDATE_GATES", "PREMISE_GATES", "Engine"]

log = logging.getLogger(__name__)

PremiseGate = Callable[[Asking], Verdict | computing.Worked | listing.PastGames | None]
CandidateGate = Callable[[Asking, list[Scored]], list[Scored] | Verdict | people.People]

PREMISE_GATES: tuple[PremiseGate, ...] = (
    nothing_asked, other_sport, years_not_covered, time_not_covered, computing.goals_worked_out,
    listing.past_games_listed, round_after_the_tie, overview_asked, result_after_the_articles,
    outcome_after_the_articles, never_quoted,
)
CANDIDATE_GATES: tuple[CandidateGate, ...] = (
    compared_across_ties, declined_intent, asked_detail, count_stated, people.people_listed, manager_named,
    names_covered, evidence,
)
EXPLAINED_CANDIDATES = 3
_ENDS = (Decline, Overview, AcrossTies, people.People)
"""What a candidate gate returns when it ends the question (else the candidates it keeps)."""
_ASKED_OF_A_TIE = ("intent-declines:", "after-the-articles", "asked-detail:", "manager-not-named:")
"""Declines for what a question asked of the tie it named, not for failing to find what it was about."""


class _Trace:
    """What each stage did, recorded only when a curator asks for an explanation."""

    def __init__(self) -> None:
        self.steps: list[GateStep] = []
        self.ranked: list[Scored] = []


class Engine:
    """Answers questions from one knowledge snapshot at a time; `serve` swaps it atomically."""

    def __init__(self, knowledge: Knowledge, context: ContextStore | None = None,
                 guesser: LanguageGuesser | None = None) -> None:
        self._snapshot = self.build(knowledge)
        self.context = context or ContextStore()
        self.guesser = guesser or LanguageGuesser()
        refreeze()  # the first snapshot out of the cyclic collector's walks (see bot.core.answering.heap)

    @staticmethod
    def build(knowledge: Knowledge) -> Snapshot:
        """Index a snapshot without serving it; touches no engine state, so a reload runs it in a thread."""
        return build_snapshot(knowledge)

    def build_next(self, knowledge: Knowledge) -> Snapshot:
        """The snapshot for `knowledge`, made from the one being served when only facts or articles changed.

        Reads the served snapshot without changing it, so a reload runs it in a thread while questions
        are answered; `serve` then swaps the result in. Anything else changed: built whole, as `build`.
        """
        return derive_snapshot(self._snapshot, knowledge)

    @property
    def knowledge(self) -> Knowledge:
        """The snapshot currently being served."""
        return self._snapshot.knowledge

    def language(self, code: str | None = None) -> Language:
        """The language file for a code (an answer's `lang`), or the default one's."""
        return self._snapshot.view(code).language

    def serve(self, snapshot: Snapshot) -> None:
        """Swap in a snapshot from `build` with one assignment: a question sees the old or the new, never both."""
        self._snapshot = snapshot

    def replace(self, knowledge: Knowledge) -> None:
        """Build indexes for a new snapshot (from the served one where it can), then swap it in.

        Both here; the bot builds in a thread (`build_next`) and serves on its event loop.
        """
        self.serve(self.build_next(knowledge))

    def answer(self, question: str, conversation: str | None = None, language: str | None = None) -> Answer:
        """Answer one question; `conversation` keys the follow-up context.

        `language` (a language file's code) is the asker's when known (a Discord client's locale);
        otherwise it is told from the question's words, and a question too short to tell keeps the
        conversation's language.
        """
        snap = self._snapshot  # one read: a concurrent reload cannot mix two snapshots
        previous = self.context.get(conversation)
        words = tokenize(normalize(question))  # once: the language guess and the reader both start from them
        read, reply, _ = self.language_of(snap, question, language, previous, words)
        q = snap.view(read).reader.read(question, previous, words)
        answer, _, asking = _run(snap, q, read, reply)
        if conversation is not None:  # a question of no conversation has no follow-up to remember it for
            self.context.put(conversation, _turn_for(asking, answer))
        return answer

    def language_of(self, snap: Snapshot, question: str, language: str | None,
                    previous: Turn | None, words: list[str] | None = None) -> tuple[str, str, str]:
        """The language to read the question in, the one to answer in, and what chose the latter.

        The answer's: the one asked for (a Discord client's), else the question's, else the
        conversation's, else the default language. The question is read in the language its words
        are in whatever the answer's: a Spanish client may type English. `words` are the question's
        (`tokenize(normalize(question))`) when the caller has them.
        """
        guessed = self.guesser.guess(question, snap.own_words, snap.name_words, words)
        if (guessed is not None and guessed.by == "detector" and previous is not None
                and previous.language is not None and previous.language in snap.views):
            # Only the detector's guess, the words too few to tell ("y tho" after an English answer): the
            # conversation's language before a statistical guess; words clearly another language still switch.
            guessed = None
        if language is not None and language in snap.views:
            reply, by = language, "asked"
        elif guessed is not None:
            reply, by = guessed.code, guessed.by
        elif previous is not None and previous.language is not None and previous.language in snap.views:
            reply, by = previous.language, "conversation"
        else:
            reply, by = snap.default, "default"
        return (guessed.code if guessed is not None else reply), reply, by

    def explain(self, question: str, conversation: str | None = None, language: str | None = None) -> Explanation:
        """Answer as `answer` would, and say why; the conversation's memory is read but not changed."""
        snap = self._snapshot
        previous = self.context.get(conversation)
        code, reply, chosen_by = self.language_of(snap, question, language, previous)
        reader = snap.view(code).reader
        q = reader.read(question, previous)
        trace = _Trace()
        answer, decided_by, asking = _run(snap, q, code, reply, trace)
        candidates = [Candidate(s.item.id, s.item.tie, s.item.intent, round(s.total, 3), round(s.intent, 3),
                                round(s.coverage, 3), round(s.entity, 3), round(asking.bonus(s), 3), round(s.taught, 3))
                      for s in trace.ranked[:EXPLAINED_CANDIDATES]]
        fresh = reader.read(question, None) if previous is not None else q
        return Explanation(question, _reading(snap, q, fresh), trace.steps, candidates, decided_by, answer, code,
                           chosen_by)


def _run(snap: Snapshot, q: Question, language: str, reply: str,
         trace: _Trace | None = None) -> tuple[Answer, str, Asking]:
    """The stages in order; returns the answer, the stage that decided it, and the question's context.

    The question is read in `language` and answered in `reply`.
    """
    a = Asking(snap, q, language, reply)
    for premise in PREMISE_GATES:
        verdict = premise(a)
        if trace is not None:
            trace.steps.append(GateStep(premise.__name__, _outcome(verdict) if verdict else "passed"))
        if verdict is not None:
            return _decided(a, premise.__name__, _finish(a, verdict, None))
    ranked = a.rank()
    if trace is not None:
        trace.ranked = ranked
        trace.steps.append(GateStep("rank", f"{len(ranked)} candidates"))
    for gate in CANDIDATE_GATES:
        outcome = gate(a, ranked)
        if isinstance(outcome, _ENDS):
            if trace is not None:
                trace.steps.append(GateStep(gate.__name__, _outcome(outcome)))
            return _decided(a, gate.__name__, _finish(a, outcome, ranked))
        if trace is not None:
            kept = "passed" if len(outcome) == len(ranked) else f"kept {len(outcome)} of {len(ranked)}"
            trace.steps.append(GateStep(gate.__name__, kept))
        ranked = outcome
    if trace is not None:
        trace.ranked = ranked
    return _decided(a, "compose", composing.answer(a, ranked))


def _finish(a: Asking, verdict: Verdict | computing.Worked | listing.PastGames | people.People,
            ranked: list[Scored] | None) -> Answer:
    """The answer a gate decided: each gate's outcome type has its one composer, so gates never compose."""
    if isinstance(verdict, people.People):
        return people.compose(a, verdict)
    if isinstance(verdict, computing.Worked):
        return computing.compose(a, verdict)
    if isinstance(verdict, listing.PastGames):
        return listing.compose(a, verdict)
    if isinstance(verdict, Overview):
        return composing.overview(a, verdict.ties, verdict.leg, verdict.met)
    if isinstance(verdict, AcrossTies):
        return composing.across_ties(a, verdict.ties, ranked or [])
    return composing.decline(a, verdict, ranked)


def _outcome(verdict: Verdict | computing.Worked | listing.PastGames | people.People) -> str:
    """A gate's outcome in a line for --explain, so a curator sees which gate decided and with what."""
    if isinstance(verdict, people.People):
        return f"listed people {', '.join(verdict)}"
    if isinstance(verdict, listing.PastGames):
        return f"listed past games {', '.join(verdict)}"
    if isinstance(verdict, computing.Worked):
        return f"worked out ({verdict.mode}) from the first legs of {', '.join(verdict.ties)}"
    if isinstance(verdict, Overview):
        return f"overview of {', '.join(verdict.ties)}"
    if isinstance(verdict, AcrossTies):
        return f"asked of each of {', '.join(verdict.ties)}"
    return verdict.reason


def _decided(a: Asking, stage: str, answer: Answer) -> tuple[Answer, str, Asking]:
    answer = composing.legs_first(a, answer)
    answer.lang = a.language.code
    if log.isEnabledFor(logging.DEBUG):  # its arguments are built for every question otherwise
        log.debug("%s by %s (facts %s): %r", answer.reason, stage, ",".join(answer.facts) or "-", a.q.text[:120])
    return answer, stage, a


def _reading(snap: Snapshot, q: Question, fresh: Question) -> Reading:
    """The reading for an explanation; `fresh` is the same question read without the previous turn."""
    ranked = q.intents.ranked
    from_context = [name for name, differs in (
        ("tie", q.ties != fresh.ties), ("history year", q.history_year != fresh.history_year),
        ("intent", q.inherited_intent is not None), ("names", q.entities != fresh.entities),
        ("people", q.people != fresh.people), ("clubs", q.teams != fresh.teams), ("leg", q.leg != fresh.leg),
        ("the facts it points back to", bool(q.previous_facts)),
    ) if differs]
    names = snap.knowledge.entities
    return Reading(
        intent=ranked[0] if ranked else None, runner_up=ranked[1] if len(ranked) > 1 else None,
        decisive=q.intents.decisive, entities=[names[e].name for e in q.entities if e in names],
        ties=None if q.ties is None else sorted(q.ties), history_year=q.history_year,
        years_not_covered=list(q.foreign_years), leg=q.leg,
        topic_words={w: round(v, 2) for w, v in q.stems.items()}, unknown_words=list(q.unknown),
        corrected=q.corrected, followup=q.followup, from_context=from_context,
    )


def _history_named(asking: Asking, tie: str, year: int | None = None,
                   answered: tuple[str, ...] = ()) -> tuple[int, tuple[str, ...]] | None:
    """The year of a past game the question named a club of, and the facts telling it ("that" next time).

    A question about Klopp's Dortmund comparison is answered by the 2021 preview's words, but it is
    about the 2016 tie with Dortmund: "and the aggregate?" then asks of 2016, not of the 2021 tie
    the articles could not see end. Only clubs outside the tie count, and only when every dated
    fact of no tie naming them tells the same year: the `year` the question named, when it named one.

    A question naming no such club may still ask for one of the past games its answer (`answered`,
    the facts) names: "which Europa League comeback did he mean" answered by words naming Barcelona's
    and Dortmund's games is about the one whose own facts share a name the question gives beyond the
    tie's clubs and people (the Europa League), when only one game's do.
    """
    knowledge = asking.snap.knowledge
    entities, facts = knowledge.entities, knowledge.facts
    teams = knowledge.ties[tie].teams
    outside = [e for e in asking.q.entities if entities[e].kind == "team" and e not in teams]
    own: frozenset[str] = frozenset()
    if not outside:
        # The question's own names that a past game's facts can share: not the tie's clubs or people.
        own = frozenset(e for e in asking.q.named if e not in teams and entities[e].kind != "person")
        if not own or not answered:
            return None
        outside = list(dict.fromkeys(e for f in answered if f in facts for e in facts[f].entities
                                     if entities[e].kind == "team" and e not in teams))
        if not outside:
            return None
    told = sorted(f for f in asking.index.candidates((), outside)
                  if f in facts and facts[f].tie is None and facts[f].year is not None
                  and not set(outside).isdisjoint(facts[f].entities) and year in (None, facts[f].year)
                  and (not own or not own.isdisjoint(facts[f].entities)))
    years = {facts[f].year for f in told}
    if len(years) != 1:
        return None
    year = next(iter(years))
    return (year, tuple(told)) if year is not None else None


def _described(asking: Asking, people: list[str]) -> list[str]:
    """Of the people an answer names, the one the question described by role, else the first named.

    "Which Spanish correspondent predicted it" answered by a fact naming both experts: "he" next is
    the Spanish football correspondent, the role whose words the question shares most.
    """
    if len(people) < 2:
        return people
    entities, words = asking.snap.knowledge.entities, set(asking.q.tokens)
    shared = [len(words.intersection(tokenize(normalize(entities[p].role or "")))) for p in people]
    return [people[shared.index(max(shared))]]


def _turn_for(asking: Asking, answer: Answer) -> Turn:
    """What a follow-up should inherit from this question and its answer.

    After a decline only the kind of question and the leg carry over ("who won Liverpool v Porto?"
    then "and v Atlético?"): what it was about was not found, so the next question is read fresh. But
    a question declined for what it asked of a tie it named ("did Madrid go through in 2021?", "who
    refereed the 2021 first leg?") was understood: the next one ("and the first leg?") is about that tie.
    """
    snap, q = asking.snap, asking.q
    details = tuple(d.name for d in asking.details_asked())
    manager = asking.manager_asked()
    # Stems are the reading language's: a follow-up read in another language cannot ask them again.
    topic = tuple(q.stems.items()) if asking.view.language.code == asking.language.code else ()
    if not answer.answered:
        understood = answer.reason.startswith(_ASKED_OF_A_TIE)
        named = (next(iter(q.ties)) if understood and q.ties is not None and len(q.ties) == 1
                 and not q.tie_from_context else None)
        return Turn(intent=q.inherited_intent or q.intents.best[0], tie=named, leg=q.leg, details=details,
                    manager=manager, language=asking.language.code, topic=topic)
    knowledge = snap.knowledge
    facts = [knowledge.facts[f] for f in answer.facts if f in knowledge.facts]
    years = {f.year for f in facts}
    year = q.history_year if q.history_year is not None else (next(iter(years)) if len(years) == 1 else None)
    ties = {f.tie for f in facts}
    tie = answer.tie
    if tie is None and len(ties) == 1:
        tie = next(iter(ties))
    if tie is None and q.ties is not None and len(q.ties) == 1:
        tie = next(iter(q.ties))
    followed = tuple(answer.facts)
    if tie is not None and year is not None and year != knowledge.ties[tie].year:
        # The 2016 Dortmund comeback a 2021 preview's words recalled: a follow-up is about 2016, and
        # "that" points to the facts telling that game, not to the preview's words.
        recalled = _history_named(asking, tie, year)
        tie, followed = None, (recalled[1] if recalled is not None else followed)
    if tie is not None and year is None:
        recalled = _history_named(asking, tie) or _history_named(asking, tie, answered=followed)
        if recalled is not None:  # "the Dortmund comeback Klopp spoke of", answered by his 2021 words
            tie, year, followed = None, recalled[0], recalled[1]
    people = [e for e in q.entities if knowledge.entities[e].kind == "person"]
    speakers = [f.speaker for f in facts if f.speaker]
    # A "who manages them" question answered: "what did he say?" is about the man named in the answer.
    answered_about = _described(asking, [e for f in facts if f.intent == PERSON_INTENT for e in f.entities
                                         if knowledge.entities[e].kind == "person"])
    people = list(dict.fromkeys([*people, *speakers, *answered_about]))
    teams = [e for e in q.entities if knowledge.entities[e].kind == "team"]
    if not teams and tie is None:
        # "Which club overcame that deficit?" answered by history: "they" next are the clubs the answer names.
        # After a recalled game ("that Dortmund comeback"), those its own facts name.
        teams = list(dict.fromkeys(e for f in followed if f in knowledge.facts for e in knowledge.facts[f].entities
                                   if knowledge.entities[e].kind == "team"))
    if not teams and tie is not None:
        # "their manager" after a tie means the opponent: the team that is not in every tie.
        teams = [t for t in knowledge.ties[tie].teams if t not in snap.everywhere]
        teams = teams or list(knowledge.ties[tie].teams)
    legs = {f.leg for f in facts}
    # "Did they go two down" answered by the first leg's story: "when was that" is about that leg.
    leg = q.leg if q.leg is not None or len(legs) != 1 or tie is None else next(iter(legs))
    return Turn(intent=answer.intent,
                tie=tie, entities=tuple(q.entities), teams=tuple(teams), people=tuple(people), leg=leg,
                year=year if tie is None else None, facts=followed, details=details, manager=manager,
                language=asking.language.code, topic=topic)

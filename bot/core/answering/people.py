"""People of a role: "which managers were in the Atlético tie" answered with each of them, one line each.

Ranking answers with the nearest fact and the composer keeps those of its kind nearly as good, so
asked for both managers a fan got the one whose fact ranked first; asked what the experts
predicted, one expert's tip, or a decline when the fact naming both shared too little. A question
holding one of a role's `asked_by` phrases (language file `people_lists`: plurals, "both
managers"), naming no person itself, asks for everyone holding that role (a person whose role in
entities.yaml holds one of its `held_by` words) in the ties asked about, or in all of them: each
is told in a line from their own best fact (one naming no other holder of the role) of those
ties, as the question ranks it, with its source. "The opposing managers" keep the opponents'.
Fewer than two such people, or a best fact that is no answer by the usual evidence, leave the
question to the other gates: a singular ("who was the expert") asks for one person, and stays so.
"""

from __future__ import annotations

import logging

from bot.core.answering.answer import Answer
from bot.core.answering.gates import Asking
from bot.core.answering.index import IndexedFact
from bot.core.answering.listing import in_lines
from bot.core.answering.ranking import EVIDENCE, QUOTE_INTENT, TOPIC_WEIGHT, Scored
from bot.core.knowledge.language import PeopleRole

__all__ = ["People", "compose", "people_listed"]

log = logging.getLogger(__name__)

MAX_LISTED = 6
"""A list answer stays readable in one Discord message: people beyond this are left out."""
CONFIDENCE = 0.7
"""Each line is the person's own best fact, but who holds the role asked is read from entities' role words."""


class People(tuple[str, ...]):
    """The facts answering a question for everyone of a role, one per person, in the order told."""

    __slots__ = ()


def people_listed(a: Asking, ranked: list[Scored]) -> list[Scored] | People:
    """Everyone of the role asked for, in the ties asked about, each from their own best fact; else `ranked`."""
    role = a.role_listed()
    if role is None:
        return ranked
    q, k = a.q, a.snap.knowledge
    holders = {person for person, team in a.view.roles.holders[role.name]
               if not q.opponents or team in q.opponents}
    if len(holders) >= 2 and _one_of(a, role) and not holders.intersection(q.people):
        return _their_words(a, ranked, frozenset(holders))
    if any(k.entities[e].kind == "person" for e in q.named if e in k.entities):
        return ranked  # "which managers did Klopp face": about one person
    if len(holders) < 2:
        return ranked
    scope = q.ties if q.ties is not None else frozenset(k.ties)
    index = a.index
    own: dict[str, list[IndexedFact]] = {}
    for person in sorted(holders):
        items = [item for item in (index.item(n) for n in index.candidate_numbers((), (person,), scope))
                 if item.tie in scope and person in item.entities and item.entities.isdisjoint(holders - {person})
                 and item.speaker in (None, person)]
        if items:
            own[person] = items
    if len(own) < 2:
        return ranked
    # Asked what they said, each one's words are theirs to answer with (asked if the pundits spoke of the
    # Atlético supporters: Lynch's column on them, though his tip matched the question's kind): scored as if
    # each were named.
    said = QUOTE_INTENT in q.intents.cued
    if said:
        a.ask_of(frozenset(holders))
    by_id = {} if said else {s.item.id: s for s in ranked}
    best: list[Scored] = []
    for person, items in own.items():
        scored = [by_id.get(s.item.id, s) for s in a.score_all(items)]
        if scored:  # their own: what they said, or a fact about them first (not one where they are a passing name)
            best.append(max(scored, key=lambda s: (_about(s, person), s.total, s.item.id)))
    top = max(best, key=lambda s: s.total) if len(best) >= 2 else None
    if top is None or not _answers(a, top, role):
        a.ask_of(frozenset())
        return ranked  # asked something of them no fact of theirs answers: the usual gates decide
    years = {t.id: t.year for t in k.ties.values()}
    best.sort(key=lambda s: (years[s.item.tie or ""], -s.total, s.item.id))
    chosen = best[:MAX_LISTED]
    log.debug("listed %d people of role %s", len(chosen), role.name)
    return People(s.item.id for s in chosen)


def _one_of(a: Asking, role: PeopleRole) -> bool:
    """Whether the role's holders are asked for as one of them ("which of the two correspondents", "either of them").

    A phrase of the language's `people_lists.one_of` right before one of the role's `asked_by` phrases.
    """
    tokens = a.role_words()
    for start in range(len(tokens)):
        for phrase in role.asked_by:
            if tuple(tokens[start:start + len(phrase)]) == phrase and any(
                    tuple(tokens[max(0, start - len(p)):start]) == p for p in a.view.language.people_one_of):
                return True
    return False


def _their_words(a: Asking, ranked: list[Scored], holders: frozenset[str]) -> list[Scored]:
    """The candidates ranked again as the words of the role's holders ("did either of the experts mention him").

    Asked of one of them, whoever said it answers: their statements only, each the kind of answer asked, as when
    they are named. With none of theirs among the candidates, the question is left as it was ranked.
    """
    a.ask_of(holders)
    again = a.score_all([s.item for s in ranked])
    again.sort(key=lambda s: (-s.total, s.item.id))
    if not any(s.item.speaker in holders for s in again):
        a.ask_of(frozenset())
        return ranked
    log.debug("asked of the words of %s", sorted(holders))
    return again


def _about(s: Scored, person: str) -> bool:
    """Whether the fact is the person's own: their words, or a fact whose first name is theirs."""
    fact = s.fact
    return s.item.speaker == person or (bool(fact.entities) and fact.entities[0] == person)


def _answers(a: Asking, top: Scored, role: PeopleRole) -> bool:
    """Whether the best of the people's facts answers: by the usual evidence, or by asking who, on topic.

    The role asked ("managers") is what the question is about; its other light words ("faced", "named
    in the articles") only frame it, so a who-question whose best fact is of its kind answers though its
    total is under the threshold a single fact needs. A weighty word beside the role that the fact does
    not share ("their wives") asks something else of them: the usual gates decide.
    """
    if a.weakness(top) is None:
        return True
    if top.intent < EVIDENCE or (a.q.unknown and a.guessed_only(top)):
        return False
    stem = a.index.stem
    role_stems = {stem(w) for phrase in (*role.asked_by, *role.held_by) for w in phrase}
    frame = a.view.reader.frame_stems | {stem(w) for w in a.view.language.people_list_frame} | {
        stem(w) for phrase in a.view.language.past_game_lists for w in phrase}
    asking = a.asking_stems()
    return all(w < TOPIC_WEIGHT or s in top.item.stems for s, w in a.q.stems.items()
               if s not in role_stems and s not in frame and s not in asking)


def compose(a: Asking, people: People) -> Answer:
    """One line per person, each their own fact's answer; reason `listed-people`."""
    facts = [a.snap.knowledge.facts[f] for f in people]
    text, sources = in_lines(a, facts, "people_listed")
    ties = {f.tie for f in facts}
    return Answer(answered=True, text=text, confidence=CONFIDENCE, intent=facts[0].intent,
                  tie=next(iter(ties)) if len(ties) == 1 else None, facts=[f.id for f in facts], sources=sources,
                  reason="listed-people")

"""What every gate reads (`Asking`: the question against one snapshot) and the outcomes a gate ends one with."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from bot.core.answering.ranking import (
    PREDICTION_INTENT,
    QUOTE_INTENT,
    Ranking,
    Scored,
)
from bot.core.knowledge.language import Detail, PeopleRole
from bot.core.knowledge.models import LegName
from bot.core.text import holds_words

__all__ = [
    "AcrossTies",
    "Asking",
    "Decline",
    "Overview",
    "Verdict",
]


@dataclass(frozen=True)
class Decline:
    """The question ends unanswered: why (a reason code), and what the fan is told."""

    reason: str
    text: str
    suggest: bool = True


@dataclass(frozen=True)
class Overview:
    """An overview of these ties (oldest first) answers: asked for, or a tie named with nothing asked."""

    ties: tuple[str, ...]
    leg: LegName | None = None
    """A played leg of the one tie, when the question asked for that leg's story ("recap the 2023 first leg")."""
    met: bool = False
    """It counts how many times the ties' clubs met within them ("how many times did they meet in these ties")."""


@dataclass(frozen=True)
class AcrossTies:
    """The question asks the same of every tie: each tie answers in a line, from its own best facts."""

    ties: tuple[str, ...]


Verdict = Decline | Overview | AcrossTies


class Asking(Ranking):
    """One question against one snapshot: the ranking context, plus what the gates need to reply."""

    _details: list[Detail] | None = None
    _own_details: list[Detail] | None = None
    _employers: list[str] | None = None
    _words_asking: dict[int, frozenset[str]] | None = None
    _managers: tuple[frozenset[str] | None] | None = None

    def either(self, names: Iterable[str]) -> str:
        """Names joined as alternatives in the question's language: "Liverpool or Real Madrid"."""
        return f" {self.language.say('or')} ".join(names)

    def ties_known(self) -> str:
        """The ties in the store, for a reply: "Liverpool v Atlético Madrid (2020), … (2023)"."""
        ties = sorted(self.snap.knowledge.ties.values(), key=lambda t: t.year)
        return ", ".join(f"{t.name} ({t.year})" for t in ties) if ties else "no ties yet"

    def details_asked(self) -> list[Detail]:
        """The details the question asks for, or, for a follow-up asking none, those the last one asked."""
        if self._details is None:
            q, details = self.q, self.view.attributes
            asked = self.own_details()
            if not asked and q.previous_details:
                asked = details.by_name(q.previous_details)
            self._details = asked
        return self._details

    def own_details(self) -> list[Detail]:
        """The details the question's own words ask for ("and on aggregate?" after a prediction asks none).

        A past game named with a leg's name alone ("ajax v madrid 2019 agg?") asks what that name asks of
        it (the details' `of_past_game`): that game's aggregate is its score.
        """
        if self._own_details is None:
            q = self.q
            asked = self.view.attributes.asked(q.framed(q.raw_tokens), q.framed(q.tokens), person=bool(q.people),
                                               clubs_at=self.clubs_at())
            if not asked and q.leg is not None and not q.followup and self._past_game_named():
                asked = [d for d in self.view.attributes.attributes if q.leg in d.of_past_game]
            self._own_details = asked
        return self._own_details

    def _past_game_named(self) -> bool:
        """Whether the question names a past game the articles recall: a year of history, or a club of no tie."""
        q = self.q
        clubs = self.view.reader.outside_club_stems
        return q.history_year is not None or any(e in clubs for e in q.named)

    def asking_words(self, details: list[Detail]) -> frozenset[str]:
        """The words by which the question asks for these details (`AttributeReader.asking_words`, both readings).

        Each detail's words are searched for once a question: three gates and the evidence ask for them.
        """
        if self._words_asking is None:
            self._words_asking = {}
        found, q, attributes = self._words_asking, self.q, self.view.attributes
        for detail in details:
            if id(detail) not in found:  # by identity: a Detail's generated `==` compares every field
                found[id(detail)] = attributes.asking_words([detail], q.framed(q.raw_tokens), q.framed(q.tokens))
        return frozenset().union(*(found[id(detail)] for detail in details))

    def asking_stems(self) -> frozenset[str]:
        """`Ranking.asking_stems`, from the details `own_details` read and their words as `asking_words` found them."""
        if self._asking is None:
            asked = self.own_details()
            words = self.asking_words(asked) if asked else frozenset()
            self._asking = frozenset(self.index.stem(w) for w in words)
        return self._asking

    def employers(self) -> list[str]:
        """The clubs the question names as a manager's own (`RoleReader.employers`), read once a question."""
        if self._employers is None:
            q = self.q
            self._employers = self.view.roles.employers(q.tokens, q.teams, q.mentions.spans, self.sides())
        return self._employers

    def own_managers(self) -> frozenset[str] | None:
        """The managers the question's own words ask for (`RoleReader.asked_managers`), or None: read once.

        Most questions hold no word for a manager: then none is asked, whatever clubs they name, and
        where the clubs stand (`employers`) is not read at all.
        """
        if self._managers is None:
            words, roles = self.role_words(), self.view.roles
            managers = None if roles.manager_words.isdisjoint(words) else roles.asked_managers(words, self.employers())
            self._managers = (managers,)
        return self._managers[0]

    def manager_asked(self) -> bool:
        """Whether the question (or, for a follow-up, the last one) asks for a club's manager."""
        q = self.q
        return self.own_managers() is not None or (q.previous_manager and bool(q.named))

    def sides(self) -> list[str]:
        """The clubs of the one tie the question is about (none for several).

        A manager asked of his side's opponent ("the coach who beat Liverpool") is the other club's.
        """
        ties = self.q.ties
        if ties is None or len(ties) != 1:
            return []
        return list(self.snap.knowledge.ties[next(iter(ties))].teams)

    def role_words(self) -> list[str]:
        """The question's words but those set aside: "did they manage to" asks for no manager."""
        q = self.q
        return [t for i, t in enumerate(q.tokens) if i not in q.aside] if q.aside else q.tokens

    def role_listed(self) -> PeopleRole | None:
        """The role the question asks everyone of ("which managers"), the first the language file lists."""
        language = self.view.language
        if language.people_list_starts.isdisjoint(self.q.tokens):
            return None  # most questions: no role word at all, looked up without walking the question
        tokens = self.role_words()
        return next((role for role in language.people_lists if holds_words(tokens, role.asked_by)), None)

    def accepts(self, ranked: list[Scored]) -> bool:
        """Whether the best of these candidates is an answer."""
        return bool(ranked) and self.weakness(ranked[0]) is None

    def beyond_the_ties(self, asked_for: bool = True) -> bool:
        """Whether the question names someone or something beyond the ties it is about, or another round.

        A person ("what word did Klopp sum the night up with"), a club or competition beyond the ties'
        own (Barcelona, La Liga), a year of history, or a round that is not the named tie's ("who did
        Madrid face in the quarter-finals after the 2023 tie"): the question is about them. When an
        overview is `asked_for` in words, a manager of one of the ties' clubs names his side ("recap
        Klopp v Simeone", "Ancelotti's Madrid"), unless what someone said or predicted is asked.
        """
        q, knowledge = self.q, self.snap.knowledge
        entities = knowledge.entities
        people = [e for e in q.named if e in entities and entities[e].kind == "person"]
        if people:
            said = (not asked_for or any(i in q.intents.cued for i in (QUOTE_INTENT, PREDICTION_INTENT))
                    or q.inherited_intent in (QUOTE_INTENT, PREDICTION_INTENT)
                    or holds_words(q.tokens, self.view.language.viewpoints))  # "Klopp's perspective": his words
            ties = q.ties if q.ties is not None else self.index.all_ties
            managers = self.view.roles.managers
            sides = frozenset().union(*(managers.get(team, frozenset())
                                        for t in ties for team in knowledge.ties[t].teams))
            if said or not sides.issuperset(people):
                return True
        if self.view.names.anchors(e for e in q.named if e not in people):
            return True
        stages = q.mentions.stage_ties
        return q.history_year is not None or bool(stages and q.ties is not None and not q.counted_from
                                                  and stages.isdisjoint(q.ties))

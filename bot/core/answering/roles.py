"""Questions about a club's manager: the answer must name someone who holds that job there.

"Who is Real Madrid's manager in 2021" ranks a Klopp quote highest (it says "Liverpool
manager" and names Real Madrid), but Klopp is not the man asked about. When a question asks
for the manager of clubs it names, only facts that mention a person whose entity role is a
manager or coach at one of those clubs can answer it; the articles of 2021 name no Real
Madrid coach, so that question is declined. The role and club come from entities.yaml, and the
words for managers and their roles from the language file, so a new manager added there is
understood without code changes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from bot.core.knowledge.language import Language
from bot.core.knowledge.store import Knowledge
from bot.core.text import holds_phrase

__all__ = ["OPPONENT_REACH", "RoleReader"]

OPPONENT_REACH = 3
"""How many words before a club an opposing word may stand and name it the opponent ("beat them 1-0 at")."""


class RoleReader:
    """Per knowledge snapshot: each club's managers, from the entities' roles and clubs."""

    def __init__(self, knowledge: Knowledge, language: Language | None = None) -> None:
        language = language or knowledge.language
        self.manager_words = language.manager_words
        self.asking = tuple(sorted(language.manager_words))[:1]
        """Words standing in for a manager question a follow-up inherits ("and Liverpool's?")."""
        """Words by which fans ask for the person in charge ("in charge" through "charge")."""
        self.owner_links = language.owner_links
        self.opposing_words = language.opposing_words
        """Words naming the club after them as the opponent ("the manager who beat Liverpool")."""
        """Words between a manager word and the club that employs him ("the coach of Real Madrid")."""
        self.managers: dict[str, frozenset[str]] = {}
        by_team: dict[str, set[str]] = {}
        for entity in knowledge.entities.values():
            if (entity.kind == "person" and entity.team and entity.role
                    and holds_phrase(entity.role, language.manager_roles)):
                by_team.setdefault(entity.team, set()).add(entity.id)
        self.managers = {team: frozenset(people) for team, people in by_team.items()}
        self.names = {team: knowledge.entities[team].name for team in knowledge.entities}
        self.holders: dict[str, tuple[tuple[str, str | None], ...]] = {
            role.name: tuple((e.id, e.team) for e in knowledge.entities.values()
                             if e.kind == "person" and e.role and holds_phrase(e.role, role.held_by))
            for role in language.people_lists}
        """Per people-list role (by name), everyone whose role words hold it, with their club: a question asking
        for all of them looks them up instead of reading every entity's role again."""

    def asked_managers(self, tokens: Iterable[str], teams: Iterable[str]) -> frozenset[str] | None:
        """The people who could answer "who is <club>'s manager", or None when no manager of a club is asked."""
        teams = list(teams)
        if not teams or self.manager_words.isdisjoint(tokens):
            return None
        return frozenset().union(*(self.managers.get(team, frozenset()) for team in teams))

    def employers(self, tokens: Sequence[str], teams: Iterable[str],
                  spans: Mapping[str, tuple[int, int]], sides: Iterable[str] = ()) -> list[str]:
        """The clubs a question names as the manager's own: "Real's manager when they beat Liverpool" is Real's.

        A club right before a manager word ("Real's boss", "Madrid coach") or right after one,
        alone or with "of/at/for" ("managed Atlético", "the manager of Real"), employs him; other
        clubs named are opponents or context.
        When no club is placed so, every club named counts, unless each is named as the opponent (one of
        the opposing words up to OPPONENT_REACH words before it: "the coach who beat Liverpool 1-0"): then
        the other `sides` (the clubs of the ties asked about) employ him.
        """
        teams = list(teams)
        manager_words, owner_links = self.manager_words, self.owner_links
        owners = []
        for team in teams:
            span = spans.get(team)
            if span is None:
                continue
            start, end = span
            after = end < len(tokens) and tokens[end] in manager_words
            before = (start >= 1 and tokens[start - 1] in manager_words) or (
                start >= 2 and tokens[start - 1] in owner_links and tokens[start - 2] in manager_words)
            if after or before:
                owners.append(team)
        if owners:
            return owners
        opposed = [team for team in teams if team in spans and not self.opposing_words.isdisjoint(
            tokens[max(0, spans[team][0] - OPPONENT_REACH):spans[team][0]])]
        others = [side for side in sides if side not in teams]
        return others if opposed and len(opposed) == len(teams) and others else teams



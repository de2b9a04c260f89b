"""Where in a tie a question is set: going into the second leg, at halfway, before facing a club, in a city's leg.

Such words say when (or which game) the question is about, not what it asks: "Liverpool's form going into
the return" asks their form, "the agg going in" the first leg's score, "Madrid's last game before facing
Liverpool" Madrid's league game, "the Madrid leg" in 2020 the first leg. `QuestionReader` asks these while
it reads; the phrases come from the language file (`moment_*`, `tie_moments`, `round_aims.besides`,
`place_nouns`), the cities from `entities.yaml`.
"""

from __future__ import annotations

from bot.core.answering.entities import Mentions
from bot.core.answering.index import FactIndex
from bot.core.knowledge.models import LegName
from bot.core.knowledge.store import Knowledge
from bot.core.text import normalize, tokenize

__all__ = ["Moments"]


class Moments:
    """One language's reading of the moments of a tie a question is set at; built once per snapshot."""

    def __init__(self, knowledge: Knowledge, index: FactIndex) -> None:
        self.language = language = index.language
        self.index = index
        self._ties = knowledge.ties
        self.aggregate_stems = frozenset(index.stem(phrase[0]) for phrase, leg in language.legs.items()
                                         if leg == "aggregate" and len(phrase) == 1)
        """Stems of the one-word names of the aggregate ("agg", "global"): a fact using one states an aggregate."""
        default = knowledge.language
        self._round_order = {**default.round_order, **language.round_order}
        self._set_aside = (*default.round_set_aside, *language.round_set_aside) if language is not default \
            else default.round_set_aside
        """The phrases setting a round aside ("at stake besides the semi", `round_aims.besides`): its words and the
        phrase's are no topic."""
        self._aside_starts = frozenset(p[0] for p in self._set_aside if p)
        """Their first words: a question holding none of them holds no round set aside."""
        self._place_legs: dict[str, dict[str, LegName]] = {}
        """Each tie's legs by the home city of the club hosting them, where a city hosted one leg only: "the Madrid
        leg" in 2020 is Atlético's home leg, the first (`place_nouns` in the language file)."""
        first: LegName = "first"
        second: LegName = "second"
        for tie in knowledge.ties.values():
            hosts: dict[str, list[LegName]] = {}
            for leg_name, home in ((first, tie.first_leg.home), (second, tie.second_leg.home)):
                city = knowledge.entities[home].city if home in knowledge.entities else None
                if city is not None:
                    hosts.setdefault(" ".join(tokenize(normalize(city))), []).append(leg_name)
            self._place_legs[tie.id] = {city: legs[0] for city, legs in hosts.items() if len(legs) == 1}

    def leading_into_second_leg(self, tokens: list[str], mentions: Mentions) -> bool:
        """Whether the second leg is named as a moment ("going into", "before", "ahead of" it), not as the subject.

        Either a word for the second and a leg noun ("before the second leg"), or the phrase that named
        the leg ("antes de la vuelta"), right after one of the `before` phrases; the names and years
        between do not count ("llega el Madrid a la vuelta" is "llega a la vuelta").
        """
        lang = self.language
        for i in range(1, len(tokens) - 1):
            if tokens[i] in lang.moment_second and tokens[i + 1] in lang.leg_nouns:
                j = i - 1 - (tokens[i - 1] in lang.moment_skip)
                if j >= 0 and any(len(p) <= j + 1 and tuple(tokens[j + 1 - len(p) : j + 1]) == p
                                  for p in lang.moment_before):
                    return True
        if mentions.leg_span is None:
            return False
        start = mentions.leg_span[0]
        before = [t for i, t in enumerate(tokens[:start]) if i not in mentions.used]
        while before and before[-1] in lang.moment_skip:
            before.pop()
        return any(tuple(before[-len(p):]) == p for p in lang.moment_before if len(p) <= len(before))

    def aggregate_so_far(self, tokens: list[str], mentions: Mentions, moment: bool) -> bool:
        """Whether the aggregate is asked as it stood going into the second leg: the first leg's score then.

        "The agg going into the 2nd leg", "aggregate before the return", "the agg score going in": the
        tie's halfway point, so no result the articles were written before. The aggregate named (a leg's
        one-word name for it) and the moment: the second leg named as one, or a `halfway` phrase.
        """
        if mentions.leg not in ("aggregate", "second") or not any(
                self.index.stem(t) in self.aggregate_stems for t in tokens):
            return False
        return moment or bool(self.halfway_words(tokens)) or (
            mentions.leg == "aggregate" and self.leading_into_second_leg(tokens, mentions))

    def halfway_words(self, tokens: list[str]) -> frozenset[int]:
        """Where a phrase of the tie's halfway point stands ("going in", "at halfway"): when, not what, is asked."""
        out: set[int] = set()
        for p in self.language.moment_halfway:
            for i in range(len(tokens) - len(p) + 1):
                if tuple(tokens[i:i + len(p)]) == p:
                    out.update(range(i, i + len(p)))
        return frozenset(out)

    def moment_verbs(self, tokens: list[str]) -> frozenset[int]:
        """Where the verbs of "going into", "heading into", "llegando a" the second leg stand: the moment's words.

        They say when the question is set, not what it asks ("Liverpool's form going into the return" asks
        their form, not what was "going through"), so they are no topic words.
        """
        lang = self.language
        verbs = lang.moment_verbs
        if verbs.isdisjoint(tokens):
            return frozenset()
        out: set[int] = set()
        for p in lang.moment_before:
            for i in range(len(tokens) - len(p) + 1):
                if tuple(tokens[i:i + len(p)]) == p:
                    out.update(k for k in range(max(i - 1, 0), i + len(p)) if tokens[k] in verbs)
        return frozenset(out)

    def drop_tie_moment_names(self, mentions: Mentions, tokens: list[str], ties: frozenset[str]) -> set[str]:
        """A club right after a phrase setting the question in its tie ("before facing Liverpool") names the tie.

        The question is about the other club it names ("how did Madrid do before facing Liverpool"): the one
        after the phrase need not be named by the fact that answers. The only club named stays.
        """
        dropped: set[str] = set()
        teams = {team for t in ties for team in self._ties[t].teams}
        named = [e for e in mentions.entities if e in teams]
        if len(named) < 2:
            return dropped
        starts = {start: ident for ident, (start, _) in mentions.spans.items()}
        for p in self.language.tie_moments:
            for i in range(len(tokens) - len(p) + 1):
                if tuple(tokens[i:i + len(p)]) != p:
                    continue
                j = i + len(p) + (i + len(p) < len(tokens) and tokens[i + len(p)] in self.language.moment_skip)
                ident = starts.get(j)
                if ident in named and len(named) - len(dropped) > 1:
                    mentions.entities.remove(ident)
                    dropped.add(ident)
        return dropped

    def rounds_set_aside(self, tokens: list[str]) -> set[int]:
        """The positions of a round set aside and of the phrase setting it aside ("besides the semi")."""
        found: set[int] = set()
        if self._aside_starts.isdisjoint(tokens):
            return found
        order = self._round_order
        for p in self._set_aside:
            for i in range(len(tokens) - len(p)):
                if tuple(tokens[i:i + len(p)]) != p:
                    continue
                j = i + len(p)
                n = next((n for n in (3, 2, 1) if tuple(tokens[j:j + n]) in order), 0)
                if n:
                    found.update(range(i, j + n))
        return found

    def leg_by_place(self, tokens: list[str], mentions: Mentions, tie: str) -> None:
        """"The Madrid leg", "the Liverpool leg": the leg of the tie played in the city named before a place noun.

        The city is a word no name took (the entity matcher leaves a bare club name before a place noun as the
        city); a city that hosted both legs or none names no leg.
        """
        legs = self._place_legs.get(tie)
        if not legs:
            return
        nouns = self.language.place_nouns
        for i in range(1, len(tokens)):
            if tokens[i] in nouns and i - 1 not in mentions.used and (leg := legs.get(tokens[i - 1])) is not None:
                mentions.leg = leg
                mentions.leg_span = (i - 1, i + 1)
                return

    def drop_moment_names(self, mentions: Mentions, tokens: list[str]) -> set[str]:
        """Names only inside "before the <club> 2nd leg" date the question; they are not what it is about.

        "Who did Madrid beat before the Liverpool second leg" asks about Madrid's league game: Liverpool
        named the moment (and the tie), so a fact need not name Liverpool to answer. A name the question
        gives elsewhere too stays.
        """
        dropped: set[str] = set()
        if mentions.leg_span is None:
            return dropped
        lang = self.language
        i = mentions.leg_span[0] - 1
        inside: set[int] = set()
        while i >= 0 and (i in mentions.used or tokens[i] in lang.moment_skip):
            inside.add(i)
            i -= 1
        # "before the second leg against Liverpool": the opponent right after the leg names the moment too.
        i = mentions.leg_span[1]
        if i < len(tokens) and tokens[i] in lang.opposing_words:
            i += 1
            while i < len(tokens) and (i in mentions.used or tokens[i] in lang.moment_skip):
                inside.add(i)
                i += 1
        for ident, (start, end) in list(mentions.spans.items()):
            if set(range(start, end)) <= inside and ident in mentions.entities:
                mentions.entities.remove(ident)
                dropped.add(ident)
        return dropped

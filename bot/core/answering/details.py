"""What a question asks for, and whether a fact actually says it.

Ranking finds the fact nearest a question, but "nearest" is not "answers": "what time the
Bernabéu game kicks off" is nearest the second-leg date, "Thiago's transfer fee" nearest
a training fact about Thiago. Each `Attribute` here is one kind of detail fans ask for (the
kick-off time, a price, the scorers, a scoreline...) with two patterns: how a question asks
for it, and how a fact's text carries it. A question that asks for a detail can only be
answered by a fact that carries it; when none does, the engine declines with the attribute's
own reply instead of offering the loosely related fact.

The details, their cue words and patterns live in the language file (knowledge/language/),
compiled at load into `Detail`s; this module holds only the mechanism. Only a fact's answer and
quote count as carrying a detail: keywords are search aids ("kick off" on a date fact), not
statements.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any

from bot.core.knowledge.language import Detail, Language
from bot.core.knowledge.models import Entity, Fact
from bot.core.text import fold, holds_phrase, is_year

__all__ = ["Attribute", "AttributeReader"]

Attribute = Detail
"""One detail a fan can ask for (compiled from the language file); the name the engine knows it by."""

_QUOTED = re.compile(r"[\"“«][^\"”»]*[\"”»]")
"""Quoted words in an answer, and a quote's rendering (in « »)."""
_WORD = re.compile(r"[a-z0-9]+")
_NUMBER = re.compile(r"([0-9]+)(st|nd|rd|th)?")
"""A number in a fact's words, or an ordinal ("14th")."""
"""Fact words for matching what they carry, read from the folded text: "árbitro" is "arbitro", not "rbitro"."""


class AttributeReader:
    """Per knowledge snapshot: which attributes each fact carries, and which a question asks.

    `language` is the knowledge's (`knowledge.language`): its details and role words.
    """

    def __init__(self, facts: Iterable[Fact], entities: dict[str, Entity], language: Language) -> None:
        self.attributes: tuple[Attribute, ...] = language.details
        attributes = self.attributes
        self._opposing = language.opposing_words
        self._side_words = language.side_words
        self._side_links = language.side_links
        self._year_links = "|".join(re.escape(" ".join(link)) + " " for link in language.year_links)
        self._cues = frozenset().union(*(a.cues for a in attributes),
                                       *(p for a in attributes for p in a.before_club))
        cued: dict[str, list[int]] = {}
        for place, attribute in enumerate(attributes):
            for cue in attribute.cues:
                cued.setdefault(cue, []).append(place)
        self._by_cue = {cue: tuple(places) for cue, places in cued.items()}
        """Each cue word to the places (in `attributes`) of the attributes it cues: a question is searched only
        for those whose cue words it holds, not checked against every attribute."""
        players = {e.id: e.team for e in entities.values()
                   if e.kind == "person" and e.role and holds_phrase(e.role, language.player_roles)}
        self._teams = frozenset(e.id for e in entities.values() if e.kind == "team")
        self.player_teams: dict[str, frozenset[str]] = {}
        """Per fact, the clubs of the players it names: "who scored for Liverpool" needs a Liverpool player."""
        # Single words are looked up in a set, phrases in the padded words, shapes in the text: once per fact.
        self.carried: dict[str, frozenset[str]] = {}
        self._dated: dict[str, tuple[str, int | None]] = {}
        """Per fact, its padded words and its own year: what dates a detail it states."""
        self.legs_named: dict[str, frozenset[str]] = {}
        """Per fact, the legs its words name ("la ida", "the second leg"): a fact of no leg tells of these."""
        self._leg_phrases = [(f" {' '.join(phrase)} ", leg) for phrase, leg in language.legs.items()
                             if leg != "aggregate"]
        kinds = frozenset().union(*(a.names for a in attributes))
        self._named_by_kind = {kind: _by_first_word(_spelled(e for e in entities.values() if e.kind == kind))
                               for kind in kinds}
        """Per entity kind a detail's `names` holds, every name of that kind as padded words (" anfield "),
        filed under its first word (a fact's words find the names in it without trying each)."""
        self._players = players
        self._kinds = {e.id: e.kind for e in entities.values()}
        self._club_names = tuple((name, e.id) for e in entities.values() if e.kind == "team"
                                 for name in _spelled((e,)))
        """Every club's names as padded words with its id: which club a fact states a club's detail of."""
        self._spellings = {e.id: _spelled((e,)) for e in entities.values()}
        """Each entity's names and aliases as padded words."""
        self._names_by_first: dict[str, list[tuple[str, str]]] = {}
        """Every name as padded words with its entity, by first word: the words a fact says outside its names."""
        for ident, spellings in self._spellings.items():
            for name in spellings:
                self._names_by_first.setdefault(name.split()[0], []).append((name, ident))
        self.stated_of: dict[str, dict[str, frozenset[str]]] = {}
        """Per fact carrying a detail told of one club (`of_club`), the clubs it tells that detail of."""
        self._code = language.code
        self._shared: dict[frozenset[str], frozenset[str]] = {}
        self._outside: dict[tuple[str, Callable[[str], str]], tuple[frozenset[frozenset[str]], frozenset[str]]] = {}
        """Per fact's padded words and stemmer, `_outside_names` (made when a count question first reads them)."""
        self._listed: dict[str, frozenset[str]] = {}
        """Per fact's padded words, `listed` (made when a question first asks it)."""
        self._list_links = language.list_links
        self._list_skip = language.list_skip
        self._counting: dict[tuple[str, frozenset[str], bool, bool], bool] = {}
        self._numbered: dict[tuple[str, frozenset[str]], tuple[int, ...]] = {}
        """Per fact's padded words and number words, where its numbers stand (`counts_of`; its words only)."""
        """Per fact's padded words and count reading, `_says_count` (its words only: shared by the next snapshot)."""
        for fact in facts:
            self.add(fact)

    def add(self, fact: Fact) -> None:
        """Read which details one fact states (a snapshot adds each fact; a change, the changed ones)."""
        attributes = self.attributes
        players = self._players
        shared = self._shared
        # In another language, what the fact states in it, or in the default language's words.
        translated = fact.answer_in(self._code)
        answer = fact.answer if translated == fact.answer else f"{translated} {fact.answer}"
        lowered = f"{answer} {fact.quote or ''}".lower()
        tokens = _WORD.findall(fold(lowered))  # the patterns are folded alike (accents off)
        padded = f" {' '.join(tokens)} "
        self._dated[fact.id] = (padded, fact.year)
        token_set = frozenset(tokens)
        has_player = not players.keys().isdisjoint(fact.entities)
        teams = frozenset(team for e in fact.entities if (team := players.get(e)))
        self.player_teams[fact.id] = shared.setdefault(teams, teams)
        # In the answer's own words: the legs a quote mentions ("just like in the first leg") are not
        # what the fact is about.
        said = f" {' '.join(_WORD.findall(fold(_QUOTED.sub(' ', answer).lower())))} "
        legs = frozenset(leg for phrase, leg in self._leg_phrases if phrase in said)
        self.legs_named[fact.id] = shared.setdefault(legs, legs)
        fact_kinds = {self._kinds[e] for e in fact.entities if e in self._kinds}
        names_kinds = frozenset(kind for kind, names in self._named_by_kind.items()
                                if kind in fact_kinds or _names_in(names, token_set, padded))
        carried = frozenset(
            a.name for a in attributes
            if (has_player or not a.needs_player)
            and (not a.states_words.isdisjoint(token_set) or any(p in padded for p in a.states_phrases)
                 or (a.states_pattern is not None and a.states_pattern.search(padded) is not None)
                 or (a.shape is not None and a.shape.search(lowered) is not None)
                 or not a.names.isdisjoint(names_kinds))
        )
        self.carried[fact.id] = shared.setdefault(carried, carried)
        of_club = {a.name: self._clubs_stated(a, padded) for a in attributes if a.of_club and a.name in carried}
        if of_club:
            self.stated_of[fact.id] = {name: shared.setdefault(clubs, clubs) for name, clubs in of_club.items()}

    def counts_of(self, fact_id: str, counted: frozenset[str], stem: Callable[[str], str],
                  numbers: Collection[str], competitions: frozenset[str] = frozenset()) -> bool:
        """Whether a fact's words give a number right before a word for what is counted (one or two words on).

        "13-time European Cup winners", "a 14th European title", "for a sixth time": the number counts
        those. Of the `competitions` asked ("how many Premier League titles"), when given: a competition
        named right after the number must be one of them ("13-time European Cup winners" counts no league
        titles). Read only for a count of what a fact must name (`named_counts`, rare); where a fact's numbers
        stand is kept per its words (a count question tests every candidate, mostly the same facts each time).
        """
        padded, _ = self._dated.get(fact_id, ("", None))
        words = padded.split()
        key = (padded, numbers if isinstance(numbers, frozenset) else frozenset(numbers))
        places = self._numbered.get(key)
        if places is None:
            places = self._numbered[key] = tuple(i for i, word in enumerate(words) if _counts(word, key[1]))
        for i in places:
            if not any(stem(w) in counted for w in words[i + 1:i + 3]):
                continue
            if competitions:
                after = f" {' '.join(words[i + 1:i + 5])} "
                named = {ident for w in words[i + 1:i + 5] for name, ident in self._names_by_first.get(w, ())
                         if self._kinds.get(ident) == "competition" and name in after}
                if named and named.isdisjoint(competitions):
                    continue
            return True
        return False

    def listed(self, fact_id: str) -> frozenset[str]:
        """The clubs a fact's words name only in a list of clubs ("Barcelona, Roma and Deportivo La Coruña").

        A list: three or more names in a row, the last joined by a `list_links` word ("and"), at every place
        the fact names the club. The fact tells only that it is one of them, nothing of its own games
        ("Liverpool against Barcelona in 2019" names Barcelona on its own too; two names joined, "Liverpool
        and Real Madrid met", are a game's two sides). Kept per fact's words (rarely asked).
        """
        padded, _ = self._dated.get(fact_id, ("", None))
        found = self._listed.get(padded)
        if found is None:
            found = self._listed[padded] = self._listed_in(padded)
        return found

    def dated_beside_another(self, fact_id: str, club: str, year: int, others: frozenset[str],
                             framing: Collection[int] = ()) -> bool:
        """Whether a fact dates `club`'s game to another year and gives `year` only beside another club of `others`.

        "Comebacks against Barcelona (2019 ...) and Dortmund (2016 Europa League)": the 2016 game is
        Dortmund's, the fact says nothing of Barcelona in 2016. The `framing` years (the ties') date the
        articles telling it ("as told in the 2023 preview"), not the club's game. Read only for a year of
        history asked of a club beyond the ties' own, on the few facts naming it (not kept).
        """
        padded, _ = self._dated.get(fact_id, ("", None))
        words = padded.split()
        spots = [i for i, w in enumerate(words) if w == str(year)]
        if not spots or self._kinds.get(club) != "team":
            return False
        mine = self._places(padded, club)
        theirs = [p for other in others if other != club and self._kinds.get(other) == "team"
                  for p in self._places(padded, other)]
        if not mine or not theirs:
            return False
        # The club's own year, nearest its name, is another ("Barcelona (2019 ...)"): the game of that year.
        framed = {str(y) for y in framing}
        dated = [(abs(i - p), w) for p in mine for i, w in enumerate(words) if is_year(w) and w not in framed]
        if not dated:
            return False
        nearest = min(gap for gap, _ in dated)
        if str(year) in {w for gap, w in dated if gap == nearest}:
            return False
        return all(min(abs(s - p) for p in theirs) < min(abs(s - p) for p in mine) for s in spots)

    def _places(self, padded: str, ident: str) -> list[int]:
        """Where a fact's padded words name an entity, as word positions."""
        return [padded[:pos].count(" ") for name in self._spellings.get(ident, ()) for pos in _positions(padded, name)]

    def _listed_in(self, padded: str) -> frozenset[str]:
        """`listed`, read from a fact's padded words (commas are gone: names in a row are a list's)."""
        places: list[tuple[int, int, str]] = []
        for start, end, ident in sorted((i, i + len(name) - 1, ident) for name, ident in self._club_names
                                        for i in _positions(padded, name)):
            if places and start < places[-1][1]:  # inside the last name: the longest at each place
                if start == places[-1][0] and end > places[-1][1]:
                    places[-1] = (start, end, ident)
                continue
            places.append((start, end, ident))
        links, skip = frozenset(self._list_links), self._list_skip
        chains: list[list[tuple[str, bool]]] = []  # each run of names in a row, with whether a link joined each
        for k, (start, _end, ident) in enumerate(places):
            # The words between this name and the last, but articles ("el Barcelona, la Roma y el Deportivo").
            gap = tuple(w for w in padded[places[k - 1][1]:start + 1].split() if w not in skip) if k else None
            if gap is not None and (not gap or gap in links):
                chains[-1].append((ident, bool(gap)))
            else:
                chains.append([(ident, False)])
        lists = [len(chain) >= 3 and chain[-1][1] for chain in chains]
        inside = {ident for chain, is_list in zip(chains, lists, strict=True) if is_list for ident, _ in chain}
        alone = {ident for chain, is_list in zip(chains, lists, strict=True) if not is_list for ident, _ in chain}
        return frozenset(inside - alone)

    def _clubs_stated(self, attribute: Attribute, padded: str) -> frozenset[str]:
        """The clubs a fact's words state a club's detail of.

        Each place the detail is stated gives the club named right after it ("relegation-threatened
        Bournemouth"), or else the fact's first club, its subject ("Liverpool failed to register a
        single shot on target against Atlético").
        """
        names = self._club_names
        first = min(((i, ident) for name, ident in names if (i := padded.find(name)) >= 0), default=None)
        ends = [m.end() for m in re.finditer(" (?:" + "|".join(re.escape(w) for w in attribute.states_words) + ") ",
                                             padded)] if attribute.states_words else []
        ends += [i + len(p) for p in attribute.states_phrases for i in _positions(padded, p)]
        if attribute.states_pattern is not None:
            ends += [m.end() for m in attribute.states_pattern.finditer(padded)]
        clubs: set[str] = set()
        for end in ends:
            after = next((ident for name, ident in names if padded.startswith(name, end - 1)), None)
            if after is not None:
                clubs.add(after)
            elif first is not None:
                clubs.add(first[1])
        return frozenset(clubs)

    def derived(self, removed: Iterable[str], added: Iterable[Fact]) -> AttributeReader:
        """The reader of the next snapshot: `removed` facts forgotten, `added` ones read (this one unchanged)."""
        new = copy.copy(self)
        new._outside = {}  # keyed by this snapshot's stemmers: the next one's are its own
        new.player_teams, new.carried = dict(self.player_teams), dict(self.carried)
        new._dated, new.legs_named, new.stated_of = dict(self._dated), dict(self.legs_named), dict(self.stated_of)
        for fact_id in removed:
            for per_fact in (new.player_teams, new.carried, new._dated, new.legs_named, new.stated_of):
                per_fact.pop(fact_id, None)  # type: ignore[attr-defined]
        for fact in added:
            new.add(fact)
        return new

    def state(self) -> dict[str, Any]:
        """What each fact states, as plain values (the knowledge cache keeps them between processes)."""
        return {"player_teams": self.player_teams, "carried": self.carried, "dated": self._dated,
                "legs_named": self.legs_named, "stated_of": self.stated_of}

    @classmethod
    def restore(cls, state: dict[str, Any], entities: dict[str, Entity], language: Language) -> AttributeReader:
        """The reader `state` was taken from."""
        reader = cls((), entities, language)
        shared = reader._shared
        reader.player_teams = {i: shared.setdefault(v, v) for i, v in state["player_teams"].items()}
        reader.carried = {i: shared.setdefault(v, v) for i, v in state["carried"].items()}
        reader.legs_named = {i: shared.setdefault(v, v) for i, v in state["legs_named"].items()}
        reader._dated = {i: tuple(v) for i, v in state["dated"].items()}  # type: ignore[misc]
        reader.stated_of = {i: {name: shared.setdefault(clubs, clubs) for name, clubs in v.items()}
                            for i, v in state["stated_of"].items()}
        return reader

    def about_leg(self, fact_ids: Iterable[str], legs: Iterable[str | None], leg: str,
                  attributes: list[Attribute], past: Iterable[bool] | None = None) -> list[bool]:
        """For each fact (with its own leg), whether the details it states can be the asked leg's.

        A fact of that leg, or of no leg whose words name that leg: "the day of the first leg" is not
        told by a fact dating the coach's press conference before the second. A detail told of one leg
        at a time (`one_leg`: a day, a ground) is not given by a fact naming another leg as well ("the
        second leg, after the first-leg defeat, is on a Wednesday"; "the first-leg deficit to overcome
        at Anfield"), while one telling both legs' scores gives both. A past game's fact (`past`: of no tie)
        telling both its legs tells each one's ground in its own words ("lost the first leg at the Camp Nou,
        then won the second at home"): it may state the asked leg's.
        """
        named = self.legs_named
        single = any(a.one_leg for a in attributes)
        empty: frozenset[str] = frozenset()
        out: list[bool] = []
        ids = list(fact_ids)
        pasts = list(past) if past is not None else [False] * len(ids)
        for fact_id, own, of_past in zip(ids, legs, pasts, strict=True):
            names = named.get(fact_id, empty)
            out.append((own == leg or (own is None and leg in names))
                       and not (single and not of_past and any(other != leg for other in names)))
        return out

    def states_count(self, fact_id: str, noun: str, qualifiers: Collection[str],
                     stem: Callable[[str], str], numbers: Collection[str], scoreline: bool,
                     years: bool = False) -> bool:
        """Whether a fact's words state a count: a number, and every qualifying stem outside its names.

        "How many league titles" is not answered by "won the Champions League for a sixth time": its
        "league" is the competition's name, not a league title; unless the qualifiers and the `noun`
        (stems all) spell a name the fact says ("European Cups"). A year is no count; a scoreline
        ("1-0", read as two numbers in a row) counts only what `scoreline` says it does (goals); a year only
        when `years` says it counts them ("how many years before").
        """
        padded, _ = self._dated.get(fact_id, ("", None))
        if qualifiers and not self._qualified(padded, {*qualifiers, noun}, qualifiers, stem):
            return False
        key = (padded, numbers if isinstance(numbers, frozenset) else frozenset(numbers), scoreline, years)
        says = self._counting.get(key)
        if says is None:
            says = self._counting[key] = self._says_count(padded, key[1], scoreline, years)
        return says

    @staticmethod
    def _says_count(padded: str, numbers: Collection[str], scoreline: bool, years: bool) -> bool:
        """Whether a fact's words hold a number counting something (`states_count`'s reading, kept per words).

        A count question tests every candidate, mostly the same facts question after question: scanning
        each one's words again cost more than the rest of the count gate.
        """
        words = padded.split()
        for i, word in enumerate(words):
            if word in numbers:
                return True
            match = _NUMBER.fullmatch(word)
            if match is None:
                continue
            if match.group(2) is None and len(word) == 4:
                if years:
                    return True  # "how many years before": the year it was, the rest is arithmetic
                continue  # a year counts nothing else
            paired = any(j != i and 0 <= j < len(words) and words[j].isdigit() for j in (i - 1, i + 1))
            if scoreline or not paired or match.group(2) is not None:
                return True
        return False

    def _qualified(self, padded: str, wanted: set[str], qualifiers: Collection[str],
                   stem: Callable[[str], str]) -> bool:
        """Whether a fact's words say each qualifier outside a name, or name what they spell with the noun.

        Every name the words hold counts, listed among the fact's entities or not; a name stands for its
        entity's every alias ("Champions League" names the "European Cup").
        """
        named, stems = self._outside_names(padded, stem)
        if frozenset(wanted) in named:
            return True  # "how many European Cups" of "a sixth Champions League": one name
        return all(q in stems for q in qualifiers)

    def _outside_names(self, padded: str,
                       stem: Callable[[str], str]) -> tuple[frozenset[frozenset[str]], frozenset[str]]:
        """The names a fact's words hold (each as its entity's every spelling, in stems), and the stems outside them.

        Kept per fact's words and stemmer: a count question tests every candidate, mostly the same facts
        question after question, and stemming a fact's every word each time cost a tenth of the answering.
        """
        key = (padded, stem)
        found = self._outside.get(key)
        if found is None:
            outside = padded
            named: set[frozenset[str]] = set()
            for word in set(padded.split()) & self._names_by_first.keys():
                for name, entity in self._names_by_first[word]:
                    if name in outside:
                        named.update(frozenset(stem(w) for w in spelling.split())
                                     for spelling in self._spellings[entity])
                        outside = outside.replace(name, " ")
            found = self._outside[key] = (frozenset(named), frozenset(stem(w) for w in outside.split()))
        return found

    def by_name(self, names: Iterable[str]) -> list[Attribute]:
        """The details of these names, in the language file's order (a follow-up asks what the last turn did)."""
        wanted = set(names)
        return [a for a in self.attributes if a.name in wanted]

    def asked(self, *token_lists: Sequence[str], person: bool = False,
              clubs_at: Iterable[int] = ()) -> list[Attribute]:
        """The attributes a question asks for, from its tokens as typed and as corrected.

        `person`: whether the question names a person (else a detail asked only of one is not asked);
        `clubs_at`: where the clubs it names start, as token positions (a move to one: `before_club`).

        Both readings count: typo correction can turn a real word the facts never use into one
        they do ("pay" into "play"), and can also repair a misspelt "refree". Most questions
        share no cue word with any attribute and cost one set intersection.
        """
        out: list[Attribute] = []
        taken: set[int] = set()  # by identity: a Detail's generated `==` compares every field
        seen: set[tuple[str, ...]] = set()
        starts = list(clubs_at) if person else []
        for tokens in token_lists:
            key = tuple(tokens)
            if key in seen or self._cues.isdisjoint(tokens):
                continue
            seen.add(key)
            text = " ".join(tokens) + " "
            present = self._cues.intersection(tokens)
            # Without a club to move to, only an attribute cued by a word present can be asked.
            attributes = self.attributes if starts else [
                self.attributes[place] for place in sorted({p for cue in present for p in self._by_cue.get(cue, ())})]
            for attribute in attributes:
                if id(attribute) in taken or (attribute.asked_of_person and not person):
                    continue
                if starts and attribute.before_club and any(
                        tuple(tokens[s - len(p):s]) == p for p in attribute.before_club for s in starts if s >= len(p)):
                    out.append(attribute)
                    taken.add(id(attribute))
                    continue
                if attribute.cues.isdisjoint(present):
                    continue
                found = attribute.asked.search(text)
                if found is None:
                    continue
                if attribute.verb is not None and found.group(0).strip() == attribute.verb and _used_as_verb(
                        text, found.start(), attribute.verb_after):
                    continue
                if attribute.condition and _under_condition(text, found.start(), attribute.condition):
                    continue
                out.append(attribute)
                taken.add(id(attribute))
        return out

    def asking_words(self, attributes: list[Attribute], *token_lists: Sequence[str]) -> frozenset[str]:
        """The words by which the question asks for these attributes ("cuánto quedó", "what day").

        A reading equal to one before it (nothing corrected) is not searched again: it finds the same words.
        """
        words: set[str] = set()
        seen: set[tuple[str, ...]] = set()
        for tokens in token_lists:
            key = tuple(tokens)
            if key in seen:
                continue
            seen.add(key)
            text = " ".join(tokens) + " "
            for attribute in attributes:
                found = attribute.asked.search(text)
                if found is not None:
                    words.update(found.group(0).split())
        return frozenset(words)

    def side(self, attributes: list[Attribute], tokens: Sequence[str], named: Iterable[str],
             spans: Mapping[str, tuple[int, int]] | None = None) -> frozenset[str] | None:
        """The one club whose players, or whose own figures, are asked about ("who scored for Liverpool"), or None.

        The club named right before a side word ("which Liverpool players scored ... against Madrid",
        "Atlético's shots"), or right after one and a `side_links` word ("jugadores del Liverpool"); else,
        when the question names a single club and does not name it as the
        opponent ("who scored against Liverpool"), that club.
        """
        if not any(a.needs_player or a.of_club for a in attributes):
            return None
        teams = [e for e in named if e in self._teams]
        if len(teams) > 1 and spans and self._side_words:
            marked = [t for t in teams if t in spans and (
                (spans[t][1] < len(tokens) and tokens[spans[t][1]] in self._side_words)
                or self._side_before(tokens, spans[t][0]))]
            if len(marked) == 1:
                return frozenset(marked)
        if not self._opposing.isdisjoint(tokens):
            return None
        return frozenset(teams) if len(teams) == 1 else None

    def _side_before(self, tokens: Sequence[str], start: int) -> bool:
        """Whether a side word and a link come right before the club starting at `start` ("tiros del")."""
        for link in self._side_links:
            at = start - len(link)
            if at >= 1 and tuple(tokens[at:start]) == link and tokens[at - 1] in self._side_words:
                return True
        return False

    def dated(self, fact_ids: Iterable[str], attributes: list[Attribute], years: Sequence[int],
              own_year: bool = True) -> list[bool]:
        """For each fact, whether it states each dated attribute asked for one of the question's years.

        "Did Liverpool win the 2019 final" is not answered by last season's final: the fact must be
        dated to that year (a history fact of 2019), or say the year next to the final itself. Without
        `own_year`, only the year next to the detail counts: a tie's fact is of its year, but the title
        its words tell of (last season's) is not that year's.
        """
        dated = [a for a in attributes if a.dated]
        if not dated or not years:
            return [True for _ in fact_ids]
        patterns = [[p for y in years if (p := self._dated_pattern(a, y)) is not None] for a in dated]
        out: list[bool] = []
        for fact_id in fact_ids:
            text, year = self._dated.get(fact_id, ("", None))
            out.append((own_year and year in years) or all(any(p.search(text) for p in ps) for ps in patterns))
        return out

    def _dated_pattern(self, attribute: Attribute, year: int) -> re.Pattern[str] | None:
        """The year next to the detail's own words in a fact's words: "the 2019 final", "the final in 2019"."""
        if attribute.states_any is None:
            return None
        word = attribute.states_any
        links = f"(?:{self._year_links})" if self._year_links else "(?!)"
        return re.compile(rf"(?<![a-z0-9]){year} (?:[0-9][0-9] )?(?:[a-z0-9]+ ){{0,3}}(?:{word})"
                          rf"|(?:{word}){links}{year} ")

    def carrying(self, fact_ids: Iterable[str], attributes: list[Attribute],
                 side: frozenset[str] | None = None) -> list[bool]:
        """For each fact, whether it states every asked attribute, of `side` if given.

        Of that club: about one of its players (`needs_player`), or, for a detail told of one club, of it.
        """
        needed = frozenset(a.name for a in attributes)
        empty: frozenset[str] = frozenset()
        carried = self.carried
        if side is None:
            return [needed <= carried.get(fact_id, empty) for fact_id in fact_ids]
        player_teams, stated_of = self.player_teams, self.stated_of
        of_player = any(a.needs_player for a in attributes)
        of_club = [a.name for a in attributes if a.of_club]
        none: dict[str, frozenset[str]] = {}
        return [needed <= carried.get(fact_id, empty)
                and (not of_player or not side.isdisjoint(player_teams.get(fact_id, empty)))
                and all(not side.isdisjoint(stated_of.get(fact_id, none).get(name, empty)) for name in of_club)
                for fact_id in fact_ids]


def _counts(word: str, numbers: Collection[str]) -> bool:
    """Whether a fact's word is a number that may count something (`counts_of`): a number word, or digits not a year."""
    match = _NUMBER.fullmatch(word)
    return word in numbers or not (match is None or (match.group(2) is None and len(word) == 4))


def _positions(text: str, phrase: str) -> list[int]:
    """Where `phrase` starts in `text`, each time."""
    out, i = [], text.find(phrase)
    while i >= 0:
        out.append(i)
        i = text.find(phrase, i + 1)
    return out


def _by_first_word(names: Iterable[str]) -> dict[str, tuple[str, ...]]:
    """Padded names (" el sadar ") by their first word ("el")."""
    out: dict[str, list[str]] = {}
    for name in names:
        out.setdefault(name.split()[0], []).append(name)
    return {word: tuple(found) for word, found in out.items()}


def _names_in(names: dict[str, tuple[str, ...]], words: frozenset[str], padded: str) -> bool:
    """Whether any of the padded names (by first word) is in a fact's padded words."""
    return any(name in padded for word in words & names.keys() for name in names[word])


def _spelled(entities: Iterable[Entity]) -> tuple[str, ...]:
    """Every name and alias of these entities as padded folded words, as a fact's words are matched."""
    return tuple(dict.fromkeys(f" {' '.join(words)} " for e in entities for name in (e.name, *e.aliases)
                               if (words := _WORD.findall(fold(name.lower())))))


def _under_condition(text: str, start: int, words: frozenset[str]) -> bool:
    """Whether the words at `start` close a condition ("if Simeone's men scored at").

    One of `words` at most four words before them: room for a club's or a player's name.
    """
    return not words.isdisjoint(text[:start].split()[-4:])


def _used_as_verb(text: str, start: int, after: frozenset[str]) -> bool:
    """Whether the word at `start` is the verb ("if Atleti score", "did he score"): one of `after` just before it."""
    before = text[:start].split()[-2:]
    return not after.isdisjoint(before)


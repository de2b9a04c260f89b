"""Follow-ups: what a question leaves out, filled in from the conversation's previous turn.

The reader reads the words of one question; this decides which of the last turn's tie, leg, people,
kind of question, detail and facts a follow-up carries on with ("and the 2nd leg?", "who scored?",
"where was that"), and when a question is read fresh. Kept apart because it is a concern of its own
that grows with every kind of follow-up fans write, and it needs the reader's results, not its words.
"""

from __future__ import annotations

from itertools import pairwise
from typing import TYPE_CHECKING

from bot.core.answering.context import Turn
from bot.core.answering.index import FactIndex
from bot.core.answering.intents import IntentMatcher, IntentScores
from bot.core.knowledge.models import LegName
from bot.core.knowledge.store import OVERVIEW_INTENT, PERSON_INTENT, Knowledge
from bot.core.text import normalize, tokenize

if TYPE_CHECKING:
    from bot.core.answering.question import Question

__all__ = ["FLIPPED", "FollowUps"]

FLIPPED: dict[str | None, LegName] = {"first": "second", "second": "first"}
"""The other leg of a tie: "and the other leg?" after an answer about one."""


class FollowUps:
    """Fills in a follow-up from the previous turn, with one language's words for pointing back."""

    def __init__(self, knowledge: Knowledge, index: FactIndex, intents: IntentMatcher) -> None:
        self.knowledge = knowledge
        self.index = index
        self.language = language = index.language
        self.intents = intents
        self.event_stems = frozenset(index.stem(w) for w in language.event_words)
        """Words naming a moment of a game ("goal", "happen"): no topic of their own in "when was that"."""
        self._asked_of_it = frozenset(index.stem(w) for w in language.asked_of_it)
        self._stand_ins = frozenset(index.stem(w) for w in language.stand_ins)
        self._opponent_asks = frozenset(index.stem(w) for w in language.opponent_asks)
        self._game_words = frozenset(language.event_words) | frozenset(language.leg_nouns)
        """Words for a game: after a pointer ("that game") they name the game the last answer told."""

    def apply(self, q: Question, typed: list[str], prev: Turn) -> None:
        """Fill in what a follow-up leaves out from the previous turn.

        `typed` is the question's words as typed (before shorthand and typo correction), as the reader
        tokenised them: not tokenised again here.
        """
        lang = self.language
        words = set(q.tokens)
        anchored = bool(q.entities or q.mentions.years or q.mentions.stage_ties)
        if (prev.tie is None and prev.year is not None and q.ties is not None and len(q.ties) > 1
                and q.ties == frozenset(self.knowledge.ties) and not q.entities and not q.mentions.years
                and words & lang.pointers):
            # "That tie" after the 2016 Dortmund comeback: a word that fits every tie points back to
            # the game the last answer told, not to the three ties.
            q.ties = None
            anchored = False
        said = " ".join(typed)  # words only: "vale, y la ida?" opens with "vale y"
        opener = any(said.startswith(o) and (len(said) == len(o) or said[len(o)] == " ")
                     for o in lang.followup_openers)
        pronoun = bool(words & (lang.he | lang.they | lang.also_leaning))
        short = len([t for t in q.tokens if t not in lang.stopwords]) <= 4
        # "Who scored Madrid's goals in that game?" names a club, but "that game" is the one the last answer
        # told: a pointer right before a word for a game, with every club or ground it names in the last tie.
        # "Did Liverpool win it?" after the second leg was told: "it" is that leg, whoever the question names of it.
        in_last_tie = (prev.tie is not None and not q.mentions.years and not q.mentions.stage_ties
                       and all(prev.tie in self.index.entity_ties.get(e, ()) for e in q.entities
                               if self.knowledge.entities[e].kind in ("team", "venue")))
        pointed = in_last_tie and self._points_at_game(q.tokens)
        q.followup = opener or pronoun or not anchored or short or q.at_that_moment or pointed
        if not q.followup:
            return
        if (in_last_tie and anchored and q.leg is None and prev.leg in FLIPPED and not q.hypothetical
                and not q.past_asked and q.history_year is None and (pointed or words & lang.pointers)):
            q.leg = prev.leg  # that game is the leg the last answer told
        for stem in self._stand_ins.intersection(q.stems):
            del q.stems[stem]  # "the 2021 one" names a tie and stands for what was asked of the last one
        # Asks nothing of its own, no topic and no kind of question ("and two years earlier?", "and in
        # the last 16?"): the last question again, with what this one names in place of what that one did.
        elliptic = q.again = not q.stems and q.intents.best[1] < 0.3
        if (prev.tie is None and prev.year is not None and not q.named and not q.mentions.years
                and (elliptic or self._round_told(q, prev))):
            # After history the articles told (last season's run), a round or leg named narrows that
            # event, not the ties of the articles that share the round.
            q.ties = None
            anchored = False
        # "What had they done in 2016?" names a year of history: that year's game, not the last tie, unless it
        # asks nothing of its own ("and in 2016?" asks the last question again, of that year).
        fill = (q.ties is None and prev.tie is not None and (not q.people or opener or pronoun)
                and (q.history_year is None or elliptic))
        narrow = q.ties is not None and len(q.ties) > 1 and prev.tie in q.ties and not q.mentions.years
        if (fill or narrow) and prev.tie is not None:
            q.ties = frozenset({prev.tie})
            q.tie_from_context = True
        if q.history_year is None and prev.year is not None and not q.mentions.years and q.ties is None:
            q.history_year = prev.year
        if prev.facts and prev.people and not anchored and q.intents.best[0] == PERSON_INTENT and words & lang.others:
            # "Who else?" after Salah at training: the others the last answer's facts name (Thiago), not him again.
            entities, facts = self.knowledge.entities, self.index.facts
            others = list(dict.fromkeys(e for f in prev.facts if f in facts for e in facts[f].entities
                                        if entities[e].kind == "person" and e not in prev.people))
            if others:
                for stem in {self.index.stem(w) for w in lang.others}.intersection(q.stems):
                    del q.stems[stem]
                q.people = others
                q.mentions.entities.extend(others)
                anchored = True
        if (prev.facts and not anchored and q.intents.best[0] in (PERSON_INTENT, OVERVIEW_INTENT)
                and not words.isdisjoint(lang.opponent_asks)):
            # "Who was that against?", "¿contra quién jugó?": its "who" asks the other side of the game the last
            # answer told, which that answer's facts name; no person, no tie's story (as "who did they play"
            # asks with no game told), no kind of its own, and no topic.
            for stem in self._opponent_asks.intersection(q.stems):
                del q.stems[stem]
            q.intents = IntentScores([], q.intents.phrase_words)
        # "What year was that?", and Spanish's "¿en qué año fue?" with no word for "that": a question that
        # names nothing and asks only a kind of question is about the last answer.
        cue_stems = {self.index.stem(w) for w in q.intents.phrase_words}
        asks_only = all(self.intents.is_cue(s) or s in cue_stems or s in self.event_stems
                        or s in self._asked_of_it for s in q.stems)
        if not anchored and (words & lang.pointers or asks_only):
            q.previous_facts = prev.facts
            if words & lang.pointers:  # "when in the game was that": the game is the one the last answer told
                for stem in self.event_stems.intersection(q.stems):
                    del q.stems[stem]
            if asks_only:  # "against which team?": a detail of what the last answer told, no topic ("the team")
                for stem in self._asked_of_it.intersection(q.stems):
                    del q.stems[stem]
            if q.leg is None and prev.leg in FLIPPED and not q.hypothetical:
                # The game the last answer told is one leg: "that" happened in it. Not what would follow
                # "if they did it" (the comeback a first leg's deficit asked for is the tie's, not that leg's).
                q.leg = prev.leg
            if not q.people:
                q.people = list(prev.people)  # and of its person: "how would that have ended" in his tip
        if not q.entities and q.ties is None and not q.mentions.years:
            q.mentions.entities.extend(prev.entities)
        elif elliptic and not q.entities:
            # "And two years on?" after Madrid's titles in 2021: still Madrid's, unless only another tie has them.
            q.mentions.entities.extend(e for e in prev.entities if self._fits(e, q.ties))
        elif (q.tie_from_context and not q.entities and q.leg is None and not q.previous_facts
              and len(q.ties or ()) == 1):
            # "Anfield 2020", then "what was the score on the night": the ground the last question named one
            # leg of its tie by is still where the game asked about is; not where it points back to what the
            # last answer told (a game "before the Bernabéu one").
            tie = self.knowledge.ties[next(iter(q.ties or ()))]
            grounds = {leg.venue for leg in (tie.first_leg, tie.second_leg) if leg.venue is not None}
            q.mentions.entities.extend(e for e in prev.entities if e in grounds)
        # Asks nothing of its own ("and for Liverpool?", "and who for Liverpool?"): what the last one
        # asked; not one asking about a topic with a question word ("ok, and how many European Cups?").
        own_ask = not words.isdisjoint(lang.question_words) and bool(q.stems)
        # "When?", "where?" alone after an answer: a kind of question of its own, however weakly its few words
        # read, asked of what the last answer told; not the last question's kind again.
        # "And when?" too: the opener adds nothing to what its question word asks, though "and" alone may
        # resemble some phrasing enough that the kind is not read decisively; a cue word of its own asked it.
        best = q.intents.best[0]
        own_kind = (bool(prev.facts) and not anchored and asks_only and best is not None
                    and (q.intents.decisive if not opener else best in q.intents.cued)
                    and not words.isdisjoint(lang.question_words))
        own_ask = own_ask or own_kind  # nor the last one's detail: "where?" after a date asks the ground
        if (opener or short) and q.intents.best[1] < 0.3 and not own_ask:
            q.previous_details = prev.details
            q.previous_manager = prev.manager
        if (q.leg is None and prev.leg in FLIPPED and words & lang.other
                and not words.isdisjoint(lang.leg_nouns)):
            q.leg = FLIPPED[prev.leg]  # "and the other leg?"
        score = q.intents.best[1]
        # "And about the fans?" asks the last question again of a new topic: no question word of its own.
        same_again = opener and words.isdisjoint(lang.question_words)
        if own_kind:  # held as firmly as a kind carried over: its two words are all it has to go on
            q.inherited_intent = q.intents.best[0]
        elif prev.intent and (score < 0.3 or (opener and not q.intents.decisive) or same_again):
            q.inherited_intent = prev.intent
            if q.leg is None and prev.leg is not None and (not q.stems or elliptic):
                q.leg = prev.leg
        if elliptic and prev.language == lang.code:
            # Its topic, not the words that asked its kind ("result"): the inherited intent asks that again.
            for stem, weight in prev.topic:
                if not self.intents.is_cue(stem) and stem not in self.event_stems:
                    q.stems.setdefault(stem, weight)
        # "What position?" after Alexander-Arnold's words: a detail of the person told, as "his position?" asks.
        of_him = not anchored and bool(words & lang.asked_of_him)
        if (words & lang.he or of_him) and prev.people and (not q.people or q.people == list(prev.people)):
            # Also when "that" took his person along with the facts ("did he score in that game"): "he" names him.
            q.people = list(prev.people)
            q.mentions.entities.extend(p for p in prev.people if p not in q.mentions.entities)
        if words & lang.they and not q.teams and prev.teams:
            # Those of the last question's clubs that can be in the ties this one asks of: "and in 2021 who did
            # they play" after Liverpool v Atlético is Liverpool's, not Atlético's (of no 2021 tie).
            teams = [t for t in prev.teams if self._fits(t, q.ties)] or list(prev.teams)
            q.teams = teams
            q.mentions.entities.extend(t for t in teams if t not in q.mentions.entities)


    def _points_at_game(self, tokens: list[str]) -> bool:
        """Whether a pointer stands right before a word for a game ("that game", "this match", "ese partido")."""
        pointers, games = self.language.pointers, self._game_words
        return any(word in pointers and following in games for word, following in pairwise(tokens))

    def _round_told(self, q: Question, prev: Turn) -> bool:
        """Whether the round a follow-up names is one of the rounds the last answer's past event tells of.

        "Who was the quarter-final one?" after Madrid's comebacks on the way to the 2022 final (against
        PSG in the round of 16, Chelsea in the quarter-finals) asks about that run's quarter-final, not
        the quarter-final tie the articles preview.
        """
        stage = q.mentions.stage_ties
        if not stage or not prev.facts:
            return False
        stop = self.language.stopwords
        stem = self.index.stem
        facts = self.index.facts
        told = [facts[f].stems for f in prev.facts if f in facts]
        for tie_id in stage:
            words = [stem(w) for w in tokenize(normalize(self.knowledge.ties[tie_id].round)) if w not in stop]
            if any(all(w in stems for w in words) for stems in told):
                return True
        return False

    def _fits(self, entity: str, ties: frozenset[str] | None) -> bool:
        """Whether a name can be about one of these ties: it is in one of them, or in none in particular."""
        own = self.index.entity_ties.get(entity)
        return ties is None or not own or not own.isdisjoint(ties)

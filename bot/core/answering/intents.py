"""Scoring which kind of question was asked, from the intents' phrasings and cue words.

Two signals are combined: whole-question fuzzy similarity to the example phrasings (with the
names taken out, since "what did Klopp say" and "what did he say" are the same question),
and cue words or phrases. An intent is decisive only when it clearly beats the runner-up.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from operator import itemgetter

from rapidfuzz import fuzz, process

from bot.core.knowledge.models import Intent
from bot.core.text import normalize, tokenize

__all__ = ["IntentMatcher", "IntentScores"]

DECISIVE_MARGIN = 0.15
CUE_SCORE = 0.28


@dataclass(frozen=True)
class IntentScores:
    """Each intent's score in [0, 1], best first."""

    ranked: list[tuple[str, float]]
    phrase_words: frozenset[str] = frozenset()
    """Words of the multi-word cues found ("how many", "kick off"): they say what kind of question it is."""
    cued: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each intent a cue of was found, with the stems of the words that cued it: "tl dr", "recap" ask for a
    summary by themselves, where an intent scored by resembling a phrasing only may be chance."""

    @property
    def best(self) -> tuple[str | None, float]:
        """The top intent and its score, or (None, 0) when nothing scored."""
        return self.ranked[0] if self.ranked else (None, 0.0)

    @property
    def decisive(self) -> bool:
        """Whether the top intent clearly beats the runner-up."""
        if not self.ranked:
            return False
        runner = self.ranked[1][1] if len(self.ranked) > 1 else 0.0
        return self.ranked[0][1] - runner >= DECISIVE_MARGIN

    def score(self, intent: str) -> float:
        """The score of one intent (0 when it did not score)."""
        return next((value for name, value in self.ranked if name == intent), 0.0)


class IntentMatcher:
    """Built once per knowledge snapshot from the intents file, stemming cue words with the language's stemmer."""

    def __init__(self, intents: dict[str, Intent], stem: Callable[[str], str],
                 determiners: frozenset[str] = frozenset()) -> None:
        self._stem = stem
        self._determiners = determiners
        """Words left out when a phrase cue is also looked for without them ("pasó el Atleti a cuartos")."""
        self._phrasings: list[str] = []
        self._sorted_phrasings: list[str] = []
        """Each phrasing's words in sorted order: `fuzz.ratio` of sorted words is `token_sort_ratio`,
        and sorting the phrasings once instead of for every question makes intent scoring ~8x faster."""
        self._phrasing_intent: list[str] = []
        self._single_cues: dict[str, list[str]] = {}
        self._multi_cues: list[tuple[str, str]] = []
        self._cue_words: set[str] = set()
        for intent in intents.values():
            for phrasing in intent.phrasings:
                words = tokenize(normalize(phrasing))
                self._phrasings.append(" ".join(words))
                self._sorted_phrasings.append(" ".join(sorted(words)))
                self._phrasing_intent.append(intent.id)
            for cue in intent.cues:
                words = tokenize(normalize(cue))
                self._cue_words.update(words)
                if len(words) == 1:
                    self._single_cues.setdefault(stem(words[0]), []).append(intent.id)
                elif words:
                    self._multi_cues.append((" ".join(words), intent.id))
        self.intent_ids = list(intents)
        self._order = {intent: place for place, intent in enumerate(self.intent_ids)}
        """Each intent's place in the intents file: intents scoring alike are ranked in that order."""
        self._padded_cues = [(cue.split()[0], f" {cue} ", self._bare(cue.split()), intent)
                             for cue, intent in self._multi_cues]
        """Each phrase cue with its first word (a question without that word is not searched for it) and
        its words without determiners, when two or more are left."""
        # The words a question must hold (as it is, or with the names in full) for each phrase cue to be found
        # in it: its first word and its other words but determiners.
        needs = [frozenset(w for w in cue.split() if w not in determiners) | {first}
                 for first, cue, _, _ in self._padded_cues]
        sharing: dict[str, int] = {}
        for needed in needs:
            for word in needed:
                sharing[word] = sharing.get(word, 0) + 1
        self._cues_by_word: dict[str, list[tuple[int, frozenset[str]]]] = {}
        """Phrase cues by the one of their needed words the fewest cues need ("anfield" of "at anfield", not
        "at"), each with its place in `_padded_cues` and its needed words: a question is searched only for the
        cues filed under its words whose needed words it holds, a few, not the many sharing a common word."""
        for place, needed in enumerate(needs):
            rarest = min(sorted(needed), key=sharing.__getitem__)
            self._cues_by_word.setdefault(rarest, []).append((place, needed))

    def _bare(self, words: list[str]) -> str | None:
        """The words without determiners, padded, when two or more are left (else None: too little to go on)."""
        bare = [w for w in words if w not in self._determiners]
        return f" {' '.join(bare)} " if len(bare) >= 2 else None

    def is_cue(self, stem_: str) -> bool:
        """Whether a word stem signals a kind of question rather than a topic."""
        return stem_ in self._single_cues

    @property
    def words(self) -> set[str]:
        """Every word in phrasings and cues, for the typo vocabulary."""
        words = {w for p in self._phrasings for w in p.split()}
        return words | self._cue_words

    def score(self, tokens: list[str], skip: set[int], named: list[str] | None = None) -> IntentScores:
        """Score every intent for a question's (corrected) tokens, ignoring name positions.

        `named` is the question with each name written in full and years left out ("won the 2023 ucl"
        is "won the champions league"): a phrase cue holding a name is found however fans shorten it.
        """
        kept = [t for i, t in enumerate(tokens) if i not in skip]
        scores: dict[str, float] = {}  # only the intents that score: most of the file's do not
        if kept:
            phrasing_intent = self._phrasing_intent
            for _, value, index in process.extract(
                " ".join(sorted(kept)), self._sorted_phrasings, scorer=fuzz.ratio, limit=None, score_cutoff=50
            ):
                intent = phrasing_intent[index]
                if intent not in scores:  # results come best first: only an intent's first counts
                    scores[intent] = (value - 50) / 50 * 0.6
        cue_hits: dict[str, float] = {}
        cued: dict[str, set[str]] = {}
        phrase_words: set[str] = set()
        present = set(tokens)
        cues, by_word = self._padded_cues, self._cues_by_word
        words = present.union(named) if named else present  # the words of the question and of `named`
        places = sorted(place for word in words & by_word.keys() for place, needed in by_word[word]
                        if needed <= words)
        if places:  # most questions hold no phrase cue's words: the texts to search are built only for those that do
            padded = f" {' '.join(tokens)} "
            # A phrase cue is found with the names in place ("at anfield"), taken out ("did Liverpool go
            # through" holds "did go through") or written in full.
            padded_kept = f" {' '.join(kept)} "
            padded_named = f" {' '.join(named)} " if named else padded
            # Spanish puts the subject after the verb: "pasó el Atleti a cuartos" holds "pasó a" once the
            # names and determiners are out.
            padded_bare = self._bare(kept) if self._determiners else None
            for first, cue, bare, intent in (cues[place] for place in places):
                if ((first in present and (cue in padded or cue in padded_kept
                                           or (bare is not None and padded_bare is not None and bare in padded_bare)))
                        or cue in padded_named):
                    cue_hits[intent] = cue_hits.get(intent, 0.0) + 1.5
                    phrase_words.update(cue.split())
                    cued.setdefault(intent, set()).update(self._stem(w) for w in cue.split())
        # A word a phrase cue holds is that phrase's signal, not another intent's too ("ganó" is a
        # result word, but "ganó la Champions" asks who won the competition).
        single = self._single_cues
        for token in single.keys() & set(map(self._stem, [t for t in kept if t not in phrase_words] if phrase_words
                                                  else kept)):
            for intent in single[token]:
                cue_hits[intent] = cue_hits.get(intent, 0.0) + 1.0
                cued.setdefault(intent, set()).add(token)
        for intent, hits in cue_hits.items():
            scores[intent] = min(1.0, scores.get(intent, 0.0) + CUE_SCORE * min(hits, 2.0))
        # Best first, intents scoring alike in the intents file's order (a reversed sort keeps equals' order).
        ranked = [(intent, scores[intent]) for intent in sorted(scores, key=self._order.__getitem__)
                  if scores[intent] > 0]
        ranked.sort(key=itemgetter(1), reverse=True)
        return IntentScores(ranked, frozenset(phrase_words), {k: frozenset(v) for k, v in cued.items()})

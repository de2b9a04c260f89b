"""Typo correction against the words the knowledge actually uses.

Only words outside the vocabulary are corrected, and only to a close word that starts with
the same letter, so common words are never "fixed" into names ("many" stays "many").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

from bot.core.text import STOPWORDS

__all__ = ["PLAIN_WORDS", "Vocabulary"]

_CACHE_LIMIT = 20_000
PLAIN_WORDS = frozenset(
    """
    speak speaks spoke spoken talk talks language languages live lives lived home house wife husband friend friends
    girlfriend boyfriend brother sister father mother son daughter family kids child children baby dog cat pet car
    cars drive drives drove eat eats ate food drink drinks beer sleep sleeps slept wear wears wore sing sings sang
    song songs dance walk walks cook cooks love loves hate hates like likes buy buys sell sells rich poor money born
    die died dead dies alive sick ill hurt cold hot warm rain snow weather sun doctor hospital school college
    university study church pray religion religious vote party politics music film movie movies book books read
    reads write writes wrote phone instagram twitter tweet tweets post posts shirt shirts boots colour colours color
    colors kit kits sponsor badge logo anthem chant chants seats seat parking train trains bus flight flights
    hotel pub bar city country town street address tattoo tattoos hair beard height weight tall short fast slow
    strong weak happy sad angry funny best worst favourite favorite hobby hobbies holiday holidays vacation
    retire retired retirement salary pet birthday wedding married divorce
    """.split()
)
"""Everyday words fans use that the facts may not: real words, never typos ("speak" is not "sneak")."""


class Vocabulary:
    """The known words, bucketed by first letter so a fuzzy lookup scans only a small slice."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words: frozenset[str] = frozenset(w for w in words if w)
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.words):
            if word.isalpha() and len(word) >= 3:
                buckets[word[0]].append(word)
        # Stopwords may be targets too ("wat" -> "what"), but are never corrected themselves.
        for word in sorted(STOPWORDS):
            if len(word) >= 3 and word not in self.words:
                buckets[word[0]].append(word)
        self._buckets = dict(buckets)
        self._cache: dict[str, str | None] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def correct(self, word: str) -> str | None:
        """The known word a typo most likely meant, or None when nothing is close enough."""
        if word in self._cache:
            return self._cache[word]
        found = self._lookup(word)
        if len(self._cache) >= _CACHE_LIMIT:
            self._cache.clear()
        self._cache[word] = found
        return found

    def _lookup(self, word: str) -> str | None:
        if len(word) < 3 or not word.isalpha() or len(word) > 30 or word in PLAIN_WORDS:
            return None
        candidates = self._buckets.get(word[0])
        if not candidates:
            return None
        cutoff = 84.0 if len(word) <= 4 else 79.0
        best = process.extract(word, candidates, scorer=fuzz.ratio, score_cutoff=cutoff, limit=2)
        if not best:
            return None
        if len(best) == 2 and best[0][1] - best[1][1] < 3 and len(word) <= 5:
            return None  # two equally close words: a guess would be a coin toss
        return best[0][0]

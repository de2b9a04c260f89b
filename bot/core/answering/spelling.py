"""Typo correction against the words the knowledge actually uses.

Only words outside the vocabulary are corrected, and only to a close word that starts with
the same letter, so common words are never "fixed" into names ("many" stays "many").
"""

from __future__ import annotations

import copy
from collections import defaultdict
from collections.abc import Iterable

from rapidfuzz import fuzz, process

__all__ = ["Vocabulary"]

_CACHE_LIMIT = 20_000


class Vocabulary:
    """The known words, bucketed by first letter so a fuzzy lookup scans only a small slice.

    `stopwords` may be targets of a correction ("wat" -> "what") but are never corrected
    themselves; `plain_words` are everyday words the facts may not use, never taken for typos
    ("speak" is not "sneak"). Both come from the language file.
    """

    def __init__(self, words: Iterable[str], stopwords: Iterable[str] = (),
                 plain_words: Iterable[str] = ()) -> None:
        self.words: frozenset[str] = frozenset(w for w in words if w)
        self.plain_words = frozenset(plain_words)
        buckets: dict[str, list[str]] = defaultdict(list)
        for word in sorted(self.words):
            if word.isalpha() and len(word) >= 3:
                buckets[word[0]].append(word)
        self._stopwords = frozenset(w for w in stopwords if len(w) >= 3)
        for word in sorted(self._stopwords):
            if word not in self.words:
                buckets[word[0]].append(word)
        self._buckets = dict(buckets)
        self._cache: dict[str, str | None] = {}

    def __contains__(self, word: str) -> bool:
        return word in self.words

    def derived(self, added: Iterable[str], removed: Iterable[str]) -> Vocabulary:
        """The vocabulary with some words added and some removed; this one (being served) is unchanged.

        Only the first-letter buckets those words fall in are made again, exactly as a vocabulary
        built from the new words would have them; the correction cache starts empty.
        """
        gone = frozenset(removed) & self.words
        new_words = frozenset(w for w in added if w and w not in self.words)
        if not gone and not new_words:
            return self
        new = copy.copy(self)
        new.words = (self.words - gone) | new_words
        buckets = dict(self._buckets)
        for letter in {w[0] for w in gone | new_words}:
            own = [w for w in buckets.get(letter, ()) if w in self.words and w not in gone]
            own += [w for w in new_words if w[0] == letter and w.isalpha() and len(w) >= 3]
            stop = [w for w in self._stopwords if w[0] == letter and w not in new.words]
            bucket = sorted(own) + sorted(stop)
            if bucket:
                buckets[letter] = bucket
            else:
                buckets.pop(letter, None)
        new._buckets = buckets
        new._cache = {}
        return new

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
        if len(word) < 3 or not word.isalpha() or len(word) > 30 or word in self.plain_words:
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

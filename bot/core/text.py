"""Text normalisation shared by the index and the question side, so both see the same tokens.

Fans type without accents, with curly quotes, odd dashes and possessives; facts are written
properly. Everything is folded to lowercase ASCII words and scorelines ("3-1") here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["STOPWORDS", "content_tokens", "normalize", "stem", "tokenize"]

_DASHES = dict.fromkeys(map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"), "-")
_QUOTES = dict.fromkeys(map(ord, "\u2018\u2019\u201a\u201b\u2032`´"), "'") | dict.fromkeys(
    map(ord, "\u201c\u201d\u201e\u201f\u2033"), '"'
)
_DISCORD_MARKUP = re.compile(
    r"<(?:@[!&]?|#)\d{1,20}>"  # user, role and channel mentions
    r"|<a?:\w{1,32}:\d{1,20}>"  # custom emoji
    r"|</[^<>:\s]{1,100}:\d{1,20}>"  # slash-command links
    r"|(?<!\w)@(?:everyone|here)\b"
)
"""Mentions, channel links, custom emoji and slash-command links: ids that say nothing about the topic."""
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SCORE = re.compile(r"(?<![\d-])(\d{1,2})\s*-\s*(\d{1,2})(?![\d-])")
_TOKEN = re.compile(r"\d{1,2}-\d{1,2}(?![\d-])|[a-z0-9]+")
_POSSESSIVE = re.compile(r"(\w)'s\b")
_CONTRACTION = re.compile(r"\b(can|won)'t\b|([a-z])(n't|'re|'ve|'ll|'m|'d)\b")
_EXPANDED = {"can": "can not", "won": "will not", "n't": " not", "'re": " are", "'ve": " have", "'ll": " will",
             "'m": " am", "'d": " would"}


def _expand(match: re.Match[str]) -> str:
    """Contractions become their (stop)words, so "don't" leaves no stray one-letter "t" to match on."""
    if match.group(1):
        return _EXPANDED[match.group(1)]
    return match.group(2) + _EXPANDED[match.group(3)]


STOPWORDS = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before being
    below between both but by can could did do does doing done down during each few for from further
    get got had has have having he her here hers herself him himself his how i if in into is it its
    itself just me might more most much must my myself no nor not now of off on once only or other
    our ours out over own same she should so some such than that the their theirs them themselves
    then there these they this those through to too under until up very was we were what whats when
    where which while who whom why will with would you your yours yourself yourselves
    tell know please hey hi hello ok okay pls plz u ur r thanks thank vs v versus
    """.split()
)
"""Function words that carry no topic; question words are kept apart by the intent matcher."""


_CACHED_CHARS = 256
"""Only short texts (names, cue words, typical questions) are cached: a cache of 8,192 long
questions, which NFKD can grow up to 18-fold, would let a spammer hold a lot of memory."""


def normalize(text: str) -> str:
    """Fold case, accents, quotes, dashes and zero-width characters, drop Discord mentions; keep "3-1"."""
    return _normalize_cached(text) if len(text) <= _CACHED_CHARS else _normalize(text)


@lru_cache(maxsize=8192)
def _normalize_cached(text: str) -> str:
    return _normalize(text)


def _normalize(text: str) -> str:
    text = unicodedata.normalize("NFKD", _DISCORD_MARKUP.sub(" ", text.translate(_ZERO_WIDTH)))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.translate(_DASHES).translate(_QUOTES).lower()
    text = _POSSESSIVE.sub(r"\1", text)
    text = _CONTRACTION.sub(_expand, text)
    text = _SCORE.sub(r"\1-\2", text)
    return " ".join(text.split())


def tokenize(text: str) -> list[str]:
    """Words and scorelines of already-normalised text ("alexander-arnold" becomes two words)."""
    return _TOKEN.findall(text)


_SUFFIXES = ("ations", "ation", "ions", "ion", "ings", "ing", "ies", "ied", "ed", "es", "s", "ly", "y", "e")


_IRREGULAR = {
    "overcame": "overcome", "came": "come", "won": "win", "wins": "win", "winning": "win", "lost": "lose",
    "loses": "lose", "losing": "lose", "said": "say", "says": "say", "saying": "say", "told": "tell",
    "took": "take", "went": "go", "gone": "go", "fought": "fight", "got": "get", "ran": "run",
    "thought": "think", "beaten": "beat", "spoke": "speak", "scored": "score", "scores": "score",
    "scoring": "score", "men": "man", "did": "do", "does": "do",
}


@lru_cache(maxsize=16384)
def stem(word: str) -> str:
    """A deliberately light suffix stripper so "goals"/"goal" and "predicted"/"prediction" meet."""
    word = _IRREGULAR.get(word, word)
    if len(word) <= 4 or not word.isalpha():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def content_tokens(tokens: list[str]) -> list[str]:
    """Tokens that can carry a topic: not stopwords."""
    return [t for t in tokens if t not in STOPWORDS]

"""Text normalisation shared by the index and the question side, so both see the same tokens.

Fans type without accents, with curly quotes, odd dashes and possessives; facts are written
properly. Everything is folded to lowercase ASCII words and scorelines ("3-1") here.
"""

from __future__ import annotations

import functools
import re
import sys
import threading
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import Stemmer as snowball

__all__ = ["YEAR", "YEAR_DIGITS", "Stemmer", "fold", "holds_phrase", "holds_words", "is_year", "normalize", "tokenize"]

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
_CODE_FENCE = re.compile(r"```[\w+#.-]{1,20}[ \t]*(?=\r?\n|$)")
"""A code block's opening fence with its language ("```py" then a line break): the tag names how Discord
colours the block, not a word of the question, and read as one ("py") it was a topic no fact covers."""
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff\u00ad"), None)
_SCORE = re.compile(r"(?<![\d-])(\d{1,2})\s*-\s*(\d{1,2})(?![\d-])")
_TOKEN = re.compile(r"\d{1,2}-\d{1,2}(?![\d-])|[a-z0-9]+")
_POSSESSIVE = re.compile(r"(\w)'s\b")
_CONTRACTION = re.compile(r"\b(can|won)'t\b|\b(how|what|where|when|why)'d\b|([a-z])(n't|'re|'ve|'ll|'m|'d)\b")
_EXPANDED = {"can": "can not", "won": "will not", "n't": " not", "'re": " are", "'ve": " have", "'ll": " will",
             "'m": " am", "'d": " would"}


def _expand(match: re.Match[str]) -> str:
    """Contractions become their (stop)words, so "don't" leaves no stray one-letter "t" to match on.

    After a question word "'d" is "did" ("how'd the first leg go", "what'd he say"): fans ask what
    happened far more than what would; elsewhere ("he'd", "who'd win") it is "would".
    """
    if match.group(1):
        return _EXPANDED[match.group(1)]
    if match.group(2):
        return match.group(2) + " did"
    return match.group(3) + _EXPANDED[match.group(4)]


def fold(text: str) -> str:
    """Accents off and case folded, so "Atlético", "ATLETICO" and "atletico" read alike.

    The one folding every comparison of names and words builds on: `normalize` adds quotes,
    dashes, mentions, possessives and scorelines; drafting applies it one character for one.
    NFKD splits an accented letter into the letter and its combining marks, which are dropped,
    and turns compatibility forms (full-width letters, ligatures, a no-break space) into plain
    ones; then `casefold`, the lowercase meant for caseless matching ("ß" reads "ss").
    """
    if text.isascii():  # NFKD leaves ASCII as it is and no ASCII character combines: the common case, 20x faster
        return text.casefold()
    return unicodedata.normalize("NFKD", text).translate(_combining()).casefold()


@functools.cache
def _combining() -> dict[int, None]:
    """Every combining character, to drop with `str.translate` (made on the first accented text, in ~0.1 s).

    Dropping them one character at a time in Python was most of the time a store's Spanish answers
    took to index; `translate` drops exactly the characters `unicodedata.combining` names.
    """
    return dict.fromkeys((c for c in range(sys.maxunicode + 1) if unicodedata.combining(chr(c))), None)


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
    # Each pattern runs only on a text holding the character every match of it needs ("<" or "@",
    # an apostrophe, a dash): most texts have none, and indexing a store normalises every fact.
    text = text.translate(_ZERO_WIDTH)
    if "<" in text or "@" in text:
        text = _DISCORD_MARKUP.sub(" ", text)
    if "```" in text:
        text = _CODE_FENCE.sub(" ", text)
    text = fold(text).translate(_DASHES).translate(_QUOTES)
    if "'" in text:
        text = _POSSESSIVE.sub(r"\1", text)
        text = _CONTRACTION.sub(_expand, text)
    if "-" in text:
        text = _SCORE.sub(r"\1-\2", text)
    return " ".join(text.split())


def tokenize(text: str) -> list[str]:
    """Words and scorelines of already-normalised text ("alexander-arnold" becomes two words)."""
    return _TOKEN.findall(text)


def holds_phrase(text: str, phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether the folded words of `text` hold one of `phrases` (word tuples) in a row: "Liverpool manager"."""
    return holds_words(tokenize(normalize(text)), phrases)


def holds_words(words: list[str], phrases: Iterable[tuple[str, ...]]) -> bool:
    """Whether already-tokenized `words` hold one of `phrases` in a row; the one matcher the gates share.

    Only a phrase whose every word is among `words` is looked for place by place: most phrases of a
    list are not, and one set lookup rules each of those out.
    """
    present = frozenset(words)
    for phrase in filter(present.issuperset, phrases):  # the others ruled out in C, not one by one in Python
        n = len(phrase)
        if n and any(tuple(words[i : i + n]) == phrase for i in range(len(words) - n + 1)):
            return True
    return False


YEAR_DIGITS = r"19[5-9]\d|20[0-4]\d"
"""The digits of a year, for patterns that read a year inside a larger form (a season, a date)."""
YEAR = re.compile(rf"\b({YEAR_DIGITS})\b")
"""A year as the bot reads one, in questions, facts, articles and drafts alike: 1950 to 2049.

Narrow on purpose: "1,000 fans" or a shirt number is no year, and the articles' history starts
in the 1950s. This is a mechanism, not language: digits read the same in every language."""


def is_year(token: str) -> bool:
    """Whether a token (a word of `tokenize`) is a year."""
    return len(token) == 4 and YEAR.fullmatch(token) is not None


_STEM_CACHE = 16384


class Stemmer:
    """A language's stemmer: its irregular forms looked up first, then Snowball's algorithm, cached per word.

    Snowball (PyStemmer, its C implementation) folds "goals"/"goal" and "predicted"/"prediction"
    onto one stem in many languages; the irregular forms it cannot fold ("won" -> "win") are
    the language file's. It runs for every word of every question and fact, so each instance
    keeps its own cache (one per language, built with the knowledge snapshot that defines the
    irregular forms). Numbers and scorelines are left as they are.
    """

    def __init__(self, algorithm: str, irregular: Mapping[str, str]) -> None:
        if algorithm not in snowball.algorithms():
            raise ValueError(f"unknown stemmer '{algorithm}'; Snowball has: {', '.join(snowball.algorithms())}")
        self.algorithm = algorithm
        self._snowball = snowball.Stemmer(algorithm)
        self._lock = threading.Lock()
        """A Snowball stemmer is not safe to share between threads (a reload builds in a worker thread)."""
        self._irregular = dict(irregular)
        self.stem: Callable[[str], str] = lru_cache(maxsize=_STEM_CACHE)(self._stem)

    def _stem(self, word: str) -> str:
        word = self._irregular.get(word, word)
        if not word.isalpha():
            return word
        with self._lock:
            return str(self._snowball.stemWord(word))

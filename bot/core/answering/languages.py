"""Which language a question is in, from its words, when the asker's client does not say.

A Discord slash command carries its user's locale; a chat message, a DM or the command line does
not, so the language is told from the text. Fan questions are short, lowercase, full of names
and shorthand: the guess votes with the words each language file marks as its own (function
words, shorthand, question words) and abstains when the words do not clearly pick one; the
caller then keeps the conversation's language.
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.knowledge.language import Language
from bot.core.text import normalize, tokenize

__all__ = ["LanguageGuesser"]

MARGIN = 1
"""Votes by which one language must lead for a guess; closer, the guess abstains."""


class LanguageGuesser:
    """Guess a question's language among the knowledge's language files, or abstain (None)."""

    def __init__(self) -> None:
        self._cache: dict[tuple[int, ...], dict[str, dict[str, frozenset[str]]]] = {}

    def guess(self, text: str, languages: Mapping[str, Language]) -> str | None:
        """The language whose own words the text uses clearly more than any other's; None when unclear."""
        if len(languages) < 2:
            return next(iter(languages), None)
        markers = self._markers(languages)
        tokens = tokenize(normalize(text))
        votes = {code: sum(1 for t in tokens if t in own) for code, own in markers.items()}
        ranked = sorted(votes.items(), key=lambda kv: -kv[1])
        (best, top), (_, runner) = ranked[0], ranked[1]
        return best if top - runner >= MARGIN else None

    def _markers(self, languages: Mapping[str, Language]) -> dict[str, frozenset[str]]:
        """Each language's marking words: its stopwords, shorthand and question words no other file has."""
        key = tuple(id(language) for language in languages.values())
        cached = self._cache.get(key)
        if cached is None:
            words = {code: language.stopwords | frozenset(language.shorthand) | language.question_words
                     for code, language in languages.items()}
            cached = {"own": {code: own - frozenset().union(*(w for c, w in words.items() if c != code))
                              for code, own in words.items()}}
            self._cache = {key: cached}  # one knowledge at a time: a reload replaces it
        return dict(cached["own"])

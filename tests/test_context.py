"""Conversation memory: turns expire after the time-to-live, the store stays bounded, threads can share it."""

from __future__ import annotations

import sys
import threading

from bot.core.answering.context import ContextStore, Turn


def turn(tie: str) -> Turn:
    return Turn(intent="score", tie=tie)


def test_a_turn_is_remembered_until_its_time_to_live_runs_out() -> None:
    now = [100.0]
    store = ContextStore(ttl_seconds=60, clock=lambda: now[0])
    store.put("c", turn("a"))
    now[0] = 159.0
    assert store.get("c") == turn("a")
    now[0] = 160.0
    assert store.get("c") is None


def test_a_new_turn_restarts_the_time_to_live() -> None:
    now = [0.0]
    store = ContextStore(ttl_seconds=60, clock=lambda: now[0])
    store.put("c", turn("a"))
    now[0] = 50.0
    store.put("c", turn("b"))
    now[0] = 100.0
    assert store.get("c") == turn("b")


def test_past_the_limit_the_least_recently_used_conversation_goes() -> None:
    store = ContextStore(max_conversations=2)
    store.put("old", turn("a"))
    store.put("used", turn("b"))
    assert store.get("old") == turn("a")  # now "used" is the least recently used
    store.put("new", turn("c"))
    assert (store.get("old"), store.get("used"), store.get("new")) == (turn("a"), None, turn("c"))


def test_no_conversation_key_means_no_memory_and_forget_drops_one() -> None:
    store = ContextStore()
    store.put(None, turn("a"))
    assert store.get(None) is None
    store.put("c", turn("a"))
    store.forget("c")
    store.forget("never-seen")
    assert store.get("c") is None


def test_many_threads_share_one_store() -> None:
    store = ContextStore(max_conversations=8)
    errors: list[BaseException] = []

    def chat(worker: int) -> None:
        try:
            for n in range(2000):
                key = f"c{(worker + n) % 12}"
                store.put(key, turn(key))
                got = store.get(key)
                assert got is None or got == turn(key)
                if n % 7 == 0:
                    store.forget(key)
        except BaseException as exc:  # reported below rather than lost in the thread
            errors.append(exc)

    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads often, so calls interleave inside the cache
    try:
        threads = [threading.Thread(target=chat, args=(i,)) for i in range(6)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    finally:
        sys.setswitchinterval(interval)
    assert errors == []
    assert sum(store.get(f"c{k}") is not None for k in range(12)) <= 8

"""Measuring one knowledge folder in a fresh process: load, answer latency, memory, baseline.

Run as `python -m bench.measure FOLDER` by `python -m bench`, one process per store size, so
the peak resident set size (`ru_maxrss`) belongs to that store alone. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import resource
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from rapidfuzz import fuzz, process

from bot.core.answering.engine import Engine
from bot.core.knowledge.store import load_knowledge

__all__ = ["DEV1_SET", "DEV_SET", "Figures", "judge", "measure", "percentile", "read_set"]

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DEV1_SET = ROOT / "tests" / "eval" / "dev-1.jsonl"
SCORER = ROOT.parent / "shared" / "eval" / "score.py"


@dataclass
class Figures:
    """Everything measured for one store; times in milliseconds, memory in MiB."""

    facts: int
    load_ms: float
    build_ms: float
    median_ms: float
    p99_ms: float
    qps: float
    cold_median_ms: float
    cold_p99_ms: float
    samples: int
    rss_start_mib: float
    rss_peak_mib: float
    engine_dev: float | None
    engine_dev1: float | None
    baseline_dev: float | None
    baseline_median_ms: float
    baseline_p99_ms: float


def _rss_mib() -> float:
    """Peak resident set size of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _load_judge() -> Callable[[Any, dict[str, Any]], bool]:
    """The shared scorer's `judge` when it is beside this checkout, so both sides are judged alike."""
    if SCORER.is_file():
        spec = importlib.util.spec_from_file_location("shared_eval_score", SCORER)
        if spec is not None and spec.loader is not None:
            module = importlib.util.module_from_spec(spec)
            spec.loader.exec_module(module)
            return module.judge  # type: ignore[no-any-return]
    raise FileNotFoundError(f"{SCORER} is missing: accuracy cannot be judged like the shared scorer does")


def judge(expect: Any, reply: dict[str, Any]) -> bool:
    """Judge a reply exactly as ../shared/eval/score.py does."""
    return _load_judge()(expect, reply)


def read_set(path: Path) -> list[dict[str, Any]]:
    """A question set's items ({"id", "q" or "dialog", "expect"}); empty when the file is absent."""
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty list."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _turns(items: list[dict[str, Any]]) -> list[tuple[str, str]]:
    """(conversation, question) for every turn; a dialog's turns share a conversation."""
    return [(item["id"], q) for item in items for q in (item.get("dialog") or [item["q"]])]


def _time_passes(engine: Engine, turns: list[tuple[str, str]], passes: int, tag: str) -> tuple[list[float], float]:
    """Per-question latencies over `passes` passes, and the wall time they took, in ms."""
    samples: list[float] = []
    clock = time.perf_counter_ns
    start = clock()
    for n in range(passes):
        for conversation, question in turns:
            key = f"{tag}{n}:{conversation}"  # a new conversation per pass: no context leaks between passes
            t0 = clock()
            engine.answer(question, key)
            samples.append((clock() - t0) / 1e6)
    return samples, (clock() - start) / 1e6


def _accuracy(items: list[dict[str, Any]], reply: Callable[[dict[str, Any]], dict[str, Any]],
              judge_: Callable[[Any, dict[str, Any]], bool]) -> float | None:
    if not items:
        return None
    return sum(judge_(item["expect"], reply(item)) for item in items) / len(items)


def _engine_reply(engine: Engine, tag: str) -> Callable[[dict[str, Any]], dict[str, Any]]:
    def reply(item: dict[str, Any]) -> dict[str, Any]:
        answer = None
        for q in item.get("dialog") or [item["q"]]:
            answer = engine.answer(q, f"{tag}:{item['id']}")
        assert answer is not None
        return {"answered": answer.answered, "text": answer.text}

    return reply


def _baseline_reply(texts: list[str]) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """The naive approach: the fact answer most similar to the (last) question, always answered."""

    def reply(item: dict[str, Any]) -> dict[str, Any]:
        question = (item.get("dialog") or [item["q"]])[-1]
        best = process.extractOne(question, texts, scorer=fuzz.WRatio)
        return {"answered": True, "text": best[0] if best else ""}

    return reply


def measure(folder: Path, passes: int, load_repeat: int, baseline_passes: int) -> Figures:
    """Load `folder`, time the engine and the baseline on the dev and dev-1 questions."""
    rss_start = _rss_mib()
    loads = []
    knowledge = None
    for _ in range(load_repeat):
        knowledge = None  # let the previous copy go before loading the next
        start = time.perf_counter()
        knowledge = load_knowledge(folder)
        loads.append((time.perf_counter() - start) * 1000)
    assert knowledge is not None
    start = time.perf_counter()
    engine = Engine(knowledge)
    build_ms = (time.perf_counter() - start) * 1000

    dev, dev1 = read_set(DEV_SET), read_set(DEV1_SET)
    turns = _turns(dev) + _turns(dev1)
    cold, _ = _time_passes(engine, turns, 1, "cold")
    warm, wall_ms = _time_passes(engine, turns, passes, "warm")

    # The baseline is timed on the dev questions whose replies it is judged on (it scans every fact,
    # so at 100,000 facts one pass over dev and dev-1 alone would take minutes).
    baseline = _baseline_reply([fact.answer for fact in knowledge.facts.values()])
    baseline_ms: list[float] = []
    baseline_replies: list[dict[str, Any]] = []
    for _ in range(baseline_passes):
        baseline_replies.clear()
        for item in dev or dev1:
            t0 = time.perf_counter_ns()
            baseline_replies.append(baseline(item))
            baseline_ms.append((time.perf_counter_ns() - t0) / 1e6)

    try:
        judge_ = _load_judge()
    except FileNotFoundError:
        engine_dev = engine_dev1 = baseline_dev = None
    else:
        engine_dev = _accuracy(dev, _engine_reply(engine, "dev"), judge_)
        engine_dev1 = _accuracy(dev1, _engine_reply(engine, "dev-1"), judge_)
        replies = iter(baseline_replies)
        baseline_dev = _accuracy(dev, lambda _item: next(replies), judge_)

    return Figures(
        facts=len(knowledge.facts), load_ms=statistics.median(loads), build_ms=build_ms,
        median_ms=statistics.median(warm), p99_ms=percentile(warm, 99), qps=len(warm) / (wall_ms / 1000),
        cold_median_ms=statistics.median(cold), cold_p99_ms=percentile(cold, 99), samples=len(warm),
        rss_start_mib=rss_start, rss_peak_mib=_rss_mib(), engine_dev=engine_dev, engine_dev1=engine_dev1,
        baseline_dev=baseline_dev, baseline_median_ms=statistics.median(baseline_ms),
        baseline_p99_ms=percentile(baseline_ms, 99),
    )


def main() -> None:
    """Measure one folder and print the figures as JSON."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--passes", type=int, default=20)
    parser.add_argument("--load-repeat", type=int, default=1)
    parser.add_argument("--baseline-passes", type=int, default=1)
    args = parser.parse_args()
    figures = measure(args.folder, args.passes, args.load_repeat, args.baseline_passes)
    print(json.dumps(asdict(figures)))


if __name__ == "__main__":
    main()

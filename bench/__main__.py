"""`python -m bench`: answering speed and knowledge load time, against a naive baseline.

Reports medians and 99th percentiles measured in this process, and the speed ratio to the
naive approach (rapidfuzz `extractOne` of the question against every fact's answer text).
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from bot.core.engine import Engine
from bot.core.store import load_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUESTION_SETS = [ROOT.parent / "shared" / "eval" / "dev.jsonl", ROOT / "tests" / "eval" / "holdout.jsonl"]


def _questions() -> list[str]:
    out: list[str] = []
    for path in QUESTION_SETS:
        if path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    item = json.loads(line)
                    out.extend(item.get("dialog") or [item["q"]])
    return out


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _time_each(func, items: list[str], repeat: int) -> list[float]:
    samples: list[float] = []
    for _ in range(repeat):
        for item in items:
            start = time.perf_counter_ns()
            func(item)
            samples.append((time.perf_counter_ns() - start) / 1e6)
    return samples


def main() -> None:
    """Run the benchmark and print a table of figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the question list")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()

    loads = []
    for _ in range(7):
        start = time.perf_counter()
        knowledge = load_knowledge(args.knowledge)
        loads.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    engine = Engine(knowledge)
    build_ms = (time.perf_counter() - start) * 1000

    questions = _questions()
    engine_ms = _time_each(lambda q: engine.answer(q), questions, args.repeat)
    texts = [f.answer for f in knowledge.facts.values()]
    baseline_ms = _time_each(lambda q: process.extractOne(q, texts, scorer=fuzz.WRatio), questions, args.repeat)

    total_s = sum(engine_ms) / 1000
    print(f"knowledge: {len(knowledge.facts)} facts; {len(questions)} questions x {args.repeat} passes")
    print(f"{'measure':<38} {'value':>12}")
    print(f"{'load + validate knowledge, median':<38} {statistics.median(loads):>9.1f} ms")
    print(f"{'build engine indexes':<38} {build_ms:>9.1f} ms")
    print(f"{'answer, median':<38} {statistics.median(engine_ms):>9.3f} ms")
    print(f"{'answer, p99':<38} {_percentile(engine_ms, 99):>9.3f} ms")
    print(f"{'questions per second':<38} {len(engine_ms) / total_s:>12.0f}")
    print(f"{'baseline extractOne, median':<38} {statistics.median(baseline_ms):>9.3f} ms")
    ratio = statistics.median(baseline_ms) / statistics.median(engine_ms)
    print(f"{'baseline / engine median ratio':<38} {ratio:>11.2f}x")


if __name__ == "__main__":
    main()

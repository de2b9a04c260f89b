"""`python -m bench`: answering speed, load time and memory, at the shipped size and at scale.

For the shipped knowledge and for synthetic stores of about 1,000, 10,000 and 100,000 facts
(written to temporary folders by `bench.synthetic`), a fresh process per store measures the
load time, the engine's median and 99th-percentile latency per question over the dev and
dev-1 questions, questions per second, peak memory, and the naive baseline (rapidfuzz
`extractOne` against every fact) for speed and dev-set accuracy. `bench.cards` times the tie card
(drawn afresh, and fetched from the cache) in a fresh process; `bench.database` an answer and a curator
change with the knowledge in PostgreSQL beside the folder's (a throwaway local cluster). Then `bench.gateway` sends
1,000 /ask interactions at a concurrency of 50 through the local Discord-compatible server to
one bot process. Last, `bench.scale` measures issue 15's targets (first and second start,
curator change until served, peak memory, p99 answer, answers with and without the cache) for
the shipped store and synthetic stores of 10,000 and 100,000 facts, and plots them
(bench/results/costs.png). Prints Markdown tables, writes them to bench/results/latest.md and
plots bench/results/scale.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.cards import CardFigures
from bench.measure import Figures
from bench.report import plot, table
from bench.synthetic import write_store

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
DEFAULT_SIZES = "1000,10000,100000"

log = logging.getLogger(__name__)


def _passes(facts: int, repeat: int) -> int:
    """Fewer passes over the questions for big stores, to keep the whole run to a few minutes."""
    return max(2, min(repeat, repeat * 1000 // max(facts, 1)))


def _measure(folder: Path, passes: int, load_repeat: int, baseline_passes: int) -> Figures:
    """Measure one folder in a fresh interpreter, so its peak memory is its own."""
    cmd = [sys.executable, "-m", "bench.measure", str(folder), "--passes", str(passes),
           "--load-repeat", str(load_repeat), "--baseline-passes", str(baseline_passes)]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"measuring {folder} failed:\n{proc.stderr[-3000:]}")
    return Figures(**json.loads(proc.stdout.strip().splitlines()[-1]))


def _measure_cards(folder: Path, repeat: int) -> CardFigures:
    """Time the tie cards in a fresh interpreter, so its first card opens the fonts as after a start."""
    cmd = [sys.executable, "-m", "bench.cards", "--knowledge", str(folder), "--repeat", str(repeat), "--json"]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"measuring the cards failed:\n{proc.stderr[-3000:]}")
    return CardFigures(**json.loads(proc.stdout.strip().splitlines()[-1]))


def _database_section(knowledge: Path) -> str:
    """Answers and curator changes with the knowledge in PostgreSQL beside the folder's, or why not measured."""
    from bench.database import database_figures

    log.info("the database: answers and curator changes beside the folder's")
    try:
        return database_figures(knowledge).table()
    except FileNotFoundError as exc:
        return f"Not measured: {exc}."


def main() -> None:
    """Run the benchmark, print the table, and write the table and the plot under bench/results/."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=20, help="passes over the questions at the shipped size")
    parser.add_argument("--sizes", default=DEFAULT_SIZES,
                        help=f"synthetic store sizes in facts, comma-separated ('' for none); default {DEFAULT_SIZES}")
    parser.add_argument("--quick", action="store_true", help="sizes 1000,10000 and 5 passes: a smoke run")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge", help="the shipped knowledge folder")
    parser.add_argument("--gateway", type=int, default=1000, metavar="COUNT",
                        help="/ask interactions through the local Discord server at concurrency 50 (0: skip)")
    parser.add_argument("--card-repeat", type=int, default=50, metavar="COUNT",
                        help="tie cards drawn per shipped tie, timed (python -m bench.cards)")
    parser.add_argument("--scale-sizes", default="10000,100000",
                        help="synthetic store sizes for issue 15's targets (python -m bench.scale; '' to skip)")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where latest.md and scale.png go")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.quick:
        args.sizes, args.repeat = "1000,10000", 5
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]

    started = time.perf_counter()
    rows: list[tuple[str, Figures]] = []
    log.info("shipped knowledge: %d passes", args.repeat)
    rows.append(("shipped", _measure(args.knowledge, args.repeat, 7, args.repeat)))
    with tempfile.TemporaryDirectory(prefix="ties-bench-") as tmp:
        for size in sizes:
            t0 = time.perf_counter()
            store = write_store(Path(tmp) / f"store-{size}", size, args.knowledge)
            log.info("synthetic %d facts in %d ties written in %.1f s", store.facts, store.ties,
                     time.perf_counter() - t0)
            passes = _passes(store.facts, args.repeat)
            rows.append((f"synthetic {size:,}", _measure(store.root, passes, 3 if size <= 10_000 else 1, 1)))
            log.info("measured %d facts", store.facts)

    text = table(rows)
    log.info("tie cards: %d drawn per tie", args.card_repeat)
    cards = _measure_cards(args.knowledge, args.card_repeat)
    text += "\n\n## The tie card (`python -m bench.cards`)\n\n" + cards.table()
    text += "\n\n## With the database (`python -m bench.database`)\n\n" + _database_section(args.knowledge)
    if args.gateway > 0:
        from bench.gateway import run_gateway_bench  # needs the dev extra (the local Discord server)

        log.info("gateway: %d /ask interactions at concurrency 50 against one bot process", args.gateway)
        gateway = asyncio.run(run_gateway_bench(args.gateway, 50))
        text += ("\n\n## Through the local Discord-compatible server (`python -m bench.gateway`)\n\n"
                 + gateway.table())
    scale_sizes = [int(s.replace("_", "")) for s in args.scale_sizes.split(",") if s.strip()]
    if scale_sizes:
        from bench import scale

        log.info("issue 15's targets: start, change, memory and p99 at %s facts", args.scale_sizes)
        scale_rows = scale.run(scale_sizes, args.knowledge)
        text += ("\n\n## Costs that do not grow with the store (`python -m bench.scale`)\n\n"
                 + scale.targets_table(scale_rows))
        args.out.mkdir(parents=True, exist_ok=True)
        scale.plot(scale_rows, args.out / "costs.png")
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "latest.md").write_text(
        f"# Benchmark results\n\n`python -m bench{' --quick' if args.quick else ''}` on this machine, "
        f"{time.strftime('%Y-%m-%d')}; took {time.perf_counter() - started:.0f} s.\n\n{text}", encoding="utf-8")
    if len(rows) > 1 and plot(rows, args.out / "scale.png"):
        print(f"wrote {args.out / 'latest.md'} and {args.out / 'scale.png'}")
    else:
        print(f"wrote {args.out / 'latest.md'}")


if __name__ == "__main__":
    main()

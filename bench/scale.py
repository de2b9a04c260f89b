"""`python -m bench.scale`: the costs that must not grow with the store (issue 15), measured.

For the shipped knowledge and synthetic stores (`bench.synthetic`), each in fresh processes:

* **start**: from nothing to the first answer (load, index, answer one question), with an
  empty cache (the first start) and again with the cache the first start left (the second);
* **curator change**: teach, edit, add, remove and undo on a scratch copy of the store, each
  timed from the curator's call until the engine serves the new snapshot, as the bot does;
* **answers**: median and 99th-percentile latency over the dev and dev-1 questions after a
  second start, and the peak memory of that process once it has also made a curator change (the
  language detector included, as it loads on the first question that needs it);
* **identical answers**: the same questions answered by an engine started with the cache and by
  one started without it: the digests of every answer must match.

Every child process runs one copy of the code, taken when the run begins: the cache keys its
rows by the code's version (a hash of the source files), so in a checkout others edit meanwhile
a child running newer files would rightly find no indexes of the code that saved them, and a
second start would index everything again.

Ratios are taken within one run: a second start at 10,000 facts against the second start at the
shipped size, a change at 10,000 against the same change at the shipped size. `python -m bench`
runs this as one of its sections; run alone:

    python -m bench.scale --sizes 10000,100000
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import logging
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["ScaleFigures", "Targets", "measure_scale", "targets_table"]

log = logging.getLogger(__name__)

ROOT = Path(__file__).resolve().parents[1]
DEV_SET = ROOT.parent / "shared" / "eval" / "dev.jsonl"
DEV1_SET = ROOT / "tests" / "eval" / "dev-1.jsonl"
FIRST_QUESTION = "who scored for liverpool in the second leg against atletico?"
"""The first question of a start, written for the benchmark (no evaluation set's)."""
CHANGED_FACT = "real-madrid-2021-first-leg-score"
"""A shipped fact, so it is in every store; changes are made to it and to a copy of it."""
NEW_FACT = "bench-added-fact"
TEACH = ("what did the bench ask about this first", "what did the bench ask about this again",
         "what did the bench ask about this once more", "what did the bench ask about this at last",
         "what did the bench ask about this later on", "what did the bench ask about this finally")
KINDS = ("teach", "edit", "add", "remove", "undo")


def _rss_peak_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _read_set(path: Path) -> list[dict[str, Any]]:
    if not path.is_file():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _turns(root: Path = ROOT) -> list[tuple[str, str]]:
    """(conversation, question) for every dev and dev-1 turn of the checkout at `root`; a dialog's turns share one."""
    items = _read_set(root.parent / DEV_SET.relative_to(ROOT.parent)) + _read_set(root / DEV1_SET.relative_to(ROOT))
    return [(item["id"], q) for item in items for q in (item.get("dialog") or [item["q"]])]


# --- inside one measuring process ------------------------------------------------------------
def _cache_for(cache_dir: Path | None) -> Any:
    """The knowledge cache in `cache_dir`, or None (no cache, or code from before the cache existed)."""
    if cache_dir is None:
        return None
    try:
        from bot.core.knowledge.cache import KnowledgeCache
    except ImportError:
        return None
    return KnowledgeCache.open(cache_dir)


def _load(folder: Path, cache: Any) -> Any:
    from bot.core.knowledge.store import load_knowledge

    loader: Any = load_knowledge  # the cache argument exists from issue 15 on; the bench also measures before it
    if cache is not None and "cache" in inspect.signature(loader).parameters:
        return loader(folder, cache=cache)
    return loader(folder)


def _start(folder: Path, cache_dir: Path | None) -> tuple[Any, dict[str, Any]]:
    """Load, index and answer one question, each timed; the engine and the times in ms."""
    from bot.core.answering.engine import Engine

    cache = _cache_for(cache_dir)
    t0 = time.perf_counter()
    knowledge = _load(folder, cache)
    t1 = time.perf_counter()
    engine = Engine(knowledge)
    t2 = time.perf_counter()
    engine.answer(FIRST_QUESTION, "bench-start")
    t3 = time.perf_counter()
    return engine, {"facts": len(knowledge.facts), "load_ms": (t1 - t0) * 1000, "build_ms": (t2 - t1) * 1000,
                    "first_answer_ms": (t3 - t2) * 1000, "start_ms": (t3 - t0) * 1000}


def _serve_next(engine: Any, knowledge: Any) -> None:
    """Build the snapshot for `knowledge` as the bot's reload does (from the served one where the engine can)."""
    build_next = getattr(engine, "build_next", None)
    snapshot = build_next(knowledge) if build_next is not None else engine.build(knowledge)
    engine.serve(snapshot)


def _changes(engine: Any, folder: Path, rounds: int, first: int = 0) -> dict[str, list[float]]:
    """Each kind of curator change, `rounds` times, timed from the call until the engine serves it.

    Round `n` teaches the question `TEACH[first + n]`: each must be new to the fact.
    """
    from bot.core.answering.heap import refreeze

    curator = _curator(folder)
    base = engine.knowledge.facts[CHANGED_FACT]
    copy = base.model_dump(mode="json", exclude_defaults=True)
    copy["id"] = NEW_FACT
    keywords = list(base.keywords)
    times: dict[str, list[float]] = {kind: [] for kind in (*KINDS, "refreeze")}
    actor = "bench"

    def timed(kind: str, operation: Callable[[], Any]) -> None:
        t0 = time.perf_counter()
        change = operation()
        _serve_next(engine, change.knowledge)
        times[kind].append((time.perf_counter() - t0) * 1000)
        t1 = time.perf_counter()
        refreeze()
        times["refreeze"].append((time.perf_counter() - t1) * 1000)

    for n in range(rounds):
        question = TEACH[(first + n) % len(TEACH)]
        marked = [*keywords, "bench"] if n % 2 == 0 else keywords
        timed("teach", lambda: curator.teach(CHANGED_FACT, question, actor))  # noqa: B023 (called at once)
        timed("edit", lambda: curator.edit(CHANGED_FACT, {"keywords": marked}, actor))  # noqa: B023
        timed("add", lambda: curator.add(copy, actor))
        timed("remove", lambda: curator.remove(NEW_FACT, actor))
        timed("undo", lambda: curator.undo(actor))  # puts the removed copy back
        curator.remove(NEW_FACT, actor)  # and out again, untimed: the next change is served with it
    return times


def _curator(folder: Path) -> Any:
    from bot.core.curation.curator import Curator

    make: Any = Curator  # as for `_load`: the cache argument exists from issue 15 on
    if "cache" in inspect.signature(make).parameters:
        return make(folder, cache=_cache_for(_cache_dir(folder)))
    return make(folder)


def _cache_dir(folder: Path) -> Path:
    return folder / ".cache"


def _answers(engine: Any, passes: int, root: Path = ROOT) -> tuple[list[float], str]:
    """Latency of every turn over `passes` passes (ms), and a digest of every answer of the first pass."""
    turns = _turns(root)
    samples: list[float] = []
    digest = hashlib.blake2b(digest_size=16)
    clock = time.perf_counter_ns
    for n in range(passes):
        for conversation, question in turns:
            t0 = clock()
            answer = engine.answer(question, f"pass{n}:{conversation}")
            samples.append((clock() - t0) / 1e6)
            if n == 0:
                digest.update(json.dumps([question, answer.answered, answer.text, answer.facts, answer.reason],
                                         ensure_ascii=False).encode())
    return samples, digest.hexdigest()


def percentile(values: Sequence[float], pct: float) -> float:
    """Nearest-rank percentile of a non-empty sequence."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def _child(args: argparse.Namespace) -> dict[str, Any]:
    """One measurement in this (fresh) process; its figures as a JSON-able dict."""
    cache_dir = None if args.no_cache else _cache_dir(args.folder)
    engine, figures = _start(args.folder, cache_dir)
    if args.what == "start":
        figures["rss_peak_mib"] = _rss_peak_mib()
        return figures
    if args.what == "change":
        figures["changes"] = _changes(engine, args.folder, args.rounds)
        figures["rss_peak_mib"] = _rss_peak_mib()
        return figures
    samples, digest = _answers(engine, args.passes, args.checkout)
    figures.update(median_ms=statistics.median(samples), p99_ms=percentile(samples, 99), samples=len(samples),
                   digest=digest)
    if not args.no_cache:  # the peak memory of a serving process includes a change (the check without: answers only)
        _changes(engine, args.folder, 1, first=len(TEACH) - 1)
    figures["rss_peak_mib"] = _rss_peak_mib()
    return figures


# --- the orchestrator ------------------------------------------------------------------------
@dataclass
class ScaleFigures:
    """Everything measured for one store; times in ms, memory in MiB."""

    name: str
    facts: int
    first_start_ms: float
    first_load_ms: float
    first_build_ms: float
    first_start_rss_mib: float
    second_start_ms: float
    second_load_ms: float
    second_build_ms: float
    first_answer_ms: float
    changes: dict[str, float] = field(default_factory=dict)
    """Median ms per kind of change, until served."""
    refreeze_ms: float = 0.0
    median_ms: float = 0.0
    p99_ms: float = 0.0
    rss_peak_mib: float = 0.0
    digest_cached: str = ""
    digest_uncached: str = ""

    @property
    def change_ms(self) -> float:
        """The median over every kind's median."""
        return statistics.median(self.changes.values()) if self.changes else 0.0


def code_copy(into: Path) -> Path:
    """A copy of the code (the `bot` and `bench` packages) for every child of one run to import; `into`."""
    for package in ("bot", "bench"):
        shutil.copytree(ROOT / package, into / package,
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc", "results"))
    return into


def _run_child(what: str, folder: Path, *extra: str, code: Path | None = None) -> dict[str, Any]:
    """One measurement in a fresh process importing the code in `code` (a `code_copy`; the checkout if None)."""
    cmd = [sys.executable, "-m", "bench.scale", "--child", what, str(folder), "--checkout", str(ROOT), *extra]
    proc = subprocess.run(cmd, cwd=code or ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd)} failed:\n{proc.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    # logged as each child ends, so a run stopped part way (a 100,000-fact store) still shows what it measured
    log.info("  %s: %s", what, {k: (round(v, 1) if isinstance(v, float) else v) for k, v in figures.items()
                                if k not in ("changes", "digest")})
    return figures


def measure_scale(name: str, folder: Path, *, rounds: int, passes: int, identical: bool,
                  code: Path | None = None) -> ScaleFigures:
    """Measure one store, working on a scratch copy of it (changes write files, the cache writes a folder).

    `code` is the `code_copy` every child imports (a copy made here if None).
    """
    with tempfile.TemporaryDirectory(prefix="ties-scale-") as tmp:
        if code is None:
            code = code_copy(Path(tmp) / "code")
        scratch = Path(tmp) / "knowledge"
        shutil.copytree(folder, scratch, ignore=shutil.ignore_patterns(".*", "*.jsonl"))
        log.info("%s: first start (empty cache)", name)
        first = _run_child("start", scratch, code=code)
        log.info("%s: second start", name)
        second = _run_child("start", scratch, code=code)
        uncached = ""
        if identical:  # the same files as the cached run below answers from, before it changes any
            log.info("%s: answers without the cache", name)
            uncached = _run_child("answers", scratch, "--passes", "1", "--no-cache", code=code)["digest"]
        log.info("%s: answers, then a change", name)
        answers = _run_child("answers", scratch, "--passes", str(passes), code=code)
        log.info("%s: %d rounds of curator changes", name, rounds)
        changed = _run_child("change", scratch, "--rounds", str(rounds), code=code)
    kinds = changed["changes"]
    return ScaleFigures(
        name=name, facts=first["facts"], first_start_ms=first["start_ms"], first_load_ms=first["load_ms"],
        first_build_ms=first["build_ms"], first_start_rss_mib=first["rss_peak_mib"],
        second_start_ms=second["start_ms"], second_load_ms=second["load_ms"], second_build_ms=second["build_ms"],
        first_answer_ms=second["first_answer_ms"],
        changes={kind: statistics.median(kinds[kind]) for kind in KINDS},
        refreeze_ms=statistics.median(kinds["refreeze"]),
        median_ms=answers["median_ms"], p99_ms=answers["p99_ms"], rss_peak_mib=answers["rss_peak_mib"],
        digest_cached=answers["digest"], digest_uncached=uncached,
    )


@dataclass(frozen=True)
class Targets:
    """Issue 15's targets."""

    start_ratio: float = 3.0
    start_100k_ms: float = 3000.0
    change_ratio: float = 3.0
    change_100k_ms: float = 300.0
    memory_10k_mib: float = 100.0
    memory_100k_mib: float = 500.0
    p99_100k_ms: float = 25.0


def _verdict(ok: bool) -> str:
    return "holds" if ok else "**missed**"


def targets_table(rows: Sequence[ScaleFigures], targets: Targets = Targets()) -> str:
    """The figures per store, then each target with its figure and whether it holds."""
    lines = [
        "| store | facts | first start (load + index + answer) | first start peak RSS | second start "
        "(load / index / first answer) | change until served (median of kinds) | teach / edit / add / remove / undo "
        "| refreeze | answer median / p99 | peak RSS | answers with = without cache |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|:-:|",
    ]
    for f in rows:
        same = "n/a" if not f.digest_uncached else ("yes" if f.digest_uncached == f.digest_cached else "**NO**")
        kinds = " / ".join(f"{f.changes[k]:,.0f}" for k in KINDS)
        lines.append(
            f"| {f.name} | {f.facts:,} | {f.first_start_ms:,.0f} ms | {f.first_start_rss_mib:,.0f} MiB "
            f"| {f.second_start_ms:,.0f} ms ({f.second_load_ms:,.0f} / {f.second_build_ms:,.0f} / "
            f"{f.first_answer_ms:,.0f}) | {f.change_ms:,.0f} ms | {kinds} | {f.refreeze_ms:,.0f} ms "
            f"| {f.median_ms:.2f} / {f.p99_ms:.2f} ms | {f.rss_peak_mib:,.0f} MiB | {same} |")
    by_size = {f.name: f for f in rows}
    base = rows[0]
    k10 = next((f for f in rows if 9_000 <= f.facts <= 11_000), None)
    k100 = next((f for f in rows if 90_000 <= f.facts <= 110_000), None)
    lines += ["", "| target | figure | verdict |", "|---|--:|---|"]
    if k10 is not None:
        ratio = k10.second_start_ms / base.second_start_ms
        lines.append(f"| second start at {k10.facts:,} ≤ {targets.start_ratio:g}× the one at {base.facts:,} "
                     f"| {ratio:.2f}× | {_verdict(ratio <= targets.start_ratio)} |")
        worst = max(k10.changes[k] / base.changes[k] for k in KINDS)
        lines.append(f"| a change at {k10.facts:,} ≤ {targets.change_ratio:g}× the same change at {base.facts:,} "
                     f"(worst kind) | {worst:.2f}× | {_verdict(worst <= targets.change_ratio)} |")
        lines.append(f"| peak memory at {k10.facts:,} ≤ {targets.memory_10k_mib:g} MiB | {k10.rss_peak_mib:,.0f} MiB "
                     f"| {_verdict(k10.rss_peak_mib <= targets.memory_10k_mib)} |")
    if k100 is not None:
        fast = k100.second_start_ms < targets.start_100k_ms
        lines.append(f"| second start at {k100.facts:,} < {targets.start_100k_ms / 1000:g} s "
                     f"| {k100.second_start_ms / 1000:.2f} s | {_verdict(fast)} |")
        slowest = max(k100.changes.values())
        lines.append(f"| a change at {k100.facts:,} served in < {targets.change_100k_ms:g} ms (slowest kind) "
                     f"| {slowest:,.0f} ms | {_verdict(slowest < targets.change_100k_ms)} |")
        lines.append(f"| peak memory at {k100.facts:,} ≤ {targets.memory_100k_mib:g} MiB "
                     f"| {k100.rss_peak_mib:,.0f} MiB | {_verdict(k100.rss_peak_mib <= targets.memory_100k_mib)} |")
        lines.append(f"| p99 answer at {k100.facts:,} < {targets.p99_100k_ms:g} ms | {k100.p99_ms:.2f} ms "
                     f"| {_verdict(k100.p99_ms < targets.p99_100k_ms)} |")
    checked = [f for f in by_size.values() if f.digest_uncached]
    if checked:
        alike = all(f.digest_uncached == f.digest_cached for f in checked)
        lines.append(f"| answers identical with and without the cache | {len(checked)} stores | {_verdict(alike)} |")
    lines += ["", "Start: in a fresh process after its imports, to the first answer. Change: the curator's call "
              "(validate, write, audit) and the new snapshot built and swapped in; `refreeze` (one garbage "
              "collection, after serving) apart. Peak RSS: `ru_maxrss` of the process that started, answered "
              "every dev and dev-1 turn and made a change."]
    return "\n".join(lines) + "\n"


def plot(rows: Sequence[ScaleFigures], path: Path) -> bool:
    """Start, change and memory against store size; False without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed (pip install -e '.[bench]'): skipping the plot")
        return False
    sizes = [f.facts for f in rows]
    fig, (left, middle, right) = plt.subplots(1, 3, figsize=(15, 4.2))
    left.plot(sizes, [f.first_start_ms / 1000 for f in rows], "o-", label="first start")
    left.plot(sizes, [f.second_start_ms / 1000 for f in rows], "s-", label="second start (cache)")
    left.axhline(3, color="grey", ls="--", lw=0.8, label="3 s target at 100,000")
    left.set_title("Start to first answer")
    left.set_ylabel("s")
    for kind in KINDS:
        middle.plot(sizes, [f.changes[kind] for f in rows], "o-", label=kind)
    middle.axhline(300, color="grey", ls="--", lw=0.8, label="300 ms target at 100,000")
    middle.set_title("Curator change until served")
    middle.set_ylabel("ms")
    right.plot(sizes, [f.rss_peak_mib for f in rows], "o-", label="peak RSS, second start")
    right.plot(sizes, [f.first_start_rss_mib for f in rows], "s--", label="peak RSS, first start")
    right.plot([10_000, 100_000], [100, 500], "x", color="grey", label="targets")
    right.set_title("Memory")
    right.set_ylabel("MiB")
    for ax in (left, middle, right):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("facts in the store")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return True


def run(sizes: Sequence[int], knowledge: Path, *, rounds: int = 3, passes: int = 3,
        identical: bool = True) -> list[ScaleFigures]:
    """Measure the shipped store and a synthetic store of each size."""
    from bench.synthetic import write_store

    with tempfile.TemporaryDirectory(prefix="ties-scale-stores-") as tmp:
        code = code_copy(Path(tmp) / "code")
        rows = [measure_scale("shipped", knowledge, rounds=rounds, passes=passes, identical=identical, code=code)]
        for size in sizes:
            store = write_store(Path(tmp) / f"store-{size}", size, knowledge)
            rows.append(measure_scale(f"synthetic {size:,}", store.root, rounds=rounds if size < 50_000 else 1,
                                      passes=passes if size < 50_000 else 1, identical=identical, code=code))
            shutil.rmtree(store.root, ignore_errors=True)
    return rows


def main() -> None:
    """Run the scale benchmark (or, with --child, one measurement in this process)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", choices=("start", "change", "answers"), dest="what", help=argparse.SUPPRESS)
    parser.add_argument("folder", nargs="?", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--sizes", default="10000,100000", help="synthetic store sizes in facts, comma-separated")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge", help="the shipped knowledge folder")
    parser.add_argument("--rounds", type=int, default=3, help="rounds of curator changes (1 at 100,000)")
    parser.add_argument("--passes", type=int, default=3, help="passes over the questions (1 at 100,000)")
    parser.add_argument("--no-identical", action="store_true", help="skip the run without the cache")
    parser.add_argument("--no-cache", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--checkout", type=Path, default=ROOT, help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "results", help="where scale.md and the plot go")
    args = parser.parse_args()
    if args.what is not None:
        logging.basicConfig(level=logging.WARNING)
        print(json.dumps(_child(args)))
        return
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    rows = run(sizes, args.knowledge, rounds=args.rounds, passes=args.passes, identical=not args.no_identical)
    text = targets_table(rows)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "scale.json").write_text(json.dumps([asdict(r) for r in rows], indent=1), encoding="utf-8")
    if plot(rows, args.out / "costs.png"):
        print(f"wrote {args.out / 'scale.json'} and {args.out / 'costs.png'}")


if __name__ == "__main__":
    main()

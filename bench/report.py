"""The benchmark's outputs: a Markdown table of the figures and a PNG of latency against store size."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path

from bench.measure import Figures

__all__ = ["plot", "table"]

log = logging.getLogger(__name__)


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.3f}"


def table(rows: Sequence[tuple[str, Figures]]) -> str:
    """One Markdown table, a row per store, then the baseline comparison and how memory was taken."""
    lines = [
        "| store | facts | load (ms) | build (ms) | median (ms) | p99 (ms) | q/s | cold median / p99 (ms) "
        "| peak RSS (MiB) | dev acc | dev-1 acc |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, f in rows:
        lines.append(
            f"| {name} | {f.facts:,} | {f.load_ms:,.0f} | {f.build_ms:,.0f} | {f.median_ms:.3f} | {f.p99_ms:.3f} "
            f"| {f.qps:,.0f} | {f.cold_median_ms:.3f} / {f.cold_p99_ms:.3f} | {f.rss_peak_mib:,.0f} "
            f"| {_pct(f.engine_dev)} | {_pct(f.engine_dev1)} |"
        )
    lines += [
        "",
        "Baseline: `rapidfuzz.process.extractOne(question, every fact's answer, scorer=WRatio)`, answering with "
        "the best fact (always answered), in the same process, timed on the dev questions.",
        "",
        "| store | facts | baseline median (ms) | baseline p99 (ms) | speed ratio (baseline / engine median) "
        "| dev acc engine | dev acc baseline | difference |",
        "|---|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, f in rows:
        diff = "n/a" if f.engine_dev is None or f.baseline_dev is None else f"{f.engine_dev - f.baseline_dev:+.3f}"
        lines.append(
            f"| {name} | {f.facts:,} | {f.baseline_median_ms:.3f} | {f.baseline_p99_ms:.3f} "
            f"| {f.baseline_median_ms / f.median_ms:,.1f}x | {_pct(f.engine_dev)} | {_pct(f.baseline_dev)} | {diff} |"
        )
    lines += [
        "",
        "Latency: per question, dev + dev-1 turns (dialogs in their conversation), after one cold pass "
        "(reported apart). Peak RSS: `ru_maxrss` of a fresh process per store (interpreter and libraries "
        f"included; {rows[0][1].rss_start_mib:.0f} MiB before loading). Accuracy is judged like "
        "../shared/eval/score.py; on synthetic stores the shipped facts are among many clones.",
    ]
    return "\n".join(lines) + "\n"


def plot(rows: Sequence[tuple[str, Figures]], path: Path) -> bool:
    """Latency and load time against store size, log-log; False (and a notice) without matplotlib."""
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        print("matplotlib is not installed: skipping the plot (the README's test install has it)")
        return False
    sizes = [f.facts for _, f in rows]
    fig, (left, right) = plt.subplots(1, 2, figsize=(11, 4.2))
    left.plot(sizes, [f.median_ms for _, f in rows], "o-", label="engine median")
    left.plot(sizes, [f.p99_ms for _, f in rows], "s-", label="engine p99")
    left.plot(sizes, [f.baseline_median_ms for _, f in rows], "^--", label="extractOne baseline median")
    left.set_title("Answer latency per question")
    left.set_ylabel("ms")
    right.plot(sizes, [f.load_ms / 1000 for _, f in rows], "o-", label="load + validate")
    right.plot(sizes, [f.build_ms / 1000 for _, f in rows], "s-", label="build engine indexes")
    right.set_title("Knowledge load time")
    right.set_ylabel("s")
    for ax in (left, right):
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("facts in the store")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend()
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)
    plt.close(fig)
    log.info("wrote %s", path)
    return True

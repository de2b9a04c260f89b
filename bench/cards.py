"""`python -m bench.cards`: how long a tie card takes to draw, and to fetch once cached.

Draws every shipped tie's card `--repeat` times afresh (the content from the knowledge, the
drawing, the PNG encoding: what a first /tie of a tie costs after start-up), times the very first
card of the process apart (it also opens the fonts), then fetches through `CardCache` (what every
later /tie and overview of that tie costs). The target: under 100 ms a card at 1200×630.
"""

from __future__ import annotations

import argparse
import statistics
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from bot.core.cards import HEIGHT, WIDTH, CardCache, card_content, render_card
from bot.core.knowledge.store import load_knowledge

__all__ = ["CardFigures", "measure_cards"]

ROOT = Path(__file__).resolve().parents[1]
TARGET_MS = 100.0


@dataclass(frozen=True)
class CardFigures:
    """Card drawing times over the shipped ties."""

    ties: int
    draws: int
    first_ms: float
    """The first card drawn in the process, fonts opened on the way."""
    median_ms: float
    p99_ms: float
    max_ms: float
    cached_us: float
    """A card fetched from the cache (median), in microseconds."""
    png_kib: float
    """Mean size of a card."""

    def table(self) -> str:
        """The figures as a Markdown table."""
        verdict = "holds" if self.p99_ms < TARGET_MS else "MISSED"
        return (
            f"| ties | cards drawn | first card (opens fonts) | median | p99 | max | cached (median) | PNG size |\n"
            f"|--:|--:|--:|--:|--:|--:|--:|--:|\n"
            f"| {self.ties} | {self.draws:,} | {self.first_ms:.1f} ms | {self.median_ms:.1f} ms | "
            f"{self.p99_ms:.1f} ms | {self.max_ms:.1f} ms | {self.cached_us:.1f} µs | {self.png_kib:.0f} KiB |\n\n"
            f"A card is {WIDTH}×{HEIGHT}: the content read from the knowledge, drawn with Pillow and encoded as PNG. "
            f"Target: under {TARGET_MS:.0f} ms a card ({verdict}: p99 {self.p99_ms:.1f} ms).\n"
        )


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def measure_cards(knowledge_dir: Path, repeat: int = 50) -> CardFigures:
    """Draw every tie's card `repeat` times afresh, then fetch each through a cache as often."""
    knowledge = load_knowledge(knowledge_dir)
    ties = sorted(knowledge.ties)
    started = time.perf_counter()
    first = render_card(card_content(knowledge, ties[0]))
    first_ms = (time.perf_counter() - started) * 1000
    times: list[float] = []
    sizes: list[int] = [len(first.png)]
    for _ in range(repeat):
        for tie_id in ties:
            started = time.perf_counter()
            card = render_card(card_content(knowledge, tie_id))
            times.append((time.perf_counter() - started) * 1000)
            sizes.append(len(card.png))
    cache = CardCache()
    for tie_id in ties:
        cache.card(knowledge, tie_id)
    cached: list[float] = []
    for _ in range(repeat):
        for tie_id in ties:
            started = time.perf_counter()
            cache.card(knowledge, tie_id)
            cached.append((time.perf_counter() - started) * 1_000_000)
    assert cache.drawn == len(ties)
    return CardFigures(ties=len(ties), draws=len(times), first_ms=first_ms, median_ms=statistics.median(times),
                       p99_ms=_percentile(times, 99), max_ms=max(times), cached_us=statistics.median(cached),
                       png_kib=statistics.mean(sizes) / 1024)


def main() -> None:
    """Measure and print the table (and the figures as one JSON line with --json)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge", help="the knowledge folder")
    parser.add_argument("--repeat", type=int, default=50, help="cards drawn per tie")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    figures = measure_cards(args.knowledge, args.repeat)
    if args.json:
        import json

        print(json.dumps(asdict(figures)))
    else:
        print(figures.table())


if __name__ == "__main__":
    main()

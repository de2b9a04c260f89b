"""`python -m bench.extraction`: how much of the curated knowledge the drafter recovers.

For each shipped article the drafter runs on the article text alone (the curated facts are not
consulted) and its drafts are compared with the curated facts citing that article:

* quote recall — a curated fact with a `quote` is recovered when one draft quote holds at least
  80% of the curated quote's words (normalised: lowercase, accents and quote marks folded) and
  names the same speaker;
* score recall — a curated fact with intent score, prediction or history whose evidence or answer
  holds a scoreline is recovered when a score/prediction/history draft holds one of those
  scorelines in an evidence span that overlaps the curated evidence (one contains the other,
  or they share at least half of the shorter one's words);
* precision — the share of drafts that some curated fact of the same article supports: the
  evidence spans overlap as above, or (for a quote) 80% of the draft quote's words lie in a
  curated quote. Unsupported drafts are listed so a reader can judge them.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from bot.core.drafting import Document, Draft, find_drafts, resolve_tie
from bot.core.drafting.scores import SCORE
from bot.core.models import Fact
from bot.core.normalize import normalize
from bot.core.store import Knowledge, load_knowledge

ROOT = Path(__file__).resolve().parents[1]
QUOTE_COVERAGE = 0.8
EVIDENCE_OVERLAP = 0.5
SCORE_INTENTS = frozenset({"score", "prediction", "history"})
_WORD = re.compile(r"[a-z0-9]+")


def words(text: str) -> list[str]:
    """Normalised words: what the comparisons count."""
    return _WORD.findall(normalize(text))


def coverage(part: str, whole: str) -> float:
    """Share of `part`'s words (with repeats) found in `whole`."""
    wanted = Counter(words(part))
    have = Counter(words(whole))
    total = sum(wanted.values())
    return sum(min(n, have[w]) for w, n in wanted.items()) / total if total else 0.0


def overlaps(a: str, b: str) -> bool:
    """One span contains the other, or they share half of the shorter one's words."""
    x, y = " ".join(words(a)), " ".join(words(b))
    if x in y or y in x:
        return True
    shorter, longer = (a, b) if len(x) <= len(y) else (b, a)
    return coverage(shorter, longer) >= EVIDENCE_OVERLAP


def scorelines(text: str) -> set[str]:
    """The scorelines written in a text, as "3-1"."""
    return {f"{m.group(1)}-{m.group(2)}" for m in SCORE.finditer(text)}


@dataclass
class ArticleResult:
    """One article's curated targets, drafts, and what matched."""

    article: str
    quotes: list[Fact]
    scores: list[Fact]
    drafts: list[Draft]
    missed_quotes: list[Fact] = field(default_factory=list)
    missed_scores: list[Fact] = field(default_factory=list)
    unsupported: list[Draft] = field(default_factory=list)


@dataclass
class Report:
    """Totals over the articles, and each article's details."""

    articles: list[ArticleResult]

    def _ratio(self, hit: int, total: int) -> float:
        return hit / total if total else 1.0

    @property
    def quote_recall(self) -> float:
        """Curated quotes recovered, over all curated quotes."""
        total = sum(len(a.quotes) for a in self.articles)
        return self._ratio(total - sum(len(a.missed_quotes) for a in self.articles), total)

    @property
    def score_recall(self) -> float:
        """Curated scorelines recovered, over all curated scorelines."""
        total = sum(len(a.scores) for a in self.articles)
        return self._ratio(total - sum(len(a.missed_scores) for a in self.articles), total)

    @property
    def precision(self) -> float:
        """Drafts supported by a curated fact, over all drafts."""
        total = sum(len(a.drafts) for a in self.articles)
        return self._ratio(total - sum(len(a.unsupported) for a in self.articles), total)


def quote_recovered(fact: Fact, drafts: list[Draft]) -> bool:
    """A draft quote holds 80% of the curated quote's words, from the same speaker."""
    return any(d.quote is not None and d.speaker == fact.speaker and fact.quote is not None
               and coverage(fact.quote, d.quote) >= QUOTE_COVERAGE for d in drafts)


def score_recovered(fact: Fact, drafts: list[Draft]) -> bool:
    """A score draft with one of the fact's scorelines, its evidence overlapping the fact's."""
    wanted = scorelines(fact.source.evidence) | scorelines(fact.answer)
    return any(d.kind in SCORE_INTENTS and scorelines(d.evidence) & wanted
               and overlaps(d.evidence, fact.source.evidence) for d in drafts)


def supported(draft: Draft, facts: list[Fact]) -> bool:
    """Some curated fact of the article backs this draft (evidence overlap, or the quote's words)."""
    for fact in facts:
        if draft.quote is not None and fact.quote is not None and coverage(draft.quote, fact.quote) >= QUOTE_COVERAGE:
            return True
        if overlaps(draft.evidence, fact.source.evidence):
            return True
    return False


def measure(knowledge: Knowledge) -> Report:
    """Run the drafter on every article that has curated facts and compare."""
    results = []
    for article in knowledge.articles.values():
        facts = [f for f in knowledge.facts.values() if f.source.article == article.id]
        if not facts:
            continue
        doc = Document(article.text, knowledge.entities, knowledge.ties)
        drafts = find_drafts(doc, article.date, resolve_tie(doc, article.date))
        quotes = [f for f in facts if f.quote is not None]
        scores = [f for f in facts if f.intent in SCORE_INTENTS
                  and scorelines(f.source.evidence) | scorelines(f.answer)]
        result = ArticleResult(article.id, quotes, scores, drafts)
        result.missed_quotes = [f for f in quotes if not quote_recovered(f, drafts)]
        result.missed_scores = [f for f in scores if not score_recovered(f, drafts)]
        result.unsupported = [d for d in drafts if not supported(d, facts)]
        results.append(result)
    return Report(results)


def _print(report: Report) -> None:
    header = f"{'article':<40} {'quotes':>9} {'scores':>9} {'drafts':>7} {'supported':>10}"
    print(header)
    print("-" * len(header))
    for a in report.articles:
        q = f"{len(a.quotes) - len(a.missed_quotes)}/{len(a.quotes)}"
        s = f"{len(a.scores) - len(a.missed_scores)}/{len(a.scores)}"
        print(f"{a.article:<40} {q:>9} {s:>9} {len(a.drafts):>7} {len(a.drafts) - len(a.unsupported):>10}")
    print("-" * len(header))
    print(f"quote recall {report.quote_recall:.2f}   score recall {report.score_recall:.2f}   "
          f"precision {report.precision:.2f}")
    kinds = Counter(d.kind for a in report.articles for d in a.drafts)
    bad = Counter(d.kind for a in report.articles for d in a.unsupported)
    print("precision by kind: " + ", ".join(f"{k} {(n - bad[k]) / n:.2f} ({n - bad[k]}/{n})"
                                           for k, n in sorted(kinds.items())))
    for a in report.articles:
        for f in a.missed_quotes:
            print(f"MISSED quote  {a.article}: {f.id}: {f.quote}")
        for f in a.missed_scores:
            print(f"MISSED score  {a.article}: {f.id}: {f.source.evidence}")
    for a in report.articles:
        for d in a.unsupported:
            print(f"UNSUPPORTED   {a.article}: [{d.kind}] {' '.join(d.evidence.split())[:110]}")


def main() -> None:
    """Print the table for the shipped knowledge (or --knowledge)."""
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    args = parser.parse_args()
    _print(measure(load_knowledge(args.knowledge)))


if __name__ == "__main__":
    main()

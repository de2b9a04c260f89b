"""`python -m bench.extraction`: how much of the curated knowledge the drafter recovers.

Two measurements, both printed by default (`--shipped` or `--heldout` for one):

Shipped articles. For each shipped article the drafter runs on the article text alone (the curated facts are not
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

The shipped figures flatter the drafter: its rules were written while reading those three texts.

Held-out articles. tests/eval/articles/*.txt were written and hand-labelled (labels.yaml, see
its header) by someone who never saw the drafter. Each file goes through `parse_article` and the
drafter exactly as `knowledge draft` would run it, with the shipped entities and ties (the tie is
whatever `resolve_tie` finds, not the label's). tests/eval/articles2 (`--heldout-dir`) is a second
such set by another writer in other styles (live summary, translation, fan column, press
conference, agency flash):

* quote recall (text) — a labelled quote (text stripped of spaces and a trailing comma) is
  recovered when one quote draft holds at least 80% of its normalised words; headline quotes
  and paragraphs that continue a quote count like any other;
* quote recall (speaker) — the same, from a draft with the right speaker: the known entity
  when the labelled person is in entities.yaml (name or alias, accents folded), else a draft
  with no entity whose `speaker_name` holds the labelled surname;
* score recall — each labelled scoreline occurrence whose role is not `other` is found in the
  text (labels are in order of appearance) and recovered when a score/history draft starts at
  that very scoreline, or a prediction draft's evidence (one per sentence) holds it;
* role accuracy — over the recovered scorelines, the draft's role is the label's role or
  alt_role. A draft's role is its `role` field when the drafter sets one, else: prediction ->
  prediction, history -> historical, score -> aggregate for leg aggregate, deficit when its
  keywords hold "deficit", first-leg / second-leg for legs first / second, other otherwise;
* tie roles on `other` — labelled `other` scorelines (domestic results, running scores,
  shoot-outs) drafted with a role of the tie (first-leg, second-leg, aggregate, deficit) that the
  label's alt_role does not allow: wrong roles that score recall does not see;
* precision — over quote and score drafts: a quote draft is correct when 80% of its words lie
  in a labelled quote or partial quote, or it holds 80% of one; a score draft when it starts
  at a labelled scoreline of any role (a prediction: when its evidence holds one). Records,
  dates and venues are not labelled: they are counted and listed, not judged;
* false positives — quote drafts holding 80% of a `not_quotes` entry (or lying 80% inside
  one), and score drafts on a `not_scores` string (formations, clock times), listed by name.
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from bot.core.drafting import Document, Draft, find_drafts, resolve_tie
from bot.core.drafting.document import fold_aligned
from bot.core.drafting.scores import SCORE
from bot.core.knowledge.article_text import parse_article
from bot.core.knowledge.models import Entity, Fact
from bot.core.knowledge.store import Knowledge, load_knowledge
from bot.core.text import normalize

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "tests" / "eval" / "articles"
HELDOUT2 = ROOT / "tests" / "eval" / "articles2"
"""A second held-out set, by another writer in other styles; measured once after the speaker rules were written."""
QUOTE_COVERAGE = 0.8
EVIDENCE_OVERLAP = 0.5
SCORE_INTENTS = frozenset({"score", "prediction", "history"})
TIE_ROLES = frozenset({"first-leg", "second-leg", "aggregate", "deficit"})
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
        doc = Document(article.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
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




# --- held-out articles ------------------------------------------------------------------------
NOT_QUOTE_MIN_WORDS = 4
"""A not_quotes entry this long (indirect speech) is a false positive when a draft quote holds it;
shorter ones (scare quotes: "crisis") only when the draft quote is little more than the entry."""


@dataclass(frozen=True)
class LabelledQuote:
    """One hand-labelled direct quote."""

    speaker: str
    text: str
    headline: bool = False
    continues: bool = False


@dataclass(frozen=True)
class LabelledScore:
    """One hand-labelled scoreline occurrence, located in the parsed text at [start, end)."""

    score: str
    role: str
    alt_role: str | None
    start: int
    end: int

    @property
    def roles(self) -> set[str]:
        """The roles a draft may give it and be right."""
        return {self.role} | ({self.alt_role} if self.alt_role else set())


@dataclass
class HeldOutResult:
    """One held-out article: its labels, the drafts, and what matched."""

    article: str
    label_tie: str | None
    tie: str | None
    drafts: list[Draft]
    quotes: list[LabelledQuote]
    scores: list[LabelledScore]
    """Labelled scorelines whose role is not `other`: the ones score recall counts."""
    missed_text: list[LabelledQuote] = field(default_factory=list)
    missed_speaker: list[tuple[LabelledQuote, str]] = field(default_factory=list)
    missed_scores: list[LabelledScore] = field(default_factory=list)
    roles: list[tuple[LabelledScore, str]] = field(default_factory=list)
    """Each recovered scoreline with the role its draft gives it."""
    judged: list[Draft] = field(default_factory=list)
    wrong: list[Draft] = field(default_factory=list)
    false_positives: list[tuple[str, Draft]] = field(default_factory=list)
    unlabelled: list[Draft] = field(default_factory=list)
    others: int = 0
    """Labelled scorelines of role `other`."""
    others_as_tie: list[tuple[LabelledScore, str]] = field(default_factory=list)
    """Those a draft gives a role of the tie the label does not allow."""

    @property
    def role_hits(self) -> int:
        """Recovered scorelines whose draft role is the label's role or alt_role."""
        return sum(1 for label, role in self.roles if role in label.roles)


@dataclass
class HeldOutReport:
    """Totals over the held-out articles (micro-averaged over labels and drafts)."""

    articles: list[HeldOutResult]

    @staticmethod
    def _ratio(hit: int, total: int) -> float:
        return hit / total if total else 1.0

    @property
    def quote_total(self) -> int:
        """Labelled direct quotes."""
        return sum(len(a.quotes) for a in self.articles)

    @property
    def quote_recall_text(self) -> float:
        """Labelled quotes whose words a quote draft holds, whoever it names."""
        return self._ratio(self.quote_total - sum(len(a.missed_text) for a in self.articles), self.quote_total)

    @property
    def quote_recall_speaker(self) -> float:
        """Labelled quotes held by a draft that also names the right speaker."""
        missed = sum(len(a.missed_text) + len(a.missed_speaker) for a in self.articles)
        return self._ratio(self.quote_total - missed, self.quote_total)

    @property
    def score_total(self) -> int:
        """Labelled scorelines of a role other than `other`."""
        return sum(len(a.scores) for a in self.articles)

    @property
    def score_recall(self) -> float:
        """Labelled scorelines (role not `other`) that a draft holds at their place."""
        return self._ratio(self.score_total - sum(len(a.missed_scores) for a in self.articles), self.score_total)

    @property
    def role_accuracy(self) -> float:
        """Recovered scorelines whose draft role is the label's role or alt_role."""
        return self._ratio(sum(a.role_hits for a in self.articles), sum(len(a.roles) for a in self.articles))

    @property
    def precision(self) -> float:
        """Quote and score drafts that match a label, over all quote and score drafts."""
        total = sum(len(a.judged) for a in self.articles)
        return self._ratio(total - sum(len(a.wrong) for a in self.articles), total)

    @property
    def others_as_tie(self) -> int:
        """Labelled `other` scorelines drafted as first-leg, second-leg, aggregate or deficit."""
        return sum(len(a.others_as_tie) for a in self.articles)

    @property
    def false_positives(self) -> list[tuple[str, str, Draft]]:
        """(article, not_quotes/not_scores entry, draft) for every draft that took a non-quote or non-score."""
        return [(a.article, what, d) for a in self.articles for what, d in a.false_positives]


def draft_role(draft: Draft) -> str:
    """The labels' role vocabulary for a score, history or prediction draft (see the module docstring)."""
    role = getattr(draft, "role", None)
    if role:
        return str(role)
    if draft.kind == "prediction":
        return "prediction"
    if draft.kind == "history":
        return "historical"
    if draft.leg == "aggregate":
        return "aggregate"
    if "deficit" in draft.keywords:
        return "deficit"
    return {"first": "first-leg", "second": "second-leg"}.get(draft.leg or "", "other")


def _clean_quote(text: str) -> str:
    """A labelled quote as a scorer compares it: no surrounding spaces, no trailing comma."""
    return text.strip().rstrip(",").strip()


def _person(name: str, entities: dict[str, Entity]) -> str | None:
    """The known person a labelled speaker is (full name or alias, accents and case folded)."""
    key = fold_aligned(name).strip()
    for entity in entities.values():
        if entity.kind == "person" and key in {fold_aligned(n).strip() for n in (entity.name, *entity.aliases)}:
            return entity.id
    return None


def _speaker_right(label: LabelledQuote, draft: Draft, entities: dict[str, Entity]) -> bool:
    """The known entity for a known person; else a draft without entity naming the surname."""
    known = _person(label.speaker, entities)
    if known is not None:
        return draft.speaker == known
    surname = fold_aligned(label.speaker.split()[-1])
    return draft.speaker is None and surname in fold_aligned(draft.speaker_name or "").split()


def _locate_scores(text: str, labels: list[dict[str, Any]], file: str) -> list[LabelledScore]:
    """Each labelled scoreline found in the text, in order (labels list every occurrence in order)."""
    out = []
    at = 0
    for label in labels:
        pattern = re.compile(rf"(?<![\w.:/–-]){re.escape(label['as_written'])}(?![\w–-])")
        match = pattern.search(text, at)
        if match is None:
            raise ValueError(f"{file}: scoreline {label['as_written']!r} not found after offset {at}")
        out.append(LabelledScore(label["score"], label["role"], label.get("alt_role"), match.start(), match.end()))
        at = match.end()
    return out


def _evidence_span(text: str, draft: Draft) -> tuple[int, int]:
    """Where the draft's evidence sits: the occurrence starting at or before the draft's start."""
    start = text.rfind(draft.evidence, 0, draft.start + len(draft.evidence))
    start = start if start >= 0 else text.find(draft.evidence)
    return start, start + len(draft.evidence)


def _draft_holds(text: str, draft: Draft, label: LabelledScore) -> bool:
    """The draft is about this very scoreline: it starts there, or (a prediction) its evidence holds it."""
    if draft.kind not in SCORE_INTENTS:
        return False
    if draft.start == label.start:
        return True
    if draft.kind != "prediction":
        return False
    start, end = _evidence_span(text, draft)
    return start <= label.start and label.end <= end


def _quote_matches(draft_quote: str, label: str) -> bool:
    """80% of the draft's words lie in the label, or the draft holds 80% of the label's."""
    return coverage(draft_quote, label) >= QUOTE_COVERAGE or coverage(label, draft_quote) >= QUOTE_COVERAGE


def _not_quote_taken(draft_quote: str, entry: str) -> bool:
    """A draft quote that is a scare quote or holds a labelled piece of indirect speech."""
    if coverage(draft_quote, entry) >= QUOTE_COVERAGE:
        return True
    return len(words(entry)) >= NOT_QUOTE_MIN_WORDS and coverage(entry, draft_quote) >= QUOTE_COVERAGE


def _measure_article(entry: dict[str, Any], folder: Path, knowledge: Knowledge) -> HeldOutResult:
    """Run the drafter on one held-out file and compare its drafts with the labels."""
    parsed = parse_article((folder / entry["file"]).read_text(encoding="utf-8"))
    text = parsed.text
    doc = Document(text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    tie = resolve_tie(doc, parsed.date)
    drafts = find_drafts(doc, parsed.date, tie)
    quotes = [LabelledQuote(q["speaker"], _clean_quote(q["text"]), bool(q.get("headline")),
                            bool(q.get("continues"))) for q in entry.get("quotes") or []]
    partial = [_clean_quote(q["text"]) for q in entry.get("partial_quotes") or []]
    located = _locate_scores(text, entry.get("scores") or [], entry["file"])
    result = HeldOutResult(entry["file"], entry.get("tie"), tie.id if tie else None, drafts, quotes,
                           [s for s in located if s.role != "other"])
    quote_drafts = [d for d in drafts if d.quote is not None]
    for quote in quotes:
        holding = [d for d in quote_drafts if d.quote and coverage(quote.text, d.quote) >= QUOTE_COVERAGE]
        if not holding:
            result.missed_text.append(quote)
        elif not any(_speaker_right(quote, d, knowledge.entities) for d in holding):
            result.missed_speaker.append((quote, holding[0].speaker or f"{holding[0].speaker_name} (unknown)"))
    for score in result.scores:
        holder = next((d for d in drafts if _draft_holds(text, d, score)), None)
        if holder is None:
            result.missed_scores.append(score)
        else:
            result.roles.append((score, draft_role(holder)))
    for score in (s for s in located if s.role == "other"):
        result.others += 1
        holder = next((d for d in drafts if _draft_holds(text, d, score)), None)
        role = draft_role(holder) if holder is not None else None
        if role in TIE_ROLES and role not in score.roles:
            result.others_as_tie.append((score, role))
    not_scores = [(m.start(), m.end(), s) for s in entry.get("not_scores") or []
                  for m in re.finditer(re.escape(s), text)]
    for draft in drafts:
        if draft.quote is not None:
            result.judged.append(draft)
            if not any(_quote_matches(draft.quote, t) for t in [q.text for q in quotes] + partial):
                result.wrong.append(draft)
            result.false_positives += [(f"not_quote {n!r}", draft) for n in entry.get("not_quotes") or []
                                       if _not_quote_taken(draft.quote, n)]
        elif draft.kind in SCORE_INTENTS:
            result.judged.append(draft)
            if not any(_draft_holds(text, draft, label) for label in located):
                result.wrong.append(draft)
            result.false_positives += [(f"not_score {s!r}", draft) for start, end, s in not_scores
                                       if start <= draft.start < end]
        else:
            result.unlabelled.append(draft)
    return result


def measure_heldout(knowledge: Knowledge, folder: Path = HELDOUT) -> HeldOutReport:
    """Run the drafter on every labelled held-out article (labels.yaml in `folder`) and compare."""
    labels = yaml.safe_load((folder / "labels.yaml").read_text(encoding="utf-8"))
    return HeldOutReport([_measure_article(entry, folder, knowledge) for entry in labels["articles"]])


def _short(text: str, limit: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit - 1] + "…"


def _print_heldout(report: HeldOutReport) -> None:
    header = (f"{'held-out article':<40} {'tie':>5} {'q text':>7} {'q spkr':>7} {'scores':>7} {'roles':>6} "
              f"{'judged':>7} {'right':>6} {'FP':>3} {'other':>6}")
    print(header)
    print("-" * len(header))
    for a in report.articles:
        quotes = len(a.quotes)
        text_hits = quotes - len(a.missed_text)
        tie = "ok" if a.tie == a.label_tie else "miss" if a.tie is None else "wrong"
        print(f"{a.article[:40]:<40} {tie:>5} {f'{text_hits}/{quotes}':>7} "
              f"{f'{text_hits - len(a.missed_speaker)}/{quotes}':>7} "
              f"{f'{len(a.scores) - len(a.missed_scores)}/{len(a.scores)}':>7} "
              f"{f'{a.role_hits}/{len(a.roles)}':>6} {len(a.judged):>7} {len(a.judged) - len(a.wrong):>6} "
              f"{len(a.false_positives):>3} {len(a.unlabelled):>6}")
    print("-" * len(header))
    print(f"quote recall (text) {report.quote_recall_text:.2f}   quote recall (speaker) "
          f"{report.quote_recall_speaker:.2f}   score recall {report.score_recall:.2f}   "
          f"role accuracy {report.role_accuracy:.2f}   precision {report.precision:.2f}   "
          f"false positives {len(report.false_positives)}")
    others = sum(a.others for a in report.articles)
    print(f"scorelines labelled other: {others}, drafted with a role of the tie: {report.others_as_tie}")
    unlabelled = Counter(d.kind for a in report.articles for d in a.unlabelled)
    print("unlabelled drafts (not judged): " + (", ".join(f"{k} {n}" for k, n in sorted(unlabelled.items()))
                                                or "none"))
    for a in report.articles:
        for q in a.missed_text:
            print(f"MISSED quote    {a.article}: {q.speaker}: {_short(q.text)}")
        for q, who in a.missed_speaker:
            print(f"WRONG speaker   {a.article}: {q.speaker} (drafted as {who}): {_short(q.text, 70)}")
        for s in a.missed_scores:
            print(f"MISSED score    {a.article}: {s.score} [{s.role}] at {s.start}")
        for s, role in a.roles:
            if role not in s.roles:
                print(f"WRONG role      {a.article}: {s.score} [{'/'.join(sorted(s.roles))}] drafted as {role}")
        for s, role in a.others_as_tie:
            print(f"OTHER as tie    {a.article}: {s.score} [other] drafted as {role} at {s.start}")
    for a in report.articles:
        for d in a.wrong:
            print(f"UNMATCHED       {a.article}: [{d.kind}] {_short(d.quote or d.evidence)}")
    for article, what, d in report.false_positives:
        print(f"FALSE POSITIVE  {article}: {what} <- [{d.kind}] {_short(d.quote or d.evidence)}")


def main() -> None:
    """Print the shipped table and the held-out table (or only one of them)."""
    parser = argparse.ArgumentParser(prog="python -m bench.extraction", description=__doc__.splitlines()[0])
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge")
    parser.add_argument("--heldout-dir", type=Path, default=HELDOUT, help="folder with *.txt and labels.yaml")
    only = parser.add_mutually_exclusive_group()
    only.add_argument("--shipped", action="store_true", help="only the shipped articles")
    only.add_argument("--heldout", action="store_true", help="only the held-out articles")
    args = parser.parse_args()
    knowledge = load_knowledge(args.knowledge)
    if not args.heldout:
        _print(measure(knowledge))
    if not args.shipped:
        if not args.heldout:
            print()
        _print_heldout(measure_heldout(knowledge, args.heldout_dir))


if __name__ == "__main__":
    main()

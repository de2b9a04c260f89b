"""Turning a new article's text into the two files an import writes, and what it reports back.

`plan_import` is pure: it parses the text, picks the id, matches the tie and drafts the facts,
and renders both files' YAML. The curator validates the plan with the real loader and writes
it; `DraftImport` is what the moderator (CLI or Discord) gets back.
"""

from __future__ import annotations

import dataclasses
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from bot.core.curation.changes import CurationError
from bot.core.curation.fact_files import dump_yaml, fact_block, load_yaml
from bot.core.drafting import Document, draft_facts, resolve_tie
from bot.core.knowledge.article_text import MAX_ARTICLE_ID, parse_article, suggest_article_id
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import FACTS_DIR, Knowledge

__all__ = ["ARTICLES_DIR", "DraftImport", "ImportPlan", "plan_import"]

ARTICLES_DIR = "articles"
_SLUG = re.compile(rf"^[a-z0-9][a-z0-9-]{{0,{MAX_ARTICLE_ID - 1}}}$")
_FACTS_HEADER = ("# Draft facts from article {id}, written by `knowledge draft`. Not served until approved:\n"
                 "# review each one, fix its answer, then approve or reject it (Discord /facts or by hand).\n")


@dataclass(frozen=True)
class DraftImport:
    """An imported article and its draft facts, with the snapshot to swap in and a summary to show."""

    article_id: str
    article_file: str
    facts_file: str
    tie: str | None
    drafts: list[Fact]
    message: str
    knowledge: Knowledge
    actor: str
    at: str
    written: bool
    dropped: tuple[str, ...] = ()
    """Problems with drafts that were left out because the loader rejected them."""


@dataclass(frozen=True)
class ImportPlan:
    """The files an import would write: the article's YAML and its drafts' YAML, with the drafts."""

    article_id: str
    tie: str | None
    article_rel: str
    article_text: str
    facts_rel: str
    facts: list[dict[str, Any]]
    dropped: tuple[str, ...] = ()

    @property
    def facts_text(self) -> str:
        """The drafts file: a header saying what it is, then the `facts:` list."""
        header = _FACTS_HEADER.format(id=self.article_id)
        if not self.facts:
            return header + "facts: []\n"
        return header + "facts:\n" + "\n".join("".join(fact_block(f, 2)) for f in self.facts)

    def files(self) -> dict[str, str | None]:
        """Relative path → new text, as the curator's validation takes them."""
        return {self.article_rel: self.article_text, self.facts_rel: self.facts_text}

    def draft_ids(self) -> set[str]:
        """The ids of the drafts in this plan."""
        return {f["id"] for f in self.facts}

    def without(self, ids: set[str], problems: list[str]) -> ImportPlan:
        """The plan minus some drafts, remembering why they were dropped."""
        kept = [f for f in self.facts if f["id"] not in ids]
        return dataclasses.replace(self, facts=kept, dropped=(*self.dropped, *problems))

    def result(self, knowledge: Knowledge, actor: str, at: str, written: bool) -> DraftImport:
        """What to report once validated (and, unless a dry run, written)."""
        drafts = [knowledge.drafts[f["id"]] for f in self.facts if f["id"] in knowledge.drafts]
        return DraftImport(self.article_id, self.article_rel, self.facts_rel, self.tie, drafts,
                           _summary(self, drafts, written, knowledge), knowledge, actor, at, written, self.dropped)


def plan_import(knowledge: Knowledge, text: str, article_id: str | None = None, *,
                source_file: str | None = None) -> ImportPlan:
    """Parse the article, choose its id and tie, draft its facts, and render both files.

    Raises:
        CurationError: empty text, a bad date line, an id that is not a short slug or is taken.
    """
    try:
        parsed = parse_article(text)
    except ValueError as exc:
        raise CurationError(f"Cannot read the article: {exc}.") from exc
    ident = (article_id or suggest_article_id(parsed)).strip()
    if not _SLUG.match(ident):
        raise CurationError(f"`{ident}` is not a usable article id: lowercase letters, digits and dashes, "
                            f"at most {MAX_ARTICLE_ID} characters.")
    if ident in knowledge.articles:
        raise CurationError(f"An article with id `{ident}` exists already; choose another id with --id.")
    doc = Document(parsed.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    tie = resolve_tie(doc, parsed.date)
    article: dict[str, Any] = {
        "id": ident,
        "title": parsed.title,
        "publisher": None,
        "date": parsed.date,
        "date_note": None if parsed.date else "No date line in the source; set the date if known.",
        "tie": tie.id if tie else None,
        "source_file": source_file,
        "text": parsed.text,
    }
    article_text = f"# Imported by `knowledge draft`; the text is the article verbatim.\n{dump_yaml(article)}"
    reread = load_yaml(article_text)
    if not isinstance(reread, dict) or reread.get("text") != parsed.text:  # a bug, never a moderator's error
        raise CurationError("Could not write the article text safely; nothing was changed.")
    facts = draft_facts(doc, ident, parsed.date, tie, knowledge)
    return ImportPlan(ident, tie.id if tie else None, f"{ARTICLES_DIR}/{ident}.yaml", article_text,
                      f"{FACTS_DIR}/{ident}.yaml", facts)


def _summary(plan: ImportPlan, drafts: list[Fact], written: bool, knowledge: Knowledge) -> str:
    """E.g. "Imported `x` (tie: none) with 9 drafts: 4 quote, 3 score, 2 record."."""
    counts = Counter(d.id.removeprefix(f"{plan.article_id}-").rsplit("-", 1)[0] for d in drafts)
    kinds = ", ".join(f"{n} {kind}" for kind, n in counts.most_common())
    verb = "Imported" if written else "Would import (dry run)"
    lines = [f"{verb} `{plan.article_id}` (tie: {plan.tie or 'none — set it by hand if the article has one'}) "
             f"with {len(drafts)} draft{'s' if len(drafts) != 1 else ''}{': ' + kinds if kinds else ''}."]
    unknown = sorted({d.answer.split(' said:', 1)[0] for d in drafts if d.quote and d.speaker is None})
    if unknown:
        lines.append(f"Speakers not in entities.yaml (quotes drafted as context): {', '.join(unknown)}.")
    for code in sorted({code for d in drafts for code, t in d.translations.items() if not t.reviewed}):
        language = knowledge.languages.get(code)
        if language is not None and language.translating is not None:
            lines.append(f"Answers in {language.name} are drafted unreviewed, with {language.translating.pending} "
                         "where they need words the drafter cannot translate: write them, then approve.")
    if plan.dropped:
        lines.append(f"{len(plan.dropped)} problem(s) made drafts be left out: " + "; ".join(plan.dropped[:5]))
    if written:
        lines.append(f"Review them in {plan.facts_rel}; drafts are not served until approved.")
    return "\n".join(lines)

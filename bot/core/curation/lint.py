"""Whole-folder checks beyond what loading needs: coverage, reachability and duplicates.

Loading already rejects broken schema, duplicate ids, unknown references and evidence not
found in its article. A folder can load and still be wrong for fans: an intent nobody can get
an answer for, a fact no question ever reaches, two facts that say the same thing (the
engine would show the same answer twice), a cue word two intents share (it tells neither
apart, as Rasa warns of an example given to two intents), a synonym that is a stopword (the
reader drops it before synonyms are looked at, so it never matches), or an answer stating a
scoreline, number, year, person or club its evidence, quote and tie do not give, in any language
(`grounding`; every curator change runs that check on the files it writes too), or an approved
fact without a reviewed answer in each language besides the default (`translations`: fans asking
in it get the default language's answer meanwhile). `check_knowledge` runs both layers and
returns every problem at once, so a moderator fixes a folder in one pass.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bot.core.answering.engine import Engine
from bot.core.curation.grounding import ungrounded_answers
from bot.core.curation.translations import translation_gaps
from bot.core.knowledge.language import DEFAULT_LANGUAGE
from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge, KnowledgeError, KnowledgeIssue, load_knowledge
from bot.core.text import normalize, tokenize

__all__ = ["CheckReport", "check_knowledge", "find_problems", "probe_questions"]

log = logging.getLogger(__name__)

INTENTS_FILE = "intents.yaml"
TIES_FILE = "ties.yaml"
LANGUAGE_FILE = f"language/{DEFAULT_LANGUAGE}.yaml"


@dataclass(frozen=True)
class CheckReport:
    """The outcome of checking one folder: the snapshot when it loads, and every problem."""

    root: Path
    knowledge: Knowledge | None
    issues: list[KnowledgeIssue]

    @property
    def ok(self) -> bool:
        """Whether the folder is fit to serve."""
        return not self.issues

    def summary(self) -> str:
        """One line for the end of the report."""
        if self.knowledge is None:
            return f"{len(self.issues)} problem(s); the folder does not load, so later checks did not run."
        k = self.knowledge
        counts = (f"{len(k.facts)} facts, {len(k.drafts)} drafts, {len(k.intents)} intents, "
                  f"{len(k.entities)} entities, {len(k.ties)} ties, {len(k.articles)} articles")
        if self.issues:
            return f"{len(self.issues)} problem(s) in {counts}."
        return f"OK: {counts}."


def check_knowledge(root: Path) -> CheckReport:
    """Load the folder at `root` and run every check; never raises for a bad folder."""
    try:
        knowledge = load_knowledge(root)
    except KnowledgeError as exc:
        return CheckReport(root, None, list(exc.issues))
    return CheckReport(root, knowledge, list(find_problems(knowledge)))


def find_problems(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """Problems in a folder that loads: intents without facts, shared cues, untranslated facts, unreachable facts..."""
    yield from _intents_without_facts(knowledge)
    yield from _key_facts(knowledge)
    yield from _shared_cues(knowledge)
    yield from _stopword_synonyms(knowledge)
    yield from _duplicate_answers(knowledge)
    yield from ungrounded_answers(knowledge)
    yield from translation_gaps(knowledge)
    yield from _unreachable_facts(knowledge)


def _where(knowledge: Knowledge, fact: Fact) -> str:
    return knowledge.fact_files.get(fact.id, "facts")


def _intents_without_facts(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """An intent fans can ask but no approved fact answers; intents that always decline are exempt."""
    used = {fact.intent for fact in knowledge.facts.values()}
    for intent in knowledge.intents.values():
        if intent.decline is None and intent.answers_from == "facts" and intent.id not in used:
            yield KnowledgeIssue(INTENTS_FILE, intent.id, "facts",
                                 "no approved fact has this intent, so questions of this kind can never be answered")


def _key_facts(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """A tie's key facts (what its overview tells) must be approved facts of that tie, or history its article tells.

    Checked here rather than at load, so a fact removed or a facts file emptied leaves the tie's
    overview shorter, not the whole folder unloadable.
    """
    for tie in knowledge.ties.values():
        for index, fact_id in enumerate(tie.key_facts):
            fact = knowledge.facts.get(fact_id)
            if fact is None:
                state = " (it is a draft)" if fact_id in knowledge.drafts else ""
                yield KnowledgeIssue(TIES_FILE, tie.id, f"key_facts.{index}",
                                     f"'{fact_id}' is not an approved fact{state}, so the tie's overview leaves it out")
            elif fact.tie != tie.id and not (fact.tie is None and fact.source.article == tie.article):
                yield KnowledgeIssue(TIES_FILE, tie.id, f"key_facts.{index}",
                                     f"'{fact_id}' is about another tie (a key fact is the tie's, or history its "
                                     "own article tells)")


def _shared_cues(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """A cue of one intent that another intent has too, as the matcher reads it (one word by its stem, a phrase whole).

    Reported on the intent listed later, naming the earlier one, so fixing one line clears it.
    """
    stem = knowledge.language.stem
    first: dict[tuple[str, ...], tuple[str, str]] = {}
    for intent in knowledge.intents.values():
        for cue in intent.cues:
            words = tokenize(normalize(cue))
            if not words:
                continue
            key = (stem(words[0]),) if len(words) == 1 else tuple(words)
            owner, written = first.setdefault(key, (intent.id, cue))
            if owner != intent.id:
                same = "is also a cue" if written == cue else f"reads as the same word as the cue '{written}'"
                yield KnowledgeIssue(INTENTS_FILE, intent.id, "cues",
                                     f"'{cue}' {same} of intent '{owner}': it tells neither apart, "
                                     "so keep it in one of them")


def _stopword_synonyms(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """A synonym that is a stopword: questions and facts drop it before synonyms are compared, so it never matches."""
    language = knowledge.language
    for group in language.synonyms:
        for word in group:
            dropped = [t for t in tokenize(normalize(word)) if t in language.stopwords]
            if dropped:
                yield KnowledgeIssue(LANGUAGE_FILE, group[0], "synonyms",
                                     f"'{word}' is a stopword, so it never matches; remove it from the group "
                                     "(or from the stopwords)")


def _answer_key(text: str) -> str:
    return " ".join(normalize(text).split())


def _duplicate_answers(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """Two facts (approved or draft) whose answers are the same once case, accents and spacing are folded."""
    first: dict[str, Fact] = {}
    for fact in (*knowledge.facts.values(), *knowledge.drafts.values()):
        key = _answer_key(fact.answer)
        other = first.setdefault(key, fact)
        if other is not fact:
            yield KnowledgeIssue(_where(knowledge, fact), fact.id, "answer",
                                 f"same answer as fact '{other.id}' ({_where(knowledge, other)})")


def probe_questions(knowledge: Knowledge, fact: Fact) -> list[str]:
    """Questions a fan might plausibly type for this fact, built only from the fact's own fields.

    The answer text itself is the most specific probe; the second joins the intent's first
    phrasing with the names of the fact's entities, its year and its keywords, the way a fan asks.
    """
    intent = knowledge.intents[fact.intent]
    names = [knowledge.entities[e].name for e in fact.entities if e in knowledge.entities]
    tie = knowledge.ties.get(fact.tie) if fact.tie else None
    year = fact.year or (tie.year if tie else None)
    words = [intent.phrasings[0], *names[:3], *([str(year)] if year else []), *fact.keywords[:4]]
    return [fact.answer, " ".join(words)]


def _unreachable_facts(knowledge: Knowledge) -> Iterator[KnowledgeIssue]:
    """Approved facts that no question reaches: a declining intent, or every probe answered by other facts."""
    engine = Engine(knowledge)
    for fact in knowledge.facts.values():
        intent = knowledge.intents[fact.intent]
        if intent.decline is not None:
            yield KnowledgeIssue(_where(knowledge, fact), fact.id, "intent",
                                 f"intent '{fact.intent}' always declines, so this fact is never served")
            continue
        if not any(fact.id in engine.answer(q).facts for q in probe_questions(knowledge, fact)):
            yield KnowledgeIssue(_where(knowledge, fact), fact.id, "answer",
                                 "unreachable: neither its own answer text nor a question built from its "
                                 "intent, entities and keywords gets this fact; add keywords or merge it")

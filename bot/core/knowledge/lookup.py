"""Autocomplete choices and re-validation of typed values for ties, people and fact ids.

Plain Python on a `Knowledge` snapshot (no Discord types), so it is tested with strings. The
lookup order is exact id, then exact name or alias, then fuzzy; a fuzzy match counts only
when it clearly beats the runner-up, otherwise the command says what it could not find.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from rapidfuzz import fuzz, process

from bot.core.knowledge.models import Fact
from bot.core.knowledge.store import Knowledge
from bot.core.text import fold

__all__ = [
    "MAX_CHOICES",
    "draft_choices",
    "fact_choices",
    "person_choices",
    "quoted_people",
    "resolve_fact",
    "resolve_person",
    "resolve_tie",
    "tie_choices",
]

MAX_CHOICES = 25
"""Discord shows at most 25 autocomplete choices."""
CHOICE_NAME_LIMIT = 100
FUZZY_CUTOFF = 70
FUZZY_MARGIN = 30


def _fold(text: str) -> str:
    """`fold` with dashes as spaces: "Atlético" and "atletico", "Alexander-Arnold" and "alexander arnold" match."""
    return " ".join(fold(text).replace("-", " ").split())


def _score(query: str, choice: str, **_: object) -> float:
    """The better of a whole-string and a word-set comparison."""
    return max(fuzz.WRatio(query, choice), fuzz.token_set_ratio(query, choice))


def _resolve(value: str, names: Mapping[str, Iterable[str]]) -> str | None:
    """The id whose id, name or alias is `value`, else a clear fuzzy winner, else None."""
    value = value.strip()
    if value in names:
        return value
    folded = _fold(value)
    if not folded:
        return None
    exact = {ident for ident, aliases in names.items() if folded in {_fold(a) for a in aliases}}
    if len(exact) == 1:
        return exact.pop()
    flat = [(ident, _fold(alias)) for ident, aliases in names.items() for alias in aliases]
    scored = process.extract(folded, [alias for _, alias in flat], scorer=_score, limit=None)
    best: dict[str, float] = {}
    for _, score, index in scored:
        ident = flat[index][0]
        best[ident] = max(best.get(ident, 0.0), score)
    ranked = sorted(best.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] < FUZZY_CUTOFF:
        return None
    runner_up = ranked[1][1] if len(ranked) > 1 else 0.0
    top = ranked[0][1]
    if (top >= 100 and runner_up < 100) or top - runner_up >= FUZZY_MARGIN:
        return ranked[0][0]
    return None


def _filter(current: str, options: list[tuple[str, str, list[str]]]) -> list[tuple[str, str]]:
    """(label, value) pairs whose label or aliases contain what was typed, best first, at most 25."""
    folded = _fold(current)
    if not folded:
        return [(label, value) for label, value, _ in options][:MAX_CHOICES]
    contains = [(label, value) for label, value, words in options
                if any(folded in _fold(w) for w in [label, value, *words])]
    if contains:
        return contains[:MAX_CHOICES]
    labels = [label for label, _, _ in options]
    matches = process.extract(folded, labels, scorer=fuzz.partial_ratio, limit=MAX_CHOICES, score_cutoff=60)
    return [(options[i][0], options[i][1]) for _, _, i in matches]


def _clip(label: str) -> str:
    return label if len(label) <= CHOICE_NAME_LIMIT else label[: CHOICE_NAME_LIMIT - 1] + "…"


# --- ties ------------------------------------------------------------------------------
def _tie_names(knowledge: Knowledge) -> dict[str, list[str]]:
    out = {}
    for tie in knowledge.ties.values():
        out[tie.id] = [tie.id, tie.name, str(tie.year), f"{tie.name} {tie.year}",
                       f"{tie.name} ({tie.round}, {tie.year})", *tie.aliases]
    return out


def tie_choices(knowledge: Knowledge, current: str) -> list[tuple[str, str]]:
    """Autocomplete for a tie: (label, tie id)."""
    options = [(_clip(f"{t.name} ({t.round}, {t.year})"), t.id, [str(t.year), t.round, *t.aliases])
               for t in sorted(knowledge.ties.values(), key=lambda t: t.year)]
    return _filter(current, options)


def resolve_tie(knowledge: Knowledge, value: str) -> str | None:
    """The tie a typed value names (id, name, year, alias or a clear fuzzy match)."""
    return _resolve(value, _tie_names(knowledge))


# --- people ----------------------------------------------------------------------------
def quoted_people(knowledge: Knowledge) -> list[str]:
    """Ids of people with at least one quote fact, by name."""
    ids = {f.speaker for f in knowledge.facts.values() if f.intent == "quote" and f.speaker}
    return sorted((i for i in ids if i in knowledge.entities), key=lambda i: knowledge.entities[i].name)


def person_choices(knowledge: Knowledge, current: str) -> list[tuple[str, str]]:
    """Autocomplete for a quoted person: (name and role, entity id)."""
    options = []
    for ident in quoted_people(knowledge):
        person = knowledge.entities[ident]
        label = f"{person.name} ({person.role})" if person.role else person.name
        options.append((_clip(label), ident, list(person.aliases)))
    return _filter(current, options)


def resolve_person(knowledge: Knowledge, value: str) -> str | None:
    """The quoted person a typed value names, or None."""
    names = {}
    for ident in quoted_people(knowledge):
        person = knowledge.entities[ident]
        names[ident] = [ident, person.name, *person.aliases]
    return _resolve(value, names)


# --- facts -----------------------------------------------------------------------------
def fact_choices(knowledge: Knowledge, current: str) -> list[tuple[str, str]]:
    """Autocomplete for a fact id (approved and drafts): (id · start of answer, id)."""
    return _fact_choices({**knowledge.drafts, **knowledge.facts}.values(), current)


def draft_choices(knowledge: Knowledge, current: str) -> list[tuple[str, str]]:
    """Autocomplete for approve and reject, over drafts only."""
    return _fact_choices(knowledge.drafts.values(), current)


def _fact_choices(facts: Iterable[Fact], current: str) -> list[tuple[str, str]]:
    """Facts whose id holds what was typed, else whose answer does, sorted by id."""
    folded = _fold(current)
    items = sorted(facts, key=lambda f: f.id)
    hits = [f for f in items if folded in _fold(f.id)] if folded else items
    if folded and not hits:
        hits = [f for f in items if folded in _fold(f.answer)]
    return [(_clip(f"{f.id} · {f.answer}"), f.id) for f in hits[:MAX_CHOICES]]


def resolve_fact(knowledge: Knowledge, value: str) -> str | None:
    """The fact id typed (exactly, ignoring case and spaces), or None."""
    value = value.strip()
    if knowledge.fact_or_draft(value) is not None:
        return value
    folded = _fold(value).replace(" ", "-")
    for fact_id in (*knowledge.facts, *knowledge.drafts):
        if fact_id.casefold() == folded:
            return fact_id
    return None

"""Synthetic knowledge stores of any size, cloned from the shipped ties, for the scale benchmark.

Each synthetic tie copies one shipped tie with a new opponent, new people and a new venue
(invented names that cannot collide), a new year, and its own article, so every fact's
evidence and quote are still found verbatim in its article and the real loader accepts the
store. Liverpool, Anfield and the competition are kept in every tie, as in a bot about
Liverpool's ties: that is what makes some posting lists long at scale. The shipped facts are
included unchanged, so the dev questions still have their answers in a large store.

Each clone keeps its template's shape: the fans' questions it is taught (`asked_as`), its
keywords and its translations (answer and questions) are renamed like its answer, in lower case
where fans typed the names so, so a synthetic fact is as big as a shipped one and its taught
questions are its own, not shared with every other clone.

    python -m bench.synthetic --facts 10000 --out /tmp/store-10k
"""

from __future__ import annotations

import argparse
import datetime as dt
import logging
import re
import shutil
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from bot.core.text import normalize

__all__ = ["SyntheticStore", "write_store"]

log = logging.getLogger(__name__)

KEPT = frozenset({"liverpool", "anfield", "champions-league"})
"""Entities every synthetic tie shares with the shipped ones."""
_SYLLABLES = ("ka", "lo", "ven", "tri", "mar", "sul", "do", "bek", "ra", "zen", "fo", "lin", "gar", "tu", "vos",
              "mi", "pra", "del", "kor", "sa", "nu", "bri", "tal", "ho")
_WORDS = len(_SYLLABLES) ** 4
_PEOPLE = 100_000
"""Word numbers below this name clubs and venues (two per tie), above it people."""
_CLUB_SUFFIXES = ("Rovers", "Athletic", "United", "Albion", "Wanderers", "Rangers", "Town", "Olympic")
_SHIPPED_YEARS = frozenset({2016, 2019, 2020, 2021, 2023})
_YEARS = [y for y in range(1956, 2050) if y not in _SHIPPED_YEARS]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_SPACES = re.compile(r"\s+")
ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class SyntheticStore:
    """Where a store was written and what it holds."""

    root: Path
    facts: int
    ties: int


def _word(n: int, syllables: int) -> str:
    """An invented word, distinct for every n below len(_SYLLABLES) ** syllables."""
    parts = []
    for _ in range(syllables):
        n, rem = divmod(n, len(_SYLLABLES))
        parts.append(_SYLLABLES[rem])
    return "".join(parts).capitalize()


def _mix(n: int) -> int:
    """Spread consecutive numbers over the four-syllable words; a bijection, so names stay distinct."""
    return (n * 7919 + 104729) % _WORDS


def _read(path: Path) -> Any:
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)


def _dump(path: Path, data: Any) -> None:
    path.write_text(yaml.dump(data, Dumper=_DUMPER, allow_unicode=True, sort_keys=False), encoding="utf-8")


class _Template:
    """One shipped tie with its article, facts and the entities a clone must rename."""

    def __init__(self, tie: dict[str, Any], article: dict[str, Any], facts: list[dict[str, Any]],
                 entities: dict[str, dict[str, Any]]) -> None:
        self.tie, self.article, self.facts = tie, article, facts
        involved = set(tie["teams"]) | {tie["first_leg"].get("venue"), tie["second_leg"].get("venue")}
        for fact in facts:
            involved.update(fact.get("entities", []))
            if fact.get("speaker"):
                involved.add(fact["speaker"])
        opponents = set(tie["teams"]) - KEPT
        self.renamed = sorted(
            e for e in involved
            if e is not None and e not in KEPT
            and (e in opponents or entities[e]["kind"] in ("person", "venue"))
        )
        self.entities = entities


def _clone_entity(entity: dict[str, Any], n: int, serial: int) -> tuple[dict[str, Any], dict[str, str]]:
    """A renamed copy of an entity and the text replacements from its old names to the new ones."""
    kind = entity["kind"]
    if kind == "person":
        first, last = _word(serial, 2), _word(_mix(_PEOPLE + serial), 4)
        name, short = f"{first} {last}", last
    elif kind == "team":
        first = _word(_mix(2 * n), 4)
        name, short = f"{first} {_CLUB_SUFFIXES[n % len(_CLUB_SUFFIXES)]}", first
    else:
        first = _word(_mix(2 * n + 1), 4)
        name, short = f"{first} Park", first
    old_first = normalize(entity["name"]).split()[0]
    replacements: dict[str, str] = {}
    for old in (entity["name"], *entity.get("aliases", [])):
        for variant in {old, _ascii(old)}:
            if len(variant.split()) > 1:
                replacements[variant] = name
            elif kind == "person" and normalize(variant) == old_first:
                replacements[variant] = first
            else:
                replacements[variant] = short
    clone = {"id": f"s{n}-{entity['id']}"[:64], "kind": kind, "name": name, "aliases": [short]}
    for key in ("role", "team"):
        if entity.get(key):
            clone[key] = entity[key]
    return clone, replacements


def _ascii(text: str) -> str:
    """The name as fans type it without accents ("Atletico" for "Atlético")."""
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if ord(ch) < 128)


def _replacer(replacements: dict[str, str], year: int, old_year: int) -> Callable[[str], str]:
    """Replace names (longest first, whole words) and the tie's year and season in a text."""
    mapping = dict(replacements)
    mapping[str(old_year)] = str(year)
    mapping[f"{old_year - 1}-{old_year % 100:02d}"] = f"{year - 1}-{year % 100:02d}"
    folded = {k.lower(): v for k, v in sorted(mapping.items(), key=lambda kv: kv[0])}
    keys = sorted(mapping, key=len, reverse=True)
    pattern = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(k) for k in keys) + r")(?!\w)", re.IGNORECASE)

    def new_name(match: re.Match[str]) -> str:
        # Fans type names in lower case ("real madrid 3-1?"): a name written so is renamed so.
        old = match.group(0)
        if old in mapping:
            return mapping[old]
        name = folded[old.lower()]
        return name.lower() if old.islower() else name

    return lambda text: pattern.sub(new_name, text)


def _with_year(value: Any, year: int) -> Any:
    if isinstance(value, dt.date):
        try:
            return value.replace(year=year)
        except ValueError:
            return value.replace(year=year, day=28)
    return value


def _clone_tie(template: _Template, n: int, serial: int) -> tuple[dict[str, Any], dict[str, Any],
                                                                   list[dict[str, Any]], list[dict[str, Any]]]:
    """One synthetic tie: (tie, article, facts, new entities)."""
    year = _YEARS[n % len(_YEARS)]
    old_year = template.tie["year"]
    ids: dict[str, str] = {}
    replacements: dict[str, str] = {}
    new_entities = []
    for offset, eid in enumerate(template.renamed):
        clone, names = _clone_entity(template.entities[eid], n, serial + offset)
        ids[eid] = clone["id"]
        replacements.update(names)
        new_entities.append(clone)
    for clone in new_entities:
        if clone.get("team") in ids:
            clone["team"] = ids[clone["team"]]
    fix = _replacer(replacements, year, old_year)
    tie_id = f"s{n}-{template.tie['id']}"[:64]
    article_id = f"s{n}-{template.article['id']}"[:64]

    def leg(data: dict[str, Any]) -> dict[str, Any]:
        out = {k: ids.get(v, v) if k in ("home", "away", "venue") else v for k, v in data.items()}
        if "date" in out:
            out["date"] = _with_year(out["date"], year)
        return out

    tie = dict(template.tie, id=tie_id, year=year, article=article_id,
               name=fix(template.tie["name"]), season=f"{year - 1}-{year % 100:02d}",
               teams=[ids.get(t, t) for t in template.tie["teams"]],
               aliases=[fix(a) for a in template.tie.get("aliases", [])],
               first_leg=leg(template.tie["first_leg"]), second_leg=leg(template.tie["second_leg"]))
    article = dict(template.article, id=article_id, tie=tie_id, title=fix(template.article["title"]),
                   text=fix(template.article["text"]))
    if article.get("date"):
        article["date"] = _with_year(article["date"], year)
    collapsed = _SPACES.sub(" ", article["text"]).strip()
    facts = []
    for fact in template.facts:
        clone = dict(fact, id=f"s{n}-{fact['id']}"[:64], tie=tie_id, answer=fix(fact["answer"]),
                     entities=[ids.get(e, e) for e in fact.get("entities", [])],
                     source={"article": article_id, "evidence": fix(fact["source"]["evidence"])})
        if fact.get("speaker"):
            clone["speaker"] = ids.get(fact["speaker"], fact["speaker"])
        if fact.get("quote"):
            clone["quote"] = fix(fact["quote"])
        if fact.get("asked_as"):
            clone["asked_as"] = [fix(q) for q in fact["asked_as"]]
        if fact.get("keywords"):
            clone["keywords"] = [fix(k) for k in fact["keywords"]]
        if fact.get("translations"):
            clone["translations"] = {code: _renamed_translation(t, fix) for code, t in fact["translations"].items()}
        texts = [clone["source"]["evidence"], *([clone["quote"]] if clone.get("quote") else [])]
        if all(_SPACES.sub(" ", t).strip() in collapsed for t in texts):
            facts.append(clone)  # a renaming that cut an evidence span would fail the loader: skip it
    cloned = {f["id"] for f in facts}
    tie["key_facts"] = [k for k in (f"s{n}-{key}"[:64] for key in template.tie.get("key_facts", [])) if k in cloned]
    return tie, article, facts, new_entities


def _renamed_translation(translation: dict[str, Any], fix: Callable[[str], str]) -> dict[str, Any]:
    """A fact's translation with its answer and fans' questions renamed like the fact."""
    out = dict(translation, answer=fix(translation["answer"]))
    if translation.get("asked_as"):
        out["asked_as"] = [fix(q) for q in translation["asked_as"]]
    return out


def write_store(target: Path, facts: int, shipped: Path) -> SyntheticStore:
    """Write a knowledge folder of about `facts` approved facts into `target` (emptied first).

    Args:
        target: the folder to create; anything in it is removed.
        facts: how many facts to aim for; the result overshoots by less than one tie.
        shipped: the shipped knowledge folder to clone from.
    """
    if target.exists():
        shutil.rmtree(target)
    (target / "facts").mkdir(parents=True)
    (target / "articles").mkdir()
    for name in ("intents.yaml",):
        if (shipped / name).is_file():
            shutil.copy(shipped / name, target / name)
    if (shipped / "language").is_dir():
        shutil.copytree(shipped / "language", target / "language")
    for path in (shipped / "facts").glob("*.yaml"):
        shutil.copy(path, target / "facts" / path.name)
    for path in (shipped / "articles").glob("*.yaml"):
        shutil.copy(path, target / "articles" / path.name)

    entities = {e["id"]: e for e in _read(shipped / "entities.yaml")["entities"]}
    ties = _read(shipped / "ties.yaml")["ties"]
    articles = {a["id"]: a for a in map(_read, (shipped / "articles").glob("*.yaml"))}
    raw_facts = [f for p in sorted((shipped / "facts").glob("*.yaml")) for f in _read(p)["facts"]]
    approved = [f for f in raw_facts if f.get("status", "approved") == "approved"]
    templates = [_Template(t, articles[t["article"]], [f for f in approved if f.get("tie") == t["id"]], entities)
                 for t in ties]
    count = len(approved)
    new_ties = list(ties)
    new_entities = list(entities.values())
    n = 0
    serial = 0
    while count < facts:
        template = templates[n % len(templates)]
        tie, article, tie_facts, ents = _clone_tie(template, n, serial)
        serial += len(template.renamed)
        new_ties.append(tie)
        new_entities.extend(ents)
        _dump(target / "articles" / f"{article['id']}.yaml", article)
        _dump(target / "facts" / f"{tie['id']}.yaml", {"facts": tie_facts})
        count += len(tie_facts)
        n += 1
    _dump(target / "ties.yaml", {"ties": new_ties})
    _dump(target / "entities.yaml", {"entities": new_entities})
    log.info("wrote %d facts in %d ties to %s", count, len(new_ties), target)
    return SyntheticStore(target, count, len(new_ties))


def main() -> None:
    """`python -m bench.synthetic --facts N --out DIR`: write a synthetic store anyone can measure."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--facts", type=int, required=True, help="approved facts to aim for (overshoots by < one tie)")
    parser.add_argument("--out", type=Path, required=True, help="the folder to write (must be empty or absent)")
    parser.add_argument("--knowledge", type=Path, default=ROOT / "knowledge", help="the shipped folder to clone")
    parser.add_argument("--force", action="store_true", help="replace a non-empty --out folder")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.out.exists() and any(args.out.iterdir()) and not args.force:
        parser.error(f"{args.out} is not empty; pass --force to replace it")
    store = write_store(args.out, args.facts, args.knowledge)
    print(f"{store.root}: {store.facts} facts in {store.ties} ties")


if __name__ == "__main__":
    main()

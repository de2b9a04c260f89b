"""A `NameTable` finds the same names and readings as searching every name (bot.core.drafting.document).

Grounding reads each changed answer and its sources with a table of the entities' names, so a
curator's change does not search a large store's thousands of names one by one. These tests hold
the table to the plain search on the shipped knowledge's own texts (answers, evidence, quotes,
translations, articles) and on names written to test its edges (a name starting with no letter,
one joined by a hyphen or an apostrophe).
"""

from __future__ import annotations

from bot.core.curation.grounding import Grounding
from bot.core.drafting.document import Document, NameTable
from bot.core.knowledge.models import Entity
from bot.core.knowledge.store import load_knowledge
from tests.helpers import KNOWLEDGE


def _same(text: str, entities: dict[str, Entity], table: NameTable) -> None:
    plain, tabled = Document(text, entities), Document(text, entities, names=table)
    assert tabled.mentions == plain.mentions, text
    for mention in plain.mentions:
        assert tabled.may_mean(mention) == plain.may_mean(mention), (text, mention)


def test_the_table_reads_the_shipped_texts_as_the_plain_search() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    entities = dict(knowledge.entities)
    table = NameTable(entities)
    texts = [a.text for a in knowledge.articles.values()]
    for fact in knowledge.facts.values():
        texts += [fact.answer, fact.source.evidence, *([fact.quote] if fact.quote else []),
                  *(t.answer for t in fact.translations.values())]
    assert len(texts) > 100
    for text in texts:
        _same(text, entities, table)
        _same(text.replace("-", " "), entities, table)


def test_names_at_the_edges() -> None:
    entities = {
        "o-neill": Entity(id="o-neill", kind="person", name="Martin O'Neill"),
        "dot-club": Entity(id="dot-club", kind="team", name=".Dot Club", aliases=["Dot"]),
        "saint-etienne": Entity(id="saint-etienne", kind="team", name="Saint-Étienne", aliases=["Les Verts"]),
        "real": Entity(id="real", kind="team", name="Real Madrid", aliases=["Madrid", "Real"]),
        "atletico": Entity(id="atletico", kind="team", name="Atlético Madrid", aliases=["Atleti"]),
    }
    table = NameTable(entities)
    for text in ("O'Neill said Madrid, not Atlético Madrid, would win.", "the .Dot Club and Dot beat Saint-Étienne",
                 "Saint Etienne (Les Verts) v Real; martin o'neill", "Atleti-Madrid? REAL MADRID!", ""):
        _same(text, entities, table)


def test_grounding_keeps_one_table_for_a_snapshots_entities() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    assert Grounding.of(knowledge).names is Grounding.of(knowledge).names
    other = dict(knowledge.entities)
    other.popitem()
    assert Grounding(other, {}, knowledge.ties, knowledge.articles).names is not Grounding.of(knowledge).names

"""Everything built from one knowledge snapshot for answering, swapped in as a single reference.

One view per language file: the facts indexed in that language (their translated answers and the
questions fans ask in it), and the readers of its questions. Names, ties and facts are shared.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from bot.core.answering.details import AttributeReader
from bot.core.answering.index import FactIndex
from bot.core.answering.languages import name_words, own_words
from bot.core.answering.names import NameCoverage
from bot.core.answering.reading import QuestionReader
from bot.core.answering.roles import RoleReader
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Intent
from bot.core.knowledge.store import Knowledge, intents_in

__all__ = ["LanguageView", "Snapshot", "build_snapshot"]


@dataclass(frozen=True)
class LanguageView:
    """What answering a question in one language needs: its words, its index of the facts, its readers."""

    language: Language
    index: FactIndex
    reader: QuestionReader
    attributes: AttributeReader
    names: NameCoverage
    roles: RoleReader
    intents: Mapping[str, Intent]
    """The intents as asked in this language (their declines in it)."""


@dataclass(frozen=True)
class Snapshot:
    """The knowledge and a view of it per language; immutable once built."""

    knowledge: Knowledge
    views: Mapping[str, LanguageView]
    default: str
    """The default language's code: the knowledge files' own words are in it."""
    everywhere: frozenset[str]
    """The teams in every tie (Liverpool): naming them does not pick a tie."""
    name_words: frozenset[tuple[str, ...]] = frozenset()
    """Every name and alias as words: they say nothing of a question's language."""
    own_words: Mapping[str, frozenset[str]] = field(default_factory=dict)
    """Each language's words no other language file uses: they tell a question's language."""

    def view(self, language: str | None) -> LanguageView:
        """The view for a language code, or the default language's for one without a file."""
        return self.views.get(language or self.default) or self.views[self.default]

    @property
    def index(self) -> FactIndex:
        """The default language's index."""
        return self.views[self.default].index

    @property
    def reader(self) -> QuestionReader:
        """The default language's question reader."""
        return self.views[self.default].reader

    @property
    def attributes(self) -> AttributeReader:
        """The default language's details reader."""
        return self.views[self.default].attributes


def build_snapshot(knowledge: Knowledge) -> Snapshot:
    """Index a knowledge snapshot in every language; pure (no engine state), so a reload runs it in a thread."""
    views = {code: _view(knowledge, language) for code, language in knowledge.languages.items()}
    return Snapshot(knowledge=knowledge, views=views, default=knowledge.language.code,
                    everywhere=_everywhere(knowledge), name_words=name_words(knowledge),
                    own_words=own_words(knowledge))


def _view(knowledge: Knowledge, language: Language) -> LanguageView:
    index = FactIndex(knowledge, language)
    return LanguageView(
        language=language,
        index=index,
        reader=QuestionReader(knowledge, index),
        attributes=AttributeReader(knowledge.facts.values(), knowledge.entities, language),
        names=NameCoverage(knowledge, index, index.common),
        roles=RoleReader(knowledge, language),
        intents=intents_in(knowledge, language.code),
    )


def _everywhere(knowledge: Knowledge) -> frozenset[str]:
    sets = [set(t.teams) for t in knowledge.ties.values()]
    return frozenset(set.intersection(*sets)) if sets else frozenset()

"""The Discord layer's words in the asker's language: which language file serves a client, and its texts.

A slash command follows the Discord client's language: `interaction.locale` picks the language
file whose `discord_locales` lists it (es-ES and es-419 are Spanish), and every other locale gets
the default language. Mentions, DMs and chat-channel messages carry no locale: the engine tells
their language from the words, and the answer says which it was (`Answer.lang`). Whatever the
bot says around an answer (titles, footers, buttons, notices) then follows the answer's language,
so a reply never mixes two. The sentences are data (the `discord:` and `commands:` sections of
knowledge/language/<code>.yaml), checked when the files load.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from bot.core.answering.answer import Source
from bot.core.answering.render import source_line
from bot.core.knowledge.language import Language
from bot.core.knowledge.store import Knowledge

__all__ = ["Texts", "language_for_locale", "texts_for"]

log = logging.getLogger(__name__)


def language_for_locale(knowledge: Knowledge, locale: object) -> str:
    """The code of the language file a Discord client in `locale` ("es-ES", a `discord.Locale`) is answered in."""
    value = str(locale)
    for code, language in knowledge.languages.items():
        if value in language.discord_locales:
            return code
    return knowledge.language.code


@dataclass(frozen=True)
class Texts:
    """One language's Discord texts, filled in: `texts("cooldown", seconds=3)`."""

    language: Language

    @property
    def code(self) -> str:
        """The language file's code ("es"): what the engine and the tie card are given."""
        return self.language.code

    def __call__(self, key: str, **slots: object) -> str:
        """The text `key` of the `discord:` section with its {slots} filled in."""
        return self.language.discord[key].format(**slots)

    def command(self, qualified_name: str) -> str:
        """A slash command as this language's clients see it: "/facts explain" is "/datos explicar" in Spanish."""
        words = qualified_name.split()
        shown = []
        for end in range(1, len(words) + 1):
            localized = self.language.commands.get(" ".join(words[:end]))
            shown.append(localized.name if localized is not None else words[end - 1])
        return "/" + " ".join(shown)

    def tie_label(self, knowledge: Knowledge, tie_id: str | None) -> str:
        """A tie's name with its round and year, as the engine labels it in this language; "History" for none."""
        if tie_id is None or tie_id not in knowledge.ties:
            return self.language.say("history")
        tie = knowledge.ties[tie_id]
        return self.language.say("tie_label", tie=tie.name, round=self.language.round_name(tie.round), year=tie.year)

    def source(self, source: Source) -> str:
        """One "Source:" line, as the console writes it: the article's title as published, the date in this language."""
        return source_line(source, self.language)


def texts_for(knowledge: Knowledge, code: str | None) -> Texts:
    """The texts of language `code` (an answer's `lang`); the default language's when None or not loaded."""
    language = knowledge.languages.get(code) if code is not None else None
    if language is None:
        if code is not None:
            log.warning("no language file %r loaded; speaking %s", code, knowledge.language.code)
        language = knowledge.language
    return Texts(language)

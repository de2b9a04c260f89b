"""Slash commands in the fans' languages: discord.py's `app_commands.Translator`, reading the language files.

When the tree syncs, discord.py asks its translator for every command, group, subcommand and
option name and description in every Discord locale, and sends what it gets as Discord's
`name_localizations` and `description_localizations`. This translator answers from the
`commands:` section of the language file that serves the locale (its `discord_locales`), and
None (Discord then shows the English) for the default language's locales. Interactions still
carry the English names, so nothing else in the bot changes. The names are sent when the tree
syncs (at start): an edit to them reaches Discord at the next start.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from discord import app_commands
from discord.app_commands import TranslationContextLocation as Where

from bot.app.texts import language_for_locale
from bot.core.knowledge.language import Language
from bot.core.knowledge.store import LANGUAGE_DIR, Knowledge

__all__ = ["KnowledgeTranslator", "untranslated"]

log = logging.getLogger(__name__)

AppCommand = app_commands.Command[Any, ..., Any] | app_commands.Group
NAMES = (Where.command_name, Where.group_name, Where.parameter_name)
COMMANDS = (Where.command_name, Where.command_description, Where.group_name, Where.group_description)
PARAMETERS = (Where.parameter_name, Where.parameter_description)


class KnowledgeTranslator(app_commands.Translator):
    """Commands' names and descriptions from the language file serving each Discord locale."""

    def __init__(self, knowledge: Callable[[], Knowledge]) -> None:
        self._knowledge = knowledge
        """The knowledge being served, read at each sync (a reload may have changed it)."""

    async def translate(self, string: app_commands.locale_str, locale: Any,
                        context: app_commands.TranslationContextTypes) -> str | None:
        """The name or description in `locale`'s language; None where English serves it or none is written."""
        knowledge = self._knowledge()
        code = language_for_locale(knowledge, locale)
        if code == knowledge.language.code:
            return None
        return localized(knowledge.languages[code], context.location, context.data)


def localized(language: Language, location: Where, data: Any) -> str | None:
    """What `language` calls a command (`data` a Command or Group) or an option (`data` a Parameter) there."""
    if location in COMMANDS:
        entry = language.commands.get(data.qualified_name)
        if entry is None:
            return None
        return entry.name if location in NAMES else entry.description
    if location in PARAMETERS:
        entry = language.commands.get(data.command.qualified_name)
        option = entry.options.get(data.display_name) if entry is not None else None
        if option is None:
            return None
        return option.name if location in NAMES else option.description
    return None  # choices: the bot's choices are autocomplete suggestions, worded when they are offered


def untranslated(knowledge: Knowledge, commands: Iterable[AppCommand]) -> list[str]:
    """One line per command or option a language with Discord clients does not name, or names that no command has.

    The loader cannot check this (the knowledge does not know the commands), so the bot logs it
    at start: such a command shows in English to that language's clients, which is no failure.
    """
    commands = list(commands)
    lines: list[str] = []
    for code, language in sorted(knowledge.languages.items()):
        if not language.discord_locales or code == knowledge.language.code:
            continue
        where = f"{LANGUAGE_DIR}/{code}.yaml · commands"
        known: set[str] = set()
        for command in commands:
            key = command.qualified_name
            known.add(key)
            entry = language.commands.get(key)
            if entry is None:
                lines.append(f"{where} · {key}: missing; {language.name} clients see /{key} in English")
                continue
            if not isinstance(command, app_commands.Command):
                continue
            options = {parameter.display_name for parameter in command.parameters}
            lines += [f"{where} · {key}.options.{name}: missing; {language.name} clients see it in English"
                      for name in sorted(options - entry.options.keys())]
            lines += [f"{where} · {key}.options.{name}: /{key} has no such option"
                      for name in sorted(entry.options.keys() - options)]
        lines += [f"{where} · {key}: no command is called /{key}" for key in sorted(language.commands.keys() - known)]
    return lines

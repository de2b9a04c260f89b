"""What the bot says on Discord around an answer, and its slash commands' names, as language data.

The Discord layer (bot/app) holds no sentence a fan reads: embed titles and footers, button
labels, notices, errors and /help come from a language file's `discord:` section, and the slash
commands' names and descriptions in that language from its `commands:` section, with the Discord
client languages (`discord_locales`) that are served in it. This module checks those three
sections when the file loads (every text the Discord layer uses, each slot one it fills; Discord's
own rules for command names and descriptions), so a mistake is one line naming file · section ·
key at load, never a failed command sync or a `KeyError` in front of a fan. Plain Python: nothing
here imports discord.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from typing import Annotated

from pydantic import BaseModel, ConfigDict, StringConstraints

__all__ = [
    "COMMAND_DESCRIPTION_MAX",
    "COMMAND_NAME",
    "DISCORD_KEYS",
    "CommandText",
    "DiscordLocale",
    "OptionText",
    "check_commands",
    "check_discord_locales",
    "check_discord_texts",
]

DiscordLocale = Annotated[str, StringConstraints(pattern=r"^[a-z]{2}(-[A-Z]{2}|-[0-9]{3})?$")]
"""A Discord client language as Discord names it ("es-ES", "es-419", "fr")."""

COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
"""Discord's rule for slash command, subcommand and option names (also lowercase; `\\w` is Unicode-aware)."""
COMMAND_DESCRIPTION_MAX = 100
COMMAND_KEY_WORDS = 3
"""A key is a command's English qualified name: a command, a group and a subcommand at most."""

DISCORD_KEYS: dict[str, frozenset[str]] = {
    # answers and declines
    "quote": frozenset(),
    "declined_title": frozenset(),
    "did_you_mean": frozenset(),
    "try_help": frozenset({"help"}),
    "full_quote": frozenset(),
    "empty_question": frozenset({"help"}),
    # notices and errors shown to whoever asked
    "cooldown": frozenset({"seconds"}),
    "not_curator_guild": frozenset(),
    "not_moderator": frozenset(),
    "server_only": frozenset(),
    "not_allowed": frozenset(),
    "bad_value": frozenset({"value"}),
    "went_wrong": frozenset(),
    # /tie
    "unknown_tie": frozenset({"typed", "ties"}),
    "tie_heading": frozenset({"competition", "round", "season", "teams"}),
    "versus": frozenset(),
    "first_leg": frozenset(),
    "second_leg": frozenset(),
    "leg_played": frozenset({"home", "score", "away"}),
    "leg_not_played": frozenset({"home", "away"}),
    "leg_where": frozenset({"venue", "date"}),
    "venue_unknown": frozenset(),
    "date_unknown": frozenset(),
    "key_facts": frozenset(),
    "predictions": frozenset(),
    "quotes_hint": frozenset({"count", "quote", "ask"}),
    # /quote
    "unknown_person": frozenset({"typed", "names"}),
    "said_title": frozenset({"name"}),
    "said_title_role": frozenset({"name", "role"}),
    "said_nothing": frozenset({"name"}),
    # /help
    "help_title": frozenset(),
    "help_intro": frozenset({"ties"}),
    "help_ask": frozenset(),
    "help_tie": frozenset(),
    "help_quote": frozenset(),
    "help_chat_name": frozenset(),
    "help_chat": frozenset(),
    "help_examples_name": frozenset(),
    "help_examples": frozenset(),
    "help_moderators": frozenset({"commands"}),
}
"""The texts the Discord layer says, and the slots each may use: every language file has them all."""

Issue = tuple[str | None, str | None, str]


class _Section(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True)


class OptionText(_Section):
    """A slash command option's name and description in one language."""

    name: str
    description: str


class CommandText(_Section):
    """A slash command's (or group's, or subcommand's) name and description in one language, and its options'."""

    name: str
    description: str
    options: dict[str, OptionText] = {}


def check_discord_texts(texts: Mapping[str, str]) -> list[Issue]:
    """Every text the Discord layer says is there, no other, and each names only the slots it is given."""
    issues: list[Issue] = []
    for key in sorted(DISCORD_KEYS.keys() - texts.keys()):
        issues.append(("discord", key, "missing: the bot says this on Discord"))
    for key, text in texts.items():
        if key not in DISCORD_KEYS:
            issues.append(("discord", key, f"not a text the bot says on Discord (known: {', '.join(DISCORD_KEYS)})"))
            continue
        try:
            names = {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError as exc:
            issues.append(("discord", key, f"cannot be read as a template: {exc}"))
            continue
        unknown = sorted(names - DISCORD_KEYS[key])
        if unknown or "" in names:
            slots = ", ".join(f"{{{s}}}" for s in sorted(DISCORD_KEYS[key])) or "none"
            issues.append(("discord", key, f"names {{{(unknown or [''])[0]}}}; this text's slots are {slots}"))
    return issues


def check_discord_locales(locales: list[str]) -> list[Issue]:
    """A Discord client language listed once."""
    seen: set[str] = set()
    issues: list[Issue] = []
    for locale in locales:
        if locale in seen:
            issues.append(("discord_locales", locale, "listed twice"))
        seen.add(locale)
    return issues


def _name_problem(name: str) -> str | None:
    if not COMMAND_NAME.match(name):
        return f"'{name}' is not a Discord command name (1-32 letters, digits, - or _, no spaces)"
    if name != name.lower():
        return f"'{name}' must be lowercase (Discord refuses capitals in command names)"
    return None


def _description_problem(description: str) -> str | None:
    if not 1 <= len(description) <= COMMAND_DESCRIPTION_MAX:
        return f"must be 1-{COMMAND_DESCRIPTION_MAX} characters (Discord's limit), not {len(description)}"
    return None


def _text_problems(where: str, name: str, description: str) -> list[Issue]:
    """A command's or an option's localized name and description, as Discord checks them."""
    found = [("name", _name_problem(name)), ("description", _description_problem(description))]
    return [("commands", f"{where}.{field}", problem) for field, problem in found if problem]


def check_commands(commands: Mapping[str, CommandText]) -> list[Issue]:
    """Names and descriptions Discord accepts, keyed by English names, and no two siblings named alike.

    A key is the command's English qualified name ("ask", "facts explain"); an option's key its
    English name. Two options of one command sharing a name in a language make Discord refuse the
    sync, and two commands (or two subcommands of one group) named alike leave that language's
    clients guessing, so both are checked here rather than found at start.
    """
    issues: list[Issue] = []
    siblings: dict[str, dict[str, str]] = {}
    for key, command in commands.items():
        words = key.split(" ")
        bad_key = len(words) > COMMAND_KEY_WORDS or any(_name_problem(w) for w in words)
        if bad_key:
            issues.append(("commands", key, "not a command's English name ('ask', or a group and a subcommand: "
                                            "'facts explain')"))
            continue
        issues += _text_problems(key, command.name, command.description)
        parent = " ".join(words[:-1])
        other = siblings.setdefault(parent, {}).setdefault(command.name, key)
        if other != key:
            issues.append(("commands", f"{key}.name", f"'{command.name}' also names '{other}' in this language"))
        names: dict[str, str] = {}
        for option_key, option in command.options.items():
            where = f"{key}.options.{option_key}"
            if _name_problem(option_key):
                issues.append(("commands", where, "not an option's English name"))
                continue
            issues += _text_problems(where, option.name, option.description)
            first = names.setdefault(option.name, option_key)
            if first != option_key:
                issues.append(("commands", f"{where}.name", f"'{option.name}' also names the option '{first}'"))
    return issues

"""Discord's documented limits, checked on what the bot sends.

The OpenAPI schema catches wrong shapes; these checks catch what Discord rejects although the
shape is fine (an empty message, 6,001 characters across embeds, a duplicated custom_id, a command
name in capitals...). Every function returns a list of ``(json path, problem)`` pairs, empty when
the payload is acceptable, so the REST layer can answer with Discord's ``Invalid Form Body``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

Problems = list[tuple[str, str]]

MAX_CONTENT = 2000
MAX_EMBEDS = 10
MAX_EMBED_TITLE = 256
MAX_EMBED_DESCRIPTION = 4096
MAX_EMBED_FIELDS = 25
MAX_FIELD_NAME = 256
MAX_FIELD_VALUE = 1024
MAX_FOOTER = 2048
MAX_AUTHOR_NAME = 256
MAX_EMBEDS_TOTAL = 6000
MAX_ACTION_ROWS = 5
MAX_ROW_COMPONENTS = 5
MAX_V2_COMPONENTS = 40
MAX_CUSTOM_ID = 100
MAX_BUTTON_LABEL = 80
MAX_SELECT_OPTIONS = 25
MAX_CHOICES = 25
MAX_CHOICE_NAME = 100
MAX_CHOICE_STRING_VALUE = 100
MAX_MODAL_TITLE = 45
MAX_MODAL_COMPONENTS = 5
MAX_TEXT_INPUT_LABEL = 45
MAX_LABEL_DESCRIPTION = 100
MAX_TEXT_INPUT_LENGTH = 4000
MAX_COMMANDS_PER_TYPE = {1: 100, 2: 15, 3: 15}
MAX_COMMAND_OPTIONS = 25
MAX_COMMAND_DESCRIPTION = 100
MAX_COMMAND_CHARACTERS = 8000

CHAT_INPUT_NAME = re.compile(r"^[-_\w]{1,32}$")
"""Discord's name rule for slash commands and options (``\\w`` is Unicode-aware, as Discord's is)."""
LOCALES = frozenset({
    "id", "da", "de", "en-GB", "en-US", "es-ES", "es-419", "fr", "hr", "it", "lt", "hu", "nl", "no", "pl",
    "pt-BR", "ro", "fi", "sv-SE", "vi", "tr", "cs", "el", "bg", "ru", "uk", "hi", "th", "zh-CN", "ja", "zh-TW",
    "ko", "he", "ar",
})
"""The locales Discord knows (its ``AvailableLocalesEnum``): the only keys a ``*_localizations`` map may have."""

BUTTON = 2
LINK_STYLE = 5
PREMIUM_STYLE = 6
SELECT_TYPES = {3, 5, 6, 7, 8}
ACTION_ROW = 1
SECTION = 9
TEXT_DISPLAY = 10
THUMBNAIL = 11
CONTAINER = 17
TEXT_INPUT = 4
LABEL = 18
SUBCOMMAND = 1
SUBCOMMAND_GROUP = 2
STRING = 3
INTEGER = 4
NUMBER = 10


def _length(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _too_long(problems: Problems, path: str, value: Any, limit: int, what: str) -> None:
    if isinstance(value, str) and len(value) > limit:
        problems.append((path, f"{what} must be {limit} or fewer in length (got {len(value)})"))


def check_message(body: dict[str, Any], *, has_files: bool = False, creating: bool = True) -> Problems:
    """Check a message create/edit body: content, embeds and components.

    ``creating`` adds Discord's "Cannot send an empty message" rule, which only applies to new
    messages (an edit may leave content out).
    """
    problems: Problems = []
    content = body.get("content")
    if isinstance(content, str) and len(content) > MAX_CONTENT:
        problems.append(("content", f"Must be {MAX_CONTENT} or fewer in length (got {len(content)})"))
    problems += check_embeds(body.get("embeds"))
    problems += check_components(body.get("components"), flags=int(body.get("flags") or 0))
    if creating and is_empty_message(body, has_files=has_files):
        problems.append(("", "Cannot send an empty message: it needs content, embeds, components, a poll or files"))
    return problems


def is_empty_message(body: dict[str, Any], *, has_files: bool = False) -> bool:
    """Whether a message body has nothing Discord would display."""
    return not (
        body.get("content")
        or body.get("embeds")
        or body.get("components")
        or body.get("attachments")
        or body.get("sticker_ids")
        or body.get("poll")
        or has_files
    )


def check_embeds(embeds: Any) -> Problems:
    """Check embed counts and every per-field and total length limit."""
    problems: Problems = []
    if not isinstance(embeds, list):
        return problems
    if len(embeds) > MAX_EMBEDS:
        problems.append(("embeds", f"Must be {MAX_EMBEDS} or fewer in length (got {len(embeds)})"))
    total = 0
    for index, embed in enumerate(embeds):
        if not isinstance(embed, dict):
            continue
        path = f"embeds.{index}"
        _too_long(problems, f"{path}.title", embed.get("title"), MAX_EMBED_TITLE, "title")
        _too_long(problems, f"{path}.description", embed.get("description"), MAX_EMBED_DESCRIPTION, "description")
        total += _length(embed.get("title")) + _length(embed.get("description"))
        footer = embed.get("footer") or {}
        _too_long(problems, f"{path}.footer.text", footer.get("text"), MAX_FOOTER, "footer text")
        total += _length(footer.get("text"))
        author = embed.get("author") or {}
        _too_long(problems, f"{path}.author.name", author.get("name"), MAX_AUTHOR_NAME, "author name")
        total += _length(author.get("name"))
        fields = embed.get("fields") or []
        if len(fields) > MAX_EMBED_FIELDS:
            problems.append((f"{path}.fields", f"Must be {MAX_EMBED_FIELDS} or fewer in length (got {len(fields)})"))
        for f_index, item in enumerate(fields):
            f_path = f"{path}.fields.{f_index}"
            name, value = item.get("name"), item.get("value")
            if not name:
                problems.append((f"{f_path}.name", "field name is required"))
            if not value:
                problems.append((f"{f_path}.value", "field value is required"))
            _too_long(problems, f"{f_path}.name", name, MAX_FIELD_NAME, "field name")
            _too_long(problems, f"{f_path}.value", value, MAX_FIELD_VALUE, "field value")
            total += _length(name) + _length(value)
    if total > MAX_EMBEDS_TOTAL:
        problems.append(("embeds", f"Embed size exceeds maximum size of {MAX_EMBEDS_TOTAL} (got {total})"))
    return problems


def iter_components(components: Iterable[Any]) -> Iterator[dict[str, Any]]:
    """Yield every component, depth first, through rows, sections, containers and labels."""
    for component in components or []:
        if not isinstance(component, dict):
            continue
        yield component
        yield from iter_components(component.get("components") or [])
        for key in ("accessory", "component"):
            if isinstance(component.get(key), dict):
                yield from iter_components([component[key]])


def check_components(components: Any, *, flags: int = 0) -> Problems:
    """Check message components: row counts, custom_id and label lengths, unique custom_ids."""
    problems: Problems = []
    if not isinstance(components, list):
        return problems
    components_v2 = bool(flags & (1 << 15))
    if components_v2:
        count = sum(1 for _ in iter_components(components))
        if count > MAX_V2_COMPONENTS:
            problems.append(("components", f"at most {MAX_V2_COMPONENTS} components in total (got {count})"))
    else:
        if len(components) > MAX_ACTION_ROWS:
            problems.append(("components", f"Must be {MAX_ACTION_ROWS} or fewer in length (got {len(components)})"))
        for index, row in enumerate(components):
            if not isinstance(row, dict):
                continue
            if row.get("type") != ACTION_ROW:
                problems.append((f"components.{index}.type", "top-level components must be action rows (type 1)"))
                continue
            children = row.get("components") or []
            if not children:
                problems.append((f"components.{index}.components", "an action row needs at least one component"))
            if len(children) > MAX_ROW_COMPONENTS:
                problems.append((f"components.{index}.components", f"Must be {MAX_ROW_COMPONENTS} or fewer in length"))
            if any(c.get("type") in SELECT_TYPES for c in children) and len(children) > 1:
                problems.append((f"components.{index}.components", "a select menu must be alone in its row"))
    seen: set[str] = set()
    for component in iter_components(components):
        problems += _check_interactive(component, seen)
    return problems


def _check_interactive(component: dict[str, Any], seen: set[str]) -> Problems:
    problems: Problems = []
    kind = component.get("type")
    custom_id = component.get("custom_id")
    where = f"component {custom_id or component.get('url') or kind}"
    if isinstance(custom_id, str):
        if not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
            problems.append((where, f"custom_id must be 1-{MAX_CUSTOM_ID} characters (got {len(custom_id)})"))
        if custom_id in seen:
            problems.append((where, f"custom_id {custom_id!r} is used twice; Discord requires unique custom_ids"))
        seen.add(custom_id)
    if kind == BUTTON:
        style = component.get("style")
        label = component.get("label")
        _too_long(problems, where, label, MAX_BUTTON_LABEL, "button label")
        if style == LINK_STYLE:
            if not component.get("url") or custom_id:
                problems.append((where, "a link button needs a url and no custom_id"))
        elif style != PREMIUM_STYLE and not custom_id:
            problems.append((where, "a non-link button needs a custom_id"))
        if style != PREMIUM_STYLE and not label and not component.get("emoji"):
            problems.append((where, "a button needs a label or an emoji"))
    elif kind in SELECT_TYPES:
        if not custom_id:
            problems.append((where, "a select menu needs a custom_id"))
        options = component.get("options") or []
        if kind == 3 and not 1 <= len(options) <= MAX_SELECT_OPTIONS:
            problems.append((where, f"a string select needs 1-{MAX_SELECT_OPTIONS} options (got {len(options)})"))
        _too_long(problems, where, component.get("placeholder"), 150, "placeholder")
        for option in options:
            _too_long(problems, where, option.get("label"), 100, "option label")
            _too_long(problems, where, option.get("value"), 100, "option value")
            _too_long(problems, where, option.get("description"), 100, "option description")
    return problems


def check_modal(data: Any) -> Problems:
    """Check a modal (callback type 9): title, custom_ids, labels and text input bounds."""
    problems: Problems = []
    if not isinstance(data, dict):
        return [("data", "a modal needs data")]
    title = data.get("title") or ""
    if not 1 <= len(title) <= MAX_MODAL_TITLE:
        problems.append(("data.title", f"modal title must be 1-{MAX_MODAL_TITLE} characters (got {len(title)})"))
    custom_id = data.get("custom_id") or ""
    if not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        problems.append(("data.custom_id", f"custom_id must be 1-{MAX_CUSTOM_ID} characters"))
    components = data.get("components") or []
    if not 1 <= len(components) <= MAX_MODAL_COMPONENTS:
        count = len(components)
        problems.append(("data.components", f"a modal needs 1-{MAX_MODAL_COMPONENTS} components (got {count})"))
    seen: set[str] = set()
    for component in iter_components(components):
        kind = component.get("type")
        if kind == LABEL:
            label = component.get("label") or ""
            if not 1 <= len(label) <= MAX_TEXT_INPUT_LABEL:
                problems.append(("data.components", f"label must be 1-{MAX_TEXT_INPUT_LABEL} characters: {label!r}"))
            _too_long(problems, "data.components", component.get("description"), MAX_LABEL_DESCRIPTION, "description")
        elif kind == TEXT_INPUT:
            problems += _check_text_input(component, seen)
    return problems


def _check_text_input(component: dict[str, Any], seen: set[str]) -> Problems:
    problems: Problems = []
    custom_id = component.get("custom_id") or ""
    where = f"data.components.{custom_id or '?'}"
    if not 1 <= len(custom_id) <= MAX_CUSTOM_ID:
        problems.append((where, f"custom_id must be 1-{MAX_CUSTOM_ID} characters"))
    if custom_id in seen:
        problems.append((where, f"custom_id {custom_id!r} is used twice"))
    seen.add(custom_id)
    _too_long(problems, where, component.get("label"), MAX_TEXT_INPUT_LABEL, "text input label")
    _too_long(problems, where, component.get("placeholder"), 100, "placeholder")
    _too_long(problems, where, component.get("value"), MAX_TEXT_INPUT_LENGTH, "value")
    low, high = component.get("min_length"), component.get("max_length")
    if low is not None and not 0 <= low <= MAX_TEXT_INPUT_LENGTH:
        problems.append((where, f"min_length must be 0-{MAX_TEXT_INPUT_LENGTH}"))
    if high is not None and not 1 <= high <= MAX_TEXT_INPUT_LENGTH:
        problems.append((where, f"max_length must be 1-{MAX_TEXT_INPUT_LENGTH}"))
    if low is not None and high is not None and low > high:
        problems.append((where, "min_length is greater than max_length"))
    return problems


def check_autocomplete(data: Any, option_type: int | None) -> Problems:
    """Check autocomplete choices (callback type 8): at most 25, names and values in bounds and typed."""
    if not isinstance(data, dict) or not isinstance(data.get("choices"), list):
        return [("data.choices", "autocomplete results need a choices list")]
    return _check_choices(data["choices"], option_type, "data.choices")


def _check_choices(choices: list[Any], option_type: int | None, path: str) -> Problems:
    problems: Problems = []
    if len(choices) > MAX_CHOICES:
        problems.append((path, f"Must be {MAX_CHOICES} or fewer in length (got {len(choices)})"))
    for index, choice in enumerate(choices):
        c_path = f"{path}.{index}"
        name = choice.get("name") if isinstance(choice, dict) else None
        if not isinstance(name, str) or not 1 <= len(name) <= MAX_CHOICE_NAME:
            problems.append((f"{c_path}.name", f"choice name must be 1-{MAX_CHOICE_NAME} characters"))
        value = choice.get("value") if isinstance(choice, dict) else None
        if option_type == STRING:
            if not isinstance(value, str):
                problems.append((f"{c_path}.value", "a string option's choice value must be a string"))
            else:
                _too_long(problems, f"{c_path}.value", value, MAX_CHOICE_STRING_VALUE, "choice value")
        elif option_type == INTEGER and (not isinstance(value, int) or isinstance(value, bool)):
            problems.append((f"{c_path}.value", "an integer option's choice value must be an integer"))
        elif option_type == NUMBER and (not isinstance(value, int | float) or isinstance(value, bool)):
            problems.append((f"{c_path}.value", "a number option's choice value must be a number"))
    return problems


def check_commands(commands: Any) -> Problems:
    """Check a bulk command overwrite: names, descriptions, options, choices and counts."""
    if not isinstance(commands, list):
        return [("", "expected a list of commands")]
    problems: Problems = []
    per_type: dict[int, int] = {}
    names: set[tuple[str, int]] = set()
    for index, command in enumerate(commands):
        if not isinstance(command, dict):
            continue
        kind = int(command.get("type") or 1)
        per_type[kind] = per_type.get(kind, 0) + 1
        key = (str(command.get("name")), kind)
        if key in names:
            problems.append((f"{index}.name", f"two commands of type {kind} are named {key[0]!r}"))
        names.add(key)
        problems += [(f"{index}.{path}".rstrip("."), msg) for path, msg in check_command(command)]
    for kind, count in per_type.items():
        limit = MAX_COMMANDS_PER_TYPE.get(kind)
        if limit is not None and count > limit:
            problems.append(("", f"at most {limit} commands of type {kind} (got {count})"))
    return problems


def check_command(command: dict[str, Any]) -> Problems:
    """Check one command definition."""
    problems: Problems = []
    kind = int(command.get("type") or 1)
    name = command.get("name")
    description = command.get("description") or ""
    if kind == 1:
        problems += _check_name(name, "name")
        if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
            problems.append(("description", f"description must be 1-{MAX_COMMAND_DESCRIPTION} characters"))
        problems += _check_localizations(command, "")
        problems += _check_options(command.get("options") or [], "options", depth=0)
    else:
        if not isinstance(name, str) or not 1 <= len(name) <= 32:
            problems.append(("name", "context menu names must be 1-32 characters"))
        if description or command.get("options"):
            problems.append(("", "context menu commands take no description or options"))
    total = _character_count(command)
    if total > MAX_COMMAND_CHARACTERS:
        problems.append(("", f"names, descriptions and choice values total {total} > {MAX_COMMAND_CHARACTERS}"))
    return problems


def _check_localizations(item: dict[str, Any], path: str, *, names: bool = True) -> Problems:
    """A command's, option's or choice's ``name_localizations`` and ``description_localizations``.

    Keys are Discord locales; a localized name obeys the rule of the name it replaces (``names``
    False for a choice, whose name is free text), a localized description 1-100 characters.
    """
    problems: Problems = []
    for field_name in ("name_localizations", "description_localizations"):
        values = item.get(field_name)
        where = f"{path}{field_name}"
        if values is None:
            continue
        if not isinstance(values, dict):
            problems.append((where, "must be an object of locale to string"))
            continue
        for locale, text in values.items():
            at = f"{where}.{locale}"
            if locale not in LOCALES:
                problems.append((at, f"{locale!r} is not a valid locale"))
                continue
            if field_name == "description_localizations":
                limit, what = MAX_COMMAND_DESCRIPTION, "description"
            elif names:
                problems += _check_name(text, at)
                continue
            else:
                limit, what = MAX_CHOICE_NAME, "choice name"
            if not (isinstance(text, str) and 1 <= len(text) <= limit):
                problems.append((at, f"{what} must be 1-{limit} characters"))
    return problems


def _localized_names(options: list[Any]) -> Problems:
    """Two options of one command may not share a name in any locale (a localized name, or the default one)."""
    problems: Problems = []
    for locale in sorted({loc for o in options if isinstance(o, dict) for loc in (o.get("name_localizations") or {})}):
        seen: dict[str, int] = {}
        for index, option in enumerate(options):
            if not isinstance(option, dict):
                continue
            shown = (option.get("name_localizations") or {}).get(locale, option.get("name"))
            first = seen.setdefault(str(shown), index)
            if first != index:
                problems.append((f"{index}.name_localizations.{locale}",
                                 f"{shown!r} is already the {locale} name of option {first}"))
    return problems


def _check_name(name: Any, path: str) -> Problems:
    if not isinstance(name, str) or not CHAT_INPUT_NAME.match(name):
        return [(path, f"{name!r} does not match ^[-_\\w]{{1,32}}$")]
    if name != name.lower():
        return [(path, f"{name!r} must be lowercase")]
    return []


def _check_options(options: list[Any], path: str, *, depth: int) -> Problems:
    problems: Problems = [(f"{path}.{where}", message) for where, message in _localized_names(options)]
    if len(options) > MAX_COMMAND_OPTIONS:
        problems.append((path, f"Must be {MAX_COMMAND_OPTIONS} or fewer in length (got {len(options)})"))
    seen_optional = False
    names: set[str] = set()
    for index, option in enumerate(options):
        o_path = f"{path}.{index}"
        kind = option.get("type")
        problems += _check_name(option.get("name"), f"{o_path}.name")
        if option.get("name") in names:
            problems.append((f"{o_path}.name", f"duplicate option name {option.get('name')!r}"))
        names.add(option.get("name"))
        description = option.get("description") or ""
        if not 1 <= len(description) <= MAX_COMMAND_DESCRIPTION:
            problems.append((f"{o_path}.description", f"description must be 1-{MAX_COMMAND_DESCRIPTION} characters"))
        problems += _check_localizations(option, f"{o_path}.")
        for choice_index, choice in enumerate(option.get("choices") or []):
            if isinstance(choice, dict):
                problems += _check_localizations(choice, f"{o_path}.choices.{choice_index}.", names=False)
        if kind in (SUBCOMMAND, SUBCOMMAND_GROUP):
            if kind == SUBCOMMAND_GROUP and depth > 0:
                problems.append((o_path, "subcommand groups cannot be nested"))
            if kind == SUBCOMMAND and depth > 1:
                problems.append((o_path, "subcommands can only be nested in a group"))
            sub = option.get("options") or []
            if kind == SUBCOMMAND_GROUP and any(o.get("type") != SUBCOMMAND for o in sub):
                problems.append((o_path, "a subcommand group may only contain subcommands"))
            problems += _check_options(sub, f"{o_path}.options", depth=depth + 1)
            continue
        if any(o.get("type") in (SUBCOMMAND, SUBCOMMAND_GROUP) for o in options):
            problems.append((o_path, "subcommands cannot be mixed with other options"))
        if option.get("required"):
            if seen_optional:
                problems.append((o_path, "required options must come before optional ones"))
        else:
            seen_optional = True
        choices = option.get("choices")
        if choices:
            if option.get("autocomplete"):
                problems.append((o_path, "autocomplete and choices are mutually exclusive"))
            problems += _check_choices(choices, kind, f"{o_path}.choices")
    return problems


def _longest(item: dict[str, Any], field_name: str) -> int:
    """Discord counts the longest of a field's default and its localizations towards the 8,000 characters."""
    localized = item.get(f"{field_name}_localizations")
    values = list(localized.values()) if isinstance(localized, dict) else []
    return max([_length(item.get(field_name)), *(_length(v) for v in values)])


def _character_count(command: dict[str, Any]) -> int:
    total = _longest(command, "name") + _longest(command, "description")
    for option in command.get("options") or []:
        total += _character_count(option)
        for choice in option.get("choices") or []:
            total += _longest(choice, "name") + len(str(choice.get("value", "")))
    return total

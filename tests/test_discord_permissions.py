"""The /facts gate, for every subcommand the bot synced: no fan and no DM gets past the bot itself.

Subcommands are read from the command tree the fake server received, not listed here, so any
added later (drafts, approve, reject...) is covered the day it is synced. The interactions are
sent the way Discord's client would never send them (the command hidden by
`default_member_permissions`, or a guild command used in a DM), because hiding is not the gate.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, embed_text, is_ephemeral

SUB_COMMAND, SUB_COMMAND_GROUP = 1, 2
STRING, INTEGER, BOOLEAN, USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 3, 4, 5, 6, 7, 8, 9, 10, 11
EXISTING_FACT = "atletico-2020-round"
"""A real fact id: were the gate broken, /facts remove would really remove it, and the test would see."""
MODAL = 9


def folder_snapshot(root: Path) -> dict[str, str]:
    """Every file under the knowledge folder (facts, audit log, lock...) by content hash.

    The knowledge cache (`.cache/`) is left out: it is derived from the files, and SQLite touches its
    shared-memory file whenever the bot reads a fact, whoever asked.
    """
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and p.relative_to(root).parts[0] != ".cache"}


def subcommands(command: dict[str, Any], prefix: str = "") -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """Each invocable path under a synced command (e.g. "facts show") with its option definitions."""
    name = f"{prefix} {command['name']}".strip()
    options = command.get("options") or []
    nested = [o for o in options if o["type"] in (SUB_COMMAND, SUB_COMMAND_GROUP)]
    if not nested:
        yield name, options
    for option in nested:
        yield from subcommands(option, name)


def option_value(definition: dict[str, Any], world: World) -> Any:
    """A valid value for any option type, pointing at real things where it could do damage."""
    kind = definition["type"]
    if definition.get("choices"):
        return definition["choices"][0]["value"]
    if kind == STRING:
        low, high = definition.get("min_length", 0), definition.get("max_length", 6000)
        return EXISTING_FACT[:high].ljust(low, "x")
    if kind in (INTEGER, NUMBER):
        return definition.get("min_value", 1)
    if kind == BOOLEAN:
        return True
    if kind in (USER, MENTIONABLE):
        return world.manager.id
    if kind == CHANNEL:
        return world.general.id
    if kind == ROLE:
        return world.mod_role.id
    if kind == ATTACHMENT:
        return {"filename": "facts.yaml", "content": b"facts: []\n", "content_type": "text/yaml"}
    raise AssertionError(f"option type {kind} of {definition['name']!r} has no test value yet")


def facts_subcommands(server: FakeDiscord, world: World) -> list[tuple[str, list[dict[str, Any]]]]:
    [group] = [c for c in server.commands(world.guild.id) if c["name"] == "facts"]
    found = list(subcommands(group))
    assert len(found) >= 7, f"expected at least the seven /facts subcommands, got {[n for n, _ in found]}"
    return found


async def test_every_facts_subcommand_refuses_a_fan_even_when_discord_lets_it_through(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    before = folder_snapshot(knowledge_dir)
    facts_before = set(bot.engine.knowledge.facts)
    for name, definitions in facts_subcommands(server, world):
        options = {d["name"]: option_value(d, world) for d in definitions}
        handle = await server.invoke_command(name, options, user=world.fan, channel_id=world.general.id,
                                             bypass_client=True)
        response = await handle.wait_response()
        assert response.type != MODAL, f"/{name} opened its form for a fan"
        message = await handle.wait_final()
        assert is_ephemeral(message), f"/{name}: the refusal was public"
        assert "only moderators" in embed_text(message), f"/{name} did not refuse a fan: {embed_text(message)!r}"
        for definition in definitions:
            if definition.get("autocomplete"):
                typed = {**options, definition["name"]: "klopp"}
                suggestions = await server.autocomplete(name, typed, definition["name"], user=world.fan,
                                                        channel_id=world.general.id, bypass_client=True)
                assert (await suggestions.wait_response()).choices == [], f"/{name} suggested facts to a fan"
    assert folder_snapshot(knowledge_dir) == before
    assert set(bot.engine.knowledge.facts) == facts_before


async def test_no_facts_subcommand_works_in_a_dm_even_for_a_server_manager(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    [group] = [c for c in server.commands(world.guild.id) if c["name"] == "facts"]
    assert group.get("contexts") == [0] or group.get("dm_permission") is False  # guild-only in the client too
    before = folder_snapshot(knowledge_dir)
    dm = server.open_dm(world.manager)
    for name, definitions in facts_subcommands(server, world):
        options = {d["name"]: option_value(d, world) for d in definitions}
        handle = await server.invoke_command(name, options, user=world.manager, channel_id=dm.id,
                                             bypass_client=True)
        response = await handle.wait_response()
        assert response.type != MODAL, f"/{name} opened its form in a DM"
        message = await handle.wait_final()
        assert "only works in a server" in embed_text(message), f"/{name} in a DM: {embed_text(message)!r}"
        for definition in definitions:
            if definition.get("autocomplete"):
                typed = {**options, definition["name"]: "klopp"}
                suggestions = await server.autocomplete(name, typed, definition["name"], user=world.manager,
                                                        channel_id=dm.id, bypass_client=True)
                assert (await suggestions.wait_response()).choices == [], f"/{name} suggested facts in a DM"
    assert folder_snapshot(knowledge_dir) == before


async def test_moderators_still_pass_the_gate(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    """The gate is not simply closed: the role holder and the server manager both get suggestions."""
    for user in (world.mod, world.manager):
        handle = await server.autocomplete("facts show", {"id": "klopp"}, "id", user=user,
                                           channel_id=world.general.id, bypass_client=True)
        assert (await handle.wait_response()).choices

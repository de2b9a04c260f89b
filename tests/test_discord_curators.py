"""Who may change the facts every server is served: moderators of CURATOR_GUILD_IDS, nobody else.

The bot runs here as in production (no DEV_GUILD_IDS: fans' commands are global) in two servers:
the curators' server (`world.guild`) and another server that invited the bot, whose admin has
Manage Server there. /facts must be registered only in the curators' server, and anything
/facts-shaped arriving from elsewhere (every synced subcommand, its autocomplete, a form submit,
a button) must be refused by the bot itself with nothing changed. Subcommands are read from what
the bot synced, so one added later is covered the day it is synced.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import discord
import pytest
import pytest_asyncio

from bot.app import fact_form, review, teaching
from bot.app.checks import CuratorModal, CuratorView
from bot.app.client import TiesBot
from bot.app.cogs import facts as facts_cog
from fakediscord import MANAGE_GUILD, Channel, CommandNotSynced, FakeDiscord, Guild, User
from tests.conftest import StartBot, World, buttons, embed_text, is_ephemeral, modal_values
from tests.test_discord_permissions import MODAL, folder_snapshot, option_value, subcommands

FANS_COMMANDS = {"ask", "tie", "quote", "help"}
REFUSED_ELSEWHERE = "curated from another server"
NEW_ID = "klopp-2021-famous-night"
NEW_FACT = {
    "fact-answer": "Jürgen Klopp was hoping for another famous night at Anfield against Real Madrid.",
    "fact-answer-es": "Jürgen Klopp esperaba otra noche histórica en Anfield contra el Real Madrid.",
    "fact-evidence": "Jurgen Klopp hoping for another famous night at Anfield",
    "fact-details": f"id: {NEW_ID}\ntie: liverpool-real-madrid-2021\nintent: context\n"
                    "entities: jurgen-klopp, anfield\nkeywords: famous night",
}
DECLINED = "What did Salah have for breakfast?"


@dataclass
class Elsewhere:
    """Another server that invited the bot: its admin is a stranger to the curators, and the
    curators' own server manager is a member there too (with Manage Server)."""

    guild: Guild
    general: Channel
    admin: User


@pytest.fixture
def elsewhere(server: FakeDiscord, world: World) -> Elsewhere:
    guild = server.add_guild(name="Some Other Server")
    general = server.add_text_channel(guild.id, name="general")
    admin = server.add_user(name="other-admin")
    server.add_member(guild.id, admin, permissions=MANAGE_GUILD | (1 << 10) | (1 << 11) | (1 << 31))
    server.add_member(guild.id, world.manager, permissions=MANAGE_GUILD | (1 << 10) | (1 << 11) | (1 << 31))
    server.add_member(guild.id, world.fan)
    return Elsewhere(guild, general, admin)


@pytest_asyncio.fixture
async def bot(start: StartBot, elsewhere: Elsewhere) -> TiesBot:
    """As deployed: fans' commands global, /facts for the curators' server (conftest sets it) only."""
    return await start(dev_guild_ids=[])


def names(commands: list[dict[str, Any]]) -> set[str]:
    return {c["name"] for c in commands}


def facts_paths(server: FakeDiscord, world: World) -> list[tuple[str, list[dict[str, Any]]]]:
    """Every /facts subcommand as synced to the curators' server, with its option definitions."""
    [group] = [c for c in server.commands(world.guild.id) if c["name"] == "facts"]
    found = list(subcommands(group))
    assert len(found) >= 12, f"expected every /facts subcommand, got {[n for n, _ in found]}"
    return found


def audit_entries(knowledge_dir: Path) -> list[dict[str, Any]]:
    path = knowledge_dir / "audit.jsonl"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()] if path.exists() else []


# --- where /facts is registered ---------------------------------------------------------------------
async def test_facts_is_a_guild_command_of_the_curators_server_only(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, bot: TiesBot
) -> None:
    assert names(server.commands()) == FANS_COMMANDS  # global: every server gets these, never /facts
    assert names(server.commands(world.guild.id)) == {"facts"}
    assert server.commands(elsewhere.guild.id) == []
    for request in server.requests_to("PUT", "/applications/{application_id}/commands"):
        assert "facts" not in {c["name"] for c in request.json}, "/facts was sent to Discord's global list"
    [facts] = server.commands(world.guild.id)
    assert facts["guild_id"] == str(world.guild.id) and facts["default_member_permissions"] == "32"


async def test_with_dev_guilds_facts_still_goes_only_to_the_curators_server(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, start: StartBot
) -> None:
    await start(dev_guild_ids=[elsewhere.guild.id])
    assert server.commands() == []
    assert names(server.commands(elsewhere.guild.id)) == FANS_COMMANDS
    assert names(server.commands(world.guild.id)) == {"facts"}


@pytest.mark.parametrize("dev_guilds", [False, True], ids=["global", "dev-guild"])
async def test_without_a_curator_server_facts_is_registered_nowhere_and_start_up_says_how(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, start: StartBot, caplog: pytest.LogCaptureFixture,
    dev_guilds: bool
) -> None:
    with caplog.at_level(logging.INFO):
        bot = await start(curator_guild_ids=[], dev_guild_ids=[world.guild.id] if dev_guilds else [])
    for scope in (None, world.guild.id, elsewhere.guild.id):
        assert "facts" not in names(server.commands(scope)), f"/facts synced to {scope or 'global'}"
    assert names(server.commands(world.guild.id if dev_guilds else None)) == FANS_COMMANDS
    for guild_id in (None, world.guild.id, elsewhere.guild.id):
        guild = None if guild_id is None else bot.get_guild(guild_id)
        assert bot.tree.get_command("facts", guild=guild) is None  # not even in the bot's own tree
    lines = [r.getMessage() for r in caplog.records if "CURATOR_GUILD_IDS" in r.getMessage()]
    assert len(lines) == 1, lines
    assert "/facts" in lines[0] and "off" in lines[0] and "set CURATOR_GUILD_IDS" in lines[0]


async def test_a_curator_server_the_bot_cannot_register_in_is_logged_and_fans_are_served(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, start: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    missing = 4242
    with caplog.at_level(logging.INFO):
        await start(dev_guild_ids=[], curator_guild_ids=[missing, world.guild.id])
    [line] = [r.getMessage() for r in caplog.records if r.name.startswith("bot.") and str(missing) in r.getMessage()]
    assert line.startswith("CURATOR_GUILD_IDS") and "applications.commands" in line
    [refused] = server.validation_errors  # Discord's 403 Missing Access: expected here, and the only one
    assert str(missing) in str(refused)
    server.validation_errors.clear()
    assert names(server.commands(world.guild.id)) == {"facts"}  # the other curator server still gets it
    handle = await server.invoke_command("help", user=elsewhere.admin, channel_id=elsewhere.general.id)
    assert "/ask" in embed_text(await handle.wait_final())


# --- the gate ----------------------------------------------------------------------------------------
async def test_every_facts_subcommand_and_its_autocomplete_is_refused_from_another_server(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, bot: TiesBot, knowledge_dir: Path
) -> None:
    """Their admin, and even the curators' own manager, in a server that is not a curator server."""
    before = folder_snapshot(knowledge_dir)
    facts_before = {**bot.engine.knowledge.facts, **bot.engine.knowledge.drafts}
    paths = facts_paths(server, world)
    for user in (elsewhere.admin, world.manager):
        for name, definitions in paths:
            with pytest.raises(CommandNotSynced):
                await server.invoke_command(name, {}, user=user, channel_id=elsewhere.general.id)
            options = {d["name"]: option_value(d, world) for d in definitions}
            handle = await server.invoke_command(name, options, user=user, channel_id=elsewhere.general.id,
                                                 bypass_client=True)  # names the curators' server's command
            assert handle.payload["data"]["guild_id"] == str(world.guild.id)
            response = await handle.wait_response()
            assert response.type != MODAL, f"/{name} opened its form in another server"
            message = await handle.wait_final()
            assert is_ephemeral(message), f"/{name}: the refusal was public"
            assert REFUSED_ELSEWHERE in embed_text(message), f"/{name} from elsewhere: {embed_text(message)!r}"
            for definition in definitions:
                if definition.get("autocomplete"):
                    typed = {**options, definition["name"]: "klopp"}
                    suggestions = await server.autocomplete(name, typed, definition["name"], user=user,
                                                            channel_id=elsewhere.general.id, bypass_client=True)
                    assert (await suggestions.wait_response()).choices == [], f"/{name} suggested ids elsewhere"
    assert folder_snapshot(knowledge_dir) == before
    assert {**bot.engine.knowledge.facts, **bot.engine.knowledge.drafts} == facts_before


async def test_a_forged_form_submit_and_button_click_from_another_server_change_nothing(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, bot: TiesBot, knowledge_dir: Path
) -> None:
    before = folder_snapshot(knowledge_dir)
    opened = await server.invoke_command("facts add", user=world.manager, channel_id=world.general.id)
    form = (await opened.wait_response()).modal
    assert form is not None

    # The form opened in the curators' server, submitted from the other server (same user, same custom_id).
    forged = await server.submit_modal(opened, modal_values(form, NEW_FACT), channel_id=elsewhere.general.id,
                                       bypass_client=True)
    refusal = await forged.wait_final()
    assert is_ephemeral(refusal) and REFUSED_ELSEWHERE in embed_text(refusal)
    assert folder_snapshot(knowledge_dir) == before
    assert NEW_ID not in bot.engine.knowledge.facts

    # A form with a problem gets a "Fix and try again" button; clicked from the other server, it is refused.
    bad = await server.submit_modal(opened, modal_values(form, {**NEW_FACT, "fact-details": "nonsense"}))
    offer = await bad.wait_final()
    [retry] = buttons(offer)
    click = await server.click_button(offer, retry["custom_id"], user=world.manager,
                                      channel_id=elsewhere.general.id, bypass_client=True)
    response = await click.wait_response()
    assert response.type != MODAL, "the form reopened for a click from another server"
    assert REFUSED_ELSEWHERE in embed_text(await click.wait_final())
    assert folder_snapshot(knowledge_dir) == before

    # The gate is not simply closed: in the curators' server the same button and form still work.
    again = await server.click_button(offer, retry["custom_id"], user=world.manager)
    reopened = await again.wait_response()
    assert reopened.type == MODAL and reopened.modal is not None
    saved = await server.submit_modal(again, modal_values(reopened.modal, NEW_FACT))
    assert "Added" in embed_text(await saved.wait_final())
    assert NEW_ID in bot.engine.knowledge.facts


async def test_in_the_curators_server_moderators_change_facts_and_the_audit_log_names_user_and_server(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, bot: TiesBot, knowledge_dir: Path
) -> None:
    refused = await server.invoke_command("facts remove", {"id": "atletico-2020-round"}, user=world.fan,
                                          channel_id=world.general.id, bypass_client=True)
    assert "only moderators" in embed_text(await refused.wait_final())
    assert audit_entries(knowledge_dir) == []

    for user, fact_id in ((world.mod, "atletico-2020-round"), (world.manager, "atletico-2020-lynch-prediction")):
        # The role holder lacks Manage Server: the server's admin shows them /facts (Integrations settings).
        handle = await server.invoke_command("facts remove", {"id": fact_id}, user=user, channel_id=world.general.id,
                                             bypass_client=user is world.mod)
        assert "Removed" in embed_text(await handle.wait_final())
        assert fact_id not in bot.engine.knowledge.facts
    undo = await server.invoke_command("facts undo", user=world.manager, channel_id=world.general.id)
    assert "Undone" in embed_text(await undo.wait_final())

    entries = audit_entries(knowledge_dir)
    assert [(e["action"], e["user_id"]) for e in entries] == [
        ("remove", world.mod.id), ("remove", world.manager.id), ("undo", world.manager.id)]
    for entry in entries:
        assert entry["guild_id"] == world.guild.id and entry["guild"] == world.guild.name
        assert str(entry["user_id"]) in entry["actor"]


# --- the unanswered queue ----------------------------------------------------------------------------
async def test_the_unanswered_queue_holds_fans_questions_only_and_never_who_or_where(
    server: FakeDiscord, world: World, elsewhere: Elsewhere, bot: TiesBot, knowledge_dir: Path
) -> None:
    async def ask(user: User, channel: Channel, question: str) -> None:
        handle = await server.invoke_command("ask", {"question": question}, user=user, channel_id=channel.id)
        await handle.wait_final()

    assert bot.user is not None
    await ask(world.fan, world.general, DECLINED)  # a fan in the curators' server
    await ask(elsewhere.admin, elsewhere.general, DECLINED)  # another server's admin is a fan here
    await ask(world.manager, elsewhere.general, "Who cooked for Klopp at Melwood?")  # not curating there
    sent = await server.send_message(elsewhere.general.id, author=world.fan,
                                     content=f"<@{bot.user.id}> <@{elsewhere.admin.id}> what did Salah eat for lunch?")
    await server.wait_for_message(elsewhere.general.id, after=sent)
    dm = server.open_dm(world.fan)
    sent = await server.send_message(dm.id, author=world.fan, content="Which hotel did the players sleep in?")
    await server.wait_for_message(dm.id, after=sent)
    # Curators probing their own facts, in the curators' server: not something fans found missing.
    await ask(world.manager, world.general, "How many pizzas did the squad order?")
    await ask(world.mod, world.chat, "What colour were the corner flags?")
    sent = await server.send_message(world.chat.id, author=world.mod, content="Which song did the fans sing?")
    await server.wait_for_message(world.chat.id, after=sent)

    listed = await server.invoke_command("facts unanswered", user=world.manager, channel_id=world.general.id)
    text = embed_text(await listed.wait_final())
    assert f"2×** {DECLINED}" in text
    for fan_question in ("Who cooked for Klopp at Melwood?", "what did Salah eat for lunch?",
                         "Which hotel did the players sleep in?"):
        assert fan_question in text
    for probe in ("pizzas", "corner flags", "song"):
        assert probe not in text, f"a curator's own question ({probe}) reached the queue"

    lines = [json.loads(line) for line in (knowledge_dir / "unanswered.jsonl").read_text().splitlines()]
    assert len(lines) == 5
    ids = {str(i) for i in (world.fan.id, world.manager.id, world.mod.id, elsewhere.admin.id, bot.user.id,
                            world.guild.id, elsewhere.guild.id, world.general.id, elsewhere.general.id, dm.id)}
    for line in lines:
        assert set(line) == {"at", "question", "key", "declined", "confidence", "intent"}
        assert not any(i in json.dumps(line) for i in ids), f"an id reached the unanswered queue: {line}"


def test_every_view_and_form_the_curator_modules_define_runs_the_gate() -> None:
    """A button, select or form added to the curators' modules later inherits the gate (mypy keeps
    subclasses from replacing it: `interaction_check` is final)."""
    found = []
    for module in (facts_cog, fact_form, review, teaching):
        for value in vars(module).values():
            if isinstance(value, type) and value.__module__ == module.__name__:
                if issubclass(value, discord.ui.Modal):
                    assert issubclass(value, CuratorModal), f"{value.__qualname__} skips the curator gate"
                    found.append(value)
                elif issubclass(value, discord.ui.View):
                    assert issubclass(value, CuratorView), f"{value.__qualname__} skips the curator gate"
                    found.append(value)
    assert {c.__name__ for c in found} >= {"FactForm", "RetryView", "TeachView"}

"""Start-up: the bot logs in to the local server, syncs its commands to the dev guild, and connects."""

from __future__ import annotations

from typing import Any

from bot.app.client import TiesBot
from bot.app.invite import invite_url
from fakediscord import FakeDiscord
from tests.conftest import StartBot, World, embed_text


def by_name(commands: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {c["name"]: c for c in commands}


async def test_commands_synced_to_the_dev_guild(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    assert server.commands() == []  # DEV_GUILD_IDS: nothing global
    commands = by_name(server.commands(world.guild.id))
    assert set(commands) == {"ask", "tie", "quote", "help", "facts"}
    for command in commands.values():
        assert 1 <= len(command["description"]) <= 100
    ask = commands["ask"]
    assert ask["description"].startswith("Ask about Liverpool")
    assert ask["default_member_permissions"] is None
    [question] = ask["options"]
    assert (question["name"], question["type"], question["required"]) == ("question", 3, True)
    assert "Klopp" in question["description"]
    [tie] = commands["tie"]["options"]
    assert tie["name"] == "tie" and tie["autocomplete"] is True
    [person] = commands["quote"]["options"]
    assert person["name"] == "person" and person["autocomplete"] is True

    facts = commands["facts"]
    assert facts["default_member_permissions"] == "32"  # Manage Server
    assert facts["contexts"] == [0]  # guild only
    subcommands = {o["name"]: o for o in facts["options"]}
    assert set(subcommands) >= {"reload", "status", "show", "add", "edit", "remove", "undo", "unanswered"}
    assert all(o["type"] == 1 for o in subcommands.values())
    for name in ("show", "edit", "remove"):
        [option] = subcommands[name]["options"]
        assert option["name"] == "id" and option["autocomplete"] is True


async def test_login_uses_the_configured_api_and_one_bulk_sync(server: FakeDiscord, world: World,
                                                              bot: TiesBot) -> None:
    routes = [(r.method, r.route) for r in server.requests]
    assert ("GET", "/users/@me") in routes
    assert ("GET", "/gateway/bot") in routes  # shard count asked of the API
    assert len(server.requests_to("PUT", "/applications/{application_id}/guilds/{guild_id}/commands")) == 1
    assert bot.user is not None and bot.user.id == int(server.bot_user["id"])
    assert [g.id for g in bot.guilds] == [world.guild.id]
    assert not bot.intents.members and not bot.intents.presences
    assert bot.intents.message_content  # CHAT_CHANNEL_IDS is set in these tests
    assert bot.allowed_mentions is not None and bot.allowed_mentions.to_dict() == {"parse": []}


async def test_explicit_shards_and_gateway_url(server: FakeDiscord, world: World, start: StartBot) -> None:
    bot = await start(shard_count=1, shard_ids=[0], discord_gateway_url=server.gateway_url, chat_channel_ids=[])
    assert bot.shard_count == 1
    assert not server.requests_to("GET", "/gateway/bot")  # straight to DISCORD_GATEWAY_URL
    assert not bot.intents.message_content  # privileged, and not needed without chat channels
    handle = await server.invoke_command("help", user=world.fan, channel_id=world.general.id)
    message = await handle.wait_final()
    assert "/ask" in embed_text(message)


def test_invite_url_asks_for_minimal_permissions() -> None:
    url = invite_url(1234)
    assert "client_id=1234" in url
    assert "scope=bot+applications.commands" in url
    # View Channel, Send Messages, Send Messages in Threads, Embed Links, Attach Files (the tie cards),
    # Read Message History
    assert f"permissions={(1 << 10) | (1 << 11) | (1 << 38) | (1 << 14) | (1 << 15) | (1 << 16)}" in url

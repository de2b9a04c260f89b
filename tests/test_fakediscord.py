"""End-to-end tests of fakediscord with a tiny, unmodified discord.py AutoShardedBot."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import warnings
import zlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import discord
import pytest
import pytest_asyncio
from discord import app_commands
from discord.ext import commands

from fakediscord import (
    MANAGE_GUILD,
    Channel,
    CommandNotSynced,
    FakeDiscord,
    Guild,
    InvocationRefused,
    Member,
    User,
    running_bot,
    running_fake_discord,
)
from fakediscord.openapi import default_spec_path

TOKEN = "test-token"
PNG = (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x03\x00\x00\x00\x02\x08\x02\x00\x00\x00\x12\x16\xf1M"
       b"\x00\x00\x00\x10IDATx\x9cc\xfc\xcf\x00\x05L0\x06\x03\x00\x13)\x01\x03\xf0\xd8\x07\x84"
       b"\x00\x00\x00\x00IEND\xaeB`\x82")
"""A 3×2 red PNG."""
TIES = ["Liverpool 4-0 Barcelona", "Liverpool 3-3 Milan", "Liverpool 1-0 Chelsea"]


class PingView(discord.ui.View):
    @discord.ui.button(label="Again", custom_id="ping:again")
    async def again(self, interaction: discord.Interaction, button: discord.ui.Button[PingView]) -> None:
        await interaction.response.edit_message(content=f"pong again for {interaction.user.name}", view=None)


class AskModal(discord.ui.Modal, title="Ask about a tie"):
    question: discord.ui.Label[AskModal] = discord.ui.Label(
        text="Your question",
        component=discord.ui.TextInput(custom_id="question", max_length=200),
    )

    async def on_submit(self, interaction: discord.Interaction) -> None:
        component = self.question.component
        assert isinstance(component, discord.ui.TextInput)
        await interaction.response.send_message(f"You asked: {component.value}", ephemeral=True)


class TinyBot(commands.AutoShardedBot):
    """The bot under test; ``late_errors`` collects what the too-late command got back."""

    late_errors: list[int]


def make_bot(*, guild_id: int | None = None, intents: discord.Intents | None = None, **options: Any) -> TinyBot:
    """A tiny bot using every feature the fake server must carry (plus a command for ``guild_id``)."""
    if intents is None:
        intents = discord.Intents.default()
        intents.message_content = True
    bot = TinyBot(
        command_prefix=commands.when_mentioned,
        intents=intents,
        guild_ready_timeout=0.05,
        allowed_mentions=discord.AllowedMentions.none(),
        **options,
    )
    bot.late_errors = []

    async def before_identify_hook(shard_id: int | None, *, initial: bool = False) -> None:
        """No 5-second pause between shards: there is no identify rate limit to respect here."""

    bot.before_identify_hook = before_identify_hook  # type: ignore[method-assign]

    @bot.tree.command(description="Check the bot is alive")
    async def ping(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("pong", view=PingView())

    @bot.tree.command(description="Answer after thinking")
    async def slow(interaction: discord.Interaction) -> None:
        await interaction.response.defer(thinking=True)
        await asyncio.sleep(0.05)
        await interaction.followup.send("slow answer")

    @bot.tree.command(description="Pick a tie")
    @app_commands.describe(tie="The tie")
    async def tie(interaction: discord.Interaction, tie: str) -> None:
        await interaction.response.send_message(f"You picked {tie}")

    @tie.autocomplete("tie")
    async def tie_autocomplete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [app_commands.Choice(name=t, value=t) for t in TIES if current.lower() in t.lower()]

    @bot.tree.command(description="Ask a question in a form")
    async def ask(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(AskModal())

    @bot.tree.command(description="Answers too late")
    async def late(interaction: discord.Interaction) -> None:
        await asyncio.sleep(3.2)
        try:
            await interaction.response.send_message("too late")
        except discord.NotFound as exc:
            bot.late_errors.append(exc.code)

    @bot.tree.command(description="Admins only")
    @app_commands.default_permissions(manage_guild=True)
    @app_commands.guild_only()
    async def admin(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("admin ok", ephemeral=True)

    settings = app_commands.Group(name="settings", description="Bot settings")

    @settings.command(name="show", description="Show a setting")
    async def settings_show(interaction: discord.Interaction, key: str, level: int = 1) -> None:
        await interaction.response.send_message(f"{key}={level}")

    bot.tree.add_command(settings)

    @bot.tree.command(description="Send a file")
    async def report(interaction: discord.Interaction) -> None:
        await interaction.response.send_message("report attached", file=discord.File(io.BytesIO(b"1-0"), "score.txt"))

    @bot.tree.command(description="Send a picture in an embed")
    async def picture(interaction: discord.Interaction) -> None:
        embed = discord.Embed(title="the card").set_image(url="attachment://card.png")
        await interaction.response.send_message(embed=embed, file=discord.File(io.BytesIO(PNG), "card.png"))
        await interaction.followup.send(files=[discord.File(io.BytesIO(PNG), f"more-{n}.png") for n in range(2)])

    if guild_id is not None:

        @bot.tree.command(description="Only in the test guild", guild=discord.Object(guild_id))
        async def local(interaction: discord.Interaction) -> None:
            await interaction.response.send_message("local ok")

    @bot.event
    async def on_message(message: discord.Message) -> None:
        if message.author.bot:
            return
        if message.content == "dm me":
            await message.author.send("hello in your DMs")
        elif message.content == "file please":
            async with message.channel.typing():
                await message.channel.send("here", file=discord.File(io.BytesIO(b"hello"), "hello.txt"))
        elif isinstance(message.channel, discord.DMChannel) or bot.user in message.mentions:
            await message.reply(f"you said: {message.clean_content}")

    async def setup_hook() -> None:
        await bot.tree.sync()
        if guild_id is not None:
            await bot.tree.sync(guild=discord.Object(guild_id))

    bot.setup_hook = setup_hook  # type: ignore[method-assign]
    return bot


@pytest_asyncio.fixture
async def server() -> AsyncIterator[FakeDiscord]:
    async with running_fake_discord(token=TOKEN, shards=2) as fake:
        yield fake


@dataclass
class World:
    """Two guilds (one per shard), a channel and a fan who is a member of the first guild."""

    guild: Guild
    other: Guild
    channel: Channel
    fan: User
    member: Member


@pytest_asyncio.fixture
async def world(server: FakeDiscord) -> World:
    guild = server.add_guild(name="Test Guild", shard_id=0)
    other = server.add_guild(name="Other Guild", shard_id=1)
    channel = server.add_text_channel(guild.id, name="general")
    server.add_text_channel(other.id, name="general")
    fan = server.add_user(name="fan")
    return World(guild, other, channel, fan, server.add_member(guild.id, fan))


@pytest_asyncio.fixture
async def bot(server: FakeDiscord, world: World) -> AsyncIterator[TinyBot]:
    async with running_bot(make_bot(guild_id=world.guild.id), server) as running:
        yield running
    assert server.validation_errors == []
    assert server.mention_violations() == []


async def test_login_shards_zlib_and_sync(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    assert bot.user is not None and bot.user.id == int(server.bot_user["id"])
    assert bot.application_id == server.application_id
    assert bot.shard_count == 2
    assert {g.name for g in bot.guilds} == {"Test Guild", "Other Guild"}
    sessions = server.gateway.live_sessions()
    assert sorted(s.shard_id for s in sessions) == [0, 1]
    assert all(s.connection is not None and s.connection.zlib_stream for s in sessions)
    routes = [(r.method, r.route) for r in server.requests]
    assert ("GET", "/users/@me") in routes
    assert ("GET", "/oauth2/applications/@me") in routes
    assert ("GET", "/gateway/bot") in routes
    names = {c["name"] for c in server.commands()}
    assert names == {"ping", "slow", "tie", "ask", "late", "admin", "settings", "report", "picture"}
    assert [c["name"] for c in server.commands(world.guild.id)] == ["local"]
    admin = next(c for c in server.commands() if c["name"] == "admin")
    assert admin["default_member_permissions"] == str(MANAGE_GUILD)


async def test_slash_command_and_button(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    member, guild = world.member, world.guild
    ix = await server.invoke_command("ping", user=member, guild_id=guild.id)
    response = await ix.wait_response()
    assert response.type == 4
    assert response.message is not None and response.message["content"] == "pong"
    assert response.message["components"][0]["components"][0]["custom_id"] == "ping:again"

    click = await server.click_button(response.message, "ping:again", user=member)
    update = await click.wait_response()
    assert update.type == 7
    assert ix.original is not None and ix.original["content"] == "pong again for fan"
    assert ix.original["components"] == []


async def test_deferred_command_then_followup(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    ix = await server.invoke_command("slow", user=world.member, guild_id=world.guild.id)
    assert (await ix.wait_response()).type == 5
    final = await ix.wait_final()
    assert final["content"] == "slow answer"
    assert int(final["id"]) == ix.original_id  # the followup replaced the "thinking" message
    assert len(ix.followups) == 1


async def test_autocomplete(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    ix = await server.autocomplete("tie", {"tie": "mil"}, focused="tie", user=world.member, guild_id=world.guild.id)
    response = await ix.wait_response()
    assert response.type == 8
    assert response.choices == [{"name": "Liverpool 3-3 Milan", "value": "Liverpool 3-3 Milan"}]


async def test_modal_with_label(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    ix = await server.invoke_command("ask", user=world.member, guild_id=world.guild.id)
    response = await ix.wait_response()
    assert response.type == 9 and response.modal is not None
    assert response.modal["components"][0]["type"] == 18
    submitted = await server.submit_modal(ix, {"question": "What did Klopp say?"})
    answer = await submitted.wait_final()
    assert answer["content"] == "You asked: What did Klopp say?"
    assert answer["flags"] & 64  # ephemeral
    with pytest.raises(ValueError, match="no inputs"):
        await server.submit_modal(ix, {"question": "x", "nope": "y"})


async def test_subcommand_group_options(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    guild_id = world.guild.id
    ix = await server.invoke_command("settings show", {"key": "lang", "level": 3}, user=world.member, guild_id=guild_id)
    assert (await ix.wait_final())["content"] == "lang=3"
    with pytest.raises(TypeError):
        await server.invoke_command(
            "settings", {"key": "x", "level": "3"}, subcommand="show", user=world.member, guild_id=guild_id
        )
    with pytest.raises(CommandNotSynced):
        await server.invoke_command("nosuch", user=world.member, guild_id=guild_id)


async def test_default_member_permissions(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    guild = world.guild
    with pytest.raises(InvocationRefused):
        await server.invoke_command("admin", user=world.member, guild_id=guild.id)
    mod = server.add_member(guild.id, server.add_user("mod"), permissions=MANAGE_GUILD)
    ix = await server.invoke_command("admin", user=mod, guild_id=guild.id)
    assert (await ix.wait_final())["content"] == "admin ok"
    with pytest.raises(InvocationRefused):
        await server.invoke_command("admin", user=world.fan)  # guild_only: not offered in DMs


async def test_mention_reply_and_dms(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    channel, fan = world.channel, world.fan
    sent = await server.send_message(
        channel.id, author=fan, content=f"<@{server.bot_user['id']}> what did klopp say?", mentions=[server.bot_user]
    )
    reply = await server.wait_for_message(channel_id=channel.id)
    assert reply["content"].startswith("you said:") and "what did klopp say?" in reply["content"]
    assert reply["message_reference"]["message_id"] == sent["id"]

    dm = server.open_dm(fan)
    await server.send_message(dm.id, author=fan, content="hello bot")
    assert (await server.wait_for_message(channel_id=dm.id))["content"] == "you said: hello bot"

    await server.send_message(channel.id, author=fan, content="dm me")
    assert (await server.wait_for_message(channel_id=dm.id))["content"] == "hello in your DMs"
    assert server.requests_to("POST", "/users/@me/channels")

    ix = await server.invoke_command("ping", user=fan)  # DM context: no guild
    assert ix.payload["context"] == 1 and "guild_id" not in ix.payload
    assert (await ix.wait_final())["channel_id"] == str(dm.id)


async def test_guild_command(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    guild, other = world.guild, world.other
    ix = await server.invoke_command("local", user=world.member, guild_id=guild.id)
    assert ix.payload["data"]["guild_id"] == str(guild.id)
    assert (await ix.wait_final())["content"] == "local ok"
    server.add_member(other.id, world.fan)
    with pytest.raises(CommandNotSynced):
        await server.invoke_command("local", user=world.fan, guild_id=other.id)


async def test_attachments(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    channel = world.channel
    await server.send_message(channel.id, author=world.fan, content="file please")
    message = await server.wait_for_message(channel_id=channel.id)
    assert message["content"] == "here"
    [attachment] = message["attachments"]
    assert attachment["filename"] == "hello.txt" and attachment["size"] == 5
    async with aiohttp.ClientSession() as http, http.get(attachment["url"]) as resp:
        assert await resp.read() == b"hello"
    assert server.requests_to("POST", "/channels/{channel_id}/typing")

    ix = await server.invoke_command("report", user=world.member, guild_id=world.guild.id)
    final = await ix.wait_final()
    assert final["content"] == "report attached"
    assert [a["filename"] for a in final["attachments"]] == ["score.txt"]


async def test_bots_splitting_shards(server: FakeDiscord, world: World) -> None:
    other = world.other
    fan_there = server.add_member(other.id, world.fan)
    first = make_bot(shard_ids=[0], shard_count=2)
    second = make_bot(shard_ids=[1], shard_count=2)
    async with running_bot(first, server), running_bot(second, server):
        assert [g.name for g in first.guilds] == ["Test Guild"]
        assert [g.name for g in second.guilds] == ["Other Guild"]
        ix = await server.invoke_command("ping", user=fan_there, guild_id=other.id)
        response = await ix.wait_response()
        assert response.message is not None and response.message["content"] == "pong"
    assert server.validation_errors == []


async def test_message_content_intent(server: FakeDiscord, world: World) -> None:
    seen: list[str] = []
    bot = make_bot(intents=discord.Intents.default())  # no message content intent

    @bot.listen("on_message")
    async def remember(message: discord.Message) -> None:
        seen.append(message.content)

    async with running_bot(bot, server):
        await server.send_message(world.channel.id, author=world.fan, content="secret words")
        mention = f"<@{server.bot_user['id']}> hi"
        await server.send_message(world.channel.id, author=world.fan, content=mention)
        await server.wait_for_message(channel_id=world.channel.id)  # the reply to the mention
    assert seen[:2] == ["", mention]  # Discord blanks content unless the bot is mentioned


async def test_disallowed_privileged_intent() -> None:
    async with running_fake_discord(token=TOKEN, privileged_intents=0) as strict:
        strict.add_guild("Guild")
        with pytest.raises(discord.PrivilegedIntentsRequired):
            async with running_bot(make_bot(), strict):
                pass


async def test_three_second_deadline(server: FakeDiscord, world: World) -> None:
    async with running_bot(make_bot(), server) as bot:
        ix = await server.invoke_command("late", user=world.member, guild_id=world.guild.id)
        with pytest.raises(TimeoutError, match=r"allows 3\.0s"):
            await ix.wait_response(timeout=4)
        for _ in range(50):
            if bot.late_errors:
                break
            await asyncio.sleep(0.05)
        assert bot.late_errors == [10062]
    assert any("10062" in e for e in server.validation_errors)


async def test_one_callback_per_interaction(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    ix = await server.invoke_command("ping", user=world.member, guild_id=world.guild.id)
    await ix.wait_response()
    async with aiohttp.ClientSession() as http:
        url = f"{server.api_base}/interactions/{ix.id}/{ix.token}/callback"
        async with http.post(url, json={"type": 4, "data": {"content": "again"}}) as resp:
            assert resp.status == 400
            assert (await resp.json())["code"] == 40060
    assert any("40060" in e for e in server.validation_errors)
    server.validation_errors.clear()
    server.requests.clear()  # the raw request carried no allowed_mentions on purpose


async def test_resume_after_disconnect(server: FakeDiscord, world: World, bot: commands.Bot) -> None:
    await server.disconnect_shard(0)
    for _ in range(100):
        if server.gateway.resume_count and len(server.gateway.live_sessions()) == 2:
            break
        await asyncio.sleep(0.02)
    assert server.gateway.resume_count == 1
    ix = await server.invoke_command("ping", user=world.member, guild_id=world.guild.id)
    assert (await ix.wait_response()).type == 4


NEEDS_SPEC = pytest.mark.skipif(not default_spec_path().is_file(),
                                reason="../shared/discord/openapi.json is not beside this checkout")


@NEEDS_SPEC
async def test_bad_bodies_are_refused_and_recorded(server: FakeDiscord, world: World) -> None:
    channel_id = world.channel.id
    headers = {"Authorization": f"Bot {TOKEN}"}
    async with aiohttp.ClientSession(headers=headers) as http:
        url = f"{server.api_base}/channels/{channel_id}/messages"
        async with http.post(url, json={"content": 123}) as resp:
            assert resp.status == 400
            assert resp.headers["content-type"] == "application/json"
            body = await resp.json()
            assert body["code"] == 50035 and "content" in body["errors"]
        async with http.post(url, json={"content": "x" * 2001}) as resp:  # the schema allows 4000; Discord 2000
            assert resp.status == 400
        async with http.post(
            url, json={"embeds": [{"title": "t", "description": "d" * 4000}, {"description": "d" * 2001}]}
        ) as resp:
            assert resp.status == 400  # 6,001 characters across embeds
        async with http.post(url, json={"content": ""}) as resp:
            assert resp.status == 400  # empty message
        async with http.get(f"{server.api_base}/no/such/route") as resp:
            assert resp.status == 404
        async with http.post(url, json={"content": "no mentions policy"}) as resp:
            assert resp.status == 200
    async with aiohttp.ClientSession() as http, http.get(f"{server.api_base}/users/@me") as resp:
        assert resp.status == 401
    errors = server.validation_errors
    assert len(errors) == 6
    assert "content" in errors[0] and "POST /channels/" in errors[0]
    assert "2000" in errors[1]
    assert "6000" in errors[2]
    assert "empty" in errors[3]
    assert "does not implement GET /no/such/route" in errors[4]
    assert "401" in errors[5]
    violations = server.mention_violations()  # refused requests created nothing, so only the last counts
    assert [v.json["content"] for v in violations] == ["no mentions policy"]


async def test_gateway_rejects_wrong_token_and_compresses(server: FakeDiscord) -> None:
    url = f"{server.gateway_url}?v=10&encoding=json&compress=zlib-stream"
    async with aiohttp.ClientSession() as http, http.ws_connect(url) as ws:
        frame = await ws.receive_bytes(timeout=2)
        assert frame.endswith(b"\x00\x00\xff\xff")
        hello = json.loads(zlib.decompressobj().decompress(frame))
        assert hello["op"] == 10
        await ws.send_json({"op": 2, "d": {"token": "wrong", "intents": 513, "properties": {}}})
        message = await ws.receive(timeout=2)
        assert message.type == aiohttp.WSMsgType.CLOSE
        assert message.data == 4004


async def test_missing_spec_is_announced(caplog: pytest.LogCaptureFixture, tmp_path: Path) -> None:
    with caplog.at_level(logging.WARNING), warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        server = FakeDiscord(openapi_path=tmp_path / "missing.json")
    assert server.openapi_enabled is False
    assert any("NOT be validated" in str(w.message) for w in caught)
    assert "NOT be validated" in caplog.text
    assert FakeDiscord().openapi_enabled is default_spec_path().is_file()


async def test_an_embed_shows_the_picture_uploaded_with_it(
    server: FakeDiscord, world: World, bot: commands.Bot
) -> None:
    ix = await server.invoke_command("picture", user=world.member, guild_id=world.guild.id)
    original = await ix.wait_response()
    assert original.message is not None
    [attachment] = original.message["attachments"]
    assert attachment["filename"] == "card.png" and (attachment["width"], attachment["height"]) == (3, 2)
    image = original.message["embeds"][0]["image"]
    assert image["url"] == attachment["url"] and (image["width"], image["height"]) == (3, 2)
    async with aiohttp.ClientSession() as http, http.get(image["url"]) as resp:
        assert await resp.read() == PNG
    followup = await server.wait_for_message(world.channel.id, lambda m: m["id"] != original.message["id"])
    assert [a["filename"] for a in followup["attachments"]] == ["more-0.png", "more-1.png"]
    [record] = [r for r in server.requests if r.path.endswith("/callback")]
    assert record.files == ["card.png"]
    assert record.json["data"]["attachments"] == [{"id": 0, "filename": "card.png"}]


def _multipart(payload: dict[str, Any] | None, files: list[tuple[str, str | None, bytes]]) -> aiohttp.MultipartWriter:
    """A multipart body as discord.py builds one, with the parts given (name, filename or None, bytes)."""
    writer = aiohttp.MultipartWriter("form-data")
    if payload is not None:
        part = writer.append(json.dumps(payload), {"Content-Type": "application/json"})
        part.set_content_disposition("form-data", name="payload_json")
    for name, filename, data in files:
        part = writer.append(data, {"Content-Type": "image/png"})
        if filename is None:
            part.set_content_disposition("form-data", name=name)
        else:
            part.set_content_disposition("form-data", name=name, filename=filename)
    return writer


@NEEDS_SPEC
async def test_uploads_are_checked_as_discord_checks_them(server: FakeDiscord, world: World) -> None:
    url = f"{server.api_base}/channels/{world.channel.id}/messages"
    card = {"embeds": [{"image": {"url": "attachment://card.png"}}], "attachments": [{"id": 0, "filename": "card.png"}]}
    refused: list[tuple[str, dict[str, Any] | None, list[tuple[str, str | None, bytes]]]] = [
        ("attachments.0.id", {**card, "attachments": [{"id": 1, "filename": "card.png"}]},
         [("files[0]", "card.png", PNG)]),
        ("attachments.0.filename", card, [("files[0]", "other.png", PNG)]),
        ("given twice", card, [("files[0]", "card.png", PNG), ("files[0]", "card.png", PNG)]),
        ("unexpected multipart field", card, [("file", "card.png", PNG)]),
        ("no filename", card, [("files[0]", None, PNG)]),
        ("at most 10", {"content": "many"}, [(f"files[{n}]", f"{n}.png", PNG) for n in range(11)]),
        ("content", {"content": 123}, [("files[0]", "card.png", PNG)]),
    ]
    async with aiohttp.ClientSession(headers={"Authorization": f"Bot {TOKEN}"}) as http:
        for problem, payload, files in refused:
            async with http.post(url, data=_multipart(payload, files)) as resp:
                assert resp.status == 400, problem
                assert (await resp.json())["code"] == 50035
                assert problem in server.validation_errors[-1], (problem, server.validation_errors[-1])
        async with http.post(url, data=_multipart(card, [("files[0]", "card.png", PNG)])) as resp:
            assert resp.status == 200
            sent = await resp.json()
        assert sent["embeds"][0]["image"]["url"] == sent["attachments"][0]["url"]
        # Placeholder ids need not count from 0 (Discord's docs use files[42]); a missing picture stays missing.
        elsewhere = {"embeds": [{"image": {"url": "attachment://nowhere.png"}}],
                     "attachments": [{"id": 42, "filename": "card.png"}]}
        async with http.post(url, data=_multipart(elsewhere, [("files[42]", "card.png", PNG)])) as resp:
            assert resp.status == 200
            sent = await resp.json()
        assert sent["embeds"][0]["image"]["url"] == "attachment://nowhere.png"
        assert [a["filename"] for a in sent["attachments"]] == ["card.png"]
    assert len(server.validation_errors) == len(refused)

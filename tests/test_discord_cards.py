"""The tie card in Discord: /tie and overview answers upload the PNG, through the local Discord server.

The server checks each upload as Discord does (the payload against the OpenAPI spec, every
`attachments` entry against a `files[n]` part by id and filename) and refuses anything else, which
fails the test (see conftest). The picture is then fetched from its attachment URL and decoded.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import aiohttp
from PIL import Image

from bot.app.client import TiesBot
from bot.core.cards import card_content, render_card
from bot.core.knowledge.store import load_knowledge
from fakediscord import FakeDiscord
from fakediscord.state import ATTACH_FILES
from tests.conftest import StartBot, World, embed_text, is_ephemeral
from tests.test_discord_chat import mention


async def _picture(attachment: dict[str, Any]) -> tuple[bytes, Image.Image]:
    async with aiohttp.ClientSession() as http, http.get(attachment["url"]) as resp:
        assert resp.status == 200
        data = await resp.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return data, image


def _upload(server: FakeDiscord, message_id: str) -> list[str]:
    """The file names the request that created this message uploaded."""
    [record] = [r for r in server.requests if message_id in r.messages]
    return record.files


async def test_tie_shows_its_card_as_the_embeds_image(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    handle = await server.invoke_command("tie", {"tie": "2020"}, user=world.fan, channel_id=world.general.id)
    message = await handle.wait_final()
    assert handle.response is not None and handle.response.elapsed < 3
    assert not is_ephemeral(message)
    [attachment] = message["attachments"]
    assert attachment["filename"] == "liverpool-atletico-2020.png" and attachment["content_type"] == "image/png"
    assert (attachment["width"], attachment["height"]) == (1200, 630)
    assert "Liverpool" in attachment["description"] and "Atlético Madrid 1-0 Liverpool" in attachment["description"]
    [embed] = message["embeds"]
    assert embed["image"]["url"] == attachment["url"]  # attachment://… resolved: the card shows in the embed
    assert embed["title"] == "Liverpool v Atlético Madrid"  # the text card is still there
    data, image = await _picture(attachment)
    assert image.format == "PNG" and image.size == (1200, 630)
    # The very picture the plain-Python card draws from the same knowledge.
    assert data == render_card(card_content(load_knowledge(knowledge_dir), "liverpool-atletico-2020")).png
    assert _upload(server, message["id"]) == ["liverpool-atletico-2020.png"]


async def test_a_busy_channel_does_not_redraw_the_card(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    for typed in ("2023", "real-madrid-liverpool-2023", "2023"):
        message = await (await server.invoke_command("tie", {"tie": typed}, user=world.fan,
                                                     channel_id=world.general.id)).wait_final()
        assert [a["filename"] for a in message["attachments"]] == ["real-madrid-liverpool-2023.png"]
    assert bot.cards.drawn == 1


async def test_an_overview_of_one_tie_carries_its_card(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    question = "give me a recap of the Liverpool v Real Madrid quarter-final"
    message = await (await server.invoke_command("ask", {"question": question}, user=world.fan,
                                                 channel_id=world.general.id)).wait_final()
    assert not is_ephemeral(message)
    assert "Real Madrid beat Liverpool 3-1" in embed_text(message)  # the overview's text
    [attachment] = message["attachments"]
    assert attachment["filename"] == "liverpool-real-madrid-2021.png"
    assert message["embeds"][0]["image"]["url"] == attachment["url"]
    _, image = await _picture(attachment)
    assert image.size == (1200, 630)


async def test_an_overview_of_every_tie_carries_one_card_each(server: FakeDiscord, world: World,
                                                              bot: TiesBot) -> None:
    message = await (await server.invoke_command("ask", {"question": "what ties do you know about"}, user=world.fan,
                                                 channel_id=world.general.id)).wait_final()
    assert "The articles preview 3 ties" in embed_text(message)
    names = [a["filename"] for a in message["attachments"]]
    assert names == ["liverpool-atletico-2020.png", "liverpool-real-madrid-2021.png",
                     "real-madrid-liverpool-2023.png"]  # in the order the answer tells them
    assert "image" not in message["embeds"][0]  # several pictures: a gallery beside the embed
    for attachment in message["attachments"]:
        _, image = await _picture(attachment)
        assert image.size == (1200, 630)


async def test_other_answers_carry_no_picture(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    message = await (await server.invoke_command("ask", {"question": "any Klopp quote mentioning the dressing room?"},
                                                 user=world.fan, channel_id=world.general.id)).wait_final()
    assert message["attachments"] == [] and "image" not in message["embeds"][0]
    assert bot.cards.drawn == 0


async def test_a_mentioned_overview_replies_with_the_card(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    await server.send_message(world.general.id, author=world.fan,
                              content=f"{mention(bot)} catch me up on the 2023 tie")
    reply = await server.wait_for_message(world.general.id, lambda m: "message_reference" in m)
    [attachment] = reply["attachments"]
    assert attachment["filename"] == "real-madrid-liverpool-2023.png"
    assert reply["embeds"][0]["image"]["url"] == attachment["url"]


async def test_without_attach_files_the_answer_comes_without_its_picture(
    server: FakeDiscord, world: World, start: StartBot
) -> None:
    # Taken from the bot (REST checks bot_permissions) and from @everyone, whose permissions discord.py's
    # cache reads for the bot (it holds no role here), before it connects: both views then agree.
    world.guild.bot_permissions &= ~ATTACH_FILES
    world.guild.everyone_role.permissions &= ~ATTACH_FILES
    bot = await start()
    tie = await (await server.invoke_command("tie", {"tie": "2021"}, user=world.fan,
                                             channel_id=world.general.id)).wait_final()
    assert tie["embeds"][0]["title"] == "Liverpool v Real Madrid" and tie["attachments"] == []
    assert "image" not in tie["embeds"][0]
    await server.send_message(world.general.id, author=world.fan,
                              content=f"{mention(bot)} catch me up on the 2021 tie")
    reply = await server.wait_for_message(world.general.id, lambda m: "message_reference" in m)
    assert reply["attachments"] == [] and "Real Madrid beat Liverpool 3-1" in embed_text(reply)

"""Chat: mentions, direct messages and the chat channel, with follow-ups that keep their context."""

from __future__ import annotations

import asyncio

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, buttons, embed_text


def mention(bot: TiesBot) -> str:
    assert bot.user is not None
    return f"<@{bot.user.id}>"


async def test_mention_in_a_channel_gets_a_reply_that_pings_nobody(server: FakeDiscord, world: World,
                                                                   bot: TiesBot) -> None:
    question = await server.send_message(world.general.id, author=world.fan,
                                         content=f"{mention(bot)} any Klopp quote mentioning the dressing room?")
    reply = await server.wait_for_message(world.general.id)
    assert reply["message_reference"]["message_id"] == question["id"]
    assert "magic in our dressing room" in reply["embeds"][0]["description"]
    assert "Source:" in reply["embeds"][0]["footer"]["text"]
    [request] = [r for r in server.requests_to("POST", "/channels/{channel_id}/messages")
                 if r.message_body and r.message_body.get("message_reference")]
    assert request.message_body["allowed_mentions"] == {"parse": [], "replied_user": False}


async def test_messages_not_addressed_to_the_bot_are_left_alone(server: FakeDiscord, world: World,
                                                                bot: TiesBot) -> None:
    await server.send_message(world.general.id, author=world.fan, content="Any quotes from Trent?")
    other_bot = server.state.add_user("scorebot", bot=True)
    server.add_member(world.guild.id, other_bot)
    await server.send_message(world.chat.id, author=other_bot, content=f"{mention(bot)} Any quotes from Trent?")
    await asyncio.sleep(0.3)
    assert server.messages(world.general.id)[-1]["author"]["id"] == str(world.fan.id)
    assert server.messages(world.chat.id)[-1]["author"]["id"] == str(other_bot.id)


async def test_direct_messages_follow_up_with_context(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    dm = server.open_dm(world.fan)
    await server.send_message(dm.id, author=world.fan, content="Any quotes from Trent?")
    first = await server.wait_for_message(dm.id)
    assert "kitchen sink" in first["embeds"][0]["description"]
    await server.send_message(dm.id, author=world.fan, content="and Carlo Ancelotti?")
    second = await server.wait_for_message(dm.id)
    assert "Ancelotti" in second["embeds"][0]["description"]
    assert "2023" in second["embeds"][0]["description"]
    await server.send_message(dm.id, author=world.fan, content="first leg result in 2021?")
    assert "3-1" in (await server.wait_for_message(dm.id))["embeds"][0]["description"]
    await server.send_message(dm.id, author=world.fan, content="what about 2023?")
    follow_up = (await server.wait_for_message(dm.id))["embeds"][0]["description"]
    assert "rallied to win 5-2" in follow_up  # the score question carried over, not a tie overview


async def test_chat_channel_answers_every_message_and_shares_context_with_ask(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    handle = await server.invoke_command("ask", {"question": "Any quotes from Trent?"}, user=world.fan,
                                         channel_id=world.chat.id)
    await handle.wait_final()
    await server.send_message(world.chat.id, author=world.fan, content="and Carlo Ancelotti?")
    reply = await server.wait_for_message(world.chat.id, lambda m: "message_reference" in m)
    assert "Ancelotti" in reply["embeds"][0]["description"]

    score = await server.invoke_command("ask", {"question": "first leg result in 2021?"},
                                        user=world.fan, channel_id=world.chat.id)
    await score.wait_final()
    await server.send_message(world.chat.id, author=world.fan, content="what about 2023?")
    follow_up = await server.wait_for_message(world.chat.id, lambda m: "message_reference" in m)
    assert "rallied to win 5-2" in follow_up["embeds"][0]["description"]
    # Context is per user: someone else's "what about 2023?" starts afresh.
    await server.send_message(world.chat.id, author=world.manager, content="what about 2023?")
    fresh = await server.wait_for_message(world.chat.id, lambda m: "message_reference" in m)
    assert "rallied" not in fresh["embeds"][0]["description"]


async def test_declined_chat_question_offers_buttons(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    await server.send_message(world.general.id, author=world.fan,
                              content=f"{mention(bot)} What did Salah have for breakfast?")
    reply = await server.wait_for_message(world.general.id)
    assert "breakfast" in embed_text(reply)
    offered = buttons(reply)
    assert offered
    await server.click_button(reply, offered[0]["custom_id"], user=world.manager)
    label = offered[0]["label"]
    answer = await server.wait_for_message(world.general.id, lambda m: bool(m["embeds"]) and
                                           m["embeds"][0].get("title") == label)
    assert "Salah" in answer["embeds"][0]["description"]


async def test_a_bare_mention_gets_a_hint(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    await server.send_message(world.general.id, author=world.fan, content=f"{mention(bot)}")
    reply = await server.wait_for_message(world.general.id)
    assert "Ask me something" in reply["content"]

"""The per-user question budget through the local Discord: a fan's burst is answered, a flood is not.

/ask, "did you mean" buttons, mentions, DMs and chat channels spend from one budget per user.
A refused interaction always gets a private notice; in chat the first refusal gets one reply and
the rest of the flood gets silence, until the user is answered again.
"""

from __future__ import annotations

import asyncio
from typing import Any

from bot.settings import Settings
from fakediscord import FakeDiscord, User
from tests.conftest import StartBot, World, buttons, embed_text, is_ephemeral

REFUSED = "Try again in"
DECLINED = "What did Salah have for breakfast?"
"""Declined with "did you mean" buttons."""


async def ask(server: FakeDiscord, user: User, channel_id: int, question: str) -> dict[str, Any]:
    handle = await server.invoke_command("ask", {"question": question}, user=user, channel_id=channel_id)
    return await handle.wait_final()


async def press(server: FakeDiscord, message: dict[str, Any], index: int, user: User) -> dict[str, Any]:
    """Press a "did you mean" button; the answer is a followup, a refusal the ephemeral reply."""
    handle = await server.click_button(message, buttons(message)[index]["custom_id"], user=user)
    return await handle.wait_final()


async def chat(server: FakeDiscord, channel_id: int, author: User, content: str) -> tuple[dict[str, Any],
                                                                                        dict[str, Any]]:
    """Post a message and wait for the bot's reply to it."""
    sent = await server.send_message(channel_id, author=author, content=content)
    reply = await server.wait_for_message(
        channel_id, lambda m: (m.get("message_reference") or {}).get("message_id") == sent["id"])
    return sent, reply


def replies_to(server: FakeDiscord, message: dict[str, Any]) -> list[dict[str, Any]]:
    """Every message the bot posted in reply to `message` (a deleted notice included)."""
    return [r.message_body for r in server.requests_to("POST", "/channels/{channel_id}/messages")
            if r.message_body and str((r.message_body.get("message_reference") or {}).get("message_id"))
            == message["id"]]


def answered(message: dict[str, Any]) -> bool:
    return bool(message.get("embeds")) and REFUSED not in embed_text(message)


async def test_a_fans_burst_mixing_ask_buttons_and_chat_is_answered(server: FakeDiscord, world: World,
                                                                    start: StartBot) -> None:
    fields = Settings.model_fields  # the shipped numbers, not the tests' generous ones
    bot = await start(cooldown_burst=fields["cooldown_burst"].default,
                      cooldown_refill_seconds=fields["cooldown_refill_seconds"].default)
    assert bot.user is not None
    fan, general = world.fan, world.general.id
    seen: list[dict[str, Any]] = []

    seen.append(await ask(server, fan, general, "any Klopp quote mentioning the dressing room?"))
    declined = await ask(server, fan, general, DECLINED)
    assert is_ephemeral(declined) and len(buttons(declined)) >= 2
    seen.append(declined)
    seen.append(await press(server, declined, 0, fan))
    seen.append((await chat(server, world.chat.id, fan, "Any quotes from Trent?"))[1])
    seen.append((await chat(server, world.chat.id, fan, "and Carlo Ancelotti?"))[1])
    seen.append(await ask(server, fan, world.chat.id, "first leg result in 2021?"))
    seen.append((await chat(server, world.chat.id, fan, "what about 2023?"))[1])
    seen.append((await chat(server, server.open_dm(fan).id, fan, "Any quotes from Trent?"))[1])
    seen.append((await chat(server, general, fan, f"<@{bot.user.id}> who coaches atletico?"))[1])
    seen.append(await ask(server, fan, general, "Any quotes from Trent?"))
    seen.append(await press(server, declined, 1, fan))  # the second "did you mean" of the conversation
    seen.append(await ask(server, fan, general, "2021 second leg venue?"))

    assert len(seen) == 12
    assert [answered(m) for m in seen] == [True] * 12, [embed_text(m)[:80] for m in seen]


REFILL = 4.0
"""One question back every 4 s: the flood below is far faster, as 30 a minute is to the shipped one per 10 s."""


async def test_a_flood_is_refused_once_visibly_then_quietly_and_answered_after_a_wait(
    server: FakeDiscord, world: World, start: StartBot
) -> None:
    await start(cooldown_burst=3, cooldown_refill_seconds=REFILL)
    fan, room = world.fan, world.chat.id

    declined = await ask(server, fan, world.general.id, DECLINED)  # 1 of 3, and it offers buttons
    for question in ("Any quotes from Trent?", "and Carlo Ancelotti?"):  # 2 and 3
        assert answered((await chat(server, room, fan, question))[1])

    first, notice = await chat(server, room, fan, "Klopp quotes please")
    assert REFUSED in notice["content"] and not notice.get("embeds")
    flood = [await server.send_message(room, author=fan, content=f"Question {n}?") for n in range(2)]
    refused_press = await press(server, declined, 0, fan)
    assert is_ephemeral(refused_press) and REFUSED in refused_press["content"]
    refused_ask = await ask(server, fan, room, "Any quotes from Trent?")
    assert is_ephemeral(refused_ask) and REFUSED in refused_ask["content"]
    flood.append(await server.send_message(room, author=fan, content="Hello??"))
    # Another fan is answered meanwhile; once that reply is in, the bot has read the whole flood.
    assert answered((await chat(server, room, world.manager, "Any quotes from Trent?"))[1])
    assert len(replies_to(server, first)) == 1
    assert [replies_to(server, message) for message in flood] == [[], [], []]
    assert not buttons(server.state.message(declined["id"]))[0].get("disabled")  # a refused press used nothing

    await asyncio.sleep(REFILL)
    assert answered(await ask(server, fan, room, "Any quotes from Trent?"))
    # Answered again (on /ask), so the next refusal in chat is explained again, not met with silence.
    _, notice = await chat(server, room, fan, "and Carlo Ancelotti?")
    assert REFUSED in notice["content"]


async def test_the_budget_is_per_user(server: FakeDiscord, world: World, start: StartBot) -> None:
    await start(cooldown_burst=1, cooldown_refill_seconds=60)
    assert answered(await ask(server, world.fan, world.general.id, "Any quotes from Trent?"))
    assert REFUSED in (await ask(server, world.fan, world.general.id, "Klopp quotes please"))["content"]
    assert answered(await ask(server, world.manager, world.general.id, "Klopp quotes please"))

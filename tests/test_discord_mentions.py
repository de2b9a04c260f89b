"""Mentions in facts and questions never ping: @everyone, @here, roles and users stay plain text.

A moderator saves a fact whose answer is full of mentions; fans then get it through /ask and
in chat, and ask questions full of mentions themselves. Every request that wrote a message must
carry `allowed_mentions` that ping nobody (the `server` fixture checks that after every test;
here it is also checked explicitly, and the checker itself is tested against hand-made requests).
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from bot.app.client import TiesBot
from fakediscord import FakeDiscord, RequestRecord
from tests.conftest import World, drop_fact, embed_text, modal_values
from tests.test_discord_facts import FACTS_2021, NEW_FACT, SAYS_THE_SAME

NOBODY = {"parse": []}


def pings(world: World) -> str:
    return f"@everyone @here <@&{world.mod_role.id}> <@{world.manager.id}> <@!{world.manager.id}> <@&123> <@456>"


@pytest.fixture
def knowledge_dir(knowledge_dir: Path) -> Path:
    drop_fact(knowledge_dir, FACTS_2021, SAYS_THE_SAME)
    return knowledge_dir


def writes(server: FakeDiscord) -> list[RequestRecord]:
    """Accepted requests that wrote message text (a deferral's empty "thinking" message has none)."""
    return [r for r in server.requests if r.messages and 200 <= r.status < 300 and r.message_body
            and (r.message_body.get("content") is not None or r.message_body.get("embeds") is not None)]


async def test_a_fact_full_of_mentions_pings_nobody_in_slash_commands_or_chat(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    answer = NEW_FACT["fact-answer"] + " " + pings(world)
    opened = await server.invoke_command("facts add", user=world.manager, channel_id=world.general.id)
    modal = (await opened.wait_response()).modal
    assert modal is not None
    saved = await (await server.submit_modal(opened, modal_values(modal, {**NEW_FACT, "fact-answer": answer}))
                   ).wait_final()
    assert "Added `klopp-2021-famous-night`" in embed_text(saved)
    assert "@everyone" in bot.engine.knowledge.facts["klopp-2021-famous-night"].answer

    question = f"{pings(world)} What was Klopp hoping for?"
    by_slash = await (await server.invoke_command("ask", {"question": question}, user=world.fan,
                                                  channel_id=world.general.id)).wait_final()
    assert "@everyone" in embed_text(by_slash) and f"<@&{world.mod_role.id}>" in embed_text(by_slash)

    await server.send_message(world.chat.id, author=world.fan, content=f"@here What was Klopp hoping for? "
                                                                     f"<@&{world.mod_role.id}>")
    in_chat = await server.wait_for_message(world.chat.id)
    assert "@everyone" in embed_text(in_chat)
    assert in_chat["message_reference"]  # a reply, which must not ping its author either

    asked = await server.send_message(world.general.id, author=world.fan, mentions=[server.state.bot],
                                      content=f"<@{server.state.bot.id}> {pings(world)} what did Salah eat?")
    declined = await server.wait_for_message(world.general.id, after=asked)
    assert declined["message_reference"]["message_id"] == asked["id"]

    written = writes(server)
    assert len(written) >= 4
    for record in written:
        assert record.allowed_mentions is not None, f"{record.method} {record.route} sent no allowed_mentions"
        assert record.allowed_mentions.get("parse") == [] and not record.allowed_mentions.get("replied_user"), (
            f"{record.method} {record.route}: {record.allowed_mentions}")
        assert not record.allowed_mentions.get("users") and not record.allowed_mentions.get("roles")
    assert server.mention_violations() == []


def record(method: str, route: str, body: dict[str, Any], *, messages: tuple[str, ...] = ("1",)) -> RequestRecord:
    path = route.replace("{channel_id}", "10").replace("{message_id}", "1").replace("{interaction_id}", "2")
    path = path.replace("{application_id}", "3").replace("{token}", "tok")
    return RequestRecord(method=method, path=path, query={}, json=body, time=time.monotonic(), route=route,
                         status=200, messages=list(messages))


async def test_the_mention_checker_covers_every_way_a_message_is_written(server: FakeDiscord) -> None:
    """What the fixture relies on: each message-writing route, unsafe bodies, and routes not listed."""
    content = {"content": "@everyone"}
    routes = [
        ("POST", "/channels/{channel_id}/messages", False),
        ("PATCH", "/channels/{channel_id}/messages/{message_id}", False),
        ("POST", "/webhooks/{application_id}/{token}", False),
        ("PATCH", "/webhooks/{application_id}/{token}/messages/@original", False),
        ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", False),
        ("POST", "/interactions/{interaction_id}/{token}/callback", True),
    ]
    unsafe_mentions = [None, {"parse": ["everyone"]}, {"parse": [], "roles": ["1"]}, {"parse": [], "users": ["1"]},
                       {"parse": [], "replied_user": True}]
    for method, route, is_callback in routes:
        for mentions in unsafe_mentions:
            fields = dict(content) if mentions is None else {**content, "allowed_mentions": mentions}
            body = {"type": 4, "data": fields} if is_callback else fields
            server.requests.clear()
            server.requests.append(record(method, route, body))
            assert server.mention_violations(), f"{method} {route} with allowed_mentions={mentions} was not flagged"
    server.requests.clear()

    # Components v2: text displays ping like content does.
    server.requests.append(record("POST", "/channels/{channel_id}/messages",
                                  {"flags": 1 << 15, "components": [{"type": 10, "content": "@everyone"}]}))
    assert len(server.mention_violations()) == 1
    server.requests.clear()

    # A route not in the list is still checked when the server saw it write a message...
    server.requests.append(record("POST", "/channels/{channel_id}/some-new-route", content))
    assert len(server.mention_violations()) == 1
    server.requests.clear()
    # ...and safe bodies pass.
    server.requests.append(record("POST", "/channels/{channel_id}/messages", {**content, "allowed_mentions": NOBODY}))
    server.requests.append(record("POST", "/interactions/{interaction_id}/{token}/callback",
                                  {"type": 4, "data": {**content, "allowed_mentions": NOBODY}}))
    assert server.mention_violations() == []
    server.requests.clear()

"""Answers as fans see them in Discord: a long quote cut to the part asked about, the full one a button away."""

from __future__ import annotations

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, buttons, embed_text, is_ephemeral


async def test_a_long_quote_is_cut_to_the_part_asked_and_the_full_quote_is_one_press_away(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    handle = await server.invoke_command("ask", {"question": "which word does klopp pick for those special nights"},
                                         user=world.fan, channel_id=world.general.id)
    message = await handle.wait_final()
    assert not is_ephemeral(message)
    shown = embed_text(message)
    assert "'together'" in shown and "memories that last a lifetime" not in shown and "…" in shown
    [full] = [b for b in buttons(message) if b["label"] == "Full quote"]

    press = await server.click_button(message, full["custom_id"], user=world.fan)
    reply = await press.wait_final()
    assert is_ephemeral(reply)
    assert "memories that last a lifetime" in embed_text(reply) and "'together'" in embed_text(reply)


async def test_a_short_answer_has_no_full_quote_button(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.invoke_command("ask", {"question": "what was the score of the opening leg at atletico"},
                                         user=world.fan, channel_id=world.general.id)
    message = await handle.wait_final()
    assert "1-0" in embed_text(message)
    assert not buttons(message)

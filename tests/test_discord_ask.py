"""/ask, /tie, /quote and /help, driven through the fake Discord as a fan would use them."""

from __future__ import annotations

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, buttons, embed_text, is_ephemeral

KLOPP_2021_ARTICLE = "Liverpool prepare for 'perfect performance' against Real Madrid - in pictures"


async def test_ask_answers_with_the_article_in_the_footer(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.invoke_command("ask", {"question": "any Klopp quote mentioning the dressing room?"},
                                         user=world.fan, channel_id=world.general.id)
    message = await handle.wait_final()
    assert handle.response is not None and handle.response.elapsed < 3
    assert not is_ephemeral(message)
    [embed] = message["embeds"]
    assert embed["title"] == "any Klopp quote mentioning the dressing room?"
    assert "magic in our dressing room" in embed["description"]
    assert embed["footer"]["text"] == f"Source: {KLOPP_2021_ARTICLE} (date not stated)"


async def test_ask_footer_names_a_dated_article(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.invoke_command("ask", {"question": "give me a Trent Alexander-Arnold quote"}, user=world.fan,
                                         channel_id=world.general.id)
    embed = (await handle.wait_final())["embeds"][0]
    assert "kitchen sink" in embed["description"]
    assert embed["footer"]["text"].endswith("(14 March 2023)")  # the date in the answer's language, as the console


async def test_declined_question_offers_suggestions_and_a_press_answers(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    handle = await server.invoke_command("ask", {"question": "What did Salah have for breakfast?"},
                                         user=world.fan, channel_id=world.general.id)
    declined = await handle.wait_final()
    assert is_ephemeral(declined)
    assert "breakfast" in embed_text(declined)
    offered = buttons(declined)
    assert 1 <= len(offered) <= 3
    assert all(len(b["label"]) <= 80 for b in offered)
    first = offered[0]

    press = await server.click_button(declined, first["custom_id"], user=world.fan)
    answer = await server.wait_for_message(world.general.id, lambda m: not is_ephemeral(m))
    assert press.response is not None and press.response.type == 7  # the declined reply is updated
    assert answer["embeds"][0]["title"] == first["label"]
    assert "Salah" in answer["embeds"][0]["description"]
    assert "Source:" in answer["embeds"][0]["footer"]["text"]
    updated = press.original or server.state.message(declined["id"])
    assert buttons(updated)[0].get("disabled") is True  # a pressed suggestion is used up


async def test_tie_autocomplete_and_card(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.autocomplete("tie", {"tie": "real"}, "tie", user=world.fan, channel_id=world.general.id)
    choices = (await handle.wait_response()).choices
    assert choices == [
        {"name": "Liverpool v Real Madrid (quarter-final, 2021)", "value": "liverpool-real-madrid-2021"},
        {"name": "Real Madrid v Liverpool (round of 16, 2023)", "value": "real-madrid-liverpool-2023"},
    ]
    everything = await server.autocomplete("tie", {"tie": ""}, "tie", user=world.fan, channel_id=world.general.id)
    assert len((await everything.wait_response()).choices or []) == 3

    card = await (await server.invoke_command("tie", {"tie": "liverpool-atletico-2020"}, user=world.fan,
                                              channel_id=world.general.id)).wait_final()
    [embed] = card["embeds"]
    assert embed["title"] == "Liverpool v Atlético Madrid"
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert "Atlético Madrid 1-0 Liverpool" in fields["First leg"]
    assert "Wanda Metropolitano" in fields["First leg"] and "date not stated" in fields["First leg"]
    assert "Anfield" in fields["Second leg"] and "11 March 2020" in fields["Second leg"]
    assert "not yet played" in fields["Second leg"]
    assert "Lynch" in fields["Predictions"] and "Hayward" in fields["Predictions"]
    assert fields["Key facts"].startswith("• ")
    assert "(11 March 2020)" in embed["footer"]["text"]


async def test_tie_revalidates_what_was_typed(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    typed = await (await server.invoke_command("tie", {"tie": "2023"}, user=world.fan,
                                               channel_id=world.general.id)).wait_final()
    assert typed["embeds"][0]["title"] == "Real Madrid v Liverpool"
    assert "Liverpool 2-5 Real Madrid" in embed_text(typed)

    unknown = await (await server.invoke_command("tie", {"tie": "Liverpool v Everton"}, user=world.fan,
                                                 channel_id=world.general.id)).wait_final()
    assert is_ephemeral(unknown)
    assert "I know these" in unknown["content"]


async def test_quote_autocomplete_and_quotes(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    handle = await server.autocomplete("quote", {"person": "an"}, "person", user=world.fan,
                                       channel_id=world.general.id)
    choices = (await handle.wait_response()).choices or []
    assert {"name": "Carlo Ancelotti (Real Madrid coach)", "value": "carlo-ancelotti"} in choices
    assert all(c["value"] != "david-lynch" for c in choices)  # only people who are quoted

    quotes = await (await server.invoke_command("quote", {"person": "klopp"}, user=world.fan,
                                                channel_id=world.general.id)).wait_final()
    [embed] = quotes["embeds"]
    assert embed["title"].startswith("What Jürgen Klopp said")
    assert "magic in our dressing room" in embed_text(quotes)
    assert KLOPP_2021_ARTICLE in embed["footer"]["text"]

    nobody = await (await server.invoke_command("quote", {"person": "Mikel Arteta"}, user=world.fan,
                                                channel_id=world.general.id)).wait_final()
    assert is_ephemeral(nobody) and "quote nobody" in nobody["content"]


async def test_help(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    message = await (await server.invoke_command("help", user=world.fan, channel_id=world.general.id)).wait_final()
    assert is_ephemeral(message)
    text = embed_text(message)
    assert "/ask" in text and "/tie" in text and "/quote" in text
    assert "Liverpool v Real Madrid (quarter-final, 2021)" in text


async def test_echoed_user_text_pings_nobody(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    typed = f"@everyone <@&{world.mod_role.id}> <@{world.manager.id}>"
    handle = await server.invoke_command("tie", {"tie": typed}, user=world.fan, channel_id=world.general.id)
    reply = await handle.wait_final()
    assert typed in reply["content"]
    [callback] = [r for r in server.requests if r.route == "/interactions/{interaction_id}/{token}/callback"]
    assert callback.message_body is not None and callback.message_body["allowed_mentions"] == {"parse": []}
    assert server.mention_violations() == []

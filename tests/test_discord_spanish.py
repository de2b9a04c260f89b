"""Spanish on Discord, through the local Discord server: Spanish clients get Spanish commands and answers.

A slash command follows the user's Discord client (es-ES and es-419 are Spanish, every other
locale English); chat, mentions and DMs follow the words of each message, a message too short to
tell keeps the conversation's language, and the conversation's context survives a switch. What
the bot says around an answer (titles, footers, buttons, notices) is in the answer's language.
Every question here is written for this file; none comes from an evaluation set.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import aiohttp
import pytest
import yaml

from bot.app.client import TiesBot
from bot.core.knowledge.store import KnowledgeError, load_knowledge
from fakediscord import FakeDiscord, User, running_fake_discord
from tests.conftest import TOKEN, StartBot, World, buttons, embed_text, is_ephemeral

SPANISH_CLIENTS = ["es-ES", "es-419"]
GUILD_COMMANDS = "/applications/{application_id}/guilds/{guild_id}/commands"


def spanish(bot: TiesBot, fact_id: str) -> str:
    """The fact's curated Spanish answer."""
    return bot.engine.knowledge.facts[fact_id].translations["es"].answer


def english(bot: TiesBot, fact_id: str) -> str:
    return bot.engine.knowledge.facts[fact_id].answer


async def ask(server: FakeDiscord, world: World, question: str, locale: str,
              user: User | None = None) -> dict[str, Any]:
    handle = await server.invoke_command("ask", {"question": question}, user=user or world.fan,
                                         channel_id=world.general.id, locale=locale)
    return await handle.wait_final()


async def chat(server: FakeDiscord, channel_id: int, author: User, content: str) -> dict[str, Any]:
    """Post a message and wait for the bot's reply to it."""
    sent = await server.send_message(channel_id, author=author, content=content)
    return await server.wait_for_message(
        channel_id, lambda m: (m.get("message_reference") or {}).get("message_id") == sent["id"])


def walk(options: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every subcommand and option under a command, depth first."""
    found = []
    for option in options:
        found.append(option)
        found += walk(option.get("options") or [])
    return found


# --- which language: a slash command follows the client -------------------------------------------
@pytest.mark.parametrize("locale", SPANISH_CLIENTS)
async def test_ask_from_a_spanish_client_is_answered_in_spanish(server: FakeDiscord, world: World, bot: TiesBot,
                                                               locale: str) -> None:
    message = await ask(server, world, "¿quién ganó la ida en 2023?", locale)
    assert not is_ephemeral(message)
    [embed] = message["embeds"]
    assert embed["title"] == "¿quién ganó la ida en 2023?"
    assert embed["description"].startswith(spanish(bot, "real-madrid-2023-first-leg-score"))
    article = bot.engine.knowledge.articles["2023-real-madrid-liverpool-preview"]
    assert embed["footer"]["text"].startswith(f"Fuente: {article.title} (")  # the title as published
    assert "de 2023)" in embed["footer"]["text"]  # the date in Spanish form


async def test_an_english_client_is_still_answered_in_english(server: FakeDiscord, world: World,
                                                             bot: TiesBot) -> None:
    message = await ask(server, world, "which ground hosted the opening leg versus atleti in 2020?", "en-GB")
    [embed] = message["embeds"]
    assert embed["description"].startswith(english(bot, "atletico-2020-first-leg-venue"))
    assert embed["footer"]["text"].startswith("Source: ")


async def test_the_client_decides_whatever_the_words(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    """A Spanish client typing English is answered in Spanish, and an English client typing Spanish in English:
    the client's language is the one its user chose to read."""
    from_spain = await ask(server, world, "which ground hosted the opening leg versus atleti in 2020?", "es-ES")
    assert from_spain["embeds"][0]["description"].startswith(spanish(bot, "atletico-2020-first-leg-venue"))
    from_england = await ask(server, world, "¿en qué estadio se jugó la ida contra el Atleti en 2020?", "en-GB",
                             user=world.manager)
    assert from_england["embeds"][0]["description"].startswith(english(bot, "atletico-2020-first-leg-venue"))


async def test_tie_quote_and_help_speak_the_clients_language(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    knowledge = bot.engine.knowledge
    tie = await (await server.invoke_command("tie", {"tie": "liverpool-atletico-2020"}, user=world.fan,
                                             channel_id=world.general.id, locale="es-419")).wait_final()
    [embed] = tie["embeds"]
    fields = {f["name"]: f["value"] for f in embed["fields"]}
    assert {"Ida", "Vuelta", "Datos clave", "Pronósticos"} <= set(fields)
    assert "Atlético Madrid 1-0 Liverpool" in fields["Ida"] and "fecha sin indicar" in fields["Ida"]
    assert "11 de marzo de 2020" in fields["Vuelta"] and "aún sin jugar" in fields["Vuelta"]
    key = [f for f in knowledge.facts.values() if f.tie == "liverpool-atletico-2020" and f.intent == "context"]
    assert fields["Datos clave"].startswith(f"• {key[0].translations['es'].answer}"[:200])
    assert embed["footer"]["text"].startswith("Fuente: ") and "(11 de marzo de 2020)" in embed["footer"]["text"]
    [card] = tie["attachments"]
    assert "Ida" in card["description"] and "Vuelta" in card["description"]  # a Spanish card (its alt text)
    quoted = await (await server.invoke_command("tie", {"tie": "2021"}, user=world.fan, channel_id=world.general.id,
                                                locale="es-ES")).wait_final()
    assert quoted["embeds"][0]["footer"]["text"].startswith("Usa /citas o /preguntar para ver las ")

    quotes = await (await server.invoke_command("quote", {"person": "klopp"}, user=world.fan,
                                                channel_id=world.general.id, locale="es-ES")).wait_final()
    assert quotes["embeds"][0]["title"].startswith("Qué dijo Jürgen Klopp")
    assert "(Traducción: «" in embed_text(quotes) and "Fuente: " in quotes["embeds"][0]["footer"]["text"]

    shown = await (await server.invoke_command("help", user=world.fan, channel_id=world.general.id,
                                               locale="es-ES")).wait_final()
    text = embed_text(shown)
    assert {"/preguntar", "/eliminatoria", "/citas"} <= {f["name"] for f in shown["embeds"][0]["fields"]}
    assert "Ejemplos" in text and "/datos recargar, estado" in text and "/ask" not in text
    assert "Liverpool v Real Madrid (cuartos de final, 2021)" in text  # tie labels as the engine writes them

    unknown = await (await server.invoke_command("tie", {"tie": "Liverpool v Everton"}, user=world.fan,
                                                 channel_id=world.general.id, locale="es-ES")).wait_final()
    assert is_ephemeral(unknown) and unknown["content"].startswith("No sé qué eliminatoria es «Liverpool v Everton»")


async def test_an_english_client_sees_the_english_help(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    shown = await (await server.invoke_command("help", user=world.fan, channel_id=world.general.id,
                                               locale="en-GB")).wait_final()
    fields = [f["name"] for f in shown["embeds"][0]["fields"]]
    assert fields[:3] == ["/ask", "/tie", "/quote"]
    assert shown["embeds"][0]["footer"]["text"].startswith("Moderators: /facts reload, status")


# --- chat: the words decide, the conversation keeps its context ------------------------------------
async def test_chat_follows_the_language_of_each_message_and_keeps_the_context(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    room, fan = world.chat.id, world.fan
    first = await chat(server, room, fan, "¿cómo quedó la ida en el Metropolitano?")
    assert first["embeds"][0]["description"].startswith(spanish(bot, "atletico-2020-first-leg-score"))
    assert first["embeds"][0]["footer"]["text"].startswith("Fuente: ")

    # A bare name tells no language: the conversation's is kept.
    short = await chat(server, room, fan, "Anfield?")
    assert short["embeds"][0]["footer"]["text"].startswith("Fuente: ")
    assert spanish(bot, "atletico-2020-comeback-needed") in short["embeds"][0]["description"]

    # Written in English, answered in English, about the same tie.
    switched = await chat(server, room, fan, "and the return leg, which ground hosts it?")
    assert switched["embeds"][0]["description"].startswith(english(bot, "atletico-2020-second-leg-venue"))
    assert switched["embeds"][0]["footer"]["text"].startswith("Source: ")

    # And back: "y la ida" is the first leg of that same tie.
    back = await chat(server, room, fan, "¿y la ida?")
    assert back["embeds"][0]["description"].startswith(spanish(bot, "atletico-2020-first-leg-venue"))


async def test_a_spanish_mention_and_a_spanish_dm_are_answered_in_spanish(server: FakeDiscord, world: World,
                                                                          bot: TiesBot) -> None:
    assert bot.user is not None
    reply = await chat(server, world.general.id, world.fan,
                       f"<@{bot.user.id}> ¿en qué estadio se jugó la ida contra el Atleti en 2020?")
    assert reply["embeds"][0]["description"].startswith(spanish(bot, "atletico-2020-first-leg-venue"))
    dm = server.open_dm(world.fan)
    reply = await chat(server, dm.id, world.fan, "¿quién ganó la ida en 2023?")
    assert reply["embeds"][0]["description"].startswith(spanish(bot, "real-madrid-2023-first-leg-score"))


async def test_an_empty_mention_is_answered_in_the_conversations_language(server: FakeDiscord, world: World,
                                                                          bot: TiesBot) -> None:
    assert bot.user is not None
    me = f"<@{bot.user.id}>"
    assert "Ask me something" in (await chat(server, world.general.id, world.fan, me))["content"]
    await chat(server, world.general.id, world.fan, f"{me} ¿quién ganó la ida en 2023?")
    hint = await chat(server, world.general.id, world.fan, me)
    assert hint["content"].startswith("Pregúntame algo") and "/ayuda" in hint["content"]


# --- buttons speak the answer's language -----------------------------------------------------------
async def test_a_spanish_decline_offers_spanish_buttons_and_a_press_answers_in_spanish(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    declined = await ask(server, world, "¿qué desayunó Salah el día del partido?", "es-ES")
    assert is_ephemeral(declined)
    [embed] = declined["embeds"]
    assert embed["title"] == "No puedo responder a eso con los artículos"
    assert "Pulsa un botón" in embed["description"]
    offered = buttons(declined)
    assert offered and all(b["label"].startswith("¿") for b in offered)

    press = await server.click_button(declined, offered[0]["custom_id"], user=world.fan, locale="es-ES")
    answer = await server.wait_for_message(world.general.id, lambda m: not is_ephemeral(m))
    assert press.response is not None and press.response.type == 7
    assert answer["embeds"][0]["title"] == offered[0]["label"]
    assert answer["embeds"][0]["footer"]["text"].startswith("Fuente: ")


async def test_a_suggestion_is_asked_in_its_own_language_whoever_presses(server: FakeDiscord, world: World,
                                                                         bot: TiesBot) -> None:
    declined = await chat(server, world.chat.id, world.fan, "¿qué desayunó Salah el día del partido?")
    offered = buttons(declined)
    assert offered and "¿Quizás quisiste decir" in declined["embeds"][0]["description"]
    await server.click_button(declined, offered[0]["custom_id"], user=world.manager, locale="en-GB")
    answer = await server.wait_for_message(world.chat.id, lambda m: m["embeds"] and
                                           m["embeds"][0].get("title") == offered[0]["label"])
    assert answer["embeds"][0]["footer"]["text"].startswith("Fuente: ")


async def test_the_full_quote_button_and_its_reply_are_spanish(server: FakeDiscord, world: World,
                                                               bot: TiesBot) -> None:
    message = await ask(server, world, "¿con qué palabra describe Klopp las noches especiales de Anfield?", "es-419")
    shown = message["embeds"][0]["description"]
    assert "(Traducción: «" in shown and "…" in shown and shown != spanish(bot, "klopp-2021-quote-together")
    [full] = buttons(message)
    assert full["label"] == "Cita completa"
    reply = await (await server.click_button(message, full["custom_id"], user=world.fan,
                                             locale="es-419")).wait_final()
    assert is_ephemeral(reply)
    [embed] = reply["embeds"]
    assert embed["title"] == "Cita completa"
    assert embed["description"] == spanish(bot, "klopp-2021-quote-together")


async def test_a_spanish_client_over_the_budget_is_told_in_spanish(server: FakeDiscord, world: World,
                                                                    start: StartBot) -> None:
    await start(cooldown_burst=1, cooldown_refill_seconds=60.0)
    answered = await chat(server, world.chat.id, world.fan, "¿quién ganó la ida en 2023?")
    assert answered["embeds"][0]["footer"]["text"].startswith("Fuente: ")
    # Refused before it is read: told in the language the conversation was last answered in.
    notice = await chat(server, world.chat.id, world.fan, "¿y la vuelta?")
    assert notice["content"].startswith("Tranquilo") and not notice.get("embeds")
    refused = await ask(server, world, "¿y la vuelta?", "es-419")  # a slash command: the client's language
    assert is_ephemeral(refused) and refused["content"].startswith("Tranquilo") and " s." in refused["content"]
    english_refused = await ask(server, world, "and the second leg?", "en-GB")
    assert english_refused["content"].startswith("Easy there")


async def test_echoed_text_in_spanish_pings_nobody(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    typed = f"@everyone <@&{world.mod_role.id}> <@{world.manager.id}>"
    unknown = await (await server.invoke_command("tie", {"tie": typed}, user=world.fan, channel_id=world.general.id,
                                                 locale="es-ES")).wait_final()
    assert typed in unknown["content"]
    nobody = await (await server.invoke_command("quote", {"person": typed}, user=world.fan,
                                                channel_id=world.general.id, locale="es-ES")).wait_final()
    assert nobody["content"].startswith("Los artículos no citan a nadie llamado")
    # the server fixture checks that no request could have pinged anyone


# --- localized commands ------------------------------------------------------------------------------
async def test_every_synced_command_and_option_carries_spanish_names_and_descriptions(
    server: FakeDiscord, world: World, bot: TiesBot
) -> None:
    [sync] = server.requests_to("PUT", GUILD_COMMANDS)
    sent: list[dict[str, Any]] = sync.json
    commands = {c["name"]: c for c in sent}
    assert set(commands) == {"ask", "tie", "quote", "help", "facts"}
    everything = [*sent, *(o for c in sent for o in walk(c.get("options") or []))]
    for item in everything:
        for field in ("name_localizations", "description_localizations"):
            assert set(item.get(field) or {}) == set(SPANISH_CLIENTS), (item["name"], field)
        assert item["name_localizations"]["es-ES"] == item["name_localizations"]["es-419"]
        assert item["description_localizations"]["es-ES"] == item["description_localizations"]["es-419"]
    assert commands["ask"]["name"] == "ask"  # Discord still sends the bot the English names
    assert commands["ask"]["name_localizations"]["es-ES"] == "preguntar"
    assert commands["ask"]["options"][0]["name_localizations"]["es-ES"] == "pregunta"
    facts = {o["name"]: o for o in commands["facts"]["options"]}
    assert facts["explain"]["name_localizations"]["es-419"] == "explicar"
    assert {o["name"] for o in facts["explain"]["options"]} == {"question", "language"}

    stored = {c["name"]: c for c in server.commands(world.guild.id)}  # what Discord keeps and returns
    assert stored["help"]["name_localizations"] == {"es-ES": "ayuda", "es-419": "ayuda"}
    assert stored["tie"]["options"][0]["description_localizations"]["es-ES"].startswith("Escribe un equipo")


async def test_a_spanish_client_invokes_a_command_by_its_english_name(server: FakeDiscord, world: World,
                                                                      bot: TiesBot) -> None:
    """Discord sends the default name whatever the client showed, so the bot's handlers need no Spanish."""
    handle = await server.invoke_command("facts explain", {"question": "¿quién ganó la ida en 2023?"},
                                         user=world.manager, channel_id=world.general.id, locale="es-ES")
    message = await handle.wait_final()
    language = next(f["value"] for f in message["embeds"][0]["fields"] if f["name"] == "Language")
    assert language.startswith("read in Español (es), answered in Español (es)")
    assert "the question's own words" in language or "the language detector" in language


async def test_facts_explain_shows_the_language_asked_for(server: FakeDiscord, world: World, bot: TiesBot) -> None:
    options = {"question": "which ground hosted the opening leg versus atleti in 2020?", "language": "es"}
    message = await (await server.invoke_command("facts explain", options, user=world.manager,
                                                 channel_id=world.general.id)).wait_final()
    fields = {f["name"]: f["value"] for f in message["embeds"][0]["fields"]}
    assert fields["Language"] == ("read in English (en), answered in Español (es) "
                                  "(chosen by the language asked for)")
    assert fields["Answered"].startswith(spanish(bot, "atletico-2020-first-leg-venue")[:100])
    suggested = await server.autocomplete("facts explain", {"question": "x", "language": "esp"}, "language",
                                          user=world.manager, channel_id=world.general.id)
    assert (await suggested.wait_response()).choices == [{"name": "Español (es)", "value": "es"}]
    unknown = await (await server.invoke_command("facts explain", {"question": "x", "language": "klingon"},
                                                 user=world.manager, channel_id=world.general.id)).wait_final()
    assert is_ephemeral(unknown) and "Known: en (English), es (Español)" in unknown["content"]


async def test_a_command_the_language_file_leaves_out_is_logged_and_shown_in_english(
    server: FakeDiscord, world: World, start: StartBot, knowledge_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = knowledge_dir / "language" / "es.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["commands"]["help"]
    data["commands"]["facts forget"] = {"name": "olvidar", "description": "Nada"}
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with caplog.at_level(logging.WARNING, logger="bot.app.client"):
        await start()
    warned = [r.getMessage() for r in caplog.records if r.name == "bot.app.client"]
    assert "language/es.yaml · commands · help: missing; Español clients see /help in English" in warned
    assert "language/es.yaml · commands · facts forget: no command is called /facts forget" in warned
    [sync] = server.requests_to("PUT", GUILD_COMMANDS)
    synced = {c["name"]: c for c in sync.json}
    assert synced["help"]["name_localizations"] == {} and synced["ask"]["name_localizations"]["es-ES"] == "preguntar"


# --- the language files are checked when they load ---------------------------------------------------
def _broken(knowledge_dir: Path, change: Any) -> list[str]:
    path = knowledge_dir / "language" / "es.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(KnowledgeError) as failure:
        load_knowledge(knowledge_dir)
    return [str(issue) for issue in failure.value.issues]


@pytest.mark.parametrize(("change", "expected"), [
    (lambda d: d["commands"]["ask"].update(name="Preguntar"),
     "language/es.yaml · commands · ask.name: 'Preguntar' must be lowercase"),
    (lambda d: d["commands"]["ask"].update(name="haz una pregunta"),
     "language/es.yaml · commands · ask.name: 'haz una pregunta' is not a Discord command name"),
    (lambda d: d["commands"]["help"].update(description="x" * 101),
     "language/es.yaml · commands · help.description: must be 1-100 characters"),
    (lambda d: d["commands"]["quote"].update(name="preguntar"),
     "language/es.yaml · commands · quote.name: 'preguntar' also names 'ask' in this language"),
    (lambda d: d["commands"]["facts draft"]["options"]["article_id"].update(name="articulo"),
     "language/es.yaml · commands · facts draft.options.article_id.name: 'articulo' also names the option"),
    (lambda d: d["discord"].pop("cooldown"), "language/es.yaml · discord · cooldown: missing"),
    (lambda d: d["discord"].update(cooldown="Espera {segundos} s."),
     "language/es.yaml · discord · cooldown: names {segundos}; this text's slots are {seconds}"),
    (lambda d: d["discord"].update(saludo="Hola"), "language/es.yaml · discord · saludo: not a text"),
    (lambda d: d.update(discord_locales=["es-ES", "es-ES"]),
     "language/es.yaml · discord_locales · es-ES: listed twice"),
    (lambda d: d.update(discord_locales=["es_ES"]), "language/es.yaml · discord_locales · 0: String should match"),
])
def test_a_bad_discord_section_is_named_by_file_section_and_key(knowledge_dir: Path, change: Any,
                                                                expected: str) -> None:
    shown = _broken(knowledge_dir, change)
    assert any(s.startswith(expected) for s in shown), shown


def test_a_client_language_is_served_by_one_file(knowledge_dir: Path) -> None:
    path = knowledge_dir / "language" / "en.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "\ndiscord_locales: [en-GB, es-419]\n", encoding="utf-8")
    with pytest.raises(KnowledgeError) as failure:
        load_knowledge(knowledge_dir)
    assert [str(i) for i in failure.value.issues] == [
        "language/es.yaml · discord_locales · es-419: already in en.yaml: a Discord client is answered in one language"]


# --- the local Discord server checks localizations as Discord does -----------------------------------
async def test_the_server_refuses_localizations_discord_refuses() -> None:
    async with running_fake_discord(token=TOKEN) as fake:
        url = f"{fake.api_base}/applications/{fake.application_id}/commands"
        good = {"name": "ask", "description": "Ask", "name_localizations": {"es-ES": "preguntar"},
                "description_localizations": {"es-ES": "Pregunta"},
                "options": [{"type": 3, "name": "question", "description": "Q",
                             "name_localizations": {"es-419": "pregunta"}}]}
        bad = [
            {**good, "name_localizations": {"es": "preguntar"}},  # not a Discord locale
            {**good, "name_localizations": {"es-ES": "Preguntar"}},  # capitals
            {**good, "description_localizations": {"es-ES": "x" * 101}},
            {**good, "options": [{"type": 3, "name": "a", "description": "A", "name_localizations": {"es-ES": "x"}},
                                 {"type": 3, "name": "x", "description": "X", "required": False}]},
        ]
        async with aiohttp.ClientSession(headers={"Authorization": f"Bot {TOKEN}"}) as http:
            async with http.put(url, json=[good]) as resp:
                assert resp.status == 200
                [stored] = await resp.json()
                assert stored["name_localizations"] == {"es-ES": "preguntar"}
                assert stored["options"][0]["name_localizations"] == {"es-419": "pregunta"}
            for body in bad:
                async with http.put(url, json=[body]) as resp:
                    assert resp.status == 400, body
        assert len(fake.validation_errors) == len(bad)
        assert "'es' is not a valid locale" in fake.validation_errors[0]
        assert "must be lowercase" in fake.validation_errors[1]
        assert "already the es-ES name of option 0" in fake.validation_errors[3]

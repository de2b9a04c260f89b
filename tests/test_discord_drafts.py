"""A moderator drops a new article into Discord, reviews the drafts, approves some, and fans get answers.

The article is written for this test (not one of the three shipped ones): a team-news piece
before the 2021 second leg, with two Klopp quotes, a first-leg score and a record.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from bot.app.client import TiesBot
from fakediscord import FakeDiscord
from tests.conftest import World, embed_text, modal_values
from tests.test_discord_facts import ask, facts

ARTICLE = """ date 2021-04-13 Liverpool will be without Jordan Henderson for the visit of Real Madrid, as the \
captain continues his recovery from a groin injury.

Klopp has won 11 of his last 14 home games in Europe.

"We know what Anfield can do on a night like this," Klopp said. "The supporters will not be there, \
but we will feel them anyway."

Real Madrid won the first leg 3-1 at the Alfredo Di Stéfano Stadium last week.
"""
ARTICLE_ID = "2021-henderson-out"
FANS_QUESTION = "what did klopp say about the supporters"


async def upload(server: FakeDiscord, world: World, filename: str, content: bytes, **options: str) -> dict:
    handle = await server.invoke_command(
        "facts draft", {"article": {"filename": filename, "content": content, "content_type": "text/plain"},
                        **options}, user=world.manager, channel_id=world.general.id)
    return await handle.wait_final()


def draft_id(knowledge_dir: Path, needle: str) -> str:
    data = yaml.safe_load((knowledge_dir / "facts" / f"{ARTICLE_ID}.yaml").read_text(encoding="utf-8"))
    [fact] = [f for f in data["facts"] if needle in f["answer"]]
    assert fact["status"] == "draft"
    return fact["id"]


async def test_upload_review_approve_and_fans_get_the_answer(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    imported = embed_text(await upload(server, world, "henderson.txt", ARTICLE.encode(), article_id=ARTICLE_ID))
    assert f"from `{ARTICLE_ID}`" in imported and "Liverpool v Real Madrid" in imported
    assert "feel them anyway" in imported and "3-1" in imported
    assert (knowledge_dir / "articles" / f"{ARTICLE_ID}.yaml").is_file()
    supporters = draft_id(knowledge_dir, "feel them anyway")

    listing = embed_text(await facts(server, world, "drafts"))
    assert "waiting for review" in listing and supporters in listing

    # Drafts are never served: the fan gets some other Klopp quote, not the new one.
    assert "feel them anyway" not in await ask(server, world, FANS_QUESTION)

    opened = await server.invoke_command("facts approve", {"id": supporters}, user=world.manager,
                                         channel_id=world.general.id)
    form = (await opened.wait_response()).modal
    assert form is not None
    spanish = modal_values(form, {})["fact-answer-es"].replace(
        "[POR TRADUCIR]", "Los aficionados no estarán, pero los sentiremos igualmente.")
    submitted = await server.submit_modal(opened, modal_values(form, {"fact-answer-es": spanish}))
    approved = embed_text(await submitted.wait_final())
    assert f"Approved `{supporters}`" in approved
    answer = await ask(server, world, FANS_QUESTION)
    assert "feel them anyway" in answer and "Source:" in answer
    saved = yaml.safe_load((knowledge_dir / "facts" / f"{ARTICLE_ID}.yaml").read_text(encoding="utf-8"))
    assert [f.get("status", "approved") for f in saved["facts"] if f["id"] == supporters] == ["approved"]

    record = draft_id(knowledge_dir, "11 of his last 14")
    rejected = embed_text(await facts(server, world, "reject", {"id": record}))
    assert f"Rejected `{record}`" in rejected
    assert record not in embed_text(await facts(server, world, "drafts"))
    assert bot.engine.knowledge.fact_or_draft(record) is None

    # Approving an approved fact, or rejecting one, is refused with a reason and changes nothing.
    refused = embed_text(await facts(server, world, "reject", {"id": supporters}))
    assert "not a draft" in refused
    assert supporters in bot.engine.knowledge.facts


async def test_approve_and_reject_autocomplete_only_offers_drafts(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    await upload(server, world, "henderson.txt", ARTICLE.encode(), article_id=ARTICLE_ID)
    for command in ("facts approve", "facts reject"):
        handle = await server.autocomplete(command, {"id": ""}, "id", user=world.manager, channel_id=world.general.id)
        values = [c["value"] for c in (await handle.wait_response()).choices or []]
        assert values and all(v.startswith(ARTICLE_ID) for v in values), values
    handle = await server.autocomplete("facts approve", {"id": "anyway"}, "id", user=world.manager,
                                       channel_id=world.general.id)
    [choice] = (await handle.wait_response()).choices or []
    assert choice["value"] == draft_id(knowledge_dir, "feel them anyway")


async def test_a_file_that_is_not_a_text_article_is_refused_and_nothing_is_written(
    server: FakeDiscord, world: World, bot: TiesBot, knowledge_dir: Path
) -> None:
    before = sorted(p.name for p in (knowledge_dir / "articles").iterdir())
    handle = await server.invoke_command(
        "facts draft", {"article": {"filename": "photo.png", "content": b"\x89PNG\r\n", "content_type": "image/png"}},
        user=world.manager, channel_id=world.general.id)
    assert "not a .txt file" in embed_text(await handle.wait_final())
    latin1 = await upload(server, world, "old.txt", "Café crème said Klopp".encode("latin-1"))
    assert "not UTF-8" in embed_text(latin1)
    await upload(server, world, "henderson.txt", ARTICLE.encode(), article_id=ARTICLE_ID)
    again = embed_text(await upload(server, world, "henderson.txt", ARTICLE.encode(), article_id=ARTICLE_ID))
    assert "exists already" in again
    assert sorted(p.name for p in (knowledge_dir / "articles").iterdir()) == sorted([*before, f"{ARTICLE_ID}.yaml"])

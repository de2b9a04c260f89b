"""One per-user question budget shared by /ask, "did you mean" buttons and chat, as Discord sees it.

The budget itself (a token bucket: a burst, then a slower refill) is plain Python in
`bot.core.ratelimit`; this module turns a refusal into what each way of asking shows: an
ephemeral reply for an interaction (raised as `TooManyQuestions` for the one error handler),
one short reply in chat for the first refusal and silence after it, until the user is answered
again.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import discord
from discord import app_commands

from bot.app.texts import Texts
from bot.core.ratelimit import QuestionBudget, Refusal

__all__ = ["Refusal", "TooManyQuestions", "UserCooldown", "ask_cooldown", "cooldown_text"]

T = TypeVar("T")


class TooManyQuestions(app_commands.CheckFailure):
    """The user is over the question budget; the error handler answers it ephemerally."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"over the question budget; may ask again in {retry_after:.1f} s")
        self.retry_after = retry_after


class UserCooldown(QuestionBudget):
    """The bot's shared budget: `hit` for chat (which decides whether to speak), `check` for interactions."""

    def check(self, user_id: int) -> None:
        """Spend one question or raise `TooManyQuestions`: an interaction always gets an answer."""
        refusal = self.hit(user_id, via="interaction")
        if refusal is not None:
            raise TooManyQuestions(refusal.retry_after)


def ask_cooldown() -> Callable[[T], T]:
    """App command check spending one question from the user's shared budget."""

    async def predicate(interaction: discord.Interaction[Any]) -> bool:
        interaction.client.cooldown.check(interaction.user.id)
        return True

    return app_commands.check(predicate)


def cooldown_text(retry_after: float, texts: Texts) -> str:
    """The friendly message for a user over the limit, in `texts`' language."""
    return texts("cooldown", seconds=max(1, round(retry_after)))

"""Discord-style HTTP errors and the exceptions raised to tests.

The REST layer turns :class:`DiscordHTTPError` into the JSON body Discord sends
(``{"code": ..., "message": ..., "errors": ...}``), which discord.py parses into
``HTTPException.code`` and ``.text``: tests then see the same failures they would see in production.
"""

from __future__ import annotations

from typing import Any

# Discord JSON error codes used by this server (see Discord's "JSON Error Codes" table).
GENERAL_ERROR = 0
UNKNOWN_CHANNEL = 10003
UNKNOWN_GUILD = 10004
UNKNOWN_MEMBER = 10007
UNKNOWN_MESSAGE = 10008
UNKNOWN_USER = 10013
UNKNOWN_WEBHOOK = 10015
UNKNOWN_INTERACTION = 10062
UNKNOWN_APPLICATION_COMMAND = 10063
UNAUTHORIZED = 40001
INTERACTION_ALREADY_ACKNOWLEDGED = 40060
CANNOT_SEND_EMPTY_MESSAGE = 50006
CANNOT_SEND_MESSAGES_TO_USER = 50007
MISSING_PERMISSIONS = 50013
INVALID_FORM_BODY = 50035


class DiscordHTTPError(Exception):
    """An error response the fake server sends, shaped like Discord's.

    ``errors`` follows Discord's nested layout: ``{"field": {"_errors": [{"code", "message"}]}}``.
    """

    def __init__(
        self,
        status: int,
        code: int,
        message: str,
        *,
        errors: dict[str, Any] | None = None,
        detail: str | None = None,
    ) -> None:
        super().__init__(f"{status} {code} {message}" + (f": {detail}" if detail else ""))
        self.status = status
        self.code = code
        self.message = message
        self.errors = errors
        self.detail = detail or message

    def body(self) -> dict[str, Any]:
        """Return the JSON body Discord would send for this error."""
        body: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.errors:
            body["errors"] = self.errors
        return body


def invalid_form_body(problems: list[tuple[str, str]]) -> DiscordHTTPError:
    """Build a 400 ``Invalid Form Body`` (code 50035) from ``(json path, message)`` problems.

    Paths use dots and indexes (``embeds.0.title``) and are nested the way Discord nests them.
    """
    errors: dict[str, Any] = {}
    for path, message in problems:
        node = errors
        for part in [p for p in path.split(".") if p]:
            node = node.setdefault(part, {})
        node.setdefault("_errors", []).append({"code": "BASE_TYPE_INVALID", "message": message})
    detail = "; ".join(f"{path}: {message}" if path else message for path, message in problems)
    return DiscordHTTPError(400, INVALID_FORM_BODY, "Invalid Form Body", errors=errors, detail=detail)


class FakeDiscordError(Exception):
    """Base class of the errors the fake server raises to the test that drives it."""


class CommandNotSynced(FakeDiscordError, LookupError):
    """The test invoked a command that the bot never synced, so Discord would not offer it."""


class InvocationRefused(FakeDiscordError):
    """Discord's client would not let this user invoke this command or component here.

    For example the command's ``default_member_permissions`` exceed the member's permissions, its
    ``contexts`` exclude DMs, or the button is disabled.
    """


class NotConnected(FakeDiscordError):
    """No bot session is connected for the shard that would receive the event."""

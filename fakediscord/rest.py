"""The REST API under ``/api/v10``: the routes discord.py uses, answered as Discord answers them.

Every request passes through one middleware that records it, checks the bot token, parses JSON
or multipart (``payload_json`` + ``files[n]``) bodies and validates them against Discord's OpenAPI
schema; handlers then apply Discord's limits and rules (for uploads: each ``attachments`` entry
names a ``files[n]`` part by its id and filename, and an embed's ``attachment://`` URL becomes the
file's). Whatever Discord would refuse is answered with Discord's status and JSON error body *and*
recorded in ``server.validation_errors``, so a test notices even when the bot swallows the
``HTTPException``.

JSON responses carry exactly ``content-type: application/json``: discord.py only decodes JSON
when the header is that string, and aiohttp's ``json_response`` would add ``; charset=utf-8``.
"""

from __future__ import annotations

import contextvars
import copy
import json
import logging
import mimetypes
import re
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from aiohttp import BodyPartReader, web

from . import errors as codes
from .errors import DiscordHTTPError, invalid_form_body
from .interactions import (
    ALLOWED_CALLBACKS,
    APPLICATION_COMMAND,
    ATTACHMENT_SIZE_LIMIT,
    AUTOCOMPLETE_RESULT,
    CHANNEL_MESSAGE,
    DEFERRED_CHANNEL_MESSAGE,
    DEFERRED_UPDATE_MESSAGE,
    INTERACTION_TOKEN_LIFETIME,
    MODAL,
    UPDATE_MESSAGE,
    CallbackResponse,
    InteractionHandle,
)
from .limits import check_autocomplete, check_command, check_commands, check_message, check_modal, is_empty_message
from .openapi import JSON, MULTIPART
from .state import (
    ATTACH_FILES,
    EPHEMERAL,
    IS_COMPONENTS_V2,
    LOADING,
    READ_MESSAGE_HISTORY,
    SEND_MESSAGES,
    SUPPRESS_EMBEDS,
    SUPPRESS_NOTIFICATIONS,
    VIEW_CHANNEL,
    Channel,
)

if TYPE_CHECKING:
    from .server import FakeDiscord

log = logging.getLogger(__name__)

API_PREFIX = "/api/v10"
MANAGE_MESSAGES = 1 << 13
CHANNEL_MESSAGE_FLAGS = SUPPRESS_EMBEDS | SUPPRESS_NOTIFICATIONS | IS_COMPONENTS_V2
INTERACTION_MESSAGE_FLAGS = CHANNEL_MESSAGE_FLAGS | EPHEMERAL
REPLY = 19
CHAT_INPUT_COMMAND = 20

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]

# Where the middleware leaves the parsed body for handlers (typed keys exist since aiohttp 3.11).
BODY: Any = web.RequestKey("fakediscord_body", object) if hasattr(web, "RequestKey") else "fakediscord_body"
FILES: Any = web.RequestKey("fakediscord_files", list) if hasattr(web, "RequestKey") else "fakediscord_files"

_CURRENT_RECORD: contextvars.ContextVar[RequestRecord | None] = contextvars.ContextVar(
    "fakediscord_current_record", default=None
)
"""The request being handled (aiohttp runs each in its own task), so whatever creates or edits a
message can note it on the request's record whatever route it came through."""


MAX_FILES = 10
"""Discord takes at most ten files (attachments) on one message."""
FILE_FIELD = re.compile(r"^files\[(0|[1-9][0-9]*)\]$")
"""A file part's name: ``files[n]``, where n is the placeholder id the payload's ``attachments`` refer to."""
ATTACHMENT_URL = "attachment://"
EMBED_MEDIA = (("image", "url"), ("thumbnail", "url"), ("author", "icon_url"), ("footer", "icon_url"))
"""Where an embed may name an uploaded file as ``attachment://<filename>``."""


@dataclass
class UploadedFile:
    """One ``files[n]`` part of a multipart request."""

    field: str
    filename: str
    content_type: str
    data: bytes

    @property
    def index(self) -> str:
        """The ``n`` of ``files[n]``: the id the payload's ``attachments`` give this file."""
        match = FILE_FIELD.match(self.field)
        return match.group(1) if match else ""


@dataclass
class RequestRecord:
    """One HTTP request the bot made, as the server understood it."""

    method: str
    path: str
    query: dict[str, str]
    json: Any
    time: float
    route: str | None = None
    status: int = 0
    files: list[str] = field(default_factory=list)
    error: str | None = None
    messages: list[str] = field(default_factory=list)
    """Ids of the messages this request created or edited (filled in by the handlers)."""

    @property
    def message_body(self) -> dict[str, Any] | None:
        """The message fields of the request (callbacks nest them in ``data``), or None."""
        if not isinstance(self.json, dict):
            return None
        if self.path.endswith("/callback"):
            data = self.json.get("data")
            return data if isinstance(data, dict) else None
        return self.json

    @property
    def allowed_mentions(self) -> dict[str, Any] | None:
        """The ``allowed_mentions`` the request carried (None when absent)."""
        body = self.message_body
        return body.get("allowed_mentions") if body else None


def _png_size(data: bytes) -> tuple[int, int] | None:
    """A PNG's width and height from its header (IHDR comes first), or None for anything else."""
    if len(data) < 24 or not data.startswith(b"\x89PNG\r\n\x1a\n") or data[12:16] != b"IHDR":
        return None
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")


def json_response(data: Any, status: int = 200) -> web.Response:
    """A JSON response whose content-type is exactly ``application/json``, as discord.py requires."""
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


def no_content() -> web.Response:
    """An empty 204 response."""
    return web.Response(status=204)


def _truthy_query(value: str | None, name: str) -> bool:
    if value is None:
        return False
    lowered = value.lower()
    if lowered in ("1", "true"):
        return True
    if lowered in ("0", "false"):
        return False
    raise invalid_form_body([(name, f"{value!r} is not a boolean")])


class RestApi:
    """Route handlers, bound to one :class:`FakeDiscord`."""

    def __init__(self, server: FakeDiscord) -> None:
        self.server = server
        self.state = server.state
        self.events = server.events

    # --- application and middleware ------------------------------------------------------------------

    def build_app(self) -> web.Application:
        """Create the aiohttp application with every route."""
        app = web.Application(middlewares=[self._middleware], client_max_size=32 * 1024 * 1024)
        p = API_PREFIX
        routes: list[tuple[str, str, Handler]] = [
            ("GET", "/gateway", self.get_gateway),
            ("GET", "/gateway/bot", self.get_gateway_bot),
            ("GET", "/users/@me", self.get_current_user),
            ("GET", "/users/{user_id}", self.get_user),
            ("GET", "/oauth2/applications/@me", self.get_application),
            ("GET", "/applications/@me", self.get_application),
            ("POST", "/users/@me/channels", self.create_dm),
            ("GET", "/applications/{application_id}/commands", self.list_commands),
            ("PUT", "/applications/{application_id}/commands", self.bulk_overwrite_commands),
            ("POST", "/applications/{application_id}/commands", self.upsert_command),
            ("GET", "/applications/{application_id}/commands/{command_id}", self.get_command),
            ("PATCH", "/applications/{application_id}/commands/{command_id}", self.edit_command),
            ("DELETE", "/applications/{application_id}/commands/{command_id}", self.delete_command),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands", self.list_commands),
            ("PUT", "/applications/{application_id}/guilds/{guild_id}/commands", self.bulk_overwrite_commands),
            ("POST", "/applications/{application_id}/guilds/{guild_id}/commands", self.upsert_command),
            ("GET", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", self.get_command),
            ("PATCH", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", self.edit_command),
            ("DELETE", "/applications/{application_id}/guilds/{guild_id}/commands/{command_id}", self.delete_command),
            ("GET", "/guilds/{guild_id}", self.get_guild),
            ("GET", "/guilds/{guild_id}/channels", self.get_guild_channels),
            ("GET", "/guilds/{guild_id}/roles", self.get_guild_roles),
            ("GET", "/guilds/{guild_id}/members/{user_id}", self.get_member),
            ("GET", "/channels/{channel_id}", self.get_channel),
            ("POST", "/channels/{channel_id}/typing", self.trigger_typing),
            ("GET", "/channels/{channel_id}/messages", self.list_messages),
            ("POST", "/channels/{channel_id}/messages", self.create_message),
            ("GET", "/channels/{channel_id}/messages/{message_id}", self.get_message),
            ("PATCH", "/channels/{channel_id}/messages/{message_id}", self.edit_message),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}", self.delete_message),
            ("PUT", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.add_reaction),
            ("DELETE", "/channels/{channel_id}/messages/{message_id}/reactions/{emoji}/@me", self.remove_reaction),
            ("POST", "/interactions/{interaction_id}/{token}/callback", self.interaction_callback),
            ("POST", "/webhooks/{application_id}/{token}", self.create_followup),
            ("GET", "/webhooks/{application_id}/{token}/messages/@original", self.get_webhook_message),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/@original", self.edit_webhook_message),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/@original", self.delete_webhook_message),
            ("GET", "/webhooks/{application_id}/{token}/messages/{message_id}", self.get_webhook_message),
            ("PATCH", "/webhooks/{application_id}/{token}/messages/{message_id}", self.edit_webhook_message),
            ("DELETE", "/webhooks/{application_id}/{token}/messages/{message_id}", self.delete_webhook_message),
        ]
        for method, path, handler in routes:
            app.router.add_route(method, p + path, handler)
        app.router.add_get("/attachments/{attachment_id}/{filename}", self.get_attachment)
        app.router.add_get("/gateway", self.server.gateway.handle)
        return app

    @web.middleware
    async def _middleware(self, request: web.Request, handler: Handler) -> web.StreamResponse:
        if not request.path.startswith(API_PREFIX + "/"):
            return await handler(request)
        path = request.path[len(API_PREFIX) :]
        record = RequestRecord(
            method=request.method, path=path, query=dict(request.query), json=None, time=time.monotonic()
        )
        self.server.requests.append(record)
        _CURRENT_RECORD.set(record)
        try:
            response = await self._handle(request, handler, record)
        except DiscordHTTPError as exc:
            record.error = exc.detail
            where = record.route or path
            problem = f"{request.method} {where}: {exc.status} {exc.message} (code {exc.code}): {exc.detail}"
            self.server.validation_errors.append(problem)
            log.warning("fakediscord refused %s", problem)
            response = json_response(exc.body(), status=exc.status)
        except web.HTTPException:
            raise
        except Exception as exc:
            # A bug in the fake server. Answering 500 would make discord.py retry for ~25 s;
            # a 400 fails the bot's call at once and the entry below fails the test.
            log.exception("fakediscord crashed on %s %s", request.method, path)
            record.error = f"fakediscord internal error: {exc!r}"
            self.server.validation_errors.append(f"{request.method} {path}: {record.error}")
            response = json_response({"message": record.error, "code": 0}, status=400)
        record.status = response.status
        return response

    async def _handle(self, request: web.Request, handler: Handler, record: RequestRecord) -> web.StreamResponse:
        path = record.path
        http_exception = request.match_info.http_exception
        if isinstance(http_exception, web.HTTPMethodNotAllowed):
            raise DiscordHTTPError(
                405,
                codes.GENERAL_ERROR,
                "405: Method Not Allowed",
                detail=f"fakediscord does not implement {request.method} {path}",
            )
        if http_exception is not None:
            known = self.server.validator.match(path) if self.server.validator.enabled else None
            hint = f"Discord documents {known}" if known else "Discord has no such route either"
            raise DiscordHTTPError(
                404,
                codes.GENERAL_ERROR,
                "404: Not Found",
                detail=f"fakediscord does not implement {request.method} {path} ({hint})",
            )
        resource = request.match_info.route.resource
        record.route = resource.canonical[len(API_PREFIX) :] if resource is not None else None
        is_webhook = path.startswith(("/webhooks/", "/interactions/"))
        if not is_webhook and request.headers.get("Authorization") != f"Bot {self.server.token}":
            raise DiscordHTTPError(
                401,
                codes.GENERAL_ERROR,
                "401: Unauthorized",
                detail="missing or wrong 'Authorization: Bot <token>' header",
            )
        body, files = await self._read_body(request)
        record.json = body
        record.files = [f.filename for f in files]
        has_body = body is not None
        multipart = request.content_type == MULTIPART
        problems = self.server.validator.validate(request.method, path, body, has_body=has_body,
                                                  content_type=MULTIPART if multipart else JSON)
        if problems:
            raise invalid_form_body(problems)
        request[BODY] = body
        request[FILES] = files
        return await handler(request)

    async def _read_body(self, request: web.Request) -> tuple[Any, list[UploadedFile]]:
        if not request.can_read_body:
            return None, []
        if request.content_type == MULTIPART:
            return await self._read_multipart(request)
        raw = await request.read()
        if request.content_type != "application/json":
            raise DiscordHTTPError(
                400,
                50109,
                "The request body contains invalid JSON.",
                detail=f"unsupported content-type {request.content_type!r}",
            )
        try:
            return json.loads(raw), []
        except ValueError:
            raise DiscordHTTPError(400, 50109, "The request body contains invalid JSON.") from None

    @staticmethod
    async def _read_multipart(request: web.Request) -> tuple[Any, list[UploadedFile]]:
        """A multipart body as Discord reads one: one ``payload_json`` part and ``files[n]`` parts.

        Each file part needs a unique ``files[n]`` name and a filename in its Content-Disposition
        (Discord's "Uploading Files" rules); at most ten files, each within the attachment size limit.
        """
        body: Any = None
        seen_payload = False
        files: list[UploadedFile] = []
        reader = await request.multipart()
        async for part in reader:
            if not isinstance(part, BodyPartReader):
                raise invalid_form_body([("", "nested multipart bodies are not accepted")])
            name = part.name or ""
            data = await part.read(decode=False)
            if name == "payload_json":
                if seen_payload:
                    raise invalid_form_body([("payload_json", "payload_json is given twice")])
                seen_payload = True
                try:
                    body = json.loads(data)
                except ValueError:
                    raise DiscordHTTPError(400, 50109, "The request body contains invalid JSON.") from None
            elif FILE_FIELD.match(name):
                if any(f.field == name for f in files):
                    raise invalid_form_body([(name, f"{name} is given twice; each file part needs a unique name")])
                if not part.filename:
                    raise invalid_form_body([(name, f"{name} has no filename in its Content-Disposition")])
                if len(data) > ATTACHMENT_SIZE_LIMIT:
                    raise DiscordHTTPError(413, 40005, "Request entity too large",
                                           detail=f"{name} is {len(data)} bytes; the limit is {ATTACHMENT_SIZE_LIMIT}")
                # Discord names an attachment's media type itself (clients such as discord.py send every
                # file as application/octet-stream): by the file name, as here, or by its content.
                content_type = (mimetypes.guess_type(part.filename)[0] or part.headers.get("Content-Type")
                                or "application/octet-stream")
                files.append(UploadedFile(name, part.filename, content_type, bytes(data)))
            else:
                raise invalid_form_body([(name, "unexpected multipart field (Discord takes payload_json and "
                                                "files[n])")])
        if len(files) > MAX_FILES:
            raise invalid_form_body([("files", f"{len(files)} files; a message takes at most {MAX_FILES}")])
        return body, files

    # --- helpers ---------------------------------------------------------------------------------------

    def _channel(self, request: web.Request) -> Channel:
        try:
            return self.state.channel(int(request.match_info["channel_id"]))
        except (KeyError, ValueError):
            raise DiscordHTTPError(404, codes.UNKNOWN_CHANNEL, "Unknown Channel") from None

    def _check_app(self, request: web.Request) -> None:
        if request.match_info["application_id"] != str(self.state.application_id):
            raise DiscordHTTPError(
                403,
                50001,
                "Missing Access",
                detail=f"application {request.match_info['application_id']} is not this bot's",
            )

    def _guild_scope(self, request: web.Request) -> int | None:
        self._check_app(request)
        raw = request.match_info.get("guild_id")
        if raw is None:
            return None
        if int(raw) not in self.state.guilds:
            raise DiscordHTTPError(403, 50001, "Missing Access", detail=f"the bot is not in guild {raw}")
        return int(raw)

    def _require_permissions(self, channel: Channel, needed: int, what: str) -> None:
        if channel.guild_id is None:
            return
        have = self.state.guild(channel.guild_id).bot_permissions
        if have & needed != needed:
            raise DiscordHTTPError(
                403,
                codes.MISSING_PERMISSIONS,
                "Missing Permissions",
                detail=f"the bot lacks permissions {needed & ~have} to {what}",
            )

    def _stored_message(self, channel: Channel, message_id: str) -> dict[str, Any]:
        try:
            message = self.state.message(int(message_id))
        except (KeyError, ValueError):
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message") from None
        if message["channel_id"] != str(channel.id):
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message")
        return message

    def _message_fields(
        self,
        body: dict[str, Any],
        files: list[UploadedFile],
        *,
        allowed_flags: int,
        creating: bool,
        existing: dict[str, Any] | None = None,
    ) -> dict[str, Any]:
        """Check a message body against Discord's limits and return the fields to store.

        Uploaded files become attachment objects; on edits, ``attachments`` lists the existing
        attachments to keep, as on Discord.
        """
        problems = check_message(body, has_files=bool(files), creating=creating)
        flags = body.get("flags")
        if flags is not None and int(flags) & ~allowed_flags:
            problems.append(("flags", f"flags {int(flags) & ~allowed_flags} cannot be set here"))
        if problems:
            raise invalid_form_body(problems)
        fields = copy.deepcopy(body)
        for embed in fields.get("embeds") or []:
            embed.setdefault("type", "rich")
        if files or "attachments" in body:
            fields["attachments"] = self._attachments(body, files, existing)
        kept = fields["attachments"] if "attachments" in fields else (existing or {}).get("attachments", [])
        for embed in fields.get("embeds") or []:
            self._resolve_embed_media(embed, kept)
        if not creating and existing is not None:
            merged = {**existing, **fields}
            if is_empty_message(merged):
                raise DiscordHTTPError(400, codes.CANNOT_SEND_EMPTY_MESSAGE, "Cannot send an empty message")
        return fields

    def _attachments(
        self, body: dict[str, Any], files: list[UploadedFile], existing: dict[str, Any] | None
    ) -> list[dict[str, Any]]:
        """The message's attachments: the existing ones ``attachments`` keeps, then one per uploaded file.

        Every ``attachments`` entry must name an uploaded file by its placeholder id (the ``n`` of
        ``files[n]``), with that part's filename, or (on an edit) an attachment the message has.
        """
        described = {str(a.get("id")): a for a in body.get("attachments") or []}
        existing_ids = {a["id"] for a in (existing or {}).get("attachments", [])}
        uploads = {upload.index: upload for upload in files}
        problems = []
        for number, meta in enumerate(body.get("attachments") or []):
            ident = str(meta.get("id"))
            upload = uploads.get(ident)
            if upload is None:
                if ident not in existing_ids:
                    problems.append((f"attachments.{number}.id",
                                     f"attachment {ident} is neither a files[{ident}] part of this request nor "
                                     "an attachment of the message"))
            elif meta.get("filename") is not None and meta["filename"] != upload.filename:
                problems.append((f"attachments.{number}.filename",
                                 f"'{meta['filename']}' is not the filename of files[{ident}] "
                                 f"('{upload.filename}')"))
        if problems:
            raise invalid_form_body(problems)
        kept = []
        if existing is not None:
            kept = [a for a in existing.get("attachments", []) if a["id"] in described]
        created = []
        for upload in files:
            meta = described.get(upload.index, {})
            filename = upload.filename
            attachment_id = self.state.store_attachment(filename, upload.data, upload.content_type)
            url = self.state.attachment_url(attachment_id, filename)
            attachment = {
                "id": str(attachment_id),
                "filename": filename,
                "size": len(upload.data),
                "url": url,
                "proxy_url": url,
                "content_type": upload.content_type,
            }
            size = _png_size(upload.data)
            if size is not None:  # Discord gives an image's dimensions
                attachment["width"], attachment["height"] = size
            if meta.get("description"):
                attachment["description"] = meta["description"]
            created.append(attachment)
        return kept + created

    @staticmethod
    def _resolve_embed_media(embed: dict[str, Any], attachments: list[dict[str, Any]]) -> None:
        """Point an embed's ``attachment://<filename>`` URLs at the attachment, as Discord does.

        A name with no such attachment stays as sent, so the image is missing from the message a
        test reads back, just as Discord shows none.
        """
        for key, url_key in EMBED_MEDIA:
            media = embed.get(key)
            if not isinstance(media, dict):
                continue
            url = media.get(url_key)
            if not isinstance(url, str) or not url.startswith(ATTACHMENT_URL):
                continue
            name = url[len(ATTACHMENT_URL):]
            attachment = next((a for a in attachments if a["filename"] == name), None)
            if attachment is None:
                continue
            media[url_key] = attachment["url"]
            media["proxy_url" if url_key == "url" else f"proxy_{url_key}"] = attachment["proxy_url"]
            if url_key == "url" and attachment.get("width"):
                media.update(width=attachment["width"], height=attachment["height"])

    def _bot_message_created(self, message: dict[str, Any]) -> None:
        self._note_on_request(message)
        self.events.message_created(message)
        self.server.note_bot_message(message)

    def _bot_message_updated(self, message: dict[str, Any]) -> None:
        self._note_on_request(message)
        self.events.message_updated(message)
        self.server.note_bot_message(message)

    @staticmethod
    def _note_on_request(message: dict[str, Any]) -> None:
        """Mark the current request as one that wrote a message, for ``mention_violations``."""
        record = _CURRENT_RECORD.get()
        if record is not None and message["id"] not in record.messages:
            record.messages.append(message["id"])

    # --- login and gateway -----------------------------------------------------------------------------

    async def get_gateway(self, request: web.Request) -> web.Response:
        """``GET /gateway``."""
        return json_response({"url": self.server.gateway_url})

    async def get_gateway_bot(self, request: web.Request) -> web.Response:
        """``GET /gateway/bot``: the websocket URL and the recommended shard count."""
        return json_response(
            {
                "url": self.server.gateway_url,
                "shards": self.server.shards,
                "session_start_limit": dict(self.server.session_start_limit),
            }
        )

    async def get_current_user(self, request: web.Request) -> web.Response:
        """``GET /users/@me``: the bot user (discord.py's login)."""
        return json_response(self.server.bot_user)

    async def get_user(self, request: web.Request) -> web.Response:
        """``GET /users/{id}``."""
        user = self.state.users.get(int(request.match_info["user_id"]))
        if user is None:
            raise DiscordHTTPError(404, codes.UNKNOWN_USER, "Unknown User")
        return json_response(user.to_payload())

    async def get_application(self, request: web.Request) -> web.Response:
        """``GET /oauth2/applications/@me``: the application discord.py reads its id from."""
        return json_response(self.server.application_payload())

    async def create_dm(self, request: web.Request) -> web.Response:
        """``POST /users/@me/channels``: open (or return) the DM channel with a user."""
        body = request[BODY] or {}
        try:
            user = self.state.users[int(body["recipient_id"])]
        except (KeyError, TypeError, ValueError):
            raise invalid_form_body([("recipient_id", "Unknown user")]) from None
        if user.bot:
            raise DiscordHTTPError(400, codes.CANNOT_SEND_MESSAGES_TO_USER, "Cannot send messages to this user")
        return json_response(self.state.open_dm(user).to_payload())

    # --- application commands --------------------------------------------------------------------------

    async def list_commands(self, request: web.Request) -> web.Response:
        """``GET`` the commands of a scope."""
        return json_response(self.state.commands.in_scope(self._guild_scope(request)))

    async def bulk_overwrite_commands(self, request: web.Request) -> web.Response:
        """``PUT`` a scope's commands (``tree.sync()``): validate, assign ids, store."""
        scope = self._guild_scope(request)
        definitions = request[BODY] or []
        problems = check_commands(definitions)
        if problems:
            raise invalid_form_body(problems)
        stored = self.state.commands.replace(
            scope, definitions, application_id=self.state.application_id, snowflakes=self.state.snowflakes
        )
        log.info("synced %d commands to %s", len(stored), f"guild {scope}" if scope else "global scope")
        return json_response(stored)

    async def upsert_command(self, request: web.Request) -> web.Response:
        """``POST`` one command (create or overwrite by name)."""
        scope = self._guild_scope(request)
        problems = check_command(request[BODY])
        if problems:
            raise invalid_form_body(problems)
        command, created = self.state.commands.upsert(
            scope, request[BODY], application_id=self.state.application_id, snowflakes=self.state.snowflakes
        )
        return json_response(command, status=201 if created else 200)

    def _command(self, request: web.Request) -> tuple[int | None, dict[str, Any]]:
        scope = self._guild_scope(request)
        command = self.state.commands.get(scope, int(request.match_info["command_id"]))
        if command is None:
            raise DiscordHTTPError(404, codes.UNKNOWN_APPLICATION_COMMAND, "Unknown application command")
        return scope, command

    async def get_command(self, request: web.Request) -> web.Response:
        """``GET`` one command."""
        return json_response(self._command(request)[1])

    async def edit_command(self, request: web.Request) -> web.Response:
        """``PATCH`` one command: merge the given fields, keep the id."""
        scope, command = self._command(request)
        definition = {**command, **(request[BODY] or {})}
        problems = check_command(definition)
        if problems:
            raise invalid_form_body(problems)
        updated, _ = self.state.commands.upsert(
            scope, definition, application_id=self.state.application_id, snowflakes=self.state.snowflakes
        )
        return json_response(updated)

    async def delete_command(self, request: web.Request) -> web.Response:
        """``DELETE`` one command."""
        scope, command = self._command(request)
        self.state.commands.delete(scope, int(command["id"]))
        return no_content()

    # --- guilds --------------------------------------------------------------------------------------------

    def _guild(self, request: web.Request) -> Any:
        try:
            return self.state.guild(int(request.match_info["guild_id"]))
        except (KeyError, ValueError):
            raise DiscordHTTPError(404, codes.UNKNOWN_GUILD, "Unknown Guild") from None

    async def get_guild(self, request: web.Request) -> web.Response:
        """``GET /guilds/{id}``."""
        payload = self._guild(request).to_payload()
        for key in (
            "channels",
            "members",
            "threads",
            "voice_states",
            "presences",
            "joined_at",
            "large",
            "member_count",
            "unavailable",
            "lazy",
        ):
            payload.pop(key, None)
        return json_response(payload)

    async def get_guild_channels(self, request: web.Request) -> web.Response:
        """``GET /guilds/{id}/channels``."""
        return json_response([c.to_payload() for c in self._guild(request).channels])

    async def get_guild_roles(self, request: web.Request) -> web.Response:
        """``GET /guilds/{id}/roles``."""
        return json_response([r.to_payload() for r in self._guild(request).roles])

    async def get_member(self, request: web.Request) -> web.Response:
        """``GET /guilds/{id}/members/{user_id}``."""
        member = self._guild(request).members.get(int(request.match_info["user_id"]))
        if member is None:
            raise DiscordHTTPError(404, codes.UNKNOWN_MEMBER, "Unknown Member")
        return json_response(member.to_payload())

    # --- channels and messages -----------------------------------------------------------------------------

    async def get_channel(self, request: web.Request) -> web.Response:
        """``GET /channels/{id}``."""
        return json_response(self._channel(request).to_payload())

    async def trigger_typing(self, request: web.Request) -> web.Response:
        """``POST /channels/{id}/typing``: nothing to show, but the channel must exist and be writable."""
        channel = self._channel(request)
        self._require_permissions(channel, VIEW_CHANNEL | SEND_MESSAGES, "type in this channel")
        return no_content()

    async def list_messages(self, request: web.Request) -> web.Response:
        """``GET /channels/{id}/messages``: newest first, with ``limit``/``before``/``after``."""
        channel = self._channel(request)
        self._require_permissions(channel, VIEW_CHANNEL | READ_MESSAGE_HISTORY, "read message history")
        messages = self.state.messages(channel.id)
        before, after = request.query.get("before"), request.query.get("after")
        if before:
            messages = [m for m in messages if int(m["id"]) < int(before)]
        if after:
            messages = [m for m in messages if int(m["id"]) > int(after)]
        limit = int(request.query.get("limit", "50"))
        if not 1 <= limit <= 100:
            raise invalid_form_body([("limit", "must be between 1 and 100")])
        chosen = messages[:limit] if after else messages[-limit:]
        visible = [m for m in reversed(chosen) if not m.get("flags", 0) & EPHEMERAL]
        return json_response(visible)

    async def get_message(self, request: web.Request) -> web.Response:
        """``GET /channels/{id}/messages/{id}``."""
        channel = self._channel(request)
        self._require_permissions(channel, VIEW_CHANNEL | READ_MESSAGE_HISTORY, "read message history")
        return json_response(self._stored_message(channel, request.match_info["message_id"]))

    async def create_message(self, request: web.Request) -> web.Response:
        """``POST /channels/{id}/messages``: send (or reply) as the bot."""
        channel = self._channel(request)
        body: dict[str, Any] = request[BODY] or {}
        files: list[UploadedFile] = request[FILES]
        if channel.is_dm and not channel.recipients[0].accepts_dms:
            raise DiscordHTTPError(403, codes.CANNOT_SEND_MESSAGES_TO_USER, "Cannot send messages to this user")
        self._require_permissions(channel, VIEW_CHANNEL | SEND_MESSAGES, "send messages")
        if files:
            self._require_permissions(channel, ATTACH_FILES, "attach files")
        fields = self._message_fields(body, files, allowed_flags=CHANNEL_MESSAGE_FLAGS, creating=True)
        extra: dict[str, Any] = {}
        explicit = []
        message_type = 0
        reference = body.get("message_reference")
        if reference:
            referenced = self._referenced_message(channel, reference)
            if referenced is not None:
                message_type = REPLY
                extra["message_reference"] = {
                    "type": 0,
                    "message_id": referenced["id"],
                    "channel_id": referenced["channel_id"],
                    **({"guild_id": referenced["guild_id"]} if "guild_id" in referenced else {}),
                }
                extra["referenced_message"] = {k: v for k, v in referenced.items() if k != "referenced_message"}
                mentions = body.get("allowed_mentions")
                if mentions is None or mentions.get("replied_user"):
                    explicit.append(self.state.resolve_user(referenced["author"]))
        message = self.state.create_message(
            channel, self.state.bot, body=fields, message_type=message_type, extra=extra, explicit_mentions=explicit
        )
        self._bot_message_created(message)
        return json_response(message)

    def _referenced_message(self, channel: Channel, reference: dict[str, Any]) -> dict[str, Any] | None:
        if int(reference.get("type") or 0) != 0:
            raise invalid_form_body([("message_reference.type", "only replies (type 0) are supported")])
        self._require_permissions(channel, READ_MESSAGE_HISTORY, "reply (needs Read Message History)")
        fail = reference.get("fail_if_not_exists", True) is not False
        ref_channel = reference.get("channel_id")
        if ref_channel is not None and int(ref_channel) != channel.id:
            raise invalid_form_body([("message_reference.channel_id", "a reply must be in the same channel")])
        try:
            referenced = self.state.message(int(reference["message_id"]))
        except (KeyError, TypeError, ValueError):
            referenced = None
        if referenced is None or referenced["channel_id"] != str(channel.id):
            if fail:
                raise invalid_form_body([("message_reference.message_id", "Unknown message")])
            return None
        return referenced

    async def edit_message(self, request: web.Request) -> web.Response:
        """``PATCH /channels/{id}/messages/{id}``: only the bot's own messages."""
        channel = self._channel(request)
        message = self._stored_message(channel, request.match_info["message_id"])
        if message["author"]["id"] != str(self.state.bot.id):
            raise DiscordHTTPError(403, 50005, "Cannot edit a message authored by another user")
        fields = self._message_fields(
            request[BODY] or {},
            request[FILES],
            allowed_flags=CHANNEL_MESSAGE_FLAGS,
            creating=False,
            existing=message,
        )
        self.state.apply_edit(message, fields)
        self._bot_message_updated(message)
        return json_response(message)

    async def delete_message(self, request: web.Request) -> web.Response:
        """``DELETE /channels/{id}/messages/{id}``: own messages, or others' with Manage Messages."""
        channel = self._channel(request)
        message = self._stored_message(channel, request.match_info["message_id"])
        if message["author"]["id"] != str(self.state.bot.id):
            if channel.is_dm:
                raise DiscordHTTPError(403, 50003, "Cannot execute action on a DM channel")
            self._require_permissions(channel, MANAGE_MESSAGES, "delete others' messages")
        self.state.delete_message(int(message["id"]))
        self.events.message_deleted(message)
        return no_content()

    async def add_reaction(self, request: web.Request) -> web.Response:
        """``PUT .../reactions/{emoji}/@me``: recorded on the message's ``reactions``."""
        channel = self._channel(request)
        message = self._stored_message(channel, request.match_info["message_id"])
        emoji = request.match_info["emoji"]
        reactions = message.setdefault("reactions", [])
        for reaction in reactions:
            if reaction["emoji"]["name"] == emoji:
                if not reaction["me"]:
                    reaction["count"] += 1
                reaction["me"] = True
                break
        else:
            reactions.append({"emoji": {"id": None, "name": emoji}, "count": 1, "me": True})
        return no_content()

    async def remove_reaction(self, request: web.Request) -> web.Response:
        """``DELETE .../reactions/{emoji}/@me``."""
        channel = self._channel(request)
        message = self._stored_message(channel, request.match_info["message_id"])
        emoji = request.match_info["emoji"]
        for reaction in list(message.get("reactions", [])):
            if reaction["emoji"]["name"] == emoji and reaction["me"]:
                reaction["me"] = False
                reaction["count"] -= 1
                if reaction["count"] == 0:
                    message["reactions"].remove(reaction)
        return no_content()

    async def get_attachment(self, request: web.Request) -> web.Response:
        """Serve an uploaded file (the ``url`` of an attachment)."""
        stored = self.state.attachments.get(int(request.match_info["attachment_id"]))
        if stored is None or stored[0] != request.match_info["filename"]:
            raise web.HTTPNotFound()
        return web.Response(body=stored[1], content_type=stored[2])

    # --- interactions -------------------------------------------------------------------------------------

    def _interaction_by_id(self, request: web.Request) -> InteractionHandle:
        handle = self.server.interactions.get(int(request.match_info["interaction_id"]))
        if handle is None or handle.token != request.match_info["token"]:
            raise DiscordHTTPError(404, codes.UNKNOWN_INTERACTION, "Unknown interaction")
        return handle

    def _interaction_by_token(self, request: web.Request) -> InteractionHandle:
        if request.match_info["application_id"] != str(self.state.application_id):
            raise DiscordHTTPError(404, codes.UNKNOWN_WEBHOOK, "Unknown Webhook")
        handle = self.server.interactions_by_token.get(request.match_info["token"])
        if handle is None:
            raise DiscordHTTPError(404, codes.UNKNOWN_WEBHOOK, "Unknown Webhook")
        if handle.response is None:
            handle.errors.append("webhook call before the interaction was acknowledged")
            raise DiscordHTTPError(
                404, codes.UNKNOWN_WEBHOOK, "Unknown Webhook", detail="the interaction has not been acknowledged yet"
            )
        if handle.age > INTERACTION_TOKEN_LIFETIME:
            raise DiscordHTTPError(401, 50027, "Invalid Webhook Token", detail="interaction tokens last 15 minutes")
        return handle

    def _interaction_message(
        self, handle: InteractionHandle, fields: dict[str, Any], *, flags: int, followup: bool
    ) -> dict[str, Any]:
        channel = self.state.channel(handle.channel_id)
        metadata: dict[str, Any] = {
            "id": str(handle.id),
            "type": handle.type,
            "user": handle.user.to_payload(),
            "authorizing_integration_owners": handle.payload.get("authorizing_integration_owners", {}),
        }
        if followup and handle.original_id is not None:
            metadata["original_response_message_id"] = str(handle.original_id)
        if "message" in handle.payload:
            metadata["interacted_message_id"] = handle.payload["message"]["id"]
        if handle.type == APPLICATION_COMMAND:
            metadata["name"] = handle.payload["data"]["name"]
        extra = {
            "webhook_id": str(self.state.application_id),
            "application_id": str(self.state.application_id),
            "interaction_metadata": metadata,
            "flags": flags,
        }
        message_type = CHAT_INPUT_COMMAND if handle.type == APPLICATION_COMMAND and not followup else 0
        body = {k: v for k, v in fields.items() if k != "flags"}
        return self.state.create_message(channel, self.state.bot, body=body, message_type=message_type, extra=extra)

    async def interaction_callback(self, request: web.Request) -> web.Response:
        """``POST /interactions/{id}/{token}/callback``: the bot's initial answer (within 3 s, once)."""
        handle = self._interaction_by_id(request)
        body: dict[str, Any] = request[BODY] or {}
        elapsed = handle.age
        if handle.response is not None:
            handle.errors.append("second callback")
            raise DiscordHTTPError(
                400, codes.INTERACTION_ALREADY_ACKNOWLEDGED, "Interaction has already been acknowledged."
            )
        if elapsed > self.server.interaction_deadline:
            detail = f"callback came {elapsed:.2f}s after dispatch; Discord allows {self.server.interaction_deadline}s"
            handle.errors.append(detail)
            raise DiscordHTTPError(404, codes.UNKNOWN_INTERACTION, "Unknown interaction", detail=detail)
        with_response = _truthy_query(request.query.get("with_response"), "with_response")
        callback_type = int(body.get("type", 0))
        if callback_type not in ALLOWED_CALLBACKS.get(handle.type, set()):
            problem = f"callback type {callback_type} is not valid for interaction type {handle.type}"
            handle.errors.append(problem)
            raise invalid_form_body([("type", problem)])
        data: dict[str, Any] = body.get("data") or {}
        try:
            response = self._apply_callback(handle, callback_type, data, request[FILES], elapsed)
        except DiscordHTTPError as exc:
            handle.errors.append(exc.detail)
            raise
        if response.message is not None:
            response.message = copy.deepcopy(response.message)  # a snapshot; ``handle.original`` is live
        handle.response = response
        await handle.notify()
        if not with_response:
            return no_content()
        message = response.message
        interaction: dict[str, Any] = {"id": str(handle.id), "type": handle.type}
        resource: dict[str, Any] = {"type": callback_type}
        if message is not None:
            interaction.update(
                response_message_id=message["id"],
                response_message_loading=callback_type == DEFERRED_CHANNEL_MESSAGE,
                response_message_ephemeral=bool(message.get("flags", 0) & EPHEMERAL),
            )
            resource["message"] = message
        return json_response({"interaction": interaction, "resource": resource})

    def _apply_callback(
        self,
        handle: InteractionHandle,
        callback_type: int,
        data: dict[str, Any],
        files: list[UploadedFile],
        elapsed: float,
    ) -> CallbackResponse:
        response = CallbackResponse(type=callback_type, data=copy.deepcopy(data), elapsed=elapsed)
        if callback_type == CHANNEL_MESSAGE:
            fields = self._message_fields(data, files, allowed_flags=INTERACTION_MESSAGE_FLAGS, creating=True)
            flags = int(data.get("flags") or 0)
            message = self._interaction_message(handle, fields, flags=flags, followup=False)
            handle.original_id = int(message["id"])
            handle.mark_final(int(message["id"]))
            response.message = message
            self._bot_message_created(message)
        elif callback_type == DEFERRED_CHANNEL_MESSAGE:
            flags = LOADING | (int(data.get("flags") or 0) & EPHEMERAL)
            message = self._interaction_message(handle, {}, flags=flags, followup=False)
            handle.original_id = int(message["id"])
            response.message = message
            self._bot_message_created(message)
        elif callback_type in (UPDATE_MESSAGE, DEFERRED_UPDATE_MESSAGE):
            source = handle.payload.get("message")
            if source is None:
                raise invalid_form_body([("type", f"type {callback_type} needs an interaction on a message")])
            try:
                message = self.state.message(int(source["id"]))
            except KeyError:
                raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message") from None
            handle.original_id = int(message["id"])
            if callback_type == UPDATE_MESSAGE:
                fields = self._message_fields(
                    data, files, allowed_flags=INTERACTION_MESSAGE_FLAGS, creating=False, existing=message
                )
                self.state.apply_edit(message, fields)
                handle.mark_final(int(message["id"]))
                response.message = message
                self._bot_message_updated(message)
        elif callback_type == AUTOCOMPLETE_RESULT:
            problems = check_autocomplete(data, handle.focused_option_type)
            if problems:
                raise invalid_form_body(problems)
            response.choices = copy.deepcopy(data["choices"])
        elif callback_type == MODAL:
            problems = check_modal(data)
            if problems:
                raise invalid_form_body(problems)
            response.modal = copy.deepcopy(data)
        return response

    async def create_followup(self, request: web.Request) -> web.Response:
        """``POST /webhooks/{app}/{token}``: a followup; the first after a deferral fills the loading message."""
        handle = self._interaction_by_token(request)
        body: dict[str, Any] = request[BODY] or {}
        files: list[UploadedFile] = request[FILES]
        fields = self._message_fields(body, files, allowed_flags=INTERACTION_MESSAGE_FLAGS, creating=True)
        original = handle.original
        if original is not None and original.get("flags", 0) & LOADING:
            self.state.apply_edit(original, fields)
            original["flags"] &= ~LOADING
            message = original
            self._bot_message_updated(message)
        else:
            flags = int(body.get("flags") or 0)
            message = self._interaction_message(handle, fields, flags=flags, followup=True)
            self._bot_message_created(message)
        handle.followups.append(message)
        handle.mark_final(int(message["id"]))
        await handle.notify()
        if _truthy_query(request.query.get("wait"), "wait"):
            return json_response(message)
        return no_content()

    def _webhook_message(self, request: web.Request, handle: InteractionHandle) -> dict[str, Any]:
        raw = request.match_info.get("message_id")
        if raw is None:
            message_id = handle.original_id
        else:
            try:
                message_id = int(raw)
            except ValueError:
                raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message") from None
            own = {handle.original_id, *(int(m["id"]) for m in handle.followups)}
            if message_id not in own:
                raise DiscordHTTPError(
                    404,
                    codes.UNKNOWN_MESSAGE,
                    "Unknown Message",
                    detail=f"message {message_id} was not sent by this interaction",
                )
        try:
            return self.state.message(message_id) if message_id is not None else {}
        except KeyError:
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message") from None

    async def get_webhook_message(self, request: web.Request) -> web.Response:
        """``GET .../messages/@original`` or ``/messages/{id}``."""
        handle = self._interaction_by_token(request)
        message = self._webhook_message(request, handle)
        if not message:
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message")
        return json_response(message)

    async def edit_webhook_message(self, request: web.Request) -> web.Response:
        """``PATCH .../messages/@original`` (ends a deferral) or ``/messages/{id}``."""
        handle = self._interaction_by_token(request)
        message = self._webhook_message(request, handle)
        if not message:
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message")
        fields = self._message_fields(
            request[BODY] or {},
            request[FILES],
            allowed_flags=INTERACTION_MESSAGE_FLAGS,
            creating=False,
            existing=message,
        )
        self.state.apply_edit(message, fields)
        message["flags"] = message.get("flags", 0) & ~LOADING
        handle.mark_final(int(message["id"]))
        self._bot_message_updated(message)
        await handle.notify()
        return json_response(message)

    async def delete_webhook_message(self, request: web.Request) -> web.Response:
        """``DELETE .../messages/@original`` or ``/messages/{id}``."""
        handle = self._interaction_by_token(request)
        message = self._webhook_message(request, handle)
        if not message:
            raise DiscordHTTPError(404, codes.UNKNOWN_MESSAGE, "Unknown Message")
        self.state.delete_message(int(message["id"]))
        self.events.message_deleted(message)
        return no_content()

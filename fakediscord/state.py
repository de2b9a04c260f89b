"""What the fake Discord knows: users, guilds, channels, roles, members, commands and messages.

Entities are small dataclasses that render themselves as Discord JSON payloads
(``to_payload``); messages are kept as payload dicts because that is what tests inspect. Nothing
here does I/O: the REST and gateway layers read and change this state and announce the changes.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .snowflakes import SnowflakeGenerator, iso_timestamp

# Permission bits (https://discord.com/developers/docs/topics/permissions).
ADMINISTRATOR = 1 << 3
MANAGE_GUILD = 1 << 5
ADD_REACTIONS = 1 << 6
VIEW_CHANNEL = 1 << 10
SEND_MESSAGES = 1 << 11
EMBED_LINKS = 1 << 14
ATTACH_FILES = 1 << 15
READ_MESSAGE_HISTORY = 1 << 16
MENTION_EVERYONE = 1 << 17
USE_EXTERNAL_EMOJIS = 1 << 18
USE_APPLICATION_COMMANDS = 1 << 31
SEND_MESSAGES_IN_THREADS = 1 << 38
ALL_PERMISSIONS = (1 << 51) - 1

DEFAULT_EVERYONE_PERMISSIONS = (
    VIEW_CHANNEL
    | SEND_MESSAGES
    | ADD_REACTIONS
    | EMBED_LINKS
    | ATTACH_FILES
    | READ_MESSAGE_HISTORY
    | USE_EXTERNAL_EMOJIS
    | USE_APPLICATION_COMMANDS
    | SEND_MESSAGES_IN_THREADS
)
"""Roughly what @everyone gets in a new Discord server."""

DEFAULT_BOT_PERMISSIONS = DEFAULT_EVERYONE_PERMISSIONS
"""What the bot's integration role grants unless a test changes ``Guild.bot_permissions``."""

# Channel types.
GUILD_TEXT = 0
DM = 1

# Message flags.
EPHEMERAL = 1 << 6
LOADING = 1 << 7
IS_COMPONENTS_V2 = 1 << 15
SUPPRESS_EMBEDS = 1 << 2
SUPPRESS_NOTIFICATIONS = 1 << 12
EDITABLE_FLAGS = SUPPRESS_EMBEDS | IS_COMPONENTS_V2
"""The only flags an edit may change; the rest (ephemeral, loading...) are Discord's to set."""

_USER_MENTION = re.compile(r"<@!?(\d{15,21})>")
_ROLE_MENTION = re.compile(r"<@&(\d{15,21})>")


@dataclass
class User:
    """A Discord user; ``accepts_dms`` False makes DMs to them fail with 50007, as on Discord."""

    id: int
    username: str
    global_name: str | None = None
    bot: bool = False
    accepts_dms: bool = True

    def to_payload(self) -> dict[str, Any]:
        """Return the user object Discord sends."""
        payload: dict[str, Any] = {
            "id": str(self.id),
            "username": self.username,
            "discriminator": "0",
            "global_name": self.global_name,
            "avatar": None,
            "public_flags": 0,
        }
        if self.bot:
            payload["bot"] = True
        return payload


@dataclass
class Role:
    """A guild role; the @everyone role has the guild's id."""

    id: int
    guild_id: int
    name: str
    permissions: int = 0
    position: int = 0
    color: int = 0
    hoist: bool = False
    mentionable: bool = False
    managed: bool = False

    def to_payload(self) -> dict[str, Any]:
        """Return the role object Discord sends."""
        return {
            "id": str(self.id),
            "name": self.name,
            "permissions": str(self.permissions),
            "position": self.position,
            "color": self.color,
            "colors": {"primary_color": self.color, "secondary_color": None, "tertiary_color": None},
            "hoist": self.hoist,
            "managed": self.managed,
            "mentionable": self.mentionable,
            "icon": None,
            "unicode_emoji": None,
            "flags": 0,
        }


@dataclass
class Member:
    """A user's membership of a guild.

    ``permissions`` overrides the permissions computed from roles, so a test can say "this member
    has Manage Server" without building roles.
    """

    guild_id: int
    user: User
    roles: list[int] = field(default_factory=list)
    permissions: int | None = None
    nick: str | None = None

    @property
    def id(self) -> int:
        """The member's user id, so a Member can stand where a User is expected."""
        return self.user.id

    def to_payload(self, *, with_user: bool = True, permissions: int | None = None) -> dict[str, Any]:
        """Return the guild member object Discord sends (``permissions`` only in interactions)."""
        payload: dict[str, Any] = {
            "roles": [str(r) for r in self.roles],
            "nick": self.nick,
            "avatar": None,
            "banner": None,
            "joined_at": iso_timestamp(self.user.id),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
            "communication_disabled_until": None,
        }
        if with_user:
            payload["user"] = self.user.to_payload()
        if permissions is not None:
            payload["permissions"] = str(permissions)
        return payload


@dataclass
class Channel:
    """A guild text channel or a DM channel (``recipients`` is set for DMs)."""

    id: int
    type: int
    name: str | None = None
    guild_id: int | None = None
    position: int = 0
    topic: str | None = None
    nsfw: bool = False
    parent_id: int | None = None
    recipients: list[User] = field(default_factory=list)
    last_message_id: int | None = None

    @property
    def is_dm(self) -> bool:
        """Whether this is a DM channel between the bot and a user."""
        return self.type == DM

    def to_payload(self) -> dict[str, Any]:
        """Return the channel object Discord sends."""
        payload: dict[str, Any] = {
            "id": str(self.id),
            "type": self.type,
            "last_message_id": str(self.last_message_id) if self.last_message_id else None,
            "flags": 0,
        }
        if self.is_dm:
            payload["recipients"] = [u.to_payload() for u in self.recipients]
            return payload
        payload.update(
            {
                "guild_id": str(self.guild_id),
                "name": self.name,
                "position": self.position,
                "permission_overwrites": [],
                "topic": self.topic,
                "nsfw": self.nsfw,
                "parent_id": str(self.parent_id) if self.parent_id else None,
                "rate_limit_per_user": 0,
            }
        )
        return payload


@dataclass
class Guild:
    """A guild with its channels, roles and members.

    ``bot_permissions`` is what the bot may do in every channel of the guild (no overwrites are
    modelled); REST calls needing a permission it lacks fail with 50013 as on Discord.
    """

    id: int
    name: str
    owner_id: int
    channels: list[Channel] = field(default_factory=list)
    roles: list[Role] = field(default_factory=list)
    members: dict[int, Member] = field(default_factory=dict)
    bot_permissions: int = DEFAULT_BOT_PERMISSIONS
    preferred_locale: str = "en-US"

    @property
    def everyone_role(self) -> Role:
        """The @everyone role (same id as the guild)."""
        return next(r for r in self.roles if r.id == self.id)

    def role(self, role_id: int) -> Role | None:
        """Return the role with ``role_id``, or None."""
        return next((r for r in self.roles if r.id == role_id), None)

    def to_payload(self, *, include_members: Iterable[Member] = ()) -> dict[str, Any]:
        """Return the GUILD_CREATE payload: the guild plus channels, roles and some members."""
        members = list(include_members)
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "banner": None,
            "description": None,
            "owner_id": str(self.owner_id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 1,
            "explicit_content_filter": 0,
            "mfa_level": 0,
            "nsfw_level": 0,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "premium_progress_bar_enabled": False,
            "preferred_locale": self.preferred_locale,
            "system_channel_id": None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "public_updates_channel_id": None,
            "safety_alerts_channel_id": None,
            "vanity_url_code": None,
            "features": [],
            "emojis": [],
            "stickers": [],
            "roles": [r.to_payload() for r in self.roles],
            "channels": [c.to_payload() for c in self.channels],
            "threads": [],
            "members": [m.to_payload() for m in members],
            "voice_states": [],
            "presences": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
            "member_count": len(self.members),
            "large": False,
            "unavailable": False,
            "joined_at": iso_timestamp(self.id),
            "max_members": 500000,
            "max_video_channel_users": 25,
            "application_id": None,
            "lazy": True,
        }


class State:
    """All objects of one fake Discord, indexed the ways the REST and gateway layers need."""

    def __init__(self, *, application_id: int, bot_name: str = "Test Bot") -> None:
        self.snowflakes = SnowflakeGenerator()
        self.application_id = application_id
        self.bot = User(id=self.snowflakes.next(), username=bot_name, bot=True)
        self.owner = User(id=self.snowflakes.next(), username="app-owner")
        self.users: dict[int, User] = {self.bot.id: self.bot, self.owner.id: self.owner}
        self.guilds: dict[int, Guild] = {}
        self.channels: dict[int, Channel] = {}
        self._messages: dict[int, list[dict[str, Any]]] = {}
        self._message_index: dict[int, dict[str, Any]] = {}
        self.attachments: dict[int, tuple[str, bytes, str]] = {}
        self.attachment_base_url = "http://127.0.0.1/attachments"
        self.commands = CommandStore()

    # --- users, guilds, channels ---------------------------------------------------------------

    def add_user(self, name: str, *, bot: bool = False, global_name: str | None = None) -> User:
        """Create a user that can join guilds, DM the bot and invoke commands."""
        user = User(id=self.snowflakes.next(), username=name, global_name=global_name, bot=bot)
        self.users[user.id] = user
        return user

    def add_guild(self, name: str, *, guild_id: int | None = None, owner: User | None = None) -> Guild:
        """Create a guild with an @everyone role and the bot as a member."""
        gid = guild_id if guild_id is not None else self.snowflakes.next()
        if gid in self.guilds:
            raise ValueError(f"guild {gid} already exists")
        owner = owner or self.owner
        guild = Guild(id=gid, name=name, owner_id=owner.id)
        guild.roles.append(Role(id=gid, guild_id=gid, name="@everyone", permissions=DEFAULT_EVERYONE_PERMISSIONS))
        self.guilds[gid] = guild
        guild.members[self.bot.id] = Member(guild_id=gid, user=self.bot)
        if owner.id != self.bot.id:
            guild.members[owner.id] = Member(guild_id=gid, user=owner)
        return guild

    def guild(self, guild_id: int) -> Guild:
        """Return the guild, or raise KeyError naming it."""
        try:
            return self.guilds[int(guild_id)]
        except KeyError:
            raise KeyError(f"unknown guild {guild_id}") from None

    def channel(self, channel_id: int) -> Channel:
        """Return the channel, or raise KeyError naming it."""
        try:
            return self.channels[int(channel_id)]
        except KeyError:
            raise KeyError(f"unknown channel {channel_id}") from None

    def add_text_channel(self, guild_id: int, name: str, *, topic: str | None = None, nsfw: bool = False) -> Channel:
        """Create a text channel in a guild."""
        guild = self.guild(guild_id)
        channel = Channel(
            id=self.snowflakes.next(),
            type=GUILD_TEXT,
            name=name,
            guild_id=guild.id,
            position=len(guild.channels),
            topic=topic,
            nsfw=nsfw,
        )
        guild.channels.append(channel)
        self.channels[channel.id] = channel
        self._messages[channel.id] = []
        return channel

    def add_role(self, guild_id: int, name: str, *, permissions: int = 0) -> Role:
        """Create a role in a guild, above the existing ones."""
        guild = self.guild(guild_id)
        role = Role(
            id=self.snowflakes.next(), guild_id=guild.id, name=name, permissions=permissions, position=len(guild.roles)
        )
        guild.roles.append(role)
        return role

    def add_member(
        self,
        guild_id: int,
        user: User,
        *,
        roles: Iterable[int] = (),
        permissions: int | None = None,
        nick: str | None = None,
    ) -> Member:
        """Add ``user`` to a guild (or update their membership) and return the member."""
        guild = self.guild(guild_id)
        role_ids = [int(r) for r in roles]
        for role_id in role_ids:
            if guild.role(role_id) is None:
                raise ValueError(f"role {role_id} is not in guild {guild.id}")
        self.users.setdefault(user.id, user)
        member = Member(guild_id=guild.id, user=user, roles=role_ids, permissions=permissions, nick=nick)
        guild.members[user.id] = member
        return member

    def member_permissions(self, member: Member) -> int:
        """Return the member's guild permissions, the way Discord computes them (no overwrites)."""
        guild = self.guild(member.guild_id)
        if member.user.id == self.bot.id:
            return guild.bot_permissions
        if member.user.id == guild.owner_id:
            return ALL_PERMISSIONS
        if member.permissions is not None:
            perms = member.permissions
        else:
            perms = guild.everyone_role.permissions
            for role_id in member.roles:
                role = guild.role(role_id)
                if role is not None:
                    perms |= role.permissions
        return ALL_PERMISSIONS if perms & ADMINISTRATOR else perms

    def open_dm(self, user: User) -> Channel:
        """Return the DM channel between the bot and ``user``, creating it on first use."""
        for channel in self.channels.values():
            if channel.is_dm and channel.recipients and channel.recipients[0].id == user.id:
                return channel
        self.users.setdefault(user.id, user)
        channel = Channel(id=self.snowflakes.next(), type=DM, recipients=[user])
        self.channels[channel.id] = channel
        self._messages[channel.id] = []
        return channel

    def resolve_user(self, who: User | Member | dict[str, Any] | int | str) -> User:
        """Accept a User, Member, user payload dict or id, and return the User."""
        if isinstance(who, User):
            return who
        if isinstance(who, Member):
            return who.user
        user_id = int(who["id"]) if isinstance(who, dict) else int(who)
        try:
            return self.users[user_id]
        except KeyError:
            raise KeyError(f"unknown user {user_id}") from None

    # --- messages --------------------------------------------------------------------------------

    def create_message(
        self,
        channel: Channel,
        author: User,
        *,
        body: dict[str, Any],
        message_type: int = 0,
        extra: dict[str, Any] | None = None,
        explicit_mentions: Iterable[User] = (),
    ) -> dict[str, Any]:
        """Store and return a new message built from a (validated) create-message body."""
        message_id = self.snowflakes.next()
        message: dict[str, Any] = {
            "id": str(message_id),
            "channel_id": str(channel.id),
            "type": message_type,
            "author": author.to_payload(),
            "content": "",
            "timestamp": iso_timestamp(message_id),
            "edited_timestamp": None,
            "tts": bool(body.get("tts") or False),
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": [],
            "components": [],
            "pinned": False,
            "flags": 0,
        }
        if channel.guild_id is not None:
            message["guild_id"] = str(channel.guild_id)
        if body.get("nonce") is not None:
            message["nonce"] = body["nonce"]
        if extra:
            message.update(extra)
        self.apply_edit(message, body, explicit_mentions=explicit_mentions, editing=False)
        self._messages[channel.id].append(message)
        self._message_index[message_id] = message
        channel.last_message_id = message_id
        return message

    def apply_edit(
        self,
        message: dict[str, Any],
        body: dict[str, Any],
        *,
        explicit_mentions: Iterable[User] = (),
        editing: bool = True,
    ) -> None:
        """Apply the fields of a create/edit body to a stored message, as Discord does."""
        for key in ("content", "embeds", "components", "attachments"):
            if key in body and body[key] is not None:
                message[key] = copy.deepcopy(body[key])
            elif key in body and editing:
                message[key] = "" if key == "content" else []
        if "flags" in body and body["flags"] is not None:
            requested = int(body["flags"])
            if editing:
                current = message.get("flags", 0)
                message["flags"] = (current & ~EDITABLE_FLAGS) | (requested & EDITABLE_FLAGS)
            else:
                message["flags"] = message.get("flags", 0) | requested
        if editing:
            message["edited_timestamp"] = iso_timestamp(self.snowflakes.next())
        if "poll" in body and body["poll"] is not None:
            message["poll"] = copy.deepcopy(body["poll"])
        self._fill_mentions(message, explicit_mentions)

    def _fill_mentions(self, message: dict[str, Any], explicit: Iterable[User]) -> None:
        """Fill ``mentions``/``mention_roles``/``mention_everyone`` from the content.

        Discord lists every mention written in the content whatever ``allowed_mentions`` says
        (that setting only decides who gets notified).
        """
        content = message.get("content") or ""
        users: dict[int, User] = {u.id: u for u in explicit}
        for raw in _USER_MENTION.findall(content):
            user = self.users.get(int(raw))
            if user is not None:
                users.setdefault(user.id, user)
        guild = self.guilds.get(int(message["guild_id"])) if "guild_id" in message else None
        mentions = []
        for user in users.values():
            payload = user.to_payload()
            if guild is not None and user.id in guild.members:
                payload["member"] = guild.members[user.id].to_payload(with_user=False)
            mentions.append(payload)
        message["mentions"] = mentions
        message["mention_roles"] = [r for r in _ROLE_MENTION.findall(content)]
        message["mention_everyone"] = "@everyone" in content or "@here" in content

    def store_attachment(self, filename: str, data: bytes, content_type: str) -> int:
        """Keep an uploaded file so its URL can be fetched; return the attachment id."""
        attachment_id = self.snowflakes.next()
        self.attachments[attachment_id] = (filename, data, content_type)
        return attachment_id

    def attachment_url(self, attachment_id: int, filename: str) -> str:
        """Return the URL the server serves an uploaded file at."""
        return f"{self.attachment_base_url}/{attachment_id}/{filename}"

    def message(self, message_id: int | str) -> dict[str, Any]:
        """Return the stored message (the live dict), or raise KeyError naming it."""
        try:
            return self._message_index[int(message_id)]
        except KeyError:
            raise KeyError(f"unknown message {message_id}") from None

    def delete_message(self, message_id: int) -> dict[str, Any]:
        """Remove a message and return it."""
        message = self._message_index.pop(int(message_id))
        self._messages[int(message["channel_id"])].remove(message)
        return message

    def messages(self, channel_id: int) -> list[dict[str, Any]]:
        """Return the messages of a channel in creation order (the live dicts)."""
        return list(self._messages.get(int(channel_id), []))


class CommandStore:
    """Application commands as Discord stores them: per scope, with ids that survive re-syncs."""

    def __init__(self) -> None:
        self._scopes: dict[int | None, list[dict[str, Any]]] = {}

    def in_scope(self, guild_id: int | None) -> list[dict[str, Any]]:
        """Return the commands of one scope (None = global)."""
        return self._scopes.get(guild_id, [])

    def replace(
        self,
        guild_id: int | None,
        definitions: list[dict[str, Any]],
        *,
        application_id: int,
        snowflakes: SnowflakeGenerator,
    ) -> list[dict[str, Any]]:
        """Overwrite a scope with ``definitions`` (bulk PUT) and return the stored commands.

        As on Discord, a command keeps its id when a command of the same name and type existed.
        """
        existing = {(c["name"], c["type"]): c for c in self.in_scope(guild_id)}
        stored = []
        for definition in definitions:
            kind = int(definition.get("type") or 1)
            previous = existing.get((definition["name"], kind))
            command_id = int(previous["id"]) if previous else snowflakes.next()
            stored.append(self._render(definition, command_id, guild_id, application_id, snowflakes))
        self._scopes[guild_id] = stored
        return stored

    def upsert(
        self,
        guild_id: int | None,
        definition: dict[str, Any],
        *,
        application_id: int,
        snowflakes: SnowflakeGenerator,
    ) -> tuple[dict[str, Any], bool]:
        """Create or replace one command (POST); return it and whether it was new."""
        kind = int(definition.get("type") or 1)
        commands = self._scopes.setdefault(guild_id, [])
        for index, command in enumerate(commands):
            if command["name"] == definition["name"] and command["type"] == kind:
                commands[index] = self._render(definition, int(command["id"]), guild_id, application_id, snowflakes)
                return commands[index], False
        command = self._render(definition, snowflakes.next(), guild_id, application_id, snowflakes)
        commands.append(command)
        return command, True

    def get(self, guild_id: int | None, command_id: int) -> dict[str, Any] | None:
        """Return one command of a scope by id."""
        return next((c for c in self.in_scope(guild_id) if int(c["id"]) == int(command_id)), None)

    def delete(self, guild_id: int | None, command_id: int) -> bool:
        """Delete one command; return whether it existed."""
        commands = self._scopes.get(guild_id, [])
        for command in commands:
            if int(command["id"]) == int(command_id):
                commands.remove(command)
                return True
        return False

    def find(self, name: str, guild_id: int | None, command_type: int = 1) -> dict[str, Any] | None:
        """Return the command a user in ``guild_id`` (None = DM) sees under ``name``.

        Guild commands shadow global ones, as in Discord's command picker.
        """
        scopes: list[int | None] = [guild_id, None] if guild_id is not None else [None]
        for scope in scopes:
            for command in self.in_scope(scope):
                if command["name"] == name and command["type"] == command_type:
                    return command
        return None

    @staticmethod
    def _render(
        definition: dict[str, Any],
        command_id: int,
        guild_id: int | None,
        application_id: int,
        snowflakes: SnowflakeGenerator,
    ) -> dict[str, Any]:
        """Turn a command definition from the bot into the stored command Discord returns."""
        kind = int(definition.get("type") or 1)
        permissions = definition.get("default_member_permissions")
        command: dict[str, Any] = {
            "id": str(command_id),
            "application_id": str(application_id),
            "version": str(snowflakes.next()),
            "type": kind,
            "name": definition["name"],
            "name_localizations": definition.get("name_localizations"),
            "description": definition.get("description") or "",
            "description_localizations": definition.get("description_localizations"),
            "default_member_permissions": None if permissions is None else str(permissions),
            "nsfw": bool(definition.get("nsfw") or False),
            "contexts": definition.get("contexts"),
            "integration_types": definition.get("integration_types") or [0],
        }
        if guild_id is None:
            command["dm_permission"] = definition.get("dm_permission", True) is not False
        else:
            command["guild_id"] = str(guild_id)
        if definition.get("options"):
            command["options"] = copy.deepcopy(definition["options"])
        return command

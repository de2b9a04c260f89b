"""The OAuth2 URL that adds the bot to a server with only the permissions it uses."""

from __future__ import annotations

import discord

__all__ = ["BOT_PERMISSIONS", "SCOPES", "invite_url"]

SCOPES = ("bot", "applications.commands")
"""`bot` joins the server; `applications.commands` lets the slash commands appear there."""

BOT_PERMISSIONS = discord.Permissions(
    view_channel=True,
    send_messages=True,
    send_messages_in_threads=True,
    embed_links=True,
    attach_files=True,
    read_message_history=True,
)
"""Read the channel, reply (also in threads) with embeds and the tie cards' pictures, and see the message it
replies to."""


def invite_url(application_id: int) -> str:
    """The invite link for this application, asking for the minimal permissions above."""
    return discord.utils.oauth_url(application_id, permissions=BOT_PERMISSIONS, scopes=SCOPES)

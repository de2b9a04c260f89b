"""All configuration, read once from the environment and `.env` into one validated object."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

__all__ = ["PROJECT_ROOT", "Settings"]

PROJECT_ROOT = Path(__file__).resolve().parent.parent
"""The checkout's top folder, so defaults never depend on the working directory."""


def _split_ids(value: object) -> object:
    if isinstance(value, str):
        return [part for part in value.replace(",", " ").split() if part]
    if isinstance(value, int):
        return [value]
    return value


class Settings(BaseSettings):
    """Settings for the bot and the command line; every field is documented in `.env.example`."""

    model_config = SettingsConfigDict(
        env_file=PROJECT_ROOT / ".env",
        env_file_encoding="utf-8",
        extra="ignore",
        case_sensitive=False,
        env_ignore_empty=True,  # `.env.example` copied as `.env` leaves optional numbers empty
    )

    discord_token: SecretStr | None = None
    discord_application_id: int | None = None
    discord_api_base: str = "https://discord.com/api/v10"
    discord_gateway_url: str | None = None
    dev_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    curator_guild_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    moderator_role_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    chat_channel_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    moderator_log_channel_id: int | None = None
    knowledge_dir: Path = PROJECT_ROOT / "knowledge"
    log_level: str = "INFO"
    shard_count: int | None = Field(default=None, ge=1)
    shard_ids: Annotated[list[int], NoDecode] = Field(default_factory=list)
    context_ttl_seconds: float = Field(default=600.0, gt=0)
    cooldown_burst: int = Field(default=12, ge=1)
    cooldown_refill_seconds: float = Field(default=10.0, gt=0)
    reload_check_seconds: float = Field(default=30.0, gt=0)
    database_url: SecretStr | None = None

    @field_validator("dev_guild_ids", "curator_guild_ids", "moderator_role_ids", "chat_channel_ids", "shard_ids",
                     mode="before")
    @classmethod
    def _ids(cls, value: object) -> object:
        return _split_ids(value)

    @field_validator("log_level")
    @classmethod
    def _level(cls, value: str) -> str:
        level = value.upper()
        if level not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
            raise ValueError("must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL")
        return level

    @field_validator("database_url")
    @classmethod
    def _database_url(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        url = value.get_secret_value().strip()
        if not url.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be a PostgreSQL URL: postgresql://user:password@host:port/database")
        from psycopg import ProgrammingError, conninfo  # only where a database is configured

        try:
            conninfo.conninfo_to_dict(url)
        except ProgrammingError as exc:
            raise ValueError(f"cannot be read as a PostgreSQL URL ({str(exc).strip().splitlines()[0]})") from None
        return SecretStr(url)

    @field_validator("knowledge_dir")
    @classmethod
    def _absolute(cls, value: Path) -> Path:
        # A path someone types is taken from where they stand, like `knowledge check DIR` and
        # --knowledge; only the default (the checkout's own folder) does not depend on it.
        return value.expanduser().absolute()

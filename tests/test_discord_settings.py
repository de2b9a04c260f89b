"""`.env.example` is the settings' documentation: every field is in it, and copied as-is it loads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.settings import PROJECT_ROOT, Settings

EXAMPLE = PROJECT_ROOT / ".env.example"


def example_names() -> list[str]:
    return re.findall(r"^([A-Z][A-Z0-9_]*)=", EXAMPLE.read_text(encoding="utf-8"), flags=re.MULTILINE)


def test_every_setting_is_documented_in_the_example() -> None:
    documented = set(example_names())
    missing = {name.upper() for name in Settings.model_fields} - documented
    assert not missing, f"add these to .env.example with a comment: {sorted(missing)}"
    unknown = documented - {name.upper() for name in Settings.model_fields}
    assert not unknown, f".env.example documents settings that do not exist: {sorted(unknown)}"


def test_the_example_copied_as_env_with_a_token_loads(tmp_path: Path) -> None:
    """The README says: copy `.env.example` to `.env` and fill in the token. Empty values mean 'unset'."""
    env = tmp_path / ".env"
    env.write_text(EXAMPLE.read_text(encoding="utf-8").replace("DISCORD_TOKEN=\n", "DISCORD_TOKEN=abc\n"),
                   encoding="utf-8")
    settings = Settings(_env_file=env)  # type: ignore[call-arg]
    assert settings.discord_token is not None and settings.discord_token.get_secret_value() == "abc"
    assert settings.discord_application_id is None and settings.shard_count is None
    assert settings.moderator_log_channel_id is None and settings.dev_guild_ids == []
    assert settings.curator_guild_ids == []  # moderator commands off until set
    assert settings.discord_gateway_url is None


def test_curator_guild_ids_read_like_the_other_id_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CURATOR_GUILD_IDS", "111, 222 333")
    assert Settings(_env_file=None).curator_guild_ids == [111, 222, 333]  # type: ignore[call-arg]

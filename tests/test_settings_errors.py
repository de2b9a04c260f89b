"""A bad setting is named in one plain line each, in our words whatever pydantic's release says."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.helpers import ROOT


def test_every_bad_setting_is_one_plain_line() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DEV_", "SHARD_", "CONTEXT_",
                                                                      "COOLDOWN_", "LOG_"))}
    env.update(PYTHONPATH=str(ROOT), DISCORD_APPLICATION_ID="abc", DEV_GUILD_IDS="123 x", LOG_LEVEL="loud",
               SHARD_COUNT="0", CONTEXT_TTL_SECONDS="0", COOLDOWN_REFILL_SECONDS="soon")
    proc = subprocess.run([sys.executable, "-m", "bot", "ask", "who won?"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 2 and proc.stdout == ""
    assert proc.stderr.splitlines() == [
        "Invalid settings:",
        "  DISCORD_APPLICATION_ID: should be a whole number",  # int_parsing
        "  DEV_GUILD_IDS.1: should be a whole number",  # int_parsing, an item of an id list
        "  LOG_LEVEL: must be one of DEBUG, INFO, WARNING, ERROR, CRITICAL",  # value_error: our validator's words
        "  SHARD_COUNT: should be at least 1",  # greater_than_equal
        "  CONTEXT_TTL_SECONDS: should be more than 0",  # greater_than
        "  COOLDOWN_REFILL_SECONDS: should be a number",  # float_parsing
    ]

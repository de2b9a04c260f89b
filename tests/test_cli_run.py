"""`python -m bot` with a token that cannot start a bot: one line naming the cause, exit 1, the token never shown.

Run as a user runs it, a real subprocess: against a 127.0.0.1 port nobody listens on, a base that is no
http(s) URL, local web servers that answer as something else (404, 503 HTML pages), and against
the local fake Discord, which answers 401 to a token it does not know.
"""

from __future__ import annotations

import asyncio
import os
import re
import socket
import sys
from pathlib import Path

from aiohttp import web

from bot.settings import Settings
from fakediscord import FakeDiscord
from tests.helpers import ROOT

TOKEN = "MTIzNDU2Nzg5MDEyMzQ1Njc4.not-a-real-token." + "x" * 27
LOG_LINE = re.compile(r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3} (DEBUG|INFO|WARNING|ERROR|CRITICAL) [\w.]+: ")


def _env(api_base: str, knowledge_dir: Path) -> dict[str, str]:
    """This machine's environment without any bot setting, then only the ones the test means."""
    ours = {name.upper() for name in Settings.model_fields}
    env = {k: v for k, v in os.environ.items() if k.upper() not in ours}
    return {**env, "DISCORD_TOKEN": TOKEN, "DISCORD_API_BASE": api_base, "KNOWLEDGE_DIR": str(knowledge_dir),
            "LOG_LEVEL": "DEBUG"}


async def _run_bot(env: dict[str, str]) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=120)
    assert proc.returncode is not None
    return proc.returncode, out.decode(), err.decode()


def _the_one_error(status: int, out: str, err: str) -> str:
    """Exit 1, nothing but log lines (no traceback), exactly one error among them, no token anywhere."""
    assert status == 1, err
    assert "Traceback" not in err and out == ""
    lines = err.splitlines()
    assert all(LOG_LINE.match(line) for line in lines), err
    errors = [line for line in lines if " ERROR " in line or " CRITICAL " in line]
    assert len(errors) == 1, err
    for secret in (TOKEN, TOKEN[:24], TOKEN.split(".")[-1]):
        assert secret not in err
    return errors[0]


async def test_no_discord_at_the_configured_address_is_one_line_naming_it(knowledge_dir: Path) -> None:
    with socket.socket() as held:  # bound but not listening: the port is refused, and nobody else can take it
        held.bind(("127.0.0.1", 0))
        base = f"http://127.0.0.1:{held.getsockname()[1]}/api/v10"
        error = _the_one_error(*await _run_bot(_env(base, knowledge_dir)))
    assert f"cannot reach Discord at {base} (connection refused)" in error
    assert "check the network connection and DISCORD_API_BASE" in error


async def test_a_rejected_token_is_one_line_naming_it(server: FakeDiscord, knowledge_dir: Path) -> None:
    error = _the_one_error(*await _run_bot(_env(server.api_base, knowledge_dir)))
    assert "Discord rejected the token (DISCORD_TOKEN); check it in the Developer Portal" in error
    assert [r.status for r in server.requests if r.route == "/users/@me"] == [401]
    server.validation_errors.clear()  # the 401 was the point of this test


async def test_a_base_that_is_not_a_url_is_one_line_naming_it(knowledge_dir: Path) -> None:
    error = _the_one_error(*await _run_bot(_env("htp:/nowhere", knowledge_dir)))
    assert "cannot reach Discord at htp:/nowhere (not an http(s) URL" in error
    assert "check the network connection and DISCORD_API_BASE" in error


async def _serve(status: int, body: str) -> tuple[web.AppRunner, str]:
    """A local web server that answers every request with `status` and an HTML page: not Discord."""
    async def page(_: web.Request) -> web.Response:
        return web.Response(status=status, text=body, content_type="text/html")

    app = web.Application()
    app.router.add_route("*", "/{tail:.*}", page)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = runner.addresses[0][1]
    return runner, f"http://127.0.0.1:{port}/api/v10"


async def test_a_server_that_is_not_discord_is_one_line_naming_the_setting(knowledge_dir: Path) -> None:
    runner, base = await _serve(404, "<html><body>Not here</body></html>")
    try:
        error = _the_one_error(*await _run_bot(_env(base, knowledge_dir)))
    finally:
        await runner.cleanup()
    assert f"cannot start: the server at {base} answered 404" in error
    assert "check DISCORD_API_BASE (Discord's own is https://discord.com/api/v10)" in error


async def test_a_failing_server_is_one_line_saying_to_try_again(knowledge_dir: Path) -> None:
    runner, base = await _serve(503, "<html><body>Down for maintenance</body></html>")
    try:
        error = _the_one_error(*await _run_bot(_env(base, knowledge_dir)))
    finally:
        await runner.cleanup()
    assert f"cannot start: the server at {base} is failing (503" in error
    assert "try again later" in error

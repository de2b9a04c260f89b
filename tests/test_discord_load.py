"""A reduced gateway benchmark in CI: 200 /ask interactions, 50 at a time, against a real bot process.

Holds the line the full `python -m bench.gateway` run measures: none lost, none refused, none
answered after Discord's 3-second deadline, and no request the server had to refuse.
"""

from __future__ import annotations

from bench.gateway import DISCORD_DEADLINE, run_gateway_bench


async def test_200_asks_at_concurrency_50_are_all_answered_within_3_seconds() -> None:
    figures = await run_gateway_bench(200, 50)
    summary = figures.table()
    assert figures.lost == 0, summary
    assert figures.replied == figures.sent == 200, summary
    assert figures.late == 0 and figures.within_deadline == 200, summary
    assert figures.percentile(100) < DISCORD_DEADLINE * 1000, summary
    assert figures.errors == 0 and figures.refused == 0, summary
    assert figures.answered > figures.declined, summary  # the mix is mostly answerable questions
    assert figures.rejected_requests == [], summary

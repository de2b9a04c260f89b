"""The per-user question budget (a token bucket) on a clock the test moves by hand."""

from __future__ import annotations

import pytest

from bot.core.ratelimit import PRUNE_AT, QuestionBudget, Refusal


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_is_allowed_then_one_question_per_refill() -> None:
    clock = Clock()
    budget = QuestionBudget(burst=12, refill_seconds=10, clock=clock)
    assert [budget.hit("fan") for _ in range(12)] == [None] * 12
    assert budget.hit("fan") == Refusal(retry_after=10.0, first=True)
    clock.now += 4
    refusal = budget.hit("fan")
    assert refusal is not None and refusal.retry_after == pytest.approx(6.0)
    clock.now += 6
    assert budget.hit("fan") is None
    assert budget.hit("fan") is not None


def test_a_flood_of_thirty_a_minute_is_mostly_refused() -> None:
    clock = Clock()
    budget = QuestionBudget(burst=12, refill_seconds=10, clock=clock)
    allowed = 0
    for _ in range(60):  # two minutes, one message every 2 s
        allowed += budget.hit("flooder") is None
        clock.now += 2
    assert allowed == 12 + 11  # the burst, then one per refill over the 118 s from first to last
    assert allowed < 60 / 2


def test_a_refusal_is_first_once_per_way_of_asking_until_the_user_is_allowed_again() -> None:
    clock = Clock()
    budget = QuestionBudget(burst=1, refill_seconds=10, clock=clock)
    assert budget.hit("fan", via="chat") is None
    firsts = [(via, r.first) for via in ("chat", "chat", "interaction", "chat", "interaction")
              if (r := budget.hit("fan", via=via)) is not None]
    assert firsts == [("chat", True), ("chat", False), ("interaction", True), ("chat", False),
                      ("interaction", False)]
    clock.now += 10
    assert budget.hit("fan", via="interaction") is None  # allowed again: the next refusal is told again
    again = budget.hit("fan", via="chat")
    assert again is not None and again.first


def test_refused_questions_cost_nothing_and_budgets_are_per_user() -> None:
    clock = Clock()
    budget = QuestionBudget(burst=2, refill_seconds=5, clock=clock)
    budget.hit("fan")
    budget.hit("fan")
    for _ in range(50):
        budget.hit("fan")
    clock.now += 5
    assert budget.hit("fan") is None
    assert budget.hit("other") is None and budget.hit("other") is None


def test_idle_users_are_pruned_and_busy_ones_kept() -> None:
    clock = Clock()
    budget = QuestionBudget(burst=2, refill_seconds=5, clock=clock)
    budget.hit("busy")
    budget.hit("busy")
    for user in range(PRUNE_AT - 1):
        budget.hit(user)
    clock.now += 6  # everyone refilled by one: only the one-question users are full again
    budget.hit("newcomer")
    assert len(budget) == 2  # "busy" and the newcomer
    assert budget.hit("busy") is None and budget.hit("busy") is not None  # its state survived


def test_nonsense_numbers_are_refused() -> None:
    with pytest.raises(ValueError):
        QuestionBudget(burst=0, refill_seconds=10)
    with pytest.raises(ValueError):
        QuestionBudget(burst=3, refill_seconds=0)

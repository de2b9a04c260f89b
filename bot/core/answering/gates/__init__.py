"""Gates: what stops a question from being answered by the nearest fact.

Ranking finds the fact nearest a question, but nearest is not an answer. Each gate looks at the
read question (and, after ranking, the candidates) and either lets it through, narrows the
candidates to those that can answer, or ends it with a decline that carries a reason code and
the words a fan is told. Premise gates run before ranking: they need only the question (a year
the articles do not cover, a result from after the articles, someone never quoted). Candidate
gates run on the ranked candidates, in order; each narrowing gate also checks that the best
candidate it keeps is still an answer, so the decline names the gate that ran out of facts.

The order is the engine's (`engine.PREMISE_GATES`, `engine.CANDIDATE_GATES`); each gate's
docstring says what it guards. `asking` holds what every gate reads (`Asking`) and the outcomes a gate
ends a question with; `premise` the gates on the question alone; `candidates` those on the ranked facts.
"""

from bot.core.answering.gates.asking import AcrossTies, Asking, Decline, Overview, Verdict
from bot.core.answering.gates.candidates import (
    asked_detail,
    compared_across_ties,
    count_stated,
    declined_intent,
    evidence,
    manager_named,
    names_covered,
)
from bot.core.answering.gates.premise import (
    never_quoted,
    nothing_asked,
    other_sport,
    outcome_after_the_articles,
    overview_asked,
    result_after_the_articles,
    round_after_the_tie,
    time_not_covered,
    years_not_covered,
)

__all__ = [
    "AcrossTies",
    "Asking",
    "Decline",
    "Overview",
    "Verdict",
    "asked_detail",
    "compared_across_ties",
    "count_stated",
    "declined_intent",
    "evidence",
    "manager_named",
    "names_covered",
    "never_quoted",
    "nothing_asked",
    "other_sport",
    "outcome_after_the_articles",
    "overview_asked",
    "result_after_the_articles",
    "round_after_the_tie",
    "time_not_covered",
    "years_not_covered",
]

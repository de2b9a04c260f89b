"""Scorelines and what they are: a leg's result, a deficit, an aggregate, a prediction, or history.

The role is read from the words around the score in its sentence ("first leg", "on aggregate",
"deficit", "Score prediction:"), and a score is history when its sentence (or, for a sentence
opening with "It"/"They", the one before) names a year other than the tie's. Teams come from the
names in the sentence, or from the tie when only a leg is named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.drafting.document import Document, Mention, Span
from bot.core.drafting.draft import Draft
from bot.core.drafting.tie_match import upcoming_leg
from bot.core.models import LegName, Tie

__all__ = ["SCORE", "find_scores"]

SCORE = re.compile(r"(?<![\w.:/-])(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w-]|[.:/]\d)")
_PREDICTION = re.compile(r"\bpredict|\bprediction|\bforecast|\bmy tip\b|\bverdict:", re.IGNORECASE)
_PREDICTION_LABEL = re.compile(r"^\W*(?:(?:score|our|my) )?(?:prediction|verdict|forecast|tip)\s*:\s*", re.IGNORECASE)
_AGGREGATE = re.compile(r"^[^.;()]{0,12}\b(?:on |on the )?agg(?:regate)?\b", re.IGNORECASE)
_CUES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("deficit", re.compile(r"\b(?:deficit|down|behind|trail(?:ing|ed)?|arrears)\b", re.IGNORECASE)),
    ("loss", re.compile(r"\b(?:loss|lost|lose|losing|defeat|defeated|beaten|thrashed|hammered)\b", re.IGNORECASE)),
    ("win", re.compile(r"\b(?:win|won|wins|winning|victory|beat|beating|lead|advantage|triumph|thrashing|"
                       r"advance|advanced|through)\b", re.IGNORECASE)),
)
_CUE_AFTER = 22
"""A cue right after the score is the noun it qualifies ("a 5-2 loss", "3-1 first leg deficit")."""
_CUE_BEFORE = 40
_OBJECT_BEFORE = re.compile(r"\b(?:against|to|over|by|beat|beating|v|vs|versus|and|with|from)\s+(?:the\s+)?$",
                            re.IGNORECASE)
_LEGS: tuple[tuple[re.Pattern[str], LegName], ...] = (
    (re.compile(r"\b(?:first|1st|opening)[ -](?:leg|game|match|meeting)\b", re.IGNORECASE), "first"),
    (re.compile(r"\b(?:second|2nd|return)[ -](?:leg|game|match|meeting)\b", re.IGNORECASE), "second"),
)
_PAST_SEASON = re.compile(r"\blast (?:season|year|campaign)\b|\bprevious (?:season|campaign)\b", re.IGNORECASE)
_BACK_REFERENCE = re.compile(r"^(?:It|They|He|She|That|This)\b")
_WINNER_AFTER = re.compile(r"^\s*(?:win|victory|triumph)\s+(?:for|to)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class _Scoreline:
    start: int
    end: int
    score: str
    sentence: Span


def find_scores(doc: Document, tie: Tie | None, article_year: int | None, predictor_at: dict[int, str]) -> list[Draft]:
    """One draft per scoreline (per sentence for a prediction), with role, leg, teams and year.

    `predictor_at` maps paragraph numbers to the person whose predictions they hold (pundit
    headings such as "David Lynch (Liverpool correspondent)"), for the answer's wording.
    """
    lines = [_Scoreline(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}", doc.sentence_at(m.start()))
             for m in SCORE.finditer(doc.text)]
    drafts: list[Draft] = []
    predicted: set[int] = set()
    for index, line in enumerate(lines):
        previous_end = lines[index - 1].end if index and lines[index - 1].sentence == line.sentence else None
        draft = _draft(doc, line, previous_end, tie, article_year, predictor_at)
        if draft.kind == "prediction":
            if line.sentence.start in predicted:
                continue  # "2-0 (2-1 on aggregate)": one prediction, one draft
            predicted.add(line.sentence.start)
        drafts.append(draft)
    return drafts


def _draft(doc: Document, line: _Scoreline, previous_end: int | None, tie: Tie | None,
           article_year: int | None, predictor_at: dict[int, str]) -> Draft:
    sentence = doc.slice(line.sentence)
    before = doc.text[line.sentence.start:line.start]
    after = doc.text[line.end:line.sentence.end]
    year = _past_year(doc, line.sentence, tie, article_year)
    leg = _leg(before, after)
    prediction = bool(_PREDICTION.search(sentence)) and year is None
    aggregate = bool(_AGGREGATE.search(after))
    cue = _cue(doc, line, previous_end)
    teams = doc.mentions_in(line.sentence.start, line.sentence.end, "team")
    if prediction:
        intent = kind = "prediction"
        leg = leg or upcoming_leg(tie)
        who = predictor_at.get(line.sentence.paragraph)
        answer = f"{who}'s score prediction: " if who else "Score prediction: "
        answer += " ".join(_PREDICTION_LABEL.sub("", sentence).split())
    else:
        intent = kind = "history" if year is not None else "score"
        leg = "aggregate" if aggregate and year is None else leg
        answer = _answer(doc, line, teams, tie if year is None else None, leg, year, aggregate, cue)
    entities = doc.entity_ids_in(line.sentence.start, line.sentence.end)
    if tie is not None and year is None:
        entities += [t for t in tie.teams if t not in entities]
    keywords = ["score", "result", "scoreline", line.score]
    keywords += {"prediction": ["prediction", "predict", "tip"], "history": ["history", "past", "comeback"]}.get(
        kind, [])
    if cue == "deficit":
        keywords += ["deficit", "behind", "trailing"]
    if leg is not None and year is None:
        keywords.append("aggregate" if leg == "aggregate" else f"{leg} leg")
    return Draft(
        kind=kind, intent=intent, start=line.start, evidence=sentence, answer=answer,
        entities=list(dict.fromkeys(entities)), keywords=list(dict.fromkeys(keywords)),
        leg=leg if year is None else None, year=year, tie_bound=year is None,
    )


def _cue(doc: Document, line: _Scoreline, previous_end: int | None) -> str | None:
    """Deficit, loss or win: the cue word right after the score, else the nearest one before it."""
    after = doc.text[line.end:min(line.end + _CUE_AFTER, line.sentence.end)]
    found = [(m.start(), name) for name, pattern in _CUES for m in [pattern.search(after)] if m is not None]
    if found:
        return min(found)[1]
    floor = max(line.sentence.start, line.start - _CUE_BEFORE, previous_end or 0)
    before = doc.text[floor:line.start]
    found = [(m.end(), name) for name, pattern in _CUES for m in pattern.finditer(before)]
    return max(found)[1] if found else None


def _past_year(doc: Document, sentence: Span, tie: Tie | None, article_year: int | None) -> int | None:
    """A year other than the tie's named in the sentence, or in the one before for "It had lost 3-0"."""
    current = {y for y in (tie.year if tie else None, article_year) if y is not None}
    years = [y for y in doc.years_in(sentence.start, sentence.end) if y not in current]
    if years:
        return years[0]
    index = doc.sentence_index(sentence)
    if index > 0 and _BACK_REFERENCE.match(doc.slice(sentence)):
        earlier = doc.sentences[index - 1]
        years = [y for y in doc.years_in(earlier.start, earlier.end) if y not in current]
        if years:
            return years[0]
    return None


def _leg(before: str, after: str) -> LegName | None:
    """The leg named nearest the score in its sentence, if any."""
    best: tuple[int, LegName] | None = None
    for pattern, leg in _LEGS:
        for match in pattern.finditer(before):
            distance = len(before) - match.end()
            best = min(best, (distance, leg)) if best else (distance, leg)
        match = pattern.search(after)
        if match is not None:
            best = min(best, (match.start(), leg)) if best else (match.start(), leg)
    return best[1] if best is not None and best[0] <= 60 else None


def _answer(doc: Document, line: _Scoreline, teams: list[Mention], tie: Tie | None, leg: LegName | None,
            year: int | None, aggregate: bool, cue: str | None) -> str:
    """A sentence in the answers' style when the teams are clear; else the evidence sentence itself."""
    fallback = " ".join(doc.slice(line.sentence).split())
    before_team = [m for m in teams if m.end <= line.start]
    after_team = [m for m in teams if m.start >= line.end]
    suffix = " on aggregate" if aggregate else ""
    when = f"In {year}, " if year is not None else ""
    leg_words = f" the {leg} leg" if leg in ("first", "second") else ""
    if (before_team and after_team and not doc.text[before_team[-1].end:line.start].strip()
            and not doc.text[line.end:after_team[0].start].strip()):
        first, second = (_name(doc, m.entity) for m in (before_team[-1], after_team[0]))
        return f"{when}{first} {line.score} {second}{suffix}."
    if after_team and _WINNER_AFTER.match(doc.text[line.end:after_team[0].start]):
        winner = after_team[0].entity
        loser = _opponent(winner, line, teams, tie, leg)
        against = f" against {_name(doc, loser)}" if loser else ""
        return f"{when}{_name(doc, winner)} won{leg_words} {line.score}{against}{suffix}."
    subjects = [m for m in before_team if not _OBJECT_BEFORE.search(doc.text[line.sentence.start:m.start])]
    if not subjects or cue is None:
        return fallback
    subject = subjects[0].entity
    opponent = _opponent(subject, line, teams, tie, leg)
    if cue == "deficit":
        leg_adj = f" {leg}-leg" if leg in ("first", "second") else ""
        against = f" against {_name(doc, opponent)}" if opponent else ""
        return f"{when}{_name(doc, subject)} faced a {line.score}{leg_adj} deficit{against}{suffix}."
    if cue == "loss":
        to = f" to {_name(doc, opponent)}" if opponent else ""
        return f"{when}{_name(doc, subject)} lost{leg_words} {line.score}{to}{suffix}."
    if opponent and not leg_words:
        return f"{when}{_name(doc, subject)} beat {_name(doc, opponent)} {line.score}{suffix}."
    against = f" against {_name(doc, opponent)}" if opponent else ""
    return f"{when}{_name(doc, subject)} won{leg_words} {line.score}{against}{suffix}."


def _opponent(team: str, line: _Scoreline, teams: list[Mention], tie: Tie | None, leg: LegName | None) -> str | None:
    """The other side: for a leg of the tie, the tie's other team; else the next team named after the score."""
    if tie is not None and team in tie.teams and leg is not None:
        return next(t for t in tie.teams if t != team)
    others = [m for m in teams if m.entity != team]
    after = [m for m in others if m.start >= line.end]
    if after or others:
        return (after or others)[0].entity
    if tie is not None and team in tie.teams:
        return next(t for t in tie.teams if t != team)
    return None


def _name(doc: Document, entity: str | None) -> str:
    return doc.entities[entity].name if entity is not None else ""

"""Scorelines and what they are: a leg's result, a deficit, an aggregate, a prediction, or history.

The role is read from the words around the score in its sentence ("first leg", "on aggregate",
"agg", "deficit", "Score prediction:", "I think it finishes 2-1"), and a score is history when its
sentence (or, for a sentence opening with "It"/"They", the one before) names a year other than the
tie's, an earlier round or an earlier month ("the 4-1 win over Liverpool in September"). Teams
come from the names in the sentence, or from the tie when only a leg is named.

Each draft carries a `role` in the vocabulary moderators and the held-out labels use:
first-leg, second-leg, aggregate, deficit, prediction, historical or other. Domestic results
("beat Espanyol 3-1 on Saturday", "in the Bundesliga") and shoot-outs are `other` (intent form
for domestic results). Running scores during a game ("makes it 2-2", "2-0 at half-time", a live
blog's timed entries) are not drafted at all: they are not results. A result named without a leg,
in an article that also gives the tie's aggregate, is the second leg (a first leg has no
aggregate), or the first leg when it is placed weeks ago ("Having won 2-0 in Frankfurt three
weeks ago"). With a known tie, its recorded first-leg score marks the first leg.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.core.drafting.document import Document, Mention, Span
from bot.core.drafting.draft import Draft
from bot.core.drafting.tie_match import upcoming_leg
from bot.core.knowledge.models import LegName, Tie

__all__ = ["SCORE", "find_scores"]

SCORE = re.compile(r"(?<![\w.:/–-])(\d{1,2}) ?[-–] ?(\d{1,2})(?![\w–-]|[.:/]\d)")
"""Digits, a hyphen or en dash, digits; not part of a formation (4-3-3, 4–2–3–1), a time or a date."""
_PREDICTION = re.compile(r"\bpredict|\bprediction|\bforecast|\bmy tip\b|\bverdict:", re.IGNORECASE)
_OPINION_BEFORE = re.compile(r"\b(?:think|reckon|fancy|expect|predict|bet|tip|guess)\b[^.!?]{0,40}$"
                             r"|\b(?:will|'ll|’ll|going to) (?:finish|end|win|be)\b[^.!?]{0,15}$", re.IGNORECASE)
"""An opinion or the future just before the score: "I think it finishes 2-1 to Liverpool"."""
_AGGREGATE_BEFORE = re.compile(r"\bagg(?:regate)?\.?:?\s*$", re.IGNORECASE)
_RUNNING_BEFORE = re.compile(r"\b(?:makes?|made|making) it\s*$|\b(?:leading|led|trailing at)\s*$", re.IGNORECASE)
_RUNNING_AFTER = re.compile(r"^\s*(?:on the night|at (?:half-?time|half time|the break|the interval)|"
                            r"(?:up|down) at (?:half-?time|the break))\b", re.IGNORECASE)
_CLOCK_ENTRY = re.compile(r"^\s*(?:\d{1,2}[:.]\d{2}|\d{1,3}(?:\+\d+)?['’]|HT\b)")
"""A live blog's timed entry ("21:04 – GOAL Celtic! ... 1–1."): its scores run during the game."""
_DOMESTIC = re.compile(r"\b(?:league|Bundesliga|Serie A|La ?Liga|Ligue 1|Eredivisie|domestic|derby|"
                       r"FA Cup|Copa del Rey|Coppa Italia|DFB-Pokal)\b|\bon (?:Saturday|Sunday)\b", re.IGNORECASE)
_EUROPEAN = re.compile(r"\b(?:Champions League|European|Europe|Europa|UEFA|group stage)\b", re.IGNORECASE)
_SHOOTOUT = re.compile(r"\b(?:shoot-?outs?|penalt(?:y|ies) shoot|on penalties|on pens)\b", re.IGNORECASE)
_EARLIER_ROUND = re.compile(r"\b(?:previous|last|earlier|preceding) round\b|\bgroup stage\b", re.IGNORECASE)
_MONTHS = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december")
_IN_MONTH = re.compile(rf"\bin ({'|'.join(_MONTHS)})\b(?! \d)", re.IGNORECASE)
_WEEKS_AGO = re.compile(r"\b(?:weeks?|days?|a week|a fortnight) ago\b|\blast week(?:'s|’s)?\b", re.IGNORECASE)
_RESULT = re.compile(r"\b(?:beat|beating|won|win|wins|victory|draw|drew|held|lost|loss|defeat|defeated)\b|"
                     r"^\W*(?:FT|full[- ]time)\b", re.IGNORECASE)
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
_PAST_SEASON = re.compile(r"\blast (?:season|year|campaign)\b|\b(?:in the |the )?previous (?:season|campaign)\b",
                          re.IGNORECASE)
"""Another season than the tie's, as the article words it: the answer opens with these words."""
_BACK_REFERENCE = re.compile(r"^(?:It|They|He|She|That|This)\b")
_MAX_EVIDENCE = 1400
"""A fact's evidence stays under the model's 1500 characters."""
_WINNER_AFTER = re.compile(r"^\s*(?:win|victory|triumph)\s+(?:for|to)\s+$", re.IGNORECASE)


@dataclass(frozen=True)
class _Scoreline:
    start: int
    end: int
    score: str
    sentence: Span


def find_scores(doc: Document, tie: Tie | None, article_date: dt.date | None,
                predictor_at: dict[int, tuple[str, int]]) -> list[Draft]:
    """One draft per scoreline (per sentence for a prediction), with role, leg, teams and year.

    `predictor_at` maps paragraph numbers to the person whose predictions they hold (pundit
    headings such as "David Lynch (Liverpool correspondent)") and where that heading starts: the
    answer names the pundit, and the evidence runs from the heading so it names them too.
    """
    lines = [_Scoreline(m.start(), m.end(), f"{m.group(1)}-{m.group(2)}", doc.sentence_at(m.start()))
             for m in SCORE.finditer(doc.text)]
    drafts: list[Draft] = []
    predicted: set[int] = set()
    for index, line in enumerate(lines):
        if _running(doc, line):
            continue
        previous_end = lines[index - 1].end if index and lines[index - 1].sentence == line.sentence else None
        following = lines[index + 1] if index + 1 < len(lines) else None
        next_start = following.start if following is not None and following.sentence == line.sentence else None
        inherited = drafts[-1] if drafts and previous_end is not None and drafts[-1].start == lines[index - 1].start \
            else None
        draft = _draft(doc, line, (previous_end, next_start), inherited, tie, article_date, predictor_at)
        if draft.kind == "prediction":
            if line.sentence.start in predicted:
                continue  # "2-0 (2-1 on aggregate)": one prediction, one draft
            predicted.add(line.sentence.start)
        drafts.append(draft)
    if any(d.role == "aggregate" for d in drafts):
        for draft in drafts:
            if draft.role == "result":
                _set_leg(draft, "first" if _WEEKS_AGO.search(draft.evidence) else "second")
    for draft in drafts:
        if draft.role == "result":
            draft.role = "other"
    return drafts


def _running(doc: Document, line: _Scoreline) -> bool:
    """A score during a game, not a result: "makes it 2-2", "2-0 at half-time", a live blog's timed entry."""
    before = doc.text[line.sentence.start:line.start]
    after = doc.text[line.end:line.sentence.end]
    if _RUNNING_BEFORE.search(before) or _RUNNING_AFTER.match(after):
        return True
    paragraph = doc.slice(doc.paragraphs[line.sentence.paragraph])
    named_leg = _leg(before, after) is not None or _CUES[0][1].search(before[-40:])  # "trail 3-1 from the first leg"
    return bool(_CLOCK_ENTRY.match(paragraph)) and not named_leg  # "1-4 on aggregate" there runs too


def _set_leg(draft: Draft, leg: LegName) -> None:
    """Make a legless result of the tie a leg's result (role, leg and keywords)."""
    draft.leg = leg
    draft.role = f"{leg}-leg"
    draft.keywords = [*draft.keywords, f"{leg} leg"]


def _draft(doc: Document, line: _Scoreline, neighbours: tuple[int | None, int | None], inherited: Draft | None,
           tie: Tie | None, article_date: dt.date | None, predictor_at: dict[int, tuple[str, int]]) -> Draft:
    """One scoreline's draft, its role read from its sentence and its clause.

    `neighbours` are where the scores before and after it in its sentence end and start (its clause
    lies between them); `inherited` is the draft of the score before it in the sentence.
    """
    article_year = article_date.year if article_date else None
    previous_end, next_start = neighbours
    clause = Span(previous_end or line.sentence.start, next_start or line.sentence.end, line.sentence.paragraph)
    sentence = doc.slice(line.sentence)
    evidence_start = line.sentence.start
    before = doc.text[line.sentence.start:line.start]
    after = doc.text[line.end:line.sentence.end]
    year, year_sentence = _past_year(doc, line.sentence, tie, article_year)
    if year_sentence is not None:  # "It had lost 3-0": the sentence naming the year is evidence too
        evidence_start = year_sentence.start
    evidence = doc.text[evidence_start:line.sentence.end]
    earlier = year is None and _earlier_game(sentence, article_date)
    leg = _leg(doc.text[clause.start:line.start], doc.text[line.end:clause.end])
    prediction = year is None and (bool(_PREDICTION.search(sentence)) or bool(_OPINION_BEFORE.search(before)))
    aggregate = bool(_AGGREGATE.search(after)) or bool(_AGGREGATE_BEFORE.search(before[-8:]))
    cue = _cue(doc, line, previous_end)
    teams = doc.mentions_in(line.sentence.start, line.sentence.end, "team")
    domestic = not prediction and year is None and leg is None and not aggregate and bool(
        _DOMESTIC.search(sentence)) and not _EUROPEAN.search(sentence)
    when = f"In {year}, " if year is not None else ""
    if year is None and not earlier and not prediction and not domestic:
        other = _another_match(doc, line, clause, inherited, tie, article_year)
        if other is not None:
            earlier, when, year = True, other[0], other[1]
    if prediction:
        intent = kind = role = "prediction"
        leg = leg or upcoming_leg(tie)
        who, heading = predictor_at.get(line.sentence.paragraph, (None, None))
        answer = f"{who}'s score prediction: " if who else "Score prediction: "
        if heading is not None and line.sentence.end - heading <= _MAX_EVIDENCE:
            evidence = doc.text[heading:line.sentence.end]
        answer += " ".join(_PREDICTION_LABEL.sub("", sentence).split())
    else:
        past = year is not None or earlier
        intent = kind = "history" if past else "score"
        leg = "aggregate" if aggregate and not past else leg
        if domestic:
            intent = "form"
        if not leg and not past and tie is not None and tie.first_leg.score is not None and (
                line.score in {tie.first_leg.score, "-".join(reversed(tie.first_leg.score.split("-")))}):
            leg = "first"
        role = _role(kind, leg, cue, sentence, before, after, domestic)
        answer = _answer(doc, line, teams, tie if not past else None, leg, when, aggregate, cue, evidence)
    entities = doc.entity_ids_in(evidence_start, line.sentence.end)
    if tie is not None and kind != "history":
        entities += [t for t in tie.teams if t not in entities]
    keywords = ["score", "result", "scoreline", line.score]
    keywords += {"prediction": ["prediction", "predict", "tip"], "history": ["history", "past", "comeback"]}.get(
        kind, [])
    if intent == "form":
        keywords += ["form", "league"]
    if cue == "deficit":
        keywords += ["deficit", "behind", "trailing"]
    if leg is not None and kind != "history":
        keywords.append("aggregate" if leg == "aggregate" else f"{leg} leg")
    return Draft(
        kind=kind, intent=intent, start=line.start, evidence=evidence, answer=answer,
        entities=list(dict.fromkeys(entities)), keywords=list(dict.fromkeys(keywords)),
        leg=leg if kind != "history" else None, year=year, tie_bound=kind != "history", role=role,
        when=when if kind == "history" else "", score=line.score,
        speaker_name=predictor_at.get(line.sentence.paragraph, (None, 0))[0] if kind == "prediction" else None,
    )


def _role(kind: str, leg: LegName | None, cue: str | None, sentence: str, before: str, after: str,
          domestic: bool) -> str:
    """The scoreline's role; "result" (settled by `find_scores`) for a legless result of the tie."""
    if _SHOOTOUT.search(before[-30:]) or _SHOOTOUT.search(after[:30]):
        return "other"
    if kind == "history":
        return "historical"
    if leg == "aggregate":
        return "aggregate"
    if cue == "deficit":
        return "deficit"
    if leg is not None:
        return f"{leg}-leg"
    if domestic:
        return "other"
    return "result" if _RESULT.search(sentence) or _between_teams(before, after) else "other"


def _between_teams(before: str, after: str) -> bool:
    """A score written between two capitalised names, as in "Celtic 2-2 Barcelona"."""
    return bool(re.search(r"[A-Z][\w.’'-]+\s+$", before)) and bool(re.match(r"^\s+[A-Z]", after))


def _earlier_game(sentence: str, article_date: dt.date | None) -> bool:
    """An earlier round, or a month before the article's ("the 4-1 win over Liverpool in September")."""
    if _EARLIER_ROUND.search(sentence):
        return True
    month = _IN_MONTH.search(sentence)
    if month is None:
        return False
    return article_date is None or _MONTHS.index(month.group(1).lower()) + 1 != article_date.month


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


def _past_year(doc: Document, sentence: Span, tie: Tie | None,
               article_year: int | None) -> tuple[int | None, Span | None]:
    """A year other than the tie's named in the sentence, or in the one before for "It had lost 3-0".

    The second item is that sentence before, when it gives the year: the draft's evidence starts
    there, so the answer's year is one its evidence gives.
    """
    current = {y for y in (tie.year if tie else None, article_year) if y is not None}
    years = [y for y in doc.years_in(sentence.start, sentence.end) if y not in current]
    if years:
        return years[0], None
    index = doc.sentence_index(sentence)
    if index > 0 and _BACK_REFERENCE.match(doc.slice(sentence)):
        earlier = doc.sentences[index - 1]
        years = [y for y in doc.years_in(earlier.start, earlier.end) if y not in current]
        if years:
            return years[0], earlier
    return None, None


def _another_match(doc: Document, line: _Scoreline, clause: Span, inherited: Draft | None, tie: Tie | None,
                   article_year: int | None) -> tuple[str, int | None] | None:
    """A score the article gives for another match than the tie's: the answer's opening words and the year.

    Its clause (the sentence between the scores around it) places it in a past season ("last season":
    the season before the tie's) or names a club outside the tie ("beat Barcelona 4-0" in a preview
    of Liverpool v Atlético: then the season its sentence names, if any); a score whose clause names
    no season, and no club or another club, carries on the match of the score before it in the
    sentence ("... after losing 3-0 in the first leg").
    """
    season = _PAST_SEASON.search(doc.text[clause.start:clause.end])
    named = doc.mentions_in(clause.start, clause.end, "team")
    foreign = tie is not None and any(not doc.may_mean(m) & set(tie.teams) for m in named)
    carried = inherited is not None and inherited.kind == "history" and (foreign or not named)
    if season is None and carried and inherited is not None:
        return inherited.when, inherited.year
    if season is None and foreign:  # "... then beat Barcelona 4-0": the sentence may say which season
        season = _PAST_SEASON.search(doc.slice(line.sentence))
    if season is not None:
        base = tie.year if tie is not None else article_year
        return f"{season.group(0)[0].upper()}{season.group(0)[1:]}, ", base - 1 if base is not None else None
    return ("", None) if foreign else None


def _leg(before: str, after: str) -> LegName | None:
    """The leg named nearest the score in its sentence, if any."""
    best: tuple[int, LegName] | None = None
    for pattern, leg in _LEGS:
        for match in pattern.finditer(before):
            distance = len(before) - match.end()
            best = min(best, (distance, leg)) if best else (distance, leg)
        following = pattern.search(after)
        if following is not None:
            best = min(best, (following.start(), leg)) if best else (following.start(), leg)
    return best[1] if best is not None and best[0] <= 60 else None


def _answer(doc: Document, line: _Scoreline, teams: list[Mention], tie: Tie | None, leg: LegName | None,
            when: str, aggregate: bool, cue: str | None, evidence: str) -> str:
    """A sentence in the answers' style when the teams are clear; else the evidence itself.

    `when` opens it for another match than the tie's ("In 2019, ", "Last season, ").
    """
    fallback = " ".join(evidence.split())
    before_team = [m for m in teams if m.end <= line.start]
    after_team = [m for m in teams if m.start >= line.end]
    suffix = " on aggregate" if aggregate else ""
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

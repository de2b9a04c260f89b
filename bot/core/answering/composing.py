"""Compose: the `Answer` a fan is given, from the facts the gates let through, or a decline.

An answer is the best fact and those that answer alike (same kind, nearly as good), from one
tie; when nothing names a tie and several ties answer alike, one line per tie. A decline keeps
its reason and offers up to three "did you mean" questions the facts do answer.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Mapping, Set
from datetime import date
from functools import lru_cache

from bot.core.answering.answer import Answer, Source
from bot.core.answering.gates import Asking, Decline
from bot.core.answering.ranking import (
    ANSWER_THRESHOLD,
    OVERVIEW_INTENT,
    PERSON_INTENT,
    QUOTE_INTENT,
    TAUGHT_FLOOR,
    Scored,
)
from bot.core.answering.snapshot import Snapshot
from bot.core.knowledge.language import Language
from bot.core.knowledge.models import Article, Fact, Leg, Tie
from bot.core.knowledge.store import RESULT_INTENT, Knowledge, intents_in
from bot.core.text import holds_words, normalize, tokenize

__all__ = ["MAX_TIES_LISTED", "across_ties", "answer", "decline", "leg_story", "legs_first", "overview",
           "sources_for_articles", "suggestion_for", "tie_label"]

KEEP_RATIO = 0.88
"""Facts scoring this share of the best, of the same kind, answer alongside it."""
NAMING_RATIO = 0.8
"""A quote of the same speaker this near the best, naming the club asked about in its own words, answers too."""
MAX_FACTS = 2
RESTATES = 0.75
"""A fact sharing this share of its words with one already in the answer restates it, and is left out."""
MAX_QUOTES = 2
MAX_TIES_LISTED = 6
"""A "depends on the tie" answer lists at most this many ties (the best scoring) and says how many more."""
LONG_QUOTE = 280
"""A quote answer longer than this is cut to the part asked about (the full one stays one step away)."""
_SENTENCES = re.compile(r"(?<=[.!?])\s+(?=[A-ZÀ-ÖØ-Þ¿¡\"“‘'«])")
"""Where a sentence ends: after . ! or ?, before a capital, an opening quote or Spanish ¿ ¡."""
TIED = 1e-6
"""Candidates this close in total are tied: what breaks the tie is no signal of the question's."""
_PLACE_WORDS = 8
"""A quote is found in its article by its first words."""
SUGGESTION_FLOOR = 0.12
"""A candidate this weak is not worth offering as "did you mean"."""


def answer(a: Asking, ranked: list[Scored]) -> Answer:
    """The answer from the best candidate (and those answering alike); reason `answered` or `answered-per-tie`."""
    k = a.snap.knowledge
    ranked = _first_statements_first(a, ranked)
    best = ranked[0]
    floor, intent = best.total * KEEP_RATIO, best.item.intent
    keep = [s for s in ranked if s.total >= floor and s.item.intent == intent]
    per_tie = _per_tie(a, keep)
    full_text = ""
    if per_tie:
        chosen = per_tie
        if len(per_tie) > MAX_TIES_LISTED:
            # The best answers first and, among equals, the most recent ties: the ones fans mean.
            # (Scored without the taught lift: how a curator happened to word one tie's questions is no reason.)
            ranked_ties = sorted(per_tie, key=lambda s: (-(s.total - s.lift), -k.ties[s.item.tie or ""].year))
            best_ones = set(map(id, ranked_ties[:MAX_TIES_LISTED]))
            chosen = [s for s in per_tie if id(s) in best_ones]
        lines = [f"{tie_label(a, s.item.tie)}: {_said(a, s.fact)}" for s in chosen]
        text = a.language.say("depends_on_tie") + "\n" + "\n".join(f"• {line}" for line in lines)
        if len(per_tie) > len(chosen):
            text += "\n" + a.language.say("more_ties", count=len(per_tie) - len(chosen))
    else:
        limit = MAX_QUOTES if best.item.intent == QUOTE_INTENT else MAX_FACTS
        summed = _summed_up(a, ranked, limit) if best.item.intent == QUOTE_INTENT else _each_side(a, ranked, limit)
        if best.item.intent == QUOTE_INTENT and not summed:
            keep = _naming_the_club_asked_first(a, keep, ranked)
        chosen = summed
        for s in () if summed else keep:
            if s.item.tie == best.item.tie and not any(_restates(a, s, c) for c in chosen):
                chosen.append(s)
            if len(chosen) == limit:
                break
        said = [_said(a, s.fact) for s in chosen]
        full_text = "\n\n".join(said)
        text = "\n\n".join(_trimmed(a, s.fact, told) for s, told in zip(chosen, said, strict=True))
    runner = next((s.total for s in ranked if s.item.intent != best.item.intent), 0.0)
    confidence = max(0.0, min(1.0, 0.5 + (best.total - ANSWER_THRESHOLD) + (best.total - runner) / 2))
    facts = [s.fact for s in chosen]
    ties = {f.tie for f in facts}
    return Answer(
        answered=True, text=text, confidence=round(confidence, 3), intent=best.item.intent,
        tie=next(iter(ties)) if len(ties) == 1 else None, facts=[f.id for f in facts],
        sources=_sources(a.snap, facts), quotes=[f.quote for f in facts if f.quote],
        reason="answered-per-tie" if per_tie else "answered",
        full_text=full_text if text != full_text else None,
    )


def _first_statements_first(a: Asking, ranked: list[Scored]) -> list[Scored]:
    """What someone said, with nothing in particular asked: their statements in the order the article gives them.

    "Ancelotti's words to the press in 2023" scores each of his statements alike, and the tie
    was broken by the facts' ids, which say nothing. Among the candidates tied with the best, when it
    is someone's statement and their words are asked for, one of the kind asked (a quote, not the day
    they spoke) and the one the article gives first (their main statement, and where it was made)
    come first. A question asking something in particular scores its fact higher: no tie.
    """
    best = ranked[0]
    speaker = best.item.speaker  # the index entry's: the fact itself is decoded only when it is someone's
    if speaker is None or (speaker not in a.q.people and best.item.intent != QUOTE_INTENT):
        return ranked
    tied = 1
    while tied < len(ranked) and best.total - ranked[tied].total <= TIED:
        tied += 1
    if tied == 1:
        return ranked
    articles, asked = a.snap.knowledge.articles, a.q.intent[0]
    head = sorted(ranked[:tied], key=lambda s: (s.fact.intent != asked, s.fact.speaker != speaker,
                                                _place_in_article(articles, s.fact), s.item.id))
    return head + ranked[tied:]


def _summed_up(a: Asking, ranked: list[Scored], limit: int) -> list[Scored]:
    """Someone's words summed up: their main statements, in their article's order; [] when no summary is asked.

    "tl;dr Klopp's message", "a summary of what Ancelotti and Trent said": of each speaker the question
    names (else the best candidate's), the statements it found, the one the article gives first (its
    headline) first, rather than those the words "message" or "said" happened to match. Two speakers named:
    the main statement of each.
    """
    best = ranked[0]
    if not _summary_of_words(a, best):
        return []
    speakers: list[str | None] = [p for p in a.q.people if p in a.index.speakers] or [best.fact.speaker]
    articles = a.snap.knowledge.articles
    told: list[list[Scored]] = []
    for speaker in speakers:
        theirs = [s for s in ranked if s.fact.speaker == speaker and s.fact.intent == QUOTE_INTENT
                  and s.item.tie == best.item.tie]
        told.append(sorted(theirs, key=lambda s: (not s.fact.quote, _place_in_article(articles, s.fact), s.item.id)))
    told = [t for t in told if t]
    if len(told) > 1:
        return [t[0] for t in told[:limit]]
    return told[0][:limit] if told else []


def legs_first(a: Asking, answer: Answer) -> Answer:
    """The answer after its tie's heading and legs, when a request for the tie's story added the subject it answers.

    "Summarise the 2020 preview, including what the experts tipped": the tips, after the tie's legs, as the
    story asked for begins. A subject asked alone ("recap the experts' tips") is answered alone; so is one of
    several ties or of none. So is a question joining a leg's story to another ask ("why were they favourites,
    and how did the first leg go"): the legs tell the game, the answer the other ask.
    """
    q = a.q
    if not answer.answered or answer.reason.startswith("overview"):
        return answer
    if not (q.scoped and _subject_added(a)) and not _leg_joined(a):
        return answer
    k = a.snap.knowledge
    ties = {k.facts[f].tie for f in answer.facts if f in k.facts}
    tie_id = answer.tie or (next(iter(ties)) if len(ties) == 1 else None)
    if tie_id is None or tie_id not in k.ties:
        return answer
    legs = "\n".join(_tie_card(a, k.ties[tie_id]))
    if answer.full_text is not None:
        answer.full_text = f"{legs}\n\n{answer.full_text}"
    answer.text = f"{legs}\n\n{answer.text}"
    return answer


def _leg_joined(a: Asking) -> bool:
    """Whether a leg is named after words joining a second ask ("..., and how did the first leg go").

    Read only of a question naming a leg and holding the first word of a joining phrase (`including`).
    """
    q = a.q
    tokens = q.tokens
    if q.leg is None or a.view.reader.including_starts.isdisjoint(tokens):
        return False
    language = a.view.language
    for at, token in enumerate(tokens):
        for phrase in language.including:
            if phrase[0] == token and tuple(tokens[at:at + len(phrase)]) == phrase:
                return holds_words(tokens[at + len(phrase):], language.legs)
    return False


def _subject_added(a: Asking) -> bool:
    """Whether the request for a story adds a subject: in words ("including"), or by a sign typed ("+").

    "A recap of the Madrid quarter-final + Klopp's words": the tokens drop the sign, so it is looked for in the
    question as typed, not after a number ("3+ goals" counts goals).
    """
    language = a.view.language
    if holds_words(a.q.tokens, language.including):
        return True
    return any(re.search(rf"(?<!\d){re.escape(mark)}", a.q.text) for mark in language.including_marks)


def _each_side(a: Asking, ranked: list[Scored], limit: int) -> list[Scored]:
    """Both sides of one tie asked about in a request for their story: the best fact of the kind asked of each.

    "A recap of Madrid's and Liverpool's form before the return": the best form fact about each club (one
    naming it and not the other), however much better the words of the question matched one of them. []
    when the request was not put on a subject (`Question.scoped`) or does not name both sides.
    """
    q, best = a.q, ranked[0]
    if not q.scoped or best.item.tie is None or q.ties is None or len(q.ties) != 1:
        return []
    sides = a.snap.knowledge.ties[best.item.tie].teams
    if len(sides) < 2 or not set(sides) <= set(q.teams):
        return []
    chosen: list[Scored] = []
    for side in sides:
        others = [o for o in sides if o != side]
        told = next((s for s in ranked if s.item.intent == best.item.intent and s.item.tie == best.item.tie
                     and side in s.item.entities and not any(o in s.item.entities for o in others)), None)
        if told is not None and told not in chosen:
            chosen.append(told)
    if len(chosen) < 2:
        return []
    first = set(map(id, chosen))
    return [s for s in ranked if id(s) in first][:limit]


def _summary_of_words(a: Asking, best: Scored) -> bool:
    """Whether a summary of someone's words is asked, nothing in particular of them ("tl;dr Klopp's message").

    A request for a story put on what someone said (`Question.scoped`) whose topic words only say that words
    are asked (cues such as "message", "said"): the statements are summed up from the main one. "Recap what
    Klopp said about Salah" asks something in particular: its best match answers.
    """
    q = a.q
    cued = frozenset().union(*q.intents.cued.values())
    if not q.scoped:
        # "Did Klopp say anything before the quarter-final": words of someone named, asked of nothing in
        # particular (only frame words and cues), are his main statements as a summary of them is.
        # A statement taught a question like it ("Klopp said we have the entire what") is what is asked.
        said, frame = q.intents.cued.get(QUOTE_INTENT), a.view.reader.frame_stems
        return (said is not None and best.taught < TAUGHT_FLOOR and any(p in a.index.speakers for p in q.people)
                and any(s in frame and s not in said for s in q.stems)
                and all(s in said or s in frame for s in q.stems))
    return all(s in cued for s in q.stems if s not in a.view.reader.request_stems)


def _naming_the_club_asked_first(a: Asking, keep: list[Scored], ranked: list[Scored]) -> list[Scored]:
    """Quotes whose own words name the club asked about, when it is not the speaker's, before the others.

    "Klopp on Real Madrid's squad": his words about the talent Real Madrid have ("This Real Madrid
    team has …"), not those about his own dressing room, though both name Real Madrid as the
    opponent of the game he spoke before, and his own squad's words share "squad" with the question.
    A quote of the same speaker a little further down (NAMING_RATIO of the best) is one of them.
    """
    k = a.snap.knowledge
    clubs = [e for e in a.q.named if e in k.entities and k.entities[e].kind == "team"]
    if not clubs:
        return keep
    best = keep[0]
    kept = set(map(id, keep))
    near = keep + [s for s in ranked if id(s) not in kept and s.item.intent == QUOTE_INTENT
                   and s.item.speaker == best.item.speaker and s.item.tie == best.item.tie
                   and s.total >= best.total * NAMING_RATIO]
    if len(near) < 2:
        return keep
    naming: list[Scored] = []
    for s in near:
        speaker = k.entities.get(s.fact.speaker or "")
        asked = [c for c in clubs if speaker is None or speaker.team != c]
        if s.fact.quote and asked and _names_any(k, s.fact.quote, asked):
            naming.append(s)
    if not naming or len(naming) == len(near):
        return keep
    first = set(map(id, naming))
    return naming + [s for s in keep if id(s) not in first]


def _names_any(k: Knowledge, text: str, entities: list[str]) -> bool:
    """Whether the text names one of the entities, by its name or an alias."""
    words = f" {' '.join(tokenize(normalize(text)))} "
    return any(f" {' '.join(tokenize(normalize(name)))} " in words
               for e in entities for name in (k.entities[e].name, *k.entities[e].aliases))


def _place_in_article(articles: Mapping[str, Article], fact: Fact) -> int:
    """Where the fact's quote (else its evidence) starts in its article's words; after everything when not found."""
    article = articles.get(fact.source.article)
    said = fact.quote or fact.source.evidence
    if article is None or not said:
        return sys.maxsize
    return _place(article.text, said)


@lru_cache(maxsize=4096)
def _place(text: str, said: str) -> int:
    """Where `said` starts in an article's words (kept: each fact's words are looked for in a long text)."""
    place = _article_words(text).find(" ".join(tokenize(normalize(said))[:_PLACE_WORDS]))
    return place if place >= 0 else sys.maxsize


@lru_cache(maxsize=16)
def _article_words(text: str) -> str:
    """An article's words as a question's are read, one space apart: a quote's words are found in it."""
    return " ".join(tokenize(normalize(text)))


def _trimmed(a: Asking, fact: Fact, answer: str) -> str:
    """A long quote cut to the sentences the question asks about; any other answer as it is.

    The words before the quote (who said it, when) are kept; of the quoted sentences, the one
    sharing the most weight with the question's topic words, and the next when it is short. With
    nothing asked in particular ("what did he say on Tuesday"), the quote from its opening, as many
    sentences as LONG_QUOTE holds: the quoted words, not who said them when, are what it measures.
    `answer` is the fact's answer in the question's language (`_said`).
    """
    if fact.intent != QUOTE_INTENT or len(answer) <= LONG_QUOTE:
        return answer
    translating = a.language.translating
    if translating is not None and answer != fact.answer:
        return _trimmed_translated(a, answer, translating.quote_translation)
    opening = min((i for i in (answer.find('"'), answer.find("“")) if i >= 0), default=-1)
    if opening < 0:
        return answer
    lead, body = answer[: opening + 1], answer[opening + 1 :]
    closing = body[-1] if body[-1:] in '"”' else ""
    sentences = _SENTENCES.split(body.removesuffix(closing).strip())
    if len(sentences) < 2:
        return answer
    weight = _sentence_weight(a)
    scores = [weight(s) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: (scores[i], -i))
    if scores[best] == 0:  # nothing asked in particular: the quote from its opening, as much as a quote may hold
        best, end = 0, _opening(sentences)
    else:
        end = best + 2 if best + 1 < len(sentences) and len(sentences[best]) < LONG_QUOTE // 2 else best + 1
    picked = sentences[best:end]
    if len(picked) == len(sentences):
        return answer
    before = "… " if best > 0 else ""
    after = " …" if best + len(picked) < len(sentences) else ""
    return f"{lead}{before}{' '.join(picked)}{after}{closing}"


def _opening(sentences: list[str]) -> int:
    """How many of a quote's sentences, from its opening, fit in LONG_QUOTE characters (at least one).

    "Ancelotti's words on the Tuesday" ask for his words, nothing in particular: a quote only a
    little past the length an answer holds is given whole ("… from the first minute" is its point),
    a longer one its opening.
    """
    end, length = 1, len(sentences[0])
    while end < len(sentences) and length + 1 + len(sentences[end]) <= LONG_QUOTE:
        length += 1 + len(sentences[end])
        end += 1
    return end


def _trimmed_translated(a: Asking, answer: str, mark: str) -> str:
    """A translated quote answer cut the same way, its verbatim words and their rendering kept in step.

    Such an answer gives each quote verbatim, then its rendering inside the language file's mark
    ("(Traducción: «…»)"). The sentence asked about is found in either, and the same sentence is
    kept in both: the question is in the rendering's language, while the verbatim words are the
    quote. Where a quote and its rendering do not have as many sentences, that pair is kept whole.
    """
    before, _, after = mark.partition("{text}")
    pairs = list(re.finditer(r"([\"“])(.+?)([\"”])\s*" + re.escape(before) + "(.+?)" + re.escape(after), answer))
    if not pairs:
        return answer
    weight = _sentence_weight(a)
    best: tuple[float, int, int | None] | None = None  # (score, pair, sentence or None for the whole pair)
    split = [(_SENTENCES.split(p.group(2).strip()), _SENTENCES.split(p.group(4).strip())) for p in pairs]
    for n, (verbatim, rendered) in enumerate(split):
        if len(verbatim) != len(rendered):
            options: list[tuple[float, int | None]] = [(weight(" ".join(verbatim + rendered)), None)]
        else:
            options = [(weight(v) + weight(r), i) for i, (v, r) in enumerate(zip(verbatim, rendered, strict=True))]
        for score, i in options:
            if best is None or score > best[0]:
                best = (score, n, i)
    assert best is not None
    score, n, i = best
    if score == 0:  # nothing asked in particular: the quotes whole if a quote may hold them, else the opening
        if sum(len(p.group(2)) for p in pairs) + len(pairs) - 1 <= LONG_QUOTE:
            return answer
        n, i = 0, 0 if len(split[0][0]) == len(split[0][1]) else None
    pair, (verbatim, rendered) = pairs[n], split[n]
    lead = answer[: pairs[0].start()]
    if i is None:
        return f"{lead}{pair.group(0)}"
    if score == 0:
        end = _opening(verbatim)
    else:
        end = i + 2 if i + 1 < len(verbatim) and len(verbatim[i]) < LONG_QUOTE // 2 else i + 1
    if len(pairs) == 1 and i == 0 and end == len(verbatim):
        return answer
    opening, closing = ("… " if i > 0 else ""), (" …" if end < len(verbatim) else "")
    quoted = f"{pair.group(1)}{opening}{' '.join(verbatim[i:end])}{closing}{pair.group(3)}"
    rendering = before + opening + " ".join(rendered[i:end]) + closing + after
    return f"{lead}{quoted} {rendering}"


def _sentence_weight(a: Asking) -> Callable[[str], float]:
    """How much of the question's topic weight a sentence's words carry."""
    weights = a.q.stems
    index = a.index

    def weight(sentence: str) -> float:
        stems = {index.stem(w) for w in tokenize(normalize(sentence))}
        return sum(w for s, w in weights.items() if s in stems)

    return weight


def _said(a: Asking, fact: Fact) -> str:
    """The fact's answer in the question's language (its reviewed translation), else as curated."""
    return fact.answer_in(a.language.code)


def _restates(a: Asking, s: Scored, other: Scored) -> bool:
    """Whether a fact mostly says what another already says: one answer is enough.

    Two quotes are compared by their quoted words: the words around them (who said it, when) are
    alike in every quote of one person, and two different things he said are two answers.
    """
    mine: Set[str]
    theirs: Set[str]
    if s.fact.quote and other.fact.quote:
        stem = a.index.stem
        mine = {stem(w) for w in tokenize(normalize(s.fact.quote))}
        theirs = {stem(w) for w in tokenize(normalize(other.fact.quote))}
    else:
        mine, theirs = s.item.stems, other.item.stems
    return len(mine & theirs) >= RESTATES * min(len(mine), len(theirs))


def _per_tie(a: Asking, keep: list[Scored]) -> list[Scored]:
    """When nothing names a tie and several ties answer alike, answer for each."""
    q = a.q
    named_beyond = a.entity_set - a.snap.everywhere - set(q.opponents)
    if q.ties is not None or named_beyond or q.history_year is not None:
        return []
    first: dict[str, Scored] = {}
    for s in keep:
        if s.item.tie is not None and s.item.tie not in first:
            first[s.item.tie] = s
    if len(first) < 2:
        return []
    return sorted(first.values(), key=lambda s: a.snap.knowledge.ties[s.item.tie or ""].year)


def tie_label(a: Asking, tie_id: str | None) -> str:
    """A tie named as every answer labels it ("the 2021 quarter-final"), history when of no tie; shared by composers."""
    if tie_id is None:
        return a.language.say("history")
    tie = a.snap.knowledge.ties[tie_id]
    return a.language.say("tie_label", tie=tie.name, round=a.language.round_name(tie.round), year=tie.year)


def overview(a: Asking, tie_ids: tuple[str, ...], leg: str | None = None, met: bool = False) -> Answer:
    """The story of one tie (its card), or of several in one line each; reason `overview`/`overview-per-tie`.

    Told from ties.yaml and the tie's key facts only: the round and season, each leg (home side,
    venue, date, and the score, or that it was not yet played when the article was written),
    then what was at stake. The story of one played `leg` of one tie: that leg and what its facts
    tell of how it went (`_leg_told`). When the question counted how many times the clubs `met` in the
    ties, and every tie is between the same two, a line saying in how many comes first.
    """
    k, say, round_name = a.snap.knowledge, a.language.say, a.language.round_name
    ties = [k.ties[t] for t in tie_ids]
    if len(ties) == 1 and leg is not None:
        tie = ties[0]
        facts = _leg_told(a, tie.id, leg)
        lines = _tie_card(a, tie, (leg,))
        lines.extend(_said(a, fact) for fact in facts)
        text = "\n".join(lines)
    elif len(ties) == 1:
        tie = ties[0]
        key = [k.facts[f] for f in tie.key_facts if f in k.facts]
        lines = _tie_card(a, tie)
        lines.extend(_said(a, fact) for fact in key)
        text = "\n".join(lines)
        facts = key
    else:
        lines = [say("overview_line", tie=tie.name, round=round_name(tie.round), season=tie.season,
                     first=leg_story(a, tie.first_leg, short=True), second=leg_story(a, tie.second_leg, short=True))
                 for tie in ties]
        text = say("overview_all", count=len(ties)) + "\n" + "\n".join(lines)
        facts = []
    pairs = {frozenset(tie.teams) for tie in ties}
    if met and len(pairs) == 1 and len(ties[0].teams) == 2:
        club, other = (k.entities[team].name for team in ties[0].teams)
        counted = say("overview_met", club=club, other=other, count=len(ties))
        text = counted + "\n" + (text.split("\n", 1)[1] if len(ties) > 1 else text)
    articles = [tie.article for tie in ties if tie.article in k.articles]
    return Answer(answered=True, text=text, confidence=0.8, intent=OVERVIEW_INTENT,
                  tie=ties[0].id if len(ties) == 1 else None, facts=[f.id for f in facts],
                  sources=sources_for_articles(a.snap, [x for x in articles if x is not None]),
                  reason="overview" if len(ties) == 1 else "overview-per-tie")


def _tie_card(a: Asking, tie: Tie, legs: tuple[str, ...] = ("first", "second")) -> list[str]:
    """A tie's heading (round, competition, season) and a line for each of `legs`, as its overview opens."""
    k, say = a.snap.knowledge, a.language.say
    lines = [say("overview_heading", tie=tie.name, competition=k.entities[tie.competition].name,
                 round=a.language.round_name(tie.round), season=tie.season)]
    lines.extend(say(f"{leg}_leg", leg=leg_story(a, tie.first_leg if leg == "first" else tie.second_leg))
                 for leg in legs)
    return lines


def _leg_told(a: Asking, tie_id: str, leg: str) -> list[Fact]:
    """What the facts tell of how one played leg went: its result's story, then who scored.

    The leg's facts of the result kind (the first the index holds), then the first of its other facts
    stating a detail the game's playing decides with a player in it (its scorers), each adding to the
    leg's line what it does not say.
    """
    index, facts, attributes = a.index, a.snap.knowledge.facts, a.view.attributes
    tie = frozenset({tie_id})
    played = frozenset(d.name for d in attributes.attributes if d.result and d.needs_player)
    told: list[Fact] = []
    for intent, asked in ((RESULT_INTENT, None), (PERSON_INTENT, played)):
        for item in index.facts.at.many(index.intent_numbers(intent, tie)):
            if item.leg == leg and (asked is None or not asked.isdisjoint(attributes.carried.get(item.id, ()))):
                told.append(facts[item.id])
                break
    return told


def across_ties(a: Asking, tie_ids: tuple[str, ...], ranked: list[Scored]) -> Answer:
    """The same question answered for each tie, to compare them; reason `answered-per-tie`.

    Each tie's line says its round and first leg, then its best candidate fact for the question
    (whatever its kind: "in which tie were Madrid the holders" is a context fact in one tie).
    """
    k = a.snap.knowledge
    best: dict[str, Scored] = {}
    for s in ranked:
        # History a tie's article tells (Liverpool's 2019 comeback, recalled in each preview) is that tie's to tell.
        told = k.articles.get(s.fact.source.article)
        tie_id = s.fact.tie or (told.tie if told is not None else None)
        if tie_id in tie_ids and tie_id not in best:
            best[tie_id] = s
    lines, facts = [], []
    for tie_id in tie_ids:
        tie = k.ties[tie_id]
        line = a.language.say("tie_by_tie_line", tie=tie.name, round=a.language.round_name(tie.round), year=tie.year,
                              first=leg_story(a, tie.first_leg, short=True))
        if tie_id in best:
            line += f" {_said(a, best[tie_id].fact)}"
            facts.append(best[tie_id].fact)
        lines.append(line)
    articles = [t.article for t in (k.ties[i] for i in tie_ids) if t.article in k.articles]
    return Answer(answered=True, text=a.language.say("tie_by_tie") + "\n" + "\n".join(lines), confidence=0.6,
                  intent=a.q.intents.best[0], facts=[f.id for f in facts],
                  sources=sources_for_articles(a.snap, [x for x in articles if x is not None]),
                  reason="answered-per-tie")


def leg_story(a: Asking, leg: Leg, short: bool = False) -> str:
    """A leg told in a line: who beat whom and by what score, or the teams, venue and date of one not yet played.

    Public because worked-out answers (computing.py) tell the first leg they count from as an overview does.
    """
    k, say = a.snap.knowledge, a.language.say
    home, away = k.entities[leg.home].name, k.entities[leg.away].name
    # Each a phrase of its own in the language file, joined on with a space (YAML strips a leading one).
    where = " " + say("at_venue", venue=k.entities[leg.venue].name) if leg.venue else ""
    # The date only where it is told: a short line of a played leg leaves it out.
    told_when = not (short and leg.score)
    when = " " + say("on_date", date=_long_date(a.language, leg.date)) if leg.date and told_when else ""
    if leg.score:
        home_goals, away_goals = (int(n) for n in leg.score.split("-"))
        if home_goals == away_goals:
            told = say("leg_drawn", home=home, away=away, score=f"{home_goals}-{away_goals}")
        else:  # the winner first, as fans tell a score: "Real Madrid beat Liverpool 5-2 at Anfield"
            (winner, w), (loser, lo) = sorted(((home, home_goals), (away, away_goals)), key=lambda s: -s[1])
            told = say("leg_won", winner=winner, loser=loser, score=f"{w}-{lo}")
        return f"{told}{where}{'' if short else when}" + ("" if short else ".")
    return say("not_played", home=home, away=away, where=where, when=when) + ("" if short else ".")


@lru_cache(maxsize=256)
def _long_date(language: Language, day: date) -> str:
    """`Language.long_date`, kept per language and day.

    Babel takes tens of microseconds a date, and the ties' legs are a handful of days told again and again.
    """
    return language.long_date(day)


def decline(a: Asking, verdict: Decline, ranked: list[Scored] | None) -> Answer:
    """The decline a gate decided, with "did you mean" suggestions near what was asked."""
    suggestions = _suggestions(a, ranked if ranked is not None else a.rank()) if verdict.suggest else []
    return Answer(answered=False, text=verdict.text, confidence=0.0, intent=a.q.intents.best[0],
                  suggestions=suggestions, reason=verdict.reason)


def _suggestions(a: Asking, ranked: list[Scored]) -> list[str]:
    """Up to three questions the bot can answer, near what was asked."""
    out: list[str] = []
    for s in ranked:
        if s.total < SUGGESTION_FLOOR:
            break
        text = suggestion_for(a.snap.knowledge, s.fact, a.language)
        if text not in out:
            out.append(text)
        if len(out) == 3:
            break
    return out


def suggestion_for(knowledge: Knowledge, fact: Fact, language: Language | None = None) -> str:
    """A question that the engine answers with this fact, to offer as "did you mean".

    The fact's first taught question in the language when it has one (a curator wrote it for
    this fact), else one built from its intent's first phrasing, its names and its year.
    """
    language = language or knowledge.language
    taught = fact.asked_as_in(language.code, knowledge.language.code)
    if taught:
        asked = taught[0].strip(" ?¿")
        return language.say("as_question", question=f"{asked[:1].upper()}{asked[1:]}")
    intents = intents_in(knowledge, language.code)
    year = knowledge.ties[fact.tie].year if fact.tie else fact.year
    names = [knowledge.entities[e].name for e in fact.entities if knowledge.entities[e].kind != "competition"]
    people = [knowledge.entities[e].name for e in fact.entities if knowledge.entities[e].kind == "person"]
    if fact.intent == QUOTE_INTENT and fact.speaker:
        base = language.say("what_did_say", person=knowledge.entities[fact.speaker].name)
    elif fact.intent == PERSON_INTENT and people:
        base = language.say("who_is", person=people[0])
    else:
        phrasing = intents[fact.intent].phrasings[0]
        base = phrasing[:1].upper() + phrasing[1:]
        if names:
            base += f" — {', '.join(names[:2])}"
    return language.say("as_question", question=f"{base}{f' ({year})' if year else ''}")


def _sources(snap: Snapshot, facts: list[Fact]) -> list[Source]:
    # dict.fromkeys: unique in first-seen order, without a quadratic scan when many ties answer.
    return sources_for_articles(snap, list(dict.fromkeys(fact.source.article for fact in facts)))


def sources_for_articles(snap: Snapshot, article_ids: list[str]) -> list[Source]:
    """The sources shown under an answer, one per article in the order given (shared by the listing gates)."""
    sources = snap.sources
    return [sources[aid] for aid in article_ids]

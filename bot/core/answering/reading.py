"""Reading a question: correct typos, find mentions, score intents, resolve the tie.

The result, `Question`, is everything the ranker needs and nothing about Discord or the
terminal. What a follow-up leaves out is filled in from the conversation's previous turn by
`followups.FollowUps`, once the question's own words are read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from bot.core.answering.context import Turn
from bot.core.answering.entities import EntityMatcher, Mentions
from bot.core.answering.followups import FLIPPED, FollowUps
from bot.core.answering.index import FactIndex
from bot.core.answering.intents import IntentMatcher, IntentScores
from bot.core.answering.moments import Moments
from bot.core.answering.question import Count, Question
from bot.core.answering.spelling import Vocabulary
from bot.core.knowledge.language import ResultForm
from bot.core.knowledge.store import (
    CONTEXT_INTENT,
    DATE_INTENT,
    OVERVIEW_INTENT,
    PREDICTION_INTENT,
    QUOTE_INTENT,
    RESULT_INTENT,
    VENUE_INTENT,
    Knowledge,
    intents_in,
)
from bot.core.text import holds_phrase, holds_words, is_year, normalize, tokenize

__all__ = ["MAX_QUESTION_CHARS", "QuestionReader"]

MAX_QUESTION_CHARS = 4000
MAX_TOKENS = 120
CUE_WEIGHT = 0.25
"""Words that say what kind of question it is count little as topic words."""
_TEAM_KINDS = frozenset({"team"})
_SET_ASIDE = frozenset({"relative", "compare", "request", "helper", "attribution", "moment"})
"""The kinds of phrase whose words are neither topic nor a kind of question (a year counted, every tie asked,
the bot asked to tell: "could you tell me" is no quote asked for; "managed to" asks for no manager; "when we
played them", "at the time" set the question in the tie, they ask no date and no line-up)."""
_CARD_TELLS = frozenset({RESULT_INTENT, DATE_INTENT, CONTEXT_INTENT, VENUE_INTENT})
"""The kinds of question a tie's card tells (its legs' scores, dates and grounds, its round and what was at
stake): asked with a request for the story ("recap the situation before the home leg"), they are the story."""
_SUBJECT_WEIGHT = 0.35
"""A cue word this rare, at least, names a subject ("form", "message", "experts"); a common one ("played") does not."""
_MAX_SUBJECT = 4
_MAX_COUNTED = 3
"""At most this many words name what "how many" counts ("how many league title wins")."""
_QUOTED = re.compile(r"\"([^\"]+)\"|«([^»]+)»|(?<![^\s(])'([^'\s](?:[^']*[^'\s])?)'(?![^\s.,;:!?)])")
"""Words a question quotes, in a normalised text: between double quotes, « », or single quotes standing
apart from the words around them ("the players' job" holds an apostrophe, not a quote)."""
_TWO_DIGITS = frozenset(f"{n:02d}" for n in range(100))
"""Every two-digit number as a token ("21"): a question holding none names no year in two digits."""
_CLAUSE = re.compile(r"[,;:]")
"""What ends a clause in a question: "they met again two years later, how did the first leg end"."""


class QuestionReader:
    """Holds the per-snapshot matchers; `read` is pure given the previous turn.

    The words it reads by (stopwords, follow-up openers and pronouns, the result question's
    forms, opponent and event words) come from the knowledge's language file.
    """

    def __init__(self, knowledge: Knowledge, index: FactIndex) -> None:
        self.knowledge = knowledge
        self.index = index
        self.language = language = index.language
        self.entities = EntityMatcher(knowledge, language)
        self.intents = IntentMatcher(intents_in(knowledge, language.code), language.stemmer.stem,
                                     language.result_determiners)
        self._margin_words = frozenset(p[0] for p in language.goal_sums.margins if len(p) == 1)
        """Words saying which way a count of goals goes ("how many goals behind"): never the noun counted."""
        self._tie_scores: dict[str, set[str]] = {}
        """Each leg's scoreline, either way round, to the ties that ended so: "the 5-2" names a game."""
        for tie in knowledge.ties.values():
            for leg in (tie.first_leg, tie.second_leg):
                if leg.score:
                    home, away = leg.score.split("-")
                    for line in (f"{home}-{away}", f"{away}-{home}"):
                        self._tie_scores.setdefault(line, set()).add(tie.id)
        self.leg_scores = frozenset(self._tie_scores)
        """Every leg's scoreline, either way round: the scorelines that name a game of the ties."""
        self._followups = FollowUps(knowledge, index, self.intents)
        self._event_stems = self._followups.event_stems
        self._phrases = _Phrases({
            "relative": language.relative_years,
            "time": dict.fromkeys(language.time_outside, 0),
            "sport": {phrase: i for i, phrase in enumerate(language.other_sports)},
            "hypothetical": dict.fromkeys(language.hypothetical, 0),
            "compare": dict.fromkeys(language.compare_ties, 0),
            "request": dict.fromkeys(language.requests, 0),
            "helper": dict.fromkeys(language.helpers, 0),
            "attribution": dict.fromkeys(language.attributions, 0),
            "moment": dict.fromkeys(language.tie_moments, 0),
            "past": dict.fromkeys(language.past_asks, 0),
        })
        self._time_starts = frozenset(phrase[0] for phrase in language.time_outside)
        """The first words of the phrases of a time the articles cannot tell ("next"), read again without names."""
        self._compare_words: dict[str, list[frozenset[str]]] = {}
        """Each comparing phrase's words but "the", filed under its longest one ("each of the ties" under
        "ties"): read with names as "the", a question holding none of them all asks the same of no tie."""
        for phrase in language.compare_ties:
            rest = frozenset(phrase) - {"the"}
            self._compare_words.setdefault(max(sorted(rest), key=len) if rest else "the", []).append(rest)
        self._outcome_verbs: dict[str, list[tuple[str, ...]]] = {}
        """The verbs of how a tie ended by first word ("come": "come back"), in the language file's order."""
        for verb in language.outcome_verbs:
            self._outcome_verbs.setdefault(verb[0], []).append(verb)
        self._outcome_starts = frozenset(self._outcome_verbs)
        self._result_openers: dict[str, list[tuple[ResultForm, tuple[str, ...]]]] = {}
        """The result question's forms by their openers' first words ("how": "how did ... go"), each with the
        opener, in the language file's order: a word is tried only against the openers it starts."""
        for form in language.result_forms:
            for opener in form.openers:
                self._result_openers.setdefault(opener[0], []).append((form, opener))
        self._year_links = frozenset(link[-1] for link in language.year_links)
        """The last words of the phrases linking a year ("in" 2023): left out with the year they link."""
        self._game_words = language.event_words | language.leg_nouns
        """Words naming a game ("game", "leg"): with a scoreline, they name one of the ties' legs."""
        self._all_ties = frozenset(knowledge.ties)
        """The first words of the verbs of how a tie ended ("come"): a question without one asks no outcome."""
        # The phrases' own words are words, not typos of the facts' ("próximo" is not "próxima").
        self.vocabulary = Vocabulary(index.words | self.reading_words, language.stopwords, language.plain_words)
        self._count_starts = frozenset(p[0] for p in language.count_asks)
        """The first words of the phrases asking for a count ("how"): a question without one asks none."""
        self._everywhere = frozenset(set.intersection(*(set(t.teams) for t in knowledge.ties.values()))
                                     if knowledge.ties else ())
        """The clubs in every tie (Liverpool): naming one does not say which tie is meant."""
        self._outside = frozenset(e.id for e in knowledge.entities.values() if e.kind in _TEAM_KINDS) - frozenset(
            team for t in knowledge.ties.values() for team in t.teams)
        """The clubs in no tie (Barcelona, Manchester United): "their opponents" are then not a tie's."""
        self.outside_club_stems = {
            club: frozenset(index.stem(words[0]) for name in (e.name, *e.aliases)
                            if len(words := tokenize(normalize(name))) == 1)
            for club in self._outside if (e := knowledge.entities[club])}
        """Each club of no tie and the stems of its one-word names: a fact saying "a Barcelona-style collapse"
        names Barcelona whether or not its entity list does."""
        self.competitions = frozenset(e.id for e in knowledge.entities.values() if e.kind == "competition")
        """The competitions: a past game in one the question names is in that competition, not in another."""
        self._full_names = {e.id: tuple(tokenize(normalize(e.name))) for e in knowledge.entities.values()}
        """Each entity's own name as words: a question's shorthand written out for the intents' phrase cues."""
        self.frame_stems = frozenset(index.stem(w) for w in language.frame_words)
        """Stems of words asking to hear about something without saying what ("discuss", "info")."""
        self.generic_stems = frozenset(index.stem(w) for w in language.generic_words) - self.frame_stems
        """Stems of words of any topic ("way", "good"): sharing only these, a fact shares no topic with a question."""
        self._telling_stems = frozenset(index.stem(w) for w in language.telling_words)
        """Stems of the verbs saying where something is told ("mentioned", "referred to"): beside a past game named
        they weigh as a cue, since no fact's answer says them, while its taught questions may."""
        self.request_stems = self.frame_stems | self._event_stems | {index.stem(w) for w in language.leg_nouns}
        """Those and the words naming the game ("the tie", "the match"): a question of only these and names
        asks for the story of the tie it names ("fill me in on the 2023 game")."""
        self.including_starts = frozenset(phrase[0] for phrase in language.including)
        """The first words of the phrases joining a second ask ("and how"): a question without one joins none."""
        self.card_stems = frozenset(index.stem(w) for phrase in (*language.card_tie_parts, *language.card_leg_parts,
                                                                 *language.meeting_verbs) for w in phrase)
        """Stems of the words naming the parts of a tie's card ("round", "score", "venue") and of the verbs of its
        games' playing ("where was the return played"): asked of a tie with nothing else, they ask for its card."""
        self.leg_stems = frozenset(index.stem(w) for phrase in language.legs for w in phrase)
        """Stems of the words naming a leg ("aggregate", "return"): naming the game, they ask nothing of it."""
        self.moments = Moments(knowledge, index)
        self.aggregate_stems = self.moments.aggregate_stems
        """Stems of the one-word names of the aggregate ("agg", "global"): a fact using one states an aggregate."""
        self.tie_months: dict[str, frozenset[str]] = {}
        """Each tie's months, as stems of this language's month names: those of its legs' and article's dates.
        "In March 2020" places a question in the 2020 tie as its year does; it asks nothing of it."""
        months = [index.stem(w) for name in language.card.months for w in tokenize(normalize(name))]
        for tie in knowledge.ties.values():
            article = knowledge.articles.get(tie.article) if tie.article else None
            dates = (tie.first_leg.date, tie.second_leg.date, article.date if article else None)
            self.tie_months[tie.id] = frozenset(months[d.month - 1] for d in dates if d is not None)
        self._month_stems = frozenset(months)
        """Every month's stem: beside a leg of a tie ("the 1st leg v Madrid, Feb 23") a month dates that leg, whose
        day the articles may not give; it is no topic."""
        self._roles: dict[str, list[tuple[tuple[str, ...], str, str | None]]] = {}
        """Each person's role without their club's name ("defender" of "Liverpool defender"), by its first
        word: (the role's words, the person, their club). Managers are the manager gate's to find."""
        for e in knowledge.entities.values():
            if e.kind != "person" or not e.role or holds_phrase(e.role, language.manager_roles):
                continue
            club = self.knowledge.entities.get(e.team) if e.team else None
            club_words = {w for name in ((club.name, *club.aliases) if club else ()) for w in tokenize(normalize(name))}
            core = tuple(w for w in tokenize(normalize(e.role)) if w not in club_words)
            if core:
                self._roles.setdefault(core[0], []).append((core, e.id, e.team))

        self._story_words = frozenset(
            {OVERVIEW_INTENT} | {i.id for i in knowledge.intents.values() if i.answers_from == "ties"})
        """The kinds of question a tie's own story answers (an overview): asked of a subject, they only frame it."""

    def _scoped(self, intents: IntentScores, stems: dict[str, float], speaking: bool) -> IntentScores | None:
        """A request for a story put on one subject asks for that subject (`stems` changed in place), else None.

        "Recap Madrid's form before the return", "tl;dr what Klopp said", "a summary of the experts' tips":
        a cue of the tie's story ("recap", "tl;dr", "summary") with a kind of question the tie's card does not
        tell (`_CARD_TELLS`) cued by a topic word of its own ("form", "said", "tips") asks for that kind, not
        the tie's overview; the request's words, and the frame words beside it ("quick", "provide"), are no
        topic. A common cue word ("said") names a subject only when it asks for someone's words and someone
        who speaks in the articles is named (`speaking`: "a summary of what Ancelotti said"). Without such a
        subject ("recap the 2023 first leg", "the situation before the home leg") the question is read as it was.
        """
        story = frozenset().union(*(cue for intent, cue in intents.cued.items() if intent in self._story_words))
        if not story:
            return None
        plain = self.frame_stems | story | self.leg_stems | self._event_stems
        said = (QUOTE_INTENT, PREDICTION_INTENT) if speaking else ()
        if not any(intent in said
                   or any(stems[s] >= _SUBJECT_WEIGHT and s not in plain for s in cue.intersection(stems))
                   for intent, cue in intents.cued.items()
                   if intent not in self._story_words and intent not in _CARD_TELLS):
            return None
        for s in list(stems):
            if s in plain and s not in self.leg_stems and s not in self._event_stems:
                del stems[s]
        return IntentScores([(i, v) for i, v in intents.ranked if i not in self._story_words], intents.phrase_words,
                            {i: cue for i, cue in intents.cued.items() if i not in self._story_words})

    @property
    def reading_words(self) -> set[str]:
        """The words the reader knows beside the facts': names, intents', phrases', frame and game words.

        They are words, not typos of the facts' ("próximo" is not "próxima", "the Anfield trip" is no
        "tip"), and their own typos are read as them; a fact edit that drops a word from the facts keeps
        it in the vocabulary if it is one of these.
        """
        language = self.language
        return (self.entities.alias_words | self.intents.words | self._phrases.words | language.frame_words
                | language.event_words | language.leg_nouns | {w for p in language.moment_halfway for w in p})

    def _named_in_full(self, tokens: list[str], mentions: Mentions) -> list[str] | None:
        """The tokens with each name as the entity's own name and years left out, or None when that changes nothing.

        "Did LFC win the UCL in 2019" holds the phrase "win the champions league" once "UCL" is written
        out: fans' shorthand meets the intents' phrase cues.
        """
        if not mentions.spans and not mentions.years:
            return None
        starts = {start: (end, ident) for ident, (start, end) in mentions.spans.items()}
        out: list[str] = []
        i = 0
        while i < len(tokens):
            if i in starts:
                end, ident = starts[i]
                out.extend(self._full_names[ident])
                i = end
                continue
            if not is_year(tokens[i]):
                out.append(tokens[i])
            i += 1
        return out if out != tokens else None

    def read(self, text: str, previous: Turn | None, words: list[str] | None = None) -> Question:
        """Parse a question, resolving follow-ups against the previous turn when there is one.

        `words` is `tokenize(normalize(text))` when the caller has it (the engine's language guess made it):
        the question is then not tokenised again, here or for its asides and follow-up opener.
        """
        typed = normalize(text[:MAX_QUESTION_CHARS])
        if words is None or len(text) > MAX_QUESTION_CHARS:
            words = tokenize(typed)
        # "…, asking as a Madridista": who asks is no part of what is asked (`asides` in the language file).
        norm = self.language.without_asides(typed, words)
        if norm != typed:
            words = tokenize(norm)
        raw_tokens = self._years_read(self._expanded(words[:MAX_TOKENS]))
        tokens: list[str] = []
        unknown: list[str] = []
        corrected = 0
        guessed: set[str] = set()
        stopwords = self.language.stopwords
        vocabulary = self.vocabulary.words
        # Most questions hold only words the reader knows (three in four of the dev sets'): nothing to
        # correct, found with two C-level set operations instead of a look at each word.
        if stopwords.issuperset(set(raw_tokens).difference(vocabulary)):
            tokens = list(raw_tokens)
        else:
            for token in raw_tokens:
                if (token in stopwords or token in vocabulary or not token.isalpha()
                        or self.index.stem(token) in self.index.known_stems):
                    tokens.append(token)
                    continue
                fixed = self.vocabulary.correct(token)
                if fixed is None:
                    unknown.append(token)
                    tokens.append(token)
                else:
                    corrected += 1
                    guessed.add(self.index.stem(fixed))
                    tokens.append(fixed)
        mentions = self.entities.find(tokens)
        quoted = _quoted_spans(norm, raw_tokens)
        inside = frozenset(i for start, end in quoted for i in range(start, end))
        if inside:
            _unname_quoted(mentions, inside)
        if not self.language.telling_words.isdisjoint(tokens):
            self._drop_tellers(mentions, tokens)
        # A quoted phrase is someone's words: its "today" or "distance" asks of no time and no journey.
        framing = [t if i not in inside else "" for i, t in enumerate(tokens)] if inside else tokens
        found, aside = self._phrases.find(framing)
        if "time" not in found and mentions.entities and not self._time_starts.isdisjoint(framing):
            # "the next Liverpool game" is "the next game" with a club in it: read it without the names
            # (only a question holding a first word of one can hold one).
            bare, _ = self._phrases.find([t for i, t in enumerate(framing) if i not in mentions.used])
            if "time" in bare:
                found["time"] = bare["time"]
        if "compare" not in found and mentions.spans:
            aside |= self._compared_by_name(tokens, mentions, found)
        mentions.used.update(aside)  # "the year before", "in all three ties": no topic, no kind of question
        moments = self.moments
        mentions.used.update(moments.rounds_set_aside(tokens))
        # "Describe the 2023 tie", "how does the preview describe their season": a verb of someone's words
        # with no person its subject asks to hear about something; it is no sign of a quote.
        unspoken = self._without_speaker(tokens, mentions, previous)
        skipped = mentions.used | unspoken if unspoken else mentions.used
        # "Behind going into the 2nd leg" names the second leg as a moment, not as the game asked about.
        moment = mentions.leg == "second" and moments.leading_into_second_leg(tokens, mentions)
        so_far = moments.aggregate_so_far(tokens, mentions, moment)
        if so_far:
            # "The agg going in" asks a score: its word for the aggregate says so, as "score" would.
            skipped = skipped - {i for i, t in enumerate(tokens) if self.index.stem(t) in self.aggregate_stems}
        intents = self.intents.score(tokens, skipped | inside if inside else skipped,
                                     self._named_in_full(tokens, mentions))
        described = self._described(tokens, mentions)
        moving = moments.moment_verbs(tokens) | moments.halfway_words(tokens) if moment or so_far else frozenset()
        stems: dict[str, float] = {}
        named_one = self._named_ones(tokens, mentions)
        # "The Dortmund comeback Klopp mentioned": a past game named (a club of no tie, a year of history) is what is
        # asked, and the verb saying who told of it only says where; elsewhere it may be the point ("which expert
        # mentioned Atlético").
        past_game = not self._outside.isdisjoint(mentions.entities) or any(
            y in self.index.years and y not in self.index.ties_by_year for y in mentions.years)
        telling = self._telling_stems if past_game else frozenset()
        for i, token in enumerate(tokens):
            if (i in mentions.used or token in stopwords or is_year(token) or i in moving or i in unspoken
                    or i in named_one):
                continue
            s = self.index.stem(token)
            weight = self.index.idf_of(s)
            # A leg's own scoreline names the game ("when they beat Liverpool 5-2"), like "game" does.
            cue = (self.intents.is_cue(s) or token in intents.phrase_words or s in self._event_stems
                   or token in self._tie_scores or s in telling)
            stems[s] = weight * CUE_WEIGHT if cue else weight
        scoped = None
        if intents.cued:
            speaking = not self.index.speakers.isdisjoint(mentions.entities)
            scoped = self._scoped(intents, stems, speaking)
        if scoped is not None:
            intents = scoped

        kinds = {e: self.knowledge.entities[e].kind for e in mentions.entities}
        people = [e for e in mentions.entities if kinds[e] == "person"]
        people.extend(p for p in described if p not in people)
        teams = [e for e in mentions.entities if kinds[e] in _TEAM_KINDS]
        game_leg = mentions.leg in FLIPPED and not moment
        lang_place = self.language.place_nouns
        ties, history_year, foreign = self._resolve_ties(mentions, raw_tokens, game_leg)
        if mentions.leg is None and ties is not None and len(ties) == 1 and not lang_place.isdisjoint(tokens):
            moments.leg_by_place(tokens, mentions, next(iter(ties)))
        if ties is not None and DATE_INTENT not in intents.cued:
            # "Before facing Liverpool in March 2023": the tie's month places the question as its year does.
            for t in ties:
                for month in self.tie_months.get(t, ()):
                    stems.pop(month, None)
            if mentions.leg in FLIPPED and not self._month_stems.isdisjoint(stems):
                for month in self._month_stems:
                    stems.pop(month, None)
        offset = found.get("relative")
        if offset is not None and history_year is not None and not any(
                y in self.index.ties_by_year for y in mentions.years):
            # "Last season, on the way to the 2022 final": a year of history named is the year asked
            # about, which "last season" only dates from the articles' side; nothing to count from it.
            offset = None
        counted = False
        if offset is not None:
            base = self._year_of(ties, mentions, previous)
            reference = self._reference_tie(tokens, mentions) if base is None else None
            if reference is not None:
                # "The year before the Madrid qf, Liverpool played Atlético in the r16": the names right after
                # the phrase say which tie is counted from; the others are what is asked of the year counted to.
                ties = reference
                base = self.knowledge.ties[next(iter(reference))].year
            if (base is not None and reference is None and teams and self._round_named_it(mentions, ties)
                    and not all(base + offset in self.index.entity_years(team) for team in teams)):
                # "Madrid in the quarter-final last season" is last season's, not the season before the
                # quarter-final tie, when the facts tell nothing of Madrid then: counted from Madrid's ties.
                base, ties = None, frozenset.intersection(
                    *(self.index.entity_ties.get(team, self.index.all_ties) for team in teams))
            known = self._year_known(ties, offset, teams) if base is None else None
            if known is not None:  # "Madrid last season": the one season before a tie of theirs the facts tell
                mentions.years = [known]
                ties, history_year, foreign = self._resolve_ties(mentions, raw_tokens, game_leg)
            if base is not None:  # "the year before the 2021 quarter-final" is 2020
                counted = True
                mentions.years = [base + offset]
                # The clubs that named the tie counted from ("the year after the Atlético one") are
                # not what the question is about; a club the facts tell of in the year counted to is
                # ("Madrid's comebacks last season, from the 2023 point of view": Madrid's 2022 run).
                counted_from = ties or frozenset()
                # Only when the question names one club of that tie: naming both ("two years before the
                # 2021 tie against Madrid, what did Liverpool do") leaves no telling which one names the tie.
                tie_teams = {team for t in counted_from for team in self.knowledge.ties[t].teams}
                alone = sum(1 for e in teams if e in tie_teams) == 1
                clubs = tie_teams - self._everywhere
                for entity in list(mentions.entities):
                    if alone and entity in teams and base + offset in self.index.entity_years(entity):
                        continue
                    entity_ties = self.index.entity_ties.get(entity, frozenset())
                    if (entity_ties and entity_ties <= counted_from) or entity in clubs:
                        mentions.entities.remove(entity)
                        teams = [e for e in teams if e != entity]
                        people = [e for e in people if e != entity]
                ties, history_year, foreign = self._resolve_ties(mentions, raw_tokens, game_leg)
        if moment:
            mentions.leg = None  # "behind going into the 2nd leg" asks where the first leg left things
            dropped = moments.drop_moment_names(mentions, tokens)
            teams = [e for e in teams if e not in dropped]
            people = [e for e in people if e not in dropped]
        if so_far:
            mentions.leg = "first"  # "the agg going into the return": the first leg's score, all there was then
        if "moment" in found and ties is not None:
            # "Madrid's last league game before facing Liverpool": the club named the tie, not the subject.
            dropped = moments.drop_tie_moment_names(mentions, tokens, ties)
            teams = [e for e in teams if e not in dropped]
        question = Question(
            text=text, tokens=tokens, stems=stems, unknown=unknown, corrected=corrected,
            mentions=mentions, intents=intents, ties=ties, history_year=history_year,
            foreign_years=foreign, people=people, teams=teams, leg=mentions.leg,
            named=tuple(mentions.entities), raw_tokens=tuple(raw_tokens), guessed=frozenset(guessed),
            time_outside="time" in found, hypothetical="hypothetical" in found, past_asked="past" in found,
            at_that_moment="moment" in found,
            other_sport=self.language.other_sports[found["sport"]] if "sport" in found else (),
            counted=self._counted(tokens, mentions),
            compares="compare" in found or self._names_ties_years(mentions), counted_from=counted,
            aside=frozenset(aside), scoped=scoped is not None,
            game_scores=self._game_scores(raw_tokens), quoted=quoted,
        )
        clause = self._last_clause(norm, len(tokens))
        question.outcome_asked = self._asks_outcome(tokens) or bool(clause and self._asks_outcome(tokens[clause:]))
        if history_year is None and not foreign:
            self._read_result_asked(question, clause)
            question.scoreline_named = ties is not None and any(
                len(self._tie_scores.get(t, ())) < len(self.knowledge.ties) for t in raw_tokens if "-" in t)
        if previous is not None:
            self._followups.apply(question, words, previous)
        if history_year is None and not foreign and not question.followup:
            self._read_fared(question)
        if not self.language.opponent_words.isdisjoint(tokens):
            if any(t in self._outside for t in teams) or self._points_to_history(question):
                # Manchester United's opponent is none of the ties' clubs, nor is that of the game the
                # last answer told ("and who was the opponent then?" after a record set in 2019).
                self._drop_opponent_words(question)
            else:
                self._read_opponents(question)
        return question

    def _named_ones(self, tokens: list[str], mentions: Mentions) -> frozenset[int]:
        """The positions of stand-in words right after a year or a name ("the 2021 one", "the Atlético one").

        The word stands for the tie the year or the name picks out: it names the game, it is no topic.
        """
        stand_ins = self.language.stand_ins
        if stand_ins.isdisjoint(tokens):
            return frozenset()  # most questions: no "one"
        ends = {end for _, end in mentions.spans.values()}
        return frozenset(i for i, t in enumerate(tokens)
                         if t in stand_ins and i and (is_year(tokens[i - 1]) or i in ends))

    def _game_scores(self, tokens: list[str]) -> frozenset[str]:
        """The legs' scorelines the words name, each either way round ("lost 2-5" is the 5-2)."""
        named: set[str] = set()
        if self._tie_scores.keys().isdisjoint(tokens):
            return frozenset(named)  # most questions: no scoreline
        for token in tokens:
            if token in self._tie_scores:
                home, _, away = token.partition("-")
                named.update((token, f"{away}-{home}"))
        return frozenset(named)

    def _asks_outcome(self, tokens: list[str]) -> bool:
        """Whether the words ask whether a side came back or went through (the language's `outcome_question`).

        They open (after a lead-in or two: "ok so") with an outcome verb, with a "who" opener right before
        one, or with a yes/no opener and hold one later ("did Liverpool manage to turn it around"); in a
        language whose yes/no questions are `outcome_unmarked`, hold one with no question word before it.
        """
        lang = self.language
        if self._outcome_starts.isdisjoint(tokens):
            return False  # most questions: no outcome verb at all
        start = 0
        while start < min(2, len(tokens)) and tokens[start] in lang.result_lead_ins:
            start += 1
        rest = tokens[start:]
        verbs = self._outcome_verbs

        def verb_at(i: int) -> bool:
            return i < len(rest) and any(tuple(rest[i:i + len(v)]) == v for v in verbs.get(rest[i], ()))

        if verb_at(0):
            return True
        if any(tuple(rest[:len(o)]) == o and verb_at(len(o)) for o in lang.outcome_who):
            return True
        if any(tuple(rest[:len(o)]) == o and any(verb_at(i) for i in range(len(o), len(rest)))
               for o in lang.outcome_yes_no):
            return True
        if not lang.outcome_unmarked:
            return False
        # Spanish marks a yes/no question by no word: the verb with no question word before it ("¿el
        # Liverpool remontó?"), where "¿cómo remontó?" asks how.
        first = next((i for i in range(len(rest)) if verb_at(i)), None)
        return first is not None and lang.question_words.isdisjoint(rest[:first])

    def _points_to_history(self, q: Question) -> bool:
        """Whether a follow-up points back to an answer about no tie's own news (history the articles told)."""
        facts = self.knowledge.facts
        return (q.ties is None and bool(q.previous_facts)
                and all(facts[f].tie is None for f in q.previous_facts if f in facts))

    def _counted(self, tokens: list[str], mentions: Mentions) -> Count | None:
        """What a count asks for: after "how many", the words up to a stopword, a year or a name after them.

        Names right after the phrase qualify it ("how many Premier League titles") and are left to the
        names gate; the last plain word is the noun counted, the ones before it qualify it ("league").
        In a language whose noun comes first (`count_noun_first`: "cuántos goles marcó"), the first plain
        word is the noun, and only a word joined to it by a `count_links` word qualifies it ("títulos de liga").
        """
        asks = self.language.count_asks
        if not asks or self._count_starts.isdisjoint(tokens):
            return None  # most questions: no "how" at all
        end = next((i + len(p) for i in range(len(tokens)) for p in asks if tuple(tokens[i:i + len(p)]) == p), None)
        if end is None:
            return None
        starts = {start: stop for start, stop in mentions.spans.values()}
        stopwords = self.language.stopwords | self.language.question_words
        words: list[str] = []
        endings = self.language.verb_endings
        i = end
        while i < len(tokens) and len(words) < _MAX_COUNTED:
            if i in starts:
                if words:
                    break  # "how many titles Liverpool won": the name is who, not what
                i = starts[i]
                continue
            token = tokens[i]
            if token in stopwords or not token.isalpha() or (endings and token.endswith(endings)):
                break  # "how many ended level": what they did, nothing named to count
            words.append(token)
            i += 1
            if self.language.count_noun_first:
                return self._counted_after(tokens, i, token, starts, stopwords)
        if len(words) > 1 and words[-1] in self._margin_words:
            words.pop()  # "how many goals behind": goals are counted, "behind" says which way
        return Count(words[-1], tuple(words[:-1])) if words else None

    def _counted_after(self, tokens: list[str], i: int, noun: str, starts: Mapping[int, int],
                       stopwords: frozenset[str]) -> Count:
        """The noun counted, first, and the words its `count_links` join to it ("títulos de liga").

        Anything else after the noun is what was done ("cuántos goles marcó"), not what is counted.
        """
        qualifiers: list[str] = []
        links = self.language.count_links
        while i < len(tokens) and len(qualifiers) < _MAX_COUNTED - 1:
            link = next((p for p in links if tuple(tokens[i:i + len(p)]) == p), None)
            after = i + len(link) if link else i
            if link is None or after >= len(tokens) or after in starts:
                break  # "goles de Benzema": the name is whose, left to the names gate
            word = tokens[after]
            if word in stopwords or not word.isalpha():
                break
            qualifiers.append(word)
            i = after + 1
        return Count(noun, tuple(qualifiers))

    def _without_speaker(self, tokens: list[str], mentions: Mentions, previous: Turn | None) -> set[int]:
        """The positions of the verbs of someone's words (`speaker_verbs`) that no person is the subject of.

        A person is the subject when named before the verb ("how did Klopp describe"), by name, pronoun
        ("he"), job ("the Liverpool boss") or role ("the defender"); or right after it, after a word of
        `by` ("described by Hayward") or, where the language allows it, directly ("cómo describió Klopp").
        A follow-up naming no one may lean on the last question's person ("and how did it get described?").
        """
        lang = self.language
        if lang.speaker_verbs.isdisjoint(tokens):
            return set()
        if previous is not None and previous.people and not mentions.entities:
            return set()
        kinds = self.knowledge.entities
        persons = {i for ident, (start, end) in mentions.spans.items() if kinds[ident].kind == "person"
                   for i in range(start, end)}
        persons.update(i for i, t in enumerate(tokens)
                       if t in lang.he or t in lang.manager_words
                       or any(tuple(tokens[i : i + len(core)]) == core for core, _, _ in self._roles.get(t, ())))
        unspoken: set[int] = set()
        for i, token in enumerate(tokens):
            if token not in lang.speaker_verbs or any(p < i for p in persons):
                continue
            j = i + 1
            by = j < len(tokens) and tokens[j] in lang.speaker_by
            if by or lang.speaker_after:
                j += by
                while j < len(tokens) and tokens[j] in lang.result_determiners:
                    j += 1
                if j in persons:
                    continue
            unspoken.add(i)
        return unspoken

    def _described(self, tokens: list[str], mentions: Mentions) -> list[str]:
        """The people a question describes by role ("which Liverpool defender"): who it is about.

        A role's words in a row, with its holder's club named in the question when he has one.
        """
        described: list[str] = []
        if self._roles.keys().isdisjoint(tokens):
            return described  # most questions: no role's first word
        for i, token in enumerate(tokens):
            for core, person, club in self._roles.get(token, ()):
                if (tuple(tokens[i : i + len(core)]) == core and (club is None or club in mentions.entities)
                        and person not in described):
                    described.append(person)
        return described

    def _compared_by_name(self, tokens: list[str], mentions: Mentions, found: dict[str, int]) -> set[int]:
        """A comparing phrase with a name where its determiner stands: where its words are, or none.

        "Each of Liverpool's three ties" is "each of the three ties" (the possessive's "s" is gone by
        now): a club's name before the ties says whose they are, as "the" would. Read with each name
        as "the", a comparing phrase found there asks the same of every tie the question names.
        """
        phrases, present = self._compare_words, set(tokens)
        if "the" not in phrases and not any(rest <= present for word in present & phrases.keys()
                                            for rest in phrases[word]):
            return set()  # most questions: no comparing phrase's words, whatever the names are read as
        starts = {start: end for start, end in mentions.spans.values()}
        swapped: list[str] = []
        places: list[range] = []
        i = 0
        while i < len(tokens):
            end = starts.get(i)
            if end is not None and end > i:
                swapped.append("the")
                places.append(range(i, end))
                i = end
            else:
                swapped.append(tokens[i])
                places.append(range(i, i + 1))
                i += 1
        again, aside = self._phrases.find(swapped)
        if "compare" not in again:
            return set()
        found["compare"] = again["compare"]
        return {j for k in aside for j in places[k]}

    def _names_ties_years(self, mentions: Mentions) -> bool:
        """Whether the question names the years of two ties or more ("between the 2021 tie and the 2023 one").

        It asks the same of each, to compare them: each is answered in a line.
        """
        ties_by_year = self.index.ties_by_year
        return len({y for y in mentions.years if y in ties_by_year}) >= 2

    def _expanded(self, tokens: list[str]) -> list[str]:
        """Fans' shorthand and idioms read as the words they stand for ("h2h" is "head to head")."""
        return self.language.expand(tokens)

    def _years_read(self, tokens: list[str]) -> list[str]:
        """"In 21", "the 23 tie": a two-digit number is a tie's year, unless it counts or is labelled.

        It counts something when a count noun follows ("21 goals"); it is labelled when a number label
        comes just before ("minute 21", "minuto 21"). A season written as two years ("2019-20", "2022/23")
        is the one season, read as the year it ends in: the spring a tie of that season was played in,
        not the autumn before it (the 2019 final was the 2018-19 season's).
        """
        if _TWO_DIGITS.isdisjoint(tokens):
            return tokens  # most questions: no two-digit number
        out = tokens
        for i, token in enumerate(tokens):
            if (len(token) == 2 and token.isdigit() and i and is_year(tokens[i - 1])
                    and (int(tokens[i - 1]) + 1) % 100 == int(token)):
                out = out if out is not tokens else list(tokens)
                out[i - 1] = out[i] = str(int(tokens[i - 1]) + 1)  # read once (`Mentions.years` holds it once)
                continue
            if len(token) == 2 and token.isdigit() and 2000 + int(token) in self.index.ties_by_year:
                following = tokens[i + 1] if i + 1 < len(tokens) else ""
                before = tokens[i - 1] if i else ""
                if following not in self.language.count_nouns and before not in self.language.number_labels:
                    out = out if out is not tokens else list(tokens)
                    out[i] = str(2000 + int(token))
        return out

    def _year_of(self, ties: frozenset[str] | None, mentions: Mentions, previous: Turn | None) -> int | None:
        """The year relative time counts from: the one year named, the one tie meant, or the last turn's tie."""
        if len(mentions.years) == 1:
            return mentions.years[0]
        if ties is not None and len(ties) == 1:
            return self.knowledge.ties[next(iter(ties))].year
        if previous is not None and previous.tie is not None and previous.tie in self.knowledge.ties:
            return self.knowledge.ties[previous.tie].year
        if previous is not None and previous.year is not None:
            return previous.year
        return None

    def _reference_tie(self, tokens: list[str], mentions: Mentions) -> frozenset[str] | None:
        """The one tie the names right after a relative phrase point to ("the year before <the Madrid qf>"), or None.

        The names, rounds and years following the phrase, with the determiners and year links between them
        ("the", "of the"), up to the first other word: what the year is counted from, when the question's
        names together point to no one tie.
        """
        phrases = self.language.relative_years
        longest = max(map(len, phrases), default=0)
        end = next((i + n for i in range(len(tokens)) for n in range(min(longest, len(tokens) - i), 0, -1)
                    if tuple(tokens[i : i + n]) in phrases), None)
        if end is None:
            return None
        links = self.language.result_determiners.union(*self.language.year_links)
        j = end
        while j < len(tokens) and (j in mentions.used or tokens[j] in links):
            j += 1
        run = tokens[end:j]
        if not run:
            return None
        ties, _, _ = self._resolve_ties(self.entities.find(run), run)
        return ties if ties is not None and len(ties) == 1 else None

    def _round_named_it(self, mentions: Mentions, ties: frozenset[str] | None) -> bool:
        """Whether only a round's name ("the qf") says which tie is meant: no year, and no club of that tie alone."""
        stage = mentions.stage_ties
        if mentions.years or not stage or len(stage) == len(self.knowledge.ties) or not ties:
            return False
        return not any(self.index.entity_ties.get(e, self.index.all_ties) <= ties for e in mentions.entities)

    def _year_known(self, ties: frozenset[str] | None, offset: int, teams: list[str]) -> int | None:
        """The year relative time means when no one tie is meant, or None.

        The only one, counted from any of the ties asked about, that the facts tell of the clubs named:
        "Madrid ... last season" is 2022, as Madrid's facts tell nothing of 2020, the season before their
        2021 tie.
        """
        if not teams:
            return None
        years = {self.knowledge.ties[t].year + offset for t in (ties or self.knowledge.ties)}
        told = [y for y in years if all(y in self.index.entity_years(team) for team in teams)]
        return told[0] if len(told) == 1 else None

    def _last_clause(self, norm: str, count: int) -> int:
        """Where the question's last clause starts, as a token position (0 for a question of one clause).

        "Two years later they met again, how did the first leg end": the question comes after the comma.
        """
        if _CLAUSE.search(norm) is None:
            return 0
        segments = _CLAUSE.split(norm)
        start = sum(len(self._expanded(tokenize(segment))) for segment in segments[:-1])
        return start if 0 < start < count else 0

    def _read_result_asked(self, q: Question, clause: int = 0) -> None:
        """"How did the first leg go": the verb asks for the game's result, it is not a topic word.

        Only when the words name a game (a leg, "the game", a leg's scoreline) and nothing dates it
        to history; the result intent then leads, whatever "happened" alone would suggest. The form
        may open the question or its last clause (`clause`, from `_last_clause`).
        """
        if self._result_openers.keys().isdisjoint(q.tokens):
            return  # no form's opener: "how did the first leg go" needs its "how"
        found = self._result_subject(self._undated(q.tokens))
        if found is None and clause:
            found = self._result_subject(self._undated(q.tokens[clause:]))
        if found is None:
            return
        subject, form = found
        if form.whole_tie_only and (q.leg is not None or not holds_words(subject, self.language.whole_tie)):
            return  # "where's the first leg at" asks its ground; only "where's the tie at" asks how it stands
        game_words = self._game_words
        names_game = (q.leg is not None or any(w in game_words for w in subject)
                      or any(w in self._tie_scores for w in subject)
                      or len(q.teams) >= 2)  # two clubs: a fixture ("cómo quedó el Liverpool-Dortmund")
        if not names_game or RESULT_INTENT not in self.intents.intent_ids:
            return
        for word in self.language.result_not_topic:
            q.stems.pop(self.index.stem(word), None)
        ranked = q.intents.ranked
        top = ranked[0][1] if ranked else 0.0
        if (q.leg is None and not any(w in self._tie_scores for w in subject)
                and holds_words(subject, self.language.whole_tie)):
            # "What happened in the Atlético tie", "how did the quarter-final tie go", "qué pasó en la eliminatoria de
            # 2021": the whole tie, no one game, asks its story (both legs, what was at stake), which the
            # overview tells; the first leg's result alone is part of it.
            lead = max(0.75, top)
            rest = [(name, value) for name, value in ranked if name != OVERVIEW_INTENT]
            q.intents = IntentScores([(OVERVIEW_INTENT, lead), *rest], q.intents.phrase_words, q.intents.cued)
            return
        lead = min(1.0, max(0.75, top + 0.2)) if not ranked or ranked[0][0] != RESULT_INTENT else max(0.75, top)
        rest = [(name, value) for name, value in ranked if name != RESULT_INTENT]
        q.intents = IntentScores([(RESULT_INTENT, lead), *rest], q.intents.phrase_words, q.intents.cued)

    def _read_fared(self, q: Question) -> None:
        """"How did Liverpool do against Madrid", "cómo le fue al Atleti": how a side did, no game named.

        With a club or a tie named, no leg, no leg's scoreline and no topic beyond words asking to hear
        about it ("these ties", "in 2021"), the question asks how the tie (or each of the club's ties)
        went: its story, which the overview tells with both legs, not one game's result. Not asked as a
        follow-up ("and the Reds, how did they do?" after Madrid's weekend asks the same of the Reds).
        """
        fared = self.language.result_fared
        if not fared or q.leg is not None or q.game_scores or not (q.teams or q.ties is not None):
            return
        if not holds_words(q.tokens, fared) or any(t in self._outside for t in q.teams):
            return  # "how did Barcelona do in the Champions League": a club of no tie, no tie's story
        story = q.intents.cued.get(OVERVIEW_INTENT, frozenset())  # "against Spanish sides": the story's own words
        if any(s not in self.request_stems and s not in story for s in q.stems):
            return
        ranked = q.intents.ranked
        if ranked and ranked[0][0] not in (RESULT_INTENT, OVERVIEW_INTENT):
            return  # "how did Klopp describe it": another kind of question is what leads
        lead = max(0.75, ranked[0][1] if ranked else 0.0)
        rest = [(name, value) for name, value in ranked if name != OVERVIEW_INTENT]
        q.intents = IntentScores([(OVERVIEW_INTENT, lead), *rest], q.intents.phrase_words, q.intents.cued)

    def _undated(self, tokens: list[str]) -> list[str]:
        """The words without their years and the words linking them ("how did the first leg end in 2023")."""
        links = self._year_links
        out: list[str] = []
        for token in tokens:
            if is_year(token):
                if out and out[-1] in links:
                    out.pop()
                continue
            out.append(token)
        return out

    def _result_subject(self, tokens: list[str]) -> tuple[list[str], ResultForm] | None:
        """The words naming the game in "how did <the first leg> go", with the form, or None when there is no form.

        A form is: a lead-in word or not, an opener, a determiner or not, one to four words, and
        the form's closer last (or nothing after the words, for a form without closers).
        """
        lang = self.language
        leading = 0
        while leading < min(2, len(tokens)) and tokens[leading] in lang.result_lead_ins:
            leading += 1  # "bueno, y cómo quedó la vuelta", "ok so how did the first leg go"
        for start in range(min(leading, len(tokens) - 1), -1, -1):
            for form, opener in self._result_openers.get(tokens[start], ()):
                end = start + len(opener)
                if tuple(tokens[start:end]) != opener:
                    continue
                rest = tokens[end:]
                if form.closers:
                    closers = [c for c in form.closers if len(c) < len(rest) and tuple(rest[-len(c):]) == c]
                    if not closers:
                        continue
                    rest = rest[: -max(map(len, closers))]
                if rest and rest[0] in lang.result_determiners and 1 <= len(rest) - 1 <= _MAX_SUBJECT:
                    return rest[1:], form
                if 1 <= len(rest) <= _MAX_SUBJECT:
                    return rest, form
        return None

    def _drop_tellers(self, mentions: Mentions, tokens: list[str]) -> None:
        """A person right beside a verb of telling (`telling_words`) beside a past game named: who told of it.

        "The Dortmund comeback Klopp mentioned", "el Liverpool-Dortmund que menciona Klopp": the game (a club of
        no tie, named before him) is what is asked, and the fact telling it need not name the man who recalled it.
        Not a game named by its year alone ("¿qué partido de 2016 menciona Hayward?": his mention says which);
        "did Klopp mention Dortmund", "which Liverpool player did Klopp mention" are about Klopp's words.
        """
        spans = mentions.spans
        games = [spans[e][0] for e in mentions.entities if e in self._outside and e in spans]
        if not games:
            return
        telling = self.language.telling_words
        kinds = self.knowledge.entities
        for ident, (start, end) in list(spans.items()):
            if ident not in mentions.entities or kinds[ident].kind != "person" or min(games) > start:
                continue
            after = end < len(tokens) and tokens[end] in telling
            before = start > 0 and tokens[start - 1] in telling
            if after or before:
                mentions.entities.remove(ident)

    def _read_opponents(self, q: Question) -> None:
        """"The opponents" names, for each tie asked about, the club that is not in every tie."""
        ties = q.ties if q.ties is not None else frozenset(self.knowledge.ties)
        found = [team for tie_id in sorted(ties) for team in self.knowledge.ties[tie_id].teams
                 if team not in self._everywhere and team not in q.mentions.entities]
        q.opponents = tuple(dict.fromkeys(found))
        self._drop_opponent_words(q)  # read as names now, so not also as topic words no fact uses
        q.mentions.entities.extend(q.opponents)
        q.teams.extend(q.opponents)

    def _drop_opponent_words(self, q: Question) -> None:
        """"Opponent" asks for a club, named or to be found: it is no topic word a fact should share."""
        for word in self.language.opponent_words:
            q.stems.pop(self.index.stem(word), None)

    def _resolve_ties(self, mentions: Mentions, tokens: list[str],
                      game_leg: bool = False) -> tuple[frozenset[str] | None, int | None, list[int]]:
        """Intersect what the years, stage words, tie-specific names and scorelines point to.

        A scoreline points to the ties a leg of ended so and, unless it names a leg ("the 3-1 first
        leg", `game_leg`; "the 3-1 game"), to those whose facts report another game so ("beat them 3-1").
        """
        explicit: list[frozenset[str]] = []
        history_year: int | None = None
        foreign: list[int] = []
        for year in mentions.years:
            if year in self.index.ties_by_year:
                explicit.append(frozenset(self.index.ties_by_year[year]))
            elif year in self.index.years:
                history_year = year
            else:
                foreign.append(year)
        hints: list[frozenset[str]] = []
        if mentions.stage_ties:
            # A person of one tie is what the question is about before a round it names: "who does Lynch expect
            # to go through to the quarter-finals" asks of his tie, and the round is the one it leads to.
            stage = frozenset(mentions.stage_ties)
            entities = self.knowledge.entities
            people = [ties for ent in mentions.entities if ent in entities and entities[ent].kind == "person"
                      and (ties := self.index.entity_ties.get(ent)) and ties != self._all_ties]
            if not people or any(ties & stage for ties in people):
                hints.append(stage)
        all_ties = self._all_ties
        game_words = self._game_words
        for i, token in enumerate(tokens):
            if "-" not in token:
                continue
            a_leg = game_leg or (i + 1 < len(tokens) and tokens[i + 1] in game_words)
            scored = frozenset(self._tie_scores.get(token, ())) if a_leg else self._scoreline_ties(token)
            if scored and len(scored) < len(all_ties):
                hints.append(scored)
        for ent in mentions.entities:
            ties = self.index.entity_ties.get(ent)
            if ties and ties != all_ties and ent not in self.competitions:
                hints.append(ties)
        if explicit:
            # Two ties in a year named: the other words say which. Each year named is narrowed on its own:
            # "atleti 2020 + madrid 2023" names a tie in each year, not the one both the clubs and years point to.
            chosen: frozenset[str] = frozenset()
            for in_year in explicit:
                for hint in hints:
                    in_year = (in_year & hint) or in_year
                chosen |= in_year
            return chosen, history_year, foreign
        if not hints:
            return None, history_year, foreign
        result = hints[0]
        for hint in hints[1:]:
            narrowed = result & hint
            result = narrowed or result
        return result, history_year, foreign

    def _scoreline_ties(self, token: str) -> frozenset[str]:
        """The ties a scoreline names: those a leg of ended so, and those whose facts report a game so.

        "Who did Madrid beat 3-1 on the Saturday" is about the 2023 tie's league game as much as the
        2021 tie's first leg; either way round ("lost 1-3" is the same game).
        """
        ties = set(self._tie_scores.get(token, ()))
        home, _, away = token.partition("-")
        for line in {token, f"{away}-{home}"}:
            ties |= self.index.ties_stating(line)
        return frozenset(ties)


class _Phrases:
    """Several kinds of phrase looked for in one pass over a question, each kind's first one kept."""

    def __init__(self, kinds: Mapping[str, Mapping[tuple[str, ...], int]]) -> None:
        self._phrases: dict[tuple[str, ...], list[tuple[str, int]]] = {}
        for kind, phrases in kinds.items():
            for phrase, value in phrases.items():
                self._phrases.setdefault(phrase, []).append((kind, value))
        lengths: dict[str, set[int]] = {}
        for phrase in self._phrases:
            lengths.setdefault(phrase[0], set()).add(len(phrase))
        self._lengths = {word: tuple(sorted(ns, reverse=True)) for word, ns in lengths.items()}
        """Each word a phrase starts with, to those phrases' lengths, longest first: a question's word is
        looked up only at the lengths of the phrases it starts, not at every length up to the longest."""
        self.words = frozenset(word for phrase in self._phrases for word in phrase)
        """Every word of every phrase, for the typo vocabulary."""

    def find(self, tokens: list[str]) -> tuple[dict[str, int], set[int]]:
        """Each kind found, with its first phrase's value; and where the phrases to set aside stand.

        At each position the longest phrase counts. The relative-time phrase's words name a year, and
        a comparing phrase's ("in all three ties") say the question is asked of every tie: neither is
        a topic or a kind of question, so the reader sets them aside.
        """
        found: dict[str, int] = {}
        aside: set[int] = set()
        starts, size = self._lengths, len(tokens)
        for i, token in enumerate(tokens):
            lengths = starts.get(token)
            if lengths is None:
                continue
            for n in lengths:
                if n > size - i:
                    continue
                kinds = self._phrases.get(tuple(tokens[i : i + n]))
                if not kinds:
                    continue
                for kind, value in kinds:
                    if kind in _SET_ASIDE and kind not in found:
                        aside.update(range(i, i + n))
                    found.setdefault(kind, value)
                break  # "can you tell me" is a request, not the hypothetical "can"
        return found, aside


def _quoted_spans(norm: str, tokens: list[str]) -> tuple[tuple[int, int], ...]:
    """Where the phrases a normalised question quotes stand among its tokens, in order.

    A phrase not found word for word (its words changed in reading, a shorthand expanded) is left out.
    """
    if "'" not in norm and '"' not in norm and "«" not in norm:
        return ()
    spans: list[tuple[int, int]] = []
    at = 0
    for match in _QUOTED.finditer(norm):
        words = tokenize(next(g for g in match.groups() if g is not None))
        n = len(words)
        if not n:
            continue
        for start in range(at, len(tokens) - n + 1):
            if tokens[start : start + n] == words:
                spans.append((start, start + n))
                at = start + n
                break
    return tuple(spans)


def _unname_quoted(mentions: Mentions, inside: frozenset[int]) -> None:
    """Leave out the names a question holds only inside a phrase it quotes: they are words of that phrase.

    "Whose words were 'the best in world football'" asks who said them, not about the World Cup a
    "mundial" names; the phrase's words stay its topic.
    """
    for entity, (start, end) in list(mentions.spans.items()):
        if start in inside and end - 1 in inside:
            del mentions.spans[entity]
            if entity in mentions.entities:
                mentions.entities.remove(entity)
            mentions.used.difference_update(range(start, end))

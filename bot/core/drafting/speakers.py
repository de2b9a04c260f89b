"""Who said a quote: the person an attribution names, and the person "he" or "the captain" means.

A speaker is always a person: a known person, or a capitalised name that is neither a known
team, venue or competition, nor a name written as a team elsewhere in the article ("Brugge
coach ..."), nor one that looks like an organisation ("... FC", "BBC Sport", "Radio ...").

In an attribution the speaker is the subject of the reporting verb: the name or pronoun right
before it ("Conceição said", "he told BBC Sport") or right after it ("said Conceição"), never a
name in object position ("told BBC Sport", "said of Taremi", "asked about Pepe"); "according to
Pepe" names Pepe. A clause with no reporting verb that ends in a colon introduces its subject's
words ("Slot praised Saka: ...", a transcript's "Slot: ...").

Role descriptors resolve to the person most recently introduced with that role, team or
nationality ("Porto captain Pepe", "Conceição, the Portuguese coach,"): "the captain", "the
Portuguese coach", "the Englishman". "He" and an unmatched descriptor mean the person named last:
a known person or a sentence's subject, or the last speaker.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core.drafting.document import Document, fold_aligned

__all__ = ["NAME", "REPORTING", "Speaker", "Speakers"]

REPORTING = (
    r"said|says|say|added|adds|told|tells|explained|explains|insisted|insists|admitted|admits|warned|warns|"
    r"claimed|claims|stated|states|continued|continues|revealed|reveals|declared|declares|noted|notes|"
    r"remarked|stressed|stresses|asked|asks|replied|commented|conceded|concedes|wrote|writes|urged|urges|"
    r"joked|acknowledged|acknowledges|suggested|suggests|predicted|predicts|reflected|recalled|vowed|vows|"
    r"went on|goes on|echoed|shrugged|smiled|laughed|according to"
)
_ROLE_NOUNS = (r"head coach|manager|coach|boss|defender|striker|forward|midfielder|captain|skipper|goalkeeper|"
               r"keeper|winger|full-back|centre-back|player|veteran|youngster|tactician|trainer|chairman|"
               r"president|director|pundit|columnist|correspondent|international|mister")
_ROLE_CANON = {"manager": "coach", "boss": "coach", "head coach": "coach", "tactician": "coach", "trainer": "coach",
               "mister": "coach", "skipper": "captain", "goalkeeper": "keeper", "striker": "forward"}
_DEMONYMS = {"englishman": "english", "frenchman": "french", "dutchman": "dutch", "scotsman": "scottish",
             "scot": "scottish", "welshman": "welsh", "irishman": "irish", "spaniard": "spanish", "dane": "danish",
             "swede": "swedish", "pole": "polish", "turk": "turkish", "croat": "croatian", "swiss": "swiss",
             "argentine": "argentinian", "argentinean": "argentinian", "portugese": "portuguese"}
PRONOUN_OR_ROLE = re.compile(
    rf"(?i:\b(?:he|she)\b|\bthe\s+(?:[\w'’-]+\s+){{0,2}}?(?:{_ROLE_NOUNS})\b)"
    r"|\b[Tt]he\s+(?:[A-Z][a-z'’-]+\s+)?[A-Z][a-z'’-]+(?:an|ese|man|ard|ine|ot|at|ch)\b",
)
"""He, she, "the (German) coach", or a nationality ("the Italian", "the Northern Irishman")."""
TITLES = frozenset({"Captain", "Mister", "Mr", "Coach", "Boss", "Former", "Skipper", "Manager", "Veteran"})
SUBJECT_PREFIX = re.compile(
    rf"^(?:(?:[A-Z][\w'’-]*|(?i:{_ROLE_NOUNS}|former|ex|turned|assistant|club|team|veteran|the))\s+){{0,6}}?$")
"""Words that may come before a sentence's subject: "Former Arsenal defender (Lee Harcourt)", "Captain"."""
_GAP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"
"""Space between the words of a name: a line break, never a paragraph break."""
NAME = rf"[A-ZÀ-Ý][\w'’-]+(?:{_GAP}(?:(?:de|da|van|von|del|di|dos|do)\b|[A-ZÀ-Ý][\w'’-]+))*"
_NAME_RUN = re.compile(NAME)
_PARTICLES = frozenset({"De", "Da", "Van", "Von", "Del", "Di", "Dos", "Do", "Le", "La"})
"""A surname starting a sentence capitalises its particle: "De Wolf" is "Erik de Wolf"."""
SENTENCE_WORDS = frozenset({
    "The", "He", "She", "It", "They", "We", "I", "But", "And", "When", "After", "Before", "There", "This", "That",
    "Asked", "In", "On", "At", "With", "For", "If", "As", "So", "Speaking", "Meanwhile", "However", "Earlier",
    "Later", "Then", "Now", "Both", "His", "Her", "Their", "Its", "Our", "My", "What", "Why", "How", "Who",
    "While", "Although", "Though", "Yet", "Still", "Even", "Only", "Also", "Instead", "Today", "Tonight",
    "Yesterday", "Tomorrow", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday",
    "Everyone", "Nobody", "Nothing", "Something", "Pressed", "Questioned", "Quizzed", "Responding", "Reflecting",
    "Talking", "Writing", "Looking", "Turning", "Under", "Against", "Despite", "Without", "From", "To", "By",
    "Of", "A", "An", "One", "Two", "Three", "Next", "Last", "Every", "Each", "Some", "All", "No",
})
_ORG_WORDS = frozenset({
    "fc", "cf", "ac", "sc", "afc", "club", "united", "city", "athletic", "sporting", "sport", "sports", "news",
    "press", "tv", "radio", "times", "gazette", "mail", "herald", "telegraph", "guardian", "journal", "daily",
    "agency", "federation", "association", "league", "cup", "stadium", "arena", "television", "network", "media",
    "uefa", "fifa", "reuters", "afp", "espn", "bbc", "sky", "channel", "newspaper", "magazine", "online",
    "olympique", "borussia", "inter", "internazionale", "dynamo", "dinamo", "sparta", "rapid", "hotspur",
    "wanderers", "rovers", "albion", "county", "ltd", "group", "foundation", "ministry", "police",
})
"""Words that make a capitalised name an organisation, a club or an outlet, never a person."""
_ORG_CUE = re.compile(r"^\s+(?:newspaper|daily|radio|television|channel|station|broadcaster|website|agency|"
                      r"magazine|outlet|podcast|fans|supporters|players|squad|side|team|club)\b")
_B = r"(?<![\w'’-])"
_TEAM_CUE = re.compile(
    rf"(?:\b(?:against|beat|beating|beaten by|face|faces|facing|host|hosts|hosting|visit|visits|v|vs|versus)"
    rf"\.?\s+({NAME}))|(?:{_B}({NAME})\s+(?:v|vs|versus)\.?\s)|(?:{_B}({NAME})\s+(?:{_ROLE_NOUNS})\s+[A-ZÀ-Ý])"
    rf"|(?:{_B}({NAME})\s+(?:fans|supporters|players|squad|side|team)\b)")
"""A name written as a team: "against Brugge", "Porto v Inter", "Porto captain Pepe", "Brugge fans"."""
_OBJECT_BEFORE = re.compile(
    r"\b(?:told|tells|telling|tell|(?<!according )to|about|of|on|for|with|against|at|from|towards|praised|"
    r"praising|hailed|hailing|backed|backing|thanked|thanking|criticised|criticized|defended|defending|named|dropped|"
    r"replaced|replacing|by)\s+(?:(?:the|a|an|his|her|their|its|[a-z]+paper|daily|radio|channel|outlet|"
    r"broadcaster|station|[A-ZÀ-Ý][\w'’-]*)\s+){0,3}$")
"""The words before a name in object position: "told (Portuguese newspaper) ...", "said of ..."."""
_BEFORE_VERB = re.compile(
    r"^\s*(?:,[^,“”«»\"]{1,80},\s*)?(?:(?:has|had|have|also|then|later|once|again|simply|just|only|was|is|were|"
    r"previously|recently|would|will|could|quickly|calmly|firmly|bluntly|candidly|flatly|then)\s+)*$")
"""Between a subject and its verb: nothing, an apposition (", the Porto captain,") or an auxiliary."""
_AFTER_VERB = re.compile(rf"^\s+(?:(?:the\s+)?(?:[A-ZÀ-Ý][\w'’-]+(?:['’]s)?\s+){{0,3}}(?:(?:{_ROLE_NOUNS})\s+)?)?$")
"""Between an inverted verb and its subject: "said (Porto captain) Pepe"."""
_TOLD = re.compile(r"^(?:told|tells|tell)$", re.IGNORECASE)
_INTRO_BEFORE = re.compile(rf"((?:[A-ZÀ-Ý][\w'’-]+\s+){{0,3}})({_ROLE_NOUNS})\s+({NAME})")
"""A person introduced by role: "Porto captain Pepe", "Portuguese coach Sérgio Conceição"."""
_INTRO_AFTER = re.compile(
    rf"({NAME}),\s+(?:the|their|his|her|[A-ZÀ-Ý][\w'’-]+['’]s)\s+((?:[\w'’-]+\s+){{0,3}}?)"
    rf"((?:{_ROLE_NOUNS})|[A-Z][a-z'’-]+(?:an|ese|man|ard|ine|ot|at|ch))((?:\s+(?:of|at|for)\s+{NAME})?)\s*[,.;]")
"""A person introduced in apposition: "Pepe, Porto's captain,", "Conceição, the Portuguese coach of Porto,"."""
_LEAD_CUE = re.compile(
    rf"\b(?:{REPORTING}|was asked|were asked|quizzed|pressed|questioned|spoke|speaks|speaking|responded|"
    rf"responds|answered|answers|reacted|addressed|turned to|was (?:\w+ ){{0,2}}(?:calm|relaxed|defiant|"
    rf"bullish|upbeat|confident|cautious|candid|blunt|honest|direct|adamant|emphatic|philosophical|mood|"
    rf"clear|frank|measured))\b", re.IGNORECASE)
"""A lead-in sentence that hands over to its subject's words: "Pepe was asked about ...", "... spoke"."""


@dataclass(frozen=True)
class Speaker:
    """A known person (entity id) or an unknown one by the fullest name the article gives."""

    entity: str | None
    name: str


@dataclass(frozen=True)
class _Candidate:
    """A person, pronoun or role descriptor written at [start, end); speaker None until resolved."""

    start: int
    end: int
    speaker: Speaker | None
    phrase: str


class Speakers:
    """One article's people: names written as teams, introductions by role, and sentence subjects."""

    def __init__(self, doc: Document, quoted: list[tuple[int, int]]) -> None:
        self.doc = doc
        self._quoted = quoted
        self.teams = self._team_names()
        self.intros = self._introductions()
        self.subjects = self._subjects()

    # --- names ---------------------------------------------------------------------------------
    def person_name(self, start: int, end: int) -> str | None:
        """The name at [start, end) without titles, if it can be a person's; else None."""
        text = self.doc.text[start:end]
        name = strip_titles(text)
        if not name:
            return None
        at = start + text.rfind(name)
        if self.doc.mentions_in(at, at + len(name)) or name.split()[0] in SENTENCE_WORDS:
            return None
        if self.looks_like_organisation(name, at + len(name)):
            return None
        return name

    def looks_like_organisation(self, name: str, end: int) -> bool:
        """An outlet, a club, or a name the article writes as a team elsewhere."""
        words = fold_aligned(name).replace("’", "'").split()
        if any(w in _ORG_WORDS for w in words) or any(len(w) >= 2 and w.isupper() for w in name.split()):
            return True
        if _ORG_CUE.match(self.doc.text, end):
            return True
        return any(set(words) <= team for team in self.teams)

    def full_name(self, name: str) -> str:
        """The fullest form of an unknown name the article writes: "Flick" -> "Hansi Flick"."""
        doc = self.doc
        written = [name, name[0].lower() + name[1:]] if name.split()[0] in _PARTICLES else [name]
        pattern = re.compile(rf"((?:[A-ZÀ-Ý][\w'’-]+{_GAP}){{1,2}})({'|'.join(map(re.escape, written))})(?![\w-])")
        for match in pattern.finditer(doc.text):
            words = match.group(1).split()
            while words and (words[0] in TITLES or words[0] in SENTENCE_WORDS or words[0].endswith(("'s", "’s"))):
                words.pop(0)
            if any(w in TITLES or w.endswith(("'s", "’s")) for w in words):
                continue
            first = match.start(1) + match.group(1).find(words[0]) if words else match.start(1)
            if (words and not doc.mentions_in(first, match.start(1) + len(match.group(1)))
                    and not self.looks_like_organisation(" ".join(words), match.start(1) + len(match.group(1)))):
                return " ".join([*words, match.group(2)])
        return name

    def _team_names(self) -> list[set[str]]:
        """Names the article writes as teams, each as its set of folded words."""
        out: list[set[str]] = []
        for match in _TEAM_CUE.finditer(self.doc.text):
            words = strip_titles(next(g for g in match.groups() if g)).split()
            while words and words[0] in SENTENCE_WORDS:
                words.pop(0)
            if words:
                out.append(set(fold_aligned(" ".join(words)).split()))
        return out

    # --- who is who ----------------------------------------------------------------------------
    def _known(self, entity: str) -> Speaker:
        return Speaker(entity, self.doc.entities[entity].name)

    def _introductions(self) -> list[tuple[int, Speaker, frozenset[str]]]:
        """People with the roles, teams and nationalities the article gives them, by offset."""
        doc = self.doc
        out: list[tuple[int, Speaker, frozenset[str]]] = []
        for mention in doc.mentions:
            if mention.kind == "person":
                entity = doc.entities[mention.entity]
                team = doc.entities.get(entity.team or "")
                words = f"{entity.role or ''} {team.name if team else ''}"
                out.append((mention.start, self._known(mention.entity), descriptors(words)))
        for match in _INTRO_BEFORE.finditer(doc.text):
            who = self._person_at(match.start(3), match.end(3))
            if who is not None:
                out.append((match.start(3), who, descriptors(f"{match.group(1)} {match.group(2)}")))
        for match in _INTRO_AFTER.finditer(doc.text):
            who = self._person_at(match.start(1), match.end(1))
            if who is not None:
                phrase = doc.text[match.end(1) + 1:match.end(4)]
                out.append((match.end(1), who, descriptors(phrase)))
        return sorted(out, key=lambda c: c[0])

    def _person_at(self, start: int, end: int) -> Speaker | None:
        """The person named at [start, end): a known one, or an unknown name that may be a person's."""
        people = self.doc.mentions_in(start, end, "person")
        if people:
            return self._known(people[0].entity)
        name = self.person_name(start, end)
        return Speaker(None, self.full_name(name)) if name else None

    def _subjects(self) -> list[tuple[int, Speaker]]:
        """People named outside quotes, by offset, for "he" and "the coach" to point back to.

        Known people count wherever the narrative names them, except in object position ("asked
        about Pepe"); unknown people when they open a sentence as its subject ("Former Arsenal
        defender Lee Harcourt expects ..."). A one-word subject counts only when the article also
        writes it as the end of a longer name ("Rodgers was proud" after "Brendan Rodgers"): a
        capitalised first word is often no name. A name inside a quote is not whom "he said" means.
        """
        doc = self.doc
        out: list[tuple[int, Speaker]] = []
        for m in doc.mentions:
            if m.kind != "person" or any(s <= m.start < e for s, e in self._quoted):
                continue
            sentence = doc.sentence_at(m.start)
            if not _OBJECT_BEFORE.search(doc.text[sentence.start:m.start]):
                out.append((m.start, self._known(m.entity)))
        for sentence in doc.sentences:
            text = doc.slice(sentence)
            for match in _NAME_RUN.finditer(text):
                prefix = text[:match.start()]
                if "," in prefix or not SUBJECT_PREFIX.match(prefix):
                    break
                name = strip_titles(match.group(0))
                at = sentence.start + match.end() - len(name)
                follows = text[match.end():match.end() + 3]
                if (not name or self.person_name(at, sentence.start + match.end()) is None
                        or re.match(r"['’]", follows) or doc.mentions_in(sentence.start, at, "person")):
                    continue
                full = self.full_name(name)
                if len(name.split()) > 1 or full != name:
                    out.append((at, Speaker(None, full)))
                    break
        return sorted(out, key=lambda c: c[0])

    # --- attributions ----------------------------------------------------------------------------
    def in_attribution(self, start: int, end: int, verb: tuple[int, int] | None,
                       previous: Speaker | None, previous_at: int | None) -> Speaker | None:
        """Who the attribution in [start, end) names as the subject of the verb at `verb`.

        Without a verb (a clause ending in a colon), the clause's subject speaks.
        """
        candidates = self._candidates(start, end)
        if verb is None:
            chosen = next((c for c in candidates if self._is_subject(start, c)), None)
        else:
            chosen = self._verb_subject(candidates, verb)
        if chosen is None:
            return None
        return chosen.speaker or self.resolve(chosen.phrase, chosen.start, previous, previous_at)

    def organisation_speaks(self, start: int, verb_start: int) -> bool:
        """The verb's subject is a team, a club or an outlet ("Porto said in a statement")."""
        before = self.doc.text[start:verb_start]
        match = re.search(rf"({NAME})\s+(?:(?:has|have|had|also|then|later)\s+)*$", before)
        if match is None:
            return False
        at = start + match.start(1)
        return (any(m.kind != "person" for m in self.doc.mentions_in(at, start + match.end(1)))
                or self.looks_like_organisation(match.group(1), start + match.end(1)))

    def _candidates(self, start: int, end: int) -> list[_Candidate]:
        """People, pronouns and role descriptors in [start, end), without those in object position."""
        doc = self.doc
        found = [_Candidate(m.start, m.end, self._known(m.entity), doc.text[m.start:m.end])
                 for m in doc.mentions_in(start, end, "person")]
        for match in _NAME_RUN.finditer(doc.text, start, end):
            if doc.mentions_in(match.start(), match.end(), "person"):
                continue
            name = self.person_name(match.start(), match.end())
            if name is None or re.search(r"\b[Tt]he\s+$", doc.text[start:match.start()]):
                continue  # "the Italian": a role
            at = match.end() - len(name)
            found.append(_Candidate(at, match.end(), Speaker(None, self.full_name(name)), name))
        for match in PRONOUN_OR_ROLE.finditer(doc.text, start, end):
            found.append(_Candidate(match.start(), match.end(), None, match.group(0)))
        found.sort(key=lambda c: (c.start, -(c.end - c.start)))
        kept: list[_Candidate] = []
        for c in found:
            if kept and c.start < kept[-1].end:
                continue
            if _OBJECT_BEFORE.search(doc.text[start:c.start]):
                continue
            kept.append(c)
        # "the Porto captain Pepe": the name, not the descriptor in front of it
        return [c for i, c in enumerate(kept) if not (c.speaker is None and i + 1 < len(kept)
                                                       and kept[i + 1].speaker is not None
                                                       and not doc.text[c.end:kept[i + 1].start].strip())]

    def _is_subject(self, start: int, candidate: _Candidate) -> bool:
        """The candidate opens the clause (after an introductory phrase) and a verb follows it."""
        before = self.doc.text[start:candidate.start]
        lead = before.rsplit(",", 1)[-1].lstrip()
        if not SUBJECT_PREFIX.match(lead):
            return False
        return bool(re.match(r"\s*(?:[,:]|['’]s?\s|\s*[a-z])", self.doc.text[candidate.end:candidate.end + 4]))

    def _verb_subject(self, candidates: list[_Candidate], verb: tuple[int, int]) -> _Candidate | None:
        """Right before the verb, else right after it (not after "told"), else the nearest known person."""
        text = self.doc.text
        verb_start, verb_end = verb
        before = [c for c in candidates if c.end <= verb_start and _BEFORE_VERB.match(text[c.end:verb_start])]
        if before:
            named = [c for c in before if c.speaker is not None]
            return named[-1] if before[-1].speaker is None and named else before[-1]
        if not _TOLD.match(text[verb_start:verb_end]):
            after = [c for c in candidates if c.start >= verb_end and _AFTER_VERB.match(text[verb_end:c.start])]
            if after:
                return after[0]
        known = [c for c in candidates if c.speaker is not None and c.speaker.entity is not None]
        if known:
            return min(known, key=lambda c: min(abs(c.end - verb_start), abs(c.start - verb_start)))
        roles = [c for c in candidates if c.speaker is None]
        return min(roles, key=lambda c: abs(c.start - verb_start)) if roles else None

    def lead_in(self, sentences: list[tuple[int, int]], need_cue: bool, previous: Speaker | None,
                previous_at: int | None) -> Speaker | None:
        """The subject of the latest lead-in sentence that has one ("Pepe was asked about ...").

        With `need_cue` (another speaker's words could carry on) the sentence must hand over to
        its subject: a reporting verb, "was asked", "spoke", "was calm".
        """
        for start, end in reversed(sentences):
            if need_cue and not _LEAD_CUE.search(self.doc.text, start, end):
                continue
            chosen = next((c for c in self._candidates(start, end) if self._is_subject(start, c)), None)
            if chosen is not None:
                return chosen.speaker or self.resolve(chosen.phrase, chosen.start, previous, previous_at)
        return None

    # --- pronouns and descriptors ----------------------------------------------------------------
    def resolve(self, phrase: str, offset: int, previous: Speaker | None, previous_at: int | None) -> Speaker | None:
        """The person "he", "the captain" or "the Portuguese coach" at `offset` means."""
        default = self._antecedent(offset, previous, previous_at)
        words = descriptors(phrase)
        if not words:
            return default
        roles = words & _ROLE_WORDS
        names = words - _ROLE_WORDS
        known = [(at, who, d) for at, who, d in self.intros if at < offset]
        for fits in (lambda d: words <= d, lambda d: bool(names & d)):
            matching = [who for _, who, d in known if fits(d)]
            if matching:
                return matching[-1]
        matching = [who for _, who, d in known if roles & d]
        if matching:
            return default if default in matching else matching[-1]
        if default is not None and names & _NATIONALITIES:  # "the Dutchman": not the Portuguese
            theirs = {w for _, who, d in known if who == default for w in d & _NATIONALITIES}
            if theirs - names:
                return self._antecedent(offset, previous, previous_at, skip=default)
        return default

    def _antecedent(self, offset: int, previous: Speaker | None, previous_at: int | None,
                    skip: Speaker | None = None) -> Speaker | None:
        """The latest person named before the offset, known or not, or the last speaker."""
        candidates = [(at, who) for at, who in self.subjects if at < offset]
        if previous is not None and previous_at is not None:
            candidates.append((previous_at, previous))
        candidates = [c for c in candidates if c[1] != skip]
        return max(candidates, key=lambda c: c[0])[1] if candidates else None


_NATIONALITIES = frozenset({
    "english", "french", "dutch", "scottish", "welsh", "irish", "spanish", "danish", "swedish", "polish", "turkish",
    "croatian", "swiss", "argentinian", "portuguese", "italian", "german", "brazilian", "belgian", "austrian",
    "norwegian", "serbian", "uruguayan", "colombian", "mexican", "american", "greek", "russian", "ukrainian",
    "czech", "hungarian", "romanian", "japanese", "korean", "chilean", "nigerian", "ghanaian", "senegalese",
    "moroccan", "algerian", "egyptian", "cameroonian", "ivorian", "catalan", "basque", "bosnian", "slovenian",
    "slovakian", "finnish", "icelandic", "australian", "canadian", "israeli", "georgian", "albanian",
})
"""Nationalities as `descriptors` writes them: a descriptor's nationality rules out someone of another."""
_ROLE_WORDS = frozenset({_ROLE_CANON.get(r, r) for r in _ROLE_NOUNS.split("|")})


def descriptors(text: str) -> frozenset[str]:
    """The role nouns (canonical) and capitalised words (teams, nationalities) of a descriptor phrase."""
    out: set[str] = set()
    folded = fold_aligned(text)
    for role in re.findall(rf"\b(?:{_ROLE_NOUNS})\b", folded):
        out.add(_ROLE_CANON.get(role, role))
    for word in re.findall(r"[A-ZÀ-Ý][\w'’-]+", text):
        if word in ("The", "He", "She") or word in TITLES:
            continue
        key = fold_aligned(word).removesuffix("'s")
        out.add(_DEMONYMS.get(key, key))
    return frozenset(out)


def strip_titles(name: str) -> str:
    """A name without titles or a possessive in front of it ("Captain Di Lorenzo", "Inter's Lautaro")."""
    words = name.split()
    for i, word in enumerate(words):
        if word.endswith(("'s", "’s")) and i + 1 < len(words):
            words = words[i + 1:]
            break
    while words and words[0] in TITLES:
        words.pop(0)
    return " ".join(words)

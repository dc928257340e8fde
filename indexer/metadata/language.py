"""The page's language as an ISO 639-1 code: declared by the page, else recognised from its words.

A declared `lang` is trusted when it is a real code; otherwise the text's script names the
language (kana → ja, hangul → ko) or, for Latin script, its commonest function words do.
Too little text, or no clear winner, gives unknown.
"""

from __future__ import annotations

import re
from collections import Counter

from indexer.metadata import rules
from indexer.model import Value

_CODE = re.compile(r"^([a-z]{2})(?:[-_][a-z0-9]+)*$", re.IGNORECASE)
_WORD = re.compile(r"[^\W\d_]+")
_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Every script `rules.SCRIPT_LANGUAGES`, Cyrillic or Arabic can name: when these letters are
# under a fifth of all, no script rule can fire and the per-script counts are skipped.
_NON_LATIN = re.compile("[\u0370-\u06ff\u0900-\u09ff\u0e00-\u0e7f\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


def declared(code: str | None, source: str) -> Value | None:
    if not code:
        return None
    m = _CODE.match(code.strip())
    return Value(m.group(1).lower(), source, 0.9) if m else None


def detect(text: str) -> Value | None:
    sample = text[:8000]
    letters = len(_NOT_LETTERS.sub("", sample))
    if letters < 40:
        return None
    if len(_NON_LATIN.findall(sample)) > letters * 0.2:
        script = _by_script(sample, letters)
        if script:
            return script
    words = Counter(_WORD.findall(sample.lower()))
    scores = {code: sum(words[w] for w in vocab) for code, vocab in rules.FUNCTION_WORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 15 or top < second * 1.5:
        return None
    return Value(best, "text:function-words", 0.75)


def _by_script(sample: str, letters: int) -> Value | None:
    for span, code in rules.SCRIPT_LANGUAGES:
        found = len(re.findall(f"[{span}]", sample))
        if found > letters * 0.2:
            if code == "zh" and re.search("[\u3040-\u30ff]", sample):
                return Value("ja", "text:script", 0.8)
            return Value(code, "text:script", 0.8)
    cyrillic = len(re.findall("[\u0400-\u04ff]", sample))
    if cyrillic > letters * 0.3:
        return Value("uk" if re.search("[їєі]", sample) else "ru", "text:script", 0.7)
    arabic = len(re.findall("[\u0600-\u06ff]", sample))
    if arabic > letters * 0.3:
        return Value("fa" if re.search("[پچژگ]", sample) else "ar", "text:script", 0.7)
    return None

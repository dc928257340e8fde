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
_LETTER = re.compile(r"[^\W\d_]")


def declared(code: str | None, source: str) -> Value | None:
    if not code:
        return None
    m = _CODE.match(code.strip())
    return Value(m.group(1).lower(), source, 0.9) if m else None


def detect(text: str) -> Value | None:
    sample = text[:8000]
    letters = len(_LETTER.findall(sample))
    if letters < 40:
        return None
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
    words = Counter(w.lower() for w in _WORD.findall(sample))
    scores = {code: sum(words[w] for w in vocab) for code, vocab in rules.FUNCTION_WORDS.items()}
    ranked = sorted(scores.items(), key=lambda kv: -kv[1])
    (best, top), (_, second) = ranked[0], ranked[1]
    if top < 15 or top < second * 1.5:
        return None
    return Value(best, "text:function-words", 0.75)

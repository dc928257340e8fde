"""Language-aware word statistics: which stop-word list fits a page, and how dense a line is in it.

Running prose is full of function words ("the", "de", "и"); menus, headlines and buttons are
not. That contrast holds in every language, so the cleaner guesses the page's language from
the stop-word lists of the `stop-words` package and measures density against that list.
Pages in scripts without spaces (Chinese, Japanese) get no list; the cleaner then leans on
punctuation instead.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from indexer.cleaning.rules import CJK

_WORD = re.compile(r"\w+")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
# Lists that are too short or too generic to tell languages apart are left out of the guess.
_GUESS_LANGUAGES = (
    "english", "german", "french", "spanish", "portuguese", "italian", "dutch", "russian", "ukrainian",
    "polish", "czech", "slovak", "swedish", "danish", "norwegian", "finnish", "hungarian", "romanian",
    "turkish", "indonesian", "catalan", "bulgarian", "greek", "arabic", "persian", "hebrew", "korean",
    "vietnamese",
)  # fmt: skip


@lru_cache(maxsize=None)
def stop_words(language: str) -> frozenset[str]:
    """The stop-word list of one language (lower case), empty if the package lacks it."""
    try:
        from stop_words import get_stop_words

        return frozenset(word.lower() for word in get_stop_words(language))
    except Exception:  # an unknown language or a broken install: fall back to no list
        return frozenset()


@lru_cache(maxsize=None)
def _guess_table() -> dict[str, tuple[str, ...]]:
    """word -> the languages whose stop-word list holds it."""
    table: dict[str, list[str]] = {}
    for language in _GUESS_LANGUAGES:
        for word in stop_words(language):
            table.setdefault(word, []).append(language)
    return {word: tuple(languages) for word, languages in table.items()}


def guess_language(text: str) -> str | None:
    """The stop-word language that best fits a text, or None for CJK-without-spaces or unknown."""
    sample = text[:20000]
    words = _WORD.findall(sample.lower())
    letters = sum(map(len, words)) or 1
    cjk = len(CJK.findall(sample))
    if cjk / letters > 0.3:
        hangul = len(_HANGUL.findall(sample))
        return "korean" if hangul > cjk / 2 else None
    table = _guess_table()
    votes: Counter[str] = Counter()
    for word, count in Counter(words).items():
        for language in table.get(word, ()):
            votes[language] += count
    if not votes:
        return None
    return votes.most_common(1)[0][0]

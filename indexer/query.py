"""The search syntax people expect, parsed once into a small tree that every engine translates.

Syntax: words (all must match), `OR`, `AND`, `NOT`/`-`, `( … )`, "exact phrases", wildcards
(`idl*`, `erd?gan`), fuzzy words (`erdogan~`, `erdogan~1`), fields (`title:`, `body:`, `outlet:`,
`author:`, `url:`, `tag:`) and dates (`date:2020`, `date:2020-02`, `date:2020-02-28`,
`date:[2020-01-01 TO 2020-03-31]`, open ends with `*`). Lower-case `or`/`and`/`not` are words.

Parsing never raises anything but `QueryError`, whose message is meant for the user.
"""

from __future__ import annotations

import calendar
import datetime as dt
import fnmatch
import functools
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from indexer.text import fold, tokens

TEXT_FIELDS = ("title", "body", "outlet", "author", "url", "tag")
FIELD_ALIASES = {"text": "body", "site": "outlet", "source": "outlet", "tags": "tag", "by": "author"}
MIN_WILDCARD_LITERALS = 2
MAX_QUERY_LENGTH = 2000


class QueryError(ValueError):
    """A query the user must fix; the message says what and where."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None  # None: the default fields (title and body, or the whole page on request)
    word: str  # folded


@dataclass(frozen=True, slots=True)
class Phrase:
    field: str | None
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Wildcard:
    field: str | None
    pattern: str  # folded, with * and ?

    @property
    def prefix(self) -> str | None:
        """The literal prefix when the pattern is a plain prefix query (`idl*`)."""
        body = self.pattern[:-1]
        if self.pattern.endswith("*") and "*" not in body and "?" not in body:
            return body
        return None


@dataclass(frozen=True, slots=True)
class Fuzzy:
    field: str | None
    word: str
    distance: int


@dataclass(frozen=True, slots=True)
class DateRange:
    start: dt.date | None
    end: dt.date | None  # inclusive


@dataclass(frozen=True, slots=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    children: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Not:
    child: Node


@dataclass(frozen=True, slots=True)
class MatchAll:
    pass


Node = Term | Phrase | Wildcard | Fuzzy | DateRange | And | Or | Not | MatchAll

_TOKEN = re.compile(
    r"""
    (?P<space>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<phrase>"[^"]*"?)
  | (?P<range>\[[^\]]*\]?)
  | (?P<field>[A-Za-z]+:)(?!//)
  | (?P<minus>-)(?=\S)
  | (?P<plus>\+)(?=\S)
  | (?P<word>[^\s()"]+)
    """,
    re.VERBOSE,
)


@dataclass(frozen=True, slots=True)
class _Tok:
    kind: str
    text: str
    pos: int


def _lex(query: str) -> list[_Tok]:
    toks: list[_Tok] = []
    for match in _TOKEN.finditer(query):
        kind = match.lastgroup or "word"
        if kind == "space":
            continue
        text = match.group()
        if kind == "phrase" and (len(text) < 2 or not text.endswith('"')):
            raise QueryError(f'Unclosed quote at position {match.start() + 1}: add a closing ".')
        if kind == "range" and not text.endswith("]"):
            raise QueryError(f"Unclosed date range at position {match.start() + 1}: add a closing ].")
        if kind == "word" and text in ("AND", "OR", "NOT", "&&", "||"):
            kind = {"&&": "AND", "||": "OR"}.get(text, text)
        toks.append(_Tok(kind, text, match.start()))
    return toks


def parse(query: str) -> Node:
    """Parse a user's query; an empty query matches everything."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"The query is too long ({len(query)} characters; at most {MAX_QUERY_LENGTH}).")
    parser = _Parser(_lex(query))
    node = parser.parse()
    return _simplify(node)


class _Parser:
    def __init__(self, toks: list[_Tok]) -> None:
        self.toks = toks
        self.i = 0

    def peek(self) -> _Tok | None:
        return self.toks[self.i] if self.i < len(self.toks) else None

    def take(self) -> _Tok:
        tok = self.toks[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node:
        if not self.toks:
            return MatchAll()
        node = self.or_expr()
        tok = self.peek()
        if tok is not None:
            raise QueryError(f"Unexpected “{tok.text}” at position {tok.pos + 1}.")
        return node

    def or_expr(self) -> Node:
        children = [self.and_expr()]
        while (tok := self.peek()) is not None and tok.kind == "OR":
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "OR"):
                raise QueryError(f"OR at position {tok.pos + 1} needs something after it.")
            children.append(self.and_expr())
        return children[0] if len(children) == 1 else Or(tuple(children))

    def and_expr(self) -> Node:
        children = [self.unary()]
        while (tok := self.peek()) is not None and tok.kind not in ("OR", "rparen"):
            if tok.kind == "AND":
                self.take()
                if self.peek() is None or self.peek().kind in ("rparen", "OR", "AND"):
                    raise QueryError(f"AND at position {tok.pos + 1} needs something after it.")
                continue
            children.append(self.unary())
        return children[0] if len(children) == 1 else And(tuple(children))

    def unary(self) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError("The query ends too early.")
        if tok.kind in ("NOT", "minus"):
            self.take()
            if self.peek() is None or self.peek().kind in ("rparen", "OR", "AND"):
                raise QueryError(f"{tok.text} at position {tok.pos + 1} needs something after it.")
            return Not(self.unary())
        if tok.kind == "plus":
            self.take()
            return self.unary()
        return self.primary()

    def primary(self) -> Node:
        tok = self.take()
        if tok.kind == "lparen":
            if self.peek() is not None and self.peek().kind == "rparen":
                raise QueryError(f"Empty parentheses at position {tok.pos + 1}.")
            node = self.or_expr()
            closing = self.peek()
            if closing is None or closing.kind != "rparen":
                raise QueryError(f"Unclosed parenthesis at position {tok.pos + 1}: add a closing ).")
            self.take()
            return node
        if tok.kind == "rparen":
            raise QueryError(f"Unexpected ) at position {tok.pos + 1}.")
        if tok.kind in ("AND", "OR"):
            raise QueryError(f"{tok.text} at position {tok.pos + 1} needs something before it.")
        if tok.kind == "field":
            return self.field_value(tok)
        if tok.kind == "range":
            raise QueryError(f"A range at position {tok.pos + 1} needs a field, as in date:[2020-01-01 TO 2020-03-31].")
        return _value(None, tok)

    def field_value(self, field_tok: _Tok) -> Node:
        name = field_tok.text[:-1].lower()
        name = FIELD_ALIASES.get(name, name)
        value = self.peek()
        if value is None or value.kind in ("rparen", "OR", "AND", "field"):
            raise QueryError(f"The field {field_tok.text} at position {field_tok.pos + 1} needs a value.")
        if name == "date":
            self.take()
            return _date_value(value)
        if name not in TEXT_FIELDS:
            known = ", ".join(f"{f}:" for f in (*TEXT_FIELDS, "date"))
            raise QueryError(f"Unknown field “{field_tok.text}” at position {field_tok.pos + 1}. Fields: {known}")
        if value.kind == "lparen":
            group = self.primary()
            return _with_field(group, name)
        self.take()
        return _value(name, value)


def _value(field: str | None, tok: _Tok) -> Node:
    if tok.kind == "phrase":
        words = tuple(tokens(tok.text[1:-1]))
        if not words:
            raise QueryError(f"Empty phrase at position {tok.pos + 1}.")
        return Term(field, words[0]) if len(words) == 1 else Phrase(field, words)
    text = tok.text
    if tok.kind not in ("word", "minus", "plus", "NOT"):
        text = tok.text
    fuzzy = re.fullmatch(r"(.+?)~(\d?)", text)
    if fuzzy:
        words = tokens(fuzzy.group(1))
        if len(words) != 1:
            raise QueryError(f"A fuzzy search at position {tok.pos + 1} takes one word, as in erdogan~.")
        word = words[0]
        distance = int(fuzzy.group(2)) if fuzzy.group(2) else (1 if len(word) < 6 else 2)
        if distance > 2:
            raise QueryError(f"Fuzzy distance at position {tok.pos + 1} is at most 2.")
        return Fuzzy(field, word, distance)
    if "*" in text or "?" in text:
        pattern = "".join(ch for ch in fold(text) if ch in "*?" or re.match(r"\w", ch))
        literals = sum(ch not in "*?" for ch in pattern)
        if literals < MIN_WILDCARD_LITERALS:
            raise QueryError(
                f"“{text}” at position {tok.pos + 1} is too broad: a wildcard needs at least "
                f"{MIN_WILDCARD_LITERALS} letters, as in idl*."
            )
        return Wildcard(field, pattern)
    words = tuple(tokens(text))
    if not words:
        # Punctuation alone: nothing to search for, match as if absent.
        return MatchAll()
    return Term(field, words[0]) if len(words) == 1 else Phrase(field, words)


def _with_field(node: Node, field: str) -> Node:
    match node:
        case Term(None, word):
            return Term(field, word)
        case Phrase(None, words):
            return Phrase(field, words)
        case Wildcard(None, pattern):
            return Wildcard(field, pattern)
        case Fuzzy(None, word, distance):
            return Fuzzy(field, word, distance)
        case And(children):
            return And(tuple(_with_field(c, field) for c in children))
        case Or(children):
            return Or(tuple(_with_field(c, field) for c in children))
        case Not(child):
            return Not(_with_field(child, field))
    return node


_PARTIAL_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def parse_partial_date(text: str, *, end: bool = False) -> dt.date:
    """`2020` → 2020-01-01 (or 2020-12-31 with end), `2020-02` → its first or last day."""
    match = _PARTIAL_DATE.fullmatch(text.strip())
    if not match:
        raise QueryError(f"“{text}” is not a date: use YYYY, YYYY-MM or YYYY-MM-DD.")
    year = int(match.group(1))
    month = int(match.group(2)) if match.group(2) else (12 if end else 1)
    try:
        if match.group(3):
            return dt.date(year, month, int(match.group(3)))
        day = calendar.monthrange(year, month)[1] if end else 1
        return dt.date(year, month, day)
    except ValueError:
        raise QueryError(f"“{text}” is not a real date.") from None


def _date_value(tok: _Tok) -> Node:
    if tok.kind == "range":
        inner = tok.text[1:-1]
        parts = re.split(r"\s+TO\s+", inner.strip(), flags=re.IGNORECASE)
        if len(parts) != 2:
            raise QueryError(f"A date range at position {tok.pos + 1} reads [FROM TO TO], as in [2020-01 TO 2020-03].")
        start = None if parts[0] in ("*", "") else parse_partial_date(parts[0])
        end = None if parts[1] in ("*", "") else parse_partial_date(parts[1], end=True)
        if start and end and start > end:
            raise QueryError(f"The date range at position {tok.pos + 1} ends before it starts.")
        return DateRange(start, end)
    if tok.kind != "word":
        raise QueryError(f"date: at position {tok.pos + 1} takes YYYY, YYYY-MM, YYYY-MM-DD or [FROM TO TO].")
    text = tok.text
    for op, is_start in ((">=", True), ("<=", False), (">", True), ("<", False)):
        if text.startswith(op):
            value = text[len(op):]
            if op == ">":
                day = parse_partial_date(value, end=True) + dt.timedelta(days=1)
                return DateRange(day, None)
            if op == "<":
                return DateRange(None, parse_partial_date(value) - dt.timedelta(days=1))
            return DateRange(parse_partial_date(value), None) if is_start else DateRange(None, parse_partial_date(value, end=True))
    return DateRange(parse_partial_date(text), parse_partial_date(text, end=True))


def _simplify(node: Node) -> Node:
    match node:
        case And(children):
            kids = [c for c in (_simplify(c) for c in children) if not isinstance(c, MatchAll)]
            if not kids:
                return MatchAll()
            return kids[0] if len(kids) == 1 else And(tuple(kids))
        case Or(children):
            kids = [_simplify(c) for c in children]
            if any(isinstance(c, MatchAll) for c in kids):
                return MatchAll()
            return kids[0] if len(kids) == 1 else Or(tuple(kids))
        case Not(child):
            inner = _simplify(child)
            if isinstance(inner, MatchAll):
                return MatchAll()
            return Not(inner)
    return node


def walk(node: Node, negated: bool = False) -> Iterator[tuple[Node, bool]]:
    """Every node with whether it sits under a NOT."""
    yield node, negated
    match node:
        case And(children) | Or(children):
            for child in children:
                yield from walk(child, negated)
        case Not(child):
            yield from walk(child, not negated)


def plain_words(node: Node) -> list[str]:
    """The plain, positive default-field words of a query: what a spelling suggestion may replace."""
    return [n.word for n, neg in walk(node) if isinstance(n, Term) and n.field is None and not neg]


HIGHLIGHT_FIELDS = (None, "title", "body")


@dataclass(frozen=True, slots=True)
class WordMatcher:
    """The folded words a query asks for (positively): a test for one word, and, for ASCII
    texts, one regular expression that finds them all at once (the fast path of highlighting)."""

    exact: frozenset[str]
    prefixes: tuple[str, ...]
    wildcards: tuple[str, ...]  # fnmatch patterns over folded words
    fuzzies: tuple[tuple[str, int], ...]

    def __call__(self, word: str) -> bool:
        if word in self.exact or (self.prefixes and word.startswith(self.prefixes)):
            return True
        if any(fnmatch.fnmatchcase(word, pattern) for pattern in self.wildcards):
            return True
        return any(edit_distance_within(word, target, d) for target, d in self.fuzzies)

    @property
    def ascii_regex(self) -> re.Pattern[str] | None:
        """Finds the all-ASCII words of a text that `self` accepts (words with other letters
        need folding, and go through the word-by-word test); None when fuzzy words need it too."""
        if self.fuzzies:
            return None
        return _ascii_regex(self.exact, self.prefixes, self.wildcards)


@functools.lru_cache(maxsize=64)
def _ascii_regex(exact: frozenset[str], prefixes: tuple[str, ...], wildcards: tuple[str, ...]) -> re.Pattern[str] | None:
    parts = [re.escape(w) for w in exact if w.isascii()]
    parts += [re.escape(p) + r"\w*" for p in prefixes if p.isascii()]
    parts += ["".join(r"\w*" if c == "*" else r"\w" if c == "?" else re.escape(c) for c in w)
              for w in wildcards if w.isascii()]
    if not parts:
        return re.compile(r"(?!x)x")  # nothing ASCII to find
    # Longest first, and whole words only, so the regex agrees with the word-by-word test.
    parts.sort(key=len, reverse=True)
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE)


def word_matcher(node: Node) -> WordMatcher | None:
    """A test for folded words that the query asks for (positively), for highlighting."""
    exact: set[str] = set()
    prefixes: list[str] = []
    wildcards: list[str] = []
    fuzzies: list[tuple[str, int]] = []
    for leaf, negated in walk(node):
        if negated:
            continue
        field = getattr(leaf, "field", "-")
        if field not in HIGHLIGHT_FIELDS:
            continue
        match leaf:
            case Term(_, word):
                exact.add(word)
            case Phrase(_, words):
                exact.update(words)
            case Wildcard(_, pattern) if leaf.prefix is not None:
                prefixes.append(leaf.prefix)
            case Wildcard(_, pattern):
                wildcards.append(pattern)
            case Fuzzy(_, word, distance):
                fuzzies.append((word, distance))
    if not (exact or prefixes or wildcards or fuzzies):
        return None
    return WordMatcher(frozenset(exact), tuple(sorted(set(prefixes))), tuple(sorted(set(wildcards))), tuple(fuzzies))


def edit_distance_within(a: str, b: str, limit: int) -> bool:
    """Whether the Damerau–Levenshtein (with transpositions) distance of a and b is <= limit."""
    if abs(len(a) - len(b)) > limit:
        return False
    if a == b:
        return True
    prev2: list[int] | None = None
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = ca != cb
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if prev2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return False
        prev2, prev = prev, cur
    return prev[-1] <= limit

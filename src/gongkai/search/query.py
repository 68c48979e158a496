"""From what a person typed to a tree of required units, without any query syntax.

The user's text is never handed to a query parser: operators (AND OR NOT : * ~ ^ [ ] { }),
SQL fragments and stray quotes are just characters that segmentation drops or keeps as words,
so no input can produce a syntax error. The only syntax is the double quote: a quoted part is a
phrase; candidates need all of its words and the engine keeps those whose normalised text
contains the phrase (spaces aside), so phrase matches are exact.

Every unit of the parsed query is required (AND). A unit is satisfied by any of its variants
(OR); a variant is a set of tokens that must all match. Variants come from synonyms (低保 also
accepts 最低生活保障) and from a finer split of a long word for documents whose segmentation cut
across it (医疗保障 also accepts 医疗 + 保障, ranked lower).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from gongkai.core.errors import ValidationFailed
from gongkai.search.identifiers import DocNumber, find_doc_numbers, find_index_numbers
from gongkai.search.text import (
    fallback_parts,
    is_domain_term,
    normalize,
    query_stopwords,
    tokenize_query,
)

__all__ = [
    "MAX_QUERY_CHARS",
    "MAX_QUERY_UNITS",
    "ParsedQuery",
    "QueryRejected",
    "SynonymTable",
    "Unit",
    "best_bet_key",
    "default_synonyms",
    "parse_query",
]

MAX_QUERY_CHARS = 256
MAX_QUERY_UNITS = 24

# Quotation marks people type; full-width ＂ is folded by normalize() only for letters/digits,
# so it is listed here too.
_QUOTES = str.maketrans({"“": '"', "”": '"', "「": '"', "」": '"', "『": '"', "』": '"', "＂": '"', "„": '"'})


class QueryRejected(ValidationFailed):
    """The query cannot be run; the message says why, in words a citizen understands."""

    default_code = "search_query_rejected"
    default_message = "检索词无法识别，请修改后重试。"


@dataclass(frozen=True, slots=True)
class Unit:
    """One required part of the query.

    variants: alternatives, each a tuple of tokens that must all match; the first is the literal
    reading of what was typed, the others are synonyms and finer splits.
    weights: the score multiplier of each variant (the literal reading ranks first).
    phrase: set on the units of a quoted phrase (one per word): the normalised phrase that
    the document text must contain.
    """

    variants: tuple[tuple[str, ...], ...]
    weights: tuple[float, ...]
    phrase: str = ""


@dataclass(frozen=True, slots=True)
class ParsedQuery:
    units: tuple[Unit, ...]
    doc_numbers: tuple[DocNumber, ...] = ()
    index_numbers: tuple[str, ...] = ()
    highlight: tuple[str, ...] = ()
    normalized: str = ""

    @property
    def is_empty(self) -> bool:
        return not self.units

    @property
    def phrases(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(unit.phrase for unit in self.units if unit.phrase))


@dataclass(frozen=True)
class SynonymTable:
    """Synonym groups, tokenized once. Build it when the admin list changes, not per query."""

    groups: tuple[tuple[tuple[str, ...], ...], ...] = ()
    _by_first: dict[str, list[tuple[tuple[str, ...], int]]] = field(default_factory=dict, repr=False)

    @classmethod
    def from_groups(cls, groups: Iterable[Iterable[str]]) -> SynonymTable:
        tokenized: list[tuple[tuple[str, ...], ...]] = []
        for group in groups:
            members = []
            for member in group:
                tokens = tuple(tokenize_query(member))
                if tokens and tokens not in members:
                    members.append(tokens)
            if len(members) > 1:
                tokenized.append(tuple(members))
        by_first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        for index, group_members in enumerate(tokenized):
            for tokens in group_members:
                by_first.setdefault(tokens[0], []).append((tokens, index))
        for candidates in by_first.values():
            candidates.sort(key=lambda item: -len(item[0]))  # longest member wins
        return cls(groups=tuple(tokenized), _by_first=by_first)

    def match(self, tokens: Sequence[str], start: int) -> tuple[int, int] | None:
        """(group index, member length) of the longest member starting at tokens[start]."""
        for member, group in self._by_first.get(tokens[start], ()):
            if tuple(tokens[start : start + len(member)]) == member:
                return group, len(member)
        return None


@cache
def default_synonyms() -> SynonymTable:
    """The shipped seed groups (data/synonyms.txt); admins manage the live list."""
    text = resources.files("gongkai.search").joinpath("data").joinpath("synonyms.txt").read_text(encoding="utf-8")
    groups = []
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            groups.append([member.strip() for member in line.split(",") if member.strip()])
    return SynonymTable.from_groups(groups)


def best_bet_key(text: str) -> str:
    """The form under which an admin's best-bet query is stored and a user's query looked up:
    normalised, quotes dropped, one space between words."""
    return " ".join(normalize(text).translate(_QUOTES).replace('"', " ").split())


_DOC_NUMBER_BRACKETS = (("〔", "〕"), ("[", "]"), ("(", ")"), ("（", "）"), ("【", "】"), ("［", "］"))

# Exact variants score fully; a finer split is weaker evidence that the word is there.
_FALLBACK_WEIGHT = 0.4


def _token_variants(token: str) -> list[tuple[tuple[str, ...], float]]:
    variants: list[tuple[tuple[str, ...], float]] = [((token,), 1.0)]
    # Domain terms are kept whole by the dictionary wherever they occur, so a split would only
    # add documents that do not contain them (the 双随机一公开 blind spot).
    if not is_domain_term(token):
        parts = fallback_parts(token)
        if parts:
            variants.append((parts, _FALLBACK_WEIGHT))
    return variants


def _units_from_tokens(tokens: list[str], synonyms: SynonymTable | None) -> list[Unit]:
    units: list[Unit] = []
    i = 0
    while i < len(tokens):
        matched = synonyms.match(tokens, i) if synonyms is not None else None
        if synonyms is not None and matched is not None:
            group, length = matched
            literal = tuple(tokens[i : i + length])
            members = [literal, *(member for member in synonyms.groups[group] if member != literal)]
            variants: list[tuple[str, ...]] = []
            weights: list[float] = []
            for member in members:
                if len(member) == 1:
                    for variant, weight in _token_variants(member[0]):
                        variants.append(variant)
                        weights.append(weight)
                else:
                    variants.append(member)
                    weights.append(1.0)
            units.append(Unit(variants=tuple(variants), weights=tuple(weights)))
            i += length
            continue
        token_variants = _token_variants(tokens[i])
        units.append(Unit(variants=tuple(v for v, _ in token_variants), weights=tuple(w for _, w in token_variants)))
        i += 1
    return units


def _drop_stopwords(tokens: list[str]) -> list[str]:
    stop = query_stopwords()
    kept = [token for token in tokens if token not in stop]
    return kept or tokens


def parse_query(text: str, *, synonyms: SynonymTable | None = None) -> ParsedQuery:
    """Parse what a person typed. Raises QueryRejected for input that cannot be a search."""
    if len(text) > MAX_QUERY_CHARS * 4:
        # Checked before normalising so a megabyte of input costs nothing.
        raise QueryRejected(f"检索词过长，请不要超过{MAX_QUERY_CHARS}个字。", code="search_query_too_long")
    normalized = " ".join(normalize(text).translate(_QUOTES).split())
    if len(normalized) > MAX_QUERY_CHARS:
        raise QueryRejected(f"检索词过长，请不要超过{MAX_QUERY_CHARS}个字。", code="search_query_too_long")

    pieces = normalized.split('"')
    # An odd number of quotes leaves the last one unmatched: its text is read as plain words.
    if len(pieces) % 2 == 0:
        unmatched = pieces.pop()
        pieces[-1] += " " + unmatched
    units: list[Unit] = []
    highlight: set[str] = set()
    free_tokens: list[str] = []
    for index, piece in enumerate(pieces):
        if index % 2 == 0:
            free_tokens.extend(tokenize_query(piece))
            continue
        phrase = " ".join(piece.split())
        tokens = tokenize_query(phrase)
        if not tokens:
            continue  # only punctuation: nothing to look for
        highlight.add(phrase)
        if len(tokens) == 1 and tokens[0] == phrase:
            # A one-word phrase: the token itself is an exact substring wherever it is indexed.
            units.append(Unit(variants=((phrase,),), weights=(1.0,)))
            continue
        # Candidates need every word (or its finer split); the text check makes them exact.
        for token in tokens:
            variants = _token_variants(token)
            units.append(
                Unit(variants=tuple(v for v, _ in variants), weights=tuple(w for _, w in variants), phrase=phrase)
            )

    free_units = _units_from_tokens(_drop_stopwords(free_tokens), synonyms) if free_tokens else []
    units = free_units + units
    if len(units) > MAX_QUERY_UNITS:
        raise QueryRejected(
            f"检索词包含的词语过多，请精简到{MAX_QUERY_UNITS}个词以内。", code="search_query_too_many_terms"
        )
    for unit in units:
        if unit.phrase:
            continue  # the phrase itself is marked, not its words wherever they occur
        for variant in unit.variants:
            highlight.update(token for token in variant if len(token) > 1)
    if not highlight:
        # Only single characters were typed: mark them, since there is nothing better.
        highlight.update(unit.variants[0][0] for unit in units)
    doc_numbers = find_doc_numbers(normalized)
    for number in doc_numbers:
        # The 文号 as documents write it, in each bracket style, so the snippet shows it whole.
        for left, right in _DOC_NUMBER_BRACKETS:
            highlight.add(f"{number.agency}{left}{number.year}{right}{number.serial}号")
    return ParsedQuery(
        units=tuple(units),
        doc_numbers=tuple(doc_numbers),
        index_numbers=tuple(find_index_numbers(normalized)),
        highlight=tuple(sorted(highlight, key=len, reverse=True)),
        normalized=normalized,
    )

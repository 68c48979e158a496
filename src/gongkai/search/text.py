"""The text pipeline of full-text search, identical at index time and at query time.

normalize: traditional -> simplified (OpenCC t2s), full-width letters and digits -> ASCII,
control characters and whitespace runs -> one space, case folding.

Segmentation: rjieba without HMM (a statistical guess for unknown words may split the same
string differently in a query and in a document; dictionary-only cutting is predictable),
with a domain dictionary of 政务 terms. At index time each word is followed by every
dictionary word inside it, a superset of jieba's search mode (which adds only the 2- and
3-character ones): jieba keeps 中华人民共和国政府 as one word, so without that 中华人民共和国
would not be a term of documents that say 中华人民共和国政府. Queries use the precise cut,
which the index therefore always covers.

Pure Python on purpose: no Django import, so the pipeline is testable and usable from the
benchmark without the app installed.
"""

from __future__ import annotations

import functools
import re
import threading
from collections.abc import Iterable
from importlib import resources

import opencc
import rjieba

__all__ = [
    "MAX_TOKEN_CHARS",
    "add_domain_terms",
    "default_domain_terms",
    "domain_terms",
    "fallback_parts",
    "html_to_text",
    "index_text",
    "index_text_parts",
    "is_domain_term",
    "normalize",
    "normalize_parts",
    "query_stopwords",
    "tokenize_for_index",
    "tokenize_query",
]

# Frequency given to domain terms. Common dictionary words sit around 10^3-10^4 (公开 5095,
# 中华人民共和国 9990). At the frequency jieba suggests (just enough to stay whole when cut
# alone) a term still loses to an overlapping word in context: 医疗保障 added that way leaves
# 医疗保障局 cut 医疗/保障局.
DOMAIN_TERM_FREQ = 20_000

# Query tokens longer than this are not words but pasted junk (base64, URLs); they would never
# match and only make the query heavier.
MAX_TOKEN_CHARS = 64

_CONVERTER = opencc.OpenCC("t2s")
_SURROGATE_RE = re.compile("[\ud800-\udfff]")

# Characters normalize() must rewrite that are rare in real text, found in one regex scan:
# C0 control characters (no business in a snippet; \x00 is not even valid in HTML) and
# full-width letters, digits and the punctuation that occurs inside identifiers (索引号 uses / and
# -). Other full-width punctuation (，。：（）) is left alone: segmentation drops it anyway and it
# is what a reader expects to see in a snippet.
_RARE_RE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff0b\uff0d\uff0e\uff0f\uff20\uff3f]"
)
_FULLWIDTH_OFFSET = 0xFEE0

# Official spellings with punctuation inside a term. Segmentation splits at punctuation, so
# "双随机、一公开" (the State Council's spelling) would never match the way people type it.
_TERM_VARIANTS = {"双随机、一公开": "双随机一公开"}

_lock = threading.Lock()
_jieba = rjieba.Jieba()
_domain_terms: set[str] = set()
_defaults_loaded = False


def _read_data_lines(name: str) -> list[str]:
    text = resources.files("gongkai.search").joinpath("data").joinpath(name).read_text(encoding="utf-8")
    lines = (line.split("#", 1)[0].strip() for line in text.splitlines())
    return [line for line in lines if line]


def default_domain_terms() -> list[str]:
    """The shipped 政务 dictionary (data/domain_terms.txt)."""
    return _read_data_lines("domain_terms.txt")


@functools.cache
def query_stopwords() -> frozenset[str]:
    """Function words dropped from free-text queries (data/query_stopwords.txt)."""
    return frozenset(_read_data_lines("query_stopwords.txt"))


def _ensure_defaults() -> None:
    global _defaults_loaded
    if _defaults_loaded:
        return
    with _lock:
        if not _defaults_loaded:
            _add_terms_locked(default_domain_terms())
            _defaults_loaded = True


def _add_terms_locked(terms: Iterable[str]) -> int:
    added = 0
    for raw in terms:
        term = normalize(raw).replace(" ", "")
        if len(term) < 2 or term in _domain_terms:
            continue
        _jieba.add_word(term, DOMAIN_TERM_FREQ, None)
        _domain_terms.add(term)
        added += 1
    if added:
        _clear_sub_word_cache()
        fallback_parts.cache_clear()
    return added


def add_domain_terms(terms: Iterable[str]) -> int:
    """Add admin-defined terms to the segmentation dictionary of this process.

    Returns how many were new. Documents indexed before keep their old segmentation, so the
    index must be rebuilt (or the affected documents re-indexed) after the dictionary changes,
    and every process that searches must add the same terms.
    """
    _ensure_defaults()
    with _lock:
        return _add_terms_locked(terms)


def domain_terms() -> frozenset[str]:
    """The domain terms currently in the dictionary (defaults plus admin additions)."""
    _ensure_defaults()
    return frozenset(_domain_terms)


def is_domain_term(token: str) -> bool:
    _ensure_defaults()
    return token in _domain_terms


def _rewrite_rare(match: re.Match[str]) -> str:
    char = match.group()
    return " " if char < "\x80" else chr(ord(char) - _FULLWIDTH_OFFSET)


def normalize(text: str) -> str:
    """Fold the variants a reader does not distinguish: 繁/简, full/half width, case, spacing
    (every whitespace run, line breaks and U+3000 included, becomes one space, so a phrase typed
    with a space matches text that wrapped there)."""
    # str.split/join is the fastest whitespace collapse CPython has; this runs on every body.
    text = " ".join(text.split())
    if _RARE_RE.search(text) is not None:
        text = " ".join(_RARE_RE.sub(_rewrite_rare, text).split())
    if _SURROGATE_RE.search(text) is not None:  # unencodable for OpenCC: a broken paste or a probe
        text = _SURROGATE_RE.sub("\ufffd", text)
    text = _CONVERTER.convert(text).casefold()
    for variant, canonical in _TERM_VARIANTS.items():
        if variant in text:
            text = text.replace(variant, canonical)
    return text


# Every token seen so far, and the sub-words (space-joined) of those that have any, so that
# index_text finds a text's new words and its words with sub-words by set operations at C
# speed. Numbers make the set of tokens open-ended, hence the cap.
_seen_tokens: set[str] = set()
_sub_word_cache: dict[str, str] = {}
_with_sub_words: set[str] = set()
_SUB_WORD_CACHE_MAX = 500_000
_HAN_RE = re.compile("[\u4e00-\u9fff]")


def _sub_words(word: str) -> tuple[str, ...]:
    """Every dictionary word of 2+ characters strictly inside `word`: jieba's search mode adds
    only the 2- and 3-character ones, which misses 中华人民共和国 inside 中华人民共和国政府."""
    n = len(word)
    if n < 3 or _HAN_RE.search(word) is None:
        return ()
    return tuple(word[i:j] for i in range(n) for j in range(i + 2, n + 1) if j - i < n and _jieba.has_word(word[i:j]))


def _clear_sub_word_cache() -> None:
    _seen_tokens.clear()
    _sub_word_cache.clear()
    _with_sub_words.clear()


def index_text(normalized: str) -> str:
    """The index token stream of already normalised text, space-separated for tantivy's
    whitespace tokenizer: the precise cut, then the sub-words of its long words.

    Sub-words are added once per distinct word of the text rather than once per occurrence,
    and punctuation tokens are left in: both avoid a Python-level pass over every token, the
    dominant cost after segmentation itself. The price is a flatter term frequency for
    sub-words (BM25 saturates it anyway) and harmless punctuation terms no query asks for."""
    _ensure_defaults()
    return _with_sub_word_tokens(_jieba.cut(normalized, False))


# A private-use character joins several texts into one, so that a document's title and body
# cost one call of each pipeline step rather than one each (the per-call overhead of OpenCC
# and rjieba is a measurable part of indexing). It is removed from the texts first; OpenCC,
# case folding and whitespace collapsing leave it alone, and segmentation cuts at it (it is
# neither a Han character nor alphanumeric), so each part comes out as it would alone.
_PART_SEP = "\ue000"


def normalize_parts(*texts: str) -> list[str]:
    """normalize() of each text, in one pass."""
    joined = _PART_SEP.join(text.replace(_PART_SEP, " ") if _PART_SEP in text else text for text in texts)
    return [part.strip() for part in normalize(joined).split(_PART_SEP)]


def index_text_parts(*normalized: str) -> list[str]:
    """index_text() of each already normalised text (from normalize_parts), in one cut."""
    _ensure_defaults()
    tokens = _jieba.cut(_PART_SEP.join(normalized), False)
    parts: list[str] = []
    start = 0
    for _ in range(len(normalized) - 1):
        end = tokens.index(_PART_SEP, start)
        parts.append(_with_sub_word_tokens(tokens[start:end]))
        start = end + 1
    parts.append(_with_sub_word_tokens(tokens[start:]))
    return parts


def _with_sub_word_tokens(tokens: list[str]) -> str:
    distinct = set(tokens)
    new = distinct - _seen_tokens
    if new:
        if len(_seen_tokens) > _SUB_WORD_CACHE_MAX:
            _clear_sub_word_cache()
            new = distinct
        for word in new:
            parts = _sub_words(word)
            if parts:
                _sub_word_cache[word] = " ".join(parts)
                _with_sub_words.add(word)
        _seen_tokens.update(new)
    joined = " ".join(tokens)
    long_words = distinct & _with_sub_words
    if not long_words:
        return joined
    try:
        extra = " ".join(map(_sub_word_cache.__getitem__, long_words))
    except KeyError:  # another thread cleared the cache since the intersection
        extra = " ".join(" ".join(_sub_words(word)) for word in long_words)
    return f"{joined} {extra}"


def tokenize_for_index(text: str) -> list[str]:
    """Index tokens of raw text (normalised here), without punctuation or whitespace."""
    return [tok for tok in index_text(normalize(text)).split(" ") if tok.isalnum()]


def tokenize_query(text: str) -> list[str]:
    """Query tokens of raw text: the precise cut, words only, in order. The index holds the
    sub-words of long words, so the precise (coarsest) cut of the query is always covered."""
    _ensure_defaults()
    return [tok for tok in _jieba.cut(normalize(text), False) if tok.isalnum() and len(tok) <= MAX_TOKEN_CHARS]


@functools.lru_cache(maxsize=20_000)
def fallback_parts(token: str) -> tuple[str, ...]:
    """A split of a query word into shorter dictionary words of 2+ characters (fewest parts,
    longest first), for documents whose segmentation cut across the word: 保护公民个人信息安全 is
    cut 保护/公民/个人/信息安全, so a query for 个人信息 also accepts 个人 + 信息 (ranked lower).
    () when there is none.
    Single characters are never parts: their posting lists cover most of the index (a split
    石城县 -> 石城 + 县 tripled the query time) and they match almost anything."""
    _ensure_defaults()
    n = len(token)
    if n < 4 or not all("\u4e00" <= char <= "\u9fff" for char in token):
        return ()
    best: dict[int, tuple[str, ...]] = {n: ()}
    for start in range(n - 2, -1, -1):
        options = [
            (token[start:end], *best[end])
            for end in range(n, start + 1, -1)
            if end in best and end - start < n and _jieba.has_word(token[start:end])
        ]
        if options:
            best[start] = min(options, key=len)
    return best.get(0, ())


_BLOCK_TAGS = (
    "address", "article", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "h1", "h2", "h3", "h4", "h5",
    "h6", "hr", "li", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul",
)  # fmt: skip


def html_to_text(html: str) -> str:
    """Visible text of sanitised rich text, for indexing a body stored as HTML. Block elements
    end a line; inline ones (<b>, <a>, <span>) do not, since breaking 政务<b>公开</b> apart
    would break the word."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(_BLOCK_TAGS):
        tag.insert_after("\n")
    return soup.get_text()

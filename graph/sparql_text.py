"""Reading SPARQL text without evaluating it: its form, its dataset clauses, what it would fetch.

The tokenizer knows strings, IRIs, comments, variables and prefixed names, so that a keyword inside
one of them is not taken for a keyword. It errs on the side of finding too much: pyoxigraph's
parser does not require a space after a keyword (``trueSERVICE<x>{}``, ``LOADex:x`` and
``SERVICESILENT<x>`` are all accepted and fetched), so a SERVICE or LOAD glued to a neighbouring
word is found too.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

# Character classes of the SPARQL 1.1 grammar (section 19.8).
_PN_CHARS_BASE = (
    "A-Za-z\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff\u200c-\u200d"
    "\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\ufffd\U00010000-\U000effff"
)
_PN_CHARS_U = _PN_CHARS_BASE + "_"
_PN_CHARS = _PN_CHARS_U + r"\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PLX = r"%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_PREFIX = f"[{_PN_CHARS_BASE}](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?"
_PN_LOCAL = (
    f"(?:[{_PN_CHARS_U}:0-9]|{_PLX})(?:(?:[{_PN_CHARS}.:]|{_PLX})*(?:[{_PN_CHARS}:]|{_PLX}))?"
)
_ECHAR_OR = r"\\[tbnrf\\\"']|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8}"


@functools.cache
def _token_pattern() -> re.Pattern[str]:
    """The tokenizer's pattern, compiled on first use (it takes ~40 ms: most commands need none)."""
    return re.compile(
        "|".join(
            (
                r"(?P<ws>\s+)",
                r"(?P<comment>#[^\n\r]*)",
                (
                    r"(?P<string>'''(?:(?:'|'')?(?:[^'\\]|\\.))*'''"
                    r'|"""(?:(?:"|"")?(?:[^"\\]|\\.))*"""'
                    r"|'(?:[^'\\\n\r]|\\.)*'"
                    r'|"(?:[^"\\\n\r]|\\.)*")'
                ),
                r"(?P<iri><(?:[^<>\"{}|^`\\\x00-\x20]|\\u[0-9A-Fa-f]{4}|\\U[0-9A-Fa-f]{8})*>)",
                f"(?P<var>[?$][{_PN_CHARS_U}0-9][{_PN_CHARS_U}0-9\u00b7\u0300-\u036f\u203f-\u2040]*)",
                f"(?P<bnode>_:[{_PN_CHARS_U}0-9](?:[{_PN_CHARS}.]*[{_PN_CHARS}])?)",
                f"(?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)",
                r"(?P<langtag>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)",
                r"(?P<number>(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)",
                f"(?P<word>[{_PN_CHARS_U}0-9]+)",
                r"(?P<punct>\^\^|&&|\|\||!=|<=|>=|.)",
            )
        ),
        re.DOTALL,
    )


_IRI_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_LOCAL_ESCAPE = re.compile(r"\\(.)")
_ABSOLUTE = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_REMOTE_KEYWORDS = ("service", "load")


@dataclass(frozen=True)
class Token:
    """One lexical token: its kind (``word``, ``iri``, ``pname``, ``string``...) and text."""

    kind: str
    text: str
    start: int


@dataclass(frozen=True)
class Remote:
    """A place a query or update would fetch: the keyword and the IRI (``None``: not knowable)."""

    keyword: str
    iri: str | None
    written: str


def tokenize(text: str) -> Iterator[Token]:
    """The tokens of a SPARQL text, without whitespace and comments."""
    for match in _token_pattern().finditer(text):
        kind = match.lastgroup or "punct"
        if kind not in ("ws", "comment"):
            yield Token(kind, match.group(), match.start())


#: The deepest nesting of brackets a query or update may have: pyoxigraph's parser recurses per
#: level and overflows the stack (a segmentation fault, not an error) a few thousand levels down.
MAX_NESTING = 200


def nesting(text: str) -> int:
    """How deeply brackets nest in a SPARQL text (those in strings, IRIs and comments aside)."""
    if sum(text.count(c) for c in "({[") <= MAX_NESTING:
        return 0  # cannot be too deep: no need to read it
    depth = deepest = 0
    for token in tokenize(text):
        if token.kind == "punct":
            if token.text in "({[":
                depth += 1
                deepest = max(deepest, depth)
            elif token.text in ")}]":
                depth -= 1
    return deepest


def iri_value(token_text: str) -> str:
    """The IRI an IRIREF token denotes (``<...>`` stripped, ``\\u`` escapes decoded)."""
    return _IRI_ESCAPE.sub(lambda m: chr(int(m.group(1) or m.group(2), 16)), token_text[1:-1])


# The prologue (BASE and PREFIX declarations, comments) then the query form's keyword.
_FORM = re.compile(
    rf"(?:\s+|#[^\n\r]*|(?i:BASE)\s*<[^<>\s]*>|(?i:PREFIX)\s*(?:{_PN_PREFIX})?:\s*<[^<>\s]*>)*"
    r"(?i:(SELECT|ASK|CONSTRUCT|DESCRIBE))"
)


def query_form(text: str) -> str | None:
    """``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE``: the query's form, ``None`` if unreadable."""
    match = _FORM.match(text)
    return match.group(1).upper() if match else None


def has_dataset_clause(text: str) -> bool:
    """Whether a query names its own dataset with ``FROM`` or ``FROM NAMED``."""
    if "from" not in text.lower():
        return False  # the keyword is always spelled out: no need to read the query
    return any(t.kind == "word" and t.text.upper().startswith("FROM") for t in tokenize(text))


def remote_targets(text: str, prefixes: Mapping[str, str]) -> list[Remote]:
    """Every SERVICE and LOAD in the text with the IRI it would fetch.

    ``prefixes`` are those predeclared by the store; the text's own ``PREFIX`` declarations are
    added (every value a prefix is ever given is tried, so redeclaring one cannot hide a target).
    """
    lowered = text.lower()
    if "service" not in lowered and "load" not in lowered:
        # pyoxigraph reads keywords only as spelled (no \u escapes outside strings and IRIs,
        # which tests/api/test_safety.py pins), so without these letters there is nothing to find.
        return []
    tokens = list(tokenize(text))
    declared: dict[str, set[str]] = {p: {iri} for p, iri in prefixes.items()}
    declaring: set[int] = set()  # indexes of the prefix names in PREFIX declarations
    for i, token in enumerate(tokens):
        if token.kind not in ("word", "pname") or not token.text.upper().startswith("PREFIX"):
            continue
        # ``PREFIX ex: <iri>`` and, since the parser allows it, ``PREFIXex: <iri>``.
        names = []
        if token.kind == "pname" and token.text.endswith(":"):
            names = [token.text[len("PREFIX") : -1], token.text[:-1]]
            iri_at = i + 1
        elif (
            i + 1 < len(tokens)
            and tokens[i + 1].kind == "pname"
            and tokens[i + 1].text.endswith(":")
        ):
            names = [tokens[i + 1].text[:-1]]
            declaring.add(i + 1)
            iri_at = i + 2
        if names and iri_at < len(tokens) and tokens[iri_at].kind == "iri":
            for name in names:
                declared.setdefault(name, set()).add(iri_value(tokens[iri_at].text))
            declaring.add(i)
    found: list[Remote] = []
    for i, token in enumerate(tokens):
        if token.kind not in ("word", "pname") or i in declaring:
            continue
        # In a prefixed name only the prefix part can hide a keyword: the local part is read greedily.
        head = token.text.split(":", 1)[0] if token.kind == "pname" else token.text
        lowered = head.lower()
        for keyword in _REMOTE_KEYWORDS:
            at = lowered.find(keyword)
            while at != -1:
                rest = token.text[at + len(keyword) :]
                found.extend(_targets_after(keyword.upper(), rest, tokens[i + 1 :], declared))
                at = lowered.find(keyword, at + 1)
    return found


def _targets_after(
    keyword: str,
    rest: str,
    following: Sequence[Token],
    declared: Mapping[str, set[str]],
) -> list[Remote]:
    """The targets a keyword followed by ``rest`` (same token) then ``following`` could fetch."""
    candidates: list[tuple[str, str]] = []  # (kind, text) of the token naming the target
    for skip_silent in (True, False):
        tail = rest
        nxt = list(following[:3])
        if skip_silent:
            if tail.upper().startswith("SILENT"):
                tail = tail[len("SILENT") :]
            elif (
                not tail
                and nxt
                and nxt[0].kind in ("word", "pname")
                and nxt[0].text.upper().startswith("SILENT")
            ):
                tail, nxt = nxt[0].text[len("SILENT") :], nxt[1:]
            else:
                continue
        candidate = _classify(tail) if tail else (nxt[0].kind, nxt[0].text) if nxt else None
        if candidate is None or (
            candidate[0] == "word" and candidate[1].upper().startswith("SILENT")
        ):
            continue  # the SILENT reading above covers it
        candidates.append(candidate)
    remotes = []
    for kind, text in candidates:
        if kind == "iri":
            remotes.append(Remote(keyword, iri_value(text), text))
        elif kind == "var":
            remotes.append(Remote(keyword, None, text))
        elif kind == "pname":
            prefix, _, local = text.partition(":")
            local = _LOCAL_ESCAPE.sub(r"\1", local)
            bases = sorted(declared.get(prefix, ()))
            # A prefix we did not see declared is refused rather than guessed at.
            remotes.extend(Remote(keyword, base + local, text) for base in bases)
            if not bases:
                remotes.append(Remote(keyword, None, text))
        elif not rest:
            remotes.append(Remote(keyword, None, text))  # a bare keyword we cannot follow: refuse
    return remotes


def _classify(text: str) -> tuple[str, str]:
    """The kind of the first token of ``text`` (the part of a word glued after a keyword)."""
    token = next(tokenize(text), None)
    return (token.kind, token.text) if token else ("none", "")


def is_absolute(iri: str) -> bool:
    """Whether an IRI has a scheme (relative IRIs are never fetched on a user's behalf)."""
    return bool(_ABSOLUTE.match(iri))


def allowed(iri: str, allowlist: Sequence[str]) -> bool:
    """Whether ``iri`` starts with an allow-listed prefix at a boundary (``/``, ``#``, ``?``).

    ``http://example.org`` allows ``http://example.org/sparql`` but not
    ``http://example.org.evil.net/`` nor ``http://example.org@127.0.0.1/``.
    """
    for prefix in allowlist:
        if not prefix or not iri.startswith(prefix):
            continue
        if len(iri) == len(prefix) or prefix[-1] in "/#?" or iri[len(prefix)] in "/#?":
            return True
    return False


class DatasetConflict(ValueError):
    """An update names its dataset (WITH, USING) and the request names one too."""


def add_using(update: str, default_graphs: Sequence[str], named_graphs: Sequence[str]) -> str:
    """The update with ``USING``/``USING NAMED`` clauses for the protocol's dataset parameters.

    Raises :class:`DatasetConflict` if an operation has its own WITH or USING (the protocol
    says such a request is an error), or is a ``DELETE WHERE`` shortcut (which takes no USING).
    """
    if not default_graphs and not named_graphs:
        return update
    clause = " ".join(
        [f"USING <{g}>" for g in default_graphs] + [f"USING NAMED <{g}>" for g in named_graphs]
    )
    insert_at: list[int] = []
    depth = 0
    operation: list[Token] = []
    for token in [*tokenize(update), Token("punct", ";", len(update))]:
        if token.kind == "punct" and token.text in "{[(":
            depth += 1
        elif token.kind == "punct" and token.text in "}])":
            depth -= 1
        if depth == 0 and token.kind == "punct" and token.text == ";":
            where = _using_position(operation)
            if where is not None:
                insert_at.append(where)
            operation = []
        else:
            operation.append(token)
    for position in reversed(insert_at):
        update = f"{update[:position]}{clause} {update[position:]}"
    return update


def _using_position(operation: list[Token]) -> int | None:
    """Where USING clauses go in one update operation (before WHERE), or ``None`` if none apply."""
    words = [t for t in operation if t.kind == "word"]
    verbs = [w for w in words if w.text.upper() not in ("PREFIX", "BASE")]
    if not verbs:
        return None
    first = verbs[0].text.upper()
    if first not in ("WITH", "DELETE", "INSERT"):
        return None
    if len(verbs) > 1 and verbs[1].text.upper() == "DATA":
        return None
    if first == "DELETE" and len(verbs) > 1 and verbs[1].text.upper() == "WHERE":
        raise DatasetConflict(
            "using-graph-uri/using-named-graph-uri cannot apply to DELETE WHERE { ... }: "
            "write it as DELETE { ... } WHERE { ... }"
        )
    if first == "WITH" or any(w.text.upper() == "USING" for w in verbs):
        raise DatasetConflict(
            "the update names its own dataset (WITH or USING) and the request has "
            "using-graph-uri/using-named-graph-uri parameters: use one or the other"
        )
    depth = 0
    for token in operation:
        if token.kind == "punct" and token.text in "{[(":
            depth += 1
        elif token.kind == "punct" and token.text in "}])":
            depth -= 1
        elif depth == 0 and token.kind == "word" and token.text.upper() == "WHERE":
            return token.start
    return None

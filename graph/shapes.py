"""SpaceKG's SHACL shapes compiled into SPARQL, so that the store's own engine finds what breaks them.

``ontology/shapes.ttl`` is read with pyoxigraph and compiled, once, into a few SELECT queries per
shape that has targets; each runs over the union of the store's graphs and streams its rows:

* one over the focus nodes, with a flag per constraint on the focus node itself (node-level
  ``sh:or``, ``sh:xone``...) and per count (``sh:minCount``, ``sh:maxCount``, ``sh:hasValue``)
  of each property shape;
* per property shape, one over its values, with a flag per constraint on a value
  (``sh:datatype``, ``sh:pattern``, ``sh:node``...), and one per ``sh:lessThanOrEquals``;
* one per ``sh:sparql`` constraint: its own ``sh:select``, joined with the focus nodes.

A true flag is one result, as pyshacl reports one per constraint component and value node.
Nested shapes (``sh:node``, the members of ``sh:or`` and ``sh:xone``) become boolean expressions
(``EXISTS`` patterns) inside those queries. Every term in a query is one of the shapes file's
own, serialised by pyoxigraph; nothing comes from the data or the user.

Only the SHACL Core subset that the shapes use is understood. A statement with any other
``sh:`` predicate, another kind of path, target or shape, makes compiling fail with an
``InputError`` that names it: a new shape is never silently ignored.

pyshacl is the reference, and the results are the same as its own, with these exceptions, all
on values that no SpaceKG writer produces: a lexical form XSD rejects but Python's converters
accept (``" 5"`` or ``"1_000"`` as an xsd:integer, ``"1e3"`` as an xsd:decimal, a date as an
xsd:dateTime) is ill-typed here; ``sh:lessThanOrEquals`` compares as SPARQL's ``<=`` does
(pyshacl compares IRIs as strings and stops on a blank node); and in a SPARQL constraint's
message a value is put in as it is (pyshacl reads backslashes in it as escapes).
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox

from spacekg.errors import InputError
from spacekg.ontology.vocab import OWL, RDF, RDFS, SH, XSD

from .sparql_text import tokenize

Term = ox.NamedNode | ox.BlankNode | ox.Literal

_TYPE = ox.NamedNode(RDF.type)
_FIRST, _REST, _NIL = (ox.NamedNode(RDF[n]) for n in ("first", "rest", "nil"))
_SUBCLASS = ox.NamedNode(RDFS.subClassOf)
_STRING = ox.NamedNode(XSD.string)

#: Datatypes whose lexical forms pyshacl checks (rdflib converts them to Python values): a
#: literal of one of them must also cast from its lexical form, which oxigraph does as XSD says.
_CHECKED = frozenset(
    XSD[n] for n in ("integer", "decimal", "double", "float", "boolean", "date", "dateTime", "time")
)
#: Datatypes rdflib has no converter for, so pyshacl checks only the datatype IRI.
_UNCHECKED = frozenset(XSD[n] for n in ("gYear", "gYearMonth", "anyURI"))
_NODE_KINDS = {
    SH.IRI: "isIRI({v})",
    SH.Literal: "isLiteral({v})",
    SH.BlankNode: "isBlank({v})",
    SH.BlankNodeOrIRI: "!isLiteral({v})",
    SH.BlankNodeOrLiteral: "!isIRI({v})",
    SH.IRIOrLiteral: "!isBlank({v})",
}
#: Statements about a shape that change nothing in validation.
_IGNORED = frozenset(SH[n] for n in ("name", "description", "order", "group"))
_SHAPE_TYPES = frozenset(SH[n] for n in ("NodeShape", "PropertyShape", "SPARQLConstraint"))
#: In a constraint's sh:select, words that would make running it once for all focus nodes
#: differ from running it per focus node with $this bound (pyshacl), or that it cannot use here.
_SELECT_REFUSED = frozenset(
    "prefix base optional minus exists not select bind values service graph from limit offset "
    "order group having union".split()
)


@dataclass(frozen=True)
class Outcome:
    """What a result of one constraint says: its path and the shape's message."""

    path: str | None
    message: str
    #: the message has ``{?var}`` placeholders, filled from the row (a SPARQL constraint)
    template: bool = False
    severity: str = "Violation"


@dataclass(frozen=True)
class Result:
    """One validation result: the focus node, the value (``None``: the focus node itself)."""

    severity: str
    focus: Term
    path: str | None
    value: Term | None
    message: str


@dataclass(frozen=True)
class Check:
    """One compiled query and how its rows read as results.

    The rows bind ``?this`` (the focus node) and, where results have one, ``?value``. With
    ``flagged``, they bind ``?f0``, ``?f1``... one per outcome, and each true flag is a result;
    otherwise every row is one result of the one outcome.
    """

    source: str
    query: str
    outcomes: tuple[Outcome, ...]
    flagged: bool
    #: the variables of a row whose values may go into a message (a SPARQL constraint's)
    variables: tuple[str, ...] = ()

    def results(self, row: ox.QuerySolution) -> Iterator[Result]:
        """The results a row of this check's query stands for."""
        focus = row["this"]
        value = row["value"]  # None where the query has no ?value: the focus node itself
        if self.flagged:
            for i, outcome in enumerate(self.outcomes):
                flag = row[f"f{i}"]
                if flag is not None and flag.value == "true":
                    yield Result(outcome.severity, focus, outcome.path, value, outcome.message)
            return
        outcome = self.outcomes[0]
        path = row["path"]
        message = (
            _fill(outcome.message, row, self.variables) if outcome.template else outcome.message
        )
        yield Result(
            outcome.severity,
            focus,
            path.value if isinstance(path, ox.NamedNode) else outcome.path,
            value,
            message,
        )


def _fill(message: str, row: ox.QuerySolution, names: tuple[str, ...]) -> str:
    """A SPARQL constraint's message with ``{?var}`` and ``{$var}`` replaced by the row's values."""
    for name in names:
        term = row[name]
        if term is not None:
            # str.replace, not re.sub: a backslash in a value is not an escape
            for sigil in "?$":
                message = message.replace("{" + sigil + name + "}", term.value)
    return message


@functools.cache
def compiled(path: Path) -> tuple[Check, ...]:
    """The checks of a shapes file, compiled on first use (the file is read once)."""
    return compile_shapes(path.read_bytes(), source=str(path))


def compile_shapes(turtle: bytes, *, source: str = "shapes") -> tuple[Check, ...]:
    """Compile SHACL shapes (Turtle) into the queries that find what breaks them.

    Raises InputError for any construct outside the subset understood (see the module's
    docstring), naming the shape and the term.
    """
    try:
        triples = list(ox.parse(turtle, format=ox.RdfFormat.TURTLE))
    except SyntaxError as err:
        raise InputError(f"{source}: not valid Turtle: {err}") from None
    graph = _Shapes(triples, source)
    compiler = _Compiler(graph)
    checks: list[Check] = []
    for shape in graph.shapes():
        if graph.has_targets(shape):
            checks.extend(compiler.top(shape))
    # Shapes with no targets are only used through others; compile them all the same, so
    # that a construct outside the subset fails here, wherever it is.
    for shape in graph.shapes():
        compiler.failing(shape, "{}", "?x0", top=True)
    graph.check_all_read()
    for check in checks:
        _prepare(check, source)
    return tuple(checks)


def _prepare(check: Check, source: str) -> None:
    """Have pyoxigraph parse a compiled query (and its regular expressions) once, now."""
    store = ox.Store()
    try:
        for pattern in re.findall(r'regex\(STR\(\?\w+\), ("(?:[^"\\]|\\.)*")\)', check.query):
            # an expression error, not a query error: an invalid pattern leaves ?ok unbound
            rows = list(store.query(f"SELECT (regex('', {pattern}) AS ?ok) {{}}"))
            if rows[0]["ok"] is None:
                raise ValueError(f"the regular expression {pattern} is not one SPARQL can use")
        store.query(check.query)
    except (SyntaxError, ValueError, OSError) as err:
        raise InputError(
            f"{source}: {check.source} compiles to a query that fails: {err}"
        ) from None


class _Shapes:
    """The shapes file's triples by subject, noting every ``sh:`` statement the compiler reads."""

    def __init__(self, triples: list[ox.Triple], source: str) -> None:
        self.source = source
        self._by: dict[Term, dict[str, list[Term]]] = defaultdict(lambda: defaultdict(list))
        for t in triples:
            self._by[t.subject][t.predicate.value].append(t.object)
        self._read: set[tuple[Term, str]] = set()

    def objects(self, node: Term, predicate: str) -> list[Term]:
        """The objects of ``node predicate``, in file order, noted as read."""
        self._read.add((node, predicate))
        return list(self._by.get(node, {}).get(predicate, []))

    def predicates(self, node: Term) -> list[str]:
        """The predicates of ``node``'s statements (not noted as read)."""
        return list(self._by.get(node, {}))

    def one(self, node: Term, predicate: str, where: str) -> Term | None:
        """The one object of ``node predicate`` (None if there is none)."""
        found = self.objects(node, predicate)
        if len(found) > 1:
            raise self.error(
                f"{where} has {len(found)} values of {_short(predicate)}; one is understood"
            )
        return found[0] if found else None

    def items(self, head: Term, where: str) -> list[Term]:
        """The members of an RDF list."""
        found: list[Term] = []
        node = head
        while node != _NIL:
            first, rest = (
                self._by.get(node, {}).get(RDF.first),
                self._by.get(node, {}).get(RDF.rest),
            )
            if not first or not rest or len(found) > 10_000:
                raise self.error(f"{where} expects a well-formed RDF list")
            found.append(first[0])
            node = rest[0]
        return found

    def shapes(self) -> list[Term]:
        """Every node typed as a node or property shape, in a stable order."""
        found = [
            s
            for s, props in self._by.items()
            if {t.value for t in props.get(RDF.type, []) if isinstance(t, ox.NamedNode)}
            & {SH.NodeShape, SH.PropertyShape}
        ]
        return sorted(found, key=str)

    def has_targets(self, shape: Term) -> bool:
        """Whether a shape has target declarations (of any kind)."""
        return any(p.startswith(SH.target) for p in self._by.get(shape, {}))

    def check_all_read(self) -> None:
        """Refuse the file if it says anything, in the SHACL vocabulary, that was not read."""
        for subject, props in self._by.items():
            for predicate, objects in props.items():
                if predicate == RDF.type:
                    unknown = [
                        o.value
                        for o in objects
                        if o.value.startswith(str(SH)) and o.value not in _SHAPE_TYPES
                    ]
                    if unknown:
                        raise self.error(f"{_name(subject)} is typed {_short(unknown[0])}")
                elif (
                    predicate.startswith(str(SH))
                    and predicate not in _IGNORED
                    and (subject, predicate) not in self._read
                ):
                    raise self.error(f"{_name(subject)} uses {_short(predicate)}")
        for shape in self.shapes():
            types = {t.value for t in self._by[shape].get(RDF.type, [])}
            if types & {RDFS.Class, OWL.Class}:
                # pyshacl would take the shape's own instances as focus nodes too
                raise self.error(f"{_name(shape)} is a class as well as a shape")

    def error(self, what: str) -> InputError:
        """The error for a construct the compiler does not understand."""
        return InputError(
            f"{self.source}: {what}, which the SPARQL validator does not understand: "
            "extend spacekg.graph.shapes to compile it (and test it against pyshacl)"
        )


@dataclass
class _Parts:
    """A shape's constraints, read once, each as the compiler checks it.

    ``cheap`` ones are expressions on one value node (true when it fails); the others are graph
    patterns over a set of candidates (``D``, a group binding ``var``) that bind ``var`` to
    each candidate failing them, evaluated set at a time (MINUS, GROUP BY, joins).
    """

    path: ox.NamedNode | None
    message: str | None
    #: on a value node: an expression true when it fails (one per constraint)
    cheap: list[Callable[[str], str]] = field(default_factory=list)
    #: on value nodes: a pattern binding those of the candidates that fail
    nested: list[Callable[[str, str], str]] = field(default_factory=list)
    #: on focus nodes (property shapes: counts, sh:hasValue): the same
    counts: list[Callable[[str, str], str]] = field(default_factory=list)
    pairs: list[ox.NamedNode] = field(default_factory=list)
    properties: list[Term] = field(default_factory=list)
    sparql: list[Term] = field(default_factory=list)


class _Compiler:
    """Turns shapes into SPARQL: queries for shapes with targets, patterns for nested ones."""

    def __init__(self, graph: _Shapes) -> None:
        self.g = graph
        self._fresh = 0
        self._parts: dict[Term, _Parts] = {}
        self._reading: list[Term] = []

    def var(self, stem: str = "x") -> str:
        """A variable name used nowhere else."""
        self._fresh += 1
        return f"?{stem}{self._fresh}"

    # --- shapes with targets: queries -----------------------------------------------------

    def top(self, shape: Term) -> list[Check]:
        """The checks that find every result of a shape over its targets."""
        where = _name(shape)
        targets = f"{{ SELECT DISTINCT ?this WHERE {{ {self.targets(shape, where)} }} }}"
        parts = self.parts(shape, where)
        checks: list[Check] = []
        if parts.path is None:
            properties = []
            for i, prop in enumerate(parts.properties):
                prop_parts = self.parts(prop, f"{where} sh:property [{i + 1}]")
                if prop_parts.path is None:
                    raise self.g.error(f"{where} sh:property [{i + 1}] has no sh:path")
                properties.append((prop_parts, f"{where} sh:property [{i + 1}]"))
            if parts.cheap or parts.nested:
                outcome = Outcome(None, self.message(parts, where))
                if parts.cheap:
                    checks.append(_flagged(where, targets, "", parts.cheap, outcome))
                for nested in parts.nested:
                    query = f"SELECT DISTINCT ?this WHERE {{ {nested(targets, '?this')} }}"
                    checks.append(Check(where, query, (outcome,), flagged=False))
        else:
            properties = [(parts, where)]
        for prop, here in properties:
            checks.extend(self.property_checks(prop, targets, here))
        for i, constraint in enumerate(parts.sparql):
            checks.append(self.sparql(parts, constraint, targets, f"{where} sh:sparql [{i + 1}]"))
        return checks

    def property_checks(self, prop: _Parts, targets: str, where: str) -> list[Check]:
        """The checks of one property shape over the focus nodes ``targets`` binds."""
        if prop.properties:
            raise self.g.error(f"{where} is a property shape with sh:property of its own")
        assert prop.path is not None
        path = prop.path
        if not (prop.counts or prop.cheap or prop.nested or prop.pairs):
            return []
        outcome = Outcome(path.value, self.message(prop, where))
        checks = []
        for count in prop.counts:
            query = f"SELECT DISTINCT ?this WHERE {{ {count(targets, '?this')} }}"
            checks.append(Check(where, query, (outcome,), flagged=False))
        values = f"{{ SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value }} }}"
        if prop.cheap:
            checks.append(_flagged(where, values, "?value", prop.cheap, outcome))
        for nested in prop.nested:
            candidates = f"{{ SELECT DISTINCT ?value WHERE {{ {targets} ?this {path} ?value }} }}"
            failing = f"{{ SELECT DISTINCT ?value WHERE {{ {nested(candidates, '?value')} }} }}"
            query = f"SELECT DISTINCT ?this ?value WHERE {{ {values} {failing} }}"
            checks.append(Check(where, query, (outcome,), flagged=False))
        for other in prop.pairs:
            # one result per pair of values out of order, as pyshacl reports them
            query = (
                f"SELECT DISTINCT ?this ?value ?other WHERE {{ {targets} "
                f"?this {path} ?value . ?this {other} ?other . "
                f"FILTER({_not_less_or_equal('?value', '?other')}) }}"
            )
            checks.append(Check(where, query, (outcome,), flagged=False))
        return checks

    def targets(self, shape: Term, where: str) -> str:
        """A graph pattern binding ``?this`` to each focus node of a shape's targets."""
        parts = []
        classes = self.g.objects(shape, SH.targetClass)
        if classes:
            if not all(isinstance(c, ox.NamedNode) for c in classes):
                raise self.g.error(f"{where} has a sh:targetClass that is not an IRI")
            listed = " ".join(str(c) for c in classes)
            # From the classes down their subclasses, then to the instances: SHACL instances.
            parts.append(
                f"{{ VALUES ?class {{ {listed} }} ?type {_SUBCLASS}* ?class . ?this {_TYPE} ?type }}"
            )
        for prop in self.g.objects(shape, SH.targetSubjectsOf):
            if not isinstance(prop, ox.NamedNode):
                raise self.g.error(f"{where} has a sh:targetSubjectsOf that is not an IRI")
            parts.append(f"{{ ?this {prop} ?object }}")
        for other in self.g.predicates(shape):
            if other.startswith(SH.target) and other not in (SH.targetClass, SH.targetSubjectsOf):
                raise self.g.error(f"{where} has {_short(other)}")
        return " UNION ".join(parts)

    def sparql(self, shape: _Parts, constraint: Term, targets: str, where: str) -> Check:
        """The check of a SPARQL-based constraint, run once over all the shape's focus nodes.

        pyshacl runs the query once per focus node with ``$this`` bound; for the queries
        accepted here (a basic graph pattern and filters, ``$this`` selected) that is the same
        as running it once and keeping the rows whose ``$this`` is a focus node.
        """
        if shape.path is not None:
            raise self.g.error(f"{where} is on a property shape")
        select = self.g.one(constraint, SH.select, where)
        if not isinstance(select, ox.Literal):
            raise self.g.error(f"{where} has no sh:select")
        text = select.value
        tokens = list(tokenize(text))
        words = [t.text.lower() for t in tokens if t.kind == "word"]
        refused = sorted({w for w in words[1:] if w in _SELECT_REFUSED})
        if not words or words[0] != "select" or refused:
            raise self.g.error(f"{where} has a sh:select using {', '.join(refused) or 'no SELECT'}")
        head = text[: text.lower().index("where")] if "where" in words else text
        projected = {t.text[1:] for t in tokenize(head) if t.kind == "var"}
        if "this" not in projected and "*" not in head:
            raise self.g.error(f"{where} has a sh:select that does not select $this")
        names = {t.text[1:] for t in tokens if t.kind == "var"}
        if {"shapesGraph", "currentShape", "PATH"} & names:
            raise self.g.error(
                f"{where} has a sh:select using $shapesGraph, $currentShape or $PATH"
            )
        own = self.g.one(constraint, SH.message, where)
        if own is not None and shape.message is not None:
            raise self.g.error(f"{where} and its shape both have a sh:message")
        message = own.value if isinstance(own, ox.Literal) else self.message(shape, where)
        query = f"SELECT DISTINCT * WHERE {{\n  {targets}\n  {{ {text.strip()} }}\n}}"
        outcome = Outcome(None, message, template=True)
        return Check(where, query, (outcome,), flagged=False, variables=tuple(sorted(names)))

    # --- nested shapes: patterns over candidates --------------------------------------------

    def failing(
        self, shape: Term, candidates: str, var: str, where: str | None = None, *, top: bool = False
    ) -> str:
        """A pattern binding ``var`` to each of the candidates (a group binding ``var``) that
        does not conform to ``shape``, used as a nested shape (its targets play no part)."""
        where = where or _name(shape)
        parts = self.parts(shape, where)
        if parts.sparql and not top:
            raise self.g.error(f"{where} is used as a nested shape and has sh:sparql")
        found = []
        if parts.path is None:
            if parts.cheap:
                fails = " || ".join(f"COALESCE({e(var)}, true)" for e in parts.cheap)
                found.append(f"{{ {candidates} FILTER({fails}) }}")
            found += [nested(candidates, var) for nested in parts.nested]
            for i, prop in enumerate(parts.properties):
                found.append(self.failing(prop, candidates, var, f"{where} sh:property [{i + 1}]"))
        else:
            if parts.properties:
                raise self.g.error(f"{where} is a property shape with sh:property of its own")
            path = parts.path
            found += [count(candidates, var) for count in parts.counts]
            if parts.cheap:
                v = self.var("v")
                fails = " || ".join(f"COALESCE({e(v)}, true)" for e in parts.cheap)
                found.append(f"{{ {candidates} {var} {path} {v} FILTER({fails}) }}")
            for nested in parts.nested:
                v = self.var("v")
                values = f"{{ SELECT DISTINCT {v} WHERE {{ {candidates} {var} {path} {v} }} }}"
                failing = f"{{ SELECT DISTINCT {v} WHERE {{ {nested(values, v)} }} }}"
                found.append(f"{{ {candidates} {var} {path} {v} . {failing} }}")
            for other in parts.pairs:
                v, w = self.var("v"), self.var("w")
                found.append(
                    f"{{ {candidates} {var} {path} {v} . {var} {other} {w} . "
                    f"FILTER({_not_less_or_equal(v, w)}) }}"
                )
        if not found:
            return f"{{ {candidates} FILTER(false) }}"
        return " UNION ".join(found)

    def cheap(self, shape: Term, where: str) -> Callable[[str], str] | None:
        """A nested shape as one expression on a value node, if it has only constraints on the
        value itself (``[ sh:datatype xsd:date ]``); None otherwise."""
        parts = self.parts(shape, where)
        if parts.path is not None or parts.nested or parts.properties or parts.sparql:
            return None
        checks = parts.cheap
        return lambda v: (
            "(" + (" || ".join(f"COALESCE({e(v)}, true)" for e in checks) or "false") + ")"
        )

    # --- reading a shape ----------------------------------------------------------------

    def parts(self, shape: Term, where: str) -> _Parts:
        """A shape's constraints, read from the file (once)."""
        if shape in self._parts:
            return self._parts[shape]
        if shape in self._reading:
            raise self.g.error(f"{where} refers to itself (a recursive shape)")
        self._reading.append(shape)
        try:
            parts = self._read(shape, where)
        finally:
            self._reading.pop()
        self._parts[shape] = parts
        return parts

    def _read(self, shape: Term, where: str) -> _Parts:
        g = self.g
        message = g.one(shape, SH.message, where)
        parts = _Parts(
            path=self.path(shape, where),
            message=message.value if isinstance(message, ox.Literal) else None,
            properties=g.objects(shape, SH.property),
            sparql=g.objects(shape, SH.sparql),
        )
        # targets matter only for shapes at the top; nested, a shape's targets are ignored
        g.objects(shape, SH.targetClass)
        g.objects(shape, SH.targetSubjectsOf)
        cheap = parts.cheap
        datatype = g.one(shape, SH.datatype, where)
        if datatype is not None:
            test = self.datatype(datatype, where)
            cheap.append(lambda v: f"!COALESCE({test(v)}, false)")
        kind = g.one(shape, SH.nodeKind, where)
        if kind is not None:
            if kind.value not in _NODE_KINDS:
                raise g.error(f"{where} has sh:nodeKind {_short(kind.value)}")
            form = _NODE_KINDS[kind.value]
            cheap.append(lambda v: f"!({form.format(v=v)})")
        for pattern in g.objects(shape, SH.pattern):
            if not isinstance(pattern, ox.Literal):
                raise g.error(f"{where} has a sh:pattern that is not a literal")
            regex = _regex(pattern, g, where)
            cheap.append(lambda v, regex=regex: f"(isBlank({v}) || !regex(STR({v}), {regex}))")
        for listed in g.objects(shape, SH["in"]):
            members = g.items(listed, f"{where} sh:in")
            cheap.append(
                lambda v, members=members: (
                    "!(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")"
                )
            )
        for name, operator in (("minInclusive", ">="), ("maxInclusive", "<=")):
            bound = g.one(shape, SH[name], where)
            if bound is not None:
                if not isinstance(bound, ox.Literal):
                    raise g.error(f"{where} has a sh:{name} that is not a literal")
                cheap.append(lambda v, op=operator, b=bound: f"!COALESCE({v} {op} {b}, false)")
        length = self.count(shape, SH.minLength, where, limit=None)
        if length:
            cheap.append(lambda v: f"(isBlank({v}) || STRLEN(STR({v})) < {length})")
        languages = g.one(shape, SH.languageIn, where)
        if languages is not None:
            test = self.language_in(languages, where)
            cheap.append(lambda v, test=test: f"!COALESCE({test(v)}, false)")
        for cls in g.objects(shape, SH["class"]):
            if not isinstance(cls, ox.NamedNode):
                raise g.error(f"{where} has a sh:class that is not an IRI")
            parts.nested.append(lambda d, var, cls=cls: self.not_instance(d, var, cls))
        for i, node in enumerate(g.objects(shape, SH.node)):
            here = f"{where} sh:node [{i + 1}]"
            expression = self.cheap(node, here)
            if expression is not None:
                cheap.append(expression)
            else:
                parts.nested.append(
                    lambda d, var, node=node, here=here: self.failing(node, d, var, here)
                )
        for kind_of, count_fails in (("or", _none_conforms), ("xone", _not_exactly_one)):
            for i, listed in enumerate(g.objects(shape, SH[kind_of])):
                here = f"{where} sh:{kind_of} [{i + 1}]"
                members = g.items(listed, here)
                expressions = [self.cheap(m, here) for m in members]
                if all(e is not None for e in expressions):
                    cheap.append(lambda v, es=expressions, f=count_fails: f([e(v) for e in es]))
                else:
                    parts.nested.append(
                        lambda d, var, ms=members, here=here, f=count_fails: self.combined(
                            ms, d, var, here, f
                        )
                    )
        if parts.path is None:
            for value in g.objects(shape, SH.hasValue):
                cheap.append(lambda v, value=value: f"!sameTerm({v}, {value})")
            for name in ("minCount", "maxCount", "lessThanOrEquals"):
                if g.objects(shape, SH[name]):
                    raise g.error(f"{where} is a node shape with sh:{name}")
            return parts
        path = parts.path
        low = self.count(shape, SH.minCount, where)
        if low:
            parts.counts.append(lambda d, var: self.too_few(d, var, path, low))
        high = self.count(shape, SH.maxCount, where)
        if high is not None:
            parts.counts.append(lambda d, var: self.too_many(d, var, path, high))
        for value in g.objects(shape, SH.hasValue):
            parts.counts.append(
                lambda d, var, value=value: f"{{ {d} MINUS {{ {var} {path} {value} }} }}"
            )
        for other in g.objects(shape, SH.lessThanOrEquals):
            if not isinstance(other, ox.NamedNode):
                raise g.error(f"{where} has a sh:lessThanOrEquals that is not an IRI")
            parts.pairs.append(other)
        return parts

    # --- constraints over candidates ----------------------------------------------------

    def not_instance(self, candidates: str, var: str, cls: ox.NamedNode) -> str:
        """The candidates that are not SHACL instances of ``cls`` (sh:class)."""
        t = self.var("t")
        return f"{{ {candidates} MINUS {{ {var} {_TYPE} {t} . {t} {_SUBCLASS}* {cls} }} }}"

    def too_few(self, candidates: str, var: str, path: ox.NamedNode, n: int) -> str:
        """The candidates with fewer than ``n`` distinct values of ``path`` (sh:minCount)."""
        v = self.var("v")
        if n == 1:
            return f"{{ {candidates} MINUS {{ {var} {path} {v} }} }}"
        enough = (
            f"SELECT {var} WHERE {{ {candidates} {var} {path} {v} }} "
            f"GROUP BY {var} HAVING (COUNT(DISTINCT {v}) >= {n})"
        )
        return f"{{ {candidates} MINUS {{ {enough} }} }}"

    def too_many(self, candidates: str, var: str, path: ox.NamedNode, n: int) -> str:
        """The candidates with more than ``n`` distinct values of ``path`` (sh:maxCount)."""
        v = self.var("v")
        return (
            f"{{ SELECT {var} WHERE {{ {candidates} {var} {path} {v} }} "
            f"GROUP BY {var} HAVING (COUNT(DISTINCT {v}) > {n}) }}"
        )

    def combined(
        self,
        members: list[Term],
        candidates: str,
        var: str,
        where: str,
        verdict: Callable[[list[str]], str],
    ) -> str:
        """The candidates that fail sh:or or sh:xone: each member's failing set is marked on
        the candidates (an OPTIONAL flag), and ``verdict`` judges the flags."""
        marks, flags = [], []
        for member in members:
            flag = self.var("e")
            failing = self.failing(member, candidates, var, where)
            marks.append(
                f"OPTIONAL {{ SELECT DISTINCT {var} (true AS {flag}) WHERE {{ {failing} }} }}"
            )
            flags.append(f"BOUND({flag})")
        return f"{{ {candidates} {' '.join(marks)} FILTER({verdict(flags)}) }}"

    # --- constraints on one value: expressions -----------------------------------------

    def datatype(self, datatype: Term, where: str) -> Callable[[str], str]:
        """An expression true when a value is a well-formed literal of ``datatype``."""
        if datatype.value == RDF.langString:
            return lambda v: f'(isLiteral({v}) && lang({v}) != "")'
        if not isinstance(datatype, ox.NamedNode) or (
            datatype.value not in _CHECKED | _UNCHECKED and datatype.value != XSD.string
        ):
            raise self.g.error(f"{where} has sh:datatype {_short(datatype.value)}")
        if datatype.value in _CHECKED:
            return lambda v: (
                f"(isLiteral({v}) && sameTerm(datatype({v}), {datatype}) "
                f"&& isLiteral({datatype}(STR({v}))))"
            )
        return lambda v: f"(isLiteral({v}) && sameTerm(datatype({v}), {datatype}))"

    def language_in(self, head: Term, where: str) -> Callable[[str], str]:
        """An expression true when a value's language tag is allowed, as pyshacl matches them:
        the whole tag or its first subtag is one listed, whatever the case."""
        tags = []
        for tag in self.g.items(head, f"{where} sh:languageIn"):
            if not isinstance(tag, ox.Literal) or tag.datatype != _STRING:
                raise self.g.error(f"{where} has a sh:languageIn member that is not a string")
            tags.append(tag.value.lower())

        def test(v: str) -> str:
            tagged = f'isLiteral({v}) && lang({v}) != ""'
            if "*" in tags:
                return f"({tagged})"
            forms = (f"LCASE(lang({v}))", f'LCASE(STRBEFORE(CONCAT(lang({v}), "-"), "-"))')
            listed = " || ".join(f"sameTerm({f}, {ox.Literal(t)})" for t in tags for f in forms)
            return f"({tagged} && ({listed or 'false'}))"

        return test

    # --- reading parameters ---------------------------------------------------------------

    def path(self, shape: Term, where: str) -> ox.NamedNode | None:
        """A property shape's path (an IRI); None for a node shape."""
        path = self.g.one(shape, SH.path, where)
        if path is not None and not isinstance(path, ox.NamedNode):
            raise self.g.error(f"{where} has a sh:path that is not an IRI")
        return path

    def count(
        self, shape: Term, predicate: str, where: str, limit: int | None = None
    ) -> int | None:
        """A shape's non-negative integer parameter (a count or a length)."""
        value = self.g.one(shape, predicate, where)
        if value is None:
            return None
        if not isinstance(value, ox.Literal) or not value.value.isdigit():
            raise self.g.error(f"{where} has {_short(predicate)} {value}, not a whole number")
        return int(value.value)

    def message(self, parts: _Parts, where: str) -> str:
        """A shape's one message: what its results say."""
        if parts.message is None:
            raise self.g.error(f"{where} has no sh:message (every shape must say what to fix)")
        return parts.message


def _flagged(
    source: str, pattern: str, value: str, tests: list[Callable[[str], str]], outcome: Outcome
) -> Check:
    """A check over ``pattern``'s rows with one flag per constraint, keeping rows with any."""
    subject = value or "?this"
    binds = " ".join(f"BIND(COALESCE({t(subject)}, true) AS ?f{i})" for i, t in enumerate(tests))
    flags = [f"?f{i}" for i in range(len(tests))]
    query = (
        f"SELECT ?this {value} {' '.join(flags)} WHERE {{ {pattern} {binds} "
        f"FILTER({' || '.join(flags)}) }}"
    )
    return Check(source, query, (outcome,) * len(tests), flagged=True)


def _none_conforms(failed: list[str]) -> str:
    """sh:or: every member fails."""
    return " && ".join(failed) or "true"


def _not_exactly_one(failed: list[str]) -> str:
    """sh:xone: not exactly one member conforms."""
    return "(" + (" + ".join(f"IF({f}, 0, 1)" for f in failed) or "0") + ") != 1"


def _not_less_or_equal(v: str, w: str) -> str:
    """True when ``v <= w`` is false or cannot be decided (sh:lessThanOrEquals)."""
    return f"!COALESCE({v} <= {w}, false)"


def _regex(pattern: ox.Literal, g: _Shapes, where: str) -> str:
    """A sh:pattern as a SPARQL string, matching what Python's re.search matches (pyshacl).

    One difference between the two dialects matters: Python's ``$`` also matches before a
    final newline, the XPath one only at the very end.
    """
    text = pattern.value
    try:
        re.compile(text)
    except re.error as err:
        raise g.error(f"{where} has a sh:pattern Python cannot compile ({err})") from None
    out, i, in_class = [], 0, False
    while i < len(text):
        c = text[i]
        if c == "\\":
            out.append(text[i : i + 2])
            i += 2
            continue
        if c == "[" and not in_class:
            in_class = True
        elif c == "]" and in_class:
            in_class = False
        elif c == "$" and not in_class:
            out.append("\\n?$")
            i += 1
            continue
        out.append(c)
        i += 1
    return str(ox.Literal("".join(out)))


def _name(node: Term) -> str:
    """A shape as the shapes file names it: its IRI, or [] for a blank node."""
    return str(node) if isinstance(node, ox.NamedNode) else "a blank-node shape"


def _short(iri: str) -> str:
    for prefix, ns in (("sh", SH), ("xsd", XSD), ("rdf", RDF), ("rdfs", RDFS)):
        if iri.startswith(str(ns)):
            return f"{prefix}:{iri[len(str(ns)) :]}"
    return f"<{iri}>"

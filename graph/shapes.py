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
A constraint on a value itself is an expression; the others are judged by marks: OPTIONAL
subqueries over the whole store (the nodes with a value of a property, with more than n, with a
value that fails a nested shape...), each evaluated once and joined on the node, so that a pass
costs a hash join per constraint, not a lookup per node. Nested shapes (``sh:node``, the members
of ``sh:or`` and ``sh:xone``) are judged the same way, marks within marks. Every term in a query
is one of the shapes file's own, serialised by pyoxigraph; nothing comes from the data or the
user.

Only the SHACL Core subset that the shapes use is understood. A statement with any other
``sh:`` predicate, another kind of path, target or shape, makes compiling fail with an
``InputError`` that names it: a new shape is never silently ignored.

pyshacl is the reference: on the same triples the results are its own (``tests/graph/
test_validation.py`` holds the two to it), literals compared as RDF 1.1 says (a plain literal is
an xsd:string). Where pyshacl departs from the SHACL specification, on values that no SpaceKG
writer produces, the store follows the specification and reports more: a lexical form XSD
rejects but Python reads (``" 5"`` as an xsd:integer, ``"2024-07-01T09:30"`` as an
xsd:dateTime) is ill-typed; a value that cannot be compared with ``sh:minInclusive`` or
``sh:maxInclusive`` fails both (pyshacl lets a typed literal pass one of the two); and
``sh:lessThanOrEquals`` compares as SPARQL's ``<=`` does (pyshacl compares IRIs as strings and
fails on an ill-typed or blank value). In a SPARQL constraint's message a value is put in as it
is (pyshacl reads backslashes in it as escapes).
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
_NIL = ox.NamedNode(RDF.nil)
_SUBCLASS = ox.NamedNode(RDFS.subClassOf)
_STRING = ox.NamedNode(XSD.string)
_TRUE = ox.Literal(True)

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
        compiler.conforms_test(shape, "?x0", _name(shape), top=True)
    graph.check_all_read()
    for check in checks:
        _prepare(check, source)
    return tuple(checks)


def _prepare(check: Check, source: str) -> None:
    """Have pyoxigraph parse a compiled query (and its regular expressions) once, now."""
    store = ox.Store()  # in memory and empty: nothing is evaluated but the patterns
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


@dataclass(frozen=True)
class _Mark:
    """An OPTIONAL clause binding ``flag`` on the nodes a group pattern binds to ``var``: a
    subquery over the whole store, evaluated once and joined on ``var``."""

    var: str
    group: str
    flag: str

    def clause(self) -> str:
        """The mark as SPARQL."""
        found = f"SELECT DISTINCT {self.var} ({_TRUE} AS {self.flag}) WHERE {{ {self.group} }}"
        return f"OPTIONAL {{ {found} }}"


@dataclass(frozen=True)
class _Test:
    """How one constraint (or a whole shape) judges a node bound to a variable, in a pass over
    such nodes: marks, and an expression over the node and the marks, true when it fails."""

    marks: tuple[_Mark, ...]
    fails: str
    #: the test is "fails if marked" (True) or "fails unless marked" (False) by its one mark
    marked: bool | None = None


def _expression(fails: str) -> _Test:
    return _Test((), fails)


def _merged(tests: list[_Test], verdict: Callable[[list[str]], str]) -> _Test:
    """Tests combined into one: all their marks, and ``verdict`` over their failures."""
    marks = tuple(m for t in tests for m in t.marks)
    return _Test(marks, verdict([t.fails for t in tests]))


def _failing_any(tests: list[_Test], fresh: Callable[[str], str]) -> _Test:
    """Tests combined into one that fails when any fails, with as few marks as can be: one for
    all the "fails if marked" (a UNION of their patterns), one for all the "fails unless
    marked" (the nodes that every pattern binds); each mark is a join per node in the pass."""
    positive = [t for t in tests if t.marked is True]
    negative = [t for t in tests if t.marked is False]
    others = [t for t in tests if t.marked is None]
    if len(positive) > 1:
        var, flag = positive[0].marks[0].var, fresh("m")
        group = " UNION ".join(t.marks[0].group for t in positive)
        others.append(_Test((_Mark(var, group, flag),), f"BOUND({flag})"))
    else:
        others += positive
    if len(negative) > 1:
        var, flag, which = negative[0].marks[0].var, fresh("m"), fresh("k")
        branches = " UNION ".join(
            f"{{ {t.marks[0].group} BIND({i} AS {which}) }}" for i, t in enumerate(negative)
        )
        every = (
            f"SELECT {var} WHERE {{ {branches} }} "
            f"GROUP BY {var} HAVING (COUNT(DISTINCT {which}) = {len(negative)})"
        )
        others.append(_Test((_Mark(var, f"{{ {every} }}", flag),), f"!BOUND({flag})"))
    else:
        others += negative
    return _merged(others, _any_fails)


def _any_fails(failed: list[str]) -> str:
    """A shape fails when any of its constraints does."""
    return " || ".join(f"({f})" for f in failed) or "false"


def _none_conforms(failed: list[str]) -> str:
    """sh:or: every member fails."""
    return " && ".join(f"({f})" for f in failed) or "true"


def _not_exactly_one(failed: list[str]) -> str:
    """sh:xone: not exactly one member conforms."""
    return "(" + (" + ".join(f"IF({f}, 0, 1)" for f in failed) or "0") + ") != 1"


_Judge = Callable[[str], _Test]


@dataclass
class _Parts:
    """A shape's constraints, read once, each as a test of a node bound to a variable."""

    path: ox.NamedNode | None
    message: str | None
    #: on a value node (for a node shape, the focus node itself): one test per constraint
    value: list[_Judge] = field(default_factory=list)
    #: property shapes, on the focus node: sh:minCount, sh:maxCount, sh:hasValue
    counts: list[_Judge] = field(default_factory=list)
    pairs: list[ox.NamedNode] = field(default_factory=list)
    properties: list[Term] = field(default_factory=list)
    sparql: list[Term] = field(default_factory=list)


class _Compiler:
    """Turns shapes into SPARQL: queries for shapes with targets, tests for nested ones."""

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
        """The checks that find every result of a shape over its targets.

        One pass over the focus nodes judges the node-level constraints and the counts of
        every property shape; one pass per property shape over its values judges the
        constraints on values; sh:lessThanOrEquals and sh:sparql have a query each.
        """
        where = _name(shape)
        targets = f"{{ SELECT DISTINCT ?this WHERE {{ {self.targets(shape, where)} }} }}"
        parts = self.parts(shape, where)
        properties: list[tuple[_Parts, str]] = []
        focus: list[tuple[_Test, Outcome]] = []
        if parts.path is None:
            for i, prop in enumerate(parts.properties):
                here = f"{where} sh:property [{i + 1}]"
                prop_parts = self.parts(prop, here)
                if prop_parts.path is None:
                    raise self.g.error(f"{here} has no sh:path")
                if prop_parts.properties:
                    raise self.g.error(f"{here} is a property shape with sh:property of its own")
                properties.append((prop_parts, here))
            if parts.value:
                outcome = Outcome(None, self.message(parts, where))
                focus += [(judge("?this"), outcome) for judge in parts.value]
        else:
            properties.append((parts, where))
        for prop, here in properties:
            if prop.counts:
                outcome = Outcome(prop.path.value, self.message(prop, here))  # type: ignore[union-attr]
                focus += [(judge("?this"), outcome) for judge in prop.counts]
        checks = [_flagged(where, targets, "", focus)] if focus else []
        for prop, here in properties:
            checks += self.value_checks(prop, targets, here)
        for i, constraint in enumerate(parts.sparql):
            checks.append(self.sparql(parts, constraint, targets, f"{where} sh:sparql [{i + 1}]"))
        return checks

    def value_checks(self, prop: _Parts, targets: str, where: str) -> list[Check]:
        """The checks of one property shape's constraints on values, over the focus nodes."""
        path = prop.path
        assert path is not None
        if not prop.value and not prop.pairs:
            return []
        outcome = Outcome(path.value, self.message(prop, where))
        checks = []
        if prop.value:
            values = f"{{ SELECT DISTINCT ?this ?value WHERE {{ {targets} ?this {path} ?value }} }}"
            tests = [(judge("?value"), outcome) for judge in prop.value]
            checks.append(_flagged(where, values, "?value", tests))
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

    # --- nested shapes: tests ---------------------------------------------------------------

    def conforms_test(self, shape: Term, var: str, where: str, *, top: bool = False) -> _Test:
        """The test of a whole shape on the node bound to ``var`` (a nested shape: sh:node, a
        member of sh:or or sh:xone); its targets play no part."""
        return _failing_any(self.constraint_tests(shape, var, where, top=top), self.var)

    def constraint_tests(
        self, shape: Term, var: str, where: str, *, top: bool = False
    ) -> list[_Test]:
        """A test per constraint of a shape and of its property shapes, on ``var``: the node
        conforms when none fails."""
        parts = self.parts(shape, where)
        if parts.sparql and not top:
            raise self.g.error(f"{where} is used as a nested shape and has sh:sparql")
        if parts.path is None:
            tests = [judge(var) for judge in parts.value]
            for i, prop in enumerate(parts.properties):
                tests += self.constraint_tests(prop, var, f"{where} sh:property [{i + 1}]")
            return tests
        if parts.properties:
            raise self.g.error(f"{where} is a property shape with sh:property of its own")
        path = parts.path
        tests = [judge(var) for judge in parts.counts]
        v = self.var("v")
        value_tests = [judge(v) for judge in parts.value]
        if value_tests:
            # a node fails when one of its values fails: a mark over every value in the store
            inner = _failing_any(value_tests, self.var)
            marks = " ".join(m.clause() for m in inner.marks)
            tests.append(self.mark(var, f"{var} {path} {v} . {marks} FILTER({inner.fails})"))
        for other in parts.pairs:
            w = self.var("w")
            out_of_order = (
                f"{var} {path} {v} . {var} {other} {w} . FILTER({_not_less_or_equal(v, w)})"
            )
            tests.append(self.mark(var, out_of_order))
        return tests

    def mark(
        self, var: str, pattern: str, *, having: str | None = None, fails_if_marked: bool = True
    ) -> _Test:
        """A test by the nodes ``pattern`` binds to ``var`` (those whose group passes ``having``,
        if given): failing if marked, or unless marked."""
        flag = self.var("m")
        group = f"{{ {pattern} }}"
        if having:
            group = f"{{ SELECT {var} WHERE {group} GROUP BY {var} HAVING ({having}) }}"
        fails = f"BOUND({flag})" if fails_if_marked else f"!BOUND({flag})"
        return _Test((_Mark(var, group, flag),), fails, marked=fails_if_marked)

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
        value = parts.value
        datatype = g.one(shape, SH.datatype, where)
        if datatype is not None:
            test = self.datatype(datatype, where)
            value.append(lambda v: _expression(f"!COALESCE({test(v)}, false)"))
        kind = g.one(shape, SH.nodeKind, where)
        if kind is not None:
            if kind.value not in _NODE_KINDS:
                raise g.error(f"{where} has sh:nodeKind {_short(kind.value)}")
            form = _NODE_KINDS[kind.value]
            value.append(lambda v: _expression(f"!({form.format(v=v)})"))
        for pattern in g.objects(shape, SH.pattern):
            if not isinstance(pattern, ox.Literal):
                raise g.error(f"{where} has a sh:pattern that is not a literal")
            regex = _regex(pattern, g, where)
            value.append(
                lambda v, regex=regex: _expression(f"isBlank({v}) || !regex(STR({v}), {regex})")
            )
        for listed in g.objects(shape, SH["in"]):
            members = g.items(listed, f"{where} sh:in")
            value.append(
                lambda v, members=members: _expression(
                    "!(" + (" || ".join(f"sameTerm({v}, {m})" for m in members) or "false") + ")"
                )
            )
        for name, operator in (("minInclusive", ">="), ("maxInclusive", "<=")):
            bound = g.one(shape, SH[name], where)
            if bound is not None:
                if not isinstance(bound, ox.Literal):
                    raise g.error(f"{where} has a sh:{name} that is not a literal")
                value.append(
                    lambda v, op=operator, b=bound: _expression(f"!COALESCE({v} {op} {b}, false)")
                )
        length = self.count(shape, SH.minLength, where)
        if length == 1:  # the common case, without measuring every string
            value.append(lambda v: _expression(f'isBlank({v}) || STR({v}) = ""'))
        elif length:
            value.append(lambda v: _expression(f"isBlank({v}) || STRLEN(STR({v})) < {length}"))
        languages = g.one(shape, SH.languageIn, where)
        if languages is not None:
            test = self.language_in(languages, where)
            value.append(lambda v, test=test: _expression(f"!COALESCE({test(v)}, false)"))
        for cls in g.objects(shape, SH["class"]):
            if not isinstance(cls, ox.NamedNode):
                raise g.error(f"{where} has a sh:class that is not an IRI")
            value.append(lambda v, cls=cls: self.instance_test(v, cls))
        for i, node in enumerate(g.objects(shape, SH.node)):
            here = f"{where} sh:node [{i + 1}]"
            self.parts(node, here)  # read now: a recursive shape is found here
            value.append(lambda v, node=node, here=here: self.conforms_test(node, v, here))
        for kind_of, verdict in (("or", _none_conforms), ("xone", _not_exactly_one)):
            for i, listed in enumerate(g.objects(shape, SH[kind_of])):
                here = f"{where} sh:{kind_of} [{i + 1}]"
                members = g.items(listed, here)
                for member in members:
                    self.parts(member, here)
                value.append(
                    lambda v, ms=members, here=here, verdict=verdict: _merged(
                        [self.conforms_test(m, v, here) for m in ms], verdict
                    )
                )
        if parts.path is None:
            for constant in g.objects(shape, SH.hasValue):
                value.append(lambda v, c=constant: _expression(f"!sameTerm({v}, {c})"))
            for name in ("minCount", "maxCount", "lessThanOrEquals"):
                if g.objects(shape, SH[name]):
                    raise g.error(f"{where} is a node shape with sh:{name}")
            return parts
        path = parts.path
        low = self.count(shape, SH.minCount, where)
        if low:
            parts.counts.append(lambda x: self.count_test(x, path, low, fails_below=True))
        high = self.count(shape, SH.maxCount, where)
        if high is not None:
            parts.counts.append(lambda x: self.count_test(x, path, high, fails_below=False))
        for constant in g.objects(shape, SH.hasValue):
            parts.counts.append(
                lambda x, c=constant: self.mark(x, f"{x} {path} {c}", fails_if_marked=False)
            )
        for other in g.objects(shape, SH.lessThanOrEquals):
            if not isinstance(other, ox.NamedNode):
                raise g.error(f"{where} has a sh:lessThanOrEquals that is not an IRI")
            parts.pairs.append(other)
        return parts

    # --- tests over the whole store ---------------------------------------------------------

    def instance_test(self, v: str, cls: ox.NamedNode) -> _Test:
        """sh:class: fails unless ``v`` is a SHACL instance of ``cls`` (subclasses included)."""
        t = self.var("t")
        return self.mark(v, f"{v} {_TYPE} {t} . {t} {_SUBCLASS}* {cls}", fails_if_marked=False)

    def count_test(self, x: str, path: ox.NamedNode, n: int, *, fails_below: bool) -> _Test:
        """sh:minCount (``fails_below``) or sh:maxCount ``n``, by distinct values of ``path``."""
        v = self.var("v")
        if fails_below:
            having = None if n == 1 else f"COUNT(DISTINCT {v}) >= {n}"
            return self.mark(x, f"{x} {path} {v}", having=having, fails_if_marked=False)
        return self.mark(x, f"{x} {path} {v}", having=f"COUNT(DISTINCT {v}) > {n}")

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

    def count(self, shape: Term, predicate: str, where: str) -> int | None:
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


def _flagged(source: str, pattern: str, value: str, tests: list[tuple[_Test, Outcome]]) -> Check:
    """A check over ``pattern``'s rows with one flag per test, keeping the rows with any."""
    marks = " ".join(m.clause() for test, _ in tests for m in test.marks)
    binds = " ".join(
        f"BIND(COALESCE({test.fails}, true) AS ?f{i})" for i, (test, _) in enumerate(tests)
    )
    flags = [f"?f{i}" for i in range(len(tests))]
    query = (
        f"SELECT ?this {value} {' '.join(flags)} WHERE {{ {pattern} {marks} {binds} "
        f"FILTER({' || '.join(flags)}) }}"
    )
    return Check(source, query, tuple(o for _, o in tests), flagged=True)


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

"""Networks of actors built from events: edge lists, networkx graphs, signed, bipartite, yearly.

Two queries feed every projection: ``network/events.rq`` (each event once, with its type, date
and participants by role; date, confidence and status filters bound in the query) and
``network/actors.rq`` (labels, classes, countries, Wikidata items). Pairing the participants up
is done here, in one pass over the events: on pyoxigraph a SPARQL self-join of 100k events'
participants takes over 15 s where the pass takes well under one (see bench/bench_network.py).

Every edge keeps the events behind it, so that any figure can be traced to sentences and
articles (``spacekg.graph.provenance``).

An event links every pair of its participants (actor, partner, recipient, target; instruments
are missions and agreements, not actors). The actor network is undirected; the direction of
directed roles (an actor acting on a target or a recipient) is kept as ``forward`` and
``backward`` counts. Goldstein scores come from the taxonomy (``spacekg.ontology.taxonomy``),
positive for cooperation, negative for conflict, one per event whatever the number of reports.
"""

from __future__ import annotations

import calendar
import contextlib
import functools
import gc
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from spacekg.errors import InputError
from spacekg.ontology.classes import subclasses
from spacekg.ontology.taxonomy import event_types
from spacekg.ontology.vocab import EVT, SKG, WD

from . import queries
from .metrics.engine import EngineGraph, keep_conversion
from .network_filter import ENTITY_TYPES, INSTRUMENT_KINDS, LEVELS, NetworkFilter, check_level
from .store import Store

#: Role marks in ``network/events.rq``'s ?members.
ROLES = {"a": "actor", "p": "partner", "r": "recipient", "t": "target", "i": "instrument"}
_GIVES = frozenset("a")  # roles that act on others
_RECEIVES = frozenset("rt")  # roles acted on
_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_CLASS_TYPE = {str(SKG[cls]): name for name, cls in ENTITY_TYPES.items()}
_CLASS_KIND = {str(SKG[cls]): kind for kind, classes in INSTRUMENT_KINDS.items() for cls in classes}


@dataclass(frozen=True, slots=True)
class Node:
    """An entity as a network node."""

    iri: str
    label: str
    type: str  # an ENTITY_TYPES name, an INSTRUMENT_KINDS name, or "other"
    country: str | None = None  # IRI of its country (a country's is itself)
    country_code: str | None = None  # ISO 3166-1 alpha-2 of that country
    wikidata: str | None = None  # QID, such as "Q739" for CNSA
    acronym: str | None = None
    # an intergovernmental body or agency (ESA, the UN): a node of its own at country level
    multinational: bool = False

    def attributes(self) -> dict[str, str]:
        """Node attributes for networkx, leaving out the unknown ones."""
        values = {
            "iri": self.iri,
            "label": self.label,
            "type": self.type,
            "country": self.country,
            "country_code": self.country_code,
            "wikidata": self.wikidata,
            "acronym": self.acronym,
        }
        return {k: v for k, v in values.items() if v is not None}


@dataclass(slots=True)
class EventRow:
    """One event as a projection sees it."""

    iri: str
    type: str  # taxonomy slug
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    members: tuple[tuple[str, str], ...]  # (role mark, entity IRI)

    @property
    def year(self) -> int | None:
        """The event's year, if dated."""
        return int(self.date[:4]) if self.date else None


@dataclass(slots=True)  # not frozen: a frozen record costs 4x as much to make, 127k at a time
class Edge:
    """A tie between two nodes and the events behind it.

    ``source`` and ``target`` are in IRI order (the network is undirected); ``forward`` counts
    the events in which the source acts on the target (actor to target or recipient),
    ``backward`` the reverse, and the rest are mutual (partners, co-actors, co-recipients).
    """

    source: str
    target: str
    weight: int  # number of distinct events
    goldstein_sum: float
    goldstein_mean: float
    first: str | None  # earliest event date, as given (YYYY, YYYY-MM or YYYY-MM-DD)
    last: str | None
    types: tuple[str, ...]  # taxonomy slugs, sorted
    events: tuple[str, ...]  # event IRIs, sorted
    forward: int
    backward: int
    periods: tuple[tuple[str, str], ...]  # merged [start, end] ISO days the events cover

    def attributes(self) -> dict[str, object]:
        """Edge attributes for networkx."""
        values: dict[str, object] = {
            "weight": self.weight,
            "goldstein_sum": self.goldstein_sum,
            "goldstein_mean": self.goldstein_mean,
            "types": list(self.types),
            "events": list(self.events),
            "forward": self.forward,
            "backward": self.backward,
            "periods": list(self.periods),
        }
        if self.first is not None:
            values["first"] = self.first
            values["last"] = self.last
        return values


@contextlib.contextmanager
def _bulk() -> Iterator[None]:
    """Pause the cyclic garbage collector while a projection builds its objects.

    A projection of 100k events makes millions of small dicts, tuples and records, none in a
    reference cycle; with the collector on, its repeated passes over them cost about a third of
    the projection's time (bench/bench_network.py). It is switched back on at the end, if it was,
    and makes one pass then.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
            # the young-generation pass over what was built, due at the next allocation anyway:
            # paid here, by the projection, rather than by whatever the caller does next
            gc.collect(0)


# --- reading the store ------------------------------------------------------------------------


@_bulk()
def load_events(store: Store, filters: NetworkFilter | None = None) -> list[EventRow]:
    """Every event passing the filter's event conditions, once each (``network/events*.rq``)."""
    flt = filters or NetworkFilter()
    if flt.filters_events:
        solutions = store.query(queries.load("network/events_filtered"), bindings=flt.bindings())
    else:
        solutions = store.query(queries.load("network/events"))
    evt = len(str(EVT)) + 1  # the type token is "T" + the taxonomy IRI
    rows = []
    for solution in solutions:
        slug = None
        date = None
        members: dict[tuple[str, str], None] = {}
        for token in solution[1].value.split():
            mark = token[0]
            if mark == "T":
                slug = token[evt:]
            elif mark == "D":
                date = token[1:] if date is None else min(date, token[1:])
            else:
                members[(mark, token[1:])] = None
        if slug is not None and flt.keeps_type(slug):
            rows.append(EventRow(solution[0].value, slug, date, tuple(members)))
    return rows


@_bulk()
def load_nodes(store: Store) -> dict[str, Node]:
    """Every actor, mission and agreement of the store as a node, by IRI."""
    found: dict[str, Node] = {}
    codes: dict[str, str] = {}
    for row in store.select(queries.load("network/actors")):
        iri = row["x"].value
        classes = row["classes"].value.split()
        kind = next((_CLASS_TYPE[c] for c in _CLASS_TYPE if c in classes), None)
        if kind is None:
            kind = next((_CLASS_KIND[c] for c in _CLASS_KIND if c in classes), "other")
        if kind == "country":
            country = iri
        else:
            country = next(
                (row[k].value for k in ("country", "viaPost", "viaParent") if k in row), None
            )
        label = row["label"].value if "label" in row else iri.rsplit("/", 1)[-1]
        wikidata = row["wikidata"].value.removeprefix(str(WD)) if "wikidata" in row else None
        acronym = row["acronym"].value if "acronym" in row else None
        multinational = any(c in _MULTINATIONAL for c in classes)
        found[iri] = Node(iri, label, kind, country, None, wikidata, acronym, multinational)
        if "iso" in row:
            codes[iri] = row["iso"].value
    return {
        iri: Node(
            n.iri,
            n.label,
            n.type,
            n.country,
            codes.get(n.country or ""),
            n.wikidata,
            n.acronym,
            n.multinational,
        )
        for iri, n in found.items()
    }


# --- pairing participants ---------------------------------------------------------------------


_MULTINATIONAL = frozenset(
    str(SKG[c]) for c in subclasses("IntergovernmentalOrganisation") + ("SpaceAgency",)
)


def _country_of(node: Node, nodes: Mapping[str, Node]) -> Node:
    """The node an actor rolls up to at country level: its country, else itself (ESA, the UN)."""
    if node.country and node.country in nodes:
        return nodes[node.country]
    return node


def _resolver(nodes: Mapping[str, Node], level: str, flt: NetworkFilter) -> dict[str, str]:
    """Each entity that can be a node of the level, mapped to the node it counts as.

    At country level a body with no country counts as itself only if it is multinational
    (ESA, the UN, the African Union): a body whose country is unknown ("the Council" of an
    article) would otherwise stand beside the states as if it were one.
    """
    allowed = set(LEVELS[level]) & {t for t in LEVELS["all"] if flt.keeps_entity_type(t)}
    found = {}
    for iri, node in nodes.items():
        if node.type not in allowed:
            continue
        if level != "country":
            found[iri] = iri
            continue
        rolled = _country_of(node, nodes)
        if rolled.type == "country" or rolled.multinational:
            found[iri] = rolled.iri
    return found


def _participants(row: EventRow, resolve: Mapping[str, str]) -> dict[str, set[str]]:
    """The event's participants as nodes of the level, each with the role marks it holds."""
    found: dict[str, set[str]] = {}
    for mark, iri in row.members:
        node = resolve.get(iri)
        if node is not None and mark != "i":
            found.setdefault(node, set()).add(mark)
    return found


def _direction(a_roles: set[str], b_roles: set[str]) -> int:
    """+1 when a acts on b, -1 when b acts on a, 0 when mutual or both ways."""
    ab = bool(a_roles & _GIVES and b_roles & _RECEIVES)
    ba = bool(b_roles & _GIVES and a_roles & _RECEIVES)
    return int(ab) - int(ba)


PairEvent = tuple[str, str, str | None, int]  # event IRI, type slug, date, direction


def _pair_events(
    rows: Iterable[EventRow], nodes: Mapping[str, Node], level: str, flt: NetworkFilter
) -> dict[tuple[str, str], list[PairEvent]]:
    pairs: dict[tuple[str, str], list[PairEvent]] = defaultdict(list)
    resolve = _resolver(nodes, level, flt)
    for row in rows:
        members = _participants(row, resolve)
        if len(members) < 2:
            continue
        ordered = sorted(members)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1 :]:
                pairs[(a, b)].append(
                    (row.iri, row.type, row.date, _direction(members[a], members[b]))
                )
    return pairs


@functools.lru_cache(maxsize=65536)
def period(date: str) -> tuple[str, str] | None:
    """The first and last day a date of any precision covers.

    >>> period("2024-02")
    ('2024-02-01', '2024-02-29')
    >>> period("2025")
    ('2025-01-01', '2025-12-31')
    """
    match = _DATE.match(date)
    if not match:
        return None
    year, month, day = match.groups()
    if day:
        return date, date
    if month:
        last = calendar.monthrange(int(year), int(month))[1]
        return f"{year}-{month}-01", f"{year}-{month}-{last:02d}"
    return f"{year}-01-01", f"{year}-12-31"


def merge_periods(spans: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """Overlapping [start, end] day spans merged, in order.

    >>> merge_periods([("2025-04-01", "2025-04-30"), ("2025-04-24", "2025-04-24"), ("2024-01-01", "2024-12-31")])
    (('2024-01-01', '2024-12-31'), ('2025-04-01', '2025-04-30'))
    """
    merged: list[list[str]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return tuple((s, e) for s, e in merged)


def _edge(
    source: str, target: str, events: list[PairEvent], goldstein: Mapping[str, float]
) -> Edge:
    """The edge of the events two nodes share (each event appears once in ``events``)."""
    if len(events) == 1:  # most ties: one event, no sorting or merging
        iri, slug, date, direction = events[0]
        score = goldstein[slug]
        span = period(date) if date else None
        return Edge(
            source,
            target,
            1,
            score,
            score,
            date,
            date,
            (slug,),
            (iri,),
            int(direction > 0),
            int(direction < 0),
            (span,) if span else (),
        )
    events.sort()
    total = 0.0
    forward = backward = 0
    dates = []
    types = set()
    for _, slug, date, direction in events:
        total += goldstein[slug]
        types.add(slug)
        if date:
            dates.append(date)
        if direction > 0:
            forward += 1
        elif direction < 0:
            backward += 1
    spans = [s for s in map(period, dates) if s is not None]
    return Edge(
        source=source,
        target=target,
        weight=len(events),
        goldstein_sum=round(total, 6),
        goldstein_mean=round(total / len(events), 6),
        first=min(dates) if dates else None,
        last=max(dates) if dates else None,
        types=tuple(sorted(types)),
        events=tuple(e[0] for e in events),
        forward=forward,
        backward=backward,
        periods=merge_periods(spans),
    )


def _goldstein() -> dict[str, float]:
    return {slug: t.goldstein for slug, t in event_types().items()}


def _keep_country(edges: list[Edge], nodes: Mapping[str, Node], code: str | None) -> list[Edge]:
    if code is None:
        return edges
    if not any(n.type == "country" and n.country_code == code for n in nodes.values()):
        raise InputError(
            f"no country with ISO code {code!r} in the store (use a code such as CN, US, FR)"
        )

    def touches(iri: str) -> bool:
        node = nodes.get(iri)
        return node is not None and node.country_code == code

    return [e for e in edges if touches(e.source) or touches(e.target)]


def _edges(
    rows: Iterable[EventRow], nodes: Mapping[str, Node], level: str, flt: NetworkFilter
) -> list[Edge]:
    pairs = _pair_events(rows, nodes, level, flt)
    goldstein = _goldstein()
    edges = [_edge(a, b, events, goldstein) for (a, b), events in sorted(pairs.items())]
    return _keep_country(edges, nodes, flt.country)


# --- public projections -----------------------------------------------------------------------


@_bulk()
def edge_list(store: Store, level: str = "all", filters: NetworkFilter | None = None) -> list[Edge]:
    """The actor network of a level as a list of edges, each with the events behind it.

    Parameters
    ----------
    store : Store
    level : {"all", "organisation", "person", "country"}
        Which entities are nodes; ``country`` rolls organisations and people up to their country
        (their own ``skg:country``, else a person's organisation's, else their parent body's);
        actors with no country (ESA, UN bodies) stay as themselves. Ties inside one country
        are left out.
    filters : NetworkFilter, optional

    Returns
    -------
    list of Edge
        Sorted by (source, target).
    """
    flt = filters or NetworkFilter()
    check_level(level)
    return _edges(load_events(store, flt), load_nodes(store), level, flt)


@_bulk()
def to_networkx(
    edges: Iterable[Edge], nodes: Mapping[str, Node], *, graph: Mapping[str, object] | None = None
) -> nx.Graph:
    """An undirected networkx graph of edges, with node and edge attributes.

    The metrics' igraph form is built here too, straight from the edge list, and kept with the
    graph (see ``spacekg.graph.metrics.engine``).
    """
    edges = list(edges)
    order: dict[str, int] = {}
    for edge in edges:
        order.setdefault(edge.source, len(order))
        order.setdefault(edge.target, len(order))
    g = nx.Graph(**(graph or {}))
    other = {"type": "other"}
    g.add_nodes_from(
        (iri, nodes[iri].attributes() if iri in nodes else {"iri": iri, "label": iri, **other})
        for iri in order
    )
    g.add_edges_from((e.source, e.target, e.attributes()) for e in edges)
    engine = ig.Graph(n=len(order), edges=[(order[e.source], order[e.target]) for e in edges])
    keep_conversion(g, EngineGraph(engine, list(order), [float(e.weight) for e in edges]))
    return g


@_bulk()
def actor_network(
    store: Store,
    level: str = "all",
    filters: NetworkFilter | None = None,
    *,
    multigraph: bool = False,
) -> nx.Graph:
    """The actor network of a level as a networkx graph (see ``edge_list`` for the levels).

    Nodes carry ``iri``, ``label``, ``type``, ``country``, ``country_code``, ``wikidata`` and
    ``acronym``; edges ``weight`` (distinct events), ``goldstein_sum``, ``goldstein_mean``,
    ``first``, ``last``, ``types``, ``events``, ``forward``, ``backward`` and ``periods``.
    With ``multigraph=True`` a ``MultiGraph`` has one edge per event type between two nodes,
    keyed by the type's slug.
    """
    flt = filters or NetworkFilter()
    check_level(level)
    rows = load_events(store, flt)
    nodes = load_nodes(store)
    info = {"level": level, "filters": flt}
    if not multigraph:
        return to_networkx(_edges(rows, nodes, level, flt), nodes, graph=info)
    multi = nx.MultiGraph(**info)
    for slug in sorted({row.type for row in rows}):
        typed = to_networkx(_edges((r for r in rows if r.type == slug), nodes, level, flt), nodes)
        multi.add_nodes_from(typed.nodes(data=True))
        multi.add_edges_from((u, v, slug, d) for u, v, d in typed.edges(data=True))
    return multi


@_bulk()
def directed_network(
    store: Store, level: str = "all", filters: NetworkFilter | None = None
) -> nx.DiGraph:
    """Who acts on whom: an arc from an actor to the target or recipient of its event.

    Only events with directed roles make arcs (criticism, sanctions, loans, funding, launches for
    a customer...); mutual ones (partners signing together) make none. Arcs carry the same
    attributes as the undirected network's edges, over the events in that direction.
    """
    flt = filters or NetworkFilter()
    check_level(level)
    nodes = load_nodes(store)
    arcs: dict[tuple[str, str], list[PairEvent]] = defaultdict(list)
    for (a, b), events in _pair_events(load_events(store, flt), nodes, level, flt).items():
        for item in events:
            if item[3] > 0:
                arcs[(a, b)].append(item)
            elif item[3] < 0:
                arcs[(b, a)].append((item[0], item[1], item[2], 1))  # the arc's own direction
    goldstein = _goldstein()
    edges = _keep_country(
        [_edge(a, b, ev, goldstein) for (a, b), ev in sorted(arcs.items())], nodes, flt.country
    )
    graph = nx.DiGraph(level=level, filters=flt)
    undirected = to_networkx(edges, nodes)
    graph.add_nodes_from(undirected.nodes(data=True))
    graph.add_edges_from((e.source, e.target, e.attributes()) for e in edges)
    return graph


@_bulk()
def signed_network(
    store: Store, level: str = "country", filters: NetworkFilter | None = None
) -> nx.Graph:
    """The actor network with each edge signed by its summed Goldstein score.

    ``sign`` is +1 where cooperation outweighs conflict between two nodes and -1 where conflict
    does (events weigh by their type's Goldstein value); edges whose scores cancel out exactly
    are left out, having no sign. Each edge also keeps the two sides apart: ``conflict_sum``
    (the negative scores) and ``cooperation_sum`` (the positive ones), since a pair that both
    trades sanctions and cooperates is not the same as one that does neither.
    """
    g = actor_network(store, level, filters)
    weights = {slug: t.goldstein for slug, t in event_types().items()}
    for u, v, data in list(g.edges(data=True)):
        scores = [weights.get(_event_type(e), 0.0) for e in data["events"]]
        data["conflict_sum"] = sum(x for x in scores if x < 0)
        data["cooperation_sum"] = sum(x for x in scores if x > 0)
        if data["goldstein_sum"] == 0:
            g.remove_edge(u, v)
        else:
            data["sign"] = 1 if data["goldstein_sum"] > 0 else -1
    g.remove_nodes_from([n for n in list(g) if g.degree(n) == 0])
    g.graph["signed"] = True
    return g


def _event_type(event: str) -> str:
    """The event type slug of an event IRI (``.../event/<type>-<hash>``)."""
    return event.rsplit("/", 1)[-1].rsplit("-", 1)[0]


@_bulk()
def bipartite_network(
    store: Store, kind: str = "mission", level: str = "all", filters: NetworkFilter | None = None
) -> nx.Graph:
    """Actors linked to the missions (or agreements) their events involve, as a bipartite graph.

    Actor nodes have ``bipartite=0``, instrument nodes ``bipartite=1``; an edge joins an actor
    to an instrument of one of its events and carries those events like any other edge.
    """
    if kind not in INSTRUMENT_KINDS:
        raise InputError(f"bipartite kind {kind!r} is not one of: {', '.join(INSTRUMENT_KINDS)}")
    flt = filters or NetworkFilter()
    check_level(level)
    nodes = load_nodes(store)
    pairs: dict[tuple[str, str], list[PairEvent]] = defaultdict(list)
    resolve = _resolver(nodes, level, flt)
    for row in load_events(store, flt):
        instruments = {
            iri
            for mark, iri in row.members
            if mark == "i" and iri in nodes and nodes[iri].type == kind
        }
        if not instruments:
            continue
        for actor in _participants(row, resolve):
            for instrument in instruments:
                pairs[(actor, instrument)].append((row.iri, row.type, row.date, 0))
    goldstein = _goldstein()
    edges = [_edge(a, m, events, goldstein) for (a, m), events in sorted(pairs.items())]
    edges = _keep_country(edges, nodes, flt.country)
    g = to_networkx(edges, nodes, graph={"level": level, "filters": flt, "bipartite": kind})
    for edge in edges:
        g.nodes[edge.source]["bipartite"] = 0
        g.nodes[edge.target]["bipartite"] = 1
    return g


@_bulk()
def project(bipartite: nx.Graph, method: str = "full") -> nx.Graph:
    """The one-mode projection of a bipartite actor-instrument graph onto its actors.

    Parameters
    ----------
    bipartite : networkx.Graph
        Nodes with ``bipartite=0`` (actors) and ``bipartite=1`` (instruments).
    method : {"full", "fractional"}
        ``full``: the weight of a tie is the number of instruments the two actors share.
        ``fractional`` (Newman 2001): each shared instrument with k actors adds 1/(k - 1), so
        an instrument shared by many counts less per tie and each actor's total is its number
        of instruments (with at least one partner).

    Examples
    --------
    Two actors share mission m1, which a third also has; the third alone has m2.

    >>> b = nx.Graph()
    >>> b.add_nodes_from(["a", "b", "c"], bipartite=0)
    >>> b.add_nodes_from(["m1", "m2"], bipartite=1)
    >>> b.add_edges_from([("a", "m1"), ("b", "m1"), ("c", "m1"), ("c", "m2")], events=["e1"])
    >>> sorted(project(b).edges(data="weight"))
    [('a', 'b', 1), ('a', 'c', 1), ('b', 'c', 1)]
    >>> sorted(project(b, "fractional").edges(data="weight"))
    [('a', 'b', 0.5), ('a', 'c', 0.5), ('b', 'c', 0.5)]
    """
    if method not in ("full", "fractional"):
        raise InputError(f"projection method {method!r} is not one of: full, fractional")
    actors = [n for n, side in bipartite.nodes(data="bipartite") if side == 0]
    g = nx.Graph(**{k: v for k, v in bipartite.graph.items() if k != "bipartite"})
    g.graph["projection"] = method
    g.add_nodes_from((n, bipartite.nodes[n]) for n in actors)
    for instrument, side in bipartite.nodes(data="bipartite"):
        if side != 1:
            continue
        members = sorted(bipartite[instrument])
        if len(members) < 2:
            continue
        share = 1 if method == "full" else 1.0 / (len(members) - 1)
        for i, a in enumerate(members):
            for b in members[i + 1 :]:
                if not g.has_edge(a, b):
                    g.add_edge(a, b, weight=0, instruments=[], events=set())
                data = g[a][b]
                data["weight"] += share
                data["instruments"].append(instrument)
                for actor in (a, b):
                    data["events"].update(bipartite[actor][instrument].get("events", ()))
    for _, _, data in g.edges(data=True):
        data["events"] = sorted(data["events"])
        if method == "fractional":
            data["weight"] = round(data["weight"], 9)
    return g


@_bulk()
def yearly_snapshots(
    store: Store, level: str = "all", filters: NetworkFilter | None = None
) -> dict[int, nx.Graph]:
    """The actor network of each year with dated events, oldest first (undated events are left out)."""
    flt = filters or NetworkFilter()
    check_level(level)
    rows = load_events(store, flt)
    nodes = load_nodes(store)
    by_year: dict[int, list[EventRow]] = defaultdict(list)
    for row in rows:
        if row.year is not None:
            by_year[row.year].append(row)
    return {
        year: to_networkx(
            _edges(by_year[year], nodes, level, flt),
            nodes,
            graph={"level": level, "filters": flt, "year": year},
        )
        for year in sorted(by_year)
    }

"""IRI patterns of SpaceKG resources: minting them, reading them back, and their paths on a server.

Every resource IRI is ``https://w3id.org/spacekg/<kind>/<slug>``; the kind is the first path
segment, so a server dereferences it at ``/<kind>/<slug>``. Articles, events, evidence and posts
get hashed slugs that depend only on what identifies them, so that re-ingesting an article or a
second report of the same event lands on the same node.

>>> minted("Shanghai Jiao Tong University", "ResearchInstitution")
'https://w3id.org/spacekg/institution/shanghai-jiao-tong-university'
>>> local_path("https://w3id.org/spacekg/agency/cnsa")
'/agency/cnsa'
>>> resolve("agency:cnsa")
'https://w3id.org/spacekg/agency/cnsa'
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable

import pyoxigraph as ox

from spacekg.errors import InputError

from .classes import ancestors
from .vocab import ARTICLE_GRAPH_PREFIX, BASE, COUNTRY, GRAPH, KINDS

_SLUG = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~-]*$")
_ARTICLE_ID = re.compile(r"^[A-Za-z0-9._-]{1,200}$")
# Characters an IRI may not hold (RFC 3987): a request naming one gets a 400, not a store error.
_IRI_FORBIDDEN = re.compile(r'[\s<>"{}|\\^`\x00-\x1f\x7f]')

#: The kind (first path segment) of the IRIs minted for each class and its subclasses.
_KIND_OF_ROOT: dict[str, str] = {
    "SpaceAgency": "agency",
    "Person": "person",
    "ResearchInstitution": "institution",
    "Country": "country",
    "Company": "company",
    "Organisation": "org",
    "Agreement": "agreement",
    "Policy": "policy",
    "SpaceProject": "mission",
}


def _hash(*parts: str, length: int = 16) -> str:
    return hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]


def slug(name: str) -> str:
    """A stable, readable IRI slug for a name: ASCII, lower case, words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    ascii_name = ascii_name.replace("'", "")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "unnamed"


def kind_of(cls: str) -> str:
    """The IRI kind of an entity class (``ResearchInstitution`` -> ``institution``)."""
    for ancestor in sorted(ancestors(cls), key=lambda c: -len(ancestors(c))):
        if ancestor in _KIND_OF_ROOT:
            return _KIND_OF_ROOT[ancestor]
    return "org"


def minted(name: str, cls: str) -> str:
    """The IRI of an entity not in the KB: its kind and normalised name, so articles merge on it."""
    return f"{BASE}{kind_of(cls)}/{slug(name)}"


# --- articles and what is extracted from them ------------------------------------------------


def article_key(identity: str) -> str:
    """The short, stable key of an article: a hash of its identity (URL or content hash)."""
    return _hash(identity)


def article_graph(identity: str) -> str:
    """The named graph that holds one article and what was extracted from it."""
    return ARTICLE_GRAPH_PREFIX + article_key(identity)


def article_iri(identity: str) -> str:
    """The IRI of the article node."""
    return f"{BASE}article/{article_key(identity)}"


def article_id(iri_or_graph: str) -> str | None:
    """The id of an article (the last segment of its graph or article IRI), else None."""
    for prefix in (ARTICLE_GRAPH_PREFIX, f"{BASE}article/"):
        if iri_or_graph.startswith(prefix):
            return iri_or_graph[len(prefix) :]
    return None


def article_graph_of_id(identifier: str) -> str:
    """The named graph of the article with this id (InputError for a malformed id)."""
    if not _ARTICLE_ID.match(identifier):
        raise InputError(f"id: {identifier!r} is not an article id (see GET /articles)")
    return ARTICLE_GRAPH_PREFIX + identifier


def evidence_iri(article_identity: str, start: int, end: int) -> str:
    """The IRI of a sentence of an article, by its character offsets."""
    return f"{BASE}evidence/{article_key(article_identity)}-{start}-{end}"


def post_iri(holder: str, organisation: str, role: str) -> str:
    """The IRI of a person's post in an organisation under a role title."""
    return f"{BASE}post/{_hash(holder, organisation, role.lower())}"


def event_iri(
    event_type: str,
    actors: Iterable[str],
    others: Iterable[str],
    instruments: Iterable[str],
    month: str | None,
    *,
    symmetric: bool,
    by_payload: bool,
) -> str:
    """The IRI of an event: type, participants and month, so reports of one event share it.

    ``symmetric`` events do not depend on who is named first; ``by_payload`` events (launches,
    payload carriage) are the launch of their payload that month, whoever a report names as
    launcher. ``instruments`` count only where given (agreements signed).
    """
    when = month or "undated"
    if by_payload:
        key = _hash(event_type, *sorted(set(instruments)), when)
    elif symmetric:
        parts = sorted(set(actors) | set(others))
        key = _hash(event_type, *parts, "|", *sorted(instruments), when)
    else:
        key = _hash(event_type, *sorted(actors), "|", *sorted(set(others)), when)
    return f"{BASE}event/{event_type}-{key}"


# --- reading IRIs that users give -------------------------------------------------------------


def is_iri(value: str) -> bool:
    """Whether ``value`` is an absolute http(s) IRI with no character IRIs forbid."""
    return value.startswith(("http://", "https://")) and not _IRI_FORBIDDEN.search(value)


def absolute_iri(value: str) -> str:
    """``value`` if it is an absolute IRI (any scheme), else InputError."""
    try:
        return ox.NamedNode(value).value
    except ValueError:
        raise InputError(f"{value!r} is not an absolute IRI") from None


def resource(kind: str, slug_: str) -> str:
    """The IRI of ``/<kind>/<slug>`` (InputError for an unknown kind or a malformed slug)."""
    if kind not in KINDS:
        raise InputError(f"unknown kind {kind!r}: use one of {', '.join(KINDS)}")
    if not _SLUG.match(slug_) or _IRI_FORBIDDEN.search(slug_):
        raise InputError(
            f"{slug_!r} is not a valid {kind} name: use letters, digits and . _ ~ - only"
        )
    return f"{BASE}{kind}/{slug_}"


def resolve(value: str, parameter: str = "iri") -> str:
    """The IRI a user names: a full IRI, ``agency:nasa`` or ``agency/nasa``."""
    value = value.strip()
    if is_iri(value):
        return value
    kind, sep, rest = value.replace(":", "/", 1).partition("/")
    if sep and kind in KINDS and _SLUG.match(rest) and not _IRI_FORBIDDEN.search(rest):
        return f"{BASE}{kind}/{rest}"
    raise InputError(
        f"{parameter}: {value!r} is not an entity; give an IRI such as "
        f"{BASE}agency/nasa, or kind:slug such as agency:nasa (kinds: {', '.join(KINDS)})"
    )


def country(value: str, parameter: str = "country") -> str:
    """The IRI of a country given as an ISO 3166-1 alpha-2 code (``CN``) or as an entity."""
    if re.fullmatch(r"[A-Za-z]{2}", value.strip()):
        return str(COUNTRY[value.strip().upper()])
    return resolve(value, parameter)


def local_path(iri: str) -> str | None:
    """The path on a SpaceKG server that dereferences a SpaceKG IRI (``/agency/nasa``), else None."""
    if not iri.startswith(BASE):
        return None
    kind, slash, rest = iri[len(BASE) :].partition("/")
    if slash and kind in KINDS and _SLUG.match(rest):
        return f"/{kind}/{rest}"
    return None


def kind_of_iri(iri: str) -> str | None:
    """The kind of a SpaceKG resource IRI (``agency``), else None."""
    if not iri.startswith(BASE):
        return None
    kind, slash, _ = iri[len(BASE) :].partition("/")
    return kind if slash and kind in KINDS else None


#: Named graphs the graph layer keeps beside the article graphs.
UPLOAD_GRAPH_PREFIX = str(GRAPH) + "upload/"

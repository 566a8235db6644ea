"""HTTP content negotiation over the format registry (:mod:`spacekg.graph.formats`).

A format is chosen from the request's ``Accept`` header (q-values, ``type/*`` and ``*/*``
honoured); when the client names nothing we serve, the caller answers 406 with the list.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacekg.graph.formats import Format


@dataclass(frozen=True)
class _Range:
    type: str
    subtype: str
    q: float

    def matches(self, media_type: str) -> int:
        """How specifically this range matches ``media_type``: 2 exact, 1 ``type/*``, 0 ``*/*``, -1 not."""
        kind, _, sub = media_type.partition("/")
        if self.type == "*":
            return 0
        if self.type != kind:
            return -1
        if self.subtype == "*":
            return 1
        return 2 if self.subtype == sub else -1


def parse_accept(header: str | None) -> list[_Range]:
    """The media ranges of an Accept header; malformed entries are skipped, as browsers do."""
    ranges = []
    for part in (header or "").split(","):
        media, *params = (p.strip() for p in part.split(";"))
        kind, slash, sub = media.lower().partition("/")
        if not slash or not kind or not sub:
            continue
        q = 1.0
        for param in params:
            name, _, value = param.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append(_Range(kind, sub, q))
    return ranges


def quality(ranges: list[_Range], media_type: str) -> float:
    """The q-value the client gives ``media_type``: that of the most specific matching range."""
    best, best_q = -1, 0.0
    for r in ranges:
        specificity = r.matches(media_type)
        if specificity > best:
            best, best_q = specificity, r.q
    return best_q


def _exact(ranges: list[_Range], media_type: str) -> float:
    return max((r.q for r in ranges if r.matches(media_type) == 2), default=0.0)


def negotiate(accept: str | None, offers: tuple[Format, ...]) -> Format | None:
    """The offer the client prefers (ties go to the first offer); ``None`` if none is acceptable."""
    if not accept or not accept.strip():
        return offers[0]
    ranges = parse_accept(accept)
    if not ranges:
        return offers[0]
    chosen, chosen_q = None, 0.0
    for offer in offers:
        # Aliases count only when named exactly: ``text/*`` means CSV, not XML sent as text/xml.
        q = max([quality(ranges, offer.media_type), *(_exact(ranges, a) for a in offer.aliases)])
        if q > chosen_q:
            chosen, chosen_q = offer, q
    return chosen


def prefers_html(accept: str | None, over: str = "text/turtle") -> bool:
    """Whether a browser is asking: HTML is acceptable and ranked above ``over`` (Turtle)."""
    ranges = parse_accept(accept)
    html = max(quality(ranges, "text/html"), quality(ranges, "application/xhtml+xml"))
    # Browsers rank */* low, so an explicit text/html beats Turtle reached through the wildcard.
    return (
        html > 0
        and html > quality(ranges, over)
        and any(r.type == "text" and r.subtype == "html" for r in ranges)
    )


def media_type_of(content_type: str | None) -> tuple[str, dict[str, str]]:
    """Split a Content-Type header into its lower-cased media type and its parameters."""
    if not content_type:
        return "", {}
    media, *params = (p.strip() for p in content_type.split(";"))
    parsed = {}
    for param in params:
        name, _, value = param.partition("=")
        parsed[name.strip().lower()] = value.strip().strip('"')
    return media.lower(), parsed


def describe(offers: tuple[Format, ...]) -> str:
    """The offered media types, for a 406 message."""
    return ", ".join(f.media_type for f in offers)

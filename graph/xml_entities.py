"""Refusing XML entity bombs before pyoxigraph's RDF/XML parser expands them.

pyoxigraph expands internal entities of an RDF/XML document's DOCTYPE without a limit: 566 bytes
declaring nine levels of entities, each ten times the one before, become a literal of a billion
characters. OWL files do declare small entities (``<!ENTITY xsd "http://...#">``), so entities are
not refused as such: their expanded sizes are worked out from the declarations first, and a
document whose entities would expand past the limits is refused with a message saying so.

>>> check(b'<!DOCTYPE r [<!ENTITY x "http://x#">]><r>&x;a</r>', source="ok.rdf")
>>> levels = "".join(f'<!ENTITY e{i + 1} "{f"&e{i};" * 10}">' for i in range(6))
>>> bomb = f'<!DOCTYPE r [<!ENTITY e0 "ha">{levels}]><r>&e6;</r>'.encode()
>>> check(bomb, source="bomb.rdf")
Traceback (most recent call last):
...
spacekg.errors.InputError: bomb.rdf: its XML entities would expand to more than 100,000 characters (an entity expansion bomb): refused; write the text out instead of declaring entities
"""

from __future__ import annotations

import re

from spacekg.errors import InputError

#: The most characters one entity may expand to, and all entity references together.
MAX_ENTITY = 100_000
MAX_TOTAL = 10_000_000

_DOCTYPE = re.compile(rb"<!DOCTYPE\b[^\[>]*\[(.*?)\]\s*>", re.S | re.I)
_DECLARATION = re.compile(
    r"""<!ENTITY\s+(%\s+)?([^\s"'>]+)\s+(?:"([^"]*)"|'([^']*)'|((?:SYSTEM|PUBLIC)\b[^>]*))\s*>""",
    re.S,
)
_REFERENCE = re.compile(r"&([A-Za-z_:][\w.:-]*);")


def check(data: bytes, *, source: str) -> None:
    """Raise InputError if ``data`` declares external, parameter or exploding XML entities."""
    doctype = _DOCTYPE.search(data[:1_000_000])
    if doctype is None:
        return
    subset = doctype.group(1).decode("utf-8", "replace")
    values: dict[str, str] = {}
    for match in _DECLARATION.finditer(subset):
        parameter, name, double, single, external = match.groups()
        if parameter or external:
            raise InputError(
                f"{source}: declares an external or parameter XML entity ({name}): refused, "
                "SpaceKG reads no files or URLs on a document's behalf"
            )
        values[name] = double if double is not None else single
    if not values:
        return
    sizes: dict[str, int] = {}

    def size(name: str, depth: int = 0) -> int:
        if name in sizes:
            return sizes[name]
        if depth > 20:
            raise InputError(f"{source}: XML entities nest more than 20 deep: refused")
        total = 0
        text = values.get(name, "")
        for ref in _REFERENCE.finditer(text):
            total += size(ref.group(1), depth + 1) if ref.group(1) in values else len(ref.group())
            if total > MAX_ENTITY:
                break
        total += len(_REFERENCE.sub("", text))
        sizes[name] = total
        return total

    body = data[doctype.end() :].decode("utf-8", "replace")
    used = 0
    for ref in _REFERENCE.finditer(body):
        if ref.group(1) in values:
            used += size(ref.group(1))
    largest = max((size(name) for name in values), default=0)
    if largest > MAX_ENTITY or used > MAX_TOTAL:
        raise InputError(
            f"{source}: its XML entities would expand to more than "
            f"{MAX_ENTITY if largest > MAX_ENTITY else MAX_TOTAL:,} characters (an entity "
            "expansion bomb): refused; write the text out instead of declaring entities"
        )

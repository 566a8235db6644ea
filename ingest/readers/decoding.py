"""Bytes to text: UTF-8, or the charset an HTML or XML document declares; binary files refused."""

from __future__ import annotations

import codecs
import re

import webencodings

from spacekg.errors import ReadError

BINARY_REASON = "binary file, not text"
XML_ENCODING = re.compile(rb"""<\?xml[^>]{0,200}?encoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
META_CHARSET = re.compile(
    rb"""<meta[^>]{0,300}?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.IGNORECASE
)
# Bytes other than tab, newline, form feed and carriage return that never appear in text.
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13)) + b"\x7f"


def decode(data: bytes) -> str:
    """Decode UTF-8 (or a charset the document declares), telling binary files apart.

    Raises :class:`~spacekg.errors.ReadError` saying why the bytes are not readable text.
    """
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ReadError(BINARY_REASON) from None
    if b"\x00" in data:
        raise ReadError(BINARY_REASON)
    bom = len(codecs.BOM_UTF8) if data.startswith(codecs.BOM_UTF8) else 0
    try:
        text = data[bom:].decode("utf-8")
    except UnicodeDecodeError as exc:
        declared = _declared_charset(data[:4096])
        if declared is not None:
            return _decode_declared(data, declared)
        if _mostly_undecodable(data):
            raise ReadError(BINARY_REASON) from None
        offset = exc.start + bom
        raise ReadError(
            f"not valid UTF-8 (byte 0x{data[offset]:02x} at offset {offset}); save it as UTF-8"
        ) from None
    sample = data[:65536]
    if sum(sample.count(bytes([b])) for b in _CONTROL_BYTES) > 0.05 * len(sample):
        raise ReadError(BINARY_REASON)
    return text


def _declared_charset(head: bytes) -> webencodings.Encoding | None:
    """The encoding an HTML ``<meta charset>`` or an XML declaration names, unless it is UTF-8.

    Labels are read as browsers read them (the WHATWG Encoding Standard, by ``webencodings``):
    ``iso-8859-1`` and ``ascii`` mean windows-1252, whose curly quotes pages so labelled
    routinely contain, and a UTF-16 label on bytes that are not UTF-16 means nothing.
    """
    match = XML_ENCODING.search(head) or META_CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    # "latin-1" is no WHATWG label, but "latin1" is: forgive the punctuation.
    encoding = webencodings.lookup(label) or webencodings.lookup(re.sub(r"[-_]", "", label))
    if encoding is None:
        raise ReadError(
            f"not valid UTF-8, and the declared charset {label!r} is unknown; save it as UTF-8"
        )
    if encoding.name == "replacement":
        raise ReadError(
            f"declares the charset {label!r}, which browsers refuse to decode; save it as UTF-8"
        )
    return None if encoding.name in ("utf-8", "utf-16le", "utf-16be") else encoding


def _decode_declared(data: bytes, encoding: webencodings.Encoding) -> str:
    try:
        return encoding.codec_info.decode(data)[0]
    except UnicodeDecodeError as exc:
        raise ReadError(
            f"not valid {encoding.name} although it declares that charset "
            f"(byte 0x{data[exc.start]:02x} at offset {exc.start}); save it as UTF-8"
        ) from None


def _mostly_undecodable(data: bytes) -> bool:
    sample = data[:65536]
    text = sample.decode("utf-8", errors="replace")
    return text.count("\ufffd") > 0.1 * max(len(text), 1)

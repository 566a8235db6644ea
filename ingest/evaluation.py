"""Evaluation: an extraction in the format of ``shared/eval/FORMAT.md``, and its score against gold.

The scoring follows the shared scorer's matching exactly (names normalised the same way, one-to-one
greedy entity matching, symmetric predicates unordered, implicit gold neither rewarded nor
penalised in the lenient score) and adds what the shared one does not show: scores per predicate
and the missed and spurious relations with their evidence sentence, so that each change to the
rules can be driven by a kind of error.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .gazetteer import default
from .records import Extraction
from .statements import statements

GENERIC_TAIL = re.compile(
    r"\s+(?:mission|satellite|spacecraft|probe|rover|lander|rocket|launch vehicle|telescope|"
    r"programme|program|navigation system|navigation satellite system|satellite system|"
    r"space station|station|system|initiative|project|constellation)$",
    re.IGNORECASE,
)

DESCRIPTION = re.compile(
    r"(?:the|this|that|these|those|its|their|both|our|his|her)\s", re.IGNORECASE
)
# The evaluation scores what the text says: KB knowledge about co-mentioned entities that the
# text does not state (who operates a mission, which body a centre belongs to, where an agency
# is) stays in the graph but is not reported as extracted.
NOT_EVALUATED = {"targets"}
SYMMETRIC = {"cooperates_with", "agrees_with", "negotiates_with"}


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def to_eval_json(extraction: Extraction) -> dict:
    """The entities and relations of one article, named as the evaluation format expects."""
    entities = extraction.entities
    mentioned = {m.iri for m in extraction.mentions} | {
        i for e in extraction.events for i in e.instruments
    }
    out_entities = []
    kb = default()
    for iri in sorted(mentioned, key=lambda i: entities[i].name):
        entity = entities[iri]
        # names only: "the agency", "this mission" point at an entity but do not name it
        forms = {f for f in entity.surfaces if not DESCRIPTION.match(f)}
        # "DART mission" is also called "DART"; the KB's acronyms are names too
        forms |= {GENERIC_TAIL.sub("", f) for f in forms if GENERIC_TAIL.search(f)}
        if iri in kb.entities:
            forms |= kb.entities[iri].acronyms
        aliases = sorted(forms - {entity.name})
        record = {
            "name": entity.name,
            "type": entity.eval_type,
            "aliases": aliases,
            "wikidata": entity.qid,
        }
        out_entities.append(record)
    relations = []
    for st in statements(extraction):
        if st.predicate in NOT_EVALUATED or st.source == "kb":
            continue
        if st.subject not in entities or st.object not in entities:
            continue
        relations.append(
            {
                "subject": entities[st.subject].name,
                "predicate": _snake(st.predicate),
                "object": entities[st.object].name,
                "date": st.date.iso if st.date else None,
                "evidence": st.evidence.text if st.evidence else None,
            }
        )
    return {"entities": out_entities, "relations": relations}


# --- scoring ---------------------------------------------------------------------------------


def norm(name: str) -> str:
    """A name as the scorer compares it: case, apostrophes, hyphens, a leading "the"/"Mr" folded."""
    s = unicodedata.normalize("NFKC", name or "").casefold()
    s = s.replace("\u2019", "'").replace("\u2018", "'").replace("`", "'")
    s = re.sub(r"[\u2010-\u2015]", "-", s)
    s = re.sub(r"^(the|mr|mrs|ms|dr|prof)\.?\s+", "", s.strip())
    s = re.sub(r"'s$", "", s)
    s = re.sub(r"[\s\-_.,]+", " ", s)
    return s.strip()


def _forms(entity: dict) -> set[str]:
    out = {norm(entity.get("name", ""))} | {norm(a) for a in entity.get("aliases") or []}
    out.discard("")
    return out


def match_entities(gold: list[dict], pred: list[dict]) -> dict[int, int]:
    """One-to-one greedy matching of predicted to gold entities: {pred index: gold index}."""
    pairs = []
    for pi, p in enumerate(pred):
        pf, pq = _forms(p), p.get("wikidata")
        for gi, g in enumerate(gold):
            overlap = len(pf & _forms(g))
            same_qid = bool(pq) and pq == g.get("wikidata")
            if overlap or same_qid:
                exact = norm(p.get("name", "")) == norm(g.get("name", ""))
                pairs.append((-(exact * 4 + same_qid * 2 + min(overlap, 1)), pi, gi))
    pairs.sort()
    used_p: set[int] = set()
    used_g: set[int] = set()
    found = {}
    for _, pi, gi in pairs:
        if pi not in used_p and gi not in used_g:
            used_p.add(pi)
            used_g.add(gi)
            found[pi] = gi
    return found


def _resolve(name: str, ents: list[dict], mapping: dict[int, int], gold: list[dict]) -> int | None:
    n = norm(name)
    for pi, p in enumerate(ents):
        if n in _forms(p) and pi in mapping:
            return mapping[pi]
    for gi, g in enumerate(gold):
        if n in _forms(g):
            return gi
    return None


def _key(s: object, p: str, o: object) -> tuple:
    return (p, frozenset((s, o))) if p in SYMMETRIC else (p, s, o)


@dataclass
class Counts:
    """True positives, predictions and gold items of one score."""

    tp: int = 0
    predicted: int = 0
    gold: int = 0

    def add(self, other: Counts) -> None:
        """Add another count to this one."""
        self.tp += other.tp
        self.predicted += other.predicted
        self.gold += other.gold

    @property
    def precision(self) -> float:
        """tp / predicted (0 when nothing was predicted)."""
        return self.tp / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        """tp / gold (0 when there is no gold)."""
        return self.tp / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Error:
    """A missed or spurious relation, with the sentence it came from."""

    article: str
    subject: str
    predicate: str
    object: str
    evidence: str


@dataclass
class Report:
    """Scores of predictions against gold: overall, per predicate, and the errors behind them."""

    entities: Counts = field(default_factory=Counts)
    entities_typed: Counts = field(default_factory=Counts)
    strict: Counts = field(default_factory=Counts)
    lenient: Counts = field(default_factory=Counts)
    by_predicate: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    dates_ok: int = 0
    dates_total: int = 0
    missed: list[Error] = field(default_factory=list)
    spurious: list[Error] = field(default_factory=list)
    misdated: list[Error] = field(default_factory=list)  # evidence: "gold date / predicted date"
    articles: list[str] = field(default_factory=list)

    @property
    def date_accuracy(self) -> float | None:
        """Share of matched relations with a gold date whose predicted date agrees."""
        return self.dates_ok / self.dates_total if self.dates_total else None


def _load(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {"entities": [], "relations": []}


def score_article(article: str, gold: dict, pred: dict, report: Report) -> None:
    """Add one article's scores and errors to a report."""
    ge, pe = gold["entities"], pred.get("entities", [])
    mapping = match_entities(ge, pe)
    report.articles.append(article)
    report.entities.add(Counts(len(mapping), len(pe), len(ge)))
    typed = sum(1 for pi, gi in mapping.items() if pe[pi].get("type") == ge[gi].get("type"))
    report.entities_typed.add(Counts(typed, len(pe), len(ge)))
    identity = {i: i for i in range(len(ge))}
    gold_keys: dict[tuple, dict] = {}
    implicit: set[tuple] = set()
    for r in gold["relations"]:
        s = _resolve(r["subject"], ge, identity, ge)
        o = _resolve(r["object"], ge, identity, ge)
        k = _key(s, r["predicate"], o)
        gold_keys[k] = r
        if r.get("implicit"):
            implicit.add(k)
    pred_keys: dict[tuple, dict] = {}
    for r in pred.get("relations", []):
        s = _resolve(r.get("subject", ""), pe, mapping, ge)
        o = _resolve(r.get("object", ""), pe, mapping, ge)
        s_end = ("p", r.get("subject")) if s is None else s
        o_end = ("p", r.get("object")) if o is None else o
        pred_keys.setdefault(_key(s_end, r.get("predicate", ""), o_end), r)
    tp = gold_keys.keys() & pred_keys.keys()
    report.strict.add(Counts(len(tp), len(pred_keys), len(gold_keys)))
    explicit = gold_keys.keys() - implicit
    counted = pred_keys.keys() - implicit
    report.lenient.add(Counts(len(counted & explicit), len(counted), len(explicit)))
    for k in explicit:
        report.by_predicate[k[0]].gold += 1
        if k in pred_keys:
            report.by_predicate[k[0]].tp += 1
        else:
            r = gold_keys[k]
            report.missed.append(
                Error(article, r["subject"], k[0], r["object"], r.get("evidence") or "")
            )
    for k in counted:
        report.by_predicate[k[0]].predicted += 1
        if k not in explicit:
            r = pred_keys[k]
            report.spurious.append(
                Error(article, r["subject"], k[0], r["object"], r.get("evidence") or "")
            )
    for k in tp:
        gold_date = gold_keys[k].get("date")
        if gold_date:
            report.dates_total += 1
            predicted = str(pred_keys[k].get("date") or "")
            if predicted.startswith(gold_date):
                report.dates_ok += 1
            else:
                r = gold_keys[k]
                note = f"gold {gold_date} / predicted {predicted or '-'}: {r.get('evidence') or ''}"
                report.misdated.append(Error(article, r["subject"], k[0], r["object"], note))


def evaluate(gold_dir: Path, pred_dir: Path, articles: Iterable[str] | None = None) -> Report:
    """Score every gold file of a folder (or only the named article ids) against predictions."""
    wanted = set(articles) if articles is not None else None
    report = Report()
    for path in sorted(Path(gold_dir).glob("*.json")):
        if wanted is not None and path.stem not in wanted:
            continue
        score_article(path.stem, _load(path), _load(Path(pred_dir) / path.name), report)
    return report


def format_report(report: Report, *, errors: bool = True) -> str:
    """The report as text: overall scores, a table per predicate, then the errors by predicate."""
    lines = [f"articles: {len(report.articles)} ({' '.join(report.articles)})"]
    for label, c in (
        ("entities", report.entities),
        ("entities_typed", report.entities_typed),
        ("relations_strict", report.strict),
        ("relations_lenient", report.lenient),
    ):
        lines.append(
            f"{label:18} P={c.precision:.3f} R={c.recall:.3f} F1={c.f1:.3f}"
            f"  (tp={c.tp} pred={c.predicted} gold={c.gold})"
        )
    accuracy = report.date_accuracy
    lines.append(
        f"{'date_accuracy':18} {'-' if accuracy is None else f'{accuracy:.3f}'}"
        f"  ({report.dates_ok}/{report.dates_total})"
    )
    lines.append("")
    lines.append(
        f"{'predicate (lenient)':28} {'P':>6} {'R':>6} {'F1':>6} {'tp':>4} {'pred':>5} {'gold':>5}"
    )
    for predicate in sorted(report.by_predicate, key=lambda p: -report.by_predicate[p].gold):
        c = report.by_predicate[predicate]
        lines.append(
            f"{predicate:28} {c.precision:6.2f} {c.recall:6.2f} {c.f1:6.2f} {c.tp:4d}"
            f" {c.predicted:5d} {c.gold:5d}"
        )
    if errors:
        for title, found in (
            ("MISSED", report.missed),
            ("SPURIOUS", report.spurious),
            ("WRONG DATE", report.misdated),
        ):
            lines.append("")
            lines.append(f"== {title} ({len(found)})")
            for e in sorted(found, key=lambda e: (e.predicate, e.article)):
                lines.append(f"[{e.article}] {e.subject} --{e.predicate}--> {e.object}")
                if e.evidence:
                    lines.append(f"      | {e.evidence[:220]}")
    return "\n".join(lines)

"""Tidy pandas views of a :class:`Comparison` for notebooks.

One row per observation, plain columns (lists stay lists so ``explode`` works),
so ``df.groupby("status")`` or ``df.explode("themes")`` answer the usual
questions without reshaping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from ofsted_mine.compare.models import Comparison

JUDGEMENT_COLUMNS = [
    "local_authority", "area", "inspection", "end", "framework", "grade", "grade_rank",
    "combined", "cited", "previous", "direction", "steps",
]
FINDING_COLUMNS = [
    "local_authority", "kind", "inspection", "number", "status", "next_inspection", "polarity",
    "themes", "text", "section", "page", "source", "best_score", "to", "to_polarity",
    "shared_themes", "matched_phrases", "interim",
]


def judgements_frame(cmp: Comparison) -> pd.DataFrame:
    """One row per (area, graded inspection); a gap has grade ``None``."""
    import pandas as pd

    from ofsted_mine.codebook import grade_rank

    by_key = {i.key: i for i in cmp.inspections}
    rows = []
    for row in cmp.judgements:
        changes = {c.to: c for c in row.changes}
        for key, grade in row.grades.items():
            insp = by_key.get(key)
            ch = changes.get(key)
            try:
                rank = grade_rank(grade) if grade else None
            except ValueError:
                rank = None
            rows.append(
                {
                    "local_authority": cmp.local_authority,
                    "area": row.area,
                    "inspection": key,
                    "end": insp.end if insp else None,
                    "framework": insp.framework if insp else None,
                    "grade": grade,
                    "grade_rank": rank,
                    "combined": key in row.combined,
                    "cited": key in row.cited,
                    "previous": ch.from_ if ch else None,
                    "direction": ch.direction if ch else None,
                    "steps": ch.steps if ch else None,
                }
            )
    return pd.DataFrame(rows, columns=JUDGEMENT_COLUMNS)


def findings_frame(cmp: Comparison) -> pd.DataFrame:
    """One row per traced finding or recommendation, then one per ``new`` weakness."""
    import pandas as pd

    rows = []
    for t in cmp.findings:
        f = t.from_
        rows.append(_row(cmp, "finding", f.inspection, f.number, t, f.polarity, f.themes, f.text, f.section, f.page,
                         f.source))
    for t in cmp.recommendations:
        r = t.from_
        rows.append(_row(cmp, "recommendation", r.inspection, r.index, t, "weakness", r.themes, r.text, r.area,
                         r.page, r.source))
    for n in cmp.new:
        rows.append(
            {
                "local_authority": cmp.local_authority, "kind": "new", "inspection": n.inspection,
                "number": n.number, "status": "new", "next_inspection": None, "polarity": n.polarity,
                "themes": list(n.themes), "text": n.text, "section": n.section, "page": n.page, "source": None,
                "best_score": None, "to": [], "to_polarity": [], "shared_themes": [], "matched_phrases": [],
                "interim": 0,
            }
        )
    return pd.DataFrame(rows, columns=FINDING_COLUMNS)


def _row(cmp, kind, inspection, number, t, polarity, themes, text, section, page, source) -> dict:
    return {
        "local_authority": cmp.local_authority,
        "kind": kind,
        "inspection": inspection,
        "number": number,
        "status": t.status,
        "next_inspection": t.next_inspection,
        "polarity": polarity,
        "themes": list(themes),
        "text": text,
        "section": section,
        "page": page,
        "source": source,
        "best_score": t.evidence.best_score if t.to else None,
        "to": [f"{lk.inspection}:{'R' if lk.kind == 'recommendation' else ''}{lk.number}" for lk in t.to],
        "to_polarity": [lk.polarity for lk in t.to],
        "shared_themes": list(t.evidence.shared_themes),
        "matched_phrases": list(t.evidence.matched_phrases),
        "interim": len(t.evidence.interim),
    }


__all__ = ["judgements_frame", "findings_frame", "JUDGEMENT_COLUMNS", "FINDING_COLUMNS"]

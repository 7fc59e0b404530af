"""Benchmark the comparator (run: ``.venv/bin/python bench/compare.py``).

1. Two real ~70-finding reports (Kirklees 2019 from the scrutiny pack, 2024)
   compared including classification. Target: under 0.3 s.
2. A synthetic corpus of 150 authorities × 3 inspections, made by perturbing
   the corpus findings (dropped and swapped words, shuffled sentences, a
   share of polarities flipped, a random subset of paragraphs per
   inspection), compared with ``compare_all(workers=2)``. Target: under 60 s
   on 2 cores. Printed beside a naive baseline run in the same process: a
   Python double loop of rapidfuzz ``token_set_ratio`` over all pairs of
   findings of each consecutive pair (what one would write first), as a
   ratio. The baseline only scores pairs; the comparator also builds
   TF-IDF, themes, links, phrases and statuses.

Peak memory is the process's maximum resident set size (``ru_maxrss``),
plus that of the worker processes.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ofsted_mine.models import Document  # noqa: E402

PACK_2019 = ROOT / "corpus" / "kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt"
REPORT_2024 = ROOT / "corpus" / "kirklees_2024_ilacs_inspection_report.txt"

SWAPS = {
    "children": "young people", "social workers": "practitioners", "effective": "strong",
    "not": "not yet", "timely": "prompt", "managers": "leaders", "quality": "standard",
    "improving": "getting better", "some": "a few", "many": "most",
}


def _maxrss_mb() -> tuple[float, float]:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return own, kids


def _untagged(doc: Document) -> Document:
    return doc.model_copy(
        update={
            "findings": [f.model_copy(update={"themes": [], "polarity": None}) for f in doc.findings],
            "recommendations": [r.model_copy(update={"themes": [], "polarity": None}) for r in doc.recommendations],
        }
    )


def real_reports() -> tuple[Document, Document, str]:
    """The 2019 and 2024 ILACS reports as extracted, plus how they will be tagged."""
    from ofsted_mine.extract import extract

    r2019 = next(d for d in extract(PACK_2019) if d.doc_type == "ilacs_report")
    r2024 = extract(REPORT_2024)[0]
    return r2019, r2024, "extracted"


def bench_pair(repeats: int) -> dict:
    from ofsted_mine.compare import compare

    a, b = real_reports()[:2]
    try:
        from ofsted_mine.classify import classify  # noqa: F401

        have_classifier = True
    except ImportError:
        have_classifier = False
    docs = [_untagged(a), _untagged(b)]
    if not have_classifier:  # gold tags so the comparison is still meaningful
        sys.path.insert(0, str(ROOT / "tests"))
        from compare import labelled  # type: ignore[import-not-found]

        docs = [labelled.report_2019(), labelled.report_2024()]
    compare(docs)  # warm-up: imports, model loading
    times, cpu, t_classify, t_compare = [], [], [], []
    for _ in range(repeats):
        fresh = [_untagged(d) for d in docs] if have_classifier else docs
        t0, c0 = time.perf_counter(), time.process_time()
        cmp = compare(fresh)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
        if have_classifier:  # the two parts, measured apart
            from ofsted_mine.classify import classify_documents

            t0 = time.perf_counter()
            tagged = classify_documents([_untagged(d) for d in docs])
            t_classify.append(time.perf_counter() - t0)
            t0 = time.perf_counter()
            compare(tagged)
            t_compare.append(time.perf_counter() - t0)
    return {
        "findings": (len(docs[0].findings), len(docs[1].findings)),
        "median_s": statistics.median(times),
        "cpu_s": statistics.median(cpu),
        "classify_s": statistics.median(t_classify) if t_classify else None,
        "compare_s": statistics.median(t_compare) if t_compare else None,
        "classified": have_classifier,
        "statuses": cmp.status_counts(),
    }


def _perturb(text: str, rng: random.Random) -> str:
    sentences = [s.strip() for s in text.replace("; ", ". ").split(". ") if s.strip()]
    rng.shuffle(sentences)
    words = " ".join(sentences).split()
    out = []
    for w in words:
        r = rng.random()
        if r < 0.08:
            continue  # dropped word
        key = w.lower().strip(".,")
        if r < 0.20 and key in SWAPS:
            w = SWAPS[key]
        out.append(w)
    return " ".join(out)


def synthetic_corpus(n_authorities: int, seed: int = 7) -> list[Document]:
    """n authorities × 3 graded inspections of perturbed, already-tagged corpus findings."""
    sys.path.insert(0, str(ROOT / "tests"))
    from compare import labelled  # type: ignore[import-not-found]

    pool = [labelled.report_2019(), labelled.report_2024()]
    rng = random.Random(seed)
    flip = {"strength": "weakness", "weakness": "strength", "mixed": "strength", "neutral": "neutral"}
    docs = []
    for k in range(n_authorities):
        la = f"Synthton {k} Metropolitan Borough Council"
        for i, year in enumerate((2017, 2020, 2023)):
            base = pool[(k + i) % 2]
            findings = []
            for n, f in enumerate(x for x in base.findings if rng.random() < 0.9):
                pol = f.polarity
                if pol is not None and rng.random() < 0.2:
                    pol = pol.model_copy(update={"label": flip[pol.label]})
                findings.append(f.model_copy(update={"number": n + 1, "text": _perturb(f.text, rng), "polarity": pol}))
            start = dt.date(year, 1 + (k % 11), 3)
            docs.append(
                base.model_copy(
                    update={
                        "id": f"s{k}_{year}",
                        "source": f"synthetic/{k}_{year}.pdf",
                        "local_authority": la,
                        "inspection_start": start,
                        "inspection_end": start + dt.timedelta(days=11),
                        "findings": findings,
                    }
                )
            )
    return docs


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the worker pool)."""
    own = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def naive_baseline(docs: list[Document]) -> float:
    """All-pairs rapidfuzz in a Python double loop, per consecutive pair of each authority."""
    from rapidfuzz import fuzz

    by_la: dict[str, list[Document]] = {}
    for d in docs:
        by_la.setdefault(d.local_authority or "", []).append(d)
    t0 = time.perf_counter()
    for group in by_la.values():
        group.sort(key=lambda d: d.inspection_end)
        for a, b in zip(group, group[1:], strict=False):
            for fa in a.findings:
                best = max(fuzz.token_set_ratio(fa.text, fb.text) for fb in b.findings)
                _ = best
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--authorities", type=int, default=150)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=5)
    args = ap.parse_args()

    from ofsted_mine.compare import compare_all

    pair = bench_pair(args.repeats)
    tag = "including classification" if pair["classified"] else "gold tags (classifier not available)"
    print(f"pair: {pair['findings'][0]} vs {pair['findings'][1]} findings, {tag}: "
          f"{pair['median_s'] * 1000:.0f} ms wall, {pair['cpu_s'] * 1000:.0f} ms CPU, median of {args.repeats} "
          f"(target < 300 ms) -> {pair['statuses']}")
    if pair["classify_s"] is not None:
        print(f"  of which classification {pair['classify_s'] * 1000:.0f} ms, comparison {pair['compare_s'] * 1000:.0f} ms")

    docs = synthetic_corpus(args.authorities)
    n_find = sum(len(d.findings) for d in docs)
    t0, c0 = time.perf_counter(), _cpu()
    results = compare_all(docs, workers=args.workers)
    t_cmp, c_cmp = time.perf_counter() - t0, _cpu() - c0
    n_traces = sum(len(c.findings) for c in results.values())
    c0 = _cpu()
    t_base = naive_baseline(docs)
    c_base = _cpu() - c0
    own, kids = _maxrss_mb()
    print(f"synthetic: {args.authorities} authorities x 3 inspections, {n_find} findings, {n_traces} traced")
    print(f"  compare_all(workers={args.workers}): {t_cmp:.1f} s wall, {c_cmp:.1f} s CPU (target < 60 s wall)")
    print(f"  naive all-pairs rapidfuzz loop (scores only, 1 process): {t_base:.1f} s wall, {c_base:.1f} s CPU")
    print(f"  ratio naive/compare: {t_base / t_cmp:.2f}x wall, {c_base / c_cmp:.2f}x CPU")
    print(f"  load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"  peak RSS: {own:.0f} MB main, {kids:.0f} MB largest worker")


if __name__ == "__main__":
    main()

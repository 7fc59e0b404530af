"""Benchmark the theme summary (run: ``.venv/bin/python bench/summarise.py``).

Target: the summary of the bundled corpus — every theme, HTML with the
timeline chart — in under 3 s from the text files, i.e. the whole of
load → classify → compare → summarise in a fresh process, imports included
(matplotlib's import alone is a large share, and a user pays it once).

Most of the cold time is importing scikit-learn, spaCy and matplotlib and
loading the classifier, so the same whole job is also timed warm.
Printed beside a baseline run in the same process: extraction alone of the
same files (what any use of the corpus costs), as a ratio. Then, with
everything warm, the parts: classify + compare, and rendering the summary
from a ready comparison (facts, chart, templates), HTML and Markdown.
Peak memory is the process's maximum resident set size (``ru_maxrss``) and
the tracemalloc peak of one warm summary render.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CORPUS = ROOT / "corpus"
TARGET_S = 3.0


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> int:
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    import ofsted_mine as om
    from ofsted_mine.summarise import summarise

    # -- the measured job, cold: text files -> HTML summary of every theme with the chart
    docs = om.load(CORPUS, progress=False)
    result = summarise(docs)
    total = time.perf_counter() - t0
    summaries = result if isinstance(result, list) else [result]
    n_themes = sum(len(s.facts.themes) for s in summaries)
    html_kb = sum(len(s.text) for s in summaries) / 1024

    # -- baseline in the same process: extraction alone (warm)
    t = time.perf_counter()
    raw = om.load(CORPUS, classify=False, progress=False)
    extract_s = time.perf_counter() - t

    # -- warm parts
    from ofsted_mine.summarise import summarise_comparison

    t = time.perf_counter()
    docs2 = om.load(CORPUS, progress=False)
    cmp = om.compare(docs2)
    pipeline_s = time.perf_counter() - t - extract_s
    t = time.perf_counter()
    summarise_comparison(cmp, docs2, format="html")
    render_html_s = time.perf_counter() - t
    t = time.perf_counter()
    summarise_comparison(cmp, docs2, format="md")
    render_md_s = time.perf_counter() - t
    t = time.perf_counter()
    summarise(om.load(CORPUS, progress=False))
    warm_total = time.perf_counter() - t
    tracemalloc.start()
    summarise_comparison(cmp, docs2, format="html")
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()

    ok = total < TARGET_S
    print(f"summary of the corpus ({len(raw)} documents, {n_themes} themes, {html_kb:.0f} KB HTML)")
    print(f"  cold, load+classify+compare+summarise : {total:6.2f} s  (target < {TARGET_S:.0f} s: "
          f"{'ok' if ok else 'MISSED'})")
    print(f"  warm, the same whole job              : {warm_total:6.2f} s  (imports and model already loaded,"
          " as in a notebook session)")
    print(f"  baseline: extraction alone (warm)     : {extract_s:6.2f} s  ratios: cold {total / extract_s:5.1f}x, "
          f"warm {warm_total / extract_s:4.1f}x")
    print(f"  warm: classify + compare              : {pipeline_s:6.2f} s")
    print(f"  warm: render HTML (facts+chart+jinja) : {render_html_s:6.2f} s")
    print(f"  warm: render Markdown (+ PNG chart)   : {render_md_s:6.2f} s")
    print(f"  peak RSS {_rss_mb():.0f} MB; tracemalloc peak of one HTML render {peak / 2**20:.1f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

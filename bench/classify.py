"""Benchmark: classification throughput on the corpus findings, against spaCy's own ``nlp.pipe``.

Prints findings per second for ``tag_samples`` (model loaded once, analysis
cache cleared before each timed run so nothing is reused), the time of a bare
``spacy.blank("en").pipe`` over the same texts, their ratio, model load time
and peak memory (tracemalloc). Run: ``python bench/classify.py``.
"""

from __future__ import annotations

import json
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
REPEAT = 5


def corpus_texts():
    from ofsted_mine.classify import Sample

    out = []
    for path in sorted((ROOT / "corpus" / "labels").glob("kirklees_*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            rec = json.loads(line)
            out.append(Sample(rec["text"], rec["kind"]))
    return out


def best_of(fn, repeat=REPEAT):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    import spacy

    from ofsted_mine.classify import tag_samples
    from ofsted_mine.classify.model import default_model_dir, load_model_from
    from ofsted_mine.classify.pipeline import clear_cache, get_nlp

    samples = corpus_texts()
    texts = [s.text for s in samples]
    get_nlp()
    t = time.perf_counter()
    model = load_model_from(default_model_dir())
    load_s = time.perf_counter() - t

    blank = spacy.blank("en")
    base = best_of(lambda: list(blank.pipe(texts, batch_size=256)))

    def run():
        clear_cache()
        tag_samples(model, samples)

    run()  # warm
    ours = best_of(run)
    tracemalloc.start()
    run()
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    n = len(samples)
    print(f"findings: {n} (bundled corpus, findings and recommendations)")
    print(f"model load: {load_s * 1000:.0f} ms (target < 1000 ms)")
    print(f"spacy.blank('en').pipe: {base * 1000:.1f} ms = {n / base:,.0f} texts/s")
    print(f"classify (themes + polarity + evidence): {ours * 1000:.1f} ms = {n / ours:,.0f} findings/s "
          f"(target >= 2,000/s)")
    print(f"ratio classify / nlp.pipe time: {ours / base:.1f}x")
    print(f"peak traced memory during classify: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    main()

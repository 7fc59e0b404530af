"""Benchmark pack splitting and letter/review extraction (run: ``.venv/bin/python bench/extract_packs.py``).

Measured on text already read into memory (``read_source`` is timed apart),
so the numbers are the splitter and parsers alone:

1. the 2019 scrutiny pack (~92 KB: agenda, minutes, forms, officer reports and
   the embedded ILACS report) through :func:`parse_pack`. Target: well under
   one second.
2. the 2018 pack (with the monitoring visit letter), the commissioner review
   and, when ``../shared/pdfs`` is there, the four focused visit letters.

Baseline, run in the same process: one pass of :func:`detect` plus
``str.splitlines`` over the same text (the least any splitter must do: read
every line once). Printed as a ratio ``parse / baseline``. Peak memory is the
tracemalloc peak of the timed calls and the process's maximum RSS.
"""

from __future__ import annotations

import resource
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ofsted_mine.extract import parse_source, read_source  # noqa: E402
from ofsted_mine.extract.detect import detect  # noqa: E402
from ofsted_mine.extract.pack import parse_pack  # noqa: E402

CORPUS = ROOT / "corpus"
PDFS = ROOT.parent / "shared" / "pdfs"
INPUTS = [
    CORPUS / "kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt",
    CORPUS / "kirklees_2018-09-10_childrens_scrutiny_panel_pack.txt",
    CORPUS / "kirklees_2017_commissioner_review.txt",
    *(
        PDFS / f"{n}_focused_visit.pdf"
        for n in (
            "kirklees_2021-11-10",
            "leeds_2021-08-31",
            "bristol_2022-01-31",
            "barnsley_2023-03-01",
        )
    ),
]


def _best(fn, repeat: int = 5) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    print(
        f"{'input':58s} {'KB':>6s} {'read s':>7s} {'parse s':>8s} {'base s':>7s} {'ratio':>6s} {'docs':>4s} {'peak MB':>7s}"
    )
    for path in INPUTS:
        if not path.exists():
            print(f"{path.name:58s} (absent, skipped)")
            continue
        t0 = time.perf_counter()
        src = read_source(path)
        read_s = time.perf_counter() - t0
        is_pack = detect(src.text).doc_type == "council_pack"

        def run(src=src, is_pack=is_pack):
            return parse_pack(src) if is_pack else parse_source(src)

        def baseline(src=src):
            detect(src.text)
            return len(src.text.splitlines())

        run()  # warm imports and regex caches
        parse_s = _best(run)
        base_s = _best(baseline)
        tracemalloc.start()
        docs = run()
        peak = tracemalloc.get_traced_memory()[1] / 1e6
        tracemalloc.stop()
        print(
            f"{path.name:58s} {len(src.text) / 1024:6.1f} {read_s:7.3f} {parse_s:8.4f} {base_s:7.4f} "
            f"{parse_s / base_s:6.1f} {len(docs):4d} {peak:7.1f}"
        )
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"max RSS {rss:.0f} MB; target: a ~90 KB pack splits and extracts in well under 1 s")


if __name__ == "__main__":
    main()

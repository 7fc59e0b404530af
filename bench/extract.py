"""Extraction speed and memory against bare PDF text extraction, in one run.

Prints pages per second over the real PDFs (``../shared/pdfs`` or
``$OFSTED_MINE_PDFS``) for

a. bare pdfplumber: ``extract_text()`` on every page (each page closed);
b. bare pypdfium2: the text layer of every page (each page closed);
c. ofsted_mine's full extraction to findings (``ofsted_mine.extract``, default
   pdfium backend): ingestion, furniture, layout, detection, parsing;
d. the same with ``backend="pdfplumber"``, to show why pdfium is the default;

with the ratios c/a and c/b (rates from CPU time, wall time shown too), the
peak memory (process RSS, and the Python
heap peak of one pass of (c) under tracemalloc, which also shows memory does
not grow with page count), and text-route reports per second (the bundled
2024 report read repeatedly).

Usage: ``python bench/extract.py [--quick] [--repeat N]``. ``--quick`` skips
(a) and (d), the slow pdfplumber passes. A benchmark, not a test: it prints.
"""

from __future__ import annotations

import argparse
import gc
import io
import os
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PDFS = Path(os.environ.get("OFSTED_MINE_PDFS", ROOT.parent / "shared" / "pdfs"))
TEXT_REPORT = ROOT / "corpus" / "kirklees_2024_ilacs_inspection_report.txt"


def pdf_files() -> list[Path]:
    """Every real file that is a PDF (the one HTML page saved as .pdf is left out)."""
    return sorted(p for p in PDFS.glob("*.pdf") if p.read_bytes()[:5] == b"%PDF-")


def bare_pdfplumber(path: Path) -> int:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(path.read_bytes())) as pdf:
        n = 0
        for page in pdf.pages:
            page.extract_text()
            page.close()
            n += 1
    return n


def bare_pdfium(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path.read_bytes())
    try:
        for i in range(len(pdf)):
            page = pdf[i]
            textpage = page.get_textpage()
            textpage.get_text_range()
            textpage.close()
            page.close()
        return len(pdf)
    finally:
        pdf.close()


def ours(backend: str) -> Callable[[Path], int]:
    from ofsted_mine.errors import OfstedMineError
    from ofsted_mine.extract import extract

    def run(path: Path) -> int:
        try:
            docs = extract(path, backend=backend)  # type: ignore[arg-type]
        except OfstedMineError:
            return 0
        return max((len(d.page_starts) for d in docs), default=0)

    return run


def timed(func: Callable[[Path], int], files: list[Path]) -> tuple[int, float, float]:
    """Total pages, CPU seconds and wall seconds for ``func`` over ``files``.

    Rates use CPU time of this (single-threaded) process, so other jobs on a
    shared machine do not skew the ratios; wall time is printed beside it.
    """
    gc.collect()
    wall, cpu = time.perf_counter(), time.process_time()
    pages = sum(func(p) for p in files)
    return pages, time.process_time() - cpu, time.perf_counter() - wall


def heap_peak(files: list[Path]) -> tuple[float, float]:
    """Python heap peak (MiB) over the whole run, and the largest single-file peak."""
    run = ours("pdfium")
    tracemalloc.start()
    worst = 0
    for path in files:
        tracemalloc.reset_peak()
        run(path)
        worst = max(worst, tracemalloc.get_traced_memory()[1])
    held = tracemalloc.get_traced_memory()[0]  # what is still allocated after all files
    tracemalloc.stop()
    return worst / 2**20, held / 2**20


def text_reports_per_second(repeat: int) -> float:
    from ofsted_mine.extract import extract_text

    text = TEXT_REPORT.read_text(encoding="utf-8")
    extract_text(text, "warm-up.txt")
    start = time.process_time()
    for i in range(repeat):
        [doc] = extract_text(text, f"report-{i}.txt")
        assert len(doc.findings) == 69
    return repeat / (time.process_time() - start)


def rss_mib() -> float:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 2**20 if sys.platform == "darwin" else peak / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the slow pdfplumber passes")
    parser.add_argument("--repeat", type=int, default=300, help="text-route reports to time")
    args = parser.parse_args()

    files = pdf_files()
    if not files:
        sys.exit(f"no PDFs found in {PDFS}; set OFSTED_MINE_PDFS")
    print(f"{len(files)} PDFs from {PDFS}")
    ours("pdfium")(files[0])  # import and warm up outside the timings

    rows: dict[str, tuple[int, float, float]] = {}
    rows["b. bare pypdfium2 text layer"] = timed(bare_pdfium, files)
    rows["c. ofsted_mine.extract (pdfium)"] = timed(ours("pdfium"), files)
    if not args.quick:
        rows["a. bare pdfplumber extract_text"] = timed(bare_pdfplumber, files)
        rows["d. ofsted_mine.extract (pdfplumber)"] = timed(ours("pdfplumber"), files)

    print(f"\n{'pass':<40}{'pages':>7}{'cpu s':>8}{'wall s':>8}{'pages/s':>10}")
    rate: dict[str, float] = {}
    for name in sorted(rows):
        pages, cpu, wall = rows[name]
        rate[name[0]] = pages / cpu
        print(f"{name:<40}{pages:>7}{cpu:>8.2f}{wall:>8.2f}{pages / cpu:>10.1f}")

    print()
    if "a" in rate:
        verdict = "meets" if rate["c"] >= 3 * rate["a"] else "MISSES"
        print(
            f"c/a = {rate['c'] / rate['a']:.1f}x  (full extraction vs bare pdfplumber; {verdict} the 3x aim)"
        )
    print(f"c/b = {rate['c'] / rate['b']:.2f}x  (full extraction vs bare pdfium text)")
    if "d" in rate:
        print(
            f"c/d = {rate['c'] / rate['d']:.1f}x  (pdfium backend vs pdfplumber backend, same pipeline)"
        )

    worst, held = heap_peak(files)
    per_sec = text_reports_per_second(args.repeat)
    print(f"\npeak RSS of this process:                 {rss_mib():7.1f} MiB")
    print(
        f"Python heap peak while extracting one PDF: {worst:7.1f} MiB (the largest of {len(files)})"
    )
    print(f"Python heap still held after all of them:  {held:7.1f} MiB (pages closed as read)")
    verdict = "meets" if per_sec > 100 else "MISSES"
    print(
        f"text route: {per_sec:.0f} reports/s ({args.repeat} x {TEXT_REPORT.name}; {verdict} >100/s)"
    )

    packs_and_letters()


# --- packs and letters (issue 3) -------------------------------------------------
# The full table (each pack, the review, the focused visit letters, ratio to a
# read-every-line baseline, tracemalloc peak) is bench/extract_packs.py; here
# the headline number: the ~90 KB 2019 pack split and extracted from text.
def packs_and_letters() -> None:
    from ofsted_mine.extract import read_source
    from ofsted_mine.extract.pack import parse_pack

    src = read_source(ROOT / "corpus" / "kirklees_2019-08-23_childrens_scrutiny_panel_pack.txt")
    parse_pack(src)  # warm up
    start = time.perf_counter()
    docs = parse_pack(src)
    took = time.perf_counter() - start
    verdict = "meets" if took < 0.5 else "MISSES"
    print(
        f"pack: {len(src.text) / 1024:.0f} KB split into {len(docs)} documents in {took:.3f} s "
        f"({verdict} 'well under a second'); details: bench/extract_packs.py"
    )


if __name__ == "__main__":
    main()

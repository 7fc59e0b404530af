"""Labelled data: ``corpus/labels/*.jsonl`` read into training items.

Two kinds of label file live there (see ``corpus/labels/GUIDELINES.md``):

* bundled-corpus labels carry the finding ``text`` so training needs no
  extractor, and can be re-aligned with any extractor's numbering by text;
* labels of the real PDFs in ``../shared/pdfs`` carry only the document file
  name and printed paragraph number (the PDFs are not redistributable). Their
  text is read from the PDF when it is present: through the report parser
  when it yields that paragraph, else by a plain numbered-paragraph reader.
  When the PDFs are absent those items are skipped and reported.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Optional

ROOT = Path(__file__).resolve().parents[2]
LABELS_DIR = ROOT / "corpus" / "labels"
PDF_DIR = Path(os.environ.get("OFSTED_MINE_PDFS", ROOT.parent / "shared" / "pdfs"))

#: a finding shorter than this after reading a PDF is treated as a read failure
MIN_TEXT = 40


@dataclass(frozen=True)
class LabelledItem:
    """One labelled finding or recommendation."""

    doc: str
    kind: str
    number: int
    text: str
    themes: tuple[str, ...]
    polarity: str
    source: str  # the label file it came from
    #: from a narrative document (a review or council paper), not an Ofsted report or letter
    narrative: bool = False


def label_files(labels_dir: Path = LABELS_DIR) -> list[Path]:
    return sorted(Path(labels_dir).glob("*.jsonl"))


def labels_hash(labels_dir: Path = LABELS_DIR) -> str:
    """SHA-256 over the label files (names and bytes): what the model card pins."""
    h = hashlib.sha256()
    for p in label_files(labels_dir):
        h.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
    return h.hexdigest()


def data_hash(items: list[LabelledItem]) -> str:
    """SHA-256 over the items actually trained on (texts included)."""
    h = hashlib.sha256()
    for it in items:
        h.update(json.dumps([it.doc, it.kind, it.number, it.text, list(it.themes), it.polarity]).encode() + b"\n")
    return h.hexdigest()


_NUM = re.compile(r"^\s*(\d{1,3})\.\s*(\S.*)$")
_STOP = re.compile(
    r"^(The experiences and progress|The impact of leaders|Overall effectiveness|What needs to improve"
    r"|Ofsted |The Office for Standards|If you would like|You may reuse|This publication|Information about"
    r"|Local authority|Inspection of |Piccadilly Gate|Recommendations?$|Areas? for improvement)",
    re.I,
)


def numbered_paragraphs(text: str) -> dict[int, str]:
    """Printed ``N.`` paragraphs in order (1, 2, 3 ...), joined across line and page breaks."""
    out: dict[int, list[str]] = {}
    cur: Optional[int] = None
    expected = 1
    for line in text.splitlines():
        s = line.strip()
        m = _NUM.match(s)
        if m and int(m.group(1)) == expected and m.group(2)[:1].isupper():
            cur = expected
            out[cur] = [m.group(2)]
            expected += 1
            continue
        if cur is None or not s:
            continue
        if _STOP.match(s):
            cur = None
            continue
        out[cur].append(s)
    return {k: " ".join(v) for k, v in out.items()}


@lru_cache(maxsize=64)
def _parsed(path: str) -> tuple[dict[int, str], dict[int, bool]]:
    """One reading of the file at ``path``: paragraph number -> text, and number -> from a
    narrative document.

    Texts are the report parser's findings, and the plain numbered-paragraph
    reader's where the parser yields none or too little (or fails on the file);
    the narrative flag comes from the parser alone. Both work on the same
    reading, so a PDF is read once.
    """
    from ofsted_mine.extract import parse_source, read_source

    src = read_source(path)
    texts: dict[int, str] = {}
    narrative: dict[int, bool] = {}
    try:
        for doc in parse_source(src):
            for f in doc.findings:
                texts.setdefault(f.number, f.text)
                narrative.setdefault(f.number, not doc.is_ofsted)
    except Exception:  # parser failing on this file: the plain reader below still works
        texts, narrative = {}, {}
    for n, t in numbered_paragraphs(src.text).items():
        if n not in texts or len(texts[n]) < MIN_TEXT:
            texts[n] = t
    return texts, narrative


def pdf_findings(path: str) -> dict[int, str]:
    """Paragraph number -> text of a real report PDF (parser first, reader as fallback)."""
    return _parsed(path)[0]


def is_narrative(path: Path, number: int) -> bool:
    """Whether finding ``number`` of the source at ``path`` comes from a narrative document.

    Read from the parsed document's type, as :func:`ofsted_mine.classify.classify`
    reads it at run time; a number the parser did not yield takes the value of
    the file's other findings. A missing or unreadable source counts as an
    inspection report.
    """
    if not path.is_file():
        return False
    try:
        by_number = _parsed(str(path))[1]
    except Exception:  # unreadable: the item keeps the report default
        return False
    if number in by_number:
        return by_number[number]
    return bool(by_number) and all(by_number.values())


def load_labels(
    labels_dir: Path = LABELS_DIR, pdf_dir: Optional[Path] = PDF_DIR, *, with_pdfs: bool = True
) -> tuple[list[LabelledItem], list[str]]:
    """All labelled items with text, and notes about any that could not be read."""
    items: list[LabelledItem] = []
    notes: list[str] = []
    for path in label_files(labels_dir):
        for ln, line in enumerate(path.read_text("utf-8").splitlines(), 1):
            if not line.strip():
                continue
            rec = json.loads(line)
            text = rec.get("text")
            source = Path(labels_dir).parent / rec["doc"]  # a bundled text sits beside its labels
            if text is None:
                if not with_pdfs or pdf_dir is None:
                    continue
                source = Path(pdf_dir) / rec["doc"]
                if not source.exists():
                    notes.append(f"{path.name}: {rec['doc']} not available; its labels are skipped")
                    break
                text = pdf_findings(str(source)).get(int(rec["number"]))
                if not text or len(text) < MIN_TEXT:
                    notes.append(f"{path.name}:{ln}: paragraph {rec['number']} not found in {rec['doc']}")
                    continue
            items.append(LabelledItem(
                doc=rec["doc"], kind=rec.get("kind", "finding"), number=int(rec["number"]), text=text,
                themes=tuple(sorted(rec["themes"])), polarity=rec["polarity"], source=path.name,
                narrative=is_narrative(source, int(rec["number"])),
            ))
    return items, notes

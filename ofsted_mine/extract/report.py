"""The structural core shared by the inspection-report parsers (ILACS, SIF, pre-SIF).

Every Ofsted report of children's services, whatever the year, is built
from the same parts: a title naming the authority, inspection dates and a
lead inspector, a list or table of graded judgements, "what needs to
improve" items, and numbered paragraphs grouped under one heading per
judgement area. :mod:`ilacs` and :mod:`sif` differ only in where the
judgements sit and which headings they use, so the walk over the body is
written once here.

The walk is a single linear pass over paragraph blocks. Numbered paragraphs
are accepted against the expected next number, so a number that a PDF
wrapped onto a continuation line ("44.") is not mistaken for a new
paragraph, and an unnumbered block inside a judgement section continues the
paragraph before it (text converted from PDF keeps the old page breaks as
blank lines in mid-sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional

from ofsted_mine.extract.judgements import (
    AreaGrade,
    combined_areas,
    grade_of,
    judgement_heading,
)
from ofsted_mine.extract.layout import SourceText
from ofsted_mine.extract.paragraphs import (
    NUMBERED,
    Block,
    body_size,
    ends_sentence,
    is_bullet,
    is_small_print,
    join_lines,
    looks_like_heading,
    numbered,
    split_blocks,
    strip_bullet,
    word_count,
    wrap_width,
)
from ofsted_mine.models import Finding, Judgement, Recommendation, Section, Span

# ---------------------------------------------------------------- body walk

_FOOTNOTE_MARK = re.compile(r"(?<=[a-z])\d{1,2}$")  # "…area2": a footnote marker glued on

_REC_HEADING = re.compile(
    r"^(?:what\s+needs\s+to\s+improve|what\s+does\s+(?:the\s+)?.{0,40}?need\s+to\s+improve"
    r"|recommendations?|areas?\s+for\s+(?:priority\s+action|improvement)"
    r"|priority\s+and\s+immediate\s+action|immediately|within\s+\w+\s+months)\b.*$",
    re.I,
)
# The same headings written out in full (for headings set in the body font).
_REC_HEADING_EXACT = re.compile(
    r"^(?:what\s+needs\s+to\s+improve(?:\s+in\s+.{1,60})?\??"
    r"|what\s+does\s+(?:the\s+)?.{0,40}?need\s+to\s+improve\??"
    r"|recommendations|areas?\s+for\s+(?:priority\s+action|improvement)"
    r"|priority\s+and\s+immediate\s+action|immediately:?|within\s+\w+\s+months:?)$",
    re.I,
)
# Other standard section headings of the reports (framework wording).
_OTHER_HEADING = re.compile(
    r"^(?:executive\s+summary|summary(?:\s+of\s+(?:key\s+)?findings)?"
    r"|summary\s+for\s+children\s+and\s+young\s+people"
    r"|(?:the\s+)?(?:local\s+authority|lscb).s\s+strengths|(?:the\s+)?lscb.s\s+strengths"
    r"|the\s+local\s+authority\s+has\s+the\s+following\s+strengths"
    r"|progress\s+since\s+the\s+last\s+inspection"
    r"|information\s+about\s+this\s+(?:local\s+authority\s+area|inspection)\d*"
    r"|inspection\s+judge?ments?\s+about\s+the\s+(?:local\s+authority|lscb)"
    r"|key\s+strengths\s+and\s+weaknesses\s+of\s+the\s+lscb|the\s+inspection\s+team"
    r"|previous\s+ofsted\s+inspections|other\s+ofsted\s+inspections|local\s+leadership"
    r"|other\s+information\s+about\s+this\s+area|service\s+information"
    r"|the\s+inspection\s+judge?ments\s+and\s+what\s+they\s+mean|about\s+this\s+inspection"
    r"|children\s+(?:living\s+in|looked\s+after\s+in)\s+this\s+area|child\s+protection\s+in\s+this\s+area"
    r"|(?:children.s\s+services\s+in\s+.{1,40}|th(?:is|e)\s+(?:local\s+authority|lscb)\s+.{0,40})"
    r"\s+(?:is|are|requires?)\s+.{0,40}because:?)$",
    re.I,
)
# Headings inside a judgement section that keep its area.
_SUBHEADING = re.compile(
    r"^(?:summary|inspection\s+findings\b.*|key\s+judgement\s+judgement\s+grade|grade\s+\d.*"
    r"|the\s+(?:lscb|local\s+safeguarding\s+children\s+board)\s+(?:is|requires).*because:?)$",
    re.I,
)
_LSCB_PART = re.compile(
    r"^(?:section\s+\d+\s*:\s*)?(?:the\s+)?(?:review\s+of\s+the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"(?:local\s+safeguarding\s+children\s+board|lscb)\b",
    re.I,
)
# A line that cannot end a heading: it stops on an article, preposition or conjunction,
# or on the first word of a multi-word name ("the Local").
_DANGLING = re.compile(
    r"\b(?:the|a|an|of|and|for|to|in|on|with|who|about|by|from|local|they|[-–—])$", re.I
)
_TO_BE_GOOD_TAIL = re.compile(r"^to\s+be\s+good\.?$", re.I)
# How a judgement heading can begin (for re-joining wrapped headings).
_AREA_START = re.compile(
    r"^(?:the\s+)?(?:experiences?\s+and\s+progress|impact\s+of\s+leaders|leadership|graded\s+judge?ment"
    r"|children\s+(?:who|looked)|adoption|care\s+leavers|overall|outcomes\s+for|effectiveness"
    r"|local\s+safeguarding|review\s+of)",
    re.I,
)
_LA_PART = re.compile(r"^(?:section\s+\d+\s*:\s*)?the\s+local\s+authority$", re.I)
# Headings after which nothing belongs to the LSCB part any more.
_NEUTRAL_PART = re.compile(
    r"^(?:information\s+about\s+th(?:is|e)\s+(?:inspection|review)"
    r"|what\s+the\s+inspection\s+judgements\s+mean)",
    re.I,
)
# Sections about the inspection itself, not the authority. The framework before SIF
# opens its reports with numbered paragraphs on the inspection's purpose and evidence
# ("About this inspection") and its grading scale ("The inspection judgements and what
# they mean"), numbered in the same sequence as the findings: framework text, so they are
# walked (they hold their numbers and their sections) but not emitted as findings.
# "Service information" (facts about the authority) is not among them. Matched by prefix:
# a text rebuild can cut the heading where the PDF wrapped it ("... and what they").
_ABOUT_INSPECTION = re.compile(
    r"^(?:about\s+this\s+inspection\b|the\s+inspection\s+judge?ments\s+and\s+what\b)", re.I
)
_CONTENTS = re.compile(r"^contents$", re.I)
_CONTENTS_ENTRY = re.compile(r"\s\d{1,3}$")
_KEY_JUDGEMENT = re.compile(r"^key\s+judgement\s+judgement\s+grade$", re.I)
_END_MATTER = re.compile(
    r"^(?:the\s+office\s+for\s+standards\s+in\s+education|ofsted\s+has\s+a\s+duty"
    r"|if\s+you\s+would\s+like\s+a\s+copy\s+of\s+this\s+document|you\s+may\s+reuse\s+this\s+information"
    r"|©\s*crown\s+copyright|this\s+(?:report|publication)\s+is\s+available\s+at"
    r"|record\s+of\s+main\s+findings)",
    re.I,
)


def _known_heading(text: str) -> bool:
    """One of the reports' standard headings, recognised by wording alone (for
    files that set headings in the body font, e.g. re-typeset or converted ones)."""
    flat = " ".join(text.split())
    if word_count(flat) > 12 or flat.endswith((".", ",", ";")) or flat[:1].islower():
        return False
    if flat.endswith(")") and ends_sentence(flat):
        return False  # "... mathematics. (Recommendation)": the end of a paragraph
    return any(
        p.match(flat)
        for p in (
            _REC_HEADING_EXACT,
            _SUBHEADING,
            _LA_PART,
            _CONTENTS,
            _KEY_JUDGEMENT,
            _OTHER_HEADING,
            _NEUTRAL_PART,
        )
    ) or bool(_LSCB_PART.match(flat) and word_count(flat) <= 10)


@dataclass
class _Item:
    """A paragraph being assembled from one or more blocks."""

    kind: str  # "finding" | "rec"
    number: Optional[int]
    blocks: list[Block]
    section: Optional[Section]
    subheading: Optional[str]
    area: Optional[str]
    part_area: Optional[str]
    deep_x0: Optional[float] = None
    sublist: bool = False


@dataclass
class Walk:
    """Result of walking a report body."""

    findings: list[Finding] = field(default_factory=list)
    recommendations: list[Recommendation] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    judgements: list[Judgement] = field(default_factory=list)  # from headings
    warnings: list[str] = field(default_factory=list)


class BodyWalker:
    """One pass over the body blocks of a report, building findings and recommendations.

    ``running`` says recommendations and findings share one number sequence
    (SIF); otherwise each kind is checked on its own (ILACS, where
    recommendations are bullets and findings restart at 1).

    Numbered paragraphs under a heading about the inspection rather than the
    authority (:data:`_ABOUT_INSPECTION`) are walked like findings, so they
    keep their place in the numbering and their section's span, but are
    left out of :attr:`Walk.findings`: whichever parser uses the walker gets
    findings about the authority only.
    """

    def __init__(self, src: SourceText, blocks: list[Block], body: Optional[float], running: bool):
        self.src = src
        self.blocks = blocks
        self.body = body
        self.running = running
        self.out = Walk()
        self.items: list[_Item] = []
        self.open: Optional[_Item] = None
        self.section: Optional[Section] = None
        self.sub: Optional[str] = None
        self.area: Optional[str] = None
        self.part_area: Optional[str] = None  # "lscb" inside the LSCB part
        self.mode = "prose"  # "prose" | "finding" | "rec"
        self.last_number: dict[str, int] = {}
        self.pending_grade_section: Optional[Section] = None
        self.in_contents = False
        self.expect_area_row = False
        self.done = False
        self.prev_block: Optional[Block] = None
        self.next_block: Optional[Block] = None
        self.wrap = wrap_width(src.lines)

    # -- helpers
    def _expected(self, kind: str) -> int:
        key = "all" if self.running else kind
        return self.last_number.get(key, 0) + 1

    def _set_number(self, kind: str, n: int) -> None:
        self.last_number["all" if self.running else kind] = n

    def _close(self) -> None:
        self.open = None

    def _start_section(
        self, block: Block, title: str, area: Optional[str], grade: Optional[str]
    ) -> Section:
        sec = Section(
            title=_FOOTNOTE_MARK.sub("", title),
            area=area,
            grade=grade,
            level=1,
            page=block.page,
            span=Span(start=block.start, end=block.end),
        )
        self.out.sections.append(sec)
        self.section = sec
        return sec

    def _touch(self, block: Block) -> None:
        if self.section is not None and self.section.span is not None:
            self.section.span.end = max(self.section.span.end, block.end)

    # -- the walk
    def run(self, start: int) -> Walk:
        i = start
        blocks = self.blocks
        while i < len(blocks) and not self.done:
            block, used = self._merge_wrapped_heading(i)
            self.next_block = self.blocks[i + used] if i + used < len(self.blocks) else None
            self._step(block)
            if not self.done:
                self._touch(block)  # a section runs to the block before the next heading
            self.prev_block = block
            i += used
        self._emit()
        return self.out

    def _merge_dangling_heading(self, i: int) -> tuple[Block, int]:
        """A short heading ending on a function word ("... – the Local") continued
        on the next line, as hard-wrapped text leaves it."""
        block = self.blocks[i]
        if i + 1 >= len(self.blocks) or not looks_like_heading(block, self.body):
            return block, 1
        if not _DANGLING.search(block.raw):
            return block, 1
        nxt = self.blocks[i + 1]
        # on the text route the heading's last word can be alone on the next line
        # ("... mean: the local" / "authority"), in lower case
        tail = (
            nxt.x0 is None
            and word_count(nxt.raw) <= 3
            and nxt.raw[:1].islower()
            and not ends_sentence(nxt.raw)
            and (
                nxt.last + 1 >= len(self.src.lines)
                or self.src.lines[nxt.last + 1].blank
                or numbered(self.src.lines[nxt.last + 1].text) is not None
            )
        )
        if not (looks_like_heading(nxt, self.body) or tail) or word_count(
            block.raw + " " + nxt.raw
        ) > 20:
            return block, 1
        return Block(block.lines + nxt.lines, block.first, nxt.last), 2

    def _merge_wrapped_heading(self, i: int) -> tuple[Block, int]:
        """A judgement heading wrapped over several blocks, joined back into one.

        Hard-wrapped converted text (and PDFs whose heading lines are spaced
        like paragraphs) split "The experiences and progress of children who
        need help and" from "protection: good". Up to four short,
        unpunctuated blocks are joined when only the joined text reads as a
        judgement heading; the longest such join wins (it carries the grade).
        """
        block = self.blocks[i]
        text = block.raw
        if (
            numbered(text) is not None
            or is_bullet(text)
            or word_count(text) > 16
            or ends_sentence(text)
        ):
            return block, 1
        if not _AREA_START.match(text):
            return self._merge_dangling_heading(i)
        alone = judgement_heading(text)
        if alone is not None and alone.grade is not None:
            return block, 1
        best: Optional[tuple[Block, int]] = None
        lines = list(block.lines)
        for k in range(1, 4):
            if i + k >= len(self.blocks):
                break
            nxt = self.blocks[i + k]
            ntext = nxt.raw
            if numbered(ntext) is not None or is_bullet(ntext) or word_count(ntext) > 16:
                break
            lines += nxt.lines
            joined = " ".join(ln.text for ln in lines)
            ag = judgement_heading(joined)
            # a heading that already reads alone is only extended to pick up its grade,
            # or when the next line carries on its wrapped words in lower case
            if ag is not None and (
                alone is None or ag.grade is not None or ntext[:1].islower()
            ):
                best = (Block(list(lines), block.first, nxt.last), k + 1)
                if ag.grade is not None:
                    after = self.blocks[i + k + 1] if i + k + 1 < len(self.blocks) else None
                    if after is not None and _TO_BE_GOOD_TAIL.match(after.raw.strip()):
                        # the grade wrapped too: "Requires improvement" / "to be good"
                        best = (Block(lines + after.lines, block.first, after.last), k + 2)
                    break
            if ntext.rstrip().endswith((".", "!", "?")):
                break
        return best if best is not None else (block, 1)

    def _step(self, block: Block) -> None:
        text = block.raw
        if _END_MATTER.match(text) and self.items:
            self.done = True
            return
        if self.in_contents:
            if _CONTENTS_ENTRY.search(text.rstrip()):
                return  # a contents entry: "Executive summary 2"
            nxt = self.next_block
            if (
                nxt is not None
                and word_count(text) <= 12
                and not ends_sentence(text)
                and _CONTENTS_ENTRY.search(nxt.raw.rstrip())
                and word_count(nxt.raw) <= 12
            ):
                return  # an entry wrapped over two lines
            self.in_contents = False
        if self.expect_area_row:
            self.expect_area_row = False
            flat = " ".join(text.split())
            ag = judgement_heading(flat)
            if ag is not None and numbered(text) is None:
                self._judgement_section(block, flat, ag)
                return
        if self._maybe_heading(block, text):
            return
        n = numbered(text)
        if n is not None:
            self._numbered(block, n[0])
        elif is_bullet(text):
            self._bullet(block)
        else:
            self._plain(block, text)

    def _maybe_heading(self, block: Block, text: str) -> bool:
        if numbered(text) is not None or is_bullet(text) or _LABEL_LINE.match(text):
            return False
        if all(is_small_print(ln, self.body) for ln in block.lines):
            return True  # a footnote on its own: not content
        if text.strip().isdigit():
            return True  # a bare number: a page number the furniture pass missed
        is_head = looks_like_heading(block, self.body) and self._text_heading_ok(block, text)
        if not is_head and block.x0 is not None and (block.bold or not text.rstrip().endswith(".")):
            # a judgement heading set in plain weight (no bold font in the PDF), or a
            # bold one written as a sentence ("... is that it requires improvement.")
            ag = judgement_heading(text)
            open_done = self.open is None or ends_sentence(
                join_lines(b.raw for b in self.open.blocks)
            )
            is_head = ag is not None and ag.grade is not None and open_done
        if not is_head and block.x0 is None and (len(block.lines) > 1 or self._next_numbered()):
            # text route: a judgement heading joined from wrapped lines or followed by the
            # section's first paragraph, perhaps written as a sentence ("The graded
            # judgement about ... is that it is good.")
            ag = judgement_heading(text)
            is_head = (
                ag is not None
                and ag.grade is not None
                and (self.open is None or ends_sentence(join_lines(b.raw for b in self.open.blocks)))
            )
        if not is_head and _known_heading(text):
            is_head = (
                self.open is None
                or ends_sentence(join_lines(b.raw for b in self.open.blocks))
                or self._stands_alone(block)
                or self._next_numbered()
            )
        if not is_head:
            # a bare grade under a heading whose grade sits on its own line
            if self.pending_grade_section is not None and grade_of(text) and word_count(text) <= 5:
                self.pending_grade_section.grade = grade_of(text)
                self._grade_judgement(self.pending_grade_section, text, block)
                self.pending_grade_section = None
                return True
            return False
        self._close()
        if self.pending_grade_section is not None and grade_of(text) and word_count(text) <= 5:
            self.pending_grade_section.grade = grade_of(text)
            self._grade_judgement(self.pending_grade_section, text, block)
            self.pending_grade_section = None
            return True
        self.pending_grade_section = None
        flat = " ".join(text.split())
        if _CONTENTS.match(flat):
            self.in_contents = True
            return True
        if _KEY_JUDGEMENT.match(flat):
            self.expect_area_row = True  # the area and grade follow as a table row
            return True
        if _NEUTRAL_PART.match(flat):
            self.part_area = None
        if _LA_PART.match(flat):
            self.part_area = None
            self.area = None
            self.mode = "prose"
            self._start_section(block, flat, None, None)
            return True
        ag = judgement_heading(flat)
        if self._rec_topic(flat, ag):
            # a topic heading among numbered recommendations ("Outcomes for care
            # leavers", "Leadership, management and governance" under "Priority and
            # immediate action"): the list goes on
            self.sub = flat
            self._touch(block)
            return True
        if ag is not None and not (
            _LSCB_PART.match(flat) and ag.area == "lscb" and ag.grade is None
        ):
            self._judgement_section(block, flat, ag)
            return True
        if _LSCB_PART.match(flat):
            self.part_area = "lscb"
            self.area = "lscb"
            self.sub = None
            self.mode = "prose"
            self._start_section(block, flat, "lscb", None)
            return True
        if _REC_HEADING.match(flat):
            if self.mode != "rec" or self.section is None or self.section.area is not None:
                self._start_section(block, flat, self.part_area, None)
            self.sub = flat if self.mode == "rec" else None
            self.mode = "rec"
            return True
        if _SUBHEADING.match(flat) and self.section is not None and self.mode != "rec":
            if self.section.area is None and grade_of(flat):
                self.out.warnings.append(
                    f"'{self.section.title}' is graded ({flat}) but has no canonical judgement"
                    " area; grade not recorded as a judgement"
                )
            self.sub = flat
            self.mode = "finding"
            self._touch(block)
            return True
        # any other heading starts an unjudged section (area of the part, if any)
        self._start_section(block, flat, self.part_area, None)
        self.area = self.part_area
        self.sub = None
        self.mode = "finding"
        return True

    def _rec_topic(self, flat: str, ag: Optional[AreaGrade]) -> bool:
        """A heading inside a running list of numbered recommendations (SIF): ungraded,
        not one of the reports' standard headings, and followed at once by the next
        number of the list."""
        return (
            self.mode == "rec"
            and self.running
            and (self.open is None or self.open.kind == "rec")
            and (ag is None or ag.grade is None)
            and not _known_heading(flat)
            and not _LSCB_PART.match(flat)
            and self._next_is_expected("rec")
        )

    def _next_is_expected(self, kind: str) -> bool:
        """The next block is the next paragraph of the ``kind`` sequence."""
        nxt = self.next_block
        n = numbered(nxt.raw) if nxt is not None else None
        return n is not None and n[0] == self._expected(kind)

    def _judgement_section(self, block: Block, flat: str, ag: AreaGrade) -> None:
        """Open the section of a judgement area; record its grade when printed."""
        self._close()
        # the LSCB's part holds no judgement of the local authority's areas
        self.part_area = "lscb" if ag.area == "lscb" else None
        sec = self._start_section(block, flat, ag.area, ag.grade)
        self.area = ag.area
        self.sub = None
        self.mode = "finding"
        self.pending_grade_section = None
        if ag.grade is None:
            self.pending_grade_section = sec
        else:
            self._grade_judgement(sec, ag.grade_text or "", block, ag)

    def _text_heading_ok(self, block: Block, text: str) -> bool:
        """On the text route (no font weight) only believe a heading-shaped line that
        follows a finished paragraph and is short or a known heading."""
        if block.x0 is not None:
            return True
        if self._wrapped_line(block, text):
            return False
        nxt = self.next_block
        if (
            nxt is not None
            and nxt.raw[:1].islower()
            and not ends_sentence(text)
            and not (len(block.lines) > 1 and judgement_heading(text) is not None)
        ):
            # the first line of a hard-wrapped paragraph (a judgement heading already
            # joined from its wrapped lines may be followed by its grade's "to be good")
            return False
        if self.open is not None and not ends_sentence(join_lines(b.raw for b in self.open.blocks)):
            return False
        return not (
            word_count(text) > 14
            and judgement_heading(text) is None
            and not _REC_HEADING.match(text)
        )

    def _next_numbered(self) -> bool:
        nxt = self.next_block
        return nxt is not None and numbered(nxt.raw) is not None

    def _stands_alone(self, block: Block) -> bool:
        """Text route: blank lines above and below (a line of a paragraph has neither
        both, except a paragraph of one line, which a standard heading's wording is not)."""
        if block.x0 is not None:
            return False
        lines = self.src.lines
        before, after = block.first - 1, block.last + 1
        return (before < 0 or lines[before].blank) and (after >= len(lines) or lines[after].blank)

    def _wrapped_line(self, block: Block, text: str) -> bool:
        """A full-width line in the middle of a hard-wrapped paragraph, not a heading.

        Text converted from a PDF keeps the PDF's line breaks: a sentence ending at
        a line end leaves the next line ("The local authority has referred one
        case to the ...") looking like a capitalised, unpunctuated heading, and so
        does the first line of an unnumbered paragraph. Such a line is as long as
        the text's wrapped lines and runs straight on into the next line; real
        headings are short or stand apart.
        """
        if self.wrap is None or len(text) < 0.75 * self.wrap or word_count(text) < 8:
            return False
        lines = self.src.lines
        after = block.last + 1
        if after >= len(lines) or lines[after].blank:
            return False
        nxt = lines[after].text
        if numbered(nxt) is not None or is_bullet(nxt):
            return False
        return judgement_heading(text) is None and not _known_heading(text)

    def _grade_judgement(
        self, sec: Section, grade_text: str, block: Block, ag: Optional[AreaGrade] = None
    ) -> None:
        grade = grade_of(grade_text)
        if sec.area is None or grade is None:
            return
        area_text = ag.area_text if ag else sec.title
        self.out.judgements.append(
            Judgement(
                area=sec.area,
                grade=grade,
                area_text=area_text,
                grade_text=grade_text.strip(" ."),
                combined=combined_areas(sec.area, area_text),
                page=block.page,
            )
        )

    def _numbered(self, block: Block, n: int) -> None:
        kind = "rec" if self.mode == "rec" else "finding"
        expected = self._expected(kind)
        cur = self.open
        prev = self.prev_block
        if (
            cur is None
            and n != expected
            and prev is not None
            and not ends_sentence(prev.raw)
            and word_count(prev.raw) >= 12
            and not _REC_HEADING.match(prev.raw)
            and not looks_like_heading(prev, self.body)
        ):
            return  # a number wrapped into unnumbered prose
        if n != expected and cur is not None:
            prev_text = join_lines(b.raw for b in cur.blocks)
            # a number wrapped onto a continuation line: not a new paragraph
            if not ends_sentence(prev_text) and (
                block.x0 is None or n > expected + 1 or n < expected
            ):
                cur.blocks.append(block)
                self._touch(block)
                return
        if n != expected:
            if n == 1 and not self.running:
                pass  # a fresh sequence (e.g. numbered recommendations then findings)
            elif n <= self._expected(kind) - 1:
                self.out.warnings.append(
                    f"paragraph {n} repeats or goes back (expected {expected})"
                )
            else:
                self.out.warnings.append(f"paragraph numbering jumps from {expected - 1} to {n}")
        self._set_number(kind, n)
        item = _Item(
            kind=kind,
            number=n,
            blocks=[block],
            section=self.section,
            subheading=self.sub,
            area=self.area if kind == "finding" else self.part_area,
            part_area=self.part_area,
        )
        self.items.append(item)
        self.open = item
        self._touch(block)

    def _bullet(self, block: Block) -> None:
        cur = self.open
        if self.mode == "rec":
            if cur is not None and cur.kind == "rec" and cur.number is None:
                first = cur.blocks[0]
                deeper = block.x0 is not None and (
                    (first.x0 is not None and block.x0 > first.x0 + 8)
                    or (cur.deep_x0 is not None and block.x0 >= cur.deep_x0 - 1)
                )
                prev = join_lines(b.raw for b in cur.blocks)
                # the text route has no indentation: a sub-list follows an item ending
                # in ":" and runs until a sub-item closes the sentence with "."
                sub = block.x0 is None and (
                    prev.endswith(":") or (cur.sublist and not prev.endswith("."))
                )
                if deeper or sub:
                    cur.blocks.append(block)
                    cur.sublist = True
                    if block.x0 is not None:
                        cur.deep_x0 = block.x0
                    self._touch(block)
                    return
            self._new_rec(block)
            return
        if cur is not None:
            cur.blocks.append(block)  # a list inside a numbered paragraph
            self._touch(block)

    def _new_rec(self, block: Block) -> None:
        item = _Item("rec", None, [block], self.section, self.sub, self.part_area, self.part_area)
        self.items.append(item)
        self.open = item
        self._touch(block)

    def _plain(self, block: Block, text: str) -> None:
        cur = self.open
        if all(is_small_print(ln, self.body) for ln in block.lines):
            return
        if self.mode == "rec" and (cur is None or (cur.kind == "rec" and cur.number is None)):
            prev = join_lines(b.raw for b in cur.blocks) if cur is not None else ""
            if cur is not None and (text[:1].islower() or not ends_sentence(prev)):
                cur.blocks.append(block)
                self._touch(block)
            elif not self.running and text[:1].isupper() and word_count(text) >= 3:
                # ILACS: an item printed as a paragraph rather than a bullet
                self._new_rec(block)
            else:
                self._close()
            return
        if cur is None:
            return
        if cur.kind == "rec" and self._plain_rec_topic(cur, text):
            self.sub = " ".join(text.split())
            self._close()
            self._touch(block)
            return
        cur.blocks.append(block)
        self._touch(block)

    def _plain_rec_topic(self, cur: _Item, text: str) -> bool:
        """A topic heading set in the body font between numbered recommendations."""
        flat = " ".join(text.split())
        return (
            word_count(flat) <= 12
            and flat[:1].isupper()
            and not ends_sentence(flat)
            and ends_sentence(join_lines(b.raw for b in cur.blocks))
            and self._rec_topic(flat, judgement_heading(flat))
        )

    # -- output
    def _emit(self) -> None:
        rec_index = 0
        for item in self.items:
            blocks = item.blocks
            start, end = blocks[0].start, blocks[-1].end
            text = join_lines(b.text(self.body) for b in blocks)
            if item.kind == "finding":
                if item.section is not None and _ABOUT_INSPECTION.match(item.section.title):
                    continue  # framework text about the inspection: its section only
                body = NUMBERED.sub("", text, count=1).strip()
                self.out.findings.append(
                    Finding(
                        number=item.number or 0,
                        text=body,
                        section=item.section.title if item.section else None,
                        subheading=item.subheading,
                        area=item.area,
                        page=blocks[0].page,
                        span=Span(start=start, end=end),
                    )
                )
            else:
                rec_index += 1
                body = NUMBERED.sub("", text, count=1).strip() if item.number else text
                body = _join_bullets(body)
                self.out.recommendations.append(
                    Recommendation(
                        index=rec_index,
                        number=item.number,
                        area=item.part_area,
                        text=body,
                        page=blocks[0].page,
                        span=Span(start=start, end=end),
                    )
                )


_INNER_BULLET = re.compile(r"\s+(?:[•●◦○◼■□▪▫‣⁃∙·➢➤►▶✓✔\u0336\ue000-\uf8ff]|[-–—](?=\s))\s*")


def _join_bullets(text: str) -> str:
    """A recommendation with its sub-bullets: glyphs dropped, items separated by "; "."""
    text = strip_bullet(text)
    return _INNER_BULLET.sub("; ", text).replace(":; ", ": ")


def check_sequence(findings: list[Finding], recs: list[Recommendation], running: bool) -> list[str]:
    """Warnings for gaps and duplicates in the printed numbering."""
    warnings: list[str] = []
    groups = [[f.number for f in findings]]
    if running:
        groups = [sorted([f.number for f in findings] + [r.number for r in recs if r.number])]
    for nums in groups:
        if not nums:
            continue
        seen = set()
        for n in nums:
            if n in seen:
                warnings.append(f"paragraph {n} appears more than once")
            seen.add(n)
        missing = sorted(set(range(min(nums), max(nums) + 1)) - seen)
        if missing:
            warnings.append(f"paragraph numbers missing: {missing[:10]}")
    return warnings


_LABEL_LINE = re.compile(
    r"^(?:inspection\s+dates?|(?:deputy\s+)?lead\s+inspector|reporting\s+inspector|team\s+inspectors?"
    r"|(?:report\s+)?published"
    r"|judgements?\s+grades?|age\s+group)\b",
    re.I,
)
_HEAD_BLOCKS = 60


def prepare(src: SourceText) -> tuple[list[Block], Optional[float]]:
    """Blocks and body font size of ``src`` (the parsers' common first step).

    On a title page the labels ("Inspection dates:", "Lead inspector:",
    "Report published:") can sit directly under the title with no gap, so
    blocks near the top are also split at label lines.
    """
    blocks = split_blocks(src.lines)
    out: list[Block] = []
    for k, block in enumerate(blocks):
        if k >= _HEAD_BLOCKS or len(block.lines) == 1:
            out.append(block)
            continue
        cur: list = []
        first = block.first
        for j, ln in enumerate(block.lines):
            if cur and _LABEL_LINE.match(ln.text):
                out.append(Block(cur, first, block.first + j - 1))
                cur, first = [], block.first + j
            cur.append(ln)
        out.append(Block(cur, first, block.last))
    return out, body_size(src.lines)


__all__ = ["BodyWalker", "Walk", "check_sequence", "prepare"]

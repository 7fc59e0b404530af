"""Charts drawn ahead in a forked child are exactly the charts drawn in place, or not used."""

from __future__ import annotations

import os
import warnings

import pytest

import ofsted_mine as om
from ofsted_mine.summarise import prefetch, summarise
from ofsted_mine.summarise.facts import build_facts
from ofsted_mine.summarise.render import chart_job, chart_svg, draw_job
from tests.conftest import CORPUS

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="drawing ahead needs os.fork")


@pytest.fixture(scope="module")
def raw_docs():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return om.load(CORPUS, classify=False, progress=False)


@pytest.fixture(autouse=True)
def _clean():
    yield
    prefetch.discard_all()


def _facts(docs):
    classified = om.load(CORPUS, progress=False) if docs is None else docs
    cmp = om.compare(classified)
    return build_facts(cmp, classified)


@pytest.mark.parametrize("kind", ["svg", "png"])
def test_chart_drawn_ahead_equals_chart_drawn_in_place(raw_docs, kind):
    assert prefetch.start(raw_docs, "md" if kind == "png" else "html", force=True)
    facts = _facts(None)  # classification happens while the child draws
    job = chart_job(facts, kind)
    ahead = prefetch.take(job)
    assert ahead is not None and ahead == draw_job(job)
    if kind == "svg":
        assert ahead.startswith("<svg") and 'aria-labelledby="kirklees-chart-title kirklees-chart-desc"' in ahead
    else:
        assert ahead[:8] == b"\x89PNG\r\n\x1a\n"


def test_a_chart_with_other_inputs_is_not_taken(raw_docs):
    assert prefetch.start(raw_docs, "html", force=True)
    facts = _facts(None)
    facts.chart_description += " (edited)"
    assert prefetch.take(chart_job(facts)) is None
    assert "(edited)" in chart_svg(facts)  # drawn in place from the facts given


def test_setting_and_load_decide_whether_to_work_ahead(monkeypatch):
    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 1)
    monkeypatch.setattr(prefetch.os, "sched_getaffinity", lambda pid: {0, 1}, raising=False)
    monkeypatch.delitem(prefetch.sys.modules, "matplotlib.figure", raising=False)
    monkeypatch.setenv("OFSTED_MINE_PREFETCH", "auto")
    monkeypatch.setattr(prefetch.os, "getloadavg", lambda: (0.9, 0.5, 0.5))
    assert prefetch.usable()  # two CPUs, one busy at most: a core to spare
    monkeypatch.setattr(prefetch.os, "getloadavg", lambda: (3.2, 2.0, 1.0))
    assert not prefetch.usable()  # a busy machine: the second process would only compete
    monkeypatch.setenv("OFSTED_MINE_PREFETCH", "1")
    assert prefetch.usable()
    monkeypatch.setattr(prefetch.threading, "active_count", lambda: 3)
    assert not prefetch.usable()  # never fork a threaded process, whatever the setting
    monkeypatch.setenv("OFSTED_MINE_PREFETCH", "0")
    assert not prefetch.usable() and prefetch.usable(force=True)


def test_discard_reaps_a_child_never_asked(raw_docs):
    assert prefetch.start(raw_docs, "html", force=True)
    pid = prefetch._children[0].pid
    prefetch.discard_all()
    assert prefetch._children == []
    with pytest.raises(ChildProcessError):
        os.waitpid(pid, os.WNOHANG)


def test_summary_is_the_same_with_and_without_drawing_ahead(raw_docs, monkeypatch):
    monkeypatch.setenv("OFSTED_MINE_PREFETCH", "0")
    plain = summarise(raw_docs).text
    monkeypatch.delenv("OFSTED_MINE_PREFETCH")
    monkeypatch.setattr(prefetch, "usable", lambda force=False: True)
    taken = []
    real_take = prefetch.take
    monkeypatch.setattr(prefetch, "take", lambda job: taken.append(real_take(job)) or taken[-1])
    assert summarise(raw_docs).text == plain
    assert len(taken) == 1 and taken[0] is not None and taken[0] in plain
    assert prefetch._children == []


def test_extraction_ahead_hands_back_the_documents_then_draws_their_chart(raw_docs):
    child = prefetch.extract_ahead(
        lambda: (list(om.load(CORPUS, classify=False, progress=False)), ["a failure"]), "html", force=True)
    assert child is not None
    docs, extra = child.produced()
    assert extra == ["a failure"]
    assert [d.model_dump_json() for d in docs] == [d.model_dump_json() for d in raw_docs]
    facts = _facts(None)
    job = chart_job(facts)
    ahead = prefetch.take(job)
    assert ahead is not None and ahead == draw_job(job)


def test_extraction_ahead_that_fails_hands_back_nothing():
    def boom():
        raise RuntimeError("extraction broke")

    child = prefetch.extract_ahead(boom, "html", force=True)
    assert child is not None and child.produced() is None
    assert child.pid is None and child.fd is None  # reaped, pipes closed
    assert prefetch.take(chart_job(_facts(None))) is None


@pytest.mark.slow
def test_command_line_summary_is_the_same_with_and_without_working_ahead(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    exe = Path(sys.executable).with_name("ofsted-mine")
    outs = {}
    for name, env in (("ahead", {"OFSTED_MINE_PREFETCH": "1"}), ("plain", {"OFSTED_MINE_PREFETCH": "0"})):
        out = tmp_path / f"{name}.html"
        proc = subprocess.run([str(exe), "summarise", str(CORPUS), "no/such/file.txt", "--out", str(out)],
                              capture_output=True, text=True, env={**os.environ, **env}, check=False)
        assert proc.returncode == 1, proc.stderr  # the missing input is counted either way
        assert "no/such/file.txt: no such file" in proc.stderr
        outs[name] = out.read_text(encoding="utf-8")
    assert outs["ahead"] == outs["plain"] and "<svg" in outs["ahead"]

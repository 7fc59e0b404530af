"""The dask engine on a real (local, two-process) Dask cluster stores what the local engine does."""

from __future__ import annotations

import os
import shutil

import pytest

import ofsted_mine.batch as batch
from ofsted_mine.store import Store
from tests.conftest import PACK_2018, SHARED_PDFS
from tests.store.helpers import mixed_folder, snapshot

distributed = pytest.importorskip("distributed", reason="dask[distributed] is a [test] extra")

PDFS = ["leeds_2021-08-31_focused_visit.pdf", "cornwall_2019-11-05_ilacs.pdf"]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  dashboard_address=None) as c:
        yield c


def test_dask_engine_matches_local_engine(cluster, tmp_path):
    src = mixed_folder(tmp_path / "in")
    for name in PDFS:  # real PDFs when present; the mixed folder alone otherwise
        if (SHARED_PDFS / name).exists():
            shutil.copy(SHARED_PDFS / name, src / name)
    # the local engine in this process (--jobs 1): its model load is shared with other tests
    local = batch.ingest(src, tmp_path / "local.duckdb", jobs=1, classify=True, compare=False,
                         progress=False)
    remote = batch.ingest(src, tmp_path / "dask.duckdb", engine="dask",
                          scheduler=cluster.scheduler_address, classify=True, compare=False,
                          progress=False)
    assert remote.engine == "dask"
    assert remote.ingested == local.ingested >= 1
    assert sorted(remote.failed) == sorted(local.failed)
    assert remote.failed_by_reason == local.failed_by_reason
    with Store(tmp_path / "local.duckdb") as a, Store(tmp_path / "dask.duckdb") as b:
        snap, expected = snapshot(b.con), snapshot(a.con)
        for table in expected:  # table by table, so a failure names the table
            assert snap[table] == expected[table], table
        assert len(snap["findings"]) >= 69 and len(snap["theme_tags"]) > 0  # classified too
    # the work ran in the cluster's worker processes, not in this one
    with distributed.Client(cluster.scheduler_address) as client:
        worker_pids = set(client.run(os.getpid).values())
    assert len(worker_pids) == 2
    assert remote.model_loads and set(remote.model_loads) <= worker_pids


def test_missing_dask_says_what_to_install(monkeypatch, tmp_path):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed" or name.startswith("distributed."):
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    (tmp_path / "a.txt").write_text("text\n")
    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(ImportError, match=r"pip install 'ofsted_mine\[dask\]'"):
        batch.ingest(tmp_path / "a.txt", tmp_path / "s.duckdb", engine="dask", classify=False,
                     progress=False)


def test_dask_without_a_scheduler_starts_and_closes_a_local_cluster(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(PACK_2018, src / "pack.txt")
    (src / "empty.txt").write_bytes(b"")
    report = batch.ingest(src, tmp_path / "s.duckdb", engine="dask", jobs=2, classify=False,
                          compare=False, progress=False)
    assert (report.ingested, report.failed_by_reason) == (1, {"empty": 1})
    assert report.documents >= 2  # a pack: the papers and the letter inside it
    assert os.getpid() not in report.model_loads
    with Store(tmp_path / "s.duckdb") as store:
        letters = store.documents(doc_type="monitoring_visit_letter")
        assert len(letters) == 1 and letters.iloc[0]["parent"] is not None

"""Batch runs: row identity across workers and engines, the manifest, resume, and the output formats."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from fupin_nlp.batch import RunOptions, open_sink, run
from fupin_nlp.batch.run import MANIFEST_FIELDS
from fupin_nlp.batch.writers import CLAIM_COLUMNS
from fupin_nlp.io import iter_documents
from fupin_nlp.pipeline import process_document

BUNDLED = Path(__file__).resolve().parents[1] / "corpora" / "bundled"


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled documents (text, HTML, a JSONL archive) in a folder of their own, with one broken file."""
    root = tmp_path_factory.mktemp("archive")
    for path in sorted(BUNDLED.iterdir()):
        if path.suffix in (".txt", ".html") or path.name == "fupin-news-archive.jsonl":
            shutil.copy(path, root / path.name)
    (root / "zz-broken.txt").write_bytes(b"\x00\x01\x02\xff" * 64)
    return root


def _run(paths, out: Path, fmt: str = "jsonl", **options) -> object:
    what = options.pop("what", "claims")
    resume = options.get("resume", False)
    with open_sink(out, fmt, table=what, resume=resume) as sink:
        return run(paths, sink, RunOptions(what=what, progress=False, batch_size=3, **options))


def _lines(path: Path) -> list[str]:
    # not str.splitlines: a text may hold U+2028 and friends, which JSON leaves as they are
    return path.read_text(encoding="utf-8").split("\n")[:-1]


def _manifest(path: Path) -> list[dict]:
    return [json.loads(line) for line in _lines(path)]


@pytest.fixture(scope="module")
def reference(archive: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """An uninterrupted one-worker run: its claims (JSONL) and its manifest."""
    root = tmp_path_factory.mktemp("reference")
    out, manifest = root / "claims.jsonl", root / "manifest.jsonl"
    summary = _run([archive], out, workers=1, manifest=manifest)
    assert summary.failed == 1 and summary.claims > 50
    return out, manifest


def test_rows_equal_the_pipeline(archive: Path, reference: tuple[Path, Path]) -> None:
    # The batch path scores paragraphs without explanations; its rows must be the pipeline's.
    expected = []
    for item in iter_documents(archive):
        if hasattr(item, "raw"):
            expected.extend(json.loads(json.dumps(c.to_dict(), ensure_ascii=False, default=str))
                            for c in process_document(item).claims)
    got = [json.loads(line) for line in _lines(reference[0])]
    assert got == expected
    assert [r["category"] for r in got].count(None) < len(got)  # the classifier did run


def test_paragraph_rows_equal_the_pipeline(archive: Path, tmp_path: Path) -> None:
    doc = next(d for d in iter_documents(archive) if hasattr(d, "raw"))
    single = tmp_path / "one.txt"
    single.write_text(doc.raw, encoding="utf-8")
    out = tmp_path / "p.jsonl"
    _run([single], out, what="paragraphs", workers=1)
    got = [json.loads(line) for line in _lines(out)]
    doc = next(iter_documents(single))
    assert got == json.loads(json.dumps(process_document(doc).paragraph_rows(), ensure_ascii=False))
    assert any(r["labels"] for r in got)


def test_manifest_has_one_true_row_per_input(reference: tuple[Path, Path]) -> None:
    out, manifest = reference
    rows = _manifest(manifest)
    assert all(list(r) == list(MANIFEST_FIELDS) for r in rows)
    assert [r["seq"] for r in rows] == list(range(len(rows)))
    broken = [r for r in rows if r["status"] != "ok"]
    assert [r["doc_id"] for r in broken] == ["zz-broken"] and "\n" not in broken[0]["error"]
    ok = [r for r in rows if r["status"] == "ok"]
    assert len({r["hash"] for r in ok}) == len(ok)
    assert sum(r["rows"] for r in ok) == len(_lines(out))
    by_doc: dict[str, int] = {}
    for line in _lines(out):
        doc_id = json.loads(line)["doc_id"]
        by_doc[doc_id] = by_doc.get(doc_id, 0) + 1
    assert {r["doc_id"]: r["claims"] for r in ok if r["claims"]} == by_doc


def test_two_workers_give_the_same_rows_in_the_same_order(archive: Path, reference: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    out, manifest = tmp_path / "c.jsonl", tmp_path / "m.jsonl"
    _run([archive], out, workers=2, manifest=manifest, batch_chars=2000)
    assert out.read_bytes() == reference[0].read_bytes()
    strip = [{k: v for k, v in r.items() if k != "seconds"} for r in _manifest(manifest)]
    assert strip == [{k: v for k, v in r.items() if k != "seconds"} for r in _manifest(reference[1])]


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet", "duckdb"])
def test_resume_equals_an_uninterrupted_run(archive: Path, tmp_path: Path, fmt: str) -> None:
    files = sorted(archive.iterdir())
    full_out, full_manifest = tmp_path / f"full.{fmt}", tmp_path / "full.manifest"
    _run([archive], full_out, fmt, workers=1, manifest=full_manifest)
    out, manifest = tmp_path / f"part.{fmt}", tmp_path / "part.manifest"
    # A first run over part of the input (as a run stopped after a few documents leaves it) …
    first = _run(files[:4], out, fmt, workers=1, manifest=manifest)
    if fmt in ("jsonl", "csv"):
        # … killed while writing: rows of a document with no manifest row, then half a line.
        with open(out, "a", encoding="utf-8") as handle:
            handle.write(_lines(full_out)[-1] + "\n" + "{\"doc_id\": \"x")
        with open(manifest, "a", encoding="utf-8") as handle:
            handle.write('{"seq": 9, "doc_id": "cut')
    summary = _run([archive], out, fmt, workers=1, manifest=manifest, resume=True)
    assert summary.skipped == first.documents - first.failed > 3
    rows = _manifest(manifest)
    assert sorted(r["source"] for r in rows) == sorted(r["source"] for r in _manifest(full_manifest))
    assert len({r["source"] for r in rows}) == len(rows)  # each document once
    if fmt in ("jsonl", "csv"):
        assert out.read_bytes() == full_out.read_bytes()
    elif fmt == "parquet":
        assert pq.read_table(out).to_pylist() == pq.read_table(full_out).to_pylist()
    else:
        import duckdb

        order = "ORDER BY doc_id, para, start"
        with duckdb.connect(str(out), read_only=True) as a, \
                duckdb.connect(str(full_out), read_only=True) as b:
            assert a.execute(f"SELECT * FROM claims {order}").fetchall() == \
                b.execute(f"SELECT * FROM claims {order}").fetchall()
            assert a.execute("SELECT count(*) FROM documents").fetchone() == \
                b.execute("SELECT count(*) FROM documents").fetchone()


def test_resume_redoes_documents_whose_rows_the_output_lost(archive: Path, reference: tuple[Path, Path],
                                                           tmp_path: Path) -> None:
    # The manifest vouches for more than the output holds (a Parquet segment lost to a kill):
    # the run goes back to the last document whose rows are all there.
    ref_out, ref_manifest = reference
    out, manifest = tmp_path / "c.jsonl", tmp_path / "m.jsonl"
    shutil.copy(ref_manifest, manifest)
    lines = _lines(ref_out)
    out.write_text("".join(line + "\n" for line in lines[: len(lines) // 2]), encoding="utf-8")
    _run([archive], out, workers=1, manifest=manifest, resume=True)
    assert out.read_bytes() == ref_out.read_bytes()
    assert len(_manifest(manifest)) == len(_manifest(ref_manifest))


def test_parquet_columns_are_typed(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "c.parquet"
    _run([archive], out, "parquet", workers=1)
    schema = pq.read_schema(out)
    assert schema.names == list(CLAIM_COLUMNS)
    assert schema.field("para").type == pa.int64() and schema.field("value").type == pa.float64()
    assert schema.field("unit").type == pa.dictionary(pa.int32(), pa.string())
    frame = pq.read_table(out).to_pandas()
    assert str(frame["unit"].dtype) == "category" and frame["value"].notna().all()
    paragraphs = tmp_path / "p.parquet"
    _run([archive], paragraphs, "parquet", what="paragraphs", workers=1)
    schema = pq.read_schema(paragraphs)
    assert schema.field("labels").type == pa.list_(pa.string())
    assert schema.field("scores").type == pa.map_(pa.string(), pa.float64())


def test_duckdb_tables_answer_queries(archive: Path, tmp_path: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    out = tmp_path / "run.duckdb"
    summary = _run([archive], out, "duckdb", workers=1)
    with duckdb.connect(str(out), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == summary.claims
        per_doc = con.execute("""
            SELECT d.doc_id, d.claims, count(c.surface) FROM documents d
            LEFT JOIN claims c USING (doc_id) WHERE d.status = 'ok' GROUP BY ALL""").fetchall()
        assert per_doc and all(n == m for _, n, m in per_doc)
        assert con.execute("SELECT status FROM documents WHERE doc_id = 'zz-broken'").fetchone()[0] != "ok"
        assert con.execute("SELECT sum(value) FROM claims WHERE unit = '户'").fetchone()[0] > 0
    paragraphs = tmp_path / "p.duckdb"
    _run([archive], paragraphs, "duckdb", what="paragraphs", workers=1)
    with duckdb.connect(str(paragraphs), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM paragraphs WHERE labels[1] IS NOT NULL").fetchone()[0] > 0
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == summary.documents


def test_progress_goes_to_stderr(archive: Path, tmp_path: Path, capsys: pytest.CaptureFixture) -> None:
    with open_sink(tmp_path / "c.jsonl", None) as sink:
        run([archive], sink, RunOptions(workers=1, progress=True))
    captured = capsys.readouterr()
    assert captured.out == "" and "fupin:" in captured.err and "%" in captured.err


def test_dask_engine_and_dataframe_helper_match_the_local_engine(archive: Path, reference: tuple[Path, Path],
                                                                 tmp_path: Path) -> None:
    pytest.importorskip("dask.distributed")
    import dask.dataframe as dd
    import pandas as pd
    from dask.distributed import Client, LocalCluster

    from fupin_nlp.batch.dask_frame import extract_partitions
    from fupin_nlp.frames import claims_frame

    # one cluster for both checks: starting one is the slow part
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=50) as cluster:
        out = tmp_path / "c.jsonl"
        _run([archive], out, engine="dask", scheduler=cluster.scheduler_address, workers=2)
        assert out.read_bytes() == reference[0].read_bytes()

        docs = [d for d in iter_documents(archive) if hasattr(d, "raw")]
        articles = pd.DataFrame({"article_id": [d.doc_id for d in docs], "content": [d.raw for d in docs],
                                 "pub_date": [d.meta.get("date") for d in docs]})
        with Client(cluster):
            lazy = extract_partitions(dd.from_pandas(articles, npartitions=3), text_col="content",
                                      id_col="article_id", date_col="pub_date")
            assert list(lazy.columns) == list(CLAIM_COLUMNS)
            frame = lazy.compute()
    expected = claims_frame([c for d in docs for c in process_document(d, date=d.meta.get("date")).claims])
    assert [str(t) for t in frame.dtypes] == [str(t) for t in lazy._meta.dtypes]
    assert frame["surface"].tolist() == expected["surface"].tolist()
    assert frame["value"].tolist() == expected["value"].tolist()
    assert frame["category"].astype(object).tolist() == expected["category"].astype(object).tolist()

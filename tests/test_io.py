"""Reading: encodings, formats, archives and bad input (each failure one line naming the document)."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from fupin_nlp.errors import BinaryDocumentError, DecodeError, EmptyDocumentError
from fupin_nlp.io import Failure, decode_bytes, html_to_text, iter_documents, read

TEXT = "截至2020年6月底，青溪县已脱贫户数为3120户、8452人。\n全县贫困发生率降至0.21%。"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk", "utf-16", "utf-16-le", "utf-16-be"])
def test_every_chinese_encoding_decodes_to_the_same_text(encoding):
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = TEXT.encode("utf-16-be")
    assert decode_bytes(data, "x.txt")[0] == TEXT


def test_short_gb18030_text_is_still_recognised():
    assert decode_bytes("脱贫".encode("gb18030"), "x.txt")[0] == "脱贫"


def test_empty_binary_and_truncated_inputs_raise_named_errors():
    with pytest.raises(EmptyDocumentError, match="x.txt: empty"):
        decode_bytes(b"  \n", "x.txt")
    with pytest.raises(BinaryDocumentError, match="b.txt"):
        decode_bytes(b"\x00\x01\x02\x03binary\x00\xff" * 20, "b.txt")
    with pytest.raises(DecodeError, match="truncated UTF-8"):
        decode_bytes(TEXT.encode("utf-8")[:-1], "t.txt")


def test_html_keeps_blocks_drops_scripts_and_decodes_entities():
    text, title = html_to_text("<html><head><title>标题</title><style>p{}</style></head><body>"
                               "<p>全县&nbsp;3120户&ldquo;脱贫&rdquo;</p><script>var x='4635户';</script>"
                               "<div>第二段<br/>第三段</div></body></html>")
    assert text.split("\n") == ["全县 3120户“脱贫”", "第二段", "第三段"]
    assert title == "标题"
    assert "4635" not in text


def test_folder_with_bad_documents_reads_good_ones_and_reports_the_rest(tmp_path):
    (tmp_path / "good.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "gbk.txt").write_bytes(TEXT.encode("gb18030"))
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blob.txt").write_bytes(bytes(range(256)) * 4)
    (tmp_path / "cut.txt").write_bytes(TEXT.encode("utf-8")[:-2])
    rows = [{"id": "a1", "text": TEXT, "date": "2020-07-01", "region": "青溪县"}, "not json {",
            {"id": "a3", "text": "第三篇，共2000人。"}]
    (tmp_path / "arch.jsonl").write_text(
        "\n".join(r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("../../x.txt", "逃逸")
        z.writestr("inner/ok.txt", TEXT)
        z.writestr("inner/pic.png", b"\x89PNG")
    (tmp_path / "pack.zip").write_bytes(buf.getvalue())
    items = list(iter_documents(tmp_path))
    docs = {d.doc_id: d for d in items if not isinstance(d, Failure)}
    failures = {f.source.split("/")[-1]: f for f in items if isinstance(f, Failure)}
    assert set(docs) == {"good", "gbk", "a1", "a3", "ok"}
    assert docs["gbk"].raw == docs["good"].raw == TEXT
    assert docs["a1"].meta["date"] == "2020-07-01" and docs["a1"].meta["region"] == "青溪县"
    assert {f.kind for f in failures.values()} >= {"empty", "binary", "decode_error", "bad_record", "archive_error"}
    for failure in failures.values():
        message = failure.message
        assert "\n" not in message and failure.source.split("/")[-1].split("!")[0] in message
    assert any("unsafe member path" in f.message for f in failures.values())
    assert not (tmp_path.parent / "x.txt").exists()


def test_csv_archive_with_renamed_columns(tmp_path):
    from fupin_nlp.io import ReadOptions

    path = tmp_path / "a.csv"
    path.write_text("article_id,content,date\nk1,\"全县3120户，\n8452人。\",2019-05-02\n", encoding="utf-8")
    docs = read(path, options=ReadOptions(columns={"id": "article_id", "text": "content"}))
    assert [(d.doc_id, d.meta["date"]) for d in docs] == [("k1", "2019-05-02")]
    assert "\n" in docs[0].raw


def test_zip_bomb_is_refused(tmp_path):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("big.txt", "贫" * (3 * 2**20))
    (tmp_path / "bomb.zip").write_bytes(buf.getvalue())
    items = list(iter_documents(tmp_path / "bomb.zip"))
    assert len(items) == 1 and isinstance(items[0], Failure) and "zip bomb" in items[0].message


def test_symlink_out_of_the_root_is_not_followed(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("外部3120户", encoding="utf-8")
    root = tmp_path / "root"
    root.mkdir()
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "link.txt").symlink_to(outside / "secret.txt")
    items = list(iter_documents(root))
    assert [d.doc_id for d in items if not isinstance(d, Failure)] == ["a"]
    assert [f.message.split(": ", 1)[1] for f in items if isinstance(f, Failure)] == [
        "symbolic link leads outside the folder given, not followed"]


def test_metadata_table_gives_documents_their_dates_and_regions(tmp_path):
    from fupin_nlp.batch import RunOptions, open_sink, run
    from fupin_nlp.io.metadata import load_metadata

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "a1.txt").write_text("今年新增就业320人。", encoding="utf-8")
    (docs / "a2.txt").write_text("去年新增就业280人。", encoding="utf-8")
    manifest = tmp_path / "manifest.jsonl"
    manifest.write_text('{"id": "a1", "date": "2019-05-02", "region": "青溪县"}\n'
                        '{"id": "a2", "date": "2020-03-01"}\n', encoding="utf-8")
    out = tmp_path / "claims.jsonl"
    with open_sink(out, "jsonl") as sink:
        run([docs], sink, RunOptions(model=False, workers=1, progress=False, metadata=load_metadata(manifest)))
    rows = {r["doc_id"]: r for r in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert (rows["a1"]["time_start"], rows["a1"]["region"]) == ("2019-01-01", "青溪县")
    assert rows["a2"]["time_start"] == "2019-01-01"  # 去年 of a 2020 document

"""Hostile and broken input at the reader (issue 8): each a one-line Failure, the rest still read."""

from __future__ import annotations

import io
import json
import os
import struct
import zipfile
from pathlib import Path

import numpy as np
import pytest

from fupin_nlp.errors import DecodeError, EmptyDocumentError, ModelFormatError
from fupin_nlp.io import Failure, ReadOptions, decode_bytes, html_to_text, iter_documents

TEXT = "截至2020年6月底，青溪县已脱贫户数为3120户、8452人。"


def _split(items):
    docs = [i for i in items if not isinstance(i, Failure)]
    failures = [i for i in items if isinstance(i, Failure)]
    for f in failures:
        assert "\n" not in f.message and f.kind
    return docs, failures


def _zip(members: dict[str, bytes | str], compression: int = zipfile.ZIP_STORED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=compression) as z:
        for name, data in members.items():
            z.writestr(name, data)
    return buf.getvalue()


# -- markup ----------------------------------------------------------------------------------------------

def test_malformed_markup_is_read_as_a_browser_would():
    assert html_to_text("<a" * 50_000 + "文字")[0] == "<a" * 50_000 + "文字"  # no ">": all text
    assert html_to_text("<![" * 1000 + ">正文")[0] == "正文"  # html.parser raised AssertionError here
    assert html_to_text("<a b='" * 20_000 + ">正文")[0].endswith("正文")
    assert html_to_text("<p>正文</p><!-- 注释 3120户")[0] == "正文"  # an unclosed comment runs to the end
    text, title = html_to_text("<TITLE>标题</TITLE><P>一</P><SCRIPT>var s = '</p>4635户';</SCRIPT >二"
                               "<style>p{}</style><svg><text>3户</text></svg>三 &lt; 5&#x4e94;")
    assert text == "一\n二三 < 5五" and title == "标题"
    assert html_to_text("<script>" + "x" * 1000)[0] == ""  # an unclosed script hides the rest


# -- text files ------------------------------------------------------------------------------------------

def test_mixed_encodings_and_separator_only_files_are_refused():
    with pytest.raises(DecodeError, match="mixed encodings"):
        decode_bytes(TEXT.encode("utf-8") + "全县".encode("gbk") + TEXT.encode("utf-8"), "m.txt")
    with pytest.raises(EmptyDocumentError, match="s.txt"):
        decode_bytes(b"\x1c\x1d \n\x1e", "s.txt")
    assert decode_bytes(TEXT.encode("gbk"), "g.txt")[0] == TEXT  # pure GBK is still read


def test_hostile_jsonl_lines_fail_one_by_one(tmp_path):
    lines = ['{"id": 1' + "1" * 5000 + ', "text": "x"}', "[" * 100_000,
             json.dumps({"id": "ok", "text": TEXT}, ensure_ascii=False), "\x00\x01", "[1, 2]"]
    (tmp_path / "a.jsonl").write_text("\n".join(lines), encoding="utf-8")
    docs, failures = _split(list(iter_documents(tmp_path / "a.jsonl")))
    assert [d.doc_id for d in docs] == ["ok"]
    assert [f.source.rsplit(":", 1)[1] for f in failures] == ["line 1", "line 2", "line 4", "line 5"]
    assert {f.kind for f in failures} == {"bad_record"}
    assert "nested too deeply" in failures[1].message


def test_file_limits_and_special_files(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "big.txt").write_text(TEXT * 10, encoding="utf-8")
    if hasattr(os, "mkfifo"):
        os.mkfifo(tmp_path / "pipe.txt")  # reading it would block the run for ever
    docs, failures = _split(list(iter_documents(tmp_path, ReadOptions(max_file_bytes=200))))
    assert [d.doc_id for d in docs] == ["a"]
    reasons = {Path(f.source).name: f.message for f in failures}
    assert "exceeds the limit of 200 bytes" in reasons["big.txt"]
    if hasattr(os, "mkfifo"):
        assert "not a regular file" in reasons["pipe.txt"]


def test_undecodable_file_names_stay_printable(tmp_path):
    if os.name != "posix":
        pytest.skip("byte file names are a POSIX matter")
    try:
        with open(os.fsencode(tmp_path) + b"/\xffname.txt", "wb") as handle:
            handle.write(TEXT.encode("utf-8"))
    except OSError:
        pytest.skip("this file system refuses undecodable names")
    (doc,) = list(iter_documents(tmp_path))
    doc.source.encode("utf-8")  # would raise on a lone surrogate
    assert doc.source.endswith("\\xffname.txt")


def test_folder_links_loops_and_links_outside_the_root(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("外部3120户", encoding="utf-8")
    root = tmp_path / "root"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / "loop").symlink_to(root, target_is_directory=True)
    (root / "out").symlink_to(outside, target_is_directory=True)
    (root / "self.txt").symlink_to(root / "self.txt")  # a link to itself
    (root / "inside.txt").symlink_to(root / "sub" / "a.txt")
    (root / ".hidden").mkdir()
    (root / ".hidden" / "h.txt").write_text(TEXT, encoding="utf-8")
    docs, failures = _split(list(iter_documents(root)))
    assert sorted(d.doc_id for d in docs) == ["a", "inside"]
    assert all("外部" not in d.raw for d in docs)


# -- archives --------------------------------------------------------------------------------------------

def test_zip_member_count_and_total_size_limits(tmp_path):
    (tmp_path / "many.zip").write_bytes(_zip({f"{i}.txt": TEXT for i in range(5)}))
    (failure,) = list(iter_documents(tmp_path / "many.zip", ReadOptions(max_members=4)))
    assert "5 members, more than the limit of 4" in failure.message
    size = len(TEXT.encode("utf-8"))
    items = list(iter_documents(tmp_path / "many.zip", ReadOptions(max_total_bytes=int(size * 2.5))))
    docs, failures = _split(items)
    assert [d.doc_id for d in docs] == ["many.zip!0", "many.zip!1"]  # members in name order, until the budget runs out
    assert len(failures) == 1 and "total uncompressed size limit" in failures[0].message


def test_zip_with_a_falsified_size_header_is_not_trusted(tmp_path):
    data = bytearray(_zip({"bomb.txt": "贫" * (3 * 2**20), "ok.txt": TEXT}, zipfile.ZIP_DEFLATED))
    # claim 100 bytes for bomb.txt in both the local and the central header: the ratio check passes
    local = data.find(b"PK\x03\x04")
    struct.pack_into("<I", data, local + 22, 100)
    central = data.find(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 100)
    (tmp_path / "liar.zip").write_bytes(bytes(data))
    docs, failures = _split(list(iter_documents(tmp_path / "liar.zip")))
    assert [d.doc_id for d in docs] == ["liar.zip!ok"]
    assert len(failures) == 1 and "bomb.txt" in failures[0].message
    assert failures[0].kind == "archive_error"


def test_zip_members_that_are_not_documents_or_are_corrupt(tmp_path):
    inner = _zip({"a.txt": TEXT})
    data = bytearray(_zip({"nested.zip": inner, "bad.txt": TEXT * 50, "ok.txt": TEXT}, zipfile.ZIP_DEFLATED))
    member = data.find(b"bad.txt") + len(b"bad.txt")  # corrupt the deflate stream of bad.txt
    data[member + 5: member + 25] = b"\xff" * 20
    (tmp_path / "mixed.zip").write_bytes(bytes(data))
    docs, failures = _split(list(iter_documents(tmp_path / "mixed.zip")))
    assert [d.doc_id for d in docs] == ["mixed.zip!ok"]
    reasons = {f.source.rsplit("!", 1)[1]: f.message for f in failures}
    assert "unsupported member type '.zip'" in reasons["nested.zip"]  # never read recursively
    assert "bad.txt" in reasons


# -- models ----------------------------------------------------------------------------------------------

def test_model_files_with_pickled_objects_are_refused(tmp_path):
    from fupin_nlp.classify.model_file import load_model

    path = tmp_path / "evil.npz"
    np.savez(path, format=np.array([{"__reduce__": "os.system"}], dtype=object))  # needs pickle to load
    with pytest.raises(ModelFormatError, match="evil.npz"):
        load_model(path)
    (tmp_path / "model.pkl").write_bytes(b"\x80\x04\x95")
    with pytest.raises(ModelFormatError, match="model.pkl"):
        load_model(tmp_path / "model.pkl")

"""Bytes to text: encoding detection for Chinese documents.

Order of evidence: a byte-order mark; strict UTF-8; charset-normalizer's verdict
restricted to the encodings Chinese archives actually use; a strict GB18030
decode as the last resort for short texts where detectors have too little to go on.
Binary blobs and truncated files are refused with a one-line reason.
"""

from __future__ import annotations

import codecs

import charset_normalizer
import regex

from ..errors import BinaryDocumentError, DecodeError, EmptyDocumentError

__all__ = ["decode_bytes"]

# what Chinese-language archives are written in; isolating the detector to these
# keeps it from answering cp1252 or mac_roman for GBK bytes
_CANDIDATES = ["utf_8", "gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be", "utf_32"]
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"),
)


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: CJK and ASCII text puts NULs on one side of each byte pair."""
    sample = data[:4096]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2].count(0), sample[1::2].count(0)
    half = len(sample) // 2
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


def _check_text(text: str, name: str, encoding: str, binary_ok: bool = False) -> str:
    if binary_ok:
        if not text.strip():
            raise EmptyDocumentError(name, "no text: only white space and separators")
        return text
    controls = sum(1 for ch in text[:20000] if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(3, len(text[:20000]) // 100):
        raise BinaryDocumentError(name, f"binary content (control characters) after decoding as {encoding}")
    if not text.strip():  # str.strip also takes separators such as \x1c that bytes.strip keeps
        raise EmptyDocumentError(name, "no text: only white space and separators")
    return text


def decode_bytes(data: bytes, name: str = "<bytes>", *, binary_ok: bool = False) -> tuple[str, str]:
    """Decode a document's bytes, returning ``(text, encoding)``.

    Raises ``EmptyDocumentError``, ``BinaryDocumentError`` or ``DecodeError`` naming ``name``.
    ``binary_ok`` lets NUL and control characters through, for archives whose rows are
    checked one by one (a crash can leave a block of NULs in one line of a JSONL file).

    >>> decode_bytes("脱贫户4635户".encode("gb18030"), "a.txt")[0]
    '脱贫户4635户'
    """
    if not data.strip():
        raise EmptyDocumentError(name, "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError as e:
                raise DecodeError(name, f"invalid {encoding} at byte {e.start}: {e.reason}") from None
            if encoding == "utf-8-sig":
                text = text.lstrip("\ufeff")
            if not text.strip():
                raise EmptyDocumentError(name, "empty file (byte-order mark only)")
            return _check_text(text, name, encoding, binary_ok), encoding
    utf16 = _looks_utf16(data)
    if utf16:
        try:
            return _check_text(data.decode(utf16), name, utf16, binary_ok), utf16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data and not binary_ok:
        raise BinaryDocumentError(name, "binary content (NUL bytes), not a text document")
    try:
        return _check_text(data.decode("utf-8"), name, "utf-8", binary_ok), "utf-8"
    except UnicodeDecodeError as e:
        if e.reason == "unexpected end of data" and e.end >= len(data) - 3:
            # a UTF-8 file whose last character was cut: report it rather than guess another encoding
            try:
                data[: e.start].decode("utf-8")
            except UnicodeDecodeError:
                pass
            else:
                raise DecodeError(name, "truncated UTF-8: incomplete multi-byte sequence at byte "
                                        f"{e.start}") from None
        mixed = _mixed_utf8(data)
        if mixed is not None:
            # guessing one encoding for the whole file would turn one of its parts into mojibake
            raise DecodeError(name, f"mixed encodings: UTF-8 text with {mixed} byte sequences that are not "
                                    f"UTF-8 (the first at byte {e.start})") from None
    # mainland archives that are not UTF-8 are GB18030/GBK: a strict decode that yields
    # ordinary Chinese text settles it; otherwise let the detector weigh the other encodings
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _plausible_chinese(text):
        return _check_text(text, name, "gb18030", binary_ok), "gb18030"
    best = charset_normalizer.from_bytes(data, cp_isolation=_CANDIDATES).best()
    if best is not None and best.encoding in ("gb18030", "big5", "utf_16", "utf_16_le", "utf_16_be"):
        return _check_text(str(best), name, best.encoding, binary_ok), best.encoding
    if text is not None:
        return _check_text(text, name, "gb18030", binary_ok), "gb18030"
    raise DecodeError(name, "not valid UTF-8, GB18030 or UTF-16")


def _mixed_utf8(data: bytes) -> int | None:
    """The number of invalid sequences when ``data`` is mostly valid UTF-8 with foreign stretches, else None.

    GBK or Big5 bytes read as UTF-8 give almost only invalid sequences; a UTF-8 file with a pasted
    GBK paragraph gives many valid multi-byte characters and some invalid sequences.

    >>> _mixed_utf8(("脱贫攻坚" * 10).encode("utf-8") + "全县".encode("gbk"))
    2
    >>> _mixed_utf8(("脱贫攻坚" * 10).encode("gbk")) is None
    True
    """
    text = data.decode("utf-8", "replace")
    bad = text.count("\ufffd")
    good = sum(1 for ch in text if ch > "\x7f") - bad
    return bad if good >= 20 and good >= bad else None


_COMMON = regex.compile(r"[\p{Han}\p{ASCII}\u3000-\u303f\uff00-\uffef\u2010-\u206f\s]")


def _plausible_chinese(text: str) -> bool:
    """Most characters are Han, ASCII or CJK punctuation (GB18030 also decodes other scripts)."""
    sample = text[:5000]
    common = len(_COMMON.findall(sample))
    return bool(sample) and common >= 0.97 * len(sample)

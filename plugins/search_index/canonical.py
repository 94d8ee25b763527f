"""Make Pagefind's bundle the same bytes for the same pages, and its first query small.

Pagefind 1.5.2 writes its fragments and word index in a stable order, but the
filter files and the list of filters in the language's `.pf_meta` come out in
the order of a Rust HashMap, which changes from run to run (upstream issue
Pagefind/pagefind#638: "other files will still change, such as the
filter/metadata indexes"). Their names are hashes of their bytes, so the
names, the meta file and `pagefind-entry.json` change too.

Here, before anything is written, each of those files is read (gzip, the "pagefind_dcd" signature, then
CBOR), its filters and values put in sorted order, and written back under a
name made from a hash of the new bytes, with every reference updated. The
CBOR subset Pagefind uses (unsigned integers, text, arrays) is encoded the
way Pagefind encodes it; a file that does not read back to its own bytes
stops the build instead of being guessed at.

Two more changes to the metadata file, which every search downloads whole
(docs/search.md, "What a first search downloads"):

- **Names.** Pagefind names each page's fragment and each word chunk by a
  hash of its content ("id_58416fc"): about 7 bytes each even gzipped, 70 KB
  of the 98 KB at 10,000 reports. Here page n's fragment and word chunk n are
  renamed "<bundle>/<n>", where <bundle> is a hash of every fragment and
  chunk in order: a counting number gzips to about 3 bytes, and every address
  changes whenever anything in them changes, so a cached file is never read
  for another page or chunk. cari.js reads n as the page's place in the
  index, which is newest first (documents.newest_first).
- **Word chunk ranges.** Pagefind shortens each chunk's first and last word to
  a prefix, which leaves gaps between chunks; a searched word that falls in a
  gap ("bantuan" between "bant" and "banu") makes Pagefind load every chunk
  whose prefixes could hold it, such as the whole "aun"-"b" chunk. Here each
  chunk ends where the next begins, so a word is looked up in the one chunk
  that holds it (two when it equals a boundary).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import struct

SIGNATURE = b"pagefind_dcd"
LAST_WORD = "\U0010ffff"  # above any word: the end of the last chunk's range
BUNDLE_DIGITS = 6  # hex digits of the hash that names a build's fragments and word chunks


class FormatChanged(RuntimeError):
    pass


def _decode(data: bytes, i: int = 0):
    head = data[i]
    major, info = head >> 5, head & 31
    i += 1
    if info < 24:
        n = info
    elif info in (24, 25, 26, 27):
        size = 1 << (info - 24)
        n = int.from_bytes(data[i:i + size], "big")
        i += size
    else:
        raise FormatChanged(f"CBOR tanpa panjang tetap (byte {head:#x})")
    if major == 0:
        return n, i
    if major == 3:
        return data[i:i + n].decode("utf-8"), i + n
    if major == 4:
        items = []
        for _ in range(n):
            item, i = _decode(data, i)
            items.append(item)
        return items, i
    raise FormatChanged(f"jenis CBOR {major} tidak dikenal")


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for info, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | info]) + struct.pack(fmt, n)
    raise ValueError(n)


def _encode(value) -> bytes:
    if isinstance(value, bool) or value is None:
        raise FormatChanged(f"nilai {value!r} tidak didukung")
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    return _head(4, len(value)) + b"".join(_encode(v) for v in value)


def read(name: str, data: bytes):
    raw = gzip.decompress(data)
    if not raw.startswith(SIGNATURE):
        raise FormatChanged(f"{name} tidak diawali {SIGNATURE!r}")
    value, end = _decode(raw, len(SIGNATURE))
    if end != len(raw) or SIGNATURE + _encode(value) != raw:
        raise FormatChanged(f"{name} tidak dapat dibaca ulang menjadi byte yang sama")
    return value


def packed(value, prefix: str, digits: int) -> tuple[str, bytes]:
    """Value as Pagefind writes it, and a name made of prefix + a hash of those bytes."""
    raw = SIGNATURE + _encode(value)
    return f"{prefix}{hashlib.sha256(raw).hexdigest()[:digits]}", gzip.compress(raw, compresslevel=9, mtime=0)


def canonicalize(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path in the bundle -> bytes) with filters in sorted order and names to match."""
    try:
        return _canonicalize(dict(files))
    except FormatChanged:
        raise
    except (ValueError, KeyError, IndexError, TypeError, EOFError, OSError) as err:  # gzip, JSON, shape
        raise FormatChanged(f"{type(err).__name__}: {err}") from None


def _canonicalize(files: dict[str, bytes]) -> dict[str, bytes]:
    entry_text = files["pagefind-entry.json"].decode("utf-8")
    for language, info in sorted(json.loads(entry_text)["languages"].items()):
        meta_path = f"pagefind.{info['hash']}.pf_meta"
        version, pages, chunks, filters, sorts, fields = read(meta_path, files.pop(meta_path))
        renamed = []
        for filter_name, file_hash in sorted(filters):
            path = f"filter/{file_hash}.pf_filter"
            name, values = read(path, files.pop(path))
            values = sorted(([value, sorted(pages_)] for value, pages_ in values), key=lambda item: item[0])
            new_hash, data = packed([name, values], f"{language}_", 7)
            files[f"filter/{new_hash}.pf_filter"] = data
            renamed.append([filter_name, new_hash])
        pages, chunks = _rename(files, pages, _contiguous(chunks), language)
        new_hash, data = packed([version, pages, chunks, renamed, sorted(sorts), fields], f"{language}_", 10)
        files[f"pagefind.{new_hash}.pf_meta"] = data
        entry_text = entry_text.replace(f'"hash":"{info["hash"]}"', f'"hash":"{new_hash}"')
    files["pagefind-entry.json"] = entry_text.encode("utf-8")
    return files


def _rename(files: dict[str, bytes], pages: list, chunks: list, language: str) -> tuple[list, list]:
    """Page n's fragment as fragment/<bundle>/<n>.pf_fragment and word chunk n as
    index/<bundle>/<n>.pf_index, <bundle> a hash of all of them; the new page and chunk lists."""
    fragments = [files[f"fragment/{name}.pf_fragment"] for name, _ in pages]
    words = [files[f"index/{name}.pf_index"] for _, _, name in chunks]
    for name, _ in pages:
        files.pop(f"fragment/{name}.pf_fragment", None)  # identical pages share one
    for _, _, name in chunks:
        files.pop(f"index/{name}.pf_index")
    digest = hashlib.sha256(language.encode("utf-8"))
    for data in (*fragments, *words):
        digest.update(len(data).to_bytes(8, "big") + data)
    bundle = digest.hexdigest()[:BUNDLE_DIGITS]
    for n, data in enumerate(fragments):
        files[f"fragment/{bundle}/{n}.pf_fragment"] = data
    for n, data in enumerate(words):
        files[f"index/{bundle}/{n}.pf_index"] = data
    return ([[f"{bundle}/{n}", word_count] for n, (_, word_count) in enumerate(pages)],
            [[start, end, f"{bundle}/{n}"] for n, (start, end, _) in enumerate(chunks)])


def _contiguous(chunks: list) -> list:
    """Chunk ranges [from, to, hash] with no gap between one chunk and the next."""
    out = [[start, end, name] for start, end, name in chunks]
    for chunk, following in zip(out, out[1:]):
        if following[0] <= chunk[0]:
            raise FormatChanged("rentang potongan indeks kata tidak berurutan")
        chunk[1] = following[0]  # Pagefind's next "from" is above every word of this chunk
    if out:
        out[0][0], out[-1][1] = "", LAST_WORD
    return out

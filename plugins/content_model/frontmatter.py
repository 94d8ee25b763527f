"""Split a Markdown file into YAML front matter and body, keeping line numbers.

Pure functions: no Pelican here. Every value's line is recorded under its
dotted path ("event.start", "officials[1].agency") so that a message about a
field can point the editor at the line to fix.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import yaml

FENCE = "---"


# libyaml's parser when PyYAML has it (the wheels do): five times faster on a
# large archive, with the same node tree and line marks.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Loader(_Base):
    """SafeLoader that leaves dates as text: we parse them with our own
    messages instead of letting `2024-13-01` crash inside PyYAML."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


class FrontMatterError(Exception):
    def __init__(self, line: int, message: str, fix: str):
        super().__init__(message)
        self.line, self.message, self.fix = line, message, fix


@dataclass
class FrontMatter:
    data: dict
    lines: dict[str, int] = field(default_factory=dict)
    body: str = ""
    body_line: int = 1  # file line on which the body starts


def decode(raw: bytes) -> str:
    """UTF-8 text of a file, or FrontMatterError naming the line of the first bad byte."""
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise FrontMatterError(
            line,
            f"berkas bukan teks UTF-8 (bita 0x{raw[err.start]:02x} tidak bisa dibaca)",
            "simpan ulang berkas dengan pengodean UTF-8 (di editor: Save with Encoding > UTF-8)",
        ) from None


def split(text: str) -> FrontMatter:
    """Parse the front matter block at the top of `text`."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != FENCE:
        raise FrontMatterError(
            1,
            "berkas tidak diawali front matter",
            "mulai berkas dengan baris '---', tulis kolom-kolomnya, lalu tutup dengan '---'",
        )
    for end, line in enumerate(lines[1:], start=1):
        if line.strip() == FENCE:
            break
    else:
        raise FrontMatterError(
            1, "front matter tidak ditutup", "tambahkan baris '---' setelah kolom terakhir"
        )
    yaml_text = "".join(lines[1:end])
    try:
        node = yaml.compose(yaml_text, Loader=_Loader)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 2 if mark else 1  # +1 for 1-based, +1 for the opening fence
        raise FrontMatterError(
            line,
            f"front matter YAML tidak bisa dibaca: {err.problem or err.context}",
            "periksa titik dua setelah nama kolom, indentasi dengan spasi (bukan tab), "
            "dan tanda kutip pada teks yang memuat ':' atau '#'",
        ) from None
    if node is None:
        data, line_map = {}, {}
    elif not isinstance(node, yaml.MappingNode):
        raise FrontMatterError(
            2, "front matter harus berupa daftar kolom 'nama: nilai'", "tulis setiap kolom sebagai 'nama: nilai'"
        )
    else:
        line_map: dict[str, int] = {}
        data = _construct(node, "", line_map, _Loader(""))
    return FrontMatter(data, line_map, "".join(lines[end + 1 :]), end + 2)


def _construct(node, path: str, line_map: dict, loader):
    """Build Python values from a YAML node tree, recording each value's line."""
    line_map.setdefault(path, node.start_mark.line + 2)
    if isinstance(node, yaml.MappingNode):
        result = {}
        for key_node, value_node in node.value:
            key = str(loader.construct_object(key_node, deep=True))
            child = f"{path}.{key}" if path else key
            if key in result:
                raise FrontMatterError(
                    key_node.start_mark.line + 2,
                    f"kolom '{child}' ditulis dua kali",
                    "hapus salah satunya",
                )
            line_map[child] = key_node.start_mark.line + 2
            result[key] = _construct(value_node, child, line_map, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _construct(item, f"{path}[{i}]", line_map, loader)
            for i, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)

"""`new point|belt|route ID`: a complete, commented sites.yaml entry (`entrytext`), printed or
appended.

Appending inserts the entry as text after the last line of its section and changes no other
byte of the file: editors' comments, blank lines and quoting all stay as they were. (A YAML
round-trip library would re-emit the whole file and may reflow what it does not understand.)
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import yaml

from ..model import SLUG, SLUG_RULE
from ..source.messages import MESSAGES
from ..source.yamlsource import parse
from .entrytext import KINDS, entry


class ScaffoldError(Exception):
    """Something that stops an entry being added; the message is for the editor."""


# --- appending -----------------------------------------------------------------------------


def check_id(kind: str, record_id: str, existing: dict) -> None:
    section, _, word = KINDS[kind]
    if not re.fullmatch(SLUG, record_id):
        raise ScaffoldError(f"编号 `{record_id}` 无效:{SLUG_RULE},如 gulou-09")
    items = existing.get(section) if isinstance(existing, dict) else None
    ids = {item.get("id") for item in items or [] if isinstance(item, dict)}
    if record_id in ids:
        raise ScaffoldError(f"已有编号为 `{record_id}` 的{word},请换一个编号")


def insert(text: str, kind: str, record_id: str) -> tuple[str, int, str]:
    """Insert a new entry into its section of a sites.yaml text.

    Returns the new text, where the inserted block starts and the block itself; everything
    before and after the block is the old text unchanged."""
    section = KINDS[kind][0]
    newline = "\r\n" if "\r\n" in text else "\n"
    root = yaml.compose(text, Loader=yaml.SafeLoader)
    key, value = _section(root, section)
    lines = text.splitlines(keepends=True)
    if key is None:
        at, indent, lead = len(lines), 2, f"{newline}{section}:{newline}"
    else:
        at, indent = _where(lines, key, value, _next_key_line(root, key, len(lines)), section), _indent(value)
        lead = "" if at == key.start_mark.line + 1 else newline  # a blank line between entries
    if lines and at == len(lines) and not lines[-1].endswith(("\n", "\r")):
        lead = newline + lead  # the file's last line has no line break: give it one first
    block = lead + entry(kind, record_id, indent=indent).replace("\n", newline)
    offset = sum(len(line) for line in lines[:at])
    return text[:offset] + block + text[offset:], offset, block


def _section(root, section: str):
    if not isinstance(root, yaml.MappingNode):
        raise ScaffoldError(MESSAGES["top_not_mapping"][0])
    for key, value in root.value:
        if key.value == section:
            return key, value
    return None, None


def _next_key_line(root: yaml.MappingNode, key: yaml.Node, end: int) -> int:
    later = [k.start_mark.line for k, _ in root.value if k.start_mark.line > key.start_mark.line]
    return min(later, default=end)


def _where(lines: list[str], key, value, stop: int, section: str) -> int:
    """The line index to insert at: after the section's last line of content.

    Comments at column 0 just before the next section usually introduce that section, so the
    new entry goes above them; indented comments belong to the last entry and stay with it."""
    if isinstance(value, yaml.SequenceNode) and value.flow_style:
        raise ScaffoldError(f"`{section}` 写成了一行的 [...] 形式,请改成每项以“- ”开头的多行写法后再添加")
    if not isinstance(value, yaml.SequenceNode) and not (isinstance(value, yaml.ScalarNode) and value.value in ("", "~", "null")):
        raise ScaffoldError(f"`{section}` 应为列表")
    last = key.start_mark.line
    for i in range(key.start_mark.line + 1, stop):
        line = lines[i]
        if line.strip() and not line.startswith("#"):
            last = i
    return last + 1


def _indent(value) -> int:
    if isinstance(value, yaml.SequenceNode) and value.value:
        return value.start_mark.column
    return 2


def append(path: str, kind: str, record_id: str) -> tuple[str, int]:
    """Add a new entry to the file; returns the new text and the line the entry starts on."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except OSError:
        raise ScaffoldError(f"找不到文件 {path}") from None
    src = parse(raw, str(path))
    if src.data is None:
        raise ScaffoldError("\n".join(p.format() for p in src.problems))
    check_id(kind, record_id, src.data)
    text = raw.decode("utf-8-sig")
    new, offset, block = insert(text, kind, record_id)
    _verify(new, kind, record_id, src.data)
    file.write_bytes(("\ufeff" if raw.startswith(b"\xef\xbb\xbf") else "").encode() + new.encode("utf-8"))
    return new, new.count("\n", 0, new.index(f"- id: {record_id}", offset)) + 1


def _verify(new: str, kind: str, record_id: str, old_data: dict) -> None:
    """Refuse to write unless the new text holds exactly one more record, the new one."""
    section = KINDS[kind][0]
    data = parse(new.encode("utf-8"), "new").data
    before = old_data.get(section) or []
    after = (data or {}).get(section) if isinstance(data, dict) else None
    added = after[-1] if isinstance(after, list) and after else None
    if len(after or []) != len(before) + 1 or not isinstance(added, dict) or added.get("id") != record_id:
        raise ScaffoldError(f"无法自动添加到 `{section}`,请把上面打印的内容手动粘贴到该部分末尾")


def main(kind: str, record_id: str, path: str | None) -> int:
    try:
        if path is None:
            here = Path("sites.yaml")
            existing = parse(here.read_bytes(), str(here)).data if here.is_file() else {}
            check_id(kind, record_id, existing or {})
            print(entry(kind, record_id), end="")
            return 0
        _, line = append(path, kind, record_id)
    except ScaffoldError as exc:
        print(f"错误:{exc}", file=sys.stderr)
        return 1
    word = KINDS[kind][2]
    print(f"已在 {path} 第 {line} 行添加{word} `{record_id}`。填好空着的必填字段后运行:python -m generator check {path}", file=sys.stderr)
    return 0

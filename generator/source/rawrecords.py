"""Records as the editor wrote them, also those that failed validation.

Ids are taken as written (also from records that failed), so that one bad record does not make
every reference to it an error too.
"""

from __future__ import annotations

from typing import Any

from .positions import Source

Records = dict[str, list[tuple[int, Any]]]
"""The records that passed validation, by section, each with its index in that section."""


def raw_items(src: Source, section: str) -> list:
    items = src.data.get(section) if isinstance(src.data, dict) else None
    return items if isinstance(items, list) else []


def raw_id(item) -> str | None:
    # stripped as the model strips it, so `id: " a "` and a reference to `a` agree
    record_id = item.get("id") if isinstance(item, dict) else None
    return record_id.strip() if isinstance(record_id, str) else None


def raw_ids(src: Source, section: str) -> dict[str, int]:
    """Ids as written, with their index, even for records that failed validation."""
    ids: dict[str, int] = {}
    for i, item in enumerate(raw_items(src, section)):
        if raw_id(item) is not None:
            ids.setdefault(raw_id(item), i)
    return ids

"""Material's search index, written again in fewer bytes.

Material's search plugin writes `search/search_index.json` with `json.dumps`' default
`ensure_ascii`: every Chinese character becomes a six-byte `\\uXXXX` escape (three bytes in UTF-8),
and so does each U+200B it puts between the words jieba finds — about a third of the file. A phone
fetches the whole index before its first search, so the same data is written as UTF-8 (which
`fetch().json()` always reads). Material has no option for this and writes the file in its own
`on_post_build`, so the plugin rewrites the file after it.
"""

from __future__ import annotations

import json
from pathlib import Path

PATH = "search/search_index.json"


def shrink(site_dir: Path) -> bool:
    """Rewrite the index (if the search plugin wrote one) as compact UTF-8 JSON holding the same
    data; returns whether there was one."""
    path = site_dir / PATH
    if not path.is_file():
        return False
    data = json.loads(path.read_bytes())
    path.write_bytes(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    return True

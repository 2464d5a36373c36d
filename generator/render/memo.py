"""Content keys for reusing a rendered template: a key is a hash of everything the output is made
from, so a stale output can never be found by it.

A template's output is made from its source (and the sources of every template it includes,
imports or extends), the page it is rendered as, how URLs look, and the values it is given that
it names. A template cannot read a value it does not name (includes see the including
template's values, and are followed), so the key hashes only those; if a template is included by
a variable, every value is hashed. Values are hashed by pickling them: all their state, private
fields included; a value that cannot be pickled makes the output uncached, never stale.

The records (points, belts, routes, the site settings, the project) and the parts of the site
settings (a checklist and its items, which every point page's values hold) are hashed once a
build and stand in the key for themselves wherever they appear, so pages listing every point
stay cheap.

Functions handed to templates (`href`, `hours_json`, modules such as `paths`) are code: they are
left out of the key, so they must compute from their arguments, the page and the URLs only.
"""

from __future__ import annotations

import copyreg
import functools
import hashlib
import io
import pickle
from types import BuiltinFunctionType, FunctionType, ModuleType

import jinja2
from jinja2 import meta, nodes

from ..model import Strict

CODE = (FunctionType, BuiltinFunctionType, ModuleType, type)


def digest(data: str | bytes) -> bytes:
    """A content key: text is hashed as UTF-8."""
    return hashlib.blake2b(data.encode("utf-8") if isinstance(data, str) else data, digest_size=20).digest()


def template_reads(env: jinja2.Environment, name: str, names_of) -> tuple[bytes, frozenset | None]:
    """(hash of the sources of `name` and every template it uses, the names they mention; None:
    a template is included by a variable, so any value may be read). `names_of(source)` gives
    (names, templates used) of one source, so a caller can keep them between builds."""
    sources, names, todo, dynamic = {}, set(), [name], False
    while todo:
        current = todo.pop()
        if current in sources:
            continue
        sources[current] = env.loader.get_source(env, current)[0]
        mentioned, used = names_of(env, sources[current])
        names |= mentioned
        dynamic = dynamic or None in used
        todo.extend(u for u in used if u is not None)
    return digest(pickle.dumps(sorted(sources.items()))), None if dynamic else frozenset(names)


def names_in(env: jinja2.Environment, source: str) -> tuple[frozenset, tuple]:
    """Every name a template source mentions (loop variables and its own `set`s too: more than it
    reads is harmless), and the templates it uses (None for one named by a variable)."""
    tree = env.parse(source)
    return frozenset(n.name for n in tree.find_all(nodes.Name)), tuple(meta.find_referenced_templates(tree))


class Hasher:
    """Hashes values by pickling them, with each known record replaced by its own hash."""

    def __init__(self, records: list, holder, kept: dict | None = None, shared=None) -> None:
        """`records` hold no other record (pickled as they are); `holder` (the project) holds them.
        `kept` (id → (record, hash), left holding these records): a record object hashed by an
        earlier Hasher is not pickled again (the loader reuses unchanged records; they are frozen).
        `shared`: a record whose parts many values hold (the site's checklist items are in every
        point page's values): each part is hashed once and stands for itself, as a record does."""
        parts = _parts_of(shared) if shared is not None else []
        self._records = [*records, holder]  # kept alive: they are known by their id()
        kept = {} if kept is None else kept
        hashed = {}
        for record in [*records, *parts]:
            last = kept.get(id(record))
            hashed[id(record)] = last if last and last[0] is record else \
                (record, digest(pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL)))
        kept.clear()
        kept.update(hashed)
        self._known = {key: value[1] for key, value in hashed.items()}
        self._parts = parts  # kept alive too
        # Only these classes are reduced here, any other object as pickle does: asking for
        # every object pickled (`reducer_override`) took a third of a key's time. The reducer
        # holds the known hashes, not this Hasher: a cycle through it would keep every record
        # alive until a collection, and a one-off build freezes the collector while it renders.
        reduce = functools.partial(_reduce, self._known)
        self._dispatch = copyreg.dispatch_table | {type(r): reduce for r in [*self._records, *parts]}
        self._known[id(holder)] = self.digest(holder)

    def ref(self, record) -> bytes:
        """A known record's own hash: what it stands for in a key."""
        return self._known[id(record)]

    def digest(self, value) -> bytes:
        out = io.BytesIO()
        pickler = pickle.Pickler(out, protocol=pickle.HIGHEST_PROTOCOL)
        pickler.dispatch_table = self._dispatch
        pickler.dump(value)
        return digest(out.getvalue())


def _reduce(known: dict[int, bytes], obj):
    found = known.get(id(obj))
    return (record, (found,)) if found is not None else obj.__reduce_ex__(pickle.HIGHEST_PROTOCOL)


def _parts_of(value) -> list:
    """The models inside a model, at any depth (through lists, tuples and dicts too)."""
    found = []
    todo = list(vars(value).values()) if isinstance(value, Strict) else []
    while todo:
        item = todo.pop()
        if isinstance(item, Strict):
            found.append(item)
            todo.extend(vars(item).values())
        elif isinstance(item, (list, tuple)):
            todo.extend(item)
        elif isinstance(item, dict):
            todo.extend(item.values())
    return found


def record(digest: bytes):
    """What a known record is pickled as (never unpickled: the pickle is only hashed)."""
    raise NotImplementedError


def render_key(hasher: Hasher, reads: tuple[bytes, frozenset | None], name: str, page: str, urls, values: dict,
               made_from: tuple = ()) -> bytes | None:
    """The key of template `name` rendered as `page` with `values`, and with values worked out
    from `made_from` alone (hashed whole: they stand for values not yet made); None when a value
    cannot be hashed."""
    sources, names = reads
    data = sorted((k, v) for k, v in values.items() if (names is None or k in names) and not isinstance(v, CODE))
    try:
        return hasher.digest((sources, name, page, urls, data, made_from))
    except (pickle.PicklingError, TypeError, AttributeError):
        return None

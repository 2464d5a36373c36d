"""Thousands of broken files: the loader never raises, and every problem can be shown.

Four sources of documents: the valid sample mutated line by line and byte by byte (what a
hurried editor or a bad merge produces), strings of YAML punctuation, random nested data dumped
as YAML, and the sample's data with random values put in random places (to reach every
validation error). Derandomized,
so CI sees the same examples every run.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from copy import deepcopy
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.source import loader
from generator.source.problems import format_gitlab

VALID = Path(__file__).parent / "fixtures" / "valid" / "sites.yaml"
SAMPLE = VALID.read_text(encoding="utf-8")
ROOT = VALID.parent
TODAY = dt.date(2026, 11, 22)
GITHUB = re.compile(r"^::(error|warning) file=sites\.yaml,line=[1-9]\d*,col=[1-9]\d*,title=[^:,\r\n]*::[^\r\n]+$")
# what YAML counts as a line break (libyaml also breaks lines on NEL, LS and PS)
LINE_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")

FUZZ = settings(deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])


def assert_loads_cleanly(raw: bytes) -> None:
    loaded = loader.load_bytes(raw, "sites.yaml", ROOT, TODAY)
    assert isinstance(loaded, loader.Loaded)
    if loaded.project is None:
        assert loaded.errors, "no project, yet no error says why"
    else:
        assert not loaded.errors
    lines = len(LINE_BREAK.split(raw.decode("utf-8", errors="replace")))
    for problem in loaded.problems:
        assert 1 <= problem.line <= lines + 1 and problem.col >= 1, problem
        assert problem.key != "invalid", problem  # a validation error the loader does not explain yet
        for lang in ("zh", "en"):
            text = problem.format(lang)
            assert text.startswith(f"sites.yaml:{problem.line}:{problem.col}: ")
            assert text.count("\n") == (1 if problem.hint else 0), text  # the message, then the hint
            assert "Input should" not in text and "Value error" not in text, text  # pydantic's English
            assert GITHUB.match(problem.format_github(lang)), problem.format_github(lang)
            assert json.dumps(problem.as_dict(lang), ensure_ascii=False)
    for lang in ("zh", "en"):
        assert len(json.loads(format_gitlab(loaded.problems, lang))) == len(loaded.problems)


# --- mutations of the sample -----------------------------------------------------------------

TRICKY = list(":-&*!{}[],#|>'\"%@`?\\\t ") + ["\n", ": ", "- ", "&a ", "*a", "!!python/object ", "<<: ", "\r", "东", "9:00", "no", "~"]


@st.composite
def mutated_sample(draw) -> bytes:
    lines = SAMPLE.splitlines(keepends=True)
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        action = draw(st.sampled_from(["delete", "duplicate", "swap", "indent", "insert", "replace"]))
        if action == "delete" and len(lines) > 1:
            del lines[i]
        elif action == "duplicate":
            lines.insert(i, lines[i])
        elif action == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif action == "indent":
            body = lines[i].lstrip(" ")
            lines[i] = draw(st.sampled_from(["", " ", "  ", "   ", "      ", "\t", " \t"])) + body
        elif action == "insert":
            at = draw(st.integers(0, len(lines[i])))
            piece = "".join(draw(st.lists(st.sampled_from(TRICKY) | st.characters(), min_size=1, max_size=4)))
            lines[i] = lines[i][:at] + piece + lines[i][at:]
        else:  # a value replaced by something else
            key, sep, _ = lines[i].partition(": ")
            value = draw(st.sampled_from(TRICKY) | st.text(max_size=12))
            lines[i] = f"{key}{sep or ': '}{value}\n"
    raw = "".join(lines).encode("utf-8", errors="surrogatepass")
    if draw(st.booleans()) and draw(st.booleans()):  # now and then, bytes that are not UTF-8
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(min_size=1, max_size=3)) + raw[at:]
    return raw


@settings(FUZZ, max_examples=1500)
@given(mutated_sample())
def test_mutated_sample(raw):
    assert_loads_cleanly(raw)


@settings(FUZZ, max_examples=500)
@given(st.lists(st.sampled_from(TRICKY + ["site", "points", "id", "x", "1", "\n  ", "\n- ", "\ufeff", "\x85", "\u2028"]), max_size=60))
def test_yaml_soup(parts):
    """Short strings of YAML's own punctuation: they reach the parser's rarer errors."""
    assert_loads_cleanly("".join(parts).encode("utf-8"))


# --- random data dumped as YAML ------------------------------------------------------------

FIELD_NAMES = ["site", "belts", "points", "routes", "id", "name", "title", "regions", "lat", "lon", "kind", "level",
               "stops", "point", "belt", "photos", "src", "checklists", "five-ones", "route", "verified", "figures"]
SCALARS = (
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | st.dates()
    | st.sampled_from(["9:00", "no", "010", "0x1F", "1e3", "~", "null", "2021-13-45", "../x.jpg", "商圈", "#c8102e"])
)
DATA = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(FIELD_NAMES) | st.text(max_size=8), inner, max_size=5),
    max_leaves=30,
)


def dump(data, flow: bool) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)  # PyYAML's own emitter would take most of the time
    return yaml.dump(data, Dumper=dumper, allow_unicode=True, default_flow_style=flow, sort_keys=False).encode("utf-8")


@settings(FUZZ, max_examples=500)
@given(DATA, st.booleans())
def test_random_data(data, flow):
    assert_loads_cleanly(dump(data, flow))


# --- the sample's data with random values in random places ---------------------------------


def paths(data, here=()):
    """Every place in the data: (path, value)."""
    yield here, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from paths(value, here + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from paths(value, here + (i,))


SAMPLE_DATA = yaml.safe_load(SAMPLE)
PLACES = [p for p, _ in paths(SAMPLE_DATA) if p]


def put(data, path, value):
    """A copy of data with the value at path replaced."""
    copy = deepcopy(data)
    target = copy
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return copy


@settings(FUZZ, max_examples=500)
@given(st.lists(st.tuples(st.sampled_from(PLACES), DATA), min_size=1, max_size=3), st.booleans())
def test_sample_with_random_values(changes, flow):
    data = SAMPLE_DATA
    for path, value in changes:
        try:
            data = put(data, path, value)
        except (KeyError, IndexError, TypeError):  # an earlier change removed the place
            continue
    assert_loads_cleanly(dump(data, flow))

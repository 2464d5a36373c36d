"""The project's stated scale loads; the limits against hostile files sit above it with a margin.

The limits (file size, values, nesting) exist to stop bombs, not the 10,000 points the project
promises: a realistic 10,000-point file (every field filled, stories of 200–800 characters, the
benchmark's "long-stories" shape) must stay at most half of each limit."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from benchmarks.datasets import FILE_PHOTO, dataset, to_yaml
from generator.source import loader, yamlsource

MARGIN = 2


@pytest.fixture(scope="module")
def realistic_10k() -> bytes:
    return to_yaml(dataset(10_000, "long-stories")).encode()


def test_realistic_10k_file_is_within_half_of_each_limit(realistic_10k):
    assert len(realistic_10k) * MARGIN <= yamlsource.MAX_BYTES
    values = sum(1 for e in yaml.parse(realistic_10k, Loader=yamlsource.PARSERS[0])
                 if isinstance(e, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)))
    assert values * MARGIN <= yamlsource.MAX_VALUES


@pytest.mark.parametrize("shape", ["long-stories", "many-routes", "shared-stops", "large-belts"])
def test_every_benchmark_shape_passes_check(shape, tmp_path):
    """The benchmark's datasets are valid (the benchmark builds them at 10,000 points too)."""
    photo = tmp_path / "docs" / FILE_PHOTO
    photo.parent.mkdir(parents=True)
    photo.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>', encoding="utf-8")
    loaded = loader.load_bytes(to_yaml(dataset(500, shape)).encode(), "sites.yaml", tmp_path, dt.date(2026, 11, 30))
    assert [p.format() for p in loaded.errors] == [] and len(loaded.project.points) == 500

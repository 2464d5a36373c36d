"""A point's audio guide (`audio`): a file under docs/, in a format phones play, not too large;
every mistake names the file, the line, the field and the fix."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from generator.model import AUDIO_MAX_MB, AUDIO_SUFFIXES, Point
from generator.source import loader

TODAY = dt.date(2026, 11, 22)
YAML = """\
site:
  title: 东莞市城市基层党建示范带
  regions:
    - {{name: 东莞市, south: 22.65, west: 113.50, north: 23.15, east: 114.25}}
points:
  - id: p1
    name: 示范点1
    kind: community
    level: city
    district: 东城街道
    address: 东莞市东城街道1号
    lat: 23.02
    lon: 113.77
    verified: 2026-01-10
    audio: '{audio}'
"""
LINE = 15


@pytest.fixture
def project(tmp_path: Path) -> Path:
    audio = tmp_path / "docs" / "audio"
    audio.mkdir(parents=True)
    (audio / "p1.mp3").write_bytes(b"ID3" + bytes(100))
    (audio / "P1.OGG").write_bytes(b"OggS" + bytes(100))
    (audio / "p1.txt").write_bytes(b"text")
    (audio / "big.mp3").write_bytes(bytes(AUDIO_MAX_MB * 1024 * 1024 + 1))
    (tmp_path / "secret.mp3").write_bytes(b"secret")
    (audio / "leak.mp3").symlink_to(tmp_path / "secret.mp3")
    return tmp_path


def problems(project: Path, audio: str) -> list:
    loaded = loader.load_bytes(YAML.format(audio=audio).encode(), "sites.yaml", project, TODAY)
    return [p for p in loaded.errors if p.key != "symlink_outside"]  # the planted link is refused on its own too


@pytest.mark.parametrize("audio", ["audio/p1.mp3", "audio/P1.OGG", "audio/../audio/p1.mp3"])
def test_an_audio_file_under_docs_is_fine(project, audio):
    assert problems(project, audio) == []


@pytest.mark.parametrize("audio, key, message, hint", [
    ("audio/none.mp3", "audio_missing", "找不到音频文件 `audio/none.mp3`", "放进 docs/ 下"),
    ("audio/p1.txt", "audio_format", "音频文件 `audio/p1.txt` 的格式不支持", ".mp3、.m4a、.aac、.ogg、.opus、.wav"),
    ("../secret.mp3", "path_outside", "路径 `../secret.mp3` 不在 docs/ 目录内", "音频文件放进 docs/"),
    ("audio/leak.mp3", "path_outside", "路径 `audio/leak.mp3` 不在 docs/ 目录内", "音频文件放进 docs/"),
    ("audio/big.mp3", "audio_too_big", f"音频文件 `audio/big.mp3` 有 10.0 MB,超过上限 {AUDIO_MAX_MB} MB", "64 kbps"),
])
def test_each_mistake_names_file_line_field_and_fix(project, audio, key, message, hint):
    [problem] = problems(project, audio)
    assert (problem.key, problem.path, problem.line) == (key, "points[0].audio", LINE)
    text = problem.format()
    assert text.startswith(f"sites.yaml:{LINE}:")
    assert "points[0].audio" in text and message in text and hint in problem.hint_text()


def test_the_field_is_declared_once_with_its_formats():
    doc = Point.model_fields["audio"].description
    assert all(suffix in doc for suffix in AUDIO_SUFFIXES) and f"{AUDIO_MAX_MB} MB" in doc

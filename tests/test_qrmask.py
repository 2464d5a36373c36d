"""The fast mask choice (render/qrmask) makes exactly the codes segno makes by itself."""

from __future__ import annotations

import io
import random
from urllib.parse import quote

import pytest
import segno
from segno import encoder

from generator.render import qr, qrmask

CHINESE = "党群服务中心红色驿站示范带鼓楼区台江区仓山区晋安区楼宇联盟新时代文明实践站"


def urls() -> list[str]:
    """300 addresses of the kinds sites publish, of every length from ~15 to ~370 characters
    (QR versions 1–15): ASCII paths, percent-encoded Chinese, ports and sub-paths."""
    rng = random.Random(19)
    hosts = ["http://10.2.3.4", "https://dangjian.fuzhou-city.gov.cn:8443", "http://intranet",
             "https://showcase.gov.cn", "http://192.168.1.5:8080", "http://[fd00::5]:8000"]
    found = []
    for i in range(291):
        url, length = rng.choice(hosts), 15 + i * i // 500
        while len(url) < length:
            name = "".join(rng.choice(CHINESE) for _ in range(rng.randint(1, 4)))
            url += "/" + rng.choice(["belts", "showcase", "v2", f"p-{i:05d}", f"walk-{i}", quote(name), "党建"])
        found.append(url + "/")
    found += [f"{hosts[1]}/showcase/points/{quote(CHINESE[:n])}/" for n in (16, 22, 28, 36)]
    return found + ["HTTP://10.1.2.3/P/ABC-123/", "1234567890", "http://a.cn/" + CHINESE, "", "x"]


URLS = urls()


def test_the_addresses_cover_small_and_large_codes_and_a_tie():
    versions = {qrmask.make(url).version for url in URLS}
    assert set(range(1, 11)) <= versions
    # two masks with the same lowest penalty: the codes below then test segno's tie-breaking
    scores = [qrmask.penalties(encoder.encode(url, error="m", mask=0, micro=False).matrix) for url in URLS]
    assert any(s.count(min(s)) > 1 for s in scores)


def test_codes_and_svgs_equal_segnos_own():
    for url in URLS:
        want, got = segno.make_qr(url, error="m"), qrmask.make(url)
        assert (got.mask, got.version, got.error, got.matrix) == (want.mask, want.version, want.error, want.matrix), url
        file, inline = io.BytesIO(), io.BytesIO()
        want.save(file, kind="svg", scale=10, border=4, xmldecl=True)
        want.save(inline, kind="svg", border=4, xmldecl=False, svgns=True, omitsize=True, svgclass="qr")
        assert qr._both(url) == (file.getvalue().decode(), inline.getvalue().decode()), url


def test_every_masks_penalty_is_segnos(monkeypatch):
    seen = []

    def evaluate(matrix, width, height):
        seen.append(own(matrix, width, height))
        return seen[-1]

    own = encoder.evaluate_mask
    monkeypatch.setattr(encoder, "evaluate_mask", evaluate)
    for url in URLS[::5]:
        seen.clear()
        segno.make_qr(url, error="m")
        assert qrmask.penalties(encoder.encode(url, error="m", mask=0, micro=False).matrix) == seen, url


# 1:1:3:1:1 patterns that overlap: segno counts only the first of two when it counts the first
# (it resumes its search 7 modules on) — the quirk qrmask copies.
FINDER_RUNS = ["00001011101" "0000", "1011101" "0000", "00001011101", "0000101110111010000",
               "000010111010111010000", "00001011101011101011101" "0000", "101110111011101", "10111010000"]


@pytest.mark.parametrize("width", [21, 25, 29, 33, 45, 57])
def test_penalty_of_any_symbol_is_segnos(width):
    rng = random.Random(width)
    for trial in range(60):
        dark = rng.choice([0.1, 0.5, 0.8])
        matrix = tuple(bytearray(int(rng.random() < dark) for _ in range(width)) for _ in range(width))
        for _ in range(rng.randint(0, 6)):
            bits = [int(c) for c in rng.choice([run for run in FINDER_RUNS if len(run) <= width])]
            line, at = rng.randrange(width), rng.choice([0, width - len(bits), rng.randrange(width - len(bits) + 1)])
            for k, bit in enumerate(bits):
                if trial % 2:
                    matrix[line][at + k] = bit
                else:
                    matrix[at + k][line] = bit
        assert qrmask.penalty(matrix) == encoder.evaluate_mask(matrix, width, width)


def test_overlapping_finder_patterns_count_as_segno_counts_them():
    line = [int(c) for c in "000010111010111010000"] + [0] * 4
    matrix = tuple(bytearray(line if i == 10 else [0] * 25) for i in range(25))
    assert encoder.mask_scores(matrix, 25, 25)[2] == 40  # the standard would count two: 80
    assert qrmask.penalty(matrix) == encoder.evaluate_mask(matrix, 25, 25)

"""segno's choice of a QR code's data mask, exactly the same, in ~0.1 ms instead of ~5.

A QR code's modules are XORed with one of eight mask patterns; the standard (ISO/IEC 18004
§7.8.3) picks the one whose symbol scores the lowest penalty. segno does that in pure Python, cell
by cell, eight times over: ~80 % of a code's time (6–8 ms a code, 1–2 with a fixed mask). Here
segno encodes once with mask 0, the eight candidate symbols are derived from it, and each is
scored with bit operations on two big integers (all rows, all columns; 4 light bits of padding
after every line, so that shifts never carry one line into the next and the outside of the symbol
reads as light, as in segno).

`make(url)` is `segno.make_qr(url, error="m")`, byte for byte: the tests compare both for
hundreds of URLs. Rules and quirks kept as segno (1.6) has them:
- the symbol is scored without format and version information and without the dark module (all
  light), as segno scores it before adding them;
- N1: a run of n ≥ 5 equal modules scores n - 2; N2: 3 for every 2×2 block of one colour;
- N3: 40 for each 1:1:3:1:1 pattern with 4 light modules (or the edge) before or after it — but
  after counting one, segno resumes its search 7 modules on, so a pattern overlapping it 4 or 6
  modules later is never seen (it could only count by the light modules after it);
- N4: 10 per full 5 % the dark share strays from 50 %, in segno's float arithmetic;
- the lowest total wins; on a tie, the lower mask number.
"""

from __future__ import annotations

from functools import lru_cache

import segno
from segno import consts, encoder

_PAD = 4  # light bits after every line: the 4 light modules N3 looks for beyond an edge


def make(content: str, error: str = "m") -> segno.QRCode:
    """The QR code `segno.make_qr(content, error=error)` makes, with the same mask."""
    # segno.encoder is segno's own module rather than its documented API; the tests compare every
    # result with segno.make_qr, so a segno release that changes it fails them.
    code = encoder.encode(content, error=error, mask=0, micro=False)
    scores = penalties(code.matrix)
    best = scores.index(min(scores))  # the first of the lowest, as segno keeps the first on a tie
    if best:
        width, flips = len(code.matrix), _tables(len(code.matrix)).flips[best]
        for row, flip in zip(code.matrix, flips):
            row[:] = (int.from_bytes(row, "big") ^ flip).to_bytes(width, "big")
        encoder.add_format_info(code.matrix, code.version, code.error, best)
    return segno.QRCode(code._replace(mask=best))


def penalties(matrix) -> list[int]:
    """The penalty of each mask 0–7, from a finished symbol that segno made with mask 0."""
    t = _tables(len(matrix))
    rows, cols = _packed(matrix, t.width)
    rows, cols = rows & t.keep_rows, cols & t.keep_cols
    return [_penalty(rows ^ t.rows[k], cols ^ t.cols[k], t) for k in range(8)]


def penalty(matrix) -> int:
    """The penalty of a symbol as it stands (segno's `evaluate_mask`), for a QR code's width."""
    return _penalty(*_packed(matrix, len(matrix)), _tables(len(matrix)))


def _packed(matrix, width: int) -> tuple[int, int]:
    """All rows, and all columns, of a 0/1 matrix as one integer each: module (i, j) of line i is
    bit i * (width + _PAD) + j."""
    pad, flat = bytes(_PAD), b"".join(matrix)
    return _bits(pad.join(matrix) + pad), _bits(pad.join(flat[j::width] for j in range(width)) + pad)


def _bits(modules: bytes) -> int:
    # int() reads its first digit as the highest bit: reversed, module k becomes bit k.
    return int(modules.translate(_DIGITS)[::-1], 2)


_DIGITS = bytes.maketrans(b"\0\1", b"01")


def _penalty(rows: int, cols: int, t: "_Tables") -> int:
    dark = rows.bit_count()
    percent = float(dark) / (t.width ** 2)
    n4 = 10 * int(abs(percent * 100 - 50) / 5)
    return _runs(rows, t) + _runs(cols, t) + _blocks(rows, t) + _finders(rows) + _finders(cols) + n4


def _runs(lines: int, t: "_Tables") -> int:
    """N1 over every line: a run of n ≥ 5 scores n - 2 = (its n - 4 windows of five) + 2."""
    score = 0
    for x in (lines, lines ^ t.modules):  # dark runs, light runs
        five = x & x >> 1 & x >> 2 & x >> 3 & x >> 4
        score += five.bit_count() + 2 * (five & ~(x << 1)).bit_count()
    return score


def _blocks(rows: int, t: "_Tables") -> int:
    """N2: a module equal to the one below it, its right neighbour and the one below that."""
    below = rows >> t.stride
    same_down = ~(rows ^ below)
    same_right = ~(rows ^ rows >> 1)
    return 3 * (same_down & same_down >> 1 & same_right & t.block_corners).bit_count()


def _finders(x: int) -> int:
    """N3 over every line: 1011101 with 4 light modules before or after it (see the docstring)."""
    found = x & ~(x >> 1) & x >> 2 & x >> 3 & x >> 4 & ~(x >> 5) & x >> 6
    light_before = found & ~(x << 1 | x << 2 | x << 3 | x << 4)
    light_after = found & ~(x >> 7 | x >> 8 | x >> 9 | x >> 10)
    unseen = light_before & (light_after >> 4 | light_after >> 6)
    return 40 * ((light_before | light_after).bit_count() - unseen.bit_count())


class _Tables:
    """What a symbol width fixes: which modules are data (masked), which hold format/version
    information (scored as light), and each mask's difference from mask 0 on the data modules."""

    def __init__(self, width: int):
        self.width, self.stride = width, width + _PAD
        data = _data_modules(width)
        info = _info_modules(width)
        patterns = encoder.get_data_mask_functions(False)
        # flip[k][i][j]: module (i, j) differs between mask 0 and mask k
        flip = [[bytes(int(data[i][j] and bool(p(i, j)) != bool(patterns[0](i, j))) for j in range(width))
                 for i in range(width)] for p in patterns]
        keep = [bytes(1 - info[i][j] for j in range(width)) for i in range(width)]
        self.rows, self.cols = zip(*(_packed(f, width) for f in flip))
        self.keep_rows, self.keep_cols = _packed(keep, width)
        self.flips = [[int.from_bytes(row, "big") for row in f] for f in flip]
        self.modules = _packed([b"\1" * width] * width, width)[0]
        self.block_corners = _packed([b"\1" * (width - 1) + b"\0"] * (width - 1) + [bytes(width)], width)[0]


@lru_cache(maxsize=None)
def _tables(width: int) -> _Tables:
    return _Tables(width)


def _data_modules(width: int) -> list[list[bool]]:
    # As segno's find_and_apply_best_mask: function patterns and reserved areas are ≤ 1, data 2.
    m = encoder.make_matrix(width, width)
    encoder.add_finder_patterns(m, width, width)
    encoder.add_alignment_patterns(m, width, width)
    m[-8][8] = 1
    return [[v > 1 for v in row] for row in m]


def _info_modules(width: int) -> list[list[int]]:
    """1 where segno writes format and version information (and the dark module) after masking."""
    m = tuple(bytearray(b"\2" * width) for _ in range(width))
    version = (width - 17) // 4
    encoder.add_format_info(m, version, consts.ERROR_LEVEL_M, 0)
    encoder.add_version_info(m, version)
    return [[int(v != 2) for v in row] for row in m]

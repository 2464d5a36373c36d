"""Coordinate conversions against published reference values and an independent formula."""

import math
import warnings

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.domain.geo import convert, distance_m, path_length_m

# (WGS-84 lat, lon, GCJ-02 lat, lon): the test table of eviltransform (MIT), and the Beijing
# example of coordtransform (wandergis), both computed with the leaked GCJ-02 algorithm.
WGS_GCJ = [
    ((31.1774276, 121.5272106), (31.17530398364597, 121.531541859215)),  # Shanghai
    ((22.543847, 113.912316), (22.540796131694766, 113.9171764808363)),  # Shenzhen
    ((39.911954, 116.377817), (39.91334545536069, 116.38404722455657)),  # Beijing
    ((39.915, 116.404), (39.91640428150164, 116.41024449916938)),  # Beijing, Tiananmen
]
# (GCJ-02, BD-09) from coordtransform's example: gcj02tobd09(116.404, 39.915).
GCJ_BD = ((39.915, 116.404), (39.92133699351021, 116.41036949371029))


@pytest.mark.parametrize("wgs, gcj", WGS_GCJ)
def test_wgs_to_gcj_matches_published_values(wgs, gcj):
    assert distance_m(convert(*wgs, "wgs84", "gcj02"), gcj) < 0.01


@pytest.mark.parametrize("wgs, gcj", WGS_GCJ)
def test_gcj_to_wgs_inverts_within_a_centimetre(wgs, gcj):
    assert distance_m(convert(*gcj, "gcj02", "wgs84"), wgs) < 0.01


def test_gcj_to_bd_matches_published_value():
    gcj, bd = GCJ_BD
    assert distance_m(convert(*gcj, "gcj02", "bd09"), bd) < 0.01
    assert distance_m(convert(*bd, "bd09", "gcj02"), gcj) < 0.05


def _classic_wgs_to_gcj(lat: float, lon: float) -> tuple[float, float]:
    """The widely copied formulation (eviltransform/coordtransform): written differently from
    prcoords (radius and eccentricity instead of arc lengths), so it checks it independently."""
    a, ee = 6378245.0, 0.00669342162296594323
    x, y = lon - 105.0, lat - 35.0
    d_lat = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * math.sqrt(abs(x))
    d_lat += (20 * math.sin(6 * x * math.pi) + 20 * math.sin(2 * x * math.pi)) * 2 / 3
    d_lat += (20 * math.sin(y * math.pi) + 40 * math.sin(y / 3 * math.pi)) * 2 / 3
    d_lat += (160 * math.sin(y / 12 * math.pi) + 320 * math.sin(y * math.pi / 30)) * 2 / 3
    d_lon = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * math.sqrt(abs(x))
    d_lon += (20 * math.sin(6 * x * math.pi) + 20 * math.sin(2 * x * math.pi)) * 2 / 3
    d_lon += (20 * math.sin(x * math.pi) + 40 * math.sin(x / 3 * math.pi)) * 2 / 3
    d_lon += (150 * math.sin(x / 12 * math.pi) + 300 * math.sin(x / 30 * math.pi)) * 2 / 3
    rad = lat / 180 * math.pi
    magic = 1 - ee * math.sin(rad) ** 2
    d_lat = d_lat * 180 / ((a * (1 - ee)) / (magic * math.sqrt(magic)) * math.pi)
    d_lon = d_lon * 180 / (a / math.sqrt(magic) * math.cos(rad) * math.pi)
    return lat + d_lat, lon + d_lon


@pytest.mark.parametrize("wgs", [(26.0753, 119.2965), (26.0870, 119.2990), (26.0550, 119.3150), (25.99, 119.41)])
def test_fuzhou_offset_agrees_with_the_classic_formula(wgs):
    gcj = convert(*wgs, "wgs84", "gcj02")
    assert distance_m(gcj, _classic_wgs_to_gcj(*wgs)) < 0.01
    # In Fuzhou GCJ-02 lies roughly 0.6 km east-south-east of the true position (as in the
    # Shenzhen reference pair: latitude down, longitude up).
    offset = distance_m(wgs, gcj)
    assert 450 < offset < 750 and gcj[0] < wgs[0] and gcj[1] > wgs[1]


china = st.tuples(st.floats(18, 53), st.floats(74, 134))


@settings(max_examples=300, deadline=None)
@given(china)
def test_round_trips_stay_within_centimetres(wgs):
    for crs, tolerance in (("gcj02", 0.01), ("bd09", 0.05)):
        there = convert(*wgs, "wgs84", crs)
        assert distance_m(convert(*there, crs, "wgs84"), wgs) < tolerance


def test_outside_china_nothing_moves():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert convert(48.8584, 2.2945, "wgs84", "gcj02") == (48.8584, 2.2945)
    assert convert(26.0, 119.3, "gcj02", "gcj02") == (26.0, 119.3)


def test_distances():
    assert distance_m((39.9042, 116.4074), (31.2304, 121.4737)) == pytest.approx(1_067_300, rel=0.002)
    assert path_length_m([(26.0, 119.0), (26.001, 119.0), (26.002, 119.0)]) == pytest.approx(222.4, abs=0.5)

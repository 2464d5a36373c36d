"""Tours: legs, along-path distances, times, positions, text, and the two Markdown partials."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from generator.domain import alongpath, geo, tours, wording
from generator.render import pages, templating
from generator.render.context import Context
from generator.model import Project

FIXTURES = Path(__file__).parent / "fixtures" / "tours"

# Hand-checked (R = 6,371,008.8 m, the mean Earth radius geo.py uses):
# 0.01° of latitude  = π·R/180 · 0.01 = 111,195.08 · 0.01            = 1,111.95 m
# 0.01° of longitude at 23.01° = 2R·asin(cos 23.01° · sin 0.005°)
#                              = 2R·asin(0.920437 · 8.72665e-5)        = 1,023.48 m
NORTH_0_01 = 1111.95
EAST_0_01_AT_23_01 = 1023.48


def data(name: str = "sites.yaml") -> dict:
    return yaml.safe_load((FIXTURES / name).read_text(encoding="utf-8"))


def load(name: str = "sites.yaml") -> Project:
    # The model alone, not the loader: these tests are about tours, not about the file's rules.
    return Project.model_validate(data(name))


@pytest.fixture(scope="module")
def project() -> Project:
    return load()


def test_great_circle_legs_and_walking_times(project):
    itin = tours.itinerary(project, project.route("walk"))
    assert [round(leg.metres, 2) for leg in itin.legs] == [NORTH_0_01, EAST_0_01_AT_23_01]
    # Walking at 4.5 km/h = 75 m/min: 14.83 → 15 min, 13.65 → 14 min (rounded up).
    assert [leg.minutes for leg in itin.legs] == [15, 14]
    assert itin.travel_minutes == 29
    assert itin.dwell_minutes == 20 + 15 + 30
    assert itin.total_minutes == 94
    assert itin.distance_text == "2.1 公里"
    assert itin.total_text == "约 1 小时 34 分钟"
    assert [leg.direction_text for leg in itin.legs] == ["北", "东"]


def test_distance_along_the_drawn_path(project):
    itin = tours.itinerary(project, project.route("bus"))
    # The path turns at xinyuan: north 0.01°, then east 0.01°; the straight line is ~1,511 m.
    assert itin.metres == pytest.approx(NORTH_0_01 + EAST_0_01_AT_23_01, abs=0.01)
    # Bus at 20 km/h = 333.3 m/min: 2,135.4 m → 6.4 → 7 min.
    assert [leg.minutes for leg in itin.legs] == [7]


def test_out_and_back_path_snaps_each_stop_to_the_right_pass():
    # North along 113.7500, 10 m east, back south along 113.7501 and on to 22.99.
    path = [[23.0, 113.75], [23.01, 113.75], [23.01, 113.7501], [23.0, 113.7501], [22.99, 113.7501]]
    start = (23.0, 113.75006)  # 4 m from the way back, 6 m from the way out: nearest pass is wrong
    turn = (23.01, 113.75005)
    end = (22.99, 113.7501)
    legs = alongpath.leg_lengths([tuple(p) for p in path], [start, turn, end])
    top = geo.distance_m((23.01, 113.75), (23.01, 113.7501))  # ≈ 10.2 m
    assert legs[0] == pytest.approx(NORTH_0_01 + top / 2, abs=0.5)
    assert legs[1] == pytest.approx(top / 2 + 2 * NORTH_0_01, abs=0.5)
    assert sum(legs) == pytest.approx(geo.path_length_m([tuple(p) for p in path]), abs=0.01)


def test_stop_beside_the_path_snaps_to_its_foot():
    path = [(23.0, 113.75), (23.02, 113.75)]
    beside = (23.01, 113.7505)  # ~51 m east of the middle of the path
    assert alongpath.leg_lengths(path, [path[0], beside, path[1]]) == pytest.approx([NORTH_0_01, NORTH_0_01], abs=0.1)


def test_stops_against_the_path_direction_never_give_negative_legs():
    path = [(23.0, 113.75), (23.01, 113.75)]
    assert all(leg >= 0 for leg in alongpath.leg_lengths(path, [path[1], path[0]]))


def test_speeds_come_from_the_site(project):
    raw = data()
    raw["site"]["speeds"] = {"bike": 24}
    fast = Project.model_validate(raw)
    # Bike at 24 km/h = 400 m/min: 1,111.95 m → 2.78 → 3 min (12 km/h default: 6 min).
    assert [leg.minutes for leg in tours.itinerary(fast, fast.route("loop")).legs] == [3, 3]
    assert [leg.minutes for leg in tours.itinerary(project, project.route("loop")).legs] == [6, 6]


def test_coordinates_are_converted_to_wgs84_first(project):
    jinrong = project.point("jinrong")  # written in GCJ-02
    assert tours.wgs84(project.site, jinrong) == geo.convert(23.0205, 113.7781, "gcj02", "wgs84")
    assert tours.wgs84(project.site, jinrong) != (23.0205, 113.7781)


def test_stop_info_links_neighbours(project):
    first, middle, last = tours.itinerary(project, project.route("walk")).stops
    assert (first.n, first.total, first.leg_in, first.previous) == (1, 3, None, None)
    assert middle.previous.id == "dongmen" and middle.next.id == "qiaotou"
    assert middle.leg_in is first.leg_out and middle.leg_out is last.leg_in
    assert (last.leg_out, last.next, last.next_page) == (None, None, None)
    assert middle.page == "points/xinyuan/index.md" and middle.route_page == "routes/walk/index.md"


def test_positions_of_a_point_on_two_routes(project):
    found = [(route.id, s.n, s.total) for route, s in tours.positions(project, "xinyuan")]
    assert found == [("walk", 2, 3), ("loop", 2, 3)]


def test_positions_of_a_point_visited_twice_on_one_route(project):
    found = [(route.id, s.n, s.total) for route, s in tours.positions(project, "dongmen")]
    assert found == [("walk", 1, 3), ("bus", 1, 2), ("loop", 1, 3), ("loop", 3, 3)]
    assert tours.positions(project, "jinrong") == []


@pytest.mark.parametrize("metres, text", [
    (0, "0 米"), (348, "350 米"), (994, "990 米"), (996, "1 公里"), (1234, "1.2 公里"),
    (2000, "2 公里"), (12345, "12.3 公里"),
])
def test_distance_text(metres, text):
    assert wording.distance_text(metres) == text


@pytest.mark.parametrize("minutes, text", [
    (0, "不到 1 分钟"), (8, "约 8 分钟"), (7.2, "约 8 分钟"), (60, "约 1 小时"), (65, "约 1 小时 5 分钟"),
    (125, "约 2 小时 5 分钟"),
])
def test_minutes_text(minutes, text):
    assert wording.minutes_text(minutes) == text


# --- the partials --------------------------------------------------------------------------


def _partial(name: str, page: str, **values) -> str:
    return templating.render(templating.environment(), f"partials/{name}", page, **values)


def test_itinerary_partial(project):
    itin = tours.itinerary(project, project.route("walk"))
    text = _partial("itinerary.md.j2", "routes/walk/index.md", itin=itin, route=itin.route, project=project,
                    downloads=[("GPX", "routes/walk/walk.gpx")])
    assert text.startswith("**共 3 站 · 全程 2.1 公里 · 步行约 29 分钟 · 参观约 1 小时 5 分钟 · 合计约 1 小时 34 分钟**")
    assert "### 第 1 站：[东门党群服务中心](../../points/dongmen/index.md)" in text
    assert "- 开放时间：周一至周五 9:00\\-17:30" in text
    assert "- 提示：从北门进入" in text
    assert "    - 小区议事会" in text
    assert "> ↓ 往北步行 1.1 公里，约 15 分钟，前往第 2 站 新苑小区党支部" in text
    assert text.count("> ↓") == 2  # no leg after the last stop
    assert "[GPX](walk.gpx)" in text


def test_itinerary_partial_without_downloads(project):
    itin = tours.itinerary(project, project.route("bus"))
    text = _partial("itinerary.md.j2", "routes/bus/index.md", itin=itin, route=itin.route, project=project)
    assert "下载" not in text


def _stop_nav(project, point_id: str) -> str:
    """The stop navigation block of a point's page, as pages.render writes it."""
    page = pages.render(Context(project, FIXTURES))[f"points/{point_id}/index.md"]
    return page[page.index('<nav id="stop-nav"'): page.index("</nav>") + len("</nav>")]


def test_stop_nav(project):
    text = _stop_nav(project, "xinyuan")
    walk = text.split('<section class="showcase-stop"')[1]
    assert '<a href="../../routes/walk/">东城步行线</a> · 第 2 站 / 共 3 站' in walk
    assert "下一站 <strong>桥头科创园党委</strong>" in walk and "往东步行 1 公里，约 14 分钟" in walk
    assert "怎么走:出北门右转,沿东门路向东" in walk
    assert '<a class="md-button md-button--primary" href="../qiaotou/" rel="next">下一站 →</a>' in walk
    assert '<a class="md-button" href="../dongmen/" rel="prev">← 上一站</a>' in walk
    assert '<a href="../../routes/walk/map.html">路线地图</a>' in walk


def test_stop_nav_labels_each_route_and_ends_only_its_own(project):
    """dongmen starts the walk and the bus route and both starts and ends the loop: four blocks,
    each named; the loop's end says so and offers the whole route, not another route's next stop."""
    blocks = _stop_nav(project, "dongmen").split('<section class="showcase-stop"')[1:]
    assert [re.search(r'">([^<]+)</a> · 第 (\d) 站', b).groups() for b in blocks] == [
        ("东城步行线", "1"), ("东城大巴线", "1"), ("东门骑行环线", "1"), ("东门骑行环线", "3")]
    last = blocks[-1]
    assert "这是终点站。" in last and 'href="../../routes/loop/">全程路线</a>' in last
    assert "下一站 →" not in last and last.count("</section>") == 1


def test_stop_nav_hands_the_leg_to_navigation_apps_in_their_coordinates(project):
    walk = _stop_nav(project, "dongmen").split('<section class="showcase-stop"')[1]
    apps = dict(re.findall(r'<a href="([a-z]+)://([^"]+)">', walk))
    xinyuan = project.point("xinyuan")
    gcj = [round(c, 6) for c in geo.convert(xinyuan.lat, xinyuan.lon, project.site.crs, "gcj02")]
    bd = [round(c, 6) for c in geo.convert(xinyuan.lat, xinyuan.lon, project.site.crs, "bd09")]
    assert f"dlat={gcj[0]}&amp;dlon={gcj[1]}" in apps["amapuri"] and "t=2" in apps["amapuri"]
    assert f"latlng%3A{bd[0]},{bd[1]}" in apps["baidumap"] and "mode=walking" in apps["baidumap"]
    assert f"tocoord={gcj[0]},{gcj[1]}" in apps["qqmap"] and "type=walk" in apps["qqmap"]
    assert bd != gcj  # two systems, two sets of numbers


def test_partials_escape_editor_text():
    project = load("hostile.yaml")
    itin = tours.itinerary(project, project.route("evil-walk"))
    text = _partial("itinerary.md.j2", "routes/evil-walk/index.md", itin=itin, route=itin.route, project=project)
    assert "<b>" not in text and "<img" not in text and "<!--" not in text and "</name>" not in text
    assert "\\*粗\\*" in text and "\\[链接\\]\\(http://x\\)" in text
    nav = _stop_nav(project, "one")
    assert "<b>" not in nav and "<img" not in nav and "&lt;img src=x onerror=alert(1)&gt;" in nav
    assert math.isfinite(itin.metres)

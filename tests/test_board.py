"""The comparison board (generator/render/board.py): every number against a hand computation.

Fixture: tests/fixtures/board/sites.yaml. The points, worked out by hand once:
  id  district kind  level  status         五个基本 complete  六有 complete   figures (latest per name+unit)
  a1  鼓楼区   楼宇  市级   demonstration  yes                yes (flag na)   联建活动 12 次, 服务群众 3000 余人
  a2  鼓楼区   社区  县级   cultivating    no (unmet+missing) no (missing)    联建活动 5 次, 服务群众 200 人次
  a3  鼓楼区   楼宇  市级   demonstration  yes                yes             联建活动 4 场, 服务群众 1500 人
  b1  台江区   企业  县级   demonstration  yes                no (books)      联建活动 7 次
  b2  台江区   园区  市级   cultivating    no (nothing)       no (nothing)    —
Belts: gulou 鼓楼区 [a1 a2 a3 b1] start 2021, 五个一 3 met + 1 na + 1 unmet;
       taijiang 台江区 [b1 b2] start 2023, 五个一 all met; cangshan 仓山区 [a3], nothing recorded.
The data's latest date is b2's status change 2023-02 → reference 2023-02-01, year 2023.
"""

import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from helpers.browser import screenshot, serve
from conftest import FIXTURES
from helpers.sitecheck import broken_links

from generator.render import board, build as site_module
from generator import paths
from generator.source.loader import load_project
from generator.model import Project
from generator.paths import Urls
from generator.render.context import Context

SOURCE = FIXTURES / "board" / "sites.yaml"


def render(project: Project, urls: Urls = Urls()) -> dict[str, str]:
    return board.render(Context(project, SOURCE.parent, urls))


class _Tables(HTMLParser):
    """Each table by id: {"headers": [...], "rows": [[cell text, ...]], "foot": [...]}, plus the
    data-sort keys and links of each row."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.section, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.table = self.tables.setdefault(attrs["id"], {"headers": [], "rows": [], "foot": [], "sort": [], "links": []})
        elif tag in ("thead", "tbody", "tfoot"):
            self.section = tag
        elif tag == "tr" and self.section in ("tbody", "tfoot"):
            target = self.table["rows"] if self.section == "tbody" else self.table["foot"]
            target.append([])
            self.table["sort"].append([]) if self.section == "tbody" else None
        elif tag in ("td", "th"):
            self.cell = ""
            if self.section == "tbody":
                self.table["sort"][-1].append(attrs.get("data-sort"))
        elif tag == "a" and self.table is not None:
            self.table["links"].append(attrs["href"])

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            if self.section == "thead":
                self.table["headers"].append(self.cell)
            else:
                (self.table["rows"] if self.section == "tbody" else self.table["foot"])[-1].append(self.cell)
            self.cell = None
        elif tag == "table":
            self.table = None


def tables(markdown: str) -> dict:
    parser = _Tables()
    parser.feed(markdown)
    return parser.tables


@pytest.fixture(scope="module")
def board_page(board_project) -> str:
    return render(board_project)[paths.BOARD]


@pytest.fixture(scope="module")
def board_tables(board_page) -> dict:
    return tables(board_page)


def test_files(board_project):
    assert sorted(render(board_project)) == ["board/board.css", "board/index.md", "board/sort.js"]


def test_summary(board_page):
    # belts 3, none has 8 points (4, 2, 1); points 5: demonstration a1 a3 b1, cultivating a2 b2;
    # 市级 a1 a3 b2, 县(区)级 a2 b1; 五个一 complete: taijiang only → 1/3 = 33%;
    # 五个基本 complete a1 a3 b1 → 3/5 = 60%; 六有 complete a1 a3 → 2/5 = 40%
    assert "数据截至 **2023-02-01**" in board_page
    assert "- 示范带 3 条,其中点数不少于 8 个的 0 条(✅ 达标),不足 8 个的 3 条(❌ 未达标)" in board_page
    assert "- 示范点和培育点共 5 个:示范点 3 个,培育点 2 个;市级 3 个、县(区)级 2 个" in board_page
    assert "- “五个一”全部达标的示范带:1/3(33%)" in board_page
    assert "- “五个基本”全部达标的点:3/5(60%)" in board_page
    assert "- “六有”全部达标的点:2/5(40%)" in board_page


def test_by_district(board_tables):
    t = board_tables["board-districts"]
    assert t["headers"] == ["县(市)区", "示范带", "点数", "示范点", "培育点", "市级", "县(区)级", "示范点占比",
                            "五个基本全部达标", "六有全部达标", "各项清单全部达标"]
    assert t["rows"] == [
        # 鼓楼区: belt gulou; a1 a2 a3; demo a1 a3; cult a2; 市级 a1 a3; 县级 a2; 五个基本 a1 a3; 六有 a1 a3
        ["鼓楼区", "1", "3", "2", "1", "2", "1", "2/3(67%)", "2/3(67%)", "2/3(67%)", "2/3(67%)"],
        # 台江区: belt taijiang; b1 b2; demo b1; cult b2; 市级 b2; 县级 b1; 五个基本 b1; 六有 none
        ["台江区", "1", "2", "1", "1", "1", "1", "1/2(50%)", "1/2(50%)", "0/2(0%)", "0/2(0%)"],
        # 仓山区: belt cangshan only, no point lies there: no share at all
        ["仓山区", "1", "0", "0", "0", "0", "0", "—", "—", "—", "—"],
    ]
    # totals: 3 belts, 5 points; each point is in exactly one district, so the rows add up
    assert t["foot"] == [["合计", "3", "5", "3", "2", "3", "2", "3/5(60%)", "3/5(60%)", "2/5(40%)", "2/5(40%)"]]
    # sort keys: counts as numbers, shares as ratios (rounded to 6 places), no share as -1
    assert t["sort"][0] == [None, "1", "3", "2", "1", "2", "1", "0.666667", "0.666667", "0.666667", "0.666667"]
    assert t["sort"][2][-1] == "-1"


def test_by_belt(board_page, board_tables):
    t = board_tables["board-belts"]
    assert t["headers"] == ["示范带", "县(市)区", "点数", "不少于 8 个点", "示范点", "培育点", "五个一",
                            "五个基本全部达标的点", "六有全部达标的点", "建设阶段"]
    assert t["rows"] == [
        # gulou: a1 a2 a3 b1 = 4 < 8; demo a1 a3 b1; cult a2; 五个一 3 met of 4 applicable (square na);
        # 五个基本 a1 a3 b1 = 3/4; 六有 a1 a3 = 2/4; start 2021, year 2023 is year 3
        ["鼓楼区楼宇党建示范带", "鼓楼区", "4", "❌ 未达标(4 个)", "3", "1", "❌ 未达标(3/4 项)",
         "3/4(75%)", "2/4(50%)", "三年全覆盖"],
        # taijiang: b1 b2; demo b1; cult b2; 五个一 5/5; 五个基本 b1 = 1/2; 六有 none; start 2023 → year 1
        ["台江区金融示范带", "台江区", "2", "❌ 未达标(2 个)", "1", "1", "✅ 达标(5/5 项)",
         "1/2(50%)", "0/2(0%)", "一年打基础"],
        # cangshan: a3 only; nothing recorded for 五个一 (0 of 5); a3 meets both point checklists
        ["仓山区<创新>示范带", "仓山区", "1", "❌ 未达标(1 个)", "1", "0", "❌ 未达标(0/5 项)",
         "1/1(100%)", "1/1(100%)", "未填起步年份"],
    ]
    assert t["links"] == ["../belts/gulou/", "../belts/taijiang/", "../belts/cangshan/"]
    assert "仓山区&lt;创新&gt;示范带" in board_page and "<创新>" not in board_page  # editor text is escaped


def test_belt_links_without_directory_urls(board_project):
    t = tables(render(board_project, urls=Urls(directory_urls=False))[paths.BOARD])["board-belts"]
    assert t["links"][0] == "../belts/gulou/index.html"


def test_by_kind_and_level(board_tables):
    assert board_tables["board-kinds"]["rows"] == [  # in the order of PointKind, present kinds only
        ["商务楼宇", "2", "2", "0", "2", "0", "2/2(100%)", "2/2(100%)", "2/2(100%)", "2/2(100%)"],  # a1 a3
        ["科创/文创园区", "1", "0", "1", "1", "0", "0/1(0%)", "0/1(0%)", "0/1(0%)", "0/1(0%)"],       # b2
        ["社区", "1", "0", "1", "0", "1", "0/1(0%)", "0/1(0%)", "0/1(0%)", "0/1(0%)"],                # a2
        ["非公企业", "1", "1", "0", "0", "1", "1/1(100%)", "1/1(100%)", "0/1(0%)", "0/1(0%)"],      # b1
    ]
    assert board_tables["board-levels"]["headers"] == ["级别", "点数", "示范点", "培育点", "示范点占比",
                                                 "五个基本全部达标", "六有全部达标", "各项清单全部达标"]
    assert board_tables["board-levels"]["rows"] == [
        # 市级 a1 a3 b2: demo a1 a3; 五个基本 a1 a3; 六有 a1 a3
        ["市级", "3", "2", "1", "2/3(67%)", "2/3(67%)", "2/3(67%)", "2/3(67%)"],
        # 县(区)级 a2 b1: demo b1; 五个基本 b1; 六有 none
        ["县(区)级", "2", "1", "1", "1/2(50%)", "1/2(50%)", "0/2(0%)", "0/2(0%)"],
    ]
    assert board_tables["board-levels"]["foot"] == [["合计", "5", "3", "2", "3/5(60%)", "3/5(60%)", "2/5(40%)", "2/5(40%)"]]


def test_figure_sums_never_add_different_units(board_tables):
    assert board_tables["board-figures"]["rows"] == [
        # 次: a1 12 (latest; its older 9 is not added) + a2 5 + b1 7 = 24
        ["联建活动", "次", "24", "3", "截至 2021-05-31 至 2022-03-31"],
        # 人: a1 3000 (approx) + a3 1500 = 4500, approximate
        ["服务群众", "人", "4,500 余", "2", "截至 2021-05-31 至 2022-03-31"],
        ["服务群众", "人次", "200", "1", "截至 2022-02-01"],   # 人次 ≠ 人
        ["联建活动", "场", "4", "1", "截至 2021-12-31"],        # 场 ≠ 次
    ]
    assert board_tables["board-district-figures"]["rows"] == [
        ["鼓楼区", "联建活动", "次", "17", "2", "截至 2022-01-15 至 2022-03-31"],   # a1 12 + a2 5
        ["鼓楼区", "服务群众", "人", "4,500 余", "2", "截至 2021-05-31 至 2022-03-31"],
        ["鼓楼区", "服务群众", "人次", "200", "1", "截至 2022-02-01"],
        ["鼓楼区", "联建活动", "场", "4", "1", "截至 2021-12-31"],
        ["台江区", "联建活动", "次", "7", "1", "截至 2021-05-31"],                # b1; b2 has none
    ]


def svg_texts(page: str, chart_id: str) -> list[str]:
    svg = re.search(rf'<svg id="{chart_id}".*?</svg>', page, re.S).group(0)
    texts = re.findall(r"<text[^>]*>(.*?)</text>", svg)
    return [re.sub(r"<[^>]+>", " ", t).strip() for t in texts]


def test_district_chart_labels_every_bar_with_its_numbers(board_page):
    # legend, then per district: name + demonstration and cultivating counts (as in the table)
    assert svg_texts(board_page, "board-chart-districts") == [
        "示范点", "培育点(斜线)", "鼓楼区 示范点 2 · 培育点 1", "台江区 示范点 1 · 培育点 1", "仓山区 示范点 0 · 培育点 0"]
    svg = re.search(r'<svg id="board-chart-districts".*?</svg>', board_page, re.S).group(0)
    assert 'viewBox="0 0 400 ' in svg and 'width="100%"' in svg and 'role="img"' in svg
    assert '<title id="board-chart-districts-title">各县(市)区示范点与培育点数量</title>' in svg
    # bar lengths: scale = 3 points (鼓楼区) → 400 px; 鼓楼区 2 solid (266.7) + 1 hatched (133.3)
    assert '<rect x="0.0" y="48" width="266.7" height="14" fill="#c8102e"/>' in svg
    assert '<rect x="266.7" y="48" width="133.3" height="14" fill="#e8a0a8"/>' in svg
    assert 'fill="url(#board-chart-districts-hatch)"' in svg     # cultivating is hatched, not only paler


def test_belt_chart_shows_shares_per_belt(board_page):
    texts = svg_texts(board_page, "board-chart-belts")
    assert texts[:4] == ["鼓楼区楼宇党建示范带", "五个一达标条目 3/4(75%)",
                         "五个基本全部达标的点 3/4(75%)", "六有全部达标的点 2/4(50%)"]
    assert "仓山区&lt;创新&gt;示范带" in texts


def test_eight_points_pass():
    # Four more points on gulou (copies of a2, cultivating, nothing met) make 8: the belt passes.
    data = yaml.safe_load(SOURCE.read_text(encoding="utf-8"))
    a2 = next(p for p in data["points"] if p["id"] == "a2")
    data["points"] += [{**a2, "id": f"c{i}", "figures": []} for i in range(1, 5)]
    data["belts"][0]["points"] += ["c1", "c2", "c3", "c4"]
    page = render(Project.model_validate(data))[paths.BOARD]
    assert "其中点数不少于 8 个的 1 条(✅ 达标),不足 8 个的 2 条(❌ 未达标)" in page
    row = tables(page)["board-belts"]["rows"][0]
    # 8 points; demo still a1 a3 b1 = 3; cult a2 c1-c4 = 5; 五个基本 a1 a3 b1 = 3/8 (37.5 → 38%)
    assert row[2:8] == ["8", "✅ 达标(8 个)", "3", "5", "❌ 未达标(3/4 项)", "3/8(38%)"]


def test_deterministic(board_project):
    assert render(board_project) == render(board_project)
    assert render(board_project) == board.render(Context(load_project(SOURCE), SOURCE.parent))


def test_raw_html_blocks_have_no_blank_lines(board_page):
    # Python-Markdown ends a raw HTML block at a blank line; a table or chart split there breaks
    for block in re.findall(r"<(?:div|figure)\b.*?</(?:div|figure)>", board_page, re.S):
        assert "\n\n" not in block


# --- in a real MkDocs build, in Chromium ------------------------------------------------------


@pytest.fixture(scope="module")
def board_site(tmp_path_factory, monkeypatch_module) -> Path:
    """The board fixture built by MkDocs (in this process, so that the board can be added to the
    renderers if the site does not include it yet)."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    if board.render not in site_module.renderers():
        original = site_module.renderers
        monkeypatch_module.setattr(site_module, "renderers", lambda: original() + [board.render])
    # The plugin puts the data's date in SOURCE_DATE_EPOCH; keep it out of later builds' environment.
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", "0")
    monkeypatch_module.delenv("SOURCE_DATE_EPOCH")
    project = tmp_path_factory.mktemp("board")
    shutil.copy(SOURCE, project / "sites.yaml")
    shutil.copy(FIXTURES / "site" / "mkdocs.yml", project / "mkdocs.yml")
    (project / "docs").mkdir()
    config = load_config(str(project / "mkdocs.yml"), site_dir=str(project / "site"))
    config.plugins.on_startup(command="build", dirty=False)  # as `mkdocs build` does (see test_build_parallel)
    build(config)
    return project / "site"


@pytest.fixture(scope="module")
def monkeypatch_module():
    mp = pytest.MonkeyPatch()
    yield mp
    mp.undo()


def test_built_board_page(board_site):
    html = (board_site / "board/index.html").read_text(encoding="utf-8")
    assert '<table id="board-belts" data-sortable>' in html and "<svg id=\"board-chart-belts\"" in html
    assert (board_site / "board/sort.js").is_file() and (board_site / "board/board.css").is_file()
    assert [b for b in broken_links(board_site) if b[0].startswith("board/")] == []


def column(page, table_id: str, n: int) -> list[str]:
    return page.locator(f"#{table_id} tbody tr").evaluate_all(
        f"rows => rows.map(r => r.cells[{n}].textContent)")


def test_board_sorts_in_chromium(browser, board_site):
    with serve(board_site) as base:
        page = browser.page
        page.goto(base + "board/")
        page.wait_for_load_state("load")
        assert column(page, "board-districts", 0) == ["鼓楼区", "台江区", "仓山区"]   # the data's order
        header = page.locator("#board-districts thead th").nth(2)                 # 点数: 3, 2, 0
        header.get_by_role("button").click()
        assert column(page, "board-districts", 2) == ["0", "2", "3"]
        assert header.get_attribute("aria-sort") == "ascending"
        header.get_by_role("button").click()
        assert column(page, "board-districts", 2) == ["3", "2", "0"]
        assert header.get_attribute("aria-sort") == "descending"
        # a share column sorts by ratio, not by text ("1/1(100%)" after "0/2(0%)")
        page.locator("#board-belts thead th").nth(8).get_by_role("button").click()     # 六有: 50%, 0%, 100%
        assert column(page, "board-belts", 8) == ["0/2(0%)", "2/4(50%)", "1/1(100%)"]
        page.locator("h2").first.scroll_into_view_if_needed()
        screenshot(page, "board-desktop")
    assert browser.outside == [] and browser.errors == []


def test_board_on_a_phone(phone, board_site):
    with serve(board_site) as base:
        page = phone.page
        page.goto(base + "board/")
        page.wait_for_load_state("load")
        width = page.evaluate("document.documentElement.clientWidth")
        # the page itself does not scroll sideways; wide tables scroll inside their own box
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        chart = page.locator("#board-chart-districts").bounding_box()
        assert 200 < chart["width"] <= width
        page.locator("#board-chart-districts").scroll_into_view_if_needed()
        screenshot(page, "board-phone-chart")
        page.locator("#board-belts").scroll_into_view_if_needed()
        screenshot(page, "board-phone-table")
    assert phone.outside == [] and phone.errors == []

"""The standards as computations (generator/domain: checklists, figures, progress) and the partials that show them.

Expected values are worked out by hand from tests/fixtures/board/sites.yaml; the working is in the
comments. Points there (status, district, checklists):
  a1 demonstration 鼓楼区  五个基本 all met; 六有 all met but flag na           → both complete
  a2 cultivating   鼓楼区  五个基本 organisation met, team unmet, 3 missing; 六有 none
  a3 demonstration 鼓楼区  both all met                                          → both complete
  b1 demonstration 台江区  五个基本 all met; 六有 books unmet
  b2 cultivating   台江区  nothing recorded
"""

import datetime as dt

import jinja2
import pytest

from generator.domain import checklists, figures
from generator.domain import progress as plan
from generator.model import Point, Status
from generator.paths import Urls
from generator.domain.checklists import Share
from generator.render.templating import environment, render


@pytest.fixture
def project(board_project):
    return board_project


def outcome(project, record, checklist_id):
    return next(o for o in checklists.checklist_outcomes(project.site, record) if o.id == checklist_id)


# --- shares ------------------------------------------------------------------------------------


@pytest.mark.parametrize("part, whole, text", [
    (2, 3, "2/3(67%)"),   # 66.67 → 67
    (1, 8, "1/8(13%)"),   # 12.5 → 13: half rounds up, not to even
    (3, 8, "3/8(38%)"),   # 37.5 → 38
    (0, 5, "0/5(0%)"),
    (0, 0, "—"),          # nothing to measure: no percentage at all
])
def test_share_text_rounds_half_up(part, whole, text):
    assert Share(part, whole).text == text


# --- checklists --------------------------------------------------------------------------------


def test_checklist_outcomes_cover_every_checklist_for_the_record_kind(project):
    # Default checklists: five-ones applies to belts; five-basics and six-haves to points.
    assert [o.id for o in checklists.checklist_outcomes(project.site, project.belt("gulou"))] == ["five-ones"]
    assert [o.id for o in checklists.checklist_outcomes(project.site, project.point("b2"))] == ["five-basics", "six-haves"]


def test_na_items_do_not_count_and_complete_means_all_applicable_met(project):
    six = outcome(project, project.point("a1"), "six-haves")
    # 6 items, flag na → 5 applicable, all 5 met
    assert (six.count("met"), six.count("na"), six.applicable) == (5, 1, 5)
    assert six.share == Share(5, 5) and six.complete
    assert [o.mark for o in six.items if o.item.id == "flag"] == ["➖ 不适用"]


def test_missing_items_count_as_not_met(project):
    basics = outcome(project, project.point("a2"), "five-basics")
    # organisation met, team unmet, rules/activities/support not recorded
    assert [o.state for o in basics.items] == ["met", "unmet", "missing", "missing", "missing"]
    assert [o.mark for o in basics.items][:3] == ["✅ 达标", "❌ 未达标", "❔ 未填"]
    assert basics.share == Share(1, 5) and not basics.complete
    nothing = outcome(project, project.point("b2"), "six-haves")
    assert nothing.count("missing") == 6 and not nothing.complete


def test_belt_checklist(project):
    five = outcome(project, project.belt("gulou"), "five-ones")
    # route, logo, centre met; square na; corridor unmet → 3 of 4 applicable
    assert five.share == Share(3, 4) and not five.complete
    assert outcome(project, project.belt("taijiang"), "five-ones").complete            # all 5 met
    assert outcome(project, project.belt("cangshan"), "five-ones").share == Share(0, 5)  # nothing recorded


def test_all_complete(project):
    assert [p.id for p in project.points if checklists.all_complete(project.site, p)] == ["a1", "a3"]


# --- figures -----------------------------------------------------------------------------------


def test_figures_sum_only_when_name_and_unit_match(project):
    totals = figures.figure_totals(project.points)
    rows = [(t.name, t.unit, t.value, t.approx, t.points, t.as_of_text) for t in totals]
    assert rows == [
        # 次: a1's latest 12 (2022-03-31; its 9 of 2021-05-31 is an older report, not added)
        #     + a2 5 (2022-01-15) + b1 7 (2021-05-31) = 24; dates 2021-05-31 … 2022-03-31
        ("联建活动", "次", 24, False, 3, "截至 2021-05-31 至 2022-03-31"),
        # 人: a1 3000 (approx, 2021-05-31) + a3 1500 (2022-03-31) = 4500, approximate
        ("服务群众", "人", 4500, True, 2, "截至 2021-05-31 至 2022-03-31"),
        # 人次 is not 人: a2's 200 stands alone
        ("服务群众", "人次", 200, False, 1, "截至 2022-02-01"),
        # 场 is not 次: a3's 4 stands alone
        ("联建活动", "场", 4, False, 1, "截至 2021-12-31"),
    ]


def test_a_point_counts_once_even_if_listed_twice(project):
    once = figures.figure_totals([project.point("b1")])
    twice = figures.figure_totals([project.point("b1"), project.point("b1")])
    assert once == twice and once[0].value == 7


def test_point_figures_are_shown_as_written(project):
    rows = figures.figure_rows(project.point("a1").figures)
    assert [(r.value, r.as_of_text) for r in rows] == [(9, "截至 2021-05-31"), (12, "截至 2022-03-31"),
                                                       (3000, "截至 2021-05-31")]


# --- reference date and the three-year plan ----------------------------------------------------


def test_reference_date_is_the_latest_date_in_the_data(project):
    # verified 2022-06-30 (a1), latest as_of 2022-03-31, latest status change 2023-02 (b2) → 2023-02-01
    assert plan.reference_date(project) == dt.date(2023, 2, 1)


def test_progress_marks_the_phase_of_the_reference_year(project):
    progress = plan.belt_progress(project, project.belt("gulou"), 2023)
    # start 2021: 2021 一年打基础, 2022 二年创品牌, 2023 三年全覆盖 (year 3)
    assert progress.year_number == 3 and progress.stage == "三年全覆盖"
    assert [(p.name, p.year, p.state) for p in progress.phases] == [
        ("一年打基础", 2021, "past"), ("二年创品牌", 2022, "past"), ("三年全覆盖", 2023, "current")]
    assert [(i.label, i.value, i.ok) for p in progress.phases for i in p.indicators] == [
        ("示范点数量", "4 个(要求不少于 8 个)", False),   # a1 a2 a3 b1
        ("五个一", "3/4 项达标", False),                   # see test_belt_checklist
        ("品牌定位", "楼宇党建联盟", True),
        ("已认定为示范点", "3/4(75%)", None),              # a1 a3 b1; no threshold in the sources
        ("已认定为示范点", "3/4(75%)", False),             # 全覆盖 wants all
        ("各项清单全部达标的点", "2/4(50%)", False),        # a1 a3
    ]


@pytest.mark.parametrize("year, number, stage, states", [
    (2022, 0, "尚未开始", ["upcoming"] * 3),
    (2023, 1, "一年打基础", ["current", "upcoming", "upcoming"]),
    (2024, 2, "二年创品牌", ["past", "current", "upcoming"]),
    (2030, 8, "三年期满(第 8 年)", ["past"] * 3),
    (None, None, "无法判断(数据中没有日期)", ["upcoming"] * 3),
])
def test_progress_by_reference_year(year, number, stage, states, project):
    progress = plan.belt_progress(project, project.belt("taijiang"), year)  # start_year 2023
    assert (progress.year_number, progress.stage, [p.state for p in progress.phases]) == (number, stage, states)


def test_no_progress_without_start_year(project):
    assert plan.belt_progress(project, project.belt("cangshan"), 2023) is None


# --- status timeline ---------------------------------------------------------------------------


def timeline(point):
    return [(e.status.value, e.date, e.current) for e in plan.status_timeline(point)]


def test_status_timeline(project):
    assert timeline(project.point("a1")) == [("cultivating", "2019-06", False), ("demonstration", "2021-03", True)]
    assert timeline(project.point("a2")) == [("cultivating", "2021", True)]
    # b1 is a demonstration point now but the history stops at 培育 (2020): current status added undated
    assert timeline(project.point("b1")) == [("cultivating", "2020", False), ("demonstration", None, True)]
    assert timeline(project.point("a3")) == [("demonstration", None, True)]


def test_status_timeline_sorts_by_date_at_any_precision(project):
    point = project.point("a1").model_copy(update={"status_history": list(reversed(project.point("a1").status_history))})
    assert timeline(point) == timeline(project.point("a1"))
    mixed = Point.model_validate({**project.point("a1").model_dump(), "status_history": [
        {"status": "demonstration", "date": "2021-03-15"}, {"status": "cultivating", "date": "2021"}]})
    assert [e.date for e in plan.status_timeline(mixed)] == ["2021", "2021-03-15"]


# --- partials ----------------------------------------------------------------------------------


def partial(name: str, page: str, **values) -> str:
    env = environment()
    env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({"page.md.j2": f'{{% include "partials/{name}" %}}'}),
                                      env.loader])
    urls = Urls()
    return render(env, "page.md.j2", page, href=lambda target: urls.href(urls.url_of(page), target), **values)


def test_checklists_partial_marks_every_item_with_symbol_and_words(project):
    out = partial("checklists.md.j2", "points/a2/index.md", **plan.point_values(project, project.point("a2")))
    assert "## 达标情况 { data-search-exclude }" in out and "### 五个基本 { data-search-exclude }" in out
    assert "❌ 未全部达标:适用的 5 项中达标 1 项,未达标 1 项,未填 3 项。" in out
    assert "<tr><td>基本组织</td><td>✅ 达标</td><td></td></tr>" in out
    assert "<tr><td>基本队伍</td><td>❌ 未达标</td><td>队伍 &#124; 待&#42;充实&#42;</td></tr>" in out  # the note is text
    assert "<tr><td>基本制度</td><td>❔ 未填</td><td></td></tr>" in out
    assert "### 六有 { data-search-exclude }\n\n❔ 尚未填写。" in out                          # nothing recorded: no table


def test_checklists_partial_not_applicable(project):
    out = partial("checklists.md.j2", "belts/gulou/index.md", **plan.belt_values(project, project.belt("gulou")))
    assert "❌ 未全部达标:适用的 4 项中达标 3 项,未达标 1 项;另有 1 项不适用。" in out
    assert "<tr><td>一个红色文化广场</td><td>➖ 不适用</td><td></td></tr>" in out


def test_figures_partial(project):
    out = partial("figures.md.j2", "points/a1/index.md", **plan.point_values(project, project.point("a1")))
    assert "<tr><td>服务群众</td><td>3,000 余人</td><td>截至 2021-05-31</td></tr>" in out
    assert "<tr><td>联建活动</td><td>12 次</td><td>截至 2022-03-31</td></tr>" in out
    belt = partial("figures.md.j2", "belts/gulou/index.md", **plan.belt_values(project, project.belt("gulou")))
    assert "<tr><td>联建活动</td><td>24 次</td><td>截至 2021-05-31 至 2022-03-31(3 个点合计)</td></tr>" in belt
    assert "<tr><td>服务群众</td><td>4,500 余人</td><td>截至 2021-05-31 至 2022-03-31(2 个点合计)</td></tr>" in belt
    assert "<tr><td>服务群众</td><td>200 人次</td><td>截至 2022-02-01</td></tr>" in belt
    assert partial("figures.md.j2", "points/b2/index.md", figure_rows=[]) == ""


def test_progress_partial_for_a_belt(project):
    out = partial("progress.md.j2", "belts/gulou/index.md", **plan.belt_values(project, project.belt("gulou")))
    # reference year 2023 comes from the data (see test_reference_date_is_the_latest_date_in_the_data)
    assert "本示范带 2021 年起步;以数据中最新日期所在的 2023 年计,目前:**三年全覆盖**。" in out
    assert ("<tr><td>一年打基础</td><td>2021</td><td>已过</td><td>示范点数量:4 个(要求不少于 8 个) ❌ 未达到<br>"
            "五个一:3/4 项达标 ❌ 未达到</td></tr>") in out
    assert "<tr><td><strong>三年全覆盖</strong></td><td>2023</td><td>▶ 当前阶段</td>" in out
    assert "品牌定位:楼宇党建联盟 ✅ 达到<br>已认定为示范点:3/4(75%)</td></tr>" in out
    assert "认定历程" not in out
    assert partial("progress.md.j2", "belts/cangshan/index.md", **plan.belt_values(project, project.belt("cangshan"))) == ""


def test_progress_partial_for_a_point(project):
    out = partial("progress.md.j2", "points/a1/index.md", **plan.point_values(project, project.point("a1")))
    assert out == "## 认定历程 { data-search-exclude }\n\n- 2019-06:培育点\n- 2021-03:示范点(当前状态)\n"
    assert partial("progress.md.j2", "points/a3/index.md", **plan.point_values(project, project.point("a3"))) == ""
    assert Status.demonstration.label in partial("progress.md.j2", "points/b1/index.md",
                                                  **plan.point_values(project, project.point("b1")))


def test_checklists_partial_links_evidence_photo_relative_and_quoted(project):
    data = project.point("a2").model_dump()
    data["checklists"]["five-basics"]["team"] = {"state": "unmet", "note": "见照片", "photo": "photos/队伍 1.jpg"}
    out = partial("checklists.md.j2", "points/a2/index.md", **plan.point_values(project, Point.model_validate(data)))
    # relative to the page's URL points/a2/, and quoted (a space would end the address)
    assert '<td>见照片 <a href="../../photos/%E9%98%9F%E4%BC%8D%201.jpg">照片</a></td>' in out

"""`python -m generator check` as an editor sees it.

Each mistake class has a small real file in tests/fixtures/bad/; the tests assert the exact text
printed for it (position, field, message and hint), in-process through cli.main, with "today"
fixed so that the "not verified for a year" reminder does not change with the calendar.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from generator.commands import cli
from generator.source import loader
from generator.model import Level, PointKind
from generator.source.problems import Problem
from helpers.checkrun import TODAY, Result

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "valid" / "sites.yaml"


def load_text(text: str, root: Path) -> loader.Loaded:
    return loader.load_bytes(text.encode(), "sites.yaml", root, TODAY)


# --- reading the file ----------------------------------------------------------------------


def test_valid_file_passes_with_its_reminder(check):
    result = check("valid/sites.yaml")
    assert result.code == 0
    assert result.errors == []
    assert result.warnings == [
        "valid/sites.yaml:16:13: 警告: belts[0].points: 示范带只有 3 个示范点,标准要求不少于 8 个\n"
        "    提示:继续培育示范点,或忽略此提醒"
    ]


def test_duplicate_key(check):
    result = check("bad/duplicate-keys.yaml")
    assert result.code == 1
    assert result.errors == [
        "bad/duplicate-keys.yaml:13:5: 错误: points[0].name: 重复的键 `name`(第一次出现在第 8 行)\n"
        "    提示:删除或合并其中一个"
    ]


def test_a_checklist_no_longer_defined_says_what_site_checklists_replaced(check):
    """Once site.checklists is written, the default ones are gone: a belt still reporting its
    five-ones is told so, not shown an empty list of ids."""
    assert check("bad/checklists-replaced.yaml").errors == [
        "bad/checklists-replaced.yaml:17:7: 错误: belts[0].checklists.five-ones: 没有名为 `five-ones` 的检查清单\n"
        "    提示:site.checklists 里没有适用于示范带(applies_to: belt)的清单:在那里定义 `five-ones`"
        "(写了 site.checklists 就不再用默认的“五个一”“五个基本”“六有”),或删掉这一项",
        "bad/checklists-replaced.yaml:28:7: 错误: points[0].checklists.six-have: 没有名为 `six-have` 的检查清单\n"
        "    提示:已有的编号:six-haves",
    ]


def test_unknown_field_suggests_the_right_name(check):
    result = check("bad/unknown-field.yaml")
    # `adress` is one mistake: no second error saying `address` is missing
    assert result.errors == [
        "bad/unknown-field.yaml:12:5: 错误: points[0].adress: 未知字段 `adress`\n    提示:是不是 `address`?"
    ]


def test_text_split_by_an_ascii_comma_says_so(check):
    result = check("bad/comma-in-flow.yaml")
    assert result.errors == [
        "bad/comma-in-flow.yaml:12:46: 错误: belts[0].checklists.five-ones.corridor.尚未建成: 未知字段 `尚未建成`\n"
        "    提示:这像是一段文字被英文逗号拆开了:在 {…} 或 […] 里,含英文逗号的文字要加引号,或改用中文逗号“,”"
    ]


def test_yaml_11_surprises_keep_the_editors_text(check):
    result = check("valid/yaml11.yaml")
    assert result.code == 0 and result.errors == []
    point = loader.load(FIXTURES / "valid" / "yaml11.yaml", TODAY).project.point("zhongchuang")
    assert point.name == "no"
    assert point.street == "on"
    assert point.open_hours == "9:00"
    assert point.contact == "010"
    assert point.model == "0x1F"
    assert point.address == "东莞市东城街道众创金融街 1e3 号"
    assert point.tags == ["yes", "off", "~text", "2021-05-31"]


def test_number_field_given_text(check):
    assert check("bad/not-a-number.yaml").errors == [
        "bad/not-a-number.yaml:13:10: 错误: points[0].lat: 应为数字,实际是 `abc`"
    ]


def test_tab_in_indentation(check):
    result = check("bad/tabs.yaml")
    assert result.code == 1
    assert result.errors == ["bad/tabs.yaml:4:1: 错误: 缩进里有制表符(Tab)\n    提示:请用空格缩进,不要用 Tab"]


def test_broken_indentation_points_at_the_line(check):
    assert check("bad/indentation.yaml").errors == [
        "bad/indentation.yaml:4:2: 错误: 缩进没有对齐\n    提示:同一级的字段要对齐到同一列;列表项 `- ` 也要对齐"
    ]


def test_gbk_file(check, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    Path("sites.yaml").write_bytes("site:\n  title: 东莞市城市基层党建示范带\n".encode("gbk"))
    result = check("sites.yaml")
    assert result.code == 1
    assert result.errors == [
        "sites.yaml:2:10: 错误: 文件不是 UTF-8 编码(第 16 字节无法解码)\n"
        "    提示:请用 UTF-8 编码另存文件(记事本:另存为 → 编码选 UTF-8)"
    ]


@pytest.mark.parametrize("name", ["empty", "comment-only"])
def test_empty_file(check, name):
    result = check(f"bad/{name}.yaml")
    assert result.code == 1
    assert result.errors == [f"bad/{name}.yaml:1:1: 错误: 文件是空的\n    提示:从 sites.yaml 示例复制一份开始"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("site:\n  title: 东莞: 东城\n",
         "2:12: 错误: 这里不能再有“冒号+空格”\n    提示:值里本身有冒号时,给整个值加引号,如 \"备注: 从东门进入\";否则检查这一行和上一行的缩进"),
        ("site:\n  title: x\n  regions\n", "3:3: 错误: 这一行缺少冒号 `:`\n    提示:每一项写成 `字段: 值`,冒号后加一个空格"),
        ("points:\n  - id: a\n    name: b\n   - id: c\n", "4:4: 错误: 缩进没有对齐\n    提示:同一级的字段要对齐到同一列;列表项 `- ` 也要对齐"),
        ("site:\n  title: \"东莞\n  regions: []\n", "2:10: 错误: 引号没有闭合\n    提示:从这里开始的引号要在同一个值的末尾闭合"),
        ("belts:\n  - points: [a, b\n    name: x\n",
         "2:13: 错误: 方括号 `[` 或花括号 `{` 没有闭合,或其中缺少逗号\n    提示:从这里开始的括号要闭合,各项之间用逗号分隔"),
        ("site:\n  title: @东城\n", "2:10: 错误: 值不能以这个字符开头\n    提示:给整个值加引号,如 \"@东城\""),
        ("site:\n  outline: \"C:\\docs\"\n", "2:15: 错误: 双引号里的反斜杠 `\\` 后面跟了无效的字符\n    提示:改用单引号,或把 `\\` 写成 `\\\\`"),
        ("site:\n  title: & 东城\n", "2:11: 错误: `&` 或 `*` 后面缺少名字\n    提示:如果这是文字,给整个值加引号"),
        ("site: {}\n---\nbelts: []\n",
         "2:1: 错误: 文件里只能有一个 YAML 文档,这里的 `---` 开始了第二个\n    提示:删除这一行的 `---`(文件开头的 `---` 可以保留)"),
    ],
    ids=["colon-in-value", "no-colon", "list-indent", "open-quote", "open-bracket", "at-sign", "backslash", "anchor", "two-documents"],
)
def test_syntax_errors_are_explained(tmp_path, text, expected):
    problems = load_text(text, tmp_path).problems
    assert [p.format() for p in problems] == [f"sites.yaml:{expected}"]


# --- records and references ----------------------------------------------------------------


def test_duplicate_id(check):
    assert check("bad/duplicate-ids.yaml").errors == [
        "bad/duplicate-ids.yaml:21:9: 错误: points[1].id: 编号 `zhongchuang` 重复(第一次出现在第 12 行)\n"
        "    提示:每个编号只能用一次:给其中一个换个编号,并改掉引用它的地方"
    ]


def test_problems_of_a_repeated_id_point_at_their_own_record(tmp_path):
    text = VALID.read_text(encoding="utf-8").replace("  - id: xiaozhen-33\n", "  - id: zhongchuang\n")
    text = text.replace("    model: “3×3”党建模式\n", "    model: “3×3”党建模式\n    photos: [{src: photos/none.jpg, caption: 照片}]\n")
    errors = [p.format() for p in load_text(text, VALID.parent).errors if p.path.startswith("points[1]")]
    assert errors == [
        "sites.yaml:44:9: 错误: points[1].id: 编号 `zhongchuang` 重复(第一次出现在第 21 行)\n"
        "    提示:每个编号只能用一次:给其中一个换个编号,并改掉引用它的地方",
        "sites.yaml:58:20: 错误: points[1].photos[0].src: 找不到图片文件 `photos/none.jpg`\n"
        "    提示:把图片放进 docs/ 下的目录,路径相对 docs/ 书写",
    ]


def test_dangling_references_list_known_ids(check):
    assert check("bad/dangling-refs.yaml").errors == [
        "bad/dangling-refs.yaml:10:27: 错误: belts[0].points[1]: 没有编号为 `xiaozhen33` 的示范点\n"
        "    提示:已有的编号:xiaozhen-33",
        "bad/dangling-refs.yaml:33:11: 错误: routes[0].belt: 没有编号为 `dong-cheng` 的示范带\n"
        "    提示:已有的编号:dongcheng",
        "bad/dangling-refs.yaml:36:16: 错误: routes[0].stops[1].point: 没有编号为 `jinyu-huafu` 的示范点\n"
        "    提示:已有的编号:xiaozhen-33, zhongchuang",
    ]


def test_coordinates_out_of_range_swapped_and_far_away(check):
    assert check("bad/coordinates.yaml").errors == [
        "bad/coordinates.yaml:13:10: 错误: points[0].lat: 数值 230.0205 超出范围 -90 ~ 90",
        "bad/coordinates.yaml:22:10: 错误: points[1].lat: 数值 113.7850 超出范围 -90 ~ 90\n"
        "    提示:纬度和经度似乎写反了:试试 lat: 23.0012, lon: 113.7850",
        "bad/coordinates.yaml:31:10: 错误: points[2].lat: 坐标 (39.9087, 116.3975) 在东莞市范围外约 1874 公里\n"
        "    提示:检查坐标是否抄错,或 site.regions 是否设置正确",
    ]


def test_photo_that_does_not_exist(check):
    assert check("bad/photo-missing.yaml").errors == [
        "bad/photo-missing.yaml:16:14: 错误: points[0].photos[0].src: 找不到图片文件 `photos/zhongchuang.jpg`\n"
        "    提示:把图片放进 docs/ 下的目录,路径相对 docs/ 书写"
    ]


def test_enum_lists_allowed_values_and_accepts_chinese_labels(check, tmp_path):
    # `level: 市级` (a label) is accepted: the only error is the kind
    assert check("bad/enum.yaml").errors == [
        "bad/enum.yaml:9:11: 错误: points[0].kind: 取值 `商场` 无效\n"
        "    提示:可用的取值:office_tower(商务楼宇), park(科创/文创园区), residential(住宅小区), "
        "business_district(商圈), community(社区), company(非公企业), social_org(社会组织), "
        "industry_chain(产业链), village(村), institution(机关事业单位), other(其他)"
    ]
    text = (FIXTURES / "bad" / "enum.yaml").read_text(encoding="utf-8").replace("kind: 商场", "kind: 商圈")
    point = load_text(text, tmp_path).project.point("zhongchuang")
    assert (point.kind, point.level) == (PointKind.business_district, Level.city)


def test_missing_required_field(check):
    assert check("bad/missing-field.yaml").errors == [
        "bad/missing-field.yaml:7:5: 错误: points[0]: 缺少必填字段 `address`\n    提示:添加 `address: …`(详细地址)"
    ]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("        value: 9", "        value: -9", "36:16: 错误: points[0].figures[0].value: 数值 -9 不能小于 0"),
        ("      members: 10", "      members: 10.5", "56:16: 错误: points[1].organisation.members: 应为整数,实际是 `10.5`"),
        ("      founded: 2018-10", "      founded: 2018年10月",
         "55:16: 错误: points[1].organisation.founded: 格式不对:`2018年10月`\n    提示:格式如 2018-10"),
        ("        as_of: 2021-05-31", "        as_of: 2021-02-30",
         "38:16: 错误: points[0].figures[0].as_of: 日期无效:`2021-02-30`\n    提示:日期写成 2021-05-31 这样的格式"),
        ("    brand: 党建引领文创", "    brand: 党建引领文创\n    color: red", "16:12: 错误: belts[0].color: 格式不对:`red`\n    提示:格式如 #c8102e"),
        ("  title: 东莞市城市基层党建示范带", "  title: 东莞\n  language: fr",
         "4:13: 错误: site.language: 格式不对:`fr`\n    提示:可用的取值:zh, en"),
        ("  title: 东莞市城市基层党建示范带", "  title:", "3:9: 错误: site.title: 不能为空"),
        ("{route: met,", "{Route: met,",
         "18:19: 错误: belts[0].checklists.five-ones.Route: 编号 `Route` 无效\n"
         "    提示:编号只能用小写英文字母、数字和连字符,如 gulou-01"),
        ("{route: met,", "{route: maybe,",
         "18:26: 错误: belts[0].checklists.five-ones.route.state: 取值 `maybe` 无效\n"
         "    提示:可用的取值:met(达标), unmet(未达标), na(不适用)"),
        ("points: [zhongchuang, xiaozhen-33,", "points: [zhongchuang, zhongchuang,",
         "16:13: 错误: belts[0].points: 有重复的条目:zhongchuang"),
        ("stops: [zhongchuang, xiaozhen-33, jinyu-huafu]", "stops: [zhongchuang]", "75:12: 错误: routes[0].stops: 至少需要 2 项"),
    ],
    ids=["min", "integer", "year-month", "date", "colour", "choices", "empty", "dict-key", "state", "repeated", "too-few"],
)
def test_field_messages_are_friendly(old, new, expected):
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    errors = [p.format() for p in load_text(text.replace(old, new, 1), VALID.parent).errors]
    assert errors == [f"sites.yaml:{expected}"]


def test_all_mistakes_in_one_run(check):
    result = check("bad/all-mistakes.yaml")
    assert result.code == 1
    assert [e.split(": ", 1)[0] + ": " + e.split(": ", 3)[2] for e in result.errors] == [
        "bad/all-mistakes.yaml:11:27: belts[0].points[1]",
        "bad/all-mistakes.yaml:18:5: points[0].adress",
        "bad/all-mistakes.yaml:24:11: points[1].kind",
        "bad/all-mistakes.yaml:28:10: points[1].lat",
        "bad/all-mistakes.yaml:31:9: points[2].id",
        "bad/all-mistakes.yaml:39:5: points[2].lon",
        "bad/all-mistakes.yaml:41:5: points[3]",
        "bad/all-mistakes.yaml:46:10: points[3].lat",
        "bad/all-mistakes.yaml:55:10: points[4].lat",
        "bad/all-mistakes.yaml:58:14: points[4].photos[0].src",
        "bad/all-mistakes.yaml:64:11: routes[0].belt",
        "bad/all-mistakes.yaml:65:26: routes[0].stops[1]",
    ]
    messages = "\n".join(result.errors)
    for text in ["没有编号为 `xiaozhen33` 的示范点", "未知字段 `adress`", "取值 `园区` 无效", "应为数字,实际是 `abc`",
                 "编号 `zhongchuang` 重复", "重复的键 `lon`", "缺少必填字段 `district`", "似乎写反了",
                 "在东莞市范围外约", "找不到图片文件", "没有编号为 `dong-cheng` 的示范带", "没有编号为 `jinyu-huafu` 的示范点"]:
        assert text in messages
    assert result.err.endswith("12 个错误,2 个警告\n")


def test_the_real_command_agrees(check):
    """The installed entry point, in a fresh process: same errors, exit 1, no traceback."""
    expected = check("bad/all-mistakes.yaml").errors
    run = subprocess.run([sys.executable, "-m", "generator", "check", "bad/all-mistakes.yaml"],
                         cwd=FIXTURES, capture_output=True, text=True, encoding="utf-8", timeout=60)
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert Result(run.returncode, run.stdout, run.stderr).errors == expected


# --- warnings and output formats -----------------------------------------------------------

WARNINGS = [
    "bad/warnings.yaml:10:13: 警告: belts[0].points: 示范带只有 1 个示范点,标准要求不少于 8 个\n"
    "    提示:继续培育示范点,或忽略此提醒",
    "bad/warnings.yaml:12:7: 警告: belts[0].checklists: “五个一”未完成:一个区域性党群活动服务中心、一条党建长廊",
    "bad/warnings.yaml:22:15: 警告: points[0].verified: 示范点信息已 631 天未核实(上次 2025-03-01)\n"
    "    提示:核实信息后更新 verified 日期",
]


def test_warnings_do_not_fail_the_check(check):
    result = check("bad/warnings.yaml")
    assert result.code == 0
    assert result.errors == []
    assert result.warnings == WARNINGS
    assert result.err.endswith("0 个错误,3 个警告\n")


def test_strict_fails_on_warnings(check):
    result = check("bad/warnings.yaml", "--strict")
    assert result.code == 1
    assert result.warnings == WARNINGS


def test_english(check):
    result = check("bad/coordinates.yaml", "--lang", "en")
    assert result.blocks("error") == [
        "bad/coordinates.yaml:13:10: error: points[0].lat: value 230.0205 is outside -90 to 90",
        "bad/coordinates.yaml:22:10: error: points[1].lat: value 113.7850 is outside -90 to 90\n"
        "    hint: latitude and longitude look swapped: try lat: 23.0012, lon: 113.7850",
        "bad/coordinates.yaml:31:10: error: points[2].lat: coordinates (39.9087, 116.3975) are about 1874 km outside 东莞市\n"
        "    hint: check the coordinates, or site.regions",
    ]
    assert result.blocks("warning") == ["bad/coordinates.yaml:25:9: warning: points[2].id: point `far-away` is on no belt"]
    assert result.err.endswith("3 error(s), 1 warning(s)\n")


GITHUB = re.compile(r"^::(error|warning) file=[^,:\n]+,line=[1-9]\d*,col=[1-9]\d*,title=[^,:\n]*::[^\r\n]+$")


def test_github_annotations(check):
    result = check("bad/dangling-refs.yaml", "--format", "github")
    lines = result.out.splitlines()
    assert lines and all(GITHUB.match(line) for line in lines)
    assert lines[2] == (
        "::error file=bad/dangling-refs.yaml,line=10,col=27,title=belts[0].points[1]::"
        "belts[0].points[1]: 没有编号为 `xiaozhen33` 的示范点 — 已有的编号:xiaozhen-33"
    )
    assert result.code == 1


def test_github_escaping():
    problem = Problem("docs,v1/a:b.yaml", 3, 5, "site.title", "yaml_syntax", {"detail": "50% done\r\nnext"})
    assert problem.format_github("en") == (
        "::error file=docs%2Cv1/a%3Ab.yaml,line=3,col=5,title=site.title::"
        "site.title: YAML syntax error: 50%25 done%0D%0Anext"
    )


def test_gitlab_code_quality_report(check):
    result = check("bad/all-mistakes.yaml", "--format", "gitlab")
    report = json.loads(result.out)
    assert len(report) == 14
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert issue["location"]["path"] == "bad/all-mistakes.yaml"
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
    assert len({issue["fingerprint"] for issue in report}) == len(report)
    assert report[2]["description"] == "belts[0].points[1]: 没有编号为 `xiaozhen33` 的示范点 — 已有的编号:xiaozhen-33"
    assert report[2]["severity"] == "major" and report[0]["severity"] == "minor"  # an error, a warning


# --- the command itself --------------------------------------------------------------------


@pytest.mark.parametrize("args", [["check", "--bogus"], ["check", "--format", "xml"], ["check", "--lang", "fr"], ["nope"], []])
def test_usage_errors_exit_2(args, capsys):
    assert cli.main(args) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_missing_file(check):
    result = check("bad/no-such-file.yaml")
    assert result.code == 1
    assert result.errors == ["bad/no-such-file.yaml:1:1: 错误: 找不到文件\n    提示:检查文件名和所在目录"]


def test_a_folder_instead_of_a_file(check):
    result = check("bad")
    assert result.code == 1
    assert result.errors == ["bad:1:1: 错误: 这是一个目录,不是文件\n    提示:检查文件名和所在目录"]


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("      south: 22.65", "      south: 23.65",
         ["6:14: 错误: site.regions[0].south: south (23.65) 大于 north (23.15)\n"
          "    提示:south 和 north 似乎写反了:南边界纬度小于北边界,西边界经度小于东边界"]),
        ("    stops: [", "    path: [[23.02, 113.77], [123.0, 113.7], [39.9, 116.4]]\n    stops: [",
         ["75:30: 错误: routes[0].path[1][0]: 数值 123.0 超出范围 -90 ~ 90",
          "75:45: 错误: routes[0].path[2]: 坐标 (39.9, 116.4) 在东莞市范围外约 1873 公里\n"
          "    提示:检查坐标是否抄错,或 site.regions 是否设置正确"]),
        ("      five-ones: {", "      six-haves: {venue: met}\n      five-ones: {",
         ["18:7: 错误: belts[0].checklists.six-haves: 清单 `six-haves` 只用于示范点,不能用在这里"]),
        ("      five-ones: {", "      six-ones: {venue: met}\n      five-ones: {",
         ["18:7: 错误: belts[0].checklists.six-ones: 没有名为 `six-ones` 的检查清单\n    提示:已有的编号:five-ones"]),
        ("{route: met,", "{road: met,",
         ["18:19: 错误: belts[0].checklists.five-ones.road: 清单 `five-ones` 中没有条目 `road`\n"
          "    提示:已有的条目:route(一条线路)、logo(一个红色标识)、centre(一个区域性党群活动服务中心)、"
          "square(一个红色文化广场)、corridor(一条党建长廊)"]),
    ],
    ids=["region-swapped", "route-path", "checklist-target", "unknown-checklist", "unknown-item"],
)
def test_cross_record_messages(old, new, expected):
    text = VALID.read_text(encoding="utf-8")
    assert old in text
    errors = [p.format() for p in load_text(text.replace(old, new, 1), VALID.parent).errors]
    assert errors == [f"sites.yaml:{e}" for e in expected]


FUTURE_AND_OFF_PATH = """\
site:
  title: 测试
  regions: [{name: 福州市, south: 25.9, west: 119.1, north: 26.3, east: 119.6}]
  crs: wgs84
belts:
  - {id: b, name: 示范带, district: 鼓楼区, points: [a, c]}
points:
  - {id: a, name: 甲, kind: community, level: city, district: 鼓楼区, address: 一号, lat: 26.08, lon: 119.30, verified: 2026-10-01}
  - {id: c, name: 乙, kind: community, level: city, district: 鼓楼区, address: 二号, lat: 26.083, lon: 119.31, verified: 2027-01-05}
routes:
  - id: r
    name: 路线
    belt: b
    stops: [a, c]
    path: [[26.08, 119.30], [26.08, 119.31]]
"""


def test_future_verification_date_and_stop_far_from_the_path_are_warned(tmp_path):
    loaded = load_text(FUTURE_AND_OFF_PATH, tmp_path)
    shown = [p.format() for p in loaded.problems if p.key in ("future_date", "stop_off_path")]
    # stop c is 0.003° of latitude north of a path that runs along 26.08°N:
    # 0.003 × π/180 × 6,371,009 m ≈ 333.6 m
    assert shown == [
        "sites.yaml:9:116: 警告: points[1].verified: 核实日期 2027-01-05 晚于今天,可能写错了",
        "sites.yaml:14:16: 警告: routes[0].stops[1]: 第 2 站 `c` 离路线的 path 约 334 米\n"
        "    提示:按路线距离要沿 path 计算:检查 path 是否经过这一站,或坐标系是否与 site.crs 一致",
    ]
    assert loaded.project is not None  # warnings only

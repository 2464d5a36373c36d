"""Text pasted from WeChat, Word, Excel and map apps: each mistake an editor cannot see, or
cannot tell apart from what YAML wants, gets a message that names the character or the exact
fix. One real file per kind in tests/fixtures/bad/pasted-*.yaml; the exact text is asserted."""

from __future__ import annotations

import pytest

from generator.source import pasted


def test_fullwidth_colon_is_named_not_called_missing(check):
    assert check("bad/pasted-colon.yaml").errors == [
        "bad/pasted-colon.yaml:8:12: 错误: 冒号是中文全角冒号 `：`,YAML 只认英文冒号 `:`\n"
        "    提示:改成英文冒号加一个空格:`address: 鼓楼区东街 88 号`"
    ]


def test_fullwidth_colon_where_a_mapping_was_expected(check, tmp_path, monkeypatch):
    path = tmp_path / "sites.yaml"
    path.write_text("site:\n  title：测试\n", encoding="utf-8")
    assert check(str(path)).errors == [
        f"{path}:2:3: 错误: site: 冒号是中文全角冒号 `：`,YAML 只认英文冒号 `:`\n"
        "    提示:改成英文冒号加一个空格:`title: 测试`"
    ]


def test_lookalike_spaces_are_named_with_the_fix(check):
    assert check("bad/pasted-spaces.yaml").errors == [
        "bad/pasted-spaces.yaml:7:1: 错误: 这里有看不见的全角空格(U+3000),YAML 只认普通空格\n"
        "    提示:把这一行行首的空白换成 4 个普通空格(半角空格)",
        "bad/pasted-spaces.yaml:8:13: 错误: 这里有看不见的不换行空格(U+00A0),YAML 只认普通空格\n"
        "    提示:删除它,换成一个普通空格(半角空格)",
        "bad/pasted-spaces.yaml:9:5: 错误: 这里有看不见的零宽空格(U+200B),YAML 只认普通空格\n"
        "    提示:把这一行行首的空白换成 4 个普通空格(半角空格)",
    ]


def test_stray_bom(check):
    assert check("bad/pasted-bom.yaml").errors == [
        "bad/pasted-bom.yaml:5:1: 错误: 这里有看不见的BOM 标记(U+FEFF),常见于把一个文件粘贴进另一个文件\n"
        "    提示:删除这个字符(在编辑器里把光标移到行首按退格键)"
    ]


def test_keys_and_checklist_items_written_by_their_chinese_names(check):
    six_haves = "venue(有场所)、facilities(有设施)、sign(有标志)、flag(有党旗)、books(有书报)、rules(有制度)"
    assert check("bad/pasted-labels.yaml").errors == [
        # one mistake each: no second error saying `name`, `address`, `lat` is missing
        "bad/pasted-labels.yaml:7:5: 错误: points[0].名称: 未知字段 `名称`\n    提示:字段名要用英文:`名称` 写作 `name`",
        "bad/pasted-labels.yaml:8:5: 错误: points[0].地址: 未知字段 `地址`\n    提示:字段名要用英文:`地址` 写作 `address`",
        "bad/pasted-labels.yaml:12:5: 错误: points[0].纬度: 未知字段 `纬度`\n    提示:字段名要用英文:`纬度` 写作 `lat`",
        "bad/pasted-labels.yaml:15:19: 错误: points[0].checklists.six-haves.有党旗: 编号 `有党旗` 无效\n"
        f"    提示:这里要写编号,不写名称:`有党旗` 写作 `flag`。可用的编号:{six_haves}",
        "bad/pasted-labels.yaml:15:29: 错误: points[0].checklists.six-haves.场所: 编号 `场所` 无效\n"
        f"    提示:这里要写编号,不写名称:`场所` 写作 `venue`。可用的编号:{six_haves}",
        "bad/pasted-labels.yaml:16:7: 错误: points[0].checklists.五个基本: 编号 `五个基本` 无效\n"
        "    提示:这里要写编号,不写名称:`五个基本` 写作 `five-basics`。可用的编号:five-ones(五个一)、five-basics(五个基本)、six-haves(六有)",
    ]


def test_numbers_from_excel_maps_and_wechat(check):
    errors = check("bad/pasted-numbers.yaml").errors
    assert [e for e in errors if "缺少必填字段" not in e] == [
        "bad/pasted-numbers.yaml:6:9: 错误: points[0].id: 编号 `gulou-01<U+200B>` 无效\n"
        "    提示:第 9 个字符是看不见的零宽空格(U+200B):删除它,写成 `gulou-01`",
        "bad/pasted-numbers.yaml:12:10: 错误: points[0].lat: 应为数字,实际是 `２６．０８`\n"
        "    提示:数字用了全角字符:改成半角,写成 `26.08`",
        "bad/pasted-numbers.yaml:13:10: 错误: points[0].lon: 应为数字,实际是 `119.33,26.04`\n"
        "    提示:这是一对坐标:119.33 是经度,26.04 是纬度。分成两个字段:`lat: 26.04` 和 `lon: 119.33`",
        "bad/pasted-numbers.yaml:15:31: 错误: points[0].figures[0].200: 未知字段 `200`\n"
        "    提示:逗号把一个数字拆成了两个字段:数字里不要写千位分隔符,写成 `value: 1200`",
        "bad/pasted-numbers.yaml:17:16: 错误: points[0].figures[1].value: 应为数字,实际是 `3,000`\n"
        "    提示:数字里不要写千位分隔符:写成 `3000`",
        "bad/pasted-numbers.yaml:26:10: 错误: points[1].lat: 应为数字,实际是 `26°4'48\"N`\n"
        "    提示:这是“度分秒”写法,换算成小数是 `26.08`",
        "bad/pasted-numbers.yaml:27:10: 错误: points[1].lon: 应为数字,实际是 `119度18分36秒`\n"
        "    提示:这是“度分秒”写法,换算成小数是 `119.31`",
    ]


def test_in_english_too(check):
    assert ("bad/pasted-numbers.yaml:13:10: error: points[0].lon: expected a number, got `119.33,26.04`\n"
            "    hint: this is a coordinate pair: 119.33 is the longitude, 26.04 the latitude. "
            "Write two fields: `lat: 26.04` and `lon: 119.33`") in check("bad/pasted-numbers.yaml", "--lang", "en").err


@pytest.mark.parametrize("text, hint", [
    ("26.04, 119.33", ("coordinate_pair", {"lat": "26.04", "lon": "119.33"})),  # latitude first
    ("119.33，26.04", ("coordinate_pair", {"lat": "26.04", "lon": "119.33"})),  # full-width comma
    ("S 33°52'", ("dms", {"decimal": "-33.866667"})),
    ("-1,234.5", ("thousands", {"fixed": "-1234.5"})),
    ("abc", None),
    ("12", None),
])
def test_number_hints(text, hint):
    assert pasted.number_hint(text, "lat") == hint


def test_labels_come_from_the_model_titles():
    from generator.source.hints import titles as _titles
    from generator.model import Point

    titles = _titles(Point)
    assert titles["address"] == "详细地址"  # the model's own title, not a list of our own
    assert [pasted.field_for_label(label, titles) for label in ("名称", "地址", "经度", "状态", "街道", "天气")] == [
        "name", "address", "lon", "status", "street", None]

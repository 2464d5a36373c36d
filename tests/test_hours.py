"""Opening hours read for the phone's 现在开放 / 今天已闭馆: understood whole, or not at all."""

import pytest

from generator.domain.hours import as_json, parse

WEEKDAYS_9_TO_1730 = {d: [(540, 1050)] for d in range(1, 6)}


@pytest.mark.parametrize("text, hours", [
    ("周一至周五 9:00-17:30", WEEKDAYS_9_TO_1730),
    ("周一到周五 9：00—17：30", WEEKDAYS_9_TO_1730),
    ("工作日 9:00-17:30", WEEKDAYS_9_TO_1730),
    ("每天 8:00-20:00", {d: [(480, 1200)] for d in range(1, 8)}),
    ("9:00-17:00", {d: [(540, 1020)] for d in range(1, 8)}),
    ("周二至周日 9:00-17:00", {d: [(540, 1020)] for d in range(2, 8)}),
    ("周五至周一 9:00-18:00", {d: [(540, 1080)] for d in (1, 5, 6, 7)}),
    ("周六、周日 10:00-16:00", {6: [(600, 960)], 7: [(600, 960)]}),
    ("周一至周五 9:00-12:00、14:00-17:30；周六 9:00-12:00",
     {**{d: [(540, 720), (840, 1050)] for d in range(1, 6)}, 6: [(540, 720)]}),
    ("工作日 8:30-17:30, 周末 9:00-12:00", {**{d: [(510, 1050)] for d in range(1, 6)}, 6: [(540, 720)], 7: [(540, 720)]}),
])
def test_readable_hours(text, hours):
    assert parse(text) == hours


@pytest.mark.parametrize("text", [
    "", "节假日除外", "周一至周五 9:00-17:30(节假日除外)", "需预约", "周一", "周一至周五 9:00-17:30 周六",
    "每天 17:00-9:00", "每天 9:00-25:00", "每天 9:70-10:00", "9:00';window.__xss='js';//</script>",
])
def test_anything_not_understood_gives_no_hours(text):
    assert parse(text) is None


def test_json_for_the_script():
    assert as_json(parse("周六、周日 10:00-16:00")) == '{"6":[[600,960]],"7":[[600,960]]}'

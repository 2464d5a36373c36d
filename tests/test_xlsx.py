"""`xlsx export` / `xlsx import`: the round trip changes no byte; an edited workbook imports to
the golden YAML (tests/fixtures/xlsx/, UPDATE_GOLDEN=1 regenerates); every spreadsheet mistake
gets a message at its cell, all in one run; CSV in UTF-8 and GBK; workbooks saved by LibreOffice."""

from __future__ import annotations

import csv
import datetime as dt
import difflib
import io
import os
import re
import shutil
import subprocess
import time
import zipfile
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from generator.commands.cli import main
from generator.model.schema import model_schema
from generator.source.sheetlayout import sheets

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "fixtures" / "xlsx"
VALID = Path(__file__).parent / "fixtures" / "valid"


def project(tmp_path: Path, source: Path) -> Path:
    """A copy of a sites.yaml with its docs/ (photos are checked), to import into."""
    shutil.copy(source / "sites.yaml", tmp_path / "sites.yaml")
    shutil.copytree(source / "docs", tmp_path / "docs")
    return tmp_path / "sites.yaml"


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["xlsx", *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def exported(capsys, sites: Path) -> Path:
    book = sites.parent / "book.xlsx"
    code, _, err = run(capsys, "export", sites, book)
    assert code == 0, err
    return book


def header(sheet: str, field: str) -> str:
    """A column's header by the field it holds (`lat`, `organisation.kind`; `points` for a belt's
    point ids): the model's title, whatever it is today."""
    layout = next(s for s in sheets() if s.name == sheet)
    return next(c.header for c in layout.all_columns if ".".join(c.field) == field or (not c.field and field == layout.members))


def col(ws, field: str, sheet: str | None = None, row: int = 1) -> int:
    wanted = header(sheet or ws.title, field)
    return next(cell.column for cell in ws[row] if cell.value == wanted)


def rows(ws, **where) -> list[int]:
    cols = {field: col(ws, field) for field in where}
    return [r for r in range(2, ws.max_row + 1) if all(ws.cell(r, cols[f]).value == v for f, v in where.items())]


def fill(ws, row: int, values: dict) -> None:
    for field, value in values.items():
        ws.cell(row, col(ws, field)).value = value  # `ws.cell(r, c, None)` would leave the cell as it was


# --- the round trip ------------------------------------------------------------------------


@pytest.mark.parametrize("source", [ROOT, VALID], ids=["sample", "fixture"])
def test_export_then_import_changes_no_byte(source, tmp_path, capsys):
    sites = project(tmp_path, source)
    book = exported(capsys, sites)
    code, out, err = run(capsys, "import", book, sites)
    assert code == 0, err
    assert sites.read_bytes() == (source / "sites.yaml").read_bytes()
    assert "没有变化" in err and out == ""


def test_the_same_sites_yaml_gives_the_same_bytes(tmp_path, capsys, monkeypatch):
    """A workbook carries no clock: not in its properties, not in its zip entries (a reviewer
    comparing two exports, or a build that ships one, sees no change where there is none)."""
    sites = project(tmp_path, VALID)
    first = exported(capsys, sites).read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as book:
        assert {info.date_time for info in book.infolist()} == {(2000, 1, 1, 0, 0, 0)}
        core = book.read("docProps/core.xml").decode()
    assert re.findall(r"<dcterms:(created|modified)[^>]*>([^<]*)<", core) == [
        ("created", "2000-01-01T00:00:00Z"), ("modified", "2000-01-01T00:00:00Z")]
    monkeypatch.setattr(time, "time", lambda: 1940000000.0)  # in 2031: a later clock changes nothing
    assert exported(capsys, sites).read_bytes() == first
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01, as a reproducible build sets it
    with zipfile.ZipFile(exported(capsys, sites)) as book:
        assert {info.date_time for info in book.infolist()} == {(2026, 1, 1, 0, 0, 0)}


def test_the_workbook_is_made_from_the_model(tmp_path, capsys):
    book = load_workbook(exported(capsys, project(tmp_path, VALID)))
    points = book["示范点"]
    titles = model_schema()["definitions"]["Point"]["properties"]
    lat = next(cell for cell in points[1] if cell.value == titles["lat"]["title"])
    assert lat.comment.text == titles["lat"]["description"]
    assert points.freeze_panes == "B2"
    validated = {str(r) for dv in points.data_validations.dataValidation for r in dv.sqref.ranges}
    for field in ("kind", "level", "status", "crs", "organisation.kind"):
        assert f"{get_column_letter(col(points, field))}2:" in " ".join(validated), field
    stops = book["路线与站点"]
    point = get_column_letter(col(stops, "point"))
    assert any(str(r).startswith(f"{point}2:") for dv in stops.data_validations.dataValidation for r in dv.sqref.ranges)
    assert book["选项"].sheet_state == "hidden"
    assert points.cell(2, col(points, "kind")).value == "商圈"  # labels, not codes: what the dropdown offers


def test_every_sheet_has_distinct_headers():
    for layout in sheets():
        names = [c.header for c in layout.all_columns]
        assert len(names) == len(set(names)), layout.name


# --- an edited workbook --------------------------------------------------------------------


def edit(path: Path) -> None:
    """New points, a changed figure and a deleted stop, as an editor would make them."""
    book = load_workbook(path)
    points = book["示范点"]
    at = rows(points, id="gulou-09")[0] + 1
    points.insert_rows(at)
    fill(points, at, {"id": "gulou-10", "name": "鼓楼区软件园党群服务中心", "kind": "科创/文创园区", "level": "县(区)级",
                      "district": "鼓楼区", "street": "洪山镇", "address": "福州市鼓楼区铜盘路软件大道 89 号",
                      "lat": 26.1105, "lon": 119.2632, "organisation.name": "软件园党委", "organisation.kind": "党委",
                      "organisation.founded": "2019-05", "organisation.members": 88, "highlights": "园区企业党建联盟\n人才驿站",
                      "tags": "园区党建", "verified": dt.date(2026, 3, 1)})
    fill(points, points.max_row + 1, {"id": "dongguan-10", "name": "松山湖科创园党群服务中心", "kind": "park", "level": "市级",
                                      "district": "东莞市", "address": "东莞市松山湖大道 1 号", "lat": 22.93, "lon": 113.89})
    belts = book["示范带"]
    at = rows(belts, points="gulou-09")[0] + 1
    belts.insert_rows(at)
    fill(belts, at, {"id": "gulou-louyu", "points": "gulou-10"})
    fill(belts, belts.max_row + 1, {"id": "dongguan-chengqu", "points": "dongguan-10"})
    figures = book["数据"]
    figures.cell(rows(figures, id="gulou-01", name="开展党群活动")[0], col(figures, "value"), 150)
    stops = book["路线与站点"]
    stops.delete_rows(rows(stops, id="gulou-walk", point="gulou-05")[0])
    book.save(path)


def check_golden(name: str, text: str) -> None:
    expected = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        expected.write_text(text, encoding="utf-8")
    assert text == expected.read_text(encoding="utf-8")


def changes(before: bytes, after: Path) -> str:
    """A unified diff without line numbers: the golden files outlive edits elsewhere in the sample."""
    lines = difflib.unified_diff(before.decode().splitlines(True), after.read_text(encoding="utf-8").splitlines(True),
                                 "sites.yaml", "sites.yaml (imported)")
    return "".join(re.sub(r"^@@ .* @@$", "@@", line) for line in lines)


def test_an_edited_workbook_imports_to_the_golden_yaml(tmp_path, capsys):
    sites = project(tmp_path, ROOT)
    book = exported(capsys, sites)
    edit(book)
    code, out, err = run(capsys, "import", book, sites)
    assert code == 0, err
    check_golden("sample-edited.diff", changes((ROOT / "sites.yaml").read_bytes(), sites))
    check_golden("sample-edited.md", out.replace(str(book), "book.xlsx").replace(str(sites), "sites.yaml"))
    code, _, err = run(capsys, "import", book, sites)
    assert code == 0 and "没有变化" in err  # importing again changes nothing more


def delete_points(path: Path, *ids: str) -> None:
    """Points deleted from every sheet (the first of its belt and route among them), a checklist
    item given a note, an organisation cleared, a highlight replaced."""
    book = load_workbook(path)
    for pid in ids:
        for name, key in [("示范点", "id"), ("示范带", "points"), ("路线与站点", "point"), ("数据", "id"), ("照片", "id"),
                          ("状态变化", "id"), ("示范点达标情况", "id")]:
            for row in reversed(rows(book[name], **{key: pid})):
                book[name].delete_rows(row)
    results = book["示范点达标情况"]
    fill(results, rows(results, id="gulou-01", item="有党旗")[0], {"state": "未达标", "note": "党旗破损,待更换"})
    points = book["示范点"]
    row = rows(points, id="gulou-02")[0]
    fill(points, row, {"organisation.name": None, "organisation.kind": None, "organisation.founded": None,
                       "organisation.members": None, "highlights": "楼内企业“党建地图”和流动党员报到台\n新的亮点"})
    book.save(path)


def test_deleted_points_leave_the_headings_in_place(tmp_path, capsys):
    sites = project(tmp_path, ROOT)
    book = exported(capsys, sites)
    delete_points(book, "gulou-05", "taijiang-01")
    code, out, err = run(capsys, "import", book, sites)
    assert code == 0, err
    check_golden("sample-deleted.diff", changes((ROOT / "sites.yaml").read_bytes(), sites))
    assert "- 删除:`taijiang-01` 中亭街商圈党群服务中心" in out


def test_shorthands_and_new_fields_take_their_neighbours_style(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    book = exported(capsys, sites)
    workbook = load_workbook(book)
    stops = workbook["路线与站点"]
    fill(stops, rows(stops, point="xiaozhen-33")[0], {"dwell": 30})
    results = workbook["示范带达标情况"]
    fill(results, rows(results, item="一个红色标识")[0], {"note": "标识已设计,\n正在制作"})
    points = workbook["示范点"]
    fill(points, rows(points, id="zhongchuang")[0], {"organisation.members": 56})
    figures = workbook["数据"]
    fill(figures, figures.max_row + 1, {"id": "xiaozhen-33", "name": "入驻企业", "value": 33, "unit": "家",
                                        "as_of": dt.date(2021, 5, 31), "approx": "是"})
    workbook.save(book)
    code, _, err = run(capsys, "import", book, sites)
    assert code == 0, err
    check_golden("fixture-edited.yaml", sites.read_text(encoding="utf-8"))


def test_dry_run_reports_and_writes_nothing(tmp_path, capsys):
    sites = project(tmp_path, ROOT)
    book = exported(capsys, sites)
    edit(book)
    code, out, _ = run(capsys, "import", book, sites, "--dry-run")
    assert code == 0 and "数据更新:开展党群活动 128场" in out
    assert sites.read_bytes() == (ROOT / "sites.yaml").read_bytes()


# --- what real spreadsheets look like ------------------------------------------------------


def untidy(path: Path, *, mistakes: bool) -> None:
    """A title row, a renamed sheet, an extra and a hidden column, an empty row, merged cells,
    numbers stored as text, trailing spaces, a date serial; with `mistakes`, also full-width
    digits, a value out of range, an unknown enum value and a stop at an unknown point."""
    book = load_workbook(path)
    ws = book["示范点"]
    cols = {field: col(ws, field) for field in ("name", "kind", "district", "lat", "lon", "organisation.members", "verified")}
    ws.title = "示范点台账"
    ws.insert_rows(1)
    ws["A1"] = "东城街道示范点台账(2026)"
    ws.merge_cells("A1:F1")
    extra = ws.max_column + 1
    ws.cell(2, extra, "备注")
    ws.cell(3, extra, "老台账的备注")
    ws.column_dimensions["C"].hidden = True
    ws.cell(3, cols["lat"], "23.0205")
    ws.cell(3, cols["name"], ws.cell(3, cols["name"]).value + "  ")
    serial = (dt.date(2026, 1, 10) - dt.date(1899, 12, 30)).days
    ws.cell(5, cols["verified"], serial).number_format = "General"
    ws.cell(4, cols["district"]).value = None
    district = get_column_letter(cols["district"])
    ws.merge_cells(f"{district}3:{district}4")
    ws.insert_rows(5)
    if mistakes:
        ws.cell(4, cols["lon"], "１１３.７８５０")
        ws.cell(3, cols["organisation.members"], -5)
        ws.cell(6, cols["kind"], "商务楼")
        stops = book["路线与站点"]
        stops.cell(3, col(stops, "point"), "no-such")
    book.save(path)


def test_an_untidy_workbook_imports_cleanly(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    book = exported(capsys, sites)
    untidy(book, mistakes=False)
    code, _, err = run(capsys, "import", book, sites)
    assert code == 0, err
    assert sites.read_bytes() == (VALID / "sites.yaml").read_bytes()
    assert err.splitlines() == [
        "book.xlsx:示范点台账!Z2: 警告: 未知的列“备注”,已忽略",
        "    提示:这一列不会导入;要保存这些内容,请写进 sites.yaml 已有的字段",
        f"book.xlsx:示范点台账!Y6 ({header('示范点', 'verified')}): 警告: Excel 日期序号 46032 已按 2026-01-10 读取",
        "    提示:把单元格格式设为“日期”,或写成 2021-05-31",
        f"{sites}: 没有变化",
    ]


def test_every_mistake_is_shown_at_its_cell_in_one_run(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    book = exported(capsys, sites)
    untidy(book, mistakes=True)
    code, out, err = run(capsys, "import", book, sites)
    assert code == 1 and out == ""
    lines = err.splitlines()
    for expected in [
        f"book.xlsx:示范点台账!O3 ({header('示范点', 'organisation.members')}): 错误: 数值 -5 超出范围 0 ~ 1000000",
        f"book.xlsx:示范点台账!J4 ({header('示范点', 'lon')}): 错误: 应为数字,实际是 `１１３.７８５０`",
        f"book.xlsx:示范点台账!C6 ({header('示范点', 'kind')}): 错误: 取值 `商务楼` 无效",
        "book.xlsx:示范点台账!Z2: 警告: 未知的列“备注”,已忽略",
        f"book.xlsx:路线与站点!F3 ({header('路线与站点', 'point')}): 错误: 没有编号为 `no-such` 的示范点",
    ]:
        assert expected in lines, (expected, lines)
    assert lines[-1] == f"4 个错误,2 个警告;{sites} 未改动"
    assert sites.read_bytes() == (VALID / "sites.yaml").read_bytes()


def test_problems_in_sites_yaml_stop_the_import(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    book = exported(capsys, sites)
    broken = sites.read_text(encoding="utf-8").replace("lat: 23.0205", "lat: 323.0205")
    sites.write_text(broken, encoding="utf-8")
    code, _, err = run(capsys, "import", book, sites)
    assert code == 1 and "有错误,先用 check 修正再导入" in err
    assert sites.read_text(encoding="utf-8") == broken


# --- CSV -----------------------------------------------------------------------------------


def sheet_csv(book: Path, name: str, target: Path, encoding: str) -> None:
    ws = load_workbook(book)[name]
    with target.open("w", encoding=encoding, newline="") as out:
        for row in ws.iter_rows(values_only=True):
            csv.writer(out).writerow(["" if v is None else f"{v.year}/{v.month}/{v.day}" if isinstance(v, dt.datetime) else v for v in row])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_one_sheet_as_csv(encoding, tmp_path, capsys):
    sites = project(tmp_path, VALID)
    book = exported(capsys, sites)
    table = tmp_path / "数据.csv"
    sheet_csv(book, "数据", table, encoding)
    code, _, err = run(capsys, "import", table, sites)
    assert code == 0 and "没有变化" in err, err
    table.write_text(table.read_text(encoding=encoding).replace(",9,", ",12,"), encoding=encoding)
    code, out, err = run(capsys, "import", table, sites)
    assert code == 0, err
    assert "数据更新:党群共建活动 9期(截至 2021-05-31) → 12期(截至 2021-05-31)" in out
    assert changes((VALID / "sites.yaml").read_bytes(), sites).count("\n-") == 1


def test_a_csv_mistake_is_shown_at_its_cell(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    table = tmp_path / "points.csv"
    sheet_csv(exported(capsys, sites), "示范点", table, "gbk")
    text = table.read_text(encoding="gbk").replace("23.0205", "23.0205度")
    table.write_text(text, encoding="gbk")
    code, _, err = run(capsys, "import", table, sites)
    assert code == 1
    assert f"points.csv:I2 ({header('示范点', 'lat')}): 错误: 应为数字,实际是 `23.0205度`" in err.splitlines()


def test_columns_left_out_leave_their_fields(tmp_path, capsys):
    sites = project(tmp_path, VALID)
    table = tmp_path / "坐标.csv"  # not a sheet's name: known by its header row
    ids = ["zhongchuang", "xiaozhen-33", "jinyu-huafu"]
    lats = ["23.0205", "23.0012", "23.0360"]
    lines = [f"{header('示范点', 'id')},{header('示范点', 'lat')}"] + [f"{i},{lat}" for i, lat in zip(ids, lats)]
    table.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    code, out, err = run(capsys, "import", table, sites)
    assert code == 0, err
    changed = changes((VALID / "sites.yaml").read_bytes(), sites).splitlines()[2:]
    assert [line for line in changed if line[:1] in "+-"] == ["-    lat: 23.0350", "+    lat: 23.0360"]
    assert "位置移动约 111 米" in out


# --- LibreOffice ---------------------------------------------------------------------------


def libreoffice(book: Path, out: Path) -> Path:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail("CI must install LibreOffice (Debian libreoffice-calc-nogui): see .ci/run")
        pytest.skip("LibreOffice not installed: apt-get install --no-install-recommends libreoffice-calc-nogui")
    out.mkdir()
    env = dict(os.environ, HOME=str(out))  # its profile, not the user's
    done = subprocess.run([soffice, "--headless", "--norestore", "--convert-to", "xlsx", "--outdir", str(out), str(book)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)
    assert done.returncode == 0 and (out / book.name).is_file(), done.stderr
    return out / book.name


def test_a_workbook_saved_by_libreoffice(tmp_path, capsys):
    sites = project(tmp_path, ROOT)
    book = exported(capsys, sites)
    code, _, err = run(capsys, "import", libreoffice(book, tmp_path / "lo"), sites)
    assert code == 0 and "没有变化" in err, err
    edit(book)
    code, _, err = run(capsys, "import", libreoffice(book, tmp_path / "lo-edited"), sites)
    assert code == 0, err
    assert changes((ROOT / "sites.yaml").read_bytes(), sites) == (GOLDEN / "sample-edited.diff").read_text(encoding="utf-8")

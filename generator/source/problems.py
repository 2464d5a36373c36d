"""Problems found in an editor's files, and how they are shown.

A problem is a message key plus parameters, so it can be shown in Chinese (the default: editors
read Chinese) or English; the text always starts with FILE:LINE:COL so editors and tools can jump
to the spot.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

# key: (Chinese, English). Parameters are filled in with str.format.
MESSAGES: dict[str, tuple[str, str]] = {
    # reading the file
    "not_found": ("找不到文件", "file not found"),
    "is_directory": ("这是一个目录,不是文件", "this is a folder, not a file"),
    "unreadable": ("无法读取文件:{reason}", "cannot read the file: {reason}"),
    "not_utf8": ("文件不是 UTF-8 编码(第 {byte} 字节无法解码)", "file is not UTF-8 (byte {byte} cannot be decoded)"),
    "too_big": ("文件过大({size} 字节,上限 {limit} 字节)", "file too large ({size} bytes, limit {limit})"),
    "empty": ("文件是空的", "the file is empty"),
    "tab": ("缩进里有制表符(Tab)", "tab character in indentation"),
    "forbidden_char": ("含有不允许的不可见字符 {code}", "contains the invisible character {code}, which is not allowed"),
    # text pasted from WeChat, Word, Excel and web pages (source/pasted.py)
    "lookalike_space": ("这里有看不见的{name}({code}),YAML 只认普通空格", "an invisible {name_en} ({code}) here; YAML needs a plain space"),
    "stray_bom": ("这里有看不见的{name},常见于把一个文件粘贴进另一个文件", "an invisible {name_en} ({code}), left by pasting one file into another"),
    "fullwidth_colon": ("冒号是中文全角冒号 `：`,YAML 只认英文冒号 `:`", "the colon is the full-width `：`; YAML needs the ASCII colon `:`"),
    # syntax errors; the parser's own wording is kept only for those not explained here
    "yaml_syntax": ("YAML 格式错误:{detail}", "YAML syntax error: {detail}"),
    "yaml_colon": ("这里不能再有“冒号+空格”", "a colon followed by a space is not allowed here"),
    "yaml_no_colon": ("这一行缺少冒号 `:`", "this line is missing its colon `:`"),
    "yaml_indent": ("缩进没有对齐", "the indentation does not line up"),
    "yaml_quote": ("引号没有闭合", "a quote is never closed"),
    "yaml_flow": ("方括号 `[` 或花括号 `{{` 没有闭合,或其中缺少逗号", "a `[` or `{{` is never closed, or a comma is missing inside it"),
    "yaml_bad_start": ("值不能以这个字符开头", "a value cannot start with this character"),
    "yaml_escape": ("双引号里的反斜杠 `\\` 后面跟了无效的字符", "a backslash `\\` inside double quotes is followed by an invalid character"),
    "yaml_anchor": ("`&` 或 `*` 后面缺少名字", "`&` or `*` is not followed by a name"),
    "second_document": ("文件里只能有一个 YAML 文档,这里的 `---` 开始了第二个", "the file may hold one YAML document; this `---` starts a second"),
    "too_deep": ("嵌套超过 {limit} 层,已拒绝", "nested more than {limit} levels deep; refused"),
    "too_many_values": ("值太多(超过 {limit} 个),已拒绝", "more than {limit} values; refused"),
    "alias_bomb": ("锚点/别名展开后过大(超过 {limit} 个值),已拒绝", "anchors/aliases expand to more than {limit} values; refused"),
    "unknown_alias": ("别名 `*{name}` 没有对应的锚点 `&{name}`", "alias `*{name}` has no anchor `&{name}` before it"),
    "unsupported_tag": ("不支持标签 `{tag}`", "tag `{tag}` is not supported"),
    "merge_key": ("不支持合并键 `<<`", "merge keys `<<` are not supported"),
    "complex_key": ("键必须是普通文字", "keys must be plain text"),
    "duplicate_key": ("重复的键 `{key}`(第一次出现在第 {first} 行)", "duplicate key `{key}` (first at line {first})"),
    "top_not_mapping": ("文件顶层必须是键值对(site、belts、points、routes)", "the top level must be a mapping (site, belts, points, routes)"),
    # fields
    "unknown_field": ("未知字段 `{field}`", "unknown field `{field}`"),
    "missing": ("缺少必填字段 `{field}`", "required field `{field}` is missing"),
    "invalid": ("取值 `{value}` 无效:{detail}", "invalid value `{value}`: {detail}"),
    "duplicate_entries": ("有重复的条目:{values}", "repeated entries: {values}"),
    "enum": ("取值 `{value}` 无效", "invalid value `{value}`"),
    "not_number": ("应为数字,实际是 `{value}`", "expected a number, got `{value}`"),
    "not_integer": ("应为整数,实际是 `{value}`", "expected a whole number, got `{value}`"),
    "not_bool": ("应为 true 或 false,实际是 `{value}`", "expected true or false, got `{value}`"),
    "not_date": ("日期无效:`{value}`", "invalid date: `{value}`"),
    "not_text": ("应为文字", "expected text"),
    "not_list": ("应为列表(每项以 `- ` 开头)", "expected a list (items start with `- `)"),
    "not_mapping": ("应为键值对", "expected a mapping of fields"),
    "empty_value": ("不能为空", "must not be empty"),
    "too_long": ("太长(最多 {max} 个字符)", "too long (at most {max} characters)"),
    "too_few": ("至少需要 {min} 项", "needs at least {min} items"),
    "too_many": ("最多 {max} 项", "at most {max} items"),
    "range": ("数值 {value} 超出范围 {low} ~ {high}", "value {value} is outside {low} to {high}"),
    "min_value": ("数值 {value} 不能小于 {limit}", "value {value} must be at least {limit}"),
    "above_value": ("数值 {value} 必须大于 {limit}", "value {value} must be more than {limit}"),
    "max_value": ("数值 {value} 不能大于 {limit}", "value {value} must be at most {limit}"),
    "below_value": ("数值 {value} 必须小于 {limit}", "value {value} must be less than {limit}"),
    "bad_slug": ("编号 `{value}` 无效", "invalid id `{value}`"),
    "bad_pattern": ("格式不对:`{value}`", "wrong format: `{value}`"),
    # cross-references and domain rules
    "duplicate_id": ("编号 `{id}` 重复(第一次出现在第 {first} 行)", "duplicate id `{id}` (first at line {first})"),
    "unknown_point": ("没有编号为 `{id}` 的示范点", "no point with id `{id}`"),
    "unknown_belt": ("没有编号为 `{id}` 的示范带", "no belt with id `{id}`"),
    "unknown_checklist": ("没有名为 `{id}` 的检查清单", "no checklist `{id}`"),
    "wrong_checklist_target": ("清单 `{id}` 只用于{target_zh},不能用在这里", "checklist `{id}` is for {target}s only, not here"),
    "unknown_item": ("清单 `{checklist}` 中没有条目 `{id}`", "checklist `{checklist}` has no item `{id}`"),
    "region_inverted": ("{low} ({low_value}) 大于 {high} ({high_value})", "{low} ({low_value}) is greater than {high} ({high_value})"),
    "far_outside": ("坐标 ({lat}, {lon}) 在{region}范围外约 {km} 公里", "coordinates ({lat}, {lon}) are about {km} km outside {region}"),
    "photo_missing": ("找不到图片文件 `{path}`", "photo file `{path}` does not exist"),
    "path_outside": ("路径 `{path}` 不在 docs/ 目录内", "path `{path}` is outside the docs/ folder"),
    "stop_repeated": ("第 {n} 站与上一站是同一个示范点 `{id}`", "stop {n} repeats the previous point `{id}`"),
    "few_points": ("示范带只有 {n} 个示范点,标准要求不少于 8 个", "the belt has {n} points; the standard asks for at least 8"),
    "incomplete_checklist": ("“{name}”未完成:{items}", "“{name}” incomplete: {items}"),
    "stale": ("示范点信息已 {days} 天未核实(上次 {date})", "point not verified for {days} days (last {date})"),
    "never_verified": ("示范点没有核实日期", "point has no verification date"),
    "future_date": ("核实日期 {date} 晚于今天,可能写错了", "verification date {date} is in the future; probably a typo"),
    "stop_off_path": ("第 {n} 站 `{id}` 离路线的 path 约 {metres} 米", "stop {n} `{id}` is about {metres} m from the route's path"),
    "orphan_point": ("示范点 `{id}` 不属于任何示范带", "point `{id}` is on no belt"),
    # spreadsheets (`xlsx import`)
    "not_a_book": ("无法读取表格文件:{reason}", "cannot read the spreadsheet: {reason}"),
    "unknown_sheet": ("无法识别的表“{name}”,已忽略", "sheet “{name}” not recognised; ignored"),
    "no_header": ("找不到表头(前 {rows} 行里没有认得的列名)", "no header row (no known column names in the first {rows} rows)"),
    "missing_column": ("缺少“{name}”列", "the column “{name}” is missing"),
    "unknown_column": ("未知的列“{name}”,已忽略", "unknown column “{name}”; ignored"),
    "duplicate_column": ("“{name}”列重复(第一次在 {first} 列),已忽略", "column “{name}” repeated (first in column {first}); ignored"),
    "no_id": ("这一行有内容,但没有编号", "this row has content but no id"),
    "conflict": ("与第 {first} 行的值不一致:`{value}`", "differs from row {first}: `{value}`"),
    "date_serial": ("Excel 日期序号 {value} 已按 {date} 读取", "Excel date serial {value} read as {date}"),
    "unknown_record": ("没有编号为 `{id}` 的{kind}", "no {kind} with id `{id}`"),
    "stop_off_belt": ("示范点 `{id}` 不在本路线所属示范带 `{belt}` 上", "point `{id}` is not on this route's belt `{belt}`"),
    # map files: tilesets and GeoJSON
    "file_missing": ("找不到文件 `{path}`", "file `{path}` does not exist"),
    "tiles_source": ("写 `url` 或 `file` 二者之一", "give either `url` or `file`"),
    "tiles_missing": ("找不到瓦片文件或文件夹 `{path}`", "tile file or folder `{path}` does not exist"),
    "tiles_corrupt": ("瓦片文件 `{path}` 无法读取({reason})", "tile file `{path}` cannot be read ({reason})"),
    "tiles_empty": ("`{path}` 里没有瓦片", "`{path}` holds no tiles"),
    "tiles_flipped": ("`{path}` 的行号按 {order} 顺序读时,没有一块瓦片在 site.regions 内;按 {other} 顺序读才在:行号顺序反了",
                      "read in {order} row order, no tile of `{path}` lies in site.regions; read as {other}, they do: the rows are flipped"),
    "tiles_outside": ("`{path}` 在缩放级别 {zooms} 没有瓦片落在 site.regions 内(瓦片范围:纬度、经度 {extent})",
                      "no tile of `{path}` at zoom {zooms} lies in site.regions (the tiles cover lat, lon {extent})"),
    "tiles_not_image": ("`{path}` 中的瓦片 {tile} 不是 PNG、JPEG 或 WebP 图片", "tile {tile} in `{path}` is not a PNG, JPEG or WebP image"),
    "tiles_mixed": ("`{path}` 中的瓦片格式不一致:有 {a} 也有 {b}(如 {tile})", "`{path}` mixes {a} and {b} tiles (e.g. {tile})"),
    "geojson_syntax": ("不是有效的 JSON:{detail}", "not valid JSON: {detail}"),
    "geojson_not_object": ("应为 JSON 对象 {{…}}", "expected a JSON object {{…}}"),
    "geojson_type": ("type 为 `{value}`,应为 {allowed} 之一", "type is `{value}`; expected one of {allowed}"),
    "geojson_list": ("`{field}` 应为列表 […]", "`{field}` must be a list […]"),
    "geojson_missing": ("缺少 `{field}`", "`{field}` is missing"),
    "geojson_too_few": ("{kind} 至少需要 {min} 个坐标", "a {kind} needs at least {min} positions"),
    "geojson_open_ring": ("多边形的环没有闭合:第一个和最后一个坐标要相同", "the polygon's ring is not closed: its first and last positions must be equal"),
    "geojson_position": ("坐标应为 [经度, 纬度],实际是 `{value}`", "expected a position [longitude, latitude], got `{value}`"),
    "geojson_range": ("坐标 [{lon}, {lat}] 超出范围", "position [{lon}, {lat}] is out of range"),
    "geojson_kind": ("kind `{value}` 无效", "invalid kind `{value}`"),
    # files under docs/ (source/docs.py, svg.py)
    "symlink_outside": ("符号链接 `{path}` 指向 docs/ 以外(`{target}`),网站会把那里的内容发布出去",
                        "symbolic link `{path}` leads outside docs/ (`{target}`); the site would publish what it points to"),
    "svg_unsafe": ("SVG 图片含有 `{what}`:打开图片时会运行脚本或从外部加载", "the SVG holds `{what}`, which runs script or loads from outside when the picture is opened"),
    "svg_invalid": ("SVG 文件无法解析:{detail}", "the SVG cannot be parsed: {detail}"),
}

HINTS: dict[str, tuple[str, str]] = {
    "comma": ("这像是一段文字被英文逗号拆开了:在 {{…}} 或 […] 里,含英文逗号的文字要加引号,或改用中文逗号“,”",
              "this looks like text split by an ASCII comma: inside {{…}} or […], quote text that contains commas"),
    "missing": ("添加 `{field}: …`{doc}", "add `{field}: …`"),
    "duplicate_id": ("每个编号只能用一次:给其中一个换个编号,并改掉引用它的地方", "each id is used once: give one of them a new id, and update what refers to it"),
    "did_you_mean": ("是不是 `{name}`?", "did you mean `{name}`?"),
    "allowed": ("可用的取值:{values}", "allowed values: {values}"),
    "known_ids": ("已有的编号:{ids}", "known ids: {ids}"),
    "tab": ("请用空格缩进,不要用 Tab", "indent with spaces, not tabs"),
    "utf8": ("请用 UTF-8 编码另存文件(记事本:另存为 → 编码选 UTF-8)", "save the file as UTF-8"),
    "swapped": ("纬度和经度似乎写反了:试试 lat: {lon}, lon: {lat}", "latitude and longitude look swapped: try lat: {lon}, lon: {lat}"),
    "slug": ("编号只能用小写英文字母、数字和连字符,如 gulou-01", "ids use lowercase letters, digits and hyphens, e.g. gulou-01"),
    "date": ("日期写成 2021-05-31 这样的格式", "write dates as 2021-05-31"),
    "example": ("格式如 {value}", "for example: {value}"),
    "not_found": ("检查文件名和所在目录", "check the file name and the folder"),
    "indent": ("检查这一行和上一行的缩进(同级对齐,冒号后加空格)", "check the indentation of this line and the one before (siblings aligned, a space after each colon)"),
    "yaml_syntax": ("检查这一行的写法;值里有特殊字符(: # & * ! | > % @ `)时,给整个值加引号", "check how this line is written; put a value with special characters (: # & * ! | > % @ `) in quotes"),
    "yaml_indent": ("同一级的字段要对齐到同一列;列表项 `- ` 也要对齐", "fields of the same level start in the same column, and so do list items `- `"),
    "yaml_colon": ("值里本身有冒号时,给整个值加引号,如 \"备注: 从东门进入\";否则检查这一行和上一行的缩进", "if the value itself has a colon, put the whole value in quotes; otherwise check the indentation of this line and the one before"),
    "yaml_no_colon": ("每一项写成 `字段: 值`,冒号后加一个空格", "write each entry as `field: value`, with a space after the colon"),
    "yaml_quote": ("从这里开始的引号要在同一个值的末尾闭合", "close the quote that starts here at the end of the value"),
    "yaml_flow": ("从这里开始的括号要闭合,各项之间用逗号分隔", "close the bracket that starts here and separate its items with commas"),
    "yaml_bad_start": ("给整个值加引号,如 \"@东城\"", "put the whole value in quotes, e.g. \"@value\""),
    "yaml_escape": ("改用单引号,或把 `\\` 写成 `\\\\`", "use single quotes, or write `\\` as `\\\\`"),
    "yaml_anchor": ("如果这是文字,给整个值加引号", "if this is text, put the whole value in quotes"),
    "forbidden_char": ("删除这个字符(常随 Word、网页复制而来)", "delete the character (it often comes with text copied from Word or a web page)"),
    "second_document": ("删除这一行的 `---`(文件开头的 `---` 可以保留)", "delete this `---` (one at the very top is fine)"),
    "too_deep": ("检查 `[` 和 `{{` 是否成对", "check that every `[` and `{{` is closed"),
    "too_many_values": ("检查是否误粘贴了大量内容", "check for a large accidental paste"),
    "unknown_alias": ("`*名字` 引用前面 `&名字` 标记的内容;如果这是文字,给整个值加引号", "`*name` refers to a value marked `&name` earlier; if this is text, put it in quotes"),
    "unsupported_tag": ("删除 `{tag}`;如果这是文字,给整个值加引号", "remove `{tag}`; if this is text, put the whole value in quotes"),
    "merge_key": ("把需要的字段直接写在这里", "write the fields out here instead"),
    "complex_key": ("字段名只能是文字,不能是列表或 `*别名`", "a field name is text, not a list, mapping or `*alias`"),
    "duplicate_key": ("删除或合并其中一个", "remove or merge one of them"),
    "empty": ("从 sites.yaml 示例复制一份开始", "start from a copy of the sample sites.yaml"),
    "region_inverted": ("{low} 和 {high} 似乎写反了:南边界纬度小于北边界,西边界经度小于东边界", "{low} and {high} look swapped: south is below north, west is left of east"),
    "far": ("检查坐标是否抄错,或 site.regions 是否设置正确", "check the coordinates, or site.regions"),
    "photo": ("把图片放进 docs/ 下的目录,路径相对 docs/ 书写", "put the photo under docs/ and give its path relative to docs/"),
    "few_points": ("继续培育示范点,或忽略此提醒", "add points, or ignore this reminder"),
    "stale": ("核实信息后更新 verified 日期", "check the facts and update `verified`"),
    "path": ("按路线距离要沿 path 计算:检查 path 是否经过这一站,或坐标系是否与 site.crs 一致",
             "distances follow the path: check that it passes this stop and is written in site.crs"),
    "alias": ("不要使用锚点(&)和别名(*)", "don't use anchors (&) and aliases (*)"),
    "sheet_names": ("认得的表名:{names};也可以只保留表头一致的表", "known sheet names: {names}; or keep the header row unchanged"),
    "headers": ("第一行写列名,如 {names}", "the first row holds column names, e.g. {names}"),
    "extra_column": ("这一列不会导入;要保存这些内容,请写进 sites.yaml 已有的字段", "this column is not imported"),
    "conflict": ("同一记录的字段只写在它的第一行(或每行写成一样)", "write a record's fields on its first row only (or the same on every row)"),
    "date_cell": ("把单元格格式设为“日期”,或写成 2021-05-31", "format the cell as a date, or write 2021-05-31"),
    "no_id": ("填上编号;这一行若属于上一条记录,把编号写成与上一行相同", "fill in the id; if the row belongs to the record above, repeat its id"),
    "checklist_items": ("已有的条目:{ids}", "known items: {ids}"),
    "tiles_source": ("内网瓦片服务写 url;随网站发布的 .mbtiles 文件或 XYZ 瓦片文件夹写 file(相对 docs/)",
                     "a tile server goes in `url`; an .mbtiles file or XYZ tile folder published with the site in `file` (relative to docs/)"),
    "tileset": ("把 .mbtiles 文件或 XYZ 瓦片文件夹({{z}}/{{x}}/{{y}}.png)放进 docs/ 下,路径相对 docs/ 书写",
                "put the .mbtiles file or XYZ tile folder ({{z}}/{{x}}/{{y}}.png) under docs/ and give its path relative to docs/"),
    "tiles_corrupt": ("文件可能没有复制完整:重新复制,或重新导出(QGIS:生成 XYZ 瓦片(MBTiles))",
                      "the file may be incomplete: copy it again, or export it again (QGIS: Generate XYZ tiles (MBTiles))"),
    "tiles_flipped": ("在这一层写 `tms: {tms}`,或重新导出:.mbtiles 按 TMS(行号自南向北),XYZ 文件夹按 XYZ(自北向南)",
                      "add `tms: {tms}` to this layer, or export again: .mbtiles rows are TMS (south up), XYZ folders north down"),
    "tiles_outside": ("导出本站区域的瓦片,或检查 site.regions、tiles.crs 和本层的 min_zoom/max_zoom",
                      "export tiles of the site's area, or check site.regions, tiles.crs and this layer's min_zoom/max_zoom"),
    "tiles_image": ("重新导出瓦片,格式选 PNG、JPEG 或 WebP(矢量瓦片 pbf 不支持)",
                    "export the tiles again as PNG, JPEG or WebP (vector pbf tiles are not supported)"),
    "geojson_syntax": ("检查这一行附近的逗号、引号和括号;用 QGIS 等工具导出 GeoJSON 可避免手写错误",
                       "check commas, quotes and brackets near this line; exporting GeoJSON from a tool such as QGIS avoids typing mistakes"),
    "geojson_file": ("把 GeoJSON 文件放进 docs/ 下,路径相对 docs/ 书写,如 maps/orientation.geojson",
                     "put the GeoJSON file under docs/ and give its path relative to docs/, e.g. maps/orientation.geojson"),
    "geojson": ("GeoJSON 的坐标写成 [经度, 纬度](经度在前,RFC 7946)", "GeoJSON positions are [longitude, latitude] (RFC 7946)"),
    "lookalike_space": ("删除它,换成一个普通空格(半角空格)", "replace it by one plain space"),
    "lookalike_indent": ("把这一行行首的空白换成 {width} 个普通空格(半角空格)", "replace this line's indentation by {width} plain spaces"),
    "stray_bom": ("删除这个字符(在编辑器里把光标移到行首按退格键)", "delete the character (put the cursor at the start of the line, press Backspace)"),
    "fullwidth_colon": ("改成英文冒号加一个空格:`{fixed}`", "write an ASCII colon and a space: `{fixed}`"),
    "invisible_in_value": ("第 {at} 个字符是看不见的{name}({code}):删除它,写成 `{fixed}`",
                           "character {at} is an invisible {name_en} ({code}): delete it, write `{fixed}`"),
    "halfwidth": ("数字用了全角字符:改成半角,写成 `{fixed}`", "full-width digits: write `{fixed}`"),
    "thousands": ("数字里不要写千位分隔符:写成 `{fixed}`", "no thousands separators in numbers: write `{fixed}`"),
    "thousands_split": ("逗号把一个数字拆成了两个字段:数字里不要写千位分隔符,写成 `{fixed}`",
                        "a comma split one number into two fields: no thousands separators, write `{fixed}`"),
    "coordinate_pair": ("这是一对坐标:{lon} 是经度,{lat} 是纬度。分成两个字段:`lat: {lat}` 和 `lon: {lon}`",
                        "this is a coordinate pair: {lon} is the longitude, {lat} the latitude. Write two fields: `lat: {lat}` and `lon: {lon}`"),
    "dms": ("这是“度分秒”写法,换算成小数是 `{decimal}`", "degrees, minutes and seconds: as a decimal number, `{decimal}`"),
    "field_label": ("字段名要用英文:`{label}` 写作 `{name}`", "field names are English: write `{label}` as `{name}`"),
    "by_name": ("这里要写编号,不写名称:`{label}` 写作 `{id}`。可用的编号:{ids}", "write the id, not the name: `{label}` is `{id}`. Ids: {ids}"),
    "symlink": ("删除这个链接,把需要的文件复制到 docs/ 里", "delete the link and copy the file you need into docs/"),
    "svg": ("删除 `{what}`(或在 Inkscape 中另存为“优化的 SVG”),或者改用 PNG/JPEG 图片", "remove `{what}` (or save as an optimised SVG), or use a PNG/JPEG picture"),
    "svg_file": ("用绘图软件重新导出这个 SVG,或者改用 PNG/JPEG 图片", "export the SVG again from a drawing program, or use a PNG/JPEG picture"),
}

LANG = {"zh": 0, "en": 1}


@dataclass(frozen=True)
class Problem:
    """One thing wrong (error) or worth a look (warning) in an editor's file."""

    file: str
    line: int
    col: int
    path: str
    key: str
    params: dict = field(default_factory=dict, compare=False)
    hint: str | None = None
    hint_params: dict = field(default_factory=dict, compare=False)
    warning: bool = False
    place: str = ""  # where, when not LINE:COL: a spreadsheet cell such as `示范点!C7 (经度)`

    def location(self) -> str:
        return f"{self.file}:{self.place}" if self.place else f"{self.file}:{self.line}:{self.col}"

    def message(self, lang: str = "zh") -> str:
        return MESSAGES[self.key][LANG[lang]].format(**self.params)

    def hint_text(self, lang: str = "zh") -> str:
        return HINTS[self.hint][LANG[lang]].format(**self.hint_params) if self.hint else ""

    def format(self, lang: str = "zh") -> str:
        """`FILE:LINE:COL: 错误: field: message`, and the hint on an indented line of its own.
        Whatever the file holds, each stays one line that a CI log cannot read as a command."""
        label = ("警告" if lang == "zh" else "warning") if self.warning else ("错误" if lang == "zh" else "error")
        location = one_line(self.location())
        text = f"{'./' if location.startswith(':') else ''}{location}: {label}: "
        text += f"{one_line(self.path)}: " if self.path else ""
        text += one_line(self.message(lang))
        if self.hint:
            text += ("\n    提示:" if lang == "zh" else "\n    hint: ") + one_line(self.hint_text(lang))
        return text

    def summary(self, lang: str = "zh") -> str:
        """The field, the message and the hint on one line, for tools that show the place themselves."""
        body = (f"{self.path}: " if self.path else "") + self.message(lang)
        return body + (" — " + self.hint_text(lang) if self.hint else "")

    def format_github(self, lang: str = "zh") -> str:
        """A GitHub Actions workflow command, shown inline on the pull request."""
        kind = "warning" if self.warning else "error"
        return (
            f"::{kind} file={_gh_prop(self.file)},line={self.line},col={self.col},"
            f"title={_gh_prop(self.path or 'sites.yaml')}::{_gh_data(self.summary(lang))}"
        )

    def as_dict(self, lang: str = "zh") -> dict:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "path": self.path,
            "severity": "warning" if self.warning else "error",
            "code": self.key,
            "message": self.message(lang),
            "hint": self.hint_text(lang),
        }


# Characters that end a line somewhere (a terminal, a CI log viewer), move the cursor, colour
# text or turn its direction; and `##[`, which GitHub's runner reads as a command anywhere in a
# line. (A line starting with `::` is a command too: ours start with the file name.)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|##\\[")
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "##[": "#\\x23["}


def one_line(text: str) -> str:
    """Text from an editor's file as it may appear in a report line: such characters escaped
    (`\\n`, `\\u2028`), so it stays one line, shows as written and starts no CI command."""
    return _UNSAFE.sub(lambda m: _ESCAPES.get(m.group(0)) or f"\\u{ord(m.group(0)):04x}", str(text))


def _gh_data(text: str) -> str:
    # GitHub's own escapes for line breaks keep a multi-line message in one command line.
    return one_line(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _gh_prop(text: str) -> str:
    return _gh_data(text).replace(":", "%3A").replace(",", "%2C")


def format_gitlab(problems: list[Problem], lang: str = "zh") -> str:
    """A GitLab code-quality report (a JSON list), shown on the merge request."""
    import hashlib

    report = []
    for p in problems:
        report.append(
            {
                "description": one_line(p.summary(lang)),
                "check_name": p.key,
                "fingerprint": hashlib.sha256(p.format(lang).encode()).hexdigest()[:32],
                "severity": "minor" if p.warning else "major",
                "location": {"path": one_line(p.file), "lines": {"begin": p.line}},
            }
        )
    return json.dumps(report, ensure_ascii=False, indent=2)


class ProjectError(Exception):
    """Raised when sites.yaml has errors; carries every problem found."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(p.format() for p in problems))

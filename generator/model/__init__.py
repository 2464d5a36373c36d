"""The model of sites.yaml, declared once.

Every class and field carries a docstring: pydantic turns it into the field's description, which
feeds the JSON Schema (editor autocompletion) and the field reference page. Docstrings are in
Chinese because editors read them; the first clause of each is its short label (its title).
Examples (`examples=`), limits, the words for each text format (`patternErrorMessage`), the
labels of fixed choices and the shorthands editors may write are declared here too: the schema,
the field reference, `new` scaffolds, messages and templates all read them from here.
"""

from __future__ import annotations

import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
)
from pydantic_core import PydanticCustomError


def _format(pattern: str, words: str, example: str) -> Any:
    """A text format: its regex, what it means in words (editors' VS Code shows them when a value
    does not match; the field reference lists them) and an example."""
    return Field(pattern=pattern, examples=[example], json_schema_extra={"patternErrorMessage": words})


SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
SLUG_RULE = "只能用小写英文字母、数字和连字符"
"""What an id may hold, in words; messages say it with an example."""
SLUG_EXAMPLE = "gulou-01"
Slug = Annotated[str, Field(min_length=1, max_length=64),
                 _format(SLUG, f"编号{SLUG_RULE}(-),不能以连字符开头或结尾,如 {SLUG_EXAMPLE}", SLUG_EXAMPLE)]
Text = Annotated[str, Field(min_length=1, max_length=200)]
LongText = Annotated[str, Field(max_length=20000)]


class Strict(BaseModel):
    model_config = ConfigDict(
        extra="forbid", use_attribute_docstrings=True, frozen=True, str_strip_whitespace=True
    )


class LabelledEnum(str, Enum):
    """An enum whose members have a Chinese label; editors may write either the code or the label."""

    label: str

    def __new__(cls, code: str, label: str):
        member = str.__new__(cls, code)
        member._value_ = code
        member.label = label
        return member

    @classmethod
    def _missing_(cls, value: Any):
        for member in cls:
            if value == member.label:
                return member
        return None


class PointKind(LabelledEnum):
    office_tower = ("office_tower", "商务楼宇")
    park = ("park", "科创/文创园区")
    residential = ("residential", "住宅小区")
    business_district = ("business_district", "商圈")
    community = ("community", "社区")
    company = ("company", "非公企业")
    social_org = ("social_org", "社会组织")
    industry_chain = ("industry_chain", "产业链")
    village = ("village", "村")
    institution = ("institution", "机关事业单位")
    other = ("other", "其他")


class Level(LabelledEnum):
    city = ("city", "市级")
    county = ("county", "县(区)级")


class Status(LabelledEnum):
    cultivating = ("cultivating", "培育点")
    demonstration = ("demonstration", "示范点")


class OrgKind(LabelledEnum):
    committee = ("committee", "党委")
    general_branch = ("general_branch", "党总支")
    branch = ("branch", "党支部")
    joint_branch = ("joint_branch", "联合党支部")


class TravelMode(LabelledEnum):
    walk = ("walk", "步行")
    bike = ("bike", "骑行")
    bus = ("bus", "大巴")
    car = ("car", "驾车")


class CRS(LabelledEnum):
    wgs84 = ("wgs84", "WGS-84(GPS、OpenStreetMap)")
    gcj02 = ("gcj02", "GCJ-02(高德、腾讯地图)")
    bd09 = ("bd09", "BD-09(百度地图)")


class FeatureKind(LabelledEnum):
    road = ("road", "道路")
    river = ("river", "河流")
    water = ("water", "水面")
    metro = ("metro", "地铁")
    park = ("park", "公园")
    square = ("square", "广场")
    landmark = ("landmark", "地标")


class ItemState(LabelledEnum):
    met = ("met", "达标")
    unmet = ("unmet", "未达标")
    na = ("na", "不适用")


RECORDS = {"belt": "示范带", "point": "示范点", "route": "路线"}
"""The three kinds of record, by the name their ids, paths and commands use, with their word."""


class Target(LabelledEnum):
    """What a checklist applies to: a belt or a point."""

    belt = ("belt", RECORDS["belt"])
    point = ("point", RECORDS["point"])


def _year_month(value: Any) -> Any:
    """Accept 2018, 2018-10 or 2018-10-01 and keep the precision the editor wrote."""
    if isinstance(value, (dt.date, int)):
        return str(value)
    return value


YearMonth = Annotated[
    str,
    _format(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$",
            "写年、年-月或年-月-日,如 2018、2018-10、2018-10-01", "2018-10"),
    BeforeValidator(_year_month),
]
Color = Annotated[str, _format(r"^#[0-9a-fA-F]{6}$", "颜色格式:# 加 6 位十六进制数字,如 #c8102e", "#c8102e")]


def shorthand(field: str, written_as: Any) -> BeforeValidator:
    """A record an editor may write as just one of its fields (a stop as its point id, a
    checklist result as its state); the schema offers both forms."""

    def expand(value: Any) -> Any:
        return {field: value} if isinstance(value, str) else value

    return BeforeValidator(expand, json_schema_input_type=written_as)


def _unique(values: list) -> list:
    try:  # one pass over a set, not every entry compared with all before it (a belt may list 1,000 points)
        firsts: set = set()
        seen = [v for v in values if v in firsts or firsts.add(v)]
    except TypeError:  # entries that cannot be hashed
        seen = [v for i, v in enumerate(values) if v in values[:i]]
    if seen:
        raise PydanticCustomError("duplicate_entries", "repeated entries: {values}",
                                  {"values": ", ".join(map(str, dict.fromkeys(seen)))})
    return values


# --- site settings -------------------------------------------------------------------------


class Region(Strict):
    """本站所在区域,用于发现明显填错的坐标。"""

    name: Text = Field(examples=["福州市"])
    """区域名称,如“福州市”。"""
    south: float = Field(ge=-90, le=90, examples=[25.9])
    """区域南边界纬度。"""
    west: float = Field(ge=-180, le=180, examples=[119.1])
    """区域西边界经度。"""
    north: float = Field(ge=-90, le=90, examples=[26.3])
    """区域北边界纬度。"""
    east: float = Field(ge=-180, le=180, examples=[119.5])
    """区域东边界经度。"""


def _tile_crs(value: "CRS") -> "CRS":
    if value == CRS.bd09:
        raise ValueError("百度(bd09)瓦片的切片方式与 Leaflet 不同,无法对齐;底图请用 wgs84 或 gcj02")
    return value


def _tile_url(value: str) -> str:
    """A tile address: the intranet server's (http, https, //), a path on this site's server (/…),
    or a path inside the built site (no leading slash: it works under any sub-path)."""
    if not all(part in value for part in ("{z}", "{x}")) or not ("{y}" in value or "{-y}" in value):
        raise ValueError("瓦片地址要含 {z}、{x} 和 {y},如 https://tiles.example.gov.cn/{z}/{x}/{y}.png")
    if re.match(r"^[a-zA-Z][\w+.-]*:", value) and not re.match(r"^https?://", value):
        raise ValueError("瓦片地址只能以 http://、https://、// 或 / 开头,或写站内的相对路径(如 tiles/{z}/{x}/{y}.png)")
    if "\\" in value or "../" in value or re.search(r"\s", value):
        raise ValueError("瓦片地址不能含空格、反斜杠或 ../")
    return value


def _subdomains(value: Any) -> Any:
    """Leaflet's shorthand: "01234567" stands for eight one-character subdomains."""
    return list(value) if isinstance(value, str) else value


Subdomain = Annotated[str, _format(r"^[A-Za-z0-9-]{1,20}$", "英文字母、数字和连字符,最多 20 个", "t0")]


class TileLayer(Strict):
    """一层瓦片:底图或叠加在底图上的注记层。url 和 file 二选一。"""

    url: Annotated[str, Field(max_length=500), AfterValidator(_tile_url)] | None = Field(None, examples=["/tiles/{z}/{x}/{y}.png"])
    """瓦片地址模板,含 {z}/{x}/{y};可含 {s}(子域名,见 subdomains)和 tk= 等参数。内网服务写完整地址(https://…);放在本站里的瓦片写相对路径(tiles/{z}/{x}/{y}.png)。"""
    file: str | None = Field(None, max_length=300, examples=["basemap/fuzhou.mbtiles"])
    """站内发布的瓦片文件:docs/ 下的 .mbtiles 文件或 XYZ 瓦片文件夹(如 basemap/fuzhou.mbtiles);生成时只发布各区域(加 margin_km)内的瓦片。"""
    tms: bool | None = None
    """瓦片行号是否为 TMS 顺序(自下而上)。不填时:.mbtiles 为 TMS(标准规定),文件夹和 url 为 XYZ。"""
    subdomains: Annotated[list[Subdomain], Field(max_length=16, examples=["01234567"]), BeforeValidator(_subdomains)] = []
    """子域名:url 中的 {s} 依次替换成它们,如天地图的 01234567(每个字符一个),也可写成列表 [t0, t1]。"""
    attribution: str = Field("", max_length=200, examples=["天地图注记"])
    """本层的版权说明,以纯文字显示在地图右下角。国内地图服务须含审图号。"""
    min_zoom: int = Field(0, ge=0, le=22)
    """本层显示的最小缩放级别。"""
    max_zoom: int = Field(18, ge=1, le=22)
    """本层的最大缩放级别;file 瓦片只发布到这一级(再放大时拉伸显示)。"""


class Tiles(TileLayer):
    """地图底图(瓦片)。可用内网瓦片服务(url),或随网站发布的 .mbtiles 文件、XYZ 瓦片文件夹(file);overlays 叠加注记层(如天地图 cva_w)。不填则地图不加载底图。"""

    attribution: Text = Field(examples=["© 市测绘地理信息局"])
    """底图版权说明,以纯文字显示在地图右下角(不能含链接)。国内地图服务须含审图号,如“天地图 审图号:GS(20xx)xxxx号”。"""
    crs: Annotated[CRS, AfterValidator(_tile_crs)] = CRS.wgs84
    """底图及注记层使用的坐标系:天地图、OpenStreetMap 为 wgs84,高德/腾讯瓦片为 gcj02(百度瓦片的切片方式不同,不支持)。"""
    overlays: Annotated[list[TileLayer], Field(max_length=4)] = []
    """叠加在底图上的瓦片层,如天地图的注记层 cva_w;写法同底图。"""
    margin_km: float = Field(2.0, ge=0, le=50)
    """file 瓦片发布的范围:site.regions 各区域再向外扩展的公里数。"""


class Landmark(Strict):
    """一个地标:地铁站出口、广场等,帮助参观者在没有底图的地图上辨认方位。"""

    name: Text = Field(examples=["地铁东街口站"])
    """地标名称,如“东街口地铁站 A 口”。"""
    lat: float = Field(ge=-90, le=90, examples=[26.0868])
    """纬度(坐标系同 site.orientation.crs)。"""
    lon: float = Field(ge=-180, le=180, examples=[119.298])
    """经度。"""
    kind: FeatureKind = FeatureKind.landmark
    """类型:metro(地铁站、出口)、square(广场)、park(公园)、landmark(其他)等。"""


class Orientation(Strict):
    """方位参照层:主要道路、河流、地铁线、公园和地标,以淡色画在路线下面,没有底图时帮助辨认方位。"""

    file: str | None = Field(None, max_length=300, examples=["maps/orientation.geojson"])
    """GeoJSON 文件(相对 docs/ 目录)。每个要素的 properties 写 name(名称)和 kind(道路 road、河流 river、水面 water、地铁 metro、公园 park、广场 square、地标 landmark)。不要放行政区界线(发布须审图)。"""
    crs: CRS = CRS.wgs84
    """坐标系:file 和 landmarks 的坐标所用的坐标系。GeoJSON 标准为 wgs84;从高德/腾讯描的写 gcj02。"""
    landmarks: list[Landmark] = []
    """直接写在这里的地标。"""
    attribution: str = Field("", max_length=200, examples=["道路为示意"])
    """来源说明,以纯文字显示在地图右下角,如“道路为示意”。"""


class ChecklistItem(Strict):
    """检查清单中的一项。"""

    id: Slug = Field(examples=["flag"])
    """条目编号(英文小写、数字和连字符)。"""
    name: Text = Field(examples=["有党旗"])
    """条目名称,如“有党旗”。"""


class Checklist(Strict):
    """一份检查清单(如“五个一”“五个基本”“六有”)。"""

    name: Text = Field(examples=["六有"])
    """清单名称。"""
    applies_to: Target
    """适用对象:belt(示范带)或 point(示范点)。"""
    items: Annotated[list[ChecklistItem], Field(min_length=1)]
    """清单条目。"""


def _item(id_: str, name: str) -> ChecklistItem:
    return ChecklistItem(id=id_, name=name)


DEFAULT_CHECKLISTS: dict[str, Checklist] = {
    "five-ones": Checklist(
        name="五个一",
        applies_to="belt",
        items=[
            _item("route", "一条线路"),
            _item("logo", "一个红色标识"),
            _item("centre", "一个区域性党群活动服务中心"),
            _item("square", "一个红色文化广场"),
            _item("corridor", "一条党建长廊"),
        ],
    ),
    "five-basics": Checklist(
        name="五个基本",
        applies_to="point",
        items=[
            _item("organisation", "基本组织"),
            _item("team", "基本队伍"),
            _item("rules", "基本制度"),
            _item("activities", "基本活动"),
            _item("support", "基本保障"),
        ],
    ),
    "six-haves": Checklist(
        name="六有",
        applies_to="point",
        items=[
            _item("venue", "有场所"),
            _item("facilities", "有设施"),
            _item("sign", "有标志"),
            _item("flag", "有党旗"),
            _item("books", "有书报"),
            _item("rules", "有制度"),
        ],
    ),
}


class Speeds(Strict):
    """各出行方式的平均速度(公里/小时),用于估算路段用时。"""

    walk: float = Field(4.5, gt=0, le=200)
    """步行速度。"""
    bike: float = Field(12.0, gt=0, le=200)
    """骑行速度。"""
    bus: float = Field(20.0, gt=0, le=200)
    """大巴速度(城区含停靠)。"""
    car: float = Field(25.0, gt=0, le=200)
    """驾车速度(城区)。"""


class Site(Strict):
    """全站设置。"""

    title: Text = Field(examples=["鼓楼区党建示范带"])
    """网站标题。"""
    description: LongText = Field("", examples=["鼓楼区坚持“连点成线、连线成带”,打造楼宇党建示范带。"])
    """首页上的简介(Markdown)。"""
    regions: Annotated[list[Region], Field(min_length=1)]
    """本站所在区域(可有多个,如两个城市)。坐标离所有区域都很远时会报错。"""
    language: Literal["zh", "en"] = "zh"
    """界面语言:zh 或 en。"""
    crs: CRS = CRS.gcj02
    """本文件中坐标的坐标系(可在单个示范点上覆盖):从高德/腾讯复制为 gcj02,百度为 bd09,GPS 为 wgs84。"""
    tiles: Tiles | None = None
    """底图:内网瓦片服务或随网站发布的瓦片文件;不填(或写 null)则地图不加载任何底图。"""
    orientation: Orientation | None = None
    """方位参照层(道路、河流、地铁、地标),无底图时地图靠它辨认方位。"""
    outline: str | None = Field(None, max_length=300, examples=["maps/gulou.geojson"])
    """可选:区域轮廓 GeoJSON 文件(相对 docs/ 目录,按 GeoJSON 标准为 WGS-84 坐标),无底图时帮助定位。"""
    speeds: Speeds = Speeds()
    """各出行方式的速度。"""
    checklists: dict[Slug, Checklist] = Field(default_factory=lambda: dict(DEFAULT_CHECKLISTS))
    """检查清单定义;不填则使用默认的“五个一”“五个基本”“六有”。"""


# --- records shared by belts and points ----------------------------------------------------


class Evidence(Strict):
    """清单条目的达标情况及佐证。"""

    state: ItemState
    """达标情况:met(达标)、unmet(未达标)或 na(不适用)。"""
    note: LongText = Field("", examples=["一楼大厅设有党建长廊"])
    """佐证说明。"""
    photo: str | None = Field(None, max_length=300, examples=["photos/gulou-corridor.jpg"])
    """佐证照片(相对 docs/ 目录)。"""


ItemResult = Annotated[Evidence, shorthand("state", Evidence | ItemState)]
ChecklistResults = dict[Slug, dict[Slug, ItemResult]]


class Figure(Strict):
    """一项带日期的数据,如“开展联建活动 9 次(截至 2021-05-31)”。"""

    name: Text = Field(examples=["联建活动"])
    """数据名称,如“联建活动”。"""
    value: float = Field(ge=0, examples=[9])
    """数值。"""
    unit: str = Field(min_length=1, max_length=20, examples=["次"])
    """单位,如“次”“人”“家”。只有单位相同的数据才会被合计。"""
    as_of: dt.date = Field(examples=["2021-05-31"])
    """统计截止日期,如 2021-05-31。"""
    approx: bool = False
    """数值是否为约数(显示为“3000余”)。"""


class Photo(Strict):
    """一张照片。"""

    src: str = Field(min_length=1, max_length=300, examples=["photos/gulou-01.jpg"])
    """图片文件,相对 docs/ 目录,如 photos/gulou-01.jpg。"""
    caption: Text = Field(examples=["党群服务中心外景"])
    """图片说明。"""
    credit: str = Field("", max_length=100, examples=["鼓楼区委组织部"])
    """摄影或来源。"""


class Organisation(Strict):
    """运行示范点的党组织。"""

    name: Text = Field(examples=["金融街楼宇党委"])
    """党组织名称。"""
    kind: OrgKind
    """党组织类型:committee(党委)、general_branch(党总支)、branch(党支部)、joint_branch(联合党支部)。"""
    founded: YearMonth | None = None
    """成立时间,可写年、年-月或年-月-日。"""
    members: int | None = Field(None, ge=0, le=1_000_000, examples=[120])
    """党员人数。"""


class StatusChange(Strict):
    """一次状态变化(如认定为示范点)。"""

    status: Status
    """新的状态。"""
    date: YearMonth = Field(examples=["2022-06"])
    """日期。"""


# --- the three kinds of record -------------------------------------------------------------

AUDIO_SUFFIXES = (".mp3", ".m4a", ".aac", ".ogg", ".opus", ".wav")
"""The audio formats a point's `audio` may have (the docstring of `Point.audio` lists them too)."""
AUDIO_MAX_MB = 10
"""The largest audio file, in MB: a visitor on a weak signal downloads it, and saving a route
offline stores it on the phone."""

MIN_POINTS = 8
"""Each belt should have at least this many points (“每条示范带确立和培育不少于8个市县两级示范点”)."""


class Belt(Strict):
    """一条示范带:一组按顺序相连的示范点。"""

    id: Slug = Field(examples=["gulou-louyu"])
    """编号,用于网址,如 gulou-louyu。"""
    name: Text = Field(examples=["鼓楼区楼宇党建示范带"])
    """名称,如“鼓楼区楼宇党建示范带”。"""
    district: Text = Field(examples=["鼓楼区"])
    """所在县(市)区。"""
    brand: str = Field("", max_length=200, examples=["楼宇红色引擎"])
    """品牌定位。"""
    color: Color = "#c8102e"
    """地图上的颜色(#RRGGBB)。"""
    summary: LongText = Field("", examples=["串联辖区 8 栋重点商务楼宇的党群服务阵地。"])
    """简介(纯文本)。"""
    highlights: list[Text] = Field([], examples=[["楼宇党建联盟,资源共享"]])
    """特色亮点,每条一句。"""
    points: Annotated[list[Slug], AfterValidator(_unique)] = Field(min_length=1, examples=[["gulou-01", "gulou-02"]])
    """示范点编号,按示范带顺序排列。"""
    start_year: int | None = Field(None, ge=1990, le=2100, examples=[2021])
    """创建起始年份,用于显示“一年打基础、二年创品牌、三年全覆盖”进度。"""
    checklists: ChecklistResults = Field({}, examples=[{"five-ones": {"route": "met", "logo": "unmet"}}])
    """检查清单结果,如 five-ones: {route: met, logo: unmet}。"""


class Point(Strict):
    """一个示范点。"""

    id: Slug = Field(examples=["gulou-01"])
    """编号,用于网址,如 gulou-01。"""
    name: Text = Field(examples=["金融街楼宇党群服务中心"])
    """名称。"""
    kind: PointKind
    """类型:office_tower 商务楼宇、park 园区、residential 住宅小区、business_district 商圈、community 社区、company 非公企业、social_org 社会组织、industry_chain 产业链、village 村、institution 机关事业单位、other 其他。"""
    level: Level
    """级别:city(市级)或 county(县(区)级)。"""
    status: Status = Status.demonstration
    """当前状态:cultivating(培育点)或 demonstration(示范点)。"""
    status_history: list[StatusChange] = []
    """状态变化记录,按时间顺序。"""
    district: Text = Field(examples=["鼓楼区"])
    """所在县(市)区。"""
    street: str = Field("", max_length=100, examples=["东街街道"])
    """所在街道(乡镇)。"""
    address: Text = Field(examples=["福州市鼓楼区东街 88 号"])
    """详细地址。"""
    lat: float = Field(ge=-90, le=90, examples=[26.0856])
    """纬度(如福州约 26.08)。"""
    lon: float = Field(ge=-180, le=180, examples=[119.2965])
    """经度(如福州约 119.30)。"""
    crs: CRS | None = None
    """本点坐标的坐标系;不填则用全站设置。"""
    organisation: Organisation | None = None
    """党组织信息。"""
    model: str = Field("", max_length=200, examples=["“3×3”党建模式"])
    """工作模式,如“3×3”党建模式。"""
    summary: str = Field("", max_length=1000, examples=["服务楼宇企业和党员群众的“红色驿站”。"])
    """简介:一两句话(纯文本),用于列表、二维码标牌。"""
    highlights: list[Text] = Field([], examples=[["党员先锋岗"]])
    """特色亮点:参观时看什么。"""
    services: list[Text] = Field([], examples=[["党员活动室", "图书室"]])
    """服务与功能室,如“党员活动室”“图书室”。"""
    open_hours: str = Field("", max_length=100, examples=["周一至周五 9:00-17:30"])
    """开放时间,如“周一至周五 9:00-17:30”。"""
    contact: str = Field("", max_length=100, examples=["0591-12345678"])
    """联系方式(电话等)。"""
    figures: list[Figure] = []
    """带日期的数据。"""
    honours: list[Text] = Field([], examples=[["省级党建工作示范点"]])
    """荣誉。"""
    checklists: ChecklistResults = Field({}, examples=[{"six-haves": {"venue": "met", "flag": "met"}}])
    """检查清单结果,如 six-haves: {venue: met, flag: met}。"""
    photos: list[Photo] = []
    """照片。"""
    audio: str | None = Field(None, max_length=300, examples=["audio/gulou-01.mp3"])
    """语音讲解。

    音频文件,相对 docs/ 目录,如 audio/gulou-01.mp3。本点页面上显示播放器(参观者点了才下载),“离线保存本路线”时一并保存。格式:.mp3、.m4a、.aac、.ogg、.opus 或 .wav(.mp3 各种手机都能播放);
    不超过 10 MB(单声道 64 kbps 的 MP3 每分钟约 0.5 MB)。"""
    story: LongText = Field("", examples=["2018 年成立楼宇党委,组建楼宇党建联盟。"])
    """详细介绍(Markdown)。"""
    tags: Annotated[list[Annotated[str, Field(min_length=1, max_length=30)]], AfterValidator(_unique)] = Field(
        [], examples=[["楼宇党建"]])
    """标签。"""
    verified: dt.date | None = Field(None, examples=["2025-01-10"])
    """信息最近一次核实的日期;超过一年未核实会提醒。"""


class Stop(Strict):
    """路线上的一站。可以只写示范点编号。"""

    point: Slug
    """示范点编号。"""
    dwell: int = Field(20, ge=0, le=600)
    """停留时间(分钟)。"""
    note: str = Field("", max_length=500, examples=["从东门进入"])
    """本站提示,如“从东门进入”。"""
    directions: str = Field("", max_length=300, examples=["出门右转,沿五四路向北走到第二个路口"])
    """去下一站怎么走。

    从本站到下一站的走法,写参观者在现场看得到的路名和地标;显示在本站页面的“下一站”下面和行程单里。
    终点站不用写。"""


class Route(Strict):
    """一条参观路线:按顺序经过若干示范点。"""

    id: Slug = Field(examples=["gulou-walk"])
    """编号,用于网址,如 gulou-walk。"""
    name: Text = Field(examples=["鼓楼楼宇半日步行线"])
    """名称,如“鼓楼楼宇半日步行线”。"""
    belt: Slug = Field(examples=["gulou-louyu"])
    """所属示范带编号。"""
    mode: TravelMode = TravelMode.walk
    """出行方式:walk(步行)、bike(骑行)、bus(大巴)、car(驾车)。"""
    summary: str = Field("", max_length=1000, examples=["步行约两小时,参观 4 个楼宇党群服务中心。"])
    """简介。"""
    stops: list[Annotated[Stop, shorthand("point", Stop | Slug)]] = Field(min_length=2, examples=[["gulou-01", "gulou-02"]])
    """各站,按参观顺序。"""
    path: list[Annotated[list[float], Field(min_length=2, max_length=2)]] | None = Field(
        None, examples=[[[26.0856, 119.2965], [26.0861, 119.2990]]])
    """可选:实际行走路径 [[纬度, 经度], …](使用全站设置 site.crs 的坐标系);给出时按路径计算距离。"""


class Project(Strict):
    """sites.yaml 的全部内容。"""

    site: Site
    """全站设置。"""
    belts: list[Belt] = []
    """示范带。"""
    points: list[Point] = []
    """示范点。"""
    routes: list[Route] = []
    """参观路线。"""

    _index: dict[str, dict] = PrivateAttr(default_factory=dict)

    def model_post_init(self, _context: Any) -> None:
        # Lookups by id run for every page; build the indexes once.
        belts_of: dict[str, list[Belt]] = {}
        routes_of: dict[str, list[Route]] = {}
        for belt in self.belts:
            for pid in belt.points:
                belts_of.setdefault(pid, []).append(belt)
        for route in self.routes:
            for pid in dict.fromkeys(s.point for s in route.stops):
                routes_of.setdefault(pid, []).append(route)
        self._index.update(
            points={p.id: p for p in self.points},
            belts={b.id: b for b in self.belts},
            routes={r.id: r for r in self.routes},
            belts_of=belts_of,
            routes_of=routes_of,
        )

    def _indexed(self, name: str) -> dict:
        # Not `self._index`: pydantic reads a private attribute through `__getattr__`, 5 µs a
        # time, and a 3,000-point build looks up ids some hundred thousand times.
        return self.__pydantic_private__["_index"][name]

    def point(self, point_id: str) -> Point:
        return self._indexed("points")[point_id]

    def belt(self, belt_id: str) -> Belt:
        return self._indexed("belts")[belt_id]

    def route(self, route_id: str) -> Route:
        return self._indexed("routes")[route_id]

    def belts_of(self, point_id: str) -> list[Belt]:
        return self._indexed("belts_of").get(point_id, [])

    def routes_of(self, point_id: str) -> list[Route]:
        return self._indexed("routes_of").get(point_id, [])

    def routes_of_belt(self, belt_id: str) -> list[Route]:
        return [r for r in self.routes if r.belt == belt_id]

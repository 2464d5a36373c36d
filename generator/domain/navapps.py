""""Open in a navigation app": links a visitor taps to hand the next leg to 高德, 百度 or 腾讯地图.

Each app reads coordinates in its own system — GCJ-02 for Amap and Tencent, BD-09 for Baidu —
so the point is converted from its own `crs` first. The links use the apps' URI schemes: tapped,
the phone opens the app; nothing is loaded by the page (they are `<a href>` only).
"""

from __future__ import annotations

from urllib.parse import quote, urlencode

from ..model import Point, Site, TravelMode
from .geo import convert

# Each app's word for the way of travel; a tour bus or car is driven.
_AMAP_T = {TravelMode.walk: 2, TravelMode.bike: 3, TravelMode.bus: 0, TravelMode.car: 0}
_BAIDU_MODE = {TravelMode.walk: "walking", TravelMode.bike: "riding", TravelMode.bus: "driving", TravelMode.car: "driving"}
_QQ_TYPE = {TravelMode.walk: "walk", TravelMode.bike: "bike", TravelMode.bus: "drive", TravelMode.car: "drive"}
SOURCE = "showcase"
"""Who is asking, as the apps want it (sourceApplication / src / referer)."""


def links(site: Site, point: Point, mode: TravelMode) -> list[tuple[str, str]]:
    """(app name, URI) for directions to `point`, in the order the apps are shown."""
    crs = point.crs or site.crs
    gcj = [round(c, 6) for c in convert(point.lat, point.lon, crs, "gcj02")]
    bd = [round(c, 6) for c in convert(point.lat, point.lon, crs, "bd09")]
    amap = {"sourceApplication": SOURCE, "dlat": gcj[0], "dlon": gcj[1], "dname": point.name, "dev": 0,
            "t": _AMAP_T[mode]}
    baidu = {"destination": f"latlng:{bd[0]},{bd[1]}|name:{point.name}", "coord_type": "bd09ll",
             "mode": _BAIDU_MODE[mode], "src": SOURCE}
    qq = {"type": _QQ_TYPE[mode], "to": point.name, "tocoord": f"{gcj[0]},{gcj[1]}", "referer": SOURCE}
    return [
        ("高德地图", "amapuri://route/plan/?" + _query(amap)),
        ("百度地图", "baidumap://map/direction?" + _query(baidu)),
        ("腾讯地图", "qqmap://map/routeplan?" + _query(qq)),
    ]


def _query(values: dict) -> str:
    # Every character an editor could put in a name is percent-encoded, `|` and `:` included.
    return urlencode(values, quote_via=quote, safe=",")

"""Datasets for the benchmark, in the shapes real belts take. Every point has every field filled,
as in the sample `sites.yaml`; the shape decides belt sizes, story length and routes.

    small-belts    belts of 8–12 points, one walking route per belt, stories of ~150 characters
    large-belts    belts of 30–50 points, one walking route per belt
    long-stories   belts of 8–12 points, stories of 200–800 characters
    many-routes    three routes per belt: the walk, a bus tour, a half-day selection
    shared-stops   routes that run across two neighbouring belts, so most points are on several routes
"""

from __future__ import annotations

import json
import random

SHAPES = ("small-belts", "large-belts", "long-stories", "many-routes", "shared-stops")
KINDS = ["office_tower", "park", "residential", "business_district", "community", "company", "social_org"]
DISTRICTS = ["鼓楼区", "台江区", "仓山区", "晋安区", "马尾区", "长乐区"]
SENTENCES = [
    "街道党工委牵头成立区域化党建联盟,把辖区内的机关、企业、社会组织党组织联结起来。",
    "中心实行阵地共用、活动共办、资源共享,党员就近就能过组织生活。",
    "每月举办一次“主题党日”,邀请驻区单位党员和居民群众共同参加。",
    "依托党群服务中心开设“四点半课堂”,为双职工家庭解决孩子放学后的看护难题。",
    "组建党员志愿服务队,常态化开展政策宣讲、矛盾调解和便民服务。",
    "建立“红色物业”机制,推动小区党支部、业委会和物业公司协同议事。",
]
FILE_PHOTO = "photos/bench.svg"


def dataset(n: int, shape: str = "small-belts", seed: int = 1) -> dict:
    """n points in the given shape, around Fuzhou."""
    rng = random.Random(seed)
    sizes = (30, 50) if shape == "large-belts" else (8, 12)
    story = (200, 800) if shape == "long-stories" else (120, 180)
    points, belts = [], []
    while len(points) < n:
        size = min(rng.randint(*sizes), n - len(points))
        district = rng.choice(DISTRICTS)
        lat, lon = 26.0 + rng.random() * 0.15, 119.2 + rng.random() * 0.2
        ids = []
        for _ in range(size):
            lat, lon = lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.004, 0.004)
            points.append(_point(rng, len(points) + 1, district, lat, lon, story))
            ids.append(points[-1]["id"])
        b = len(belts) + 1
        belts.append({"id": f"belt-{b:04d}", "name": f"{district}第{b}条示范带", "district": district, "points": ids,
                      "brand": "红色驿站 · 楼宇联盟", "color": f"#{rng.randint(0, 0xFFFFFF):06x}",
                      "summary": "连点成线、连线成带,以党建引领基层治理。", "highlights": ["区域化党建联盟", "党建长廊"],
                      "start_year": 2019,
                      "checklists": {"five-ones": {"route": "met", "logo": "met", "centre": "met", "square": "unmet", "corridor": "met"}}})
    return {"site": {"title": "基准测试", "regions": [{"name": "福州市", "south": 25.8, "west": 119.0, "north": 26.4, "east": 119.6}]},
            "belts": belts, "points": points, "routes": _routes(belts, shape)}


def _point(rng: random.Random, i: int, district: str, lat: float, lon: float, story: tuple[int, int]) -> dict:
    return {
        "id": f"p-{i:05d}", "name": f"{district}第{i}号党群服务中心", "kind": rng.choice(KINDS),
        "level": rng.choice(["city", "county"]), "status": "demonstration",
        "status_history": [{"status": "cultivating", "date": "2018-09"}, {"status": "demonstration", "date": "2020-07"}],
        "district": district, "street": "某某街道", "address": f"福州市{district}某某路 {i} 号",
        "lat": round(lat, 6), "lon": round(lon, 6),
        "organisation": {"name": f"中共{district}第{i}联合支部委员会", "kind": "branch", "founded": "2018-10", "members": rng.randint(5, 300)},
        "model": "“3×3”党建模式",
        "summary": "依托楼宇党建联盟,开展联建共建活动,为企业和群众提供党员教育、政务代办等服务。",
        "highlights": ["党员活动室", "楼宇党建展厅", "红色驿站"], "services": ["党员活动室", "图书室", "党群议事厅"],
        "open_hours": "周一至周五 9:00-17:30", "contact": f"0591-87{i:06d}",
        "figures": [{"name": "联建活动", "value": rng.randint(1, 99), "unit": "次", "as_of": "2026-06-30"},
                    {"name": "服务群众", "value": rng.randint(100, 60000), "unit": "人次", "as_of": "2025-12-31", "approx": True}],
        "honours": ["福州市两新组织党建示范点"],
        "checklists": {"five-basics": {"organisation": "met", "team": "met", "rules": "met", "activities": "met", "support": "met"},
                       "six-haves": {"venue": "met", "facilities": "met", "sign": "met", "flag": "met", "books": "met", "rules": "unmet"}},
        "photos": [{"src": FILE_PHOTO, "caption": "示意图", "credit": "示例"}],
        "tags": [rng.choice(["楼宇党建", "红色驿站", "园区党建", "小区党建"])], "verified": "2026-10-01",
        "story": _story(rng, *story),
    }


def _story(rng: random.Random, low: int, high: int) -> str:
    target, paragraphs, text = rng.randint(low, high), [], ""
    while len(text) < target:
        paragraph = "".join(rng.choice(SENTENCES) for _ in range(3))
        paragraphs.append(paragraph)
        text = "\n\n".join(paragraphs)
    return text + "\n"


def _routes(belts: list[dict], shape: str) -> list[dict]:
    routes = []
    for b, belt in enumerate(belts, 1):
        stops = belt["points"]
        if shape == "shared-stops" and b < len(belts):
            stops = stops + belts[b]["points"][: len(belts[b]["points"]) // 2]
        if len(stops) < 2:  # the last belt may have one point left over; a route needs two stops
            continue
        routes.append({"id": f"route-{b:04d}", "name": f"{belt['name']}步行线", "belt": belt["id"], "mode": "walk", "stops": stops})
        if shape == "many-routes" and len(stops) >= 4:
            routes.append({"id": f"bus-{b:04d}", "name": f"{belt['name']}大巴线", "belt": belt["id"], "mode": "bus", "stops": stops[::2]})
            routes.append({"id": f"half-{b:04d}", "name": f"{belt['name']}半日线", "belt": belt["id"], "mode": "walk", "stops": stops[: max(2, len(stops) // 2)]})
    return routes


def to_yaml(data: dict) -> str:
    """Block-style YAML as editors write it, emitted directly: PyYAML's emitter takes over a minute
    for 10,000 points. Strings are double-quoted JSON strings, which YAML reads as the same text."""
    lines: list[str] = []
    _emit(data, 0, lines)
    return "\n".join(lines) + "\n"


def _emit(value, indent: int, lines: list[str]) -> None:
    pad = " " * indent
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, (dict, list)) and item:
                lines.append(f"{pad}{key}:")
                _emit(item, indent + 2, lines)
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
    else:
        for item in value:
            if isinstance(item, (dict, list)) and item:
                first = len(lines)
                _emit(item, indent + 2, lines)
                lines[first] = f"{pad}- " + lines[first][indent + 2:]
            else:
                lines.append(f"{pad}- {_scalar(item)}")


def _scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, (dict, list)):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, ensure_ascii=False)

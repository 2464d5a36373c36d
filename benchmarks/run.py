"""Build-time benchmark: our site against plain mkdocs-material with the same pages and nav.

    python benchmarks/run.py                 # N = 100 and 1,000 points
    python benchmarks/run.py --sizes 100,1000,10000

For each N it generates a realistic dataset (belts of 8–12 points, one route per belt) and builds
it three ways, in this same run on this machine, so the ratios are what matter:
  ours     the showcase plugin, from sites.yaml;
  plain    the baseline: plain Material, short plain Markdown pages at the same paths with the same
           nav layout (belts in the nav, point and route pages not);
  same     plain Material building exactly the files our generator exports (`python -m generator
           export`) as ordinary docs: the same pages, maps and downloads, without the plugin.
ours/plain is what the whole showcase costs over bare pages; ours/same is what the plugin itself
(loading, validating, generating) adds to building the same content. Prints a table and writes
benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

from generator.adapter import navigation
from generator.model import Project

HERE = Path(__file__).resolve().parent
KINDS = ["office_tower", "park", "residential", "business_district", "community", "company", "social_org"]
DISTRICTS = ["鼓楼区", "台江区", "仓山区", "晋安区", "马尾区", "长乐区"]
MEASURE = """
import resource, sys, time
from mkdocs.__main__ import cli
start = time.perf_counter()
try:
    cli(sys.argv[1:], standalone_mode=False)
finally:
    print("BENCH", time.perf_counter() - start, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def dataset(n: int, seed: int = 1) -> dict:
    """n points on belts of 8–12 points around Fuzhou, a walking route per belt."""
    rng = random.Random(seed)
    points, belts, routes = [], [], []
    i = 0
    while i < n:
        size = min(rng.randint(8, 12), n - i)
        lat, lon = 26.0 + rng.random() * 0.15, 119.2 + rng.random() * 0.2
        district = rng.choice(DISTRICTS)
        ids = []
        for _ in range(size):
            i += 1
            pid = f"p-{i:05d}"
            ids.append(pid)
            lat, lon = lat + rng.uniform(-0.004, 0.004), lon + rng.uniform(-0.004, 0.004)
            points.append({
                "id": pid, "name": f"{district}第{i}号党群服务中心", "kind": rng.choice(KINDS),
                "level": rng.choice(["city", "county"]), "district": district, "street": "某某街道",
                "address": f"{district}某某路 {i} 号", "lat": round(lat, 6), "lon": round(lon, 6),
                "summary": "依托楼宇党建联盟,开展联建共建活动,为企业和群众提供党员教育、政务代办等服务。",
                "highlights": ["党员活动室", "楼宇党建展厅", "红色驿站"], "services": ["党员活动室", "图书室"],
                "open_hours": "周一至周五 9:00-17:30", "verified": "2026-10-01",
                "figures": [{"name": "联建活动", "value": rng.randint(1, 99), "unit": "次", "as_of": "2026-06-30"}],
                "tags": [rng.choice(["楼宇党建", "红色驿站", "园区党建", "小区党建"])],
            })
        b = len(belts) + 1
        belts.append({"id": f"belt-{b:04d}", "name": f"第{b}条示范带", "district": district, "points": ids,
                      "color": f"#{rng.randint(0, 0xFFFFFF):06x}", "summary": "连点成线、连线成带。"})
        routes.append({"id": f"route-{b:04d}", "name": f"第{b}条示范带步行线", "belt": f"belt-{b:04d}", "mode": "walk",
                       "stops": ids})
    return {
        "site": {"title": "基准测试", "regions": [{"name": "福州市", "south": 25.8, "west": 119.0, "north": 26.4, "east": 119.6}]},
        "belts": belts, "points": points, "routes": routes,
    }


MKDOCS_YML = """site_name: 基准测试
site_url: https://bench.example.org/
theme: {{name: material, language: zh, font: false, features: [navigation.sections, navigation.prune]}}
plugins: [search{plugin}]
extra: {{generator: false}}
markdown_extensions: [attr_list, tables, toc, admonition]
{extra}
"""


def write_ours(folder: Path, data: dict) -> None:
    (folder / "docs").mkdir(parents=True)
    (folder / "sites.yaml").write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin=", showcase", extra=""), encoding="utf-8")


def write_baseline(folder: Path, data: dict) -> None:
    """Plain pages at the same paths, the same nav layout, no plugin."""
    docs = folder / "docs"
    pages = {"index.md": "# 首页\n", "belts/index.md": "# 示范带\n", "routes/index.md": "# 路线\n"}
    for p in data["points"]:
        pages[f"points/{p['id']}/index.md"] = f"# {p['name']}\n\n{p['summary']}\n\n- {p['address']}\n- {p['open_hours']}\n"
    for b in data["belts"]:
        pages[f"belts/{b['id']}/index.md"] = f"# {b['name']}\n\n" + "".join(f"- [{x}](../../points/{x}/index.md)\n" for x in b["points"])
    for r in data["routes"]:
        pages[f"routes/{r['id']}/index.md"] = f"# {r['name']}\n\n" + "".join(f"1. [{x}](../../points/{x}/index.md)\n" for x in r["stops"])
    for path, text in pages.items():
        (docs / path).parent.mkdir(parents=True, exist_ok=True)
        (docs / path).write_text(text, encoding="utf-8")
    nav = [{"首页": "index.md"}, {"示范带": [{"全部示范带": "belts/index.md"}, *navigation._belts(Project.model_validate(data))]},
           {"参观路线": "routes/index.md"}]
    extra = yaml.safe_dump({"nav": nav, "not_in_nav": navigation.NOT_IN_NAV}, allow_unicode=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="", extra=extra), encoding="utf-8")


def write_same(folder: Path, data: dict) -> None:
    """Our exported files as ordinary docs, with the nav the plugin would generate."""
    from generator.paths import Urls
    from generator.render.context import Context
    from generator.render.build import build as generate
    from generator.render.build import write_tree

    project = Project.model_validate(data)
    write_tree(generate(Context(project, folder, Urls(True), None, "https://bench.example.org/")), folder / "docs")
    nav = navigation.build(project, folder / "docs-none", set(p.relative_to(folder / "docs").as_posix() for p in (folder / "docs").rglob("*.md")))
    extra = yaml.safe_dump({"nav": nav, "not_in_nav": navigation.NOT_IN_NAV, "extra_css": ["assets/showcase.css"]}, allow_unicode=True)
    (folder / "mkdocs.yml").write_text(MKDOCS_YML.format(plugin="", extra=extra), encoding="utf-8")


def build(folder: Path) -> dict:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    result = subprocess.run([sys.executable, "-c", MEASURE, "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d", str(folder / "site")],
                            capture_output=True, text=True, env=env, cwd=folder)
    line = [x for x in result.stderr.splitlines() if x.startswith("BENCH ")]
    if result.returncode != 0 or not line:
        raise SystemExit(f"build failed in {folder}:\n{result.stderr[-3000:]}")
    _, seconds, rss_kb = line[-1].split()
    site = folder / "site"
    point_pages = list(site.glob("points/*/index.html"))
    point_maps = list(site.glob("points/*/map.html"))
    return {
        "seconds": float(seconds),
        "peak_mb": int(rss_kb) / 1024,
        "pages": len(list(site.rglob("*.html"))),
        "point_page_kb": sum(p.stat().st_size for p in point_pages) / max(1, len(point_pages)) / 1024,
        "point_map_kb": sum(p.stat().st_size for p in point_maps) / max(1, len(point_maps)) / 1024,
        "overview_map_kb": (site / "map.html").stat().st_size / 1024 if (site / "map.html").exists() else 0.0,
    }


def run(n: int, work: Path) -> dict:
    data = dataset(n)
    ours, base, same = work / f"ours-{n}", work / f"baseline-{n}", work / f"same-{n}"
    write_ours(ours, data)
    write_baseline(base, data)
    write_same(same, data)
    baseline, same_pages, result = build(base), build(same), build(ours)
    pages = len(data["points"]) + len(data["belts"]) + len(data["routes"])
    return {
        "points": n, "belts": len(data["belts"]), "ours": result, "baseline": baseline, "same_pages": same_pages,
        "ratio": result["seconds"] / baseline["seconds"], "ratio_same_pages": result["seconds"] / same_pages["seconds"],
        "ms_per_page": 1000 * result["seconds"] / pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated point counts")
    args = parser.parse_args()
    rows = []
    with tempfile.TemporaryDirectory(prefix="belt-bench-") as tmp:
        for n in (int(x) for x in args.sizes.split(",")):
            rows.append(run(n, Path(tmp)))
            print_row(rows[-1], header=len(rows) == 1)
    if len(rows) > 1:
        for a, b in zip(rows, rows[1:]):
            print(f"growth {a['points']}→{b['points']} points: time ×{b['ours']['seconds'] / a['ours']['seconds']:.1f} "
                  f"for ×{b['points'] / a['points']:.0f} points")
    out = HERE / "results"
    out.mkdir(exist_ok=True)
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()}, "runs": rows}
    (out / "latest.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written {out / 'latest.json'}")


def print_row(row: dict, header: bool) -> None:
    if header:
        print(f"{'points':>7} {'ours s':>8} {'plain s':>8} {'same s':>8} {'ours/plain':>10} {'ours/same':>9} {'ms/page':>8} "
              f"{'page KB':>8} {'map KB':>7} {'overview KB':>11} {'peak MB':>8}")
    o = row["ours"]
    print(f"{row['points']:>7} {o['seconds']:>8.2f} {row['baseline']['seconds']:>8.2f} {row['same_pages']['seconds']:>8.2f} "
          f"{row['ratio']:>10.2f} {row['ratio_same_pages']:>9.2f} {row['ms_per_page']:>8.2f} "
          f"{o['point_page_kb']:>8.1f} {o['point_map_kb']:>7.1f} {o['overview_map_kb']:>11.1f} {o['peak_mb']:>8.0f}", flush=True)


if __name__ == "__main__":
    main()

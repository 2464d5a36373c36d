"""Build-time benchmark: our site against plain mkdocs-material with the same pages and nav.

    python benchmarks/run.py                              # 100 and 1,000 points, small belts
    python benchmarks/run.py --sizes 1000,10000 --shapes small-belts,long-stories,many-routes
    python benchmarks/run.py --preview                    # also time a live-preview edit
    python benchmarks/run.py --sizes 1000 --repeat 3      # each build three times, interleaved: medians
    python benchmarks/run.py --readme                     # rewrite README's table from the results

For each size and shape (benchmarks/datasets.py) it generates a dataset and builds it three ways,
in this same run on this machine, so the ratios are what matter:
  ours     the showcase plugin, from sites.yaml;
  plain    the baseline: plain Material, short plain Markdown pages at the same paths with the same
           nav layout (belts in the nav, point and route pages not);
  same     plain Material building exactly the files our generator exports (`python -m generator
           export`) as ordinary docs: the same pages, maps and downloads, without the plugin.
ours/plain is what the whole showcase costs over bare pages; ours/same is what the plugin itself
(loading, validating, generating) adds to building the same content. With --preview, `mkdocs
serve` runs on the "ours" project and the time from saving a one-point edit (and a belt edit) to
the page showing it is measured; and, as the engine's own floor, on the "same" project the time
from saving one point's page to it showing. Results go to benchmarks/results/latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import measure  # noqa: E402
from benchmarks.datasets import SHAPES, dataset  # noqa: E402
from benchmarks.projects import write_baseline, write_ours, write_same  # noqa: E402

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results" / "latest.json"
README = HERE.parent / "README.md"


def run(n: int, shape: str, work: Path, preview: bool, repeat: int = 1) -> dict:
    data = dataset(n, shape)
    ours, base, same = (work / f"{name}-{shape}-{n}" for name in ("ours", "baseline", "same"))
    write_ours(ours, data)
    write_baseline(base, data)
    write_same(same, data)
    # interleaved (plain, same, ours, plain, same, ours, …) so a slow spell of the machine falls on
    # all three; each is then its median run
    runs: dict[str, list[dict]] = {"baseline": [], "same_pages": [], "ours": []}
    for _ in range(repeat):
        for key, folder in (("baseline", base), ("same_pages", same), ("ours", ours)):
            runs[key].append(measure.build(folder))
    baseline, same_pages, result = (_median(runs[key]) for key in ("baseline", "same_pages", "ours"))
    row = {
        "points": n, "shape": shape, "belts": len(data["belts"]), "routes": len(data["routes"]), "repeat": repeat,
        "ours": result, "baseline": baseline, "same_pages": same_pages,
        # each ratio is the median of the ratios of one round (its three builds ran back to back)
        "ratio": _median_of(o["seconds"] / b["seconds"] for o, b in zip(runs["ours"], runs["baseline"])),
        "ratio_same_pages": _median_of(o["seconds"] / s["seconds"] for o, s in zip(runs["ours"], runs["same_pages"])),
        "all_seconds": {key: [r["seconds"] for r in values] for key, values in runs.items()},
    }
    if preview:
        row["preview"] = measure.preview(ours, data)
        row["preview"].update(measure.page_preview(same, data))  # the engine's floor, no plugin
    return row


def _median(runs: list[dict]) -> dict:
    return sorted(runs, key=lambda r: r["seconds"])[len(runs) // 2]


def _median_of(values) -> float:
    values = sorted(values)
    return values[len(values) // 2]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,1000", help="comma-separated point counts")
    parser.add_argument("--shapes", default="small-belts", help=f"comma-separated, of: {', '.join(SHAPES)}")
    parser.add_argument("--preview", action="store_true", help="also time live-preview edits under mkdocs serve")
    parser.add_argument("--repeat", type=int, default=1, help="build each project this many times, interleaved; "
                        "each is reported by its median run")
    parser.add_argument("--readme", action="store_true", help="only rewrite README's table from the results file")
    args = parser.parse_args()
    if args.readme:
        write_readme(json.loads(RESULTS.read_text(encoding="utf-8")))
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="belt-bench-") as tmp:
        for shape in args.shapes.split(","):
            for n in (int(x) for x in args.sizes.split(",")):
                rows.append(run(n, shape, Path(tmp), args.preview, args.repeat))
                print(format_row(rows[-1]), flush=True)
    report = {"machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "platform": platform.platform()},
              "runs": rows}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
    print(f"written {RESULTS}; `python benchmarks/run.py --readme` puts it in the README")


HEADER = ("| points | shape | ours | plain | same | ours/plain | ours/same | preview: point edit | belt edit | same: page edit "
          "| point page | route page | point map | search index | peak memory (worker) |\n"
          "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")


def format_row(row: dict) -> str:
    o, preview = row["ours"], row.get("preview", {})
    seconds = lambda v: f"{v:.1f} s" if v is not None else "—"  # noqa: E731
    return (f"| {row['points']:,} | {row['shape']} | {o['seconds']:.1f} s | {row['baseline']['seconds']:.1f} s "
            f"| {row['same_pages']['seconds']:.1f} s | {row['ratio']:.2f} | {row['ratio_same_pages']:.2f} "
            f"| {seconds(preview.get('point_edit'))} | {seconds(preview.get('belt_edit'))} | {seconds(preview.get('page_edit'))} "
            f"| {o['bytes']['point_page'] / 1024:.0f} KB | {o['bytes']['route_page'] / 1024:.0f} KB "
            f"| {o['bytes']['point_map'] / 1024:.1f} KB | {o['bytes']['search_index'] / 1024:.0f} KB "
            f"| {o['peak_mb']:.0f} MB ({o.get('worker_peak_mb', 0):.0f} MB) |")


def write_readme(report: dict) -> None:
    """Replace the table between the benchmark markers in README.md."""
    start, end = "<!-- benchmark table: generated by `python benchmarks/run.py --readme` -->", "<!-- end of benchmark table -->"
    text = README.read_text(encoding="utf-8")
    machine = report["machine"]
    repeats = sorted({r.get("repeat", 1) for r in report["runs"]})
    runs = "one run each" if repeats == [1] else f"median of {'/'.join(map(str, repeats))} interleaved runs"
    table = "\n".join([start, f"Measured on {machine['cpus']} cores, Python {machine['python']}; builds: {runs}.", "", HEADER,
                       *(format_row(r) for r in report["runs"]), end])
    before, rest = text.split(start, 1)
    README.write_text(before + table + rest.split(end, 1)[1], encoding="utf-8")


if __name__ == "__main__":
    main()

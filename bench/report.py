"""The benchmark's figures (ratios, throughput per core, accuracy) and their Markdown rendering."""

from __future__ import annotations

import os
import platform
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any

from bench.corpus import Written
from bench.measure import MB, PiiauditRun, PresidioSource, Timing, subset_bytes
from piiaudit.scanner.app.evaluation import Score

Figures = dict[str, Any]


def ratio(numerator: float, denominator: float) -> float | None:
    return numerator / denominator if denominator else None


def piiaudit_figures(run: PiiauditRun, size: int, records: int, floor_per_core: float) -> Figures:
    """Total throughput over the scan itself (the report's duration, start-up excluded); per core over the
    CPU time of the whole process tree (start-up included), which machine load and worker counts leave alone."""
    mb_s = size / MB / run.scan_s if run.scan_s else 0.0
    per_core = size / MB / run.cpu_s if run.cpu_s else 0.0
    return {
        "workers": run.workers,
        "wall_s": round(run.wall_s, 2),
        "scan_s": round(run.scan_s, 2),
        "startup_s": round(run.wall_s - run.scan_s, 2),
        "cpu_s": round(run.cpu_s, 2),
        "mb_s": round(mb_s, 4),
        "rows_s": round(records / run.scan_s, 1) if run.scan_s else 0.0,
        "mb_s_per_core": round(per_core, 4),
        "rows_s_per_core": round(records / run.cpu_s, 1) if run.cpu_s else 0.0,
        "fraction_of_floor": round(ratio(per_core, floor_per_core) or 0.0, 5),
        "peak_rss_mb": round(run.peak_rss / MB, 1),
        "occurrences": run.occurrences,
        "failed_sources": run.failed_sources,
    }


def floor_figures(timings: dict[str, Timing], size: int) -> Figures:
    wall = sum(t.wall_s for t in timings.values())
    cpu = sum(t.cpu_s for t in timings.values())
    return {
        "wall_s": round(wall, 3),
        "cpu_s": round(cpu, 3),
        "mb_s": round(size / MB / wall, 2) if wall else None,
        "mb_s_per_core": round(size / MB / cpu, 2) if cpu else None,
        "sources": {uri: {"wall_s": round(t.wall_s, 3), "cpu_s": round(t.cpu_s, 3)} for uri, t in timings.items()},
    }


def with_speedups(runs: list[Figures]) -> list[Figures]:
    """Speed-up of each run's MB/s over the first (normally one worker)."""
    base = runs[0]["mb_s"] if runs else 0.0
    return [{**r, "speedup": round(ratio(r["mb_s"], base) or 0.0, 2)} for r in runs]


def presidio_figures(results: list[PresidioSource], sources: dict[str, Written], group_bytes: int) -> Figures:
    """Presidio on the analysed subset, extrapolated per MB to the whole group."""
    per_source = []
    for r in results:
        per_source.append(
            {
                "uri": r.uri,
                "rows": r.rows,
                "values": r.values,
                "bytes": round(subset_bytes(sources[r.uri], r.rows)),
                "wall_s": round(r.wall_s, 2),
                "cpu_s": round(r.cpu_s, 2),
            }
        )
    analysed = sum(s["bytes"] for s in per_source)
    wall, cpu = sum(r.wall_s for r in results), sum(r.cpu_s for r in results)
    mb_s = analysed / MB / wall if wall else 0.0
    return {
        "sources": per_source,
        "bytes": analysed,
        "wall_s": round(wall, 2),
        "cpu_s": round(cpu, 2),
        "mb_s": round(mb_s, 4),
        "mb_s_per_core": round(analysed / MB / cpu, 4) if cpu else 0.0,
        "estimated_full_s": round(group_bytes / MB / mb_s, 1) if mb_s else None,
    }


def accuracy(scores: dict[str, Score]) -> Figures:
    return {
        s.entity: {
            "expected": s.expected,
            "found": s.found,
            "correct": s.correct,
            "precision": round(s.precision, 4),
            "recall": round(s.recall, 4),
        }
        for s in scores.values()
    }


def proc_line(path: str, prefix: str) -> str | None:
    """The value of the first ``prefix: value`` line of a /proc file."""
    for line in Path(path).read_text().splitlines():
        if line.startswith(prefix):
            return line.split(":", 1)[1].strip()
    return None


def machine() -> Figures:
    memory_kb = proc_line("/proc/meminfo", "MemTotal") or "0 kB"
    return {
        "cpus": os.cpu_count(),
        "cpu_model": proc_line("/proc/cpuinfo", "model name") or platform.processor() or "unknown",
        "memory_gb": round(int(memory_kb.split()[0]) / 1e6, 1),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "load_average": os.getloadavg(),
    }


def package_versions() -> dict[str, str]:
    found = {}
    for name in ("piiaudit", "presidio-analyzer", "spacy", "pyarrow"):
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


# --------------------------------------------------------------------------
# Markdown
# --------------------------------------------------------------------------


def number(value: float | None, digits: int = 2) -> str:
    if value is None:
        return "—"
    return f"{value:,.{digits}f}"


def times(value: float | None) -> str:
    return "—" if value is None else number(value, 1) + "×"


def table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(" --- " for _ in header) + "|"]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


def summary_rows(results: Figures) -> list[list[str]]:
    rows = []
    for size in results["sizes"]:
        for group, g in size["groups"].items():
            first = g["piiaudit"][0]
            presidio = g["presidio"] or {}
            rows.append(
                [
                    size["size"],
                    group,
                    number(g["bytes"] / MB, 1),
                    f"{g['records']:,}",
                    number(first["mb_s"], 3),
                    number(first["mb_s_per_core"], 3),
                    number(first["rows_s_per_core"], 0),
                    number(g["floor"]["mb_s_per_core"], 1),
                    number(first["fraction_of_floor"] * 100, 2) + " %",
                    number(presidio.get("mb_s_per_core"), 3),
                    times(g["piiaudit_over_presidio_per_core"]),
                    number(first["peak_rss_mb"], 0),
                    number(first["wall_s"], 1),
                    number(presidio.get("estimated_full_s"), 0),
                ]
            )
    return rows


SUMMARY_HEADER = [
    "corpus",
    "data",
    "MB",
    "records",
    "piiaudit MB/s",
    "MB/s per core",
    "rows/s per core",
    "floor MB/s per core",
    "of floor",
    "Presidio MB/s per core",
    "piiaudit / Presidio per core",
    "peak RSS MB",
    "piiaudit wall s",
    "Presidio est. s",
]


def scaling_lines(results: Figures) -> list[str]:
    rows = []
    for size in results["sizes"]:
        for group, g in size["groups"].items():
            for r in g["piiaudit"]:
                rows.append(
                    [
                        size["size"],
                        group,
                        str(r["workers"]),
                        number(r["wall_s"], 1),
                        number(r["scan_s"], 1),
                        number(r["mb_s"], 3),
                        times(r["speedup"]),
                        number(r["peak_rss_mb"], 0),
                    ]
                )
    header = ["corpus", "data", "workers", "wall s", "scan s", "MB/s", "speed-up", "peak RSS MB"]
    return ["## Scaling with workers", "", *table(header, rows), ""]


def accuracy_lines(size: Figures, group: str, g: Figures) -> list[str]:
    full, subset, presidio = (g["accuracy"][k] for k in ("piiaudit", "piiaudit_subset", "presidio_subset"))
    lines = [f"### {size['size']}, {group.replace('_', ' ')}", ""]
    if g["presidio"]:
        rows = ", ".join(f"{s['uri']} {s['rows']:,}" for s in g["presidio"]["sources"])
        lines += [f"Presidio subset (rows analysed per source): {rows}.", ""]
    header = ["entity", "expected", "piiaudit P", "piiaudit R", "subset expected", "piiaudit P", "piiaudit R"]
    header += ["Presidio P", "Presidio R"]
    rows = []
    for entity in sorted(full.keys() | presidio.keys()):
        cells = [entity]
        for scores in (full, subset, presidio):
            s = scores.get(entity)
            if scores is not presidio:
                cells += [f"{s['expected']:,}"] if s else ["0"]
            cells += [number(s["precision"], 3), number(s["recall"], 3)] if s else ["—", "—"]
        rows.append(cells)
    return [*lines, *table(header, rows), ""]


def render_markdown(results: Figures) -> str:
    m, v, w, p = results["machine"], results["versions"], results["workers"], results["presidio"]
    code = results["piiaudit_code"]
    if p["rows"]:
        presidio = (
            f"{p['engine']}, first {p['rows']:,} rows of each source (of each table), "
            f"at most {p['seconds_per_source']:g} s per source"
        )
    else:
        presidio = "not run (`--presidio-rows 0`)"
    lines = [
        "# piiaudit benchmark",
        "",
        f"- Command: `{results['command']}`",
        f"- Machine: {m['cpus']} CPUs ({m['cpu_model']}), {m['memory_gb']} GB RAM, {m['platform']}, "
        f"Python {m['python']}",
        "- Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()),
        f"- piiaudit code: `{code['path']}` ({code['commit']})",
        f"- Workers measured: {', '.join(map(str, w['measured']))}"
        + ("" if w["cli_accepts_workers"] else " (this piiaudit has no `scan --workers`: one process)"),
        f"- Presidio: {presidio}",
        "",
        "## Summary",
        "",
        "*piiaudit MB/s*: over the scan itself (the report's `duration_s`, start-up excluded), first worker count. "
        "*Per core*: MB per CPU-second (user + system time of the whole process tree; start-up included for "
        "piiaudit), which machine load and worker counts leave alone. *Of floor*: piiaudit per core as a share of "
        "merely reading and parsing the same bytes. *Presidio*: measured on its subset; *est. s* extrapolates its "
        "MB/s to the whole group.",
        "",
        *table(SUMMARY_HEADER, summary_rows(results)),
        "",
    ]
    if len(w["measured"]) > 1:
        lines += scaling_lines(results)
    lines += ["## Precision and recall per entity", ""]
    for size in results["sizes"]:
        for group, g in size["groups"].items():
            lines += accuracy_lines(size, group, g)
    return "\n".join(lines)

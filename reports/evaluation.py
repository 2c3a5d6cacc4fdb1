"""Rendering an evaluation: precision and recall per entity, piiaudit beside stock Presidio."""

from __future__ import annotations

from typing import Any

from rich.console import Console
from rich.table import Table

from piiaudit.scanner.app.evaluation import Evaluation


def evaluation_dict(evaluations: list[Evaluation], size: int) -> dict[str, Any]:
    return {
        "bytes": size,
        "engines": {
            e.name: {
                "seconds": round(e.seconds, 3),
                "entities": {
                    s.entity: {
                        "expected": s.expected,
                        "found": s.found,
                        "correct": s.correct,
                        "precision": round(s.precision, 4),
                        "recall": round(s.recall, 4),
                    }
                    for s in e.scores.values()
                },
            }
            for e in evaluations
        },
    }


def print_evaluation(evaluations: list[Evaluation], size: int, console: Console) -> None:
    entities = sorted({entity for e in evaluations for entity in e.scores})
    table = Table(title="Precision / recall per entity", title_justify="left")
    table.add_column("Entity")
    table.add_column("Expected", justify="right")
    for e in evaluations:
        table.add_column(f"{e.name} P", justify="right")
        table.add_column(f"{e.name} R", justify="right")
    for entity in entities:
        expected = next((e.scores[entity].expected for e in evaluations if entity in e.scores), 0)
        cells = [entity, str(expected)]
        for e in evaluations:
            s = e.scores.get(entity)
            cells += [f"{s.precision:.3f}", f"{s.recall:.3f}"] if s else ["—", "—"]
        table.add_row(*cells)
    console.print(table)
    for e in evaluations:
        rate = size / e.seconds / 1e3 if e.seconds else 0.0
        console.print(f"{e.name}: {e.seconds:.2f} s for {size / 1e3:.0f} kB ({rate:.1f} kB/s)")

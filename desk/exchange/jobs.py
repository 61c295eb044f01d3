"""The exchange's big jobs as the window runs them in a child process (desk/background.py).

Each is ``job(session, progress, ...)`` with picklable arguments, and returns what pickles: the check's
and the import's ``PlanSummary`` stands for the plan (whose planned records and tables stay behind).
The child weighs bundles against the program's travelling tables.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.core.progress import Progress
from desk.db.records import Actor
from desk.exchange.apply import import_bundle
from desk.exchange.bundle import read_exchange_file
from desk.exchange.export import ExportResult, export_bundle, selection_for
from desk.exchange.plan import ImportPlan


@dataclass
class PlanSummary:
    """What the import screen shows of a checked or imported bundle: sender, number, counts, refusals."""

    sender_name: str
    sender_code: str
    sequence: int
    gap: str
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    rejected: list[tuple[str, str, str]] = field(default_factory=list)
    already_imported: bool = False

    @classmethod
    def of(cls, plan: ImportPlan) -> PlanSummary:
        return cls(plan.sender_name, plan.sender_code, plan.sequence, plan.gap,
                   {table: dict(counts) for table, counts in plan.counts.items()}, list(plan.rejected),
                   plan.already_imported)

    @property
    def totals(self) -> Counter[str]:
        total: Counter[str] = Counter()
        for counts in self.counts.values():
            total.update(counts)
        return total


def check_bundle_file(session: Session, progress: Progress, *, actor: Actor, path: Path) -> tuple[bytes, PlanSummary]:
    """Read the bundle at ``path`` and dry-run it; return its bytes (imported later as checked) and the summary."""
    data = read_exchange_file(path)
    result = import_bundle(session, actor, data, path.name, dry_run=True, progress=progress)
    return data, PlanSummary.of(result.plan)


def import_bundle_data(session: Session, progress: Progress, *, actor: Actor, data: bytes, name: str) -> PlanSummary:
    """Import a checked bundle into the job's transaction (committed when the job returns); return the summary."""
    return PlanSummary.of(import_bundle(session, actor, data, name, progress=progress).plan)


def export_to_folder(session: Session, progress: Progress, *, actor: Actor, recipient: str, folder: Path,
                     period: Period | None, since_last: bool, keep_alive: bool, declared: Period | None) -> ExportResult:
    """Export the chosen records for ``recipient`` into ``folder`` (the sequence number is kept on commit)."""
    selection = selection_for(session, recipient, period, since_last)
    return export_bundle(session, actor, recipient, folder, selection, keep_alive=keep_alive,
                         declare_empty=declared, progress=progress)

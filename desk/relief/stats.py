"""Statistics of relief work for a period and office scope, aggregated in SQL (money in fen)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, func, select
from sqlalchemy.orm import Session

from desk.core.periods import Period
from desk.db.scan import period_reading, unindexed
from desk.office.scope import Scope
from desk.relief.model import ReliefVisit, StipendBatch, StipendLine, VisitGoods, VisitGroup


@dataclass(frozen=True)
class VisitStats:
    """Relief visits of a period.

    visits: visits made; people_reached: people counted in all beneficiary groups;
    left_behind / orphan_disabled / single_parent / spring_bud / triplets / other_group:
    people reached per group (留守儿童, 孤残儿童, 单亲困难家庭儿童, 春蕾女童, 一胎三子困难户, 其他);
    goods_fen: value of goods handed out; cash_fen: 慰问金 handed out; total_fen: the two together.
    """

    visits: int
    people_reached: int
    left_behind: int
    orphan_disabled: int
    single_parent: int
    spring_bud: int
    triplets: int
    other_group: int
    goods_fen: int
    cash_fen: int
    total_fen: int


@dataclass(frozen=True)
class StipendStats:
    """Stipend payments of a period.

    batches: payment batches; recipients: distinct beneficiaries paid; payments: payment
    lines; amount_fen: the total paid.
    """

    batches: int
    recipients: int
    payments: int
    amount_fen: int


def _visit_filter(session: Session, period: Period, scope: Scope) -> list[ColumnElement[bool]]:
    # One office through its origin index; a wide period by a scan; a short one through its index (desk/db/scan.py).
    column, office = period_reading(session, ReliefVisit, ReliefVisit.visit_date, period, scope.codes)
    clauses: list[ColumnElement[bool]] = [
        column(ReliefVisit.deleted).is_(False), column(ReliefVisit.visit_date).between(period.start, period.end)]
    if scope.codes is not None:
        clauses.append(office(ReliefVisit.origin_office).in_(sorted(scope.codes)))
    return clauses


def visit_stats(session: Session, period: Period, scope: Scope) -> VisitStats:
    """Return the visits of ``period`` in ``scope``: counts, people reached by group, goods and cash."""
    where = _visit_filter(session, period, scope)
    visits, cash = session.execute(
        select(func.count(ReliefVisit.id), func.coalesce(func.sum(ReliefVisit.cash_fen), 0)).where(*where)
    ).one()
    goods = session.execute(
        select(func.coalesce(func.sum(VisitGoods.value_fen), 0))
        .join(ReliefVisit, ReliefVisit.id == VisitGoods.visit_id)
        .where(unindexed(VisitGoods.deleted).is_(False), *where)
    ).scalar_one()
    by_group = dict(
        session.execute(
            select(VisitGroup.group, func.coalesce(func.sum(VisitGroup.count), 0))
            .join(ReliefVisit, ReliefVisit.id == VisitGroup.visit_id)
            .where(unindexed(VisitGroup.deleted).is_(False), *where)
            .group_by(VisitGroup.group)
        ).all()
    )
    return VisitStats(
        visits=int(visits),
        people_reached=int(sum(by_group.values())),
        left_behind=int(by_group.get("left_behind", 0)),
        orphan_disabled=int(by_group.get("orphan_disabled", 0)),
        single_parent=int(by_group.get("single_parent", 0)),
        spring_bud=int(by_group.get("spring_bud", 0)),
        triplets=int(by_group.get("triplets", 0)),
        other_group=int(by_group.get("other", 0)),
        goods_fen=int(goods),
        cash_fen=int(cash),
        total_fen=int(goods) + int(cash),
    )


def stipend_stats(session: Session, period: Period, scope: Scope) -> StipendStats:
    """Return the stipends of ``period`` in ``scope``: batches, distinct recipients, lines and amount."""
    where = [StipendBatch.deleted.is_(False), StipendBatch.pay_date.between(period.start, period.end)]
    if scope.codes is not None:
        where.append(StipendBatch.origin_office.in_(sorted(scope.codes)))
    batches = session.execute(select(func.count(StipendBatch.id)).where(*where)).scalar_one()
    recipients, payments, amount = session.execute(
        select(
            func.count(func.distinct(StipendLine.beneficiary_id)),
            func.count(StipendLine.id),
            func.coalesce(func.sum(StipendLine.amount_fen), 0),
        )
        .join(StipendBatch, StipendBatch.id == StipendLine.batch_id)
        .where(StipendLine.deleted.is_(False), *where)
    ).one()
    return StipendStats(batches=int(batches), recipients=int(recipients), payments=int(payments), amount_fen=int(amount))

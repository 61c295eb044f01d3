"""drop the one-value deleted indexes

Every travelling table had an index on ``deleted`` alone (TravelMixin ``index=True``).  Records
are never removed, only marked, so nearly every row holds the same value and the index narrows
nothing; yet SQLite without statistics (a new or freshly copied file, or one whose statistics are
stale) prefers an equality index to a range, and read whole tables through it: the petitions
list sorted every row found through ``ix_petition_deleted`` instead of walking the period index,
a petition's steps were looked for among all steps, the events and courses lists counted their
children by walking every child.  Every query that filters on ``deleted`` has a better index led
by what it narrows by (the period, the parent, the origin office; migrations 2300 and 2302), so
these are dropped; writes get cheaper too (one index fewer per row).

Revision ID: 2303
Revises: 2302
Create Date: 2026-12-01 13:30:00
"""

from alembic import op

revision = '2303'
down_revision = '2302'
branch_labels = None
depends_on = None

# Written out (not taken from the models) so this released migration never changes.
TABLES = (
    "award", "award_title", "campaign_event", "campaign_event_attachment", "campaign_event_leader",
    "campaign_event_unit", "directory_leader", "directory_unit", "household_campaign", "org_assessment",
    "org_assessment_score", "org_assessment_task", "org_cadre", "org_grassroots", "org_indicator",
    "org_recommendation", "person", "petition", "petition_step", "relief_beneficiary", "relief_stipend_batch",
    "relief_stipend_line", "relief_visit", "relief_visit_goods", "relief_visit_group", "relief_visit_leader",
    "relief_visit_person", "relief_visit_unit", "sub_office", "training_attendance", "training_course",
    "training_skilled_woman",
)


def upgrade() -> None:
    for table in TABLES:
        op.drop_index(f"ix_{table}_deleted", table_name=table)


def downgrade() -> None:
    for table in reversed(TABLES):
        op.create_index(f"ix_{table}_deleted", table, ["deleted"], unique=False)

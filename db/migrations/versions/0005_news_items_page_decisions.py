"""News items as articles: the page decision's reason, a date's precision and an item's content key.

Revision ID: 0005_news_items
Revises: 0004
Create Date: 2026-12-02 14:20:00
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_news_items"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pages") as batch:
        batch.add_column(sa.Column("decision", sa.Text(), nullable=True))
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("published_precision", sa.String(8), nullable=True))
        batch.add_column(sa.Column("item_key", sa.String(40), nullable=True))
    op.create_index("ix_articles_site_id_item_key", "articles", ["site_id", "item_key"])


_ADDED = (("articles", "item_key"), ("articles", "published_precision"), ("pages", "decision"))


def downgrade() -> None:
    op.drop_index("ix_articles_site_id_item_key", table_name="articles")
    for table, column in _ADDED:
        if op.get_bind().dialect.name == "sqlite":
            # SQLite 3.35+ drops a column in place: a batch copy of the table would break the views on it
            op.execute(f"ALTER TABLE {table} DROP COLUMN {column}")
        else:
            op.drop_column(table, column)

"""Alembic environment shared by the three databases; mobi passes the connection in."""
from __future__ import annotations

from alembic import context

from integrations.db.migrate import METADATA

config = context.config
name = config.attributes["db_name"]
connection = config.attributes["connection"]

context.configure(
    connection=connection,
    target_metadata=METADATA[name],
    version_table=f"alembic_version_{name}",
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

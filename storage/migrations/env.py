"""Alembic environment: runs on the connection that `storage.migrate` hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy.engine import Connection

from storage import models  # noqa: F401  (registers the tables)
from storage.db import Base

target_metadata = Base.metadata


def run_on(connection: Connection) -> None:
    """Run the migrations inside the caller's transaction."""
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with `hienke db upgrade`, which supplies the connection")
run_on(connection)

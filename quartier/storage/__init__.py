"""Connection handling, migrations and backups — nothing domain-specific."""

from quartier.storage.db import Database, open_database, shared_database
from quartier.storage.migrations import migrate

__all__ = ["Database", "migrate", "open_database", "shared_database"]

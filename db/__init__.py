"""Database layer: typed models, migrations, storage, full-text search, export and queries."""

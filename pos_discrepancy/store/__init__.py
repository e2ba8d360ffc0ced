"""Storage: SQLModel tables, engine set-up, migrations, repositories and the journal."""

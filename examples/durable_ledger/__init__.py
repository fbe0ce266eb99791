"""A multi-step order workflow whose side effects land in a SQLite ledger file, so crashes can be audited."""

"""Infrastructure every domain uses: settings, database, crypto, logs, errors, deps."""

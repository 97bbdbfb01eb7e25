"""Provider credentials and OAuth2 client credentials."""

"""Front Door API: records, provider access and response wording (NLG)."""

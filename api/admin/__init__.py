"""The admin API and the admin web page."""

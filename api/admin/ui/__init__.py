"""The admin web page at /admin/ui: translators and admins edit the wording live."""

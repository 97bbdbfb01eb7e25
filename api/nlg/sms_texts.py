"""Texts sent by SMS outside a conversation turn, translated from the same catalogs.

The action server renders these with gettext (msgctxt "sms_code"); marking them here puts them in
locales/frontdoor.pot for translators.
"""

from __future__ import annotations

from api.nlg.messages import P_

SMS_CODE = P_("sms_code", "Your Front Door code is %(code)s. Do not share it with anyone.")

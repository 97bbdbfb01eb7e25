"""bot.quiet: third-party deprecation notices are dropped, anything else is shown."""

from __future__ import annotations

import io
import warnings

from bot import quiet

SITE = "/x/.venv/bot/lib/python3.10/site-packages/sanic_cors/extension.py"
OURS = str(quiet.REPO_ROOT / "bot" / "channels" / "twilio_core.py")


def test_only_third_party_deprecation_notices_are_notices() -> None:
    assert quiet.is_third_party_notice(DeprecationWarning, SITE)
    assert quiet.is_third_party_notice(FutureWarning, "/usr/lib/python3.10/distutils/version.py")
    assert not quiet.is_third_party_notice(DeprecationWarning, OURS)
    assert not quiet.is_third_party_notice(UserWarning, SITE)
    assert not quiet.is_third_party_notice(RuntimeWarning, SITE)


def test_hidden_notices_are_not_shown_even_after_a_library_resets_the_filters() -> None:
    shown = io.StringIO()
    with warnings.catch_warnings():
        quiet.hide_third_party_notices()
        warnings.simplefilter("always")  # as Sanic does on import, for DeprecationWarning
        warnings.showwarning(DeprecationWarning("old"), DeprecationWarning, SITE, 1, shown)
        warnings.showwarning(UserWarning("mind"), UserWarning, SITE, 2, shown)
        warnings.showwarning(DeprecationWarning("ours"), DeprecationWarning, OURS, 3, shown)

    assert "old" not in shown.getvalue()
    assert "mind" in shown.getvalue() and "ours" in shown.getvalue()

"""bot.quiet: third-party deprecation notices are dropped, anything else is shown."""

from __future__ import annotations

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
    seen: list[str] = []
    with warnings.catch_warnings():
        warnings.showwarning = lambda message, *_args, **_kwargs: seen.append(str(message))
        quiet.hide_third_party_notices()
        warnings.simplefilter("always")  # as Sanic does on import, for DeprecationWarning
        warnings.warn_explicit("old", DeprecationWarning, SITE, 1)
        warnings.warn_explicit("mind", UserWarning, SITE, 2)
        warnings.warn_explicit("ours", DeprecationWarning, OURS, 3)

    assert seen == ["mind", "ours"]

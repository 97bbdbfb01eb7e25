"""A console for our own lines: the deprecation notices Rasa's dependencies print on start-up
(SQLAlchemy, pkg_resources, sanic-cors, pyparsing, TensorFlow) are not shown. Errors, other
warnings and deprecations raised by our own code still show.

Filters alone don't hold: Sanic calls `filterwarnings("once", DeprecationWarning)` when it is
imported, ahead of any filter set before. So the notices are dropped where warnings are shown.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import TextIO

REPO_ROOT = Path(__file__).resolve().parents[1]
NOTICES = (DeprecationWarning, PendingDeprecationWarning, FutureWarning)
_show = warnings.showwarning


def is_third_party_notice(category: type[Warning], filename: str) -> bool:
    """A deprecation notice raised from code that is not ours (installed packages, stdlib)."""
    if not issubclass(category, NOTICES):
        return False
    path = Path(filename).resolve()
    return "site-packages" in path.parts or not path.is_relative_to(REPO_ROOT)


def _show_unless_notice(
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    if not is_third_party_notice(category, filename):
        _show(message, category, filename, lineno, file, line)


def hide_third_party_notices() -> None:
    """Show no third-party deprecation notices; quieten TensorFlow's C++ log (idempotent)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    # SQLAlchemy 1.4's one-off "upgrade to 2.0" notice, which Rasa 3.6 triggers on import.
    os.environ.setdefault("SQLALCHEMY_SILENCE_UBER_WARNING", "1")
    global _show
    if warnings.showwarning is not _show_unless_notice:
        _show = warnings.showwarning
        warnings.showwarning = _show_unless_notice

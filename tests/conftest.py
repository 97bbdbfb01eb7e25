"""Every test runs in development mode unless it says otherwise: a missing FRONTDOOR_ENV is
production (api/core/environment.py), which refuses the placeholder secrets tests use."""

from __future__ import annotations

import os

os.environ["FRONTDOOR_ENV"] = "development"

"""Admin sign-in over real HTTP: failed passwords are throttled per user and per client address
(429 with Retry-After) before any Argon2 hash is computed, and few are hashed at once."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import httpx
import pytest
from sqlalchemy.orm import Session

from api.admin.ui import auth
from api.admin.ui.login_throttle import MAX_ADDRESS_ATTEMPTS, MAX_USER_FAILURES
from tests.api.admin_ui_support import CSRF, PASSWORD, add_user


class CountingHasher:
    """Wraps the Argon2 hasher: counts verifications and the most running at once."""

    def __init__(self, inner: Any, hold: float = 0.0) -> None:
        self.inner, self.hold = inner, hold
        self.calls = self.running = self.most = 0
        self.lock = threading.Lock()

    def hash(self, password: str) -> str:
        return str(self.inner.hash(password))

    def verify(self, hashed: str, password: str) -> bool:
        with self.lock:
            self.calls += 1
            self.running += 1
            self.most = max(self.most, self.running)
        try:
            time.sleep(self.hold)
            return bool(self.inner.verify(hashed, password))
        finally:
            with self.lock:
                self.running -= 1


@pytest.fixture
def hasher(monkeypatch: pytest.MonkeyPatch) -> CountingHasher:
    counting = CountingHasher(auth._hasher)
    monkeypatch.setattr(auth, "_hasher", counting)
    return counting


def sign_in(base: str, username: str, password: str) -> httpx.Response:
    """Fetch the form (CSRF cookie and token), then post it, as a browser does."""
    with httpx.Client(base_url=base) as browser:
        token = CSRF.search(browser.get("/admin/ui/login").text)
        assert token
        return browser.post(
            "/admin/ui/login",
            data={"username": username, "password": password, "csrf_token": token.group(1)},
        )


def test_failed_passwords_lock_that_user_before_hashing_but_not_others(
    live_api: str, session: Session, hasher: CountingHasher
) -> None:
    add_user(session, "alice", "admin")
    add_user(session, "bob", "admin")

    failures = [sign_in(live_api, "alice", "guess!").status_code for _ in range(MAX_USER_FAILURES)]
    hashed_before = hasher.calls
    locked = sign_in(live_api, "alice", PASSWORD)  # even the right password: it is throttled
    also_locked = sign_in(live_api, "ALICE ", "guess!")
    other_user = sign_in(live_api, "bob", PASSWORD)

    assert failures == [401] * MAX_USER_FAILURES
    assert (locked.status_code, also_locked.status_code) == (429, 429)
    assert int(locked.headers["Retry-After"]) >= 1
    assert "Too many attempts" in locked.text
    assert hasher.calls == hashed_before + 1  # only bob's password was hashed
    assert other_user.status_code == 303 and other_user.headers["location"] == "/admin/ui"


def test_one_address_trying_many_usernames_is_throttled(
    live_api: str, hasher: CountingHasher
) -> None:
    statuses: list[int] = []
    hashed_before = 0
    for n in range(2 * MAX_ADDRESS_ATTEMPTS):  # slack: the allowance refills as time passes
        hashed_before = hasher.calls
        statuses.append(sign_in(live_api, f"user{n}", "guess!").status_code)
        if statuses[-1] != 401:
            break
    throttled = sign_in(live_api, "someone-else", "guess!")

    assert statuses[:MAX_ADDRESS_ATTEMPTS] == [401] * MAX_ADDRESS_ATTEMPTS
    assert statuses[-1] == 429 and throttled.status_code == 429
    assert int(throttled.headers["Retry-After"]) >= 1
    assert hasher.calls == hashed_before  # neither throttled attempt was hashed


def test_at_most_two_passwords_are_hashed_at_once(
    live_api: str, session: Session, hasher: CountingHasher
) -> None:
    hasher.hold = 0.3
    names = [f"user{n}" for n in range(6)]

    with ThreadPoolExecutor(max_workers=6) as pool:
        statuses = list(pool.map(lambda name: sign_in(live_api, name, "guess!").status_code, names))

    assert statuses == [401] * 6
    assert hasher.calls == 6 and hasher.most == auth.MAX_CONCURRENT_HASHES == 2

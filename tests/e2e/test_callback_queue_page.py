"""A call-back asked for by SMS in Somali reaches the staff page, is claimed and closed, audited."""

from __future__ import annotations

import re
import subprocess

import httpx

from api.core.settings import REPO_ROOT
from api.translations.languages import Languages
from tests.e2e.conftest import SmsPhone
from tests.support.stack import API_BIN, REPO, Stack

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
PASSWORD = "a long staff password"
SOMALI = 1 + [x.code for x in Languages.load(REPO_ROOT / "locales").ordered].index("so")


def _staff_of_the_front_door(stack: Stack) -> None:
    """An admin page user who works DEV001's call-backs, made with the operator commands."""
    env = {**stack.env, "FRONTDOOR_ADMIN_UI_PASSWORD": PASSWORD}
    for command in (
        ["api.admin.ui.cli", "create-user", "--username", "sahra", "--role", "translator"],
        ["api.cli", "add-callback-staff", "--username", "sahra", "--ods", "DEV001"],
    ):
        done = subprocess.run(
            [str(API_BIN / "python"), "-m", *command],
            cwd=REPO,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert done.returncode == 0, done.stderr


def _post(browser: httpx.Client, path: str, **form: str) -> httpx.Response:
    token = CSRF.search(browser.get("/admin/ui/callbacks").text)
    assert token
    return browser.post(path, data={"csrf_token": token.group(1), **form})


def test_somali_sms_call_back_is_claimed_and_closed_on_the_staff_page(
    stack: Stack, phone: SmsPhone
) -> None:
    phone.send("hi")
    phone.send(str(SOMALI))
    phone.send("I SOO WAC")  # CALL ME in Somali
    _staff_of_the_front_door(stack)

    with httpx.Client(base_url=stack.api_url, timeout=10) as browser:
        login = browser.get("/admin/ui/login")
        token = CSRF.search(login.text)
        assert token
        browser.post("/admin/ui/login", data={"username": "sahra", "password": PASSWORD,
                                               "csrf_token": token.group(1)})  # fmt: skip
        queue = browser.get("/admin/ui/callbacks").text
        row = queue[queue.index(phone.number) :]
        row = row[: row.index("</tr>")]
        assert "Somali" in row and "Text message" in row
        callback_id = re.search(r'/callbacks/(\d+)/claim"', row)
        assert callback_id, row
        path = f"/admin/ui/callbacks/{callback_id.group(1)}"
        assert _post(browser, f"{path}/claim").status_code == 303
        assert (
            _post(browser, f"{path}/close", outcome="Rang with a Somali interpreter").status_code
            == 303
        )
        assert phone.number not in browser.get("/admin/ui/callbacks").text

    admin = {"Authorization": f"Bearer {stack.env.get('FRONTDOOR_ADMIN_TOKEN', 'dev-admin-token')}"}
    audited = []
    for action in ("callbacks.claim", "callbacks.close"):
        page = httpx.get(f"{stack.api_url}/admin/audit", params={"action": action},
                         headers=admin, timeout=10)  # fmt: skip
        assert page.status_code == 200, page.text
        audited += [(e["action"], e["outcome"], e["ods_code"]) for e in page.json()["items"]]
    assert ("callbacks.claim", "ok", "DEV001") in audited
    assert ("callbacks.close", "ok", "DEV001") in audited

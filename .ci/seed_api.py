#!/usr/bin/env python3
"""Seeds a freshly started Cabinet through its own API, as an administrator would.

    seed_api.py BASE_URL ADMIN_EMAIL ONE_TIME_PASSWORD

The first administrator changes the one-time password and accepts the regulation, then creates
an organization and a department, a role, a user of the organization, a published and a private
document, and an API token holding every permission. Prints `export` lines: the token's secret
(CABINET_CI_API_TOKEN) and ids for the conformance run. Uses the standard library only.
"""

import http.cookiejar
import json
import sys
import urllib.error
import urllib.request

PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


class Api:
    def __init__(self, base):
        self.base = base.rstrip("/")
        self.csrf = None
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def call(self, method, path, body=None, raw=None, expect=(200, 201, 204)):
        headers = {}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        if raw is not None:
            data = raw
            headers["Content-Type"] = "application/octet-stream"
        if self.csrf and method != "GET":
            headers["X-CSRF-Token"] = self.csrf
        request = urllib.request.Request(self.base + path, data=data, method=method, headers=headers)
        try:
            with self.opener.open(request) as response:
                status, text = response.status, response.read()
        except urllib.error.HTTPError as e:
            status, text = e.code, e.read()
        if status not in expect:
            sys.exit(f"seed: {method} {path} answered {status}: {text[:500]!r}")
        return json.loads(text) if text else None


def main():
    base, email, password = sys.argv[1:4]
    api = Api(base)
    new_password = "Conformance2026check"
    login = api.call("POST", "/api/v1/auth/login", {"email": email, "password": password})
    api.csrf = login.get("csrf_token") or api.call("GET", "/api/v1/auth/me")["csrf_token"]
    api.call("POST", "/api/v1/auth/password", {"current_password": password, "new_password": new_password})
    login = api.call("POST", "/api/v1/auth/login", {"email": email, "password": new_password})
    api.csrf = login.get("csrf_token") or api.call("GET", "/api/v1/auth/me")["csrf_token"]
    version = api.call("GET", "/api/v1/auth/regulation")["version"]
    api.call("POST", "/api/v1/auth/regulation", {"version": version})
    me = api.call("GET", "/api/v1/auth/me")
    central = me["unit"]["id"]

    org = api.call("POST", "/api/v1/units", {
        "kind": "organization", "slug": "moskovskaya", "full_name": "Московская областная организация Профсоюза",
        "short_name": "Московская областная", "org_kind": "regional", "region": "Московская область",
    })
    api.call("POST", "/api/v1/units", {
        "kind": "department", "slug": "upravlenie-organizatsionnoy-raboty",
        "full_name": "Управление организационной работы", "short_name": "Оргуправление",
    })
    permissions = [p["code"] for p in api.call("GET", "/api/v1/permissions")]
    role = api.call("POST", "/api/v1/roles", {
        "name": "Автор новостей (проверка API)", "description": "Пишет новости своей организации", "permissions": ["news.write"],
    })
    api.call("POST", "/api/v1/users", {
        "email": "staff@moskovskaya.example", "full_name": "Иванова Мария Петровна", "position": "Специалист",
        "phone": "+7 495 123-45-67", "unit_id": org["id"], "role_ids": [role["id"]],
    })
    published = api.call("POST", f"/api/v1/units/{org['id']}/documents?name=Ustav.pdf", raw=PDF)
    api.call("POST", f"/api/v1/media/{published['id']}/publish")
    api.call("POST", f"/api/v1/units/{org['id']}/documents?name=Plan.pdf", raw=PDF)
    token = api.call("POST", "/api/v1/tokens", {
        "name": "Проверка соответствия API", "unit_id": central, "permissions": permissions,
    })
    print(f"export CABINET_CI_API_TOKEN={token['secret']}")
    print(f"export CABINET_CI_ORG_ID={org['id']}")


if __name__ == "__main__":
    main()

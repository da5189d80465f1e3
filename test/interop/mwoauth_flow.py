"""Drives Gatehouse with Debian's unmodified python3-mwoauth and requests-oauthlib, as a MediaWiki tool would.

Usage: mwoauth_flow.py <base-url> <consumer-key> <consumer-secret> <user> <password>
Prints one JSON object: the identity JWT claims, the access token, the /api/me answer signed with it, and what
the same token gets once the user revoked the app.
"""
import html
import json
import re
import sys
from urllib.parse import urlparse

import requests
from mwoauth import ConsumerToken, complete, identify, initiate
from requests_oauthlib import OAuth1


def hidden_fields(page):
    fields = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page)
    return {name: html.unescape(value) for name, value in fields}


def main(base, key, secret, user, password):
    index = base + "/w/index.php"
    consumer = ConsumerToken(key, secret)
    authorize_url, request_token = initiate(index, consumer)

    browser = requests.Session()
    login_page = browser.get(authorize_url)  # the consent page sends a stranger through the login page and back
    login_form = hidden_fields(login_page.text)
    consent = browser.post(base + "/login", data={**login_form, "username": user, "password": password})
    consent.raise_for_status()
    decision = {**hidden_fields(consent.text), "decision": "allow"}
    answer = browser.post(consent.url, data=decision, allow_redirects=False)
    if answer.status_code != 303:
        raise SystemExit("consent was not accepted: %s %s" % (answer.status_code, answer.text[:300]))
    callback = urlparse(answer.headers["Location"])

    access_token = complete(index, consumer, request_token, callback.query)
    identity = identify(index, consumer, access_token)
    signed = OAuth1(key, client_secret=secret, resource_owner_key=access_token.key,
                    resource_owner_secret=access_token.secret)
    me = requests.get(base + "/api/me", auth=signed)

    # the user revokes the app: its token must stop working at once
    csrf = hidden_fields(browser.get(base + "/").text)["csrf"]
    grant = next(g for g in browser.get(base + "/api/me/grants").json() if g["consumer"]["consumerKey"] == key)
    revoked = browser.delete(base + "/api/me/grants/%d" % grant["id"], headers={"X-CSRF-Token": csrf})
    after = requests.get(base + "/api/me", auth=OAuth1(key, client_secret=secret, resource_owner_key=access_token.key,
                                                       resource_owner_secret=access_token.secret))
    print(json.dumps({
        "loginRoundTrip": urlparse(login_page.url).path,
        "revoked": revoked.status_code,
        "afterRevoke": after.status_code,
        "identity": identity,
        "accessToken": access_token.key,
        "accessSecret": access_token.secret,
        "callback": answer.headers["Location"],
        "me": {"status": me.status_code, "body": me.json()},
    }))


if __name__ == "__main__":
    main(*sys.argv[1:6])

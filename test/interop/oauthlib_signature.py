"""The OAuth 1 signature base string and HMAC-SHA1 signature of oauthlib (Debian's python3-oauthlib), for the
property test in src/oauth1/signature/base-string.spec.ts: reads a JSON list of cases on stdin and writes, for
each, what oauthlib computes (or the error it raises) as a JSON list on stdout."""
import json
import sys

from oauthlib.oauth1.rfc5849 import signature


def computed(case):
    try:
        base_string = signature.signature_base_string(
            case["method"],
            signature.base_string_uri(case["url"]),
            signature.normalize_parameters([tuple(pair) for pair in case["parameters"]]),
        )
        return {
            "baseString": base_string,
            "signature": signature.sign_hmac_sha1(base_string, case["consumerSecret"], case["tokenSecret"]),
        }
    except Exception as error:  # an input oauthlib refuses is reported, not fatal
        return {"error": repr(error)}


print(json.dumps([computed(case) for case in json.load(sys.stdin)]))

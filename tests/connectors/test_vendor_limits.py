"""Each vendor's rate-limit signals, read by its rules through the shared client against a real local server."""

import time
from datetime import datetime, timedelta, timezone

import pytest

from connectors.errors import AuthError, QuotaExceeded
from connectors.github import GitHubRules
from connectors.http import ApiClient, HttpPolicy
from connectors.hubspot import HubSpotRules
from connectors.jira import JiraRules
from connectors.shopify import ShopifyRules
from tests.connectors.fake_vendor import Reply, sequence

OK = Reply(200, {"ok": True})
POLICY = HttpPolicy(timeout_s=2.0, max_retries=2, backoff_base_s=0.01, backoff_max_s=0.02, max_retry_after_s=3.0)


def timed_get(vendor, rules, policy=POLICY):
    started = time.monotonic()
    with ApiClient("demo", vendor.url, policy, headers={}, rules=rules) as client:
        assert client.get_json("/x") == {"ok": True}
    return time.monotonic() - started


def test_github_primary_limit_waits_for_the_reset(vendor):
    reset = str(int(time.time()) + 2)
    vendor.route("/x", sequence(Reply(403, {"message": "API rate limit exceeded"},
                                      {"x-ratelimit-remaining": "0", "x-ratelimit-reset": reset}), OK))
    assert timed_get(vendor, GitHubRules()) >= 0.9


def test_github_secondary_limit_honours_retry_after(vendor):
    vendor.route("/x", sequence(Reply(403, {"message": "You have exceeded a secondary rate limit"},
                                      {"retry-after": "1", "x-ratelimit-remaining": "4000"}), OK))
    assert 0.9 <= timed_get(vendor, GitHubRules()) < 2


def test_github_forbidden_without_rate_limit_signs_is_an_auth_error(vendor):
    vendor.route("/x", Reply(403, {"message": "Resource not accessible by personal access token"},
                             {"x-ratelimit-remaining": "4000"}))
    with pytest.raises(AuthError, match="403"):
        timed_get(vendor, GitHubRules())


def test_hubspot_slows_down_when_the_secondly_window_is_spent(vendor):
    vendor.route("/x", Reply(200, {"ok": True}, {"X-HubSpot-RateLimit-Secondly-Remaining": "0",
                                                 "X-HubSpot-RateLimit-Remaining": "90"}))
    assert timed_get(vendor, HubSpotRules()) >= 0.9


def test_hubspot_daily_limit_is_a_quota_error(vendor):
    vendor.route("/x", Reply(429, {"status": "error", "errorType": "RATE_LIMIT", "policyName": "DAILY",
                                   "message": "You have reached your daily limit."}))
    with pytest.raises(QuotaExceeded, match="DAILY|daily"):
        timed_get(vendor, HubSpotRules())
    assert len(vendor.seen) == 1


def test_shopify_backs_off_when_the_bucket_is_nearly_full(vendor):
    vendor.route("/x", Reply(200, {"ok": True}, {"X-Shopify-Shop-Api-Call-Limit": "22/40"}))
    assert timed_get(vendor, ShopifyRules()) < 0.5
    vendor.route("/x", Reply(200, {"ok": True}, {"X-Shopify-Shop-Api-Call-Limit": "36/40"}))
    capped = HttpPolicy(max_retry_after_s=1.0)
    assert timed_get(vendor, ShopifyRules(), capped) >= 0.95  # (36 - 20) / 2 per s = 8 s, capped at 1 s


def test_jira_waits_for_the_reset_when_nothing_remains(vendor):
    reset = (datetime.now(timezone.utc) + timedelta(seconds=1.2)).isoformat()
    vendor.route("/x", sequence(Reply(429, {"errorMessages": ["Rate limit exceeded"]},
                                      {"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset}), OK))
    assert timed_get(vendor, JiraRules()) >= 1.0

"""The shared HTTP client against a real local server: what is retried, what is not, and what never leaks."""

import time
from email.utils import format_datetime
from datetime import datetime, timedelta, timezone

import pytest

from connectors.catalog import Endpoint
from connectors.errors import AuthError, BadResponse, QuotaExceeded, RetriesExhausted
from connectors.http import ApiClient, HttpPolicy, redacted_headers
from connectors.salesforce import SalesforceRules
from tests.connectors.fake_vendor import FakeVendor, Reply, sequence

TOKEN = "sk-super-secret-token-1234"
OK = Reply(200, {"ok": True})


def client_for(vendor, policy, rules=None):
    return ApiClient("demo", vendor.url, policy, headers={"Authorization": f"Bearer {TOKEN}"}, rules=rules,
                     secrets=(TOKEN,))


def test_429_with_retry_after_seconds_is_waited_out_then_succeeds(vendor, fast_policy):
    vendor.route("/items", sequence(Reply(429, {"message": "slow down"}, {"Retry-After": "0.3"}), OK))
    started = time.monotonic()
    with client_for(vendor, fast_policy) as client:
        assert client.get_json("/items") == {"ok": True}
    assert time.monotonic() - started >= 0.3
    assert len(vendor.seen) == 2


def test_retry_after_as_http_date_is_honoured(vendor):
    policy = HttpPolicy(max_retries=1, backoff_base_s=0.01, max_retry_after_s=5.0)
    soon = format_datetime(datetime.now(timezone.utc) + timedelta(seconds=2), usegmt=True)
    vendor.route("/items", sequence(Reply(503, "busy", {"Retry-After": soon}), OK))
    started = time.monotonic()
    with client_for(vendor, policy) as client:
        assert client.get_json("/items") == {"ok": True}
    assert time.monotonic() - started >= 1.0  # HTTP dates have whole seconds


def test_server_errors_are_retried_within_the_budget(vendor, fast_policy):
    vendor.route("/items", sequence(Reply(500, "oops"), Reply(502, "<html>bad gateway</html>"), Reply(503, ""), OK))
    with client_for(vendor, fast_policy) as client:
        assert client.get_json("/items") == {"ok": True}
    assert len(vendor.seen) == 4


def test_past_the_cap_the_error_says_what_failed_and_how_often(vendor, fast_policy):
    vendor.route("/items", Reply(500, {"message": "still broken"}))
    with client_for(vendor, fast_policy) as client, pytest.raises(RetriesExhausted) as failure:
        client.get_json("/items")
    assert len(vendor.seen) == fast_policy.max_retries + 1
    assert "4 attempts" in str(failure.value) and "HTTP 500" in str(failure.value)
    assert "still broken" in str(failure.value)


def test_a_response_slower_than_the_timeout_is_retried(vendor):
    policy = HttpPolicy(timeout_s=0.3, max_retries=2, backoff_base_s=0.01, backoff_max_s=0.02)
    vendor.route("/items", sequence(Reply(200, {"late": True}, delay_s=1.0), OK))
    with client_for(vendor, policy) as client:
        assert client.get_json("/items") == {"ok": True}


def test_a_connection_reset_mid_body_is_retried(vendor, fast_policy):
    body = {"records": list(range(2000))}
    vendor.route("/items", sequence(Reply(200, body, cut_after=100), Reply(200, body)))
    with client_for(vendor, fast_policy) as client:
        assert client.get_json("/items") == body


def test_malformed_json_is_transient_then_a_clear_error(vendor, fast_policy):
    vendor.route("/once", sequence(Reply(200, b'{"records": [1, 2'), OK))
    vendor.route("/always", Reply(200, b'{"records": [1, 2'))
    with client_for(vendor, fast_policy) as client:
        assert client.get_json("/once") == {"ok": True}
        with pytest.raises(RetriesExhausted, match="unreadable body"):
            client.get_json("/always")


def test_connection_refused_is_retried_then_reported(fast_policy):
    client = ApiClient("demo", "http://127.0.0.1:9", fast_policy, headers={})
    with pytest.raises(RetriesExhausted, match="ConnectionError"):
        client.get_json("/items")


def test_retry_after_beyond_the_cap_fails_at_once(vendor, fast_policy):
    vendor.route("/items", Reply(429, {"message": "come back tomorrow"}, {"Retry-After": "3600"}))
    with client_for(vendor, fast_policy) as client, pytest.raises(RetriesExhausted, match="3600 s"):
        client.get_json("/items")
    assert len(vendor.seen) == 1


@pytest.mark.parametrize("status, error", [(401, AuthError), (403, AuthError), (400, BadResponse),
                                           (404, BadResponse)])
def test_client_errors_are_not_retried(vendor, fast_policy, status, error):
    vendor.route("/items", Reply(status, {"message": "no"}))
    with client_for(vendor, fast_policy) as client, pytest.raises(error, match=str(status)):
        client.get_json("/items")
    assert len(vendor.seen) == 1


def test_salesforce_daily_quota_is_not_retried(vendor, fast_policy):
    body = [{"message": "TotalRequests Limit exceeded.", "errorCode": "REQUEST_LIMIT_EXCEEDED"}]
    vendor.route("/query", Reply(403, body, {"Sforce-Limit-Info": "api-usage=15000/15000"}))
    with client_for(vendor, fast_policy, SalesforceRules()) as client, pytest.raises(QuotaExceeded) as failure:
        client.get_json("/query")
    assert "REQUEST_LIMIT_EXCEEDED" in str(failure.value)
    assert len(vendor.seen) == 1


def test_salesforce_usage_header_is_tracked(vendor, fast_policy):
    rules = SalesforceRules()
    vendor.route("/query", Reply(200, {"done": True, "records": []}, {"Sforce-Limit-Info": "api-usage=900/15000"}))
    with client_for(vendor, fast_policy, rules) as client:
        client.get_json("/query")
    assert rules.api_usage == (900, 15000)


def test_the_token_never_appears_in_errors_or_logs(vendor, fast_policy, all_logs):
    # A hostile or buggy server echoing the credentials back must not get them into our messages.
    vendor.route("/echo", lambda seen: Reply(500, {"message": f"bad header {seen.headers['Authorization']}"}))
    vendor.route("/denied", lambda seen: Reply(401, {"message": f"token {TOKEN} is invalid"}))
    with client_for(vendor, fast_policy) as client:
        with pytest.raises(RetriesExhausted) as exhausted:
            client.get_json("/echo")
        with pytest.raises(AuthError) as denied:
            client.get_json("/denied")
        assert TOKEN not in repr(client)
    for text in (str(exhausted.value), str(denied.value), all_logs.text):
        assert TOKEN not in text
    assert "***" in str(denied.value)
    assert vendor.seen[0].headers["Authorization"] == f"Bearer {TOKEN}"


def test_keep_alive_reuses_one_connection(vendor, fast_policy):
    vendor.route("/items", lambda seen: Reply(200, {"ok": True}))
    with client_for(vendor, fast_policy) as client:
        for _ in range(5):
            client.get_json("/items")
    ports = {seen.headers.get("Host") for seen in vendor.seen}
    assert len(ports) == 1 and len(vendor.seen) == 5


def test_stream_lines_resumes_after_a_reset_without_repeating_lines(vendor, fast_policy):
    text = "".join(f"E{i:05d},name {i}\n" for i in range(20000))
    vendor.route("/export.csv", sequence(Reply(200, text, {"Content-Type": "text/csv"}, cut_after=150_000),
                                         Reply(200, text, {"Content-Type": "text/csv"})))
    with client_for(vendor, fast_policy) as client:
        lines = list(client.stream_lines("/export.csv"))
    assert lines == text.splitlines(keepends=True)
    assert len(vendor.seen) == 2


def test_stream_lines_treats_a_missing_final_line_break_as_cut_short(vendor, fast_policy):
    vendor.route("/export.csv", sequence(Reply(200, "a,b\n1,2\n3,"), Reply(200, "a,b\n1,2\n3,4\n")))
    with client_for(vendor, fast_policy) as client:
        assert list(client.stream_lines("/export.csv")) == ["a,b\n", "1,2\n", "3,4\n"]


def test_an_endpoint_never_shows_its_secret():
    endpoint = Endpoint("jira", "https://example.atlassian.net/", TOKEN, {"email": "bot@example.com"})
    assert TOKEN not in repr(endpoint) and TOKEN not in str(endpoint) and TOKEN not in f"{endpoint}"
    assert endpoint.base_url == "https://example.atlassian.net" and endpoint.option("email") == "bot@example.com"


def test_redacted_headers_hide_credentials():
    headers = {"Authorization": "Bearer x", "X-Shopify-Access-Token": "y", "Accept": "application/json"}
    assert redacted_headers(headers) == {"Authorization": "***", "X-Shopify-Access-Token": "***",
                                         "Accept": "application/json"}


def test_an_environment_proxy_carries_plain_http_requests(vendor, fast_policy, monkeypatch):
    # The fake vendor stands in for the proxy: a proxied request names the absolute URL of the real host.
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", vendor.url)
    vendor.route("/items", OK)
    with ApiClient("demo", "http://vendor.invalid:8443", fast_policy, headers={}) as client:
        assert client.get_json("/items", {"q": "a b"}) == {"ok": True}
    assert vendor.seen[0].path == "/items" and vendor.seen[0].param("q") == "a b"
    assert vendor.seen[0].headers["Host"] == "vendor.invalid:8443"


def test_query_parameters_and_json_bodies_are_sent_as_requests_sends_them(vendor, fast_policy):
    vendor.route("/search", lambda seen: Reply(200, {"got": seen.json(), "query": seen.query}))
    vendor.route("/list", lambda seen: Reply(200, {"query": seen.query}))
    body = {"jql": 'project in ("ENG") ORDER BY updated ASC', "fields": ["summary", "ünïcode"], "maxResults": 100}
    with client_for(vendor, fast_policy) as client:
        answer = client.post_json("/search?expand=names", body)
        listed = client.get_json("/list", {"ids": ["1", "2"], "skipped": None, "text": "a&b=c"})
    assert answer["got"] == body and answer["query"] == {"expand": ["names"]}
    assert vendor.seen[0].headers["Content-Type"] == "application/json"
    assert listed["query"] == {"ids": ["1", "2"], "text": ["a&b=c"]}


def test_redirects_are_followed_and_credentials_stay_with_their_origin(vendor, fast_policy):
    elsewhere = FakeVendor()
    try:
        elsewhere.route("/moved", OK)
        vendor.route("/renamed", Reply(301, {"message": "Moved Permanently"}, {"Location": "/items"}))
        vendor.route("/items", OK)
        vendor.route("/search", Reply(303, "", {"Location": f"{elsewhere.url}/moved?page=2"}))
        with client_for(vendor, fast_policy) as client:
            assert client.get_json("/renamed") == {"ok": True}
            assert client.post_json("/search", {"q": 1}) == {"ok": True}
    finally:
        elsewhere.stop()
    assert [seen.path for seen in vendor.seen] == ["/renamed", "/items", "/search"]
    assert vendor.seen[1].headers["Authorization"] == f"Bearer {TOKEN}"
    moved = elsewhere.seen[0]
    assert (moved.method, moved.param("page"), moved.body) == ("GET", "2", b"")
    assert "Authorization" not in moved.headers

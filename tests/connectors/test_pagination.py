"""Each paginator walks a real multi-page listing to its end, following the vendor's own end signal."""

import pytest

from connectors.errors import BadResponse
from connectors.http import ApiClient
from connectors.pagination import follow_link_header, follow_next_link, follow_offset, follow_token
from tests.connectors.fake_vendor import Reply

ITEMS = list(range(1, 251))


def client_for(vendor, policy):
    return ApiClient("demo", vendor.url, policy, headers={})


def test_json_next_link_is_followed_relative_to_the_base_until_done(vendor, fast_policy):
    def query(seen):
        return Reply(200, {"done": False, "records": ITEMS[:100], "nextRecordsUrl": "/query/01gABC-100"})

    def more(seen):
        offset = int(seen.path.rsplit("-", 1)[1])
        done = offset + 100 >= len(ITEMS)
        body = {"done": done, "records": ITEMS[offset:offset + 100]}
        if not done:
            body["nextRecordsUrl"] = f"/query/01gABC-{offset + 100}"
        return Reply(200, body)

    vendor.route("/query", query)
    vendor.route("/query/01gABC-100", more)
    vendor.route("/query/01gABC-200", more)
    with client_for(vendor, fast_policy) as client:
        pages = list(follow_next_link(client, "/query", {"q": "SELECT Id FROM X"},
                                      lambda page: None if page["done"] else page["nextRecordsUrl"]))
    assert [record for page in pages for record in page["records"]] == ITEMS
    assert [seen.path for seen in vendor.seen] == ["/query", "/query/01gABC-100", "/query/01gABC-200"]


def test_token_cursor_stops_when_the_token_is_absent(vendor, fast_policy):
    def search(seen):
        start = int(seen.param("nextPageToken") or 0)
        body = {"issues": ITEMS[start:start + 100], "isLast": start + 100 >= len(ITEMS)}
        if not body["isLast"]:
            body["nextPageToken"] = str(start + 100)
        return Reply(200, body)

    vendor.route("/search", search)
    with client_for(vendor, fast_policy) as client:
        fetch = lambda token: client.get_json("/search", {"nextPageToken": token} if token else {})  # noqa: E731
        pages = list(follow_token("demo", fetch, lambda page: page.get("nextPageToken")))
    assert [item for page in pages for item in page["issues"]] == ITEMS
    assert len(pages) == 3


def test_a_repeated_token_is_refused_instead_of_paging_forever():
    pages = follow_token("demo", lambda token: {"after": "same"}, lambda page: page["after"])
    with pytest.raises(BadResponse, match="repeated the cursor"):
        list(pages)


def test_link_header_next_is_followed_verbatim(vendor, fast_policy):
    def orders(seen):
        page_info = seen.param("page_info")
        start = int(page_info) if page_info else 0
        headers = {}
        if start + 100 < len(ITEMS):
            headers["Link"] = f'<{vendor.url}/orders?limit=100&page_info={start + 100}>; rel="next", ' \
                              f'<{vendor.url}/orders?limit=100&page_info=0>; rel="previous"'
        return Reply(200, ITEMS[start:start + 100], headers)

    vendor.route("/orders", orders)
    with client_for(vendor, fast_policy) as client:
        pages = list(follow_link_header(client, "/orders", {"status": "any", "limit": 100}))
    assert [item for page in pages for item in page] == ITEMS
    assert vendor.seen[0].param("status") == "any"
    assert all(set(seen.query) == {"limit", "page_info"} for seen in vendor.seen[1:])


def test_offset_paging_stops_at_a_short_page():
    calls = []

    def fetch(start, size):
        calls.append(start)
        return ITEMS[start:start + size]

    assert [item for page in follow_offset(fetch, 100) for item in page] == ITEMS
    assert calls == [0, 100, 200]


def test_offset_paging_stops_at_an_empty_page():
    calls = []

    def fetch(start, size):
        calls.append(start)
        return list(range(200))[start:start + size]

    assert sum(len(page) for page in follow_offset(fetch, 100)) == 200
    assert calls == [0, 100, 200]

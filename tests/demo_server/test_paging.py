"""The page engine on tiny chunks, so every walk crosses chunk boundaries and background prefetches."""

from __future__ import annotations

import json

import pytest

from demo.server import sqlfmt
from demo.server.listing import INT, STR, TS, Listing, OrderKey
from demo.server.paging import PageEngine
from demo.server.store import Store
from tests.demo_server.conftest import START, visible


@pytest.fixture
def engine(store):
    data = Store(store)
    paging = PageEngine(data, chunk_rows=25)
    yield paging
    paging.close()
    data.close()


def listing(table: str, order: tuple[OrderKey, ...], **changes) -> Listing:
    return Listing(source=table, where=(sqlfmt.visible_at(),), params=(("clock", START.replace(tzinfo=None)),),
                   order=order, render="json_object('id', r.record_id)", **changes)


BY_VERSION = (OrderKey("version_at", TS), OrderKey("record_id", STR))


def ids(docs: list[str]) -> list[str]:
    return [json.loads(doc)["id"] for doc in docs]


def walk_after(engine: PageEngine, chosen: Listing, limit: int, after=None) -> list[str]:
    found = []
    while True:
        page = engine.page_after(chosen, after, limit)
        found += ids(page.docs)
        if not page.has_more:
            return found
        after = page.keys[-1]


def test_keyset_and_offset_walks_agree_with_the_store(engine, store):
    expected = visible(store, "sf_opportunities", START)
    chosen = listing("sf_opportunities", BY_VERSION)
    assert walk_after(engine, chosen, limit=5) == expected
    by_offset = [ids(engine.page_at(chosen, offset, 4).docs) for offset in range(0, len(expected) + 4, 4)]
    assert [i for page in by_offset for i in page] == expected
    assert engine.count(chosen) == len(expected)
    assert walk_after(engine, chosen.reversed(), limit=6) == expected[::-1]


def test_resuming_from_any_key_and_descending_integer_order(engine, store):
    chosen = listing("hs_deals", (OrderKey("CAST(record_id AS BIGINT)", INT, descending=True),))
    expected = sorted(visible(store, "hs_deals", START), key=int, reverse=True)
    assert walk_after(engine, chosen, limit=9) == expected
    middle = int(expected[len(expected) // 2])
    assert walk_after(engine, chosen, limit=3, after=(middle,)) == expected[len(expected) // 2 + 1:]
    assert engine.page_at(chosen, len(expected), 5).docs == []


def test_finish_completes_each_document(engine, store):
    chosen = listing("jira_issues", BY_VERSION, extras=("r.project",),
                     finish=lambda doc, extras: doc[:-1] + f',"project":"{extras[0]}"}}')
    page = engine.page_after(chosen, None, 20)
    assert [json.loads(doc)["project"] for doc in page.docs] == \
        visible(store, "jira_issues", START, column="project")[:20]

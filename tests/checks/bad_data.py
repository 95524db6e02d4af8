"""Bad vendor data planted in a copy of the demo store, for the checks to catch."""

import shutil
from datetime import datetime

import duckdb


def store_with_negative_order(company, target, clock, changed_after=None):
    """A copy of the demo store where one order version visible at `clock` (naive UTC) has a negative total
    price: the one halfway through the listing, or among versions written after `changed_after` (what a delta
    load fetches). Returns (copy, order id)."""
    shutil.copy(company, target)
    with duckdb.connect(str(target)) as store:
        visible = "version_at <= $clock AND (valid_to IS NULL OR valid_to > $clock) AND version_at > $after"
        params = {"clock": clock, "after": changed_after or datetime.min}
        count = store.execute(f"SELECT count(*) FROM shop_orders WHERE {visible}", params).fetchall()[0][0]
        order_id, version_at = store.execute(
            f"SELECT record_id, version_at FROM shop_orders WHERE {visible} ORDER BY version_at, record_id "
            "LIMIT 1 OFFSET $middle", {**params, "middle": count // 2}).fetchall()[0]
        store.execute("UPDATE shop_orders SET total_price = -12.5 WHERE record_id = $id AND version_at = $at",
                      {"id": order_id, "at": version_at})
    return target, order_id

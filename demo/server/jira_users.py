"""Jira user objects: rendered once per clock and spliced into issues (a join in the page query costs ~3x)."""

from __future__ import annotations

import json
import threading
from collections import OrderedDict
from datetime import datetime

from demo.server import sqlfmt
from demo.server.store import Store

USER_FIELDS = ("assignee", "reporter")


def user_json_sql(base_url: str, zone: str, account: str, alias: str) -> str:
    """Jira's user shape; `emailAddress` is left out when the user hides it."""
    url = sqlfmt.quoted_literal(f"{base_url}/rest/api/3/user?accountId=")

    def shape(with_email: bool) -> str:
        pairs = [f"'self', {url} || {account}", f"'accountId', {account}"]
        if with_email:
            pairs.append(f"'emailAddress', {alias}.emailAddress")
        pairs += [f"'displayName', {alias}.displayName",
                  f"'active', coalesce({alias}.active, false) AND NOT {alias}.is_deleted",
                  f"'timeZone', {sqlfmt.quoted_literal(zone)}", "'accountType', 'atlassian'"]
        return f"json_object({', '.join(pairs)})"

    return f"CASE WHEN {alias}.emailAddress IS NULL THEN {shape(False)} ELSE {shape(True)} END"


class AccountCards:
    """Every user's JSON at one clock; `splice` appends the requested user fields to an issue's `fields`."""

    def __init__(self, store: Store, base_url: str, clock: datetime, fields: tuple[str, ...]):
        self.base_url = base_url
        self.fields = fields
        sql = (f"SELECT u.accountId, CAST({user_json_sql(base_url, store.zone, 'u.accountId', 'u')} AS VARCHAR) "
               f"FROM jira_users u WHERE {sqlfmt.visible_at(deleted=sqlfmt.ANY, alias='u')}")
        self._cards = dict(store.query(sql, {"clock": clock}))
        # `"assignee":{card}` for every user and field, ready to join: splicing runs once per issue served.
        self._members = tuple({None: f'"{field}":null', **{account: f'"{field}":{card}'
                                                          for account, card in self._cards.items()}}
                              for field in fields)

    def splice(self, doc: str, account_ids: tuple) -> str:
        """`doc` ends with its `fields` object and the issue closing: `...}}`."""
        try:
            parts = ",".join([members[account] for members, account in zip(self._members, account_ids)])
        except KeyError:  # an account that is not a user at this clock
            parts = ",".join(f'"{field}":{self._card(account)}' for field, account in zip(self.fields, account_ids))
        separator = "" if doc.endswith("{}}") else ","
        return f"{doc[:-2]}{separator}{parts}}}}}"

    def _card(self, account: str | None) -> str:
        if account is None:
            return "null"
        card = self._cards.get(account)
        if card is None:  # not a user at this clock: Jira shows it as a former, inactive account
            card = json.dumps({"self": f"{self.base_url}/rest/api/3/user?accountId={account}", "accountId": account,
                               "displayName": "Former user", "active": False, "accountType": "atlassian"},
                              separators=(",", ":"))
        return card


class AccountCardCache:
    """A few clocks' worth of cards; the same object for the same clock keeps page listings equal (cacheable)."""

    def __init__(self, store: Store, base_url: str, keep: int = 4):
        self._store = store
        self._base_url = base_url
        self._keep = keep
        self._cards: OrderedDict[tuple, AccountCards] = OrderedDict()
        self._lock = threading.Lock()

    def at(self, clock: datetime, fields: tuple[str, ...]) -> AccountCards:
        key = (clock, fields)
        with self._lock:
            if key in self._cards:
                self._cards.move_to_end(key)
                return self._cards[key]
        cards = AccountCards(self._store, self._base_url, clock, fields)
        with self._lock:
            cards = self._cards.setdefault(key, cards)
            while len(self._cards) > self._keep:
                self._cards.popitem(last=False)
        return cards

"""GitHub REST: repository issues (pull requests included) with page-number Link pagination."""

from __future__ import annotations

import math
import secrets
from datetime import datetime, timezone

from demo.server import sqlfmt
from demo.server.api import FixedWindow, Request, Response, VendorApi, VendorError, bearer_token, int_param
from demo.server.credentials import same_secret
from demo.server.listing import INT, TS, Listing, OrderKey

DOCS = "https://docs.github.com/rest"
ISSUES_DOCS = "https://docs.github.com/rest/issues/issues#list-repository-issues"
SECONDARY_DOCS = ("https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api"
                  "#about-secondary-rate-limits")
SORT_COLUMNS = {"created": ("created_at", TS), "updated": ("version_at", TS), "comments": ("id", INT)}
STATES = {"open": "state = 'open'", "closed": "state = 'closed'", "all": "TRUE"}


class GitHubApi(VendorApi):
    system = "github"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._window = FixedWindow(self.state.limits.github_per_hour, 3600)
        self._repos: dict[str, str] | None = None
        self._renders: dict[str, str] = {}
        self.route("GET", r"/repos/(?P<owner>[^/]+)/(?P<name>[^/]+)/issues/?", self._issues)

    # auth, errors and limits
    def authenticated(self, request: Request) -> bool:
        return same_secret(bearer_token(request), self.credentials)

    def unauthorized(self, request: Request) -> Response:
        return _message(401, "Bad credentials", DOCS)

    def not_found(self, request: Request) -> Response:
        return _message(404, "Not Found", DOCS)

    def method_not_allowed(self, request: Request) -> Response:
        return _message(404, "Not Found", DOCS)

    def internal_error(self) -> Response:
        return _message(500, "Server Error", DOCS)

    def rate_limited(self, retry_after: float | None) -> Response:
        request_id = _request_id()
        response = _message(429, "You have exceeded a secondary rate limit. Please wait a few minutes before you try "
                                 "again. If you reach out to GitHub Support for help, please include the request ID "
                                 f"{request_id}.", SECONDARY_DOCS)
        response.headers["x-github-request-id"] = request_id
        if retry_after is not None:
            response.headers["retry-after"] = str(int(retry_after))
        return response

    def limit_headers(self, request: Request) -> dict[str, str]:
        used, remaining, reset = self._window.hit()
        return {
            "x-ratelimit-limit": str(self._window.limit),
            "x-ratelimit-remaining": str(remaining),
            "x-ratelimit-used": str(used),
            "x-ratelimit-reset": str(int(reset)),
            "x-ratelimit-resource": "core",
            "x-github-request-id": _request_id(),
            "x-github-api-version-selected": "2022-11-28",
        }

    # issues
    def _issues(self, request: Request, owner: str, name: str) -> Response:
        repo = self._repo(f"{owner}/{name}")
        per_page = int_param(request, "per_page", 30, 1, 100)
        page_number = int_param(request, "page", 1, 1, 10**9)
        listing = self._listing(request, repo)
        page, total = self.engine.page_and_count(listing, (page_number - 1) * per_page, per_page)
        headers = {}
        link = _link_header(request, page_number, max(1, math.ceil(total / per_page)))
        if link:
            headers["Link"] = link
        return Response.raw_json(200, "[" + ",".join(page.docs) + "]", headers)

    def _repo(self, full_name: str) -> str:
        if self._repos is None:
            rows = self.store.query("SELECT DISTINCT repo FROM gh_issues")
            self._repos = {row[0].lower(): row[0] for row in rows}
        repo = self._repos.get(full_name.lower())
        if repo is None:
            raise VendorError(_message(404, "Not Found", ISSUES_DOCS))
        return repo

    def _listing(self, request: Request, repo: str) -> Listing:
        where = [sqlfmt.visible_at(), "repo = $repo", STATES.get(request.param("state") or "open", STATES["open"])]
        params: list[tuple] = [("clock", self.state.store_clock()), ("repo", repo)]
        labels = [label.strip().lower() for label in (request.param("labels") or "").split(",") if label.strip()]
        if labels:
            where.append("list_has_all([lower(label) for label in coalesce(labels, [])], $labels)")
            params.append(("labels", tuple(labels)))
        since = request.param("since")
        if since:
            where.append("version_at >= $since")
            params.append(("since", _since(since)))
        column, kind = SORT_COLUMNS.get(request.param("sort") or "created", SORT_COLUMNS["created"])
        descending = (request.param("direction") or "desc") != "asc"
        order = (OrderKey(column, kind, descending),) if column == "id" else \
            (OrderKey(column, kind, descending), OrderKey("id", INT, descending))
        return Listing(source="gh_issues", where=tuple(where), params=tuple(params), order=order,
                       render=self._issue_json(repo))

    def _issue_json(self, repo: str) -> str:
        """The repo's issue rendering, built once (the same text also makes cached listings match quickly)."""
        if repo not in self._renders:
            self._renders[repo] = self._render_issue(repo)
        return self._renders[repo]

    def _render_issue(self, repo: str) -> str:
        api = sqlfmt.quoted_literal(f"{self.base_url}/repos/{repo}/issues/")
        web = sqlfmt.quoted_literal(f"https://github.com/{repo}/")
        pulls = sqlfmt.quoted_literal(f"{self.base_url}/repos/{repo}/pulls/")
        repository = sqlfmt.quoted_literal(f"{self.base_url}/repos/{repo}")
        issue = sqlfmt.struct([
            ("url", f"{api} || r.number"), ("repository_url", repository),
            ("html_url", f"{web} || CASE WHEN r.is_pull_request THEN 'pull/' ELSE 'issues/' END || r.number"),
            ("id", "r.id"), ("node_id", "'I_demo' || r.id"), ("number", "r.number"), ("title", "r.title"),
            ("user", _user("r.user_login")),
            ("labels", "[{'name': label, 'default': label = 'bug'} for label in coalesce(r.labels, [])]"),
            ("state", "r.state"), ("locked", "false"), ("assignee", _user("r.assignee_login")),
            ("assignees", f"CASE WHEN r.assignee_login IS NULL THEN [] ELSE [{_user('r.assignee_login')}] END"),
            ("milestone", "CASE WHEN r.milestone IS NOT NULL THEN {'title': r.milestone} END"),
            ("comments", "0"), ("created_at", _stamp("r.created_at")), ("updated_at", _stamp("r.version_at")),
            ("closed_at", _stamp("r.closed_at")), ("author_association", "'MEMBER'"), ("body", "NULL"),
            ("state_reason", "CASE WHEN r.state = 'closed' THEN 'completed' END"),
        ])
        links = [("url", f"{pulls} || r.number"), ("html_url", f"{web} || 'pull/' || r.number")]
        pull_request = (f"CASE WHEN r.closed_at IS NULL THEN to_json({sqlfmt.struct(links)}) "
                        f"ELSE to_json({sqlfmt.struct([*links, ('merged_at', _stamp('r.closed_at'))])}) END")
        # A pull request is the issue with `pull_request` appended (`merged_at` only once merged): the issue's
        # closing brace is cut and put back after it, so the issue is rendered once for both kinds.
        return (f"left(CAST(to_json({issue}) AS VARCHAR), -1) || CASE WHEN r.is_pull_request "
                f"THEN ',\"pull_request\":' || CAST({pull_request} AS VARCHAR) ELSE '' END || '}}'")


def _stamp(column: str) -> str:
    return sqlfmt.utc_iso(column, millis=False)


def _user(login: str) -> str:
    return (f"CASE WHEN {login} IS NOT NULL THEN {{'login': {login}, "
            f"'id': (hash({login}) % 90000000 + 10000000)::BIGINT, 'type': 'User', 'site_admin': false}} END")


def _since(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise VendorError(Response.json(422, {
            "message": "Validation Failed", "errors": [{"resource": "Issue", "field": "since", "code": "invalid"}],
            "documentation_url": ISSUES_DOCS, "status": "422"})) from None
    return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment


def _link_header(request: Request, page: int, last: int) -> str:
    links = []
    if page > 1:
        links.append((min(page - 1, last), "prev"))
    if page < last:
        links += [(page + 1, "next"), (last, "last")]
    if page > 1:
        links.append((1, "first"))
    urls = request.urls_with("page", [str(number) for number, _ in links])
    return ", ".join(f'<{url}>; rel="{rel}"' for url, (_, rel) in zip(urls, links))


def _request_id() -> str:
    return ":".join(secrets.token_hex(n).upper() for n in (2, 2, 3, 3, 4))


def _message(status: int, message: str, documentation_url: str) -> Response:
    return Response.json(status, {"message": message, "documentation_url": documentation_url, "status": str(status)})

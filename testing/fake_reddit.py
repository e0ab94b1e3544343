"""A local, Reddit-compatible HTTP server for tests and benchmarks.

It implements the endpoints PRAW calls while collecting: the OAuth token endpoint, subreddit and
site-wide search, submission comment trees with ``more`` placeholders, ``/api/morechildren``,
``/api/info`` and ``/r/{sub}/about``. Responses are Reddit-shaped JSON (``Listing`` / ``t3`` / ``t1``
/ ``more``) with ``after`` pagination and ``x-ratelimit-*`` headers. Faults are scripted per path
prefix (a 429 with Retry-After, 500s, a dropped connection, a malformed body) so tests can drive
the real PRAW/prawcore code through them.
"""

from __future__ import annotations

import base64
import json
import random
import threading
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

CLIENT_ID = "fake-client-id"
CLIENT_SECRET = "fake-client-secret"
USERNAME = "collector_bot"
PASSWORD = "fake-password"

# Real-looking author names: tests assert none of them survives into any table.
AUTHOR_NAMES = [
    "budi_santoso", "SitiRahmawati88", "agus_prasetyo_id", "DewiLestari", "rizky_ramadhan21",
    "putri_ayu_w", "HendraGunawan", "IndahPermata_", "joko_widodo_fan", "MayaSari99",
]

TOPIC_TITLES = [
    "Akhirnya hapus akun facebook setelah Meta AI iklan",
    "#hapusakunfacebook trending lagi, kalian ikut?",
    "Cara hapus fb permanen, bukan cuma deact fb",
    "Should I delete facebook? Meta AI chats now used for ads",
    "Tinggalkan facebook, pindah ke mana ya?",
    "Paten Meta soal persona AI orang meninggal bikin ngeri, hapus akun facebook aja",
    "#deletefacebook again: the dead-user AI persona patent",
]


@dataclass
class Fault:
    """One scripted response served instead of the normal one."""

    status: int = 500
    body: str = '{"message": "Internal Server Error", "error": 500}'
    headers: dict[str, str] = field(default_factory=dict)
    drop: bool = False  # close the connection without answering (a network failure)


@dataclass
class FakeRedditState:
    submissions: dict[str, dict] = field(default_factory=dict)  # id36 -> data
    comments: dict[str, dict] = field(default_factory=dict)  # id36 -> data (parent_id, link_id, ...)
    subreddits: set[str] = field(default_factory=lambda: {"indonesia", "all"})
    faults: dict[str, list[Fault]] = field(default_factory=lambda: defaultdict(list))
    requests: list[tuple[str, str]] = field(default_factory=list)  # (method, path)
    inline_top_comments: int = 3  # top-level comments shown inline; the rest behind a "more"
    max_page: int = 100


class FakeReddit:
    """Threaded fake Reddit on 127.0.0.1 (port 0). Use as a context manager or call start/stop."""

    def __init__(self) -> None:
        self.state = FakeRedditState()
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeReddit:
        handler = type("Handler", (_Handler,), {"fake": self})
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeReddit:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    @property
    def url(self) -> str:
        assert self._server is not None, "server not started"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def env(self, **extra: str) -> dict[str, str]:
        """Environment variables that point the collector at this server."""
        return {
            "REDDIT_CLIENT_ID": CLIENT_ID,
            "REDDIT_CLIENT_SECRET": CLIENT_SECRET,
            "REDDIT_USER_AGENT": "hapuswatch-tests/1.0 (by fake)",
            "REDDIT_OAUTH_URL": self.url,
            "REDDIT_URL": self.url,
            **extra,
        }

    # -- content -----------------------------------------------------------------------------
    def add_subreddit(self, name: str) -> None:
        self.state.subreddits.add(name.lower())

    def add_submission(
        self, id36: str, *, subreddit: str = "indonesia", title: str, selftext: str = "",
        author: str = "budi_santoso", created_utc: float, score: int = 1,
        removed_by_category: str | None = None, extra: dict | None = None,
    ) -> dict:
        self.add_subreddit(subreddit)
        data = {
            "id": id36, "name": f"t3_{id36}", "subreddit": subreddit,
            "subreddit_name_prefixed": f"r/{subreddit}", "title": title, "selftext": selftext,
            "author": author, "author_fullname": f"t2_{zlib.crc32(author.encode()):x}",
            "created_utc": float(created_utc), "score": score, "num_comments": 0,
            "permalink": f"/r/{subreddit}/comments/{id36}/post/", "url": f"https://www.reddit.com/r/{subreddit}/comments/{id36}/",
            "removed_by_category": removed_by_category, "is_self": True, "over_18": False,
            "edited": False, "upvote_ratio": 0.9,
        }
        data.update(extra or {})
        with self._lock:
            self.state.submissions[id36] = data
        return data

    def add_comment(
        self, id36: str, *, link: str, parent: str | None = None, body: str,
        author: str = "SitiRahmawati88", created_utc: float, score: int = 1,
    ) -> dict:
        sub = self.state.submissions[link]
        data = {
            "id": id36, "name": f"t1_{id36}", "link_id": f"t3_{link}",
            "parent_id": f"t1_{parent}" if parent else f"t3_{link}", "subreddit": sub["subreddit"],
            "body": body, "author": author, "author_fullname": f"t2_{zlib.crc32(author.encode()):x}",
            "created_utc": float(created_utc), "score": score,
            "permalink": f"{sub['permalink']}{id36}/", "edited": False, "removed_by_category": None,
        }
        with self._lock:
            self.state.comments[id36] = data
            sub["num_comments"] += 1
        return data

    def delete(self, fullname: str, *, removed: bool = False) -> None:
        """Mark an item deleted by its author (or removed by moderators), as Reddit shows it."""
        kind, id36 = fullname.split("_", 1)
        data = (self.state.submissions if kind == "t3" else self.state.comments)[id36]
        marker = "[removed]" if removed else "[deleted]"
        with self._lock:
            if kind == "t3":
                data["selftext"] = marker
                data["removed_by_category"] = "moderator" if removed else "deleted"
            else:
                data["body"] = marker
            if not removed:
                data["author"] = "[deleted]"
                data.pop("author_fullname", None)

    def populate(self, n_submissions: int, *, now: datetime, days: int = 3, comments_per: int = 6,
                 seed: int = 7, subreddits: tuple[str, ...] = ("indonesia",)) -> None:
        """Add ``n_submissions`` on-topic threads spread over the ``days`` before ``now``."""
        rng = random.Random(seed)
        start = (now - timedelta(days=days)).timestamp()
        span = days * 86400 - 60
        for i in range(n_submissions):
            sid = f"s{i:05d}"
            created = start + rng.random() * span
            self.add_submission(
                sid, subreddit=subreddits[i % len(subreddits)], title=rng.choice(TOPIC_TITLES),
                selftext=f"Postingan nomor {i}: capek sama Meta AI iklan. cc u/{rng.choice(AUTHOR_NAMES)}",
                author=rng.choice(AUTHOR_NAMES), created_utc=created, score=rng.randint(0, 500),
            )
            ids: list[str] = []
            for j in range(comments_per):
                cid = f"c{i:05d}x{j:02d}"
                parent = ids[rng.randrange(len(ids))] if ids and rng.random() < 0.4 else None
                self.add_comment(
                    cid, link=sid, parent=parent, body=f"Setuju, aku juga mau hapus fb ({j})",
                    author=rng.choice(AUTHOR_NAMES), created_utc=created + 60 * (j + 1),
                )
                ids.append(cid)

    # -- faults ------------------------------------------------------------------------------
    def fail_next(self, path_prefix: str, *faults: Fault) -> None:
        """Serve ``faults`` (in order) to the next requests whose path starts with ``path_prefix``."""
        with self._lock:
            self.state.faults[path_prefix].extend(faults)

    def count(self, path_prefix: str = "") -> int:
        return sum(1 for _m, p in self.state.requests if p.startswith(path_prefix))

    def _take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for prefix, queue in self.state.faults.items():
                if queue and path.startswith(prefix):
                    return queue.pop(0)
        return None

    # -- rendering ---------------------------------------------------------------------------
    def _thing(self, data: dict) -> dict:
        kind = "t3" if data["name"].startswith("t3_") else "t1"
        return {"kind": kind, "data": {k: v for k, v in data.items() if not k.startswith("_")}}

    def search(self, subreddit: str, params: dict[str, str]) -> dict:
        terms = [t for t in params.get("q", "").lower().replace("#", " ").split() if t]
        restrict = params.get("restrict_sr", "false").lower() in {"1", "true", "on"} and subreddit != "all"
        with self._lock:
            found = [
                s for s in self.state.submissions.values()
                if (not restrict or s["subreddit"].lower() == subreddit.lower())
                and all(t in f"{s['title']} {s['selftext']}".lower().replace("#", " ") for t in terms)
            ]
        found.sort(key=lambda s: (-s["created_utc"], s["id"]))
        return self._page(found, params)

    def _page(self, items: list[dict], params: dict[str, str]) -> dict:
        limit = min(int(params.get("limit", 25) or 25), self.state.max_page)
        after = params.get("after")
        start = 0
        if after:
            names = [s["name"] for s in items]
            start = names.index(after) + 1 if after in names else len(items)
        page = items[start : start + limit]
        next_after = page[-1]["name"] if page and start + limit < len(items) else None
        return {"kind": "Listing", "data": {"after": next_after, "before": None, "dist": len(page),
                                            "children": [self._thing(s) for s in page]}}

    def _children_of(self, parent_fullname: str) -> list[dict]:
        kids = [c for c in self.state.comments.values() if c["parent_id"] == parent_fullname]
        return sorted(kids, key=lambda c: (c["created_utc"], c["id"]))

    def _comment_tree(self, data: dict, depth: int) -> dict:
        kids = self._children_of(data["name"])
        thing = self._thing(data)
        thing["data"]["depth"] = depth
        thing["data"]["replies"] = (
            {"kind": "Listing", "data": {"after": None, "children": [self._comment_tree(k, depth + 1) for k in kids]}}
            if kids else ""
        )
        return thing

    def comments_page(self, id36: str) -> list[dict] | None:
        with self._lock:
            sub = self.state.submissions.get(id36)
            if sub is None:
                return None
            top = self._children_of(sub["name"])
            inline, hidden = top[: self.state.inline_top_comments], top[self.state.inline_top_comments :]
            children = [self._comment_tree(c, 0) for c in inline]
            if hidden:
                children.append({"kind": "more", "data": {
                    "count": len(hidden), "name": "t1__", "id": "_", "parent_id": sub["name"], "depth": 0,
                    "children": [c["id"] for c in hidden]}})
            return [
                {"kind": "Listing", "data": {"after": None, "children": [self._thing(sub)]}},
                {"kind": "Listing", "data": {"after": None, "children": children}},
            ]

    def morechildren(self, params: dict[str, str]) -> dict:
        wanted = [c for c in params.get("children", "").split(",") if c]
        things: list[dict] = []
        with self._lock:
            def walk(cid: str, depth: int) -> None:
                c = self.state.comments.get(cid)
                if c is None:
                    return
                thing = self._thing(c)
                thing["data"]["replies"] = ""
                thing["data"]["depth"] = depth
                things.append(thing)  # pre-order: a parent always precedes its replies
                for kid in self._children_of(c["name"]):
                    walk(kid["id"], depth + 1)
            for cid in wanted:
                walk(cid, 0)
        return {"json": {"errors": [], "data": {"things": things}}}

    def info(self, params: dict[str, str]) -> dict:
        names = [n for n in params.get("id", "").split(",") if n]
        found = []
        with self._lock:
            for n in names[:100]:
                kind, _, id36 = n.partition("_")
                data = (self.state.submissions if kind == "t3" else self.state.comments).get(id36)
                if data is not None:
                    found.append(self._thing(data))
        return {"kind": "Listing", "data": {"after": None, "children": found}}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeReddit
    protocol_version = "HTTP/1.0"  # one connection per request: no keep-alive races between clients
    disable_nagle_algorithm = True  # header and body are separate writes: avoid 40 ms delayed-ACK stalls

    def log_message(self, *args: object) -> None:  # keep test output quiet
        return

    def _params(self) -> dict[str, str]:
        query = parse_qs(urlsplit(self.path).query)
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode("utf-8") if length else ""
            query.update(parse_qs(body))
        return {k: v[-1] for k, v in query.items()}

    def _send(self, status: int, body: object, headers: dict[str, str] | None = None) -> None:
        raw = body.encode("utf-8") if isinstance(body, str) else json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=UTF-8")
        self.send_header("Content-Length", str(len(raw)))
        # Generous limits: PRAW's rate limiter must not sleep in tests unless a test asks it to.
        base = {"x-ratelimit-remaining": "599.0", "x-ratelimit-used": "1", "x-ratelimit-reset": "60"}
        for k, v in {**base, **(headers or {})}.items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(raw)

    def do_GET(self) -> None:  # noqa: N802 (http.server API)
        self._dispatch()

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path.rstrip("/") or "/"
        params = self._params()
        fake = self.fake
        with fake._lock:
            fake.state.requests.append((self.command, path))
        fault = fake._take_fault(path)
        if fault is not None:
            if fault.drop:
                self.close_connection = True
                self.connection.shutdown(2)
                return
            self._send(fault.status, fault.body, fault.headers)
            return
        if path == "/api/v1/access_token":
            self._token(params)
            return
        if not self.headers.get("Authorization", "").lower().startswith("bearer "):
            self._send(401, {"message": "Unauthorized", "error": 401})
            return
        parts = path.strip("/").split("/")
        if parts[:1] == ["r"] and len(parts) == 3 and parts[2] == "about":
            name = parts[1].lower()
            if name not in fake.state.subreddits:
                self._send(404, {"message": "Not Found", "error": 404})
                return
            self._send(200, {"kind": "t5", "data": {"display_name": parts[1], "id": name[:6],
                                                      "name": f"t5_{name[:6]}", "subscribers": 1}})
        elif parts[:1] == ["r"] and len(parts) == 3 and parts[2] == "search":
            if parts[1].lower() not in fake.state.subreddits:
                self._send(404, {"message": "Not Found", "error": 404})
                return
            self._send(200, fake.search(parts[1], params))
        elif parts == ["search"]:
            self._send(200, fake.search("all", params))
        elif parts[:1] == ["comments"] and len(parts) >= 2:
            page = fake.comments_page(parts[1])
            if page is None:
                self._send(404, {"message": "Not Found", "error": 404})
            else:
                self._send(200, page)
        elif parts == ["api", "morechildren"]:
            self._send(200, fake.morechildren(params))
        elif parts == ["api", "info"]:
            self._send(200, fake.info(params))
        else:
            self._send(404, {"message": "Not Found", "error": 404})

    def _token(self, params: dict[str, str]) -> None:
        auth = self.headers.get("Authorization", "")
        try:
            user, _, secret = base64.b64decode(auth.split(" ", 1)[1]).decode().partition(":")
        except Exception:  # noqa: BLE001 - any malformed header is a 401, as on Reddit
            user, secret = "", ""
        grant = params.get("grant_type")
        ok = user == CLIENT_ID and secret == CLIENT_SECRET
        if grant == "password":
            ok = ok and params.get("username") == USERNAME and params.get("password") == PASSWORD
        elif grant != "client_credentials":
            ok = False
        if not ok:
            self._send(401, {"message": "Unauthorized", "error": 401})
            return
        self._send(200, {"access_token": "fake-token", "token_type": "bearer", "expires_in": 86400, "scope": "*"})


def utc(*args: int) -> datetime:
    """Shorthand for an aware UTC datetime."""
    return datetime(*args, tzinfo=UTC)

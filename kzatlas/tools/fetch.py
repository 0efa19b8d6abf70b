"""Fetching one web page for ``add --online`` without reaching into the network the
command runs in. A URL typed by a user, or a redirect chosen by a server, may point
at ``127.0.0.1``, a router, a cloud metadata service (``169.254.169.254``) or an
intranet host, and the page would then be saved as a seed for everyone to read.

So every request, the first and each redirect, is checked the same way before any
byte is sent: the scheme is http or https; the host name is resolved here and
every address it resolves to must be a public one (not loopback, private,
link-local, reserved, multicast or unspecified, also when written as an
IPv4-mapped IPv6 address, a decimal ``2130706433`` or a hex ``0x7f000001``, which
the resolver turns into 127.0.0.1 before the check sees them); and the connection
goes to the address that was checked, so a second DNS answer cannot swap it
(DNS rebinding). A whole fetch, redirects included, has one deadline: a watchdog
closes the socket when it passes, so a server that trickles a byte at a time
cannot keep the command waiting (a per-read timeout alone would).

Resolver and connector can be replaced (tests point a public-looking name at a
local test server); the address rule itself cannot be turned off.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import threading
import time
import urllib.parse
from typing import Callable

from kzatlas import __version__
from kzatlas.errors import ArticleError

USER_AGENT = f"kzatlas/{__version__} (Kazakhstan Science Cooperation Atlas; article ingest for research)"
ALLOWED_SCHEMES = ("http", "https")
MAX_REDIRECTS = 5
#: One deadline for a whole fetch (connect, redirects, headers and body).
FETCH_DEADLINE_SECONDS = 20.0
_REDIRECTS = (301, 302, 303, 307, 308)

#: (host, port) -> the IP addresses it resolves to, as text.
Resolver = Callable[[str, int], list[str]]
#: ((ip, port), timeout) -> a connected socket.
Connector = Callable[[tuple[str, int], float], socket.socket]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def system_resolver(host: str, port: int) -> list[str]:
    """Every address the system resolver gives for ``host`` (IP literals, decimal
    and hex forms included), in its order, without duplicates."""
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def address_problem(ip: IPAddress) -> str:
    """Why ``add --online`` must not connect to ``ip`` ('' for a public address)."""
    if isinstance(ip, ipaddress.IPv6Address):
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if embedded is not None:
            problem = address_problem(embedded)
            if problem:
                return problem
    for label, flag in (
        ("a loopback", ip.is_loopback),
        ("an unspecified", ip.is_unspecified),
        ("a link-local", ip.is_link_local),
        ("a multicast", ip.is_multicast),
        ("a private", ip.is_private),
        ("a reserved", ip.is_reserved),
    ):
        if flag:
            return f"{label} address"
    if not ip.is_global:  # shared address space (100.64/10) and the like
        return "a non-public address"
    return ""


class _Deadline:
    def __init__(self, seconds: float, url: str) -> None:
        self.seconds = seconds
        self.url = url
        self.end = time.monotonic() + seconds

    def passed(self) -> bool:
        return time.monotonic() >= self.end

    def remaining(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise self.error()
        return left

    def error(self) -> ArticleError:
        return ArticleError(f"refused: fetching {self.url} took longer than {self.seconds:g} s")


def _resolve_checked(host: str, port: int, resolver: Resolver, deadline: _Deadline) -> str:
    """The first address of ``host`` after checking them all; ArticleError says why not."""
    answer: dict[str, object] = {}

    def run() -> None:
        try:
            answer["ips"] = resolver(host, port)
        except Exception as exc:  # noqa: BLE001 - reported below with the host name
            answer["error"] = exc

    # getaddrinfo has no timeout of its own: run it aside and stop waiting at the deadline.
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(deadline.remaining())
    if worker.is_alive():
        raise deadline.error()
    if "error" in answer:
        raise ArticleError(f"could not resolve {host}: {answer['error']}")
    ips = [str(ip) for ip in answer.get("ips") or []]  # type: ignore[union-attr]
    if not ips:
        raise ArticleError(f"could not resolve {host}: no address")
    for text in ips:
        try:
            ip = ipaddress.ip_address(text.split("%", 1)[0])
        except ValueError:
            raise ArticleError(f"refused: {host} resolves to {text!r}, not an IP address") from None
        problem = address_problem(ip)
        if problem:
            shown = host if host == text else f"{host} ({text})"
            raise ArticleError(f"refused: {shown} is {problem}; add --online fetches public addresses only")
    return ips[0]


class _PinnedHTTP(http.client.HTTPConnection):
    """An HTTP connection to an address checked beforehand (Host header unchanged)."""

    def __init__(self, host: str, port: int, ip: str, timeout: float, connector: Connector) -> None:
        super().__init__(host, port, timeout=timeout)
        self._ip, self._connector = ip, connector

    def connect(self) -> None:
        self.sock = self._connector((self._ip, self.port), self.timeout)


class _PinnedHTTPS(http.client.HTTPSConnection):
    """An HTTPS connection to a checked address; the certificate is checked for the host name."""

    def __init__(self, host: str, port: int, ip: str, timeout: float, connector: Connector,
                 context: ssl.SSLContext) -> None:
        super().__init__(host, port, timeout=timeout, context=context)
        self._ip, self._connector, self._ctx = ip, connector, context

    def connect(self) -> None:
        sock = self._connector((self._ip, self.port), self.timeout)
        self.sock = self._ctx.wrap_socket(sock, server_hostname=self.host)


def _default_connector(address: tuple[str, int], timeout: float) -> socket.socket:
    return socket.create_connection(address, timeout=timeout)


def _abort(sock: socket.socket) -> None:
    """The watchdog: wake any read blocked on the socket when the deadline passes."""
    try:
        sock.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass


def _media_type(content_type: str) -> str:
    return content_type.split(";", 1)[0].strip().lower()


class SafeFetcher:
    """``fetcher(url) -> (body, content_type)`` for public http(s) pages only.

    Non-HTML answers come back with an empty body (the caller refuses them by their
    Content-Type); a body over ``max_bytes`` comes back as ``max_bytes + 1`` bytes,
    so the caller can say it is too large without it being downloaded whole.
    """

    def __init__(
        self,
        *,
        max_bytes: int = 5_000_000,
        deadline_seconds: float = FETCH_DEADLINE_SECONDS,
        accept_types: tuple[str, ...] = ("text/html", "application/xhtml+xml"),
        resolver: Resolver = system_resolver,
        connector: Connector = _default_connector,
        ssl_context: ssl.SSLContext | None = None,
        max_redirects: int = MAX_REDIRECTS,
        user_agent: str = USER_AGENT,
    ) -> None:
        self.max_bytes = max_bytes
        self.deadline_seconds = deadline_seconds
        self.accept_types = accept_types
        self.resolver = resolver
        self.connector = connector
        self.ssl_context = ssl_context or ssl.create_default_context()
        self.max_redirects = max_redirects
        self.user_agent = user_agent

    def __call__(self, url: str) -> tuple[bytes, str]:
        deadline = _Deadline(self.deadline_seconds, url)
        current = url
        for _hop in range(self.max_redirects + 1):
            status, location, content_type, body = self._request(current, deadline)
            if status in _REDIRECTS:
                if not location:
                    raise ArticleError(f"could not fetch {current}: HTTP {status} without a Location")
                current = urllib.parse.urljoin(current, location)
                continue
            if status != 200:
                raise ArticleError(f"could not fetch {current}: HTTP {status}")
            return body, content_type
        raise ArticleError(f"refused: more than {self.max_redirects} redirects from {url}")

    def _request(self, url: str, deadline: _Deadline) -> tuple[int, str, str, bytes]:
        try:
            parts = urllib.parse.urlsplit(url)
            port = parts.port
        except ValueError as exc:
            raise ArticleError(f"refused: {url!r} is not a valid URL ({exc})") from None
        scheme = parts.scheme.lower()
        if scheme not in ALLOWED_SCHEMES:
            raise ArticleError(f"refused: {url} uses {scheme or 'no scheme'}:, only http and https are fetched")
        host = parts.hostname
        if not host:
            raise ArticleError(f"refused: {url} has no host name")
        if parts.username or parts.password:
            raise ArticleError(f"refused: {scheme}://…@{host}: URLs with credentials are not fetched")
        port = port or (443 if scheme == "https" else 80)
        ip = _resolve_checked(host, port, self.resolver, deadline)
        timeout = deadline.remaining()
        conn: http.client.HTTPConnection
        if scheme == "https":
            conn = _PinnedHTTPS(host, port, ip, timeout, self.connector, self.ssl_context)
        else:
            conn = _PinnedHTTP(host, port, ip, timeout, self.connector)
        watchdog: threading.Timer | None = None
        try:
            path = urllib.parse.urlunsplit(("", "", parts.path or "/", parts.query, ""))
            conn.request("GET", path, headers={
                "User-Agent": self.user_agent,
                "Accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1",
                "Accept-Encoding": "identity",
            })
            # The socket itself: the connection forgets it once a response will close it.
            sock = conn.sock
            assert sock is not None
            watchdog = threading.Timer(deadline.remaining(), _abort, args=(sock,))
            watchdog.daemon = True
            watchdog.start()
            response = conn.getresponse()
            status = response.status
            location = response.getheader("Location", "") or ""
            content_type = response.getheader("Content-Type", "") or ""
            if status in _REDIRECTS or status != 200 or _media_type(content_type) not in self.accept_types:
                return status, location, content_type, b""
            chunks: list[bytes] = []
            size = 0
            while size <= self.max_bytes:
                sock.settimeout(deadline.remaining())
                chunk = response.read1(min(65536, self.max_bytes + 1 - size))
                if not chunk:
                    break
                chunks.append(chunk)
                size += len(chunk)
            if deadline.passed():
                raise deadline.error()  # the watchdog cut the body short: not a whole page
            return status, location, content_type, b"".join(chunks)
        except ArticleError:
            raise
        except (OSError, http.client.HTTPException) as exc:
            if deadline.passed():
                raise deadline.error() from None
            raise ArticleError(f"could not fetch {url}: {exc}") from None
        finally:
            if watchdog is not None:
                watchdog.cancel()
            conn.close()

"""The public atlas attacked as an attacker would, one named case per attack with
its expected outcome (issue 10): hostile uploads (a page that made the old HTML
parser quadratic, a page that keeps trafilatura busy, the 151st file of a session),
crafted links whose values would become live links in the app's notices, formula
cells in the CSV files, ``add --online`` pointed at internal addresses directly or
through a redirect (a local HTTP server, no internet), a place name that deck.gl
would evaluate, two builds racing into one folder, and the reader's isolation.

Cases marked ``browser`` run the dashboard in headless Chromium (see
test_browser.py, whose server and browser fixtures they share).
"""

from __future__ import annotations

import contextlib
import http.server
import json
import os
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any, Iterator

import pytest
from test_browser import browser, page  # noqa: F401 - the Chromium fixtures the browser cases share

from benchmarks.synthetic import article_row, event_row, evidence_at, write_tables
from kzatlas import fsio
from kzatlas.build import uploads
from kzatlas.build.pipeline import build
from kzatlas.build.urls import strip_secret_params
from kzatlas.build.webpage import extract_article
from kzatlas.csvcells import neutralise, restore
from kzatlas.errors import ArticleError, SchemaError
from kzatlas.paths import REPO_DIR, SEEDS_DIR
from kzatlas.tools.fetch import SafeFetcher, address_problem, system_resolver
from kzatlas.tools.ingest import add_sources
from kzatlas.viz import engine, export, maps, views
from kzatlas.viz.filters import filters_from_query

SEED = SEEDS_DIR / "001_810d2901ba628269.txt"


# =========================================================================== uploads


def quadratic_page(size: int) -> bytes:
    """The page that made html.parser-based extraction quadratic: many unclosed tags
    followed by as many stray end tags (90 KB took 8.8 s, 400 KB three minutes)."""
    n = (size - 40) // 9  # "<div>" + "</b>"
    return ("<html><body><p>text.</p>" + "<div>" * n + "</b>" * n).encode()


def quadratic_article(size: int) -> bytes:
    """The same shape after a real article, so that the page has a main text."""
    text = "".join(
        f"<p>Nazarbayev University signed an agreement with CERN in Geneva on {d} May 2024, "
        "the university said in a statement on its website.</p>" for d in range(1, 28)
    )
    head = f"<html><head><title>NU and CERN</title></head><body><article>{text}</article>"
    n = (size - len(head)) // 9
    return (head + "<div>" * n + "</b>" * n).encode()


def busy_page(size: int) -> bytes:
    """A page trafilatura needs tens of seconds for: a few hundred thousand tiny
    unclosed paragraphs (measured: 2 MB, 29 s in precision mode)."""
    return ("<html><body>" + "<p>word. " * (size // 10))[:size].encode()


@pytest.mark.parametrize(
    "name, data, outcome",
    [
        pytest.param("quadratic.html", quadratic_page(2_000_000), "refused: no main text", id="quadratic-page-2MB"),
        pytest.param("quadratic-article.html", quadratic_article(2_000_000), "processed", id="quadratic-after-article-2MB"),
    ],
)
def test_quadratic_page_is_handled_within_10_s(name: str, data: bytes, outcome: str) -> None:
    assert len(data) >= 1_990_000
    t0 = time.monotonic()
    result = uploads.process_uploads([(name, data)], limits=uploads.UploadLimits(seconds_per_file=10))
    elapsed = time.monotonic() - t0
    assert elapsed < 10, f"{name} took {elapsed:.1f} s"
    if outcome == "processed":
        assert len(result.articles) == 1 and result.events, result.report
    else:
        [refused] = result.report["skipped"]
        assert "no main text" in refused["reason"] and not result.articles


def test_quadratic_page_through_the_extractor_directly_is_linear() -> None:
    t0 = time.monotonic()
    with pytest.raises(ArticleError, match="no main text"):
        extract_article(quadratic_page(2_000_000).decode())
    assert time.monotonic() - t0 < 10


def test_busy_page_is_stopped_at_the_time_limit_and_the_next_file_still_runs() -> None:
    limits = uploads.UploadLimits(seconds_per_file=2)
    t0 = time.monotonic()
    result = uploads.process_uploads([("busy.html", busy_page(2_000_000)), (SEED.name, SEED.read_bytes())],
                                     limits=limits)
    elapsed = time.monotonic() - t0
    [refused] = result.report["skipped"]
    assert refused["file"] == "busy.html"
    assert "took longer than 2 s and was stopped (KZATLAS_UPLOAD_SECONDS)" in refused["reason"]
    assert len(result.articles) == 1 and result.events  # a new worker took the next file
    assert elapsed < 2 + 20, elapsed  # the limit plus two worker starts and the seed's extraction


def _tiny(i: int) -> tuple[str, bytes]:
    return f"note-{i}.txt", f"Note {i}: Nazarbayev University met CERN in Geneva on 3 May 2024.\n".encode()


def test_the_151st_upload_of_a_session_is_refused() -> None:
    first = uploads.process_uploads([_tiny(i) for i in range(150)])
    assert first.session.files_used == 150 and first.report["skipped"] == []
    again = uploads.process_uploads([_tiny(3), _tiny(150)], first.session)  # one old file, one new
    assert [s["file"] for s in again.report["skipped"]] == ["note-150.txt"]
    assert "already uploaded 150 files, the limit per session (KZATLAS_UPLOAD_MAX_FILES)" in again.report["skipped"][0]["reason"]
    assert again.session.files_used == 150 and len(again.articles) == len(first.articles)


@pytest.mark.parametrize(
    "files, limits, reason",
    [
        pytest.param([("a.txt", b"x" * 600_000), ("b.txt", b"y" * 600_000)],
                     uploads.UploadLimits(session_bytes=1_000_000), "over 1 MB (KZATLAS_UPLOAD_MAX_MB); 0.6 MB used",
                     id="session-bytes"),
        pytest.param([("big.txt", b"x" * 2_000_001)], uploads.UploadLimits(), "larger than 2,000,000 bytes",
                     id="file-bytes"),
        pytest.param([("run.exe", b"MZ")], uploads.UploadLimits(), "type .exe not accepted", id="file-type"),
    ],
)
def test_upload_refusals_name_the_limit(files: list, limits: uploads.UploadLimits, reason: str) -> None:
    admitted, refused, _session = uploads.admit(files, uploads.UploadSession(), limits)
    assert refused and reason in refused[-1]["reason"], refused


@pytest.mark.parametrize(
    "env, message",
    [
        pytest.param({"KZATLAS_UPLOAD_SECONDS": "soon"}, "KZATLAS_UPLOAD_SECONDS='soon'", id="not-a-number"),
        pytest.param({"KZATLAS_UPLOAD_MAX_FILES": "-1"}, "KZATLAS_UPLOAD_MAX_FILES='-1'", id="negative"),
        pytest.param({"KZATLAS_UPLOAD_MAX_MB": "0"}, "KZATLAS_UPLOAD_MAX_MB='0'", id="zero"),
    ],
)
def test_unusable_limit_settings_are_named(env: dict, message: str) -> None:
    from kzatlas.errors import ConfigError

    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        uploads.UploadLimits.from_env(env)


def test_limit_settings_from_the_environment() -> None:
    limits = uploads.UploadLimits.from_env(
        {"KZATLAS_UPLOAD_SECONDS": "2.5", "KZATLAS_UPLOAD_MAX_FILES": "7", "KZATLAS_UPLOAD_MAX_MB": "1.5"}
    )
    assert (limits.seconds_per_file, limits.session_files, limits.session_bytes) == (2.5, 7, 1_500_000)


def test_two_uploads_with_one_stem_get_different_article_ids() -> None:
    _name, text = _tiny(1)
    result = uploads.process_uploads([("news.txt", text), ("sub/news.md", text.replace(b"CERN", b"ESA"))])
    ids = [a["article_id"] for a in result.articles]
    assert len(ids) == 2 and len(set(ids)) == 2 and all(i.startswith("upload-news-") for i in ids)


# =========================================================================== crafted links

CRAFTED_LINK = {"event": "www.evil-atlas.example/login", "country": ["http://evil.example/x", "user@evil.example"]}


def test_crafted_link_values_reach_the_notices_only_as_text() -> None:
    from kzatlas.viz.filters import FilterOptions, event_from_query
    from kzatlas.viz.notices import notice_html

    _f, notices = filters_from_query(CRAFTED_LINK, FilterOptions(countries=("RU",)))
    _e, more = event_from_query(CRAFTED_LINK, ["e1"])
    boxes = [notice_html(n) for n in notices + more]
    assert any("www.evil-atlas.example/login" in b for b in boxes)
    assert all("<a" not in b and b.count("<") == 2 for b in boxes)


# =========================================================================== CSV formulas

FORMULA = '=HYPERLINK("http://evil.example/x","Read more")'


@pytest.mark.parametrize(
    "cell, written",
    [
        pytest.param(FORMULA, "'" + FORMULA, id="equals"),
        pytest.param("+1+2", "'+1+2", id="plus-formula"),
        pytest.param("-2+3", "'-2+3", id="minus-formula"),
        pytest.param("@SUM(A1)", "'@SUM(A1)", id="at"),
        pytest.param("\t=1", "'\t=1", id="tab"),
        pytest.param("\r=1", "'\r=1", id="carriage-return"),
        pytest.param("--06-13", "'--06-13", id="partial-date-is-a-formula-to-excel"),
        pytest.param("-12.5", "-12.5", id="negative-number-stays"),
        pytest.param("+7", "+7", id="signed-number-stays"),
        pytest.param("1e-3", "1e-3", id="number-stays"),
        pytest.param("'=already", "''=already", id="apostrophe-formula-kept-reversible"),
        pytest.param("'quoted", "'quoted", id="plain-apostrophe"),
        pytest.param("Almaty", "Almaty", id="plain"),
        pytest.param("", "", id="empty"),
    ],
)
def test_csv_cells_are_neutralised_and_restored(cell: str, written: str) -> None:
    assert neutralise(cell) == written
    assert restore(written) == cell


def _raw_cells(text: str) -> list[str]:
    import csv
    import io

    return [c for row in csv.reader(io.StringIO(text)) for c in row]


def _assert_no_formula(cells: list[str]) -> None:
    from kzatlas.csvcells import FORMULA_STARTS

    live = [c for c in cells if c[:1] in FORMULA_STARTS and neutralise(c) != c]
    assert not live, live[:3]


@pytest.fixture(scope="module")
def formula_build(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A build of one article whose sentences start with spreadsheet formulas."""
    root = tmp_path_factory.mktemp("formula")
    (root / "seeds").mkdir()
    (root / "seeds" / "evil.md").write_text(
        "---\n"
        f"title: {FORMULA}\n"
        "url: https://news.example/evil?id=7&access_token=SECRET123&sig=abc\n"
        "published: 2024-03-20\nlanguage: en\n---\n"
        f"{FORMULA} Al-Farabi Kazakh National University signed an agreement with Tsinghua University "
        "in Beijing on 12 March 2024.\n\n"
        "@SUM(1+1) Nazarbayev University held a meeting with CERN in Geneva on 3 April 2024.\n",
        encoding="utf-8",
    )
    build(root / "seeds", root / "out")
    return root / "out"


@pytest.mark.parametrize("table", ["events.csv", "event_sources.csv"])
def test_formula_cells_in_the_built_csv_are_neutralised(formula_build: Path, table: str) -> None:
    text = (formula_build / table).read_text(encoding="utf-8")
    cells = _raw_cells(text)
    assert "'" + FORMULA + " Al-Farabi" in " ".join(cells)
    _assert_no_formula(cells)


def test_formula_cells_in_the_download_csv_are_neutralised(formula_build: Path) -> None:
    atlas = engine.Atlas.open(formula_build)
    assert any(e.startswith(FORMULA) for e in atlas.events["evidence"].to_list())  # the text as extracted
    cells = _raw_cells(export.events_csv(atlas.all().full_rows()).decode("utf-8"))
    assert any(c.startswith("'" + FORMULA) for c in cells)
    _assert_no_formula(cells)


def test_the_reader_still_finds_a_neutralised_evidence(formula_build: Path) -> None:
    from kzatlas.viz import reader

    atlas = engine.Atlas.open(formula_build)
    first = next(i for i, e in zip(atlas.events["event_id"], atlas.events["evidence"]) if e.startswith("="))
    ev = atlas.event(first)
    art = atlas.article(ev["evidence_article_id"])
    hl = reader.locate_evidence(art["text"], ev["evidence"], int(ev["evidence_start"]), int(ev["evidence_end"]))
    assert hl is not None and hl.exact


def test_credentials_in_a_seed_url_are_not_published(formula_build: Path) -> None:
    [article] = [json.loads(line) for line in (formula_build / "articles.jsonl").read_text().splitlines()]
    assert article["url"] == "https://news.example/evil?id=7"


@pytest.mark.parametrize(
    "url, stored",
    [
        pytest.param("https://x.kz/a?id=3&access_token=abc", "https://x.kz/a?id=3", id="access-token"),
        pytest.param("https://x.kz/a?key=k&page=2", "https://x.kz/a?page=2", id="key"),
        pytest.param("https://x.kz/a?X-Amz-Signature=s&X-Amz-Credential=c&v=1", "https://x.kz/a?v=1", id="aws-signed"),
        pytest.param("https://x.kz/a;jsessionid=123?sig=9", "https://x.kz/a", id="session-and-sig"),
        pytest.param("https://x.kz/a?Auth-Token=t", "https://x.kz/a", id="any-token-suffix"),
        pytest.param("https://x.kz/news?id=5&code=A1", "https://x.kz/news?id=5&code=A1", id="ordinary-params-kept"),
        pytest.param("https://x.kz/a", "https://x.kz/a", id="no-query"),
    ],
)
def test_url_credentials_removed(url: str, stored: str) -> None:
    assert strip_secret_params(url) == stored


# =========================================================================== add --online

PUBLIC_IP = "93.184.216.34"  # any global address: the tests' resolver points a name at it


class _Handler(http.server.BaseHTTPRequestHandler):
    """Routes of the local test server; every request is recorded on the server."""

    def log_message(self, *args: Any) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        self.server.requests.append(self.path)  # type: ignore[attr-defined]
        port = self.server.server_address[1]
        redirects = {
            "/to-loopback": f"http://127.0.0.1:{port}/internal",
            "/to-localhost": f"http://localhost:{port}/internal",
            "/to-metadata": "http://169.254.169.254/latest/meta-data/",
            "/to-decimal": f"http://2130706433:{port}/internal",
            "/to-ftp": "ftp://evil.example/internal.html",
            "/loop": "/loop",
        }
        if self.path in redirects:
            self.send_response(302)
            self.send_header("Location", redirects[self.path])
            self.end_headers()
            return
        if self.path == "/slow":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(60):  # one byte a quarter second: each read is quick, the whole is not
                try:
                    self.wfile.write(b" ")
                    self.wfile.flush()
                except OSError:
                    return
                time.sleep(0.25)
            return
        body = (
            "<html><head><title>Internal admin page</title></head><body><article>"
            + "<p>Nazarbayev University signed an agreement with CERN in Geneva on 3 May 2024.</p>" * 5
            + "</article></body></html>"
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.fixture(scope="module")
def server() -> Iterator[http.server.ThreadingHTTPServer]:
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    srv.requests = []  # type: ignore[attr-defined]
    srv.daemon_threads = True
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield srv
    finally:
        srv.shutdown()
        srv.server_close()


def _public_fetcher(srv: http.server.ThreadingHTTPServer, **kwargs: Any) -> SafeFetcher:
    """A fetcher for which ``news.example`` is a public address that leads to the
    local server; every other name is resolved for real (localhost, 2130706433 …)."""
    port = srv.server_address[1]

    def resolver(host: str, p: int) -> list[str]:
        return [PUBLIC_IP] if host == "news.example" else system_resolver(host, p)

    def connector(address: tuple[str, int], timeout: float) -> socket.socket:
        assert address[0] == PUBLIC_IP, f"connected to an unchecked address {address}"
        return socket.create_connection(("127.0.0.1", port), timeout=timeout)

    return SafeFetcher(resolver=resolver, connector=connector, **kwargs)


def test_the_test_server_is_reachable_through_a_public_name(server: Any) -> None:
    body, content_type = _public_fetcher(server)(f"http://news.example:{server.server_address[1]}/article")
    assert b"Nazarbayev University" in body and content_type.startswith("text/html")


@pytest.mark.parametrize(
    "url, reason",
    [
        pytest.param("http://127.0.0.1:{port}/internal", "a loopback address", id="loopback"),
        pytest.param("http://localhost:{port}/internal", "a loopback address", id="localhost"),
        pytest.param("http://2130706433:{port}/internal", "a loopback address", id="decimal-ip"),
        pytest.param("http://0x7f000001:{port}/internal", "a loopback address", id="hex-ip"),
        pytest.param("http://[::1]:{port}/internal", "a loopback address", id="ipv6-loopback"),
        pytest.param("http://[::ffff:127.0.0.1]:{port}/internal", "a loopback address", id="ipv4-mapped-ipv6"),
        pytest.param("http://0.0.0.0:{port}/internal", "an unspecified address", id="unspecified"),
        pytest.param("http://169.254.169.254/latest/meta-data/", "a link-local address", id="cloud-metadata"),
        pytest.param("http://10.1.2.3/", "a private address", id="private-10"),
        pytest.param("http://192.168.0.1/", "a private address", id="private-192-168"),
        pytest.param("http://100.64.0.1/", "a non-public address", id="shared-address-space"),
        pytest.param("http://224.0.0.1/", "a multicast address", id="multicast"),
        pytest.param("http://240.0.0.1/", "address", id="reserved"),
        pytest.param("ftp://news.example/x.html", "only http and https", id="ftp"),
        pytest.param("file:///etc/passwd", "only http and https", id="file"),
        pytest.param("http://user:pw@news.example/", "credentials", id="credentials-in-url"),
    ],
)
def test_internal_addresses_are_refused_before_any_request(server: Any, url: str, reason: str) -> None:
    before = len(server.requests)
    with pytest.raises(ArticleError, match=reason):
        SafeFetcher()(url.format(port=server.server_address[1]))
    assert len(server.requests) == before, "the internal server was reached"


@pytest.mark.parametrize(
    "path, reason",
    [
        pytest.param("/to-loopback", "127.0.0.1 is a loopback address", id="redirect-to-loopback"),
        pytest.param("/to-localhost", "localhost (127.0.0.1) is a loopback address", id="redirect-to-localhost"),
        pytest.param("/to-metadata", "169.254.169.254 is a link-local address", id="redirect-to-metadata"),
        pytest.param("/to-decimal", "is a loopback address", id="redirect-to-decimal-ip"),
        pytest.param("/to-ftp", "only http and https", id="redirect-to-ftp"),
        pytest.param("/loop", "more than 5 redirects", id="redirect-loop"),
    ],
)
def test_a_redirect_to_an_internal_address_is_refused(server: Any, tmp_path: Path, path: str, reason: str) -> None:
    seeds = tmp_path / "seeds"
    url = f"http://news.example:{server.server_address[1]}{path}"
    [result] = add_sources([url], seeds, online=True, fetch=_public_fetcher(server), min_delay_seconds=0)
    assert result.status == "error" and reason in result.message, result.message
    assert not seeds.exists() or not any(seeds.iterdir()), "an internal page was saved as a seed"
    assert "/internal" not in server.requests


def test_a_slow_server_cannot_outlast_the_deadline(server: Any) -> None:
    t0 = time.monotonic()
    with pytest.raises(ArticleError, match="took longer than 2 s"):
        _public_fetcher(server, deadline_seconds=2)(f"http://news.example:{server.server_address[1]}/slow")
    assert time.monotonic() - t0 < 4


@pytest.mark.parametrize(
    "address, problem",
    [
        pytest.param("8.8.8.8", "", id="public-v4"),
        pytest.param("2a00:1450:4001:80b::200e", "", id="public-v6"),
        pytest.param("::ffff:10.0.0.1", "a private address", id="mapped-private"),
        pytest.param("2002:7f00:1::", "a loopback address", id="6to4-of-loopback"),
        pytest.param("fe80::1", "a link-local address", id="v6-link-local"),
        pytest.param("fd00::1", "a private address", id="v6-unique-local"),
    ],
)
def test_address_rule(address: str, problem: str) -> None:
    import ipaddress

    assert address_problem(ipaddress.ip_address(address)) == problem


def test_added_seed_files_are_world_readable_and_credential_free(server: Any, tmp_path: Path) -> None:
    seeds = tmp_path / "seeds"
    url = f"http://news.example:{server.server_address[1]}/article?id=1&access_token=SECRET"
    [result] = add_sources([url], seeds, online=True, fetch=_public_fetcher(server), min_delay_seconds=0)
    assert result.status == "added", result.message
    umask = os.umask(0)
    os.umask(umask)
    assert result.path is not None and result.path.stat().st_mode & 0o777 == 0o666 & ~umask  # 0644 by default
    text = result.path.read_text(encoding="utf-8")
    assert "SECRET" not in text and f"url: http://news.example:{server.server_address[1]}/article?id=1" in text


# =========================================================================== concurrent builds


def _set(tag: str, n: int = 3) -> dict[str, str]:
    """A stand-in for one build's files: each file names the build it belongs to."""
    return {f"part{i}.csv": f"{tag}\n" + f"{tag},{i}\n" * (50 + i) for i in range(n)}


def _writer(folder: Path, tag: str, start: threading.Barrier) -> None:
    """One build's write of its set into ``folder``, under the folder's lock."""
    start.wait()
    with fsio.folder_lock(folder, wait_seconds=30, poll_seconds=0.002):
        fsio.replace_files(folder, _set(tag))


def _outcome(folder: Path) -> str:
    """'A' or 'B' when the folder holds one build's set and its manifest accepts it,
    'refused' when the manifest check refuses it; fails on an accepted mix."""
    try:
        fsio.check_manifest(folder)
    except SchemaError:
        return "refused"
    tags = {(folder / name).read_text().split("\n", 1)[0] for name in _set("x")}
    assert len(tags) == 1, f"the manifest accepted a mixed set: {tags}"
    return tags.pop()


@pytest.mark.parametrize("with_lock", [pytest.param(True, id="with-lock"), pytest.param(False, id="without-fcntl")])
def test_two_builds_racing_never_leave_a_mixed_set_that_is_accepted(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, with_lock: bool
) -> None:
    """300 builds, two at a time into one folder, each rename slowed by a random
    pause so that they interleave. flock locks open files, not processes, so two
    threads contend for it as two processes would."""
    rng = random.Random(10)
    real_replace = os.replace

    def slow_replace(src: Any, dst: Any) -> None:
        time.sleep(rng.uniform(0, 0.003))
        real_replace(src, dst)

    monkeypatch.setattr(fsio.os, "replace", slow_replace)
    if not with_lock:
        monkeypatch.setattr(fsio, "fcntl", None)  # as on a platform without fcntl
    outcomes = []
    for race in range(150):
        folder = tmp_path / f"race{race}"
        start = threading.Barrier(2)
        threads = [threading.Thread(target=_writer, args=(folder, tag, start)) for tag in "AB"]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        outcomes.append(_outcome(folder))
    if with_lock:
        assert set(outcomes) <= {"A", "B"}, outcomes  # the lock serialises: always one whole set
    print(f"{'with' if with_lock else 'without'} lock: " + ", ".join(f"{k} {outcomes.count(k)}" for k in "AB")
          + f", refused {outcomes.count('refused')}")


def test_the_loader_refuses_a_mixed_set(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    for folder, year in ((a, "2023"), (b, "2024")):
        text = f"Nazarbayev University signed an agreement with CERN in Geneva on 3 May {year}.\n"
        ev = event_row(evidence=text.strip(), evidence_start=0, evidence_end=len(text.strip()),
                       date_start=f"{year}-05-03", date_end=f"{year}-05-03", date_text=f"3 May {year}")
        write_tables(folder, [ev], [article_row("a1", text, event_count=1)])
    engine.Atlas.open(a)
    (a / "events.csv").write_bytes((b / "events.csv").read_bytes())  # the other build's events
    with pytest.raises(SchemaError, match="mixes files of two builds"):
        engine.Atlas.open(a)


def test_a_file_replaced_while_loading_is_noticed(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    text = "Nazarbayev University signed an agreement with CERN in Geneva on 3 May 2024.\n"
    ev = event_row(evidence=text.strip(), evidence_start=0, evidence_end=len(text.strip()))
    write_tables(folder, [ev], [article_row("a1", text, event_count=1)])
    snapshot = fsio.check_manifest(folder)
    data = (folder / "events.csv").read_bytes()
    fsio.atomic_write(folder / "events.csv", data)  # same bytes, but a new file: a build finished
    with pytest.raises(SchemaError, match="replaced while it was being read"):
        snapshot.assert_unchanged()


def test_a_second_build_waits_then_stops_with_a_message(tmp_path: Path) -> None:
    out = tmp_path / "out"
    with fsio.folder_lock(out):
        t0 = time.monotonic()
        proc = subprocess.run(
            [sys.executable, "-m", "kzatlas", "build", "--out", str(out), "--wait", "1"],
            capture_output=True, text=True, timeout=120, cwd=REPO_DIR,
        )
    assert proc.returncode == 1
    assert f"another build is writing to {out} (waited 1 s" in proc.stderr
    assert not (out / "events.csv").exists()
    assert time.monotonic() - t0 < 60


def test_two_real_builds_into_one_folder_leave_one_of_them(tmp_path: Path) -> None:
    seeds_a, seeds_b, out = tmp_path / "a", tmp_path / "b", tmp_path / "out"
    seeds_a.mkdir()
    seeds_b.mkdir()
    files = sorted(p for p in SEEDS_DIR.iterdir() if p.suffix in (".txt", ".md"))
    for p in files[:2]:
        (seeds_a / p.name).write_bytes(p.read_bytes())
    for p in files[2:]:
        (seeds_b / p.name).write_bytes(p.read_bytes())
    cmd = [sys.executable, "-m", "kzatlas", "build", "--out", str(out)]
    procs = [subprocess.Popen(cmd + ["--seeds", str(s)], cwd=REPO_DIR, stdout=subprocess.DEVNULL,
                              stderr=subprocess.PIPE, text=True) for s in (seeds_a, seeds_b)]
    for p in procs:
        assert p.wait(timeout=180) == 0, p.stderr.read() if p.stderr else ""
    paths = set(engine.Atlas.open(out).tables.articles["path"].to_list())
    assert paths in ({p.name for p in files[:2]}, {p.name for p in files[2:]})


# =========================================================================== the map


EVIL_PLACE = "@@=this.is.not(an).expression"
EVIL_CONSTANT = "@@#Evil.CONSTANT"


def test_deck_strings_that_deck_gl_would_evaluate_are_literal(tmp_path: Path) -> None:
    folder = write_attack_fixture(tmp_path)
    atlas = engine.Atlas.open(folder)
    everything = atlas.all()
    places = everything.places(maps.COLOR_BY[0], views.palette(atlas, maps.COLOR_BY[0]))
    spec = json.loads(maps.build_deck(places, everything.arcs(), {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": EVIL_CONSTANT}, "geometry": None}]}).to_json())

    def strings(obj: Any) -> Iterator[str]:
        if isinstance(obj, str):
            yield obj
        elif isinstance(obj, dict):
            for v in obj.values():
                yield from strings(v)
        elif isinstance(obj, list):
            for v in obj:
                yield from strings(v)

    data_strings = [s for layer in spec["layers"] for s in strings(layer.get("data"))]
    assert any(EVIL_PLACE in s for s in data_strings) and any(EVIL_CONSTANT in s for s in data_strings)
    assert not [s for s in data_strings if s.startswith("@@")]
    # A click on the point gives the place back exactly.
    key = next(k for k in places["point_id"] if EVIL_PLACE in k)
    picked = {"selection": {"objects": {maps.PLACES_LAYER_ID: [{"point_id": maps.deck_text(key)}]}}}
    assert maps.selected_point(picked) == key
    assert len(everything.at_points(key)) == 1


# =========================================================================== browser cases

LONG_TOP = "\n\n".join(f"Paragraph {i} of the background before the news, with nothing to mark." for i in range(150))
EVIDENCE = "Nazarbayev University signed an agreement with the Joint Institute for Nuclear Research on 14 May 2024."


def write_attack_fixture(folder: Path) -> Path:
    """Two events: one whose evidence sits far down a long article (for the reader's
    scroll), one at a place named like a deck.gl expression."""
    text = f"NU and JINR sign an agreement\n\n{LONG_TOP}\n\n{EVIDENCE}\n\n{LONG_TOP}\n"
    s, e = evidence_at(text, EVIDENCE)
    other = f"The {EVIDENCE}"
    events = [
        event_row(event_id="long00000000001", article_ids="long", evidence_article_id="long", evidence=EVIDENCE,
                  evidence_start=s, evidence_end=e, place_name="Dubna"),
        event_row(event_id="evil00000000001", article_ids="evilplace", evidence_article_id="evilplace",
                  evidence=other, evidence_start=0, evidence_end=len(other), place_name=EVIL_PLACE,
                  lat=47.0, lon=8.0, partners="Evil Institute", partner_ids="evil", partner_countries="CH",
                  country_code="CH", date_start="2024-02-01", date_end="2024-02-01", date_text="1 February 2024"),
    ]
    articles = [article_row("long", text, title="NU and JINR sign an agreement", event_count=1),
                article_row("evilplace", other + "\n", title="Evil place", event_count=1)]
    write_tables(folder, events, articles)
    return folder


@pytest.fixture(scope="module")
def attack_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """(URL, data folder) of a dashboard on the attack fixture."""
    from test_browser import CHROMIUM, _unavailable, streamlit_server

    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is not installed")
    folder = write_attack_fixture(tmp_path_factory.mktemp("attack_data"))
    with streamlit_server(folder) as url:
        yield url, folder


def _open(page: Any, url: str) -> None:
    from test_browser import _wait_idle

    page.goto(url, wait_until="domcontentloaded")
    page.get_by_text("Kazakhstan Science Cooperation Atlas").first.wait_for()
    _wait_idle(page)


@pytest.mark.browser
def test_crafted_link_renders_no_link_in_the_notices(attack_server: tuple[str, Path], page: Any) -> None:
    from urllib.parse import urlencode

    _open(page, f"{attack_server[0]}/?{urlencode(CRAFTED_LINK, doseq=True)}")
    notices = page.locator(".kz-notice")
    notices.first.wait_for()
    text = "\n".join(notices.all_inner_texts())
    assert "www.evil-atlas.example/login" in text
    assert "http://evil.example/x" in text and "user@evil.example" in text
    assert notices.locator("a").count() == 0
    assert page.locator('a[href*="evil"]').count() == 0  # nowhere on the page


@pytest.mark.browser
def test_expression_place_name_renders_as_text_on_a_working_map(attack_server: tuple[str, Path], page: Any) -> None:
    from test_browser import _app_map, _deck_canvas, _point_on_canvas

    url, folder = attack_server
    _open(page, url)
    canvas = _deck_canvas(page)
    page.wait_for_timeout(1500)
    assert page.locator('[data-testid="stException"]').count() == 0
    box = canvas.bounding_box()
    assert box and box["width"] > 100
    view, drawn, _ = _app_map(folder)
    evil = drawn[drawn["place_name"] == EVIL_PLACE].iloc[0]
    x, y = _point_on_canvas(box, view, float(evil["lon"]), float(evil["lat"]))
    tip = page.locator(".deck-tooltip")
    for dx, dy in ((0, 0), (3, 0), (-3, 0), (0, 3), (0, -3)):
        page.mouse.move(x + dx, y + dy)
        with contextlib.suppress(Exception):
            tip.wait_for(state="visible", timeout=2_000)
            break
    assert EVIL_PLACE in tip.inner_text()


@pytest.mark.browser
def test_reader_is_isolated_and_still_scrolls_to_the_evidence(attack_server: tuple[str, Path], page: Any) -> None:
    from test_browser import _reader_frame

    _open(page, f"{attack_server[0]}/?event=long00000000001")
    frame = _reader_frame(page)
    sandbox = frame.frame_element().get_attribute("sandbox") or ""
    assert "allow-scripts" in sandbox and "allow-same-origin" not in sandbox
    frame.wait_for_function("() => window.scrollY > 0", timeout=20_000)
    top, height = frame.evaluate(
        "() => [document.getElementById('evidence').getBoundingClientRect().top, window.innerHeight]"
    )
    assert 0 <= top < height, (top, height)  # the evidence is in view
    reach = frame.evaluate("() => { try { return String(window.parent.document.title) } catch (e) { return 'blocked' } }")
    assert reach == "blocked"


@pytest.mark.browser
def test_uploads_through_the_page_are_budgeted_and_refusals_shown_as_text(
    attack_server: tuple[str, Path], page: Any, tmp_path: Path
) -> None:
    """The dashboard's wiring, which AppTest cannot drive: a hostile page and a real
    article uploaded together; the page is refused with its reason shown as text
    (its name is a crafted link), the article's events join the map, and the
    uploader is emptied."""
    from test_browser import _metric, _wait_idle

    hostile = tmp_path / "www.evil-atlas.example_login.html"
    hostile.write_bytes(quadratic_page(1_500_000))
    article = tmp_path / SEED.name
    article.write_bytes(SEED.read_bytes())
    _open(page, attack_server[0])
    before = int(_metric(page, "Events"))
    page.get_by_text("Add articles").first.click()
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').first.set_input_files([str(hostile), str(article)])
    page.get_by_role("button", name="Extract events").click()
    _wait_idle(page)
    page.get_by_text("Skipped www.evil-atlas.example_login.html: no main text").first.wait_for()
    assert page.locator('a[href*="evil-atlas"]').count() == 0
    page.wait_for_function(
        "(before) => { const m = [...document.querySelectorAll('[data-testid=\"stMetric\"]')]"
        ".find(e => e.innerText.includes('Events')); return m && !m.innerText.includes(String(before)); }",
        arg=before,
    )
    assert int(_metric(page, "Events")) > before
    # The uploader lets go of the files on the rerun after the extraction: wait for it.
    page.wait_for_function("() => document.querySelectorAll('[data-testid=\"stFileChip\"]').length === 0")

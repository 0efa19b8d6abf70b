"""Robustness of the build against bad input files and interrupted runs.

Every bad file is generated here (in tmp_path) and dropped into a copy of the real
seeds: the build must complete, keep every good article, name each skipped or
repaired file with its reason in build_report.json, and exit 0 (warnings included).
A non-zero exit is reserved for "nothing could be built" and "cannot write".
Outputs are written atomically (a SIGKILLed build leaves the previous files or
complete new ones) and deterministically (byte-identical whatever the order in
which the file system lists the seeds)."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import kzatlas
from kzatlas.build.pipeline import REPORT_FILE, build
from kzatlas.csvcells import read_rows
from kzatlas.errors import AtlasError, SchemaError
from kzatlas.fsio import LOCK_FILE, MANIFEST_FILE, check_manifest
from kzatlas.schema import ARTICLES, EVENT_SOURCES, EVENTS, TABLES, validate_arrow, validate_rows

REPO = Path(kzatlas.__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
#: What a build of a few articles writes (too few events for Parquet copies).
OUTPUTS = (*(t.filename for t in TABLES), REPORT_FILE, MANIFEST_FILE)


# --- helpers ---------------------------------------------------------------------------


def seed_files() -> dict[str, bytes]:
    """The real seed articles (read, not copied: the originals are read-only)."""
    return {p.name: p.read_bytes() for p in sorted(SEEDS.iterdir()) if p.suffix in (".txt", ".md")}


def write_seeds(folder: Path, files: dict[str, bytes], order: list[str] | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for rel in order or list(files):
        path = folder / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(files[rel])
    return folder


def run_cli(seeds: Path, out: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "kzatlas", "build", "--seeds", str(seeds), "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
    )


def check_outputs(out: Path) -> dict:
    """Every output file parses and matches its schema; returns the parsed tables."""
    parsed: dict = {}
    for table in (EVENTS, EVENT_SOURCES):
        rows = read_rows(out / table.filename)
        validate_rows(table, list(rows[0]) if rows else list(table.columns), rows)
        parsed[table.filename] = rows
    lines = (out / ARTICLES.filename).read_text(encoding="utf-8").splitlines()
    articles = [json.loads(line) for line in lines]
    if articles:
        validate_rows(ARTICLES, list(articles[0]), [{k: v for k, v in a.items()} for a in _text_rows(articles)])
    parsed[ARTICLES.filename] = articles
    listed = set(check_manifest(out).names())
    for table in (EVENTS, ARTICLES, EVENT_SOURCES):
        if table.parquet_filename not in listed:  # a small build writes text only
            continue
        import pyarrow.parquet as pq

        data = pq.read_table(out / table.parquet_filename)
        validate_arrow(table, data)
        parsed[table.parquet_filename] = data
    parsed[REPORT_FILE] = json.loads((out / REPORT_FILE).read_text(encoding="utf-8"))
    return parsed


def _text_rows(articles: list[dict]) -> list[dict]:
    """JSONL keeps lists as lists; the schema checks their text form."""
    return [
        {k: (json.dumps(v, ensure_ascii=False) if isinstance(v, list) else v) for k, v in a.items()}
        for a in articles
    ]


def assert_seeds_kept(out: Path, seeds: dict[str, bytes] | None = None) -> None:
    paths = {a["path"] for a in check_outputs(out)[ARTICLES.filename]}
    missing = set(seeds or seed_files()) - paths
    assert not missing, f"good articles missing from articles.jsonl: {sorted(missing)}"


def entry(report: dict, kind: str, rel: str) -> dict | None:
    return next((e for e in report[kind] if e["file"] == rel), None)


# --- the bad files -----------------------------------------------------------------------

_EN = "Al-Farabi Kazakh National University signed an agreement with Tsinghua University on {} in Almaty.\n"
_RU = "КазНУ имени аль-Фараби и МГУ подписали меморандум о сотрудничестве 12 мая 2022 года в Алматы.\n"
_KK = "Әл-Фараби атындағы Қазақ ұлттық университеті Токио университетімен 2023 жылғы 10 сәуірде келісімге қол қойды.\n"
_FR = (
    "L'Université nationale du Kazakhstan a signé un accord de coopération "
    "avec l'École polytechnique le 3 mai 2022.\n"
)


def _big_article(size: int) -> bytes:
    """About ``size`` bytes of real seed prose, paragraphs with varied years."""
    body = "\n\n".join(b.decode("utf-8") for b in seed_files().values())
    parts, n, i = [], 0, 0
    while n < size:
        chunk = body.replace("2023", str(2000 + i % 25)) + f"\n\nPart {i}.\n\n"
        parts.append(chunk)
        n += len(chunk.encode("utf-8"))
        i += 1
    return "".join(parts).encode("utf-8")


def _long_line(size: int) -> bytes:
    words = "Kazakhstan and partner universities discuss joint research programmes in space science "
    return (words * (size // len(words) + 1)).encode("utf-8")[:size]


# (file name, bytes, expected outcome, substring of the reason/warning)
BAD_FILES = [
    pytest.param("empty.txt", b"", "skipped", "empty", id="empty"),
    pytest.param("blank.txt", b"  \n\t\r\n \n", "skipped", "empty", id="whitespace-only"),
    pytest.param("photo.txt", random.Random(7).randbytes(6000), "skipped", "binary", id="binary-as-txt"),
    pytest.param("gz.txt", b"\x1f\x8b\x08\x00" + random.Random(8).randbytes(300), "skipped", "binary", id="gzip"),
    pytest.param("nuls-only.txt", b"\x00" * 500, "skipped", "only NUL", id="nul-bytes-only"),
    pytest.param("utf16.txt", ("\ufeff" + _RU + _EN.format("5 March")).encode("utf-16-le"), "ok", "", id="utf16-bom"),
    pytest.param("utf16be.txt", ("\ufeff" + _KK).encode("utf-16-be"), "ok", "", id="utf16-be-bom"),
    pytest.param("utf16-nobom.txt", _RU.encode("utf-16-le"), "repaired", "utf-16", id="utf16-no-bom"),
    pytest.param("utf8-bom.txt", b"\xef\xbb\xbf" + _EN.format("1 June 2023").encode(), "ok", "", id="utf8-bom"),
    pytest.param("cp1251.txt", _RU.encode("cp1251"), "repaired", "cp1251", id="cp1251"),
    pytest.param("latin1.txt", _FR.encode("latin-1"), "repaired", "Latin-1", id="latin1"),
    pytest.param("nul.txt", _EN.format("4 May").replace(" ", "\x00 ", 3).encode(), "repaired", "NUL", id="nul-bytes"),
    pytest.param("nul-padded.txt", _EN.format("6 May").encode() + b"\x00" * 8192, "repaired", "NUL", id="nul-padding"),
    pytest.param(
        "cr-nul.txt",
        (_EN.format("8 May 2022") + _RU).replace("\n", "\r").encode() + b"\x00",
        "repaired",
        "NUL",
        id="cr-lines-and-nul",
    ),
    pytest.param("crlf.txt", _EN.format("4 May 2022").replace("\n", "\r\n").encode() * 3, "ok", "", id="crlf"),
    pytest.param(
        "fm-malformed.md",
        b"---\ntitle Missing colon\n: no key\npublished: 2023-01-01\nauthor: x\n---\n"
        + _EN.format("3 March 2023").encode(),
        "repaired",
        "front matter line ignored",
        id="front-matter-malformed",
    ),
    pytest.param(
        "fm-unclosed.md",
        b"---\ntitle: never closed\npublished: 2023-01-01\n" + _EN.format("9 March 2023").encode(),
        "repaired",
        "never closed",
        id="front-matter-unclosed",
    ),
    pytest.param(
        "fm-baddate.md",
        b"---\ntitle: bad date\npublished: 2023-02-31\n---\n" + _EN.format("10 March 2023").encode(),
        "repaired",
        "impossible 'published' date",
        id="front-matter-impossible-date",
    ),
    pytest.param(
        "fm-year.md",
        b"---\npublished: 99999-01-01\n---\n" + _EN.format("11 March 2023").encode(),
        "repaired",
        "impossible 'published' date",
        id="front-matter-year-99999",
    ),
    pytest.param("fm-only.md", b"---\ntitle: x\n---\n\n", "skipped", "no article text", id="front-matter-only"),
    pytest.param(
        "impossible-dates.txt",
        (
            "Al-Farabi Kazakh National University signed an agreement with Tsinghua University on 31 February 2023.\n"
            "Nazarbayev University and KAIST met on 2026-13-45 in Astana.\n"
            "In 99999 the Kazakh Space Agency will open a laboratory with ESA. On 00.00.0000 nothing happened.\n"
        ).encode(),
        "ok",
        "",
        id="impossible-dates-in-text",
    ),
    pytest.param("мой файл с пробелами.txt", _RU.encode(), "ok", "", id="cyrillic-name-with-spaces"),
    pytest.param("sub folder/новости 2023.md", _KK.encode(), "ok", "", id="cyrillic-name-in-subfolder"),
    pytest.param(
        "mixed-ru-kk.txt",
        ("\n\n".join([_RU, _KK, _RU.replace("12 мая", "13 мая"), _KK])).encode(),
        "ok",
        "",
        id="mixed-ru-kk",
    ),
    pytest.param("ctl.txt", (_EN.format("2 May") + "\x07\x1b[0m").encode(), "repaired", "control", id="control-chars"),
]


@pytest.mark.parametrize("name,data,outcome,why", BAD_FILES)
def test_bad_file_beside_good_seeds(tmp_path, name, data, outcome, why):
    files = seed_files() | {name: data}
    seeds = write_seeds(tmp_path / "seeds", files)
    result = build(seeds, tmp_path / "out")
    assert_seeds_kept(tmp_path / "out")
    report = check_outputs(tmp_path / "out")[REPORT_FILE]
    assert report == json.loads(json.dumps(result.report))
    skipped, repaired = entry(report, "skipped", name), entry(report, "repaired", name)
    paths = {a["path"] for a in result.articles}
    assert not report["errors"], report["errors"]
    if outcome == "skipped":
        assert skipped and why in skipped["reason"], report["skipped"]
        assert name not in paths
    else:
        assert skipped is None, skipped
        assert name in paths
        if outcome == "repaired":
            assert repaired and any(why in w for w in repaired["warnings"]), report["repaired"]
        else:
            assert repaired is None, repaired


@pytest.mark.parametrize(
    "name,text,language",
    [
        pytest.param("utf16.txt", _RU, "ru", id="utf16-ru"),
        pytest.param("cp1251.txt", _RU, "ru", id="cp1251-ru"),
        pytest.param("latin1.txt", _FR, "fr", id="latin1-fr"),
        pytest.param("kk.txt", _KK, "kk", id="utf8-kk"),
    ],
)
def test_decoded_text_is_the_original(tmp_path, name, text, language):
    """A guessed encoding must give back the words, not mojibake."""
    enc = {"utf16.txt": "utf-16", "cp1251.txt": "cp1251", "latin1.txt": "latin-1", "kk.txt": "utf-8"}[name]
    seeds = write_seeds(tmp_path / "seeds", {name: text.encode(enc)})
    result = build(seeds, tmp_path / "out")
    (art,) = result.articles
    assert art["text"].strip() == text.strip()
    assert art["language"] == language


def test_line_breaks_survive_nul_removal(tmp_path):
    """Old Mac line ends (CR only) in a file with a stray NUL stay line breaks."""
    data = (_EN.format("8 May 2022") + _RU).replace("\n", "\r").encode() + b"\x00"
    seeds = write_seeds(tmp_path / "seeds", {"cr.txt": data})
    (art,) = build(seeds, tmp_path / "out").articles
    assert art["text"].strip().split("\n") == [_EN.format("8 May 2022").strip(), _RU.strip()]


def test_impossible_dates_never_reach_the_tables(tmp_path):
    seeds = write_seeds(
        tmp_path / "seeds",
        {
            "d.txt": (
                "Al-Farabi Kazakh National University signed an agreement with Tsinghua University "
                "on 31 February 2023.\n"
                "Nazarbayev University signed a memorandum with KAIST on 2026-13-45 in Astana.\n"
                "Satbayev University will open a laboratory with TU Berlin in 99999.\n"
            ).encode()
        },
    )
    result = build(seeds, tmp_path / "out")
    events = check_outputs(tmp_path / "out")[EVENTS.filename]
    for row in events:
        assert row["date_start"] not in ("2023-02-31", "2026-13-45")
        assert not row["date_start"].startswith("99999")
    assert result.report["articles"] == 1


def test_mixed_language_article_reports_both(tmp_path):
    seeds = write_seeds(tmp_path / "seeds", {"mixed.txt": ("\n\n".join([_RU, _KK])).encode()})
    result = build(seeds, tmp_path / "out")
    (art,) = result.articles
    assert {"ru", "kk"} <= set(art["languages"]), art["languages"]
    assert {e["language"] for e in result.events} <= {"ru", "kk"}


def test_same_article_in_two_folders(tmp_path):
    dup = _EN.format("7 July 2023").encode()
    seeds = write_seeds(tmp_path / "seeds", seed_files() | {"a/dup.txt": dup, "b/dup.txt": dup})
    result = build(seeds, tmp_path / "out")
    assert_seeds_kept(tmp_path / "out")
    assert "a/dup.txt" in {a["path"] for a in result.articles}
    skipped = entry(result.report, "skipped", "b/dup.txt")
    assert skipped and "duplicate of a/dup.txt" in skipped["reason"]


def test_same_name_different_text_in_two_folders(tmp_path):
    seeds = write_seeds(
        tmp_path / "seeds", {"a/news.txt": _EN.format("7 July 2023").encode(), "b/news.txt": _RU.encode()}
    )
    result = build(seeds, tmp_path / "out")
    ids = [a["article_id"] for a in result.articles]
    assert len(ids) == 2 and len(set(ids)) == 2
    assert entry(result.report, "repaired", "b/news.txt")


# --- big files -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name,make,limit",
    [
        pytest.param("big-5mb.txt", lambda: _big_article(5_000_000), 15.0, id="article-5mb"),
        pytest.param("line-3mb.txt", lambda: _long_line(3_000_000), 15.0, id="line-3mb-no-breaks"),
    ],
)
def test_big_files(tmp_path, name, make, limit):
    # CPU seconds of this process, not wall time: other jobs sharing the machine slow the
    # wall clock, not the work. A 5 MB article takes about 6.5 s; the limit catches a
    # finder that turns quadratic in the text's length.
    data = make()
    seeds = write_seeds(tmp_path / "seeds", seed_files() | {name: data})
    t0 = time.process_time()
    result = build(seeds, tmp_path / "out")
    seconds = time.process_time() - t0
    print(f"{name}: {len(data):,} bytes built in {seconds:.1f} s of CPU")
    assert_seeds_kept(tmp_path / "out")
    assert name in {a["path"] for a in result.articles}
    assert seconds < limit, f"{name} took {seconds:.1f} s of CPU (limit {limit:.0f} s)"


# --- exit codes ------------------------------------------------------------------------------


def test_cli_bad_files_exit_zero_and_report(tmp_path):
    bad = {p.values[0]: p.values[1] for p in BAD_FILES}
    seeds = write_seeds(tmp_path / "seeds", seed_files() | bad)
    proc = run_cli(seeds, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert_seeds_kept(tmp_path / "out")
    report = check_outputs(tmp_path / "out")[REPORT_FILE]
    named = {e["file"] for e in report["skipped"]} | {e["file"] for e in report["repaired"]}
    expected = {p.values[0] for p in BAD_FILES if p.values[2] != "ok"}
    assert expected <= named, expected - named
    assert "skipped" in proc.stdout


@pytest.mark.parametrize(
    "files",
    [
        pytest.param({"empty.txt": b"", "bin.txt": random.Random(3).randbytes(3000)}, id="only-broken-files"),
        pytest.param({"blank.md": b"\n\n", "fm.md": b"---\ntitle: x\n---\n"}, id="only-blank-files"),
    ],
)
def test_nothing_usable_is_an_error(tmp_path, files):
    seeds = write_seeds(tmp_path / "seeds", files)
    out = tmp_path / "out"
    with pytest.raises(AtlasError, match="could be used"):
        build(seeds, out)
    proc = run_cli(seeds, out)
    assert proc.returncode == 1
    assert "error" in proc.stderr
    assert not out.exists() or not any(out.iterdir()), "a failed build must not write outputs"


def test_nothing_usable_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    build(write_seeds(tmp_path / "good", seed_files()), out)
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    proc = run_cli(write_seeds(tmp_path / "bad", {"empty.txt": b""}), out)
    assert proc.returncode == 1
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before


def test_empty_seeds_folder_is_an_error(tmp_path):
    out = tmp_path / "out"
    build(write_seeds(tmp_path / "good", seed_files()), out)
    before = {n: (out / n).read_bytes() for n in OUTPUTS}
    (tmp_path / "empty").mkdir()
    proc = run_cli(tmp_path / "empty", out)
    assert proc.returncode == 1
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == before


@pytest.mark.parametrize(
    "make_out",
    [
        pytest.param(lambda tmp: tmp / "file.txt" / "out", id="out-under-regular-file"),
        pytest.param(lambda tmp: tmp / "file.txt", id="out-is-regular-file"),
    ],
)
def test_unwritable_output_exit_one(tmp_path, make_out):
    (tmp_path / "file.txt").write_text("not a folder\n")
    out = make_out(tmp_path)
    proc = run_cli(write_seeds(tmp_path / "seeds", seed_files()), out)
    assert proc.returncode == 1, proc.stdout
    assert "error" in proc.stderr and "Traceback" not in proc.stderr
    assert (tmp_path / "file.txt").read_text() == "not a folder\n"


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores directory permissions")
def test_read_only_output_folder_exit_one(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        proc = run_cli(write_seeds(tmp_path / "seeds", seed_files()), out)
    finally:
        out.chmod(0o700)
    assert proc.returncode == 1 and "error" in proc.stderr


def test_missing_seeds_folder_exit_one(tmp_path):
    proc = run_cli(tmp_path / "nope", tmp_path / "out")
    assert proc.returncode == 1 and "does not exist" in proc.stderr


def test_outputs_readable_like_ordinary_files(tmp_path):
    """mkstemp creates 0600 files; the published tables must keep the usual umask mode."""
    out = tmp_path / "out"
    build(write_seeds(tmp_path / "seeds", seed_files()), out)
    umask = os.umask(0)
    os.umask(umask)
    for name in OUTPUTS:
        assert (out / name).stat().st_mode & 0o777 == 0o666 & ~umask, name


# --- atomic and deterministic outputs -----------------------------------------------------


def _corpus(copies: int) -> dict[str, bytes]:
    """``copies`` renamed, slightly different copies of every seed (not deduplicated)."""
    files = {}
    for i in range(copies):
        for name, data in seed_files().items():
            files[f"c{i:03d}/{i:03d}-{name}"] = data + f"\n\nReference {i}-{name}.\n".encode()
    return files


@pytest.mark.parametrize(
    "copies,delays,relative",
    [
        pytest.param(300, [0.05, 0.3, 0.7, 1.1, 1.5], False, id="large-corpus"),
        # Delays as fractions of a measured full run: kills land while the files are written.
        pytest.param(1, [0.6, 0.8, 0.9, 0.95, 0.98, 1.0], True, id="small-corpus-kill-near-write"),
    ],
)
def test_sigkill_leaves_old_or_complete_new_files(tmp_path, copies, delays, relative):
    out = tmp_path / "out"
    old_seeds = write_seeds(tmp_path / "old", seed_files())
    seeds = write_seeds(tmp_path / "new", _corpus(copies))
    cmd = [sys.executable, "-m", "kzatlas", "build", "--seeds", str(seeds), "--out", str(out)]
    scale = 1.0
    if relative:
        t0 = time.perf_counter()
        assert subprocess.run(cmd, capture_output=True, cwd=REPO, timeout=120).returncode == 0
        scale = time.perf_counter() - t0
        new = {n: (out / n).read_bytes() for n in OUTPUTS}
    build(old_seeds, out)
    old = {n: (out / n).read_bytes() for n in OUTPUTS}
    rng = random.Random(copies)
    outcomes = []
    for delay in delays:
        delay = delay * scale * rng.uniform(0.9, 1.1)
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=REPO)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        parsed = check_outputs(out)  # every file parses and matches its schema
        changed = [n for n in OUTPUTS if (out / n).read_bytes() != old[n]]
        outcomes.append((round(delay, 2), proc.returncode, len(changed)))
        if relative:
            for n in changed:
                assert (out / n).read_bytes() == new[n], f"{n} is neither the old nor the new file"
        if {ARTICLES.filename, REPORT_FILE} <= set(changed):
            # The report agrees with the table beside it. (Files are replaced one by
            # one, so a kill between two renames can mix old and new files.)
            assert parsed[REPORT_FILE]["articles"] == len(parsed[ARTICLES.filename])
        # ... but the manifest check the dashboard runs never accepts such a mix.
        now = {n: (out / n).read_bytes() for n in OUTPUTS}
        try:
            check_manifest(out)
        except SchemaError:
            assert now != old, "the untouched old set was refused"
        else:
            assert not relative or now in (old, new), f"the manifest accepted a mixed set: {changed}"
        real = {p.name for p in out.iterdir() if not p.name.startswith(".")}
        assert real == set(OUTPUTS), real
        build(old_seeds, out)  # back to the old set for the next trial
    print(f"kill outcomes, run {scale:.2f} s (delay, rc, files changed):", outcomes)


def test_builds_are_byte_identical_whatever_the_listing_order(tmp_path):
    files = seed_files() | {
        "z/late.txt": _EN.format("7 July 2023").encode(),
        "a/early.md": b"---\ntitle: early\npublished: 2023-05-01\n---\n" + _RU.encode(),
        "m/ққ.txt": _KK.encode(),
        "dup/000.txt": next(iter(seed_files().values())),
    }
    names = list(files)
    rng = random.Random(5)
    shuffled = names[:]
    rng.shuffle(shuffled)
    one = write_seeds(tmp_path / "one", files, order=names)
    two = write_seeds(tmp_path / "two", files, order=list(reversed(shuffled)))
    build(one, tmp_path / "out1")
    build(two, tmp_path / "out2")
    run_cli(two, tmp_path / "out3")
    for name in OUTPUTS:
        a = (tmp_path / "out1" / name).read_bytes()
        assert a == (tmp_path / "out2" / name).read_bytes(), name
        assert a == (tmp_path / "out3" / name).read_bytes(), name


@pytest.mark.parametrize(
    "target,fail_on",
    [
        pytest.param("tempfile.mkstemp", 1, id="cannot-create-first-temp"),
        pytest.param("tempfile.mkstemp", 3, id="cannot-create-third-temp"),
        pytest.param("os.fsync", 2, id="disk-full-while-writing"),
        pytest.param("os.replace", 1, id="rename-fails"),
    ],
)
def test_write_failure_keeps_old_files_and_no_temps(tmp_path, monkeypatch, target, fail_on):
    """Injected OSErrors while writing: OutputError, the previous files untouched, temps removed."""
    import kzatlas.fsio as output
    from kzatlas.errors import OutputError

    out = tmp_path / "out"
    seeds = write_seeds(tmp_path / "seeds", seed_files())
    build(seeds, out)
    old = {n: (out / n).read_bytes() for n in OUTPUTS}
    (seeds / "extra.txt").write_bytes(_EN.format("7 July 2023").encode())
    module_name, attr = target.split(".")
    module = getattr(output, module_name)
    real = getattr(module, attr)
    calls = {"n": 0}

    def failing(*args, **kwargs):
        calls["n"] += 1
        if calls["n"] == fail_on:
            raise OSError(28, "No space left on device")
        return real(*args, **kwargs)

    monkeypatch.setattr(module, attr, failing)
    with pytest.raises(OutputError, match="cannot write"):
        build(seeds, out)
    monkeypatch.undo()
    assert calls["n"] >= fail_on
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK_FILE) == sorted(OUTPUTS), "temp files left behind"
    assert {n: (out / n).read_bytes() for n in OUTPUTS} == old


def test_file_name_that_is_not_utf8(tmp_path):
    """A latin-1 file name (undecodable bytes) once crashed the write with a traceback."""
    seeds = write_seeds(tmp_path / "seeds", seed_files())
    try:
        with open(os.path.join(os.fsencode(seeds), b"caf\xe9 news.txt"), "wb") as fh:
            fh.write(_EN.format("5 June 2023").encode())
    except OSError:
        pytest.skip("the file system refuses non-UTF-8 names")
    proc = run_cli(seeds, tmp_path / "out")
    assert proc.returncode == 0, proc.stderr
    assert_seeds_kept(tmp_path / "out")
    paths = {a["path"] for a in check_outputs(tmp_path / "out")[ARTICLES.filename]}
    assert "caf\ufffd news.txt" in paths


def test_unencodable_text_is_an_output_error(tmp_path):
    from kzatlas.build.output import write_tables
    from kzatlas.errors import OutputError

    with pytest.raises(OutputError):
        write_tables(tmp_path / "out", {"a.csv": "ok\n", "b.csv": "lone surrogate \udcff\n"})
    assert not any(p.name.startswith(".") and p.name != LOCK_FILE for p in (tmp_path / "out").iterdir()), "temps left"


def test_rename_failure_midway_restores_the_old_set(tmp_path, monkeypatch):
    """The four files are replaced one by one: when a rename fails midway, the files
    already replaced are put back, so the old set stays whole (no new articles beside
    old events), and neither temp files nor backups remain."""
    import kzatlas.fsio as output
    from kzatlas.errors import OutputError

    out = tmp_path / "out"
    seeds = write_seeds(tmp_path / "seeds", seed_files())
    build(seeds, out)
    old = {n: (out / n).read_bytes() for n in OUTPUTS}
    (seeds / "extra.txt").write_bytes(_RU.encode())
    new = {n: (tmp_path / "new").joinpath(n) for n in OUTPUTS}
    build(seeds, tmp_path / "new")
    real, calls = os.replace, {"n": 0}

    def second_fails(src, dst):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(5, "Input/output error")
        return real(src, dst)

    monkeypatch.setattr(output.os, "replace", second_fails)
    with pytest.raises(OutputError):
        build(seeds, out)
    monkeypatch.undo()
    check_outputs(out)
    states = {n: "old" if (out / n).read_bytes() == old[n] else "new" for n in OUTPUTS}
    for n, state in states.items():
        if state == "new":
            assert (out / n).read_bytes() == new[n].read_bytes()
    assert set(states.values()) == {"old"}, states
    assert sorted(p.name for p in out.iterdir() if p.name != LOCK_FILE) == sorted(OUTPUTS)


# --- one rule set, two forms ----------------------------------------------------------------


@pytest.mark.parametrize(
    "column, value, message",
    [
        pytest.param("event_id", "", "empty", id="required-empty"),
        pytest.param("kind", "party", "not in", id="choice"),
        pytest.param("lat", "north", "not a valid float", id="float"),
        pytest.param("evidence_start", "1.5", "not a valid int", id="int"),
        pytest.param("date_start", "2024-02-30", "not a valid date", id="impossible-date"),
        pytest.param("date_start", "3 May 2024", "not YYYY-MM-DD", id="date-format"),
        pytest.param("planned", "maybe", "not a boolean", id="bool"),
        pytest.param("article_ids", "", "empty", id="required-list"),
    ],
)
def test_text_and_arrow_checks_give_one_verdict(column: str, value: str, message: str) -> None:
    """validate_rows (text rows, a small build: no pyarrow) and to_arrow +
    validate_arrow (a large build's Parquet copies, the dashboard) refuse the same
    value with the same message: one rule per value (schema._check_value)."""
    from benchmarks.synthetic import event_row
    from kzatlas.schema import to_arrow

    good = event_row(event_id="e1", article_ids="a1", evidence="x", evidence_article_id="a1")
    rows = [good, {**good, "event_id": "e2", column: value}]
    validate_rows(EVENTS, EVENTS.columns, [good])
    with pytest.raises(SchemaError) as text_check:
        validate_rows(EVENTS, EVENTS.columns, rows)
    with pytest.raises(SchemaError) as arrow_check:
        validate_arrow(EVENTS, to_arrow(EVENTS, rows))
    expected = f"row 1, column {column!r}: "
    for info in (text_check, arrow_check):
        assert expected in str(info.value) and message in str(info.value), str(info.value)

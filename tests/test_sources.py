"""Fetching the raw inputs: from a mirror, and for real over HTTP from a server on 127.0.0.1."""

from __future__ import annotations

import functools
import hashlib
import http.server
import threading
from pathlib import Path

import pandas as pd
import pytest

from dprk_upr.data.sources import SourceError, check_raw, fetch_all, read_manifest

pytestmark = pytest.mark.network

FILES = {"reports/a.txt": b"first input\r\n" * 50, "votes/b.csv": b"x,y\n1,2\n" * 200}


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


class _TruncatingHandler(_QuietHandler):
    """Announces the full length but sends only half of the body: a broken transfer."""

    def do_GET(self):
        path = Path(self.translate_path(self.path))
        if not path.is_file():
            self.send_error(404)
            return
        body = path.read_bytes()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body[: len(body) // 2])
        self.close_connection = True


def _serve(root: Path, handler):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server


@pytest.fixture
def published(tmp_path):
    """A folder of files as a publisher would serve them."""
    root = tmp_path / "published"
    for name, content in FILES.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(content)
    return root


@pytest.fixture
def server(published):
    srv = _serve(published, _QuietHandler)
    yield f"http://127.0.0.1:{srv.server_address[1]}"
    srv.shutdown()


def _assert_nothing_written(raw: Path, name: str) -> None:
    """The refused input is absent and no temporary part-file is left behind."""
    assert not (raw / name).exists()
    assert not list(raw.rglob(".part-*"))


def _manifest(path: Path, base: str, overrides: dict | None = None) -> Path:
    rows = []
    for name, content in FILES.items():
        row = {
            "file": name,
            "url": f"{base}/{name}",
            "sha256": hashlib.sha256(content).hexdigest(),
            "bytes": len(content),
            "description": "test input",
            "licence": "CC0",
            "notes": "",
        }
        row.update((overrides or {}).get(name, {}))
        rows.append(row)
    pd.DataFrame(rows).to_csv(path, index=False)
    return path


def test_download_verifies_and_is_idempotent(tmp_path, server):
    manifest = _manifest(tmp_path / "sources.csv", server)
    raw = tmp_path / "raw"
    first = fetch_all(manifest, raw, mirror=None, timeout=5)
    assert [r.action for r in first] == ["downloaded", "downloaded"]
    for name, content in FILES.items():
        assert (raw / name).read_bytes() == content
    second = fetch_all(manifest, raw, mirror=None, timeout=5)
    assert [r.action for r in second] == ["kept", "kept"]
    check_raw(manifest, raw)
    assert not list(raw.rglob(".part-*"))


def test_mirror_is_preferred(tmp_path, published):
    manifest = _manifest(tmp_path / "sources.csv", "http://127.0.0.1:9/unreachable")
    results = fetch_all(manifest, tmp_path / "raw", mirror=published, timeout=1)
    assert [r.action for r in results] == ["copied", "copied"]


def test_corrupt_local_file_is_replaced_and_kept_aside(tmp_path, server):
    manifest = _manifest(tmp_path / "sources.csv", server)
    raw = tmp_path / "raw"
    fetch_all(manifest, raw, timeout=5)
    (raw / "reports/a.txt").write_bytes(b"tampered")
    results = fetch_all(manifest, raw, timeout=5)
    assert results[0].action == "replaced"
    assert (raw / "reports/a.txt").read_bytes() == FILES["reports/a.txt"]
    assert Path(results[0].set_aside).read_bytes() == b"tampered"  # moved aside, never deleted
    assert Path(results[0].set_aside).parent == raw / ".set-aside" / "reports"


def test_wrong_manifest_is_told_from_a_damaged_file(tmp_path, published):
    raw = tmp_path / "raw"
    good = _manifest(tmp_path / "sources.csv", "http://127.0.0.1:9/unreachable")
    fetch_all(good, raw, mirror=published, timeout=1)
    # the manifest is wrong: local and mirror copies agree with each other, not with it
    wrong = _manifest(tmp_path / "wrong.csv", "http://127.0.0.1:9/unreachable", {"votes/b.csv": {"sha256": "1" * 64}})
    with pytest.raises(SourceError, match=r"votes/b.csv: the manifest is wrong.*agree with each other.*moved aside to"):
        fetch_all(wrong, raw, mirror=published, timeout=1)
    kept = list((raw / ".set-aside" / "votes").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == FILES["votes/b.csv"]
    # the file is damaged: local and mirror copies differ from each other and from the manifest
    fetch_all(good, raw, mirror=published, timeout=1)
    (raw / "votes/b.csv").write_bytes(b"local damage")
    (published / "votes/b.csv").write_bytes(b"mirror damage")
    with pytest.raises(SourceError, match=r"votes/b.csv: the file is damaged.*differ from each other"):
        fetch_all(good, raw, mirror=published, timeout=1)
    assert not (raw / "votes/b.csv").exists() and len(list((raw / ".set-aside" / "votes").iterdir())) == 2


def test_leftover_part_files_are_cleaned(tmp_path, published):
    raw = tmp_path / "raw"
    (raw / "reports").mkdir(parents=True)
    (raw / "reports" / ".part-abc123").write_bytes(b"half a file")
    manifest = _manifest(tmp_path / "sources.csv", "http://127.0.0.1:9/unreachable")
    fetch_all(manifest, raw, mirror=published, timeout=1)
    assert not list(raw.rglob(".part-*"))


def test_wrong_checksum_is_refused_and_nothing_is_written(tmp_path, server):
    bad = {"votes/b.csv": {"sha256": "0" * 64}}
    manifest = _manifest(tmp_path / "sources.csv", server, bad)
    raw = tmp_path / "raw"
    with pytest.raises(
        SourceError, match=r"votes/b.csv: the download from .* does not match the manifest .*Nothing was written"
    ):
        fetch_all(manifest, raw, timeout=5)
    _assert_nothing_written(raw, "votes/b.csv")


def test_missing_file_on_server(tmp_path, server):
    manifest = _manifest(tmp_path / "sources.csv", server, {"votes/b.csv": {"url": f"{server}/votes/gone.csv"}})
    raw = tmp_path / "raw"
    with pytest.raises(SourceError, match=r"could not download .*/votes/gone.csv: HTTP Error 404"):
        fetch_all(manifest, raw, timeout=5)
    _assert_nothing_written(raw, "votes/b.csv")


def test_partial_download_is_refused(tmp_path, published):
    srv = _serve(published, _TruncatingHandler)
    try:
        base = f"http://127.0.0.1:{srv.server_address[1]}"
        manifest = _manifest(tmp_path / "sources.csv", base)
        raw = tmp_path / "raw"
        with pytest.raises(
            SourceError, match=r"(could not download .*reports/a.txt|reports/a.txt: .*damaged or partial)"
        ):
            fetch_all(manifest, raw, timeout=5)
        _assert_nothing_written(raw, "reports/a.txt")
    finally:
        srv.shutdown()


def test_check_raw_names_a_missing_input(tmp_path, server):
    manifest = _manifest(tmp_path / "sources.csv", server)
    with pytest.raises(SourceError, match=r"reports/a.txt: missing. Run 'make data'"):
        check_raw(manifest, tmp_path / "empty")


@pytest.mark.parametrize(
    "change, message",
    [
        (lambda m: m.drop(columns=["sha256"]), r"missing column\(s\) \['sha256'\]"),
        (lambda m: m.assign(sha256="abc"), r"line 2: 'abc' is not a sha256"),
        (lambda m: m.assign(file="../outside.txt"), r"must be a relative path inside data/raw"),
        (lambda m: pd.concat([m, m.iloc[:1]]), r"listed twice"),
        (lambda m: pd.concat([m, m.iloc[:1].assign(file="./reports/a.txt")]), r"listed twice .*\['reports/a.txt'\]"),
        (lambda m: m.assign(bytes="12kB"), r"bytes '12kB' is not a whole number"),
    ],
)
def test_bad_manifest(tmp_path, change, message):
    path = _manifest(tmp_path / "sources.csv", "http://127.0.0.1:9")
    change(pd.read_csv(path)).to_csv(path, index=False)
    with pytest.raises(SourceError, match=message):
        read_manifest(path)


def test_malformed_manifest_names_the_file_and_the_fix(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(
        "file,url,sha256,bytes,description,licence\na.txt,http://x," + "0" * 64 + ",3,one, two, three,CC0\n"
    )
    with pytest.raises(
        SourceError, match=r"sources.csv, line 2: 8 fields, the header has 6. Quote a value that contains a comma"
    ):
        read_manifest(path)


def test_check_raw_names_a_changed_file_without_touching_it(tmp_path, published):
    raw = tmp_path / "raw"
    manifest = _manifest(tmp_path / "sources.csv", "http://127.0.0.1:9/unreachable")
    fetch_all(manifest, raw, mirror=published, timeout=1)
    content = bytearray((raw / "votes/b.csv").read_bytes())
    content[2] = ord("9")  # same size, one byte changed
    (raw / "votes/b.csv").write_bytes(bytes(content))
    with pytest.raises(SourceError, match=r"votes/b.csv: does not match data/sources.csv .*Run 'make data'"):
        check_raw(manifest, raw)
    assert (raw / "votes/b.csv").read_bytes() == bytes(content)


def test_project_manifest_matches_the_raw_files(raw_dir):
    """The project's own manifest describes every raw input exactly."""
    manifest = Path(__file__).resolve().parents[1] / "data" / "sources.csv"
    check_raw(manifest, raw_dir)
    assert len(read_manifest(manifest)) == 28

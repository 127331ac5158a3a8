"""Bad input for `briefing analyze` (and the ingest shared with `import` and `briefing FILE`).

Every case ends either in a correct briefing or in one line on stderr naming the file (never a
traceback); a failed file makes the exit status non-zero while the other files of the same command are
still analysed. Decisions (see notes/troubleshooting): text that is not UTF-8 is decoded as
Windows-1252 with one notice; stray NUL characters are kept (shown as ␀ on a terminal) with one
notice; articles over ``$BRIEFING_MAX_ARTICLE_MB`` (default 20 MB) are refused before being read.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from briefing_tui.cli import main
from briefing_tui.resources import seed_files

SEED = seed_files()[0]
ARTICLE = (
    "Title: Ministers meet in Brussels\n\n"
    "NATO defence ministers met in Brussels on Tuesday to discuss air defence.\n\n"
    "“We will not be intimidated,” the Secretary General said after the meeting.\n"
)


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["analyze", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def one_error_line(err: str) -> str:
    """The single `briefing: ...` line of stderr (asserting there is exactly one and no traceback)."""
    assert "Traceback" not in err
    lines = err.splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("briefing: ")
    return lines[0]


@pytest.fixture
def good(tmp_path: Path) -> Path:
    p = tmp_path / "good.txt"
    p.write_text(ARTICLE, encoding="utf-8")
    return p


def json_rows(out: str) -> list[dict]:
    return [json.loads(line) for line in out.splitlines()]


# --- empty, binary ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("empty.txt", b"", "empty file"),
        ("blank.txt", b"  \n\t\r\n   \n", "empty file"),
        ("bom-only.txt", b"\xef\xbb\xbf\n", "empty file"),
        ("picture.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(4000), "binary file (PNG image)"),
        ("picture.txt", b"\x89PNG\r\n\x1a\n", "binary file (PNG image)"),  # the header alone, misnamed
        ("random.bin", bytes(range(256)) * 16, "binary file"),
        ("zeros.txt", b"\x00" * 8192, "binary file"),
        ("doc.pdf", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n", "binary file (PDF document)"),
    ],
    ids=["empty", "blank", "bom-only", "png", "png-header-misnamed", "random", "zeros", "pdf"],
)
def test_empty_and_binary_files_are_one_line_errors(capsys, tmp_path, good, name, content, message):
    bad = tmp_path / name
    bad.write_bytes(content)
    code, out, err = run(capsys, str(bad), str(good), "--format", "json")
    assert code == 2
    assert one_error_line(err) == f"briefing: {bad}: {message}"
    assert [r["source"] for r in json_rows(out)] == [str(good)]  # the other file is still analysed


def test_an_executable_is_refused(capsys, tmp_path, good):
    exe = tmp_path / "true"
    shutil.copyfile(shutil.which("true") or "/bin/true", exe)
    code, out, err = run(capsys, str(good), str(exe))
    assert code == 2
    assert one_error_line(err) == f"briefing: {exe}: binary file (ELF executable)"
    assert out.startswith("Ministers meet in Brussels")


# --- encodings ----------------------------------------------------------------------------------------


def _without_source(row: dict) -> dict:
    return {k: v for k, v in row.items() if k != "source"}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-16-le", "utf-32", "utf-8-sig"])
def test_bom_encodings_give_the_same_briefing_as_utf8(capsys, tmp_path, encoding):
    text = SEED.read_text(encoding="utf-8")
    plain = tmp_path / "plain.txt"
    plain.write_bytes(text.encode("utf-8"))
    other = tmp_path / f"{encoding}.txt"
    data = text.encode(encoding)
    if encoding == "utf-16-be":
        data = b"\xfe\xff" + data
    elif encoding == "utf-16-le":
        data = b"\xff\xfe" + data
    other.write_bytes(data)
    code, out, err = run(capsys, str(plain), str(other), "--format", "json")
    assert code == 0 and err == ""
    a, b = json_rows(out)
    assert _without_source(a) == _without_source(b)
    assert len(a["quotes"]) >= 9 and len(a["entities"]) > 10  # a real briefing, not an empty one


@pytest.mark.parametrize(
    "encoding, raw, legacy",
    [
        ("cp1252", "Café talks in Zürich went on. The envoy said “no” – again.\n", "Windows-1252"),
        ("latin-1", "Café talks in Zürich went on.\x81 The envoy said «no».\n", "Latin-1"),
    ],
    ids=["cp1252", "latin-1"],
)
def test_legacy_encodings_are_decoded_with_one_notice(capsys, tmp_path, good, encoding, raw, legacy):
    p = tmp_path / "legacy.txt"
    p.write_bytes(("Intro line in plain ASCII.\n\n" + raw).encode(encoding))
    code, out, err = run(capsys, str(p), str(good), "--format", "json")
    assert code == 0  # a notice, not a failure
    assert one_error_line(err) == f"briefing: {p}: not valid UTF-8 (line 3); decoded as {legacy}"
    rows = json_rows(out)
    assert len(rows) == 2 and rows[0]["source"] == str(p)
    doc_text = ("Intro line in plain ASCII.\n\n" + raw)
    assert any(doc_text[m["start"]:m["end"]] == "Zürich" for e in rows[0]["entities"] for m in e["mentions"])


def test_a_broken_byte_order_mark_is_an_error(capsys, tmp_path):
    p = tmp_path / "broken16.txt"
    p.write_bytes(b"\xff\xfe" + "Ministers met.".encode("utf-16-le") + b"\x00")  # odd length: not UTF-16
    code, out, err = run(capsys, str(p))
    assert code == 2 and out == ""
    assert one_error_line(err) == f"briefing: {p}: cannot decode as UTF-16-LE despite its byte-order mark"


def test_nul_bytes_inside_text_are_kept_and_shown_as_placeholders(capsys, tmp_path):
    p = tmp_path / "nul.txt"
    text = "NATO ministers met in Brussels.\x00 The envoy said “no\x00 deal” twice.\n"
    p.write_bytes(text.encode("utf-8"))
    code, out, err = run(capsys, str(p))
    assert code == 0
    assert one_error_line(err) == f"briefing: {p}: contains 2 NUL character(s); kept, shown as \u2400"
    assert "\x00" not in out and "\u2400" in out
    code, out, err = run(capsys, str(p), "--format", "json")
    row = json.loads(out)
    assert [q["text"] for q in row["quotes"]] == ["no\x00 deal"]  # JSON keeps the text exact
    assert all(text[q["start"]:q["end"]] == q["text"] for q in row["quotes"])


# --- size ----------------------------------------------------------------------------------------------


def _news_line(size: int) -> str:
    """One line of ``size`` characters of real news prose (the seed, its line breaks made spaces)."""
    body = " ".join(SEED.read_text(encoding="utf-8").split())
    return (body + " ") * (size // (len(body) + 1)) + body[: size % (len(body) + 1)]


_MEASURE = (
    "import resource, sys, time\n"
    "from briefing_tui.cli import main\n"
    "t = time.perf_counter()\n"
    "code = main(['analyze', '--format', 'json', sys.argv[1]])\n"
    "sys.stderr.write('\\nMEASURED %d %.2f %d\\n' % (code, time.perf_counter() - t,"
    " resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024))\n"
)


def _analyse_in_subprocess(path: Path, timeout: float) -> tuple[int, float, int, str]:
    """(exit status, seconds, peak RSS in MB, stdout) of `briefing analyze` in a fresh interpreter."""
    proc = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(path)], capture_output=True, text=True, timeout=timeout
    )
    assert "Traceback" not in proc.stderr
    tag = proc.stderr.strip().splitlines()[-1].split()
    assert tag[0] == "MEASURED", proc.stderr
    return int(tag[1]), float(tag[2]), int(tag[3]), proc.stdout


def test_one_long_line_completes_with_flat_memory(tmp_path):
    """A 300 kB single-line article: analysed, in bounded memory (one batch of 20,000-character pieces
    used to take ~1 GB per 100,000 characters). The 10 MB case is the slow test below and the benchmark."""
    p = tmp_path / "one-line.txt"
    p.write_text(_news_line(300_000), encoding="utf-8")
    code, seconds, peak_mb, out = _analyse_in_subprocess(p, timeout=300)
    print(f"300 kB line: {seconds:.1f} s, peak RSS {peak_mb} MB")
    assert code == 0
    row = json.loads(out)
    assert len(row["sentences"]) > 1000 and row["entities"] and row["quotes"]
    assert peak_mb < 700


def test_the_model_gets_batches_bounded_in_characters():
    """What keeps the memory flat: pieces of a long line go to spaCy a few at a time, paragraphs many."""
    from briefing_tui.analysis import nlp

    class FakeNLP:
        def __init__(self):
            self.batches = []

        def pipe(self, texts, batch_size):
            texts = list(texts)
            self.batches.append(texts)
            assert batch_size == len(texts)
            return iter(texts)

    fake = FakeNLP()
    pieces = ["x" * 20_000] * 53 + ["short paragraph"] * 1000
    assert list(nlp.pipe(pieces, fake)) == pieces  # every text once, in order
    assert all(sum(map(len, b)) <= nlp.BATCH_CHARS or len(b) == 1 for b in fake.batches)
    assert max(len(b) for b in fake.batches) == nlp.BATCH_TEXTS  # short texts still go in big batches


@pytest.mark.slow(minutes=6)
@pytest.mark.skipif(not os.environ.get("BRIEFING_SLOW_TESTS"), reason="set BRIEFING_SLOW_TESTS=1 (takes ~3 min)")
def test_ten_megabyte_line_completes(tmp_path):
    p = tmp_path / "ten-mb-line.txt"
    p.write_text(_news_line(10_000_000), encoding="utf-8")
    code, seconds, peak_mb, out = _analyse_in_subprocess(p, timeout=1200)
    print(f"10 MB line: {seconds:.1f} s, peak RSS {peak_mb} MB")
    assert code == 0 and len(json.loads(out)["sentences"]) > 50_000
    assert peak_mb < 1500


@pytest.mark.parametrize(
    "junk",
    ["." * 20_000, "“" * 20_000, "(" * 20_000, "!?" * 10_000, "-" * 20_000, "x" * 20_000, "\n" * 20_000 + "Word."],
    ids=["dots", "open-quotes", "parens", "bangs", "dashes", "one-word", "newlines"],
)
def test_pathological_runs_stay_fast(junk):
    """20,000 marks without a space took 14 s (dots: sentence regex backtracking) to 60 s (quotes,
    parens: spaCy's tokenizer is quadratic on long runs); now they take milliseconds."""
    from briefing_tui.analysis.pipeline import analyse
    from briefing_tui.ingest.text import document_from_text

    analyse(document_from_text("Warm up the model.", "w.txt"))
    for text in (junk, f"NATO ministers met. {junk} The envoy said “no”.\n"):
        started = time.perf_counter()
        analyse(document_from_text(text, "junk.txt"))
        assert time.perf_counter() - started < 3


def test_a_50_mb_article_is_refused_with_the_limit_named(capsys, tmp_path, good):
    big = tmp_path / "big article.txt"
    chunk = (" ".join(SEED.read_text(encoding="utf-8").split()) + "\n\n").encode("utf-8")
    with big.open("wb") as fh:
        for _ in range(50_000_000 // len(chunk) + 1):
            fh.write(chunk)
    started = time.perf_counter()
    code, out, err = run(capsys, str(big), str(good), "--format", "json")
    assert time.perf_counter() - started < 10  # refused up front, not read and analysed first
    assert code == 2
    assert one_error_line(err) == (
        f"briefing: {big}: too large to analyse (50.0 MB, the limit is 20 MB; "
        "set BRIEFING_MAX_ARTICLE_MB to change it)"
    )
    assert [r["source"] for r in json_rows(out)] == [str(good)]


def test_the_size_limit_is_configurable(capsys, tmp_path, good, monkeypatch):
    monkeypatch.setenv("BRIEFING_MAX_ARTICLE_MB", "0.0001")  # 100 bytes
    code, out, err = run(capsys, str(good))
    assert code == 2 and out == ""
    assert "too large to analyse" in one_error_line(err) and "the limit is 0.0001 MB" in err
    monkeypatch.setenv("BRIEFING_MAX_ARTICLE_MB", "1")
    code, out, err = run(capsys, str(good))
    assert code == 0 and err == ""
    for bad in ("lots", "-3", "0", "nan"):
        monkeypatch.setenv("BRIEFING_MAX_ARTICLE_MB", bad)
        code, out, err = run(capsys, str(good))
        assert code == 2 and out == ""
        assert one_error_line(err) == f"briefing: BRIEFING_MAX_ARTICLE_MB={bad!r}: must be a positive number of megabytes"


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_an_endless_device_is_cut_at_the_limit(capsys, monkeypatch):
    monkeypatch.setenv("BRIEFING_MAX_ARTICLE_MB", "0.01")
    code, out, err = run(capsys, "/dev/zero")
    assert code == 2 and out == ""
    assert one_error_line(err) == (
        "briefing: /dev/zero: too large to analyse (over the limit of 0.01 MB; set BRIEFING_MAX_ARTICLE_MB to change it)"
    )


def test_standard_input_over_the_limit(tmp_path):
    env = {**os.environ, "BRIEFING_MAX_ARTICLE_MB": "0.001"}
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_tui.cli", "analyze", "-"], input=ARTICLE * 20, capture_output=True,
        text=True, env=env, timeout=120,
    )
    assert proc.returncode == 2 and proc.stdout == ""
    assert one_error_line(proc.stderr) == (
        "briefing: <stdin>: too large to analyse (over the limit of 0.001 MB; set BRIEFING_MAX_ARTICLE_MB to change it)"
    )


# --- names and file-system trouble ----------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    ["with spaces in it.txt", "line\nbreak.txt", "café – Київ – 東京 🗞.txt", os.fsdecode(b"latin1-caf\xe9.txt")],
    ids=["spaces", "newline", "non-ascii", "undecodable-bytes"],
)
def test_odd_file_names(capsys, tmp_path, name):
    p = tmp_path / name
    p.write_text(ARTICLE, encoding="utf-8")
    code, out, err = run(capsys, str(p), "--format", "json")
    assert code == 0 and err == ""
    assert json.loads(out)["source"] == str(p)  # JSON gives back the exact name
    code, out, err = run(capsys, str(p))
    assert code == 0 and out.startswith("Ministers meet in Brussels\n")
    assert len(out.splitlines()[1].split(" · ")) == 4  # the source line stays one line
    missing = tmp_path / ("gone " + name)
    code, out, err = run(capsys, str(missing))
    assert code == 2
    line = one_error_line(err)  # a newline in the name is shown as ␤, not as a second line
    assert line.endswith(": no such file") and "gone " in line


def test_escape_sequences_in_a_file_name_do_not_reach_the_terminal(capsys, tmp_path):
    p = tmp_path / "\x1b]0;owned\x07\x1b[2J\u202eevil.txt"
    code, out, err = run(capsys, str(p))
    assert code == 2
    line = one_error_line(err)
    for raw in ("\x1b", "\x07", "\u202e"):
        assert raw not in line
    assert "\u241b]0;owned\u2407\u241b[2J<U+202E>evil.txt: no such file" in line


def test_missing_file_and_directory(capsys, tmp_path, good):
    folder = tmp_path / "folder"
    folder.mkdir()
    missing = tmp_path / "missing.txt"
    code, out, err = run(capsys, str(missing), str(folder), str(good), "--format", "json")
    assert code == 2
    assert err.splitlines() == [f"briefing: {missing}: no such file", f"briefing: {folder}: is a directory, not a file"]
    assert "Traceback" not in err
    assert [r["source"] for r in json_rows(out)] == [str(good)]


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root reads a chmod 000 file")
def test_unreadable_file(capsys, tmp_path, good):
    secret = tmp_path / "secret.txt"
    secret.write_text(ARTICLE, encoding="utf-8")
    secret.chmod(0)
    try:
        code, out, err = run(capsys, str(secret), str(good), "--format", "json")
    finally:
        secret.chmod(0o600)
    assert code == 2
    assert one_error_line(err) == f"briefing: {secret}: permission denied"
    assert [r["source"] for r in json_rows(out)] == [str(good)]


@pytest.mark.parametrize(
    "error, message",
    [(PermissionError(13, "Permission denied"), "permission denied"),
     (OSError(5, "Input/output error"), "cannot read (Input/output error)")],
    ids=["eacces", "eio"],
)
def test_read_faults_are_one_line_errors(capsys, tmp_path, good, monkeypatch, error, message):
    """The same as chmod 000 (which root ignores) and a failing disk, injected at the open."""
    import briefing_tui.ingest.text as text_module

    bad = tmp_path / "faulty.txt"
    bad.write_text(ARTICLE, encoding="utf-8")
    real_open = open

    def faulty_open(file, *a, **kw):
        if str(file) == str(bad):
            raise error
        return real_open(file, *a, **kw)

    monkeypatch.setattr(text_module, "open", faulty_open, raising=False)
    code, out, err = run(capsys, str(bad), str(good), "--format", "json")
    assert code == 2
    assert one_error_line(err) == f"briefing: {bad}: {message}"
    assert [r["source"] for r in json_rows(out)] == [str(good)]


def test_a_file_deleted_between_listing_and_reading(capsys, tmp_path, monkeypatch):
    """`analyze a b c`: while `a` is analysed, `b` disappears. `b` is one error line, `c` is still done."""
    import briefing_tui.analysis.pipeline as pipeline

    files = []
    for name in "abc":
        p = tmp_path / f"{name}.txt"
        p.write_text(ARTICLE, encoding="utf-8")
        files.append(p)
    real = pipeline.analyse

    def analyse_and_delete(doc, taxonomy=None):
        if doc.source == str(files[0]):
            files[1].unlink()
        return real(doc, taxonomy)

    monkeypatch.setattr(pipeline, "analyse", analyse_and_delete)
    code, out, err = run(capsys, *map(str, files), "--format", "json")
    assert code == 2
    assert one_error_line(err) == f"briefing: {files[1]}: no such file"
    assert [r["source"] for r in json_rows(out)] == [str(files[0]), str(files[2])]


def test_a_crash_in_the_analysis_costs_only_that_file(capsys, tmp_path, good, monkeypatch):
    """Defence in depth: an unexpected exception is one line naming the file, the rest still analysed."""
    import briefing_tui.analysis.pipeline as pipeline

    poison = tmp_path / "poison.txt"
    poison.write_text(ARTICLE, encoding="utf-8")
    real = pipeline.analyse

    def analyse(doc, taxonomy=None):
        if doc.source == str(poison):
            raise ValueError("boom\nsecond line")
        return real(doc, taxonomy)

    monkeypatch.setattr(pipeline, "analyse", analyse)
    code, out, err = run(capsys, str(poison), str(good), "--format", "json")
    assert code == 1
    line = one_error_line(err)
    assert line.startswith(f"briefing: {poison}: internal error while analysing (ValueError: boom")
    assert [r["source"] for r in json_rows(out)] == [str(good)]


def test_console_script_with_mixed_good_and_bad_files(tmp_path, good):
    """The real entry point in a fresh process: exit status 2, one line per bad file, good files done."""
    empty = tmp_path / "empty.md"
    empty.write_bytes(b"")
    exe = tmp_path / "prog"
    shutil.copyfile(shutil.which("true") or "/bin/true", exe)
    proc = subprocess.run(
        [sys.executable, "-m", "briefing_tui.cli", "analyze", "--format", "json", str(empty), str(good), str(exe)],
        capture_output=True, text=True, timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.splitlines() == [
        f"briefing: {empty}: empty file", f"briefing: {exe}: binary file (ELF executable)"
    ]
    assert [r["source"] for r in json_rows(proc.stdout)] == [str(good)]


# --- the reader's `briefing FILE` ---------------------------------------------------------------------


@pytest.mark.parametrize("content, message", [(b"", "empty file"), (b"\x7fELF\x02\x01\x01" + bytes(64), "binary file")])
def test_reader_refuses_a_bad_file_before_starting(capsys, tmp_path, monkeypatch, content, message):
    from briefing_tui.ui import app as app_module

    started = []
    monkeypatch.setattr(app_module.BriefingApp, "run", lambda self, *a, **kw: started.append(self))
    monkeypatch.setenv("BRIEFING_LIBRARY", str(tmp_path / "lib.sqlite3"))
    bad = tmp_path / "bad file.txt"
    bad.write_bytes(content)
    code = main([str(bad)])
    out, err = capsys.readouterr()
    assert code == 2 and not started
    line = [ln for ln in err.splitlines() if not ln.startswith("briefing: importing")]
    assert len(line) == 1 and "Traceback" not in err
    assert line[0].startswith(f"briefing: {bad.resolve()}: {message}") or line[0].startswith(f"briefing: {bad}: {message}")

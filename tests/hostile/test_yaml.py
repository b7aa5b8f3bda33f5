"""Hostile and faulty YAML, through the whole program: each a clear located error or a
correct reading, in bounded time and memory, and never a crash or a traceback.

(tests/test_load.py covers the loader alone: tags, aliases, nesting, UTF-8, BOM and CRLF.)
"""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import pytest

from briefgen.content.project import Selection, load_project
from briefgen.errors import ContentError
from briefgen.output.build import BuildOptions, build
from tests.conftest import run_briefgen, write

THEME = "briefs/themes/sample-theme.yaml"
MB = 1024 * 1024


def check(cli) -> tuple[int, list[str]]:
    result = cli("check")
    return result.exit_code, [line for line in result.stderr.splitlines() if not line.startswith("ok:")]


def load_bounded(project: Path, seconds: float = 60, megabytes: int = 200) -> ContentError | None:
    """Load the sample theme in this process; fail if it hangs or allocates too much. The time
    bound catches a hang, not a slowdown (speed goals live in benchmarks/): tracemalloc slows
    loading several times, and the suite runs on a busy machine."""
    tracemalloc.start()
    started = time.perf_counter()
    try:
        load_project(project, Selection(("sample-theme",), ()))
        error = None
    except ContentError as exc:
        error = exc
    finally:
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
    assert elapsed < seconds, f"took {elapsed:.1f} s"
    assert peak < megabytes * MB, f"allocated {peak / MB:.0f} MB"
    return error


@pytest.mark.parametrize("tag", [
    "!!python/object/apply:os.system ['touch pwned']",
    "!!python/object/new:os.system ['touch pwned']",
    "!!python/name:os.system",
    "!!python/module:os",
    "!!binary aGVsbG8=",
    "!!set {a, b}",
    "!custom thing",
])
def test_custom_tags_are_refused_and_never_run(project, cli, tag):
    write(project / THEME, f"title: T\nsummary: {tag}\n")
    code, lines = check(cli)
    assert code == 1
    assert len(lines) == 1 and re.match(rf"^{THEME}:2:10: error: unsupported YAML tag '", lines[0]), lines
    assert not (project / "pwned").exists()


def test_an_alias_bomb_is_an_error_in_bounded_time_and_memory(project, cli):
    lines = ['title: T', 'summary: x', 'a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 10) + "]" for i in range(1, 10)]
    write(project / THEME, "\n".join(lines) + "\n")
    error = load_bounded(project, megabytes=20)
    assert error is not None and "alias expansion" in str(error)
    code, printed = check(cli)  # a5 is the first to stand for more than 200,000 values
    assert code == 1 and printed == [f"{THEME}:8:5: error: document has more than 200000 values (alias expansion?)"]


def test_aliases_that_repeat_a_long_text_are_bounded(project, cli):
    long_text = "word " * 800_000  # 4 MB, repeated 100 times would be 400 MB of Markdown to render
    write(project / THEME, "title: T\nsummary: &s " + long_text + "\nkey_points: [" + ", ".join(["*s"] * 100) + "]\n")
    error = load_bounded(project, megabytes=150)
    assert error is not None
    assert re.search(rf"{THEME}:3:13: error: document expands to more than \d+ characters", str(error)), str(error)


def test_a_50_mb_file_is_refused_without_being_read(project, cli):
    path = project / THEME
    with open(path, "wb") as handle:
        handle.write(b"title: T\nsummary: ")
        handle.write(b"x" * (50 * MB))
    error = load_bounded(project, megabytes=20)  # never read: far less than the file
    assert error is not None and f"{THEME}: error: file is too large (" in str(error)
    code, printed = check(cli)
    assert code == 1 and printed == [f"{THEME}: error: file is too large ({path.stat().st_size} bytes; limit 5242880)"]


def test_a_million_one_word_items_are_an_error_in_bounded_memory(project):
    write(project / THEME, "title: T\nsummary: x\ntags:\n" + "".join("- w\n" for _ in range(1_000_000)))
    error = load_bounded(project, megabytes=100)
    assert error is not None and "more than 200000 values" in str(error)


@pytest.mark.parametrize("depth, opener", [(10_000, "["), (1_000_000, "["), (100_000, "{a: "), (1_000_000, "- ")])
def test_deep_nesting_is_a_located_error_not_a_crash(project, depth, opener):
    """A million ``[`` crashed the process (libyaml's composer recursing on the C stack): run
    in a child so that a regression fails this test rather than the test run."""
    if opener == "- ":  # block sequences, one inside the other on one line: "tags:\n  - - - … x"
        body, line = "tags:\n  " + opener * depth + "x", 4
    else:
        body, line = "x: " + opener * depth + {"[": "]", "{a: ": "}"}[opener] * depth, 3
    write(project / THEME, "title: T\nsummary: s\n" + body + "\n")
    started = time.perf_counter()
    result = run_briefgen("check", cwd=project)
    assert time.perf_counter() - started < 30
    assert result.returncode == 1, (result.returncode, result.stderr[-500:])
    assert "Traceback" not in result.stderr
    assert re.search(rf"^{THEME}:{line}:\d+: error: nesting is deeper than 100 levels$", result.stderr, re.M), \
        result.stderr


def test_invalid_utf8_is_one_located_line(project, cli):
    (project / THEME).write_bytes(b"title: T\nsummary: caf\xc3\x28 [@alpha]\n")
    assert check(cli) == (1, [f"{THEME}:2:13: error: file is not valid UTF-8"])


def test_bom_and_crlf_read_correctly_and_locate_errors(project, cli):
    text = "\ufefftitle: Café crème\r\nsummary: The summary [@alpha].\r\nkey_points:\r\n  - Unknown [@nope]\r\n"
    (project / THEME).write_bytes(text.encode("utf-8"))
    code, printed = check(cli)
    assert code == 1
    assert printed == [f"{THEME}:4:14: error: unknown citation key '@nope'"]  # CRLF counts as one line end
    (project / THEME).write_bytes(text.replace("[@nope]", "[@beta]").encode("utf-8"))
    build(BuildOptions(project, project / "out", ("html",)), Selection(("sample-theme",), ()))
    html = (project / "out/themes/sample-theme.html").read_text("utf-8")
    assert "<h1" in html and "Café crème" in html and "\ufeff" not in html and "\r" not in html


@pytest.mark.parametrize("content", ["", "   \n\n", "# only a comment\n", "---\n", "~\n"])
def test_an_empty_file_is_a_clear_error(project, cli, content):
    write(project / THEME, content)
    code, printed = check(cli)
    assert code == 1 and len(printed) == 1, printed
    assert re.fullmatch(rf"{THEME}:[12]:1: error: a theme must be a mapping", printed[0]), printed


@pytest.mark.parametrize("content, where", [("- title: T\n- summary: S\n", "1:1"), ('"just text"\n', "1:1"),
                                            ("title: T\nsummary: S\n---\ntitle: U\n", "3:1")])
def test_a_top_level_list_text_or_second_document_is_a_clear_error(project, cli, content, where):
    write(project / THEME, content)
    code, printed = check(cli)
    assert code == 1 and len(printed) == 1 and printed[0].startswith(f"{THEME}:{where}: error: "), printed


@pytest.mark.parametrize("raw", [b"title: T\nsummary: a\x00b\n", b"title: T\nsummary: a\x1bb\n",
                                 b"title: [unclosed\nsummary: x\n", b"title: T\n\tsummary: x\n"])
def test_control_characters_and_broken_syntax_are_located(project, cli, raw):
    (project / THEME).write_bytes(raw)
    code, printed = check(cli)
    assert code == 1 and len(printed) == 1
    assert re.match(rf"^{THEME}:\d+:\d+: error: invalid YAML: ", printed[0]), printed
    if b"\x00" in raw or b"\x1b" in raw:
        assert printed[0].startswith(f"{THEME}:2:11: error: invalid YAML: character #x00"), printed


def test_a_named_pipe_is_refused_without_waiting(project, cli):
    (project / THEME).unlink()
    os.mkfifo(project / THEME)
    started = time.perf_counter()
    code, printed = check(cli)
    assert time.perf_counter() - started < 10
    assert code == 1 and printed == [f"{THEME}: error: cannot read file: not a regular file"]


def test_a_folder_named_like_a_content_file_is_refused(project, cli):
    (project / THEME).unlink()
    (project / THEME).mkdir()
    assert check(cli) == (1, [f"{THEME}: error: cannot read file: not a regular file"])


@pytest.mark.parametrize("target", ["/dev/zero", "/dev/urandom", "outside"])
def test_a_content_file_linking_outside_the_project_is_refused(project, cli, tmp_path, target):
    if target == "outside":
        target = str(write(tmp_path / "outside.yaml", "title: Secret\nsummary: Secret text [@alpha]\n"))
    (project / THEME).unlink()
    (project / THEME).symlink_to(target)
    started = time.perf_counter()
    code, printed = check(cli)
    assert time.perf_counter() - started < 10
    assert code == 1 and printed == [f"{THEME}: error: is a link to {Path(target).resolve()}, outside the project"]


def test_a_loop_of_symbolic_links_is_a_clear_error(project, cli):
    (project / THEME).unlink()
    (project / THEME).symlink_to(project / THEME)
    assert check(cli) == (1, [f"{THEME}: error: cannot read file: a loop of symbolic links"])


def test_a_content_file_linking_inside_the_project_is_read(project, cli):
    write(project / "shared/theme.yaml", (project / THEME).read_text())
    (project / THEME).unlink()
    (project / THEME).symlink_to(project / "shared/theme.yaml")
    assert check(cli) == (0, [])

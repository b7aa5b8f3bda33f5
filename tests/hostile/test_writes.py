"""Nothing is written outside the output folder: every command, in real processes, run with a
decoy home folder and a temporary folder of their own, leaves the project (but for out/
and site/), the folders beside it, the home folder and the temporary folder as they were."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from tests.conftest import write
from tests.hostile.test_paths import snapshot


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def serve_once(project: Path, env: dict[str, str]) -> None:
    """Start `briefgen serve`, fetch a page, stop it as Ctrl-C would."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "briefgen", "serve", "--port", str(port)], cwd=project, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
                conn.request("GET", "/themes/sample-theme.html")
                status = conn.getresponse().status
                conn.close()
                break
            except OSError:
                assert time.monotonic() < deadline and server.poll() is None, server.stderr.read()
                time.sleep(0.2)
        assert status == 200
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(30)


@pytest.fixture
def short_temp():
    """A temporary folder of its own, with a short path: the PDF workers' socket lives there,
    and a Unix socket's path may not exceed about a hundred bytes."""
    folder = Path(tempfile.mkdtemp(prefix="bgw-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_no_command_writes_outside_its_output_folder(project, tmp_path, short_temp):
    home, temp, beside = tmp_path / "home", short_temp, tmp_path / "beside"
    write(home / ".profile", "keep me")
    write(beside / "notes.txt", "a neighbour's file")
    write(project / "briefgen.toml", 'series = "Decoy Weekly"\n')
    env = {**os.environ, "HOME": str(home), "TMPDIR": str(temp), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("XDG_CONFIG_HOME", None)

    def untouched() -> dict:
        return {"project": snapshot(project, project / "out"), "home": snapshot(home, home / "-"),
                "beside": snapshot(beside, beside / "-"), "temp": snapshot(temp, temp / "-")}

    def outputs_excluded(state: dict) -> dict:
        state["project"] = {k: v for k, v in state["project"].items() if not k.startswith(("site/", "out/"))}
        return state

    before = outputs_excluded(untouched())
    commands = [(0, "check"), (0, "build", "-j", "2"), (0, "build", "--format", "html"),
                (0, "build", "--format", "html", "--out", str(tmp_path / "elsewhere")),
                (0, "publish", "-j", "2"), (0, "publish", "--no-pdf", "--out", "site"),
                (0, "templates", "list"), (0, "schema", "theme"),
                (2, "build", "--out", "."), (2, "build", "--out", str(home)), (2, "build", "--out", str(beside)),
                (2, "publish", "--out", str(tmp_path))]
    for expected, *command in commands:
        done = subprocess.run([sys.executable, "-m", "briefgen", *command], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)
        assert done.returncode == expected, (command, done.stderr)
        assert outputs_excluded(untouched()) == before, command
    serve_once(project, env)
    assert outputs_excluded(untouched()) == before, "serve"
    assert (project / "out/weekly/2025-W42.pdf").is_file() and (project / "site/index.html").is_file()
    assert (tmp_path / "elsewhere/themes/sample-theme.html").is_file()

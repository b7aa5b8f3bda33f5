"""`briefgen init`: a project of one's own that checks and builds on the first try, and
never writes into a folder that holds something."""


from pypdf import PdfReader

from briefgen.content.config import Config, load_config
from briefgen.content.settings import settings_of
from briefgen.resources import starter_project
from tests.conftest import run_briefgen, write

FILES = [".gitignore", "briefgen.toml", "briefs/sources.yaml", "briefs/themes/example-theme.yaml",
         "briefs/weekly/2026-W02.yaml", "style.css"]


def tree(folder) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() + ("/" if path.is_dir() else "")
                  for path in folder.rglob("*") if path.is_file() or not any(path.iterdir()))


def test_a_new_project_checks_strictly_and_builds_on_the_first_try(tmp_path):
    started = run_briefgen("init", "our-briefs", cwd=tmp_path)
    assert started.returncode == 0, started.stderr
    project = tmp_path / "our-briefs"
    assert tree(project) == sorted([*FILES, "assets/", "templates/"])
    assert "next: cd our-briefs && briefgen check && briefgen build" in started.stderr
    checked = run_briefgen("check", "--strict", cwd=project)
    assert checked.returncode == 0, checked.stderr
    assert checked.stderr.strip() == "ok: 1 sources, 1 themes, 1 weekly briefs, 0 warnings"
    built = run_briefgen("build", cwd=project)
    assert built.returncode == 0, built.stderr
    for name in ("weekly/2026-W02", "themes/example-theme"):
        assert "An example" in (project / f"out/{name}.html").read_text()
        assert PdfReader(project / f"out/{name}.pdf").pages
    assert "Example Weekly" in (project / "out/weekly/2026-W02.html").read_text()  # the config's series


def test_init_refuses_a_folder_that_holds_anything(tmp_path):
    write(tmp_path / "mine/notes.txt", "keep me\n")
    refused = run_briefgen("init", "mine", cwd=tmp_path)
    assert refused.returncode == 2
    assert refused.stderr.strip() == ("error: mine is not empty; give a new or empty folder to start a project in "
                                      "(briefgen init never overwrites a file)")
    assert tree(tmp_path / "mine") == ["notes.txt"]
    write(tmp_path / "a-file", "")
    assert run_briefgen("init", "a-file", cwd=tmp_path).returncode == 2


def test_init_without_a_folder_starts_here_when_here_is_empty(tmp_path, cli, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = cli("init")
    assert result.exit_code == 0, result.stderr
    assert result.stderr.splitlines()[-1].startswith("next: briefgen check && briefgen build")
    assert tree(tmp_path) == sorted([*FILES, "assets/", "templates/"])
    assert load_config(tmp_path).series == "Example Weekly"


def test_the_starter_config_shows_every_setting_and_invents_no_real_source():
    toml = (starter_project() / "briefgen.toml").read_text()
    missing = [d.key for d in settings_of(Config) if f"{d.key} =" not in toml and f"[{d.key}]" not in toml]
    assert missing == []
    for path in starter_project().rglob("*"):
        if path.is_file():
            text = path.read_text("utf-8")
            assert "http" not in text and "URL" not in text, path

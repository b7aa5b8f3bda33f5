"""The text policy: every string of every content file, bibliography and setting is checked
when it is read. Lone surrogates, control characters, non-characters and briefgen's own
citation placeholders are located errors in `check`, `build` and `publish` alike — never a
traceback, never a broken feed, never a forged citation."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import write

THEME = "briefs/themes/sample-theme.yaml"


def set_title(project: Path, title_yaml: str) -> None:
    """The sample theme's title, as written in YAML (quoted, with its escapes)."""
    path = project / THEME
    path.write_text(path.read_text("utf-8").replace("title: Sample theme about drones", f"title: {title_yaml}"),
                    "utf-8")


def one_error(result, where: str, what: str) -> None:
    """``result`` failed with exactly one line, ``where: error: …what…``, and no traceback."""
    lines = result.stderr.strip().splitlines()
    assert result.exit_code == 1, result.stderr
    assert "Traceback" not in result.stderr and "Error:" not in result.stderr
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1, lines
    assert errors[0].startswith(f"{where}: error: ") and what in errors[0], errors[0]


# -- the faults as reported --------------------------------------------------------------------


def test_a_lone_surrogate_is_a_located_error_in_check_build_and_publish(project, cli):  # fault 6
    set_title(project, '"Ctl\\ud800end"')
    for command in (("check",), ("build", "--format", "html"), ("publish", "--no-pdf")):
        one_error(cli(*command), f"{THEME}:1:8", "a lone surrogate (U+D800)")
    assert not (project / "out").exists() and not (project / "site").exists()


@pytest.mark.parametrize(("escape", "named"), [
    ("\\v", "a control character (U+000B)"), ("\\0", "a control character (U+0000)"),
    ("\\e", "a control character (U+001B)"), ("\\f", "a control character (U+000C)"),
    ("\\uFFFE", "a Unicode non-character (U+FFFE)"),
])
def test_control_characters_and_non_characters_are_located_errors(project, cli, escape, named):  # fault 7
    set_title(project, f'"Line{escape}break"')
    one_error(cli("check"), f"{THEME}:1:8", named)


@pytest.mark.parametrize("forged", ["Forged \\ue00099\\ue001 slot [@alpha]", "\\ue0000\\ue001"])
def test_citation_placeholders_cannot_be_written_in_content(project, cli, forged):  # fault 8
    set_title(project, f'"{forged}"')
    one_error(cli("check"), f"{THEME}:1:8", "a private-use character reserved by briefgen (U+E000)")
    one_error(cli("build", "--format", "html"), f"{THEME}:1:8", "reserved by briefgen")


# -- variants of the class ------------------------------------------------------------------------


def test_a_character_written_as_is_is_located_at_the_character(project, cli):
    """A non-character and a placeholder typed into a block scalar: YAML lets them through,
    the policy does not, and the error points at the character itself."""
    path = project / THEME
    text = path.read_text("utf-8").replace("  locator [@alpha, p. 4]", "  locator\ufdd0 [@alpha, p. 4]")
    path.write_text(text, "utf-8")
    one_error(cli("check"), f"{THEME}:4:10", "a Unicode non-character (U+FDD0)")
    path.write_text(text.replace("\ufdd0", "\ue000"), "utf-8")
    one_error(cli("check"), f"{THEME}:4:10", "reserved by briefgen (U+E000)")


def test_a_mapping_key_is_held_to_the_policy_too(project, cli):
    path = project / THEME
    text = path.read_text("utf-8")
    path.write_text(text + '"comment\\u0007": x\n', "utf-8")
    one_error(cli("check"), f"{THEME}:{text.count(chr(10)) + 1}:1", "a control character (U+0007)")


@pytest.mark.parametrize(("escape", "named"), [
    ("\\U0010FFFF", "a Unicode non-character (U+10FFFF)"), ("\\x7f", "a control character (U+007F)"),
    ("\\x9b", "a control character (U+009B)"), ("\\uFDEF", "a Unicode non-character (U+FDEF)"),
    ("\\ue001", "a private-use character reserved by briefgen (U+E001)"),
])
def test_other_refused_characters(project, cli, escape, named):
    set_title(project, f'"end {escape}"')
    one_error(cli("check"), f"{THEME}:1:8", named)


def test_csl_json_is_held_to_the_policy_and_keeps_its_surrogate_pairs(project, cli):
    write(project / "briefs/sources.json",
          '[{"id": "delta", "type": "webpage", "title": "Bell \\u0007 here"}]\n')
    one_error(cli("check"), "briefs/sources.json:1:46", "a control character (U+0007)")
    write(project / "briefs/sources.json",
          '[{"id": "delta", "type": "webpage", "title": "Smile \\ud83d\\ude00 and \\\\ud83d kept"}]\n')
    result = cli("check")
    assert result.exit_code == 0, result.stderr
    write(project / "briefs/sources.json", '[{"id": "delta", "type": "webpage", "title": "Half \\ud83d"}]\n')
    one_error(cli("check"), "briefs/sources.json:1:46", "a lone surrogate (U+D83D)")


def test_bibtex_is_held_to_the_policy_as_written(project, cli):
    write(project / "briefs/sources.bib", "@misc{delta,\n  title = {Escape \x1b[31m red},\n  year = {2025}\n}\n")
    one_error(cli("check"), "briefs/sources.bib:2:19", "a control character (U+001B)")


def test_a_setting_is_held_to_the_policy(project, cli):
    write(project / "briefgen.toml", 'series = "Weekly\\u0000Brief"\n')
    one_error(cli("check"), "briefgen.toml:1:1", "a control character (U+0000)")


def test_tab_newline_and_private_use_outside_briefgens_own_are_text(project, cli):
    set_title(project, '"Tab\\there, icon \\ue002, emoji \\U0001F600"')
    result = cli("build", "--format", "html")
    assert result.exit_code == 0, result.stderr
    html = (project / "out/themes/sample-theme.html").read_text("utf-8")
    assert "Tab\there, icon \ue002, emoji \U0001f600" in html

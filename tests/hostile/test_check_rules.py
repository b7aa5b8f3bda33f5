"""What `check` must say rather than pass over: malformed citations, a theme named twice in
a brief, content files with another extension, and what the build would refuse (an image
the sanitiser makes, a tag or id that cannot be a file name)."""

from __future__ import annotations

import pytest
import yaml

from briefgen.site.addresses import tag_slug
from tests.conftest import write

THEME = "briefs/themes/sample-theme.yaml"
WEEKLY = "briefs/weekly/2025-W42.yaml"


def errors_of(cli, *args: str) -> list[str]:
    result = cli("check", *args)
    assert result.exit_code == 1 and "Traceback" not in result.stderr, result.stderr
    return [line for line in result.stderr.strip().splitlines() if ": error: " in line]


def set_summary(project, text: str) -> None:
    """The sample theme's summary (line 2, its text at column 10), as one quoted line."""
    path = project / THEME
    lines = path.read_text("utf-8").splitlines()
    start, end = 1, next(i for i in range(2, len(lines)) if not lines[i].startswith("  "))
    lines[start:end] = [f"summary: {yaml.safe_dump(text, width=10**6).splitlines()[0]}"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


# -- malformed citations (fault 10) -----------------------------------------------------------


@pytest.mark.parametrize(("written", "col"), [("[@]", 21), ("[@ alpha]", 21), ("[@@alpha]", 21),
                                              ("[@../../etc/passwd]", 21), ("[see @]", 21), ("[@alpha; @]", 21)])
def test_a_malformed_citation_is_a_located_error(project, cli, written, col):
    set_summary(project, f"Cites beta {written} and alpha [@alpha].")
    assert errors_of(cli) == [f"{THEME}:2:{col}: error: malformed citation {written!r}: a citation is [@key], "
                              f"[@key, p. 4] or [@a; @b], where a key starts with a letter, digit or underscore"]


def test_what_is_not_meant_as_a_citation_stays_text(project, cli):
    set_summary(project, "Mail [me@example.org] or [a link](https://x.org/@user), `[@code]` [@alpha].")
    assert cli("check").exit_code == 0


def test_a_malformed_citation_in_a_folded_block_is_located_on_its_line(project, cli):
    """Not listed: the bracket on the second line of a folded scalar."""
    path = project / THEME
    path.write_text(path.read_text("utf-8").replace("  locator [@alpha, p. 4]", "  locator [@-alpha, p. 4]"), "utf-8")
    assert errors_of(cli) == [f"{THEME}:4:11: error: malformed citation '[@-alpha, p. 4]': a citation is [@key], "
                              f"[@key, p. 4] or [@a; @b], where a key starts with a letter, digit or underscore"]


# -- a theme named twice (fault 12) ----------------------------------------------------------


def test_a_theme_named_twice_in_a_brief_is_an_error(project, cli):
    path = project / WEEKLY
    path.write_text(path.read_text("utf-8") + "  - sample-theme\n", "utf-8")
    assert errors_of(cli) == [f"{WEEKLY}:13:5: error: theme 'sample-theme' is named twice in this brief "
                              f"(first at line 11)"]
    assert cli("build", "--format", "html").exit_code == 1


# -- content files with another extension (fault 11) -----------------------------------------


@pytest.mark.parametrize(("name", "should"), [("themes/new.yml", "new.yaml"), ("weekly/2025-W48.YAML", "2025-W48.yaml"),
                                             ("themes/other.Yaml", "other.yaml"), ("sources.YML", "sources.yml"),
                                             ("Sources.json", "sources.json")])
def test_a_content_file_with_another_extension_is_an_error_naming_its_name(project, cli, name, should):
    write(project / "briefs" / name, "title: x\n")
    expected = f"briefs/{name}: error: {name.split('/')[-1]!r} is not read: name it {should!r}"
    assert expected in errors_of(cli), errors_of(cli)
    result = cli("build", "--format", "html")
    assert result.exit_code == 1 and expected in result.stderr


def test_naming_such_a_file_says_what_it_should_be_called(project, cli):
    write(project / "briefs/themes/new.yml", "title: x\n")
    result = cli("check", "briefs/themes/new.yml")
    assert result.exit_code == 2  # a PATH that names no document: a usage error
    assert "briefs/themes/new.yml: error: 'new.yml' is not read: name it 'new.yaml'" in result.stderr


# -- what the build refuses, check refuses (fault 16, fault 17) --------------------------------


@pytest.mark.parametrize("markup", ["<image src=x onerror=alert(1)>", "<IMAGE SRC=assets/none.png>",
                                    "<img/src=x alt=y>"])
def test_an_image_the_sanitiser_makes_is_checked_as_the_build_sees_it(project, cli, markup):
    set_summary(project, f"Cited [@alpha]. {markup}")
    (line,) = errors_of(cli)
    assert line.startswith(f"{THEME}:2:10: error: image ")
    build = cli("build", "--format", "html")
    assert build.exit_code == 1 and line.split(": error: ")[1] in build.stderr


def test_a_tag_too_long_for_a_file_name_is_refused_by_check(project, cli):
    path = project / THEME
    path.write_text(path.read_text("utf-8").replace("tags: [drones, exports]", f"tags: [drones, {'x' * 300}]"), "utf-8")
    assert errors_of(cli) == [f"{THEME}:7:16: error: 'tags' is 300 characters long; it may have at most 60"]


def test_every_tag_within_the_limit_makes_a_short_safe_file_name():
    """Not listed: a tag of 60 characters that Unicode compatibility spells out much longer."""
    for tag in ("\u33af" * 60, "\ufdfa" * 60, "Défense " * 7, "x" * 60, "../../etc/passwd", "a/b\\c"):
        slug = tag_slug(tag)
        assert 0 < len(slug) <= 64 and all(c.isascii() and (c.isalnum() or c == "-") for c in slug), slug
    assert tag_slug("\u33af" * 60) != tag_slug("\u33af" * 59 + "x")


def test_a_theme_id_too_long_for_a_file_name_is_refused(project, cli):
    """Not listed: a theme's file name becomes out/themes/<id>.html and its temporary files."""
    long_id = "a" * 65
    write(project / f"briefs/themes/{long_id}.yaml", "title: x\nsummary: S [@alpha].\n")
    assert f"briefs/themes/{long_id}.yaml: error: a theme's id is at most 64 characters (its file name)" \
        in errors_of(cli)


@pytest.mark.parametrize(("written", "fine"), [("Cited @alpha].", False), ("Cited [see @alpha].", True),
                                              ("Mail me at a@alpha].", True), ("Code `@alpha]` here [@alpha].", True)])
def test_a_citation_missing_its_opening_bracket_is_an_error(project, cli, written, fine):
    set_summary(project, written)
    result = cli("check")
    if fine:
        assert result.exit_code == 0, result.stderr
    else:
        assert result.exit_code == 1
        assert "briefs/themes/sample-theme.yaml:2:16: error: citation '@alpha]' has no opening bracket: " \
               "write [@alpha]" in result.stderr

"""Project configuration: briefgen.toml or [tool.briefgen], with located errors."""

import os

import pytest

from briefgen.content.config import Config, load_config
from briefgen.errors import ContentError
from tests.conftest import write


def errors(root) -> list[str]:
    with pytest.raises(ContentError) as info:
        load_config(root)
    return [str(d) for d in info.value.diagnostics.sorted()]


def test_no_config_gives_defaults(project):
    assert load_config(project) == Config()


def test_briefgen_toml_settings(project):
    write(project / "assets/logo.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(project / "extra.css", "h1 { color: red }")
    write(project / "briefgen.toml", 'series = "Drone Watch"\norganisation = "Desk"\nlogo = "assets/logo.svg"\n'
          'page_size = "letter"\nlang = "fr"\nextra_css = ["extra.css"]\nhandling = "RESTRICTED"\n')
    config = load_config(project)
    assert (config.series, config.organisation, config.page_size, config.lang) == ("Drone Watch", "Desk", "Letter", "fr")
    assert config.logo == (project / "assets/logo.svg").resolve()
    assert config.extra_css == ((project / "extra.css").resolve(),)


def test_pyproject_tool_table(project):
    write(project / "pyproject.toml", '[project]\nname = "x"\n\n[tool.briefgen]\nseries = "S"\nserie = "typo"\n')
    assert errors(project) == ["pyproject.toml:6:1: error: unknown setting 'serie' (did you mean 'series'?)"]


def test_unknown_key_and_bad_values_are_located(project):
    write(project / "briefgen.toml", 'series = "S"\n  page_size = "B5"\nlogo = "../outside.png"\ncitaton_style = "apa"\n')
    assert errors(project) == [
        "briefgen.toml:2:3: error: 'page_size' must be one of A4, Letter, A5, Legal, not 'B5'",
        "briefgen.toml:3:1: error: 'logo' must name a path inside the project, not '../outside.png'",
        "briefgen.toml:4:1: error: unknown setting 'citaton_style' (did you mean 'citation_style'?)",
    ]


def test_invalid_toml_is_located(project):
    write(project / "briefgen.toml", 'series = "S"\nlang = \n')
    (error,) = errors(project)
    assert error.startswith("briefgen.toml:2:8: error: invalid TOML")


@pytest.mark.parametrize("content, expected", [
    (b'series = "S"\norganisation = "\xff"\n', "briefgen.toml:2:17: error: file is not valid UTF-8"),
    (b"a = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "briefgen.toml: error: invalid TOML: nesting is too deep"),
    (b"# " + b"x" * (1024 * 1024) + b"\n", "briefgen.toml: error: file is too large (1048579 bytes; limit 1048576)"),
])
def test_an_unreadable_config_is_an_error_not_a_traceback(project, cli, content, expected):
    (project / "briefgen.toml").write_bytes(content)
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == expected


@pytest.mark.parametrize("make", [os.mkfifo, os.mkdir])
def test_a_config_that_is_not_a_regular_file_is_refused_not_skipped(project, cli, make):
    (project / "pyproject.toml").write_text('[tool.briefgen]\nseries = "Not this one"\n', "utf-8")
    make(project / "briefgen.toml")
    result = cli("check")
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefgen.toml: error: cannot read file: not a regular file"


def test_config_errors_stop_the_build_with_exit_1(project, cli):
    write(project / "briefgen.toml", "colour = 'red'\n")
    result = cli("build", "--format", "html")
    assert result.exit_code == 1
    assert result.stderr.strip() == "briefgen.toml:1:1: error: unknown setting 'colour' (did you mean 'banner_colour'?)"
    assert not (project / "out").exists()


def test_unknown_citation_style_lists_the_available_ones(project, cli):
    write(project / "briefgen.toml", "citation_style = 'harvard'\n")
    result = cli("build", "--format", "html")
    assert result.exit_code == 1 and "unknown citation style 'harvard'; available: " in result.stderr
    assert "chicago-notes" in result.stderr.split("available: ")[1]


def test_config_reaches_the_documents(project, cli):
    write(project / "assets/logo.png", "not really a png")
    write(project / "briefgen.toml", 'series = "Drone Watch"\nlogo = "assets/logo.png"\nlang = "fr"\n'
          'handling = "DIFFUSION RESTREINTE"\n')
    path = project / "briefs/weekly/2025-W42.yaml"
    path.write_text(path.read_text().replace("lang: en\n", "").replace('handling: "UNCLASSIFIED — FOR PUBLIC RELEASE"\n', ""))
    assert cli("build", "--format", "html").exit_code == 0
    html = (project / "out/weekly/2025-W42.html").read_text()
    assert "Drone Watch" in html and '<html lang="fr">' in html and "DIFFUSION RESTREINTE" in html
    assert 'src="../assets/logo.png"' in html
    assert (project / "out/assets/logo.png").read_text() == "not really a png"


def test_page_furniture_and_extra_words(project):
    write(project / "briefgen.toml", 'banner = " RESTRICTED "\nbanner_colour = "#B02"\npage_header = "Desk"\n'
          'page_footer = "Internal"\n\n[extra]\ndesk = "Drone Desk"\n"desk-email" = "d@example.org"\n')
    config = load_config(project)
    assert (config.banner, config.banner_colour, config.page_header, config.page_footer) == (
        "RESTRICTED", "#b02", "Desk", "Internal")
    assert config.extra == (("desk", "Drone Desk"), ("desk-email", "d@example.org"))


def test_bad_furniture_and_extra_values_are_located(project):
    write(project / "briefgen.toml", 'banner_colour = "red"\n\n[extra]\nok = "fine"\nflag = true\n')
    assert errors(project) == [
        "briefgen.toml:1:1: error: 'banner_colour' must be a colour such as \"#b00020\", not 'red'",
        "briefgen.toml:5:1: error: 'extra.flag' must be text in quotes, such as flag = \"…\"",
    ]
    write(project / "briefgen.toml", 'series = "S"\nextra.count = 3\n')
    assert errors(project) == ["briefgen.toml:2:1: error: 'extra.count' must be text in quotes, such as count = \"…\""]
    write(project / "briefgen.toml", 'extra = "words"\n')
    assert errors(project) == [
        "briefgen.toml:1:1: error: 'extra' must be a table of names and text, such as [extra] with name = \"…\""]


def test_the_banner_text_is_black_or_white_whichever_reads_better():
    from briefgen.render.furniture import ink

    assert [ink(colour) for colour in ("#7a1f1f", "#b00020", "#2e7d32", "#ffd700", "#fff", "#000")] == [
        "#ffffff", "#ffffff", "#ffffff", "#000000", "#000000", "#ffffff"]


def test_citation_choices_are_read_and_checked(project):
    write(project / "briefgen.toml", 'citation_style_weekly = "numbered"\nnotes_per = "citation"\nibid = true\n'
          'figure_sources = "below"\n')
    config = load_config(project)
    assert (config.style_for("weekly"), config.style_for("themes")) == ("numbered", "chicago-notes")
    assert config.styles == ("chicago-notes", "numbered")
    assert (config.notes_per, config.ibid, config.figure_sources) == ("citation", True, "below")
    write(project / "briefgen.toml", 'notes_per = "page"\nibid = "yes"\nfigure_sources = "side"\n')
    assert errors(project) == [
        "briefgen.toml:1:1: error: 'notes_per' must be one of paragraph, citation, not 'page'",
        "briefgen.toml:2:1: error: 'ibid' must be true or false",
        "briefgen.toml:3:1: error: 'figure_sources' must be one of auto, column, below, markers, not 'side'",
    ]


def test_an_unknown_style_for_one_kind_of_document_is_named(project, cli):
    write(project / "briefgen.toml", "citation_style_themes = 'harvard'\n")
    result = cli("build", "--format", "html")
    assert result.exit_code == 1 and "unknown citation style 'harvard'; available: " in result.stderr
    assert "numbered" in result.stderr.split("available: ")[1]


def test_a_key_given_twice_names_its_first_line(project):
    write(project / "briefgen.toml", 'series = "A"\nlang = "en"\nseries = "B"\n')
    assert errors(project) == ["briefgen.toml:3:13: error: invalid TOML: 'series' is given twice (first on line 1)"]

"""Stage 1: YAML is read safely, with every value a located string."""

from pathlib import Path

from briefgen.content.load import Mapping, Scalar, load_file, load_text
from briefgen.errors import Diagnostics


def load(text: str):
    diagnostics = Diagnostics()
    document = load_text(text, "x.yaml", diagnostics)
    return document, [str(d) for d in diagnostics.sorted()]


def test_scalars_stay_strings_with_their_location():
    document, errors = load("title: NO\ndate: 2025-07-16\ncount: 3\n")
    assert errors == []
    root = document.root
    assert isinstance(root, Mapping)
    assert root.values["title"].value == "NO"  # not False
    assert root.values["date"].value == "2025-07-16"  # not a date object
    assert (root.values["count"].location.line, root.values["count"].location.col) == (3, 8)


def test_duplicate_key_is_an_error_not_a_silent_overwrite():
    document, errors = load("title: one\nsummary: x\ntitle: two\n")
    assert document is None
    assert errors == ["x.yaml:3:1: error: duplicate key 'title' (first defined at line 1)"]


def test_python_tags_are_refused():
    document, errors = load("a: !!python/object/apply:os.system ['echo hi']\n")
    assert document is None
    assert errors == ["x.yaml:1:4: error: unsupported YAML tag 'tag:yaml.org,2002:python/object/apply:os.system'"]


def test_malformed_yaml_names_line_and_column():
    document, errors = load("title: ok\nkey_points:\n  - [unclosed\n")
    assert document is None
    assert len(errors) == 1 and errors[0].startswith("x.yaml:4:1: error: invalid YAML:")


def test_alias_expansion_is_bounded():
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i-1}"] * 10) + "]")
    document, errors = load("\n".join(lines) + "\n")
    assert document is None
    assert any("alias expansion" in e for e in errors)


def test_deep_nesting_is_an_error():
    document, errors = load("a: " + "[" * 10_000 + "]" * 10_000 + "\n")
    assert document is None
    assert errors and "nest" in errors[0]


def test_empty_file_has_no_root():
    document, errors = load("")
    assert errors == [] and document.root is None


def test_invalid_utf8_is_located(tmp_path: Path):
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"title: ok\nsummary: caf\xe9\n")
    diagnostics = Diagnostics()
    assert load_file(path, "bad.yaml", diagnostics) is None
    assert [str(d) for d in diagnostics.items] == ["bad.yaml:2:13: error: file is not valid UTF-8"]


def test_bom_and_crlf_read_correctly(tmp_path: Path):
    path = tmp_path / "crlf.yaml"
    path.write_bytes("\ufefftitle: Café\r\nsummary: two\r\n".encode("utf-8"))
    diagnostics = Diagnostics()
    document = load_file(path, "crlf.yaml", diagnostics)
    assert diagnostics.items == []
    assert document.root.values["title"].value == "Café"
    assert isinstance(document.root.values["summary"], Scalar)
    assert document.root.values["summary"].location.line == 2

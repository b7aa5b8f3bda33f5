"""Run every case of the official YAML test suite through briefgen's reader; print one JSON
line per case: its id, whether the suite calls it valid, and what briefgen made of it.

Run as a child process by tests/content/test_yaml_suite.py, so that a hang or a crash of the
reader on any case fails the test instead of the test run."""

from __future__ import annotations

import json
import math
import re
import sys
from pathlib import Path

from briefgen.content.load import Scalar, Sequence, load_text
from briefgen.errors import Diagnostics

_INT = re.compile(r"^[-+]?(0|[1-9][0-9]*)$|^0o[0-7]+$|^0x[0-9a-fA-F]+$")
_FLOAT = re.compile(r"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")


def core(value: str):
    """A plain scalar as the YAML 1.2 core schema reads it (what the suite's JSON holds)."""
    if value in ("", "~", "null", "Null", "NULL"):
        return None
    if value in ("true", "True", "TRUE", "false", "False", "FALSE"):
        return value.lower() == "true"
    if _INT.match(value):
        return int(value, 0) if value[:2] in ("0o", "0x") else int(value)
    if _FLOAT.match(value):
        return float(value)
    if value.lower() in (".inf", "+.inf", "-.inf", ".nan"):
        return {".inf": math.inf, "+.inf": math.inf, "-.inf": -math.inf, ".nan": "nan"}[value.lower()]
    return value


def data(node):
    if node is None:
        return None
    if isinstance(node, Scalar):
        return core(node.value) if node.plain else node.value
    if isinstance(node, Sequence):
        return [data(item) for item in node.items]
    return {key: data(value) for key, value in node.values.items()}


def expected(case: Path):
    """The suite's data: a list of the JSON documents of ``in.json``."""
    text, decoder, found, index = (case / "in.json").read_text("utf-8"), json.JSONDecoder(), [], 0
    while index < len(text):
        while index < len(text) and text[index].isspace():
            index += 1
        if index < len(text):
            value, index = decoder.raw_decode(text, index)
            found.append(value)
    return found


def run(suite: Path) -> None:
    for case in sorted(p.parent for p in suite.rglob("in.yaml")):
        ident = case.relative_to(suite).as_posix()
        valid = not (case / "error").exists()
        diagnostics = Diagnostics()
        try:
            loaded = load_text((case / "in.yaml").read_text("utf-8"), "in.yaml", diagnostics)
        except Exception as exc:
            print(json.dumps({"id": ident, "valid": valid, "outcome": "raised", "detail": repr(exc)}), flush=True)
            continue
        if loaded is None:
            messages = [d.message for d in diagnostics.errors]
            print(json.dumps({"id": ident, "valid": valid, "outcome": "refused", "detail": messages[:1]}), flush=True)
            continue
        outcome = "loaded"
        if valid and (case / "in.json").exists():
            documents = expected(case)
            got = [] if loaded.root is None else [data(loaded.root)]  # a stream of comments has no document
            outcome = "same" if documents == got else "different"
        print(json.dumps({"id": ident, "valid": valid, "outcome": outcome, "detail": []}), flush=True)


if __name__ == "__main__":
    run(Path(sys.argv[1]))

"""Pandoc citation syntax is parsed precisely; look-alikes are left alone."""

from briefgen.content.citations import Numbering, find_citations, parse_reference


def keys(text: str) -> list[list[str]]:
    return [[item[0] for item in c.items] for c in find_citations(text)]


def test_single_several_and_locators():
    found = find_citations("One [@a]. Two [see @b, p. 4; -@c.d, para. 2].")
    assert [[i[0] for i in c.items] for c in found] == [["a"], ["b", "c.d"]]
    b, cd = found[1].items
    assert (b[1], b[2], b[3]) == ("see", ", p. 4", False)
    assert (cd[2], cd[3]) == (", para. 2", True)


def test_spans_cover_the_brackets():
    text = "Claim [@x:y-z, p. 3] end."
    (citation,) = find_citations(text)
    assert text[citation.start:citation.end] == "[@x:y-z, p. 3]"


def test_trailing_punctuation_is_not_part_of_the_key():
    assert keys("[@alpha.]") == [["alpha"]]


def test_look_alikes_are_not_citations():
    assert keys("Mail [me@example.org] or [a link](https://x.org/@user) or `[@code]`.") == []
    assert keys("[@a; not a cite]") == []


def test_cite_fields_accept_bare_keys():
    assert [c.items[0][0] for c in parse_reference("alpha")] == ["alpha"]
    assert [c.items[0][0] for c in parse_reference("@alpha")] == ["alpha"]
    assert [c.items[0][2] for c in parse_reference("[@alpha, p. 2]")] == [", p. 2"]


def test_numbering_follows_first_citation_and_is_stable():
    numbering = Numbering({"a": object(), "b": object(), "c": object()})
    assert [numbering.number(k) for k in ("b", "a", "b", "c", "a")] == [1, 2, 1, 3, 2]
    assert [n for n, _ in numbering.cited()] == [1, 2, 3]

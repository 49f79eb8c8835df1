"""Property tests of the corpus readers with whole-file junk shaped like each format (front matter, news-API JSON,
tag soup, manifest rows), beside tests/test_bad_input.py's random bytes: a reader returns articles or skips the
file with a reason (SkipFile), never any other error, and what it returns is well formed. One bad file must never
stop a run: `read_file` turns even an unforeseen error into a skipped article naming the error."""
import datetime as dt
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis.io import ingest
from analysis.io.ingest import READERS, RawArticle, SkipFile, read_file, read_manifest

FUZZ = settings(deadline=None, database=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

# Text as news files hold it, with the characters that break parsers: quotes, colons, dashes, control
# characters, lone surrogates (written as invalid UTF-8), markup openers, very long runs.
junk_text = st.text(st.characters(codec=None, exclude_categories=()), max_size=60) | st.sampled_from(
    ["", " ", "---", "...", ":", "- a", "'", '"', "{", "[", "]]", "&amp;", "<p>", "</p>", "<br/>", "\x00", "\ufeff",
     "\r\n", "\n\n", "# Title", "> quote", "```", "|a|b|", "[+1234 chars]", "NaN", "null", "true", "0x10", "1e400"])
date_like = st.builds(lambda y, m, d, t: f"{y:04}-{m:02}-{d:02}{t}", st.integers(0, 99999), st.integers(0, 99),
                      st.integers(0, 99), st.sampled_from(["", "T25:61:61", "T10:00:00Z", " 10:00", "+99:00", "Z"]))
scalar = junk_text | date_like | st.integers() | st.floats() | st.booleans() | st.none()


def encoded(text: str) -> bytes:
    return text.encode("utf-8", errors="surrogatepass")


@st.composite
def markdown_files(draw) -> bytes:
    keys = st.sampled_from(["title", "published", "date", "source", "url", "tags", "", "published: x", "? a"])
    yaml_value = scalar.map(lambda v: json.dumps(v) if draw(st.booleans()) else str(v)) | st.sampled_from(
        ["!!timestamp 2025-13-45", "!!binary abc", "!!python/object:os.system x", "*anchor", "&a [1, *a]",
         "[[[[[[[[[[", "{a: {b: {c: ", "2025-13-45", "2025-02-30", "0000-00-00", "9999-99-99 99:99:99", "|\n  x",
         "!!int x", "!!float y", "<<: *a", "~", "- - -", "2025-03-01 10:00:00 +25:00"])
    lines = draw(st.lists(st.tuples(keys, yaml_value).map(lambda kv: f"{kv[0]}: {kv[1]}") | junk_text, max_size=8))
    body = draw(st.lists(junk_text, max_size=8))
    opener = draw(st.sampled_from(["---\n", "---  \n", "---\r\n", ""]))
    return encoded(opener + "\n".join(lines) + "\n---\n" + "\n".join(body))


json_scalar = st.none() | st.booleans() | st.integers() | st.floats() | junk_text | date_like
json_key = st.sampled_from(sorted({n for names in ingest._JSON_FIELDS.values() for n in names}
                                  | {"source", "name", "id", "articles", "results", "response", "value", "x"}))
json_values = st.recursive(json_scalar, lambda inner: st.lists(inner, max_size=4)
                           | st.dictionaries(json_key, inner, max_size=5), max_leaves=20)


@st.composite
def json_files(draw) -> bytes:
    value = draw(json_values)
    text = json.dumps(value)  # NaN and Infinity included, as Python writes them
    if draw(st.booleans()):  # cut or spliced with junk: JSON that does not parse
        text = text[:draw(st.integers(0, len(text)))] + draw(junk_text)
    return encoded(text)


@st.composite
def html_files(draw) -> bytes:
    tags = st.sampled_from(["p", "div", "article", "main", "h1", "title", "script", "style", "br", "time", "table",
                            "td", "li", "meta", "body", "html", "head", "!--", "![CDATA[", "?xml"])
    meta = st.builds(lambda name, value: f'<meta property="{name}" content="{value}">',
                     st.sampled_from(["article:published_time", "og:title", "date", "datePublished", "og:url"]),
                     date_like | junk_text)
    parts = draw(st.lists(tags.map(lambda t: f"<{t}>") | tags.map(lambda t: f"</{t}>") | meta | junk_text
                          | st.just("Ministers met on Monday and agreed to meet again, officials said. "),
                          max_size=40))
    return encoded("".join(parts))


@st.composite
def txt_files(draw) -> bytes:
    return encoded(draw(st.sampled_from(["", "\ufeff", "\r\n"])) + "\n".join(draw(st.lists(junk_text, max_size=10))))


FILES = {".md": markdown_files(), ".json": json_files(), ".html": html_files(), ".txt": txt_files()}


def well_formed(raws: list[RawArticle]) -> None:
    assert isinstance(raws, list)
    for raw in raws:
        assert isinstance(raw.title, str) and isinstance(raw.source, str) and isinstance(raw.url, str)
        assert all(isinstance(p, str) and p for p in raw.paragraphs)
        assert raw.published is None or type(raw.published) is dt.date
        assert all(isinstance(p, str) for p in raw.problems)


@pytest.mark.parametrize("suffix", sorted(FILES))
def test_a_reader_returns_articles_or_skips_with_a_reason(suffix):
    @FUZZ
    @given(data=FILES[suffix])
    def check(data):
        problems: list[str] = []
        try:
            ingest._check_bytes(data)
            raws = READERS[suffix](data, problems)
        except SkipFile as why:
            assert str(why)
            return
        well_formed(raws)
    check()


@FUZZ
@given(suffix=st.sampled_from(sorted(FILES)), data=st.data())
def test_read_file_gives_articles_with_text_or_a_reason(tmp_path, suffix, data):
    content = data.draw(FILES[suffix])
    path = tmp_path / f"x{suffix}"
    path.write_bytes(content)
    for article in read_file(path, tmp_path):
        assert article.paragraphs or any(p.startswith("skipped:") or "empty text" in p for p in article.problems)
        assert not any("could not be read" in p for p in article.problems), article.problems  # no unforeseen error


manifest_cell = junk_text | date_like | st.sampled_from(["x.txt", "a.json#2", '"', '""', '"a,b"', "\x00"])


@FUZZ
@given(header=st.lists(st.sampled_from(ingest.MANIFEST_COLUMNS + ["", "mood", "file "]), max_size=6),
       rows=st.lists(st.lists(manifest_cell, max_size=6), max_size=6), sep=st.sampled_from([",", ";", "\t"]))
def test_any_manifest_gives_rows_or_problems(tmp_path, header, rows, sep):
    text = "\n".join(sep.join(cells) for cells in [header, *rows])
    (tmp_path / "manifest.csv").write_bytes(encoded(text))
    problems: list[str] = []
    found = read_manifest(tmp_path, problems)
    assert all(isinstance(p, str) and p.startswith("manifest.csv") for p in problems)
    for name, row in found.items():
        assert name and (row.published is None or type(row.published) is dt.date)
        assert row.published_given == (row.published is not None)


def test_a_front_matter_day_that_does_not_exist_is_a_problem_not_an_error(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Talks\npublished: 2025-13-45\n---\n\nMinisters met in Oslo.\n")
    [article] = read_file(tmp_path / "a.md", tmp_path)
    assert article.paragraphs == ["Talks", "Ministers met in Oslo."] and article.published is None
    assert "front matter date '2025-13-45' is not a date" in "; ".join(article.problems)


def test_front_matter_days_are_still_read(tmp_path):
    (tmp_path / "a.md").write_text("---\ntitle: Talks\npublished: 2025-02-03\n---\n\nMinisters met in Oslo.\n")
    [article] = read_file(tmp_path / "a.md", tmp_path)
    assert article.published == dt.date(2025, 2, 3) and article.published_basis == "front_matter"


def test_an_unforeseen_error_skips_the_file_and_names_the_error(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text("Title\n\nText of the article.\n")

    def broken(data, problems):
        raise ValueError("the reader's own bug")
    monkeypatch.setitem(READERS, ".txt", broken)
    [article] = read_file(tmp_path / "a.txt", tmp_path)
    assert article.skipped
    assert article.problems == ["skipped: could not be read (ValueError: the reader's own bug)"]


def test_a_manifest_csv_cannot_parse_is_ignored_with_a_problem(tmp_path):
    (tmp_path / "manifest.csv").write_text("file,title\n" + "a.txt," + "x" * 200_000 + "\n")
    problems: list[str] = []
    assert read_manifest(tmp_path, problems) == {}
    assert problems and problems[0].startswith("manifest.csv: cannot be read (Error: field larger than field limit")


def test_an_over_long_paragraph_is_read_in_pieces_with_a_problem(tmp_path):
    opening = " ".join(f"a{n}" for n in range(2500)) + " end."  # about 15,000 characters, then a sentence end
    words = " ".join(f"w{n}" for n in range(120_000))  # about 700,000 characters without a full stop
    paragraph = f"{opening} {words}"
    (tmp_path / "a.txt").write_text(f"Title\n\n{paragraph}\n\nLast paragraph.\n")
    [article] = read_file(tmp_path / "a.txt", tmp_path)
    pieces = article.paragraphs[1:-1]
    assert len(pieces) > 30 and all(len(p) <= ingest.MAX_PARAGRAPH for p in pieces)
    assert pieces[0] == opening  # cut at a sentence end where there is one
    assert " ".join(pieces) == paragraph  # nothing lost: every cut is at a space
    assert article.paragraphs[-1] == "Last paragraph."
    assert f"a paragraph of {len(paragraph):,} characters read as {len(pieces)} paragraphs" in "; ".join(
        article.problems)


@pytest.mark.parametrize("text, limit, pieces", [
    ("One. Two three. Four", 12, ["One. Two", "three. Four"]),
    ("aaaa bbbb. cccc dddd", 11, ["aaaa bbbb.", "cccc dddd"]),
    ("abcdefghij", 4, ["abcd", "efgh", "ij"]),
    ("short", 10, ["short"]),
])
def test_split_long_cuts_at_sentence_ends_then_spaces_then_the_limit(text, limit, pieces):
    assert ingest.split_long(text, limit) == pieces
    assert all(len(p) <= limit for p in ingest.split_long(text, limit))


@pytest.mark.parametrize("front, problem", [
    ("title: !!int x", "front matter is not valid YAML (ValueError: invalid literal for int()"),
    ("title: !!float y", "front matter is not valid YAML (ValueError: could not convert string to float"),
    ("published: [[[", "front matter is not valid YAML (line 3)"),
])
def test_front_matter_that_yaml_cannot_construct_is_ignored_with_a_problem(tmp_path, front, problem):
    (tmp_path / "a.md").write_text(f"---\n{front}\n---\n\nMinisters met in Oslo.\n")
    [article] = read_file(tmp_path / "a.md", tmp_path)
    assert article.paragraphs == ["Ministers met in Oslo."]
    assert any(p.startswith(problem) for p in article.problems), article.problems


def test_json_nested_too_deeply_is_skipped_with_a_reason(tmp_path):
    (tmp_path / "deep.json").write_text("[" * 100_000)
    [article] = read_file(tmp_path / "deep.json", tmp_path)
    assert article.skipped and article.problems == ["skipped: invalid JSON (nested too deeply to be an article)"]

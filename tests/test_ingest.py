"""Corpus ingestion: every format, the manifest override, dedupe, dates never guessed, files that cannot be read."""
import datetime as dt
import json

import pytest

from analysis.io.ingest import Article, read_corpus

HTML_PAGE = """<!doctype html><html><head><title>Ministers back a monitoring mission | The Example Times</title>
{meta}</head><body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div id="cookie-banner">We use cookies to improve your experience. <button>Accept all cookies</button></div>
<article><h1>Ministers back a monitoring mission</h1>
<p>Foreign ministers meeting in Oslo on Tuesday backed a civilian monitoring mission for the border region.</p>
<p>The mission would start once both sides sign the agreement, the chair said after the talks.</p>
<p>Several delegations asked for more time to consult their parliaments.</p>
</article>
<aside class="related"><h3>Related stories</h3><ul><li><a href="/a">Storm closes airport</a></li>
<li><a href="/b">Markets fall on rate fears</a></li></ul></aside>
<footer>&copy; 2025 The Example Times. All rights reserved.</footer></body></html>"""


def write(folder, name, content):
    path = folder / name
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    return path


def read_one(folder) -> Article:
    articles = [a for a in read_corpus(folder)]
    assert len(articles) == 1, [a.file for a in articles]
    return articles[0]


def test_txt_first_line_is_title_and_paragraphs_split(tmp_path):
    write(tmp_path, "a.txt", "Talks resume in Oslo\n\nFirst paragraph here.\nIt goes on.\n\nSecond paragraph.\n")
    art = read_one(tmp_path)
    assert art.title == "Talks resume in Oslo"
    assert art.paragraphs == ["Talks resume in Oslo", "First paragraph here. It goes on.", "Second paragraph."]
    assert art.text.startswith("Talks resume in Oslo\n\nFirst paragraph")
    assert art.published is None and art.published_basis == "unknown"
    assert any("unknown publication date" in p for p in art.problems)


def test_repeated_headline_and_paragraph_count_once(tmp_path):
    body = ("Leaders meet in Oslo\n\nThe leaders met on Monday.\n\nLeaders meet in Oslo\n\n\nLEADERS MEET IN OSLO\n\n"
            "The leaders met on Monday.\n\nThey agreed to meet again.\n")
    write(tmp_path, "a.txt", body)
    art = read_one(tmp_path)
    assert art.paragraphs == ["Leaders meet in Oslo", "The leaders met on Monday.", "They agreed to meet again."]
    assert art.n_duplicates_dropped == 3
    assert art.text.count("Leaders meet in Oslo") == 1


def test_sentences_broken_over_lines_at_odd_places_are_joined(tmp_path):
    # a page whose sentences break over lines wherever (a word alone on a line, a capital after the break), with
    # one long line among them: each sentence is read whole, a paragraph ends where a line ends a sentence
    long_one = ("The agency said last month that the monitoring mission could grow to several hundred observers "
                "within a year.")
    body = ("Ministers agree a mission\n\nThe\nForeign Ministry spokesman of the host country said on Monday that the\n"
            "mission would start within weeks of a ceasefire, and that the\nobservers would be unarmed.\n"
            f"{long_one}\nDelegations\nwelcomed the decision and said the monitoring mission would need clear\n"
            "rules of engagement.\n")
    write(tmp_path, "a.txt", body)
    art = read_one(tmp_path)
    assert art.paragraphs[1] == ("The Foreign Ministry spokesman of the host country said on Monday that the mission "
                                 "would start within weeks of a ceasefire, and that the observers would be unarmed.")
    assert art.paragraphs[2:] == [long_one, "Delegations welcomed the decision and said the monitoring mission would "
                                            "need clear rules of engagement."]


def test_page_paragraphs_one_per_long_line_and_the_repeated_headline_counts_once(tmp_path):
    long_one = "The ministers met in Oslo on Tuesday and agreed to send a civilian monitoring mission to the border region"
    body = ("Ministers agree a mission: \"no time to lose\"\n\nMinisters agree a mission: \"no time to lose\"\n"
            f"{long_one} once both sides sign.\nThe chair said the mission would start within weeks.\n"
            f"Next steps\n{long_one}, the\nchair said.\n")
    write(tmp_path, "a.txt", body)
    art = read_one(tmp_path)
    assert art.paragraphs == ['Ministers agree a mission: "no time to lose"', f"{long_one} once both sides sign.",
                              "The chair said the mission would start within weeks.", "Next steps",
                              f"{long_one}, the chair said."]
    assert art.n_duplicates_dropped == 1
    # a long headline repeated above the lead, with no full stop, is no paragraph cut short
    headline = "'We will know more tomorrow about what we can deliver together,' the chair says on the monitoring mission"
    write(tmp_path, "a.txt", f"{headline}\n\n{headline}\nThe chair spoke in Oslo on Tuesday. Delegations agreed.\n")
    assert read_one(tmp_path).paragraphs == [headline, "The chair spoke in Oslo on Tuesday. Delegations agreed."]
    # a line wrapped by hand past 100 characters goes on in a next line that starts in lower case
    write(tmp_path, "a.txt", f"Talks\n\n{long_one}\nonce both sides sign.\n")
    assert read_one(tmp_path).paragraphs == ["Talks", f"{long_one} once both sides sign."]
    # text wrapped by hand (no line longer than 100 characters) is one paragraph per block, as before
    write(tmp_path, "a.txt", "Talks\n\nThe ministers met in Oslo\nand agreed.\n\nThey left.\n")
    assert read_one(tmp_path).paragraphs == ["Talks", "The ministers met in Oslo and agreed.", "They left."]


def test_markdown_front_matter(tmp_path):
    write(tmp_path, "b.md", "---\ntitle: Deal within reach\npublished: 2025-03-04\nsource: Example Wire\n"
                            "url: https://example.org/deal\n---\n\n# Deal within reach\n\nNegotiators said a *deal* "
                            "was [within reach](https://example.org/x).\n\n- first point\n")
    art = read_one(tmp_path)
    assert (art.title, art.source, art.url) == ("Deal within reach", "Example Wire", "https://example.org/deal")
    assert art.published == dt.date(2025, 3, 4) and art.published_basis == "front_matter"
    assert "Negotiators said a deal was within reach." in art.paragraphs
    assert "first point" in art.paragraphs
    assert art.paragraphs.count("Deal within reach") == 1


def test_markdown_with_invalid_front_matter_is_read_with_a_problem(tmp_path):
    write(tmp_path, "b.md", "---\ntitle: [unclosed\npublished: 2025-03-04\n---\n\nBody text of the article.\n")
    art = read_one(tmp_path)
    assert art.paragraphs and "Body text of the article." in art.text
    assert any("front matter is not valid YAML" in p for p in art.problems)


def test_html_main_text_only_and_date_from_markup(tmp_path):
    meta = '<meta property="article:published_time" content="2025-03-04T09:12:00Z">'
    write(tmp_path, "c.html", HTML_PAGE.format(meta=meta))
    art = read_one(tmp_path)
    assert art.published == dt.date(2025, 3, 4) and art.published_basis == "html_meta"
    assert "Foreign ministers meeting in Oslo" in art.text
    for boilerplate in ("cookies", "Related stories", "Storm closes airport", "All rights reserved", "Home"):
        assert boilerplate not in art.text


def test_html_copyright_line_is_not_a_publication_date(tmp_path):
    write(tmp_path, "c.html", HTML_PAGE.format(meta=""))
    art = read_one(tmp_path)
    assert art.published is None
    assert any("unknown publication date" in p for p in art.problems)


@pytest.mark.parametrize("record, published, source", [
    ({"title": "T", "publishedAt": "2025-06-25T14:00:00Z", "content": "One.\n\nTwo.", "source": {"name": "S"}},
     dt.date(2025, 6, 25), "S"),
    ({"title": "T", "published": "2025-06-25", "body": "<p>One.</p><p>Two.</p>", "source": "S"},
     dt.date(2025, 6, 25), "S"),
    ({"status": "ok", "totalResults": 1, "articles": [
        {"title": "T", "publishedAt": "2025-06-25T14:00:00Z", "content": "One.\n\nTwo.", "source": {"name": "S"}}]},
     dt.date(2025, 6, 25), "S"),
])
def test_json_news_api_shapes(tmp_path, record, published, source):
    write(tmp_path, "d.json", json.dumps(record))
    art = read_one(tmp_path)
    assert art.title == "T" and art.source == source
    assert art.published == published and art.published_basis == "json"
    assert art.paragraphs == ["T", "One.", "Two."]


def test_json_reads_the_full_body_over_a_truncated_content(tmp_path):
    record = {"title": "T", "publishedAt": "2025-04-04T09:05:00Z", "content": "One. Tw\u2026 [+120 chars]",
              "body": "One. Two.\n\nThree.", "description": "Summary."}
    write(tmp_path, "d.json", json.dumps(record))
    art = read_one(tmp_path)
    assert art.paragraphs == ["T", "One. Two.", "Three."]
    assert not any("truncated" in p for p in art.problems)
    write(tmp_path, "d.json", json.dumps({**record, "body": ""}))  # only the cut-off content: read, and said so
    art = read_one(tmp_path)
    assert art.paragraphs == ["T", "One. Tw\u2026"] and any("truncated" in p for p in art.problems)


def test_json_with_several_articles_gives_one_article_each(tmp_path):
    items = [{"title": f"T{i}", "date": f"2025-01-0{i}", "text": f"Body {i}."} for i in (1, 2)]
    write(tmp_path, "d.json", json.dumps(items))
    arts = list(read_corpus(tmp_path))
    assert [a.file for a in arts] == ["d.json#1", "d.json#2"]
    assert arts[1].published == dt.date(2025, 1, 2)


def test_manifest_values_win(tmp_path):
    write(tmp_path, "b.md", "---\ntitle: Own title\npublished: 2025-03-04\nsource: Own\n---\n\nBody.\n")
    write(tmp_path, "manifest.csv", "file,title,published,source,url\nb.md,Manifest title,2025-03-05,illustrative,"
                                    "https://example.org/m\n")
    art = read_one(tmp_path)
    assert (art.title, art.source, art.url) == ("Manifest title", "illustrative", "https://example.org/m")
    assert art.published == dt.date(2025, 3, 5) and art.published_basis == "manifest"


def test_manifest_problems_are_reported(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nBody.\n")
    write(tmp_path, "manifest.csv", "file,title,published,source,url,extra\na.txt,T,not-a-date,,,x\nmissing.txt,M,,,,\n")
    problems: list[str] = []
    arts = list(read_corpus(tmp_path, problems))
    assert len(arts) == 1 and arts[0].published is None
    assert any("not a date" in p for p in arts[0].problems)
    assert any("unknown column" in p and "extra" in p for p in problems)
    assert any("missing.txt" in p for p in problems)


def test_article_id_survives_a_rename(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nBody of the article.\n")
    first = read_one(tmp_path).article_id
    (tmp_path / "a.txt").rename(tmp_path / "renamed.txt")
    assert read_one(tmp_path).article_id == first


@pytest.mark.parametrize("name, content, reason", [
    ("empty.txt", b"", "empty file"),
    ("scan.txt", b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "binary file"),
    ("image.html", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("broken.json", b'{"title": "x", "content": ', "invalid JSON"),
    ("notext.json", b'{"title": "x", "publishedAt": "2025-01-01"}', "without an article text"),
    ("empty.html", b"<html><body><nav><a href='/'>Home</a></nav></body></html>", "no article text"),
])
def test_unreadable_files_are_skipped_with_a_reason(tmp_path, name, content, reason):
    write(tmp_path, name, content)
    write(tmp_path, "good.txt", "Good title\n\nGood body.\n")
    arts = {a.file: a for a in read_corpus(tmp_path)}
    assert arts["good.txt"].paragraphs == ["Good title", "Good body."]
    bad = arts[name]
    assert bad.skipped and any(p.startswith("skipped:") and reason in p for p in bad.problems)


def test_legacy_encodings_are_repaired(tmp_path):
    write(tmp_path, "cp.txt", "Caf\u00e9 talks\n\nThe minister\u2019s r\u00e9sum\u00e9 was read.\n".encode("cp1252"))
    write(tmp_path, "u16.txt", "\ufeffTalks\n\nA na\u00efve plan.\n".encode("utf-16"))
    arts = {a.file: a for a in read_corpus(tmp_path)}
    assert arts["cp.txt"].title == "Caf\u00e9 talks" and "minister\u2019s r\u00e9sum\u00e9" in arts["cp.txt"].text
    assert any("encoding repaired" in p for p in arts["cp.txt"].problems)
    assert arts["u16.txt"].paragraphs == ["Talks", "A na\u00efve plan."]


def test_other_files_are_noted_not_read(tmp_path):
    write(tmp_path, "a.txt", "Title\n\nBody.\n")
    write(tmp_path, "notes.yaml", "x: 1\n")
    problems: list[str] = []
    assert [a.file for a in read_corpus(tmp_path, problems)] == ["a.txt"]
    assert any("notes.yaml" in p and "not an article format" in p for p in problems)


def test_missing_corpus_folder_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="corpus folder not found"):
        list(read_corpus(tmp_path / "nope"))

"""Corpus ingestion: a folder of news articles into clean `Article` objects, one at a time.

Formats, each read by a reader registered in `READERS` under its file extension:
  .txt        first line is the title, paragraphs separated by blank lines
  .md         YAML front matter (title, published, source, url), then markdown
  .html/.htm  main text and title by trafilatura; the date only from the page's markup (htmldate without its
              extensive search), never from a copyright line
  .json       the common news-API shapes: one article, a list, or an envelope {"articles": [...]}; fields
              title/headline, publishedAt/published/date, the fullest of content/body/text, source.name, url
An optional `manifest.csv` (file,title,published,source,url) overrides what the files say.

The clean text of an article is its title followed by its paragraphs, joined by blank lines; a paragraph (or
the headline) repeated in the file is kept once. An article whose publication date is unknown says so in
`problems`; its date is never guessed.
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import hashlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

MANIFEST = "manifest.csv"
CORRECTIONS = "corrections.csv"  # analysts' decisions kept beside the corpus (analysis/runs/corrections.py)
MANIFEST_COLUMNS = ["file", "title", "published", "source", "url"]
MAX_BYTES = 10 * 1024 * 1024
MIN_HTML_WORDS = 12  # less than this from a web page is navigation left over, not an article
# A longer paragraph is read as several (cut at a sentence end, else at a space): the parser reads a sentence at a
# time, and a text without a full stop would otherwise be one sentence of any length (spaCy refuses texts over
# its max_length of 1,000,000 characters and needs about 1 GB per 100,000).
MAX_PARAGRAPH = 20_000
_BINARY_MAGIC = {b"%PDF": "a PDF", b"\x89PNG": "a PNG image", b"PK\x03\x04": "a ZIP/Office file",
                 b"GIF8": "a GIF image", b"\xff\xd8\xff": "a JPEG image", b"\x7fELF": "a program"}


@dataclass
class Article:
    """One clean article. `paragraphs[0]` is the headline when there is one."""

    file: str
    title: str = ""
    source: str = ""
    url: str = ""
    published: dt.date | None = None
    published_basis: str = "unknown"
    paragraphs: list[str] = field(default_factory=list)
    n_duplicates_dropped: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @cached_property
    def article_id(self) -> str:
        """Hash of the normalised text: a renamed file keeps its id (empty for a file that could not be read)."""
        return hashlib.sha256(_key(self.text).encode()).hexdigest()[:16] if self.paragraphs else ""

    def paragraph_spans(self) -> Iterator[tuple[int, str]]:
        """(offset in `text`, paragraph) for each paragraph."""
        offset = 0
        for p in self.paragraphs:
            yield offset, p
            offset += len(p) + 2

    @property
    def skipped(self) -> bool:
        return not self.paragraphs


@dataclass
class RawArticle:
    """What a reader found in a file, before the manifest and the dedupe."""

    title: str = ""
    paragraphs: list[str] = field(default_factory=list)
    published: dt.date | None = None
    published_basis: str = "unknown"
    source: str = ""
    url: str = ""
    problems: list[str] = field(default_factory=list)


class SkipFile(Exception):
    """The file cannot be read as an article; the message says why in one line."""


class _FrontMatterLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """YAML front matter with dates kept as text: `parse_day` reads them, so a day that does not exist
    (`published: 2025-13-45`) is a problem of the article, not an error of the YAML library."""


_FrontMatterLoader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))


# ---------------------------------------------------------------- text helpers

def _key(text: str) -> str:
    """Comparison key for dedupe: case, spacing and punctuation ignored."""
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def clean_paragraph(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("\u00a0", " ").replace("\u200b", "")
    if not text.isprintable():  # a printable text holds no control, format or unassigned character (category C)
        text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch)[0] != "C")
    return " ".join(text.split())


def split_long(paragraph: str, limit: int = MAX_PARAGRAPH) -> list[str]:
    """`paragraph` in pieces of at most `limit` characters, each cut after the last sentence end (. ? !) of its
    second half, else at its last space, else at the limit."""
    pieces = []
    while len(paragraph) > limit:
        window = paragraph[:limit + 1]
        cut = max(window.rfind(f"{mark} ") for mark in ".?!") + 1
        if cut <= limit // 2:
            cut = window.rfind(" ")
        if cut <= 0:
            cut = limit
        pieces.append(paragraph[:cut].rstrip())
        paragraph = paragraph[cut:].lstrip()
    return [p for p in pieces + [paragraph] if p]


WRAP_WIDTH = 100  # a line longer than this was not wrapped by hand: its line breaks end paragraphs
_LINE_ENDS = (".", "!", "?", ":", ";", '"', "\u201d", "\u2019", ")", "]")  # a line ending so ends its sentence
_SENTENCE_END = re.compile(r"[.!?][\"\u201d\u2019)]?\s+[\"\u201c\u2018(]?[A-Z]")


def split_paragraphs(text: str) -> list[str]:
    """Blank-line separated paragraphs; a text of short lines with no blank line has one paragraph per line. In a
    block of long lines (a page's paragraphs, one per line, not text wrapped by hand) a line ending a sentence or
    a short line (a repeated headline, a caption, a section label) or a long one of a single sentence without its
    full stop (a headline) is a paragraph of its own; a paragraph's line ending mid-sentence goes on in the next.
    A block whose sentences break over lines again and again (a lower-case line after a long one that ends no
    sentence, three times or more) is wrapped text with a long line among it: a paragraph ends only where a line
    ends a sentence."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if re.search(r"\n[ \t]*\n", text):
        blocks = re.split(r"\n[ \t]*\n", text)
    else:
        blocks = [text] if max(len(line.strip()) for line in text.split("\n")) > WRAP_WIDTH else text.split("\n")
    return [p for p in (clean_paragraph(b) for block in blocks for b in _unwrapped(block)) if p]


def _unwrapped(block: str) -> list[str]:
    """The paragraphs of one blank-line block (the rules of `split_paragraphs`)."""
    lines = block.split("\n")
    if len(lines) < 2 or max(len(line.strip()) for line in lines) <= WRAP_WIDTH:
        return [block]
    # sentences broken over lines again and again (a long line among them): text wrapped at odd places, whose
    # paragraphs end only where a line ends a sentence
    wrapped = sum(len(before.strip()) >= 40 and not before.rstrip().endswith(_LINE_ENDS)
                  and line.lstrip()[:1].islower() for before, line in zip(lines, lines[1:])) >= 3
    out = [lines[0]]
    for line in lines[1:]:
        before = out[-1].rstrip()
        last = before.split("\n")[-1].strip()
        cut = before.endswith((",", "-", "\u2013", "\u2014")) or re.search(r"\s[a-z]{1,3}$", before)  # "..., the"
        final_word = (last.split() or [""])[-1]
        headline = not (cut or _SENTENCE_END.search(last)) and line.lstrip()[:1].isupper() \
            and not final_word[:1].isupper()  # "... Prime Minister <Given> / <Family> said": a name wrapped
        if before.endswith(_LINE_ENDS) or not wrapped and (len(last) <= WRAP_WIDTH or headline):
            out.append(line)  # a line of one sentence without its full stop before a capital: a headline
        else:
            out[-1] += "\n" + line
    return out


def decode(data: bytes, problems: list[str]) -> str:
    """Bytes to text: BOMs honoured, UTF-8 tried first, else the detected encoding; mojibake repaired."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(enc, errors="replace")
            if enc != "utf-8-sig":
                problems.append(f"encoding: read as {enc.upper()} (byte order mark)")
            break
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            enc = _legacy_encoding(data)
            text = data.decode(enc, errors="replace")
            problems.append(f"encoding repaired: not UTF-8, read as {enc}")
    import ftfy
    fixed = ftfy.fix_encoding(text)
    if fixed != text:
        problems.append("encoding repaired: mojibake fixed")
    return fixed


def _legacy_encoding(data: bytes) -> str:
    """Windows-1252 (the usual legacy encoding of Western news text) when the bytes decode to it cleanly,
    else what charset_normalizer detects."""
    try:
        text = data.decode("cp1252")
        if not any("\x80" <= ch <= "\x9f" for ch in text):
            return "cp1252"
    except UnicodeDecodeError:
        pass
    import charset_normalizer
    best = charset_normalizer.from_bytes(data).best()
    return best.encoding if best else "latin-1"


def _check_bytes(data: bytes) -> None:
    if not data.strip():
        raise SkipFile("empty file")
    for magic, what in _BINARY_MAGIC.items():
        if data.startswith(magic):
            raise SkipFile(f"binary file ({what}), not text")
    head = data[:8192]
    if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise SkipFile("binary file (NUL bytes), not text")


def parse_day(value, basis_problem: list[str] | None = None, what: str = "date") -> dt.date | None:
    """An ISO day from a date, datetime or string in a common form; None (and a problem) when not a date."""
    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    try:
        from dateutil import parser as dateutil_parser
        return dateutil_parser.parse(text, default=dt.datetime(1900, 1, 1)).date() if re.search(r"\d{4}", text) \
            else _not_a_date(text, basis_problem, what)
    except (ValueError, OverflowError):
        return _not_a_date(text, basis_problem, what)


def _not_a_date(text: str, problems: list[str] | None, what: str) -> None:
    if problems is not None:
        problems.append(f"{what} '{text[:40]}' is not a date")
    return None


# ---------------------------------------------------------------- readers

def read_txt(data: bytes, problems: list[str]) -> list[RawArticle]:
    text = decode(data, problems).replace("\r\n", "\n").replace("\r", "\n").strip()
    title, _, body = text.partition("\n")
    return [RawArticle(title=clean_paragraph(title), paragraphs=split_paragraphs(body))]


def markdown_paragraphs(text: str) -> list[str]:
    """Plain-text blocks of a markdown document (headings, paragraphs, list items, quotes)."""
    from markdown_it import MarkdownIt
    out = []
    for token in MarkdownIt().parse(text):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type in ("text", "code_inline"):
                    parts.append(child.content)
                elif child.type in ("softbreak", "hardbreak"):
                    parts.append(" ")
            out.append(clean_paragraph("".join(parts)))
        elif token.type in ("code_block", "fence"):
            out.append(clean_paragraph(token.content))
    return [p for p in out if p]


def read_md(data: bytes, problems: list[str]) -> list[RawArticle]:
    text = decode(data, problems).replace("\r\n", "\n")
    meta, body = {}, text
    match = re.match(r"^---[ \t]*\n(.*?)\n---[ \t]*(\n|$)", text, flags=re.S)
    if match:
        body = text[match.end():]
        try:
            loaded = yaml.load(match.group(1), Loader=_FrontMatterLoader)
            meta = loaded if isinstance(loaded, dict) else {}
            if not isinstance(loaded, dict):
                problems.append("front matter is not a mapping: ignored")
        except yaml.YAMLError as err:
            mark = getattr(err, "problem_mark", None)
            where = f" (line {mark.line + 2})" if mark else ""
            problems.append(f"front matter is not valid YAML{where}: ignored")
        except (ValueError, TypeError, OverflowError, RecursionError) as err:  # a tag such as `!!int x`
            problems.append(f"front matter is not valid YAML ({failure(err)}): ignored")
    paragraphs = markdown_paragraphs(body)
    raw = RawArticle(title=clean_paragraph(str(meta.get("title") or "")), paragraphs=paragraphs,
                     source=str(meta.get("source") or ""), url=str(meta.get("url") or ""))
    date_value = meta.get("published", meta.get("date"))
    raw.published = parse_day(date_value, problems, "front matter date")
    raw.published_basis = "front_matter" if raw.published else "unknown"
    return [raw]


def read_html(data: bytes, problems: list[str]) -> list[RawArticle]:
    import htmldate
    import trafilatura
    html = decode(data, problems)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False, include_tables=False,
                                      deduplicate=False)
    if doc is None or len((doc.text or "").split()) < MIN_HTML_WORDS:
        raise SkipFile("HTML page with no article text")
    published = None
    try:
        published = parse_day(htmldate.find_date(html, extensive_search=False, original_date=True))
    except Exception:  # htmldate raises on malformed markup; the date is then unknown, not guessed
        published = None
    paragraphs = [p for p in (clean_paragraph(x) for x in doc.text.split("\n")) if p]
    title = clean_paragraph(doc.title or "")
    return [RawArticle(title=title, paragraphs=paragraphs, published=published,
                       published_basis="html_meta" if published else "unknown",
                       source=clean_paragraph(doc.sitename or ""), url=doc.url or "")]


_JSON_FIELDS = {
    "title": ("title", "headline", "name"),
    "published": ("publishedAt", "published", "published_at", "publishedDate", "datePublished", "pubDate", "date",
                  "publication_date", "webPublicationDate"),
    "text": ("content", "body", "text", "article", "full_text", "bodyText", "description"),
    "url": ("url", "link", "webUrl"),
}


def _json_records(value) -> list[dict]:
    if isinstance(value, list):
        return [v for v in value if isinstance(v, dict)]
    if isinstance(value, dict):
        for key in ("articles", "results", "data", "items", "news", "stories"):
            if isinstance(value.get(key), list):
                return [v for v in value[key] if isinstance(v, dict)]
            if isinstance(value.get(key), dict) and isinstance(value[key].get("results"), list):
                return [v for v in value[key]["results"] if isinstance(v, dict)]
        return [value]
    return []


def _first(record: dict, names: tuple[str, ...]):
    for n in names:
        if record.get(n) not in (None, ""):
            return record[n]
    return None


def _fullest_text(record: dict) -> tuple[object, list[str]] | None:
    """The record's fullest text field and its paragraphs: a news API's `content` is often cut off ("...
    [+2411 chars]") where `body` or `text` holds the whole article; the description only when there is nothing
    else. None when the record has no text field."""
    fields = [record[n] for n in _JSON_FIELDS["text"] if n != "description" and record.get(n) not in (None, "")]
    if not fields:
        fields = [v for v in [_first(record, ("description",))] if v is not None]
    read = [(value, _json_text(value)) for value in fields]
    return max(read, key=lambda pair: sum(len(p) for p in pair[1]), default=None)


def _json_text(value) -> list[str]:
    if isinstance(value, list):
        return [p for v in value for p in _json_text(v)]
    if isinstance(value, dict):
        return _json_text(_first(value, ("text", "content", "body", "value")))
    text = str(value or "")
    text = re.sub(r"\s*\[\+\d+ chars\]\s*$", "", text)
    if re.search(r"<(p|br|div)[\s>/]", text, flags=re.I):
        import lxml.html
        root = lxml.html.fromstring(f"<div>{text}</div>")
        blocks = root.xpath("//p|//li|//h1|//h2|//h3|//blockquote")
        return [p for p in (clean_paragraph(b.text_content()) for b in blocks or [root]) if p]
    return split_paragraphs(text)


def read_json(data: bytes, problems: list[str]) -> list[RawArticle]:
    try:
        value = json.loads(decode(data, problems))
    except json.JSONDecodeError as err:
        raise SkipFile(f"invalid JSON (line {err.lineno}, column {err.colno}: {err.msg})") from None
    except RecursionError:
        raise SkipFile("invalid JSON (nested too deeply to be an article)") from None
    out = []
    for record in _json_records(value):
        fullest = _fullest_text(record)
        if fullest is None:
            continue
        body, paragraphs = fullest
        mine: list[str] = []
        if isinstance(body, str) and re.search(r"\[\+\d+ chars\]\s*$", body):
            mine.append("text truncated by the news API")
        source = record.get("source")
        source = source.get("name") or source.get("id") or "" if isinstance(source, dict) else source or ""
        published = parse_day(_first(record, _JSON_FIELDS["published"]), mine, "JSON date")
        out.append(RawArticle(title=clean_paragraph(str(_first(record, _JSON_FIELDS["title"]) or "")),
                              paragraphs=paragraphs, published=published,
                              published_basis="json" if published else "unknown", source=str(source),
                              url=str(_first(record, _JSON_FIELDS["url"]) or ""), problems=mine))
    if not out:
        raise SkipFile("JSON without an article text field (content, body or text)")
    return out


READERS: dict[str, Callable[[bytes, list[str]], list[RawArticle]]] = {
    ".txt": read_txt, ".text": read_txt, ".md": read_md, ".markdown": read_md,
    ".html": read_html, ".htm": read_html, ".json": read_json,
}


# ---------------------------------------------------------------- manifest and corpus

@dataclass
class ManifestRow:
    title: str = ""
    published: dt.date | None = None
    published_given: bool = False
    source: str = ""
    url: str = ""
    problems: list[str] = field(default_factory=list)


def read_manifest(corpus_dir: Path, problems: list[str]) -> dict[str, ManifestRow]:
    """manifest.csv rows by file name; unknown columns and bad dates become corpus problems."""
    path = corpus_dir / MANIFEST
    if not path.exists():
        return {}
    try:
        return _manifest_rows(decode(path.read_bytes(), []), problems)
    except (csv.Error, OSError) as err:  # a NUL byte, a field over csv's limit, an unreadable file
        problems.append(f"{MANIFEST}: cannot be read ({failure(err)}); the manifest is ignored")
        return {}


def _manifest_rows(text: str, problems: list[str]) -> dict[str, ManifestRow]:
    reader = csv.DictReader(text.splitlines())
    header = [h.strip() for h in reader.fieldnames or []]
    if "file" not in header:
        problems.append(f"{MANIFEST}: no 'file' column; the manifest is ignored (header is {','.join(MANIFEST_COLUMNS)})")
        return {}
    unknown = [h for h in header if h not in MANIFEST_COLUMNS]
    if unknown:
        problems.append(f"{MANIFEST}: unknown column(s) {', '.join(unknown)} ignored")
    rows = {}
    for n, row in enumerate(reader, start=2):
        row = {(k or "").strip(): (v or "").strip() for k, v in row.items() if isinstance(v, str)}
        name = row.get("file", "")
        if not name:
            continue
        entry = ManifestRow(title=row.get("title", ""), source=row.get("source", ""), url=row.get("url", ""))
        if row.get("published"):
            entry.published = parse_day(row["published"], entry.problems, f"{MANIFEST} line {n}: published")
            entry.published_given = entry.published is not None
        rows[name] = entry
    return rows


def _finish(file: str, raw: RawArticle, manifest: ManifestRow | None, problems: list[str]) -> Article:
    art = Article(file=file, title=raw.title, source=raw.source, url=raw.url, published=raw.published,
                  published_basis=raw.published_basis, problems=problems + raw.problems)
    if manifest:
        art.problems += manifest.problems
        art.title = manifest.title or art.title
        art.source = manifest.source or art.source
        art.url = manifest.url or art.url
        if manifest.published_given:
            art.published, art.published_basis = manifest.published, "manifest"
    seen: set[str] = set()
    kept = []
    paragraphs = []
    for p in raw.paragraphs:
        pieces = split_long(p) if len(p) > MAX_PARAGRAPH else [p]
        if len(pieces) > 1:
            art.problems.append(f"a paragraph of {len(p):,} characters read as {len(pieces)} paragraphs (at most "
                                f"{MAX_PARAGRAPH:,} characters each; sentences may be cut where it has no full stop)")
        paragraphs += pieces
    for p in ([raw.title] if raw.title else []) + paragraphs:
        k = _key(p)
        if not k:
            continue
        if k in seen:
            art.n_duplicates_dropped += 1
            continue
        seen.add(k)
        kept.append(p)
    if not art.title and kept:
        art.title = kept[0]
    art.paragraphs = kept if len(kept) > (1 if raw.title else 0) else []
    if not art.paragraphs:
        art.problems.append("empty text: no paragraph after the title")
    if art.published is None:
        art.problems.append("unknown publication date: relative dates left unresolved, and what only they date is "
                            "left out of the time charts (fix: give the day in a 'published' column of manifest.csv, "
                            "or as 'published:' in a .md file's front matter)")
    return art


def read_file(path: Path, corpus_dir: Path, manifest: dict[str, ManifestRow] | None = None) -> list[Article]:
    """Read one file into its articles; an unreadable file gives one skipped Article naming the reason."""
    file = path.relative_to(corpus_dir).as_posix()
    manifest = manifest or {}
    problems: list[str] = []
    try:
        if path.is_symlink() and corpus_dir.resolve() not in path.resolve().parents:
            raise SkipFile("symbolic link pointing outside the corpus folder")
        reader = READERS[path.suffix.lower()]
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise SkipFile(f"file too large ({size / 1e6:.1f} MB, limit {MAX_BYTES / 1e6:.0f} MB)")
        data = path.read_bytes()
        _check_bytes(data)
        raws = reader(data, problems)
    except SkipFile as why:
        return [Article(file=file, problems=[f"skipped: {why}"])]
    except OSError as err:
        return [Article(file=file, problems=[f"skipped: cannot read ({err.strerror or err})"])]
    except Exception as err:  # one unreadable file never stops a run: it is skipped and named with the reason
        return [Article(file=file, problems=[f"skipped: could not be read ({failure(err)})"])]
    try:
        if len(raws) == 1:
            return [_finish(file, raws[0], manifest.get(file), problems)]
        return [_finish(f"{file}#{n}", raw, manifest.get(f"{file}#{n}"), list(problems))
                for n, raw in enumerate(raws, start=1)]
    except Exception as err:
        return [Article(file=file, problems=[f"skipped: could not be read ({failure(err)})"])]


def failure(err: BaseException) -> str:
    """An unexpected error in one line: its type and the start of its message."""
    message = " ".join(str(err).split())
    return f"{type(err).__name__}: {message[:200]}" if message else type(err).__name__


def corpus_files(corpus_dir: Path, problems: list[str], ignored: list[str] | None = None) -> list[Path]:
    """The article files of the corpus folder (recursively, sorted); other files are noted in `problems` (and
    their names appended to `ignored` when a list is given)."""
    found = []
    for p in sorted(corpus_dir.rglob("*")):
        rel = p.relative_to(corpus_dir)
        if p.is_dir() or p.name in (MANIFEST, CORRECTIONS) or any(part.startswith(".") for part in rel.parts):
            continue
        if p.suffix.lower() in READERS:
            found.append(p)
        else:
            problems.append(f"{rel.as_posix()}: ignored, not an article format ({p.suffix or 'no extension'})")
            if ignored is not None:
                ignored.append(rel.as_posix())
    return found


def read_corpus(corpus_dir: str | Path, problems: list[str] | None = None) -> Iterator[Article]:
    """Yield the corpus's articles one by one (skipped files included, with the reason in `problems`).

    Corpus-level problems (manifest rows naming missing files, unknown manifest columns) are appended to
    `problems` when a list is given.
    """
    corpus_dir = Path(corpus_dir)
    files, manifest = corpus_plan(corpus_dir, [] if problems is None else problems)
    for path in files:
        yield from read_file(path, corpus_dir, manifest)


def corpus_plan(corpus_dir: Path, problems: list[str],
                ignored: list[str] | None = None) -> tuple[list[Path], dict[str, ManifestRow]]:
    """The corpus's article files and manifest rows; corpus-level problems appended to `problems`, the files
    that are not articles to `ignored`."""
    if not corpus_dir.is_dir():
        raise FileNotFoundError(f"corpus folder not found: {corpus_dir}")
    manifest = read_manifest(corpus_dir, problems)
    files = corpus_files(corpus_dir, problems, ignored)
    names = {p.relative_to(corpus_dir).as_posix() for p in files}
    for name in manifest:
        if name.split("#")[0] not in names:
            problems.append(f"{MANIFEST}: row for '{name}', but there is no such file")
    return files, manifest

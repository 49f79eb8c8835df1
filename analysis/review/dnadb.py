"""DNA 3 databases (`.dna` files): a run's statements written as a database the Discourse Network Analyzer
opens, and any DNA 3 database read back.

**The file.** DNA 3 keeps a coder's work in one SQLite file with the tables its source creates
(leifeld-lab/dna, `dna/src/main/java/sql/Sql.java`, `createTables`; tests/fixtures/dna/dna3_schema.sql holds
them with their source): `DOCUMENTS` (title, full text, date, source, author, notes), `STATEMENTS` (a statement
type, a document, `Start`/`Stop` character offsets in the document's text, a coder) and the values of each
statement's variables in `DATASHORTTEXT` (through `ENTITIES`), `DATAINTEGER`, `DATABOOLEAN` and `DATALONGTEXT`.
`write_database` creates exactly those tables and DNA's default rows (the Admin coder, the version settings,
the statement types "DNA Statement", "NPF Story Element" and "Annotation"), then writes:

- one document per article: `Title`, `Text` (the article's clean text, so that a statement's offsets are those
  of the run), `Date` (the publication day at midnight UTC, in seconds since 1970, as DNA stores it; 0 when
  unknown), `Source`, `Author` (empty: articles carry none), `Notes` (`article <id>; file <name>`);
- one statement per row of the run, of type "DNA Statement", `Start`/`Stop` the evidence sentence's offsets,
  coded by the coder `stakeholders` for the machine's statements and by the reviewer for the others;
- the variables of DNA's "DNA Statement": `person` (the speaker's name), `organization` (the stakeholder's id, or
  its name in the mapping file; an unnamed group's label; the entity's `Type` attribute says `stakeholder` or
  `group` and its `Alias` the stakeholder id), `concept` (the issue id, or its concept in the mapping file) and
  `agreement`. DNA creates `agreement` as a boolean; a written file declares it an **integer** qualifier (which
  DNA supports, leifeld-lab/dna#204) so that neutral statements are kept: **support = 1, neutral = 0,
  oppose = -1** (`AGREEMENT`);
- four more short-text variables of the same type, so that nothing is lost: `date start`, `date end`,
  `date precision` (a statement's date may be a span, e.g. a quarter, while DNA dates documents only) and
  `origin` (machine, confirmed, corrected, added, imported).

Ids are stable: a statement's DNA id is derived from its `statement_id`, a document's from its article id
(`stable_ids`), so the same statement has the same id in every export. Every coder's password is `PASSWORD`.

**Reading** (`read_database`): any DNA 3 file, ours or one DNA made. Statements are those of every statement
type with an `organization` (or `person`), a `concept` and an `agreement` variable; a boolean agreement is
support (1) or oppose (0), an integer one support (> 0), neutral (0) or oppose (< 0). The coded text is the
document's text between `Start` and `Stop`.
"""
from __future__ import annotations

import base64
import datetime as dt
import hashlib
import sqlite3
import unicodedata
from pathlib import Path

import pandas as pd

from ..io.errors import DnaError
from ..io.files import replace_atomically

DNA_VERSION, DNA_DATE = "3.0.11.5", "2025-02-05"  # dna/src/main/java/dna/Dna.java at the schema's commit
STATEMENT_TYPE = "DNA Statement"
AGREEMENT = {"support": 1, "neutral": 0, "oppose": -1}
EXTRA = {"date start": "date_start", "date end": "date_end", "date precision": "date_precision",
         "origin": "origin"}
MACHINE_CODER = "stakeholders"
PASSWORD = "stakeholders"  # every coder's password in a file we write (change it in DNA: Coders)
ID_SPACE = 2**31 - 1  # DNA holds ids in Java ints
MAX_SHORT = 190  # DNA's CHECK (LENGTH(...) < 191) on titles, names and entity values

# DNA 3's SQLite tables (Sql.createTables), in its order; tests/test_dna_database.py compares them with DNA's.
_PERMISSIONS = ("AddDocuments", "EditDocuments", "DeleteDocuments", "ImportDocuments", "AddStatements",
                "EditStatements", "DeleteStatements", "EditAttributes", "EditRegex", "EditStatementTypes",
                "EditCoders", "EditCoderRelations", "ViewOthersDocuments", "EditOthersDocuments",
                "ViewOthersStatements", "EditOthersStatements")


def _flag(name: str, default: int) -> str:
    return f"{name} INTEGER NOT NULL CHECK ({name} BETWEEN 0 AND 1) DEFAULT {default}"


def _rgb(not_null: bool = True) -> str:
    null = "NOT NULL DEFAULT 0 " if not_null else ""
    return ", ".join(f"{c} INTEGER {null}CHECK ({c} BETWEEN 0 AND 255)" for c in ("Red", "Green", "Blue"))


def _short(name: str, default: bool = True) -> str:
    return f"{name} TEXT NOT NULL {'DEFAULT ' + repr('') + ' ' if default else ''}CHECK (LENGTH({name}) < 191)"


def _fk(column: str, table: str) -> str:
    return f"FOREIGN KEY({column}) REFERENCES {table}(ID) ON DELETE CASCADE"


def _data(value: str) -> str:
    return (f"ID INTEGER PRIMARY KEY NOT NULL, StatementId INTEGER NOT NULL, VariableId INTEGER NOT NULL, {value}, "
            f"{_fk('StatementId', 'STATEMENTS')}, {_fk('VariableId', 'VARIABLES')}, UNIQUE (StatementId, VariableId)")


SCHEMA = {
    "SETTINGS": "Property TEXT PRIMARY KEY, Value TEXT NOT NULL",
    "CODERS": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", _short("Name", False), _rgb(),
        "Refresh INTEGER NOT NULL CHECK (Refresh BETWEEN 0 AND 9999) DEFAULT 0",
        "FontSize INTEGER NOT NULL CHECK (FontSize BETWEEN 1 AND 99) DEFAULT 14", _short("Password", False),
        "PopupWidth INTEGER CHECK (PopupWidth BETWEEN 100 AND 9999) DEFAULT 300", _flag("ColorByCoder", 0),
        _flag("PopupDecoration", 0), _flag("PopupAutoComplete", 1),
        *(_flag(f"Permission{p}", 1) for p in _PERMISSIONS)]),
    "DOCUMENTS": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", _short("Title", False), "Text TEXT NOT NULL", "Coder INTEGER",
        _short("Author"), _short("Source"), _short("Section"), "Notes TEXT NOT NULL DEFAULT ''", _short("Type"),
        "Date INTEGER NOT NULL", _fk("Coder", "CODERS")]),
    "STATEMENTTYPES": f"ID INTEGER NOT NULL PRIMARY KEY, {_short('Label', False)}, {_rgb()}",
    "VARIABLES": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", _short("Variable", False),
        "DataType TEXT NOT NULL CHECK (" + " OR ".join(f"DataType = '{t}'" for t in (
            "boolean", "integer", "long text", "short text")) + ") DEFAULT 'short text'",
        "StatementTypeId INTEGER", _fk("StatementTypeId", "STATEMENTTYPES"), "UNIQUE (Variable, StatementTypeId)"]),
    "VARIABLELINKS": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", "SourceVariableId INTEGER", "TargetVariableId INTEGER",
        "CHECK (TargetVariableId != SourceVariableId)", _fk("SourceVariableId", "VARIABLES"),
        _fk("TargetVariableId", "VARIABLES")]),
    "REGEXES": f"Label TEXT PRIMARY KEY CHECK (LENGTH(Label) < 191), {_rgb()}",
    "CODERRELATIONS": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", "Coder INTEGER CHECK(Coder > 0)", "OtherCoder INTEGER CHECK(OtherCoder > 0)",
        *(f"{p} INTEGER NOT NULL DEFAULT 1 CHECK({p} BETWEEN 0 AND 1)"
          for p in ("viewStatements", "editStatements", "viewDocuments", "editDocuments")),
        "CHECK (Coder != OtherCoder)", _fk("Coder", "CODERS"), _fk("OtherCoder", "CODERS")]),
    "STATEMENTS": ", ".join([
        "ID INTEGER NOT NULL PRIMARY KEY", "StatementTypeId INTEGER", "DocumentId INTEGER",
        "Start INTEGER NOT NULL CHECK(Start >= 0)", "Stop INTEGER NOT NULL CHECK(Stop >= 0)", "Coder INTEGER",
        "CHECK (Start < Stop)", _fk("StatementTypeId", "STATEMENTTYPES"), _fk("Coder", "CODERS"),
        _fk("DocumentId", "DOCUMENTS")]),
    "DATABOOLEAN": _data("Value INTEGER NOT NULL DEFAULT 1"),
    "DATAINTEGER": _data("Value INTEGER NOT NULL DEFAULT 0"),
    "ENTITIES": ", ".join([
        "ID INTEGER PRIMARY KEY NOT NULL", "VariableId INTEGER NOT NULL", _short("Value"), _rgb(False),
        "ChildOf INTEGER CHECK(ChildOf > 0)", "UNIQUE (VariableId, Value)", "FOREIGN KEY(ChildOf) REFERENCES "
        "ENTITIES(ID) ON DELETE CASCADE", _fk("VariableId", "VARIABLES")]),
    "DATASHORTTEXT": _data("Entity INTEGER NOT NULL").replace(
        ", UNIQUE", ", FOREIGN KEY(Entity) REFERENCES ENTITIES(ID) ON DELETE CASCADE, UNIQUE"),
    "DATALONGTEXT": _data("Value TEXT DEFAULT ''"),
    "ATTRIBUTEVARIABLES": ", ".join([
        "ID INTEGER PRIMARY KEY NOT NULL", "VariableId INTEGER NOT NULL", _short("AttributeVariable", False),
        "UNIQUE(VariableId, AttributeVariable)", _fk("VariableId", "VARIABLES")]),
    "ATTRIBUTEVALUES": ", ".join([
        "ID INTEGER PRIMARY KEY NOT NULL", "EntityId INTEGER NOT NULL", "AttributeVariableId INTEGER NOT NULL",
        _short("AttributeValue"), "UNIQUE (EntityId, AttributeVariableId)", _fk("EntityId", "ENTITIES"),
        _fk("AttributeVariableId", "ATTRIBUTEVARIABLES")]),
}
# DNA's default statement types and variables (id, label, colour; id, variable, data type, type id).
TYPES = [(1, STATEMENT_TYPE, 239, 208, 51), (2, "NPF Story Element", 100, 200, 190), (3, "Annotation", 211, 211, 211)]
VARIABLES = [(1, "person", "short text", 1), (2, "organization", "short text", 1), (3, "concept", "short text", 1),
             (4, "agreement", "boolean", 1), (5, "narrator", "short text", 2), (6, "victim", "short text", 2),
             (7, "villain", "short text", 2), (8, "plot", "short text", 2), (9, "hero", "short text", 2),
             (10, "policy solution", "short text", 2), (11, "note", "long text", 3)]
ATTRIBUTES = [(v, a) for a in ("Type", "Alias", "Notes") for v in (1, 2, 3)]


def create_statements() -> list[str]:
    """The `CREATE TABLE` statements of DNA 3's SQLite database."""
    return [f"CREATE TABLE IF NOT EXISTS {name}({body});" for name, body in SCHEMA.items()]


def password_hash(password: str, salt: bytes) -> str:
    """A password as DNA stores it (jasypt's StrongPasswordEncryptor: SHA-256 of salt + UTF-8 text, digested
    100,000 times in all, base64 of salt + digest)."""
    digest = hashlib.sha256(salt + unicodedata.normalize("NFC", password).encode("utf-8")).digest()
    for _ in range(99_999):
        digest = hashlib.sha256(digest).digest()
    return base64.b64encode(salt + digest).decode("ascii")


def check_password(password: str, stored: str) -> bool:
    raw = base64.b64decode(stored)
    return password_hash(password, raw[:16]) == stored


def stable_ids(keys: list[str]) -> dict[str, int]:
    """A DNA id (1 .. 2**31 - 1) for each hexadecimal key, derived from the key alone: the same key gets the same
    id in every export. Keys whose ids collide are told apart in the keys' order (the next free id)."""
    out, used = {}, set()
    for key in sorted(set(keys)):
        n = int(hashlib.sha1(key.encode()).hexdigest()[:15], 16) % ID_SPACE + 1
        while n in used:
            n = n % ID_SPACE + 1
        used.add(n)
        out[key] = n
    return out


# ---------------------------------------------------------------------------------------------------- writing

def write_database(path: str | Path, documents: pd.DataFrame, statements: pd.DataFrame) -> Path:
    """Write a DNA 3 database at `path`, atomically (a temporary file beside it moved into place; the user's
    umask gives its permissions).

    `documents`: one row per article: `article_id, file, title, text, source, published` (ISO day or "").
    `statements`: one row per statement: `statement_id, article_id, char_start, char_end, person,
    organization, organization_type` (stakeholder or group), `alias` (the stakeholder id), `concept`, `stance`,
    `date_start, date_end, date_precision, origin, coder`."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with replace_atomically(path) as tmp:
        conn = sqlite3.connect(tmp)
        try:
            _fill(conn, documents, statements)
            conn.commit()
        finally:
            conn.close()
    return path


def _fill(conn: sqlite3.Connection, documents: pd.DataFrame, statements: pd.DataFrame) -> None:
    for sql in create_statements():
        conn.execute(sql)
    coders = [MACHINE_CODER] + sorted(set(statements["coder"]) - {MACHINE_CODER, ""})
    rows = [(1, "Admin", 255, 255, 0, _hash("Admin"))]
    colours = [(91, 155, 213), (237, 125, 49), (112, 173, 71), (165, 105, 189), (255, 192, 0), (68, 114, 196)]
    rows += [(n, name[:MAX_SHORT], *colours[(n - 2) % len(colours)], _hash(name)) for n, name in enumerate(coders, 2)]
    conn.executemany("INSERT INTO CODERS (ID, Name, Red, Green, Blue, Password) VALUES (?, ?, ?, ?, ?, ?)", rows)
    ids = [r[0] for r in rows]
    conn.executemany("INSERT INTO CODERRELATIONS (Coder, OtherCoder) VALUES (?, ?)",
                     [(a, b) for a in ids for b in ids if a != b])
    conn.executemany("INSERT INTO SETTINGS (Property, Value) VALUES (?, ?)",
                     [("version", DNA_VERSION), ("date", DNA_DATE)])
    conn.executemany("INSERT INTO STATEMENTTYPES (ID, Label, Red, Green, Blue) VALUES (?, ?, ?, ?, ?)", TYPES)
    variables = [(i, v, "integer" if v == "agreement" else t, s) for i, v, t, s in VARIABLES]
    variables += [(len(VARIABLES) + n, name, "short text", 1) for n, name in enumerate(EXTRA, 1)]
    conn.executemany("INSERT INTO VARIABLES (ID, Variable, DataType, StatementTypeId) VALUES (?, ?, ?, ?)", variables)
    conn.executemany("INSERT INTO ATTRIBUTEVARIABLES (VariableId, AttributeVariable) VALUES (?, ?)", ATTRIBUTES)
    coder_id = {name: n for n, name in zip(ids, ["Admin", *coders])}

    doc_id = stable_ids(documents["article_id"].tolist())
    conn.executemany(
        "INSERT INTO DOCUMENTS (ID, Title, Text, Coder, Author, Source, Section, Notes, Type, Date) "
        "VALUES (?, ?, ?, ?, '', ?, '', ?, '', ?)",
        [(doc_id[d.article_id], d.title[:MAX_SHORT], d.text, coder_id[MACHINE_CODER], d.source[:MAX_SHORT],
          f"article {d.article_id}; file {d.file}", _seconds(d.published)) for d in documents.itertuples()])

    st_id = stable_ids(statements["statement_id"].tolist())
    conn.executemany("INSERT INTO STATEMENTS (ID, StatementTypeId, DocumentId, Start, Stop, Coder) "
                     "VALUES (?, 1, ?, ?, ?, ?)",
                     [(st_id[s.statement_id], doc_id[s.article_id], int(s.char_start), int(s.char_end),
                       coder_id[s.coder or MACHINE_CODER]) for s in statements.itertuples()])
    short = {1: "person", 2: "organization", 3: "concept",
             **{len(VARIABLES) + n: EXTRA[name] for n, name in enumerate(EXTRA, 1)}}
    entities: dict[tuple[int, str], int] = {}
    for var, column in short.items():
        for value in sorted(set(statements[column].map(lambda v: str(v)[:MAX_SHORT]))):
            entities[(var, value)] = len(entities) + 1
    conn.executemany("INSERT INTO ENTITIES (ID, VariableId, Value, Red, Green, Blue) VALUES (?, ?, ?, 0, 0, 0)",
                     [(n, var, value) for (var, value), n in entities.items()])
    attribute = {(v, a): n for n, (v, a) in enumerate(ATTRIBUTES, 1)}
    values = {}
    for s in statements.itertuples():
        entity = entities[(2, str(s.organization)[:MAX_SHORT])]
        values[(entity, attribute[(2, "Type")])] = s.organization_type
        values[(entity, attribute[(2, "Alias")])] = s.alias
    for (var, _), entity in entities.items():
        for (v, a), n in attribute.items():
            if v == var:
                values.setdefault((entity, n), "")
    conn.executemany("INSERT INTO ATTRIBUTEVALUES (EntityId, AttributeVariableId, AttributeValue) VALUES (?, ?, ?)",
                     [(e, a, str(v)[:MAX_SHORT]) for (e, a), v in sorted(values.items())])
    conn.executemany("INSERT INTO DATASHORTTEXT (StatementId, VariableId, Entity) VALUES (?, ?, ?)",
                     [(st_id[s["statement_id"]], var, entities[(var, str(s[column])[:MAX_SHORT])])
                      for s in statements.to_dict("records") for var, column in short.items()])
    conn.executemany("INSERT INTO DATAINTEGER (StatementId, VariableId, Value) VALUES (?, 4, ?)",
                     [(st_id[s.statement_id], AGREEMENT[s.stance]) for s in statements.itertuples()])


def _hash(name: str) -> str:
    return password_hash(PASSWORD, hashlib.sha256(name.encode("utf-8")).digest()[:16])


def _seconds(day: str) -> int:
    if not day:
        return 0
    return int(dt.datetime.combine(dt.date.fromisoformat(day), dt.time(), dt.timezone.utc).timestamp())


# ---------------------------------------------------------------------------------------------------- reading

DOCUMENT_COLUMNS = ["document_id", "title", "text", "author", "source", "section", "notes", "date"]
STATEMENT_COLUMNS = ["dna_id", "statement_type", "document_id", "start", "stop", "coder", "person", "organization",
                     "organization_type", "alias", "concept", "agreement", "agreement_type", "date_start",
                     "date_end", "date_precision", "origin", "text"]


def read_database(path: str | Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The documents (`DOCUMENT_COLUMNS`; `date` an ISO day, "" for 0) and the actor-concept-agreement
    statements (`STATEMENT_COLUMNS`; `agreement` an integer, `agreement_type` boolean or integer, `text` the coded
    text) of a DNA 3 database. A file that is not one raises `DnaError` naming it and what is wrong."""
    path = Path(path)
    if not path.is_file():
        raise DnaError(path, "no such DNA database")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return _read(conn, path)
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise DnaError(path, f"not a DNA 3 database ({err})",
                       fix="save the database from DNA 3 (File > Save as), or export an event list") from None


def _read(conn: sqlite3.Connection, path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    tables = {r[0].upper() for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    missing = sorted({"SETTINGS", "DOCUMENTS", "STATEMENTS", "VARIABLES", "ENTITIES", "DATASHORTTEXT"} - tables)
    if missing:
        raise DnaError(path, f"not a DNA 3 database: no table {', '.join(missing)}")
    version = dict(conn.execute("SELECT Property, Value FROM SETTINGS").fetchall()).get("version", "")
    if not str(version).startswith("3"):
        raise DnaError(path, f"a DNA {version or '(unknown version)'} database; this reads DNA 3 databases",
                       fix="open it in DNA 3 once, which converts it")
    docs = pd.read_sql_query("SELECT ID AS document_id, Title AS title, Text AS text, Author AS author, "
                             "Source AS source, Section AS section, Notes AS notes, Date AS date FROM DOCUMENTS", conn)
    docs["date"] = [dt.datetime.fromtimestamp(int(s), dt.timezone.utc).date().isoformat() if s else ""
                    for s in docs["date"]]
    variables = pd.read_sql_query("SELECT ID, Variable, DataType, StatementTypeId FROM VARIABLES", conn)
    variables["name"] = variables["Variable"].str.strip().str.lower()
    types = dict(conn.execute("SELECT ID, Label FROM STATEMENTTYPES").fetchall())
    wanted = [t for t, v in variables.groupby("StatementTypeId")
              if {"concept", "agreement"} <= set(v["name"]) and {"organization", "person"} & set(v["name"])]
    coders = dict(conn.execute("SELECT ID, Name FROM CODERS").fetchall()) if "CODERS" in tables else {}
    rows = []
    for type_id in wanted:
        var = variables[variables["StatementTypeId"] == type_id].set_index("name")
        st = pd.read_sql_query("SELECT ID AS dna_id, DocumentId AS document_id, Start AS start, Stop AS stop, "
                               "Coder AS coder FROM STATEMENTS WHERE StatementTypeId = ?", conn, params=(type_id,))
        st["statement_type"] = types.get(type_id, "")
        st["coder"] = st["coder"].map(coders).fillna("")
        for name in ("person", "organization", "concept", *EXTRA):
            column = EXTRA.get(name, name)
            st[column] = st["dna_id"].map(_short_values(conn, var, name)).fillna("") if name in var.index else ""
        agreement = var.loc["agreement"]
        table = {"boolean": "DATABOOLEAN", "integer": "DATAINTEGER"}.get(agreement["DataType"])
        if table is None or table not in tables:
            raise DnaError(path, f"statement type {types.get(type_id)!r}: agreement is {agreement['DataType']}, "
                                 f"not boolean or integer")
        values = dict(conn.execute(f"SELECT StatementId, Value FROM {table} WHERE VariableId = ?",
                                   (int(agreement["ID"]),)).fetchall())
        st["agreement"] = st["dna_id"].map(values)
        st["agreement_type"] = agreement["DataType"]
        org = int(var.loc["organization", "ID"]) if "organization" in var.index else None
        kinds = _attributes(conn, org, tables)
        st["organization_type"] = st["organization"].map(lambda o: kinds.get(o, {}).get("type", ""))
        st["alias"] = st["organization"].map(lambda o: kinds.get(o, {}).get("alias", ""))
        rows.append(st)
    statements = (pd.concat(rows, ignore_index=True) if rows else pd.DataFrame(columns=STATEMENT_COLUMNS))
    texts = docs.set_index("document_id")["text"]
    statements["text"] = [str(texts.get(d, ""))[int(a):int(b)]
                          for d, a, b in zip(statements["document_id"], statements["start"], statements["stop"])]
    statements = statements.dropna(subset=["agreement"]).astype({"agreement": "int64"})
    return docs[DOCUMENT_COLUMNS], statements[STATEMENT_COLUMNS].sort_values("dna_id", ignore_index=True)


def _short_values(conn: sqlite3.Connection, var: pd.DataFrame, name: str) -> dict[int, str]:
    return dict(conn.execute("SELECT d.StatementId, e.Value FROM DATASHORTTEXT d JOIN ENTITIES e ON e.ID = d.Entity "
                             "WHERE d.VariableId = ?", (int(var.loc[name, "ID"]),)).fetchall())


def _attributes(conn: sqlite3.Connection, variable: int | None, tables: set[str]) -> dict[str, dict[str, str]]:
    """An organization entity's `Type` and `Alias` attributes, by its value."""
    if variable is None or not {"ATTRIBUTEVARIABLES", "ATTRIBUTEVALUES"} <= tables:
        return {}
    out: dict[str, dict[str, str]] = {}
    for value, attribute, text in conn.execute(
            "SELECT e.Value, a.AttributeVariable, v.AttributeValue FROM ATTRIBUTEVALUES v "
            "JOIN ENTITIES e ON e.ID = v.EntityId JOIN ATTRIBUTEVARIABLES a ON a.ID = v.AttributeVariableId "
            "WHERE e.VariableId = ?", (variable,)):
        out.setdefault(value, {})[str(attribute).lower()] = str(text or "")
    return out

"""Coverage: how many articles each source published, and when.

Articles skipped at reading (no paragraphs) are not coverage and are left out; articles without a publication
day are counted per source and kept apart in the weekly table (week "" = unknown).
"""
from __future__ import annotations

import datetime as dt

import pandas as pd

SOURCE_COLUMNS = ["source", "n_articles", "n_undated", "first_published", "last_published"]
WEEK_COLUMNS = ["week", "source", "n_articles"]
UNKNOWN_SOURCE = "(no source)"


def _read(articles: pd.DataFrame) -> pd.DataFrame:
    ar = articles
    if "n_paragraphs" in ar:
        ar = ar[ar["n_paragraphs"].fillna(0).astype("int64") > 0]
    return ar.assign(source=ar["source"].where(ar["source"].ne(""), UNKNOWN_SOURCE))


def articles_per_source(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per source: `source` ("(no source)" when the article names none), `n_articles`, `n_undated`
    (without a publication day), `first_published`, `last_published` ("" when none is dated). Most articles
    first, then by source."""
    ar = _read(articles)
    if not len(ar):
        return pd.DataFrame(columns=SOURCE_COLUMNS)
    day = ar["published"].where(ar["published"].ne(""))
    out = ar.assign(day=day, undated=day.isna()).groupby("source").agg(
        n_articles=("file", "size"), n_undated=("undated", "sum"), first_published=("day", "min"),
        last_published=("day", "max")).reset_index()
    out[["first_published", "last_published"]] = out[["first_published", "last_published"]].fillna("").astype(str)
    out[["n_articles", "n_undated"]] = out[["n_articles", "n_undated"]].astype("int64")
    return out.sort_values(["n_articles", "source"], ascending=[False, True], ignore_index=True)[SOURCE_COLUMNS]


def week_of(day: str) -> str:
    """The Monday (ISO day) of the week holding `day`; "" for an empty day."""
    if not day:
        return ""
    d = dt.date.fromisoformat(day)
    return (d - dt.timedelta(days=d.weekday())).isoformat()


def articles_per_week(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per week (its Monday, "" for undated articles) and source: `week, source, n_articles`. Weeks
    without articles are absent. Sorted by week (undated last), then source."""
    ar = _read(articles)
    if not len(ar):
        return pd.DataFrame(columns=WEEK_COLUMNS)
    out = ar.assign(week=ar["published"].map(week_of)).groupby(["week", "source"]).size()
    out = out.rename("n_articles").reset_index().astype({"n_articles": "int64"})
    out["_undated"] = out["week"].eq("")
    return out.sort_values(["_undated", "week", "source"], ignore_index=True)[WEEK_COLUMNS]


def publication_period(articles: pd.DataFrame) -> tuple[str, str] | None:
    """The first and last publication day (ISO) of the articles read (see `articles_per_source`); None when no
    article is dated. Time charts keep to this period (see `charts.within_period`)."""
    ar = _read(articles)
    dated = ar.loc[ar["published"].ne(""), "published"] if len(ar) else ar.get("published", pd.Series(dtype=str))
    return (str(dated.min()), str(dated.max())) if len(dated) else None

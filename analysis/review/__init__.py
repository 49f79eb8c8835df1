"""Analysts' review: the statements to look at in their context and the decisions recorded on them
(`workflow`, re-exported here for notebooks: `from analysis import review`), and the exchange with the
Discourse Network Analyzer (`dna`)."""
from ..explore.positions import confirmed_share, origin_counts
from .workflow import (REVIEW_COLUMNS, agreement, cards, corpus_of, corrections_file, locate, paragraph_at, progress,
                       read_articles, record, recorded, review_list, sentence_spans, statements, unapplied)

__all__ = ["REVIEW_COLUMNS", "agreement", "cards", "confirmed_share", "corpus_of", "corrections_file", "locate",
           "origin_counts", "paragraph_at", "progress", "read_articles", "record", "recorded", "review_list",
           "sentence_spans", "statements", "unapplied"]

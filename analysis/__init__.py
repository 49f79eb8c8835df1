"""Stakeholder positions and timelines from news articles.

One module per pipeline stage: ingest (corpus to articles), recognize and statements (positions), events,
dates, extract (the run), tables (the output contract), evaluate (scoring against gold), cli.
"""
__version__ = "0.1.0"

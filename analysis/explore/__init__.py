"""Exploration for notebooks: DataFrames in, DataFrames out. `positions` (load and filter a run, who stands
where), `timeline` (stance histories, merged events), `networks` (agreement and conflict), `coverage` (articles
per source and week) and `evaluate` (scores against hand coding)."""

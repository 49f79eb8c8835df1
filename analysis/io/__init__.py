"""Files in and out, the lowest layer: errors, packaged resources, data files with line numbers, atomic writes,
corpus ingestion, the typed output contract and the run store. Nothing here knows about extraction or reports."""

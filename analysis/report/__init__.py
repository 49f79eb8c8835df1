"""Reports: `charts` (altair) and `display` (escaped tables and text) for notebooks; `notebooks` (the registry
of notebooks and their parameters), `kernel` (the shared-kernel papermill engine), `html` (offline pages) and
`build` (a batch of reports into a folder: `make_report`)."""

"""Stakeholder positions and timelines from news articles.

One module per pipeline stage: ingest (corpus to articles), recognize and statements (positions), events,
dates, extract (the run), tables (the output contract), evaluate (scoring against gold), cli.
"""
__version__ = "0.1.0"


def _defer_rfc3987_syntax() -> None:
    """jsonschema (under altair, nbformat and papermill) imports rfc3987-syntax when it is installed (JupyterLab
    brings it), and that module builds a grammar for a second at import (python-jsonschema/jsonschema#1392).
    Until jsonschema is imported, stand in for it with a module that imports it on first use: every command and
    report kernel starts a second sooner, and the IRI check still works when something asks for it."""
    import importlib.util
    import sys
    import types

    name = "rfc3987_syntax"
    if name in sys.modules or "jsonschema" in sys.modules or importlib.util.find_spec(name) is None:
        return
    stand_in = types.ModuleType(name)

    def is_valid_syntax(*args, **kwargs):
        if sys.modules.get(name) is stand_in:
            del sys.modules[name]
        real = importlib.import_module(name)
        stand_in.is_valid_syntax = real.is_valid_syntax
        return real.is_valid_syntax(*args, **kwargs)

    stand_in.is_valid_syntax = is_valid_syntax
    sys.modules[name] = stand_in


_defer_rfc3987_syntax()

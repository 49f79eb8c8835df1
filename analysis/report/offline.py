"""Charts saved as pages that need no network: `from analysis.report.offline import save_offline`, then
`save_offline(chart, path)`.

altair's `chart.save("x.html")` writes a page that loads Vega, Vega-Lite and vega-embed from a CDN, so it shows
nothing offline (and `chart.save(..., inline=True)` puts the chart's data into a script unescaped). `save_offline`
writes one HTML page holding the vega-embed bundle (vl-convert's, the one the HTML reports use, cached:
analysis.report.html.vega_script) and the chart's spec with every `<` escaped, so article text in a tooltip can
neither end the script nor become markup. The page is written atomically with the user's umask.

In a notebook, `from analysis.report import charts` already turns on the offline `stakeholders` renderer
(charts drawn by JupyterLab's own Vega, no CDN); `charts.enable()` turns it on again after another was chosen.
"""
from __future__ import annotations

import json
from pathlib import Path

EMBED = {"renderer": "svg", "actions": {"export": True, "source": False, "compiled": False, "editor": False}}


def _script_json(value) -> str:
    """JSON safe inside a <script> element: no `<` (so no `</script>`, no `<!--`), and no line separators."""
    return (json.dumps(value, ensure_ascii=False, sort_keys=True).replace("<", "\\u003c")
            .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))


def offline_html(chart) -> str:
    """The page of `chart` (an altair chart, or a Vega-Lite spec as a dict) that needs no network."""
    from altair.utils.html import INLINE_HTML_TEMPLATE

    from .html import vega_script

    spec = chart if isinstance(chart, dict) else chart.to_dict()
    return INLINE_HTML_TEMPLATE.render(vegaembed_script=vega_script(), spec=_script_json(spec),
                                       embed_options=_script_json(EMBED), output_div="vis",
                                       vegalite_version=str(spec.get("$schema", "")).rsplit("/v", 1)[-1][:-5])


def save_offline(chart, path: str | Path) -> Path:
    """Write `chart` to `path` as one HTML page that shows it without network access (see the module
    docstring); returns the path."""
    from ..io.files import write_atomically

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, offline_html(chart))

"""Report pages: executed notebooks as HTML whose charts need no network, the report folder's index and the
index of every report under the reports root. Article text is untrusted: everything shown is escaped."""
from __future__ import annotations

import html
import json
from importlib.resources import files
from pathlib import Path

from ..io.errors import ReportError
from ..io.files import write_atomically
from ..io.store import default_cache_dir
from .charts import EMBED_OPTIONS, VEGALITE_MIME

VEGA_SRC = "assets/vega-embed.js"
NOTEBOOK_ONLY = "notebook-only"  # the tag of cells left out of HTML reports (how to use the notebook)


def _safe_json(value) -> str:
    """JSON that can sit inside a <script> element: no "<", ">" or "&" that could close or open a tag."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e") \
        .replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


def chart_html(spec: dict) -> str:
    """The HTML of one chart in a report page: an empty element the page's script draws `spec` into, followed by
    the spec as inert JSON."""
    return f'<div class="report-chart"></div><script type="application/json" class="report-chart-spec">' \
           f'{_safe_json(spec)}</script>'


def vega_script() -> str:
    """vega, vega-lite and vega-embed in one script (vl-convert's bundle, the Vega-Lite version of altair).

    Bundling takes more than a second, so the bundle is kept in the cache folder (`store.default_cache_dir`),
    named by the versions of vl-convert and Vega-Lite that made it."""
    import importlib.metadata

    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    vl_version = vl_version_for_vl_convert()
    cached = default_cache_dir() / f"vega-embed-{importlib.metadata.version('vl-convert-python')}-{vl_version}.js"
    try:
        script = cached.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        script = vlc.javascript_bundle(vl_version=vl_version)
        try:
            cached.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(cached, script)
        except OSError:
            pass  # a cache that cannot be written only costs time
    if "</script" in script.lower():  # would end an inline <script> element early
        raise ReportError("the vega-embed bundle cannot be inlined: it contains </script>")
    return script


def to_html(notebook: Path, title: str, self_contained: bool = False) -> str:
    """An executed notebook as an HTML page without inputs, whose charts need no network."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import Preprocessor, TagRemovePreprocessor

    class ChartsAsHTML(Preprocessor):
        def preprocess_cell(self, cell, resources, index):
            for output in cell.get("outputs", []):
                data = output.get("data", {})
                if VEGALITE_MIME in data:
                    data["text/html"] = chart_html(data[VEGALITE_MIME])
            return cell, resources

    exporter = HTMLExporter(template_name="report", extra_template_basedirs=[str(files(__package__) / "templates")],
                            exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    exporter.register_preprocessor(ChartsAsHTML(), enabled=True)
    exporter.register_preprocessor(TagRemovePreprocessor(remove_cell_tags={NOTEBOOK_ONLY}, enabled=True),
                                   enabled=True)
    nb = nbformat.read(notebook, as_version=4)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": title}, "vega_src": VEGA_SRC, "embed_options": json.dumps(EMBED_OPTIONS),
                 "vega_inline": vega_script() if self_contained else ""}
    body, _ = exporter.from_notebook_node(nb, resources=resources)
    return body


def _page(title: str, body: str) -> str:
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f"<title>{html.escape(title)}</title>\n<style>\n"
            "body { font-family: system-ui, sans-serif; max-width: 960px; margin: 2em auto; color: #222; }\n"
            "table { border-collapse: collapse; } td, th { text-align: left; padding: 3px 10px; "
            "border-bottom: 1px solid #ddd; vertical-align: top; }\n"
            ".muted { color: #666; }\n</style>\n</head>\n<body>\n" + body + "\n</body>\n</html>\n")


def index_page(record: dict) -> str:
    """The report folder's index.html: its reports, parameters, versions and downloads (all text escaped)."""
    e = html.escape
    rows = "".join(
        f'<tr><td><a href="{e(r["html"])}">{e(r["title"])}</a></td><td>{e(r["about"])}</td>'
        f'<td><a href="{e(r["notebook"])}">notebook</a></td></tr>' for r in record["reports"])
    params = "".join(f"<tr><td>{e(k)}</td><td>{e(str(v))}</td></tr>" for k, v in record["parameters"].items()) \
        or '<tr><td colspan="2" class="muted">none: the whole run</td></tr>'
    vers = ", ".join(f"{e(k)} {e(v)}" for k, v in record["package_versions"].items())
    files = "".join(f'<li><a href="{e(f)}">{e(f)}</a> {e(what)}</li>' for f, what in record["files"].items())
    body = (f"<h1>{e(record['title'])}</h1>\n"
            f'<p class="muted">Made {e(record["created"])} from {e(record["run"])}; codebook '
            f'{e(record["codebook_name"])} version {e(record["codebook_version"])}.</p>\n'
            f"<h2>Reports</h2>\n<table>{rows}</table>\n<h2>Parameters</h2>\n<table>{params}</table>\n"
            f"<h2>Files</h2>\n<ul>{files}</ul>\n<h2>Versions</h2>\n<p class=\"muted\">{vers}</p>")
    return _page(record["title"], body)


def write_root_index(root: str | Path) -> Path:
    """`root/index.html`: every report folder under `root` (one holding report.json), newest first."""
    root = Path(root)
    found = []
    for record_file in root.glob("*/report.json"):
        if record_file.parent.name.startswith("."):
            continue
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError):
            continue
        found.append((record.get("created", ""), record_file.parent.name, record.get("title", ""),
                      len(record.get("reports", []))))
    e = html.escape
    rows = "".join(f'<tr><td><a href="{e(name)}/index.html">{e(name)}</a></td><td>{e(title)}</td>'
                   f'<td>{n} reports</td><td class="muted">{e(created)}</td></tr>'
                   for created, name, title, n in sorted(found, reverse=True))
    target = root / "index.html"
    write_atomically(target, _page("Reports", f"<h1>Reports</h1>\n<table>{rows}</table>"))
    return target

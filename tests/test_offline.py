"""Offline in a new notebook: importing the charts module turns on the offline renderer, and `save_offline`
writes a page that needs no network (no CDN script, the spec escaped)."""
import importlib
import os
import re
import stat

import altair as alt
import pandas as pd

from analysis.report import charts, offline

HOSTILE = "</script><script>alert(1)</script><!-- x"


def chart():
    data = pd.DataFrame({"n": [1, 2], "evidence": [HOSTILE, "a sentence"]})
    return alt.Chart(data, title="t").mark_bar().encode(x="n:Q", tooltip="evidence:N")


def test_importing_the_charts_turns_on_the_offline_renderer():
    alt.renderers.enable("default")  # a new notebook's renderer loads Vega from a CDN
    try:
        importlib.reload(charts)
        assert alt.renderers.active == "stakeholders"
        bundle, _ = alt.renderers.get()(chart().to_dict())
        assert charts.VEGALITE_MIME in bundle and "text/html" not in bundle  # no page, no CDN script
    finally:
        charts.enable()


def test_save_offline_writes_a_page_that_needs_no_network(tmp_path):
    old = os.umask(0o022)
    try:
        path = offline.save_offline(chart(), tmp_path / "sub" / "chart.html")
    finally:
        os.umask(old)
    page = path.read_text(encoding="utf-8")
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    # nothing is loaded from elsewhere: no script, link, image or import with a URL
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", page, re.I)
    assert not re.search(r"""import\s*\(\s*["']https?:""", page) and "cdn.jsdelivr" not in page
    assert "vegaEmbed('#vis', spec, embedOpt)" in page and len(page) > 100_000  # the bundle is inside
    # the hostile text is data, escaped: the page's only </script> tags are its two own
    assert page.lower().count("</script") == 2 and "\\u003c/script>\\u003cscript>alert(1)" in page


def test_a_spec_dict_is_saved_too(tmp_path):
    spec = chart().to_dict()
    page = offline.save_offline(spec, tmp_path / "spec.html").read_text(encoding="utf-8")
    assert '"tooltip"' in page and "a sentence" in page

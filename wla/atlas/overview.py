"""``reports/atlas-<id>/index.html``: a map of the atlas's Kreise coloured by the first
overview headline and a table of the headline figures, sortable by a few lines of plain
JavaScript (no download: the page works offline), each Kreis linked to its report folder.
The numbers come from the atlas record (computed by the tasks, :func:`wla.atlas.task.headline_values`).
"""
from __future__ import annotations

import html
from pathlib import Path

from ..present.fmt import number
from ..present.words import t
from ..report import index as run_index
from .task import OVERVIEW_HEADLINES

MAP_FILE = "karte.png"
_SORT_JS = """
document.querySelectorAll('#atlas th').forEach(function (th, col) {
  th.style.cursor = 'pointer';
  th.addEventListener('click', function () {
    var body = document.querySelector('#atlas tbody');
    var rows = Array.prototype.slice.call(body.rows);
    var up = th.getAttribute('data-dir') !== 'up';
    th.setAttribute('data-dir', up ? 'up' : 'down');
    rows.sort(function (a, b) {
      var x = a.cells[col].getAttribute('data-sort'), y = b.cells[col].getAttribute('data-sort');
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (isNaN(nx) || isNaN(ny)) ? String(x).localeCompare(String(y)) : nx - ny;
      if (x === '' && y !== '') { return 1; }
      if (y === '' && x !== '') { return -1; }
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
"""


def _label(lang: str, vergleich: str) -> str:
    from ..regions import region

    if vergleich == "twins":
        return t("atlas.vergleich_twins", lang)
    return region(vergleich).label


def draw_map(kreise: list[str], entries: dict, lang: str, target: Path) -> str:
    """Choropleth of the first overview headline over the Kreis polygons; returns the alt text."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from ..analysis.compare import headline
    from ..present import maps
    from ..store import geometry

    key = OVERVIEW_HEADLINES[0]
    h = headline(key)
    gdf = geometry("kreise")
    gdf = gdf[gdf["ags"].isin(kreise)].copy()
    values = {k: (entries.get(k) or {}).get("headlines", {}).get(key, {}) for k in kreise}
    gdf["value"] = gdf["ags"].map(lambda a: values[a].get("value")).astype(float)
    years = sorted({v["year"] for v in values.values() if v.get("year")})
    label = h.label(lang)
    fig = maps.choropleth(gdf, "value", title=t("atlas.karte_titel", lang, kennzahl=label),
                          legend_label=h.unit, decimals=h.decimals, lang=lang, borders=False)
    fig.savefig(target, dpi=110, bbox_inches="tight")
    plt.close(fig)
    span = f"{years[0]}–{years[-1]}" if len(years) > 1 else (str(years[0]) if years else "–")
    return t("atlas.karte_alt", lang, kreise=len(kreise), kennzahl=label, jahre=span)


def write(plan, entries: dict) -> Path:
    """Write map and ``index.html`` of the atlas folder; returns the page's path."""
    from ..analysis.compare import headline
    from ..exceptions import WlaError
    from ..store import names

    lang = plan.sprache
    folder = plan.folder
    kreise = list(plan.kreise)
    try:
        alt = draw_map(kreise, entries, lang, folder / MAP_FILE)
        figure = f'<img id="atlas-map" src="{MAP_FILE}" alt="{html.escape(alt)}" style="max-width:40em">'
    except WlaError as exc:
        (folder / MAP_FILE).unlink(missing_ok=True)
        figure = f'<p id="atlas-map-missing">{html.escape(t("atlas.keine_karte", lang, grund=str(exc)))}</p>'
    kreis_names = names()
    heads = [t("atlas.spalte_kreis", lang), t("atlas.spalte_vergleich", lang), t("atlas.spalte_status", lang)]
    heads += [f"{headline(k).label(lang)} ({headline(k).unit})" for k in OVERVIEW_HEADLINES]
    rows = []
    for k in kreise:
        e = entries.get(k)
        name = html.escape(f"{kreis_names.get(k, k)} ({k})")
        if e and e.get("folder") and (folder / e["folder"] / "index.html").is_file():
            cell = f'<a class="kreis-report" href="{html.escape(e["folder"])}/index.html">{name}</a>'
        else:
            cell = name
        vs = (e or {}).get("vergleich", plan.vergleich)
        vs_name = _label(lang, vs) if vs == plan.vergleich else kreis_names.get(vs, vs)
        if (e or {}).get("vergleich_close") is False:  # the nearest twin lies beyond the caliper (a feature > CALIPER_SD away)
            vs_name = t("vergleich.atlas_nicht_eng", lang, name=vs_name)
        state = t("atlas.fehlt", lang) if e is None else (t("atlas.ok", lang) if e["ok"] else
                                                          f'{t("atlas.fehler", lang)}: {e["error"]}')
        cells = [f'<td data-sort="{name}">{cell}</td>', f'<td data-sort="{html.escape(vs_name)}">{html.escape(vs_name)}</td>',
                 f'<td data-sort="{html.escape(state)}">{html.escape(state)}</td>']
        for key in OVERVIEW_HEADLINES:
            v = ((e or {}).get("headlines") or {}).get(key) or {}
            val = v.get("value")
            shown = number(val, headline(key).decimals, lang) + (f' ({v["year"]})' if v.get("year") else "")
            cells.append(f'<td data-sort="{"" if val is None else val}">{html.escape(shown)}</td>')
        rows.append(f'<tr data-kreis="{k}">{"".join(cells)}</tr>')
    sources = sorted({s for e in entries.values() for v in (e.get("headlines") or {}).values()
                      for s in v.get("sources", [])})
    source_list = "".join(f"<li>{html.escape(s)}</li>" for s in sources)
    title = t("atlas.titel", lang, kreise=len(kreise), vergleich=_label(lang, plan.vergleich))
    checksum = run_index.snapshot_info()["checksum"]
    page = f"""<!DOCTYPE html>
<html lang="{lang}"><head><meta charset="utf-8"><title>{html.escape(title)}</title>
<style>body{{font-family:sans-serif;max-width:90em;margin:2em auto}}td,th{{padding:0.3em 0.8em;text-align:left;vertical-align:top}}th{{background:#eef}}</style></head>
<body><h1>{html.escape(title)}</h1>
<p>{t("atlas.einleitung", lang)}</p>
{figure}
<table id="atlas"><thead><tr>{"".join(f"<th>{html.escape(h)}</th>" for h in heads)}</tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<h2>{t("atlas.quellen", lang)}</h2><ul id="sources">{source_list}</ul>
<p>{t("atlas.datenstand", lang)}: <code id="snapshot-checksum">{checksum}</code></p>
<script>{_SORT_JS}</script>
</body></html>
"""
    target = folder / "index.html"
    target.write_text(page, encoding="utf-8")
    return target

"""Maps for wla reports: Gemeinden coloured by a value, with Kreis borders, town names and
facility markers; numbers in the page's language.

Rules the maps keep (issue 10): the region's and the comparison's map of one indicator share
one colour range (:func:`shared_range`, passed as ``vmin``/``vmax``); a diverging scale is
centred on its neutral value (``center=0``: white is exactly 0) and symmetric around it, so
+10 and −10 look alike: :func:`robust_limit` sets ±X from the bulk of both maps' values, and
``clip=True`` draws values beyond it in the end colour, outlined, named and explained in the
legend (one outlier never stretches the scale); colour-bar ticks never repeat and are whole
numbers on a range of 10 or more (:class:`wla.present.charts.NumberFormatter`); Kreis borders are drawn over the Gemeinden
(dissolved from the Gemeinde polygons shown, so they fit them exactly); labels are placed so
that they do not overlap and stay inside the map; closed facilities look different from active
ones and the legend says which is which. Every map stores its alt text like the charts do.
"""
from __future__ import annotations

from contextlib import contextmanager

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.cm import ScalarMappable
from matplotlib.colors import Normalize, TwoSlopeNorm
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.patheffects import withStroke
from matplotlib.ticker import MaxNLocator
from matplotlib.text import Text
from matplotlib.transforms import Bbox

from ..exceptions import NoDataError, ParameterError
from .charts import ALT_ATTR, NumberFormatter
from .fmt import number, percent
from .words import t

#: Values of a marker's ``status`` column.
ACTIVE, CLOSED, UNKNOWN, PLANNED = "active", "closed", "unknown", "planned"

_MISSING_STYLE = {"facecolor": "#e6e6e6", "edgecolor": "#9a9a9a", "hatch": "///", "linewidth": 0.2}
#: Gemeinden set aside by a stated rule (not ranked): plain grey, unlike the hatched "no data".
_ASIDE_STYLE = {"facecolor": "#c8c8c8", "edgecolor": "white", "linewidth": 0.3}
#: Areas that belong to no Gemeinde (gemeindefreie Gebiete: forests, lakes, training grounds):
#: no municipality, hence no value — neither "no data" nor set aside.
_FREE_STYLE = {"facecolor": "#f4f4f4", "edgecolor": "#b0b0b0", "linewidth": 0.2}
_BORDER_STYLE = {"color": "#333333", "linewidth": 0.9}
_MARKER_STYLE = {
    ACTIVE: {"marker": "^", "s": 60, "facecolor": "black", "edgecolor": "white", "linewidths": 0.8},
    CLOSED: {"marker": "^", "s": 60, "facecolor": "white", "edgecolor": "#555555", "linewidths": 1.2},
    UNKNOWN: {"marker": "^", "s": 60, "facecolor": "#9a9a9a", "edgecolor": "white", "linewidths": 0.8},
    PLANNED: {"marker": "^", "s": 60, "facecolor": "white", "edgecolor": "#2a6fb0", "linewidths": 1.4},
    None: {"marker": "^", "s": 60, "facecolor": "black", "edgecolor": "white", "linewidths": 0.8},
}
_MARKER_WORDS = {ACTIVE: "grafik.einrichtung_aktiv", CLOSED: "grafik.einrichtung_geschlossen",
                 UNKNOWN: "grafik.einrichtung_unbekannt", PLANNED: "grafik.einrichtung_geplant",
                 None: "grafik.einrichtung"}
_HALO = [withStroke(linewidth=2.5, foreground="white")]


def shared_range(*values) -> tuple[float, float]:
    """(min, max) over the finite numbers of all ``values`` (Series, arrays or lists): one
    colour range for the same indicator on the region's and the comparison's map."""
    finite = [np.asarray(pd.to_numeric(pd.Series(np.ravel(v)), errors="coerce"), dtype=float) for v in values]
    finite = np.concatenate(finite) if finite else np.array([])
    finite = finite[np.isfinite(finite)]
    if finite.size == 0:
        raise NoDataError("no value to set a colour range from: every map value is missing")
    return float(finite.min()), float(finite.max())


#: Round numbers a symmetric colour range may end at (times a power of ten).
_NICE = (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_ceiling(x: float) -> float:
    """The smallest round number (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten) >= ``x`` > 0."""
    if not (np.isfinite(x) and x > 0):
        raise ParameterError(f"a colour range limit must be a positive number, not {x!r}")
    power = 10.0 ** np.floor(np.log10(x))
    return float(next(step * power for step in _NICE if step * power >= x * (1 - 1e-12)))


def robust_limit(*values, percentile: float = 98.0) -> float:
    """``X`` for a symmetric colour range ±X around 0 shared by all maps of one indicator: the
    ``percentile`` of the absolute values over all ``values`` (Series, arrays or lists; e.g. the
    region's and the comparison's changes in %), rounded up by :func:`nice_ceiling`. Values
    beyond ±X are outliers: draw them with ``choropleth(..., clip=True)``."""
    low, high = shared_range(*values)  # raises if nothing is finite
    finite = np.concatenate([np.asarray(pd.to_numeric(pd.Series(np.ravel(v)), errors="coerce"), dtype=float)
                             for v in values])
    finite = np.abs(finite[np.isfinite(finite)])
    if not 0 < percentile <= 100:
        raise ParameterError(f"percentile must be in (0, 100], not {percentile!r}")
    bulk = float(np.percentile(finite, percentile))
    return nice_ceiling(bulk if bulk > 0 else max(abs(low), abs(high), 1.0))


def colour_norm(vmin: float, vmax: float, center: float | None = None) -> Normalize:
    """Linear colour scale from ``vmin`` to ``vmax``; with ``center`` a diverging one whose
    middle colour sits exactly at ``center`` (each side stretched to its own end). If all
    values lie on one side of ``center`` the other side mirrors it, so the centre stays put."""
    if not (np.isfinite(vmin) and np.isfinite(vmax)) or vmin > vmax:
        raise ParameterError(f"colour range must be two numbers with vmin <= vmax, not {vmin!r}, {vmax!r}")
    if center is None:
        return Normalize(vmin, vmax) if vmax > vmin else Normalize(vmin - 0.5, vmax + 0.5)
    reach = max(abs(vmin - center), abs(vmax - center)) or 1.0
    low = vmin if vmin < center else center - reach
    high = vmax if vmax > center else center + reach
    return TwoSlopeNorm(vcenter=center, vmin=low, vmax=high)


def _flag_mask(gdf, column: str, flagged) -> pd.Series:
    """True where the value of ``column`` is missing or flagged."""
    missing = gdf[column].isna()
    if flagged is None:
        return missing
    if isinstance(flagged, str):
        marks = gdf[flagged].fillna("").astype(str) != ""
    else:
        marks = pd.Series(flagged, index=gdf.index).astype(bool)
    return missing | marks


def kreis_borders(gdf):
    """Kreis polygons dissolved from the Gemeinde polygons of ``gdf`` (first five digits of the
    8-digit ``ags``), so the borders lie exactly on the Gemeinde edges shown."""
    if "ags" not in gdf.columns:
        raise ParameterError("the map data needs an 'ags' column (8-digit Gemeinde key) for Kreis borders")
    kreise = gdf[["ags", "geometry"]].assign(kreis=gdf["ags"].astype(str).str[:5])
    # a 1 m buffer closes the slivers between neighbours of the simplified layer
    kreise = kreise.assign(geometry=kreise.geometry.buffer(1)).dissolve("kreis")
    return kreise.assign(geometry=kreise.geometry.buffer(-1))


def short_name(name: str) -> str:
    """A Gemeinde's name as region labels read (:func:`wla.regions.gemeinde_label`): without the
    official suffix ("Kiel, Landeshauptstadt" -> "Kiel", "Rödental, St" -> "Rödental"),
    abbreviations written out ("Neustadt b.Coburg, GKSt" -> "Neustadt bei Coburg")."""
    from ..regions import gemeinde_label

    return gemeinde_label(name)


def largest_places(region, n: int = 8, indicator: str = "bevoelkerung", until: int | None = None) -> pd.DataFrame:
    """The ``n`` Gemeinden of ``region`` with most inhabitants (newest year of ``indicator`` up
    to ``until``), as ``ags``, ``label`` (short name), ``value``; ``attrs["sources"]`` =
    {indicator: [year]} (see :func:`wla.present.sources.lines`)."""
    from ..data import load

    rows = load(indicator, region, level="gemeinde", category="insgesamt").dropna(subset=["value"])
    if until is not None:
        rows = rows[rows["year"] <= int(until)]
    if rows.empty:
        raise NoDataError(f"no Gemeinde values of {indicator!r} for {region}: cannot choose places to name")
    newest = rows[rows["year"] == rows["year"].max()].nlargest(n, "value")
    out = pd.DataFrame({"ags": newest["ags"], "label": newest["name"].map(short_name), "value": newest["value"]})
    out.attrs["sources"] = {indicator: sorted({int(y) for y in newest["year"]})}
    return out.reset_index(drop=True)


#: Where a label may sit next to its point: (dx, dy in points, ha, va), tried in this order.
_OFFSETS = ((0, 5, "center", "bottom"), (0, -5, "center", "top"), (6, 0, "left", "center"),
            (-6, 0, "right", "center"), (4, 4, "left", "bottom"), (-4, 4, "right", "bottom"),
            (4, -4, "left", "top"), (-4, -4, "right", "top"))
#: Facility labels: beside the marker first, then diagonally, then above or below.
_MARKER_OFFSETS = _OFFSETS[2:] + _OFFSETS[:2]
#: Farther rings (multiples of the offsets) for a label that must be shown, and its leader line.
_FAR = (3, 5)
_LEADER = {"arrowstyle": "-", "linewidth": 0.6, "color": "#444444", "shrinkA": 0, "shrinkB": 2}


def _place_label(ax, renderer, x, y, text, taken, must: bool, offsets=_OFFSETS, own=None, **style):
    """Put ``text`` next to (x, y) at the first offset where it stays inside the axes and keeps
    clear of every bounding box in ``taken`` (except ``own``, its point's marker); if none
    fits, drop it (``must=False``) or keep the offset inside the axes that touches fewest
    others. Returns the Annotation or None."""
    frame = ax.get_window_extent(renderer)
    pad_x, pad_y = renderer.points_to_pixels(6), renderer.points_to_pixels(2)  # keep words apart
    others = [b for b in taken if b is not own]
    best = None  # (number of boxes touched, annotation, box)
    # the near ring first; a label that must be shown then tries rings further out, tied to its
    # point by a thin line, before it settles for the spot that touches fewest others
    rings = [(o, None) for o in offsets]
    if must:
        rings += [((dx * k, dy * k, ha, va), _LEADER) for k in _FAR for dx, dy, ha, va in offsets]
    for (dx, dy, ha, va), leader in rings:
        ann = ax.annotate(text, (x, y), xytext=(dx, dy), textcoords="offset points", ha=ha, va=va,
                          path_effects=_HALO, annotation_clip=False, arrowprops=leader, **style)
        ann.update_positions(renderer)
        box = Text.get_window_extent(ann, renderer)  # the words only, not the leader line
        inside = (box.x0 >= frame.x0 - 1 and box.x1 <= frame.x1 + 1
                  and box.y0 >= frame.y0 - 1 and box.y1 <= frame.y1 + 1)
        padded = Bbox.from_extents(box.x0 - pad_x, box.y0 - pad_y, box.x1 + pad_x, box.y1 + pad_y)
        touched = sum(padded.overlaps(other) for other in others)
        if inside and must and (best is None or touched < best[0]):
            if best is not None:
                best[1].remove()
            best = (touched, ann, box)
        elif not (inside and touched == 0):
            ann.remove()
        if inside and touched == 0:
            if best is not None and best[1] is not ann:
                best[1].remove()
            taken.append(box)
            return ann
    if best is not None:
        taken.append(best[2])
        return best[1]
    return None


def _markers(gdf, markers, label: str):
    """Marker points in the CRS of ``gdf``, one per position and label (the newest row by
    ``stand_datum`` where given; active wins over closed at the same spot)."""
    points = markers.to_crs(gdf.crs) if markers.crs != gdf.crs else markers
    if label not in points.columns:
        raise ParameterError(f"marker label column {label!r} not in the markers ({', '.join(points.columns)})")
    if "status" in points.columns:
        unknown = set(points["status"].dropna()) - {ACTIVE, CLOSED, UNKNOWN, PLANNED}
        if unknown:
            raise ParameterError(f"marker status must be {ACTIVE!r}, {CLOSED!r}, {UNKNOWN!r} or {PLANNED!r}, "
                                 f"not {sorted(unknown)}")
    points = points.assign(_x=points.geometry.x.round(0), _y=points.geometry.y.round(0))
    if "stand_datum" in points.columns:
        points = points.sort_values("stand_datum")
    if "status" in points.columns:
        points = points.assign(_rank=(points["status"] == ACTIVE).astype(int)).sort_values("_rank", kind="stable")
    return points.drop_duplicates(["_x", "_y", label], keep="last")


def _colour_bar(fig, ax, norm, cmap, label: str, decimals: int, lang: str, center, extend: str = "neither") -> None:
    """The colour bar of a map: round ticks (per side of ``center`` on a diverging scale, the
    centre always among them), labels in ``lang`` that never repeat, whole numbers where the
    range spans 10 or more; ``extend`` ("min", "max", "both"): an arrow at an end whose colour
    also stands for clipped values beyond it."""
    bar = fig.colorbar(ScalarMappable(norm=norm, cmap=cmap), ax=ax, shrink=0.6, label=label, extend=extend)
    bar.formatter = NumberFormatter(0 if norm.vmax - norm.vmin >= 10 else decimals, lang)
    steps = [1, 2, 5, 10]  # round steps: 0, 5, 10, not 2.5, 7.5
    if center is None:
        bar.locator = MaxNLocator(nbins=6, steps=steps)
    else:  # each side of the centre fills half the bar
        ticks = {center}
        for side_min, side_max in ((norm.vmin, center), (center, norm.vmax)):
            ticks |= {v for v in MaxNLocator(nbins=3, steps=steps).tick_values(side_min, side_max)
                      if side_min <= v <= side_max}
        bar.set_ticks(sorted(ticks))
    bar.update_ticks()


def _draw_markers(ax, renderer, points, label: str, taken: list, lang: str) -> list:
    """Triangles for ``points`` (hollow where ``status`` is closed), each labelled; returns the
    legend handles. Marker and label boxes are added to ``taken``."""
    statuses = points["status"] if "status" in points.columns else pd.Series(None, index=points.index)
    handles = []
    for status in (ACTIVE, CLOSED, PLANNED, UNKNOWN, None):
        part = points[statuses.isna()] if status is None else points[statuses == status]
        if len(part):
            style = _MARKER_STYLE[status]
            ax.scatter(part.geometry.x, part.geometry.y, zorder=4, **style)
            handles.append(Line2D([], [], linestyle="", marker=style["marker"], markersize=8,
                                  markerfacecolor=style["facecolor"], markeredgecolor=style["edgecolor"],
                                  label=t(_MARKER_WORDS[status], lang)))
    spots = []
    for x, y in zip(points.geometry.x, points.geometry.y):
        px, py = ax.transData.transform((x, y))
        spots.append(Bbox.from_bounds(px - 5, py - 5, 10, 10))
    taken.extend(spots)
    for x, y, text, spot in zip(points.geometry.x, points.geometry.y, points[label], spots):
        _place_label(ax, renderer, x, y, str(text), taken, must=True, offsets=_MARKER_OFFSETS, own=spot,
                     fontsize=8, fontweight="bold")
    return handles


def _aside_mask(gdf, aside, label) -> pd.Series:
    """True where a Gemeinde is set aside by rule (``aside``: mask or boolean column name)."""
    if aside is None:
        return pd.Series(False, index=gdf.index)
    if isinstance(aside, str):
        if aside not in gdf.columns:
            raise ParameterError(f"aside column {aside!r} not in the map data ({', '.join(gdf.columns)})")
        aside = gdf[aside]
    mask = pd.Series(aside, index=gdf.index).fillna(False).astype(bool)
    if mask.any() and not label:
        raise ParameterError("Gemeinden set aside by rule need aside_label= (the rule, for the legend)")
    return mask


def _draw_ranked(ax, renderer, gdf, ranked, taken: list) -> dict[str, str]:
    """Name the Gemeinden of ``ranked`` (``ags``, ``label``; in that order) with a dot at a point
    inside each, every one shown (farther rings and a leader line before touching another
    label or dot); returns ags -> label of those named."""
    spots = gdf.set_index(gdf["ags"].astype(str)).geometry.representative_point()
    rows = list(zip(ranked["ags"].astype(str), ranked["label"].astype(str)))
    absent = [f"{ags} ({label})" for ags, label in rows if ags not in spots.index]
    if absent:
        raise ParameterError(f"ranked Gemeinden not on the map: {', '.join(absent)}")
    dots = []
    for ags, _label in rows:
        spot = spots[ags]
        px, py = ax.transData.transform((spot.x, spot.y))
        dots.append(Bbox.from_bounds(px - 8, py - 8, 16, 16))  # room round the dot: no other name next to it
        ax.plot([spot.x], [spot.y], marker="o", markersize=4, color="black", markeredgecolor="white", zorder=4)
    taken.extend(dots)  # every dot first: no label covers a dot named after it
    for (ags, label), dot in zip(rows, dots):
        _place_label(ax, renderer, spots[ags].x, spots[ags].y, label, taken, must=True, offsets=_MARKER_OFFSETS, own=dot, fontsize=8,
                     fontweight="bold")
    return dict(rows)


def _draw_places(ax, renderer, gdf, places, taken: list) -> None:
    """Names of ``places`` (``ags``, ``label``; in order of priority) with a dot at a point
    inside their Gemeinde, each left out where its name or its dot would touch a name or dot
    already there."""
    spots = gdf.set_index(gdf["ags"].astype(str)).geometry.representative_point()
    for ags, label in zip(places["ags"].astype(str), places["label"]):
        if ags in spots.index:
            spot = spots[ags]
            px, py = ax.transData.transform((spot.x, spot.y))
            dot = Bbox.from_bounds(px - 6, py - 6, 12, 12)  # the dot with room round it
            if any(dot.overlaps(box) for box in taken):
                continue
            if _place_label(ax, renderer, spot.x, spot.y, str(label), taken, must=False, fontsize=8):
                ax.plot([spot.x], [spot.y], marker="o", markersize=2.5, color="#222222", zorder=3)
                taken.append(dot)  # no later name right at the dot


@contextmanager
def _drawn_once(fig):
    """geopandas draws the whole figure after every ``plot`` call (``canvas.draw_idle()``, for
    interactive windows; on the Agg canvas a full draw: a third of a map's time). Inside this
    block it does not; the map is drawn once, when it is saved (the same picture, byte for byte)."""
    fig.canvas.draw_idle = lambda *args, **kwargs: None
    try:
        yield
    finally:
        del fig.canvas.draw_idle


def choropleth(
    gdf,
    column: str,
    ax=None,
    title: str | None = None,
    cmap: str = "viridis",
    legend_label: str | None = None,
    flagged=None,
    markers=None,
    marker_label: str = "label",
    decimals: int = 0,
    lang: str = "de",
    vmin: float | None = None,
    vmax: float | None = None,
    center: float | None = None,
    places: pd.DataFrame | None = None,
    borders: bool = True,
    edgecolor: str = "white",
    clip: bool = False,
    unit: str = "",
    aside=None,
    aside_label: str | None = None,
    ranked: pd.DataFrame | None = None,
):
    """Map of the Gemeinde polygons of ``gdf`` coloured by the numeric ``column``; returns the
    Figure (its alt text stored, see :func:`wla.present.charts.alt_text`).

    ``vmin``/``vmax``: the colour range, e.g. :func:`shared_range` of the region's and the
    comparison's values (default: this map's own values). ``center``: the neutral value of a
    diverging ``cmap`` (0 for a change), drawn in the scale's middle colour.
    Areas where ``column`` is NaN, or marked by ``flagged`` (a boolean mask aligned with ``gdf``
    or the name of a flag column whose non-empty entries count), are hatched grey and explained
    as "keine Angabe" / "no data" in the legend. ``aside``: Gemeinden left out by a stated rule
    (a boolean mask aligned with ``gdf`` or the name of a boolean column), drawn plain grey and
    explained by ``aside_label`` in the legend (e.g. "nicht gerangt (Regel: …)"), never counted
    as missing data. ``ranked``: rows with ``ags`` and ``label`` (e.g. the top of a ranking,
    "Ehndorf (Rang 1)"), each named with a dot at its Gemeinde whatever it takes (rings further
    out, a leader line), before ``places`` and in the alt text. ``borders``: Kreis borders over the Gemeinden.
    ``places``: rows with ``ags`` and ``label`` (e.g. :func:`largest_places`), named at their
    Gemeinde in that order of priority, left out where they would overlap.
    ``markers``: a GeoDataFrame of points (any CRS) labelled with ``marker_label``; an optional
    ``status`` column (``"active"`` / ``"closed"``) draws closed ones hollow, with a legend.
    The colour bar, titled ``legend_label``, has numbers in ``lang`` with at least ``decimals``
    decimals (more where ticks would repeat; whole numbers where the range spans 10 or more).
    ``clip=True``: values beyond ``vmin``/``vmax`` (e.g. ±:func:`robust_limit`) take the end
    colour, are outlined and hatched, named with their value on the map and in the alt text,
    and the legend reads "über ±X % (Ausreißer)" (``unit``: the values' unit, e.g. "%");
    without it such values are an error. The Gemeinden drawn so are in ``fig._wla_clipped``
    (ags -> value).
    """
    if column not in gdf.columns:
        raise ParameterError(f"column {column!r} not in the map data ({', '.join(gdf.columns)})")
    if ax is None:
        _fig, ax = plt.subplots(figsize=(7, 8))
    fig = ax.figure
    set_aside = _aside_mask(gdf, aside, aside_label)
    free = gdf["gemeindefrei"].fillna(False).astype(bool) if "gemeindefrei" in gdf else pd.Series(False, gdf.index)
    set_aside &= ~free
    missing = _flag_mask(gdf, column, flagged) & ~set_aside & ~free
    shown = gdf[~missing & ~set_aside & ~free]
    values = pd.to_numeric(shown[column], errors="coerce")
    if len(shown) == 0 and (vmin is None or vmax is None):
        raise NoDataError(f"no value of {column!r} to map{': ' + title if title else ''}")
    low, high = shared_range(values) if len(shown) else (vmin, vmax)
    vmin = low if vmin is None else vmin
    vmax = high if vmax is None else vmax
    beyond = (values < vmin - 1e-9) | (values > vmax + 1e-9)
    if beyond.any() and not clip:
        raise ParameterError(f"values of {column!r} ({values.min()}..{values.max()}) lie outside the colour "
                             f"range {vmin}..{vmax}: pass shared_range over all maps of the indicator, "
                             "or clip=True to mark them as outliers")
    norm = colour_norm(vmin, vmax, center)
    with _drawn_once(fig):
        if len(shown):
            shown.assign(**{column: values.clip(vmin, vmax)}).plot(column=column, ax=ax, cmap=cmap, norm=norm,
                                                                  edgecolor=edgecolor, linewidth=0.3)
        extend = {(True, True): "both", (True, False): "min", (False, True): "max"}.get(
            (bool((values < vmin - 1e-9).any()), bool((values > vmax + 1e-9).any())), "neither")
        _colour_bar(fig, ax, norm, cmap, legend_label or column, decimals, lang, center, extend)
        handles = []
        if missing.any():
            gdf[missing].plot(ax=ax, **_MISSING_STYLE)
            handles.append(Patch(label=t("grafik.keine_angabe", lang), **_MISSING_STYLE))
        if set_aside.any():
            gdf[set_aside].plot(ax=ax, **_ASIDE_STYLE)
            handles.append(Patch(label=aside_label, **_ASIDE_STYLE))
        if free.any():
            gdf[free].plot(ax=ax, **_FREE_STYLE)
            handles.append(Patch(label=t("grafik.gemeindefrei", lang), **_FREE_STYLE))
        outliers = shown[beyond]
        if len(outliers):
            outliers.plot(ax=ax, zorder=2.5, **_OUTLIER_STYLE)
            handles.append(Patch(label=t("grafik.ausreisser", lang, grenze=_limit_words(vmin, vmax, center, unit, lang)),
                                 **_OUTLIER_STYLE))
        if borders:
            kreise = kreis_borders(gdf)
            kreise.boundary.plot(ax=ax, zorder=2, **_BORDER_STYLE)
            handles.append(Line2D([], [], label=t("grafik.kreisgrenze", lang), **_BORDER_STYLE))
    for layer in ax.collections:  # colours from the values now, as the skipped draws did
        layer.update_scalarmappable()
    ax.set_aspect("equal")
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    ax.apply_aspect()
    renderer = fig.canvas.get_renderer()
    taken: list = []
    points = None
    if markers is not None and len(markers):
        points = _markers(gdf, markers, marker_label)
        handles += _draw_markers(ax, renderer, points, marker_label, taken, lang)
    clipped = dict(zip(outliers["ags"].astype(str), values[beyond])) if len(outliers) else {}
    outlier_words = _draw_outliers(ax, renderer, outliers, clipped, taken, decimals, unit, lang) if clipped else []
    top = _draw_ranked(ax, renderer, gdf, ranked, taken) if ranked is not None and len(ranked) else []
    if places is not None and len(places):
        named = set(points[marker_label].astype(str)) if points is not None else set()
        named |= {short_name(_name(a)) for a in clipped}
        left = ~places["label"].astype(str).isin(named) & ~places["ags"].astype(str).isin(top)
        _draw_places(ax, renderer, gdf, places[left], taken)
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(0, 0), frameon=False, fontsize=8)
    # the range's ends with the decimals they need, at most one more than the colour bar's
    whole = vmax - vmin >= 10 and all(float(v).is_integer() for v in (vmin, vmax))
    exact = all(abs(round(v, decimals) - v) < 1e-9 for v in (vmin, vmax))
    ends = 0 if whole else decimals if exact else decimals + 1
    text = t("grafik.alt_karte", lang, titel=title or legend_label or column, legende=legend_label or column,
             von=number(vmin, ends, lang), bis=number(vmax, ends, lang))
    if center is not None:
        text += " " + t("grafik.alt_karte_mitte", lang, mitte=number(center, ends, lang))
    if missing.any():
        n = int(missing.sum())
        text += " " + t("grafik.alt_karte_fehlt" if n != 1 else "grafik.alt_karte_fehlt_eins", lang, n=n)
    if set_aside.any():
        text += " " + t("grafik.alt_karte_beiseite", lang, n=int(set_aside.sum()), legende=aside_label)
    if free.any():
        text += " " + t("grafik.alt_karte_gemeindefrei", lang, n=int(free.sum()))
    if top:
        text += " " + t("grafik.alt_karte_beschriftet", lang, orte="; ".join(top.values()))
    if points is not None:
        text += " " + t("grafik.alt_marker", lang, n=len(points))
    if clipped:
        text += " " + t("grafik.alt_ausreisser", lang, grenze=_limit_words(vmin, vmax, center, unit, lang),
                        orte="; ".join(outlier_words))
    setattr(fig, ALT_ATTR, text)
    fig._wla_clipped = clipped
    return fig


_OUTLIER_STYLE = {"facecolor": "none", "edgecolor": "black", "hatch": "....", "linewidth": 1.2}


def _value_words(value: float, decimals: int, unit: str, lang: str) -> str:
    """A value with its sign and unit: "+259,8 %" / "+259.8%"."""
    sign = "+" if value > 0 else ""
    if unit == "%":
        return sign + percent(value, decimals, lang)
    return sign + number(value, decimals, lang) + (f" {unit}" if unit else "")


def _limit_words(vmin: float, vmax: float, center, unit: str, lang: str) -> str:
    """How the ends of a clipped range read: "±20 %" on a symmetric range, else "−5 / 30"."""
    decimals = 0 if all(float(v).is_integer() for v in (vmin, vmax)) else 1
    if center is not None and abs((vmax - center) - (center - vmin)) < 1e-9 and center == 0:
        return "±" + _value_words(vmax, decimals, unit, lang).lstrip("+")
    return f"{_value_words(vmin, decimals, unit, lang)} / {_value_words(vmax, decimals, unit, lang)}"


def _name(ags: str) -> str:
    """A Gemeinde's newest name from the gazetteer (its key where it has none)."""
    from .. import store

    return store.names().get(str(ags), str(ags))


def _draw_outliers(ax, renderer, outliers, clipped: dict, taken: list, decimals: int, unit: str,
                   lang: str) -> list[str]:
    """Name each clipped Gemeinde with its true value next to it ("Seeth +259,8 %"); returns
    those words, largest deviation first (for the alt text)."""
    spots = outliers.set_index(outliers["ags"].astype(str)).geometry.representative_point()
    order = sorted(clipped, key=lambda a: -abs(clipped[a]))
    words = [f"{short_name(_name(a))} ({_value_words(clipped[a], decimals, unit, lang)})" for a in order]
    for ags in order:
        label = f"{short_name(_name(ags))} {_value_words(clipped[ags], decimals, unit, lang)}"
        _place_label(ax, renderer, spots[ags].x, spots[ags].y, label, taken, must=True, fontsize=8,
                     fontweight="bold")
    return words


__all__ = ["ACTIVE", "CLOSED", "PLANNED", "UNKNOWN", "choropleth", "colour_norm", "kreis_borders", "largest_places", "nice_ceiling",
           "robust_limit", "shared_range", "short_name"]

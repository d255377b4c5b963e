"""Settlement potential per Gemeinde: where new residents could help keep services going.

The partners' "chance for rural areas": places where flats stand empty, the population shrinks,
the settlement is small and a central place with its schools, doctors, jobs and courses is
near. Four components, each from official data, each scored 0–1 within the region
(1 = most potential), combined with transparent weights:

=================  ==========================================================  ==========
component          raw value (source)                                          direction
=================  ==========================================================  ==========
``leerstand``      vacancy rate in % (Zensus 2022, Gemeinde results)           higher
``schrumpfung``    population change in % 2013→2023 (Gemeindeverzeichnis       lower
                   GV-ISys, both years on the Zensus 2011 basis)
``laendlichkeit``  BBSR Stadt- und Gemeindetyp code (10 Großstadt, 20           higher
                   Mittelstadt, 30 größere, 40 kleine Kleinstadt, 50
                   Landgemeinde; Gebietsstand 31.12.2019)
``erreichbarkeit`` straight-line distance in km from the Gemeinde's centre      lower
                   to the centre of the nearest Mittel- or Oberzentrum (BBSR
                   zentralörtliche Einstufung; centres from the GV coordinates)
=================  ==========================================================  ==========

Scores (``method``): ``"minmax"``: ``s = (x − min) / (max − min)`` over the region's
Gemeinden with a value (reversed for "lower"); the ordinal Gemeindetyp is treated as equally
spaced. ``"rank"``: ``s = (rank − 1) / (n − 1)`` with average ranks for ties. A component that
is the same everywhere carries no information and scores 0 for all (``meta["konstant"]``).
Potential = ``Σ w_c · s_c / Σ w_c`` × 100 (0–100). A Gemeinde lacking any component (e.g. a
Zensus value not published, a key changed by a merger) gets no score — nothing is filled in;
``meta["ohne_wert"]`` lists them.

Ageing: the snapshot has age data only per Kreis (INKAR share aged 65+, median age), none per
Gemeinde, so ageing is not a component (``meta["alterung"]`` says so).

Distances are great-circle distances (haversine, mean Earth radius :data:`EARTH_RADIUS_KM`)
between Gemeinde centres, not travel times. The score ranks places within the region for a
closer look; it is not a forecast and says nothing about whether people want to move there.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, store
from ..exceptions import NoDataError, ParameterError
from ..present import sources_of
from ..regions import region as resolve_region
from .indicators import change

#: Mean Earth radius in km (IUGG, R1), used for great-circle distances.
EARTH_RADIUS_KM = 6371.0088

#: Component -> (raw value column, direction: +1 higher is more potential, -1 lower is more).
COMPONENTS = {
    "leerstand": ("leerstandsquote", 1),
    "schrumpfung": ("veraenderung_prozent", -1),
    "laendlichkeit": ("gemeindetyp_code", 1),
    "erreichbarkeit": ("entfernung_km", -1),
}

#: Default weights: equal, because no component is known to matter more than another.
DEFAULT_WEIGHTS = {"leerstand": 1.0, "schrumpfung": 1.0, "laendlichkeit": 1.0, "erreichbarkeit": 1.0}

#: BBSR zentralörtliche Einstufung codes that count as a central place for the distance:
#: 1 Oberzentrum und höher, 2 Mittelzentrum.
CENTRAL_CLASSES = (1, 2)

AGEING_NOTE = ("the snapshot has age data only per Kreis (INKAR share aged 65+, median age), none per "
               "Gemeinde: ageing is not a component")


def haversine_km(lon1, lat1, lon2, lat2) -> np.ndarray:
    """Great-circle distance in km between points given in degrees (numpy broadcasting):
    ``2 R asin(sqrt(sin²(Δφ/2) + cos φ1 cos φ2 sin²(Δλ/2)))`` with R = :data:`EARTH_RADIUS_KM`."""
    lon1, lat1, lon2, lat2 = (np.radians(np.asarray(v, dtype=float)) for v in (lon1, lat1, lon2, lat2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    return 2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(a, 0, 1)))


def nearest_centre(points: pd.DataFrame, centres: pd.DataFrame) -> pd.DataFrame:
    """For each row of ``points`` (``lon``, ``lat``) the nearest row of ``centres`` (``ags``,
    ``name``, ``lon``, ``lat``): columns ``zentrum_ags``, ``zentrum``, ``entfernung_km``."""
    if centres.empty:
        raise NoDataError("no central places with coordinates")
    d = haversine_km(points["lon"].to_numpy()[:, None], points["lat"].to_numpy()[:, None],
                     centres["lon"].to_numpy()[None, :], centres["lat"].to_numpy()[None, :])
    valid = ~np.isnan(d).all(axis=1)
    idx = np.where(valid, np.nanargmin(np.where(np.isnan(d), np.inf, d), axis=1), 0)
    return pd.DataFrame({
        "zentrum_ags": np.where(valid, centres["ags"].to_numpy()[idx], None),
        "zentrum": np.where(valid, centres["name"].to_numpy()[idx], None),
        "entfernung_km": np.where(valid, d[np.arange(len(d)), idx], np.nan),
    }, index=points.index)


def _check_weights(weights: dict) -> dict:
    if not isinstance(weights, dict) or not weights:
        raise ParameterError(f"weights must be a dict component -> weight, e.g. {DEFAULT_WEIGHTS}")
    if "alterung" in weights:
        raise ParameterError(f"'alterung' cannot be weighted: {AGEING_NOTE}")
    unknown = set(weights) - set(COMPONENTS)
    if unknown:
        raise ParameterError(f"unknown component(s) {sorted(unknown)}; choose from {list(COMPONENTS)}")
    bad = {k: v for k, v in weights.items() if not isinstance(v, (int, float)) or v < 0 or np.isnan(v)}
    if bad:
        raise ParameterError(f"weights must be numbers >= 0, not {bad}")
    if sum(weights.values()) <= 0:
        raise ParameterError("at least one weight must be > 0")
    return {k: float(v) for k, v in weights.items()}


def component_scores(frame: pd.DataFrame, method: str = "minmax") -> tuple[pd.DataFrame, list[str]]:
    """Scores 0–1 (1 = most potential) of each component in :data:`COMPONENTS` from the raw
    columns of ``frame``; NaN stays NaN. Returns the scores (columns ``s_<component>``) and the
    components that are constant (scored 0)."""
    if method not in ("minmax", "rank"):
        raise ParameterError(f"method must be 'minmax' or 'rank', not {method!r}")
    out, constant = pd.DataFrame(index=frame.index), []
    for comp, (column, direction) in COMPONENTS.items():
        x = frame[column].astype(float) * direction
        lo, hi = x.min(), x.max()
        if not (hi > lo):
            out[f"s_{comp}"] = x.where(x.isna(), 0.0)
            constant.append(comp)
            continue
        if method == "minmax":
            out[f"s_{comp}"] = (x - lo) / (hi - lo)
        else:
            r = x.rank(method="average")
            out[f"s_{comp}"] = (r - 1) / (r.count() - 1)
    return out, constant


def score(frame: pd.DataFrame, weights: dict | None = None, method: str = "minmax") -> pd.DataFrame:
    """``frame`` with component scores, ``potenzial`` (0–100, weighted mean of the scores) and
    ``rang`` (1 = highest; Gemeinden without a score have no rank), sorted by rank."""
    weights = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    scores, constant = component_scores(frame, method)
    total = sum(weights.values())
    potential = sum(scores[f"s_{c}"] * w for c, w in weights.items()) / total * 100
    # a Gemeinde lacking any component has no score, whatever the weights
    potential = potential.where(scores.notna().all(axis=1))
    out = pd.concat([frame.drop(columns=[c for c in scores if c in frame] + ["potenzial", "rang"], errors="ignore"),
                     scores], axis=1)
    out["potenzial"] = potential
    out["rang"] = potential.rank(ascending=False, method="min")
    out.attrs.update(frame.attrs)
    out.attrs["konstant"] = constant
    out.attrs["gewichte"] = weights
    out.attrs["methode"] = method
    return out.sort_values(["rang", "name"], na_position="last").reset_index(drop=True)


def _coordinates() -> pd.DataFrame:
    gaz = store.gazetteer().sort_values("edition").drop_duplicates("ags", keep="last")
    return gaz.set_index("ags")[["lon", "lat"]]


def inputs(region, start: int = 2013, end: int = 2023) -> tuple[pd.DataFrame, list[str], dict]:
    """Raw component values per Gemeinde of the region (newest GV edition), see the module.

    Columns: ``ags``, ``name``, ``kreis``, ``kreis_name``, ``leerstandsquote``, ``wohnungen``,
    ``leerstehend`` (rate × dwellings / 100, rate rounded to 0.1 %), ``einwohner_<start>``,
    ``einwohner_<end>``, ``veraenderung_prozent``, ``gemeindetyp``, ``gemeindetyp_code``,
    ``zentraler_ort``, ``zentrum``, ``zentrum_ags``, ``entfernung_km``, ``lon``, ``lat``.
    """
    reg = resolve_region(region)
    gem = reg.gemeinden()[["ags", "name", "kreis", "kreis_name", "lon", "lat"]]
    if gem.empty:
        raise NoDataError(f"{reg.label}: no Gemeinden in the newest Gemeindeverzeichnis")
    pop = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    delta = change(pop, start, end)[["ags", f"wert_{start}", f"wert_{end}", "veraenderung_prozent"]]
    delta = delta.rename(columns={f"wert_{start}": f"einwohner_{start}", f"wert_{end}": f"einwohner_{end}"})
    vac = data.load("leerstandsquote", reg, level="gemeinde", category="insgesamt")
    dw = data.load("wohnungen", reg, level="gemeinde", category="insgesamt")
    typ = data.load("bbsr_gemeindetyp", reg, level="gemeinde")
    zo_all = data.load("bbsr_zentraler_ort", level="gemeinde")
    zo = zo_all[reg.contains(zo_all["ags"])]
    frame = gem.merge(vac[["ags", "value"]].rename(columns={"value": "leerstandsquote"}), on="ags", how="left")
    frame = frame.merge(dw[["ags", "value"]].rename(columns={"value": "wohnungen"}), on="ags", how="left")
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame = frame.merge(delta, on="ags", how="left")
    frame = frame.merge(typ[["ags", "category", "value"]].rename(
        columns={"category": "gemeindetyp", "value": "gemeindetyp_code"}), on="ags", how="left")
    frame = frame.merge(zo[["ags", "category"]].rename(columns={"category": "zentraler_ort"}), on="ags", how="left")
    centres = zo_all[zo_all["value"].isin(CENTRAL_CLASSES)][["ags", "name"]]
    centres = centres.join(_coordinates(), on="ags").dropna(subset=["lon", "lat"])
    frame = frame.join(nearest_centre(frame, centres))
    frame.attrs["zentren"] = len(centres)
    meta = {"start": start, "end": end, "n": len(frame), "alterung": AGEING_NOTE, "zentren": len(centres)}
    sources = sources_of(vac, dw, pop, typ, zo)
    sources.append(store.gazetteer_source("Gemeindemittelpunkte"))
    return frame, sources, meta


def potential(region, weights: dict | None = None, method: str = "minmax", start: int = 2013,
              end: int = 2023) -> tuple[pd.DataFrame, list[str], dict]:
    """Settlement potential per Gemeinde of a region (see the module for components, scores
    and weights; ``weights`` default :data:`DEFAULT_WEIGHTS`). Returns the ranked frame (raw
    values, ``s_<component>`` scores, ``potenzial`` 0–100, ``rang``), the source lines and
    ``meta`` (weights, method, constant components, Gemeinden without a score, ageing note)."""
    frame, sources, meta = inputs(region, start, end)
    ranked = score(frame, weights, method)
    missing = ranked[ranked["potenzial"].isna()]
    meta.update({"gewichte": ranked.attrs["gewichte"], "methode": method, "konstant": ranked.attrs["konstant"],
                 "ohne_wert": list(missing["name"]), "n_bewertet": int(ranked["potenzial"].notna().sum())})
    return ranked, sources, meta


def alternative_weights(base: dict | None = None) -> dict[str, dict]:
    """Weight sets for the sensitivity check: for each component, ``base`` without it
    (weight 0), plus each component alone."""
    base = _check_weights(DEFAULT_WEIGHTS if base is None else base)
    out = {}
    for comp in COMPONENTS:
        without = {c: (0.0 if c == comp else base.get(c, 0.0)) for c in COMPONENTS}
        if sum(without.values()) > 0:
            out[f"ohne {comp}"] = without
    for comp in COMPONENTS:
        out[f"nur {comp}"] = {c: (1.0 if c == comp else 0.0) for c in COMPONENTS}
    return out


def jaccard(a, b) -> float:
    """|A ∩ B| / |A ∪ B| of two collections (1 = the same set); NaN if both are empty."""
    a, b = set(a), set(b)
    return len(a & b) / len(a | b) if (a | b) else float("nan")


def sensitivity(frame: pd.DataFrame, alternatives: dict[str, dict] | None = None, base: dict | None = None,
                top: int = 10, method: str = "minmax") -> pd.DataFrame:
    """How the top ``top`` list changes under other weights.

    ``frame``: the raw values (from :func:`inputs` or :func:`potential`). For each weight set
    (default :func:`alternative_weights` of ``base``): the weights, the top list, the number of
    Gemeinden it shares with the base top list (``gemeinsam``), the Jaccard index of the two
    lists and Spearman's rank correlation of all scores with the base scores.
    """
    base_w = _check_weights(DEFAULT_WEIGHTS if base is None else base)
    ranked = score(frame, base_w, method)
    base_top = list(ranked.dropna(subset=["potenzial"]).head(top)["ags"])
    base_scores = ranked.set_index("ags")["potenzial"]
    alternatives = alternative_weights(base_w) if alternatives is None else alternatives
    rows = [{"variante": "Basis", "gewichte": _weights_text(base_w), "top": _names(ranked, base_top),
             "gemeinsam": len(base_top), "jaccard": 1.0, "spearman": 1.0}]
    for name, weights in alternatives.items():
        alt = score(frame, weights, method)
        alt_top = list(alt.dropna(subset=["potenzial"]).head(top)["ags"])
        both = pd.concat([base_scores, alt.set_index("ags")["potenzial"]], axis=1).dropna()
        rows.append({"variante": name, "gewichte": _weights_text(_check_weights(weights)),
                     "top": _names(alt, alt_top), "gemeinsam": len(set(alt_top) & set(base_top)),
                     "jaccard": jaccard(alt_top, base_top),
                     "spearman": both.iloc[:, 0].corr(both.iloc[:, 1], method="spearman")})
    return pd.DataFrame(rows)


def _weights_text(weights: dict) -> str:
    return ", ".join(f"{c} {w:g}" for c, w in weights.items() if w)


def _names(frame: pd.DataFrame, codes: list[str]) -> str:
    names = frame.set_index("ags")["name"]
    return ", ".join(names[c] for c in codes)


#: Column headers of :func:`display_table` (German, English).
DISPLAY_COLUMNS = {
    "rang": ("Rang", "Rank"), "name": ("Gemeinde", "Municipality"), "potenzial": ("Potenzial", "Potential"),
    "leerstandsquote": ("Leerstandsquote %", "Vacancy rate %"), "leerstehend": ("leer (rechnerisch)", "empty (computed)"),
    "veraenderung_prozent": ("Einwohner Veränderung %", "Population change %"),
    "gemeindetyp": ("Gemeindetyp", "Settlement type"), "zentrum": ("nächstes Zentrum", "nearest centre"),
    "entfernung_km": ("km", "km"),
}
DISPLAY_DECIMALS = {"potenzial": 0, "leerstandsquote": 1, "veraenderung_prozent": 1, "entfernung_km": 1}


def display_table(frame: pd.DataFrame, lang: str = "de") -> tuple[pd.DataFrame, dict]:
    """The columns of a :func:`potential` frame shown in reports, with headers in ``lang`` and
    the decimals per header."""
    i = 0 if lang == "de" else 1
    shown = frame[list(DISPLAY_COLUMNS)].rename(columns={k: v[i] for k, v in DISPLAY_COLUMNS.items()})
    shown[DISPLAY_COLUMNS["rang"][i]] = shown[DISPLAY_COLUMNS["rang"][i]].astype("Int64").astype(str)
    return shown, {DISPLAY_COLUMNS[k][i]: d for k, d in DISPLAY_DECIMALS.items()}


def sensitivity_display(table: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """Headers of a :func:`sensitivity` table in ``lang``."""
    names = {"variante": ("Gewichtung", "Weights"), "gewichte": ("Gewichte", "Weight values"),
             "top": ("Top-Liste", "Top list"), "gemeinsam": ("gemeinsam", "shared"),
             "jaccard": ("Jaccard", "Jaccard"), "spearman": ("Spearman", "Spearman")}
    i = 0 if lang == "de" else 1
    return table.rename(columns={k: v[i] for k, v in names.items()})

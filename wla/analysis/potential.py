"""Settlement potential per Gemeinde: where flats stand empty, the population shrinks, the
place is thinly settled and a central place is near.

Four components, each a Gemeinde value from official data, each scored 0–1 within the region
(1 = most potential), combined with transparent weights:

=================  ==========================================================  ==========
component          raw value (source)                                          direction
=================  ==========================================================  ==========
``leerstand``      vacancy rate in % (Zensus 2022, Gemeinde results)           higher
``schrumpfung``    population change in % 2013→2023 (Gemeindeverzeichnis       lower
                   GV-ISys, both years on the Zensus 2011 basis)
``laendlichkeit``  inhabitants per km² in the end year (Gemeindeverzeichnis:   lower
                   population ÷ area of the Gemeinde)
``erreichbarkeit`` straight-line distance in km from the Gemeinde's centre      lower
                   to the centre of the nearest Mittel- or Oberzentrum (all
                   Gemeinden of BBSR zentralörtliche Einstufung 1 or 2 in
                   Germany, inside or outside the region; GV coordinates)
=================  ==========================================================  ==========

The BBSR Stadt- und Gemeindetyp is kept as context only (column ``gemeindetyp``): BBSR assigns
it per Gemeindeverband (Amt, Verwaltungsgemeinschaft), so a village of 100 inhabitants in an Amt
with a small town counts as a small town; density is measured per Gemeinde.

Absorption capacity (not a component, reported beside the index): ``leerstehend`` = vacancy rate
× dwellings ÷ 100 (Zensus 2022; the rate is rounded to 0.1 %) and ``aufnahme_personen`` =
``leerstehend`` × persons per household of the Gemeinde (Zensus 2022; NaN where not published):
how many people the empty flats could house at today's household size.

Rules: Gemeinden with fewer than ``min_einwohner`` inhabitants in the end year (default 500)
are not ranked (``attrs["zu_klein"]``): there one household moves a rate by whole points and
Zensus values are often withheld. Gemeinden with much holiday and second-home use are shown but
not ranked (``attrs["freizeit"]``, column ``freizeit``): their dwellings per 1,000 inhabitants
(Zensus 2022) lie above the 95th percentile of all Gemeinden in Germany
(:func:`wla.analysis.housing.holiday_screen`); there empty or seasonal flats are no potential for
people who settle. The Zensus extract holds no direct count of holiday homes, so this ratio is
a proxy. A Gemeinde lacking any component gets no score, nothing is
filled in (``attrs["ohne_wert"]``). If no ranked Gemeinde both shrinks and has vacant dwellings,
there is no settlement potential in the sense of the index and no winner is crowned: the
ranking is empty and ``attrs["grund"]`` says why.

Scores (``method``): ``"minmax"``: ``s = (x − min) / (max − min)`` over the ranked Gemeinden
(reversed for "lower"); ``"rank"``: ``s = (rank − 1) / (n − 1)`` with average ranks for ties.
A component that is the same everywhere scores 0 for all (``attrs["konstant"]``).
Potential = ``Σ w_c · s_c / Σ w_c`` × 100 (0–100).

Uncertainty (:func:`rank_intervals`): every weight is multiplied by an independent uniform
factor in [1 − ``spread``, 1 + ``spread``] (default ±50 %) in ``draws`` draws (fixed ``seed``),
each scored with both methods; ``rang_min``–``rang_max`` is the range of ranks over all these
runs (it contains the point rank), ``top_anteil`` the share of runs in which the Gemeinde is
among the top ``top`` (default 3), and ``attrs["top_haelt"]`` the share of runs whose top
``top`` is the same set as the point ranking's.

The index measures vacancy, decline, density and distance: nothing about childcare, schools,
shops or jobs in the Gemeinde, and ageing is not a component (age data exist per Kreis only).
Distances are great-circle distances (haversine, mean Earth radius :data:`EARTH_RADIUS_KM`)
between Gemeinde centres, not travel times. The score ranks places within the region for a
closer look; it is not a forecast and says nothing about whether people want to move there.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data, store
from ..exceptions import NoDataError, ParameterError
from ..regions import gemeinde_label
from ..regions import region as resolve_region
from .housing import holiday_screen
from .indicators import GAZETTEER_PREFIX, change, newest, newest_year, upto, used

#: Mean Earth radius in km (IUGG, R1), used for great-circle distances.
EARTH_RADIUS_KM = 6371.0088

#: Component -> (raw value column, direction: +1 higher is more potential, -1 lower is more).
COMPONENTS = {
    "leerstand": ("leerstandsquote", 1),
    "schrumpfung": ("veraenderung_prozent", -1),
    "laendlichkeit": ("dichte", -1),
    "erreichbarkeit": ("entfernung_km", -1),
}

#: Default weights: equal, because no component is known to matter more than another.
DEFAULT_WEIGHTS = {"leerstand": 1.0, "schrumpfung": 1.0, "laendlichkeit": 1.0, "erreichbarkeit": 1.0}

#: BBSR zentralörtliche Einstufung codes that count as a central place for the distance:
#: 1 Oberzentrum und höher, 2 Mittelzentrum.
CENTRAL_CLASSES = (1, 2)

AGEING_NOTE = ("the snapshot has age data only per Kreis (INKAR share aged 65+, median age), none per "
               "Gemeinde: ageing is not a component")
#: Default minimum size (inhabitants in the end year) for a Gemeinde to be ranked.
MIN_EINWOHNER = 500
#: Default weight perturbation: draws, relative spread, seed, size of the top group.
DRAWS, SPREAD, SEED, TOP = 1000, 0.5, 20261130, 3
METHODS = ("minmax", "rank")


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
    if method not in METHODS:
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


def inputs(region, start: int = 2013, end: int = 2023, until: int | None = None) -> pd.DataFrame:
    """Raw component values per Gemeinde of the region (newest GV edition), see the module.

    With ``until`` the end year is the newest population year up to it (at most ``end``) and the
    census values (vacancy, dwellings, household size) the newest up to it. The start year is
    ``start`` or, for a region whose Gemeinde keys begin later (a Kreis formed since), its first
    edition.

    Columns: ``ags``, ``name``, ``kreis``, ``kreis_name``, ``leerstandsquote``, ``wohnungen``,
    ``leerstehend``, ``haushaltsgroesse``, ``aufnahme_personen``, ``wohnungen_je_1000`` and
    ``freizeit`` (holiday-home screen), ``einwohner_<start>``,
    ``einwohner_<end>``, ``veraenderung_prozent``, ``flaeche_km2``, ``dichte``, ``gemeindetyp``
    (context, per Gemeindeverband), ``zentraler_ort``, ``zentrum``, ``zentrum_ags``,
    ``entfernung_km``, ``lon``, ``lat``. ``attrs``: sources, start, end, centres, the screen's
    ``freizeit_schwelle`` and ``freizeit_quantil``.
    """
    reg = resolve_region(region)
    gem = reg.gemeinden()[["ags", "name", "kreis", "kreis_name", "lon", "lat"]]
    gem = gem.assign(name=gem["name"].map(gemeinde_label))  # "Kronach, St" -> "Kronach", as region labels read
    if gem.empty:
        raise NoDataError(f"{reg.label}: no Gemeinden in the newest Gemeindeverzeichnis")
    years = data.load("bevoelkerung", reg, level="gemeinde", category="insgesamt")["year"].unique()
    if until is not None:
        end = newest_year([y for y in years if y <= end], until, "bevoelkerung")
    # a Kreis formed later (03159 Göttingen, 2016) has Gemeinde keys of its own only from then on:
    # its change starts with its first edition (attrs["start"] says which)
    first = min((int(y) for y in years if y <= end), default=start)
    start = max(start, first)
    pop = data.load("bevoelkerung", reg, level="gemeinde", years=[start, end], category="insgesamt")
    delta = change(pop, start, end)[["ags", f"wert_{start}", f"wert_{end}", "veraenderung_prozent"]]
    delta = delta.rename(columns={f"wert_{start}": f"einwohner_{start}", f"wert_{end}": f"einwohner_{end}"})
    area = data.load("flaeche_km2", reg, level="gemeinde", years=end)
    vac = newest(data.load("leerstandsquote", reg, level="gemeinde", category="insgesamt"), until, "leerstandsquote")
    dw = newest(data.load("wohnungen", reg, level="gemeinde", category="insgesamt"), until, "wohnungen")
    hh = newest(data.load("haushaltsgroesse", reg, level="gemeinde"), until, "haushaltsgroesse")
    typ = upto(data.load("bbsr_gemeindetyp", reg, level="gemeinde"), until)
    zo_all = upto(data.load("bbsr_zentraler_ort", level="gemeinde"), until)
    zo = zo_all[reg.contains(zo_all["ags"])]

    def col(rows, name):
        return rows[["ags", "value"]].drop_duplicates("ags").rename(columns={"value": name})

    frame = gem.merge(col(vac, "leerstandsquote"), on="ags", how="left")
    frame = frame.merge(col(dw, "wohnungen"), on="ags", how="left")
    frame["leerstehend"] = frame["leerstandsquote"] * frame["wohnungen"] / 100
    frame = frame.merge(col(hh, "haushaltsgroesse"), on="ags", how="left")
    frame["aufnahme_personen"] = frame["leerstehend"] * frame["haushaltsgroesse"]
    screen = holiday_screen(reg, until)
    frame = frame.merge(screen[["ags", "wohnungen_je_1000", "freizeit"]], on="ags", how="left")
    frame["freizeit"] = frame["freizeit"].fillna(False).astype(bool)
    frame = frame.merge(delta, on="ags", how="left")
    frame = frame.merge(col(area, "flaeche_km2"), on="ags", how="left")
    frame["dichte"] = frame[f"einwohner_{end}"] / frame["flaeche_km2"].where(frame["flaeche_km2"] > 0)
    frame = frame.merge(typ[["ags", "category"]].drop_duplicates("ags").rename(columns={"category": "gemeindetyp"}),
                        on="ags", how="left")
    frame = frame.merge(zo[["ags", "category"]].rename(columns={"category": "zentraler_ort"}), on="ags", how="left")
    centres = zo_all[zo_all["value"].isin(CENTRAL_CLASSES)][["ags", "name"]]
    centres = centres.assign(name=centres["name"].map(gemeinde_label))
    centres = centres.join(_coordinates(), on="ags").dropna(subset=["lon", "lat"])
    frame = frame.join(nearest_centre(frame, centres))
    sources = used(vac, dw, hh, pop, area, typ, zo, screen.attrs["sources"],
                   {f"{GAZETTEER_PREFIX}Gemeindemittelpunkte": [int(store.gazetteer()["edition"].max())]})
    frame.attrs = {"sources": sources, "start": start, "end": end, "zentren": len(centres),
                   "alterung": AGEING_NOTE, "freizeit_schwelle": screen.attrs["schwelle"],
                   "freizeit_quantil": screen.attrs["quantil"], "freizeit_regel": screen.attrs["regel"]}
    return frame


def potential(region, weights: dict | None = None, method: str = "minmax", start: int = 2013, end: int = 2023,
              min_einwohner: int = MIN_EINWOHNER, draws: int = DRAWS, spread: float = SPREAD, seed: int = SEED,
              top: int = TOP, until: int | None = None) -> pd.DataFrame:
    """Settlement potential per Gemeinde of a region with rank intervals (module doc), with the
    values up to ``until`` (see :func:`inputs`).

    Returns the ranked Gemeinden (raw values, ``s_<component>`` scores, ``potenzial`` 0–100,
    ``rang``, ``rang_min``, ``rang_max``, ``top_anteil``), best first; Gemeinden not ranked
    (too small, holiday-home screen, a component missing) follow without a rank; ``beiseite`` is
    True for those set aside by rule (too small or holiday-home screen), not for a missing value. ``attrs``:
    sources, method, weights, parameters, ``n`` Gemeinden, ``n_bewertet`` ranked, ``zu_klein``,
    ``freizeit`` (names screened out as holiday-home places, not counting those already too
    small) and ``freizeit_je_1000`` (their dwellings per 1,000 inhabitants), ``freizeit_schwelle``, ``ohne_wert``, ``konstant``, ``top_haelt``, ``grund`` (why
    there is no ranking, else ``None``).
    """
    if method not in METHODS:
        raise ParameterError(f"method must be 'minmax' or 'rank', not {method!r}")
    if isinstance(min_einwohner, bool) or not isinstance(min_einwohner, (int, np.integer)) or min_einwohner < 0:
        raise ParameterError(f"min_einwohner must be a whole number >= 0, not {min_einwohner!r}")
    weights = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    frame = inputs(region, start, end, until)
    meta = dict(frame.attrs)
    end = meta["end"]
    small = frame[f"einwohner_{end}"] < min_einwohner
    holiday = ~small & frame["freizeit"]
    eligible = frame[~small & ~holiday].reset_index(drop=True)
    complete = eligible[[c for c, _ in COMPONENTS.values()]].notna().all(axis=1)
    shrinking_with_vacancy = complete & (eligible["veraenderung_prozent"] < 0) & (eligible["leerstehend"] > 0)
    meta.update({
        "methode": method, "gewichte": weights, "min_einwohner": int(min_einwohner), "n": len(frame),
        "zu_klein": list(frame.loc[small, "name"]), "freizeit": list(frame.loc[holiday, "name"]),
        "freizeit_je_1000": dict(zip(frame.loc[holiday, "name"], frame.loc[holiday, "wohnungen_je_1000"])),
        "ohne_wert": list(eligible.loc[~complete, "name"]),
        "draws": int(draws), "spread": float(spread), "seed": int(seed), "top": int(top), "grund": None,
        "method_text": "weighted mean of component scores within the region; rank range over weight draws "
                       "(each weight × U[1 − spread, 1 + spread]) and both scoring methods",
    })
    if not shrinking_with_vacancy.any():
        meta.update({"grund": "no ranked Gemeinde both shrinks and has vacant dwellings", "n_bewertet": 0,
                     "konstant": [], "top_haelt": np.nan})
        # the columns of a ranking, without rows: callers select and sort as usual
        out = frame.iloc[0:0].assign(potenzial=np.nan, rang=np.nan, rang_min=np.nan, rang_max=np.nan,
                                     top_anteil=np.nan, beiseite=False)
        out.attrs = meta
        return out
    ranked = score(eligible, weights, method).assign(beiseite=False)
    constant = ranked.attrs["konstant"]
    intervals, holds = rank_intervals(eligible, weights, draws, spread, seed, top, method)
    ranked = ranked.merge(intervals, on="ags", how="left")
    rest = frame[small | holiday].assign(rang=np.nan, beiseite=True)  # set aside by rule, not missing
    out = pd.concat([ranked, rest], ignore_index=True)
    meta.update({"konstant": constant, "n_bewertet": int(ranked["potenzial"].notna().sum()),
                 "top_haelt": holds})
    out.attrs = meta
    return out


def pair(region, vergleich, until: int | None = None, **kwargs) -> tuple[pd.DataFrame, pd.DataFrame]:
    """:func:`potential` of a region and of its comparison over ONE period: the later of the two
    start years (a Kreis formed later starts with its first Gemeindeverzeichnis edition, e.g.
    03159 Göttingen 2017), so both sides rest on the same population change. ``kwargs`` go to
    :func:`potential` (not ``start``)."""
    a, b = potential(region, until=until, **kwargs), potential(vergleich, until=until, **kwargs)
    start = max(a.attrs["start"], b.attrs["start"])
    if a.attrs["start"] != start:
        a = potential(region, start=start, until=until, **kwargs)
    if b.attrs["start"] != start:
        b = potential(vergleich, start=start, until=until, **kwargs)
    return a, b


def rank_intervals(frame: pd.DataFrame, weights: dict | None = None, draws: int = DRAWS, spread: float = SPREAD,
                   seed: int = SEED, top: int = TOP, method: str = "minmax") -> tuple[pd.DataFrame, float]:
    """Rank range under weight perturbation and both scoring methods (module doc).

    Returns per Gemeinde with a score (``ags``): ``rang_min``, ``rang_max``, ``top_anteil``; and
    the share of runs whose top ``top`` set equals that of ``weights`` scored with ``method``."""
    if not (isinstance(draws, (int, np.integer)) and draws >= 1):
        raise ParameterError(f"draws must be a whole number >= 1, not {draws!r}")
    if not 0 <= spread < 1:
        raise ParameterError(f"spread must be in [0, 1), not {spread!r}")
    base = _check_weights(DEFAULT_WEIGHTS if weights is None else weights)
    comps = list(COMPONENTS)
    w0 = np.array([base.get(c, 0.0) for c in comps])
    rng = np.random.default_rng(seed)
    W = w0 * rng.uniform(1 - spread, 1 + spread, size=(int(draws), len(comps)))
    W = np.vstack([w0, W])
    ranks, point_top = [], None
    for m in METHODS:
        scores, _ = component_scores(frame, m)
        S = scores[[f"s_{c}" for c in comps]]
        ok = S.notna().all(axis=1).to_numpy()
        P = S.to_numpy()[ok] @ W.T / W.sum(axis=1)          # Gemeinden × runs
        R = pd.DataFrame(P).rank(ascending=False, method="min").to_numpy()
        ranks.append(R)
        if m == method:
            point_top = set(np.flatnonzero(R[:, 0] <= top))
    R = np.hstack(ranks)
    held = np.mean([set(np.flatnonzero(R[:, j] <= top)) == point_top for j in range(R.shape[1])])
    out = pd.DataFrame({"ags": frame.loc[ok, "ags"].to_numpy(), "rang_min": R.min(axis=1).astype(int),
                        "rang_max": R.max(axis=1).astype(int), "top_anteil": (R <= top).mean(axis=1)})
    return out, float(held)

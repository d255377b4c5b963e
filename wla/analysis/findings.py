"""Challenges and potentials derived from the numbers, one row per finding, classed by a stated rule.

Numbers and classes only: the sentences, the class names and the rule in words are made by
:mod:`wla.present.findings` from ``wla/present/words/befund.toml``.

**The rule** (parameters in ``frame.attrs["parameters"]``, printed on every page that shows
findings). A headline figure of the region is compared with Germany *and* with the comparison
region. A difference is *material* when it is at least :data:`MATERIAL_RELATIVE` % of the
reference value **and** at least :data:`MATERIAL_ABSOLUTE` in the figure's unit. Its direction
comes from the headline's polarity (:attr:`wla.analysis.compare.Headline.polarity`):

1. polarity ``context`` (presence of refugees, of foreign pupils, composition) → class
   ``context``, never a challenge or a potential (rule ``kontext``);
2. materially on the unfavourable side of Germany → ``challenge``; on the favourable side →
   ``potential`` (rule ``deutschland``) — Germany decides, so a value above Germany on an
   unfavourable indicator is never a potential, whatever the comparison region shows;
3. Germany not available (k. A.) → ``neutral``, rule ``ohne_deutschland``, ``grund``
   ``ohne_referenz``: Germany decides first, and without its value the comparison alone makes no
   verdict (Berlin's net rent, Zensus 2022, against Hamburg's);
4. within the band around Germany but materially apart from the
   comparison region → ``challenge`` / ``potential`` by the same polarity (rule ``vergleich``) —
   only when the region also deviates from Germany in the same direction (a value at or on the favourable side
   of Germany is never a challenge, on the unfavourable side never a potential: ``neutral``,
   rule ``bundesniveau``), and only when neither side's count is small (else ``neutral``, rule
   ``vergleich_klein``, ``grund`` ``klein``/``gerundet``: a difference to one Kreis resting on a
   few people is no verdict);
5. otherwise ``neutral``: no material difference (rule ``band``); values equal at the displayed
   precision (the headline's decimals) are always neutral;
6. whatever 2–5 say: a figure whose newest common year is more than
   :data:`wla.analysis.compare.MAX_AGE_YEARS` years before the page's reference year
   (:func:`wla.analysis.compare.reference_year`: the report's ``jahr``, else the newest year of
   the protection-seeker counts) is ``context`` with its year, never ranked (rule and ``grund``
   ``veraltet``) — e.g. INKAR tax capacity 2019 is not classed beside protection seekers 2024.

**Counted at an institution** (``erhebungsort`` of the headline in ``wla/headlines.toml``: school
leavers and pupils at the school's site, day care at the facility's): the rule classes each side
WITH the kreisfreie Städte inside its Landkreise (:func:`counted_sides`; Landkreis Coburg's
Gymnasien are in the Stadt Coburg, so the Landkreis alone has 11,7 % leavers without certificate
and 14,2 % with Hochschulreife, Stadt + Landkreis 9,9 % and 26,1 %). ``wert`` and
``vergleichswert`` are then those joint values, and ``details["gezaehlt"]`` names each widened
side with its Landkreis-only value (context, not classed). Where no side has an enclosed Stadt
nothing changes; where the joint value does not exist (a rate without a region total, such as
INKAR's Betreuungsquote) the row shows the published values without a verdict (``neutral``, rule
``erhebungsort``, ``grund`` ``ohne_referenz``; ``details["gemeinsam"]`` False).

The thresholds of 2, 4 and 5 and the deviations (``abweichung_*``) are computed from the values
rounded as printed (the headline's decimals), so a reader can check the class from the page:
Berlin's 8,1 % school leavers without certificate against Germany's 7,1 % differ by 1,0 point and
14 % — material, though the unrounded gap is 0,93 points. Where the unrounded values would give
another class or rule, the row is **borderline** (column ``knapp``; ``details["knapp_bezug"]``
names the test rounding changed, with both distances): it keeps the class of the printed values
and so its measures, says so in its sentence ("knapp an der Schwelle (gerundet)"), and is ranked
after every row that is not borderline.

Findings that rest on small counts are classed but **not ranked**: the count behind the figure
(the numerator, e.g. protection seekers with an open status) is under :data:`MIN_COUNT` on the
side that decided the class — the region when Germany decides (``grund`` ``klein``; when the
comparison would decide, the finding is neutral instead, rule 4), or under :data:`MIN_COUNT_ROUNDED` where the publisher rounds
every cell to a multiple of 5 (:data:`ROUNDED_TO_5`, ``grund`` ``gerundet``).

Other findings: a vacancy finding (rule ``leerstand``) is a ``potential`` only when Gemeinden both
shrink and have vacancy above the national median and their vacant dwellings reach the materiality
threshold (:data:`wla.analysis.housing.MATERIAL_VACANT_PER_1000` per 1,000 inhabitants of the
region), else ``context``; the top Gemeinden of
the settlement index are ``potential`` (rule ``potenzial_index``, not ranked: no reference value)
only when they are among the index's top 3 in at least :data:`MIN_TOP_SHARE` of its weight
runs (``top_anteil`` of :func:`wla.analysis.potential.potential`), else ``uncertain`` ("Lage
unsicher") with ``grund`` ``instabil`` (the rank does not hold under ±50 % weight changes), and
only when their vacancy rate is above the national median (the vacancy finding's threshold,
else ``context``, rule ``potenzial_leerstand``: a rank inside the region, no room for newcomers)
and their population shrank over the index's period (else ``context``, rule
``potenzial_wachsend``: a growing Gemeinde fills its flats without newcomers from elsewhere);
the foreigners' unemployment gap (ALQ Ausländer − ALQ insgesamt) is ``context`` (rule and
``grund`` ``abgeleitet``): it carries the information of the ranked headline ALQ Ausländer, and
as a difference of two rates its relative deviation is inflated (a small reference gap makes
any difference large), so ranking both would count one fact twice; its directions against
Germany and the comparison are still computed and shown; who the
protection seekers are (:func:`who`: citizenships, Ukraine separately, statuses), the
shift-share (counts, not performance: rule ``zaehlung``), the load per 1,000 and the funding per
head (an arithmetic scale: rule ``rechengroesse``) are ``context``.

Rule codes in ``regel``: ``deutschland``, ``vergleich``, ``band``, ``bundesniveau``, ``ohne_deutschland``, ``vergleich_klein``, ``erhebungsort``, ``kontext``, ``leerstand``,
``potenzial_index``, ``potenzial_leerstand``, ``potenzial_wachsend``, ``zaehlung``, ``rechengroesse``, ``veraltet``, ``abgeleitet``; reasons a row is not
ranked in ``grund``: ``klein``, ``gerundet``, ``nicht_wesentlich``, ``kontext``, ``ohne_referenz``,
``instabil``, ``veraltet``, ``abgeleitet``
("" = ranked). The load per 1,000 beside tax capacity and debt carries their percentiles only
where those are not outdated by the same rule.

**Ranking** (:func:`rank`): only material challenges and potentials from rules ``deutschland``
and ``vergleich`` that are not marked small are ranked: those Germany decided first, then those
the comparison decided, each by the absolute relative difference to the reference that decided
the class, largest first, borderline rows after all others; every other row has no rank (NaN)
and follows in theme order. There is one ranking across all themes: the findings of one theme
carry the ranks they have among all findings (``attrs["ranked"]``: how many are ranked), so a
finding has the same rank on its theme page as on pages 40 and 70.

Columns: see :data:`COLUMNS`. ``details`` holds the further figures of a row (a dict of
numbers and names, for the sentence); ``kosten_eur`` and ``kosten_einheit`` the cost arithmetic
from :mod:`wla.analysis.finance` with its unit (code, see ``kosten_einheit`` words).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from .. import data
from ..cache import on_disk
from ..exceptions import NoDataError, ParameterError, WlaError
from ..regions import city_states, region as resolve_region
from . import compare, finance, housing, labour, potential, profile, shift_share
from .indicators import newest_year, used

COLUMNS = ["rang", "thema", "ort", "ebene", "klasse", "regel", "grund", "knapp", "kennzahl", "jahr", "einheit",
           "polaritaet", "wert", "vergleichswert", "deutschland", "abweichung_prozent", "abweichung_de_prozent",
           "anzahl", "details", "kosten_eur", "kosten_einheit", "quellen"]
THEMES = ("bevoelkerung", "wohnen", "lernen", "arbeiten", "finanzen")
CLASSES = ("challenge", "potential", "uncertain", "neutral", "context")

#: Materiality band, relative part: |difference| ≥ this share (in %) of |reference value|.
MATERIAL_RELATIVE = 10.0
#: Materiality band, absolute part, per unit of the figure: |difference| ≥ this (percentage
#: points for shares and rates in %, per 1,000 inhabitants, EUR per inhabitant, EUR per m²).
MATERIAL_ABSOLUTE = {"%": 1.0, "Prozentpunkte": 1.0, "je 1.000 EW": 1.0, "EUR": 50.0, "EUR/m²": 0.25,
                     "Personen": 100.0}
#: A finding whose count (numerator) is below this on either side is not ranked.
MIN_COUNT = 50
#: ... and below this when the publisher rounds every cell to a multiple of 5.
MIN_COUNT_ROUNDED = 500
#: Indicators whose cells the publisher rounds to multiples of 5: Destatis 12531 (every cell of
#: Schutzsuchende by sex × nationality × status; a Kreis total adds dozens of such cells) and the
#: AsylbLG recipients of 22811 (rounded from 2020 on).
ROUNDED_TO_5 = ("schutzsuchende", "schutzsuchende_staatsangehoerigkeit", "asylbewerberleistungen")

#: Headline figures compared per theme (their polarity is in :data:`wla.analysis.compare.HEADLINES`).
HEADLINE_KEYS = {
    "bevoelkerung": ("schutzsuchende_je_1000", "offen_anteil"),
    "wohnen": ("leerstandsquote", "nettokaltmiete"),
    "lernen": ("ohne_abschluss", "auslaendische_schueler", "kita_u3"),
    "arbeiten": ("alq_auslaender", "auslaender_an_svb"),
    "finanzen": ("steuerkraft", "schulden", "asyl_je_1000"),
}

#: Number of Gemeinden with the highest settlement potential reported per region.
TOP_GEMEINDEN = 3
#: A top Gemeinde of the settlement index is a potential, and its position "stable", only when it
#: is among the index's top ``top`` (3) in at least this share of the weight-perturbation runs
#: (``top_anteil``): the position may fail in at most one run in ten. Below it the class is
#: ``uncertain`` ("Lage unsicher"), never "no material difference".
MIN_TOP_SHARE = 0.9


def parameters(until: int | None = None) -> dict:
    """The rule's parameters (for ``attrs`` and for the page that prints the rule), with the
    reference year of a page whose values go up to ``until``."""
    return {"material_relative_pct": MATERIAL_RELATIVE, "material_absolute": dict(MATERIAL_ABSOLUTE),
            "min_count": MIN_COUNT, "min_count_rounded": MIN_COUNT_ROUNDED, "rounded_to_5": ROUNDED_TO_5,
            "top_gemeinden": TOP_GEMEINDEN, "min_top_share": MIN_TOP_SHARE,
            "max_age_years": compare.MAX_AGE_YEARS, "reference_year": compare.reference_year(until),
            "reference_year_given": until is not None}


def _relative(a: float, ref: float) -> float:
    """(a − ref) / |ref| × 100; NaN when ref is 0 or unknown."""
    if np.isnan(a) or np.isnan(ref) or ref == 0:
        return np.nan
    return (a - ref) / abs(ref) * 100


def _side(a: float, ref: float, unit: str, polarity: str, decimals: int | None = None) -> int:
    """+1 material and favourable, −1 material and unfavourable, 0 within the band or unknown.
    With ``decimals`` (the figure's displayed precision) the rule is applied to the values rounded
    as printed, so a reader can check it from the page (8,1 % vs 7,1 %: 1,0 point and 14 % —
    material); values equal when rounded are within the band."""
    if np.isnan(a) or np.isnan(ref):
        return 0
    if unit not in MATERIAL_ABSOLUTE:
        raise ParameterError(f"no materiality threshold for unit {unit!r}; add it to MATERIAL_ABSOLUTE")
    if decimals is not None:  # the reader's numbers: the values as printed
        a, ref = round(a, decimals), round(ref, decimals)
    diff = a - ref if decimals is None else round(a - ref, decimals)
    if diff == 0:
        return 0
    # a tolerance of 1e-9 keeps binary noise (8.1 − 7.1 = 0.999…) from deciding the class
    if abs(diff) < MATERIAL_ABSOLUTE[unit] - 1e-9 or abs(diff) < MATERIAL_RELATIVE / 100 * abs(ref) - 1e-9:
        return 0
    up = 1 if diff > 0 else -1
    return up if polarity == "favourable" else -up


def classify(wert: float, vergleichswert: float, deutschland: float, polaritaet: str, einheit: str,
             anzahl: float = np.nan, gerundet: bool = False, decimals: int | None = None) -> dict:
    """Class, rule and not-ranked reason of one comparison (the rule in the module docstring).
    ``decimals``: the displayed precision; the rule and the deviations are computed from the
    values rounded to it (a difference that vanishes at it is never material).

    Returns ``klasse``, ``regel``, ``grund`` ("" = ranked; ``klein``, ``gerundet``,
    ``nicht_wesentlich``, ``kontext``), ``abweichung_prozent`` (vs the comparison),
    ``abweichung_de_prozent`` (vs Germany), ``knapp`` (True when the unrounded values would give
    another class or rule: borderline by rounding) and ``knapp_bezug`` (for a borderline row, one
    dict per materiality test whose result rounding changed: ``bezug`` "deutschland" or
    "vergleich", the unrounded and printed differences ``abstand``/``abstand_gedruckt`` in the
    figure's unit and ``relativ``/``relativ_gedruckt`` in % of the reference; else empty)."""
    out = _classify(wert, vergleichswert, deutschland, polaritaet, einheit, anzahl, gerundet, decimals)
    out.update(knapp=False, knapp_bezug=[])
    if decimals is None or out["klasse"] == "context":
        return out
    raw = _classify(wert, vergleichswert, deutschland, polaritaet, einheit, anzahl, gerundet, None)
    if (raw["klasse"], raw["regel"]) == (out["klasse"], out["regel"]):
        return out
    tests = {"deutschland": deutschland, "vergleich": vergleichswert}
    sides = {(name, d): _side(wert, ref, einheit, polaritaet, d) for name, ref in tests.items() for d in (decimals, None)}
    germany_decides = sides[("deutschland", decimals)] and sides[("deutschland", None)]  # then the comparison is not asked
    # Germany's test also changes where rounding makes the region level with Germany (its side, not its materiality)
    level = _lean(wert, deutschland, polaritaet, decimals) != _lean(wert, deutschland, polaritaet, None)
    changed = {"deutschland": sides[("deutschland", decimals)] != sides[("deutschland", None)] or level,
               "vergleich": sides[("vergleich", decimals)] != sides[("vergleich", None)] and not germany_decides}
    shown = lambda x: round(x, decimals)  # noqa: E731
    out["knapp"] = True
    out["knapp_bezug"] = [{"bezug": name, "abstand": wert - ref, "abstand_gedruckt": round(shown(wert) - shown(ref), decimals),
                           "relativ": _relative(wert, ref), "relativ_gedruckt": _relative(shown(wert), shown(ref))}
                          for name, ref in tests.items() if changed[name]]
    return out


def _classify(wert: float, vergleichswert: float, deutschland: float, polaritaet: str, einheit: str,
              anzahl: float, gerundet: bool, decimals: int | None) -> dict:
    """:func:`classify` at one precision (``decimals``, or ``None`` for the unrounded values)."""
    if polaritaet not in compare.POLARITIES:
        raise ParameterError(f"polarity must be one of {compare.POLARITIES}, not {polaritaet!r}")
    # the deviations too from the values as printed, so the page's "(+14 %)" follows from its numbers
    shown = (lambda x: round(x, decimals)) if decimals is not None else (lambda x: x)
    out = {"abweichung_prozent": _relative(shown(wert), shown(vergleichswert)),
           "abweichung_de_prozent": _relative(shown(wert), shown(deutschland))}
    if polaritaet == "context":
        return {**out, "klasse": "context", "regel": "kontext", "grund": "kontext"}
    vs_de = _side(wert, deutschland, einheit, polaritaet, decimals)
    vs_cmp = _side(wert, vergleichswert, einheit, polaritaet, decimals)
    grund = ""
    if not np.isnan(anzahl):
        if anzahl < MIN_COUNT:
            grund = "klein"
        elif gerundet and anzahl < MIN_COUNT_ROUNDED:
            grund = "gerundet"
    if vs_de:
        klasse, regel = ("potential" if vs_de > 0 else "challenge"), "deutschland"
    elif np.isnan(deutschland):
        # Germany decides first; without its value neither "apart from" nor "close to Germany" can
        # be said, and the comparison alone makes no verdict
        return {**out, "klasse": "neutral", "regel": "ohne_deutschland", "grund": "ohne_referenz"}
    elif not vs_cmp:
        return {**out, "klasse": "neutral", "regel": "band", "grund": "nicht_wesentlich"}
    elif _lean(wert, deutschland, polaritaet, decimals) != vs_cmp:
        # at Germany's value or on its other side: the comparison alone makes no verdict
        return {**out, "klasse": "neutral", "regel": "bundesniveau", "grund": "nicht_wesentlich"}
    elif grund:
        # the comparison decides, but the difference rests on a small count on one side
        return {**out, "klasse": "neutral", "regel": "vergleich_klein", "grund": grund}
    else:
        klasse, regel = ("potential" if vs_cmp > 0 else "challenge"), "vergleich"
    return {**out, "klasse": klasse, "regel": regel, "grund": grund}


def _lean(a: float, ref: float, polarity: str, decimals: int | None) -> int:
    """Which side of ``ref`` the value ``a`` lies on, material or not: +1 favourable, −1
    unfavourable, 0 equal at the displayed precision or unknown."""
    if np.isnan(a) or np.isnan(ref):
        return 0
    if decimals is not None:
        a, ref = round(a, decimals), round(ref, decimals)
    if a == ref:
        return 0
    up = 1 if a > ref else -1
    return up if polarity == "favourable" else -up


def _row(theme, place, key, klasse, regel, grund, sources, level="Region", **fields) -> dict:
    row = {"thema": theme, "ort": place, "ebene": level, "klasse": klasse, "regel": regel, "grund": grund, "knapp": False,
           "kennzahl": key, "jahr": np.nan, "einheit": "", "polaritaet": "", "wert": np.nan, "vergleichswert": np.nan,
           "deutschland": np.nan, "abweichung_prozent": np.nan, "abweichung_de_prozent": np.nan, "anzahl": np.nan,
           "details": {}, "kosten_eur": np.nan, "kosten_einheit": "", "quellen": used(sources)}
    row.update(fields)
    return row


def _count(h: compare.Headline, reg, year: int) -> tuple[float, bool]:
    """The count behind a headline figure for a region (NaN when it is not a count) and whether
    the publisher rounds it to multiples of 5."""
    count_id = h.implied_from or h.numerator
    if data.entry(count_id)["kind"] != "count":
        return np.nan, False
    try:
        total = data.region_total(count_id, reg, year, h.num_category)
    except WlaError:
        return np.nan, False
    value = total["value"].iloc[0] if not total.empty else np.nan
    return float(value), count_id in ROUNDED_TO_5


def _variant_value(h, variant, year: int) -> float:
    if variant is None:
        return np.nan
    try:
        return float(compare.value(h, variant, year)["value"])
    except WlaError:
        return np.nan


def counted_sides(h: compare.Headline, reg, vs, variants: dict) -> tuple:
    """The two regions a headline is classed for: ``reg`` and ``vs``, or – for a figure counted at
    the site of an institution (:attr:`wla.analysis.compare.Headline.erhebungsort`: schools, day
    care) – each side with the kreisfreie Städte inside its Landkreise where it has any
    (``variants["region_mit_stadt"]`` / ``variants["mit_stadt"]``, :func:`wla.analysis.compare.with_enclosed_cities`):
    the Landkreis's pupils attend the Stadt's schools, so the Landkreis alone is not measured like
    a region that holds its towns."""
    if not h.erhebungsort:
        return reg, vs
    return variants["region_mit_stadt"] or reg, variants["mit_stadt"] or vs


def _headline_finding(theme: str, key: str, reg, vs, de, variants: dict, until: int | None = None) -> dict | None:
    h = compare.headline(key)
    # a figure counted at an institution: each side with the kreisfreie Städte inside it (counted_sides)
    mine, theirs = counted_sides(h, reg, vs, variants)
    widened = [(side, r, m) for side, r, m in (("region", reg, mine), ("vergleich", vs, theirs)) if m is not r]
    year = compare.latest_common_year(h, [mine, theirs], until)
    joint = year is not None
    if not joint and widened:
        # no joint value (a rate without region total): the sides as published, without a verdict
        mine, theirs = reg, vs
        year = compare.latest_common_year(h, [reg, vs], until)
    if year is None:
        return None
    a, b = compare.value(h, mine, year), compare.value(h, theirs, year)
    site = {}
    if widened:
        # the Landkreis-only values stand beside the classed ones as context, and the sentence names the rule
        site = {"erhebungsort": h.erhebungsort, "gemeinsam": joint,
                "gezaehlt": [{"seite": side, "ort": r.label, "mit_stadt": m.label,
                              "staedte": compare.enclosed_cities(r), "wert": _variant_value(h, r, year)}
                             for side, r, m in widened]}
    shown = {"vergleich_mit_stadt": np.nan if site else _variant_value(h, variants["mit_stadt"], year),
             "region_mit_stadt": np.nan if site else _variant_value(h, variants["region_mit_stadt"], year),
             "region_ohne_einrichtung": np.nan, "vergleich_ohne_einrichtung": np.nan}
    if key in compare.FACILITY_OUTCOMES:
        # the hosts of the figure's own year (facility listings up to that year), not of the page's
        for field, side in (("region_ohne_einrichtung", reg), ("vergleich_ohne_einrichtung", vs)):
            lean = compare.without_facility_host(side, year)
            shown[field] = _variant_value(h, lean, year)
            shown[f"{field}_label"] = lean.label if lean is not None else ""
            # Kreise whose facility listing is too old to decide the figure's year (compare.FACILITY_LISTING_YEARS)
            shown[f"{field}_unbekannt"] = compare.facility_unknown(side, year).to_dict("records")
    try:
        g = compare.value(h, de, year)
    except WlaError:
        g = {"value": np.nan, "sources": {}, "note": "not available"}
    counts = [_count(h, r, year) for r in (mine, theirs)]
    # the count that matters is that of the side(s) deciding the class: the region's own when Germany
    # decides; the smaller of region and comparison when the comparison decides
    anzahl, rounded = counts[0]
    cls = classify(a["value"], b["value"], g["value"], h.polarity, h.unit, anzahl, rounded, h.decimals)
    if cls["regel"] == "vergleich":
        anzahl = min(c for c, _ in counts) if not any(np.isnan(c) for c, _ in counts) else np.nan
        cls = classify(a["value"], b["value"], g["value"], h.polarity, h.unit, anzahl,
                       any(r for _, r in counts), h.decimals)
    if site and not joint and h.polarity != "context":
        # counted at an institution, but no value of the side with its kreisfreie Städte: no like-for-like verdict
        cls.update(klasse="neutral", regel="erhebungsort", grund="ohne_referenz", knapp=False, knapp_bezug=[])
    if compare.outdated(year, until) and h.polarity != "context":
        cls.update(klasse="context", regel="veraltet", grund="veraltet", knapp=False, knapp_bezug=[])
    borderline = cls.pop("knapp_bezug")
    return _row(theme, reg.label, key, sources=[a["sources"], b["sources"], g["sources"]], jahr=year, einheit=h.unit,
                polaritaet=h.polarity, wert=a["value"], vergleichswert=b["value"], deutschland=g["value"],
                anzahl=anzahl, details={"deutschland_hinweis": g.get("note", ""), "dezimalen": h.decimals,
                                        "knapp_bezug": borderline,
                                        "anzahl_je_seite": {mine.label: counts[0][0], theirs.label: counts[1][0]},
                                        **shown, **site}, **cls)


@on_disk(maxsize=64)  # pages 40 and 70 ask for the same pair's findings, often in two workers
def findings(region, vergleich, theme: str | None = None, until: int | None = None) -> pd.DataFrame:
    """All findings for a region pair (or one theme), ranked (rule and columns: module docstring),
    each from the newest values up to ``until`` (all years for ``None``).

    The frame holds no language (sentences: :mod:`wla.present.findings`). ``attrs``: ``region``, ``vergleich``
    (labels), ``region_codes``, ``vergleich_codes``, ``sources``, ``parameters``
    (:func:`parameters`), ``method``, ``ranked`` (ranked findings across all themes; with
    ``theme``, also ``thema``). The rows of one ``theme`` keep their rank across all themes."""
    if theme is not None:
        # one rank per finding: a theme page shows the rows of its theme with their rank across all
        # themes (pages 40 and 70 print the same rank), so its first row may be "Rang 2"
        if theme not in THEMES:
            raise WlaError(f"unknown theme {theme!r}; choose one of {THEMES}")
        every = findings(region, vergleich, None, until)
        out = every[every["thema"] == theme].reset_index(drop=True)
        out.attrs = {**every.attrs, "thema": theme, "sources": used(list(out["quellen"]))}
        return out
    reg, vs = resolve_region(region), resolve_region(vergleich)
    de = resolve_region("deutschland")
    # the fair frame (wla.analysis.compare): comparison and region with the kreisfreie Städte inside
    # them, region without its reception-facility hosts; shown beside the classed values, not classed –
    # except for a figure counted at an institution, which is classed with the Städte (counted_sides)
    variants = {"mit_stadt": compare.with_enclosed_cities(vs), "region_mit_stadt": compare.with_enclosed_cities(reg),
                "ohne_einrichtung": compare.without_facility_host(reg, until),
                "vergleich_ohne_einrichtung": compare.without_facility_host(vs, until)}
    rows = []
    for th in THEMES:
        for key in HEADLINE_KEYS[th]:
            try:
                row = _headline_finding(th, key, reg, vs, de, variants, until)
            except WlaError:
                continue
            if row is not None and not (np.isnan(row["wert"]) or np.isnan(row["vergleichswert"])):
                rows.append(row)
        if th == "bevoelkerung":
            rows += _who_findings(reg, vs, until)
        if th == "wohnen":
            rows += _optional(_vacancy_findings, reg, until)
            rows += _potential_findings(reg, vs, until)
        if th == "arbeiten":
            rows += _optional(_gap_findings, reg, vs, until)
            rows += _shift_share_findings(reg, vs, until)
        if th == "finanzen":
            rows += _load_findings(reg, vs, until)
            rows += _funding_findings(reg, until)
    out = rank(pd.DataFrame(rows, columns=[c for c in COLUMNS if c != "rang"]))
    sources = used(list(out["quellen"]))
    out.attrs = {"region": reg.label, "vergleich": vs.label, "region_codes": list(reg.codes),
                 "variants": {k: (v.label if v is not None else "") for k, v in variants.items()},
                 "vergleich_codes": list(vs.codes), "sources": sources,
                 "method": "findings rule and ranking: wla.analysis.findings (module docstring)", "until": until,
                 "ranked": int(out["rang"].notna().sum())}
    out.attrs["parameters"] = parameters(until)
    return out


def _optional(rule, *args) -> list[dict]:
    """The rows of ``rule``, or none where its values do not exist (e.g. no census vacancy up to
    the reference year, no Kreis values for a Gemeinde set that cuts a Kreis)."""
    try:
        return rule(*args)
    except (NoDataError, ParameterError):
        return []


def rank(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``rang`` and sort: ranked rows (material, not small) decided by Germany first, then
    those decided by the comparison, each by the absolute relative difference to the deciding
    reference, largest first; borderline rows (``knapp``: the unrounded values would class them
    otherwise) after all others that are ranked, in the same order; then the rest in theme order."""
    out = frame.copy()
    deciding = np.where(out["regel"] == "deutschland", out["abweichung_de_prozent"], out["abweichung_prozent"])
    ranked = out["klasse"].isin(["challenge", "potential"]) & out["regel"].isin(["deutschland", "vergleich"]) \
        & (out["grund"] == "")
    out["knapp"] = out["knapp"].eq(True)  # rows built without the test (NaN) are not borderline
    order = out.assign(_ranked=~ranked, _knapp=out["knapp"], _by=out["regel"] != "deutschland",
                       _abs=np.abs(deciding.astype(float)), _theme=out["thema"].map({th: i for i, th in enumerate(THEMES)}))
    order = order.sort_values(["_ranked", "_knapp", "_by", "_abs", "_theme"], ascending=[True, True, True, False, True],
                              na_position="last", kind="stable")
    out = out.loc[order.index].reset_index(drop=True)
    n = int(ranked.sum())
    out.insert(0, "rang", pd.array(list(range(1, n + 1)) + [pd.NA] * (len(out) - n), dtype="Int64"))
    out["jahr"] = pd.array(out["jahr"], dtype="Float64").astype("Int64")
    return out[COLUMNS]


#: Citizenships named in the "who are the protection seekers" finding (besides Ukraine, always named).
TOP_NATIONALITIES = 3
#: Protection statuses shown (categories of ``schutzsuchende``, 12531): pending, recognised, none.
STATUSES = ("offen", "anerkannt", "ohne")


def who(reg, year: int | None = None, until: int | None = None) -> dict:
    """Who the protection seekers of a region are (12531-0043, ``year`` or the newest up to ``until``):
    ``total``; ``top`` = [(citizenship, count, share %)] of the :data:`TOP_NATIONALITIES`
    largest; ``ukraine`` (count) and ``ukraine_anteil`` (%); ``status`` = {status: share %}, NaN
    for the statuses in ``unter_3`` (sum 0: every cell below 3 persons, see :func:`profile.shown_sum`).
    Counts are sums of cells rounded to multiples of 5 by Destatis; shares of all protection
    seekers (12531 total of the same year). NaN where a member Kreis has no rows."""
    rows = data.load("schutzsuchende_staatsangehoerigkeit", reg, level="kreis", years=year)
    if rows.empty:
        raise NoDataError(f"no protection seekers by citizenship for {reg.label} (12531-0043)")
    year = newest_year(rows["year"].unique(), until, "schutzsuchende_staatsangehoerigkeit") if year is None else year
    rows = rows[rows["year"] == year]
    total = float(data.region_total("schutzsuchende", reg, year)["value"].iloc[0])
    # same table (12531) as "schutzsuchende": the Kreise it reports inside another have no rows here
    missing = data.missing_members("schutzsuchende", reg, "kreis", year, rows["ags"])
    by = rows.groupby("category")["value"].agg(data.complete_sum).sort_values(ascending=False)
    if missing or np.isnan(total) or total <= 0:
        by = by * np.nan
    share = by / total * 100
    status, below = {}, []
    for st in STATUSES:  # a status sum of 0 from rounded cells is unknown, not zero: no share
        v = data.region_total("schutzsuchende", reg, year, st)["value"].iloc[0]
        if v == 0:
            below.append(st)
        v = profile.shown_sum(v)
        status[st] = float(v / total * 100) if total > 0 else np.nan
    ukraine = float(by.get("Ukraine", 0.0)) if not missing else np.nan
    return {"jahr": year, "total": total, "ukraine": ukraine, "ukraine_anteil": ukraine / total * 100 if total else np.nan,
            "top": [(c, float(by[c]), float(share[c])) for c in by.index[:TOP_NATIONALITIES]], "status": status,
            "unter_3": below}


def _who_findings(reg, vs, until=None) -> list[dict]:
    """Context rows: citizenships (Ukraine separately) and statuses of the protection seekers,
    region and comparison (item 11 of issue 8)."""
    out = []
    for r in (reg, vs):
        try:
            w = who(r, until=until)
        except WlaError:
            continue
        # the caption names the one edition the counts and shares rest on, not every edition of 12531-0043
        sources = {"schutzsuchende_staatsangehoerigkeit": [int(w["jahr"])], "schutzsuchende": [int(w["jahr"])]}
        out.append(_row("bevoelkerung", r.label, "schutzsuchende_herkunft", "context", "kontext", "kontext",
                        sources, jahr=w["jahr"], einheit="Personen", wert=w["total"],
                        anzahl=w["total"], details=w))
    return out


def _vacancy_findings(reg, until=None) -> list[dict]:
    frame = housing.vacancy_and_shrinking(reg, until=until)
    meta, sources = frame.attrs, frame.attrs["sources"]
    if not meta["n"]:
        return []
    both = frame[frame["beides"]]
    top = both.sort_values("leerstehend", ascending=False).head(5)
    # a capacity only above the materiality threshold (wla.analysis.housing.MATERIAL_VACANT_PER_1000:
    # vacant dwellings there per 1,000 inhabitants of the region); below it the flats are context
    found = meta["n_beides"] > 0 and meta["wesentlich"]
    return [_row("wohnen", reg.label, "leerstand_schrumpfung", "potential" if found else "context", "leerstand",
                 "" if found else "kontext", sources, wert=meta["n_beides"], einheit="Gemeinden",
                 details={"n": meta["n"], "n_beides": meta["n_beides"], "start": meta["start"], "end": meta["end"],
                          "schwelle": meta["threshold"], "leerstehend": meta["leerstehend_beides"],
                          "je_1000": meta["leerstehend_je_1000"], "wesentlich_ab": meta["wesentlich_ab"],
                          "kreise": sorted(set(both["ags"].str[:5])),
                          "groesste": list(zip(top["name"], top["leerstandsquote"]))})]


def _rent_cost(reg, ags: str, until: int | None = None) -> tuple[dict, float, dict]:
    """Cost figures for one person moving into a vacant flat of Gemeinde ``ags`` (reference year ``until``)."""
    frame = finance.rent_scenario(reg, 1, gemeinden=[ags], until=until)
    sources = frame.attrs["sources"]
    r = frame.iloc[0]
    if np.isnan(r["kosten_person_monat"]):
        return {}, np.nan, {}
    cost = {"miete": r["kosten_person_monat"], "flaeche": r["flaeche_grenze"], "miete_m2": r["miete_m2"],
            "pauschale": r["pauschale_kommune"], "monate": r["monate_pauschale"]}
    return cost, float(r["kosten_person_monat"]), sources


def _potential_findings(reg, vs, until=None) -> list[dict]:
    try:
        frame = potential.pair(reg, vs, until)[0]  # the period page 50 shows for both sides
        sources, meta = frame.attrs["sources"], frame.attrs
    except WlaError:
        return []
    out = []
    # the high-vacancy threshold of the vacancy finding: a top Gemeinde without vacancy above it has
    # no room for newcomers, whatever its rank inside the region (a min-max index always crowns one)
    threshold = housing.vacancy_and_shrinking(reg, until=until).attrs["threshold"]
    for r in frame.dropna(subset=["rang"]).head(TOP_GEMEINDEN).itertuples():
        cost, eur, cost_sources = _rent_cost(reg, r.ags, until)
        stable = r.top_anteil >= MIN_TOP_SHARE
        room = r.leerstandsquote > threshold  # vacancy above the national median
        shrinks = r.veraenderung_prozent < 0  # the programme's premise: newcomers where villages shrink
        details = {"gemeinde": r.name, "kreis": r.kreis_name, "rang": int(r.rang), "rang_min": int(r.rang_min),
                   "rang_max": int(r.rang_max), "n": meta["n_bewertet"], "top_anteil": float(r.top_anteil) * 100,
                   "top": meta["top"], "spread": meta["spread"] * 100,
                   "wert": r.potenzial, "leerstand": r.leerstandsquote, "leer": r.leerstehend, "start": meta["start"],
                   "end": meta["end"], "veraenderung": r.veraenderung_prozent, "typ": r.gemeindetyp,
                   "zentrum": r.zentrum, "km": r.entfernung_km, "kosten": cost, "schwelle": threshold}
        klasse, regel = ("uncertain", "potenzial_index") if not stable else \
            ("potential", "potenzial_index") if room and shrinks else \
            ("context", "potenzial_leerstand") if not room else ("context", "potenzial_wachsend")
        out.append(_row("wohnen", r.name, "potenzial_gemeinde", klasse, regel, "ohne_referenz" if stable else "instabil",
                        [sources, cost_sources], level="Gemeinde", wert=r.potenzial,
                        einheit="0–100", details=details, kosten_eur=eur,
                        kosten_einheit="eur_person_monat" if cost else ""))
    return out


def _gap_findings(reg, vs, until=None) -> list[dict]:
    """The gap between the unemployment rates of foreigners and of all against Germany's gap and
    the comparison's: context, never ranked (rule ``abgeleitet``, module docstring) — the headline
    ALQ Ausländer carries the same information and is the one ranked."""
    frame = labour.rate_gap([reg, vs], until=until)
    sources = frame.attrs["sources"]
    year = frame.attrs["year"]
    de = resolve_region("deutschland")
    try:
        g = (compare.value(compare.headline("alq_auslaender"), de, year)["value"]
             - compare.value(compare.headline("alq"), de, year)["value"])
    except WlaError:
        g = np.nan
    gaps = {label: frame[frame["region"] == label].iloc[-1] for label in (reg.label, vs.label)}
    mine, theirs = gaps[reg.label], gaps[vs.label]
    if np.isnan(mine["abstand"]):
        return []
    cls = classify(mine["abstand"], theirs["abstand"], g, "unfavourable", "Prozentpunkte", decimals=1)
    cls.update(klasse="context", regel="abgeleitet", grund="abgeleitet", knapp=False)  # ALQ Ausländer is ranked instead
    cls.pop("knapp_bezug")
    return [_row("arbeiten", reg.label, "alq_abstand", sources=sources, jahr=year, einheit="Prozentpunkte",
                 polaritaet="unfavourable", wert=mine["abstand"], vergleichswert=theirs["abstand"], deutschland=g,
                 details={"alq_auslaender": mine["alq_auslaender"], "alq": mine["alq"], "dezimalen": 1}, **cls)]


def _shift_share_findings(reg, vs, until=None) -> list[dict]:
    out = []
    for r in (reg, vs):
        try:
            table = shift_share.shift_share(r, vergleich=vs if r is reg else reg, until=until)
            sources, meta = table.attrs["sources"], table.attrs
        except WlaError:
            continue
        worst = shift_share.top_components(table[table["regional"] > 0], 3, robust=True)  # few people: not named
        details = {"region": r.label, "start": meta["start"], "end": meta["end"], "a": meta["start_wert"],
                   "b": meta["end_wert"], "delta": meta["veraenderung"], "national": meta["national"],
                   "struktur": meta["struktur"], "regional": meta["regional"],
                   "berufe": list(zip(worst["beruf"], worst["regional"])), "k": meta["kreise_referenz"],
                   "x": len(meta["ausgeschlossen"])}
        out.append(_row("arbeiten", r.label, "shift_share_regional", "context", "zaehlung", "kontext", sources,
                        wert=meta["regional"], einheit="Personen", details=details))
    return out


def _load_findings(reg, vs, until=None) -> list[dict]:
    try:
        frame = finance.fiscal_capacity(reg, vs, until)
    except WlaError:
        return []
    sources, years = frame.attrs["sources"], frame.attrs["years"]
    meta = {"jahr_je_1000": years["je_1000"], "jahr_steuerkraft": years["steuerkraft"]}
    old = {col: compare.outdated(years[col], until) for col in ("steuerkraft", "schulden")}
    out = []
    for r in frame[frame["gruppe"] == "region"].itertuples():
        if np.isnan(r.je_1000) or np.isnan(r.steuerkraft):
            continue
        rules = finance.flat_payment([r.ags], until)
        share = rules[(rules["land"] == r.ags[:2]) & (rules["groesse"] == "weitergabe_eur")].iloc[0]
        eur, extra = np.nan, {}
        if share["status"] == finance.SOURCED:  # cite the rows the amount rests on, not every rule of the Land
            federal = rules[rules["groesse"] == "bundespauschale"].iloc[0]
            eur = share["value"]
            extra = finance.cited([federal["source"], federal["rechtsgrundlage"], share["source"]])
        details = {"kreis": r.name, "je_1000": r.je_1000, "jahr": meta["jahr_je_1000"], "p_last": r.p_je_1000,
                   "steuerkraft": r.steuerkraft, "jahr_st": meta["jahr_steuerkraft"],
                   "p_st": np.nan if old["steuerkraft"] else r.p_steuerkraft, "schulden": r.schulden,
                   "jahr_sch": years["schulden"], "p_sch": np.nan if old["schulden"] else r.p_schulden,
                   "veraltet": old["steuerkraft"] or old["schulden"],
                   # a city state has no municipal budget of its own: its debt is set aside by construction
                   # (screen "municipal", wla.snapshot.quality), not missing
                   "stadtstaat": r.ags in city_states().values()}
        out.append(_row("finanzen", r.name, "last_steuerkraft", "context", "kontext", "kontext", [sources, extra],
                        level="Kreis", wert=r.je_1000, einheit="je 1.000 EW", details=details, kosten_eur=eur,
                        kosten_einheit="eur_erstantrag" if extra else ""))
    return out


def _funding_findings(reg, until=None) -> list[dict]:
    try:
        frame = finance.funding_per_head([reg], until)
    except WlaError:
        return []
    sources = frame.attrs["sources"]
    r = frame.iloc[0]
    if r["status"] != finance.SOURCED:
        return []
    known = not np.isnan(r["je_schutzsuchenden"])  # no protection seekers of the grant year: no per-head cost
    return [_row("finanzen", reg.label, "foerderung_je_kopf", "context", "rechengroesse", "kontext", sources,
                 wert=r["je_schutzsuchenden"], einheit="EUR", details=r.to_dict(),
                 kosten_eur=float(r["je_schutzsuchenden"]) if known else np.nan,
                 kosten_einheit="eur_schutzsuchender" if known else "")]

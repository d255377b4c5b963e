"""Findings in words: the sentences, the class with its reason, the stated rule and the frame.

Takes the frame of :func:`wla.analysis.findings.findings` (numbers and classes only) and writes
it for a reader in German or English with words from ``words/befund.toml``, ``gruppe.toml``,
``massnahme.toml``, ``kosten.toml`` and ``rahmen.toml``; numbers via :func:`wla.present.fmt.number`.
Also the catalogue of measures (table, Excel and CSV export).
"""
from __future__ import annotations

import html
import re

import pandas as pd

from ..analysis import compare, profile
from ..analysis import findings as analysis
from ..exceptions import WlaError
from ..regions import region as resolve_region
from .fmt import dates, number, percent, region_label
from .sources import lines as source_lines
from .tables import source_html_lines
from .words import citizenship, has, joined, occupation, t, theme_name


def _num(x, d: int, lang: str) -> str:
    return number(x, d, lang)


#: Unit of a headline figure (as in :data:`wla.analysis.compare.HEADLINES`) -> its words entry.
UNITS = {"%": "prozent", "je 1.000 EW": "je_1000", "EUR": "eur", "EUR/m²": "eur_m2", "Personen": "personen",
         "Prozentpunkte": "abstand_prozent"}


def _settlement_type(label, lang: str) -> str:
    """A BBSR Stadt- und Gemeindetyp ("Kleine Kleinstadt") in the reader's language (words
    ``profil.typ_<slug>``); no type reads "k. A." / "n/a"."""
    from ..notebook import slug

    return number(None, 0, lang) if pd.isna(label) else t(f"profil.typ_{slug(label)}", lang)


def _status_share(status: str, share: float, x: dict, lang: str) -> str:
    """A protection status share "17,8 %"; where the status sum of rounded 12531 cells is 0 the
    reason there is no share (words ``befund.status_unter_3``), never "0,0 %"."""
    if status in x.get("unter_3", ()):
        return t("befund.status_unter_3", lang)
    return percent(share, 1, lang)  # the language's percent style ("17,8 %" / "17.8%")


def unit(text: str, lang: str = "de") -> str:
    """A headline unit in the reader's language (unknown units are shown as they are)."""
    return t(f"befund.einheit_{UNITS[text]}", lang) if text in UNITS else text


def _direction(a: float, ref: float, decimals: int) -> str:
    """Direction word key of ``a`` against ``ref`` as the reader sees them: equal when both are
    equal at the displayed precision ``decimals``."""
    if pd.isna(a) or pd.isna(ref):
        return "unbekannt"
    a, ref = round(float(a), decimals), round(float(ref), decimals)
    return "gleich" if a == ref else ("ueber" if a > ref else "unter")


def _germany_note(r, decimals: int, lang: str) -> str:
    """", innerhalb der Schwelle" after Germany's value where the region differs from Germany as
    shown but not materially (the comparison then decided the class, or nothing did)."""
    if r.regel in ("vergleich", "band", "bundesniveau", "vergleich_klein") and _direction(r.wert, r.deutschland, decimals) in ("ueber", "unter"):
        return t("befund.im_band", lang)
    return ""


def rule_text(params: dict, region: str, vergleich: str, lang: str = "de") -> str:
    """The findings rule in words, with its parameters (printed with every list of findings)."""
    a = params["material_absolute"]
    limits = t("befund.schwellen", lang, prozentpunkte=_num(a["%"], 1, lang), je_1000=_num(a["je 1.000 EW"], 1, lang),
               eur=_num(a["EUR"], 0, lang), eur_m2=_num(a["EUR/m²"], 2, lang))
    text = t("befund.regel_kopf", lang, region=region, vergleich=vergleich,
             rel=_num(params["material_relative_pct"], 0, lang), abs=limits, min=_num(params["min_count"], 0, lang),
             min_gerundet=_num(params["min_count_rounded"], 0, lang))
    if "reference_year" in params:
        text += " " + t("befund.regel_alter", lang, alter=params["max_age_years"], bezugsjahr=params["reference_year"])
        if not params.get("reference_year_given", True):  # no --jahr: say where the year comes from
            text += " " + t("befund.bezugsjahr_neuester", lang, bezugsjahr=params["reference_year"])
    return text + " " + t("befund.regel_knapp", lang)


def _headline_statement(r, vergleich: str, lang: str, variants: dict, cities=()) -> str:
    if r.kennzahl == "alq_abstand":
        return t("befund.abstand", lang, kennzahl=t("befund.label_alq_abstand", lang), jahr=r.jahr, region=r.ort,
                 wert=_num(r.wert, 1, lang), alq_auslaender=_num(r.details["alq_auslaender"], 1, lang),
                 alq=_num(r.details["alq"], 1, lang), de=_num(r.deutschland, 1, lang),
                 de_zusatz=_germany_note(r, 1, lang), vergleich=vergleich, vwert=_num(r.vergleichswert, 1, lang),
                 richtung_de=t(f"befund.richtung_{_direction(r.wert, r.deutschland, 1)}", lang),
                 richtung_vs=t(f"befund.richtung_{_direction(r.wert, r.vergleichswert, 1)}", lang))
    h = compare.headline(r.kennzahl)
    d = h.decimals
    # a figure counted at an institution is classed for a side with the kreisfreie Städte inside it
    counted = {g["seite"]: g for g in r.details.get("gezaehlt", [])}
    joint = r.details.get("gemeinsam", True)  # False: no value with the Städte, the sides as published
    place = counted["region"]["mit_stadt"] if "region" in counted and joint else r.ort
    vergleich = counted["vergleich"]["mit_stadt"] if "vergleich" in counted and joint else vergleich
    text = t("befund.vergleich", lang, kennzahl=h.label(lang), jahr=r.jahr, region=place, wert=_num(r.wert, d, lang),
             einheit=unit(h.unit, lang), de=_num(r.deutschland, d, lang), de_zusatz=_germany_note(r, d, lang),
             vergleich=vergleich, vwert=_num(r.vergleichswert, d, lang),
             richtung_de=t(f"befund.richtung_{_direction(r.wert, r.deutschland, d)}", lang),
             richtung_vs=t(f"befund.richtung_{_direction(r.wert, r.vergleichswert, d)}", lang))
    for g in counted.values():  # which rule widened the side, and the Landkreis alone as context
        text += " " + (counting_site(g, r.details["erhebungsort"], d, h.unit, lang) if joint
                       else counting_site_missing(g, r.details["erhebungsort"], lang))
    for field, variant, words in (("region_mit_stadt", "region_mit_stadt", "mit_stadt"),
                                  ("vergleich_mit_stadt", "mit_stadt", "mit_stadt"),
                                  ("region_ohne_einrichtung", "ohne_einrichtung", "ohne_einrichtung"),
                                  ("vergleich_ohne_einrichtung", "vergleich_ohne_einrichtung", "ohne_einrichtung")):
        if not pd.isna(r.details.get(field, float("nan"))):
            place = r.details.get(f"{field}_label") or variants.get(variant, "")  # facility hosts of the figure's year
            text += " " + t(f"befund.variante_{words}", lang, ort=region_label(place, lang),
                            wert=_num(r.details[field], d, lang), einheit=unit(h.unit, lang))
    if r.kennzahl in compare.FACILITY_OUTCOMES:
        unknown = [u for f in ("region_ohne_einrichtung", "vergleich_ohne_einrichtung")
                   for u in r.details.get(f"{f}_unbekannt", [])]
        if unknown:  # a listing too old to decide the figure's year: state unknown, the rule said
            text += " " + t("befund.einrichtung_unbekannt", lang, jahr=r.jahr, jahre=compare.FACILITY_LISTING_YEARS,
                            kreise="; ".join(f"{region_label(u['name'], lang)} ({dates(u['stand'], lang)})"
                                             for u in unknown))
        elif all(pd.isna(r.details.get(f, float("nan"))) for f in ("region_ohne_einrichtung", "vergleich_ohne_einrichtung")):
            covered = ", ".join(region_label(c, lang) for c in profile.facility_coverage()["covered"])
            if cities:  # a city state holds every facility of its Land: "enthalten", not "kann"
                text += " " + t("befund.einrichtung_stadtstaat" + ("en" if len(cities) > 1 else ""), lang,
                                orte=joined([region_label(c, lang) for c in cities], lang))
                others = [o for o in (r.ort, vergleich) if o not in cities]
                if others:
                    text += " " + t("befund.einrichtung_vorbehalt_ort", lang, ort=region_label(others[0], lang), liste=covered)
            else:
                text += " " + t("befund.einrichtung_vorbehalt", lang, liste=covered)  # no host known: the caveat still holds
    return text


def counting_site(side: dict, site: str, decimals: int, unit_text: str, lang: str = "de") -> str:
    """The sentence for a side classed with the kreisfreie Städte inside it because the figure is
    counted at an institution (``site``: "schule" or "einrichtung"; ``side``: an entry of
    ``details["gezaehlt"]`` of :func:`wla.analysis.findings.findings`): "Gezählt am Schulort:
    Coburg, Landkreis mit der kreisfreien Stadt Coburg …; Coburg, Landkreis allein: 11,7 %"."""
    from .. import store

    names = [store.names().get(c, c).split(",")[0] for c in side["staedte"]]
    cities = t("befund.stadt_kreisfrei" if len(names) == 1 else "befund.staedte_kreisfrei", lang,
               namen=joined(names, lang))
    return t(f"befund.erhebungsort_{site}", lang, ort=region_label(side["ort"], lang), staedte=cities,
             mit_stadt=region_label(side["mit_stadt"], lang), wert=_num(side["wert"], decimals, lang),
             einheit=unit(unit_text, lang))


def counting_site_missing(side: dict, site: str, lang: str = "de") -> str:
    """The sentence for a side that should be compared with the kreisfreie Städte inside it
    (:func:`counting_site`) but has no such joint value (a rate published per Kreis only)."""
    return t(f"befund.erhebungsort_{site}_ohne_wert", lang, ort=region_label(side["ort"], lang),
             mit_stadt=region_label(side["mit_stadt"], lang))


def statement(r, vergleich: str, lang: str = "de", variants: dict | None = None, cities=()) -> str:
    """The sentence of one finding row (a row of the analysis frame, as from ``itertuples``);
    ``variants``: labels of the fair-frame variants (``frame.attrs["variants"]``); ``cities``:
    labels of the sides that are city states (:func:`city_states`); a borderline row (``knapp``)
    ends with the mark "Knapp an der Schwelle (gerundet)" and both distances (:func:`borderline`).
    Percentages in the reader's style (:func:`wla.present.fmt.percent`: "12,3 %" / "12.3%")."""
    text = _statement(r, vergleich, lang, variants, cities)
    if _is_borderline(r):
        text += " " + borderline(r, vergleich, lang)
    return text if lang == "de" else _EN_PERCENT.sub(r"\1%", text)


def _is_borderline(r) -> bool:
    """Whether a row (as from ``itertuples``, or a Series) is marked borderline (column ``knapp``)."""
    return bool(getattr(r, "knapp", False) == True)  # noqa: E712 (numpy booleans)


def borderline(r, vergleich: str, lang: str = "de") -> str:
    """The mark of a row the unrounded values would class otherwise: for each test rounding
    changed (``details["knapp_bezug"]``), the distance to Germany or the comparison unrounded
    (two more digits than printed) and as printed, in the figure's unit (points for shares) and
    in % of the reference, and the materiality threshold (:data:`wla.analysis.findings.MATERIAL_ABSOLUTE`,
    :data:`~wla.analysis.findings.MATERIAL_RELATIVE`)."""
    d = max(r.details.get("dezimalen", 1), 0)  # whole units at least, also for a figure printed in thousands
    h = compare.headline(r.kennzahl)
    diff_unit = t("befund.einheit_abstand_prozent", lang) if h.unit == "%" else unit(h.unit, lang)
    sign = lambda x, digits: ("+" if x > 0 else "") + _num(x, digits, lang)  # noqa: E731
    parts = [t("befund.knapp_abstand", lang, bezug=t("deutschland", lang) if k["bezug"] == "deutschland" else vergleich,
               abstand=sign(k["abstand"], d + 2), gedruckt=sign(k["abstand_gedruckt"], d), einheit=diff_unit,
               rel=sign(k["relativ"], 1), rel_gedruckt=sign(k["relativ_gedruckt"], 1))
             for k in r.details.get("knapp_bezug", [])]
    return t("befund.knapp", lang, abstaende="; ".join(parts), einheit=diff_unit,
             schwelle=_num(analysis.MATERIAL_ABSOLUTE[h.unit], d, lang), rel_schwelle=_num(analysis.MATERIAL_RELATIVE, 0, lang))


#: A number followed by " %" (the words files join value and unit with a space).
_EN_PERCENT = re.compile(r"(\d) %")


def _statement(r, vergleich: str, lang: str, variants: dict | None, cities=()) -> str:
    x = r.details
    if r.kennzahl == "leerstand_schrumpfung":
        largest = ", ".join(f"{n} ({percent(v, 1, lang)})" for n, v in x["groesste"]) or t("befund.keine", lang)
        return t("befund.leerstand", lang, n_beides=x["n_beides"], n=x["n"], region=r.ort, start=x["start"],
                 end=x["end"], schwelle=_num(x["schwelle"], 1, lang), leer=_num(x["leerstehend"], 0, lang),
                 groesste=largest)
    if r.kennzahl == "schutzsuchende_herkunft":
        top = ", ".join(f"{citizenship(c, lang)} {_num(n, 0, lang)} ({percent(p, 1, lang)})" for c, n, p in x["top"])
        return t("befund.herkunft", lang, region=r.ort, jahr=x["jahr"], total=_num(x["total"], 0, lang),
                 ukraine=_num(x["ukraine"], 0, lang), ukraine_anteil=_num(x["ukraine_anteil"], 1, lang), top=top,
                 **{k: _status_share(k, v, x, lang) for k, v in x["status"].items()})
    if r.kennzahl == "potenzial_gemeinde":
        from .ranking import position_text

        lage = position_text(x["rang_min"], x["rang_max"], x["n"], x["top_anteil"], x["top"], x["spread"], lang)
        return t("befund.potenzial", lang, gemeinde=x["gemeinde"], kreis=x["kreis"], lage=lage,
                 wert=_num(x["wert"], 0, lang), leerstand=_num(x["leerstand"], 1, lang), leer=_num(x["leer"], 0, lang),
                 start=x["start"], end=x["end"], veraenderung=_num(x["veraenderung"], 1, lang), typ=_settlement_type(x["typ"], lang),
                 entfernung=t("befund.entfernung_selbst" if round(x["km"]) == 0 else "befund.entfernung_km", lang,
                              zentrum=x["zentrum"], km=_num(x["km"], 0, lang)))
    if r.kennzahl == "shift_share_regional":
        from ..analysis.shift_share import MIN_PERSONS
        from .ranking import printed_change

        groups = ", ".join(f"{occupation(b, lang)} (+{_num(v, 0, lang)})" for b, v in x["berufe"]) or t("befund.keine", lang)
        return t("befund.shift_share", lang, region=x["region"], start=x["start"], end=x["end"], a=_num(x["a"], 0, lang),
                 b=_num(x["b"], 0, lang), delta=_num(printed_change(x["a"], x["b"]), 0, lang), national=_num(x["national"], 0, lang),
                 struktur=_num(x["struktur"], 0, lang), regional=_num(x["regional"], 0, lang), berufe=groups,
                 min=_num(MIN_PERSONS, 0, lang),
                 k=x["k"], x=x["x"])
    city = "_stadtstaat" if x.get("stadtstaat") else ""  # no municipal debt in a city state: said, not "k. A."
    if r.kennzahl == "last_steuerkraft" and x.get("veraltet"):
        return t("befund.last_veraltet" + city, lang, kreis=x["kreis"], je_1000=_num(x["je_1000"], 1, lang), jahr=x["jahr"],
                 p_last=_num(x["p_last"], 0, lang), steuerkraft=_num(x["steuerkraft"], 0, lang), jahr_st=x["jahr_st"],
                 schulden=_num(x["schulden"], 0, lang), jahr_sch=x["jahr_sch"])
    if r.kennzahl == "last_steuerkraft":
        return t("befund.last" + city, lang, kreis=x["kreis"], je_1000=_num(x["je_1000"], 1, lang), jahr=x["jahr"],
                 p_last=_num(x["p_last"], 0, lang), steuerkraft=_num(x["steuerkraft"], 0, lang), jahr_st=x["jahr_st"],
                 p_st=_num(x["p_st"], 0, lang), schulden=_num(x["schulden"], 0, lang), p_sch=_num(x["p_sch"], 0, lang))
    if r.kennzahl == "foerderung_je_kopf":
        from .finance import funding_sentence  # phase, notice date and denominators of the grant year

        return funding_sentence(x, lang)
    return _headline_statement(r, vergleich, lang, variants or {}, cities)


#: Rules under which a row gets no verdict (class ``neutral``, shown as "Ohne Urteil"): no Germany
#: value, Germany's side decides against the comparison, or the comparison rests on a small count.
NO_VERDICT_RULES = ("ohne_deutschland", "bundesniveau", "vergleich_klein", "erhebungsort")


def class_label(r, lang: str = "de") -> str:
    """The reader's name of a row's class: "Ohne Urteil" for a row left without a verdict by one of
    :data:`NO_VERDICT_RULES` (it may show a large difference to the comparison), else the class;
    a borderline row (``knapp``) says so in its class: "Herausforderung (knapp)"."""
    if r.klasse == "neutral" and r.regel in NO_VERDICT_RULES:
        name = t("befund.klasse_ohne_urteil", lang)
    else:
        name = t(f"befund.klasse_{r.klasse}", lang)
    return t("befund.klasse_knapp", lang, klasse=name) if _is_borderline(r) else name


def rests_on_rounding(r) -> bool:
    """True when the test that decided a borderline row's class (Germany for rule
    ``deutschland``, the comparison for ``vergleich``) is one rounding changed: material at the
    printed values, not at the unrounded ones."""
    deciding = {"deutschland": "deutschland", "vergleich": "vergleich"}.get(getattr(r, "regel", ""))
    details = getattr(r, "details", None)
    bezug = details.get("knapp_bezug", []) if isinstance(details, dict) else []
    return _is_borderline(r) and any(k["bezug"] == deciding for k in bezug)


def firm(r) -> bool:
    """A challenge or potential whose class does not rest on rounding (:func:`rests_on_rounding`):
    the findings a page counts as "with a finding"."""
    return r.klasse in ("challenge", "potential") and not rests_on_rounding(r)


def reason(r, vergleich: str, params: dict, lang: str = "de") -> str:
    """Why the row has its class (its rule in words), and why it is not ranked where it is not."""
    klasse = class_label(r, lang)
    details = getattr(r, "details", None)
    counted = {g["seite"]: g for g in details.get("gezaehlt", [])} if isinstance(details, dict) else {}
    if "vergleich" in counted:  # classed against the comparison with the kreisfreie Städte inside it
        vergleich = counted["vergleich"]["mit_stadt"]
    if r.regel in ("deutschland", "vergleich"):
        ref = r.deutschland if r.regel == "deutschland" else r.vergleichswert
        abw = r.abweichung_de_prozent if r.regel == "deutschland" else r.abweichung_prozent
        d = r.details.get("dezimalen", 1)
        # a class that holds only at the printed values says so, never plain "wesentlich"
        key = f"befund.regel_{r.regel}" + ("_knapp" if rests_on_rounding(r) else "")
        text = t(key, lang, klasse=klasse, richtung=t(f"befund.richtung_{_direction(r.wert, ref, d)}", lang),
                 vergleich=vergleich, abw=("+" if abw > 0 else "") + _num(abw, 0, lang),
                 polaritaet=t(f"befund.polaritaet_{r.polaritaet}", lang))
    elif r.regel == "leerstand":
        text = t("befund.regel_leerstand" if r.klasse == "potential" else "befund.regel_leerstand_keine", lang,
                 je_1000=_num(r.details["je_1000"], 2 if r.details["je_1000"] < 1 else 1, lang),
                 ab=_num(r.details["wesentlich_ab"], 0, lang))
    elif r.regel == "potenzial_index":
        from .ranking import top_share

        key = "befund.regel_potenzial_index" if r.klasse == "potential" else "befund.regel_potenzial_instabil"
        text = t(key, lang, n=params["top_gemeinden"], top=r.details["top"],
                 anteil=top_share(r.details["top_anteil"], lang), spread=_num(r.details["spread"], 0, lang),
                 schwelle=_num(params["min_top_share"] * 100, 0, lang))
    elif r.regel == "potenzial_wachsend":
        text = t("befund.regel_potenzial_wachsend", lang, n=params["top_gemeinden"],
                 veraenderung=_num(r.details["veraenderung"], 1, lang), start=r.details["start"], end=r.details["end"])
    elif r.regel == "potenzial_leerstand":
        text = t("befund.regel_potenzial_leerstand", lang, n=params["top_gemeinden"],
                 leerstand=_num(r.details["leerstand"], 1, lang), schwelle=_num(r.details["schwelle"], 1, lang))
    elif r.regel == "abgeleitet":
        text = t("befund.regel_abgeleitet", lang, kennzahl=compare.headline("alq_auslaender").label(lang))
    elif r.regel == "veraltet":
        text = t("befund.regel_veraltet", lang, jahr=r.jahr, alter=params["max_age_years"],
                 bezugsjahr=params.get("reference_year", ""))
    elif r.regel == "band":
        text = t("befund.regel_band", lang, vergleich=vergleich)
    elif r.regel == "erhebungsort":
        text = t("befund.regel_erhebungsort", lang)
    elif r.regel == "ohne_deutschland":
        text = t("befund.regel_ohne_deutschland", lang)
    elif r.regel == "bundesniveau":
        d = r.details.get("dezimalen", 1)
        text = t("befund.regel_bundesniveau", lang, vergleich=vergleich,
                 richtung=t(f"befund.richtung_{_direction(r.wert, r.vergleichswert, d)}", lang),
                 de_richtung=t(f"befund.richtung_{_direction(r.wert, r.deutschland, d)}", lang))
    elif r.regel == "vergleich_klein":
        limit = params["min_count"] if r.grund == "klein" else params["min_count_rounded"]
        text = t(f"befund.regel_vergleich_{r.grund}", lang, vergleich=vergleich, min=_num(limit, 0, lang),
                 richtung=t(f"befund.richtung_{_direction(r.wert, r.vergleichswert, r.details.get('dezimalen', 1))}", lang),
                 klein=_small_sides(r, limit, lang))
        return text
    elif r.regel in ("zaehlung", "rechengroesse"):
        text = t(f"befund.regel_{r.regel}", lang)
    else:  # a context finding: the reason of its figure (words kontext.<key>), else the general one
        text = t(f"kontext.{r.kennzahl}", lang) if has(f"kontext.{r.kennzahl}") else t("befund.regel_kontext", lang)
        if r.kennzahl == "last_steuerkraft" and r.details.get("stadtstaat"):
            # its tax capacity is the Land's: the general "where means may run short" does not hold
            text = t("kontext.last_steuerkraft_stadtstaat", lang) + " " + t("befund.steuerkraft_stadtstaat", lang)
    if r.grund in ("klein", "gerundet"):
        limit = params["min_count"] if r.grund == "klein" else params["min_count_rounded"]
        text += " " + t(f"befund.grund_{r.grund}", lang, min=_num(limit, 0, lang), klein=_small_sides(r, limit, lang))
    if _is_borderline(r):
        text += " " + t("befund.grund_knapp", lang)
    return text


def _small_sides(r, limit: float, lang: str) -> str:
    """The sides whose count is under ``limit``, as "Kronach: 22 Personen" (joined by "; ")."""
    counts = r.details.get("anzahl_je_seite", {}) or {r.ort: r.anzahl}
    return "; ".join(t("befund.anzahl_seite", lang, ort=place, anzahl=_num(n, 0, lang))
                     for place, n in counts.items() if not pd.isna(n) and n < limit)


def _cost(r, lang: str) -> str:
    x = r.details
    if r.kennzahl == "potenzial_gemeinde" and x.get("kosten"):
        c = x["kosten"]
        text = t("kosten.miete", lang, miete=_num(c["miete"], 2, lang), flaeche=_num(c["flaeche"], 0, lang),
                 miete_m2=_num(c["miete_m2"], 2, lang))
        if not pd.isna(c["monate"]):
            text += " " + t("kosten.pauschale", lang, pauschale=_num(c["pauschale"], 0, lang),
                            monate=_num(c["monate"], 0, lang))
        return text
    if r.kennzahl == "last_steuerkraft" and not pd.isna(r.kosten_eur):
        return t("kosten.erstantrag", lang, betrag=_num(r.kosten_eur, 0, lang))
    if r.kennzahl == "foerderung_je_kopf" and not pd.isna(r.kosten_eur):
        return t("kosten.foerderung", lang, je_ss=_num(r.kosten_eur, 0, lang))
    return ""


def readable(frame: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """The findings frame with the reader's columns added: ``art`` (class name), ``aussage``
    (the sentence), ``regel_text`` (why the class), ``gruppe``, ``massnahmen`` (none for a
    ``neutral`` or ``uncertain`` row), ``kosten``
    (cost arithmetic in words) and ``kosten_einheit`` in words."""
    vergleich, params = frame.attrs.get("vergleich", ""), frame.attrs.get("parameters", analysis.parameters())
    rows = list(frame.itertuples(index=False))
    out = frame.copy()
    out.attrs = dict(frame.attrs)
    out["art"] = [class_label(r, lang) for r in rows]
    cities = city_states(frame)
    out["aussage"] = [statement(r, vergleich, lang, frame.attrs.get("variants"), cities) for r in rows]
    out["regel_text"] = [reason(r, vergleich, params, lang) for r in rows]
    out["gruppe"] = [t(f"gruppe.{r.thema}", lang) for r in rows]
    # no measure on a finding that found nothing firm (no material difference, position uncertain)
    out["massnahmen"] = [t(f"massnahme.{r.kennzahl}", lang) if has(f"massnahme.{r.kennzahl}")
                         and r.klasse not in ("neutral", "uncertain") else "" for r in rows]
    out["kosten"] = [_cost(r, lang) for r in rows]
    out["kosten_einheit"] = [t(f"befund.kosten_einheit_{u}", lang) if u else "" for u in frame["kosten_einheit"]]
    return out


def who_table(regions, lang: str = "de", until: int | None = None) -> pd.DataFrame:
    """Who the protection seekers are, one row per area of ``regions`` (as
    :func:`wla.analysis.compare.table_regions` gives them) and per member Kreis of a region of
    several Kreise: all protection seekers, those from
    Ukraine (count and share) and the largest citizenships, from 12531-0043
    (:func:`wla.analysis.findings.who`). ``attrs["sources"]``: the edition used. An area the
    statistic reports inside another Kreis reads "k. A." (no rows of its own)."""
    rows, years = [], set()
    for r in profile.with_members(regions):  # a region of several Kreise, then each of its Kreise
        try:
            w = analysis.who(r, until=until)
        except WlaError:
            continue
        years.add(int(w["jahr"]))
        top = ", ".join(f"{citizenship(c, lang)} {_num(n, 0, lang)} ({percent(p, 1, lang)})" for c, n, p in w["top"])
        rows.append({t("profil.wer.gebiet", lang): region_label(r.label, lang),
                     t("profil.wer.insgesamt", lang): w["total"], t("profil.wer.ukraine", lang): w["ukraine"],
                     t("profil.wer.ukraine_anteil", lang): w["ukraine_anteil"],
                     t("profil.wer.groesste", lang): top or number(float("nan"), 0, lang)})
    out = pd.DataFrame(rows)
    out.attrs = {"sources": {"schutzsuchende_staatsangehoerigkeit": sorted(years), "schutzsuchende": sorted(years)},
                 "decimals": {t("profil.wer.insgesamt", lang): 0, t("profil.wer.ukraine", lang): 0,
                              t("profil.wer.ukraine_anteil", lang): 1}}
    return out


def asylum_table(rows: pd.DataFrame, lang: str = "de", coverage: dict | None = None) -> pd.DataFrame:
    """Rows of :func:`wla.analysis.profile.asylum_recipients` as a table: one row per area asked, in
    order, one column per year (recipients per 1,000 inhabitants); a year an area lacks, or an area
    the statistic has no row for, reads "k. A." / "n/a". With ``coverage``
    (:func:`wla.analysis.profile.recipients_coverage`) every year the snapshot holds for only some
    Kreise is a column too, "k. A." where the pair is not among them. ``attrs``: ``sources``,
    ``decimals``, ``basis`` (the population basis of each year, in words, from the rows' ``basis``),
    ``kopf`` (column -> header naming the year's statistic, "2019 (22221)"), ``statistiken`` (the
    years of each statistic, in words) and ``abdeckung`` (why the partly covered years read
    "k. A.", in reader words; "" if none)."""
    from .charts import basis_label
    from .sources import statistic_of

    table = rows.pivot(index="region", columns="year", values="value")
    partial = (coverage or {}).get("teilweise", {})
    years = sorted({int(c) for c in table.columns} | set(partial))
    table = table.reindex(index=rows.attrs.get("regionen") or list(dict.fromkeys(rows["region"])), columns=years)
    table.columns = [str(c) for c in table.columns]
    out = table.reset_index().rename(columns={"region": t("profil.wer.gebiet", lang)})
    out[out.columns[0]] = [region_label(x, lang) for x in out[out.columns[0]]]
    stats = {y: statistic_of("asylbewerberleistungen", y) for y in years}
    per_stat: dict[str, list[int]] = {}
    for y, code in stats.items():
        per_stat.setdefault(code, []).append(y)
    # the partly covered years where the table has a gap: how many Kreise the snapshot holds, national row or not
    gaps = [y for y in partial if table[str(y)].isna().any()]
    groups: dict[int, list[int]] = {}
    for y in gaps:
        groups.setdefault(partial[y], []).append(y)
    parts = [t("profil.asylblg.abdeckung_teil", lang, jahre=", ".join(map(str, ys)), n=n) for n, ys in groups.items()]
    national = set((coverage or {}).get("bund", []))
    out.attrs = {"sources": rows.attrs.get("sources", {}), "decimals": {c: 1 for c in table.columns},
                 "basis": "; ".join(t("profil.asylblg.basis", lang, basis=basis_label(b, lang),
                                      jahre=", ".join(str(y) for y in sorted(set(g["year"]))))
                                    for b, g in rows.groupby("basis", sort=False)),
                 "kopf": {str(y): f"{y} ({stats[y]})" for y in years},
                 "statistiken": "; ".join(f"{', '.join(map(str, ys))}: {code}" for code, ys in per_stat.items()),
                 "abdeckung": t("profil.asylblg.abdeckung" + ("_bund" if set(gaps) <= national else ""), lang,
                                teile="; ".join(parts)) if parts else ""}
    return out


def programme_note(region, vergleich, lang: str = "de") -> str:
    """Which sides of a pair are MORO model regions according to the sourced grant rows
    (:func:`wla.analysis.compare.programme_sides`): both, one or neither — never an effect. A
    side inside a model region without being its unit (a Gemeinde set in a model Landkreis)
    "liegt innerhalb der Modellregion …", never "ist Modellregion"."""
    sides = compare.programme_sides(region, vergleich)
    if (sides["lage"] == "innerhalb").any():
        words = {"innerhalb": "rahmen.programm_innerhalb", "modell": "rahmen.programm_seite_modell",
                 "": "rahmen.programm_seite_keine"}
        parts = [t(words[s.lage], lang, ort=s.ort, modell=s.modell) for s in sides.itertuples()]
        return " ".join(parts + [t("rahmen.programm_keine_wirkung", lang)])
    model = dict(zip(sides["ort"], sides["modellregion"]))
    names = list(model)
    if all(model.values()):
        return t("rahmen.programm_beide", lang, region=names[0], vergleich=names[1])
    if any(model.values()):
        funded, other = sorted(names, key=lambda name: not model[name])
        return t("rahmen.programm_eine", lang, modell=funded, andere=other)
    return t("rahmen.programm_keine", lang, region=names[0], vergleich=names[1])


def facility_notes(region, vergleich, lang: str = "de", per_kreis: bool = False, until: int | None = None) -> list[str]:
    """The reception-facility caveat for a page that shows an outcome the state facilities carry
    (:data:`wla.analysis.compare.FACILITY_OUTCOMES`): for each side with facility hosts (listings
    up to the reference year ``until``), that their residents are counted there and which variant
    without them is shown (``per_kreis``: the display shows every Kreis on its own, the hosts
    among them); for a side with Kreise whose newest listing is too old to decide the year
    (:func:`wla.analysis.compare.facility_unknown`), that their state is unknown and by which rule;
    for a side in a Land the facilities list does not cover, that there is no list."""
    sides = (resolve_region(region), resolve_region(vergleich))
    notes = city_state_notes(sides, lang)
    key = "rahmen.einrichtungen_je_kreis" if per_kreis else "rahmen.einrichtungen"
    for r in sides:
        if r.city_states:  # every facility of the Land is in the one Kreis: said once above
            continue
        lean = compare.without_facility_host(r, until)
        if lean is not None:
            hosts = compare.facility_hosts(r, until)
            listed = "; ".join(t("rahmen.einrichtung", lang, name=h.name, plaetze=_num(h.plaetze, 0, lang),
                                 stand=dates(h.stand, lang)) for h in hosts.itertuples())
            notes.append(t(key, lang, region=r.label, hosts=listed, ohne=region_label(lean.label, lang),
                           jahre=compare.FACILITY_LISTING_YEARS))
        unknown = compare.facility_unknown(r, until)
        if len(unknown):
            notes.append(t("rahmen.einrichtungen_unbekannt", lang, region=r.label, jahr=compare.reference_year(until),
                           jahre=compare.FACILITY_LISTING_YEARS,
                           kreise="; ".join(f"{region_label(u.name, lang)} ({dates(u.stand, lang)})"
                                            for u in unknown.itertuples())))
        cover = profile.facility_coverage(r)
        if cover["missing"]:
            notes.append(t("rahmen.einrichtungen_keine_liste", lang, liste=", ".join(region_label(c, lang) for c in cover["covered"]),
                           land=", ".join(region_label(c, lang) for c in cover["missing"]), region=r.label))
    return notes


def city_state_notes(sides, lang: str = "de") -> list[str]:
    """One facility note for the ``sides`` (regions) that are city states, a Land of one Kreis:
    every reception facility of the Land lies in that Kreis, so its values include their
    residents whatever the facility list names (none if no side is one)."""
    cities = [r.label for r in sides if r.city_states]
    return [t("rahmen.einrichtungen_stadtstaat", lang, orte=joined([region_label(c, lang) for c in cities], lang))] if cities else []


def city_states(frame: pd.DataFrame) -> list[str]:
    """Labels of the sides of a findings ``frame`` (its ``attrs``) that are city states, a Land of
    one Kreis (:attr:`wla.regions.Region.city_states`)."""
    a = frame.attrs
    if not a.get("region_codes"):
        return []
    sides = ((a["region_codes"], a["region"]), (a["vergleich_codes"], a["vergleich"]))
    return [name for codes, name in sides if resolve_region(codes, name=name).city_states]


def city_notes(region, vergleich, lang: str = "de") -> list[str]:
    """For each side that is or holds a Landkreis with a kreisfreie Stadt inside it: why
    "Stadt + Landkreis" stands beside it (:func:`wla.analysis.compare.with_enclosed_cities`)."""
    from .. import store

    names, notes = store.names(), []
    for r in (resolve_region(region), resolve_region(vergleich)):
        with_city = compare.with_enclosed_cities(r)
        if with_city is not None:
            notes.append(t("rahmen.stadt_land", lang, landkreis=r.label, mit_stadt=with_city.label,
                           staedte=joined([names.get(c, c) for c in compare.enclosed_cities(r)], lang)))
    return notes


def school_site_notes(indicator: str, regions, year: int, lang: str = "de") -> list[str]:
    """A sentence for each Landkreis whose school statistic ``indicator`` is a true zero while a
    kreisfreie Stadt inside it has pupils (:func:`wla.analysis.compare.zero_beside_city`): the
    statistic counts at the school's site, the Landkreis's pupils attend the Stadt's schools,
    and "Stadt + Landkreis" is the comparable value."""
    from .. import data

    label = data.entry(indicator)[f"label_{lang}"]
    if lang == "en" and label[1:2].islower():  # "School leavers ..." inside a sentence
        label = label[0].lower() + label[1:]
    zeros = compare.zero_beside_city(indicator, regions, year)
    return [t("rahmen.schulort_stadt", lang, landkreis=z.landkreis_name, stadt=z.stadt_name, kennzahl=label,
              jahr=z.jahr, wert=_num(z.wert_stadt, 0, lang)) for z in zeros.itertuples()]


def frame_notes(region, vergleich, frame: pd.DataFrame | None = None, lang: str = "de",
                until: int | None = None) -> list[str]:
    """The fair-frame paragraphs for a pair: differences are not programme effects; which sides
    are programme regions (:func:`programme_note`); the kreisfreie Stadt inside a Landkreis
    (:func:`city_notes`); the reception-facility caveat (:func:`facility_notes`) when ``frame``
    (findings) uses an outcome the facilities carry (always when ``frame`` is None), with the
    facility listings up to the reference year ``until`` (default: the findings' reference year)."""
    notes = [t("rahmen.keine_wirkung", lang), programme_note(region, vergleich, lang)]
    notes += city_notes(region, vergleich, lang)
    if frame is None or frame["kennzahl"].isin(compare.FACILITY_OUTCOMES).any():
        if until is None and frame is not None:
            until = frame.attrs.get("parameters", {}).get("reference_year")
        notes += facility_notes(region, vergleich, lang, until=until)
    return notes


def findings_html(frame: pd.DataFrame, lang: str = "de", region=None, vergleich=None) -> str:
    """Findings as an HTML list: the rule and the ranking rule first, the frame notes (regions
    from the arguments or from the frame's ``attrs``) with the programme rows' sources, then per
    finding its class, rank, sentence and reason, and that finding's own sources in a paragraph
    of its own directly under it (never one pooled list, where a line would sit under the
    wrong finding)."""
    if frame.empty:
        return f"<p>{html.escape(t('befunde_leer', lang))}</p>"
    params = frame.attrs.get("parameters", analysis.parameters())
    head = [rule_text(params, frame.attrs.get("region", ""), frame.attrs.get("vergleich", ""), lang),
            t("befund.rang_regel", lang)]
    if region is None and frame.attrs.get("region_codes"):
        region = resolve_region(frame.attrs["region_codes"], name=frame.attrs["region"])
        vergleich = resolve_region(frame.attrs["vergleich_codes"], name=frame.attrs["vergleich"])
    programme = []
    if region is not None and vergleich is not None:
        frame = applicable(frame, region, vergleich)
        head += frame_notes(region, vergleich, frame, lang)
        programme = compare.programme_sides(region, vergleich).attrs["sources"]
    shown = readable(frame, lang)
    ranked = frame.attrs.get("ranked", int(frame["rang"].notna().sum()))  # across all themes, as on every page
    intro = "".join(f"<p class=\"wla-rule\">{html.escape(p)}</p>" for p in head) + _source_paragraph(programme, lang)
    items, previous = [], set()  # "wie oben" only for lines of the finding directly above
    for r, own in zip(shown.itertuples(index=False), frame["quellen"]):
        rank = t("befund.rang", lang, rang=r.rang, n=ranked) if not pd.isna(r.rang) else t("befund.ohne_rang", lang)
        items.append(f"<li><p><strong>{html.escape(r.art)}</strong> ({html.escape(theme_name(r.thema, lang))}; "
                     f"{html.escape(rank)}): {html.escape(r.aussage)} <em>{html.escape(r.regel_text)}</em></p>"
                     f"{_source_paragraph(own, lang, set(previous))}</li>")
        previous = set(source_lines(own, lang)) if own else set()
    return f'<figure class="wla-figure">{intro}<ul class="wla-findings">{"".join(items)}</ul></figure>'


#: Findings that count Gemeinden within a region: they do not apply to a region of one Gemeinde.
GEMEINDE_RULES = ("leerstand_schrumpfung",)


def applicable(frame: pd.DataFrame, region, vergleich) -> pd.DataFrame:
    """``frame`` without the findings of :data:`GEMEINDE_RULES` for a side that is a single
    Gemeinde (Berlin, Hamburg: "0 von 1 Gemeinden" says nothing); its page says why instead."""
    until = frame.attrs.get("until")
    sides = (resolve_region(region), resolve_region(vergleich))
    single = {r.label for r in sides if r.single_gemeinde(until)}
    keep = ~(frame["kennzahl"].isin(GEMEINDE_RULES) & frame["ort"].isin(single))
    out = frame[keep]
    out.attrs = frame.attrs
    return out


def _source_paragraph(sources, lang: str, seen: set | None = None) -> str:
    """One paragraph with a "Quelle: …" line per source (empty for no source); lines already in
    ``seen`` (shown under the finding directly above) give one "Quelle: wie oben", as in
    table captions (:func:`wla.present.tables.source_html_lines`)."""
    shown = source_lines(sources, lang) if sources else []
    return ('<p class="wla-source">' + "<br>".join(source_html_lines(shown, lang, seen)) + "</p>") if shown else ""


def show_findings(frame: pd.DataFrame, lang: str = "de", region=None, vergleich=None) -> None:
    """Display :func:`findings_html` in a notebook."""
    from IPython.display import HTML, display

    display(HTML(findings_html(frame, lang, region, vergleich)))


def header(column: str, lang: str = "de") -> str:
    """Reader header of a findings column."""
    return t(f"befund.spalte_{'regel' if column == 'regel_text' else column}", lang)


def fair_frame_table(frame: pd.DataFrame, lang: str = "de") -> pd.DataFrame:
    """:func:`wla.analysis.compare.fair_frame` as a wide table: one row per headline, one column
    per region variant (aggregates first, then the Kreise), headline label, unit and year."""
    if frame.empty:
        return pd.DataFrame()
    frame = frame.assign(ort=[region_label(o, lang) for o in frame["ort"]])
    order = list(dict.fromkeys(frame["ort"]))
    unique = frame.drop_duplicates(["kennzahl", "ort"])
    wide = unique.set_index(["kennzahl", "jahr", "einheit", "ort"])["wert"].unstack("ort")
    wide = wide.reindex(columns=order).reset_index()
    wide.insert(0, header("kennzahl", lang), [compare.headline(k).label(lang) for k in wide["kennzahl"]])
    wide["einheit"] = [unit(u, lang) for u in wide["einheit"]]
    wide = wide.drop(columns="kennzahl").rename(columns={"jahr": header("jahr", lang), "einheit": header("einheit", lang)})
    wide.columns.name = None
    return wide

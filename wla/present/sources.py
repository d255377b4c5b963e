"""The one source-line builder: publisher, table and the reference date of the values shown.

Analysis results carry the rows they were built from as ``attrs["sources"]``: a mapping
indicator id -> years used (see :func:`wla.analysis.indicators.used`). This module turns it into
caption lines in the page's language, naming only the editions shown: a 2023 figure from a table
published for 31.12.2013 … 31.12.2023 reads "Stand 31.12.2023", not every edition.

Four kinds of sources are not catalogue indicators (keys: :mod:`wla.analysis.indicators`): the
map boundaries (``"geo:<layer>"``, from the geometry registry), the press list of reception
facilities (``"einrichtungen"``, with the years of the entries shown where the caller names
them: the list has its date per entry), the gazetteer (``"gazetteer:<what>"`` with its edition)
and a sourced finance parameter (``"finanzparameter:<row>"``: title, publisher, date and address
of its primary source, one line per address).
"""
from __future__ import annotations

import re

from .. import store
from ..analysis.indicators import FACILITIES, GAZETTEER_PREFIX, GEO_PREFIX, PARAMETER_PREFIX, SOURCE_JOIN
from .fmt import dates
from .words import chapter, t

_DATE = r"(?:\d{2}\.\d{2}\.)?\d{4}"
_ITEM = re.compile(rf"^(?P<start>{_DATE})(?:\s*–\s*(?P<end>{_DATE}))?$")
_REFERENCE = re.compile(rf"^(?P<prefix>[^\d]*?)\s*(?P<items>{_DATE}(?:\s*(?:,|–)\s*{_DATE})*)\s*(?P<suffix>\(.*\))?$")

#: German words of the catalogue's reference dates -> words entries (singular, English).
_REFERENCE_WORDS = {
    "Jahresdurchschnitte": "quelle.jahresdurchschnitt", "Jahresdurchschnitt": "quelle.jahresdurchschnitt",
    "Jahressummen": "quelle.jahressumme", "Jahressumme": "quelle.jahressumme",
    "Schuljahresbeginn": "quelle.schuljahresbeginn", "Schuljahre": "quelle.schuljahr", "Schuljahr": "quelle.schuljahr",
    "Stichtag": "quelle.stichtag", "Berichtsjahr": "quelle.berichtsjahr", "Abgangsjahr": "quelle.abgangsjahr",
}
_PREFIX = re.compile(r"^(Quelle|Source)n?:\s*")
_WORD = re.compile("|".join(sorted(_REFERENCE_WORDS, key=len, reverse=True)))


#: Table codes whose caption line carries a note on how wla forms the values shown from it
#: (words entry): 12531-0043 lists only rounded cells, so every total is a sum of them.
TABLE_NOTES = {"12531-0043": "quelle.hinweis_12531_0043"}


def _with_note(line: str, lang: str) -> str:
    """``line`` with the note of :data:`TABLE_NOTES` for a table it names, once and in ``lang``
    (a line written in German by an analysis module is shown on an English page too)."""
    for code, key in TABLE_NOTES.items():
        if code in line:
            for other in ("de", "en"):
                line = line.replace(f"; {t(key, other)}", "")
            line = f"{line}; {t(key, lang)}"
    return line


def _split_date(token: str) -> tuple[str, int]:
    return token[:-4], int(token[-4:])


def _editions(items: str) -> dict[int, str] | None:
    """Year -> day-and-month prefix ("31.12." or "") of each edition in a reference list."""
    out: dict[int, str] = {}
    for item in re.split(r"\s*,\s*", items):
        m = _ITEM.match(item)
        if not m:
            return None
        day, first = _split_date(m["start"])
        last = _split_date(m["end"])[1] if m["end"] else first
        out.update({year: day for year in range(first, last + 1)})
    return out


def _span(years: list[int], day: dict[int, str]) -> str:
    """The editions ``years`` (sorted) as read: three or more in a row as a range, the others one
    by one — "31.12.2013", "31.12.2013, 31.12.2023", "31.12.1995–31.12.2012, 31.12.2014–31.12.2016,
    31.12.2018"; never every date of a long series."""
    runs: list[list[int]] = []
    for year in years:
        if runs and year == runs[-1][-1] + 1:
            runs[-1].append(year)
        else:
            runs.append([year])
    parts = []
    for run in runs:
        if len(run) > 2:
            parts.append(f"{day[run[0]]}{run[0]}–{day[run[-1]]}{run[-1]}")
        else:
            parts += [f"{day[y]}{y}" for y in run]
    return ", ".join(parts)


def reference(text: str, years=None, lang: str = "de") -> str:
    """The catalogue's reference date ``text`` narrowed to ``years`` (where it lists editions),
    in ``lang``. ``"Jahresdurchschnitt 2019, 2025"`` with ``[2025]`` -> ``"Jahresdurchschnitt 2025"``;
    text that lists no editions (``"Schuljahr 2022/23 (Berichtsjahr 2023)"``) stays whole."""
    m = _REFERENCE.match(text.strip())
    editions = _editions(m["items"]) if m else None
    shown = sorted({int(y) for y in years or ()})
    if editions and shown and set(shown) < set(editions):
        prefix = m["prefix"]
        if len(shown) == 1 and prefix in _REFERENCE_WORDS:
            prefix = t(_REFERENCE_WORDS[prefix], "de")
        text = " ".join(p for p in (prefix, _span(shown, editions), m["suffix"]) if p)
    if lang == "de":
        return text
    return _WORD.sub(lambda w: t(_REFERENCE_WORDS[w.group(0)], lang), text)


def _parts(entry) -> list[tuple[str, str, str]]:
    """(publisher, table, reference) per source of a catalogue row (" | " separates sources)."""
    split = [str(entry[k]).split(SOURCE_JOIN) for k in ("publisher", "table", "reference")]
    n = max(len(s) for s in split)
    split = [s if len(s) == n else [SOURCE_JOIN.join(s)] * n for s in split]
    return list(zip(*split))


def _publisher(publisher: str, table: str) -> str:
    """One publisher per table code: where the catalogue credits ``table`` to several publishers
    (13111-01-03-4 once to the Statistische Ämter, once to the BA via the Regionaldatenbank),
    the one naming the statistic's producer ("X, über Y") is used for every line of it."""
    return _producers().get(table, publisher)


@store.per_snapshot()
def _producers() -> dict[str, str]:
    """Table code -> the one publisher credited for it (see :func:`_publisher`), per snapshot."""
    credited: dict[str, set[str]] = {}
    for _, row in store.catalog().iterrows():
        for publisher, table, _ref in _parts(row):
            credited.setdefault(table.strip(), set()).add(publisher.strip())
    return {table: sorted(n for n in names if ", über " in n)[0] for table, names in credited.items()
            if len(names) > 1 and any(", über " in n for n in names)}


def _name(publisher: str, table: str) -> str:
    """Publisher and table code, the code named once ("…, über Regionaldatenbank Deutschland
    (13211-02-05-4)" already holds it)."""
    publisher = _publisher(publisher.strip(), table.strip())
    return publisher if table.strip() in publisher else f"{publisher}, {table.strip()}"


def indicator_lines(indicator: str, years=None, lang: str = "de") -> list[str]:
    """Caption lines of one catalogue indicator for the ``years`` shown (all editions if None).

    Where the catalogue joins two publications (e.g. 12531 for 2023/24 and the Regionaldatenbank
    for 2018), only those holding a shown year are named."""
    from .. import data

    shown = {int(y) for y in years or ()}
    out = []
    for publisher, table, ref in _parts(data.entry(indicator)):
        m = _REFERENCE.match(ref.strip())
        editions = _editions(m["items"]) if m else None
        if editions is not None and shown:
            if not shown & set(editions):
                continue  # a publication of the catalogue row that holds none of the years shown
            ref = reference(ref, shown & set(editions), lang)
        else:
            ref = reference(ref, None, lang)
        out.append(dates(f"{_name(publisher, table)}; {t('quelle.stand', lang)} {ref}", lang))
    return list(dict.fromkeys(out)) or indicator_lines(indicator, None, lang)


def _geo_line(layer: str, lang: str) -> str:
    from ..snapshot.geometries import SOURCES

    entry = next(s for s in SOURCES if s["layer"] == layer)
    return dates(f"{entry['publisher']}, {entry['product']}; {t('quelle.stand', lang)} {entry['reference']}; "
                 f"{entry['attribution']}, dl-de/by-2-0", lang)


def _gazetteer_line(what: str, years, lang: str) -> str:
    """The gazetteer (membership, names, centre coordinates), of which ``what`` is read: publisher
    and table of the Gemeindeverzeichnis indicators and the newest edition of ``years``."""
    entry = store.catalog().loc["flaeche_km2"]
    edition = max(int(y) for y in years)
    return _ready_line(f"{entry['publisher'].split(SOURCE_JOIN)[0]}, {entry['table'].split(SOURCE_JOIN)[0]} ({what}); "
                       f"Stand 31.12.{edition}", lang)


def _parameter_words(line: str, lang: str) -> str:
    """A parameter's source line with the connective words and annotations the parameter file
    writes in German ("Text via", "ohne Datum", "Bericht:") in ``lang`` (words
    ``finanzen.quelle_*``); publication titles, names and addresses are kept."""
    if lang == "de":
        return line
    pairs = sorted(((e["de"], e[lang]) for k, e in chapter("finanzen").items() if k.startswith("quelle_")),
                   key=lambda p: -len(p[0]))
    for de, other in pairs:
        line = line.replace(de, other)
    return line


def _parameter_line(key: str, lang: str) -> str:
    """The source of a sourced finance parameter (:func:`wla.analysis.finance.source_key`):
    primary source title (as published, its dates in German form), publisher (who reports it),
    its date and address in the reader's language."""
    from ..analysis.finance import source_record

    r = source_record(key)
    rest = f"{r['source_publisher']}, {r['source_date']}; {r['source_url']}"
    # the title as published: a German act keeps its German date ("vom 02.08.2024") on an English page
    return f"{dates(str(r['source_title']), 'de')} – {_ready_line(_parameter_words(rest, lang), lang)}"


def _address(line: str) -> str:
    """The address a line ends with ("…; https://…"), else the line itself: one line per address."""
    last = line.rsplit("; ", 1)[-1].strip()
    return last if last.startswith("http") else line


#: A ready line "<publisher>, <table>; Stand <reference>" as older modules and the catalogue's
#: ``source`` column write it.
_READY = re.compile(r"^(?P<name>.*?);\s*Stand\s+(?P<ref>[^;]*)(?P<rest>(?:;.*)?)$")
#: A table code named twice: "… (13211-02-05-4), 13211-02-05-4".
_TWICE = re.compile(r"\((?P<code>[\w./-]*\d[\w./-]*)\)(?P<sep>,\s*)(?P=code)(?=[;,]|$)")


def _ready_line(line: str, lang: str) -> str:
    """A ready-made source line in the reader's language: the table code named once, one
    publisher per table, "Stand" -> "as of" with the reference words translated in English, and
    dates in the reader's format."""
    line = _TWICE.sub(lambda m: f"({m['code']})", _PREFIX.sub("", line.strip()))
    m = _READY.match(line)
    if m:
        name = m["name"]
        head, sep, table = name.rpartition(", ")
        if sep and re.search(r"\d", table):
            name = _name(head, table)
        line = f"{name}; {t('quelle.stand', lang)} {reference(m['ref'].strip(), None, lang)}{m['rest']}"
    if lang != "de":  # "(Stand 09.06.2023)" inside a cited title's note
        line = re.sub(r"\bStand\b:?", t("quelle.stand", lang), line)
    return dates(line, lang)


def _same_publication(item: dict) -> dict:
    """``item`` (indicator -> years) with the indicators of one publication (same publisher,
    table and reference in the catalogue, e.g. all and foreign unemployed of BA 317-408036)
    joined under the first of them: one line with the union of their years, not one per indicator."""
    from .. import data

    out, first = {}, {}
    for key, years in item.items():
        publication = None
        if key != FACILITIES and not key.startswith((GEO_PREFIX, GAZETTEER_PREFIX, PARAMETER_PREFIX)):
            entry = data.entry(key)
            publication = tuple(str(entry[k]) for k in ("publisher", "table", "reference"))
        head = first.setdefault(publication, key) if publication else key
        out[head] = sorted({int(y) for y in out.get(head, ())} | {int(y) for y in years or ()}) or years
    return out


def _denominator_line(item: dict, lang: str) -> tuple[list[str], str | None]:
    """The population counts of one series taken from two or more publications of the same basis
    year by year (:func:`wla.analysis.indicators.population_id`: Gemeindeverzeichnis where it has
    the year, INKAR otherwise): their ids and ONE line naming which years come from which."""
    from .. import data
    from ..analysis.indicators import POPULATION_IDS

    pops = [k for k in item if k in POPULATION_IDS and item[k]]
    by_basis: dict[str, list[str]] = {}
    for key in pops:
        by_basis.setdefault(str(data.entry(key)["basis"]), []).append(key)
    mixed = next((keys for keys in by_basis.values() if len(keys) > 1), None)
    if not mixed:
        return [], None
    mixed = sorted(mixed, key=lambda k: min(item[k]))
    parts = [line for key in mixed for line in indicator_lines(key, item[key], lang)]
    return mixed, t("quelle.einwohner_je_jahr", lang, teile=" · ".join(parts))


#: German connectives of the catalogue's publisher and table texts -> words entries, for pages in
#: another language (publication titles themselves stay as published): "…, über Regionaldatenbank",
#: "Grundlage Destatis 22221", "Gebietsstand 31.12.2019".
_CONNECTIVES = ((re.compile(r", über "), "quelle.ueber"), (re.compile(r"\bGrundlage (?=Destatis)"), "quelle.grundlage"),
                (re.compile(r"\bGebietsstand (?=\d)"), "quelle.gebietsstand"))


#: Words entries whose text opens a line built in German by an analysis module (a ready line):
#: the opening is put in the page's language.
_OPENINGS = ("quelle.einwohner_je_jahr",)


def connectives(line: str, lang: str) -> str:
    """``line`` with the catalogue's German connectives (:data:`_CONNECTIVES`) and the German
    opening of a ready line (:data:`_OPENINGS`) in ``lang``."""
    if lang == "de":
        return line
    for key in _OPENINGS:
        german, own = t(key, "de", teile=""), t(key, lang, teile="")
        if line.startswith(german):
            line = own + line[len(german):]
    for pattern, key in _CONNECTIVES:
        line = pattern.sub(lambda m: m.group(0).replace(m.group(0).strip(", "), t(key, lang)), line)
    return line


def _merged(items: list) -> list:
    """The mappings of a caption's ``items`` joined into one at the place of the first (years of
    one indicator united; ``None`` = every edition wins), ready lines kept in order: one line per
    publication even where a map's values and its place names cite the same table."""
    out, merged = [], None
    for item in items:
        if isinstance(item, str):
            out.append(item)
            continue
        if merged is None:
            merged = {}
            out.append(merged)
        for key, years in item.items():
            if key in merged and (merged[key] is None or years is None):
                merged[key] = None
            elif key in merged:
                merged[key] = sorted({*merged[key], *years}, key=str)
            else:
                merged[key] = None if years is None else list(years)
    return out


def lines(used, lang: str = "de") -> list[str]:
    """Caption lines (without the "Quelle:" word) for ``used``: a mapping key -> years
    (``attrs["sources"]`` of an analysis result), a list of such mappings (merged: years of one
    key united), or ready lines (strings, e.g. lines already shown); duplicates dropped, one
    line per address, order kept. Indicators of one publication give one line; the population
    counts of one series taken from two publications year by year give one line naming the
    years of each."""
    out: list[str] = []
    addresses: set[str] = set()
    items = _merged(used if isinstance(used, (list, tuple)) else [used])
    for item in items:
        if isinstance(item, str):
            new = [_ready_line(p, lang) for p in item.split(SOURCE_JOIN) if p.strip()]
        else:
            new = []
            item = _same_publication(item)
            joined, denominator = _denominator_line(item, lang)
            for key, years in item.items():
                if key == FACILITIES:  # the years of the entries shown, where the caller names them
                    new.append(t("quelle.einrichtungen_jahre", lang, jahre=_span(sorted(set(years)), {
                        y: "" for y in years})) if years else t("quelle.einrichtungen", lang))
                elif key.startswith(GEO_PREFIX):
                    new.append(_geo_line(key[len(GEO_PREFIX):], lang))
                elif key.startswith(GAZETTEER_PREFIX):
                    new.append(_gazetteer_line(key[len(GAZETTEER_PREFIX):], years, lang))
                elif key.startswith(PARAMETER_PREFIX):
                    new.append(_parameter_line(key, lang))
                elif key in joined:
                    if key == joined[0]:
                        new.append(denominator)
                else:
                    new += indicator_lines(key, years, lang)
        for line in map(lambda x: connectives(_with_note(x, lang), lang), new):
            if line not in out and _address(line) not in addresses:
                out.append(line)
                addresses.add(_address(line))
    return out


def sources_of(*frames) -> list[str]:
    """The distinct source lines in the ``source`` column of ``frames`` (order kept): the
    catalogue's full lines, for callers that have not moved to ``attrs["sources"]`` yet."""
    seen: list[str] = []
    for frame in frames:
        if frame is None or "source" not in frame:
            continue
        for text in frame["source"].dropna():
            for part in str(text).split(SOURCE_JOIN):
                part = part.strip()
                if part and part not in seen:
                    seen.append(part)
    return seen


def _table_of(indicator: str, year: int) -> str:
    """The table code of the catalogue publication of ``indicator`` that holds ``year`` (the
    first one where the catalogue names no editions)."""
    from .. import data

    parts = _parts(data.entry(indicator))
    for _publisher_name, table, ref in parts:
        m = _REFERENCE.match(ref.strip())
        editions = _editions(m["items"]) if m else None
        if editions and int(year) in editions:
            return table.strip()
    return parts[0][1].strip()


def statistic_of(indicator: str, year: int) -> str:
    """The number of the statistic (the first five digits of the table code, "22811" for
    "22811-01-01-4 (bis 2015: 661-31-4)", "22221" for "22221 (Kreise)") of the catalogue
    publication of ``indicator`` that holds ``year``; the whole table code where it has no such
    number."""
    table = _table_of(indicator, year)
    m = re.match(r"\d{5}", table)
    return m.group(0) if m else table


def year_construction(frame, lang: str = "de") -> str:
    """How each year of a per-1,000 table is formed and why the years between are missing, from
    ``attrs["bau"]`` ({year: {"zaehler": indicator, "nenner": [population ids]}}) and
    ``attrs["fehlend"]`` ({year: reason}) of e.g. :func:`wla.analysis.profile.refugees_per_1000`:
    "2018: Schutzsuchende laut 12531 (Kreise) ÷ Einwohner laut INKAR … (Basis Zensus 2011) × 1.000;
    2023, 2024: … 2019–2022 fehlen: …". Years formed alike are named together."""
    from .. import data
    from .charts import basis_label

    groups: dict[tuple, list[int]] = {}
    for year, how in sorted(frame.attrs.get("bau", {}).items()):
        nenner = tuple(how["nenner"])
        groups.setdefault((_table_of(how["zaehler"], year), nenner), []).append(int(year))
    parts = []
    for (zaehler, nenner), years in groups.items():
        parts.append(t("profil.bau_teil", lang, jahre=_span(years, {y: "" for y in years}), zaehler=zaehler,
                       nenner=" / ".join(str(data.entry(p)["table"]).split(SOURCE_JOIN)[0].strip() for p in nenner),
                       basis=" / ".join(dict.fromkeys(basis_label(data.entry(p)["basis"], lang) for p in nenner))))
    out = [t("profil.bau", lang, teile="; ".join(parts))] if parts else []
    missing: dict[str, list[int]] = {}
    for year, why in sorted(frame.attrs.get("fehlend", {}).items()):
        missing.setdefault(why, []).append(int(year))
    for why, years in missing.items():
        out.append(t(f"profil.fehlt_{why}", lang, jahre=_span(years, {y: "" for y in years})))
    return " ".join(out)


def set_aside_note(rows, lang: str = "de") -> str:
    """The note on values of ``rows`` (tidy rows of :func:`wla.load` with ``indicator``, ``ags``,
    ``name``, ``year``, ``value``, ``flag``) that wla's plausibility screen set aside (flag ``q``):
    per value the published value and the one rule that applied to it, from the quality table of
    the snapshot (:func:`wla.store.quality`; rule words ``bezug.regel_<rule>``); for a reporting gap
    the two neighbouring years' values as well. "" when none was set aside."""
    from ..snapshot.quality import RULES
    from .fmt import number, region_label

    if not hasattr(rows, "columns") or not {"flag", "name", "year"} <= set(rows.columns):
        return ""
    aside = rows[rows["flag"] == "q"].drop_duplicates(["name", "year"])
    if aside.empty:
        return ""
    rule_keys = {text: key for key, (text, _test) in RULES.items()}
    table = store.quality()
    items = []
    for r in aside.itertuples():
        hit = table[(table["indicator"] == getattr(r, "indicator", None)) & (table["ags"] == getattr(r, "ags", None))
                    & (table["year"] == int(r.year)) & table["rule"].isin(rule_keys)]
        place = f"{region_label(r.name, lang)} {int(r.year)}"
        if hit.empty:  # not in the table (an older snapshot): named without value and rule
            items.append(place)
            continue
        q = hit.iloc[0]
        value = float(q["value"])
        key = rule_keys[q["rule"]]
        figures = {}
        if key == "gap":  # the neighbouring years the value is compared with, as the rows hold them
            own = rows[(rows["name"] == r.name) & rows["value"].notna()].set_index("year")["value"]
            before, after = own[own.index < r.year], own[own.index > r.year]
            if len(before) and len(after):
                figures = {"vorher": int(before.index[-1]), "wert_vorher": number(before.iloc[-1], 2, lang),
                           "nachher": int(after.index[0]), "wert_nachher": number(after.iloc[0], 2, lang)}
        rule = t(f"bezug.regel_{key}" + ("_nachbarn" if figures else ""), lang, **figures)
        shown = number(value, 0 if value.is_integer() else 2, lang)
        items.append(t("bezug.ausgelassen_wert", lang, ort=place, wert=shown, regel=rule))
    return t("bezug.ausgelassen", lang, werte="; ".join(items))


def series_end_note(rows, lang: str = "de") -> str:
    """Why lines of a yearly chart end where they do (``rows``: tidy Kreis rows with ``name``,
    ``year``, ``value``, ``flag``): the last year of the source for every Kreis shown, and each Kreis
    whose line ends earlier with the years the source leaves empty (flag ``na``) or has no row
    for. A year set aside by the plausibility screen (flag ``q``) is said by
    :func:`set_aside_note`, not here. "" for rows without years."""
    from .fmt import region_label

    if rows is None or len(rows) == 0:
        return ""
    last = int(rows["year"].max())
    early = []
    for name, own in rows.groupby("name", sort=False):
        have = own.loc[own["value"].notna(), "year"]
        end = int(have.max()) if len(have) else None
        if end is None or end >= last:
            continue
        after = own[own["year"] > end]
        empty = sorted(int(y) for y in after.loc[after["flag"] == "na", "year"])
        absent = sorted(set(range(end + 1, last + 1)) - set(int(y) for y in after["year"]))
        parts = ([t("bezug.linie_leer", lang, jahre=", ".join(map(str, empty)))] if empty else []) + \
                ([t("bezug.linie_ohne_zeile", lang, jahre=", ".join(map(str, absent)))] if absent else [])
        if parts:
            early.append(t("bezug.linie_frueher", lang, ort=region_label(name, lang), jahr=end, grund="; ".join(parts)))
    return " ".join([t("bezug.linie_ende", lang, jahr=last), *early])

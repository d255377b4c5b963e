"""Berlin and Hamburg as Kreise in tables that print them only as Länder.

Berlin and Hamburg are each a Land and a single kreisfreie Stadt at once. Tables of the
Regionaldatenbank Deutschland and of the Statistische Ämter "Regionalstatistik" downloads at the
depth "Kreise und krfr. Städte" print them once, as the Land row (``02 Hamburg``, ``11 Berlin``),
and have no row ``02000``/``11000`` — while INKAR, the AZR tables and the Gemeindeverzeichnis
key them as Kreise ``02000`` and ``11000``. Without the Kreis rows the two cities would be
missing from every ranking, model and sum over Kreise of those tables (the sum of the Kreise of
21121-02-02-4 is then 213,279 vocational school leavers; the table's own Germany row says
222,742).

:func:`as_kreise` adds, for an indicator the catalogue declares at Kreis level, the Land row of
each such city as its Kreis row where the table has none of its own: the same value and flag,
nothing computed. Bremen (04) is a Land of two Kreise (04011, 04012) and is not touched.
"""
from __future__ import annotations

import pandas as pd

#: Länder that are a single Kreis: Land key -> Kreis key (Gemeindeverzeichnis).
CITY_STATES = {"02": "02000", "11": "11000"}


def as_kreise(rows: pd.DataFrame, kreis_indicators) -> pd.DataFrame:
    """``rows`` (snapshot schema) plus a Kreis row ``02000``/``11000`` for every Land row
    ``02``/``11`` of an indicator in ``kreis_indicators`` for which the table has no Kreis row
    of that city (same indicator, year and category)."""
    land = rows[(rows["level"] == "land") & rows["ags"].isin(list(CITY_STATES))
                & rows["indicator"].isin(list(kreis_indicators))]
    if land.empty:
        return rows
    copies = land.assign(ags=land["ags"].map(CITY_STATES), level="kreis")
    key = ["indicator", "ags", "year", "category"]
    have = rows.loc[rows["level"] == "kreis", key].drop_duplicates()
    fresh = copies.merge(have, on=key, how="left", indicator="_have")
    fresh = fresh[fresh["_have"] == "left_only"].drop(columns="_have")
    return pd.concat([rows, fresh[rows.columns]], ignore_index=True) if len(fresh) else rows

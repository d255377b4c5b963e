"""A Kreis formed later (03159 Göttingen, 1.11.2016 from 03152 Göttingen and 03156 Osterode am
Harz): housing series from its first year on today's boundary, vacancy x shrinking over the
window of the settlement potential, and school shares whose base is exactly zero.

Expected values are read from the raw official files, not from the code under test."""
import openpyxl
import pandas as pd

from wla.analysis import education, housing, profile
from wla.analysis.indicators import rate_series
from wla.paths import raw_dir

KREISE = raw_dir() / "kreise"
GEMEINDEN = raw_dir() / "gemeinden"


def _regionalstatistik_by_year(name: str, ags: str, column: int = 2) -> dict[int, object]:
    """Value in ``column`` of ``ags`` per year block ("31.12.2019" / "2019" rows) of a
    Regionaldatenbank xlsx export."""
    ws = openpyxl.load_workbook(KREISE / name, read_only=True).worksheets[0]
    out, year = {}, None
    for row in ws.iter_rows(values_only=True):
        first = str(row[0]).strip() if row[0] is not None else ""
        if row[1] is None and first[-4:].isdigit():
            year = int(first[-4:])
        elif first == ags and year is not None:
            out[year] = row[column]
    return out


def _gv_population(file: str, kreis: str, name: str) -> int:
    """Population of the Gemeinde ``name`` (Satzart 60) of Kreis ``kreis`` in a GV xlsx."""
    ws = openpyxl.load_workbook(GEMEINDEN / file, read_only=True).worksheets[1]
    for row in ws.iter_rows(values_only=True):
        if row[0] == "60" and f"{row[2]}{row[3]}{row[4]}" == kreis and row[7] == name:
            return int(row[9])
    raise AssertionError(f"{name} not in {file}")


def test_goettingen_formed_in_the_first_year_the_table_lists_it():
    raw = _regionalstatistik_by_year("eyayaw_destatis_31231-02-01-4_wohnungsbestand_2011-2019.xlsx", "03159")
    first = min(y for y, v in raw.items() if isinstance(v, (int, float)))
    assert first == 2016 and raw[2015] == "-"  # the publisher's "-": the Kreis did not exist yet
    formed = profile.formed_later("03159")
    assert formed[["kreis", "jahr"]].values.tolist() == [["03159", first]]
    assert formed["vorgaenger"].iloc[0] == ["Göttingen", "Osterode am Harz"]
    assert profile.formed_later("kielregion").empty
    # 16056 Eisenach went into 16063 Wartburgkreis (2021), which the table lists from its first year: not formed later
    wartburg = _regionalstatistik_by_year("eyayaw_destatis_31231-02-01-4_wohnungsbestand_2011-2019.xlsx", "16063")
    assert isinstance(wartburg[2011], (int, float))
    assert profile.formed_later("16063").empty


def test_housing_series_drawn_for_both_sides_goettingen_from_2016():
    rows = rate_series("baugenehmigungen", ["03159", "09476"])
    first = rows.groupby("region")["year"].min()
    assert first["Göttingen"] == 2016 and first["Kronach"] == 1995
    raw = _regionalstatistik_by_year("eyayaw_destatis_31111-01-02-4_baugenehmigungen_1995-2019.xlsx", "03159",
                                     column=6)  # dwellings in residential buildings, total
    got = rows[(rows["region"] == "Göttingen") & (rows["year"] == 2016)]["count"].iloc[0]
    assert got == raw[2016]


def test_vacancy_and_shrinking_runs_over_the_potential_window():
    frame = housing.vacancy_and_shrinking("03159")
    assert (frame.attrs["start"], frame.attrs["end"]) == (2017, 2023)  # first GV edition with 03159 Gemeinden
    osterode = frame[frame["ags"] == "03159026"].iloc[0]
    start = _gv_population("gerda_destatis_31122017_Auszug_GV.xlsx", "03159", "Osterode am Harz, Stadt")
    end = _gv_population("gerda_destatis_31122023_Auszug_GV.xlsx", "03159", "Osterode am Harz, Stadt")
    assert osterode["veraenderung"] == end - start
    assert osterode["veraenderung_prozent"] == (end - start) / start * 100


def test_share_of_foreign_pupils_without_pupils_is_x_not_missing():
    # 21111-01-03-4, 2023: Kiel, Neumünster, Plön, RD-Eck print "-" (exactly zero) for pupils at Hauptschulen
    lines = (KREISE / "buddemax_destatis_21111-01-03-4.csv").read_text(encoding="latin-1").splitlines()
    for ags in ("01002", "01004", "01057", "01058"):
        cells = next(line.split(";") for line in lines if line.startswith(f"2023;{ags};") and ";Hauptschulen;" in line)
        assert cells[5] == "-" and cells[7] == "-"  # pupils, foreign pupils
    shares = education.by_category("schueler_auslaender", ["kielregion", "coburg"], share_of="schueler", year=2023)
    haupt = shares[shares["category"] == "hauptschulen"].set_index("region")
    assert haupt.loc["KielRegion", "anteil_flag"] == "x" and pd.isna(haupt.loc["KielRegion", "anteil"])
    assert haupt.loc["Landkreis Coburg", "anteil_flag"] == "" and haupt.loc["Landkreis Coburg", "anteil"] > 0
    assert education.share_flag(float("nan"), ".", 10.0, "") == "."  # a secret count keeps its sign


def test_members_header_edition_is_the_edition_of_its_source():
    # review 4 P3: "Gemeinden (GV 2024)" stood above "GV100AD; Stand 31.12.2023"
    frame = profile.members("kielregion")
    assert frame.attrs["edition"] == frame.attrs["area_year"] == frame.attrs["sources"]["flaeche_km2"][0]
    ws = openpyxl.load_workbook(GEMEINDEN / "gerda_destatis_31122023_Auszug_GV.xlsx", read_only=True).worksheets[1]
    ploen = sum(1 for row in ws.iter_rows(values_only=True) if row[0] == "60" and f"{row[2]}{row[3]}{row[4]}" == "01057")
    assert frame.set_index("name").loc["Plön", "gemeinden"] == ploen == 85


def test_leaver_shares_keep_the_publishers_sign():
    # 21111-02-06-4, 2023: Göttingen Fachhochschulreife "." (secret), Kronach "-" (exactly zero)
    lines = (KREISE / "buddemax_destatis_21111-02-06-4.csv").read_text(encoding="latin-1").splitlines()
    raw = {ags: next(line.split(";") for line in lines if line.startswith(f"2023;{ags};")) for ags in ("03159", "09476")}
    assert raw["03159"][13] == "." and raw["09476"][13] == "-"
    leavers = education.by_category("schulabgaenger", ["03159", "09476"], year=2023)
    fhr = leavers[leavers["category"] == "fachhochschulreife"].set_index("region")
    assert fhr.loc["Göttingen", "anteil_flag"] == "." and pd.isna(fhr.loc["Göttingen", "anteil"])
    assert fhr.loc["Kronach", "anteil_flag"] == "-" and fhr.loc["Kronach", "anteil"] == 0

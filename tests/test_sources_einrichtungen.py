"""Reader of the hand-compiled list of reception facilities (context, not statistics)."""
from pathlib import Path

import pandas as pd
import pytest

from wla.exceptions import SourceFormatError
from wla.sources.einrichtungen import COLUMNS, read_einrichtungen

RAW = Path(__file__).resolve().parents[2] / "shared" / "data" / "einrichtungen" / "landesunterkuenfte_sh.csv"
HEADER = ";".join(COLUMNS)
ROW = "Kiel;01002000;01002;ja;Landesunterkunft (Erstaufnahme);750;2015;Pressebericht (archiv.nepoli.eu);"


def write(tmp_path, text, name="einr.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_real_file():
    if not RAW.is_file():
        pytest.skip("raw files ../shared/data not present")
    frame = read_einrichtungen(RAW)
    assert list(frame.columns) == COLUMNS + ["stand_datum", "stand_genauigkeit", "status"]
    assert frame["ags_gemeinde"].str.fullmatch(r"\d{8}").all()
    nms = frame[frame["ort"] == "Neumünster"].sort_values("stand_datum")
    assert list(nms["plaetze"]) == [2000, 900]
    assert nms["stand_datum"].iloc[0] == pd.Timestamp("2015-09-18")
    assert list(nms["stand_genauigkeit"]) == ["Tag", "Monat"]
    # the source lists with an unquoted ';' stay in quelle, hinweis stays intact
    assert nms["quelle"].iloc[1] == "Pressebericht (nachrichten.ag; evangelische-zeitung.de)"
    assert nms["hinweis"].iloc[1] == "Ausbau auf 1.100 Plätze geplant"
    boostedt = frame[frame["ort"] == "Boostedt"].iloc[0]
    assert boostedt["kreis"] == "01060" and not boostedt["in_kielregion"]
    # Lütjenburg: "später in Bereitschaft gehalten, ohne Belegung" (its hinweis) -> not in use
    by_place = frame.set_index("ort")["status"]
    assert by_place["Lütjenburg (Schill-Kaserne)"] == "bereitschaft"
    assert (frame.loc[frame["ort"] != "Lütjenburg (Schill-Kaserne)", "status"] == "in_betrieb").all()


def test_status_is_read_from_the_sources_words():
    from wla.sources.einrichtungen import status

    assert status("später in Bereitschaft gehalten, ohne Belegung") == "bereitschaft"
    assert status("Ohne Belegung") == "bereitschaft"
    assert status("Ausbau auf 1.100 Plätze geplant") == "in_betrieb" and status("") == "in_betrieb"


def test_minimal_file(tmp_path):
    frame = read_einrichtungen(write(tmp_path, f"{HEADER}\n{ROW}\n"))
    row = frame.iloc[0]
    assert row["ags_gemeinde"] == "01002000" and row["plaetze"] == 750 and row["in_kielregion"]
    assert row["stand_datum"] == pd.Timestamp("2015-01-01") and row["stand_genauigkeit"] == "Jahr"
    assert row["hinweis"] == "" and row["status"] == "in_betrieb"


@pytest.mark.parametrize(
    "text, problem",
    [
        ("ort;ags\nKiel;01002000\n", "header"),
        (f"{HEADER}\nKiel;01002000;01002;ja\n", "fields"),
        (f"{HEADER}\n" + ROW.replace("01002000", "1002000"), "AGS"),
        (f"{HEADER}\n" + ROW.replace(";2015;", ";Herbst 2015;"), "stand"),
        (f"{HEADER}\n" + ROW.replace(";750;", ";ca. 750;"), "plaetze"),
    ],
)
def test_malformed(tmp_path, text, problem):
    with pytest.raises(SourceFormatError, match=f"einr.csv.*{problem}"):
        read_einrichtungen(write(tmp_path, text))


def test_wrong_encoding(tmp_path):
    path = write(tmp_path, f"{HEADER}\n{ROW}Außenstelle\n", encoding="cp1252")
    with pytest.raises(SourceFormatError, match="einr.csv.*encoding"):
        read_einrichtungen(path)


def test_a_place_the_source_does_not_list_is_not_added_and_the_page_names_the_lists_dates():
    """Seeth (Nordfriesland) is not in the source list: the snapshot does not invent it, and the
    page sentence for a region without a listed facility says it is the source's list with the
    dates of its entries (2015 to 20.11.2023, read from the raw file)."""
    import wla
    from wla.present import fmt
    from wla.present.words import t

    raw = RAW.read_text(encoding="utf-8")
    assert "Seeth" not in raw
    stands = [line.split(";")[6] for line in raw.splitlines()[1:] if line.strip()]
    assert (min(stands), max(stands)) == ("2015", "2023-11-20")
    listed = wla.store.einrichtungen()
    assert not listed["ort"].str.contains("Seeth").any() and not listed["kreis"].eq("01054").any()
    text = t("profil.keine_erstaufnahme", "de", region="Nordfriesland", von=fmt.date("2015"),
             bis=fmt.date("2023-11-20"))
    assert "Liste der Quelle" in text and "2015 bis 20.11.2023" in text and "nicht vollständig" in text

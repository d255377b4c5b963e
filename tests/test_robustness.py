"""What users get wrong, each answered by a clear wla error, with nothing lost.

Regions and indicators go through the user-facing calls (wla.load, wla.region_total, wla report);
notebooks get a wrong parameter type through papermill; every raw-file reader in wla/sources gets a
truncated and a wrongly encoded copy of its real fixture (built in tmp_path); a snapshot file
edited by hand is caught by its checksum. (Interrupted and concurrent report runs: test_report.py.)
"""
import gzip
import shutil
from pathlib import Path

import pytest

import wla
from wla import cli, store
from wla.exceptions import (
    NoDataError, ParameterError, SnapshotError, SourceFormatError, UnknownIndicatorError, UnknownRegionError,
)
from wla.report import build_reports, kernel_name
from wla.sources.ba import read_ba_occupation_extract
from wla.sources.bkg import read_vg5000
from wla.sources.gemeindeverzeichnis import read_gv100ad, read_gv_isys
from wla.sources.genesis import read_ffcsv
from wla.sources.inkar import read_inkar_wide
from wla.sources.regionaldatenbank import read_simplified_csv, read_table_csv
from wla.sources.regionalstatistik_xlsx import read_regionalstatistik_xlsx
from wla.sources.zensus import read_census_extract

HERE = Path(__file__).resolve().parent
FIX = HERE / "fixtures"
PROJECT = HERE.parent
POP = "bevoelkerung_z22"


# --- regions ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "given, suggestion",
    [("kielregoin", "kielregion"), ("Coburgg", "coburg"), ("1002", None), ("01099", None), ("Kiell", None)],
)
def test_unknown_or_mistyped_region(given, suggestion):
    with pytest.raises(UnknownRegionError) as err:
        wla.load(POP, given)
    message = str(err.value)
    assert repr(given) in message and "AGS as a string" in message
    if suggestion:
        assert f"Did you mean: {suggestion}" in message


def test_unknown_region_in_a_report_writes_nothing(tmp_path, capsys, monkeypatch):
    with pytest.raises(UnknownRegionError, match="kielregoin"):
        build_reports("kielregoin", "coburg", out_root=tmp_path / "reports", progress=False)
    assert not (tmp_path / "reports").exists()
    monkeypatch.setattr("wla.report.run.REPORT_DIR", tmp_path / "cli-reports")  # never the project's reports/
    code = cli.main(["report", "--region", "kielregoin", "--notebooks", "00"])
    assert code == 2 and "unknown region 'kielregoin'. Did you mean: kielregion?" in capsys.readouterr().err
    assert not (tmp_path / "cli-reports").exists()


@pytest.mark.parametrize("empty", [[], (), ""])
def test_empty_region(empty):
    expected = ParameterError if empty != "" else UnknownRegionError
    with pytest.raises(expected, match="empty region has no members" if empty != "" else "unknown region ''"):
        wla.load(POP, empty)
    with pytest.raises(expected):
        wla.region_total(POP, empty)


def test_empty_region_in_a_report_writes_nothing(tmp_path):
    with pytest.raises(ParameterError, match="empty region has no members"):
        build_reports([], "coburg", selection=["00"], out_root=tmp_path / "reports", progress=False)
    assert not (tmp_path / "reports").exists()


# --- indicators and years --------------------------------------------------------------------------


def test_indicator_that_does_not_exist():
    with pytest.raises(UnknownIndicatorError, match=r"'bevoelkerungg'.*Did you mean: .*bevoelkerung_z22.*wla.indicators\(\)"):
        wla.load("bevoelkerungg", "kielregion")
    with pytest.raises(UnknownIndicatorError):
        wla.region_total("wohnungen_pro_kopf_xyz", "kielregion")


def test_indicator_without_data_for_the_years():
    years = sorted(wla.load(POP, "kielregion")["year"].unique())
    assert years == [2023, 2024]  # what the snapshot holds (12411-01-01-4, 31.12.2023 and 2024)
    with pytest.raises(NoDataError, match=r"bevoelkerung_z22 has no kreis values for \[1990\]; available years: 2023, 2024"):
        wla.load(POP, "kielregion", years=1990)
    with pytest.raises(NoDataError, match="schutzsuchende has no kreis values for"):
        wla.region_total("schutzsuchende", "coburg", year=2010)
    with pytest.raises(ParameterError, match="years must be an int"):
        wla.load(POP, "kielregion", years="2024")


# --- a wrong parameter type passed to a notebook ---------------------------------------------------


def test_report_refuses_a_wrong_year_type_before_any_kernel(tmp_path):
    with pytest.raises(ParameterError, match="jahr must be a year .* not 'zwanzig'"):
        build_reports("kielregion", "coburg", jahr="zwanzig", selection=["00"], out_root=tmp_path, progress=False)
    assert list(tmp_path.iterdir()) == []


def test_notebook_run_with_a_wrong_year_type_names_the_parameter(tmp_path):
    papermill = pytest.importorskip("papermill")
    notebook = PROJECT / "notebooks" / "00_regionsprofil.ipynb"
    before = notebook.read_bytes()
    with pytest.raises(papermill.PapermillExecutionError) as err:
        papermill.execute_notebook(
            str(notebook), str(tmp_path / "out.ipynb"), parameters={"jahr": "zwanzig"},
            kernel_name=kernel_name(), cwd=str(PROJECT / "notebooks"), progress_bar=False,
        )
    assert err.value.ename == "ParameterError"
    assert "jahr must be a year" in err.value.evalue and "zwanzig" in err.value.evalue
    assert notebook.read_bytes() == before  # the committed notebook is untouched


# --- truncated and wrongly encoded raw files, one pair per reader ----------------------------------


def _text(data: bytes) -> str:
    """A fixture's text in its own encoding (UTF-8, or cp1252 for Regionaldatenbank CSVs)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def cut_mid_line(data: bytes) -> bytes:
    """The first two thirds of a file, ending 20 bytes before the end of a line."""
    end = data.index(b"\n", len(data) * 2 // 3)
    return data[: end - 20]


def cut_early_line(data: bytes) -> bytes:
    """The first third of a file, ending 20 bytes before the end of a line."""
    end = data.index(b"\n", len(data) // 3)
    return data[: end - 20]


def as_utf16(data: bytes) -> bytes:
    return _text(data).encode("utf-16")


def as_cp1252(data: bytes) -> bytes:
    return _text(data).encode("cp1252")


def gz(change):
    def inside_gzip(data: bytes) -> bytes:
        return gzip.compress(change(gzip.decompress(data)), mtime=0)

    inside_gzip.__name__ = f"gzip_{change.__name__}"
    return inside_gzip


def first_half(data: bytes) -> bytes:
    return data[: len(data) // 2]


def csv_text(data: bytes) -> bytes:
    """A CSV export saved under the workbook's name."""
    return "id;name;2020\n01002;Kiel;1\n".encode("utf-8")


ZENSUS_BOOK = FIX / "zensus_census_2022_codebook.csv"
READERS = {
    "genesis": ("destatis_12411-01-01-4_2024-12-31_excerpt_ffcsv.csv", read_ffcsv),
    "regionaldatenbank": ("regionaldatenbank_21111-01-03-4_excerpt.csv", read_table_csv),
    "regionaldatenbank_simplified": ("regionaldatenbank_nicofhahn_schutzsuchende_2018_excerpt.csv", read_simplified_csv),
    "regionalstatistik_xlsx": ("regionalstatistik_13111-01-03-4_excerpt.xlsx", read_regionalstatistik_xlsx),
    "gemeindeverzeichnis_gv100ad": ("destatis_gv_gv100ad_301123_excerpt.txt", read_gv100ad),
    "gemeindeverzeichnis_xlsx": ("destatis_gv_auszug_2024_excerpt.xlsx", read_gv_isys),
    "inkar": ("inkar_ruettenauer_kreise_10indikatoren_excerpt.csv", read_inkar_wide),
    "ba": ("ba_arbeitslose_kreis_x_beruf_insgesamt_excerpt.csv.gz", read_ba_occupation_extract),
    "zensus": ("zensus_census_2022_gemeinden_excerpt.csv", lambda p: read_census_extract(p, ZENSUS_BOOK)),
}
CASES = [
    ("genesis", cut_mid_line, "truncated"),
    ("genesis", as_cp1252, "wrong encoding"),
    ("regionaldatenbank", cut_mid_line, "truncated"),
    ("regionaldatenbank", as_utf16, "wrong encoding"),
    ("regionaldatenbank_simplified", cut_mid_line, "truncated"),
    ("regionaldatenbank_simplified", as_utf16, "wrong encoding"),
    ("regionalstatistik_xlsx", first_half, "not a complete xlsx workbook"),
    ("regionalstatistik_xlsx", csv_text, "not a complete xlsx workbook"),
    ("gemeindeverzeichnis_gv100ad", cut_mid_line, "truncated"),
    ("gemeindeverzeichnis_gv100ad", cut_early_line, "truncated"),  # inside a Gemeindeverband record
    ("gemeindeverzeichnis_gv100ad", as_cp1252, "wrong encoding"),
    ("gemeindeverzeichnis_xlsx", first_half, "not a readable xlsx workbook"),
    ("inkar", cut_mid_line, "truncated"),
    ("inkar", as_cp1252, "wrong encoding"),
    ("ba", first_half, "not a complete gzip file"),
    ("ba", gz(cut_mid_line), "truncated"),
    ("ba", gz(as_utf16), "wrong encoding"),
    ("zensus", cut_mid_line, "truncated"),
    ("zensus", as_utf16, "wrong encoding"),
]


@pytest.mark.parametrize("reader, change, problem", CASES, ids=[f"{r}-{c.__name__}" for r, c, _ in CASES])
def test_broken_raw_file_names_the_file(tmp_path, reader, change, problem):
    name, read = READERS[reader]
    original = FIX / name
    read(original)  # the unbroken fixture reads fine
    broken = tmp_path / f"broken_{name}"
    broken.write_bytes(change(original.read_bytes()))
    with pytest.raises(SourceFormatError) as err:
        read(broken)
    assert err.value.path == str(broken) and str(broken) in str(err.value)
    assert problem in str(err.value)


BKG = "bkg_vg5000_2021_KRS_excerpt"


@pytest.mark.parametrize(
    "part, change, problem",
    [
        (".shp", first_half, "records without geometry (truncated .shp?)"),
        (".dbf", first_half, "cannot be read as a shapefile"),
        (".dbf", lambda d: d.replace("ü".encode(), "ü ".encode("latin-1")), "wrong encoding"),
    ],
)
def test_broken_shapefile_names_the_file(tmp_path, part, change, problem):
    for source in FIX.glob(BKG + ".*"):
        shutil.copy(source, tmp_path / source.name)
    target = tmp_path / (BKG + part)
    changed = change(target.read_bytes())
    assert changed != target.read_bytes()
    target.write_bytes(changed)
    with pytest.raises(SourceFormatError) as err:
        read_vg5000(tmp_path / (BKG + ".shp"), "KRS")
    assert err.value.path == str(tmp_path / (BKG + ".shp")) and problem in str(err.value)


# --- a snapshot file edited by hand ----------------------------------------------------------------


@pytest.fixture
def snapshot_copy(tmp_path, monkeypatch):
    source = PROJECT / "data"
    if not (source / "manifest.json").exists():
        pytest.skip("committed snapshot data/ not available")
    copy = tmp_path / "data"
    shutil.copytree(source, copy)
    monkeypatch.setenv("WLA_DATA_DIR", str(copy))
    store.clear_cache()
    yield copy
    monkeypatch.delenv("WLA_DATA_DIR")
    store.clear_cache()


def test_snapshot_file_edited_by_hand(snapshot_copy):
    assert wla.load(POP, "01002", years=2024).query("category == 'insgesamt'")["value"].tolist() == [252668.0]
    catalog = snapshot_copy / "catalog.csv"
    edited = catalog.read_text(encoding="utf-8") + "\n"  # one blank line added
    catalog.write_text(edited, encoding="utf-8")
    store.clear_cache()
    with pytest.raises(SnapshotError, match=r"catalog.csv does not match its checksum .*git checkout data/"):
        wla.load(POP, "kielregion")
    assert catalog.read_text(encoding="utf-8") == edited  # nothing was overwritten or deleted


def test_snapshot_parquet_changed_by_one_byte(snapshot_copy):
    target = snapshot_copy / "genesis_tables.parquet"
    data = bytearray(target.read_bytes())
    data[len(data) // 2] ^= 0xFF
    target.write_bytes(bytes(data))
    with pytest.raises(SnapshotError, match="genesis_tables.parquet does not match its checksum"):
        wla.indicators()
    files = sorted(p.name for p in snapshot_copy.iterdir())
    assert "genesis_tables.parquet" in files and "manifest.json" in files


def test_snapshot_file_missing(snapshot_copy):
    (snapshot_copy / "catalog.csv").unlink()
    with pytest.raises(SnapshotError, match="catalog.csv is missing; restore it with `git checkout data/`"):
        wla.load(POP, "kielregion")

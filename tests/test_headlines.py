"""The headline figures are a reviewed data file (wla/headlines.toml, issue 8 item 1): every figure
names catalogue indicators, a figure of one indicator carries the catalogue's polarity, and a
broken file is an error that names the figure."""
import pytest

from wla.analysis import compare
from wla.catalog import read_catalog
from wla.exceptions import WlaError

CATALOG = read_catalog()


def test_headlines_are_read_from_the_data_file_in_file_order():
    text = compare.HEADLINES_FILE.read_text(encoding="utf-8")
    keys = [line[1:-1] for line in text.splitlines() if line.startswith("[")]
    assert [h.key for h in compare.HEADLINES] == keys
    assert keys[:3] == ["bevoelkerung", "schutzsuchende", "schutzsuchende_je_1000"]


@pytest.mark.parametrize("h", compare.HEADLINES, ids=lambda h: h.key)
def test_every_headline_names_catalogue_indicators(h):
    ids = [h.numerator, *h.national, *([h.implied_from] if h.implied_from else [])]
    if h.denominator and h.denominator != "population":
        ids.append(h.denominator)
    assert [i for i in ids if i not in CATALOG] == []
    assert h.label_de and h.label_en and h.label_de != h.label_en
    assert h.polarity_reason.strip()


@pytest.mark.parametrize("h", [h for h in compare.HEADLINES if not h.denominator], ids=lambda h: h.key)
def test_a_headline_of_one_indicator_has_the_catalogue_polarity(h):
    polarities = {ind.polarity for ind in CATALOG[h.numerator].values()}
    assert polarities == {h.polarity}


def test_known_polarities_a_reader_can_check():
    """Presence of refugees and of foreign pupils is context; leaving school without a
    certificate and foreigners' unemployment are unfavourable; childcare is favourable."""
    pol = {h.key: h.polarity for h in compare.HEADLINES}
    assert pol["schutzsuchende_je_1000"] == pol["auslaendische_schueler"] == "context"
    assert pol["ohne_abschluss"] == pol["alq_auslaender"] == "unfavourable"
    assert pol["kita_u3"] == "favourable"


@pytest.mark.parametrize("row, message", [
    ('theme = "lernen"\nlabel_de = "a"\nlabel_en = "b"\nunit = "%"\nnumerator = "schueler"\n'
     'polarity = "good"\npolarity_reason = "x"\n', "polarity must be one of"),
    ('theme = "schule"\nlabel_de = "a"\nlabel_en = "b"\nunit = "%"\nnumerator = "schueler"\n'
     'polarity = "context"\npolarity_reason = "x"\n', "theme must be one of"),
    ('theme = "lernen"\nlabel_de = "a"\nlabel_en = "b"\nunit = "%"\nnumerator = "schueler"\n'
     'polarity = "context"\npolarity_reason = "x"\npolaritaet = "context"\n', "unknown field(s) ['polaritaet']"),
])
def test_a_broken_headline_file_names_the_figure(tmp_path, row, message):
    path = tmp_path / "headlines.toml"
    path.write_text("[quote]\n" + row, encoding="utf-8")
    with pytest.raises(WlaError) as err:
        compare.read_headlines(path)
    assert "headlines.toml [quote]" in str(err.value) and message in str(err.value)

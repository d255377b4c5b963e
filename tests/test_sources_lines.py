"""Review 4 #9: source lines read as ranges, one line per publication, one line for population
denominators taken from two publications year by year, and the 13211 line only where Germany's
values are drawn."""
from __future__ import annotations

from wla.analysis import compare, labour
from wla.analysis.indicators import rate_series
from wla.present import sources

INKAR = "INKAR-Indikator „Bevölkerung gesamt“"


def test_editions_with_gaps_read_as_ranges():
    years = [*range(1995, 2013), 2014, 2015, 2016, 2018]  # the 22 dates page 10 printed
    (line,) = sources.lines({"bevoelkerung_inkar": years})
    assert line.endswith("Stand 31.12.1995–31.12.2012, 31.12.2014–31.12.2016, 31.12.2018")
    assert line.count("31.12.") == 5
    (line,) = sources.lines({"bevoelkerung_inkar": [*range(1995, 2010), *range(2011, 2019)]})
    assert line.endswith("Stand 31.12.1995–31.12.2009, 31.12.2011–31.12.2018")
    (line,) = sources.lines({"bevoelkerung_inkar": [2011, 2012, 2018]}, "en")  # two in a row stay listed
    assert line.endswith("as of 31 Dec 2011, 31 Dec 2012, 31 Dec 2018")


def test_indicators_of_one_publication_give_one_line():
    # all and foreign unemployed are both BA 317-408036: one line with the union of the years
    (line,) = sources.lines({"arbeitslose_ba": [2012, 2013, 2025], "arbeitslose_auslaender_ba": list(range(2012, 2026))})
    assert "317-408036" in line and line.endswith("Stand Jahresdurchschnitte 2012–2025")


def test_a_denominator_series_from_two_publications_is_one_line_naming_each_ones_years():
    # page 10: the housing stock per 1,000 inhabitants divides by the Gemeindeverzeichnis where it
    # has the year (2013, 2017, 2019) and by INKAR in the other years
    stock = rate_series("wohnungsbestand", [*compare.table_regions("kielregion", "coburg"), "deutschland"])
    by_year = stock.groupby("year")["population_id"].unique()
    gv = sorted(int(y) for y, ids in by_year.items() if "bevoelkerung" in ids)
    assert gv == [2013, 2017, 2019]
    lines = sources.lines(stock.attrs["sources"])
    assert len(lines) == 2 and "31231-02-01-4" in lines[0]
    population = lines[1]
    assert population.startswith("Einwohnerzahlen, je nach Jahr aus: ")
    inkar_part, gv_part = population.split(" · ")
    assert INKAR in inkar_part and inkar_part.endswith("Stand 31.12.2011, 31.12.2012, 31.12.2014–31.12.2016, 31.12.2018")
    assert "GV100AD" in gv_part and gv_part.endswith("Stand 31.12.2013, 31.12.2017, 31.12.2019")
    assert sources.lines(stock.attrs["sources"], "en")[1].startswith("Population counts, depending on the year, from: ")
    # the permits 1995–2019: no longer 22 dates
    permits = sources.lines(rate_series("baugenehmigungen", ["kielregion", "coburg"]).attrs["sources"])
    assert "Stand 31.12.1995–31.12.2012, 31.12.2014–31.12.2016, 31.12.2018 · " in permits[1]


def test_populations_of_two_bases_keep_their_own_lines():
    # a Zensus-2011 and a Zensus-2022 count are two series on both sides of a break, not one
    out = sources.lines({"bevoelkerung_inkar": [2018], "bevoelkerung_z22": [2023, 2024]})
    assert len(out) == 2 and not any(line.startswith("Einwohnerzahlen") for line in out)


def test_the_13211_line_belongs_to_the_chart_with_germany_only():
    series = labour.unemployed_series(["kielregion", "coburg", "deutschland"])
    national = series.attrs["sources_national"]
    assert national == {"arbeitslose": [2019, 2025], "arbeitslose_auslaender": [2019, 2025]}
    own = {k: v for k, v in series.attrs["sources"].items() if k not in national}
    assert not any("13211" in line for line in sources.lines(own))
    assert any("13211-02-05-4" in line and "2019, 2025" in line for line in sources.lines(series.attrs["sources"]))

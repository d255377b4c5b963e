"""A comparison that shares territory with the region says so on every page (wla.regions.overlap)."""
from __future__ import annotations

import wla
from wla.notebook import setup
from wla.regions import overlap


def test_overlap_kinds_from_the_gazetteer():
    land, kiel = wla.region("01"), wla.region("01002")
    assert overlap(kiel, land) == "in" and overlap(land, kiel) == "um"
    assert overlap(wla.region("kielregion"), wla.region("01002,01054")) == "teil"  # Kiel on both sides
    assert overlap(wla.region("kielregion"), wla.region("coburg")) == ""
    # a Gemeinde of Landkreis Coburg (Rödental, 09473159) against its Kreis
    roedental = wla.region("09473159")
    assert overlap(roedental, wla.region("09473")) == "in"


def test_pages_say_the_comparison_contains_the_region(monkeypatch):
    from wla.present import tables

    shown = []
    monkeypatch.setattr(tables, "say", shown.append)
    setup("01002", "01", None, "de")
    assert any("liegt in Schleswig-Holstein" in s and "enthalten die von Kiel" in s for s in shown)
    shown.clear()
    setup("kielregion", "coburg", None, "en")
    assert not any("lies within" in s or "overlap" in s for s in shown)

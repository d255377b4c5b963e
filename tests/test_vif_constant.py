"""The VIF column: "x" (not meaningful) for the constant, never "k. A." (review 4, P3)."""
import numpy as np

from wla.analysis import models
from wla.present.ranking import coefficient_table
from wla.present.words import t


def test_vif_of_the_constant_is_x_and_the_others_are_numbers():
    model = models.cross_section()
    table = coefficient_table(model, "de")
    rows = dict(zip(table.iloc[:, 0], table["VIF"]))
    assert rows[t("vergleich.konstante", "de")] == "x"
    others = [v for k, v in rows.items() if k != t("vergleich.konstante", "de")]
    assert others and all(v not in ("x", "k. A.") for v in others)
    c = model.coefficients.set_index("term")  # a VIF is at least 1 for every covariate, none for the constant
    assert np.isnan(c.loc["const", "vif"]) and (c.drop("const")["vif"] >= 1).all()

"""Each context finding says why in its own words, keyed by its figure (review 4, P3)."""
import tomllib
from types import SimpleNamespace

from wla.paths import PROJECT_ROOT
from wla.present import words
from wla.present.findings import reason


def _context_keys() -> list[str]:
    headlines = tomllib.loads((PROJECT_ROOT / "wla" / "headlines.toml").read_text(encoding="utf-8"))
    return [k for k, v in headlines.items() if v.get("polarity") == "context"]


def test_every_context_headline_has_its_own_reason_in_both_languages():
    keys = _context_keys()
    assert {"schutzsuchende_je_1000", "leerstandsquote", "asyl_je_1000"} <= set(keys)
    texts = {lang: [words.t(f"kontext.{k}", lang) for k in keys] for lang in ("de", "en")}
    for lang, found in texts.items():
        assert len(set(found)) == len(found), lang  # no two figures share a sentence
    generic = words.t("befund.regel_kontext", "de")
    row = lambda key: SimpleNamespace(klasse="context", regel="kontext", grund="kontext", kennzahl=key)  # noqa: E731
    refugees = reason(row("schutzsuchende_je_1000"), "Landkreis Coburg", {}, "de")
    assert refugees == words.t("kontext.schutzsuchende_je_1000", "de") != generic
    assert "Leerstand" not in refugees  # the vacancy example no longer stands under refugee loads
    assert reason(row("unbekannt"), "Landkreis Coburg", {}, "de") == generic  # a key without words: the general rule

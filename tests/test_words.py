"""Reader-facing words: every entry in both languages, every key used in code exists."""
from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest

from wla.present import words

ROOT = Path(__file__).resolve().parents[1]
#: Literal keys in calls such as t("profil.intro", ...) or ctx.say("profil.intro", ...) in the package and the notebooks.
KEY_CALL = re.compile(r"""(?:\bt|\bctx\.say)\(\s*\\?["']([a-z0-9_]+(?:\.[a-z0-9_]+)?)\\?["']""")


def _fields(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name}


@pytest.mark.parametrize("chapter", words.chapters())
def test_every_entry_has_german_and_english_with_the_same_fields(chapter):
    for entry, texts in words.chapter(chapter).items():
        assert set(texts) == {"de", "en"}, f"{chapter}.{entry}: needs exactly de and en"
        assert texts["de"].strip() and texts["en"].strip(), f"{chapter}.{entry}: empty text"
        assert _fields(texts["de"]) == _fields(texts["en"]), f"{chapter}.{entry}: placeholders differ"


def _sources():
    for path in list((ROOT / "wla").rglob("*.py")) + list((ROOT / "notebooks").glob("*.ipynb")):
        text = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            text = "\n".join("".join(c["source"]) for c in json.loads(text)["cells"])
        yield path, text


def test_every_key_used_in_code_and_notebooks_exists():
    used = {(path.name, key) for path, text in _sources() for key in KEY_CALL.findall(text)}
    assert used, "the key pattern found no t(...) call at all"
    missing = sorted((name, key) for name, key in used if not words.has(key))
    assert not missing, f"keys used but not in wla/present/words: {missing}"


def test_unknown_key_and_language_fail_clearly():
    with pytest.raises(Exception, match="words/profil.toml"):
        words.t("profil.gibt_es_nicht")
    with pytest.raises(Exception, match="sprache"):
        words.t("profil.karte_entwicklung", "fr", region="A", start=2013, end=2023)
    assert words.t("profil.karte_entwicklung", "en", region="A", start=2013, end=2023) == "A: population change 2013–2023 in %"

"""The mapped py3langid model answers exactly as py3langid's own loader, without copying the tables."""

from __future__ import annotations

import zipfile
from pathlib import Path

import numpy as np
import pytest
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from ldwg_bot.feedback import langmodel

BENCH = Path(__file__).resolve().parents[3] / "bench"
TEXTS = [
    "Me parece que la definición debería hablar más de las comunidades pequeñas.",
    "Je pense que la définition du leadership oublie les bénévoles hors ligne.",
    "أعتقد أن تعريف القيادة يجب أن يشمل المتطوعين في المجتمعات الصغيرة",
    "আমার মনে হয় নেতৃত্বের সংজ্ঞায় ছোট সম্প্রদায়ের কথা থাকা উচিত",
    "Acho que a definição deveria falar mais das comunidades pequenas.",
    "I think the draft should say more about leaders who hold no title. " * 30,
    "",
    "12345 !!!",
]


@pytest.fixture(scope="module")
def both():
    return langmodel.load_identifier(norm_probs=True), LanguageIdentifier.from_model_file(
        MODEL_FILE, norm_probs=True
    )


def test_same_ranking_as_py3langid_own_loader(both):
    mapped, copied = both
    lines = (BENCH / "language_comments.tsv").read_text(encoding="utf-8").splitlines()
    texts = TEXTS + [line.split("\t")[-1] for line in lines if "\t" in line and not line.startswith("#")]
    for text in texts:
        assert mapped.rank(text) == copied.rank(text), text


def test_tables_are_mapped_not_copied(both):
    mapped, _ = both
    assert isinstance(mapped.nb_ptc, np.memmap)
    assert isinstance(mapped.tk_nextmove, memoryview) and isinstance(mapped.tk_nextmove.obj, np.memmap)


def test_an_unexpected_model_falls_back_to_py3langid(monkeypatch, tmp_path):
    """A later py3langid that compresses its members (or changes layout) still gets answers."""

    def compressed(path):
        raise ValueError("ptc.npy is compressed")

    monkeypatch.setattr(langmodel, "_mapped_tables", compressed)
    identifier = langmodel.load_identifier(norm_probs=True)
    assert not isinstance(identifier.nb_ptc, np.memmap)
    assert identifier.rank(TEXTS[0])[0][0] == "es"


def test_compressed_member_is_refused(tmp_path):
    path = tmp_path / "m.npz"
    np.savez_compressed(path, ptc=np.zeros((2, 2), dtype=np.float16))
    with open(path, "rb") as file, zipfile.ZipFile(file) as archive:
        with pytest.raises(ValueError, match="compressed"):
            langmodel._map_member(file, archive.infolist()[0])


def test_stored_member_maps_its_values(tmp_path):
    path = tmp_path / "m.npz"
    table = np.arange(12, dtype=np.uint16).reshape(3, 4)
    np.savez(path, nextmove=table, classes=np.array(["en", "es"]))
    with open(path, "rb") as file, zipfile.ZipFile(file) as archive:
        maps = {i.filename: langmodel._map_member(file, i) for i in archive.infolist()}
    assert (maps["nextmove.npy"] == table).all() and maps["classes.npy"].tolist() == ["en", "es"]

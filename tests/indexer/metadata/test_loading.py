"""The metadata package loads its extractors only when a page is described: opening an archive
and its first search need outlet names, not lxml and the date finders."""

import subprocess
import sys


def test_normalising_an_outlet_name_does_not_load_the_extractors():
    probe = (
        "import sys\n"
        "from indexer.documents import effective_values\n"
        "from indexer.model import Value\n"
        "values, _ = effective_values({'outlet': Value('www.rt.com', 'canonical'), 'date': Value('2020-01-02', 'json-ld', 0.9)}, {}, {})\n"
        "assert values['outlet'].value and values['date'].value == '2020-01-02'\n"
        "print(sorted(m for m in sys.modules if m.startswith(('lxml', 'htmldate', 'indexer.metadata.'))))\n"
    )
    loaded = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert "lxml" not in loaded and "htmldate" not in loaded
    assert "indexer.metadata.extracting" not in loaded and "indexer.metadata.dates" not in loaded
    assert "indexer.metadata.outlets" in loaded


def test_the_package_still_offers_its_whole_contract():
    import indexer.metadata as metadata

    for name in metadata.__all__:
        assert getattr(metadata, name) is not None
    assert callable(metadata.extract) and callable(metadata.describe)

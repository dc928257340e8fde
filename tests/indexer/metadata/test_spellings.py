"""One outlet, one name: spellings of one outlet are found, different outlets are never merged."""

from indexer.metadata.spellings import same_outlet_spellings


def test_spellings_of_one_outlet_are_filed_under_its_name():
    merges = same_outlet_spellings({
        "FOCUS Online": 5, "FOCUS online": 2,
        "Salon": 3, "salon.com": 4,
        "@politifact": 1, "PolitiFact": 1,
        "ORF.at": 1, "orf.at": 2,
        "Zoo Berlin": 1, "Zoo-Berlin": 1,
    })
    assert merges["FOCUS online"] == "FOCUS Online", "the spelling with more pages is kept"
    assert merges["salon.com"] == "Salon", "a name is kept over a bare domain, whatever the counts"
    assert merges["@politifact"] == "PolitiFact"
    assert merges["ORF.at"] == "orf.at"
    zoo = {name: kept for name, kept in merges.items() if name.startswith("Zoo")}
    assert len(zoo) == 1 and set(zoo.items()).pop() in {("Zoo Berlin", "Zoo-Berlin"), ("Zoo-Berlin", "Zoo Berlin")}
    assert len(merges) == 5


def test_different_outlets_are_never_merged():
    assert same_outlet_spellings({"express.co.uk": 3, "express.de": 2}) == {}, "two domains, two newspapers"
    assert same_outlet_spellings({"Express": 3, "express.co.uk": 1, "express.de": 1}) == {}, "a name two sites could claim"
    assert same_outlet_spellings({"The Times": 2, "Times": 2, "New York Times": 1}) == {}
    assert same_outlet_spellings({"RT": 4, "rt.com": 1, "Report": 1}) == {"rt.com": "RT"}


def test_capitals_only_lose_a_tie():
    assert same_outlet_spellings({"PCMAG": 2, "PCMag": 2}) == {"PCMAG": "PCMag"}


def test_spellings_whose_pages_come_from_different_sites_stay_apart():
    sites = {"ZDNet": ["zdnet.com"], "ZDNet.de": ["www.zdnet.de"], "Salon": ["salon.com"], "salon.com": []}
    merges = same_outlet_spellings({"ZDNet": 3, "ZDNet.de": 2, "Salon": 1, "salon.com": 1}, lambda name: sites[name])
    assert merges == {"salon.com": "Salon"}
    assert same_outlet_spellings({"autonews": 1, "Auto News": 1}) == {"autonews": "Auto News"}

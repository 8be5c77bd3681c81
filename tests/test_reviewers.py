"""Tests of the reviewer-relationship measures (dprk_upr.data.measures)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pycountry
import pytest

from dprk_upr.data import measures
from dprk_upr.data.measures import alliances, assembly, groupings, keys
from dprk_upr.data.reference import measure_years, read_reviews, review_dates
from dprk_upr.paths import find_raw_dir

MEASURE_YEAR = measure_years(read_reviews())
REVIEW_DATE = review_dates(read_reviews())

ROOT = Path(__file__).resolve().parents[1]


RAW = find_raw_dir("unga/IdealpointsJuly2025.dta")
needs_raw = pytest.mark.skipif(RAW is None, reason="raw inputs not found ($DPRK_UPR_RAW, data/raw, ../shared/data/raw)")

# UPR Info spellings that pycountry does not look up to the intended state
UPR_INFO_NAMES = {
    "Bolivia": "BOL",
    "Czech Republic": "CZE",
    "Iran": "IRN",
    "Laos": "LAO",
    "Macedonia FYR": "MKD",
    "Palestine": "PSE",
    "Republic of Korea": "KOR",
    "Russian Federation": "RUS",
    "Syria": "SYR",
    "Turkey": "TUR",
    "United Kingdom": "GBR",
    "United States": "USA",
    "Venezuela": "VEN",
    "Viet Nam": "VNM",
}
UPR_INFO_FILES = {1: ("upr-info-export-sessions-06-09.csv", 6), 2: ("upr-info-export-sessions-17-20.csv", 19)}


def _iso3(name: str) -> str:
    return UPR_INFO_NAMES.get(name) or pycountry.countries.lookup(name).alpha_3


@pytest.fixture(scope="module")
def recommenders() -> pd.DataFrame:
    """The states that made recommendations to the DPRK in cycles 1 and 2 (UPR Info)."""
    rows = []
    for cycle, (name, session) in UPR_INFO_FILES.items():
        d = pd.read_csv(RAW / "upr-info" / name, encoding="mac_roman")
        d = d[(d["To"] == "DPR Korea") & (d["Session"] == session)]
        rows += [(_iso3(n), cycle, n) for n in sorted(d["From"].unique())]
    return pd.DataFrame(rows, columns=["iso3", "cycle", "name"])


@pytest.fixture(scope="module")
def recommender_measures(recommenders) -> pd.DataFrame:
    return measures.reviewer_measures(recommenders[["iso3", "cycle"]], RAW)


@pytest.fixture(scope="module")
def anchors() -> pd.DataFrame:
    states = ["CHN", "CUB", "USA", "JPN", "KOR"]
    frame = pd.DataFrame([(s, c) for s in states for c in MEASURE_YEAR], columns=["iso3", "cycle"])
    return measures.reviewer_measures(frame, RAW)


# ---------------------------------------------------------------- without raw data


def test_measure_years_and_review_dates_match_the_reference_table():
    assert MEASURE_YEAR == {1: 2008, 2: 2013, 3: 2018, 4: 2023}
    for cycle, year in MEASURE_YEAR.items():
        assert pd.Timestamp(REVIEW_DATE[cycle]).year == year + 1
    reviews = ROOT / "data" / "reference" / "reviews.csv"
    if reviews.is_file():
        ref = pd.read_csv(reviews)
        if {"cycle", "measure_year"} <= set(ref.columns):
            assert dict(zip(ref["cycle"], ref["measure_year"])) == MEASURE_YEAR
        if {"cycle", "review_date"} <= set(ref.columns):
            assert dict(zip(ref["cycle"], ref["review_date"])) == REVIEW_DATE


def test_errata_file_is_documented():
    e = groupings.load_groupings_errata()
    assert (e["note"].str.len() > 10).all() and (e["source"].str.len() > 10).all()
    regional = e[e["group"].isin(list(groupings.REGIONAL_GROUPS))]
    assert regional["source"].str.contains("UN Department for General Assembly and Conference Management").all()


def test_cow_iso3_file_has_a_note_on_every_row():
    table = pd.read_csv(keys.COW_ISO3, dtype=str, keep_default_na=False)
    assert list(table.columns) == ["ccode", "iso3", "first_year", "last_year", "note"]
    assert (table["note"].str.len() > 20).all()


def test_merge_check_names_the_input():
    left = pd.DataFrame({"k": [1, 2]})
    right = pd.DataFrame({"k": [1, 1], "v": [3, 4]})
    with pytest.raises(ValueError, match="my input"):
        keys.merge_checked(left, right, ["k"], "my input")


# ---------------------------------------------------------------- with raw data


@needs_raw
def test_china_and_cuba_are_closer_to_the_dprk_than_the_us_japan_and_south_korea(anchors):
    for col in ("ideal_point_distance", "ideal_point_distance_fp"):
        wide = anchors.pivot(index="cycle", columns="iso3", values=col)
        assert list(wide.index) == [1, 2, 3, 4]
        assert wide.notna().all().all()
        friends = wide[["CHN", "CUB"]].max(axis=1)
        others = wide[["USA", "JPN", "KOR"]].min(axis=1)
        assert (friends < others).all(), wide


@needs_raw
def test_vote_agreement_orders_the_same_way(anchors):
    early = anchors[anchors["cycle"] <= 3].pivot(index="cycle", columns="iso3", values="vote_agreement")
    assert (early[["CHN", "CUB"]].min(axis=1) > early[["USA", "JPN", "KOR"]].max(axis=1)).all()
    late = anchors[anchors["cycle"] == 4]
    assert late["vote_agreement"].isna().all()
    assert late["missing_reason"].str.contains("vote_agreement").all()


@needs_raw
def test_cow_iso3_mapping_is_one_to_one_in_every_year():
    m = keys.load_cow_iso3(RAW)
    both = m[m["ccode"].notna() & m["iso3"].notna()]
    for year in range(1946, 2025):
        active = both[(both["first_year"].fillna(0) <= year) & (both["last_year"].fillna(9999) >= year)]
        assert not active["ccode"].duplicated().any(), (year, active[active["ccode"].duplicated(keep=False)])
        assert not active["iso3"].duplicated().any(), (year, active[active["iso3"].duplicated(keep=False)])


@needs_raw
def test_cow_iso3_changes_of_state():
    m = keys.load_cow_iso3(RAW)

    def code(iso3, year):
        hit = m[(m["iso3"] == iso3) & (m["first_year"].fillna(0) <= year) & (m["last_year"].fillna(9999) >= year)]
        return None if hit.empty or pd.isna(hit["ccode"].iloc[0]) else int(hit["ccode"].iloc[0])

    assert code("SRB", 2008) == 345 and code("YUG", 2008) is None
    assert code("DEU", 1985) == 260 and code("DEU", 2008) == 255
    assert code("CZE", 2008) == 316 and code("CSK", 1990) == 315
    assert code("YEM", 2008) == 679 and code("YMD", 1980) == 680
    assert code("SSD", 2013) == 626 and code("SSD", 2008) is None and code("SDN", 2013) == 625
    assert code("RUS", 2008) == 365 and code("VNM", 2008) == 816
    assert code("PRK", 2008) == alliances.DPRK_CCODE
    assert code("PSE", 2008) is None and "PSE" in set(m["iso3"])


@needs_raw
def test_ideal_points_have_corrected_codes():
    ip = assembly.load_ideal_points(RAW)
    assert not ip.duplicated(["iso3", "year"]).any()
    assert "SRB" in set(ip.loc[ip["year"] == 2013, "iso3"])
    assert "YUG" not in set(ip.loc[ip["year"] >= 2006, "iso3"])


@needs_raw
def test_every_recommender_of_cycles_1_and_2_has_every_measure_or_a_reason(recommenders, recommender_measures):
    out = recommender_measures
    assert len(out) == len(recommenders) == 46 + 82
    assert list(zip(out["iso3"], out["cycle"])) == list(zip(recommenders["iso3"], recommenders["cycle"]))
    for measure in measures.MEASURES:
        blank = out[out[measure].isna()]
        assert blank["missing_reason"].str.contains(measure, regex=False).all(), (measure, blank[["iso3", "cycle"]])
    # only Palestine, which has no COW code and no UN vote, lacks any measure
    incomplete = out[out[measures.MEASURES].isna().any(axis=1)]
    assert set(incomplete["iso3"]) == {"PSE"}
    pse = out[out["iso3"] == "PSE"].iloc[0]
    assert "Correlates of War" in pse["missing_reason"] and "not a UN member state" in pse["missing_reason"]
    assert pse["nam"] and pse["oic"]


@needs_raw
def test_unknown_iso3_and_bad_input_raise():
    with pytest.raises(ValueError, match="unknown to every source.*XKQ"):
        measures.reviewer_measures(pd.DataFrame({"iso3": ["CHN", "XKQ"], "cycle": [1, 1]}), RAW)
    with pytest.raises(ValueError, match="cycles must be"):
        measures.reviewer_measures(pd.DataFrame({"iso3": ["CHN"], "cycle": [5]}), RAW)
    with pytest.raises(ValueError, match="share their key"):
        measures.reviewer_measures(pd.DataFrame({"iso3": ["CHN", "CHN"], "cycle": [1, 1]}), RAW)
    with pytest.raises(ValueError, match="missing column"):
        measures.reviewer_measures(pd.DataFrame({"state": ["CHN"], "cycle": [1]}), RAW)


@needs_raw
def test_dprk_resolution_roll_calls():
    res = assembly.dprk_resolution_votes(RAW)
    years = list(res["year"])
    assert len(years) == len(set(years))  # one roll call per year at most
    assert set(years) == {2005, 2006, 2007, 2008, 2009, 2010, 2011, 2014, 2015}
    # every year from the first resolution (2005) to the end of the votes (2019) is either a
    # recorded vote or documented as adopted without a vote
    assert set(years) | assembly.DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE == set(range(2005, 2020))
    assert not set(years) & assembly.DPRK_RESOLUTION_ADOPTED_WITHOUT_VOTE
    assert res["title"].str.startswith("Situation of human rights in the Democratic People").all()
    assert (res["yes"] > res["no"]).all()  # adopted every time
    votes = assembly.load_votes(RAW)
    dprk = votes[(votes["iso3"] == "PRK") & votes["rcid"].isin(res["rcid"])]
    assert set(dprk["vote"]) == {"no"}


@needs_raw
def test_china_has_a_defence_pact_with_the_dprk(anchors):
    atop = alliances.load_atop(RAW)
    china = atop[atop["ccode"] == 710].set_index("year")
    assert china.loc[[2008, 2013, 2018], "atop_defense"].all()
    assert set(atop.loc[atop["atop_defense"] & (atop["year"] == 2018), "ccode"]) == {40, 710}
    rows = anchors.set_index(["iso3", "cycle"])
    assert all(rows.loc[("CHN", c), "defence_pact"] for c in MEASURE_YEAR)
    assert all(rows.loc[("CUB", c), "defence_pact"] for c in MEASURE_YEAR)
    assert not any(rows.loc[("USA", c), "defence_pact"] for c in MEASURE_YEAR)
    assert (anchors.loc[anchors["cycle"] == 4, "atop_year"] == alliances.ATOP_LAST_YEAR).all()


@needs_raw
def test_every_bilateral_treaty_is_coded_by_atop_from_the_year_given():
    atop = alliances.load_atop(RAW).set_index(["ccode", "year"])
    column = {"defence": "atop_defense", "nonaggression": "atop_nonagg", "consultation": "atop_consul"}
    for row in alliances.load_bilateral_treaties().itertuples():
        col = column[row.obligation]
        assert atop.loc[(row.ccode, row.atop_from), col], row
        before = (row.ccode, row.atop_from - 1)
        assert before not in atop.index or not atop.loc[before, col], row
        assert len(row.source) > 20 and "ATOP" in row.source


@needs_raw
def test_the_multilateral_treaty_does_not_make_allies(anchors):
    """ATOP codes a non-aggression pact between the DPRK and the United States, Japan, the UK,
    France, Canada and Australia from the Treaty of Amity and Cooperation; the measure must not."""
    atop = alliances.load_atop(RAW)
    coded = atop[(atop["year"] == 2013) & atop["atop_nonagg"]]
    assert {2, 740, 200, 220, 20, 900} <= set(coded["ccode"])  # the raw codes are there ...
    kept = alliances.bilateral(atop, alliances.load_bilateral_treaties())
    kept13 = kept[kept["year"] == 2013].set_index("ccode")
    assert not kept13.loc[[2, 740, 200, 220, 20, 900], ["defence_pact", "nonaggression_pact"]].any().any()
    assert set(kept13.index[kept13["nonaggression_pact"]]) == {710, 732}  # China; the 1991 inter-Korean agreement
    assert set(kept13.index[kept13["defence_pact"]]) == {40, 710}
    rows = anchors.set_index(["iso3", "cycle"])
    for state in ("USA", "JPN"):
        assert not any(rows.loc[(state, c), "nonaggression_pact"] for c in MEASURE_YEAR)


def test_treaty_table_is_validated(tmp_path):
    from dprk_upr.data.files import ConfigError

    table = alliances.load_bilateral_treaties()
    assert set(table["partner"]) == {"CHN", "CUB", "KOR", "RUS"}
    bad = tmp_path / "treaties.yaml"
    bad.write_text("treaties:\n  - partner: CHN\n    ccode: 710\n    treaty: x\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="treaty #1"):
        alliances.load_bilateral_treaties(bad)


@needs_raw
def test_groupings_after_errata():
    now = groupings.load_groupings(RAW)
    assert (now[list(groupings.REGIONAL_GROUPS)].sum(axis=1) <= 1).all()
    assert now.loc["AUS", "WEOG"] and not now.loc["AUS", "ASIAPACIFICGROUP"]
    assert now.loc["NZL", "WEOG"] and not now.loc["NZL", "ASIAPACIFICGROUP"]
    assert now.loc["ARM", "EEG"] and now.loc["AZE", "EEG"] and not now.loc["ARM", "ASIAPACIFICGROUP"]
    assert not now.loc["MEX", "NAM"]
    assert now.loc["USA", "WEOG"] and now.loc["TUR", "WEOG"] and now.loc["ISR", "WEOG"]
    assert not now.loc["GBR", "EU"]
    y2008 = groupings.load_groupings(RAW, year=2008)
    assert y2008.loc["GBR", "EU"] and not y2008.loc["HRV", "EU"]
    assert not y2008.loc["ALB", "NATO"] and not y2008.loc["CHL", "OECD"] and not y2008.loc["AZE", "NAM"]
    y2023 = groupings.load_groupings(RAW, year=2023)
    assert y2023.loc["FIN", "NATO"] and not y2023.loc["SWE", "NATO"] and not y2023.loc["GBR", "EU"]


@needs_raw
def test_regional_groups_of_the_recommenders(recommender_measures):
    out = recommender_measures.set_index(["iso3", "cycle"])
    assert out.loc[("CHN", 2), "un_regional_group"] == "ASIA-PACIFIC"
    assert out.loc[("AUS", 1), "un_regional_group"] == "WEOG"
    assert out.loc[("BLR", 1), "un_regional_group"] == "EEG"
    assert out.loc[("CUB", 1), "un_regional_group"] == "GRULAC"
    assert out.loc[("DZA", 1), "un_regional_group"] == "AFRICAN"
    assert not out.loc[("MEX", 1), "nam"]
    assert out.loc[("GBR", 2), "eu"] and out.loc[("GBR", 2), "nato"]
    assert out.loc[("SVN", 1), "eu"] and not out.loc[("SVN", 1), "oecd"] and out.loc[("SVN", 1), "nato"]

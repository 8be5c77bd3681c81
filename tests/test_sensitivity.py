"""The sensitivity codebook (data/coding/sensitivity.yaml) and its code (dprk_upr/coding/regime_sensitivity.py).

Four kinds of check: the codebook's own examples; further texts written here; malformed codebooks
must fail loudly; and on the DPRK rows of the UPR Info exports the text rule must agree with the
issue-tag coding above a floor and must separate noted from accepted recommendations.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from dprk_upr.coding import issue_tags, validation
from dprk_upr.coding import regime_sensitivity as sens
from dprk_upr.paths import find_raw_dir

ROOT = Path(__file__).resolve().parents[1]
CODEBOOK = ROOT / "data" / "coding" / "sensitivity.yaml"

# Floor for Cohen's kappa between the two codings on the 436 DPRK rows of cycles 1 and 2.
# Codebook version 1 reaches 0.547 (78 rows sensitive by text only, 12 by tags only); the floor
# leaves a margin of 0.05 for pattern edits that do not change the concept.
KAPPA_FLOOR = 0.50


def _examples(key: str) -> list:
    book = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    return [pytest.param(c["id"], text, id=f"{c['id']}:{text[:40]}") for c in book["categories"] for text in c[key]]


# --------------------------------------------------------------------------------------------
# The codebook's own examples
# --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("category, text", _examples("must_match"))
def test_codebook_example_matches(category, text):
    assert sens.sensitivity_flags(text)[category], sens.explain(text)[category]


@pytest.mark.parametrize("category, text", _examples("must_not_match"))
def test_codebook_example_does_not_match(category, text):
    assert not sens.sensitivity_flags(text)[category], sens.explain(text)[category]


def test_check_examples_is_clean():
    assert sens.check_examples() == []


def test_codebook_is_versioned():
    book = sens.load_codebook()
    assert isinstance(book["version"], int)
    assert any(str(book["version"]) == str(entry["version"]) for entry in book["changelog"])


def test_death_penalty_is_recorded_but_not_counted():
    book = sens.load_codebook()
    counts = {c["id"]: c["counts_toward_sensitive"] for c in book["categories"]}
    assert counts == {
        "accountability": True,
        "detention": True,
        "freedoms": True,
        "abductions": True,
        "songbun": True,
        "death_penalty": False,
    }


# --------------------------------------------------------------------------------------------
# Further texts, written for these tests
# --------------------------------------------------------------------------------------------

SENSITIVE = [
    "Engage with the country mandate holder, the Special Rapporteur on the situation of human rights",
    "Act on the findings of the Commission of Inquiry without delay",
    "Let the UN human rights office in Seoul document violations",
    "Refer the situation to the ICC",
    "Shut down the kwanliso and the kyohwaso",
    "Stop sending families of defectors to prison camps",
    "End the ill-treatment of women forcibly returned from China",
    "Abolish punishment for crossing the border without permission",
    "End secret executions",
    "Let citizens listen to foreign radio and watch foreign films without punishment",
    "Allow churches and other places of worship to operate freely",
    "Allow people to move between provinces freely",
    "Return the Japanese abductees and disclose what happened to them",
    "Account for South Korean prisoners of war still held",
    "Stop distributing food according to loyalty to the leadership",
    "Abolish the songbun classification",
    "Stop torture of detainees and ratify the Convention against Torture",
]

NOT_SENSITIVE = [
    "Ratify the Convention against Torture",
    "Consider acceding to OP-CAT",
    "Abolish the death penalty and ratify the Second Optional Protocol to the ICCPR",
    "Invite the Special Rapporteur on violence against women",
    "Cooperate with the special procedures and treaty bodies",
    "Accept technical cooperation offered by OHCHR",
    "Hold more reunions of separated families",
    "Increase the budget for primary health care",
    "Continue to improve the quality of education in rural areas",
    "Ensure the right to food for everyone without discrimination",
    "Share its experience in disaster risk reduction",
    "Establish a national human rights institution in line with the Paris Principles",
    "Raise awareness of women's rights through media campaigns",
    "Ratify CRPD",
    "",
]


@pytest.mark.parametrize("text", SENSITIVE)
def test_extra_sensitive(text):
    assert sens.is_sensitive(text), sens.explain(text)


@pytest.mark.parametrize("text", NOT_SENSITIVE)
def test_extra_not_sensitive(text):
    assert not sens.is_sensitive(text), sens.explain(text)


def test_case_and_typography_do_not_matter():
    assert sens.is_sensitive("CLOSE ALL POLITICAL PRISON CAMPS")
    assert sens.is_sensitive("end \u201cguilt\u2011by\u2011association\u201d")


def test_exclusion_only_blanks_its_own_span():
    flags = sens.sensitivity_flags("Ratify CAT and end torture in detention centres")
    assert flags["detention"]


def test_code_frame_columns_and_index():
    texts = pd.Series(["Close political prison camps", "Abolish the death penalty", None], index=[10, 11, 12])
    frame = sens.code_frame(texts)
    book = sens.load_codebook()
    assert list(frame.columns) == [f"sens_{c['id']}" for c in book["categories"]] + ["sensitive"]
    assert list(frame.index) == [10, 11, 12]
    assert all(pd.api.types.is_bool_dtype(t) for t in frame.dtypes)
    assert frame["sensitive"].tolist() == [True, False, False]
    assert frame.loc[11, "sens_death_penalty"] and not frame.loc[12].any()


def test_sensitive_from_issues():
    assert issue_tags.sensitive_from_issues("Detention,Enforced disappearances,Torture and other CID treatment")
    assert issue_tags.sensitive_from_issues("Justice, Freedom of movement")
    assert not issue_tags.sensitive_from_issues("Right to food,Special procedures,Death penalty")
    assert not issue_tags.sensitive_from_issues("")
    assert not issue_tags.sensitive_from_issues(float("nan"))
    with pytest.raises(ValueError, match="Flying saucers"):
        issue_tags.sensitive_from_issues("Justice,Flying saucers")


def test_agreement():
    a = pd.Series([True, True, False, False, True], name="rule")
    b = pd.Series([True, False, False, False, True], name="tags")
    result = validation.agreement(a, b)
    assert result["n"] == 5 and result["percent_agreement"] == pytest.approx(80.0)
    assert result["kappa"] == pytest.approx(0.6153846, abs=1e-6)
    assert result["table"].loc[True, False] == 1 and result["table"].loc[False, True] == 0
    assert result["table"].index.name == "rule" and result["table"].columns.name == "tags"
    with pytest.raises(ValueError):
        validation.agreement([True], [True, False])


def test_disagreements_explain_both_directions():
    texts = pd.Series(
        [
            "Implement the recommendations of the COI",
            "Ratify CAT",
            "Prohibit corporal punishment of children",
            "Improve schools",
        ]
    )
    issues = pd.Series(
        [
            "Justice",
            "International instruments,Torture and other CID treatment",
            "Rights of the Child,Torture and other CID treatment",
            "Right to education",
        ]
    )
    rule = sens.code_frame(texts)["sensitive"]
    tags = issue_tags.code_issues(issues)
    out = issue_tags.disagreements(texts, issues, rule, tags)
    assert list(out.index) == [0, 1, 2]
    assert out.loc[0, "resolution"].startswith("Kept SENSITIVE") and "accountability" in out.loc[0, "categories"]
    assert out.loc[1, "resolution"].startswith("Kept NOT SENSITIVE") and "'CAT'" in out.loc[1, "excluded"]
    assert "broader than" in out.loc[2, "resolution"]
    assert out.loc[2, "sensitive_tags"] == "Torture and other CID treatment"


# --------------------------------------------------------------------------------------------
# A malformed codebook must fail with a message naming the category and the key
# --------------------------------------------------------------------------------------------


def _write(tmp_path, edit) -> Path:
    book = yaml.safe_load(CODEBOOK.read_text(encoding="utf-8"))
    edit(book)
    path = tmp_path / "codebook.yaml"
    path.write_text(yaml.safe_dump(book, allow_unicode=True), encoding="utf-8")
    return path


def _category(book, cid):
    return next(c for c in book["categories"] if c["id"] == cid)


def test_invalid_pattern_is_reported(tmp_path):
    path = _write(tmp_path, lambda b: _category(b, "freedoms")["patterns"].append("freedom of (speech"))
    with pytest.raises(ValueError, match=r"category 'freedoms', key 'patterns'.*does not compile"):
        sens.load_codebook(path)


def test_invalid_exclusion_is_reported(tmp_path):
    path = _write(tmp_path, lambda b: _category(b, "detention").__setitem__("exclusions", ["[CAT"]))
    with pytest.raises(ValueError, match=r"category 'detention', key 'exclusions'"):
        sens.load_codebook(path)


@pytest.mark.parametrize("key", ["patterns", "rationale", "must_match"])
def test_missing_key_is_reported(tmp_path, key):
    path = _write(tmp_path, lambda b: _category(b, "songbun").pop(key))
    with pytest.raises(ValueError, match=rf"category 'songbun': missing key '{key}'"):
        sens.load_codebook(path)


def test_duplicate_id_and_missing_version_are_reported(tmp_path):
    path = _write(tmp_path, lambda b: b["categories"].append(dict(_category(b, "songbun"))))
    with pytest.raises(ValueError, match="duplicate id"):
        sens.load_codebook(path)
    path = _write(tmp_path, lambda b: b.pop("version"))
    with pytest.raises(ValueError, match="missing key 'version'"):
        sens.load_codebook(path)


def test_tag_in_both_lists_is_reported(tmp_path):
    path = _write(tmp_path, lambda b: b["issue_tags"]["not_sensitive"].append("Detention"))
    with pytest.raises(ValueError, match="both as sensitive and not"):
        sens.load_codebook(path)


# --------------------------------------------------------------------------------------------
# The DPRK rows of the UPR Info exports
# --------------------------------------------------------------------------------------------

EXPORTS = ("upr-info-export-sessions-06-09.csv", "upr-info-export-sessions-17-20.csv")


def _find_raw() -> Path | None:
    return find_raw_dir(f"upr-info/{EXPORTS[1]}")


@pytest.fixture(scope="module")
def dprk() -> pd.DataFrame:
    raw = _find_raw()
    if raw is None:
        pytest.skip("UPR Info exports not found under $DPRK_UPR_RAW, data/raw or ../shared/data/raw (run 'make data')")
    frames = [pd.read_csv(raw / "upr-info" / name, encoding="mac_roman") for name in EXPORTS]
    rows = pd.concat(frames, ignore_index=True)
    rows = rows[rows["To"] == "DPR Korea"].reset_index(drop=True)
    coded = sens.code_frame(rows["Text"])
    rows = pd.concat([rows, coded], axis=1)
    rows["sensitive_tags"] = issue_tags.code_issues(rows["Issue"])
    return rows


def test_dprk_rows_are_all_there(dprk):
    assert dprk["Session"].value_counts().to_dict() == {6: 167, 19: 269}


def test_every_dprk_issue_tag_is_mapped(dprk):
    book = sens.load_codebook()
    known = {t.casefold() for t in book["tag_map"]}
    used = {t.strip() for issue in dprk["Issue"].dropna() for t in issue.split(",")}
    assert {t for t in used if t.casefold() not in known} == set()


def test_kappa_between_text_rule_and_tags(dprk):
    result = validation.agreement(dprk["sensitive"], dprk["sensitive_tags"])
    assert result["kappa"] >= KAPPA_FLOOR, result
    for session in (6, 19):
        part = dprk[dprk["Session"] == session]
        assert validation.agreement(part["sensitive"], part["sensitive_tags"])["kappa"] >= KAPPA_FLOOR - 0.05


def test_every_category_fires_on_dprk_rows(dprk):
    for column in [c for c in dprk.columns if c.startswith("sens_")]:
        assert dprk[column].sum() >= 5, column


def test_noted_recommendations_are_far_more_often_sensitive(dprk):
    cycle2 = dprk[dprk["Session"] == 19]
    share = cycle2.groupby("Response")["sensitive"].mean()
    assert share["Noted"] >= 0.6 and share["Accepted"] <= 0.15
    assert share["Noted"] - share["Accepted"] >= 0.5


def test_disagreements_cover_exactly_the_off_diagonal(dprk):
    out = issue_tags.disagreements(dprk["Text"], dprk["Issue"], dprk["sensitive"], dprk["sensitive_tags"])
    assert len(out) == int((dprk["sensitive"] != dprk["sensitive_tags"]).sum())
    assert out["resolution"].str.len().gt(0).all()
    assert (out["rule"] != out["tags"]).all()
    assert out.loc[out["rule"], "resolution"].str.startswith("Kept SENSITIVE").all()
    assert out.loc[~out["rule"], "resolution"].str.startswith("Kept NOT SENSITIVE").all()


# --------------------------------------------------------------------------------------------
# Summaries of the codes used by the coding chapter (dprk_upr.coding)
# --------------------------------------------------------------------------------------------


def test_sensitivity_by_category_counts_and_labels():
    from dprk_upr.report import coding_checks as coding

    book = coding.codebook_table()
    recs = pd.DataFrame(
        {"cycle": [1, 1, 2], "text": ["a", "b", "c"], "sens_detention": [1, 1, 0], "sens_freedoms": [0, 1, 1]}
    )
    table = coding.sensitivity_by_category(recs, book)
    labels = book.set_index("column")["category"]
    assert list(table.index) == [labels["sens_detention"], labels["sens_freedoms"]]
    assert list(table.columns) == ["cycle 1", "cycle 2"]
    assert table.loc[labels["sens_detention"]].tolist() == [2, 0]
    assert table.loc[labels["sens_freedoms"]].tolist() == [1, 1]
    # a category can fire together with another: the table counts firings, not recommendations
    assert table.to_numpy().sum() == 4


def test_sensitivity_by_category_rejects_unknown_columns():
    from dprk_upr.report import coding_checks as coding

    recs = pd.DataFrame({"cycle": [1], "sens_martians": [1]})
    with pytest.raises(ValueError, match="sens_martians"):
        coding.sensitivity_by_category(recs)


def test_code_groups_and_percent_accepted():
    from dprk_upr.report import coding_checks as coding

    recs = pd.DataFrame(
        {
            "cycle": [2, 2, 2, 2, 1],
            "sensitive": [1, 1, 0, 0, 1],
            "specific": [1, 0, 0, 1, 1],
            "accepted": [0, 0, 1, 0, 1],
        }
    )
    c2 = coding.code_groups(recs, cycle=2)
    assert len(c2) == 4 and (c2["cycle"] == 2).all()
    assert c2["group"].tolist() == [
        "sensitive, specific",
        "sensitive, not specific",
        "not sensitive, not specific",
        "not sensitive, specific",
    ]
    rates = coding.percent_accepted(c2, by="sensitive")
    assert rates[1] == 0 and rates[0] == pytest.approx(50.0)
    assert coding.percent_accepted(c2, by="specific").tolist() == [50.0, 0.0]


def test_blind_coding_is_the_seeded_sample_and_agrees_with_the_rule(built):
    recs = built["recommendations"]
    blind = validation.load_blind_coded()
    assert len(blind) == 150 and blind["rec_id"].is_unique
    # the committed codes are those of the sample the code draws, in the order the coder saw them
    assert blind.sort_values("item")["rec_id"].tolist() == validation.blind_sample(recs)["rec_id"].tolist()
    result = validation.blind_check(recs, blind)
    assert result["n"] == 150 and 0 <= result["kappa"] <= 1
    assert len(result["disagreements"]) == int(result["table"].to_numpy().sum() - result["table"].to_numpy().trace())


def test_thematic_mandates_are_set_aside_in_every_category():
    """Codebook v2: a thematic rapporteur's name makes no category fire; without the rule (as v1
    coded) it did; the subject raised in the recommendation itself still counts."""
    plain = sens.without_thematic_mandates()
    for text in (
        "Invite the Special Rapporteur on torture",
        "Give access to the Special Rapporteur on freedom of religion or belief",
        "Cooperate with the Working Group on Arbitrary Detention",
    ):
        assert not sens.is_sensitive(text), text
        assert sens.coded_sensitive([text], plain).tolist() == [1], text
    assert sens.is_sensitive("End torture and invite the Special Rapporteur on torture")
    assert sens.is_sensitive("Invite the Special Rapporteur on the situation of human rights in the DPRK")
    assert sens.without_thematic_mandates()["thematic_mandates"] == []
    assert sens.load_codebook()["thematic_mandates"], "the codebook lost its thematic mandates"

"""The conclusion's headline numbers come from the data and agree with the models chapter."""

from __future__ import annotations

import pytest

from dprk_upr import analysis
from dprk_upr.analysis.claims import claims_table
from dprk_upr.analysis.margins import average_marginal_effects
from dprk_upr.report import findings


@pytest.fixture(scope="module")
def headline(built):
    return findings.headline(built["model_data"])


def test_headline_counts(headline):
    assert headline["acc2"] == 113 and headline["acc4"] == 143
    assert headline["sens_close"] < headline["sens_far"]


def test_headline_effects_match_the_models(built, headline):
    data = built["model_data"]
    spec = analysis.load_specs()["acc_3"]
    ame = average_marginal_effects(analysis.fit(spec, data)).set_index("variable")
    assert headline["ame_sens"] == pytest.approx(-100 * ame.loc["sensitive", "ame"])
    assert headline["pk"] in {"is consistent with", "departs from"}
    assert headline["jy"] in {"in line with", "not in line with"}


def test_headline_verdicts_are_those_of_the_claims_table(built, headline):
    data = built["model_data"]
    specs = analysis.load_specs()
    claims = claims_table({k: analysis.fit(specs[k], data) for k in ("acc_2", "acc_3")})
    assert list(claims.index) == ["pk_specific", "pk_sensitive", "jy_coefficient", "jy_ame"]
    both = claims.loc[["pk_specific", "pk_sensitive"], "consistent"].all()
    assert headline["pk"] == ("is consistent with" if both else "departs from")
    assert headline["jy"] == ("in line with" if claims.loc["jy_coefficient", "consistent"] else "not in line with")
    assert 0 <= headline["robust_inter"] <= headline["robust_n"]

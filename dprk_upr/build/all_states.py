"""Every state under review and every reviewer: UPR Info's export of 25 July 2018 (sessions 1-27),
read, coded and measured for the chapter on North Korea as a reviewer and among the states.

:func:`build_all_states` reads the seven files of the export (listed in ``data/sources.csv``),
resolves every state to ISO3, attaches each session's cycle and year
(``data/reference/upr_sessions.csv``), codes the comparative sensitivity from the issue tags
(:mod:`dprk_upr.coding.comparative`), measures every state and every pair of states the year before
the session (:mod:`dprk_upr.data.measures.dyads`), applies the peer-set rule, reconciles the
export with the older ones (:mod:`.export_reconciliation`) and measures the action-category rule
on every coded row (:mod:`.action_agreement`). It returns these tables:

- ``upr_all_states``: one row per recommendation of the export (every state under review);
- ``dprk_recommendations_made``: the recommendations North Korea made to other states, with text;
- ``peer_states``: every state under review in cycles 1-2 with the two facts of the peer-set rule
  and the result;
- ``export_set_aside``: every row of the export left out, with the reason;
- ``export_agreement`` and ``export_differences``: the 2018 export beside the older exports;
- ``action_agreement``: the action-category rule against the human codes, by session, by export
  and held out.

The peer-set rule (``PEER_RULE``): a state under review in cycles 1 and 2 is a peer of North
Korea when (a) the UN General Assembly put a resolution on the human-rights situation in that
state to a recorded vote in ``PEER_RESOLUTION_YEARS`` (from the first such resolution on
North Korea, in 2005, to the end of cycle 2), as recorded in Voeten's roll-call data, and (b) its
V-Dem electoral democracy index (polyarchy) was at most ``PEER_POLYARCHY_MAX`` in the year
before each of its reviews in cycles 1 and 2: V-Dem's Regimes of the World classification counts a
state as an electoral democracy only above 0.5 (Lührmann, Tannenberg and Lindberg 2018).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..coding.comparative import civil_political
from ..data.measures.dyads import country_resolutions, dyad_measures, state_measures
from ..data.readers import read_upr_info_files
from ..data.sessions import session_table
from ..data.sources import read_manifest
from ..data.states import resolve_all
from .action_agreement import action_agreement
from .export_reconciliation import export_agreement
from .recommendations import BuildError

__all__ = [
    "build_all_states",
    "export_2018_files",
    "read_export_2018",
    "all_states_table",
    "peer_table",
    "dprk_made_table",
    "ALL_STATES_COLUMNS",
    "DPRK_MADE_COLUMNS",
    "PEER_COLUMNS",
    "PEER_RULE",
]

EXPORT_2018_PREFIX = "upr-info/upr-info-export-2018-sessions-"
#: UPR Info's name for a recommending state it could not identify (HTML-escaped "(Unknown)").
UNKNOWN_STATE = "&#40;Unknown&#41;"
DPRK_NAME, DPRK_ISO3 = "DPR Korea", "PRK"
#: Years in which a recorded General Assembly vote on a country's human-rights situation counts.
PEER_RESOLUTION_YEARS = (2005, 2016)
#: Highest V-Dem polyarchy (0-1) of a peer in the year before each of its reviews in cycles 1-2.
PEER_POLYARCHY_MAX = 0.5
PEER_RULE = (
    "a recorded UN General Assembly vote on a resolution on the human-rights situation in the state "
    f"in {PEER_RESOLUTION_YEARS[0]}-{PEER_RESOLUTION_YEARS[1]}, and V-Dem polyarchy at most "
    f"{PEER_POLYARCHY_MAX} in the year before each of its reviews in cycles 1 and 2"
)

ALL_STATES_COLUMNS = [
    "uid",
    "session",
    "cycle",
    "year",
    "measure_year",
    "state_under_review",
    "sur_iso3",
    "sur_group",
    "recommending_state",
    "rs_iso3",
    "rs_group",
    "response",
    "accepted",
    "action_category",
    "issues",
    "civil_political",
    "ideal_point_distance",
    "defence_pact",
    "sur_distance_dprk",
    "sur_polyarchy",
    "rs_polyarchy",
    "sur_dprk",
    "rs_dprk",
    "sur_peer",
    "rs_peer",
    "line",
    "missing_reason",
]
DPRK_MADE_COLUMNS = [
    "uid",
    "session",
    "cycle",
    "year",
    "state_under_review",
    "sur_iso3",
    "sur_group",
    "text",
    "response",
    "accepted",
    "action_category",
    "issues",
    "civil_political",
    "ideal_point_distance",
    "sur_polyarchy",
    "sur_peer",
    "file",
    "line",
]
PEER_COLUMNS = [
    "iso3",
    "state",
    "sessions",
    "polyarchy_cycle1",
    "polyarchy_cycle2",
    "ga_resolutions",
    "named_by_ga",
    "low_polyarchy",
    "meets_rule",
    "peer",
]


def export_2018_files(manifest: Path = paths.MANIFEST) -> list[str]:
    """The files of the 2018 export as listed in the sources manifest (paths under ``data/raw``).

    Raises BuildError when the manifest lists none.
    """
    files = sorted(f for f in read_manifest(manifest)["file"] if str(f).startswith(EXPORT_2018_PREFIX))
    if not files:
        raise BuildError(f"{manifest}: no file starting with {EXPORT_2018_PREFIX!r}; the 2018 export is not listed.")
    return files


def read_export_2018(raw_dir: Path, files: list[str]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The coded rows of the 2018 export, those kept for the tables, and those set aside.

    Returns ``(coded, rows, set_aside)``: ``coded`` is every row the reader keeps
    (:func:`dprk_upr.data.readers.read_upr_info_files`: all carry a human action code; used to
    validate the action-category rule); ``rows`` the same without those whose recommending state
    UPR Info records as unknown; ``set_aside`` lists ``file``, ``row`` and ``reason`` of every
    row left out (by the reader: no session, published repeats; here: unknown recommending state).
    """
    coded = read_upr_info_files([Path(raw_dir) / f for f in files])
    aside = pd.DataFrame(coded.attrs["set_aside"], columns=["file", "row", "reason"])
    unknown = coded["From"] == UNKNOWN_STATE
    aside = pd.concat(
        [
            aside,
            pd.DataFrame(
                {
                    "file": coded.loc[unknown, "file"],
                    "row": coded.loc[unknown, "row"],
                    "reason": "recommending state unknown to UPR Info ('(Unknown)')",
                }
            ),
        ],
        ignore_index=True,
    )
    return coded, coded[~unknown].reset_index(drop=True), aside


def peer_table(sur: pd.DataFrame, resolutions: pd.DataFrame) -> pd.DataFrame:
    """Every state under review in cycles 1-2 with the two facts of the peer-set rule.

    Parameters
    ----------
    sur : pandas.DataFrame
        One row per review: ``sur_iso3``, ``state_under_review``, ``session``, ``cycle`` (1 or
        2) and ``sur_polyarchy`` (V-Dem polyarchy in the year before the review).
    resolutions : pandas.DataFrame
        :func:`dprk_upr.data.measures.dyads.country_resolutions` for ``PEER_RESOLUTION_YEARS``.

    Returns
    -------
    pandas.DataFrame
        Columns ``PEER_COLUMNS``: the polyarchy of each cycle's review, the resolution
        symbols with their years, ``named_by_ga`` and ``low_polyarchy`` (both reviews at most
        ``PEER_POLYARCHY_MAX``; 0 when a score is missing), ``meets_rule`` (both) and
        ``peer`` (meets the rule and is not North Korea), sorted by ``meets_rule`` then name.
    """
    rows = []
    named = resolutions.dropna(subset=["iso3"])
    for iso, part in sur.groupby("sur_iso3"):
        by_cycle = part.groupby("cycle")["sur_polyarchy"].max()
        scores = [by_cycle.get(c) for c in (1, 2)]
        low = all(s is not None and pd.notna(s) and s <= PEER_POLYARCHY_MAX for s in scores)
        res = named[named["iso3"] == iso]
        rows.append(
            {
                "iso3": iso,
                "state": part["state_under_review"].iloc[0],
                "sessions": ", ".join(str(s) for s in sorted(part["session"].unique())),
                "polyarchy_cycle1": scores[0],
                "polyarchy_cycle2": scores[1],
                "ga_resolutions": "; ".join(f"{u} ({y})" for u, y in zip(res["unres"], res["year"])),
                "named_by_ga": int(len(res) > 0),
                "low_polyarchy": int(low),
            }
        )
    table = pd.DataFrame(rows)
    table["meets_rule"] = table["named_by_ga"] * table["low_polyarchy"]
    table["peer"] = ((table["meets_rule"] == 1) & (table["iso3"] != DPRK_ISO3)).astype(int)
    table = table.sort_values(["meets_rule", "named_by_ga", "state"], ascending=[False, False, True])
    return table.reindex(columns=PEER_COLUMNS).reset_index(drop=True)


def all_states_table(rows: pd.DataFrame, raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """One row per recommendation of the export with its codes and measures, and the peer table.

    Parameters
    ----------
    rows : pandas.DataFrame
        :func:`read_export_2018`'s rows.
    raw_dir : Path
        The raw inputs (for the measures).

    Returns
    -------
    (table, peers) : tuple of pandas.DataFrame
        ``table`` has the columns ``ALL_STATES_COLUMNS`` (documented in
        ``data/coding/columns.yaml``); ``peers`` is :func:`peer_table`.

    Raises
    ------
    BuildError
        A state name neither the alias table nor ISO 3166 knows (with the rows to add), a
        session the sessions table does not list, or a join that changes the number of rows.
    """
    where = "UPR Info export of 25 July 2018"
    try:
        iso = resolve_all(pd.concat([rows["To"], rows["From"]]), f"{where}, columns SuR and RS")
    except LookupError as err:
        raise BuildError(str(err)) from None
    try:
        timing = session_table(rows["Session"])
    except ValueError as err:
        raise BuildError(f"{where}: {err}") from None
    t = pd.DataFrame(
        {
            "session": rows["Session"].astype(int),
            "cycle": timing["cycle"].astype(int),
            "year": timing["year"].astype(int),
            "measure_year": timing["measure_year"].astype(int),
            "state_under_review": rows["To"].str.strip(),
            "sur_iso3": rows["To"].map(iso),
            "sur_group": rows["To-Rgrp"],
            "recommending_state": rows["From"].str.strip(),
            "rs_iso3": rows["From"].map(iso),
            "rs_group": rows["From-Rgrp"],
            "response": rows["Response"].str.lower(),
            "accepted": (rows["Response"] == "Supported").astype(int),
            "action_category": rows["Action"].astype(int),
            "issues": rows["Issue"],
            "file": rows["file"],
            "line": rows["row"].astype(int),
        }
    )
    t.insert(0, "uid", [f"{s:02d}-{line}" for s, line in zip(t["session"], t["line"])])
    if not t["uid"].is_unique:
        raise BuildError(f"{where}: session and line do not identify the rows; check the files listed.")
    tags = civil_political(rows["Issue"], where=rows["file"] + ", line " + rows["row"].astype(str))
    no_tags = t.groupby("session")["issues"].apply(lambda s: bool((s.str.strip() == "").all()))
    t["civil_political"] = tags.astype("Int64").mask(t["session"].isin(no_tags[no_tags].index))

    states = pd.concat(
        [
            t[["sur_iso3", "measure_year"]].rename(columns={"sur_iso3": "iso3"}),
            t[["rs_iso3", "measure_year"]].rename(columns={"rs_iso3": "iso3"}),
            pd.DataFrame({"iso3": DPRK_ISO3, "measure_year": sorted(t["measure_year"].unique())}),
        ]
    ).drop_duplicates()
    measures = state_measures(states.reset_index(drop=True), raw_dir)
    pairs = t[["rs_iso3", "sur_iso3", "measure_year"]].drop_duplicates().reset_index(drop=True)
    dyads = dyad_measures(pairs, measures, raw_dir)
    n = len(t)
    t = t.merge(dyads, on=["rs_iso3", "sur_iso3", "measure_year"], how="left", validate="many_to_one")
    poly = measures.set_index(["iso3", "measure_year"])
    for role in ("sur", "rs"):
        keyed = poly.reindex(pd.MultiIndex.from_arrays([t[f"{role}_iso3"], t["measure_year"]]))
        t[f"{role}_polyarchy"] = keyed["polyarchy"].to_numpy()
        t[f"{role}_reason"] = keyed["missing_reason"].fillna("").to_numpy()
    if len(t) != n:
        raise BuildError(f"{where}: joining the measures changed the number of rows from {n} to {len(t)}.")
    dprk_point = measures[measures["iso3"] == DPRK_ISO3].set_index("measure_year")["ideal_point"]
    sur_point = poly.reindex(pd.MultiIndex.from_arrays([t["sur_iso3"], t["measure_year"]]))["ideal_point"]
    t["sur_distance_dprk"] = np.abs(sur_point.to_numpy() - t["measure_year"].map(dprk_point).to_numpy())
    t["sur_dprk"] = (t["sur_iso3"] == DPRK_ISO3).astype(int)
    t["rs_dprk"] = (t["rs_iso3"] == DPRK_ISO3).astype(int)

    first, last = PEER_RESOLUTION_YEARS
    reviews = t[t["cycle"].isin([1, 2])].drop_duplicates(["sur_iso3", "session"])
    peers = peer_table(reviews, country_resolutions(raw_dir, first, last))
    peer_set = set(peers.loc[peers["peer"] == 1, "iso3"])
    t["sur_peer"] = t["sur_iso3"].isin(peer_set).astype(int)
    t["rs_peer"] = t["rs_iso3"].isin(peer_set).astype(int)

    reasons = []
    for dyad, sur_r, rs_r, cp in zip(t["missing_reason"], t["sur_reason"], t["rs_reason"], t["civil_political"]):
        parts = [dyad] if dyad else []
        parts += [f"state under review: {p}" for p in sur_r.split("; ") if p.startswith("polyarchy")]
        parts += [f"recommending state: {p}" for p in rs_r.split("; ") if p.startswith("polyarchy")]
        if pd.isna(cp):
            parts.append("civil_political: the session has no issue tags in the export")
        reasons.append("; ".join(parts))
    t["missing_reason"] = reasons
    return t.reindex(columns=ALL_STATES_COLUMNS), peers


def dprk_made_table(table: pd.DataFrame, rows: pd.DataFrame) -> pd.DataFrame:
    """The recommendations North Korea made, with their text (columns ``DPRK_MADE_COLUMNS``).

    ``table`` is :func:`all_states_table`'s table and ``rows`` the export's rows it was built
    from (for the text). Raises BuildError if the two do not line up.
    """
    text = rows.assign(uid=[f"{int(s):02d}-{int(r)}" for s, r in zip(rows["Session"], rows["row"])])
    made = table[table["rs_dprk"] == 1].merge(
        text[["uid", "Text"]].rename(columns={"Text": "text"}), on="uid", how="left", validate="one_to_one"
    )
    if made["text"].isna().any():
        raise BuildError("dprk_recommendations_made: a recommendation without its text; the rows do not line up.")
    return made.reindex(columns=DPRK_MADE_COLUMNS).reset_index(drop=True)


def build_all_states(raw_dir: Path, reviews: pd.DataFrame, manifest: Path = paths.MANIFEST) -> dict[str, pd.DataFrame]:
    """The tables of the module docstring, by name.

    ``reviews`` is :func:`dprk_upr.data.reference.read_reviews` (it names the older exports the
    North Korea dataset uses). Raises BuildError (or the readers' InputError) naming the file and
    row of any bad input.
    """
    raw_dir = Path(raw_dir)
    coded, rows, aside = read_export_2018(raw_dir, export_2018_files(manifest))
    table, peers = all_states_table(rows, raw_dir)
    older_files = sorted({f for f in reviews["upr_info_file"] if f})
    older = read_upr_info_files([raw_dir / f for f in older_files])
    iso = resolve_all(pd.concat([older["To"], older["From"]]), "older UPR Info exports, columns To and From")
    older = older.assign(sur_iso3=older["To"].map(iso), rs_iso3=older["From"].map(iso))
    new = rows.assign(
        sur_iso3=table["sur_iso3"].to_numpy(),
        rs_iso3=table["rs_iso3"].to_numpy(),
    )
    agreement, differences = export_agreement(new, older)
    return {
        "upr_all_states": table,
        "dprk_recommendations_made": dprk_made_table(table, rows),
        "peer_states": peers,
        "export_set_aside": aside.rename(columns={"row": "line"}),
        "export_agreement": agreement,
        "export_differences": differences,
        "action_agreement": action_agreement(coded, older),
    }

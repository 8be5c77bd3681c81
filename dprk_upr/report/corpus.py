"""The corpus as the Data and Coding chapters describe it: the reviews, who recommended what, how
North Korea answered, the reconciliation with the official counts, and the reviewers' measures.

Each function takes data frames and returns a data frame, a number or a phrase for the prose; the
chapters only display them. Display tables carry plain-English values ("yes", "left for later")
and are given their column headers by :func:`dprk_upr.report.tables.table_html`.
"""

from __future__ import annotations

import re

import pandas as pd

ANSWER_ORDER = ["accepted", "partially accepted", "noted"]
POSITION_LABELS = {"examine": "left for later", "supported": "supported", "noted": "noted", "rejected": "rejected"}

#: UPR Info's names of the UN regional groups, as a reader reads them.
GROUP_NAMES = {
    "WEOG": "Western European and others",
    "Asia": "Asia-Pacific",
    "EEG": "Eastern European",
    "Africa": "African",
    "GRULAC": "Latin American and Caribbean",
    "Observer": "Observer state (not a member)",
}

#: The stages of a review in the official counts, as a reader reads them.
STAGE_NAMES = {
    "wg": "Working Group",
    "wg_draft": "Working Group (draft report)",
    "adoption": "Final answers (adoption)",
    "late_responses": "Late answers (given in 2014)",
}

#: Publishers of the official counts, recognised by a fragment of the source's address or name.
PUBLISHERS = (
    ("upr-info.org", "UPR Info"),
    ("kbs.co.kr", "KBS"),
    ("ytn.co.kr", "YTN"),
    ("usembassy.gov", "US Embassy in Japan"),
    ("rfa.org", "Radio Free Asia"),
    ("hrw.org", "Human Rights Watch"),
    ("chosun.com", "Chosun Biz"),
    ("joongang", "JoongAng Daily"),
)

#: The counts of the reconciliation, as a reader reads them.
MEASURE_NAMES = {
    "total": "recommendations",
    "pending": "left for later",
    "noted": "noted",
    "rejected": "rejected",
    "accepted": "accepted",
    "partially_accepted": "partially accepted",
    "noted_or_rejected": "noted or rejected",
}

#: UPR Info's action categories in words (the scale of McMahon, 1 to 5).
ACTION_NAMES = {1: "minimal action", 2: "continue", 3: "consider", 4: "general action", 5: "specific action"}

#: Names too long for the prose or a figure label, shortened.
SHORT_NAMES = {
    "Republic of Korea": "South Korea",
    "Russian Federation": "Russia",
    "United States of America": "United States",
    "Democratic People's Republic of Korea": "North Korea",
}

NUMBER_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """A count with its noun, in words up to ten: "one paragraph", "two paragraphs", "12 states".

    >>> counted(1, "paragraph"), counted(2, "paragraph"), counted(0, "state"), counted(12, "country", "countries")
    ('one paragraph', 'two paragraphs', 'no states', '12 countries')
    """
    n = int(n)
    noun = singular if n == 1 else (plural or singular + "s")
    number = NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else f"{n:,}"
    return f"{number} {noun}"


def and_list(items) -> str:
    """Items joined for the prose: "A", "A and B", "A, B and C"; "none" when empty.

    >>> and_list(["Cuba"]), and_list(["Cuba", "China", "Iran"]), and_list([])
    ('Cuba', 'Cuba, China and Iran', 'none')
    """
    items = [str(i) for i in items]
    if not items:
        return "none"
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def session_ranges(sessions) -> str:
    """Session numbers as runs for the prose: [6, 7, 8, 9, 18, 19, 20] -> "6-9 and 18-20".

    >>> session_ranges([9, 6, 7, 8, 18, 19, 20, 27])
    '6-9, 18-20 and 27'
    """
    values = sorted({int(v) for v in sessions})
    runs: list[list[int]] = []
    for v in values:
        if runs and v == runs[-1][-1] + 1:
            runs[-1].append(v)
        else:
            runs.append([v])
    return and_list(f"{r[0]}-{r[-1]}" if len(r) > 1 else str(r[0]) for r in runs)


def split_paragraphs(recs: pd.DataFrame) -> list[str]:
    """The UN paragraphs that UPR Info divided into several rows (``link`` is "split part").

    >>> split_paragraphs(pd.DataFrame({"rec_id": ["C2-1", "C2-2"], "link": ["one-to-one", "split part"]}))
    ['C2-2']
    """
    return recs.loc[recs["link"] == "split part", "rec_id"].tolist()


def paragraph_refs(recs: pd.DataFrame, rec_ids: list[str]) -> str:
    """Recommendations named as a reader finds them in the UN reports: "paragraph 124.7 of
    A/HRC/27/10", joined with "and". Raises KeyError for an id not in ``recs``.

    >>> recs = pd.DataFrame({"rec_id": ["C2-124.7"], "paragraph": ["124.7"], "document": ["A/HRC/27/10"]})
    >>> paragraph_refs(recs, ["C2-124.7"])
    'paragraph 124.7 of A/HRC/27/10'
    """
    table = recs.set_index("rec_id")
    missing = [r for r in rec_ids if r not in table.index]
    if missing:
        raise KeyError(f"paragraph_refs: not among the recommendations: {missing}")
    return and_list(f"paragraph {table.at[r, 'paragraph']} of {table.at[r, 'document']}" for r in rec_ids)


def cycle_overview(recs: pd.DataFrame, official: pd.DataFrame) -> pd.DataFrame:
    """One row per cycle: review date, recommendations received and the final answers.

    Cycles with recommendation-level data take their counts from ``recs``; the others from the
    official counts. The ``source`` column says which.

    >>> recs = pd.DataFrame({"cycle": [1, 1], "response": ["noted", "accepted"]})
    >>> off = pd.DataFrame({"cycle": [1, 2], "stage_key": ["adoption"] * 2, "review_date": ["2009-12-07", "2014-05-01"],
    ...                     "total": [2, 5], "accepted": [1, 3], "partially_accepted": [0, 1], "noted": [1, 1], "rejected": [0, 0]})
    >>> cycle_overview(recs, off)[["cycle", "received", "accepted", "source"]]
       cycle  received  accepted                source
    0      1         2         1  recommendation level
    1      2         5         3  official counts only
    """
    final = official[official["stage_key"] == "adoption"].set_index("cycle")
    rows = []
    for cycle, row in final.iterrows():
        group = recs[recs["cycle"] == cycle]
        if len(group):
            answers = group["response"].value_counts()
            rows.append(
                {
                    "cycle": cycle,
                    "review_date": row["review_date"],
                    "received": len(group),
                    "accepted": int(answers.get("accepted", 0)),
                    "partially_accepted": int(answers.get("partially accepted", 0)),
                    "not_accepted": int(answers.get("noted", 0)),
                    "source": "recommendation level",
                }
            )
        else:
            not_acc = pd.Series([row["noted"], row["rejected"]], dtype="Int64").sum()  # a blank adds nothing
            rows.append(
                {
                    "cycle": cycle,
                    "review_date": row["review_date"],
                    "received": int(row["total"]),
                    "accepted": int(row["accepted"]),
                    "partially_accepted": int(row["partially_accepted"]),
                    "not_accepted": int(not_acc),
                    "source": "official counts only",
                }
            )
    table = pd.DataFrame(rows)
    table["accepted_share"] = table["accepted"] / table["received"]
    return table


def publishers(sources: str) -> str:
    """The publishers named in a ``sources`` cell of the official counts, for a reader.

    A UN document symbol at the start ("A/HRC/13/13 (...)") means the count was made from that
    report's text; web addresses and names are recognised by :data:`PUBLISHERS`. Raises
    ValueError when a source is neither, so that a new source gets a readable name.

    >>> publishers("A/HRC/27/10 (un-reports/x.txt)")
    'A/HRC/27/10 (counted in the text)'
    >>> publishers("http://world.kbs.co.kr/x ; ytn.co.kr/_ln/1")
    'KBS, YTN'
    """
    text = str(sources).strip()
    symbol = re.match(r"(A/HRC/[\w/.]+)", text)
    if symbol:
        return f"{symbol.group(1)} (counted in the text)"
    names = []
    for part in re.split(r"\s*;\s*", text):
        found = [name for fragment, name in PUBLISHERS if fragment in part.lower()]
        if not found:
            raise ValueError(f"publishers: no publisher known for the source {part!r}; add it to PUBLISHERS.")
        names.extend(n for n in found if n not in names)
    return ", ".join(names)


def official_table(official: pd.DataFrame) -> pd.DataFrame:
    """The official counts of every review and stage with the source of each row, for display.

    ``official`` is :func:`dprk_upr.data.reference.official_counts`. Blank cells are counts the
    source does not give. Columns: ``review`` ("2 (2014)"), ``stage``, ``total``, ``accepted``,
    ``in part`` (partially accepted), ``noted``, ``rejected``, ``source``.
    """
    frame = official.copy()
    unknown = set(frame["stage_key"]) - set(STAGE_NAMES)
    if unknown:
        raise ValueError(f"official_table: stages without a name: {sorted(unknown)}")
    view = pd.DataFrame(
        {
            "review": [f"{c} ({d[:4]})" for c, d in zip(frame["cycle"], frame["review_date"].astype(str))],
            "stage": frame["stage_key"].map(STAGE_NAMES),
            "total": frame["total"],
            "accepted": frame["accepted"],
            "in part": frame["partially_accepted"],
            "noted": frame["noted"],
            "rejected": frame["rejected"],
            "source": frame["sources"].map(publishers),
        }
    )
    return view.reset_index(drop=True)


def recommenders(pairs: pd.DataFrame, top: int = 12) -> pd.DataFrame:
    """The states that made the most recommendations, with counts per cycle and in total.

    Ranked by the total; states with the same total share a rank (marked "=", e.g. "10=") and
    are listed alphabetically. Every state tied with the ``top``-th is kept, so the table can be
    longer than ``top`` rows. Columns: ``rank``, ``state``, ``cycle 1``, ``cycle 2``, ...,
    ``total``.

    >>> pairs = pd.DataFrame({"iso3": ["A", "A", "B", "C"], "cycle": [1, 2, 1, 2], "rec_id": list("wxyz"),
    ...                       "upr_info_name": ["Aland", "Aland", "Bland", "Cland"]})
    >>> recommenders(pairs, top=2)[["rank", "state", "total"]].to_dict("list")
    {'rank': ['1', '2=', '2='], 'state': ['Aland', 'Bland', 'Cland'], 'total': [2, 1, 1]}
    """
    counts = pairs.pivot_table(index="iso3", columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    counts.columns = [f"cycle {c}" for c in counts.columns]
    counts["total"] = counts.sum(axis=1)
    names = pairs.drop_duplicates("iso3").set_index("iso3")["upr_info_name"]
    counts.insert(0, "state", names.reindex(counts.index))
    counts = counts.sort_values(["total", "state"], ascending=[False, True]).reset_index(drop=True)
    cut = counts["total"].iloc[min(top, len(counts)) - 1]
    kept = counts[counts["total"] >= cut].copy()
    rank = kept["total"].rank(method="min", ascending=False).astype(int)
    tied = kept["total"].duplicated(keep=False)
    kept.insert(0, "rank", [f"{r}=" if t else str(r) for r, t in zip(rank, tied)])
    return kept


def states_per_cycle(pairs: pd.DataFrame) -> pd.Series:
    """How many different states recommended something in each cycle."""
    return pairs.groupby("cycle")["iso3"].nunique()


def group_counts(pairs: pd.DataFrame) -> pd.DataFrame:
    """Recommendations by the recommending state's UN regional group (UPR Info's coding) and cycle.

    A recommendation made jointly by states of two groups counts once in each.
    """
    table = pairs.pivot_table(index="upr_info_group", columns="cycle", values="rec_id", aggfunc="count", fill_value=0)
    table.columns = [f"cycle {c}" for c in table.columns]
    table.index.name = "regional group"
    return table.sort_values(table.columns[-1], ascending=False)


def group_share(groups: pd.DataFrame, group: str) -> float:
    """One regional group's share of all the counts in :func:`group_counts` (all cycles together).

    >>> groups = pd.DataFrame({"cycle 1": [3, 1], "cycle 2": [3, 3]}, index=["WEOG", "Asia"])
    >>> group_share(groups, "WEOG")
    0.6
    """
    return float(groups.loc[group].sum() / groups.to_numpy().sum())


def issue_counts(recs: pd.DataFrame, top: int = 15) -> pd.DataFrame:
    """How many recommendations carry each UPR Info issue tag, by cycle (a recommendation can carry
    several). The ``top`` tags by total; ties at the cut are broken alphabetically."""
    tags = recs[["cycle", "issues"]].assign(issue=recs["issues"].fillna("").str.split(",")).explode("issue")
    tags["issue"] = tags["issue"].str.strip()
    tags = tags[tags["issue"] != ""]
    table = tags.pivot_table(index="issue", columns="cycle", values="issues", aggfunc="count", fill_value=0)
    table.columns = [f"cycle {c}" for c in table.columns]
    table["total"] = table.sum(axis=1)
    table = table.assign(_name=table.index).sort_values(["total", "_name"], ascending=[False, True])
    return table.drop(columns="_name").head(top)


def action_share(recs: pd.DataFrame, categories=(4, 5)) -> float:
    """The share of recommendations whose UPR Info action category is among ``categories``.

    >>> action_share(pd.DataFrame({"action_category": [2, 4, 5, 5]}))
    0.75
    """
    return float(recs["action_category"].isin(list(categories)).mean())


def answer_table(recs: pd.DataFrame, years: dict | None = None) -> pd.DataFrame:
    """Final answers by review and the position North Korea took at the Working Group, flat.

    One row per cycle and position, then a row for both reviews. Columns ``review`` (the cycle,
    with its year from ``years`` when given: "2 (2014)"), ``at the Working Group``, one per final
    answer (UPR Info's: accepted, partially accepted, noted) and ``total``.

    >>> recs = pd.DataFrame({"cycle": [1, 2, 2], "wg_position": ["rejected", "examine", "examine"],
    ...                      "response": ["noted", "accepted", "noted"]})
    >>> answer_table(recs).to_dict("list")["total"]
    [1, 2, 3]
    """
    frame = recs.assign(position=recs["wg_position"].map(POSITION_LABELS))
    table = pd.crosstab([frame["cycle"], frame["position"]], frame["response"])
    table = table.reindex(columns=[c for c in ANSWER_ORDER if c in table.columns])
    table["total"] = table.sum(axis=1)
    table = table.reset_index()
    table.columns.name = None
    years = years or {}
    table.insert(0, "review", table.pop("cycle").map(lambda c: f"{c} ({years[c]})" if c in years else str(c)))
    table = table.rename(columns={"position": "at the Working Group"})
    total = table.drop(columns=["review", "at the Working Group"]).sum()
    table.loc[len(table)] = {"review": "both reviews", "at the Working Group": "", **total.to_dict()}
    return table


def review_years(official: pd.DataFrame) -> dict:
    """Cycle -> year of its review, from the official counts' ``review_date``.

    >>> review_years(pd.DataFrame({"cycle": [1, 1, 2], "review_date": ["2009-12-07"] * 2 + ["2014-05-01"]}))
    {1: 2009, 2: 2014}
    """
    dates = official.drop_duplicates("cycle").set_index("cycle")["review_date"]
    return {int(c): int(str(d)[:4]) for c, d in dates.items()}


def reconciliation_view(recon: pd.DataFrame) -> pd.DataFrame:
    """The reconciliation table as readers see it: plain labels and "yes"/"no".

    Columns ``review and stage`` ("2, final answers"), ``count of``, ``official``, ``this
    book``, ``agrees``. The build's explanations of the differences are left out (the chapter
    gives them in its text; they are in the reconciliation table offered for download).

    >>> recon = pd.DataFrame({"cycle": [2], "stage": ["adoption"], "measure": ["partially_accepted"],
    ...                       "official": [4], "ours": [1], "agrees": [False]})
    >>> reconciliation_view(recon).to_dict("records")[0]["review and stage"]
    '2, final answers'
    """
    stage = recon["stage"].replace({"working group": "Working Group", "adoption": "final answers"})
    return pd.DataFrame(
        {
            "review and stage": [f"{c}, {s}" for c, s in zip(recon["cycle"], stage)],
            "count of": recon["measure"].map(lambda m: MEASURE_NAMES.get(m, str(m).replace("_", " "))),
            "official": recon["official"],
            "this book": recon["ours"],
            "agrees": recon["agrees"].map({True: "yes", False: "no"}),
        }
    )


def review_labels(years: dict, cycles=None) -> dict:
    """Column names ``cycle 1``, ``cycle 2`` ... as a reader reads them ("2009 review"), for the
    cycles in ``cycles`` (default: all of ``years``).

    >>> review_labels({1: 2009, 2: 2014, 3: 2019}, cycles=[1, 2])
    {'cycle 1': '2009 review', 'cycle 2': '2014 review'}
    """
    keep = set(years) if cycles is None else set(cycles)
    return {f"cycle {c}": f"{y} review" for c, y in years.items() if c in keep}


def short_name(name: str) -> str:
    """A state's name as the prose and figures use it ("Republic of Korea" -> "South Korea").

    >>> short_name("Russian Federation"), short_name("Cuba")
    ('Russia', 'Cuba')
    """
    return SHORT_NAMES.get(str(name), str(name))


def state_names(pairs: pd.DataFrame) -> pd.Series:
    """ISO3 code -> the state's name as UPR Info writes it ("Republic of Korea")."""
    return pairs.drop_duplicates("iso3").set_index("iso3")["upr_info_name"]

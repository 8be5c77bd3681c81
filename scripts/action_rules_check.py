"""How well does the rule-based action-category coder agree with UPR Info's human codes?

Prints, for the rules in ``data/coding/action_category.yaml``:

1. the time taken to code every coded row of UPR Info's export of 25 July 2018;
2. exact agreement overall and by session on that export;
3. agreement on each of the two older exports and on North Korea's own rows;
4. Cohen's kappa (unweighted, linear- and quadratic-weighted) and agreement within one rank;
5. the confusion matrix (rows: human code, columns: rule);
6. held-out checks of the word lists derived from the human codes
   (:mod:`dprk_upr.coding.action_derivation`): the lists are re-derived from one part of the data
   and agreement is measured on the other (odd vs even sessions of the 2018 export; the older
   exports vs the sessions of the 2018 export that they do not contain);
7. what each structural rule added in version 2.0 contributes, separately on odd and even
   sessions (switching it off in a copy of the rules).

The build computes 2, 3 and 6 into ``data/processed/action_agreement.csv``; this script prints
them with the diagnostics. Usage: ``python scripts/action_rules_check.py [--quick]`` (``--quick``
skips 6 and 7); it reads the raw exports from ``data/raw`` (or ``$DPRK_UPR_RAW``).
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from dprk_upr import paths  # noqa: E402
from dprk_upr.build.all_states import export_2018_files, read_export_2018  # noqa: E402
from dprk_upr.coding import action_derivation as derive  # noqa: E402
from dprk_upr.coding.action_coder import action_category  # noqa: E402
from dprk_upr.coding.action_rules import load_rules  # noqa: E402
from dprk_upr.coding.validation import confusion, validate  # noqa: E402
from dprk_upr.data.readers import read_upr_info_files  # noqa: E402
from dprk_upr.data.reference import read_reviews  # noqa: E402


def code(texts, rules) -> list[int]:
    return [action_category(t, rules) for t in texts]


def exact(human, rule) -> float:
    return float((pd.Series(list(human)) == pd.Series(list(rule))).mean())


def pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def read_all(raw_dir: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The coded rows of the 2018 export and of the older exports (the reader's checks apply)."""
    new, _, aside = read_export_2018(raw_dir, export_2018_files())
    older_files = sorted({f for f in read_reviews()["upr_info_file"] if f})
    old = read_upr_info_files([raw_dir / f for f in older_files])
    print(
        f"2018 export: {len(new)} coded rows in sessions {new['Session'].min()}-{new['Session'].max()} "
        f"({len(aside)} rows set aside by the readers and the build); older exports: {len(old)} coded rows"
    )
    return new, old


def held_out(new: pd.DataFrame, old: pd.DataFrame, folder: Path) -> None:
    raw = derive.raw_rules()
    floor = derive.rules_from_raw(derive.with_lists(raw, verbs={}, generic=[]), folder)
    odd, even = new[new["Session"] % 2 == 1], new[new["Session"] % 2 == 0]
    newer = new[~new["Session"].isin(set(old["Session"]))]
    splits = [
        ("odd sessions -> even sessions", odd, even),
        ("even sessions -> odd sessions", even, odd),
        ("older exports -> 2018 sessions not in them", old, newer),
        ("2018 sessions not in the older exports -> older exports", newer, old),
    ]
    print(
        "\nheld-out check: derived lists re-derived from the training part only (strict: listed verbs seen "
        f"fewer than {derive.MIN_N} times there are dropped); exact agreement % on the test part:"
    )
    print(f"  {'train -> test':58s} {'n test':>7s} {'re-derived':>10s} {'full lists':>10s} {'note only':>9s}")
    for label, train, test in splits:
        rules = derive.rederived_rules(train["Text"].tolist(), train["Action"].tolist(), folder)
        held = code(test["Text"], rules)
        print(
            f"  {label:58s} {len(test):7d} {pct(exact(test['Action'], held)):>10s} "
            f"{pct(exact(test['Action'], test['rule'])):>10s} {pct(exact(test['Action'], code(test['Text'], floor))):>9s}"
        )
        if label.startswith(("odd", "even")):
            ok = pd.Series([h == a for h, a in zip(held, test["Action"])], index=test.index)
            by = ok.groupby(test["Session"]).mean()
            print(f"  {'':58s} lowest test session {by.idxmin()} at {pct(by.min())}%")
    print("  ('note only': the UPR Info example verbs and the hand-written rules, no derived list)")


def ablation(new: pd.DataFrame, folder: Path) -> None:
    raw = derive.raw_rules()

    def variant(change) -> dict:
        copy_ = copy.deepcopy(raw)
        change(copy_)
        return derive.rules_from_raw(copy_, folder)

    def no_named_acts() -> dict:
        # "-1 premodifiers" switches the rule off; the rule file's schema allows only >= 0, so the
        # loaded rules are copied and the one setting changed in memory
        rules = dict(load_rules())
        rules["nominal_max_premodifiers"] = -1
        return rules

    switches = {
        "reporting frames (Recommended that ...)": lambda r: r.update(frames=None),
        "subjects (modals, passives, subjunctive)": lambda r: r["subjects"].update(
            modals=[], weak_modals=[], be=[], clause_openers=[]
        ),
        "acts named by a noun (The ratification of ...)": None,
        "specific objects (strategy and action plan)": lambda r: r.update(specific_objects=[]),
        "generic strategy/policy/approach (derived)": lambda r: r.update(derive.with_lists(r, generic=[])),
        "other addressees (international community)": lambda r: r.update(other_addressees=[]),
        "act objects (Provide training ...)": lambda r: r.update(act_objects={}),
        "proceed/undertake/commit hand over (like seek to)": lambda r: r.update(pass_through_verbs={"seek": ["to"]}),
    }
    print("\nwhat each rule added in 2.0 contributes (points of exact agreement lost when switched off):")
    print(f"  {'rule':48s} {'odd':>6s} {'even':>6s} {'all':>6s}")
    for label, change in switches.items():
        off = code(new["Text"], no_named_acts() if change is None else variant(change))
        frame = new.assign(off=off)
        gains = []
        for part in (frame[frame["Session"] % 2 == 1], frame[frame["Session"] % 2 == 0], frame):
            gains.append(100 * (exact(part["Action"], part["rule"]) - exact(part["Action"], part["off"])))
        print(f"  {label:48s} " + " ".join(f"{g:+6.2f}" for g in gains))


def main(quick: bool = False) -> None:
    pd.set_option("display.width", 200)
    rules = load_rules()
    print(f"rules version {rules['version']}")
    new, old = read_all(paths.raw_dir())
    start = time.perf_counter()
    new["rule"] = code(new["Text"], rules)
    seconds = time.perf_counter() - start
    print(f"\ncoding {len(new)} rows took {seconds:.2f} s ({1e6 * seconds / len(new):.0f} µs per row)")
    old["rule"] = code(old["Text"], rules)

    by_session = new.assign(ok=new["rule"] == new["Action"]).groupby("Session")["ok"].agg(["size", "mean"])
    print("\nexact agreement with the human codes, 2018 export, by session (%):")
    print(
        by_session.rename(columns={"size": "n", "mean": "%"}).assign(**{"%": lambda d: d["%"].map(pct)}).T.to_string()
    )
    worst = by_session["mean"]
    print(
        f"overall {pct(exact(new['Action'], new['rule']))}%; lowest session {worst.idxmin()} at {pct(worst.min())}%; "
        f"sessions below 85%: {sorted(worst[worst < 0.85].index.tolist()) or 'none'}"
    )

    print("\nolder exports (exact agreement %):")
    for name, part in old.groupby("file"):
        print(f"  {name}: n={len(part)}  {pct(exact(part['Action'], part['rule']))}")
    for label, part in (("2018 export", new), ("older exports", old)):
        dprk = part[part["To"] == "DPR Korea"]
        print(f"  DPR Korea rows, {label}: n={len(dprk)}  {pct(exact(dprk['Action'], dprk['rule']))}")

    print("\nagreement statistics:")
    for label, part in (("2018 export", new), ("older exports", old)):
        v = validate(part["Action"], part["rule"])
        print(
            f"  {label}: n={v['n']} exact {v['exact']:.4f}, within one rank {v['within_one']:.4f}, "
            f"kappa {v['kappa']:.4f}, linear-weighted {v['kappa_linear']:.4f}, quadratic-weighted {v['kappa_quadratic']:.4f}"
        )
    print("\nconfusion matrix, 2018 export (rows: human code, columns: rule):")
    print(confusion(new["Action"], new["rule"]).to_string())
    if quick:
        return
    with tempfile.TemporaryDirectory(prefix="action_rules_") as tmp:
        held_out(new, old, Path(tmp))
        ablation(new, Path(tmp))


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="skip the held-out checks and the ablation")
    main(parser.parse_args().quick)

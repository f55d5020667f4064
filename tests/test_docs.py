"""The README and figures/README.md say what the code and data actually are."""

from __future__ import annotations

import re

from loaded import real_data

import istanbul_talks as it
from istanbul_talks import analysis

README = (it.REPO_ROOT / "README.md").read_text(encoding="utf-8")
FIGURES = it.REPO_ROOT / "figures"


def test_the_readme_coverage_line_matches_the_data():
    stated = re.findall(r"coded through (\d{4}-\d{2}-\d{2})", README)
    assert stated, "README.md must say 'coded through YYYY-MM-DD'"
    assert set(stated) == {analysis.coded_through(real_data()).strftime("%Y-%m-%d")}


def test_every_figure_file_is_mapped_in_figures_readme_and_every_mapped_file_exists():
    mapping = (FIGURES / "README.md").read_text(encoding="utf-8")
    listed = set()
    for row in re.findall(r"^\| `([^|]+)` \|", mapping, flags=re.M):
        names = [n.strip(" `") for n in row.split(",")]
        stem = names[0].rsplit(".", 1)[0]
        listed |= {names[0]} | {stem + n for n in names[1:] if n.startswith(".")}
    present = {p.name for p in FIGURES.iterdir() if p.is_file() and p.name != "README.md"}
    assert present - listed == set(), "figures missing from figures/README.md"
    assert listed - present == set(), "figures/README.md lists files that do not exist"


def test_the_readme_names_the_two_commands_and_ci_runs_the_test_command():
    assert "make figures" in README and "make test" in README
    ci = (it.REPO_ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^make test$", ci, flags=re.M)


def test_the_readme_counts_match_the_data():
    data = real_data()
    sources = analysis.sources_with_outlets(data)
    outlets = sources.drop_duplicates("outlet_id")["outlet_side"].value_counts()
    expected = (f"{len(data.events)} events, {len(data.statements)} statements by\n{data.statements['actor_id'].nunique()} speakers, "
                f"{len(data.sources)} sources from {data.sources['outlet_id'].nunique()} outlets (Russian {outlets['russia']}, "
                f"Ukrainian {outlets['ukraine']}, Turkish {outlets['turkey']}, international {outlets['international']},\n"
                f"unknown {outlets['unknown']}), {len(data.quantities)} reported numbers.")
    assert expected in README


def test_the_readme_count_of_undated_sources_matches_the_data():
    undated = int((real_data().sources["published_precision"] == "unknown").sum())
    assert f"{undated} sources print no date" in README


def test_the_readable_codebook_is_current():
    from istanbul_talks.schema import Codebook
    from istanbul_talks_build.codebook_doc import render

    assert (it.REPO_ROOT / "data" / "CODEBOOK.md").read_text(encoding="utf-8") == render(Codebook.read()), "run: python -m istanbul_talks codebook"


def test_the_readme_findings_match_the_data():
    """Every number in 'What the data show', recomputed the way the notebooks compute it."""
    from loaded import real_data

    from istanbul_talks import ledger
    from istanbul_talks import positions as pos

    data = real_data()
    documents = pos.document_positions(data, pos.MEMORANDUMS)
    both = documents[documents["gap"].notna()]
    poles = both[both["gap"] == 100]
    flat = " ".join(README.split())  # the README's text with its line breaks undone
    assert f"opposite ends of the 0-100 scale on {len(poles)} of the {len(both)} issues both address ({', '.join(poles['issue']).lower()})" in flat
    assert f"{both['gap'].min():g} points apart on every one of them" in flat
    whole = pos.tie_balance(data, {"all": None}).set_index("concepts")
    substance, process = whole.loc["substance (issue scales)"], whole.loc["process (topics, blame)"]
    assert substance["between_agree"] == 0
    assert f"all {substance['between_conflict']} ties between a Russian and a Ukrainian actor are conflicts" in flat
    assert f"positions agree ({substance['inside_agree']} ties; notebook 4)" in flat
    assert f"{process['between_agree']} agreement ties against {process['between_conflict']} conflict ties" in flat
    shared = pos.shared_concepts(pos.discourse_network(data), data.actors).head(3).index.tolist()
    assert shared == ["topic:prisoner_exchanges", "topic:memorandums", "topic:direct_talks"]
    kept = ledger.status_by_kind(ledger.ledger(data))
    people, _, settlement, _ = (kept.loc[label] for label in ledger.KIND_GROUPS)
    assert settlement["none"] == settlement["total"]
    assert f"None of the {settlement['total']} commitments toward a settlement" in flat
    assert people["complete"] + people["partial"] > people["total"] / 2  # "mostly carried out, in full or in part"
    assert f"of the {people['total']} on prisoners and bodies, {people['complete']} were delivered in full and {people['partial']} in part" in flat

"""Figure files are byte-stable: clip ids, dates and software stamps never leak into them."""

from __future__ import annotations

import matplotlib.pyplot as plt

from istanbul_talks import figures


def test_clip_ids_depend_on_order_only():
    a = '<clipPath id="p0123456789"/><g clip-path="url(#p0123456789)"/><g clip-path="url(#pabcdefabcd)"/><clipPath id="pabcdefabcd"/>'
    b = a.replace("p0123456789", "p9999999999").replace("pabcdefabcd", "p1111111111")
    assert figures.stable_clip_ids(a) == figures.stable_clip_ids(b)
    assert figures.stable_clip_ids(a) == '<clipPath id="clip001"/><g clip-path="url(#clip001)"/><g clip-path="url(#clip002)"/><clipPath id="clip002"/>'


def test_only_clip_ids_are_renamed():
    text = '<path d="M 0 0" id="m0123456789"/><text>p0123456789</text>'
    assert figures.stable_clip_ids(text) == text


def test_saving_twice_gives_identical_bytes_without_dates(tmp_path, monkeypatch):
    monkeypatch.setenv("ISTANBUL_TALKS_FIGURES", str(tmp_path))
    outputs = []
    for _ in range(2):
        fig, ax = plt.subplots()
        ax.plot([1, 2, 3], [3, 1, 2])
        ax.set_title("t")
        figures.save_matplotlib(fig, "probe")
        outputs.append(((tmp_path / "probe.svg").read_bytes(), (tmp_path / "probe.png").read_bytes()))
    assert outputs[0] == outputs[1]
    svg = outputs[0][0].decode()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg and "clip001" in svg
    assert b"Software" not in outputs[0][1]


def test_alt_text_names_panels_and_a_figure_legend_and_never_an_empty_axis():
    from matplotlib.lines import Line2D

    from istanbul_talks.figures import chart_style, describe_matplotlib

    with chart_style():
        fig, axes = plt.subplots(1, 2)
        axes[0].set_title("Round 1: 3 ties")
        axes[1].set_title("Round 2: 5 ties")
        axes[1].set_ylabel("Share")
        fig.legend(handles=[Line2D([], [], label="agree"), Line2D([], [], label="conflict")])
        fig.suptitle("Who agrees")
        alt = describe_matplotlib(fig)
        plt.close(fig)
    assert alt.startswith("Chart: Who agrees.")
    assert "legend: agree, conflict" in alt and "2 panels: Round 1: 3 ties; Round 2: 5 ties" in alt
    assert "vertical axis: Share" in alt and "horizontal axis" not in alt and ". ." not in alt

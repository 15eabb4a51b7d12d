"""Stored text wraps in the terminal as Chinese is set (crawler/cli/prose.py): between any two
characters when one is wide, after spaces, never inside a Latin word or a number while it fits,
never with closing punctuation first on a line or opening punctuation last."""

from __future__ import annotations

import random

import pytest
from rich.cells import cell_len
from rich.console import Console

from crawler.cli.prose import NO_LINE_END, NO_LINE_START, Prose, break_offsets

SEED_PARAGRAPH = ("“您好，请摇下车窗，配合测量一下体温。”1月26日上午，在罗山县与湖北省交界的一处疫情防控检查点，"
                  "身穿防护服的工作人员拦下一辆小轿车，熟练地为车上人员测量体温、登记信息。")


def lines(text: str, width: int) -> list[str]:
    cuts = [0, *break_offsets(text, width), len(text)]
    return [text[a:b] for a, b in zip(cuts, cuts[1:])]


def test_a_line_never_starts_with_closing_or_ends_with_opening_punctuation():
    # rich's own fold breaks one of these rules at 23 of these widths.
    for width in range(12, 90):
        got = lines(SEED_PARAGRAPH, width)
        assert "".join(got) == SEED_PARAGRAPH
        assert all(cell_len(line) <= width for line in got), width
        assert all(line[0] not in NO_LINE_START for line in got[1:]), (width, got)
        assert all(line[-1] not in NO_LINE_END for line in got[:-1]), (width, got)


def test_the_break_moves_back_and_takes_the_character_before_along():
    text = "体温" * 9 + "、登记信息。"  # 18 wide characters fill 36 cells; the 19th is 、
    assert lines(text, 36) == ["体温" * 8 + "体", "温、登记信息。"]


def test_numbers_and_latin_words_stay_whole_while_they_fit():
    assert lines("实行24小时轮班", 5) == ["实行", "24小", "时轮", "班"]
    assert lines("a COVID-19 test", 9) == ["a ", "COVID-19 ", "test"]
    assert lines("在 http://ribao.xyxww.com.cn 发布", 12) == ["在 ", "http://ribao", ".xyxww.com.c", "n 发布"]


@pytest.mark.parametrize("width", [1, 2, 3])
def test_narrow_widths_always_make_progress(width):
    text = "。”《疫情》防控" * 3
    got = lines(text, width)
    assert "".join(got) == text and all(line for line in got)


def test_random_text_is_cut_into_lines_that_fit_and_join_back():
    rng = random.Random(7)
    alphabet = "疫情防控检查点、。，“”（）《》 abcXYZ0123456789-./"
    for _ in range(500):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 120)))
        width = rng.randrange(2, 50)
        got = lines(text, width)
        assert "".join(got) == text
        assert all(cell_len(line.rstrip()) <= width for line in got)


def test_prose_renders_with_those_breaks_in_rich():
    for width in (31, 32, 35):  # widths where rich's own Text starts a line with punctuation
        console = Console(width=width, file=None, record=True, highlight=False)
        console.print(Prose(SEED_PARAGRAPH))
        shown = console.export_text().rstrip("\n").split("\n")
        assert "".join(shown) == SEED_PARAGRAPH
        assert shown == lines(SEED_PARAGRAPH, width)
        assert all(line[0] not in NO_LINE_START for line in shown[1:]), shown

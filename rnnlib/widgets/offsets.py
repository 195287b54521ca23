"""미니배치 오프셋 탐색기: 행마다 어디서 읽기 시작하고 지금 어디를 읽는지, 끝에서 되돌아가는 곳.

계산은 rnnlib.viz.offsets.batch_view (트레이너와 같은 batching 함수) 가 한다.
"""

from html import escape

import ipywidgets as widgets

from ..data import load_ptb, preprocess
from ..plotting.svg import COLORS, Svg
from ..viz.offsets import batch_view
from .common import Explorer

ROW_COLORS = ["#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#bcbd22", "#7f7f7f"]
SOURCES = {"예제 문장": "toy", "PTB 앞부분": "ptb"}


def _corpus(source, ptb_words):
    if source == "toy":
        corpus, _, id_to_word = preprocess()
        return corpus, id_to_word
    corpus, _, id_to_word = load_ptb("train")
    if not 2 <= ptb_words <= len(corpus):
        raise ValueError(f"PTB 단어 수는 2 ~ {len(corpus)}이어야 하는데 {ptb_words}입니다.")
    return corpus[:ptb_words], id_to_word


def draw_strip(view, words=None, width=880):
    """말뭉치 띠 위에 행마다 지금 읽는 칸을 칠한다. 첫 바퀴는 옅게, 되돌아간 칸은 주황 테두리.

    말뭉치가 짧으면 (words 가 있으면) 칸마다 단어를 적는다.
    """
    L, N = view.data_size, view.batch_size
    left, cell = 70, (width - 80) / L
    row_h = 26
    svg = Svg(width, 40 + row_h * N + 30)
    svg.text(left, 14, "0", size=11, fill=COLORS["muted"])
    svg.text(left + cell * L, 14, str(L), size=11, fill=COLORS["muted"])
    svg.text(left + cell * L / 2, 14, f"말뭉치 위치 (입력 {L}개)", size=12, fill=COLORS["muted"])
    for i in range(N):
        y = 30 + i * row_h
        color = ROW_COLORS[i % len(ROW_COLORS)]
        svg.text(left - 8, y + row_h / 2 - 2, f"행 {i}", anchor="end", size=12)
        svg.rect(left, y, cell * L, row_h - 6, fill="#f7f7f7", stroke=COLORS["grid"], rx=2)
        offset = view.offsets[i]
        svg.line(left + cell * offset, y - 3, left + cell * offset, y + row_h - 3, stroke=color, width=2)
        for pos, lap in zip(view.positions[i], view.laps[i]):
            svg.rect(
                left + cell * pos,
                y,
                max(cell, 1.5),
                row_h - 6,
                fill=color,
                stroke=COLORS["highlight"] if lap else color,
                stroke_width=2.5 if lap else 0.5,
                rx=1,
                opacity=1.0 if lap else 0.75,
            )
        if words is not None:
            for pos, word in enumerate(words):
                reading = pos in view.positions[i]
                svg.text(left + cell * (pos + 0.5), y + (row_h - 6) / 2, word, size=11,
                         fill="#ffffff" if reading else COLORS["muted"])  # fmt: skip
    y = 38 + N * row_h
    svg.line(left, y, left + 24, y, stroke=ROW_COLORS[0], width=2)
    svg.text(left + 30, y, "세로선: 행의 오프셋 (읽기 시작 위치)", anchor="start", size=11)
    svg.rect(left + 330, y - 6, 14, 12, fill=ROW_COLORS[0], stroke=COLORS["highlight"], stroke_width=2.5, rx=1)
    svg.text(left + 350, y, "주황 테두리: 끝을 지나 처음으로 돌아가 읽는 칸", anchor="start", size=11)
    return svg.render()


def _table(title, rows, laps):
    cells = "".join(
        '<tr><th style="white-space:nowrap;padding-right:4px">행 {}</th>{}</tr>'.format(
            i,
            "".join(
                f'<td style="border:1px solid #ccc;padding:2px 6px;'
                f'{"background:#fff3d6" if lap else ""}">{escape(str(word))}</td>'
                for word, lap in zip(row, lap_row)
            ),
        )
        for i, (row, lap_row) in enumerate(zip(rows, laps))
    )
    table = f'<table style="border-collapse:collapse">{cells}</table>'
    return f'<div style="margin:4px 12px 4px 0"><b>{title}</b>{table}</div>'


class OffsetExplorer(Explorer):
    title = "미니배치 오프셋 탐색기"

    def __init__(self, source="toy", ptb_words=1000, batch_size=2, time_size=3, iteration=0):
        style, box = {"description_width": "initial"}, widgets.Layout(width="170px")
        self.source = widgets.Dropdown(
            options=list(SOURCES.items()), value=source, description="말뭉치", layout=widgets.Layout(width="220px")
        )
        self.ptb_words = widgets.IntText(value=ptb_words, description="PTB 단어 수", style=style, layout=box)
        self.batch_size = widgets.IntText(value=batch_size, description="배치 크기 N", style=style, layout=box)
        self.time_size = widgets.IntText(value=time_size, description="시각 수 T", style=style, layout=box)
        self.iteration = widgets.IntSlider(value=iteration, min=0, max=max(iteration, 20), description="반복")
        # Play 의 처음 값도 슬라이더와 같아야 한다: jslink 가 Play 의 값을 슬라이더로 옮기기 때문
        self.play = widgets.Play(value=iteration, min=0, max=self.iteration.max, interval=900, description="재생")
        widgets.jslink((self.play, "value"), (self.iteration, "value"))
        controls = [self.source, self.ptb_words, self.batch_size, self.time_size, self.iteration, self.play]
        self.source.observe(self._toggle_ptb_words, names="value")
        self._toggle_ptb_words()
        super().__init__(controls)

    def _toggle_ptb_words(self, change=None):
        self.ptb_words.disabled = self.source.value != "ptb"

    def compute(self):
        corpus, id_to_word = _corpus(self.source.value, self.ptb_words.value)
        view = batch_view(corpus, self.batch_size.value, self.time_size.value, self.iteration.value, id_to_word)
        words = [id_to_word[int(i)] for i in corpus[:-1]] if view.data_size <= 40 else None
        return view, words

    def draw(self, computed):
        view, words = computed
        summary = (
            f"<p>반복 {view.iteration} · {view.epoch + 1}번째 에폭 (한 에폭 = {view.iters_per_epoch}번 반복) · "
            f"time_idx = {view.iteration} × {view.time_size} = {view.time_idx} · "
            f"오프셋 = i × ({view.data_size} // {view.batch_size}) = {list(map(int, view.offsets))}</p>"
        )
        tables = (
            '<div style="display:flex;flex-wrap:wrap">'
            + _table("batch_x (입력)", view.batch_x, view.laps)
            + _table("batch_t (정답: 바로 다음 단어)", view.batch_t, view.laps)
            + "</div>"
        )
        return summary + draw_strip(view, words) + tables


def offset_explorer(source="toy", ptb_words=1000, batch_size=2, time_size=3, iteration=0):
    """미니배치 오프셋 탐색기를 만든다. source: 'toy' (예제 문장) 또는 'ptb' (PTB 앞부분 ptb_words 단어)."""
    return OffsetExplorer(source, ptb_words, batch_size, time_size, iteration)

"""모양(shape) 탐색기: N, T, D, H 를 바꾸며 TimeRNN 의 모든 배열의 모양과 매개변수 수를 본다.

계산은 rnnlib.viz.shapes.rnn_shapes 가 한다 (테스트가 진짜 TimeRNN 과 비교한다).
"""

import math
from html import escape

import ipywidgets as widgets

from ..plotting.svg import COLORS, Svg, rich_markup
from ..viz.shapes import rnn_shapes
from .common import Explorer

CELL = "style='padding:0 8px 0 0;white-space:nowrap'"


ROW_Y, ROW_GAP = 100, 50  # 첫 RNN 줄의 y, 줄 사이 (양방향이면 두 줄)


def draw_unrolled(view, width=560):
    """펼친 RNN: 아래에 x_t, 가운데 RNN 칸 (양방향이면 엇갈린 두 줄), 위에 출력. 길면 가운데를 … 로 줄인다."""
    cols = list(range(view.T)) if view.T <= 5 else [0, 1, None, view.T - 2, view.T - 1]
    rows = ["정방향", "역방향"][: view.directions]
    left, step, y_out, y_x = 90, min(150, (width - 96) / len(cols)), 44, ROW_Y + ROW_GAP * len(rows)
    svg = Svg(width, y_x + 20)
    svg.rich_text(left, 12, f"출력 out {view.output_shape}: {view.output_note}", anchor="start", size=12, fill="#666")
    for label, y in [("출력", y_out), ("입력", y_x)] + [(f"{r} RNN", ROW_Y + ROW_GAP * k) for k, r in enumerate(rows)]:
        svg.text(left - 12, y, label, anchor="end", size=12, fill=COLORS["muted"])
    for c, t in enumerate(cols):
        cx = left + step * (c + 0.5)
        if t is None:
            for y in [y_out, y_x, ROW_Y, ROW_Y + ROW_GAP][: 3 + view.directions - 1]:
                svg.text(cx, y, "…", size=18, fill=COLORS["muted"])
            continue
        svg.rect(cx - 48, y_x - 15, 96, 30, fill=COLORS["soft"], stroke=COLORS["forward"])
        svg.rich_text(cx, y_x, f"x_{{{t}}}  {(view.N, view.D)}", size=12)
        half = 24 if view.bidirectional else 30
        for k in range(view.directions):
            y, x = ROW_Y + ROW_GAP * k, cx + (26 * (2 * k - 1) if view.bidirectional else 0)  # 양방향이면 엇갈리게
            svg.line(x, y_x - 15, x, y + 14, stroke=COLORS["muted"], arrow=True)
            svg.rect(x - half, y - 14, 2 * half, 28, fill="#ffffff", stroke=COLORS["ink"])
            svg.text(x, y, "RNN", size=12, weight="bold")
            nxt = c + 1 - 2 * k  # 역방향은 오른쪽에서 왼쪽으로 흐른다
            if 0 <= nxt < len(cols):
                sx, ex = (x + half, x + step - half) if k == 0 else (x - half, x - step + half)
                dash = "4 3" if None in (cols[nxt], t) else None
                svg.line(sx, y, ex, y, stroke=COLORS["forward"], width=2, arrow=True, dash=dash)
                svg.text((sx + ex) / 2, y - 9, f"h {(view.N, view.H)}", size=10, fill=COLORS["forward"])
            if view.exports(k, t):
                svg.line(x, y - 14, x, y_out + 15, stroke=COLORS["muted"], arrow=True)
        used = [k for k in range(view.directions) if view.exports(k, t)]
        if view.return_sequences or len(used) == view.directions:
            label = f"h_{{{t}}}  {(view.N, view.H * len(used))}"
        else:
            label = f"{rows[used[0]]} 끝 {(view.N, view.H)}" if used else f"h_{{{t}}} (내보내지 않음)"
        half = min(56, step / 2 - 3)
        svg.rect(
            cx - half,
            y_out - 15,
            2 * half,
            30,
            fill="#fff3d6" if used else "#f7f7f7",
            stroke=COLORS["highlight"] if used else COLORS["grid"],
        )
        svg.rich_text(cx, y_out, label, size=12 if used else 11, fill=COLORS["ink"] if used else COLORS["muted"])
    return svg.render(fit=True)


def _table(title, items, sizes=False):
    """배열 목록을 표로. sizes 이면 원소 수 (매개변수 수) 열을 더한다."""
    head = "".join(f"<td {CELL}>{h}</td>" for h in ["이름", "기호", "모양"] + ["원소 수"] * sizes + ["뜻"])
    rows = "".join(
        f"<tr><td {CELL}><code style='font-size:12px'>{escape(a.name)}</code></td><td {CELL}>{a.letters}</td>"
        + f"<td {CELL}><b>{a.shape}</b></td>"
        + (f"<td {CELL}>{math.prod(a.shape):,}</td>" if sizes else "")
        + f"<td>{rich_markup(a.meaning, html=True)}</td></tr>"
        for a in items
    )
    return (
        f"<div style='margin:2px 0'><b>{title}</b><table style='border-collapse:collapse;font-size:12px;"
        f"line-height:1.35'><tr style='color:#888'>{head}</tr>{rows}</table></div>"
    )


class ShapeExplorer(Explorer):
    title = "RNN 모양(shape) 탐색기"

    def __init__(self, N, T, D, H, return_sequences, bidirectional):
        style, narrow = {"description_width": "initial"}, widgets.Layout(width="130px")
        self.N = widgets.IntText(value=N, description="배치 N", style=style, layout=narrow)
        self.T = widgets.IntText(value=T, description="시각 수 T", style=style, layout=narrow)
        self.D = widgets.IntText(value=D, description="입력 D", style=style, layout=narrow)
        self.H = widgets.IntText(value=H, description="은닉 H", style=style, layout=narrow)
        auto = widgets.Layout(width="auto")  # 조작이 한 줄에 들어가도록 (발표 화면의 높이를 아낀다)
        self.return_sequences = widgets.Checkbox(
            value=return_sequences, description="return_sequences", indent=False, layout=auto
        )
        self.bidirectional = widgets.Checkbox(
            value=bidirectional, description="양방향 (bidirectional)", indent=False, layout=auto
        )
        super().__init__([self.N, self.T, self.D, self.H, self.return_sequences, self.bidirectional])

    def compute(self):
        values = (self.N, self.T, self.D, self.H, self.return_sequences, self.bidirectional)
        return rnn_shapes(*(control.value for control in values))

    def draw(self, view):
        lines = [
            ("입력", view.framework_input),
            ("계층", view.framework_layer),
            ("출력", view.framework_output),
            ("매개변수 수", "units × (units + input_dim + 1)"),
            ("", "= " + view.param_formula),
        ]
        keras = "".join(
            f"<tr><td {CELL}><b>{k}</b></td><td><code style='font-size:11px'>{escape(t)}</code></td></tr>"
            for k, t in lines
        )
        each = " (방향마다 따로)" if view.bidirectional else ""
        return (
            "<div style='display:flex;flex-wrap:wrap;align-items:center;gap:4px 16px'>"
            + f"<div style='flex:1 1 400px;min-width:0;max-width:560px'>{draw_unrolled(view)}</div>"  # 좁으면 줄어든다
            + "<div style='flex:0 0 auto'><div style='color:#666;font-size:12px'>케라스 같은 프레임워크에서는</div>"
            + f"<table style='background:#f7f7f7;padding:4px 8px;font-size:12px;line-height:1.35'>{keras}</table></div>"
            + "</div><div style='display:flex;gap:0 12px;align-items:flex-start'>"  # 두 열: 긴 설명은 칸 안에서 줄바꿈
            + "<div style='flex:1 1 0;min-width:0'>"
            + _table("순전파" + each, view.forward)
            + _table(f"매개변수{each}: 합계 {view.param_count:,}개", view.params, sizes=True)
            + "</div><div style='flex:1 1 0;min-width:0'>"
            + _table("역전파" + each, view.backward)
            + "</div></div>"
        )


def shape_explorer(N=2, T=4, D=10, H=3, return_sequences=True, bidirectional=False):
    """RNN 모양 탐색기를 만든다. 케라스 식 (batch_size, timesteps, input_dim) = (N, T, D), units = H."""
    return ShapeExplorer(N, T, D, H, return_sequences, bidirectional)

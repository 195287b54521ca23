"""LSTM 게이트 탐색기: 게이트 값을 바꾸며 기억 셀의 갱신을 보고, RNN 과 LSTM 의 기울기 흐름을 비교한다.

계산은 rnnlib.viz.gates (gate_step, gradient_flow) 가 한다. 그림은 SVG (로그 눈금도 직접 그린다).
"""

import functools
import math

import ipywidgets as widgets
import numpy as np

from ..plotting.svg import COLORS, Svg, format_number
from ..viz.gates import gate_step, gradient_flow
from .common import Explorer

GREEN, GATE_FILL = "#2ca02c", {"f": "#fde2e1", "g": "#e1ecf8", "i": "#e3f3e3", "o": "#efe4f6"}
NOTE = (
    "<div style='color:#555;font-size:12px'>왼쪽 그림에서 기억 셀의 길(맨 위의 가로 화살표)에는 곱셈 f와 덧셈만 있어, "
    "그 길을 거꾸로 흐르는 기울기는 시각마다 f배가 될 뿐입니다(오른쪽 그래프의 초록 점선). RNN의 기울기(파란 선)는 "
    "시각마다 W<sub>h</sub>와 tanh의 미분을 거치므로, W<sub>h</sub> 배율이 작거나 1이어도 tanh의 미분 때문에 "
    "줄어듭니다. "
    "초록 실선은 LSTM의 은닉 상태 h로 가는 기울기입니다. 망각 게이트 편향을 올려 f를 1에 가깝게 해 보세요.</div>"
)
cached_flow = functools.lru_cache(maxsize=1)(gradient_flow)  # 게이트만 바꿀 때는 기울기를 다시 계산하지 않는다


def _n(x, digits=2, brackets=False):
    """format_number에 더해, brackets 이면 음수를 괄호로 감싼다 (식 안의 항)."""
    text = format_number(x, digits)
    return f"({text})" if brackets and text.startswith("−") else text


def _gate(svg, x, y, key, value, activation):
    """게이트 원: 이름, 활성화 함수, 값."""
    svg.circle(x, y, 25, fill=GATE_FILL[key], stroke=COLORS["ink"])
    svg.text(x, y - 8, f"{key} ({activation})", size=11)
    svg.text(x, y + 9, f"{_n(value)}", size=13, weight="bold")


def _op(svg, x, y, symbol):
    svg.circle(x, y, 12, fill="#ffffff", stroke=COLORS["ink"])
    svg.text(x, y + 1, symbol, size=15, weight="bold")


def draw_cell(view, width=530, height=296):
    """기억 셀: 위쪽 가로줄이 c의 길 (× f, + g·i), 오른쪽이 h = o·tanh(c). 아래는 A의 네 블록 f, g, i, o."""
    svg, top = Svg(width, height), 60
    svg.rect(40, 28, 440, 212, fill="#fbfbfb", stroke=COLORS["grid"], rx=10)
    svg.text(60, 16, "기억 셀 (LSTM 한 시각)", anchor="start", size=12, fill=COLORS["muted"])
    svg.rich_text(8, top - 16, f"c_{{t-1}} = {_n(view.c_prev)}", anchor="start", size=13, weight="bold")
    svg.line(8, top, 148, top, stroke=COLORS["forward"], width=2, arrow=True)
    _op(svg, 160, top, "×")
    svg.line(172, top, 288, top, stroke=COLORS["forward"], width=2, arrow=True)
    svg.text(225, top - 14, f"f·c = {_n(view.kept)}", size=12, fill=COLORS["forward"])
    _op(svg, 300, top, "+")
    svg.line(312, top, 522, top, stroke=COLORS["forward"], width=2, arrow=True)
    svg.rich_text(500, top - 16, f"c_{{t}} = {_n(view.c_next, 3)}", anchor="end", size=13, weight="bold")
    svg.line(160, 138, 160, top + 12, stroke=COLORS["ink"], arrow=True)
    _gate(svg, 160, 162, "f", view.f, "σ")
    svg.line(300, 118, 300, top + 12, stroke=COLORS["ink"], arrow=True)
    svg.text(306, 92, f"g·i = {_n(view.written)}", anchor="start", size=12)
    _op(svg, 300, 130, "×")
    for x, key, act in [(255, "g", "tanh"), (345, "i", "σ")]:
        svg.line(x, 158, 300 + (x - 300) * 0.35, 140, stroke=COLORS["ink"], arrow=True)
        _gate(svg, x, 182, key, getattr(view, key), act)
    svg.line(420, top, 420, 90, stroke=COLORS["ink"], arrow=True)
    svg.rect(395, 92, 50, 22, fill="#ffffff", stroke=COLORS["ink"])
    svg.text(420, 103, "tanh", size=11)
    svg.text(428, 132, f"{_n(view.tanh_c, 3)}", anchor="start", size=11, fill=COLORS["muted"])
    svg.line(420, 114, 420, 152, stroke=COLORS["ink"], arrow=True)
    _op(svg, 420, 164, "×")
    svg.line(450, 189, 430, 172, stroke=COLORS["ink"], arrow=True)
    _gate(svg, 466, 207, "o", view.o, "σ")
    svg.line(420, 176, 420, 262, stroke=GREEN, width=2, arrow=True)
    svg.rich_text(434, 254, f"h_{{t}} = {_n(view.h_next, 3)}", anchor="start", size=13, weight="bold", fill=GREEN)
    text = "A = h_{t-1} W_{h} + x_{t} W_{x} + b의 네 블록 (순서 f, g, i, o)"
    svg.rich_text(40, 256, text, anchor="start", size=11, fill="#666")
    for k, (key, value) in enumerate(view.blocks):
        svg.rect(40 + 82 * k, 267, 78, 24, fill=GATE_FILL[key], stroke=COLORS["ink"], rx=2)
        svg.text(79 + 82 * k, 279, f"{key} = {_n(value)}", size=12)
    return svg.render()


def draw_flow(flow, width=470, height=296):
    """시각 k에 도착한 기울기의 크기 (로그 눈금). 오른쪽 끝 k = T-1이 출발점 (크기 1)."""
    svg, left, right, top, base = Svg(width, height), 56, width - 14, 30, height - 84
    series = [
        (flow.rnn_dh, COLORS["forward"], None, f"RNN ‖dh_{{k}}‖ (W_{{h}} 배율 {flow.rnn_scale:g})"),
        (flow.lstm_dh, GREEN, None, "LSTM 은닉 상태 ‖dh_{k}‖"),
        (flow.lstm_dc, GREEN, "6 4", f"LSTM 기억 셀 ‖dc_{{k}}‖ (평균 f = {flow.forget_mean:.2f})"),
    ]
    values = np.concatenate([s[0][np.isfinite(s[0])] for s in series])
    low = math.floor(math.log10(max(values.min(), 1e-30)))
    high = max(0, math.ceil(math.log10(values.max())))
    every = max(1, (high - low + 5) // 6)  # 눈금은 6개 안팎

    def xy(k, value):
        y = (math.log10(max(value, 10.0**low)) - low) / (high - low)
        return left + (right - left) * k / (flow.T - 1), base - (base - top) * y

    for power in range(low, high + 1, every):
        y = xy(0, 10.0**power)[1]
        svg.line(left, y, right, y, stroke="#eeeeee", width=1)
        svg.rich_text(left - 6, y, f"10^{{{power}}}" if power else "1", anchor="end", size=10, fill=COLORS["muted"])
    for k in sorted({0, (flow.T - 1) // 2, flow.T - 1}):
        svg.text(xy(k, 1)[0], base + 14, f"k={k}", size=10, fill=COLORS["muted"])
    svg.line(left, base, right, base, stroke=COLORS["muted"])
    for n, (norms, color, dash, label) in enumerate(series):
        points = [xy(k, value) for k, value in enumerate(norms) if np.isfinite(value)]
        svg.polyline(points, stroke=color, width=2.2, dash=dash)
        for x, y in points if flow.T <= 12 else []:  # 점이 적으면 하나하나 보이게
            svg.circle(x, y, 3, fill=color, stroke=color)
        svg.line(left, base + 34 + 16 * n, left + 26, base + 34 + 16 * n, stroke=color, width=2.2, dash=dash)
        svg.rich_text(left + 32, base + 34 + 16 * n, label, anchor="start", size=11)
    floor = " · 10^{-30}보다 작은 값은 바닥선에" if values.min() < 1e-30 else ""
    title = f"h_{{{flow.T - 1}}}에 준 크기 1의 기울기가 시각 k에 도착한 크기 (로그 눈금{floor})"
    svg.rich_text(left - 40, 12, title, anchor="start", size=11, fill="#666")
    return svg.render()


class LstmGateExplorer(Explorer):
    title = "LSTM 게이트 탐색기"

    def __init__(self, f, i, o, g, c_prev, T, rnn_scale, forget_bias):
        width = widgets.Layout(width="268px")  # 네 개씩 두 줄 (발표 화면의 높이를 아낀다)

        def slider(value, low, high, label, step=0.01):
            return widgets.FloatSlider(
                value=value,
                min=min(low, value),
                max=max(high, value),
                step=step,
                description=label,
                description_allow_html=True,
                style={"description_width": "initial"},
                layout=width,
            )

        self.f, self.i = slider(f, 0, 1, "망각 게이트 f"), slider(i, 0, 1, "입력 게이트 i")
        self.o, self.g = slider(o, 0, 1, "출력 게이트 o"), slider(g, -1, 1, "새 기억 후보 g")
        self.c_prev = slider(c_prev, -3, 3, "이전 기억 셀 c<sub>t−1</sub>")
        self.T = widgets.IntSlider(
            value=T,
            min=min(2, T),
            max=max(100, T),
            description="시각 수 T",
            style={"description_width": "initial"},
            layout=width,
        )
        self.rnn_scale = slider(rnn_scale, 0.1, 2.0, "RNN의 W<sub>h</sub> 배율", 0.05)
        self.forget_bias = slider(forget_bias, -3, 6, "LSTM 망각 게이트 편향", 0.25)
        controls = [self.f, self.i, self.o, self.g, self.c_prev, self.T, self.rnn_scale, self.forget_bias]
        super().__init__(controls)

    def compute(self):
        gates = gate_step(self.f.value, self.i.value, self.o.value, self.g.value, self.c_prev.value)
        return gates, cached_flow(self.T.value, self.rnn_scale.value, self.forget_bias.value)

    def draw(self, view):
        gates, flow = view
        equations = (
            "<p style='font-size:14px;line-height:1.6;margin:0'>"
            f"c<sub>t</sub> = f·c<sub>t−1</sub> + g·i = {_n(gates.f)} × "
            f"{_n(gates.c_prev, 2, True)} + {_n(gates.g, 2, True)} × {_n(gates.i)} = {_n(gates.kept, 3)} + "
            f"{_n(gates.written, 3, True)} = <b>{_n(gates.c_next, 3)}</b><br>h<sub>t</sub> = o·tanh(c<sub>t</sub>) = "
            f"{_n(gates.o)} × tanh({_n(gates.c_next, 3)}) = {_n(gates.o)} × {_n(gates.tanh_c, 3, True)} = "
            f"<b>{_n(gates.h_next, 3)}</b></p>"
        )
        return (
            "<div style='display:flex;flex-wrap:wrap;gap:20px'>"
            f"<div style='width:530px'>{draw_cell(gates)}{equations}</div>"
            f"<div style='width:470px'>{draw_flow(flow)}{NOTE}</div></div>"
        )


def lstm_gate_explorer(f=0.9, i=0.5, o=0.8, g=0.6, c_prev=1.0, T=30, rnn_scale=1.0, forget_bias=2.0):
    """LSTM 게이트 탐색기를 만든다. 게이트 값 (f, i, o는 0 ~ 1, g는 -1 ~ 1)과 기울기 그림의 조건."""
    return LstmGateExplorer(f, i, o, g, c_prev, T, rnn_scale, forget_bias)

"""펼친 RNN 단계별 보기: 시각을 하나씩 순전파로 나아갔다가 역전파로 되돌아온다.

계산은 rnnlib.viz.stepper.stepper_stage (진짜 RNN, TimeAffine, TimeSoftmaxWithLoss 계층) 가 한다.
위: T 개의 복사본 (같은 가중치) 과 그 위의 Affine·손실. 아래 왼쪽: 지금 시각의 식에 실제 수를 넣은 것,
아래 오른쪽: 순전파에서는 공유 가중치, 역전파에서는 시각마다 커져 가는 가중치 기울기의 합.
"""

import ipywidgets as widgets
import numpy as np

from ..plotting.svg import COLORS, Svg, format_number
from ..viz.stepper import stepper_stage
from .common import Explorer

WIDTH = 1040
LABEL_W, START_W = 84, 58  # 왼쪽의 줄 이름 자리, h_{-1} = 0 자리
CELL_H = 20  # 식의 한 줄 (벡터 하나) 높이
STYLE = {  # 복사본 상자의 모양: (채우기, 테두리, 굵기, 점선, 글자색)
    "todo": ("#ffffff", "#bbbbbb", 1.2, "4 3", COLORS["muted"]),
    "forward": ("#eef4fb", COLORS["forward"], 1.4, None, COLORS["ink"]),
    "backward": ("#fdecea", COLORS["backward"], 1.4, None, COLORS["ink"]),
    "current": ("#fff6e0", COLORS["highlight"], 3, None, COLORS["ink"]),
}


def _state(s, t):
    if t == s.t:
        return "current"
    if t in s.backward_done:
        return "backward"
    return "forward" if t < s.known_steps else "todo"


def _styled_box(svg, x, y, w, h, lines, state, size=12, bold_first=False):
    fill, stroke, width, dash, ink = STYLE[state]
    svg.box(
        x,
        y,
        w,
        h,
        lines,
        fill=fill,
        stroke=stroke,
        stroke_width=width,
        dash=dash,
        text_fill=ink,
        size=size,
        bold_first=bold_first,
    )


def draw_progress(svg, s, y, left):
    """맨 위의 단계 띠: 순전파 T 칸 (파랑) 다음 역전파 T 칸 (빨강), 지금 단계는 주황."""
    n = s.stage_count
    step = min(74, (WIDTH - left - 10) / n)
    svg.text(8, y + 10, "단계", anchor="start", size=11, fill=COLORS["muted"])
    for k in range(n):
        t = k if k < s.T else n - 1 - k
        color = COLORS["forward"] if k < s.T else COLORS["backward"]
        fill = "#fff6e0" if k == s.stage else ("#f2f2f2" if k > s.stage else ("#eef4fb" if k < s.T else "#fdecea"))
        arrow = "→" if k < s.T else "←"
        svg.box(
            left + k * step + 2,
            y,
            step - 4,
            20,
            [f"{arrow} t={t}"],
            fill=fill,
            size=11,
            stroke=COLORS["highlight"] if k == s.stage else color,
            stroke_width=2.5 if k == s.stage else 1,
            text_fill=color,
        )


def draw_chain(s):
    """T 개의 복사본: 입력 x_t → RNN → h_t → Affine·손실, 가로로 이어지는 h와 (역전파 때) 미래의 몫 dh^미래."""
    H, T = s.H, s.T
    left = LABEL_W + START_W
    colw = min(170, (WIDTH - left - 10) / T)
    bw = min(colw - 34, 128)
    chip_w, chip_h = 64, 6 + 14 * H
    y_loss, loss_h = 28, 46
    y_chip = y_loss + loss_h + 14
    y_rnn, rnn_h = y_chip + chip_h + 14, 36
    y_x, x_h = y_rnn + rnn_h + 18, 34
    y_bar = y_x + x_h + 10
    svg = Svg(WIDTH, y_bar + 26)
    draw_progress(svg, s, 2, left)
    rows = [
        ("Affine·손실", y_loss + loss_h / 2),
        ("은닉 상태", y_chip + chip_h / 2),
        ("RNN 계층", y_rnn + rnn_h / 2),
        ("입력", y_x + x_h / 2),
    ]
    for label, y in rows:
        svg.text(8, y, label, anchor="start", size=12, fill=COLORS["muted"])
    left += (WIDTH - 10 - left - colw * T) / 2  # 복사본들을 가운데에
    centers = [left + colw * (t + 0.5) for t in range(T)]
    mid = y_rnn + rnn_h / 2
    svg.rich_text(LABEL_W + 4, mid - 14, "h_{-1} = 0", anchor="start", size=11, fill=COLORS["muted"])
    svg.line(LABEL_W + 4, mid - 4, centers[0] - bw / 2, mid - 4, stroke=COLORS["forward"], width=1.5, arrow=True)
    for t, cx in enumerate(centers):
        state = _state(s, t)
        known = t < s.known_steps
        word, target = s.vocab[s.word_ids[t]], s.vocab[s.target_ids[t]]
        small = 10 if bw < 110 else 11  # 복사본이 많아 칸이 좁으면 글자를 줄인다
        loss_lines = ["Affine·Softmax", f"정답 '{target}'"]
        loss_lines.append(f"p={s.probs[t]:.3f}  L={s.losses[t]:.2f}" if known else "아직 계산 전")
        _styled_box(svg, cx - bw / 2, y_loss, bw, loss_h, loss_lines, state, size=10)
        chip_lines = [format_number(v) for v in s.hs[t]] if known else ["?"] * H
        _styled_box(svg, cx - chip_w / 2, y_chip, chip_w, chip_h, chip_lines, state, size=10.5)
        svg.rich_text(cx - chip_w / 2 - 4, y_chip + 8, f"h_{{{t}}}", anchor="end", size=12, fill=STYLE[state][4])
        _styled_box(svg, cx - bw / 2, y_rnn, bw, rnn_h, ["RNN", "W_{x} · W_{h} · b"], state, size=11, bold_first=True)
        x_w = min(bw - 24, 90)
        x_state = "forward" if known else "todo"
        _styled_box(svg, cx - x_w / 2, y_x, x_w, x_h, [f"'{word}'", f"원-핫 {s.word_ids[t]}번"], x_state, size=small)
        svg.rich_text(cx - x_w / 2 - 4, y_x + 8, f"x_{{{t}}}", anchor="end", size=12, fill=STYLE[x_state][4])
        up = COLORS["forward"] if known else "#bbbbbb"
        svg.line(cx, y_x, cx, y_rnn + rnn_h + 1, stroke=up, arrow=True)
        svg.line(cx, y_rnn, cx, y_chip + chip_h + 1, stroke=up, arrow=True)
        svg.line(cx, y_chip, cx, y_loss + loss_h + 1, stroke=up, arrow=True)
        weight_x = cx + bw / 2 - 6
        svg.line(weight_x, y_bar, weight_x, y_rnn + rnn_h, stroke="#9467bd", width=1.2, dash="3 3")
        if t + 1 < T:
            nxt = centers[t + 1] - bw / 2
            svg.line(
                cx + bw / 2,
                mid - 7,
                nxt,
                mid - 7,
                stroke=COLORS["forward"] if t + 1 < s.known_steps else "#bbbbbb",
                width=2,
                arrow=True,
            )
            if t + 1 in s.backward_done:
                svg.line(nxt, mid + 8, cx + bw / 2, mid + 8, stroke=COLORS["backward"], width=2, arrow=True)
                label = f"dh_{{{t}}}^{{미래}}"
                svg.rich_text((cx + bw / 2 + nxt) / 2, mid + 19, label, size=10, fill=COLORS["backward"])
        if t in s.backward_done:
            x_red = cx + chip_w / 2 + 10
            svg.line(x_red, y_loss + loss_h, x_red, y_chip + chip_h / 2, stroke=COLORS["backward"], width=2, arrow=True)
            label = f"dh_{{{t}}}^{{위}}"
            svg.rich_text(x_red + 3, y_loss + loss_h + 9, label, anchor="start", size=10, fill=COLORS["backward"])
    V = len(s.vocab)
    svg.box(
        LABEL_W + START_W,
        y_bar,
        WIDTH - 10 - LABEL_W - START_W,
        24,
        [f"공유 가중치 — {T}개 복사본이 모두 같은 배열을 씁니다:  W_{{x}} ({V}×{H}),  W_{{h}} ({H}×{H}),  b ({H})"],
        fill="#f4effa",
        stroke="#9467bd",
        size=12,
    )
    return svg.render(fit=True)


def _cell_w(H):
    return 54 if H <= 3 else 46


def _ledger(svg, x, y, rows, rules=(), gaps=()):
    """'부호 │ 이름 │ 벡터 │ 설명'을 줄마다 쓴다. rules의 줄 앞에는 덧셈의 가로줄, gaps의 줄 뒤에는 빈칸."""
    cell_w = _cell_w(len(rows[0][2]))
    name_w, vec_w = 150, cell_w * len(rows[0][2]) + 8
    top = y
    for i, (sign, name, values, note, color) in enumerate(rows):
        if i in rules:
            svg.line(x, top - 2, x + name_w + vec_w, top - 2, stroke=COLORS["ink"], width=1)
        svg.text(x + 4, top + CELL_H / 2, sign, anchor="start", size=14, fill=COLORS["muted"])
        svg.rich_text(x + name_w - 10, top + CELL_H / 2, name, anchor="end", size=13, fill=color)
        svg.matrix(x + name_w, top, values, cell_w=cell_w, cell_h=CELL_H, fill=color)
        svg.rich_text(x + name_w + vec_w + 10, top + CELL_H / 2, note, anchor="start", size=11, fill=COLORS["muted"])
        top += CELL_H + 4 + (6 if i in gaps else 0)
    return top - y


def _forward_rows(s):
    t = s.t
    prev = f"h_{{{t - 1}}}" if t > 0 else "h_{-1}"
    return [
        ("", prev, s.h_prev, "앞 시각의 은닉 상태" if t > 0 else "처음 상태는 0", COLORS["ink"]),
        ("", f"{prev} W_{{h}}", s.h_part, "← W_{h}를 곱한 값", COLORS["ink"]),
        ("+", f"x_{{{t}}} W_{{x}}", s.x_part, f"← W_{{x}}의 '{s.word}' 행 (원-핫)", COLORS["ink"]),
        ("+", "b", s.b, "← 편향", COLORS["ink"]),
        ("=", "tanh에 넣을 합", s.pre, "", COLORS["ink"]),
        ("", f"h_{{{t}}} = tanh(합)", s.h, "→ 위(Affine)와 다음 시각으로", COLORS["forward"]),
    ]


def _backward_rows(s):
    t, T = s.t, s.T
    future = f"← 시각 {t + 1}에서" if t + 1 < T else "마지막 시각: 미래가 없어 0"
    goes = f"→ 시각 {t - 1}의 미래 몫 (dh_{{prev}})" if t > 0 else "→ h_{-1}은 처음 상태: 끝"
    back = f"dh_{{{t - 1}}}^{{미래}} = dt W_{{h}}^{{T}}" if t > 0 else "dh_{-1} = dt W_{h}^{T}"
    return [
        ("", f"dh_{{{t}}}^{{위}}", s.dh_above, f"← Affine·손실에서 (평균이라 ×1/{T})", COLORS["backward"]),
        ("+", f"dh_{{{t}}}^{{미래}}", s.dh_future, future, COLORS["backward"]),
        ("=", f"dh_{{{t}}}", s.dh_t, "두 길에서 온 기울기의 합", COLORS["ink"]),
        ("⊙", f"1 − h_{{{t}}}^{{2}}", 1 - s.h**2, "tanh의 미분", COLORS["ink"]),
        ("=", "dt", s.dt, "tanh를 거슬러 간 기울기", COLORS["ink"]),
        ("", back, s.dh_prev, goes, COLORS["backward"]),
    ]


def _matrix_block(svg, x, y, title, values, row_labels=None, highlight=None):
    svg.rich_text(x, y, title, anchor="start", size=12, weight="bold")
    width, height = svg.matrix(
        x,
        y + 10,
        values,
        cell_w=_cell_w(values.shape[-1]),
        cell_h=17,
        size=11,
        row_labels=row_labels,
        highlight=highlight,
    )
    return width, height + 10


def draw_detail(s):
    """아래: 왼쪽은 지금 시각의 식에 실제 수를 넣은 것, 오른쪽은 공유 가중치 또는 누적 기울기."""
    t, H, V = s.t, s.H, len(s.vocab)
    prev = f"h_{{{t - 1}}}" if t > 0 else "h_{-1}"
    words = [f"'{w}'" for w in s.vocab]
    word_row = np.arange(V)[:, None] == np.full((V, H), s.word_ids[t])  # 이번 시각의 단어 행
    if s.forward:
        formula = f"h_{{{t}}} = tanh({prev} W_{{h}} + x_{{{t}}} W_{{x}} + b)"
        rows, rules, gaps = _forward_rows(s), (4,), (0,)
        heading = "공유 가중치 (모든 시각이 같은 값) — 칠한 칸: 이번 시각에 쓰는 W_{x}의 행"
        blocks = [("W_{x}", s.Wx, word_row), ("W_{h}", s.Wh, None), ("b", s.b, None)]
    else:
        formula = f"dh_{{{t}}} = dh_{{{t}}}^{{위}} + dh_{{{t}}}^{{미래}},   dt = dh_{{{t}}} ⊙ (1 − h_{{{t}}}^{{2}})"
        rows, rules, gaps = _backward_rows(s), (2, 4), ()
        span = f"{s.T - 1} ~ {t}" if t < s.T - 1 else f"{t}"
        heading = f"가중치 기울기의 누적 합 (시각 {span}) — 칠한 칸: 이번 시각에 더해진 곳"
        blocks = [
            (f"dW_{{x}} += x_{{{t}}}^{{T}} dt", s.dWx, word_row),
            (f"dW_{{h}} += {prev}^{{T}} dt", s.dWh, np.ones((H, H), bool)),
            ("db += dt", s.db, np.ones(H, bool)),
        ]
    top = 30
    svg = Svg(WIDTH, max(top + 4 + len(rows) * (CELL_H + 4) + 6 * len(gaps), top + 14 + 17 * V + 4))
    svg.rich_text(
        8,
        12,
        formula,
        anchor="start",
        size=15,
        weight="bold",
        fill=COLORS["forward"] if s.forward else COLORS["backward"],
    )
    _ledger(svg, 8, top, rows, rules, gaps)
    matrix_w = _cell_w(H) * H + 8
    x = min(WIDTH - 8 - (72 + matrix_w + 18 + matrix_w), 600)
    svg.rich_text(x, 12, heading, anchor="start", size=12, fill=COLORS["muted"])
    (title_x, Wx, mark_x), (title_h, Wh, mark_h), (title_b, b, mark_b) = blocks
    width_x, _ = _matrix_block(svg, x, top, title_x, Wx, words, mark_x)
    x2 = x + width_x + 18
    _, height_h = _matrix_block(svg, x2, top, title_h, Wh, highlight=mark_h)
    _matrix_block(svg, x2, top + height_h + 16, title_b, b, highlight=mark_b)
    return svg.render(fit=True)


def _key(s):
    """첫 화면에 보이는 기호의 범례 (5.3, 5.4에서 배울 것을 미리 한 줄로)."""
    return (
        '<div style="font-size:12px;color:#555;margin:2px 0">범례 · <b>Affine·Softmax</b>: 은닉 상태로 다음 단어의 '
        "확률을 내는 계층 (5.4에서 만듭니다) · <b>p</b>: 정답 단어에 준 확률 · <b>L</b>: 손실 −log p · "
        f"<b>dt</b>: tanh를 거슬러 간 기울기 · <b>×1/{s.T}</b>: 손실이 {s.T}개 시각의 평균이라서 · "
        "<b>W<sub>h</sub> 배율</b>: W<sub>h</sub>에 곱한 수 (1이면 그대로, 5절)</div>"
    )


def _header(s):
    color = COLORS["forward"] if s.forward else COLORS["backward"]
    kind = "순전파" if s.forward else "역전파"
    if s.forward:
        note = (
            f"앞 시각의 은닉 상태 h<sub>{s.t - 1}</sub>와 지금 단어 x<sub>{s.t}</sub>를 섞어 새 은닉 상태 "
            f"h<sub>{s.t}</sub>를 만듭니다. {s.T}개의 복사본은 모두 같은 가중치를 씁니다."
        )
    else:
        note = (
            "위(Affine·손실)에서 온 몫과 미래(다음 시각)에서 온 몫을 더해 tanh를 거슬러 가고, "
            "가중치 기울기에 이번 시각의 몫을 더합니다 (같은 가중치를 썼으므로 모든 시각의 몫을 합합니다)."
        )
    return (
        f'<div style="font-size:15px;margin:0"><b>단계 {s.stage + 1} / {s.stage_count}</b> · '
        f"<b style=\"color:{color}\">{kind}</b> · 시각 t = {s.t} (입력 '{s.word}' → 정답 '{s.target}') · "
        f"전체 손실 L = {s.loss:.3f} · W<sub>h</sub> 배율 {s.wh_scale:g}</div>"
        f'<div style="font-size:13px;color:#555;margin:0">{note}</div>{_key(s)}'
    )


class RnnStepper(Explorer):
    title = "펼친 RNN 단계별 보기 (순전파 → 역전파)"

    def __init__(self, T=4, hidden_size=3, wh_scale=1.0, stage=0, seed=0):
        style = {"description_width": "initial"}
        self.seed = seed
        last = 2 * T - 1 if isinstance(T, int) and T > 0 else 0
        self.stage = widgets.IntSlider(
            value=stage,
            min=0,
            max=max(last, stage),
            description="단계",
            style=style,
            layout=widgets.Layout(width="230px"),
        )
        # Play 의 처음 값도 슬라이더와 같아야 한다: jslink 가 Play 의 값을 슬라이더로 옮기기 때문
        self.play = widgets.Play(value=stage, min=0, max=self.stage.max, interval=1500, description="재생")
        widgets.jslink((self.play, "value"), (self.stage, "value"))
        button = widgets.Layout(width="76px")  # 조작이 한 줄에 들어가도록 (발표 화면의 높이를 아낀다)
        self.prev_button = widgets.Button(description="◀ 이전", layout=button)
        self.next_button = widgets.Button(description="다음 ▶", layout=button)
        self.reset_button = widgets.Button(description="처음으로", layout=button)
        self.prev_button.on_click(lambda _: self._move(-1))
        self.next_button.on_click(lambda _: self._move(+1))
        self.reset_button.on_click(lambda _: setattr(self.stage, "value", 0))
        self.T = widgets.IntText(value=T, description="시각 수 T", style=style, layout=widgets.Layout(width="120px"))
        self.hidden_size = widgets.IntText(
            value=hidden_size, description="은닉 H", style=style, layout=widgets.Layout(width="100px")
        )
        self.wh_scale = widgets.FloatSlider(
            value=wh_scale,
            min=min(0.0, wh_scale),
            max=max(3.0, wh_scale),
            step=0.1,
            description="W<sub>h</sub> 배율",
            description_allow_html=True,
            style=style,
            layout=widgets.Layout(width="220px"),
        )
        self.T.observe(self._fit_stage_range, names="value")
        controls = [
            self.prev_button,
            self.play,
            self.next_button,
            self.reset_button,
            self.stage,
            self.T,
            self.hidden_size,
            self.wh_scale,
        ]
        super().__init__(controls)

    def _move(self, step):
        self.stage.value = min(max(self.stage.value + step, self.stage.min), self.stage.max)

    def _fit_stage_range(self, change):
        """T가 바뀌면 단계 슬라이더의 끝을 2T-1로 맞춘다 (잘못된 T는 그대로 두고 메시지로 알린다)."""
        T = change["new"]
        if isinstance(T, int) and T > 0:
            self.play.max = self.stage.max = 2 * T - 1

    def compute(self):
        return stepper_stage(self.T.value, self.hidden_size.value, self.wh_scale.value, self.stage.value, self.seed)

    def draw(self, s):
        return _header(s) + draw_chain(s) + draw_detail(s)


def rnn_stepper(T=4, hidden_size=3, wh_scale=1.0, stage=0, seed=0):
    """펼친 RNN을 시각마다 한 단계씩 순전파 (stage 0 ~ T-1)와 역전파 (stage T ~ 2T-1)로 보여 주는 위젯."""
    return RnnStepper(T, hidden_size, wh_scale, stage, seed)

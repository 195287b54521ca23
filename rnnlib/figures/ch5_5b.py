"""5.5b LSTM 과 언어 모델의 그림.

- 5-5b_lstm_cell.svg: LSTM 한 시각. 위쪽 굵은 파란 선이 기억 셀 c 의 길 (× f, + g⊙i 뿐), 아래가 게이트
- 5-5b_gate_blocks.svg: A = h W_h + x W_x + b 의 4H 열을 f, g, i, o 네 블록으로 나누기 (shape 과 함께)
- 5-5b_gradient_paths.svg: 기울기가 한 시각 거슬러 갈 때 RNN 은 W_hᵀ 와 tanh′ 를, LSTM 의 기억 셀은 f 만 지난다
- 5-5b_better_model.svg: 기본 모델 Rnnlm 과 BetterRnnlm (LSTM 두 층, 드롭아웃, 가중치 묶기)

기호: N 배치 크기, T 시각 수, D 입력 차원, H 은닉 상태 차원, V 어휘 수.
모두 rnnlib.plotting.svg.Svg 로 직접 그린다. 파랑은 기억 셀, 초록은 은닉 상태, 빨강은 역전파의 기울기.
"""

from ..plotting.svg import COLORS, Svg
from . import figure

BLUE, RED, INK, MUTED = COLORS["forward"], COLORS["backward"], COLORS["ink"], COLORS["muted"]
GREEN = "#2ca02c"  # 은닉 상태 h (위젯 lstm_gate_explorer 와 같은 색)
GATE_FILL = {"f": "#fde2e1", "g": "#e1ecf8", "i": "#e3f3e3", "o": "#efe4f6"}  # 위젯과 같은 게이트 색
GATE_LABELS = {
    "f": ("f = σ(A_{f})", "망각 게이트"),
    "g": ("g = tanh(A_{g})", "새 기억 후보"),
    "i": ("i = σ(A_{i})", "입력 게이트"),
    "o": ("o = σ(A_{o})", "출력 게이트"),
}
NODE_FILL = "#f3f3f3"


def _thick(svg, x1, y, x2, color, width=4):
    """굵은 가로 화살표. 화살촉은 가는 선에 달아 굵기와 상관없이 같은 크기로 그린다."""
    svg.line(x1, y, x2 - 9, y, stroke=color, width=width)
    svg.line(x2 - 12, y, x2, y, stroke=color, width=2, arrow=True)


def _op(svg, x, y, symbol, stroke=INK):
    """원소별 연산 노드 (× 나 +)."""
    svg.circle(x, y, 14, fill="white", stroke=stroke, stroke_width=1.6)
    svg.text(x, y + 1, symbol, size=17, weight="bold")


# ---------------------------------------------------------------- LSTM 한 시각


@figure("5-5b_lstm_cell.svg")
def lstm_cell(path):
    """LSTM 한 시각: 기억 셀의 길 (위), 게이트 넷 (가운데), 아핀 변환 A (아래)."""
    svg = Svg(920, 470)
    c_y, gate_y, affine_y = 92, 262, 352
    gate_x = {"f": 250, "g": 385, "i": 520, "o": 655}
    mult_x, plus_x, out_x = gate_x["f"], 452, 770
    svg.rect(120, 38, 700, 366, fill="#fbfbfb", stroke=COLORS["grid"], rx=12)
    svg.text(134, 56, "LSTM 계층 (시각 t)", size=12, anchor="start", fill=MUTED)
    # 기억 셀의 길: c_{t-1} -> × f -> + g⊙i -> c_t
    svg.rich_text(20, c_y, "c_{t-1}", size=16, anchor="start", weight="bold", fill=BLUE)
    _thick(svg, 62, c_y, mult_x - 15, BLUE)
    _op(svg, mult_x, c_y, "×", BLUE)
    _thick(svg, mult_x + 15, c_y, plus_x - 15, BLUE)
    _op(svg, plus_x, c_y, "+", BLUE)
    _thick(svg, plus_x + 15, c_y, 880, BLUE)
    svg.rich_text(884, c_y, "c_{t}", size=16, anchor="start", weight="bold", fill=BLUE)
    svg.label(350, 20, "기억 셀의 길(장기 기억): 원소별 곱 × f와 덧셈 +뿐", fill=BLUE, size=13, weight="bold")
    svg.label((mult_x + plus_x) / 2, c_y - 16, "f ⊙ c_{t-1}", fill=BLUE, size=12)
    svg.label(600, c_y - 16, "c_{t} = f ⊙ c_{t-1} + g ⊙ i", fill=BLUE, size=12)
    # 게이트 넷
    for key, x in gate_x.items():
        first, second = GATE_LABELS[key]
        svg.box(x - 58, gate_y - 24, 116, 48, [first, second], fill=GATE_FILL[key], size=12)
        svg.line(x, affine_y - 18, x, gate_y + 26, stroke=INK, arrow=True)
    svg.line(mult_x, gate_y - 26, mult_x, c_y + 16, stroke=INK, width=1.6, arrow=True)  # f -> ×
    gi_y = 180
    _op(svg, plus_x, gi_y, "×")
    svg.line(gate_x["g"], gate_y - 26, plus_x - 11, gi_y + 10, stroke=INK, width=1.6, arrow=True)
    svg.line(gate_x["i"], gate_y - 26, plus_x + 11, gi_y + 10, stroke=INK, width=1.6, arrow=True)
    svg.line(plus_x, gi_y - 15, plus_x, c_y + 16, stroke=INK, width=1.6, arrow=True)
    svg.label(plus_x + 10, 136, "g ⊙ i", size=12, anchor="start")
    # 출력: h_t = o ⊙ tanh(c_t)
    svg.line(out_x, c_y, out_x, 150, stroke=BLUE, width=1.6, arrow=True)
    svg.box(out_x - 30, 152, 60, 28, ["tanh"], fill=NODE_FILL, size=13)
    svg.line(out_x, 181, out_x, gate_y - 16, stroke=INK, width=1.6, arrow=True)
    _op(svg, out_x, gate_y, "×", GREEN)
    svg.line(gate_x["o"] + 59, gate_y, out_x - 16, gate_y, stroke=INK, width=1.6, arrow=True)
    _thick(svg, out_x + 15, gate_y, 880, GREEN, width=3)
    svg.rich_text(884, gate_y, "h_{t}", size=16, anchor="start", weight="bold", fill=GREEN)
    svg.label(848, gate_y + 22, "다음 시각과", size=11, fill=MUTED)
    svg.label(848, gate_y + 37, "위 계층으로", size=11, fill=MUTED)
    svg.label(out_x + 8, 216, "tanh(c_{t})", size=12, anchor="start")
    # 아핀 변환 한 번: A = h W_h + x W_x + b
    svg.box(
        190, affine_y - 18, 530, 36, ["A = h_{t-1} W_{h} + x_{t} W_{x} + b    (N, 4H) → 네 블록 f, g, i, o"],
        fill=COLORS["soft"], stroke=INK, size=13,
    )  # fmt: skip
    svg.rich_text(20, affine_y + 56, "h_{t-1}", size=16, anchor="start", weight="bold", fill=GREEN)
    svg.polyline([(62, affine_y + 56), (150, affine_y + 56), (150, affine_y)], stroke=GREEN, width=3)
    _thick(svg, 150, affine_y, 189, GREEN, width=3)
    svg.rich_text(468, 424, "x_{t}", size=16, anchor="start", weight="bold")
    svg.line(455, 436, 455, affine_y + 20, stroke=INK, width=1.6, arrow=True)
    svg.text(
        460, 458, "f, g, i, o, c, h는 모두 (N, H) · ⊙는 원소별 곱 · σ는 sigmoid (0 ~ 1), tanh는 −1 ~ 1",
        size=12, fill=MUTED,
    )  # fmt: skip
    svg.save(path)


# ---------------------------------------------------------------- A 를 네 블록으로


def _blocks(svg, x, y, w, h, name, shape, shape_on_top=False):
    """열 방향으로 f, g, i, o 네 블록으로 칠한 행렬 (너비 w가 4H에 해당)."""
    part = w / 4
    for k, key in enumerate("fgio"):
        svg.rect(x + k * part, y, part, h, fill=GATE_FILL[key], stroke=INK, rx=0, stroke_width=1)
        svg.text(x + (k + 0.5) * part, y + h / 2, key, size=13, weight="bold")
    if shape_on_top:
        svg.rich_text(x + w / 2, y - 14, f"{name}  {shape}", size=14, weight="bold")
    else:
        svg.rich_text(x + w / 2, y - 14, name, size=14, weight="bold")
        svg.text(x + w / 2, y + h + 14, shape, size=12, fill=MUTED)


@figure("5-5b_gate_blocks.svg")
def gate_blocks(path):
    """h W_h + x W_x + b = A (N, 4H)를 한 번에 계산하고, 열을 H 개씩 잘라 f, g, i, o로 쓴다."""
    svg = Svg(960, 330)
    top = 70
    svg.rect(20, top + 5, 40, 40, fill="white", stroke=INK, rx=0)
    svg.rich_text(40, top - 14, "h_{t-1}", size=14, weight="bold")
    svg.text(40, top + 59, "(N, H)", size=12, fill=MUTED)
    svg.text(76, top + 25, "·", size=22)
    _blocks(svg, 90, top - 15, 160, 80, "W_{h}", "(H, 4H)")
    svg.text(268, top + 25, "+", size=20)
    svg.rect(288, top, 40, 50, fill="white", stroke=INK, rx=0)
    svg.rich_text(308, top - 14, "x_{t}", size=14, weight="bold")
    svg.text(308, top + 64, "(N, D)", size=12, fill=MUTED)
    svg.text(344, top + 25, "·", size=22)
    _blocks(svg, 358, top - 10, 160, 70, "W_{x}", "(D, 4H)")
    svg.text(536, top + 25, "+", size=20)
    _blocks(svg, 556, top + 15, 160, 20, "b", "(4H,)")
    svg.text(734, top + 25, "=", size=20)
    _blocks(svg, 756, top, 180, 50, "A", "(N, 4H)", shape_on_top=True)
    # A 의 블록을 잘라 활성화 함수에 넣는다
    part, base = 180 / 4, 210
    names = {"f": "σ → 망각 게이트 f", "g": "tanh → 새 기억 후보 g", "i": "σ → 입력 게이트 i", "o": "σ → 출력 게이트 o"}
    slices = {"f": "A[:, :H]", "g": "A[:, H:2H]", "i": "A[:, 2H:3H]", "o": "A[:, 3H:]"}
    for k, key in enumerate("fgio"):
        x0 = 120 + k * 210
        svg.line(756 + (k + 0.5) * part, top + 52, x0 + 90, base - 22, stroke=MUTED, width=1.2, arrow=True)
        svg.box(x0, base - 20, 180, 56, [slices[key], names[key]], fill=GATE_FILL[key], size=12)
        svg.text(x0 + 90, base + 50, "(N, H)", size=12, fill=MUTED)
    svg.text(
        480, 300, "네 아핀 변환의 가중치를 옆으로 이어 붙여 두었으므로, 행렬 곱 한 번이 네 번의 계산을 대신합니다.",
        size=13,
    )  # fmt: skip
    svg.text(480, 320, "열의 순서는 rnnlib의 LSTM을 따라 f, g, i, o입니다.", size=12, fill=MUTED)
    svg.save(path)


# ---------------------------------------------------------------- 기울기가 지나는 길


@figure("5-5b_gradient_paths.svg")
def gradient_paths(path):
    """위: RNN의 h 사슬 (거슬러 갈 때마다 tanh′ 와 W_hᵀ). 아래: LSTM의 c 사슬 (거슬러 갈 때마다 ⊙ f)."""
    svg = Svg(940, 430)
    xs = [110, 290, 470, 650]
    rnn_y, c_y, h_y = 95, 262, 345
    svg.text(20, 30, "RNN", size=16, anchor="start", weight="bold")
    svg.text(20, 198, "LSTM", size=16, anchor="start", weight="bold")
    svg.line(20, 172, 920, 172, stroke=COLORS["grid"], width=1)
    for t, x in enumerate(xs):
        svg.box(x - 38, rnn_y - 20, 76, 40, [f"h_{{{t}}}"], fill="#eef7ee", stroke=GREEN, size=15)
        svg.box(x - 38, c_y - 20, 76, 40, [f"c_{{{t}}}"], fill=COLORS["soft"], stroke=BLUE, size=15)
        svg.box(x - 38, h_y - 18, 76, 36, [f"h_{{{t}}}"], fill="#eef7ee", stroke=GREEN, size=14)
        svg.line(x, h_y - 19, x, c_y + 21, stroke=COLORS["grid"], width=1.2)
    for t, (a, b) in enumerate(zip(xs, xs[1:]), start=1):
        svg.line(a + 39, rnn_y, b - 40, rnn_y, stroke=MUTED, width=1.4, arrow=True)
        _thick(svg, a + 39, c_y, b - 39, BLUE, width=3)
        svg.line(a + 39, h_y, b - 40, h_y, stroke=COLORS["grid"], width=1.4, arrow=True)
        mid = (a + b) / 2
        svg.path(f"M{b - 40},{rnn_y + 14} Q{mid},{rnn_y + 62} {a + 40},{rnn_y + 14}", stroke=RED, width=2, arrow=True)
        svg.label(mid, rnn_y + 50, f"⊙ (1 − h_{{{t}}}^{{2}})  ·  W_{{h}}^{{T}}", fill=RED, size=12)
        svg.path(f"M{b - 40},{c_y - 14} Q{mid},{c_y - 56} {a + 40},{c_y - 14}", stroke=RED, width=2, arrow=True)
        svg.label(mid, c_y - 42, f"⊙ f_{{{t}}}", fill=RED, size=13, weight="bold")
    svg.line(xs[-1] + 40, rnn_y, xs[-1] + 70, rnn_y, stroke=MUTED, width=1.4)
    svg.line(xs[-1] + 40, c_y, xs[-1] + 70, c_y, stroke=BLUE, width=3)
    notes_x = 740
    for i, line in enumerate(
        [
            "한 시각 거슬러 갈 때마다",
            "같은 행렬 W_{h}^{T}를 곱하고",
            "tanh의 미분 (≤ 1)을 곱합니다",
            "→ k 시각이면 k번 거듭 곱해져",
            "   0으로 줄거나 커집니다",
        ]
    ):
        svg.rich_text(notes_x, 48 + 20 * i, line, size=12, anchor="start", fill=RED if i >= 3 else INK)
    for i, line in enumerate(
        [
            "기억 셀의 길에서는 행렬도",
            "tanh의 미분도 없이",
            "망각 게이트 값 f_{t}를 원소별로 곱할 뿐",
            "→ f가 1에 가까운 칸은",
            "   기울기가 거의 그대로 갑니다",
        ]
    ):
        svg.rich_text(notes_x, 215 + 20 * i, line, size=12, anchor="start", fill=BLUE if i >= 3 else INK)
    note = "빨간 화살표: 기울기가 한 시각 거슬러 갈 때 곱해지는 것 (LSTM의 h에서 c로 들어오는 기울기는 여기서 생략)"
    svg.text(470, 410, note, size=12, fill=MUTED)
    svg.save(path)


# ---------------------------------------------------------------- Rnnlm 과 BetterRnnlm


def _stack(svg, x, bottom, rows, width=230):
    """아래에서 위로 쌓은 계층 상자들. rows는 (글, 종류). 상자마다의 가운데 y를 돌려준다."""
    styles = {
        "data": dict(fill="white", stroke=MUTED),
        "embed": dict(fill="#fff3d6", stroke=INK),
        "lstm": dict(fill=COLORS["soft"], stroke=BLUE, stroke_width=2),
        "drop": dict(fill="white", stroke=MUTED, dash="5 4"),
        "affine": dict(fill="#fff3d6", stroke=INK),
        "loss": dict(fill=NODE_FILL, stroke=INK),
    }
    centers, y = [], bottom
    for text, kind in rows:
        h = 26 if kind == "drop" else 38
        svg.box(x - width / 2, y - h, width, h, [text], size=12 if kind == "drop" else 13, **styles[kind])
        centers.append(y - h / 2)
        if kind == "lstm":  # 다음 시각으로 넘기는 h, c
            svg.path(
                f"M{x + width / 2},{y - h / 2 - 8} C{x + width / 2 + 40},{y - h / 2 - 30} "
                f"{x + width / 2 + 40},{y - h / 2 + 30} {x + width / 2 + 2},{y - h / 2 + 8}",
                stroke=BLUE, width=1.5, arrow=True,
            )  # fmt: skip
        y -= h + 18
        if len(centers) < len(rows):
            svg.line(x, y + 18, x, y + 2, stroke=INK, width=1.3, arrow=True)
    return centers


@figure("5-5b_better_model.svg")
def better_model(path):
    """왼쪽: 기본 모델 Rnnlm. 오른쪽: BetterRnnlm (LSTM 두 층, 층 사이의 드롭아웃, 임베딩과 Affine의 가중치 묶기)."""
    svg = Svg(960, 560)
    bottom = 520
    left_rows = [
        ("단어 ID (N, T)", "data"),
        ("TimeEmbedding  W_{embed} (V, D)", "embed"),
        ("TimeLSTM  (D → H)", "lstm"),
        ("TimeAffine  W (H, V)", "affine"),
        ("TimeSoftmaxWithLoss", "loss"),
    ]
    right_rows = [
        ("단어 ID (N, T)", "data"),
        ("TimeEmbedding  W_{embed} (V, H)", "embed"),
        ("TimeDropout", "drop"),
        ("TimeLSTM 1층  (H → H)", "lstm"),
        ("TimeDropout", "drop"),
        ("TimeLSTM 2층  (H → H)", "lstm"),
        ("TimeDropout", "drop"),
        ("TimeAffine  W_{embed}^{T} (H, V)", "affine"),
        ("TimeSoftmaxWithLoss", "loss"),
    ]
    left = _stack(svg, 160, bottom, left_rows)
    centers = _stack(svg, 530, bottom, right_rows)
    svg.text(160, left[-1] - 42, "Rnnlm (기본 모델)", size=15, weight="bold")
    svg.text(530, centers[-1] - 42, "BetterRnnlm", size=15, weight="bold")
    # 가중치 묶기: 임베딩과 Affine 이 같은 배열을 쓴다
    embed_y, affine_y = centers[1], centers[7]
    svg.path(
        f"M{530 - 116},{embed_y} C{340},{embed_y - 60} {340},{affine_y + 60} {530 - 117},{affine_y}",
        stroke="#e07b00", width=2, dash="6 4",
    )  # fmt: skip
    svg.label(350, (embed_y + affine_y) / 2 - 10, "같은 배열", fill="#e07b00", size=12, weight="bold")
    svg.label(350, (embed_y + affine_y) / 2 + 8, "(가중치 묶기)", fill="#e07b00", size=12)
    notes = [
        ("① LSTM을 두 층 쌓습니다", "아래층의 h가 위층의 입력이 됩니다", BLUE),
        ("② 드롭아웃 (깊이 방향에만)", "층과 층 사이의 값만 무작위로 끕니다.", MUTED),
        ("", "시간 방향의 h, c는 건드리지 않습니다", MUTED),
        ("③ 가중치 묶기", "Affine의 W로 임베딩 W의 전치를 씁니다.", "#e07b00"),
        ("", "매개변수 V × H개를 아낍니다 (D = H여야 합니다)", "#e07b00"),
    ]
    y = 120
    for title, text, color in notes:
        if title:
            y += 22
            svg.text(690, y, title, size=13, anchor="start", weight="bold", fill=color)
            y += 20
        else:
            y += 18
        svg.rich_text(704, y, text, size=12, anchor="start")
    svg.text(690, 380, "둥근 파란 화살표: 다음 시각으로 넘기는 h, c", size=12, anchor="start", fill=MUTED)
    svg.text(690, 400, "점선 상자: 학습할 때만 켜는 드롭아웃", size=12, anchor="start", fill=MUTED)
    svg.save(path)

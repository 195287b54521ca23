"""5.2 RNN이란 의 그림: 순환 경로와 펼친 사슬, 갱신 식의 shape, BPTT, 잘린 BPTT 의 블록, 미니배치 오프셋.

모두 rnnlib.plotting.svg.Svg 로 직접 그린다. 파란색은 순전파, 빨간색은 역전파 (기울기), 보라색은 공유 가중치.
미니배치 그림의 위치는 트레이너가 쓰는 rnnlib.batching.batch_positions 로 계산한다.
"""

from ..batching import batch_offsets, batch_positions
from ..data import preprocess
from ..plotting.svg import COLORS, Svg
from . import figure

BLUE, RED, INK, MUTED = COLORS["forward"], COLORS["backward"], COLORS["ink"], COLORS["muted"]
SOFT, PURPLE, ORANGE = COLORS["soft"], "#8e44ad", "#ff7f0e"
PURPLE_SOFT, RED_SOFT = "#f4ecf8", "#fdecea"


def _toy_words(count):
    corpus, _, id_to_word = preprocess()
    return [id_to_word[int(i)] for i in corpus[:count]]


# ---------------------------------------------------------------- 순환 경로와 펼친 사슬

BOX_W, BOX_H = 84, 52  # RNN 상자
ROWS = (62, 150, 268)  # h 상자, RNN 상자, x 상자의 위쪽 y


def _unrolled_chain(svg, centers, words, weight_box_y, rows=ROWS, loss_row=None, backward=False):
    """시각마다 RNN 복사본 하나: 아래에서 x_t, 위로 h_t, 옆으로 다음 시각. 모두 공유 가중치 상자에 잇는다.

    rows 는 h 상자, RNN 상자, x 상자의 위쪽 y. loss_row 를 주면 그 높이에 손실 L_t 상자를 둔다.
    backward 면 역전파 (빨강) 화살표도 그린다.
    """
    ROW_H, ROW_RNN, ROW_X = rows
    mid = ROW_RNN + BOX_H / 2
    first = centers[0] - BOX_W / 2
    svg.line(first - 62, mid - 8, first, mid - 8, stroke=BLUE, width=2, arrow=True)
    svg.label(first - 34, mid - 24, "h_{-1} = 0", fill=MUTED, size=12)
    for t, (cx, word) in enumerate(zip(centers, words)):
        svg.box(cx - BOX_W / 2, ROW_RNN, BOX_W, BOX_H, ["RNN"], fill=SOFT, stroke=BLUE, size=15, bold_first=True)
        svg.box(cx - 25, ROW_X, 50, 30, [f"x_{{{t}}}"], size=14)
        svg.text(cx, ROW_X + 44, f"'{word}'", size=12, fill=MUTED)
        svg.line(cx, ROW_X, cx, ROW_RNN + BOX_H, stroke=BLUE, width=2, arrow=True)
        svg.box(cx - 25, ROW_H, 50, 30, [f"h_{{{t}}}"], fill=SOFT, stroke=BLUE, size=14)
        svg.line(cx, ROW_RNN, cx, ROW_H + 30, stroke=BLUE, width=2, arrow=True)
        svg.line(cx + 34, ROW_RNN + BOX_H, cx + 34, weight_box_y, stroke=PURPLE, width=1.3, dash="3,3")
        if t + 1 < len(centers):
            nxt = centers[t + 1] - BOX_W / 2
            svg.line(cx + BOX_W / 2, mid - 8, nxt, mid - 8, stroke=BLUE, width=2, arrow=True)
            svg.label((cx + BOX_W / 2 + nxt) / 2, mid - 24, f"h_{{{t}}}", fill=BLUE, size=12)
            if backward:
                svg.line(nxt, mid + 12, cx + BOX_W / 2, mid + 12, stroke=RED, width=2, arrow=True)
                svg.label((cx + BOX_W / 2 + nxt) / 2, mid + 27, f"dh_{{{t}}}^{{미래}}", fill=RED, size=11)
        if loss_row is not None:
            svg.box(cx - 30, loss_row, 60, 28, [f"L_{{{t}}}"], fill="#f7f7f7", size=14)
            svg.line(cx, ROW_H, cx, loss_row + 28, stroke=BLUE, width=2, arrow=True)
            if backward:
                svg.line(cx + 14, loss_row + 28, cx + 14, ROW_H, stroke=RED, width=2, arrow=True)


@figure("5-2_loop_unrolled.svg")
def loop_unrolled(path):
    """왼쪽: 출력 h_t가 다시 자기에게 들어가는 계층. 오른쪽: 같은 계층을 시간 방향으로 펼친 사슬."""
    ROW_H, ROW_RNN, ROW_X = ROWS
    svg = Svg(960, 380)
    svg.text(140, 22, "순환하는 경로가 있는 계층", size=15, weight="bold")
    svg.box(80, ROW_RNN, 100, BOX_H, ["RNN", "W_{x}, W_{h}, b"], fill=SOFT, stroke=BLUE, size=13, bold_first=True)
    svg.box(105, ROW_X, 50, 30, ["x_{t}"], size=14)
    svg.line(130, ROW_X, 130, ROW_RNN + BOX_H, stroke=BLUE, width=2, arrow=True)
    svg.box(105, ROW_H, 50, 30, ["h_{t}"], fill=SOFT, stroke=BLUE, size=14)
    svg.line(130, ROW_RNN, 130, ROW_H + 30, stroke=BLUE, width=2, arrow=True)
    # 순환하는 경로: 위로 나가는 h_t 의 갈래가 오른쪽으로 돌아 다시 계층으로 들어간다
    mid = ROW_RNN + BOX_H / 2
    svg.path(
        f"M130,118 L206,118 Q218,118 218,130 L218,{mid - 12} Q218,{mid} 206,{mid} L183,{mid}",
        stroke=BLUE,
        width=2.5,
        arrow=True,
    )
    svg.circle(130, 118, 3.5, fill=BLUE, stroke=BLUE)
    for i, line in enumerate(["h_{t}가 다음 시각에", "다시 들어갑니다", "(= h_{t-1}로 쓰임)"]):
        svg.rich_text(228, mid - 18 + i * 17, line, size=12, anchor="start", fill=BLUE)
    svg.text(370, mid - 20, "시간 방향으로", size=13, fill=MUTED)
    svg.text(370, mid - 3, "펼치기", size=13, fill=MUTED)
    svg.line(340, mid + 14, 400, mid + 14, stroke=MUTED, width=2, arrow=True)

    centers = [545 + 118 * t for t in range(4)]
    svg.text(722, 22, "펼친 모습: 시각마다 복사본 하나, 가중치는 한 벌", size=15, weight="bold")
    _unrolled_chain(svg, centers, _toy_words(4), weight_box_y=334)
    svg.box(
        490,
        334,
        460,
        34,
        ["공유 가중치 W_{x}, W_{h}, b — 네 복사본이 같은 배열을 씁니다"],
        fill=PURPLE_SOFT,
        stroke=PURPLE,
        size=13,
    )
    svg.save(path)


# ---------------------------------------------------------------- 갱신 식의 shape


def _matrix_shape(svg, x, y, rows, cols, unit, name, shape, fill):
    """rows x cols 칸의 격자 (한 칸 = unit px)와 그 아래의 이름, shape."""
    for i in range(rows):
        for j in range(cols):
            svg.rect(x + j * unit, y + i * unit, unit, unit, fill=fill, stroke="#ffffff", stroke_width=1.2, rx=1)
    svg.rect(x, y, cols * unit, rows * unit, stroke=INK, stroke_width=1.2, rx=1)
    svg.rich_text(x + cols * unit / 2, y + rows * unit + 16, name, size=14)
    svg.text(x + cols * unit / 2, y + rows * unit + 34, shape, size=12, fill=MUTED)
    return x + cols * unit


@figure("5-2_update_shapes.svg")
def update_shapes(path):
    """h_t = tanh(h_{t-1} W_h + x_t W_x + b)의 각 항을 칸 수가 맞는 격자로: N=2, D=7, H=3."""
    N, D, H, unit = 2, 7, 3, 18
    svg = Svg(900, 272)
    top = 40
    h_fill, x_fill, w_fill = "#cfe2f3", "#e6e6e6", "#e8d5f0"
    svg.text(
        450,
        16,
        "행 벡터 관례: 샘플 하나가 한 행, 가중치는 오른쪽에서 곱합니다 (N = 2, D = 7, H = 3)",
        size=13,
        fill=MUTED,
    )
    x = 140
    svg.text(x + 18, top + N * unit / 2, "tanh(", size=18)
    x += 48
    x = _matrix_shape(svg, x, top, N, H, unit, "h_{t-1}", "(N, H)", h_fill) + 8
    svg.text(x + 4, top + N * unit / 2, "·", size=22)
    x = _matrix_shape(svg, x + 14, top, H, H, unit, "W_{h}", "(H, H)", w_fill) + 10
    svg.text(x + 8, top + N * unit / 2, "+", size=20)
    x = _matrix_shape(svg, x + 22, top, N, D, unit, "x_{t}", "(N, D)", x_fill) + 8
    svg.text(x + 4, top + N * unit / 2, "·", size=22)
    x = _matrix_shape(svg, x + 14, top, D, H, unit, "W_{x}", "(D, H)", w_fill) + 10
    svg.text(x + 8, top + N * unit / 2, "+", size=20)
    x = _matrix_shape(svg, x + 22, top, 1, H, unit, "b", "(H,) → 행마다 더함", w_fill) + 8
    svg.text(x + 6, top + N * unit / 2, ")", size=18)
    svg.text(x + 30, top + N * unit / 2, "=", size=20)
    _matrix_shape(svg, x + 48, top, N, H, unit, "h_{t}", "(N, H)", h_fill)
    note_y = top + D * unit + 72
    svg.rich_text(
        450,
        note_y,
        "곱하는 두 행렬의 안쪽 크기가 맞아야 합니다: (N, H)·(H, H) → (N, H),  (N, D)·(D, H) → (N, H)",
        size=13,
    )
    svg.rich_text(
        450, note_y + 22, "세 항이 모두 (N, H)라서 더할 수 있고, 결과 h_{t}도 h_{t-1}과 같은 (N, H)입니다", size=13
    )
    svg.save(path)


# ---------------------------------------------------------------- BPTT


@figure("5-2_bptt.svg")
def bptt(path):
    """펼친 사슬의 역전파: 위 (손실)와 미래에서 온 기울기가 더해지고, 가중치 기울기는 모든 시각의 합."""
    svg = Svg(790, 400)
    centers = [230 + 150 * t for t in range(4)]
    _unrolled_chain(svg, centers, _toy_words(4), 346, rows=(68, 142, 252), loss_row=8, backward=True)
    for t, cx in enumerate(centers):
        svg.label(cx + 16, 52, f"dh_{{{t}}}^{{위}}", fill=RED, size=11, anchor="start")
    svg.box(
        170,
        346,
        580,
        42,
        ["dW_{x}, dW_{h}, db = 네 시각에서 나온 기울기의 합", "(가중치를 공유하므로 시각마다 구한 몫을 모두 더합니다)"],
        fill=RED_SOFT,
        stroke=RED,
        size=12,
        bold_first=True,
    )
    for i, line in enumerate(["순전파 →", "시각 0, 1, 2, 3"]):
        svg.text(60, 160 + i * 17, line, size=12, fill=BLUE)
    for i, line in enumerate(
        ["← 역전파", "시각 3, 2, 1, 0", "h_{t}에는 위의 몫과", "미래의 몫이 더해져", "dh_{t}가 됩니다"]
    ):
        svg.rich_text(60, 215 + i * 17, line, size=12, fill=RED)
    svg.save(path)


# ---------------------------------------------------------------- 잘린 BPTT


@figure("5-2_truncated_bptt.svg")
def truncated_bptt(path):
    """12 시각을 4 씩 세 블록으로: 순전파 화살표는 경계를 넘고, 역전파 화살표는 경계에서 끊긴다."""
    S, B, step, left = 12, 4, 64, 110
    svg = Svg(900, 290)
    xs = [left + step * s for s in range(S)]
    y = 130
    fills = ["#eef4fb", "#fff3d6", "#eaf5ea"]
    for j in range(S // B):
        x0, x1 = xs[j * B] - 26, xs[j * B + B - 1] + 26
        svg.rect(x0, 46, x1 - x0, 150, fill=fills[j], stroke=COLORS["grid"], rx=8)
        svg.text((x0 + x1) / 2, 60, f"블록 {j}", size=14, weight="bold")
        svg.text((x0 + x1) / 2, 214, f"처리 순서 {j + 1}", size=12, fill=MUTED)
    svg.text(48, y - 42, "순전파", size=13, fill=BLUE, weight="bold")
    svg.text(48, y, "시각", size=13, fill=MUTED)
    svg.text(48, y + 42, "역전파", size=13, fill=RED, weight="bold")
    for s in range(S - 1):
        a, b = xs[s] + 12, xs[s + 1] - 12
        crossing = (s + 1) % B == 0
        svg.path(
            f"M{a:.1f},{y - 10} Q{(a + b) / 2:.1f},{y - 48} {b:.1f},{y - 10}",
            stroke=BLUE,
            width=2.4 if crossing else 1.8,
            arrow=True,
        )
        if not crossing:
            svg.path(
                f"M{b:.1f},{y + 10} Q{(a + b) / 2:.1f},{y + 48} {a:.1f},{y + 10}", stroke=RED, width=1.8, arrow=True
            )
        else:
            edge = (xs[s] + xs[s + 1]) / 2
            svg.line(edge, 70, edge, 190, stroke=INK, width=1.2, dash="5,4")
            svg.path(f"M{b:.1f},{y + 10} Q{b - 10:.1f},{y + 30} {edge + 4:.1f},{y + 30}", stroke=RED, width=1.8)
            svg.text(edge, y + 30, "✕", size=18, fill=RED, weight="bold")
            svg.label(edge, y - 50, f"h_{{{s}}} 전달", fill=BLUE, size=12, weight="bold")
    for s, x in enumerate(xs):
        svg.circle(x, y, 13, fill="#ffffff", stroke=INK)
        svg.text(x, y + 1, str(s), size=12)
    legend = [
        (BLUE, "파랑: 순전파는 블록 경계를 넘어 이어집니다 (블록의 마지막 은닉 상태를 다음 블록이 넘겨받습니다)"),
        (RED, "빨강: 역전파는 블록 안에서만 흐르고, 블록 경계(✕)에서 멈춥니다"),
    ]
    for i, (color, text) in enumerate(legend):
        svg.line(left - 20, 240 + i * 22, left + 10, 240 + i * 22, stroke=color, width=2.5)
        svg.text(left + 18, 240 + i * 22, text, size=13, anchor="start")
    svg.save(path)


# ---------------------------------------------------------------- 미니배치 오프셋


@figure("5-2_batch_offsets.svg")
def batch_offsets_figure(path):
    """입력 1,000개, 배치 크기 2, T = 100: 반복 0~6에 행마다 읽는 구간. 행 1은 끝을 지나 처음으로 돌아간다."""
    M, N, T, iterations = 1000, 2, 100, 7
    left, width = 110, 700
    scale = width / M
    svg = Svg(900, 300)
    svg.text(
        left + width / 2,
        16,
        f"말뭉치 (입력 {M:,}개) — 배치 크기 N = {N}, 한 번에 T = {T}칸씩 (반복 0 ~ {iterations - 1})",
        size=13,
        weight="bold",
    )
    for pos in range(0, M + 1, 100):
        x = left + pos * scale
        svg.line(x, 34, x, 40, stroke=MUTED, width=1)
        svg.text(x, 28, f"{pos:,}" if pos % 500 == 0 else str(pos), size=11, fill=INK if pos % 500 == 0 else MUTED)
    lanes = [60, 150]
    colors = [BLUE, "#2ca02c"]
    offsets = batch_offsets(M, N)
    for i, top in enumerate(lanes):
        svg.text(left - 14, top + 20, f"행 {i}", size=14, anchor="end", weight="bold")
        svg.text(left - 14, top + 38, f"오프셋 {offsets[i]}", size=11, anchor="end", fill=MUTED)
        svg.rect(left, top, width, 40, fill="#f7f7f7", stroke=COLORS["grid"], rx=2)
        svg.line(left + offsets[i] * scale, top - 6, left + offsets[i] * scale, top + 46, stroke=colors[i], width=3)
    for k in range(iterations):
        positions = batch_positions(M, N, T, k * T)  # 트레이너와 같은 함수: (N, T)
        for i, top in enumerate(lanes):
            start = int(positions[i, 0])
            wrapped = offsets[i] + k * T >= M
            svg.rect(
                left + start * scale + 1,
                top + 4,
                T * scale - 2,
                32,
                fill=colors[i],
                stroke=ORANGE if wrapped else colors[i],
                stroke_width=3 if wrapped else 1,
                rx=3,
                opacity=0.45 + 0.08 * k,
            )
            svg.text(left + (start + T / 2) * scale, top + 20, f"반복 {k}", size=11, fill="#ffffff", weight="bold")
    # 행 1 이 끝 (1,000) 을 지나 처음 (0) 으로 돌아가는 길
    y = lanes[1] + 58
    svg.path(
        f"M{left + width + 4},{lanes[1] + 20} Q{left + width + 30},{y} {left + width - 30},{y} "
        f"L{left + 30},{y} Q{left - 8},{y} {left + 4},{lanes[1] + 42}",
        stroke=ORANGE,
        width=2,
        dash="6,4",
        arrow=True,
    )
    svg.text(
        left + width / 2,
        y + 16,
        "끝(1,000)을 지나면 위치 0으로 돌아가 이어 읽습니다 (나머지 연산 % 1000)",
        fill=ORANGE,
        size=12,
    )
    svg.rich_text(
        left + width / 2, 262, "반복 k에서 행 i가 읽는 위치 = (오프셋_{i} + k·T + 0, 1, …, T−1) % 1000", size=13
    )
    svg.rich_text(
        left + width / 2,
        284,
        "오프셋_{i} = i × (1000 // 2) → 행 0은 0, 행 1은 500에서 출발 · 한 에폭 = 1000 // (2 × 100) = 5 반복",
        size=12,
        fill=MUTED,
    )
    svg.save(path)

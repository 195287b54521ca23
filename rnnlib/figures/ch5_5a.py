"""5.5a RNNLM 학습과 평가의 그림.

- 5-5a_simple_rnnlm.svg: SimpleRnnlm 의 네 계층, 계층 사이 배열의 shape, params 목록의 순서·shape·개수·초깃값
- 5-5a_branching.svg: 퍼플렉서티 = 1/p 를 "고민하는 갈래의 수" (분기 수) 로 읽기
- 5-5a_batch_schedule.svg: PTB 앞 1,000 단어 (입력 999개) 를 배치 크기 10, T = 5 로 읽는 일정:
  행마다의 오프셋, 에폭을 넘어 이어지는 time_idx, 말뭉치 끝에서 처음으로 돌아가기
- 5-5a_clipping.svg: 기울기 클리핑은 기울기 벡터의 방향은 두고 길이만 max_norm 으로 줄인다

기호: N 배치 크기, T 시각 수, D 단어 벡터 차원, H 은닉 상태 차원, V 어휘 수, M 입력의 길이.
위치는 트레이너가 쓰는 rnnlib.batching 의 함수로 계산한다.
"""

import math

from ..batching import batch_offsets, batch_positions, iters_per_epoch
from ..plotting.svg import COLORS, Svg
from . import figure

BLUE, RED, INK, MUTED = COLORS["forward"], COLORS["backward"], COLORS["ink"], COLORS["muted"]
SOFT, PURPLE, PURPLE_SOFT = COLORS["soft"], "#8e44ad", "#f4ecf8"
TARGET, GREEN = "#e07b00", "#2ca02c"
ORANGE_EPOCH2 = "#ff9f40"  # 미니배치 일정 그림의 에폭 2

# 노트북이 학습하는 모델과 일정: PTB 앞 1,000 단어의 어휘 418개
N, T, D, H, V = 10, 5, 100, 100, 418
M = 999  # 입력 xs = corpus[:-1] 의 길이


# ---------------------------------------------------------------- SimpleRnnlm 의 구조


@figure("5-5a_simple_rnnlm.svg")
def simple_rnnlm(path):
    """위에서 아래로: 단어 ID → 네 Time 계층 → 손실. 오른쪽은 계층마다의 가중치와 params의 번호."""
    svg = Svg(960, 520)
    svg.text(
        480,
        20,
        f"SimpleRnnlm (V = {V}, D = {D}, H = {H})에 미니배치 (N = {N}, T = {T})를 넣을 때",
        size=15,
        weight="bold",
    )
    layer_x, layer_w, layer_h = 250, 230, 50
    # (이름, 위쪽 y, 설명, 가중치 목록 [(번호, 이름, shape, 초깃값)]): model.layers 의 순서대로 위에서 아래로
    layers = [
        ("TimeEmbedding", 84, "단어 ID → 단어 벡터", [(0, "W_{embed}", (V, D), "표준편차 0.01")]),
        (
            "TimeRNN",
            192,
            "stateful=True",
            [
                (1, "W_{x}", (D, H), "표준편차 0.1 = 1/√D"),
                (2, "W_{h}", (H, H), "표준편차 0.1 = 1/√H"),
                (3, "b", (H,), "0"),
            ],
        ),
        ("TimeAffine", 300, "은닉 상태 → 점수", [(4, "W", (H, V), "표준편차 0.1 = 1/√H"), (5, "b", (V,), "0")]),
        ("TimeSoftmaxWithLoss", 408, "점수 + 정답 → 평균 손실", []),
    ]
    # 계층 사이를 오가는 배열: (위 계층의 아래쪽 y, 아래 계층의 위쪽 y, 이름, shape)
    arrays = [
        (40, 84, "batch_x", f"({N}, {T}) 단어 ID"),
        (134, 192, "x", f"({N}, {T}, {D})"),
        (242, 300, "h", f"({N}, {T}, {H})"),
        (350, 408, "score", f"({N}, {T}, {V})"),
        (458, 500, "손실", "스칼라 (N·T개의 평균)"),
    ]
    center = layer_x + layer_w / 2
    for top, bottom, name, shape in arrays:
        svg.line(center, top, center, bottom, stroke=BLUE, width=2, arrow=True)
        svg.label(center - 12, (top + bottom) / 2, name, fill=BLUE, size=13, anchor="end", weight="bold")
        svg.label(center + 12, (top + bottom) / 2, shape, fill=INK, size=13, anchor="start")
    svg.line(layer_x - 70, 433, layer_x, 433, stroke=TARGET, width=2, arrow=True)
    svg.text(layer_x - 76, 426, "batch_t", size=13, anchor="end", fill=TARGET, weight="bold")
    svg.text(layer_x - 76, 444, f"정답 ({N}, {T})", size=12, anchor="end", fill=TARGET)

    table_x, row_h = 560, 22
    svg.text(
        table_x,
        52,
        "model.params의 순서 (model.grads도 같은 순서, 같은 모양)",
        size=13,
        anchor="start",
        weight="bold",
    )
    total = 0
    for name, top, note, weights in layers:
        fill = SOFT if weights else "#f7f7f7"
        svg.box(layer_x, top, layer_w, layer_h, [name, note], fill=fill, stroke=BLUE, size=13, bold_first=True)
        if not weights:
            svg.text(
                table_x,
                top + layer_h / 2,
                "가중치 없음 (params에 넣을 것이 없음)",
                size=12,
                anchor="start",
                fill=MUTED,
            )
            continue
        first_y = top + layer_h / 2 - row_h * (len(weights) - 1) / 2
        for k, (index, weight, shape, init) in enumerate(weights):
            y = first_y + k * row_h
            count = math.prod(shape)
            total += count
            svg.line(layer_x + layer_w, top + layer_h / 2, table_x - 6, y, stroke=PURPLE, width=1.1, dash="3,3")
            svg.rect(table_x - 4, y - 10, 392, 20, fill=PURPLE_SOFT, stroke="none", rx=3)
            svg.text(table_x + 4, y, f"[{index}]", size=12, anchor="start", fill=PURPLE, weight="bold")
            svg.rich_text(table_x + 36, y, weight, size=13, anchor="start")
            svg.text(table_x + 96, y, str(shape), size=12, anchor="start")
            svg.text(table_x + 220, y, f"{count:,}개", size=12, anchor="end")
            svg.text(table_x + 234, y, init, size=12, anchor="start", fill=MUTED)
    svg.text(table_x, 470, f"모두 {total:,}개의 수", size=13, anchor="start", weight="bold")
    svg.rich_text(
        table_x,
        492,
        f"그중 {2 * V * D:,}개가 어휘 수 V에 비례하는 W_{{embed}}와 Affine의 W",
        size=12,
        anchor="start",
        fill=MUTED,
    )
    # stateful: 마지막 은닉 상태가 다음 미니배치의 첫 h_{-1} 이 된다
    rnn_top = 192
    svg.path(
        f"M{layer_x},{rnn_top + 38} C{layer_x - 60},{rnn_top + 38} "
        f"{layer_x - 60},{rnn_top + 12} {layer_x},{rnn_top + 12}",
        stroke=BLUE,
        width=2,
        arrow=True,
    )
    svg.text(layer_x - 64, rnn_top + 18, "마지막 h를", size=12, anchor="end", fill=BLUE)
    svg.text(layer_x - 64, rnn_top + 34, "다음 미니배치로", size=12, anchor="end", fill=BLUE)
    svg.save(path)


# ---------------------------------------------------------------- 퍼플렉서티 = 분기 수

BRANCH_WORDS = ("you", "say", "goodbye", "and", "hello")
BRANCH_PANELS = (
    ("확신하고 맞힘", (0.05, 0.05, 0.8, 0.05, 0.05)),
    ("정답에 0.2만 줌", (0.05, 0.05, 0.2, 0.1, 0.6)),
    ("다섯 단어를 똑같이", (0.2, 0.2, 0.2, 0.2, 0.2)),
)


@figure("5-5a_branching.svg")
def branching(path):
    """ "you say" 다음 단어의 세 분포. 선의 굵기 = 확률, 주황 = 정답 goodbye. 아래에 1/p."""
    svg = Svg(960, 340)
    title = '"you say" 다음 단어 — 선이 굵을수록 확률이 크고, 주황은 정답 goodbye입니다'
    svg.text(480, 20, title, size=15, weight="bold")
    panel_w = 320
    for k, (title, probs) in enumerate(BRANCH_PANELS):
        left = k * panel_w
        root_x, root_y, leaf_x = left + 60, 150, left + 200
        svg.text(left + panel_w / 2, 50, f"({k + 1}) {title}", size=14, weight="bold")
        svg.box(root_x - 34, root_y - 16, 56, 32, ["say"], fill=SOFT, stroke=BLUE, size=13)
        target = BRANCH_WORDS.index("goodbye")
        for j, (word, p) in enumerate(zip(BRANCH_WORDS, probs)):
            y = 80 + j * 35
            color = TARGET if j == target else BLUE
            svg.line(root_x + 22, root_y, leaf_x - 4, y, stroke=color, width=max(0.8, 14 * p))
            svg.text(
                leaf_x + 2, y, word, size=13, anchor="start", fill=color, weight="bold" if j == target else "normal"
            )
            svg.text(leaf_x + 92, y, f"{p:.2f}", size=12, anchor="end", fill=MUTED)
        p = probs[target]
        svg.text(left + panel_w / 2, 268, f"정답 확률 p = {p:g}", size=13)
        svg.text(left + panel_w / 2, 292, f"퍼플렉서티 1/p = {1 / p:g}", size=15, weight="bold", fill=TARGET)
        if k:
            svg.line(left, 44, left, 300, stroke=COLORS["grid"], width=1)
    svg.text(
        480,
        328,
        "(2)와 (3)의 퍼플렉서티는 같습니다: 정답에 0.2를 준 모델은 다섯 갈래에서 고르는 만큼 헤맨 것으로 셉니다",
        size=13,
        fill=INK,
    )
    svg.save(path)


# ---------------------------------------------------------------- 1,000 단어의 미니배치 일정


@figure("5-5a_batch_schedule.svg")
def batch_schedule(path):
    """위: 행마다 한 줄, 에폭 1 (파랑) 과 에폭 2 (주황) 에 읽는 위치.

    아래: 행 9 가 말뭉치 끝에서 처음으로 넘어가는 곳을 칸 하나씩 확대.
    """
    iters = iters_per_epoch(M, N, T)  # 19
    per_epoch = iters * T  # 95: 한 에폭 동안 행 하나가 나아가는 칸 수
    offsets = batch_offsets(M, N)
    left, width = 150, 760
    scale = width / M
    svg = Svg(960, 530)
    svg.text(
        480,
        20,
        f"입력 xs ({M}개)를 배치 크기 N = {N}, T = {T}로 읽기 — 한 에폭 = {M} // ({N}×{T}) = {iters}번의 반복",
        size=15,
        weight="bold",
    )
    for pos in [*offsets, M]:
        x = left + pos * scale
        svg.line(x, 52, x, 60, stroke=MUTED, width=1)
        svg.text(x, 45, str(pos), size=11, fill=MUTED)
    lane_top, lane_h, gap = 66, 20, 6

    def span(lane_y, start, stop, fill, opacity=1.0):
        svg.rect(
            left + start * scale,
            lane_y + 2,
            (stop - start) * scale,
            lane_h - 4,
            fill=fill,
            stroke="none",
            rx=2,
            opacity=opacity,
        )

    for i, offset in enumerate(offsets):
        y = lane_top + i * (lane_h + gap)
        svg.text(left - 10, y + lane_h / 2, f"행 {i} (오프셋 {offset})", size=12, anchor="end")
        svg.rect(left, y, width, lane_h, fill="#f7f7f7", stroke=COLORS["grid"], rx=2)
        for epoch, color in ((1, ORANGE_EPOCH2), (0, BLUE)):
            # 에폭 epoch 동안 이 행이 읽는 위치 (끝을 넘으면 0 부터): 트레이너의 함수로 계산
            positions = [int(p) for k in range(iters) for p in batch_positions(M, N, T, (epoch * iters + k) * T)[i]]
            for start, stop in _runs(positions):
                span(y, start, stop + 1, color, opacity=0.85)
        first = batch_positions(M, N, T, 0)[i]  # 반복 0 의 블록
        svg.rect(left + first[0] * scale, y, T * scale, lane_h, fill="none", stroke=INK, stroke_width=1.5, rx=1)
    bottom = lane_top + N * (lane_h + gap)
    legend_y = bottom + 10
    svg.rect(left, legend_y, 16, 12, fill=BLUE, stroke="none", rx=2)
    svg.text(
        left + 22,
        legend_y + 6,
        f"에폭 1: time_idx = 0, 5, …, {per_epoch - T} ({iters}번의 반복 × {T}칸 = {per_epoch}칸)",
        size=12,
        anchor="start",
    )
    svg.rect(left + 400, legend_y, 16, 12, fill=ORANGE_EPOCH2, stroke="none", rx=2)
    svg.text(
        left + 422,
        legend_y + 6,
        f"에폭 2: time_idx = {per_epoch}, {per_epoch + T}, … (0으로 돌아가지 않음)",
        size=12,
        anchor="start",
    )
    svg.text(
        left,
        legend_y + 28,
        "검은 테두리: 반복 0의 블록 (행마다 자기 오프셋에서 5칸). "
        "행 9의 에폭 2는 끝(999)을 지나 위치 0부터 이어집니다.",
        size=12,
        anchor="start",
        fill=MUTED,
    )
    _wrap_zoom(svg, bottom + 62, offsets[-1], iters)
    svg.save(path)


def _runs(positions):
    """정렬되지 않은 위치 목록을 이어진 구간 (start, stop) 들로 (stop 포함)."""
    runs = []
    for p in sorted(set(positions)):
        if runs and p == runs[-1][1] + 1:
            runs[-1][1] = p
        else:
            runs.append([p, p])
    return [tuple(r) for r in runs]


def _wrap_zoom(svg, top, offset, iters):
    """행 9의 반복 18 ~ 22: 위치 981 ~ 998 다음에 0, 1, … 이 오는 것을 칸 하나씩 그린다."""
    svg.text(
        480,
        top,
        f"확대: 행 {N - 1}(오프셋 {offset})가 읽는 블록 — 위치 = (오프셋 + time_idx + 0…4) % {M}",
        size=13,
        weight="bold",
    )
    cell, x0, y = 34, 40, top + 34
    ks = range(iters - 1, iters + 4)  # 에폭 1 의 마지막 반복과 에폭 2 의 처음 네 반복
    col = 0
    for k in ks:
        time_idx = k * T
        positions = batch_positions(M, N, T, time_idx)[N - 1]
        color = BLUE if k < iters else ORANGE_EPOCH2
        bx = x0 + col * cell + (k - ks[0]) * 10
        for j, pos in enumerate(positions):
            wrapped = pos < offset
            svg.rect(
                bx + j * cell,
                y,
                cell - 2,
                30,
                fill=color,
                stroke=RED if wrapped else "none",
                stroke_width=2.5,
                rx=3,
                opacity=0.85,
            )
            svg.text(bx + j * cell + cell / 2 - 1, y + 15, str(int(pos)), size=12, fill="white", weight="bold")
        mid = bx + T * cell / 2
        epoch = 1 if k < iters else 2
        svg.text(mid, y - 10, f"에폭 {epoch}의 반복 {k % iters} (전체 {k})", size=11, fill=MUTED)
        svg.text(mid, y + 46, f"time_idx = {time_idx}", size=12)
        col += T
    svg.text(
        480,
        y + 72,
        f"{M - 1} 다음 위치 {M}는 {M} % {M} = 0: 블록 하나 안에서도 끝을 넘으면 처음으로 돌아갑니다 "
        "(빨간 테두리: 두 바퀴째)",
        size=12,
        fill=RED,
    )


# ---------------------------------------------------------------- 기울기 클리핑

CLIP_GRAD = (7.2, 5.4)  # 길이 9
CLIP_SMALL = (-2.4, 1.8)  # 길이 3
CLIP_MAX = 5.0


@figure("5-5a_clipping.svg")
def clipping(path):
    """기울기 공간의 원 (반지름 max_norm). 원 밖의 기울기는 원 위로 당기고, 원 안의 기울기는 그대로 둔다."""
    svg = Svg(960, 360)
    cx, cy, unit = 260, 200, 17  # 원점과 1 의 길이 (px)
    title = f"기울기 클리핑 (max_norm = {CLIP_MAX:g}): 방향은 그대로, 길이만 줄입니다"
    svg.text(480, 20, title, size=15, weight="bold")
    svg.line(cx - 190, cy, cx + 190, cy, stroke=COLORS["grid"], width=1)
    svg.line(cx, cy + 150, cx, cy - 165, stroke=COLORS["grid"], width=1)
    svg.circle(cx, cy, CLIP_MAX * unit, fill="#eef7ee", stroke=GREEN, stroke_width=1.5)
    svg.label(cx - 62, cy + 100, f"||grads|| ≤ {CLIP_MAX:g}", fill=GREEN, size=12)

    def point(v):
        return cx + v[0] * unit, cy - v[1] * unit

    norm = math.hypot(*CLIP_GRAD)
    clipped = tuple(d * CLIP_MAX / norm for d in CLIP_GRAD)
    for vec, color, width in ((CLIP_GRAD, RED, 2.0), (clipped, GREEN, 3.5), (CLIP_SMALL, BLUE, 2.5)):
        svg.line(cx, cy, *point(vec), stroke=color, width=width, arrow=True)
    gx, gy = point(CLIP_GRAD)
    svg.label(
        gx + 8,
        gy - 6,
        f"grads = ({CLIP_GRAD[0]:g}, {CLIP_GRAD[1]:g}), 길이 {norm:g}",
        fill=RED,
        size=12,
        anchor="start",
    )
    kx, ky = point(clipped)
    svg.label(
        kx + 14,
        ky + 14,
        f"({clipped[0]:g}, {clipped[1]:g}), 길이 {CLIP_MAX:g}",
        fill=GREEN,
        size=12,
        anchor="start",
    )
    sx, sy = point(CLIP_SMALL)
    svg.label(
        sx - 6,
        sy - 12,
        f"({CLIP_SMALL[0]:g}, {CLIP_SMALL[1]:g}), 길이 {math.hypot(*CLIP_SMALL):g}: 그대로",
        fill=BLUE,
        size=12,
        anchor="end",
    )
    tx = 540
    lines = [
        ("모든 기울기(grads)를 이어 붙인 벡터의 길이 ||grads||를 잽니다", INK),
        ("||grads|| > max_norm이면 grads ← grads × max_norm / ||grads||", INK),
        (f"예: ||grads|| = {norm:g} → 모든 원소에 {CLIP_MAX:g}/{norm:g} = {CLIP_MAX / norm:.3f}을 곱합니다", RED),
        ("||grads|| ≤ max_norm이면 아무것도 하지 않습니다", BLUE),
        ("원소마다 자르는 np.clip과 달리 방향이 바뀌지 않습니다", MUTED),
    ]
    for k, (content, color) in enumerate(lines):
        svg.text(tx, 110 + k * 34, content, size=13, anchor="start", fill=color)
    svg.save(path)

"""5.3 RNN 구현의 그림: 한 시각의 계산 그래프 (순전파, 역전파), TimeRNN, 과제의 종류, 양방향 RNN.

모두 rnnlib.plotting.svg.Svg 로 직접 그린다. 파란색은 순전파, 빨간색은 역전파 (기울기) 이다.
"""

from ..plotting.svg import COLORS, Svg
from . import figure

BLUE, RED, INK, MUTED = COLORS["forward"], COLORS["backward"], COLORS["ink"], COLORS["muted"]
PURPLE = "#8e44ad"  # 양방향 RNN 의 역방향 (역전파의 빨강과 구별한다)
NODE_FILL = "#f3f3f3"


# ---------------------------------------------------------------- 한 시각의 계산 그래프

# 노드의 가운데 좌표 (순전파 그림과 역전파 그림이 같은 자리를 쓴다)
GRAPH = {
    "h_prev": (85, 110),
    "Wh": (285, 38),
    "matmul_h": (285, 110),
    "x": (85, 260),
    "Wx": (285, 332),
    "matmul_x": (285, 260),
    "b": (470, 38),
    "plus": (470, 185),
    "tanh": (625, 185),
    "h_next": (800, 185),
}


def _graph_nodes(svg):
    """계산 그래프의 노드: 입력과 가중치는 상자, 연산은 회색 노드."""
    data = {
        "h_prev": ["h_{prev}", "(N, H)"],
        "x": ["x", "(N, D)"],
        "Wh": ["W_{h}  (H, H)"],
        "Wx": ["W_{x}  (D, H)"],
        "b": ["b  (H,)"],
        "h_next": ["h_{next}", "(N, H)"],
    }
    for name, lines in data.items():
        cx, cy = GRAPH[name]
        w, h = (110, 46) if len(lines) == 2 else (104, 30)
        svg.box(cx - w / 2, cy - h / 2, w, h, lines, fill=COLORS["soft"], stroke=BLUE, size=13)
    for name, text in (("matmul_h", "MatMul"), ("matmul_x", "MatMul"), ("tanh", "tanh")):
        cx, cy = GRAPH[name]
        svg.box(cx - 38, cy - 18, 76, 36, [text], fill=NODE_FILL, size=13)
    cx, cy = GRAPH["plus"]
    svg.circle(cx, cy, 20, fill=NODE_FILL)
    svg.text(cx, cy + 1, "+", size=20, weight="bold")


def _graph_edges(svg, stroke, labels):
    """순전파 방향의 선. labels가 참이면 중간 결과의 이름과 shape을 쓴다."""
    (px, py), (tx, ty), (ox, oy) = GRAPH["plus"], GRAPH["tanh"], GRAPH["h_next"]
    for side in ("h", "x"):
        mx, my = GRAPH[f"matmul_{side}"]
        ix, iy = GRAPH["h_prev" if side == "h" else "x"]
        wx, wy = GRAPH[f"W{side}"]
        svg.line(ix + 55, iy, mx - 38, my, stroke=stroke, arrow=True)
        svg.line(
            wx, wy + (15 if side == "h" else -15), mx, my + (-18 if side == "h" else 18), stroke=stroke, arrow=True
        )
        svg.line(mx + 38, my, px - 16, py + (-12 if side == "h" else 12), stroke=stroke, arrow=True)
    bx, by = GRAPH["b"]
    svg.line(bx, by + 15, px, py - 20, stroke=stroke, arrow=True)
    svg.line(px + 20, py, tx - 38, ty, stroke=stroke, arrow=True)
    svg.line(tx + 38, ty, ox - 55, oy, stroke=stroke, arrow=True)
    svg.line(ox + 55, oy, ox + 110, oy, stroke=stroke, arrow=True)
    if not labels:
        return
    svg.label(395, 126, "h_{prev}W_{h}  (N, H)", fill=BLUE)
    svg.label(395, 246, "xW_{x}  (N, H)", fill=BLUE)
    svg.label(478, 95, "N 행으로 복제 (N, H)", fill=BLUE, anchor="start", size=12)
    svg.label(548, 170, "a  (N, H)", fill=BLUE)
    svg.label(548, 140, "a = h_{prev}W_{h} + xW_{x} + b", fill=MUTED, size=12)
    svg.label(ox + 85, oy - 34, "다음 시각과", fill=MUTED, size=12)
    svg.label(ox + 85, oy - 18, "위 계층으로", fill=MUTED, size=12)


@figure("5-3_rnn_graph_forward.svg")
def rnn_graph_forward(path):
    """RNN 한 시각의 순전파 계산 그래프와 배열의 shape."""
    svg = Svg(960, 370)
    _graph_edges(svg, BLUE, labels=True)
    _graph_nodes(svg)
    svg.save(path)


@figure("5-3_rnn_graph_backward.svg")
def rnn_graph_backward(path):
    """같은 그래프를 거꾸로: 기울기가 흐르는 길과 backward의 여섯 줄 (① ~ ⑥)."""
    svg = Svg(960, 410)
    _graph_edges(svg, COLORS["grid"], labels=False)
    _graph_nodes(svg)
    (px, py), (tx, ty), (ox, oy) = GRAPH["plus"], GRAPH["tanh"], GRAPH["h_next"]
    (mhx, mhy), (mxx, mxy) = GRAPH["matmul_h"], GRAPH["matmul_x"]
    (hx, hy), (xx, xy), (bx, by) = GRAPH["h_prev"], GRAPH["x"], GRAPH["b"]
    arrow = dict(stroke=RED, width=2, arrow=True)
    svg.line(ox + 110, oy + 14, ox + 57, oy + 14, **arrow)
    svg.label(ox + 85, oy + 38, "dh_{next}  (N, H)", fill=RED)
    svg.label(ox + 85, oy + 56, "= dh_{t}: 위와 미래의 몫의 합", fill=RED, size=11)
    svg.line(ox - 57, oy + 14, tx + 40, ty + 14, **arrow)
    svg.line(tx - 40, ty + 14, px + 19, py + 8, **arrow)
    svg.label(548, 232, "① dt = dh_{next} ⊙ (1 − h_{next}^{2})", fill=RED, weight="bold")
    svg.label(548, 254, "(N, H)", fill=RED)
    svg.line(px + 10, py - 22, bx + 10, by + 17, **arrow)
    svg.label(bx + 18, 128, "② db = dt.sum(axis=0)", fill=RED, anchor="start", weight="bold")
    svg.label(bx + 18, 148, "(H,): N 행의 합", fill=RED, anchor="start")
    svg.line(px - 24, py - 4, mhx + 36, mhy + 14, **arrow)
    svg.line(px - 24, py + 4, mxx + 36, mxy - 14, **arrow)
    svg.label(398, 170, "dt", fill=RED)
    svg.label(398, 202, "dt", fill=RED)
    svg.line(mhx + 12, mhy - 20, mhx + 12, GRAPH["Wh"][1] + 17, **arrow)
    svg.label(mhx + 22, 74, "③ dW_{h} = h_{prev}^{T} dt  (H, H)", fill=RED, anchor="start", weight="bold")
    svg.line(mhx - 40, mhy + 14, hx + 57, hy + 14, **arrow)
    svg.label(hx - 50, hy + 44, "④ dh_{prev} = dt W_{h}^{T}  (N, H)", fill=RED, anchor="start", weight="bold")
    svg.line(mxx + 12, mxy + 20, mxx + 12, GRAPH["Wx"][1] - 17, **arrow)
    svg.label(mxx + 22, 298, "⑤ dW_{x} = x^{T} dt  (D, H)", fill=RED, anchor="start", weight="bold")
    svg.line(mxx - 40, mxy + 14, xx + 57, xy + 14, **arrow)
    svg.label(xx - 50, xy + 44, "⑥ dx = dt W_{x}^{T}  (N, D)", fill=RED, anchor="start", weight="bold")
    svg.text(
        480,
        392,
        "회색 화살표는 순전파의 길, 빨간 화살표는 기울기가 거꾸로 흐르는 길입니다. ① ~ ⑥은 backward의 계산 순서입니다.",
        size=12,
        fill=MUTED,
    )
    svg.save(path)


# ---------------------------------------------------------------- TimeRNN


@figure("5-3_time_rnn.svg")
def time_rnn(path):
    """TimeRNN: RNN 계층 T 개가 가중치를 공유하며 이어진다. 순전파 (파랑)와 역전파 (빨강)의 입출력."""
    svg = Svg(990, 430)
    columns = [(250, "t = 0", "0"), (410, "t = 1", "1"), (570, None, None), (730, "t = T−1", "T−1")]
    y_box, y_top, y_bottom = 200, 52, 352
    svg.rect(175, 138, 630, 124, stroke=MUTED, stroke_width=1.2, rx=10, fill="none")
    svg.text(190, 152, "TimeRNN", size=13, anchor="start", fill=MUTED, weight="bold")
    for i, (cx, title, t) in enumerate(columns):
        if t is None:
            svg.text(cx, y_box, "…", size=24, fill=MUTED)
            for y in (y_top, y_bottom):
                svg.text(cx, y, "…", size=20, fill=MUTED)
            continue
        svg.box(cx - 48, y_box - 30, 96, 60, ["RNN", title], size=13, bold_first=True)
        svg.box(cx - 52, y_top - 16, 104, 32, [f"h_{{{t}}}  (N, H)"], fill=COLORS["soft"], stroke=BLUE)
        svg.box(cx - 52, y_bottom - 16, 104, 32, [f"x_{{{t}}}  (N, D)"], fill=COLORS["soft"], stroke=BLUE)
        svg.line(cx - 12, y_box - 30, cx - 12, y_top + 17, stroke=BLUE, width=2, arrow=True)
        svg.line(cx + 12, y_top + 17, cx + 12, y_box - 31, stroke=RED, width=2, arrow=True)
        svg.label(cx + 16, 98, f"dhs[:, {t}]", fill=RED, anchor="start", size=12)
        svg.line(cx - 12, y_bottom - 17, cx - 12, y_box + 31, stroke=BLUE, width=2, arrow=True)
        svg.line(cx + 12, y_box + 30, cx + 12, y_bottom - 17, stroke=RED, width=2, arrow=True)
        svg.label(cx + 16, 300, f"dx_{{{t}}}", fill=RED, anchor="start", size=12)
        if i + 1 < len(columns):
            nx = columns[i + 1][0] - (48 if columns[i + 1][2] else 18)
            dash = None if columns[i + 1][2] else "4 3"
            svg.line(cx + 48, y_box - 10, nx, y_box - 10, stroke=BLUE, width=2, arrow=True, dash=dash)
            svg.line(nx, y_box + 10, cx + 50, y_box + 10, stroke=RED, width=2, arrow=True, dash=dash)
        if i > 0 and columns[i - 1][2] is None:
            svg.line(cx - 80, y_box - 10, cx - 50, y_box - 10, stroke=BLUE, width=2, arrow=True, dash="4 3")
            svg.line(cx - 48, y_box + 10, cx - 80, y_box + 10, stroke=RED, width=2, arrow=True, dash="4 3")
    svg.label(330, y_box - 24, "h_{0}", fill=BLUE, size=12)
    svg.label(330, y_box + 27, "dh_{0}^{미래}", fill=RED, size=12)
    svg.line(40, y_box - 10, 200, y_box - 10, stroke=BLUE, width=2, arrow=True)
    svg.line(200, y_box + 10, 40, y_box + 10, stroke=RED, width=2, arrow=True)
    svg.label(30, y_box - 42, "시작 상태 h_{-1}", fill=BLUE, anchor="start", size=12)
    svg.label(30, y_box - 25, "(self.h 또는 0)", fill=BLUE, anchor="start", size=12)
    svg.label(30, y_box + 30, "dh_{-1}은 self.dh에", fill=RED, anchor="start", size=12)
    svg.label(30, y_box + 47, "(seq2seq에서 씀)", fill=RED, anchor="start", size=12)
    svg.line(778, y_box - 10, 900, y_box - 10, stroke=BLUE, width=2, arrow=True)
    svg.line(900, y_box + 10, 780, y_box + 10, stroke=RED, width=2, arrow=True, dash="2 3")
    svg.label(812, y_box - 42, "self.h에 저장", fill=BLUE, anchor="start", size=12)
    svg.label(812, y_box - 25, "(stateful이면 이어받음)", fill=BLUE, anchor="start", size=12)
    svg.label(812, y_box + 30, "dh_{T−1}^{미래} = 0에서 시작", fill=RED, anchor="start", size=12)
    svg.label(812, y_box + 47, "(블록 밖은 끊김)", fill=RED, anchor="start", size=12)
    svg.text(30, y_top, "hs (N, T, H)", size=13, anchor="start", fill=BLUE, weight="bold")
    svg.text(30, y_top + 20, "dhs (N, T, H)", size=13, anchor="start", fill=RED, weight="bold")
    svg.text(30, y_bottom, "xs (N, T, D)", size=13, anchor="start", fill=BLUE, weight="bold")
    svg.text(30, y_bottom + 20, "dxs (N, T, D)", size=13, anchor="start", fill=RED, weight="bold")
    svg.rich_text(
        490,
        412,
        "모든 RNN이 같은 W_{x}, W_{h}, b를 씁니다 → dW_{x}, dW_{h}, db는 T개 시각의 기울기를 더한 값입니다",
        size=13,
        fill=INK,
    )
    svg.save(path)


# ---------------------------------------------------------------- 과제의 종류


def _picture_icon(svg, cx, cy):
    """그림 (사진)을 뜻하는 작은 아이콘: 액자, 산, 해."""
    svg.rect(cx - 20, cy - 15, 40, 30, fill="#fffdf5", stroke=INK, rx=2)
    svg.polyline([(cx - 17, cy + 12), (cx - 6, cy - 2), (cx + 2, cy + 6), (cx + 8, cy), (cx + 17, cy + 12)])
    svg.circle(cx + 10, cy - 7, 3.5, fill=COLORS["highlight"], stroke="none")


def _task_panel(svg, x0, y0, title, example, inputs, outputs, note, roles=None):
    """과제 하나: 아래 입력, 가운데 RNN (옆으로 은닉 상태가 흐름), 위 출력. None인 칸은 비운다."""
    width, n = 440, len(inputs)
    svg.rect(x0, y0, width - 10, 250, fill="#fcfcfc", stroke=COLORS["grid"], rx=8)
    svg.text(x0 + 14, y0 + 20, title, size=14, anchor="start", weight="bold")
    svg.text(x0 + 14, y0 + 40, example, size=12, anchor="start", fill=MUTED)
    step = (width - 40) / n
    y_out, y_rnn, y_in = y0 + 80, y0 + 145, y0 + 205
    box_w = min(64, step - 14)
    for i in range(n):
        cx = x0 + 15 + step * (i + 0.5)
        role = roles[i] if roles else None
        fill = {"enc": "#e8f1fa", "dec": "#fbeee6"}.get(role, "white")
        svg.box(cx - box_w / 2, y_rnn - 16, box_w, 32, ["RNN"], fill=fill, size=11)
        if i + 1 < n:
            svg.line(cx + box_w / 2, y_rnn, cx + step - box_w / 2, y_rnn, stroke=BLUE, width=1.6, arrow=True)
        if inputs[i] == "IMAGE":  # 그림은 입력 x 가 아니라 시작 상태 h_{-1} 로: 왼쪽 (은닉 상태의 자리) 으로 들어간다
            _picture_icon(svg, cx, y_in)
            side = cx - box_w / 2 - 14
            svg.polyline([(cx - 21, y_in), (side, y_in), (side, y_rnn)], stroke=BLUE, width=1.6)
            svg.line(side, y_rnn, cx - box_w / 2, y_rnn, stroke=BLUE, width=1.6, arrow=True)
            svg.rich_text(side + 5, y_rnn + 32, "시작 상태 h_{-1}", size=11, anchor="start", fill=BLUE)
        elif inputs[i] is not None:
            svg.box(cx - box_w / 2, y_in - 13, box_w, 26, [inputs[i]], fill=COLORS["soft"], stroke=BLUE, size=11)
            svg.line(cx, y_in - 13, cx, y_rnn + 17, stroke=INK, arrow=True)
        if outputs[i] is not None:
            svg.box(cx - box_w / 2, y_out - 13, box_w, 26, [outputs[i]], fill="#fff3d6", stroke="#e0a526", size=11)
            svg.line(cx, y_rnn - 16, cx, y_out + 14, stroke=INK, arrow=True)
    if roles:
        for role, name, dy in (("enc", "인코더", -30), ("dec", "디코더", 32)):  # 화살표가 없는 쪽에 쓴다
            idx = [i for i, r in enumerate(roles) if r == role]
            cx = x0 + 15 + step * ((idx[0] + idx[-1]) / 2 + 0.5)
            svg.text(cx, y_rnn + dy, name, size=12, fill=MUTED)
    svg.text(x0 + 14, y0 + 236, note, size=11, anchor="start", fill=MUTED)


@figure("5-3_task_kinds.svg")
def task_kinds(path):
    """RNN으로 푸는 과제의 종류: 다대일, 일대다, 다대다 (번역, 태깅)."""
    svg = Svg(890, 530)
    _task_panel(
        svg,
        5,
        5,
        "다대일 (many-to-one)",
        "감정 분석: 문장 → 긍정/부정,  주가: 4일 치 → 다음 날",
        ["이", "영화", "정말", "좋다"],
        [None, None, None, "긍정"],
        "return_sequences=False: 마지막 은닉 상태 (N, H)만 사용",
    )
    _task_panel(
        svg,
        450,
        5,
        "일대다 (one-to-many)",
        "이미지 캡셔닝: 그림 하나 → 단어 여러 개",
        ["IMAGE", None, None, None],
        ["개가", "공을", "물고", "뛴다"],
        "그림의 특징 벡터를 set_state로 시작 상태에 넣고, 시각마다 단어를 냅니다",
    )
    _task_panel(
        svg,
        5,
        270,
        "다대다 (many-to-many): 번역",
        "입력을 다 읽은 뒤 다른 길이로 출력 (seq2seq)",
        ["나는", "학생", "이다", None, None, None, None],
        [None, None, None, "I", "am", "a", "student"],
        "인코더의 마지막 h가 디코더의 시작 상태, 기울기는 디코더의 self.dh로 돌아옴",
        roles=["enc"] * 3 + ["dec"] * 4,
    )
    _task_panel(
        svg,
        450,
        270,
        "다대다 (many-to-many): 태깅",
        "품사 태깅, 개체명 인식: 시각마다 하나씩",
        ["철수", "가", "학교", "에", "간다"],
        ["명사", "조사", "명사", "조사", "동사"],
        "return_sequences=True: 모든 시각의 은닉 상태 (N, T, H)를 사용",
    )
    svg.save(path)


# ---------------------------------------------------------------- 양방향 RNN


def _arrow_h(svg, x, y, t, color, rightward):
    """위에 화살표를 얹은 h_t (정방향 →, 역방향 ←)."""
    svg.rich_text(x, y + 4, f"h_{{{t}}}", size=13, fill=color)
    ends = (x - 9, x + 7) if rightward else (x + 7, x - 9)
    svg.line(ends[0], y - 8, ends[1], y - 8, stroke=color, width=1.3, arrow=True)


@figure("5-3_bidirectional.svg")
def bidirectional(path):
    """양방향 RNN: 정방향과 역방향 TimeRNN의 은닉 상태를 시각마다 이어 붙인다 (2H)."""
    T = 4
    svg = Svg(900, 420)
    left, step = 250, 160
    y_out, y_bwd, y_fwd, y_in = 62, 165, 255, 360
    svg.text(20, y_fwd, "정방향 TimeRNN", size=13, anchor="start", fill=BLUE, weight="bold")
    svg.text(20, y_fwd + 18, "xs를 그대로 읽음", size=12, anchor="start", fill=MUTED)
    svg.text(20, y_bwd, "역방향 TimeRNN", size=13, anchor="start", fill=PURPLE, weight="bold")
    svg.text(20, y_bwd + 18, "xs[:, ::-1]을 읽고", size=12, anchor="start", fill=MUTED)
    svg.text(20, y_bwd + 34, "결과를 다시 뒤집음", size=12, anchor="start", fill=MUTED)
    svg.text(20, y_out, "출력 (N, T, 2H)", size=13, anchor="start", weight="bold")
    svg.text(20, y_in, "입력 xs (N, T, D)", size=13, anchor="start", weight="bold")
    for t in range(T):
        cx = left + step * t
        fx, bx = cx - 24, cx + 24
        svg.box(cx - 40, y_in - 15, 80, 30, [f"x_{{{t}}}"], fill=COLORS["soft"], stroke=BLUE)
        svg.line(fx, y_in - 15, fx, y_fwd + 17, stroke=INK, arrow=True)
        svg.line(bx, y_in - 15, bx, y_bwd + 17, stroke=INK, arrow=True)
        svg.box(fx - 22, y_fwd - 16, 44, 32, ["RNN"], stroke=BLUE, size=11, text_fill=BLUE)
        svg.box(bx - 22, y_bwd - 16, 44, 32, ["RNN"], stroke=PURPLE, size=11, text_fill=PURPLE)
        if t + 1 < T:
            svg.line(fx + 22, y_fwd, fx + step - 22, y_fwd, stroke=BLUE, width=2, arrow=True)
            svg.line(bx + step - 22, y_bwd, bx + 22, y_bwd, stroke=PURPLE, width=2, arrow=True)
        svg.line(fx, y_fwd - 16, fx, y_out + 17, stroke=BLUE, arrow=True)
        svg.line(bx, y_bwd - 16, bx, y_out + 17, stroke=PURPLE, arrow=True)
        svg.rect(cx - 52, y_out - 16, 52, 32, fill="#e8f1fa", stroke=BLUE, rx=4)
        svg.rect(cx, y_out - 16, 52, 32, fill="#f3e8f8", stroke=PURPLE, rx=4)
        _arrow_h(svg, cx - 26, y_out, t, BLUE, rightward=True)
        _arrow_h(svg, cx + 26, y_out, t, PURPLE, rightward=False)
        seen_fwd = "x_{0}" if t == 0 else f"x_{{0}}…x_{{{t}}}"
        seen_bwd = f"x_{{{T - 1}}}" if t == T - 1 else f"x_{{{t}}}…x_{{{T - 1}}}"
        svg.rich_text(cx - 26, y_out - 30, seen_fwd, size=11, fill=BLUE)
        svg.rich_text(cx + 26, y_out - 30, seen_bwd, size=11, fill=PURPLE)
    svg.rich_text(
        left + step * (T - 1) / 2,
        404,
        "시각 t의 출력은 두 은닉 상태를 이어 붙인 것이라 앞(x_{0}…x_{t})과 뒤(x_{t}…x_{T−1})를 모두 봅니다. "
        "가중치는 방향마다 따로 둡니다.",
        size=12,
        fill=INK,
    )
    svg.save(path)

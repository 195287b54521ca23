"""5.1 확률과 언어 모델의 그림: 순차 데이터의 두 종류, 연쇄 법칙, 고정 창과 은닉 상태, CBOW."""

from ..plotting.svg import COLORS, Svg
from . import figure

TOY = ("you", "say", "goodbye", "and", "i", "say", "hello", ".")
BLUE_FILL = "#c6dcf2"
ORANGE = "#d97a00"
GREEN = "#2ca02c"


def _word_width(word, size=13):
    """글자 크기 size로 쓴 단어가 들어갈 상자의 너비 (한글은 넓게)."""
    return 16 + sum(size if ord(ch) > 0x1100 else size * 0.6 for ch in word)


def _word_row(svg, x, y, words, fills=None, strokes=None, colors=None, gap=6, h=28, size=13):
    """단어 상자를 가로로 늘어놓고 상자마다의 가운데 x 좌표 목록을 돌려준다."""
    centers = []
    for k, word in enumerate(words):
        w = _word_width(word, size)
        fill = fills[k] if fills else "white"
        stroke = strokes[k] if strokes else COLORS["grid"]
        svg.rect(x, y, w, h, fill=fill, stroke=stroke, stroke_width=2 if stroke == ORANGE else 1.2)
        svg.text(x + w / 2, y + h / 2, word, size=size, fill=colors[k] if colors else COLORS["ink"])
        centers.append(x + w / 2)
        x += w + gap
    return centers


@figure("5-1_sequence_kinds.svg")
def sequence_kinds(path):
    """왼쪽: 일정한 시각마다 잰 실수 (시계열 데이터). 오른쪽: 순서만 있는 기호열 (문장)."""
    svg = Svg(880, 270)
    svg.text(215, 18, "시계열 데이터 (time-series data)", size=15, weight="bold")
    svg.text(215, 40, "정해진 시각마다 잰 값", size=12, fill=COLORS["muted"])
    temps = [3.1, 3.8, 5.2, 7.0, 8.4, 9.1, 8.7, 7.5, 6.0]
    left, right, top, bottom = 60, 390, 60, 190
    svg.line(left, bottom, right, bottom, stroke=COLORS["muted"])
    svg.line(left, bottom, left, top, stroke=COLORS["muted"])
    step = (right - left - 20) / (len(temps) - 1)
    points = [(left + 10 + i * step, bottom - (t - 2) / 8 * (bottom - top)) for i, t in enumerate(temps)]
    svg.polyline(points, stroke=COLORS["forward"], width=2)
    for i, (x, y) in enumerate(points):
        svg.circle(x, y, 3.5, fill=COLORS["forward"], stroke=COLORS["forward"])
        svg.text(x, bottom + 14, f"{9 + i}시", size=11, fill=COLORS["muted"])
    for t in (2, 6, 10):
        y = bottom - (t - 2) / 8 * (bottom - top)
        svg.text(left - 8, y, f"{t}", size=11, anchor="end", fill=COLORS["muted"])
    svg.text(left - 36, (top + bottom) / 2, "°C", size=12, fill=COLORS["muted"])
    svg.text(215, bottom + 38, "값: 실수 · 시각: 한 시간 간격의 진짜 시계", size=12)

    svg.line(440, 20, 440, 230, stroke=COLORS["grid"])
    svg.text(665, 18, "시간 순서열 (temporal sequence)", size=15, weight="bold")
    svg.text(665, 40, "순서만 있고 시계는 없는 기호의 열", size=12, fill=COLORS["muted"])
    x0 = 665 - (sum(_word_width(w) for w in TOY) + 6 * (len(TOY) - 1)) / 2
    centers = _word_row(svg, x0, 105, TOY)
    for t, cx in enumerate(centers):
        svg.rich_text(cx, 150, f"t = {t}" if t == 0 else f"{t}", size=11, fill=COLORS["muted"])
        if t > 0:
            svg.line(centers[t - 1] + 8, 90, cx - 8, 90, stroke=COLORS["muted"], width=1, arrow=True)
    svg.text(665, 75, "읽는 방향", size=11, fill=COLORS["muted"])
    svg.text(665, bottom + 38, "값: 단어 (기호) · 시각 t: 몇 번째 단어인가", size=12)
    svg.rich_text(
        440,
        258,
        "둘 다 시각 t = 0, 1, 2, …로 순서를 적고 (0부터 셉니다), 앞의 값이 다음 값의 단서가 됩니다.",
        size=13,
        fill=COLORS["forward"],
        weight="bold",
    )
    svg.save(path)


@figure("5-1_chain_rule.svg")
def chain_rule(path):
    """문장 'i say hello .'의 동시 확률을 왼쪽에서 오른쪽으로 한 단어씩 조건부 확률로 쪼갠다."""
    words = ("i", "say", "hello", ".")
    factors = ("P(i)", "P(say | i)", "P(hello | i, say)", "P(. | i, say, hello)")
    general = ("P(w_{0})", "P(w_{1} | w_{0})", "P(w_{2} | w_{0}, w_{1})", "P(w_{3} | w_{0}, w_{1}, w_{2})")
    svg = Svg(860, 330)
    col_w, x0, row_h, y0 = 78, 90, 50, 52
    for k in range(4):
        svg.rich_text(x0 + k * col_w + 35, 28, f"w_{{{k}}}", size=14, fill=COLORS["muted"])
    svg.text(560, 28, "곱할 인수 (조건부 확률)", size=13, fill=COLORS["muted"])
    for t in range(4):
        y = y0 + t * row_h
        svg.text(40, y + 15, f"{t + 1}단계", size=12, fill=COLORS["muted"])
        for k, word in enumerate(words):
            x = x0 + k * col_w
            if k < t:
                svg.rect(x, y, 70, 30, fill=BLUE_FILL, stroke=COLORS["forward"])
                svg.text(x + 35, y + 15, word, size=13)
            elif k == t:
                svg.rect(x, y, 70, 30, fill="#fff3d6", stroke=ORANGE, stroke_width=2.5)
                svg.text(x + 35, y + 15, word, size=13, weight="bold")
            else:
                svg.box(x, y, 70, 30, [word], stroke=COLORS["grid"], dash="4,3", rx=4, size=13, text_fill="#bbbbbb")
        svg.line(x0 + 4 * col_w + 4, y + 15, 420, y + 15, stroke=COLORS["muted"], width=1, arrow=True)
        svg.rich_text(435, y + 15, general[t], size=14, anchor="start")
        svg.text(640, y + 15, "= " + factors[t], size=13, anchor="start", fill=ORANGE)
    y = y0 + 4 * row_h + 12
    svg.line(30, y - 8, 830, y - 8, stroke=COLORS["grid"])
    svg.text(430, y + 12, "P(i, say, hello, .) = P(i) × P(say | i) × P(hello | i, say) × P(. | i, say, hello)",
             size=14, weight="bold")  # fmt: skip
    legend_y = y + 46
    svg.rect(90, legend_y - 8, 16, 16, fill=BLUE_FILL, stroke=COLORS["forward"])
    svg.text(112, legend_y, "조건: 이미 본 앞 단어들", size=12, anchor="start")
    svg.rect(300, legend_y - 8, 16, 16, fill="#fff3d6", stroke=ORANGE, stroke_width=2)
    svg.text(322, legend_y, "이번 단계에서 확률을 매길 단어", size=12, anchor="start")
    svg.box(545, legend_y - 8, 16, 16, stroke=COLORS["muted"], dash="3,2", rx=4)
    svg.text(567, legend_y, "아직 보지 않은 뒤 단어들", size=12, anchor="start")
    svg.save(path)


def _window_row(svg, y, target, window, label):
    """TOY 문장 위에 target을 예측하는 왼쪽 window 단어 창을 칠한 한 줄."""
    fills, strokes, colors = [], [], []
    for k in range(len(TOY)):
        inside = target - window <= k < target
        fills.append(BLUE_FILL if inside else "#fff3d6" if k == target else "white")
        strokes.append(COLORS["forward"] if inside else ORANGE if k == target else COLORS["grid"])
        colors.append(COLORS["ink"] if inside or k == target else "#aaaaaa")
    words = [w if k != target else "?" for k, w in enumerate(TOY)]
    centers = _word_row(svg, 150, y, words, fills, strokes, colors)
    svg.text(140, y + 14, label, size=12, anchor="end", fill=COLORS["muted"])
    svg.text(centers[target], y + 42, f"정답: {TOY[target]}", size=11, fill=ORANGE)
    return centers


@figure("5-1_window_vs_state.svg")
def window_vs_state(path):
    """위: 고정 창 (AR(2)) 이 한 칸씩 미끄러지며 바로 앞 두 단어만 본다.

    아래: 은닉 상태가 앞의 모든 단어를 요약해 넘긴다.
    """
    svg = Svg(860, 395)
    svg.text(20, 20, "자기회귀 모델 AR(2): 바로 앞 2단어만 보는 고정 창", size=14, anchor="start", weight="bold")
    _window_row(svg, 45, 4, 2, "타깃 i")
    _window_row(svg, 105, 6, 2, "타깃 hello")
    svg.text(600, 95, "창이 한 칸씩 밀려 가도", size=12, anchor="start", fill=COLORS["forward"])
    svg.text(600, 115, "보는 양은 늘 2단어", size=12, anchor="start", fill=COLORS["forward"])
    svg.line(20, 180, 840, 180, stroke=COLORS["grid"])
    svg.text(20, 202, "잠재 자기회귀 모델: 은닉 상태 h가 지금까지 읽은 모든 단어를 요약", size=14, anchor="start",
             weight="bold")  # fmt: skip
    target = 6
    words = [w if k != target else "?" for k, w in enumerate(TOY)]
    fills = [BLUE_FILL if k < target else "#fff3d6" if k == target else "white" for k in range(len(TOY))]
    strokes = [COLORS["forward"] if k < target else ORANGE if k == target else COLORS["grid"] for k in range(len(TOY))]
    colors = [COLORS["ink"] if k <= target else "#aaaaaa" for k in range(len(TOY))]
    y_words, y_state = 340, 270
    centers = _word_row(svg, 150, y_words, words, fills, strokes, colors)
    svg.text(140, y_words + 14, "타깃 hello", size=12, anchor="end", fill=COLORS["muted"])
    svg.text(centers[target], y_words + 42, f"정답: {TOY[target]}", size=11, fill=ORANGE)
    svg.text(140, y_state, "은닉 상태", size=12, anchor="end", fill=COLORS["muted"])
    for k in range(target):
        cx = centers[k]
        svg.line(cx, y_words - 2, cx, y_state + 16, stroke=GREEN, width=1.3, arrow=True)
        svg.circle(cx, y_state, 14, fill="#eaf6ea", stroke=GREEN, stroke_width=1.5)
        svg.rich_text(cx, y_state, f"h_{{{k}}}", size=12)
        if k + 1 < target:
            svg.line(cx + 14, y_state, centers[k + 1] - 16, y_state, stroke=GREEN, width=1.5, arrow=True)
    svg.path(
        f"M{centers[target - 1] + 14:.1f},{y_state - 4:.1f} Q{centers[target]:.1f},{y_state - 10:.1f} "
        f"{centers[target]:.1f},{y_words - 4:.1f}",
        stroke=GREEN,
        width=1.5,
        arrow=True,
    )
    svg.rich_text(centers[target] + 18, y_state - 22, f"h_{{{target - 1}}}로 예측", size=12, anchor="start", fill=GREEN)
    svg.text(600, y_state + 2, "창이 없어 처음부터 모두 읽지만", size=12, anchor="start", fill=GREEN)
    svg.text(600, y_state + 22, "문장이 길어져도 h의 크기는 그대로", size=12, anchor="start", fill=GREEN)
    svg.save(path)


def _cbow_panel(svg, x, title, context, target, prob):
    """CBOW 한 벌: 아래의 맥락 단어 두 개 → W_in → 합 → h → W_out, softmax → 위의 확률."""
    cx = x + 200
    svg.text(cx, 20, title, size=14, weight="bold")
    svg.box(cx - 130, 40, 260, 34, [prob], fill="#fff3d6", stroke=ORANGE, size=13)
    svg.text(cx + 10, 103, f"타깃 {target}의 확률을 키우도록 학습", size=11, anchor="start", fill=ORANGE)
    svg.line(cx, 130, cx, 77, arrow=True)
    svg.box(cx - 80, 130, 160, 30, ["W_{out} → softmax"], size=12)
    svg.line(cx, 196, cx, 162, arrow=True)
    svg.box(cx - 60, 196, 120, 30, ["h (합 또는 평균)"], fill="#eaf6ea", stroke=GREEN, size=12)
    for k, (label, word) in enumerate(context):
        bx = cx - 150 + k * 180
        svg.box(bx, 252, 120, 28, ["W_{in} (같은 행렬)"], size=12)
        svg.line(bx + 60, 250, cx + (k - 0.5) * 60, 228, arrow=True)
        svg.line(bx + 60, 300, bx + 60, 282, arrow=True)
        svg.box(bx, 300, 120, 34, [f"{label} = {word}"], fill=BLUE_FILL, stroke=COLORS["forward"], size=13)


@figure("5-1_cbow.svg")
def cbow(path):
    """왼쪽: word2vec의 CBOW (양쪽 맥락). 오른쪽: 같은 구조를 왼쪽 맥락만으로 쓴 언어 모델."""
    svg = Svg(860, 350)
    _cbow_panel(
        svg, 20, "CBOW: 양쪽 맥락으로 가운데 단어", (("w_{t-1}", "you"), ("w_{t+1}", "goodbye")), "say",
        "P(w_{t} | w_{t-1}, w_{t+1})",
    )  # fmt: skip
    svg.line(430, 20, 430, 340, stroke=COLORS["grid"])
    _cbow_panel(
        svg, 440, "언어 모델로: 왼쪽 맥락만", (("w_{t-2}", "you"), ("w_{t-1}", "say")), "goodbye",
        "P(w_{t} | w_{t-2}, w_{t-1})",
    )  # fmt: skip
    svg.save(path)

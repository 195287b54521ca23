"""맥락 창 탐색기: 창 크기를 바꾸며 고정 창 언어 모델이 보는 단어와, 멀리 있는 단서가 창 안에 드는지 본다.

계산은 rnnlib.viz.context.context_view 가 한다. 아래쪽에는 RNN 의 은닉 상태가 왼쪽 맥락 전체를 읽는 모습,
합이 순서를 모른다는 예시, 방법마다의 가중치 수.
"""

from html import escape

import ipywidgets as widgets

from ..plotting.svg import COLORS, Svg
from ..viz.context import EXAMPLE_SENTENCE, PAD, context_view
from .common import Explorer

GREEN = "#2ca02c"


def _width(word):
    """단어 칸의 너비 어림 (px): 한글 한 글자 13, 라틴 문자 7.6, 양옆 여백 16."""
    return 16 + sum(13 if ord(ch) > 0x1100 else 7.6 for ch in word)


def draw_sentence(view, width=1000, row_h=108):
    """단어 띠: 위에 창 (파란 띠), 단어 밑에 타깃까지의 거리, 그 밑에 RNN의 은닉 상태 사슬 (초록)."""
    words = [PAD] * min(view.padding, 3) + list(view.tokens)  # 패딩은 3칸까지만 그린다
    shift, places, x, row = min(view.padding, 3), [], 10, 0
    for word in words:
        if x + _width(word) > width - 10:
            x, row = 10, row + 1
        places.append((x, row))
        x += _width(word) + 6
    svg = Svg(width, row_h * (row + 1) + 4)
    for k, (word, (x, row)) in enumerate(zip(words, places)):
        pos, w, y = k - shift, _width(word), row * row_h + 26
        if pos < 0 or pos in view.seen:
            svg.rect(x - 3, y - 6, w + 12, 40, fill="#c6dcf2", stroke="none", rx=0)
        if pos == view.target_index:
            svg.rect(x, y, w, 28, fill="#eaf6ea", stroke=GREEN, stroke_width=2, rx=5)
            svg.text(x + w / 2, y + 14, "?", size=15, weight="bold", fill=GREEN)
            svg.text(x, y - 14, f"정답: {word}", anchor="start", size=11, fill=GREEN, weight="bold")
            continue
        clue = pos == view.clue_index
        color = COLORS["muted"] if pos > view.target_index or pos < 0 else COLORS["ink"]
        stroke, thick = (COLORS["highlight"], 3) if clue else (COLORS["grid"], 1)
        svg.rect(x, y, w, 28, fill="#ffffff", stroke=stroke, stroke_width=thick)
        svg.text(x + w / 2, y + 14, word, size=13, fill=color, weight="bold" if clue else "normal")
        if clue:
            svg.text(x + w / 2, y - 14, "단서", size=11, fill="#d97a00", weight="bold")
        if 0 <= pos < view.target_index:
            cx, cy = x + w / 2, y + 68
            svg.text(cx, y + 42, f"−{view.target_index - pos}", size=10, fill=COLORS["muted"])
            svg.circle(cx, cy, 8, fill="#eaf6ea", stroke=GREEN)
            nx, nrow = places[k + 1]
            if nrow != row:  # 줄이 바뀌면 사슬이 다음 줄로 이어진다는 표시만
                svg.line(cx + 8, cy, cx + 22, cy, stroke=GREEN, arrow=True)
                svg.line(2, cy + row_h, nx + _width(words[k + 1]) / 2 - 8, cy + row_h, stroke=GREEN, arrow=True)
            elif pos + 1 < view.target_index:
                svg.line(cx + 8, cy, nx + _width(words[k + 1]) / 2 - 8, cy, stroke=GREEN, arrow=True)
            else:  # 마지막 은닉 상태가 타깃을 예측한다
                svg.line(cx + 8, cy - 3, nx + 4, y + 30, stroke=GREEN, arrow=True)
    x, row = places[view.target_index + shift - 1]  # 창의 오른쪽 끝 (타깃 바로 앞 단어)
    label = f"창: 왼쪽 {view.window}단어"
    svg.text(x + _width(words[view.target_index + shift - 1]), row * row_h + 12, label, anchor="end", size=11,
             fill=COLORS["forward"], weight="bold")  # fmt: skip
    return svg.render(fit=True)


def _vector(values):
    return "[" + ", ".join(f"{int(x):+d}" for x in values) + "]"


def _order_example(view):
    """같은 단어를 거꾸로 놓아도 합은 같고, 이어 붙인 벡터는 다르다."""
    a, b = view.order_words, view.order_words[::-1]
    rows = "".join(
        f"<tr><td><code>{escape(w)}</code></td><td><code>{_vector(view.order_vectors[w])}</code></td></tr>"
        for w in dict.fromkeys(a)
    )
    line = "<tr><td>{}</td><td><code>{}</code></td><td><code>{}</code></td></tr>"
    return (
        f"<b>합은 순서를 모릅니다</b> (단어 벡터 {len(next(iter(view.order_vectors.values())))}차원 예시)"
        f"<table style='font-size:13px'>{rows}</table><table style='font-size:13px;margin-top:4px'>"
        "<tr style='color:#888'><td>순서</td><td>합 (CBOW)</td><td>이어 붙이기</td></tr>"
        + line.format(escape(" ".join(a)), _vector(view.order_sum(a)), _vector(view.order_concat(a)))
        + line.format(escape(" ".join(b)), _vector(view.order_sum(b)), _vector(view.order_concat(b)))
        + "</table><div style='color:#555;font-size:13px'>순서를 뒤집어도 합은 같고 (순서 정보가 사라짐), "
        "이어 붙인 벡터는 다릅니다 (대신 창이 길수록 가중치가 늘어남).</div>"
    )


def _weights(view):
    rows = [
        ("합 + (D, H) 행렬", "D × H", view.weights_sum, "무시", "창 크기와 상관없음"),
        ("이어 붙이기", f"({view.window}·D) × H", view.weights_concat, "보존", "창에 비례해 커짐"),
        ("RNN", "D × H + H × H", view.weights_rnn, "보존", "맥락 길이와 상관없음"),
    ]
    cells = "".join(
        f"<tr><td>{a}</td><td>{b}</td><td style='text-align:right'><b>{c:,}</b></td><td>{d}</td><td>{e}</td></tr>"
        for a, b, c, d, e in rows
    )
    return (
        f"<b>맥락을 합치는 방법과 입력 → 은닉 가중치 수</b> (D = {view.D}, H = {view.H}, 창 {view.window})"
        "<table style='font-size:13px;border-spacing:10px 2px'><tr style='color:#888'><td>방법</td><td>행렬</td>"
        f"<td>가중치 수</td><td>단어 순서</td><td></td></tr>{cells}</table>"
    )


class ContextWindowExplorer(Explorer):
    title = "맥락 창 탐색기"

    def __init__(self, window, sentence, target_index, D, H):
        self.sentence, self.target_index = sentence, target_index
        words = sentence.split() if isinstance(sentence, str) else sentence
        left = len(words) - 1 if target_index is None else target_index  # 슬라이더는 왼쪽 맥락보다 조금 더 간다
        style, small = {"description_width": "initial"}, widgets.Layout(width="160px")
        self.window = widgets.IntSlider(
            value=window, min=min(0, window), max=max(left + 3, window), description="창 크기"
        )
        self.D = widgets.IntText(value=D, description="단어 벡터 D", style=style, layout=small)
        self.H = widgets.IntText(value=H, description="은닉 H", style=style, layout=small)
        super().__init__([self.window, self.D, self.H])

    def compute(self):
        return context_view(self.window.value, self.sentence, self.target_index, self.D.value, self.H.value)

    def draw(self, view):
        kind, verdict = view.verdict
        color = {"none": "#eef4fb", "inside": "#eaf6ea", "outside": "#fdecea"}[kind]
        note = f"<div style='color:#1f77b4'>{escape(view.note)}</div>" if view.note else ""
        rnn = (
            f"<span style='color:{GREEN}'>초록 사슬(RNN)</span>: 은닉 상태 h가 왼쪽 {view.available}단어를 "
            "차례로 읽어 요약을 넘기므로 창이라는 한계가 없습니다 "
            "(앞의 단서가 은닉 상태에 얼마나 오래 남는지는 5.5b의 LSTM에서, "
            "기울기가 먼 과거까지 닿는지는 5.2에서 봅니다)."
        )
        return (
            draw_sentence(view)
            + note
            + f"<div style='background:{color};padding:6px 12px;margin:4px 0;font-size:14px'>{escape(verdict)}</div>"
            + f"<div><span style='color:{COLORS['forward']}'>파란 띠(고정 창 모델)</span>: "
            + f"타깃 왼쪽 {view.window}단어만 입력으로 씁니다. 단어 밑의 수는 타깃까지의 거리입니다.<br>{rnn}</div>"
            + "<div style='display:flex;flex-wrap:wrap;gap:4px 28px;align-items:flex-start;margin-top:4px'>"
            + f"<div>{_weights(view)}</div><div style='max-width:480px'>{_order_example(view)}</div></div>"
        )


def context_window_explorer(window=2, sentence=None, target_index=None, D=100, H=100):
    """맥락 창 탐색기를 만든다. sentence가 None 이면 정답 이름이 18단어 앞에 있는 예문을 쓴다."""
    return ContextWindowExplorer(window, EXAMPLE_SENTENCE if sentence is None else sentence, target_index, D, H)

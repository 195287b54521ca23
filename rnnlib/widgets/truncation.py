"""잘린 BPTT 블록 탐색기: 순전파는 블록 경계를 넘어 이어지고, 역전파는 블록 안에서 멈춘다.

계산은 rnnlib.viz.truncation.truncation_view (진짜 TimeRNN, TimeAffine, TimeSoftmaxWithLoss) 가 한다.
위: 시각의 사슬과 블록, 가운데: 블록 k 의 손실이 각 시각까지 보낸 기울기 (잘린 BPTT 와 전체 BPTT),
아래: 경계에서 기울기가 0 이 되는 증명과 역전파를 위해 들고 있어야 하는 은닉 상태의 수.
"""

import math

import ipywidgets as widgets

from ..plotting.svg import COLORS, Svg, format_number
from ..viz.truncation import truncation_view
from .common import Explorer, message_html

WIDTH = 1040
LEFT = 92  # 왼쪽의 줄 이름 자리
FLOOR = 1e-6  # 기울기 막대의 로그 눈금 바닥
LIGHT_BLUE, LIGHT_RED = "#a9c9e8", "#f2b1b1"


def _block_state(view, j):
    return "current" if j == view.block else ("done" if j < view.block else "todo")


def draw_chain(view):
    """시각의 사슬: 블록 배경, 위로 도는 순전파 화살표 (파랑, 경계를 넘는다), 아래로 도는 역전파 화살표
    (빨강, 블록 안에서만). 지금 블록 k 는 주황, 이미 읽은 블록은 파랑, 아직 읽지 않은 블록은 점선."""
    S = view.seq_len
    cell = (WIDTH - LEFT - 12) / S
    r = min(13, cell * 0.34)
    lift = min(20, cell * 0.7)  # 화살표 곡선의 높이
    stroke = 1.6 if cell >= 36 else 1.1
    dense = cell < 24  # 시각이 많아 칸이 좁으면 지금 블록 밖의 화살촉은 생략한다
    y_label, y_node, y_word = 14, 84, 132
    bottom = y_word + 12 if cell >= 40 else y_node + r + lift + 18  # 블록 상자의 아래 끝
    svg = Svg(WIDTH, bottom + 6)

    def cx(s):
        return LEFT + cell * (s + 0.5)

    def arc(s_from, s_to, below, color, width, arrow=True):
        sign = 1 if below else -1
        y = y_node + sign * r * 0.8
        x1, x2 = cx(s_from) + (s_to - s_from) * r * 0.55, cx(s_to) - (s_to - s_from) * r * 0.55
        svg.path(
            f"M{x1:.1f},{y:.1f} Q{(x1 + x2) / 2:.1f},{y + sign * lift * 1.6:.1f} {x2:.1f},{y:.1f}",
            stroke=color,
            width=width,
            arrow=arrow,
        )

    rows = [("블록", y_label), ("순전파", y_node - r - lift), ("시각", y_node), ("역전파", y_node + r + lift)]
    for label, y in rows + ([("입력 단어", y_word)] if cell >= 40 else []):
        svg.text(8, y, label, anchor="start", size=12, fill=COLORS["muted"])
    for j, (lo, hi) in enumerate(view.bounds):
        state = _block_state(view, j)
        fill, edge, width, dash = {
            "current": ("#fff6e0", COLORS["highlight"], 3, None),
            "done": ("#f3f7fc", "#b9cfe6", 1.2, None),
            "todo": ("#ffffff", "#cccccc", 1.2, "4 3"),
        }[state]
        x0, w = LEFT + cell * lo + 2, cell * (hi - lo) - 4
        svg.box(x0, y_label + 14, w, bottom - y_label - 14, fill=fill, stroke=edge, stroke_width=width, dash=dash)
        name = f"블록 {j} · L_{{{j}}}" if w >= 70 else str(j)
        ink = COLORS["ink"] if state != "todo" else COLORS["muted"]
        svg.rich_text(x0 + w / 2, y_label, name, size=12, weight="bold" if state == "current" else "normal", fill=ink)
        if j > 0:  # 경계: 역전파가 끊기는 곳
            bx = LEFT + cell * lo
            svg.line(bx, y_node + 4, bx, y_node + r + lift + 10, stroke=COLORS["backward"], width=1, dash="2 3")
            svg.text(bx, y_node + r + lift + 4, "✕", size=12, fill=COLORS["backward"], weight="bold")
    for s in range(S):
        j = next(i for i, (lo, hi) in enumerate(view.bounds) if lo <= s < hi)
        state = _block_state(view, j)
        if s + 1 < S:  # 순전파: 모든 이웃을 잇는다 (블록 경계도 넘는다)
            crossing = s + 1 == view.start
            color = COLORS["forward"] if state != "todo" or crossing else LIGHT_BLUE
            arc(s, s + 1, False, color, stroke * 1.3 if crossing else stroke, arrow=not dense or crossing)
        if s + 1 < view.bounds[j][1]:  # 역전파: 같은 블록 안에서만 왼쪽으로
            arc(
                s + 1,
                s,
                True,
                COLORS["backward"] if state == "current" else LIGHT_RED,
                stroke,
                arrow=not dense or state == "current",
            )
        fill = {"current": "#ffe3a6", "done": "#dbe8f5", "todo": "#f4f4f4"}[state]
        svg.circle(cx(s), y_node, r, fill=fill, stroke=COLORS["ink"] if state != "todo" else "#bbbbbb")
        if cell >= 20 or s % 5 == 0:
            ink = COLORS["ink"] if state != "todo" else COLORS["muted"]
            svg.text(cx(s), y_node, s, size=11 if cell >= 24 else 9, fill=ink)
        if cell >= 40:
            svg.text(cx(s), y_word, view.words[s], size=10 if cell < 60 else 11, fill=COLORS["muted"])
    if view.block > 0:
        bx = LEFT + cell * view.start
        callout = f"h_{{{view.start - 1}}} (블록 {view.block - 1}의 마지막 은닉 상태) → 블록 {view.block}의 시작 상태"
        anchor = "start" if view.start < S / 2 else "end"
        x = bx + (-6 if anchor == "end" else 6)
        svg.label(x, y_label + 26, callout, size=12, fill=COLORS["forward"], weight="bold", anchor=anchor)
        svg.line(bx, y_label + 33, bx, y_node - r - lift * 0.9, stroke=COLORS["forward"], width=1.2)
    return svg.render(fit=True)


def draw_gradients(view):
    """블록 k의 손실 L_k가 각 시각의 입력까지 보낸 기울기 ‖∂L_k/∂x_s‖: 전체 BPTT와 잘린 BPTT (로그 눈금)."""
    S = view.seq_len
    cell = (WIDTH - LEFT - 12) / S
    bar_h, gap, rows = 34, 18, [("전체 BPTT", view.grad_full), ("잘린 BPTT", view.grad_truncated)]
    svg = Svg(WIDTH, 26 + len(rows) * (bar_h + gap))
    top_value = max(float(view.grad_full.max()), FLOOR * 10)
    span = math.log10(top_value) - math.log10(FLOOR)
    svg.rich_text(
        LEFT,
        10,
        f"블록 {view.block}의 손실 L_{{{view.block}}}이 각 시각의 입력까지 보낸 기울기 "
        f"‖∂L_{{{view.block}}}/∂x_{{s}}‖ — 막대 높이는 로그 눈금 (10^{{-6}} ~ {top_value:.2g}), "
        "0은 정확히 0",
        anchor="start",
        size=12,
        fill=COLORS["muted"],
    )
    x_block = LEFT + cell * view.start
    for i, (label, grads) in enumerate(rows):
        base = 30 + i * (bar_h + gap) + bar_h
        svg.rect(x_block, base - bar_h, cell * (view.end - view.start), bar_h, fill="#fff6e0", stroke="none", rx=2)
        svg.text(8, base - bar_h / 2, label, anchor="start", size=12, weight="bold")
        svg.line(LEFT, base, WIDTH - 12, base, stroke=COLORS["grid"], width=1)
        for s, g in enumerate(grads):
            x = LEFT + cell * (s + 0.5)
            if g == 0:
                svg.text(x, base - 7, "0", size=10 if cell >= 12 else 8, fill=COLORS["muted"])
                continue
            height = max(2.0, bar_h * (math.log10(max(g, FLOOR)) - math.log10(FLOOR)) / span)
            svg.rect(x - cell * 0.3, base - height, cell * 0.6, height, fill=COLORS["backward"], stroke="none", rx=1)
            if cell >= 44:
                svg.text(x, base - height - 6, f"{g:.2g}", size=10, fill=COLORS["ink"])
        for j, (lo, _) in enumerate(view.bounds):
            if j > 0:
                bx = LEFT + cell * lo
                svg.line(bx, base - bar_h, bx, base + 4, stroke=COLORS["backward"], width=1, dash="2 3")
    return svg.render(fit=True)


def _card(title, body, accent, basis=240):
    return (
        f'<div style="flex:1 1 {basis}px;border:1px solid #ddd;border-top:4px solid {accent};border-radius:8px;'
        f'padding:4px 10px;margin:2px 8px 2px 0;font-size:12px;line-height:1.4">'
        f'<div style="font-weight:bold;margin-bottom:2px">{title}</div>{body}</div>'
    )


def _vector(values):
    return "[" + ", ".join(format_number(x) for x in values) + "]"


def _proof_card(view):
    k = view.block
    if view.carried_dh is None:
        body = (
            "블록 0은 첫 블록이라 앞 블록이 없습니다. 은닉 상태는 h<sub>-1</sub> = 0에서 시작합니다.<br>"
            "<b>다음 블록 ▶</b>을 눌러 블록 1로 가면, 블록 1의 손실이 블록 0의 마지막 시각에 보내는 기울기를 "
            "비교합니다."
        )
        return _card("증명: 블록 경계에서 기울기는 0이 됩니다", body, COLORS["backward"], basis=440)
    last = view.start - 1
    body = (
        f'<div style="font-size:15px;margin:0 0 2px 0">‖∂L<sub>{k}</sub>/∂h<sub>{last}</sub>‖ = '
        f'<b style="color:{COLORS["backward"]}">0</b> (잘린 BPTT) &nbsp;vs&nbsp; '
        f'<b style="color:{COLORS["forward"]}">{view.boundary_full:.4f}</b> (전체 BPTT)</div>'
        f"블록 {k}의 TimeRNN(stateful=True)은 시작 상태 h<sub>{last}</sub>의 기울기를 "
        f"<code>TimeRNN.dh</code> = {_vector(view.carried_dh)}(으)로 계산해 두지만, 잘린 BPTT는 이것을 "
        f"블록 {k - 1}에 넘기지 않습니다. 블록 {k - 1}의 역전파는 미래의 몫 dh<sup>미래</sup> = 0에서 시작합니다. "
        f"전체 BPTT는 이 값을 시각 0까지 계속 보냅니다 (위 막대의 블록 {k} 왼쪽)."
    )
    title = f"증명: 블록 {k}의 손실이 블록 {k - 1}의 마지막 시각 h<sub>{last}</sub>에 보내는 기울기"
    return _card(title, body, COLORS["backward"], basis=440)


def _forward_card(view):
    diff = float(abs(view.hs_blocks - view.hs_full).max())
    diff_text = "0 (완전히 같음)" if diff == 0 else f"{diff:.1e}"
    if view.block > 0:
        last = view.start - 1
        carried = (
            f"블록 {view.block}은(는) h<sub>{last}</sub> = {_vector(view.hs_blocks[last])}을(를) 이어받아 시작합니다. "
        )
    else:
        carried = "블록 0은 h<sub>-1</sub> = 0에서 시작합니다. "
    body = (
        f"{carried}블록마다 이어서 (stateful) 계산한 은닉 상태와 한 번에 계산한 것의 최대 차이: "
        f"<b>{diff_text}</b>. 순전파는 끊기지 않으므로 <b>데이터를 순서대로</b> 넣어야 합니다."
    )
    return _card("순전파는 블록을 넘어 이어집니다", body, COLORS["forward"])


def _memory_card(view):
    B, S, N, H = min(view.block_size, view.seq_len), view.seq_len, view.batch_size, view.hidden_size

    def bar(label, formula, count, color):
        width = 100 * count / view.memory_full
        return (
            f'<div style="margin:1px 0">{label}: {formula} = <b>{count}</b>개'
            f'<div style="background:{color};height:8px;width:{width:.1f}%;border-radius:3px"></div></div>'
        )

    body = (
        "역전파를 위해 기억해 두는 은닉 상태의 수 (N = 배치 크기)"
        + bar("잘린 BPTT", f"T·N·H = {B}·{N}·{H}", view.memory_truncated, COLORS["backward"])
        + bar("전체 BPTT", f"S·N·H = {S}·{N}·{H}", view.memory_full, COLORS["forward"])
    )
    return _card("메모리", body, "#9467bd")


class TruncationExplorer(Explorer):
    title = "잘린 BPTT 블록 탐색기"

    def __init__(self, seq_len=12, block_size=4, block=0, hidden_size=3, seed=0):
        style = {"description_width": "initial"}
        small = widgets.Layout(width="170px")
        self.seed = seed
        self.seq_len = widgets.IntText(value=seq_len, description="시퀀스 길이 S", style=style, layout=small)
        self.block_size = widgets.IntText(value=block_size, description="블록 길이 T", style=style, layout=small)
        self.hidden_size = widgets.IntText(value=hidden_size, description="은닉 H", style=style, layout=small)
        last = self._last_block()
        self.block = widgets.IntSlider(value=block, min=0, max=max(last or 0, block), description="블록 k", style=style)
        self.prev_button = widgets.Button(description="◀ 이전 블록", layout=widgets.Layout(width="100px"))
        self.next_button = widgets.Button(description="다음 블록 ▶", layout=widgets.Layout(width="100px"))
        self.prev_button.on_click(lambda _: self._move(-1))
        self.next_button.on_click(lambda _: self._move(+1))
        for control in (self.seq_len, self.block_size):
            control.observe(self._fit_block_range, names="value")
        controls = [self.prev_button, self.block, self.next_button, self.seq_len, self.block_size, self.hidden_size]
        super().__init__(controls)

    def _last_block(self):
        """지금 S, B에서 마지막 블록 번호. 값이 잘못되었으면 None (메시지는 compute가 낸다)."""
        S, B = self.seq_len.value, self.block_size.value
        return -(-S // B) - 1 if S > 0 and B > 0 else None  # 블록 수 ⌈S / B⌉ - 1 (S 가 아주 커도 목록을 만들지 않는다)

    def _fit_block_range(self, change):
        last = self._last_block()
        if last is not None:
            self.block.max = last

    def _move(self, step):
        self.block.value = min(max(self.block.value + step, self.block.min), self.block.max)

    def compute(self):
        return truncation_view(
            self.seq_len.value, self.block_size.value, self.block.value, self.hidden_size.value, self.seed
        )

    def draw(self, view):
        k = view.block
        header = (
            f'<div style="font-size:15px;margin:2px 0 4px 0"><b>블록 k = {k}</b> (블록 0 ~ {view.n_blocks - 1} 중) · '
            f"시각 {view.start} ~ {view.end - 1} · 시퀀스 길이 S = {view.seq_len}, 블록 길이 T = {view.block_size} · "
            f"L<sub>{k}</sub> = {view.loss:.3f}</div>"
            '<div style="font-size:13px;color:#555;margin-bottom:2px">'
            f'<span style="color:{COLORS["forward"]}">순전파(파랑)</span>는 블록 경계를 넘어 이어지고, '
            f'<span style="color:{COLORS["backward"]}">역전파(빨강)</span>는 블록 안에서만 흐르다가 경계(✕)에서 '
            "멈춥니다.</div>"
        )
        note = message_html(view.note, kind="info") if view.note else ""
        cards = f'<div style="display:flex;flex-wrap:wrap;max-width:{WIDTH}px">'
        cards += _proof_card(view) + _forward_card(view) + _memory_card(view) + "</div>"
        return header + note + draw_chain(view) + draw_gradients(view) + cards


def truncation_explorer(seq_len=12, block_size=4, block=0, hidden_size=3, seed=0):
    """잘린 BPTT 블록 탐색기를 만든다. block은 처음에 볼 블록 번호 (0부터)."""
    return TruncationExplorer(seq_len, block_size, block, hidden_size, seed)

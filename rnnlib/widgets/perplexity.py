"""퍼플렉서티 탐색기: 다음 단어 분포를 고치며 타깃의 확률, 교차 엔트로피 오차, 퍼플렉서티 (분기 수) 를 본다.

계산은 rnnlib.viz.perplexity 가 한다. 아래쪽은 여러 샘플의 퍼플렉서티 = exp(평균 손실).
"""

import math
from html import escape

import ipywidgets as widgets

from ..plotting.svg import COLORS, Svg
from ..viz.perplexity import prediction_view, samples_from_distribution, samples_from_list
from .common import Explorer

TOY_WORDS, TOY_PROBS = ("you", "say", "goodbye", "and", "hello"), (0.1, 0.05, 0.8, 0.03, 0.02)
SAMPLES = "0.8, 0.2, 0.9, 0.05"  # 여러 샘플 모드에서 타깃에 준 확률들
MODES = {"여러 샘플: 정답 확률 목록": "list", "여러 샘플: 분포에서 뽑기": "draw"}


def _fmt(x, digits=3):
    """무한대는 ∞, 아주 작은 확률은 지수 표기."""
    if math.isinf(x):
        return "∞"
    return f"{x:.2e}" if 0 < x < 10**-digits else f"{x:.{digits}f}"


def draw_distribution(view, width=360, height=170):
    """정규화한 분포의 막대. 타깃은 주황, 막대 아래에 입력한 값."""
    svg, base, slot = Svg(width, height), height - 40, (width - 20) / len(view.words)
    for k, (word, raw, p) in enumerate(zip(view.words, view.raw, view.probs)):
        x, bar = 10 + slot * k + slot * 0.18, (base - 26) * p
        is_target = k == view.target_index
        svg.rect(x, base - bar, slot * 0.64, bar, fill=COLORS["highlight"] if is_target else COLORS["forward"], rx=2)
        svg.text(x + slot * 0.32, base - bar - 10, f"{p:.2f}", size=12, weight="bold" if is_target else "normal")
        svg.text(x + slot * 0.32, base + 13, ("▶ " if is_target else "") + word, size=13, weight="bold" * is_target)
        svg.text(x + slot * 0.32, base + 29, f"입력 {raw:g}", size=11, fill=COLORS["muted"])
    svg.line(8, base, width - 8, base, stroke=COLORS["muted"])
    return svg.render()


def draw_gauge(value, uniform, width=400):
    """퍼플렉서티를 1 (확신) 부터의 로그 눈금 위에 표시한다. 균등 분포의 값 V도 함께."""
    top = max(uniform, value if math.isfinite(value) else 1, 2) * 1.5
    svg, x0, x1 = Svg(width, 72), 20, width - 30

    def x(val):
        return x0 + (x1 - x0) * math.log(min(val, top)) / math.log(top)

    svg.line(x0, 30, x1, 30, stroke=COLORS["grid"], width=6)
    for tick in [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= top]:
        svg.text(x(tick), 48, str(tick), size=10, fill=COLORS["muted"])
    svg.line(x(uniform), 22, x(uniform), 38, stroke=COLORS["muted"], width=2)
    svg.text(x(uniform), 63, f"균등 분포 (모든 단어 1/{uniform})", size=10, fill=COLORS["muted"])
    svg.circle(x(value), 30, 7, fill=COLORS["highlight"], stroke=COLORS["ink"])
    svg.text(x(value), 11, f"퍼플렉서티 {_fmt(value, 2)}", size=11, weight="bold")
    return svg.render()


def draw_samples(view, width=520, height=170):
    """샘플마다 1/p 막대 (로그 눈금: 막대 높이 = 교차 엔트로피 오차) 와 두 수평선.

    초록 실선 = 퍼플렉서티 exp(평균 손실) = 막대 높이의 평균, 빨강 점선 = 1/p 의 산술평균.
    """
    shown = view.target_probs[:60]
    svg, left, base = Svg(width, height), 40, height - 46
    top, slot = max(view.mean_inverse, 1 / shown.min(), 2) * 1.3, (width - left - 10) / len(shown)

    def y(value):
        return base - (base - 10) * math.log(value) / math.log(top)

    for tick in [t for t in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000) if t <= top]:
        svg.line(left - 3, y(tick), width - 8, y(tick), stroke="#f0f0f0", width=1)
        svg.text(left - 6, y(tick), str(tick), anchor="end", size=10, fill=COLORS["muted"])
    for k, p in enumerate(shown):
        x = left + slot * k
        svg.rect(x + 1, y(1 / p), max(slot - 2, 1), base - y(1 / p), fill="#c6dbef", stroke="none", rx=1)
        if slot >= 36:
            svg.text(x + slot / 2, base + 11, f"p={p:.3g}", size=11, fill=COLORS["muted"])
            svg.text(x + slot / 2, base + 25, f"1/p={1 / p:.3g}", size=11)
    label_y = base + 40
    for value, color, dash, label in [
        (view.perplexity, "#2ca02c", None, "퍼플렉서티"),
        (view.mean_inverse, COLORS["backward"], "5 3", "1/p의 평균"),
    ]:
        svg.line(left, y(value), width - 8, y(value), stroke=color, width=2, dash=dash)
        label_y = min(y(value), label_y - 13)  # 두 선이 가까우면 글자를 위로 비킨다
        svg.text(width - 10, label_y - 7, f"{label} {value:.2f}", anchor="end", size=11, fill=color, weight="bold")
    more = f", 앞 {len(shown)}개" if len(view.target_probs) > len(shown) else ""
    legend = f"막대: 샘플마다의 1/p (로그 눈금: 높이 ∝ −log p, 초록 선 = 높이의 평균{more})"
    svg.text(left, height - 6, legend, anchor="start", size=11, fill=COLORS["muted"])
    return svg.render(fit=True)


def _terms(values, limit=5):
    """'a + b + … + z' 처럼 앞의 몇 개만 보여 주는 합/곱의 항 (숫자는 소수 셋째 자리까지: 더하면 결과와 맞도록.
    0.001 보다 작은 확률은 0.000 이 아니라 지수 표기로)."""
    texts = [x if isinstance(x, str) else _fmt(x) for x in values]
    return texts if len(texts) <= limit else texts[: limit - 1] + ["…", texts[-1]]


class PerplexityExplorer(Explorer):
    title = "퍼플렉서티 탐색기"

    def __init__(self, words, probs, target, samples, mode, n, seed):
        if len(words) != len(probs):
            raise ValueError(f"단어 {len(words)}개에 확률 {len(probs)}개를 받았습니다. 개수를 맞춰 주세요.")
        small, style = widgets.Layout(width="130px"), {"description_width": "initial"}
        self.probs = [
            widgets.FloatText(value=p, step=0.05, description=w, style=style, layout=small)
            for w, p in zip(words, probs)
        ]
        self.target = widgets.Combobox(
            value=target,
            options=list(words),
            description="타깃",
            ensure_option=False,
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="200px"),
        )
        self.mode = widgets.ToggleButtons(
            options=list(MODES.items()),
            value=mode,
            style={"button_width": "170px"},
            layout=widgets.Layout(width="auto"),
        )
        self.samples = widgets.Text(
            value=samples,
            description="정답 확률들",
            continuous_update=False,
            style=style,
            layout=widgets.Layout(width="280px"),
        )
        self.n = widgets.IntText(value=n, description="샘플 수 n", style=style, layout=small)
        self.seed = widgets.IntText(value=seed, description="시드", style=style, layout=widgets.Layout(width="100px"))
        self.words = tuple(words)
        header = (
            "<b>모델이 다음 단어로 준 확률을 고치고 타깃(정답 단어)을 고르세요.</b> 합이 1이 아니면 나누어 맞춥니다."
        )
        super().__init__([*self.probs, self.target, self.mode, self.samples, self.n, self.seed], header=header)

    def compute(self):
        prediction = prediction_view(self.words, [c.value for c in self.probs], self.target.value)
        if self.mode.value == "list":
            return prediction, samples_from_list(self.samples.value)
        return prediction, samples_from_distribution(prediction, self.n.value, self.seed.value)

    def draw(self, view):
        one, many = view
        scaled = (
            "그대로 씁니다" if math.isclose(one.raw_sum, 1) else f"각 값을 {one.raw_sum:g}(으)로 나누어 정규화했습니다"
        )
        if one.p > 0:
            reading = f"분기 수로 읽기: 모델이 다음 단어 후보를 약 {_fmt(one.perplexity, 2)}개로 좁혔습니다."
        else:
            reading = "정답에 확률 0을 주면 오차도 퍼플렉서티도 무한대입니다 (그래서 softmax는 0을 내지 않습니다)."
        numbers = (
            f"<div style='font-size:14px;line-height:1.6'>타깃 <b>'{escape(one.target)}'</b>의 확률 "
            f"p = <b>{_fmt(one.p)}</b><br>"
            f"교차 엔트로피 오차 −log p = −log {_fmt(one.p)} = <b>{_fmt(one.loss)}</b><br>"
            f"퍼플렉서티 1/p = 1/{_fmt(one.p)} = "
            f"<b style='font-size:20px;color:#d97a00'>{_fmt(one.perplexity, 2)}</b></div>"
            f"<div style='color:#555;font-size:12px'>{reading} 퍼플렉서티가 1이면 확신하고 맞힌 것이고, 모든 단어에 "
            f"1/{one.uniform_perplexity}씩 주면 {one.uniform_perplexity}입니다.</div>"
            + draw_gauge(one.perplexity, one.uniform_perplexity)
        )
        top = (
            f"<div>입력값의 합 = {one.raw_sum:g} → {scaled}.</div>"
            "<div style='display:flex;flex-wrap:wrap;gap:4px 16px;align-items:flex-start'>"
            f"<div>{draw_distribution(one)}</div><div style='max-width:430px'>{numbers}</div></div>"
        )
        drawn = f"뽑힌 정답: {escape(', '.join(_terms(many.words, limit=12)))}<br>" if many.words else ""
        limit = (
            f" n이 커질수록 이 분포의 exp(엔트로피) = {many.entropy_perplexity:.2f}에 다가갑니다."
            if many.entropy_perplexity
            else ""
        )
        formulas = (
            f"{drawn}평균 교차 엔트로피 오차 L̄ = ({' + '.join(_terms(many.losses))}) / {len(many.losses)}"
            f" = {many.mean_loss:.3f}<br>퍼플렉서티 = exp(L̄) = <b>{many.perplexity:.3f}</b>"
            f" = ({' × '.join(_terms(many.target_probs))})<sup>−1/{len(many.losses)}</sup> = "
            f"{many.geometric_formula:.3f} (확률의 기하평균의 역수).{limit}<br>"
            f"<span style='color:{COLORS['backward']}'>비교: 1/p의 산술평균 = {many.mean_inverse:.3f}</span> — "
            "확률이 작은 샘플 하나에 크게 끌려가므로 퍼플렉서티로 쓰지 않습니다."
        )
        many_samples = (
            "<div style='display:flex;flex-wrap:wrap;gap:4px 16px;align-items:flex-start;margin-top:4px'>"
            "<div style='max-width:500px'><div style='font-weight:bold;font-size:14px'>여러 샘플의 퍼플렉서티</div>"
            f"{formulas}</div><div>{draw_samples(many)}</div></div>"
        )
        return top + many_samples


def perplexity_explorer(words=TOY_WORDS, probs=TOY_PROBS, target="goodbye", samples=SAMPLES, mode="list", n=20, seed=0):
    """퍼플렉서티 탐색기를 만든다. mode: 'list' (samples의 정답 확률들) 또는 'draw' (분포에서 n 개 뽑기)."""
    return PerplexityExplorer(words, probs, target, samples, mode, n, seed)

"""그리는 코드는 모두 여기에: matplotlib 그림 (한글 글꼴, Axes, 기울기 크기 그래프) 과 SVG 그리기 도구 (svg.py).

rnnlib.viz 는 무엇을 보여 줄지 계산만 하고, 그리는 일은 이 패키지와 rnnlib.widgets, rnnlib.figures 가 한다.

글꼴 파일은 pip 로 설치되는 koreanize-matplotlib 패키지 안의 NanumGothic 을 쓴다.
그 패키지를 import 하지 않고 (import 할 때 전역 설정을 바꾸므로) 파일만 등록한다.
"""

import importlib.util
from pathlib import Path

FONT_FAMILY = "NanumGothic"


def font_files():
    """NanumGothic TTF 파일 경로 목록."""
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(
            "한글 글꼴이 든 koreanize-matplotlib 패키지가 없습니다. "
            "`make lab`이나 `pip install -e .`로 rnnlib을 설치해 주세요."
        )
    return sorted(Path(spec.submodule_search_locations[0], "fonts").glob("*.ttf"))


def use_korean_font():
    """matplotlib에 NanumGothic을 등록하고 기본 글꼴로 쓴다. 여러 번 불러도 된다."""
    import matplotlib as mpl
    from matplotlib import font_manager

    known = {entry.fname for entry in font_manager.fontManager.ttflist}
    for path in font_files():
        if str(path) not in known:
            font_manager.fontManager.addfont(str(path))
    mpl.rcParams["font.family"] = FONT_FAMILY
    mpl.rcParams["axes.unicode_minus"] = False  # NanumGothic 에는 U+2212 (−) 글리프가 없다


def new_axes(figsize=(6, 4)):
    """한글 글꼴을 켠 새 그림의 Axes."""
    import matplotlib.pyplot as plt

    use_korean_font()
    _, ax = plt.subplots(figsize=figsize)
    return ax


def plot_gradient_norms(flow, ax=None):
    """rnnlib.viz.gradient_flow.GradientFlow 를 로그 눈금 그래프로 그린다. Axes 를 돌려준다.

    가로: 시각 k, 세로: h_k 에 도착한 기울기의 크기. 배율마다 선 하나.
    """
    import numpy as np
    from matplotlib.ticker import FuncFormatter

    ax = ax or new_axes(figsize=(7, 4))
    ks = np.arange(flow.T)
    colors = ["#1f77b4", "#2ca02c", "#ff7f0e", "#d62728", "#9467bd", "#8c564b"]
    for i, scale in enumerate(flow.scales):
        ax.semilogy(
            ks, flow.norms[i], marker="o", markersize=3, color=colors[i % len(colors)], label=f"W_h 배율 {scale:g}"
        )
    ax.axhline(1.0, color="#888888", linewidth=1, linestyle="--")
    # 눈금 글은 1e-19 꼴 (한글 글꼴에 없는 수학 빼기 기호 대신 보통 하이픈, NumPy 출력과 같은 모양)
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: f"1e{round(np.log10(y)):d}"))
    ax.set_xlabel(f"시각 k (기울기는 오른쪽 끝 k = {flow.T - 1}에서 출발해 왼쪽으로 흐릅니다)")
    ax.set_ylabel("h_k에 도착한 기울기의 크기 (로그 눈금)")
    ax.set_title("시간을 거슬러 갈수록 기울기가 사라지거나 폭발합니다")
    ax.legend(loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    return ax

"""그림에 한글이 네모로 깨지지 않게 하는 글꼴 설정과 Axes 만들기.

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
            "`make lab` 이나 `pip install -e .` 로 rnnlib 을 설치해 주세요."
        )
    return sorted(Path(spec.submodule_search_locations[0], "fonts").glob("*.ttf"))


def use_korean_font():
    """matplotlib 에 NanumGothic 을 등록하고 기본 글꼴로 쓴다. 여러 번 불러도 된다."""
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

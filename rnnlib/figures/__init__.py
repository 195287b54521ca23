"""images_equations/ 의 그림을 만드는 코드. `python -m rnnlib.figures` 가 모두 다시 만든다.

그림 하나는 @figure("5-2_unrolled.svg") 를 붙인 함수 하나다. 함수는 저장할 경로를 받아
그 파일을 쓴다. 절마다 모듈 하나 (ch5_1.py, ch5_2.py, ...) 에 모은다. ch 로 시작하는 모듈은 저절로 읽힌다.
matplotlib 그림은 save_matplotlib 으로 저장한다 (한글 글꼴, 같은 입력이면 같은 바이트).
"""

import importlib
import pkgutil
from pathlib import Path

FIGURES = {}


def figure(filename):
    """그림 함수를 filename으로 등록하는 데코레이터."""

    def register(function):
        if filename in FIGURES:
            raise ValueError(f"그림 이름 {filename}이(가) 두 번 등록되었습니다.")
        FIGURES[filename] = function
        return function

    return register


def load_all():
    """ch로 시작하는 모든 모듈을 import 해서 FIGURES를 채우고 돌려준다."""
    for module in pkgutil.iter_modules(__path__):
        if module.name.startswith("ch"):
            importlib.import_module(f"{__name__}.{module.name}")
    return FIGURES


def default_folder():
    return Path(__file__).resolve().parents[2] / "images_equations"


def save_matplotlib(fig, path):
    """matplotlib 그림을 path에 저장한다. SVG는 날짜와 무작위 id 없이 저장해 다시 만들어도 같다."""
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    path = Path(path)
    with mpl.rc_context({"svg.hashsalt": "rnnlib", "svg.fonttype": "path"}):
        metadata = {"Date": None} if path.suffix == ".svg" else {"Software": None}
        fig.savefig(path, bbox_inches="tight", metadata=metadata, dpi=150)
    plt.close(fig)


def generate_all(folder=None, names=None):
    """등록된 그림을 folder (기본: 저장소의 images_equations/)에 만들고 만든 경로 목록을 돌려준다."""
    folder = Path(folder) if folder else default_folder()
    folder.mkdir(parents=True, exist_ok=True)
    figures = load_all()
    unknown = set(names or ()) - set(figures)
    if unknown:
        raise ValueError(f"등록되지 않은 그림입니다: {sorted(unknown)}. 있는 그림: {sorted(figures)}")
    written = []
    for filename, function in sorted(figures.items()):
        if names and filename not in names:
            continue
        function(folder / filename)
        written.append(folder / filename)
    return written

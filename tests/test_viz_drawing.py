"""그리는 층 (rnnlib.plotting, 위젯의 카드, images_equations/ 의 그림) 에 관한 사실.

- rnnlib.viz 는 계산만 한다: 그리는 코드 (SVG, matplotlib) 는 rnnlib.plotting 에 있다.
- 그림과 위젯은 밝은 카드 위에 그려서 JupyterLab 의 어두운 테마에서도 읽힌다.
- 위젯과 그림의 기울기 이름은 CONTRIBUTING.md 의 표기를 따른다 (dh^위, dh^미래, dh_future).
"""

import ast
import re
from pathlib import Path

import pytest

from rnnlib import figures
from rnnlib.plotting.svg import CARD, Svg, rich_markup
from rnnlib.widgets.context import context_window_explorer
from rnnlib.widgets.gates import lstm_gate_explorer
from rnnlib.widgets.offsets import offset_explorer
from rnnlib.widgets.perplexity import perplexity_explorer
from rnnlib.widgets.shapes import shape_explorer
from rnnlib.widgets.stepper import rnn_stepper
from rnnlib.widgets.truncation import truncation_explorer

ROOT = Path(__file__).resolve().parents[1]
WIDGETS = {
    "context": lambda: context_window_explorer(window=10),
    "stepper": lambda: rnn_stepper(T=4, hidden_size=3, stage=5),
    "truncation": lambda: truncation_explorer(seq_len=12, block_size=4, block=1),
    "offsets": lambda: offset_explorer("toy", batch_size=2, time_size=3, iteration=1),
    "shapes": lambda: shape_explorer(),
    "perplexity": lambda: perplexity_explorer(),
    "gates": lambda: lstm_gate_explorer(),
}


def test_viz_imports_nothing_that_draws():
    """viz의 모듈은 matplotlib, ipywidgets, rnnlib.plotting을 import 하지 않는다 (계산만)."""
    for path in (ROOT / "rnnlib" / "viz").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names += [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):  # from ..plotting import svg, from .. import plotting
                names += [f"{node.module or ''}.{alias.name}" for alias in node.names]
        drawing = [name for name in names if {"matplotlib", "ipywidgets", "plotting"} & set(name.split("."))]
        assert drawing == [], f"{path.name}이 그리는 모듈을 import 합니다: {drawing}"


def test_svg_paints_a_light_card_first_and_labels_get_a_halo_of_that_colour():
    svg = Svg(100, 40)
    svg.label(10, 20, "h_{t}")
    text = svg.render()
    card = text.index(f'<rect width="100" height="40" rx="6" fill="{CARD}"/>')
    assert card < text.index("<text") and f'stroke="{CARD}"' in text
    assert "<rect" not in Svg(100, 40, background=None).render()


def test_svg_save_writes_a_shrinkable_figure(tmp_path):
    Svg(100, 40).save(tmp_path / "f.svg")
    text = (tmp_path / "f.svg").read_text(encoding="utf-8")
    assert text.endswith("</svg>\n") and "max-width:100%" in text


def test_rich_markup_writes_sub_and_superscripts_for_svg_and_html():
    assert rich_markup("dh_{2}^{위}") == (
        'dh<tspan baseline-shift="sub" font-size="72%">2</tspan>'
        '<tspan baseline-shift="super" font-size="72%">위</tspan>'
    )
    assert rich_markup("h_{t-1} < x", html=True) == 'h<sub style="line-height:0">t-1</sub> &lt; x'


@pytest.mark.parametrize("name", sorted(figures.load_all()))
def test_every_figure_has_a_light_card_behind_it_so_it_reads_in_the_dark_theme(name):
    text = (ROOT / "images_equations" / name).read_text(encoding="utf-8")
    body = text[text.index("</defs>") + len("</defs>") :]
    assert re.match(r'<rect width="\d+" height="\d+" rx="6" fill="white"/>', body), name


@pytest.mark.parametrize("name", sorted(figures.load_all()))
def test_figures_follow_the_notation(name):
    """미래에서 온 몫은 dh^미래 (dh_next는 한 시각 계층의 backward 인자일 때만), 시각은 0부터, 책에 기대지 않는다."""
    text = (ROOT / "images_equations" / name).read_text(encoding="utf-8")
    assert "교재" not in text
    if "dh" in text and "next" in text:
        assert name == "5-3_rnn_graph_backward.svg", f"{name}: dh_next 대신 dh^미래"
    indexes = {int(i) for i in re.findall(r'\b[hwx]<tspan baseline-shift="sub" font-size="72%">(\d+)</tspan>', text)}
    if name.startswith("5-1"):  # 5.1 의 그림은 문장을 처음부터 보여 준다: 첫 시각은 0
        assert not indexes or min(indexes) == 0, f"{name}: 시각이 {min(indexes)} 부터입니다"


@pytest.mark.parametrize("name", list(WIDGETS))
def test_every_widget_draws_on_a_light_card_in_its_static_rendering_too(name):
    widget = WIDGETS[name]()
    html = widget._repr_mimebundle_()["text/html"]
    assert html.startswith('<div class="rnnlib-card"')
    assert "background:#ffffff;color:#222222" in html


def test_widget_error_messages_sit_on_the_light_card():
    stepper = rnn_stepper()
    stepper.T.value = 0
    assert stepper.area.value.startswith('<div class="rnnlib-card"') and "입력값을 확인해 주세요" in stepper.area.value


def test_stepper_first_view_has_a_key_for_what_later_notebooks_teach():
    """5.2가 단계 6에서 여는 보기: Affine·Softmax, p, L, dt, ×1/T를 한 줄 범례로 설명한다 (정적 렌더링에도)."""
    html = rnn_stepper(T=4, hidden_size=3, stage=5)._repr_mimebundle_()["text/html"]
    key = re.search(r"범례 ·(.*?)</div>", html).group(1)
    for symbol in ("Affine·Softmax", "<b>p</b>", "<b>L</b>", "<b>dt</b>", "×1/4"):
        assert symbol in key
    assert "5.4" in key


def test_stepper_names_the_gradients_as_contributing_md_does():
    html = rnn_stepper(T=4, hidden_size=3, stage=5).area.value  # 역전파, 시각 2
    assert "next" not in html
    for name in ("dh_{2}^{위}", "dh_{2}^{미래}", "dh_{1}^{미래}", "dh_{2}"):  # 위, 미래, 시각 1 로 가는 몫, 합
        assert rich_markup(name) in html


def test_shape_explorer_writes_dh_t_as_the_part_from_above_plus_the_future_part():
    html = shape_explorer().area.value
    assert "dhs[:, t] + dh_future" in html and "dh_next" not in html
    assert "매개변수 수" in html and "파라미터" not in html

"""모든 위젯이 함께 쓰는 틀: 조작 → 순수 함수 → 그리기, 잘못된 값은 한국어 메시지로.

Explorer 를 상속한 위젯은 compute() (rnnlib.viz 의 순수 함수를 부른다) 와
draw(view) (HTML/SVG 문자열) 만 정의한다. 조작 값이 바뀔 때마다 둘을 다시 부른다.
커널 없이 노트북을 보는 사람 (GitHub, nbviewer, PDF) 을 위해 출력에는 첫 상태의 정적
렌더링 (text/html) 도 함께 담긴다. 커널이 있는 JupyterLab 에서는 위젯이 대신 보인다.

그림 영역은 밝은 카드 (흰 바탕, 진한 글자) 안에 그린다: JupyterLab 의 어두운 테마에서도 그림 속 글자와 표가
읽히고, 밝은 테마와 오프라인 덱에서는 흰 바탕 위의 흰 카드라 보이지 않는다. 조작 위젯은 테마를 따른다.
모든 위젯은 발표 화면 (1280×720, JupyterLab 안의 발표) 에 코드 셀과 함께 들어가도록 그린다.
"""

from html import escape

import ipywidgets as widgets

from ..plotting.svg import COLORS

USER_ERRORS = (ValueError, TypeError, FloatingPointError)
CARD_STYLE = (  # 바탕은 그림의 CARD (흰색) 와 같다
    f"background:#ffffff;color:{COLORS['ink']};color-scheme:light;border-radius:6px;padding:4px 8px;"
    "font-size:13px;line-height:1.45;white-space:normal"
)


def card_html(content):
    """그림 영역의 밝은 카드. 어떤 테마에서도 안의 진한 글자가 흰 바탕 위에 있다."""
    return f'<div class="rnnlib-card" style="{CARD_STYLE}">{content}</div>'


def message_html(message, kind="error"):
    """위젯 안에 보여 줄 알림 상자 (kind: 'error' 또는 'info')."""
    if kind == "error":
        background, border = COLORS["warn"], COLORS["backward"]
    else:
        background, border = COLORS["soft"], COLORS["forward"]
    title = "입력값을 확인해 주세요" if kind == "error" else "알림"
    return (
        f'<div class="rnnlib-message rnnlib-{kind}" style="background:{background};'
        f"border-left:4px solid {border};padding:8px 12px;margin:4px 0;"
        f'font-size:14px;line-height:1.5"><b>{title}</b><br>{escape(str(message))}</div>'
    )


class Explorer(widgets.VBox):
    """조작 위젯 (controls)과 그림 영역 (area)으로 이루어진 위젯의 바탕 클래스."""

    title = ""  # 정적 렌더링과 text/plain 에 쓰는 위젯 이름

    def __init__(self, controls, header=None):
        self.controls = controls
        self.area = widgets.HTML(layout=widgets.Layout(overflow="auto"))
        for control in controls:
            # Play 는 슬라이더와 jslink 로 묶여 있어 슬라이더의 변화만 보면 된다 (두 번 그리지 않도록)
            if hasattr(control, "value") and not isinstance(control, widgets.Play):
                control.observe(self.refresh, names="value")
        top = [widgets.HTML(header)] if header else []
        super().__init__(top + [widgets.HBox(controls, layout=widgets.Layout(flex_flow="row wrap")), self.area])
        self.refresh()

    def compute(self):
        """조작 값으로 순수 함수를 불러 보여 줄 내용을 돌려준다. 잘못된 값이면 ValueError 등."""
        raise NotImplementedError

    def draw(self, view):
        """compute()의 결과를 HTML/SVG 문자열로 그린다."""
        raise NotImplementedError

    def render(self):
        """지금 상태의 HTML. 잘못된 값이면 그 이유를 말하는 알림 상자."""
        try:
            view = self.compute()
        except USER_ERRORS as error:
            return card_html(message_html(error))
        return card_html(self.draw(view))  # 그리기의 오류는 버그이므로 알림 상자로 감추지 않는다

    def refresh(self, change=None):
        self.area.value = self.render()

    def _repr_mimebundle_(self, **kwargs):
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self.title} (커널에서 실행하면 조작할 수 있습니다)"
        bundle["text/html"] = self.area.value
        return bundle

"""위젯 그림을 SVG 문자열로 직접 그리는 작은 도구.

matplotlib 으로 다시 그리는 것보다 빠르고 (조작 한 번에 수 ms) 확대해도 선명하다.
글꼴은 NanumGothic 을 먼저 찾고, 없으면 브라우저의 sans-serif 를 쓴다.
"""

from html import escape

FONT = "NanumGothic, 'Nanum Gothic', 'Malgun Gothic', 'Apple SD Gothic Neo', sans-serif"
COLORS = {
    "ink": "#222222",
    "muted": "#888888",
    "grid": "#dddddd",
    "forward": "#1f77b4",  # 순전파: 파랑
    "backward": "#d62728",  # 역전파: 빨강
    "highlight": "#ffbf47",  # 지금 보고 있는 곳
    "soft": "#eef4fb",
    "warn": "#fdecea",
}


class Svg:
    """도형을 차례로 쌓고 render() 로 <svg> 문자열을 만든다. 좌표의 단위는 px."""

    def __init__(self, width, height):
        self.width, self.height = width, height
        self.items = []
        self.arrow_colors = set()  # 화살촉 marker 를 만들 색

    def rect(self, x, y, w, h, fill="none", stroke=COLORS["ink"], stroke_width=1.2, rx=4, opacity=1.0):
        self.items.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{stroke_width}" opacity="{opacity}"/>'
        )

    def text(self, x, y, content, size=13, anchor="middle", fill=COLORS["ink"], weight="normal"):
        self.items.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'dominant-baseline="middle" fill="{fill}" font-weight="{weight}">{escape(str(content))}</text>'
        )

    def line(self, x1, y1, x2, y2, stroke=COLORS["ink"], width=1.5, arrow=False, dash=None):
        marker = ""
        if arrow:
            self.arrow_colors.add(stroke.lstrip("#"))
            marker = f' marker-end="url(#arrow-{stroke.lstrip("#")})"'
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.items.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" stroke="{stroke}" '
            f'stroke-width="{width}"{dashes}{marker}/>'
        )

    def render(self):
        markers = "".join(
            f'<marker id="arrow-{c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#{c}"/></marker>'
            for c in sorted(self.arrow_colors)
        )
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT}">'
            f"<defs>{markers}</defs>{''.join(self.items)}</svg>"
        )

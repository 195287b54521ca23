"""위젯과 그림 (images_equations/) 을 SVG 문자열로 직접 그리는 작은 도구.

matplotlib 으로 다시 그리는 것보다 빠르고 (조작 한 번에 수 ms) 확대해도 선명하다.
글꼴은 NanumGothic 을 먼저 찾고, 없으면 브라우저의 sans-serif 를 쓴다.
그림마다 밝은 바탕 (CARD) 을 깔아, JupyterLab 의 어두운 테마에서도 진한 글자와 선이 밝은 카드 위에 읽힌다
(밝은 테마와 오프라인 덱에서는 흰 바탕 위의 흰 카드라 보이지 않는다).
"""

import re
from html import escape
from pathlib import Path

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
CARD = "white"  # 그림의 바탕색: 어떤 테마에서도 밝다


def format_number(value, digits=3):
    """수를 소수점 아래 digits 자리로: 음수는 진짜 빼기 기호 (−), '-0.000'은 '0.000'."""
    text = f"{float(value):.{digits}f}"
    if float(text) == 0:
        text = text.lstrip("-")
    return text.replace("-", "−")


def rich_markup(content, html=False):
    """'h_{t-1}' → 아래 첨자, 'h^{2}' → 위 첨자가 든 글 (나머지는 escape).

    SVG 의 <text> 안에 넣을 tspan 으로, html 이면 HTML 의 <sub>, <sup> 으로.
    """
    parts = re.split(r"([_^])\{([^}]*)\}", str(content))
    out = [escape(parts[0])]
    for i in range(1, len(parts), 3):
        script = escape(parts[i + 1])
        if html:  # line-height 0: 첨자가 줄 높이를 키우지 않도록
            tag = "sub" if parts[i] == "_" else "sup"
            out.append(f'<{tag} style="line-height:0">{script}</{tag}>')
        else:
            shift = "sub" if parts[i] == "_" else "super"
            out.append(f'<tspan baseline-shift="{shift}" font-size="72%">{script}</tspan>')
        out.append(escape(parts[i + 2]))
    return "".join(out)


class Svg:
    """도형을 차례로 쌓고 render()로 <svg> 문자열을 만든다. 좌표의 단위는 px."""

    def __init__(self, width, height, background=CARD):
        self.width, self.height = width, height
        self.background = background
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

    def circle(self, cx, cy, r, fill="none", stroke=COLORS["ink"], stroke_width=1.2):
        self.items.append(
            f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="{r:.1f}" fill="{fill}" stroke="{stroke}" '
            f'stroke-width="{stroke_width}"/>'
        )

    def polyline(self, points, stroke=COLORS["ink"], width=1.5, dash=None):
        """점 (x, y) 들을 차례로 잇는 꺾은선."""
        coords = " ".join(f"{x:.1f},{y:.1f}" for x, y in points)
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.items.append(
            f'<polyline points="{coords}" fill="none" stroke="{stroke}" stroke-width="{width}" '
            f'stroke-linejoin="round"{dashes}/>'
        )

    def path(self, d, stroke=COLORS["ink"], width=1.5, arrow=False, dash=None, fill="none"):
        """SVG path의 d 문자열 그대로 (곡선 화살표 등). arrow 면 끝에 화살촉."""
        marker = ""
        if arrow:
            self.arrow_colors.add(stroke.lstrip("#"))
            marker = f' marker-end="url(#arrow-{stroke.lstrip("#")})"'
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.items.append(f'<path d="{d}" fill="{fill}" stroke="{stroke}" stroke-width="{width}"{dashes}{marker}/>')

    def rich_text(self, x, y, content, size=13, anchor="middle", fill=COLORS["ink"], weight="normal", halo=None):
        """text 와 같지만 'h_{t-1}' 은 아래 첨자, 'h^{2}' 는 위 첨자로 그린다.

        halo 에 색을 주면 글자 둘레를 그 색으로 감싸 밑의 선 위에서도 읽히게 한다.
        """
        outline = f' stroke="{halo}" stroke-width="4" paint-order="stroke"' if halo else ""
        self.items.append(
            f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" text-anchor="{anchor}" '
            f'dominant-baseline="middle" fill="{fill}" font-weight="{weight}"{outline}>{rich_markup(content)}</text>'
        )

    def label(self, x, y, content, size=13, anchor="middle", fill=COLORS["ink"], weight="normal"):
        """선 위에서도 읽히도록 바탕색 테두리를 두른 rich_text."""
        self.rich_text(x, y, content, size=size, anchor=anchor, fill=fill, weight=weight, halo=self.background or CARD)

    def box(
        self,
        x,
        y,
        w,
        h,
        lines=(),
        fill="white",
        stroke=COLORS["ink"],
        stroke_width=1.2,
        rx=6,
        size=12,
        text_fill=COLORS["ink"],
        dash=None,
        bold_first=False,
    ):
        """둥근 모서리 상자와 그 가운데에 줄마다 놓은 글 (lines는 rich_text 형식)."""
        dashes = f' stroke-dasharray="{dash}"' if dash else ""
        self.items.append(
            f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="{rx}" fill="{fill}" '
            f'stroke="{stroke}" stroke-width="{stroke_width}"{dashes}/>'
        )
        step = size * 1.35
        top = y + h / 2 - step * (len(lines) - 1) / 2
        for i, line in enumerate(lines):
            weight = "bold" if bold_first and i == 0 else "normal"
            self.rich_text(x + w / 2, top + i * step, line, size=size, fill=text_fill, weight=weight)

    def matrix(
        self,
        x,
        y,
        values,
        cell_w=54,
        cell_h=18,
        size=12,
        digits=3,
        row_labels=None,
        highlight=None,
        highlight_fill="#fff3d6",
        fill=COLORS["ink"],
    ):
        """수의 벡터 (열,) 나 행렬 (행, 열) 을 대괄호 안의 격자로 그린다. (x, y) 는 왼쪽 위.

        row_labels 를 주면 괄호 왼쪽에 행 이름을 쓴다. highlight 는 values 와 같은 모양의 bool 배열로,
        참인 칸의 배경을 칠한다. 그린 영역의 (너비, 높이) 를 돌려준다 (행 이름 자리 포함).
        """
        rows = [list(values)] if getattr(values, "ndim", 1) == 1 else [list(row) for row in values]
        marks = None
        if highlight is not None:
            marks = [list(highlight)] if getattr(highlight, "ndim", 1) == 1 else [list(row) for row in highlight]
        label_w = 0
        if row_labels is not None:
            label_w = max(len(str(label)) for label in row_labels) * size * 0.62 + 8
            for i, label in enumerate(row_labels):
                self.text(
                    x + label_w - 6, y + (i + 0.5) * cell_h, label, size=size - 1, anchor="end", fill=COLORS["muted"]
                )
        left = x + label_w
        width, height = cell_w * len(rows[0]) + 8, cell_h * len(rows)
        for i, row in enumerate(rows):
            for j, value in enumerate(row):
                cx, cy = left + 4 + j * cell_w, y + i * cell_h
                if marks is not None and marks[i][j]:
                    self.items.append(
                        f'<rect x="{cx:.1f}" y="{cy + 1:.1f}" width="{cell_w:.1f}" height="{cell_h - 2:.1f}" '
                        f'fill="{highlight_fill}" stroke="none"/>'
                    )
                self.text(
                    cx + cell_w - 6, cy + cell_h / 2, format_number(value, digits), size=size, anchor="end", fill=fill
                )
        for side, sign in ((left, 1), (left + width, -1)):
            self._bracket(side + 5 * sign, y, side, height)
        return label_w + width, height

    def _bracket(self, tip_x, y, side, height):
        """matrix의 대괄호 한쪽: 위아래로 짧은 가로선이 달린 세로선."""
        self.items.append(
            f'<path d="M{tip_x:.1f},{y:.1f} L{side:.1f},{y:.1f} L{side:.1f},{y + height:.1f} '
            f'L{tip_x:.1f},{y + height:.1f}" fill="none" stroke="{COLORS["ink"]}" stroke-width="1.2"/>'
        )

    def render(self, fit=False):
        """<svg> 문자열. fit 이면 출력 칸이 좁을 때 비율을 지키며 줄어든다 (넓으면 원래 크기)."""
        markers = "".join(
            f'<marker id="arrow-{c}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" '
            f'orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#{c}"/></marker>'
            for c in sorted(self.arrow_colors)
        )
        shrink = ' style="max-width:100%;height:auto;display:block"' if fit else ""
        card = ""
        if self.background:
            card = f'<rect width="{self.width}" height="{self.height}" rx="6" fill="{self.background}"/>'
        return (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}" font-family="{FONT}"{shrink}>'
            f"<defs>{markers}</defs>{card}{''.join(self.items)}</svg>"
        )

    def save(self, path):
        """그림 파일로 저장한다 (images_equations/ 의 SVG). 출력 칸이 좁으면 비율을 지키며 줄어든다."""
        Path(path).write_text(self.render(fit=True) + "\n", encoding="utf-8")

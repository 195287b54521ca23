"""make slides 의 덱에 관한 사실: 노트북마다 덱이 생기고, 인터넷에서 읽는 것이 없고, 읽는 파일은 모두 덱 옆에 있다.

make slides 와 같은 스크립트 (slides/build.py) 를 임시 폴더에 대고 한 번 돌린다. 브라우저에서 여는 확인은
tests/browser/test_slides.py.
"""

import json
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("5-*.ipynb"))
IMAGE = re.compile(r"\]\(\.\./images_equations/([^)\s]+)\)")

# 브라우저가 무언가를 읽어 오는 자리: src/href 속성, CSS 의 url() 과 @import, JS 의 import
ATTRIBUTE = re.compile(r"""\b(?:src|href)\s*=\s*["']([^"']*)["']""")
CSS_URL = re.compile(r"""url\(\s*["']?([^"')]+)["']?\s*\)""")
REMOTE = re.compile(r"^(?:https?:)?//", re.I)
CDN_HOSTS = ("unpkg.com", "cdnjs.cloudflare.com", "cdn.jsdelivr.net", "fonts.googleapis.com", "code.jquery.com")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    out = tmp_path_factory.mktemp("slides")
    subprocess.run([sys.executable, str(ROOT / "slides" / "build.py"), "--out", str(out)], check=True, cwd=ROOT)
    return out


def deck(out, notebook):
    return (out / f"{notebook.stem}.slides.html").read_text(encoding="utf-8")


class Sections(HTMLParser):
    """<section> 의 중첩을 따라가며, 안에 section 이 없는 것 (화면 한 장) 을 센다."""

    def __init__(self):
        super().__init__()
        self.stack, self.leaves = [], 0

    def handle_starttag(self, tag, attrs):
        if tag == "section":
            if self.stack:
                self.stack[-1] = True  # 바깥 section 은 화면이 아니라 묶음
            self.stack.append(False)

    def handle_endtag(self, tag):
        if tag == "section":
            self.leaves += not self.stack.pop()


def test_every_notebook_gets_a_deck_and_the_index_links_them_all(out):
    index = (out / "index.html").read_text(encoding="utf-8")
    for notebook in NOTEBOOKS:
        assert (out / f"{notebook.stem}.slides.html").is_file(), notebook.name
        assert f'href="{notebook.stem}.slides.html"' in index


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_has_one_screen_per_slide_and_subslide_cell(out, notebook):
    parser = Sections()
    parser.feed(deck(out, notebook))
    recorded = {d["notebook"]: d["slides"] for d in json.loads((out / "decks.json").read_text(encoding="utf-8"))}
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    kinds = [c["metadata"].get("slideshow", {}).get("slide_type") for c in cells]
    shown = [kind for kind in kinds if kind not in ("skip", "notes")]
    expected = 1 + sum(kind in ("slide", "subslide") for kind in shown[1:])
    assert parser.leaves == recorded[notebook.name] == expected


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_deck_loads_nothing_from_the_internet(out, notebook):
    html = deck(out, notebook)
    remote = [u for u in ATTRIBUTE.findall(html) + CSS_URL.findall(html) if REMOTE.match(u)]
    # 링크 (<a href>) 는 읽어 오지 않으므로 괜찮다: 노트북 본문의 참고 링크
    links = set(re.findall(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", html))
    assert [u for u in remote if u not in links] == []
    assert not re.search(r"""@import\s+(?:url\()?["']?(?:https?:)?//""", html)
    assert not re.search(r"""\bimport\b[^;]*from\s*["'](?:https?:)?//""", html)
    assert [host for host in CDN_HOSTS if host in html] == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_file_the_deck_reads_is_next_to_it(out, notebook):
    html = deck(out, notebook)
    links = set(re.findall(r"""<a\b[^>]*\bhref\s*=\s*["']([^"']*)["']""", html))
    local = {
        u.split("?")[0].split("#")[0]
        for u in ATTRIBUTE.findall(html)
        if u not in links and not u.startswith(("data:", "#")) and not REMOTE.match(u)
    }
    assert local, "덱이 아무 파일도 읽지 않습니다 (reveal.js, MathJax 가 빠졌나요?)"
    assert {"reveal.js/dist/reveal.js", "mathjax/tex-chtml-full.js", "custom.css"} <= local
    assert [u for u in local if not (out / u).is_file()] == []
    css = (out / "custom.css").read_text(encoding="utf-8")
    assert [u for u in CSS_URL.findall(css) if not (out / u).is_file()] == []


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_are_inside_the_deck_and_widgets_show_their_static_rendering(out, notebook):
    html = deck(out, notebook)
    text = notebook.read_text(encoding="utf-8")
    assert "../images_equations/" not in html
    svgs = {name for name in IMAGE.findall(text) if name.endswith(".svg")}
    assert html.count('<span class="slide-figure') >= len(svgs)
    assert "application/vnd.jupyter.widget" not in html  # 위젯 상태가 없으면 nbconvert 는 text/html 을 쓴다
    assert "jupyter-widgets" not in html


def test_korean_font_is_a_web_font_with_hangul_that_chromium_accepts(out):
    from fontTools.ttLib import TTFont

    for name in ("NanumGothic", "NanumGothicBold"):
        font = TTFont(out / "fonts" / f"{name}.woff")
        assert font.flavor == "woff"
        assert not [tag for tag in font.keys() if tag.startswith("TSI")]  # 빈 TSI 표가 있으면 Chromium 이 거부한다
        assert ord("가") in font.getBestCmap() and ord("힣") in font.getBestCmap()

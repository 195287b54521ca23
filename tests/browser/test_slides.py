"""make slides 의 오프라인 덱을 진짜 브라우저에서: 인터넷 없이 열리고, 덱 옆의 한글 글꼴로 그린다.

JupyterLab 안의 라이브 발표 (위젯이 살아 있는 덱) 는 tests/browser/test_deck.py.

덱: make slides 와 같은 스크립트로 임시 폴더에 만들고, file:// 과 localhost 밖으로 나가는 요청은 모두 막은
Chromium 으로 연다. 그 Chromium 에는 시스템의 한글 글꼴을 모두 빼 두었다 (fontconfig 로 lang=ko 글꼴 거부):
한글이 제대로 그려지면 그것은 덱 옆의 NanumGothic 덕분이다. 어떤 글꼴로 그렸는지는 DevTools 프로토콜
(CSS.getPlatformFontsForNode) 로 묻는다. 덱마다 제목, 수식, 한글이 든 그림 슬라이드를 찍는다.
스크린숏: build/screens/slides/ (열어서 눈으로 확인한다)
"""

import os
import re

import pytest
from labtools import CHROMIUM, CHROMIUM_ARGS, ROOT, SCREEN, SCREENS, build_decks, open_offline_deck

pytestmark = pytest.mark.browser

NOTEBOOKS = sorted((ROOT / "notebooks").glob("5-*.ipynb"))
SHOTS = SCREENS / "slides"
HANGUL = re.compile("[가-힣]")

NO_KOREAN_SYSTEM_FONTS = """<?xml version="1.0"?>
<!DOCTYPE fontconfig SYSTEM "fonts.dtd">
<fontconfig>
  <include ignore_missing="yes">/etc/fonts/fonts.conf</include>
  <selectfont><rejectfont>
    <pattern><patelt name="lang"><string>ko</string></patelt></pattern>
  </rejectfont></selectfont>
  <cachedir>{cache}</cachedir>
</fontconfig>
"""

# 현재 슬라이드의 조각을 모두 펼치고 target 을 화면 가운데로 (스크린숏용)
SHOW = """target => {
    while (Reveal.nextFragment()) {}
    target.scrollIntoView({block: "center"});
}"""


# 슬라이드마다: 보이는 높이의 배율, 그리고 화면 밖으로 나가거나 제 상자를 넘쳐 잘리는 수식·그림·코드·표
SURVEY = """() => Reveal.getSlides().map(s => {
    const i = Reveal.getIndices(s);
    Reveal.slide(i.h, i.v);
    while (Reveal.nextFragment()) {}
    fitSlide(s);
    const ratio = s.getBoundingClientRect().height / s.parentElement.getBoundingClientRect().height;
    const cut = [...s.querySelectorAll('mjx-container, img, svg, pre, table')].filter(el => {
        const r = el.getBoundingClientRect();
        const clipped = el.scrollWidth > el.clientWidth + 2 && getComputedStyle(el).overflowX !== 'visible';
        return r.width > 0 && (r.right > window.innerWidth + 1 || r.left < -1 || clipped);
    }).map(el => (el.textContent || el.tagName).slice(0, 40));
    return [`${i.h}.${i.v}`, Math.round(ratio * 100) / 100, cut];
})"""


@pytest.fixture(scope="module")
def decks(tmp_path_factory):
    out = tmp_path_factory.mktemp("decks")
    build_decks(out)
    return out


@pytest.fixture(scope="module")
def offline_browser(browser, tmp_path_factory):
    """시스템 한글 글꼴이 없는 Chromium (conftest의 Playwright로 하나 더 띄운다)."""
    folder = tmp_path_factory.mktemp("fontconfig")
    conf = folder / "fonts.conf"
    conf.write_text(NO_KOREAN_SYSTEM_FONTS.format(cache=folder / "cache"), encoding="utf-8")
    env = dict(os.environ, FONTCONFIG_FILE=str(conf))
    chromium = browser.browser_type.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, env=env)
    yield chromium
    chromium.close()


class Deck:
    """덱 하나를 연 페이지와, 그 페이지가 밖으로 내보내려던 요청, 실패한 요청, 자바스크립트 오류."""

    def __init__(self, browser, path):
        self.name = path.name.removesuffix(".slides.html")
        self.outside, self.failed, self.errors = [], [], []
        self._survey = None
        self.context = browser.new_context(viewport=SCREEN, locale="ko-KR")
        self.context.route("**/*", self._route)
        self.page = self.context.new_page()
        self.page.on("requestfailed", lambda request: self.failed.append(request.url))
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        open_offline_deck(self.page, path)
        self.cdp = self.context.new_cdp_session(self.page)
        self.cdp.send("DOM.enable")
        self.cdp.send("CSS.enable")

    def _route(self, route):
        url = route.request.url
        if url.startswith(("file:", "data:")) or re.match(r"https?://(localhost|127\.0\.0\.1)[:/]", url):
            route.continue_()
        else:
            self.outside.append(url)
            route.abort()

    def go_to(self, element_js):
        """element_js (덱의 요소 하나를 주는 JS 식)가 든 슬라이드로 가서 조각을 펼치고 그 요소를 보인다."""
        handle = self.page.evaluate_handle(element_js)
        assert handle.evaluate("el => el !== null"), f"{self.name}: 찾는 요소가 없습니다: {element_js}"
        handle.evaluate("el => { const i = Reveal.getIndices(el.closest('section')); Reveal.slide(i.h, i.v); }")
        handle.evaluate(SHOW)
        self.page.evaluate("fitCurrent()")
        return handle

    def fonts_used(self, handle):
        """handle 안의 글자를 실제로 그린 글꼴 이름들 (DevTools 프로토콜)."""
        handle.evaluate("el => el.setAttribute('data-font-probe', '')")
        document = self.cdp.send("DOM.getDocument", {"depth": 0})
        query = {"nodeId": document["root"]["nodeId"], "selector": "[data-font-probe]"}
        node = self.cdp.send("DOM.querySelector", query)
        fonts = self.cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        handle.evaluate("el => el.removeAttribute('data-font-probe')")
        return {font["familyName"] for font in fonts}

    def screenshot(self, what):
        SHOTS.mkdir(parents=True, exist_ok=True)
        self.page.wait_for_timeout(300)  # 부드러운 스크롤이 끝나도록
        self.page.screenshot(path=str(SHOTS / f"{self.name}_{what}.png"))

    def survey(self):
        """슬라이드마다 (번호, 보이는 높이 / 화면 높이, 화면보다 넓은 것들의 앞부분). 조각을 모두 펼치고 덱이 하는
        대로 맞춘 (fitSlide) 뒤에 잰다. 덱마다 한 번만 훑는다."""
        if self._survey is None:
            self._survey = self.page.evaluate(SURVEY)
            self.page.evaluate("Reveal.slide(0, 0)")
        return self._survey

    def assert_offline_and_clean(self):
        assert self.outside == [], f"인터넷으로 나가려던 요청: {self.outside}"
        assert self.failed == [], f"실패한 요청: {self.failed}"
        assert self.errors == [], f"자바스크립트 오류: {self.errors}"
        broken = self.page.evaluate("[...document.fonts].filter(f => f.status === 'error').map(f => f.family)")
        assert broken == [], f"읽지 못한 글꼴: {broken}"


@pytest.fixture(scope="module")
def open_decks(decks, offline_browser):
    opened = {}

    def open_deck(notebook):
        if notebook.stem not in opened:
            opened[notebook.stem] = Deck(offline_browser, decks / f"{notebook.stem}.slides.html")
        return opened[notebook.stem]

    yield open_deck
    for deck in opened.values():
        deck.context.close()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_opens_offline_at_its_title_in_the_decks_korean_font(open_decks, notebook):
    deck = open_decks(notebook)
    title = deck.go_to("document.querySelector('.reveal .slides section h1')")
    assert deck.page.evaluate("[Reveal.getIndices().h, Reveal.getIndices().v]") == [0, 0]
    assert re.match(r"5\.\d", title.inner_text()) and HANGUL.search(title.inner_text())
    assert deck.page.evaluate("document.fonts.check('24px NanumGothic', '가')")
    loaded = deck.page.evaluate("[...document.fonts].filter(f => f.family === 'NanumGothic').map(f => f.status)")
    assert loaded and set(loaded) == {"loaded"}, loaded
    assert deck.fonts_used(title) == {"NanumGothic"}  # 시스템 글꼴로 메우거나 네모 (□) 로 그린 글자가 없다
    deck.screenshot("title")
    deck.assert_offline_and_clean()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_typesets_every_equation(open_decks, notebook):
    deck = open_decks(notebook)
    assert deck.page.locator("mjx-merror").count() == 0, "MathJax가 읽지 못한 TeX이 있습니다"
    prose = deck.page.evaluate(
        """[...document.querySelectorAll('.jp-RenderedMarkdown')].map(cell => {
               const copy = cell.cloneNode(true);
               copy.querySelectorAll('mjx-container, code, pre').forEach(e => e.remove());
               return copy.textContent;
           }).join('\\n')"""
    )
    assert "$$" not in prose
    assert not re.search(r"\$[^$\n]*[\\^_{][^$\n]*\$", prose), "조판되지 않은 $…$ 수식이 남았습니다"
    equation = deck.go_to("document.querySelector('.reveal mjx-container[display=\"true\"]')")
    box = equation.bounding_box()
    assert box and box["height"] > 20 and box["width"] > 50
    deck.screenshot("equation")
    deck.assert_offline_and_clean()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_deck_draws_korean_in_figures_with_the_decks_font(open_decks, notebook):
    deck = open_decks(notebook)
    label = deck.go_to(
        """[...document.querySelectorAll('.reveal .slide-figure svg text')]
               .find(t => /[가-힣]/.test(t.textContent)) || null"""
    )
    assert label.evaluate("el => el.getComputedTextLength()") > 0
    assert deck.fonts_used(label) == {"NanumGothic"}
    deck.screenshot("figure")
    deck.assert_offline_and_clean()


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_every_slide_is_exactly_one_screen_high_so_what_does_not_fit_can_be_scrolled_to(open_decks, notebook):
    """긴 슬라이드는 글자를 줄이고 (zoom) 그래도 넘치면 슬라이드 안에서 스크롤한다. 줄인 슬라이드의 보이는 높이가
    화면보다 크면 넘친 부분이 화면 밖에 잘린 채 스크롤로도 닿지 않는다 (CSS zoom 의 % 높이는 브라우저마다 다르다)."""
    deck = open_decks(notebook)
    mismatched = [(index, ratio) for index, ratio, _ in deck.survey() if abs(ratio - 1) > 0.01]
    assert mismatched == [], f"{notebook.stem}: 화면과 높이가 다른 슬라이드 (번호, 배율): {mismatched}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_equation_figure_or_code_is_wider_than_the_screen(open_decks, notebook):
    """글자를 줄여도 (zoom) 폭은 그대로이므로, 화면보다 넓은 수식이나 그림은 오른쪽이 잘린다 (5.1 의 연쇄 법칙이
    그랬다). 슬라이드마다 조각을 모두 펼치고, 수식·그림·코드·표가 화면 안에 있고 제 상자 밖으로 넘치지 않는지 본다."""
    deck = open_decks(notebook)
    too_wide = [(index, cut) for index, _, cut in deck.survey() if cut]
    assert too_wide == [], f"{notebook.stem}: 화면보다 넓은 것이 있는 슬라이드 (번호, 앞부분): {too_wide}"

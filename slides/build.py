"""노트북마다 reveal.js 슬라이드 덱을 만든다: 인터넷 없이 열리는 build/slides/<노트북>.slides.html.

사용: python slides/build.py [--out build/slides] [노트북.ipynb ...]   (make slides 가 부른다)

슬라이드 나누기는 셀의 slideshow 메타데이터 (slide / subslide / fragment / skip) 를 그대로 따른다
(nbconvert 의 SlidesExporter, 템플릿은 slides/templates/classroom). 덱이 읽는 파일은 모두 덱 옆에 복사한다:
  reveal.js/   slides/vendor/reveal.js (저장소에 둔 reveal.js 4.6.1)
  mathjax/     pip 패키지 django-static-mathjax 의 MathJax 3 (의존성 없는 정적 파일 묶음)
  fonts/       pip 패키지 koreanize-matplotlib 의 NanumGothic (브라우저가 받도록 정리해 WOFF 로)
  custom.css   slides/custom.css (강의실용 글자 크기)
images_equations/ 의 SVG 그림은 덱 안에 직접 넣는다 (<img> 로 넣은 SVG 는 덱의 글꼴을 못 쓴다).
위젯 상태는 지워서 위젯 자리에는 저장된 정적 렌더링 (text/html) 이 보인다.
"""

import argparse
import html
import importlib.util
import json
import re
import shutil
import sys
from pathlib import Path

import nbformat
from nbconvert import SlidesExporter
from traitlets.config import Config

ROOT = Path(__file__).resolve().parents[1]
HERE = ROOT / "slides"
NOTEBOOKS = ROOT / "notebooks"
IMAGES = ROOT / "images_equations"
DEFAULT_OUT = ROOT / "build" / "slides"
MATHJAX_URL = "mathjax/tex-chtml-full.js"
# MathJax 에서 덱이 쓰지 않는 것: 음성 규칙 (sre), SVG 출력, MathML 입력, 서버용 파일
MATHJAX_UNUSED = ("sre", "*-speech.js", "node-main.js", "*svg*", "mml-*", "tex-mml-*")
FONTS = ("NanumGothic", "NanumGothicBold")

IMG_TAG = re.compile(r"<img\b[^>]*?\bsrc=\"\.\./images_equations/([^\"]+)\"[^>]*>")
ALT = re.compile(r"\balt=\"([^\"]*)\"")
SVG_ID = re.compile(r"\bid=\"([^\"]+)\"")


def notebooks():
    """덱을 만들 노트북: notebooks/5-*.ipynb 전부 (새 노트북도 저절로 들어온다)."""
    return sorted(NOTEBOOKS.glob("5-*.ipynb"))


def package_dir(name):
    """설치된 패키지의 폴더 (import 하지 않고 찾는다)."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit(f"오류: 파이썬 패키지 {name} 이 없습니다. make slides 가 설치합니다 (lab extra).")
    return Path(spec.submodule_search_locations[0])


def exporter():
    config = Config()
    config.SlidesExporter.extra_template_basedirs = [str(HERE / "templates")]
    config.SlidesExporter.template_name = "classroom"
    config.SlidesExporter.reveal_url_prefix = "reveal.js"
    config.SlidesExporter.reveal_theme = "white"
    config.SlidesExporter.reveal_transition = "slide"
    config.SlidesExporter.reveal_number = "c/t"
    config.SlidesExporter.reveal_width = "1280"
    config.SlidesExporter.reveal_height = "720"
    config.SlidesExporter.mathjax_url = MATHJAX_URL
    config.SlidesExporter.language_code = "ko"
    config.SlidesExporter.exclude_input_prompt = True
    config.SlidesExporter.exclude_output_prompt = True
    return SlidesExporter(config=config)


def title_of(nb, fallback):
    """첫 markdown 셀의 '# 5.x 제목'."""
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            for line in cell.source.splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def slide_count(nb):
    """화면 수 = slide 와 subslide 셀의 수 (처음 보이는 셀은 늘 새 슬라이드)."""
    kinds = [cell.metadata.get("slideshow", {}).get("slide_type", "-") for cell in nb.cells]
    visible = [kind for kind in kinds if kind not in ("skip", "notes")]
    return (1 if visible else 0) + sum(kind in ("slide", "subslide") for kind in visible[1:])


def inline_svg(path, number, alt):
    """SVG 파일을 HTML 안에 넣을 조각으로: 덱의 @font-face 글꼴을 쓰고, id 는 그림마다 달리한다."""
    text = path.read_text(encoding="utf-8")
    text = text[text.index("<svg") :]
    for name in set(SVG_ID.findall(text)):
        new = f"fig{number}-{name}"
        text = text.replace(f'id="{name}"', f'id="{new}"').replace(f"#{name})", f"#{new})")
        text = text.replace(f'href="#{name}"', f'href="#{new}"')
    label = html.escape(alt, quote=True)
    return f'<span class="slide-figure tex2jax_ignore" role="img" aria-label="{label}">{text}</span>'


def embed_figures(body, out):
    """../images_equations/ 의 그림: SVG 는 덱 안에 넣고, 다른 그림은 덱 옆으로 복사해 경로를 고친다."""
    counter = iter(range(1, 10_000))

    def replace(match):
        name = html.unescape(match.group(1))
        path = IMAGES / name
        if not path.is_file():
            raise SystemExit(f"오류: 노트북이 쓰는 그림 {path} 이 없습니다 (python -m rnnlib.figures).")
        alt = ALT.search(match.group(0))
        if path.suffix == ".svg":
            return inline_svg(path, next(counter), html.unescape(alt.group(1)) if alt else name)
        (out / "images_equations").mkdir(exist_ok=True)
        shutil.copy2(path, out / "images_equations" / name)
        return match.group(0).replace("../images_equations/", "images_equations/")

    return IMG_TAG.sub(replace, body)


def build_deck(path, out, slides_exporter):
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("widgets", None)  # 위젯 상태가 없으면 nbconvert 는 저장된 text/html 을 쓴다
    title = title_of(nb, path.stem)
    nb.metadata["title"] = title
    resources = {"metadata": {"name": path.stem, "path": str(path.parent)}}
    body, _ = slides_exporter.from_notebook_node(nb, resources=resources)
    deck = out / f"{path.stem}.slides.html"
    deck.write_text(embed_figures(body, out), encoding="utf-8")
    return {"notebook": path.name, "deck": deck.name, "title": title, "slides": slide_count(nb)}


def web_font(source, target):
    """TTF 를 브라우저용 WOFF 로. NanumGothic 의 빈 TSI* 표 (글꼴 편집기의 힌팅 원본) 가 있으면
    Chromium 의 글꼴 검사 (OTS) 가 파일 전체를 거부하므로 뺀다. 글리프는 그대로다."""
    from fontTools.ttLib import TTFont  # matplotlib 과 함께 설치된다

    font = TTFont(source)
    for tag in [tag for tag in font.keys() if tag.startswith("TSI")]:
        del font[tag]
    font.flavor = "woff"
    font.save(target)


def copy_assets(out):
    shutil.copytree(HERE / "vendor" / "reveal.js", out / "reveal.js", dirs_exist_ok=True)
    mathjax = package_dir("mathjax") / "static" / "mathjax" / "es5"
    ignore = shutil.ignore_patterns(*MATHJAX_UNUSED)
    shutil.copytree(mathjax, out / "mathjax", ignore=ignore, dirs_exist_ok=True)
    (out / "fonts").mkdir(exist_ok=True)
    fonts = package_dir("koreanize_matplotlib") / "fonts"
    for name in FONTS:
        web_font(fonts / f"{name}.ttf", out / "fonts" / f"{name}.woff")
    shutil.copy2(HERE / "custom.css", out / "custom.css")


def write_index(decks, out):
    items = "\n".join(
        f'    <li><a href="{html.escape(d["deck"])}">{html.escape(d["title"])}</a> '
        f'<span class="count">({d["slides"]}장)</span></li>'
        for d in decks
    )
    page = f"""<!DOCTYPE html>
<html lang="ko">
<head>
  <meta charset="utf-8">
  <title>RNN 노트북 슬라이드</title>
  <link rel="stylesheet" href="custom.css">
  <style>
    body {{ font-family: NanumGothic, sans-serif; font-size: 22px; margin: 2em auto; max-width: 40em; }}
    .count {{ color: #666; font-size: 0.8em; }}
    li {{ margin: 0.5em 0; }}
  </style>
</head>
<body>
  <h1>RNN 노트북 슬라이드</h1>
  <p>덱을 열고 → / ← (또는 스페이스) 로 넘깁니다. <kbd>F</kbd> 전체 화면, <kbd>S</kbd> 발표자 노트,
  <kbd>Esc</kbd> 전체 보기. PDF: 주소 끝에 <code>?print-pdf</code> 를 붙여 열고 인쇄 → PDF 로 저장.</p>
  <ul>
{items}
  </ul>
</body>
</html>
"""
    (out / "index.html").write_text(page, encoding="utf-8")
    (out / "decks.json").write_text(json.dumps(decks, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def build(paths=None, out=DEFAULT_OUT):
    """덱들을 out 에 만들고 [{notebook, deck, title, slides}, ...] 를 돌려준다."""
    paths = [Path(p) for p in paths] if paths else notebooks()
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    copy_assets(out)
    slides_exporter = exporter()
    decks = [build_deck(path, out, slides_exporter) for path in paths]
    write_index(decks, out)
    return decks


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="기본: notebooks/5-*.ipynb 전부")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="덱을 쓸 폴더 (기본: build/slides)")
    args = parser.parse_args(argv)
    decks = build(args.notebooks, args.out)
    for deck in decks:
        print(f"{deck['deck']}: {deck['slides']}장 — {deck['title']}")
    print(f"{len(decks)}개 덱: {args.out / 'index.html'}")


if __name__ == "__main__":
    sys.exit(main())

"""1280×720 화면보다 긴 슬라이드를 찾는다: JupyterLab 안의 발표 (라이브 덱) 와 make slides 의 오프라인 덱.

사용:
  .venv/bin/python tools/slide_fit.py                      # 모든 노트북, 라이브 덱과 오프라인 덱 둘 다
  .venv/bin/python tools/slide_fit.py notebooks/5-2_rnn.ipynb --live     # 라이브 덱만
  .venv/bin/python tools/slide_fit.py --offline --all      # 넘치지 않는 슬라이드까지 모두 보이기

라이브 덱: 저장소의 노트북을 임시 폴더에 복사해 JupyterLab (make lab 과 같은 설정) 으로 열고, 모두 실행한 뒤
(위젯이 살아 있는 높이로 재려고) 발표를 시작해 화면마다 마지막 조각까지 펼친 높이를 잽니다.
오프라인 덱: slides/build.py 로 임시 폴더에 덱을 만들어 화면마다 조각을 모두 펼친 높이를 잽니다
(덱은 조금 긴 화면을 80% 까지 줄여 담으므로, 그 배율로도 넘치는 화면만 문제로 셉니다).
표의 "셀" 은 그 화면을 여는 셀의 번호 (0 부터) 와 id, "넘침" 은 720 을 넘는 px 입니다. 나누려면 그 화면 안에서
다음 생각이 시작되는 셀의 slide_type 을 subslide 로 바꿉니다. 넘치는 화면이 있으면 1 로 끝납니다.
"""

import argparse
import math
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "browser"))

MIN_ZOOM = 0.8  # 오프라인 덱이 긴 화면을 줄이는 한계 (slides/templates/classroom/index.html.j2 의 MIN_ZOOM)

from labtools import (  # noqa: E402
    CHROMIUM,
    CHROMIUM_ARGS,
    ROOT,
    SCREEN,
    build_decks,
    copy_site,
    jupyterlab,
    open_notebook,
    open_offline_deck,
    run_all_cells,
    screen_heights,
    screens,
    start_deck,
)


def live_heights(page, url, path, run=True):
    """라이브 덱에서 화면마다의 높이 (px)."""
    open_notebook(page, url, f"notebooks/{path.name}")
    if run:
        run_all_cells(page, timeout=300_000)
    start_deck(page)
    return screen_heights(page, [last for _, last, _ in screens(path)])


OFFLINE_HEIGHTS = """() => Reveal.getSlides().map(slide => {
    const i = Reveal.getIndices(slide);
    Reveal.slide(i.h, i.v);
    while (Reveal.nextFragment()) {}
    slide.style.zoom = "";
    slide.style.height = "";
    return slide.scrollHeight;
})"""


def offline_heights(browser, paths):
    """오프라인 덱 (slides/build.py) 에서 노트북마다, 화면마다의 높이 (px)."""
    context = browser.new_context(viewport=SCREEN)
    page = context.new_page()
    found = {}
    with tempfile.TemporaryDirectory(prefix="slide-fit-") as folder:
        out = Path(folder)
        build_decks(out, paths, quiet=True)
        for path in paths:
            open_offline_deck(page, out / f"{path.stem}.slides.html")
            found[path] = page.evaluate(OFFLINE_HEIGHTS)
    context.close()
    return found


def report(kind, path, heights, show_all, zoom=1.0):
    """넘치는 화면의 표를 찍고, 줄여도 (zoom) 넘치는 화면 수를 돌려준다."""
    limit = SCREEN["height"]
    rows, too_long = [], 0
    for (first, _, cell_id), height in zip(screens(path), heights):
        over, over_zoomed = height - limit, math.ceil(height * zoom - limit)
        too_long += over_zoomed > 0
        if over > 0 or show_all:
            note = ""
            if over > 0 and zoom < 1:
                note = (
                    f"  ({zoom:.0%} 로 줄이면 들어감)"
                    if over_zoomed <= 0
                    else f"  ({zoom:.0%} 로 줄여도 {over_zoomed}px 넘침)"
                )
            rows.append(f"  셀 {first:>3} ({cell_id})  높이 {height:>5}px  넘침 {max(over, 0):>4}px{note}")
    shrunk = f" ({zoom:.0%} 로 줄여도)" if zoom < 1 else ""
    print(f"{kind} {path.name}: 화면 {len(heights)}개, 넘치는 화면{shrunk} {too_long}개")
    print("\n".join(rows))
    return too_long


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("notebooks", nargs="*", type=Path, help="기본: notebooks/5-*.ipynb 전부")
    parser.add_argument("--live", action="store_true", help="JupyterLab 안의 발표만 잰다")
    parser.add_argument("--offline", action="store_true", help="make slides 의 덱만 잰다")
    parser.add_argument(
        "--no-run", action="store_true", help="라이브 덱에서 셀을 실행하지 않는다 (위젯 대신 정적 렌더링)"
    )
    parser.add_argument("--all", action="store_true", help="넘치지 않는 화면도 보인다")
    args = parser.parse_args()
    paths = [p.resolve() for p in args.notebooks] or sorted((ROOT / "notebooks").glob("5-*.ipynb"))
    live, offline = (args.live or not args.offline), (args.offline or not args.live)
    from playwright.sync_api import sync_playwright

    over = 0
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        if offline:
            for path, heights in offline_heights(browser, paths).items():
                over += report("오프라인 덱", path, heights, args.all, zoom=MIN_ZOOM)
        if live:
            with tempfile.TemporaryDirectory() as root:
                copy_site(root)
                with jupyterlab(root) as url:
                    for path in paths:
                        context = browser.new_context(viewport=SCREEN, locale="ko-KR")
                        heights = live_heights(context.new_page(), url, path, run=not args.no_run)
                        context.close()
                        over += report("라이브 덱", path, heights, args.all)
        browser.close()
    return 1 if over else 0


if __name__ == "__main__":
    sys.exit(main())

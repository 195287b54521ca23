"""노트북을 학생이 보는 그대로 찍는다: JupyterLab 을 띄워 모두 실행하고 위에서 아래로 스크린숏.

사용: .venv/bin/python tests/browser/snapshot.py notebooks/5-2_rnn.ipynb [--no-run]
결과: build/screens/<노트북 이름>/page_NN.png (열어서 눈으로 확인한다)
저장소의 노트북은 바뀌지 않는다 (임시 폴더의 복사본을 연다).
"""

import argparse
import shutil
import tempfile
import time
from pathlib import Path

from labtools import CHROMIUM, CHROMIUM_ARGS, ROOT, copy_site, jupyterlab, open_notebook, run_all_cells


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("notebook", type=Path)
    parser.add_argument("--no-run", action="store_true", help="셀을 실행하지 않고 저장된 출력을 찍는다")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    out = ROOT / "build" / "screens" / args.notebook.stem
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    with tempfile.TemporaryDirectory() as tmp:
        copy_site(tmp)
        with jupyterlab(tmp) as url, sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": args.width, "height": args.height})
            open_notebook(page, url, f"notebooks/{args.notebook.name}")
            page.evaluate("window.jupyterapp.commands.execute('application:toggle-left-area')")
            if not args.no_run:
                run_all_cells(page, timeout=300_000)
            # 모두 실행한 뒤에는 마지막 셀이 활성이라 JupyterLab 이 그리로 스크롤을 되돌린다: 첫 셀을 활성으로
            page.evaluate(
                "() => { const nb = window.jupyterapp.shell.currentWidget.content; nb.activeCellIndex = 0; "
                "nb.mode = 'command'; }"
            )
            time.sleep(1)
            scroller = page.locator(".jp-NotebookPanel .jp-WindowedPanel-outer").first.element_handle()
            page.evaluate("el => el.scrollTo(0, 0)", scroller)
            index, last = 0, -1
            while True:
                time.sleep(0.4)
                page.screenshot(path=str(out / f"page_{index:02d}.png"))
                top = page.evaluate("el => { el.scrollBy(0, el.clientHeight * 0.9); return el.scrollTop; }", scroller)
                if top == last or index > 80:
                    break
                last, index = top, index + 1
            browser.close()
    print(f"{index + 1}장: {out}")


if __name__ == "__main__":
    main()

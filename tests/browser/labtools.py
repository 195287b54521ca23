"""브라우저 테스트의 공통 동작: 노트북 열기, 모든 셀 실행, 스크린숏."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "build" / "screens"


def open_notebook(page, lab_url, path):
    """path (루트 기준) 의 노트북을 열고 커널이 준비될 때까지 기다린다."""
    page.goto(f"{lab_url}/lab/tree/{path}?reset")
    page.wait_for_function("window.jupyterapp && window.jupyterapp.shell.currentWidget", timeout=60_000)
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=90_000)


def run_all_cells(page, timeout=120_000):
    """모든 셀을 실행하고, 실행 중 표시 [*] 가 모두 사라질 때까지 기다린다."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-InputPrompt')]
                 .every(prompt => !prompt.textContent.includes('*'))""",
        timeout=timeout,
    )
    page.wait_for_selector("#jp-main-statusbar >> text=Idle", timeout=timeout)


def screenshot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path

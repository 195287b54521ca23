"""브라우저 테스트와 도구 (snapshot.py, gallery.py, tools/slide_fit.py) 가 함께 쓰는 것.

JupyterLab 띄우기 (make lab 과 같은 강의실 설정), 노트북 열기, 모두 실행, JupyterLab 안의 발표 (jupyterlab-slideshow)
시작하기, 스페이스로 넘기기, 지금 화면에 보이는 슬라이드의 높이 재기, 테마 바꾸기, 스크린숏, 오프라인 덱 만들고 열기.
"""

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "build" / "screens"
LAB_SETTINGS = ROOT / "lab-settings" / "rnn-notebooks.json5"  # make lab 이 설치하는 강의실 설정
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
SCREEN = {"width": 1280, "height": 720}  # 강의실 화면 (발표 슬라이드가 들어가야 하는 크기)
THEMES = {"light": "JupyterLab Light", "dark": "JupyterLab Dark"}


def build_decks(out, paths=(), quiet=False):
    """make slides 와 같은 스크립트로 오프라인 덱을 out 에 만든다 (paths 가 없으면 모든 노트북)."""
    command = [sys.executable, str(ROOT / "slides" / "build.py"), "--out", str(out), *map(str, paths)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=quiet)


def open_offline_deck(page, path, timeout=60_000):
    """오프라인 덱 path (.slides.html) 를 열고 reveal.js, MathJax, 글꼴이 준비될 때까지 기다린다. 넘김 효과는 끈다."""
    page.goto(path.as_uri())
    page.wait_for_function(
        "window.Reveal && Reveal.isReady() && document.documentElement.dataset.mathjax === 'ready'", timeout=timeout
    )
    page.evaluate("document.fonts.ready.then(() => true)")
    page.evaluate("Reveal.configure({transition: 'none'})")


def copy_site(root):
    """서버 루트로 쓸 폴더에 notebooks/ 와 images_equations/ 를 복사한다 (저장소는 건드리지 않는다)."""
    for folder in ("notebooks", "images_equations"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, Path(root) / folder)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _environment(root):
    """root의 JupyterLab이 쓰는 환경 변수: 설정, 실행 파일, 신뢰 서명 (nbsignatures.db)을 모두 root 안에 둔다."""
    state = Path(root) / ".jupyter-state"
    return dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_RUNTIME_DIR=str(state / "run"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
    )


@contextlib.contextmanager
def jupyterlab(root):
    """root 를 루트로 하는 JupyterLab (토큰 없음) 을 띄우고 그 URL 을 준다. 끝나면 내린다.

    설정은 모두 root 안에 둔다: 사용자 설정 (테마, 발표 중 표시) 과 작업 공간은 root/.jupyter-state/ 에,
    강의실 설정은 make lab 처럼 앱 설정 폴더의 overrides.d/ 에 (저장소의 lab-settings/ 를 복사).
    """
    root = Path(root)
    state = root / ".jupyter-state"
    app_settings = state / "app-settings"
    (app_settings / "overrides.d").mkdir(parents=True)
    shutil.copy2(LAB_SETTINGS, app_settings / "overrides.d" / LAB_SETTINGS.name)
    env = _environment(root)
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={state / 'workspaces'}",
        f"--LabApp.user_settings_dir={state / 'settings'}", f"--LabApp.app_settings_dir={app_settings}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    log_path = state / "server.log"
    with log_path.open("w") as log:
        server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 90
        try:
            while True:
                try:
                    urllib.request.urlopen(f"{url}/api/status", timeout=2)
                    break
                except OSError as error:
                    if server.poll() is not None or time.monotonic() > deadline:
                        raise RuntimeError("JupyterLab이 뜨지 않았습니다:\n" + log_path.read_text()) from error
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


def lab_setting(url, plugin):
    """서버가 브라우저에 주는 plugin의 설정값: 스키마의 기본값 (강의실 설정이 얹힌 것) 위에 사용자 설정."""
    with urllib.request.urlopen(f"{url}/lab/api/settings/{plugin}", timeout=10) as response:
        data = json.load(response)
    values = {name: spec.get("default") for name, spec in data["schema"]["properties"].items()}
    values.update(data["settings"])
    return values


def open_notebook(page, lab_url, path):
    """path (루트 기준) 의 노트북을 열고 커널이 준비될 때까지 기다린다.

    페이지에 이미 JupyterLab 이 떠 있으면 다시 띄우지 않고 그 안에서 연다 (close_notebook 과 짝).
    """
    if page.url.startswith(lab_url) and page.evaluate("!!window.jupyterapp"):
        page.evaluate("async path => { await window.jupyterapp.commands.execute('docmanager:open', {path}); }", path)
    else:
        page.goto(f"{lab_url}/lab/tree/{path}?reset")
    page.wait_for_function(
        "path => { const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;"
        " return w && w.context && w.context.path === path; }",
        arg=path,
        timeout=60_000,
    )
    page.wait_for_function(
        "() => { const s = window.jupyterapp.shell.currentWidget.sessionContext;"
        " return s && s.session && s.session.kernel && s.session.kernel.status === 'idle'; }",
        timeout=90_000,
    )


def close_notebook(page):
    """지금 노트북의 커널을 내리고 (CPU와 메모리를 놓도록) 저장하지 않고 닫는다."""
    page.evaluate(
        """async () => {
            const widget = window.jupyterapp.shell.currentWidget;
            await widget.sessionContext.shutdown();
            widget.dispose();
        }"""
    )


def run_all_cells(page, timeout=120_000):
    """모든 셀을 실행하고, 실행 중 표시 [*]가 모두 사라질 때까지 기다린다."""
    page.evaluate("window.jupyterapp.commands.execute('notebook:run-all-cells')")
    page.wait_for_function(
        """() => [...document.querySelectorAll('.jp-InputPrompt')]
                 .every(prompt => !prompt.textContent.includes('*'))""",
        timeout=timeout,
    )
    page.wait_for_function(
        "window.jupyterapp.shell.currentWidget.sessionContext.session.kernel.status === 'idle'", timeout=timeout
    )


def current_theme(page):
    """지금 테마: 'light' 또는 'dark'."""
    name = page.evaluate("document.body.dataset.jpThemeName")
    return next(theme for theme, full in THEMES.items() if full == name)


def set_theme(page, theme):
    """'light' 또는 'dark': JupyterLab의 테마를 바꾸고 다 바뀔 때까지 기다린다."""
    name = THEMES[theme]
    page.evaluate(f"window.jupyterapp.commands.execute('apputils:change-theme', {{theme: '{name}'}})")
    page.wait_for_function(f"document.body.dataset.jpThemeName === '{name}'", timeout=30_000)
    page.wait_for_timeout(200)  # 바뀐 색으로 다시 그리도록


# ---------------------------------------------------------------- JupyterLab 안의 발표 (jupyterlab-slideshow)

NOTEBOOK = "window.jupyterapp.shell.currentWidget.content"

# 지금 덱 화면의 상태를 한 번에: 활성 셀, 화면에 있는 셀들, 그중 나타난 셀들 (조각), 그 셀들의 위 끝부터 아래 끝까지의
# 높이. 덱의 단축키는 명령 모드의 노트북 안에 초점이 있을 때만 들으므로 활성 셀에 초점을 둔다 (발표자가 키를 누를 자리).
STATE = f"""() => {{
    const nb = {NOTEBOOK};
    nb.activeCell.node.focus();
    const cells = nb.widgets.map((cell, i) => [cell.node, i])
        .filter(([node]) => node.classList.contains('jp-deck-mod-onscreen'));
    const boxes = cells.map(([node]) => node.getBoundingClientRect());
    const top = Math.min(...boxes.map(b => b.top)), bottom = Math.max(...boxes.map(b => b.bottom));
    return {{
        active: nb.activeCellIndex,
        cells: cells.map(([, i]) => i),
        visible: cells.filter(([node]) => node.classList.contains('jp-deck-mod-visible')).map(([, i]) => i),
        height: Math.round(bottom - top),
    }};
}}"""

# 활성 셀이 before 에서 바뀌고 새 셀이 나타날 때까지 (5초까지) 기다렸다가 STATE, 바뀌지 않으면 null
AFTER_MOVE = f"""async before => {{
    const nb = {NOTEBOOK}, state = {STATE};
    for (let k = 0; k < 500; k++) {{
        const cell = nb.widgets[nb.activeCellIndex];
        if (nb.activeCellIndex !== before && cell.node.classList.contains('jp-deck-mod-visible')) return state();
        await new Promise(resolve => setTimeout(resolve, 10));
    }}
    return null;
}}"""


def start_deck(page, cell=0):
    """cell 번째 셀에서 발표를 시작한다 (덱은 활성 셀에서 열린다. 모두 실행한 뒤에는 마지막 셀이 활성이다)."""
    page.evaluate(
        f"""async cell => {{
            const notebook = {NOTEBOOK};
            notebook.activeCellIndex = cell;
            notebook.mode = 'command';
            await window.jupyterapp.commands.execute('deck:start');
        }}""",
        cell,
    )
    page.wait_for_function("document.body.dataset.jpDeckMode === 'presenting'", timeout=30_000)
    page.wait_for_timeout(300)


def stop_deck(page):
    """발표를 멈춘다 (발표 중이 아니면 아무것도 하지 않는다)."""
    if page.evaluate("document.body.dataset.jpDeckMode === 'presenting'"):
        page.evaluate("window.jupyterapp.commands.execute('deck:stop')")
        page.wait_for_function("document.body.dataset.jpDeckMode !== 'presenting'", timeout=30_000)


def deck_state(page):
    """지금 화면: {'active': 활성 셀, 'cells': 화면의 셀들, 'visible': 그중 나타난 셀들, 'height': 높이 (px)}."""
    return page.evaluate(STATE)


def press_space(page, state, key="Space"):
    """발표자처럼 스페이스를 한 번 누른다 (다음 조각, 아래 슬라이드, 다음 슬라이드 순서).

    state 는 누르기 전의 deck_state. 넘어갔으면 새 deck_state, 더 갈 곳이 없으면 (마지막 슬라이드) None.
    """
    page.keyboard.press(key)
    return page.evaluate(AFTER_MOVE, state["active"])


def walk_to_cell(page, index, limit=300):
    """첫 화면부터 스페이스를 눌러 index 번째 셀이 화면에 나타날 때까지 넘긴다. 그때의 deck_state를 돌려준다."""
    state = deck_state(page)
    for _ in range(limit):
        if index in state["visible"]:
            return state
        moved = press_space(page, state)
        if moved is None:
            break
        state = moved
    raise AssertionError(f"스페이스로 넘겨도 셀 {index}이(가) 화면에 나오지 않습니다 (지금: {state})")


def show_cell(page, index, settle_ms=150):
    """덱에서 index 번째 셀까지 펼친 화면을 바로 보인다 (스페이스로 걷지 않고). settle_ms: 나타나는 전환 (0.1초)."""
    page.evaluate(f"{NOTEBOOK}.activeCellIndex = {index}")
    page.wait_for_function(
        f"{NOTEBOOK}.widgets[{index}].node.classList.contains('jp-deck-mod-visible')", timeout=10_000
    )
    page.wait_for_timeout(settle_ms)


def screen_heights(page, last_cells):
    """last_cells의 셀마다 그 셀까지 펼친 화면의 높이 (px)를 한 번에 잰다 (덱을 바로 옮겨 가며)."""
    return page.evaluate(
        f"""async lasts => {{
            const nb = {NOTEBOOK}, heights = [], state = {STATE};
            for (const i of lasts) {{
                nb.activeCellIndex = i;
                for (let k = 0; k < 100 && !nb.widgets[i].node.classList.contains('jp-deck-mod-visible'); k++) {{
                    await new Promise(resolve => setTimeout(resolve, 10));
                }}
                heights.push(state().height);
            }}
            return heights;
        }}""",
        list(last_cells),
    )


def screens(path):
    """노트북의 발표 화면들: 화면마다 (여는 셀 번호, 마지막 셀 번호, 여는 셀의 id).

    slide 와 subslide 가 새 화면을 열고, skip 과 notes 는 화면에 없다.
    """
    found = []
    for i, cell in enumerate(notebook_cells(path)):
        kind = cell["metadata"].get("slideshow", {}).get("slide_type")
        if kind in ("skip", "notes"):
            continue
        if kind in ("slide", "subslide") or not found:
            found.append([i, i, cell.get("id", "")])
        else:
            found[-1][1] = i
    return [tuple(screen) for screen in found]


def screenshot(page, name):
    SCREENS.mkdir(parents=True, exist_ok=True)
    path = SCREENS / f"{name}.png"
    page.screenshot(path=str(path), full_page=False)
    return path


# ---------------------------------------------------------------- 노트북 안의 위젯과 그림

WIDGET_IMPORT = re.compile(r"from rnnlib\.widgets\.(\w+) import")
FIGURE = re.compile(r"\.\./images_equations/[^)\s\"']+\.svg")


def notebook_cells(path):
    return json.loads(Path(path).read_text(encoding="utf-8"))["cells"]


def widget_cells(path):
    """위젯을 만드는 코드 셀: [(셀 번호, 위젯 모듈 이름)] (예: (26, 'stepper'))."""
    found = []
    for index, cell in enumerate(notebook_cells(path)):
        match = WIDGET_IMPORT.search("".join(cell["source"]))
        if cell["cell_type"] == "code" and match:
            found.append((index, match.group(1)))
    return found


def figure_cells(path):
    """images_equations/ 의 SVG 그림을 보여 주는 markdown 셀의 번호들."""
    return [
        index
        for index, cell in enumerate(notebook_cells(path))
        if cell["cell_type"] == "markdown" and FIGURE.search("".join(cell["source"]))
    ]


def press_slider(output, key="ArrowRight"):
    handle = output.locator(".widget-slider .noUi-handle").first
    handle.focus()
    handle.press(key)


def type_into(output, index, value):
    box = output.locator(".widget-text input, .widget-inline-hbox input[type=number]").nth(index)
    box.fill(value)
    box.press("Enter")


# 위젯 모듈 이름 -> 그 위젯의 조작 하나 (출력 영역 Locator 를 받는다)
WIDGET_ACTIONS = {
    "context": lambda out: press_slider(out),
    "stepper": lambda out: out.locator("button", has_text="다음").first.click(),
    "truncation": lambda out: out.locator("button", has_text="다음 블록").first.click(),
    "offsets": lambda out: press_slider(out),
    "shapes": lambda out: out.locator(".widget-checkbox input").last.click(),  # 양방향 (화면이 가장 커지는 조작)
    "perplexity": lambda out: type_into(out, 0, "0.5"),
    "gates": lambda out: press_slider(out, "ArrowLeft"),
}


def cell_output(page, index):
    """index 번째 셀의 출력 영역 (그 셀 안의 Output 위젯 말고 셀 자신의 것)."""
    return page.locator(".jp-Notebook .jp-Cell").nth(index).locator(".jp-Cell-outputArea")


def use_widget(page, output, module):
    """위젯의 조작 하나를 쓰고 그림이 바뀔 때까지 기다린다. 바뀐 뒤의 그림 HTML을 돌려준다."""
    area = output.locator(".widget-html-content").last
    before = area.inner_html()
    WIDGET_ACTIONS[module](output)
    page.wait_for_function("([el, old]) => el.innerHTML !== old", arg=[area.element_handle(), before], timeout=20_000)
    return area.inner_html()

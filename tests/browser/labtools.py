"""브라우저 테스트와 스냅숏 도구가 함께 쓰는 것: JupyterLab 띄우기, 노트북 열기, 모두 실행, 스크린숏."""

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCREENS = ROOT / "build" / "screens"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


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
    """root 의 JupyterLab 이 쓰는 환경 변수: 설정, 실행 파일, 신뢰 서명 (nbsignatures.db) 을 모두 root 안에 둔다."""
    state = Path(root) / ".jupyter-state"
    return dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_RUNTIME_DIR=str(state / "run"),
        JUPYTER_DATA_DIR=str(state / "data"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
    )


def trust(root, path):
    """root 의 JupyterLab 에서 path (root 기준) 의 노트북을 신뢰함으로 표시한다 (make lab 의 jupyter trust 처럼)."""
    command = [sys.executable, "-m", "nbformat.sign", str(Path(root) / path)]
    subprocess.run(command, env=_environment(root), check=True, capture_output=True)


@contextlib.contextmanager
def jupyterlab(root):
    """root 를 루트로 하는 JupyterLab (토큰 없음) 을 띄우고 그 URL 을 준다. 끝나면 내린다."""
    root = Path(root)
    state = root / ".jupyter-state"
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')  # 뉴스 알림 끄기
    env = _environment(root)
    port = _free_port()
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={state / 'workspaces'}",
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
                        raise RuntimeError("JupyterLab 이 뜨지 않았습니다:\n" + log_path.read_text()) from error
                    time.sleep(0.5)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=30)


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

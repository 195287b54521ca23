"""다른 CPU 에서도 테스트가 통과하는지: 노트북 (nbval) 과 단위 테스트를 다른 BLAS 커널과 일꾼 수로 다시 돌린다.

실행 (저장소 맨 위 폴더에서, make test 의 마지막 단계):
    .venv/bin/python tools/kernel_matrix.py

NumPy 에 들어 있는 OpenBLAS 는 CPU 에 따라 행렬 곱의 커널을 고르고 (AVX2 면 Haswell, AVX-512 면 SkylakeX, ARM 은
NeoverseN1 …), 커널마다 반올림이 조금씩 다르다. 학생의 노트북, 강의실 서버, CI 의 기계는 저장된 출력을 만든 기계와
다르므로, 저장된 출력과 테스트는 커널에 기대면 안 된다. x86-64 기계는 환경 변수 OPENBLAS_CORETYPE 로 더 오래된 CPU 의
커널을 흉내 낼 수 있다 (Sandybridge, Nehalem 은 어느 x86-64 CPU 에서도 돈다). 엔진 (rnnlib.fast) 의 일꾼 수는
RNNLIB_WORKERS 로 바꾼다. 두 설정을 동시에 돌리고 (코어를 나누어 쓴다), 설정마다 실제로 쓰인 커널을 확인해 표로 찍는다.
로그: build/kernel-matrix/<설정>.log
"""

import os
import platform
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LOGS = ROOT / "build" / "kernel-matrix"
# (이름, 환경 변수): 커널마다 엔진의 일꾼 수도 기본 (코어 수) 과 다르게. BLAS 는 스레드 하나로 한다: 두 설정이
# 동시에 도는데 OpenBLAS 의 스레드들은 일이 끝난 뒤에도 코어를 붙잡고 기다리므로 (busy-wait), 여러 스레드면 서로의
# 작은 행렬 곱을 열 배 가까이 느리게 한다. BLAS 의 스레드 수는 결과를 바꾸지 않는다 (행렬 곱을 행과 열로만 나눈다)
SETTINGS = [
    ("Sandybridge", {"OPENBLAS_CORETYPE": "Sandybridge", "RNNLIB_WORKERS": "1", "OPENBLAS_NUM_THREADS": "1"}),
    ("Nehalem", {"OPENBLAS_CORETYPE": "Nehalem", "RNNLIB_WORKERS": "3", "OPENBLAS_NUM_THREADS": "1"}),
]
PYTEST = [
    "-m",
    "pytest",
    "-p",
    "no:cacheprovider",
    "-q",
    "--nbval",
    "--nbval-current-env",
    "--nbval-sanitize-with",
    "tests/nbval_sanitize.cfg",
    "notebooks",
    "tests",
    "--ignore=tests/browser",  # 브라우저 테스트는 수를 비교하지 않는다
    "--ignore=tests/test_slides_build.py",
]
ARCHITECTURE = (
    "import threadpoolctl, numpy; "
    "print(','.join(i.get('architecture', '?') for i in threadpoolctl.threadpool_info() if i['user_api'] == 'blas'))"
)


def run(name, variables):
    env = dict(os.environ, **variables)
    architecture = subprocess.run(
        [sys.executable, "-c", ARCHITECTURE], env=env, capture_output=True, text=True, check=True
    ).stdout.strip()
    start = time.perf_counter()
    log = LOGS / f"{name}.log"
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run([sys.executable, *PYTEST], env=env, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    summary = log.read_text(encoding="utf-8").strip().splitlines()[-1]
    return name, variables, architecture, result.returncode, summary, time.perf_counter() - start


def main():
    if platform.machine().lower() not in ("x86_64", "amd64"):
        print(f"커널 행렬은 x86-64 에서만 돕니다 (이 기계: {platform.machine()}). 건너뜁니다.")
        return 0
    LOGS.mkdir(parents=True, exist_ok=True)
    with ThreadPoolExecutor(len(SETTINGS)) as pool:
        results = list(pool.map(lambda setting: run(*setting), SETTINGS))
    print("| 요청한 커널 | 실제 커널 | RNNLIB_WORKERS | BLAS 스레드 | 결과 | 걸린 시간 |")
    print("|---|---|---|---|---|---|")
    failed = False
    for name, variables, architecture, code, summary, seconds in results:
        failed |= code != 0 or architecture.lower() != name.lower()
        blas = variables.get("OPENBLAS_NUM_THREADS", "기본")
        print(f"| {name} | {architecture} | {variables['RNNLIB_WORKERS']} | {blas} | {summary} | {seconds:.0f}초 |")
    if failed:
        print(f"실패한 설정이 있습니다. 로그: {LOGS.relative_to(ROOT)}/", file=sys.stderr)
    return int(failed)


if __name__ == "__main__":
    sys.exit(main())

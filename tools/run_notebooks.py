"""노트북을 새 커널에서 처음부터 끝까지 실행해 출력을 저장한다 (make notebooks).

실행 (저장소 맨 위 폴더에서):
    .venv/bin/python tools/run_notebooks.py                          # notebooks/5-*.ipynb 모두
    .venv/bin/python tools/run_notebooks.py notebooks/5-2_rnn.ipynb  # 하나만

저장된 출력은 커널 없이 보는 독자가 읽고, nbval 이 새 실행과 비교하는 기준이다. 그래서 손으로 고치지 않고
언제나 이 스크립트로 만든다. 실행한 뒤에 세 가지를 정리한다:
- 위젯 상태 (metadata.widgets) 를 지운다: 실행마다 바뀌어 diff 가 시끄럽고, 셀마다 저장된 정적 렌더링이 대신한다.
- 셀마다의 실행 시각 (metadata.execution) 을 지운다.
- 같은 셀에서 잇달아 나온 같은 스트림 (stdout, stderr) 출력을 하나로 합친다 (출력이 몇 조각으로 나뉘는지는
  실행마다 다를 수 있다).
"""

import argparse
import sys
import time
from pathlib import Path

import nbformat
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parents[1]


def merge_streams(outputs):
    """잇달아 나온 같은 이름의 stream 출력을 하나로 합친 목록."""
    merged = []
    for output in outputs:
        previous = merged[-1] if merged else None
        if (
            output.get("output_type") == "stream"
            and previous is not None
            and previous.get("output_type") == "stream"
            and previous.get("name") == output.get("name")
        ):
            previous["text"] = "".join(previous["text"]) + "".join(output["text"])
        else:
            merged.append(output)
    return merged


def tidy(nb):
    """실행한 노트북에서 실행마다 달라지는 메타데이터를 지우고 스트림 출력을 합친다."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        if cell.cell_type == "code":
            cell.outputs = merge_streams(cell.outputs)
    return nb


def run(path, timeout):
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb, timeout=timeout, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    client.execute()
    tidy(nb)
    nbformat.write(nb, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("notebooks", nargs="*", type=Path, help="실행할 노트북 (없으면 notebooks/5-*.ipynb 모두)")
    parser.add_argument("--timeout", type=int, default=600, help="셀 하나의 시간 제한 (초)")
    args = parser.parse_args()
    paths = args.notebooks or sorted((ROOT / "notebooks").glob("5-*.ipynb"))
    for path in paths:
        start = time.perf_counter()
        print(f"{path.name} 실행 중...", end=" ", flush=True)
        run(path.resolve(), args.timeout)
        print(f"{time.perf_counter() - start:.0f}초")
    return 0


if __name__ == "__main__":
    sys.exit(main())

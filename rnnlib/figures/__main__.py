"""python -m rnnlib.figures [그림 이름 ...] — images_equations/ 의 그림을 다시 만든다."""

import sys

from . import generate_all

if __name__ == "__main__":
    for path in generate_all(names=sys.argv[1:] or None):
        print(path.name)

# rnn-notebooks: 두 명령이면 된다.
#   make lab   가상환경(.venv)을 만들고 설치한 뒤 JupyterLab 으로 notebooks/ 를 연다 (강의실 설정, 발표 버튼)
#   make test  같은 준비 + 테스트 도구를 설치하고 모든 테스트를 돌린다 (다른 CPU 의 BLAS 커널로도 한 번 더)
#   make slides  노트북마다 발표용 reveal.js 슬라이드를 build/slides/ 에 만든다 (인터넷 없이 열린다)
#   make notebooks  노트북을 새 커널에서 처음부터 끝까지 실행해 저장된 출력을 새로 만든다 (고친 뒤, 커밋 전에)
#   make screenshots  README 의 그림 (docs/gallery/) 을 발표 덱의 브라우저 테스트로 다시 찍는다
# 이미 된 단계는 건너뛴다 (.venv 안의 표시 파일이 pyproject.toml 보다 새로우면).

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8888
ALLOW_ROOT := $(shell [ "$$(id -u)" = 0 ] && echo --allow-root)
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg

.PHONY: help lab slides notebooks screenshots test setup setup-test browser-deps lint clean

help:
	@echo "make lab   — 설치 후 JupyterLab 에서 노트북 열기 (PORT=8888 로 포트 지정)"
	@echo "make test  — 설치 후 모든 테스트 (단위 테스트, nbval, 브라우저 테스트)"
	@echo "make slides — 발표용 슬라이드 (build/slides/index.html, 인터넷 없이 열린다)"
	@echo "make notebooks — 노트북을 새 커널에서 다시 실행해 출력 저장 (NB=notebooks/5-2_rnn.ipynb 로 하나만)"
	@echo "make screenshots — README 의 위젯과 슬라이드 그림 (docs/gallery/) 을 다시 찍기"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 10))' 2>/dev/null || { \
	  echo "오류: Python 3.10 이상이 필요합니다 ('$(PYTHON)' 이 없거나 너무 오래되었습니다)." >&2; \
	  echo "      다른 파이썬을 쓰려면: make PYTHON=python3.11 ..." >&2; exit 1; }
	@$(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); \
	  echo "오류: 가상환경을 만들지 못했습니다. Debian/Ubuntu 라면 'sudo apt-get install python3-venv' 후 다시 실행하세요." >&2; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.lab-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	@touch $@

$(VENV)/.test-installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test]"
	@touch $@ $(VENV)/.lab-installed

setup: $(VENV)/.lab-installed
setup-test: $(VENV)/.test-installed

# 강의실 설정 (lab-settings/): 이 가상환경의 JupyterLab 에만 기본값으로 얹는다 (사용자의 ~/.jupyter 는 그대로).
# Jupyter 소식 알림이 슬라이드를 가리지 않게 한다. 무엇을 바꾸는지는 그 파일의 주석에.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.d/rnn-notebooks.json5

$(LAB_SETTINGS): lab-settings/rnn-notebooks.json5 | $(BIN)/python
	@mkdir -p $(dir $@)
	cp $< $@

# jupyter trust: 이 저장소의 노트북을 신뢰함으로 표시한다. 커널을 실행하기 전에는 위젯 자리에 저장된 정적
# 렌더링 (HTML 과 SVG) 이 보이는데, 신뢰하지 않은 노트북이면 JupyterLab 이 그 SVG 를 지워 글자만 남는다.
lab: setup $(LAB_SETTINGS)
	@$(BIN)/jupyter trust notebooks/5-*.ipynb >/dev/null
	$(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" --LabApp.default_url=/lab/tree/notebooks \
	  --port=$(PORT) $(ALLOW_ROOT)

slides: setup
	$(BIN)/python slides/build.py --out build/slides

notebooks: setup-test
	$(BIN)/python tools/run_notebooks.py $(NB)

# README 의 갤러리: 발표 덱의 브라우저 테스트가 위젯마다 찍는 화면을 docs/gallery/ 에 작은 WebP 로 남긴다
screenshots: setup-test browser-deps
	GALLERY=docs/gallery $(BIN)/python -m pytest -p no:cacheprovider -q tests/browser/test_deck.py

# 브라우저 테스트에 필요한 Debian 패키지: chromium (헤드리스 브라우저), fonts-nanum (화면의 한글)
browser-deps:
	@missing=""; [ -x /usr/bin/chromium ] || missing="chromium"; \
	dpkg -s fonts-nanum >/dev/null 2>&1 || missing="$$missing fonts-nanum"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  echo "브라우저 테스트용 패키지 설치:$$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
	  echo "알림: 브라우저 테스트에 필요한 패키지($$missing )가 없어 그 테스트는 건너뜁니다."; \
	  echo "      설치하려면: sudo apt-get install -y$$missing"; \
	fi

lint: setup-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check rnnlib tests benchmarks slides tools

# pytest 는 모을 테스트가 없으면 5 로 끝난다: 그건 실패가 아니다.
# 그와 함께 커널 행렬: 노트북과 단위 테스트를 다른 BLAS 커널 (Sandybridge, Nehalem) 과 일꾼 수로 다시 돌린다
# (저장된 출력이 이 기계의 CPU 에 기대지 않는지. tools/kernel_matrix.py). 커널 행렬은 BLAS 스레드 하나로 돌고
# 브라우저 테스트는 대부분 기다리는 시간이라, 둘을 동시에 돌리면 코어를 놀리지 않는다. 결과는 끝에 함께 찍는다
test: setup-test browser-deps lint
	@mkdir -p build
	@$(BIN)/python tools/kernel_matrix.py > build/kernel-matrix.txt 2>&1 & matrix=$$!; \
	$(BIN)/python -m pytest $(NBVAL) -p no:cacheprovider; rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "모을 테스트가 없습니다."; rc=0; fi; \
	wait $$matrix; matrix_rc=$$?; echo "커널 행렬 (tools/kernel_matrix.py):"; cat build/kernel-matrix.txt; \
	[ $$rc -eq 0 ] && [ $$matrix_rc -eq 0 ]

clean:
	rm -rf build .pytest_cache .ruff_cache

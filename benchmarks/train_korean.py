"""한국어 법령 텍스트 (헌법 + 법률안) 로 음절 단위 LSTM 언어 모델을 학습하고 검증 퍼플렉서티를 잰다.

실행 (저장소 맨 위 폴더에서):
    .venv/bin/python benchmarks/train_korean.py                 # 기본 설정: BetterRnnlm 2층, H = 200
    .venv/bin/python benchmarks/train_korean.py --model Rnnlm   # 교재의 Rnnlm (LSTM 1층, 드롭아웃 없음)

모델은 엔진 (rnnlib.fast) 의 것이고 가중치 파일은 코어와 같다.
말뭉치는 rnnlib.load_korean('all') 이다. 뒤쪽 --valid-fraction (기본 10%) 은 학습에 쓰지 않고
검증 퍼플렉서티를 재는 데만 쓴다. 에폭마다 RnnlmTrainer 로 한 에폭을 학습하고 rnnlib.eval_perplexity 로
검증 퍼플렉서티를 잰다. 나아지지 않으면 학습률을 4 로 나누고 (교재의 방식), 가장 좋았던 가중치를 남긴다.

결과: data/trained/korean_lstm.npz (save_params, float32) 와 data/trained/korean_lstm.json
(설정, 에폭마다의 학습·검증 퍼플렉서티, 최종 검증 퍼플렉서티, 걸린 시간, 명령, 어휘). 5.5b 노트북이 이 파일들을 읽는다.
"""

import os

# 이 모델의 행렬은 작아서 BLAS 스레드 하나가 더 빠르다 (여러 작업이 코어를 나눠 쓰는 기계에서는 특히)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import argparse  # noqa: E402
import json  # noqa: E402
import platform  # noqa: E402
import shlex  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import numpy as np  # noqa: E402

from rnnlib import SGD, RnnlmTrainer, eval_perplexity, load_korean  # noqa: E402
from rnnlib.fast import BetterRnnlm, Rnnlm  # noqa: E402  (엔진: 코어와 같은 모델을 더 빨리)

ROOT = Path(__file__).resolve().parents[1]
MODELS = {"Rnnlm": Rnnlm, "BetterRnnlm": BetterRnnlm}
EVAL_BATCH_SIZE, EVAL_TIME_SIZE = 10, 35  # eval_perplexity 의 기본값. 노트북과 테스트가 같은 값으로 다시 잰다


def parse_args(argv):
    parser = argparse.ArgumentParser(description="한국어 법령 텍스트로 음절 단위 LSTM 언어 모델을 학습한다.")
    parser.add_argument("--model", choices=sorted(MODELS), default="BetterRnnlm")
    parser.add_argument("--hidden-size", type=int, default=200, help="H (BetterRnnlm 은 D = H)")
    parser.add_argument("--wordvec-size", type=int, default=None, help="D (Rnnlm 만, 기본은 H 와 같다)")
    parser.add_argument("--num-layers", type=int, default=2, help="LSTM 층 수 (BetterRnnlm 만)")
    parser.add_argument("--dropout", type=float, default=0.5, help="드롭아웃 비율 (BetterRnnlm 만)")
    parser.add_argument("--epochs", type=int, default=40)
    parser.add_argument("--batch-size", type=int, default=20)
    parser.add_argument("--time-size", type=int, default=35)
    parser.add_argument("--lr", type=float, default=20.0)
    parser.add_argument("--max-grad", type=float, default=0.25, help="기울기 클리핑의 최대 노름")
    parser.add_argument("--valid-fraction", type=float, default=0.1, help="검증에 떼어 둘 말뭉치 뒤쪽의 비율")
    parser.add_argument(
        "--time-budget-min", type=float, default=10.0, help="이 시간 (분) 이 지나면 다음 에폭을 시작하지 않는다"
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--out-dir", default=str(ROOT / "data" / "trained"))
    args = parser.parse_args(argv)
    if not 0 < args.valid_fraction < 0.5:
        parser.error(f"--valid-fraction 은 0 과 0.5 사이여야 하는데 {args.valid_fraction} 입니다.")
    return args


def split_corpus(corpus, valid_fraction):
    """말뭉치를 앞 (학습) 과 뒤 (검증) 로 나눈다. 노트북과 테스트도 이 규칙으로 다시 나눈다."""
    split = int(round(len(corpus) * (1 - valid_fraction)))
    return corpus[:split], corpus[split:]


def build_model(config, vocab_size):
    H = config["hidden_size"]
    if config["model"] == "Rnnlm":
        return Rnnlm(vocab_size, config["wordvec_size"], H, rng=config["seed"])
    return BetterRnnlm(
        vocab_size, H, H, dropout_ratio=config["dropout"], rng=config["seed"], num_layers=config["num_layers"]
    )


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    corpus, char_to_id, id_to_char = load_korean("all")
    vocab_size = len(char_to_id)
    train, valid = split_corpus(corpus, args.valid_fraction)
    config = {
        "model": args.model,
        "vocab_size": vocab_size,
        "wordvec_size": args.hidden_size if args.model == "BetterRnnlm" else (args.wordvec_size or args.hidden_size),
        "hidden_size": args.hidden_size,
        "num_layers": args.num_layers if args.model == "BetterRnnlm" else 1,
        "dropout": args.dropout if args.model == "BetterRnnlm" else 0.0,
        "batch_size": args.batch_size,
        "time_size": args.time_size,
        "optimizer": "SGD",
        "lr": args.lr,
        "max_grad": args.max_grad,
        "epochs": args.epochs,
        "seed": args.seed,
    }
    argv_used = sys.argv[1:] if argv is None else argv
    command = " ".join([".venv/bin/python", "benchmarks/train_korean.py", *map(shlex.quote, argv_used)])
    model = build_model(config, vocab_size)
    optimizer = SGD(args.lr)
    trainer = RnnlmTrainer(model, optimizer)
    print(f"설정: {config}", flush=True)
    print(f"말뭉치 {len(corpus):,} 글자 (학습 {len(train):,}, 검증 {len(valid):,}), 어휘 {vocab_size}", flush=True)

    history = {"epoch": [], "lr": [], "train_ppl": [], "valid_ppl": [], "elapsed_seconds": []}
    best_ppl, best_params = float("inf"), None
    stopped = "계획한 에폭을 모두 돌았다"
    for epoch in range(1, args.epochs + 1):
        # 한 에폭씩 학습한다: eval_interval 을 한 에폭의 반복 수보다 크게 두어 ppl_list 에 에폭 평균만 남긴다
        trainer.fit(
            train[:-1], train[1:], max_epoch=1, batch_size=args.batch_size, time_size=args.time_size,
            max_grad=args.max_grad, eval_interval=None, quiet=True,
        )  # fmt: skip
        train_ppl = eval_perplexity(model, train, EVAL_BATCH_SIZE, EVAL_TIME_SIZE, quiet=True)
        valid_ppl = eval_perplexity(model, valid, EVAL_BATCH_SIZE, EVAL_TIME_SIZE, quiet=True)
        elapsed = time.perf_counter() - started
        for key, value in (
            ("epoch", epoch), ("lr", optimizer.lr), ("train_ppl", round(train_ppl, 3)),
            ("valid_ppl", round(valid_ppl, 3)), ("elapsed_seconds", round(elapsed, 1)),
        ):  # fmt: skip
            history[key].append(value)
        print(
            f"에폭 {epoch:2d}: 학습 {train_ppl:7.2f}, 검증 {valid_ppl:7.2f}, lr {optimizer.lr:g}, "
            f"경과 {elapsed:.0f} 초",
            flush=True,
        )
        if valid_ppl < best_ppl:
            best_ppl, best_params = valid_ppl, [p.copy() for p in model.params]
        else:
            optimizer.lr /= 4  # 검증 퍼플렉서티가 나아지지 않았다: 학습률을 4 로 나눈다
        if elapsed / epoch * (epoch + 1) > args.time_budget_min * 60:
            stopped = f"시간 예산 {args.time_budget_min:g}분: 다음 에폭이 예산을 넘기므로 에폭 {epoch}에서 멈췄다"
            print(stopped, flush=True)
            break

    for param, best in zip(model.params, best_params):
        param[...] = best
    final_valid = eval_perplexity(model, valid, EVAL_BATCH_SIZE, EVAL_TIME_SIZE, quiet=True)
    wall = time.perf_counter() - started

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    weights = model.save_params(out_dir / "korean_lstm.npz")
    result = {
        "config": config,
        "corpus": "rnnlib.load_korean('all')",
        "split": {
            "valid_fraction": args.valid_fraction,
            "train_size": len(train),
            "valid_size": len(valid),
            "rule": "train = corpus[:split], valid = corpus[split:], split = round(len(corpus) * (1 - valid_fraction))",
        },
        "epochs_run": len(history["epoch"]),
        "time_budget_min": args.time_budget_min,
        "stopped": stopped,
        "history": history,
        "best_epoch": history["epoch"][int(np.argmin(history["valid_ppl"]))],
        "valid_ppl": round(final_valid, 4),
        "evaluation": f"rnnlib.eval_perplexity(model, valid, batch_size={EVAL_BATCH_SIZE}, time_size={EVAL_TIME_SIZE})",
        "wall_seconds": round(wall, 1),
        "command": command,
        "machine": {
            "cpu_count": os.cpu_count(),
            "python": platform.python_version(),
            "numpy": np.__version__,
            "note": "2 코어 공유 기계 (다른 작업과 함께 돌았다). 시간은 벽시계 기준.",
        },
        "weights": str(weights.relative_to(ROOT)) if weights.is_relative_to(ROOT) else str(weights),
        "vocabulary": [id_to_char[i] for i in range(vocab_size)],
    }
    # 맨 위 키마다 한 줄: 어휘 558 글자와 에폭마다의 기록이 한 줄씩에 들어가 파일을 훑어보기 쉽다
    lines = [f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)}" for key, value in result.items()]
    (out_dir / "korean_lstm.json").write_text("{\n" + ",\n".join(lines) + "\n}\n", encoding="utf-8")
    print(f"검증 퍼플렉서티 {final_valid:.2f} (균등 모델이라면 {vocab_size})", flush=True)
    print(f"걸린 시간 {wall / 60:.1f} 분 ({wall:.0f} 초)", flush=True)
    print(f"명령: {command}", flush=True)
    return result


if __name__ == "__main__":
    main()

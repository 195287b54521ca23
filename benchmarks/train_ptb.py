"""PTB 전체로 LSTM 언어 모델을 학습하고 검증/테스트 퍼플렉서티를 잰다.

실행 (저장소 맨 위 폴더에서):
    .venv/bin/python benchmarks/train_ptb.py --setting textbook   # 교재의 설정: LSTM 1층, D = H = 100, 4 에폭
    .venv/bin/python benchmarks/train_ptb.py --setting better     # 더 나은 설정: 2층, 가중치 묶기, 드롭아웃, lr 줄이기

모델은 엔진 (rnnlib.fast) 의 것이다.
진행 상황을 찍고, 끝나면 rnnlib.eval_perplexity 로 잰 검증·테스트 퍼플렉서티, 걸린 시간, 다시 돌리는 명령을 찍는다.
결과는 data/trained/ptb_lstm_<setting>.json (에폭마다의 학습·검증 퍼플렉서티, 설정, 명령, 기계 정보) 에,
better 의 가중치는 data/trained/ptb_lstm_better.npz (save_params, float32) 에 쓴다. 5.5 노트북이 이 파일들을 읽는다.

학습률 일정 (better): 검증 퍼플렉서티가 나아지지 않으면 lr 을 4 로 나누고 (교재의 방식), 계획한 마지막
decay_epochs 에폭 동안에도 에폭마다 4 로 나눈다. --time-budget-min 을 주면 남은 시간에 들어가는 만큼으로
에폭 계획을 줄인다 (줄여도 마지막 에폭들의 lr 줄이기는 지킨다). 테스트는 검증 퍼플렉서티가 가장 좋았던 가중치로 잰다.
"""

import argparse
import json
import os
import platform
import shlex
import sys
import time
from pathlib import Path

import numpy as np

from rnnlib import SGD, clip_grads, eval_perplexity, get_batch, iters_per_epoch, load_ptb
from rnnlib.fast import BetterRnnlm, Rnnlm  # 엔진: 코어와 같은 모델을 더 빨리 (가중치 파일은 코어와 같다)

ROOT = Path(__file__).resolve().parents[1]

SETTINGS = {
    # 교재 6장 train_rnnlm.py 와 같은 설정 (교재가 보고한 테스트 퍼플렉서티 약 136)
    "textbook": dict(
        model="Rnnlm", wordvec_size=100, hidden_size=100, num_layers=1, dropout=0.0,
        batch_size=20, time_size=35, lr=20.0, max_grad=0.25, epochs=4, decay_epochs=0, plateau_decay=False,
    ),
    # 작은 2층 LSTM + 가중치 묶기 + 드롭아웃 0.2 + lr 줄이기 (30 분 안에 테스트 퍼플렉서티 115 이하가 목표)
    "better": dict(
        model="BetterRnnlm", wordvec_size=200, hidden_size=200, num_layers=2, dropout=0.2,
        batch_size=20, time_size=35, lr=20.0, max_grad=0.25, epochs=12, decay_epochs=3, plateau_decay=True,
    ),
}  # fmt: skip


def parse_args(argv):
    parser = argparse.ArgumentParser(description="PTB 로 LSTM 언어 모델을 학습하고 퍼플렉서티를 잰다.")
    parser.add_argument("--setting", choices=sorted(SETTINGS), required=True)
    parser.add_argument("--epochs", type=int, help="계획한 에폭 수 (설정의 값을 바꾼다)")
    parser.add_argument("--decay-epochs", type=int, help="마지막 몇 에폭에서 에폭마다 lr 을 4 로 나눌지")
    parser.add_argument("--hidden-size", type=int, help="H (better 는 D = H)")
    parser.add_argument("--dropout", type=float)
    parser.add_argument("--batch-size", type=int)
    parser.add_argument("--lr", type=float)
    parser.add_argument("--time-budget-min", type=float, help="이 시간 (분) 안에 끝나도록 에폭 계획을 줄인다")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--log-every", type=int, default=200, help="몇 반복마다 진행을 찍을지")
    parser.add_argument("--out-dir", default=str(ROOT / "data" / "trained"))
    return parser.parse_args(argv)


def build_model(config, vocab_size, seed):
    D, H = config["wordvec_size"], config["hidden_size"]
    if config["model"] == "Rnnlm":
        return Rnnlm(vocab_size, D, H, rng=seed)
    return BetterRnnlm(vocab_size, D, H, dropout_ratio=config["dropout"], rng=seed, num_layers=config["num_layers"])


def machine_note():
    return {
        "cpu_count": os.cpu_count(),
        "processor": platform.processor() or platform.machine(),
        "python": platform.python_version(),
        "numpy": np.__version__,
        "load_average_at_start": list(os.getloadavg()),
        "note": "2 코어 공유 기계 (다른 작업과 함께 돌았다). 시간은 벽시계 기준.",
    }


def main(argv=None):
    args = parse_args(argv)
    started = time.perf_counter()
    config = dict(SETTINGS[args.setting])
    for key in ("epochs", "decay_epochs", "dropout", "batch_size", "lr"):
        if getattr(args, key) is not None:
            config[key] = getattr(args, key)
    if args.hidden_size is not None:
        config["hidden_size"] = args.hidden_size
        if config["model"] == "BetterRnnlm":
            config["wordvec_size"] = args.hidden_size
    arguments = sys.argv[1:] if argv is None else argv
    command = " ".join([".venv/bin/python", "benchmarks/train_ptb.py", *map(shlex.quote, arguments)])
    machine = machine_note()

    corpus, _, _ = load_ptb("train")
    valid_corpus, test_corpus = load_ptb("valid")[0], load_ptb("test")[0]
    vocab_size = int(corpus.max()) + 1
    xs, ts = corpus[:-1], corpus[1:]
    N, T = config["batch_size"], config["time_size"]
    max_iters = iters_per_epoch(len(xs), N, T)
    model = build_model(config, vocab_size, args.seed)
    optimizer = SGD(config["lr"])
    print(f"설정 {args.setting}: {config}", flush=True)
    print(f"말뭉치 {len(corpus):,} 단어, 어휘 {vocab_size}, 에폭마다 {max_iters} 반복", flush=True)

    plan = config["epochs"]  # 계획한 에폭 수 (시간 예산에 맞춰 줄어들 수 있다)
    lr = config["lr"]
    history = {"epoch": [], "lr": [], "train_ppl": [], "valid_ppl": [], "epoch_seconds": [], "elapsed_seconds": []}
    iteration_curve = {"iteration": [], "train_ppl": []}
    best_ppl, best_params = float("inf"), None
    time_idx, epoch = 0, 0
    while epoch < plan:
        epoch += 1
        # 계획한 마지막 decay_epochs 에폭에서는 에폭마다 lr 을 4 로 나눈다
        if config["decay_epochs"] and epoch > plan - config["decay_epochs"]:
            lr /= 4
        optimizer.lr = lr
        epoch_start = time.perf_counter()
        epoch_loss, window_loss, window_count = 0.0, 0.0, 0
        for it in range(max_iters):
            batch_x, batch_t = get_batch(xs, ts, N, T, time_idx)
            time_idx += T
            loss = model.forward(batch_x, batch_t)
            model.backward()
            clip_grads(model.grads, config["max_grad"])
            optimizer.update(model.params, model.grads)
            epoch_loss += loss
            window_loss += loss
            window_count += 1
            if (it + 1) % args.log_every == 0 or it + 1 == max_iters:
                ppl = float(np.exp(window_loss / window_count))
                iteration_curve["iteration"].append((epoch - 1) * max_iters + it + 1)
                iteration_curve["train_ppl"].append(round(ppl, 3))
                seconds = time.perf_counter() - epoch_start
                print(
                    f"에폭 {epoch}/{plan} 반복 {it + 1}/{max_iters} 학습 퍼플렉서티 {ppl:8.2f} lr {lr:g} "
                    f"({seconds / (it + 1) * 1000:.0f} ms/반복, 경과 {(time.perf_counter() - started) / 60:.1f} 분)",
                    flush=True,
                )
                window_loss, window_count = 0.0, 0
        train_ppl = float(np.exp(epoch_loss / max_iters))
        valid_ppl = eval_perplexity(model, valid_corpus, quiet=True)  # 드롭아웃을 끄고, 상태를 지우고 잰다
        epoch_seconds = time.perf_counter() - epoch_start
        elapsed = time.perf_counter() - started
        for key, value in (
            ("epoch", epoch), ("lr", lr), ("train_ppl", round(train_ppl, 3)), ("valid_ppl", round(valid_ppl, 3)),
            ("epoch_seconds", round(epoch_seconds, 1)), ("elapsed_seconds", round(elapsed, 1)),
        ):  # fmt: skip
            history[key].append(value)
        print(f"== 에폭 {epoch}: 학습 {train_ppl:.2f}, 검증 {valid_ppl:.2f}, {epoch_seconds:.0f} 초", flush=True)
        if valid_ppl < best_ppl:
            best_ppl, best_params = valid_ppl, [p.copy() for p in model.params]
        elif config["plateau_decay"]:
            lr /= 4  # 검증 퍼플렉서티가 나아지지 않았다: 교재처럼 lr 을 4 로 나눈다
        if args.time_budget_min is not None and epoch < plan:
            # 마지막 검증·테스트 평가와 저장에 에폭 시간의 0.2 배를 남긴다
            remaining = args.time_budget_min * 60 - elapsed - 0.2 * epoch_seconds
            fits = epoch + int(remaining // epoch_seconds)
            if fits < plan:
                plan = max(fits, epoch)
                print(f"시간 예산 {args.time_budget_min} 분: 에폭 계획을 {plan} 로 줄인다", flush=True)

    if best_params is not None:
        for param, best in zip(model.params, best_params):
            param[...] = best
    final_valid = eval_perplexity(model, valid_corpus, quiet=True)
    test_ppl = eval_perplexity(model, test_corpus, quiet=True)
    wall = time.perf_counter() - started

    out_dir = Path(args.out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = f"ptb_lstm_{args.setting}"
    result = {
        "setting": args.setting,
        "config": config,
        "seed": args.seed,
        "epochs_run": epoch,
        "history": history,
        "iteration_curve": {"log_every": args.log_every, **iteration_curve},
        "valid_ppl": round(final_valid, 3),
        "test_ppl": round(test_ppl, 3),
        "wall_seconds": round(wall, 1),
        "command": command,
        "machine": {**machine, "load_average_at_end": list(os.getloadavg())},
        "evaluation": "rnnlib.eval_perplexity(model, corpus, batch_size=10, time_size=35), 드롭아웃 끔",
    }
    if args.setting == "better":
        weights = model.save_params(out_dir / f"{stem}.npz")
        result["weights"] = str(weights.relative_to(ROOT)) if weights.is_relative_to(ROOT) else str(weights)
    (out_dir / f"{stem}.json").write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"검증 퍼플렉서티 {final_valid:.2f}", flush=True)
    print(f"테스트 퍼플렉서티 {test_ppl:.2f}", flush=True)
    print(f"걸린 시간 {wall / 60:.1f} 분 ({wall:.0f} 초)", flush=True)
    print(f"명령: {command}", flush=True)
    return result


if __name__ == "__main__":
    main()

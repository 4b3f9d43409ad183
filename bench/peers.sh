#!/usr/bin/env bash
# Side-by-side benchmark of bleedrisk against scikit-learn and XGBoost
# (../shared/peers/peer_bench.py), on the same CSV, the same folds (read
# from the peer's out-of-fold files), 5 folds x 2 repeats, 2 threads.
#
#   bench/peers.sh            # both data sets: the peers' demo cohort and
#                             # the synthetic cohort (1-365 day outcome)
#   ROUNDS=5 SEEDS=8 bench/peers.sh
#
# Times: the two sides run alternately ROUNDS times (default 3) on the same
# folds; the table gives each side's median wall time and their ratio, and
# the spread of the per-round ratios. On a small shared virtual machine one
# run can be 30 % slower than the next, for either side.
# Accuracy: the table's AUROC, Brier and slope are those of seed 1 (the
# same in every round). Because one seed's AUROC differs from the next by
# about 0.01 for the same method, the random forest and boosting are also
# run at seeds 1..SEEDS (default 5; each seed draws its own folds, shared by
# both sides) and the mean AUROC of each side and of the differences is
# printed after the table.
#
# Needs Debian's python3-sklearn, python3-xgboost, python3-pandas (see
# ../shared/peers/README.md); never part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=/usr/bin/python3
PEERS=${PEERS:-../shared/peers}
out=${OUT:-/tmp/bleedrisk-peers}
mkdir -p "$out"
go build -o "$out/peers" ./bench/peers
go build -o "$out/bleedrisk" ./cmd/bleedrisk

# The peers' demo cohort.
$PY "$PEERS/make_demo.py" --out "$out/demo.csv" --truth-out "$out/demo_truth.json" >/dev/null

# The synthetic cohort as one numeric table with a binary outcome (bleeding
# in days 1-365, censored patients left out), so both sides see the same
# features: bleedrisk's engineered matrix without imputation.
rm -rf "$out/synth" "$out/synth_features.csv"
"$out/bleedrisk" synth --out "$out/synth" >/dev/null
"$out/bleedrisk" features --data "$out/synth/cohort.csv" --dict "$out/synth/dictionary.yaml" --out "$out/synth_features.csv" >/dev/null
$PY - "$out" <<'PYEOF'
import sys, pandas as pd, numpy as np
out = sys.argv[1]
c = pd.read_csv(f"{out}/synth/cohort.csv", usecols=["patient_id", "days_to_bleed", "days_to_death", "days_followup"])
ev, de, fu = c.days_to_bleed, c.days_to_death, c.days_followup
y = np.where(ev.notna() & (ev >= 1) & (ev <= 365), 1.0, np.where(((de.notna()) & (de <= 365)) | (fu >= 365), 0.0, np.nan))
y[(ev.notna() & (ev < 1)).to_numpy()] = np.nan
f = pd.read_csv(f"{out}/synth_features.csv")
f = f[[col for col in f.columns if not col.endswith("#category")]]
f["bleed_1_365"] = y
f = f[f.bleed_1_365.notna()]
f["bleed_1_365"] = f.bleed_1_365.astype(int)
f.to_csv(f"{out}/synth.csv", index=False)
PYEOF

ROUNDS=${ROUNDS:-3}
SEEDS=${SEEDS:-5}
for set in demo:bleed_12m synth:bleed_1_365; do
  name=${set%%:*}; outcome=${set##*:}
  for r in $(seq 1 "$ROUNDS"); do
    echo "== $name ($outcome), round $r of $ROUNDS" >&2
    $PY "$PEERS/peer_bench.py" --data "$out/$name.csv" --outcome "$outcome" --id patient_id \
      --folds 5 --repeats 2 --seed 1 --models lr,l1lr,rf,xgb --n-jobs 2 --oof-dir "$out/oof_$name" > "$out/peer_${name}_r$r.jsonl"
    "$out/peers" --data "$out/$name.csv" --outcome "$outcome" --id patient_id --oof-dir "$out/oof_$name" \
      --models lr,l1lr,rf,xgb > "$out/go_${name}_r$r.jsonl"
  done
  for s in $(seq 1 "$SEEDS"); do
    echo "== $name ($outcome), accuracy at seed $s of $SEEDS" >&2
    $PY "$PEERS/peer_bench.py" --data "$out/$name.csv" --outcome "$outcome" --id patient_id \
      --folds 5 --repeats 2 --seed "$s" --models rf,xgb --n-jobs 2 --oof-dir "$out/oof_${name}_s$s" > "$out/peer_${name}_s$s.jsonl"
    "$out/peers" --data "$out/$name.csv" --outcome "$outcome" --id patient_id --oof-dir "$out/oof_${name}_s$s" \
      --folds-from rf --seed "$s" --models rf,xgb > "$out/go_${name}_s$s.jsonl"
  done
done

$PY - "$out" "$ROUNDS" "$SEEDS" <<'PYEOF'
import json, statistics, sys
out, rounds, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
label = {"lr": "ridge (L2, C=1)", "l1lr": "lasso (L1, C=0.1)", "rf": "random forest, 500 trees", "xgb": "gradient boosting, 300 trees, depth 4"}
impl = {"lr": "sklearn lbfgs", "l1lr": "sklearn saga", "rf": "sklearn", "xgb": "XGBoost hist"}

def models(path):
    return {r["model"]: r for r in map(json.loads, open(path)) if r.get("kind") == "model"}

def secs(m, r):
    return r["lasso_path_100_s"] if m == "l1lr" and "lasso_path_100_s" in r else r["fit_predict_s"]

print(f"| data | model | peer | peer AUROC | bleedrisk AUROC | peer Brier | bleedrisk Brier | peer calib. slope | bleedrisk calib. slope | peer s | bleedrisk s | time ratio (per-round range) |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ("demo", "synth"):
    peer = [models(f"{out}/peer_{name}_r{r}.jsonl") for r in range(1, rounds + 1)]
    mine = [models(f"{out}/go_{name}_r{r}.jsonl") for r in range(1, rounds + 1)]
    for m in ("lr", "l1lr", "rf", "xgb"):
        if m not in peer[0] or m not in mine[0]:
            continue
        p, g = peer[0][m], mine[0][m]
        ps = [x[m]["fit_predict_s"] for x in peer]
        gs = [secs(m, x[m]) for x in mine]
        ratios = [b / a for a, b in zip(ps, gs)]
        note = " (bleedrisk: full 100-λ path)" if m == "l1lr" else ""
        pm, gm = statistics.median(ps), statistics.median(gs)
        print(f"| {name} | {label[m]}{note} | {impl[m]} | {p['auroc_mean']:.3f} ± {p['auroc_sd']:.3f} | {g['auroc_mean']:.3f} ± {g['auroc_sd']:.3f} | "
              f"{p['brier_mean']:.4f} | {g['brier_mean']:.4f} | {p.get('calib_slope', float('nan')):.2f} | {g['calib_slope']:.2f} | "
              f"{pm:.2f} | {gm:.2f} | {gm / pm:.2f} ({min(ratios):.2f}–{max(ratios):.2f}) |")
print()
print(f"Mean AUROC over seeds 1–{seeds} (10 fits each; difference bleedrisk − peer, mean ± SD over seeds):")
print()
print("| data | model | peer | bleedrisk | difference |")
print("|---|---|---:|---:|---:|")
for name in ("demo", "synth"):
    for m in ("rf", "xgb"):
        a = [models(f"{out}/peer_{name}_s{s}.jsonl")[m]["auroc_mean"] for s in range(1, seeds + 1)]
        b = [models(f"{out}/go_{name}_s{s}.jsonl")[m]["auroc_mean"] for s in range(1, seeds + 1)]
        d = [y - x for x, y in zip(a, b)]
        sd = statistics.stdev(d) if len(d) > 1 else float("nan")
        print(f"| {name} | {label[m]} | {statistics.mean(a):.4f} | {statistics.mean(b):.4f} | {statistics.mean(d):+.4f} ± {sd:.4f} |")
PYEOF

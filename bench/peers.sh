#!/usr/bin/env bash
# Side-by-side benchmark of bleedrisk against scikit-learn and XGBoost
# (../shared/peers/peer_bench.py), on the same CSV, the same folds (read
# from the peer's out-of-fold files), 5 folds x 2 repeats, 2 threads.
#
#   bench/peers.sh            # both data sets: the peers' demo cohort and
#                             # the synthetic cohort (1-365 day outcome)
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

for set in demo:bleed_12m synth:bleed_1_365; do
  name=${set%%:*}; outcome=${set##*:}
  echo "== $name ($outcome)" >&2
  $PY "$PEERS/peer_bench.py" --data "$out/$name.csv" --outcome "$outcome" --id patient_id \
    --folds 5 --repeats 2 --seed 1 --models lr,l1lr,rf,xgb --n-jobs 2 --oof-dir "$out/oof_$name" > "$out/peer_$name.jsonl"
  "$out/peers" --data "$out/$name.csv" --outcome "$outcome" --id patient_id --oof-dir "$out/oof_$name" \
    --models lr,l1lr,rf,xgb > "$out/go_$name.jsonl"
done

$PY - "$out" <<'PYEOF'
import json, sys
out = sys.argv[1]
label = {"lr": "ridge (L2, C=1)", "l1lr": "lasso (L1, C=0.1)", "rf": "random forest, 500 trees", "xgb": "gradient boosting, 300 trees, depth 4"}
print("| data | model | peer | peer AUROC | bleedrisk AUROC | peer Brier | bleedrisk Brier | peer calib. slope | bleedrisk calib. slope | peer s | bleedrisk s | time ratio |")
print("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
for name in ("demo", "synth"):
    peer = {r["model"]: r for r in map(json.loads, open(f"{out}/peer_{name}.jsonl")) if r.get("kind") == "model"}
    mine = {r["model"]: r for r in map(json.loads, open(f"{out}/go_{name}.jsonl"))}
    for m in ("lr", "l1lr", "rf", "xgb"):
        p, g = peer.get(m), mine.get(m)
        if not p or not g:
            continue
        impl = {"lr": "sklearn lbfgs", "l1lr": "sklearn saga", "rf": "sklearn", "xgb": "XGBoost hist"}[m]
        gs = g["fit_predict_s"]
        note = ""
        if m == "l1lr":
            gs = g["lasso_path_100_s"]
            note = " (bleedrisk: full 100-λ path)"
        print(f"| {name} | {label[m]}{note} | {impl} | {p['auroc_mean']:.3f} ± {p['auroc_sd']:.3f} | {g['auroc_mean']:.3f} ± {g['auroc_sd']:.3f} | "
              f"{p['brier_mean']:.4f} | {g['brier_mean']:.4f} | {p.get('calib_slope', float('nan')):.2f} | {g['calib_slope']:.2f} | "
              f"{p['fit_predict_s']:.2f} | {gs:.2f} | {gs / p['fit_predict_s']:.2f} |")
PYEOF

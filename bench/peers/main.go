// Command peers runs bleedrisk's models on the same CSV, with the same
// folds, preprocessing and hyperparameters as ../shared/peers/peer_bench.py
// (scikit-learn and XGBoost), and prints one JSON line per model in the
// peer's format, for a side-by-side comparison of speed and accuracy.
// bench/peers.sh runs both sides in one go and prints the table.
//
// Folds are read from the peer's --oof-dir output (oof_<model>_r<k>.csv:
// id, y, p, fold), so both sides fit and score exactly the same rows.
// Preprocessing matches the peer's: numeric columns median-imputed,
// categorical columns one-hot with missing as its own level, all fitted on
// the training rows; the linear models also standardise. The k-th fit has
// seed --seed + k, as the peer's random_state; ridge, the forest and
// boosting get --workers goroutines, as the peer gives its estimators and
// BLAS --n-jobs threads.
package main

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/ostfold-vte/bleedrisk/datasets"
	"github.com/ostfold-vte/bleedrisk/features"
	"github.com/ostfold-vte/bleedrisk/models"
	"github.com/ostfold-vte/bleedrisk/models/forest"
	"github.com/ostfold-vte/bleedrisk/models/gbm"
	"github.com/ostfold-vte/bleedrisk/models/glmnet"
	"github.com/ostfold-vte/bleedrisk/models/logistic"
	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

func main() {
	data := flag.String("data", "", "CSV file")
	outcome := flag.String("outcome", "", "binary outcome column")
	id := flag.String("id", "", "id column")
	oofDir := flag.String("oof-dir", "", "the peer's --oof-dir (its folds are reused)")
	foldsFrom := flag.String("folds-from", "lr", "which peer model's oof files to read the folds from")
	list := flag.String("models", "lr,l1lr,rf,xgb", "peer model names to mirror: lr, l1lr, rf, xgb")
	repeats := flag.Int("repeats", 2, "repeats in the oof files")
	lrC := flag.Float64("lr-c", 1, "C of the peer's lr")
	l1C := flag.Float64("l1-c", 0.1, "C of the peer's l1lr")
	workers := flag.Int("workers", 2, "threads of a fit (ridge, rf and gbm)")
	seed := flag.Uint64("seed", 1, "the k-th fit (k = 0, 1, …) has seed seed+k, like the peer's random_state")
	cpuProfile := flag.String("cpuprofile", "", "write a CPU profile of the run to this file")
	flag.Parse()
	if *cpuProfile != "" {
		f, err := os.Create(*cpuProfile)
		if err == nil {
			err = pprof.StartCPUProfile(f)
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, "peers:", err)
			os.Exit(1)
		}
	}
	err := run(*data, *outcome, *id, *oofDir, *foldsFrom, *list, *repeats, *lrC, *l1C, *workers, *seed)
	pprof.StopCPUProfile() // a no-op without -cpuprofile
	if err != nil {
		fmt.Fprintln(os.Stderr, "peers:", err)
		os.Exit(1)
	}
}

type split struct{ train, test []int }

func run(data, outcome, id, oofDir, foldsFrom, list string, repeats int, lrC, l1C float64, workers int, seed uint64) error {
	raw, err := os.ReadFile(data)
	if err != nil {
		return err
	}
	t, ps := datasets.ReadTable(bytes.NewReader(raw), datasets.TableOptions{File: data})
	if ps.HasErrors() {
		return ps
	}
	d, err := datasets.Draft(t, datasets.DraftOptions{ID: id, Outcome: []string{outcome}})
	if err != nil {
		return err
	}
	// Every column is a plain predictor here, as in the peer: no exclusions by name.
	for i := range d.Columns {
		if d.Columns[i].Group == datasets.GroupExclude {
			d.Columns[i].Group = datasets.GroupBaseline
			if d.Columns[i].Type == "" {
				d.Columns[i].Type = datasets.Categorical
			}
		}
	}
	c, err := datasets.Load(bytes.NewReader(raw), d, datasets.Options{File: data})
	if err != nil {
		return err
	}
	y := c.Outcome.Binary[outcome]
	index := map[string]int{}
	for i, pid := range c.IDs {
		index[pid] = i
	}
	var splits []split
	for r := 1; r <= repeats; r++ {
		fold, err := readFolds(filepath.Join(oofDir, fmt.Sprintf("oof_%s_r%d.csv", foldsFrom, r)), index)
		if err != nil {
			return err
		}
		k := 0
		for _, f := range fold {
			k = max(k, f+1)
		}
		for f := 0; f < k; f++ {
			var s split
			for i, fi := range fold {
				if fi == f {
					s.test = append(s.test, i)
				} else {
					s.train = append(s.train, i)
				}
			}
			splits = append(splits, s)
		}
	}
	for _, name := range strings.Split(list, ",") {
		res, err := runModel(strings.TrimSpace(name), c, y, splits, repeats, lrC, l1C, workers, seed)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		b, _ := json.Marshal(res)
		fmt.Println(string(b))
	}
	return nil
}

func readFolds(path string, index map[string]int) ([]int, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%w (run the peer with --oof-dir first)", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	fold := make([]int, len(index))
	for _, r := range recs[1:] {
		i, ok := index[r[0]]
		if !ok {
			return nil, fmt.Errorf("%s: unknown id %s", path, r[0])
		}
		if fold[i], err = strconv.Atoi(r[3]); err != nil {
			return nil, err
		}
	}
	return fold, nil
}

// result mirrors the peer's JSON line.
type result struct {
	Kind        string  `json:"kind"`
	Model       string  `json:"model"`
	Impl        string  `json:"impl"`
	AUROCMean   float64 `json:"auroc_mean"`
	AUROCSD     float64 `json:"auroc_sd"`
	BrierMean   float64 `json:"brier_mean"`
	CalibSlope  float64 `json:"calib_slope"`
	FitPredictS float64 `json:"fit_predict_s"`
	CPUS        float64 `json:"cpu_s"`
	PathS       float64 `json:"lasso_path_100_s,omitempty"`
	PrepS       float64 `json:"preprocess_s"`
	PeakRSSMB   float64 `json:"peak_rss_mb"`
	GoMaxProcs  int     `json:"gomaxprocs"`
	Fits        int     `json:"fits"`
	Encoded     int     `json:"n_features_encoded"`
	Hyperparams string  `json:"params"`
}

func runModel(name string, c *datasets.Cohort, y []float64, splits []split, repeats int, lrC, l1C float64, workers int, seed uint64) (*result, error) {
	scale := name == "lr" || name == "l1lr"
	recipe := features.Recipe{Steps: []features.Step{features.MedianImpute{}}}
	if scale {
		recipe.Steps = append(recipe.Steps, features.Standardize{})
	}
	res := &result{Kind: "model", Model: name, Impl: "bleedrisk", GoMaxProcs: runtime.GOMAXPROCS(0), Fits: len(splits)}
	var aucs, briers []float64
	oof := make([][]float64, repeats)
	for r := range oof {
		oof[r] = make([]float64, len(y))
	}
	perRepeat := len(splits) / repeats
	for k, s := range splits {
		ytr, yte := pick(y, s.train), pick(y, s.test)
		c0, t0 := cpu(), time.Now()
		prep, train, err := recipe.FitTransform(c, s.train)
		if err != nil {
			return nil, err
		}
		test, err := prep.Transform(c, s.test)
		if err != nil {
			return nil, err
		}
		res.PrepS += time.Since(t0).Seconds()
		n := float64(len(s.train))
		_, res.Encoded = train.X.Dims()
		var spec models.Spec
		switch name {
		case "lr":
			spec = logistic.Spec{Lambda: 1 / (lrC * n), Workers: workers}
			res.Hyperparams = fmt.Sprintf("ridge lambda = 1/(C n_train), C = %g", lrC)
		case "l1lr":
			spec = glmnet.Spec{Alpha: 1, Lambda: 1 / (l1C * n)}
			res.Hyperparams = fmt.Sprintf("lasso lambda = 1/(C n_train), C = %g; path timed separately", l1C)
		case "rf":
			spec = forest.Spec{Trees: 500, Workers: workers}
			res.Hyperparams = "500 trees, sqrt(p) features per split, min leaf 1"
		case "xgb":
			one := 1.0
			spec = gbm.Spec{Trees: 300, LearningRate: 0.05, MaxDepth: 4, Subsample: 0.8, ColSample: 0.8, MinChildWeight: &one, Lambda: &one, Workers: workers}
			res.Hyperparams = "300 trees, depth 4, eta 0.05, subsample 0.8, colsample 0.8, min child weight 1, lambda 1"
		default:
			return nil, fmt.Errorf("unknown model")
		}
		m, err := spec.Fit(train.X, ytr, models.FitOptions{Seed: seed + uint64(k)})
		if err != nil {
			return nil, err
		}
		p := m.PredictProba(test.X)
		res.FitPredictS += time.Since(t0).Seconds()
		res.CPUS += cpu() - c0
		if name == "l1lr" {
			t1 := time.Now()
			if _, err := (glmnet.Spec{Alpha: 1}).Path(train.X, ytr, models.FitOptions{}); err != nil {
				return nil, err
			}
			res.PathS += time.Since(t1).Seconds()
		}
		auc, err := metrics.AUROC(yte, p)
		if err != nil {
			return nil, err
		}
		aucs, briers = append(aucs, auc), append(briers, metrics.Brier(yte, p))
		for j, i := range s.test {
			oof[k/perRepeat][i] = p[j]
		}
	}
	res.AUROCMean, res.AUROCSD = meanSD(aucs)
	res.BrierMean, _ = meanSD(briers)
	var slopes []float64
	for _, p := range oof {
		_, slope, err := metrics.CalibrationSlope(y, p, 0.95)
		if err == nil {
			slopes = append(slopes, slope.Value)
		}
	}
	res.CalibSlope, _ = meanSD(slopes)
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) == nil {
		res.PeakRSSMB = float64(ru.Maxrss) / 1024
	}
	return res, nil
}

func cpu() float64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano()).Seconds()
}

func pick(xs []float64, idx []int) []float64 {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = xs[i]
	}
	return out
}

func meanSD(xs []float64) (float64, float64) {
	if len(xs) == 0 {
		return math.NaN(), math.NaN()
	}
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - m) * (x - m)
	}
	if len(xs) < 2 {
		return m, 0
	}
	return m, math.Sqrt(ss / float64(len(xs)-1))
}

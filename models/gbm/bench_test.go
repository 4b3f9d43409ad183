package gbm

import (
	"encoding/binary"
	"encoding/csv"
	"fmt"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"runtime"
	"slices"
	"sort"
	"strconv"
	"testing"
	"time"

	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models"
)

// The demo benchmark reads the peers' demo cohort:
//
//	/usr/bin/python3 ../shared/peers/make_demo.py --out /tmp/demo_cohort.csv --truth-out /tmp/demo_truth.json
//
// (GBM_DEMO overrides the path) and runs 5-fold cross-validation repeated
// twice, as
//
//	/usr/bin/python3 ../shared/peers/peer_bench.py --data /tmp/demo_cohort.csv \
//	  --outcome bleed_12m --id patient_id --folds 5 --repeats 2 --seed 1 --models xgb
//
// does for XGBoost 1.7.4 (300 trees, depth 4, eta 0.05, subsample 0.8,
// colsample_bytree 0.8, hist, 2 threads). The encoding is the peer's:
// numeric columns imputed with the training fold's median, categorical
// columns one-hot with missing as its own level. GBM_FOLDS may name a CSV
// of sklearn's folds (columns repeat, fold, row: the test rows of each
// fold), written by
//
//	/usr/bin/python3 -c 'import pandas as pd, numpy as np; from sklearn.model_selection import RepeatedStratifiedKFold as R
//	df = pd.read_csv("/tmp/demo_cohort.csv"); y = df.bleed_12m.to_numpy()
//	print("repeat,fold,row"); [print(f"{k//5},{k%5},{i}") for k, (tr, te) in enumerate(R(n_splits=5, n_repeats=2, random_state=1).split(np.zeros(len(y)), y)) for i in te]' > /tmp/demo_folds.csv
//
// so that both sides see the same folds; otherwise the folds are drawn
// here, stratified and seeded.

// demoData is a cohort CSV as numeric and categorical columns.
type demoData struct {
	y       []float64
	numeric [][]float64 // per column; NaN for blanks
	levels  [][]string  // per categorical column: its levels, sorted
	cats    [][]int     // per categorical column: level index per row
}

func readDemo(r io.Reader, outcome, id string) (*demoData, error) {
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		return nil, err
	}
	head, rows := recs[0], recs[1:]
	d := &demoData{}
	for j, name := range head {
		if name == id {
			continue
		}
		if name == outcome {
			for _, rec := range rows {
				v, err := strconv.ParseFloat(rec[j], 64)
				if err != nil {
					return nil, fmt.Errorf("outcome %q: %v", rec[j], err)
				}
				d.y = append(d.y, v)
			}
			continue
		}
		col := make([]float64, len(rows))
		numeric := true
		for i, rec := range rows {
			if rec[j] == "" {
				col[i] = math.NaN()
				continue
			}
			v, err := strconv.ParseFloat(rec[j], 64)
			if err != nil {
				numeric = false
				break
			}
			col[i] = v
		}
		if numeric {
			d.numeric = append(d.numeric, col)
			continue
		}
		set := map[string]bool{}
		for _, rec := range rows {
			if rec[j] == "" {
				set["__missing__"] = true
			} else {
				set[rec[j]] = true
			}
		}
		var lv []string
		for k := range set {
			lv = append(lv, k)
		}
		sort.Strings(lv)
		idx := make([]int, len(rows))
		for i, rec := range rows {
			v := rec[j]
			if v == "" {
				v = "__missing__"
			}
			idx[i], _ = slices.BinarySearch(lv, v)
		}
		d.levels = append(d.levels, lv)
		d.cats = append(d.cats, idx)
	}
	return d, nil
}

// encode returns the design matrix of rows, with numeric columns imputed
// by the medians of the train rows (or left NaN if impute is false) and
// one-hot categorical columns for the levels seen in the train rows.
func (d *demoData) encode(rows, train []int, impute bool) *mat.Dense {
	var p int
	seen := make([][]bool, len(d.cats))
	for c, idx := range d.cats {
		seen[c] = make([]bool, len(d.levels[c]))
		for _, i := range train {
			seen[c][idx[i]] = true
		}
		for _, s := range seen[c] {
			if s {
				p++
			}
		}
	}
	p += len(d.numeric)
	X := mat.NewDense(len(rows), p, nil)
	buf := make([]float64, 0, len(train))
	for j, col := range d.numeric {
		med := math.NaN()
		if impute {
			buf = buf[:0]
			for _, i := range train {
				if v := col[i]; v == v {
					buf = append(buf, v)
				}
			}
			slices.Sort(buf)
			if k := len(buf); k > 0 {
				med = (buf[(k-1)/2] + buf[k/2]) / 2
			}
		}
		for r, i := range rows {
			v := col[i]
			if v != v {
				v = med
			}
			X.Set(r, j, v)
		}
	}
	j := len(d.numeric)
	for c, idx := range d.cats {
		for l, s := range seen[c] {
			if !s {
				continue
			}
			for r, i := range rows {
				if idx[i] == l {
					X.Set(r, j, 1)
				}
			}
			j++
		}
	}
	return X
}

// stratifiedFolds returns the test rows of each of k folds, per repeat.
func stratifiedFolds(y []float64, k, repeats int, seed uint64) [][][]int {
	rng := rand.New(rand.NewPCG(seed, 0x666f6c6473))
	out := make([][][]int, repeats)
	for r := range out {
		out[r] = make([][]int, k)
		pos := 0
		for _, cls := range []float64{0, 1} {
			var rows []int
			for i, v := range y {
				if v == cls {
					rows = append(rows, i)
				}
			}
			rng.Shuffle(len(rows), func(a, b int) { rows[a], rows[b] = rows[b], rows[a] })
			for _, i := range rows {
				out[r][pos%k] = append(out[r][pos%k], i)
				pos++
			}
		}
		for f := range out[r] {
			slices.Sort(out[r][f])
		}
	}
	return out
}

func readFolds(path string, repeats, k int) ([][][]int, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		return nil, err
	}
	out := make([][][]int, repeats)
	for r := range out {
		out[r] = make([][]int, k)
	}
	for _, rec := range recs[1:] {
		var v [3]int
		for c := range v {
			if v[c], err = strconv.Atoi(rec[c]); err != nil {
				return nil, err
			}
		}
		out[v[0]][v[1]] = append(out[v[0]][v[1]], v[2])
	}
	return out, nil
}

// auroc returns the area under the ROC curve (ties count one half).
func auroc(y, p []float64) float64 {
	idx := make([]int, len(p))
	for i := range idx {
		idx[i] = i
	}
	sort.Slice(idx, func(a, b int) bool { return p[idx[a]] < p[idx[b]] })
	var rankSum, npos float64
	for i := 0; i < len(idx); {
		k := i
		for k < len(idx) && p[idx[k]] == p[idx[i]] {
			k++
		}
		mid := float64(i+k+1) / 2 // mean 1-based rank of the tie group
		for _, t := range idx[i:k] {
			if y[t] == 1 {
				rankSum += mid
				npos++
			}
		}
		i = k
	}
	nneg := float64(len(y)) - npos
	return (rankSum - npos*(npos+1)/2) / (npos * nneg)
}

// demoCV runs the cross-validation and returns the mean test-fold AUROC,
// the mean Brier score and the wall time of fit+predict over all folds.
func demoCV(tb testing.TB, d *demoData, folds [][][]int, spec Spec, impute bool) (auc, brier float64, wall time.Duration) {
	n := len(d.y)
	var nfits int
	for r, rep := range folds {
		for f, test := range rep {
			inTest := make([]bool, n)
			for _, i := range test {
				inTest[i] = true
			}
			var train []int
			for i := range n {
				if !inTest[i] {
					train = append(train, i)
				}
			}
			t0 := time.Now()
			Xtr := d.encode(train, train, impute)
			Xte := d.encode(test, train, impute)
			ytr := make([]float64, len(train))
			for k, i := range train {
				ytr[k] = d.y[i]
			}
			m, err := spec.Fit(Xtr, ytr, models.FitOptions{Seed: uint64(1 + r*len(rep) + f)})
			if err != nil {
				tb.Fatal(err)
			}
			p := m.PredictProba(Xte)
			wall += time.Since(t0)
			yte := make([]float64, len(test))
			var bs float64
			for k, i := range test {
				yte[k] = d.y[i]
				bs += (p[k] - yte[k]) * (p[k] - yte[k])
			}
			auc += auroc(yte, p)
			brier += bs / float64(len(test))
			nfits++
		}
	}
	return auc / float64(nfits), brier / float64(nfits), wall
}

func loadDemo(tb testing.TB) (*demoData, [][][]int) {
	path := os.Getenv("GBM_DEMO")
	if path == "" {
		path = "/tmp/demo_cohort.csv"
	}
	fh, err := os.Open(path)
	if err != nil {
		tb.Skipf("no demo cohort (%v); see the comment of bench_test.go", err)
	}
	defer fh.Close()
	d, err := readDemo(fh, "bleed_12m", "patient_id")
	if err != nil {
		tb.Fatal(err)
	}
	folds := stratifiedFolds(d.y, 5, 2, 1)
	if fp := os.Getenv("GBM_FOLDS"); fp != "" {
		if folds, err = readFolds(fp, 2, 5); err != nil {
			tb.Fatal(err)
		}
	}
	return d, folds
}

// peerSpec is the peer's XGBoost configuration.
var peerSpec = Spec{Trees: 300, LearningRate: 0.05, MaxDepth: 4, Subsample: 0.8, ColSample: 0.8, Workers: 2}

// BenchmarkDemoCV times the 10 fits of 5-fold CV repeated twice on the
// demo cohort, with 2 workers; one iteration is the whole CV.
func BenchmarkDemoCV(b *testing.B) {
	d, folds := loadDemo(b)
	for _, tc := range []struct {
		name   string
		impute bool
	}{{"imputed", true}, {"nan", false}} {
		b.Run(tc.name, func(b *testing.B) {
			var auc, brier float64
			var wall time.Duration
			for b.Loop() {
				auc, brier, wall = demoCV(b, d, folds, peerSpec, tc.impute)
			}
			b.ReportMetric(auc, "auroc")
			b.ReportMetric(brier, "brier")
			b.ReportMetric(wall.Seconds(), "s/10fits")
		})
	}
}

// BenchmarkFit times one fit on the first training fold of the demo cohort.
func BenchmarkFit(b *testing.B) {
	d, folds := loadDemo(b)
	n := len(d.y)
	inTest := make([]bool, n)
	for _, i := range folds[0][0] {
		inTest[i] = true
	}
	var train []int
	for i := range n {
		if !inTest[i] {
			train = append(train, i)
		}
	}
	X := d.encode(train, train, true)
	y := make([]float64, len(train))
	for k, i := range train {
		y[k] = d.y[i]
	}
	for _, workers := range []int{1, 2} {
		b.Run(fmt.Sprintf("workers=%d", workers), func(b *testing.B) {
			s := peerSpec
			s.Workers = workers
			for b.Loop() {
				if _, err := s.Fit(X, y, models.FitOptions{Seed: 1}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// largeData returns n rows shaped like the demo cohort scaled up: 440
// sparse 0/1 columns (1% to 30% ones), 40 continuous lab-like columns with
// 10% missing, 20 small-integer columns, and a logistic outcome with about
// 10% events.
func largeData(n int, seed uint64) (*mat.Dense, []float64) {
	const p = 500
	rng := rand.New(rand.NewPCG(seed, 0x6c61726765))
	X := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	dens := make([]float64, 440)
	for j := range dens {
		dens[j] = 0.01 + 0.29*math.Pow(rng.Float64(), 3)
	}
	for i := range n {
		row := X.RawRowView(i)
		eta := -2.6
		for j := range 440 {
			if rng.Float64() < dens[j] {
				row[j] = 1
				if j < 20 {
					eta += 0.3
				}
			}
		}
		for j := 440; j < 480; j++ {
			if rng.Float64() < 0.1 {
				row[j] = math.NaN()
				continue
			}
			row[j] = math.Round(rng.NormFloat64()*1000) / 100
			if j < 445 {
				eta += 0.1 * row[j]
			}
		}
		for j := 480; j < p; j++ {
			row[j] = float64(rng.IntN(12))
		}
		if rng.Float64() < 1/(1+math.Exp(-eta)) {
			y[i] = 1
		}
	}
	return X, y
}

// BenchmarkLarge times one fit on 100,000 rows x 500 features, 2 workers;
// GBM_LARGE_N changes the rows. Run with -benchtime 1x.
func BenchmarkLarge(b *testing.B) {
	n := 100000
	if s := os.Getenv("GBM_LARGE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	X, y := largeData(n, 1)
	s := peerSpec
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for b.Loop() {
		if _, err := s.Fit(X, y, models.FitOptions{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/1e6, "MBalloc/op")
}

// TestWriteLarge writes largeData as raw little-endian float64 files for
// the XGBoost side of BenchmarkLarge, when GBM_WRITE_LARGE names a path
// prefix: PREFIX.x (rows × 500, row-major) and PREFIX.y.
func TestWriteLarge(t *testing.T) {
	prefix := os.Getenv("GBM_WRITE_LARGE")
	if prefix == "" {
		t.Skip("GBM_WRITE_LARGE not set")
	}
	n := 100000
	if s := os.Getenv("GBM_LARGE_N"); s != "" {
		n, _ = strconv.Atoi(s)
	}
	X, y := largeData(n, 1)
	write := func(path string, v []float64) {
		buf := make([]byte, 8*len(v))
		for i, f := range v {
			binary.LittleEndian.PutUint64(buf[8*i:], math.Float64bits(f))
		}
		if err := os.WriteFile(path, buf, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write(prefix+".x", X.RawMatrix().Data)
	write(prefix+".y", y)
}

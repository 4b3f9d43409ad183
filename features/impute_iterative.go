package features

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// IterativeImpute is a chained-equation imputer (single imputation, in the
// spirit of MICE and of scikit-learn's IterativeImputer with
// sample_posterior=False): missing values start at the column's training
// median, then each column with missing training values is in turn regressed
// on all other columns by ridge regression and its missing values replaced
// by the predictions, for up to MaxIter rounds.
//
// Details:
//   - each column is regressed on at most MaxPredictors other columns: those
//     most correlated with it (absolute Pearson correlation on the training
//     rows after the median start, ties by column position), chosen once at
//     Fit — a deterministic stand-in for IterativeImputer's
//     n_nearest_features, needed because an encoded cohort has hundreds of
//     columns;
//   - the regressions run on columns standardised by their training mean and
//     standard deviation, so the ridge penalty treats all predictors alike;
//     the intercept is not penalised;
//   - columns are visited in a fixed order: fewest missing training values
//     first, ties by column position (IterativeImputer's "ascending");
//   - predictions are clipped to the column's observed training range (no
//     negative creatinine);
//   - rounds stop early when no imputed value moved by more than Tol times
//     the largest absolute observed (standardised) value;
//   - a column with no observed training value is imputed with 0 and one with
//     a single observed value with that value, as in MedianImpute.
//
// Nothing is random, so the result is deterministic without a seed. Fit keeps
// the sequence of fitted regressions (not the training rows); Apply replays
// it on new rows from their own median start, so applying the fitted step to
// the training rows gives exactly the imputations found while fitting. A
// column complete in the training rows but missing in a new row is imputed
// afterwards by one regression fitted on the completed training rows. When
// Indicators is set, a 0/1 column "<name>#missing" is added for every column
// with a missing training value, as in MedianImpute.
type IterativeImpute struct {
	// MaxIter is the maximum number of rounds; 0 means 10.
	MaxIter int
	// Tol is the relative stopping tolerance; 0 means 1e-3.
	Tol float64
	// MaxPredictors is the number of predictors per regression; 0 means 30,
	// a negative value all other columns.
	MaxPredictors int
	// Alpha is the ridge penalty on the standardised coefficients; 0 means 1
	// (it must be positive).
	Alpha      float64
	Indicators bool
}

func (s IterativeImpute) maxPredictors() int {
	if s.MaxPredictors == 0 {
		return 30
	}
	return s.MaxPredictors
}

func (s IterativeImpute) settings() (maxIter int, tol, alpha float64) {
	maxIter, tol, alpha = s.MaxIter, s.Tol, s.Alpha
	if maxIter == 0 {
		maxIter = 10
	}
	if tol == 0 {
		tol = 1e-3
	}
	if alpha == 0 {
		alpha = 1
	}
	return
}

// Name describes the step.
func (s IterativeImpute) Name() string {
	maxIter, _, alpha := s.settings()
	pred := "all other columns"
	if k := s.maxPredictors(); k > 0 {
		pred = fmt.Sprintf("the %d most correlated columns", k)
	}
	n := fmt.Sprintf("iterative chained-equation imputation (ridge on %s, alpha %g, up to %d rounds, median start)", pred, alpha, maxIter)
	if s.Indicators {
		n += " with missing indicators"
	}
	return n
}

// ridgeModel predicts standardised column Col from other standardised
// columns: Intercept + Σ Coef[k] z[Pred[k]].
type ridgeModel struct {
	Col       int       `json:"col"`
	Intercept float64   `json:"intercept"`
	Pred      []int     `json:"pred"`
	Coef      []float64 `json:"coef"`
}

func (m *ridgeModel) predict(z []float64) float64 {
	v := m.Intercept
	for k, b := range m.Coef {
		v += b * z[m.Pred[k]]
	}
	return v
}

// IterativeFit is a fitted IterativeImpute.
type IterativeFit struct {
	Names []string `json:"names"`
	// Mean and Scale standardise the columns (training observed values);
	// Median is the starting value; Lo and Hi the observed training range.
	Mean   []float64 `json:"mean"`
	Scale  []float64 `json:"scale"`
	Median []float64 `json:"median"`
	Lo     []float64 `json:"lo"`
	Hi     []float64 `json:"hi"`
	// Rounds is the number of rounds run; Converged reports whether they
	// stopped on Tol before MaxIter.
	Rounds    int  `json:"rounds"`
	Converged bool `json:"converged"`
	// Sequence holds the regressions in fitting order, replayed by Apply;
	// Extra those of the columns complete in the training rows.
	Sequence  []ridgeModel       `json:"sequence"`
	Extra     map[int]ridgeModel `json:"extra"`
	Indicator []bool             `json:"indicator"`
	// Imputed counts the training values imputed per column.
	Imputed []int `json:"imputed"`
}

func init() { RegisterTransform("iterative_impute", func() Transform { return &IterativeFit{} }) }

// Kind names the fitted step in a saved recipe.
func (m *IterativeFit) Kind() string { return "iterative_impute" }

// Fit runs the chained regressions on the training rows.
func (s IterativeImpute) Fit(train *Frame) (Transform, error) {
	maxIter, tol, alpha := s.settings()
	if maxIter < 1 || tol < 0 || alpha <= 0 {
		return nil, fmt.Errorf("features: iterative imputation with MaxIter %d, Tol %g, Alpha %g", s.MaxIter, s.Tol, s.Alpha)
	}
	r, c := train.Dims()
	fit := &IterativeFit{Names: train.Names, Mean: make([]float64, c), Scale: make([]float64, c),
		Median: make([]float64, c), Lo: make([]float64, c), Hi: make([]float64, c),
		Extra: map[int]ridgeModel{}, Indicator: make([]bool, c), Imputed: make([]int, c)}
	observed := make([][]int, c) // training rows observed per column
	missing := make([][]int, c)
	buf := make([]float64, 0, r)
	for j := 0; j < c; j++ {
		buf = buf[:0]
		for i := 0; i < r; i++ {
			if v := train.X.At(i, j); math.IsNaN(v) {
				missing[j] = append(missing[j], i)
			} else {
				observed[j] = append(observed[j], i)
				buf = append(buf, v)
			}
		}
		fit.Imputed[j] = len(missing[j])
		fit.Indicator[j] = s.Indicators && fit.Imputed[j] > 0
		fit.Mean[j], fit.Scale[j] = 0, 1
		if len(buf) > 0 {
			var sum float64
			for _, v := range buf {
				sum += v
			}
			mean := sum / float64(len(buf))
			var ss float64
			for _, v := range buf {
				ss += (v - mean) * (v - mean)
			}
			fit.Mean[j] = mean
			if len(buf) > 1 && ss > 0 {
				fit.Scale[j] = math.Sqrt(ss / float64(len(buf)-1))
			}
		}
		fit.Median[j] = median(buf) // sorts buf
		if len(buf) > 0 {
			fit.Lo[j], fit.Hi[j] = buf[0], buf[len(buf)-1]
		}
	}
	if r == 0 || c == 0 {
		return fit, nil
	}
	z := fit.start(train)
	var maxObs float64
	for j := 0; j < c; j++ {
		for _, i := range observed[j] {
			maxObs = math.Max(maxObs, math.Abs(z.At(i, j)))
		}
	}
	var order []int
	for j := 0; j < c; j++ {
		if len(missing[j]) > 0 && len(observed[j]) > 1 {
			order = append(order, j)
		}
	}
	sort.SliceStable(order, func(a, b int) bool { return len(missing[order[a]]) < len(missing[order[b]]) })
	preds := predictors(z, s.maxPredictors(), func(j int) bool { return len(observed[j]) > 1 })
	for round := 0; round < maxIter && len(order) > 0; round++ {
		var change float64
		for _, j := range order {
			m := fitRidge(z, j, preds[j], observed[j], alpha)
			fit.Sequence = append(fit.Sequence, m)
			for _, i := range missing[j] {
				old := z.At(i, j)
				v := fit.clip(j, m.predict(z.RawRowView(i)))
				z.Set(i, j, v)
				change = math.Max(change, math.Abs(v-old))
			}
		}
		fit.Rounds = round + 1
		if change <= tol*maxObs {
			fit.Converged = true
			break
		}
	}
	for j := 0; j < c; j++ {
		if len(missing[j]) == 0 && len(observed[j]) > 1 {
			fit.Extra[j] = fitRidge(z, j, preds[j], observed[j], alpha)
		}
	}
	return fit, nil
}

// start returns f standardised, missing values at the standardised median.
func (m *IterativeFit) start(f *Frame) *mat.Dense {
	r, c := f.Dims()
	z := mat.NewDense(r, c, nil)
	for i := 0; i < r; i++ {
		src, dst := f.X.RawRowView(i), z.RawRowView(i)
		for j, v := range src {
			if math.IsNaN(v) {
				v = m.Median[j]
			}
			dst[j] = (v - m.Mean[j]) / m.Scale[j]
		}
	}
	return z
}

// clip limits a standardised prediction to the observed training range.
func (m *IterativeFit) clip(j int, v float64) float64 {
	lo, hi := (m.Lo[j]-m.Mean[j])/m.Scale[j], (m.Hi[j]-m.Mean[j])/m.Scale[j]
	return math.Min(math.Max(v, lo), hi)
}

// predictors returns, for every column j with need(j), the other columns
// most correlated with it in z (at most k of them; all when k < 0), in column
// order. Constant columns are never predictors.
func predictors(z *mat.Dense, k int, need func(j int) bool) [][]int {
	r, c := z.Dims()
	// Centre and scale to unit norm so that dot products are correlations.
	u := mat.NewDense(r, c, nil)
	var usable []int
	for j := 0; j < c; j++ {
		var mean float64
		for i := 0; i < r; i++ {
			mean += z.At(i, j)
		}
		mean /= float64(r)
		var ss float64
		for i := 0; i < r; i++ {
			d := z.At(i, j) - mean
			u.Set(i, j, d)
			ss += d * d
		}
		if ss > 0 {
			norm := math.Sqrt(ss)
			for i := 0; i < r; i++ {
				u.Set(i, j, u.At(i, j)/norm)
			}
			usable = append(usable, j)
		}
	}
	var g mat.Dense
	g.Mul(u.T(), u) // correlation matrix (0 for constant columns)
	out := make([][]int, c)
	for j := 0; j < c; j++ {
		if !need(j) {
			continue
		}
		var cand []int
		for _, q := range usable {
			if q != j {
				cand = append(cand, q)
			}
		}
		if k >= 0 && len(cand) > k {
			corr := g.RawRowView(j)
			sort.SliceStable(cand, func(a, b int) bool { return math.Abs(corr[cand[a]]) > math.Abs(corr[cand[b]]) })
			cand = cand[:k]
			sort.Ints(cand)
		}
		out[j] = cand
	}
	return out
}

// fitRidge regresses column j of z on the columns pred over the given rows:
// (XcᵀXc + αI) β = Xcᵀyc on centred data, intercept ȳ − x̄ᵀβ.
func fitRidge(z *mat.Dense, j int, pred, rows []int, alpha float64) ridgeModel {
	n := len(rows)
	p := len(pred)
	m := ridgeModel{Col: j, Pred: pred, Coef: make([]float64, p)}
	if p == 0 {
		var sum float64
		for _, i := range rows {
			sum += z.At(i, j)
		}
		m.Intercept = sum / float64(n)
		return m
	}
	X := mat.NewDense(n, p, nil)
	y := mat.NewVecDense(n, nil)
	for r, i := range rows {
		src, dst := z.RawRowView(i), X.RawRowView(r)
		for k, q := range pred {
			dst[k] = src[q]
		}
		y.SetVec(r, src[j])
	}
	xbar := make([]float64, p)
	for r := 0; r < n; r++ {
		for k, v := range X.RawRowView(r) {
			xbar[k] += v
		}
	}
	var ybar float64
	for r := 0; r < n; r++ {
		ybar += y.AtVec(r)
	}
	ybar /= float64(n)
	for k := range xbar {
		xbar[k] /= float64(n)
	}
	for r := 0; r < n; r++ {
		row := X.RawRowView(r)
		for k := range row {
			row[k] -= xbar[k]
		}
		y.SetVec(r, y.AtVec(r)-ybar)
	}
	g := mat.NewSymDense(p, nil)
	g.SymOuterK(1, X.T())
	for k := 0; k < p; k++ {
		g.SetSym(k, k, g.At(k, k)+alpha)
	}
	var xty mat.VecDense
	xty.MulVec(X.T(), y)
	// alpha > 0 makes g positive definite; should the factorisation still
	// fail numerically, the model falls back to the mean.
	var beta mat.VecDense
	var chol mat.Cholesky
	if chol.Factorize(g) {
		if err := chol.SolveVecTo(&beta, &xty); err != nil {
			beta.Reset()
		}
	}
	m.Intercept = ybar
	if beta.IsEmpty() {
		return m
	}
	for k := 0; k < p; k++ {
		m.Coef[k] = beta.AtVec(k)
		m.Intercept -= xbar[k] * beta.AtVec(k)
	}
	return m
}

// Apply imputes f's missing values by replaying the fitted regressions and
// appends the indicator columns.
func (m *IterativeFit) Apply(f *Frame) (*Frame, error) {
	out, ind, err := withIndicators(f, m.Names, m.Indicator)
	if err != nil {
		return nil, err
	}
	r, c := f.Dims()
	if r == 0 || len(out.Names) == 0 {
		return out, nil
	}
	z := m.start(f)
	for i := 0; i < r; i++ {
		src, row := f.X.RawRowView(i), z.RawRowView(i)
		for _, mod := range m.Sequence {
			if math.IsNaN(src[mod.Col]) {
				row[mod.Col] = m.clip(mod.Col, mod.predict(row))
			}
		}
		for j := 0; j < c; j++ {
			if mod, ok := m.Extra[j]; ok && math.IsNaN(src[j]) {
				row[j] = m.clip(j, mod.predict(row))
			}
		}
	}
	X := mat.NewDense(r, len(out.Names), nil)
	for i := 0; i < r; i++ {
		src, zr, dst := f.X.RawRowView(i), z.RawRowView(i), X.RawRowView(i)
		for j, v := range src {
			if math.IsNaN(v) {
				v = m.Mean[j] + m.Scale[j]*zr[j]
			}
			dst[j] = v
		}
		for k, j := range ind {
			if math.IsNaN(src[j]) {
				dst[c+k] = 1
			}
		}
	}
	out.X = X
	return out, nil
}

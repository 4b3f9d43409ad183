package metrics

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// AUROCResult is an AUROC with its DeLong standard error and confidence
// intervals.
type AUROCResult struct {
	// AUC is the area under the ROC curve, as AUROC returns it.
	AUC float64
	// SE is the DeLong standard error of AUC. It is NaN when there is only
	// one event or only one non-event (see AUROCWithCI).
	SE float64
	// CI is the confidence interval computed on the logit scale and
	// transformed back: it stays inside [0, 1] without clipping.
	CI [2]float64
	// PlainCI is the symmetric interval AUC ± z·SE clipped to [0, 1], as
	// R's pROC ci.auc(method = "delong") reports it; kept for comparison
	// with published results.
	PlainCI [2]float64
}

// AUROCWithCI returns the AUROC of predictions p for 0/1 outcomes y with
// its DeLong standard error (DeLong ER, DeLong DM, Clarke-Pearson DL.
// Biometrics 1988;44:837; DOMAIN.md 7.5) and two confidence intervals of
// the given level (0.95 for 95%).
//
// The placement values V10 (per event, the share of non-events it beats,
// ties 1/2) and V01 (per non-event, the share of events that beat it) come
// from midranks in O(N log N), following Sun X, Xu W. IEEE Signal Process
// Lett 2014;21:1389: with Tz the midranks of p over all rows and Tx, Ty the
// midranks within events and within non-events, V10_i = (Tz_i − Tx_i)/n and
// V01_j = 1 − (Tz_j − Ty_j)/m, for m events and n non-events. Then
// S10 = Σ(V10 − A)²/(m−1), S01 = Σ(V01 − A)²/(n−1) and
// Var(A) = S10/m + S01/n, the quantity pROC's var() returns.
//
// CI is logit(A) ± z·SE/(A(1−A)), transformed back with the logistic
// function, z the standard normal quantile for the level; PlainCI is
// A ± z·SE clipped to [0, 1] as in pROC. Edge cases:
//   - one event or one non-event: S10 (or S01) has no degrees of freedom,
//     so the variance is undefined. SE and both intervals are NaN and the
//     error is nil, as pROC 1.18.0 gives var() = NA. Setting the
//     inestimable term to zero instead would understate the uncertainty.
//   - AUC of 0 or 1 (perfect separation): every placement value equals A,
//     SE is 0 and both intervals are [A, A] (the limit of the logit
//     interval, and pROC's "1-1"). A zero SE here is an artefact of the
//     method, not certainty; report the number of events alongside.
//   - all predictions equal: A = 0.5, every placement value is 1/2, SE is
//     0 and both intervals are [0.5, 0.5].
//
// AUROCWithCI panics if the lengths differ or level is not in (0, 1). It
// returns ErrSingleClass when there are no events or no non-events, and an
// error when a label is not 0 or 1 or a prediction is NaN.
func AUROCWithCI(y, p []float64, level float64) (AUROCResult, error) {
	checkLevel(level)
	nan := AUROCResult{AUC: math.NaN(), SE: math.NaN(), CI: nanPair(), PlainCI: nanPair()}
	if err := checkInputs(y, p); err != nil {
		return nan, err
	}
	pl, err := delongPlacements(y, p)
	if err != nil {
		return nan, err
	}
	a := pl.auc
	v := pl.covariance(pl, a, a)
	res := AUROCResult{AUC: a, SE: math.Sqrt(v)}
	z := normalQuantile(level)
	switch {
	case math.IsNaN(res.SE):
		res.CI, res.PlainCI = nanPair(), nanPair()
		return res, nil
	case res.SE == 0:
		res.CI = [2]float64{a, a}
		res.PlainCI = [2]float64{a, a}
		return res, nil
	}
	res.PlainCI = [2]float64{math.Max(0, a-z*res.SE), math.Min(1, a+z*res.SE)}
	// Var(logit A) ≈ Var(A)/(A(1−A))² by the delta method. SE > 0 implies
	// 0 < A < 1: at A = 0 or 1 every placement value equals A.
	l := math.Log(a / (1 - a))
	sl := res.SE / (a * (1 - a))
	res.CI = [2]float64{expit(l - z*sl), expit(l + z*sl)}
	return res, nil
}

// DeLongTestResult is the paired DeLong comparison of two AUROCs computed
// on the same rows.
type DeLongTestResult struct {
	// Diff is AUC(p1) − AUC(p2).
	Diff float64
	// SE is the standard error of Diff: sqrt(Var1 + Var2 − 2·Cov).
	SE float64
	// Z is Diff/SE and P its two-sided p-value under the standard normal.
	Z, P float64
	// CI is the 95% interval Diff ± 1.959964·SE, not clipped, as pROC's
	// roc.test reports it.
	CI [2]float64
}

// DeLongTest compares the AUROCs of two sets of predictions p1 and p2 for
// the same outcomes y, row by row (a model against a bleeding score, or two
// models), by DeLong's test for correlated ROC curves (DeLong et al.
// Biometrics 1988;44:837; DOMAIN.md 7.5). The covariance of the two AUCs
// comes from the paired placement values:
// Cov = S10(1,2)/m + S01(1,2)/n, with S10(1,2) = Σ(V10¹ − A1)(V10² − A2)/(m−1)
// and likewise for S01, computed in O(N log N) as in AUROCWithCI. It
// reproduces roc.test(r1, r2, method = "delong", paired = TRUE) of R's pROC.
//
// When SE is 0 (identical predictions, or both perfectly separating), Z is
// 0 and P is 1 if Diff is 0, and Z is ±Inf and P is 0 otherwise; CI is
// [Diff, Diff]. With one event or one non-event SE, Z, P and CI are NaN (see
// AUROCWithCI) and the error is nil.
//
// DeLongTest panics if the lengths differ. It returns ErrSingleClass when
// there are no events or no non-events, and an error for labels other
// than 0 or 1 or NaN predictions.
func DeLongTest(y, p1, p2 []float64) (DeLongTestResult, error) {
	if len(p1) != len(p2) {
		panic(fmt.Sprintf("metrics: p1 and p2 have different lengths (%d and %d)", len(p1), len(p2)))
	}
	nan := DeLongTestResult{Diff: math.NaN(), SE: math.NaN(), Z: math.NaN(), P: math.NaN(), CI: nanPair()}
	if err := checkInputs(y, p1); err != nil {
		return nan, err
	}
	if err := checkInputs(y, p2); err != nil {
		return nan, err
	}
	pl1, err := delongPlacements(y, p1)
	if err != nil {
		return nan, err
	}
	pl2, _ := delongPlacements(y, p2)
	a1, a2 := pl1.auc, pl2.auc
	v := pl1.covariance(pl1, a1, a1) + pl2.covariance(pl2, a2, a2) - 2*pl1.covariance(pl2, a1, a2)
	res := DeLongTestResult{Diff: a1 - a2, SE: math.Sqrt(math.Max(v, 0))}
	switch {
	case math.IsNaN(v):
		res.SE, res.Z, res.P, res.CI = math.NaN(), math.NaN(), math.NaN(), nanPair()
		return res, nil
	case res.SE == 0:
		res.CI = [2]float64{res.Diff, res.Diff}
		if res.Diff == 0 {
			res.Z, res.P = 0, 1
		} else {
			res.Z, res.P = math.Inf(int(math.Copysign(1, res.Diff))), 0
		}
		return res, nil
	}
	res.Z = res.Diff / res.SE
	res.P = 2 * distuv.UnitNormal.Survival(math.Abs(res.Z))
	z := normalQuantile(0.95)
	res.CI = [2]float64{res.Diff - z*res.SE, res.Diff + z*res.SE}
	return res, nil
}

// placements holds DeLong's placement values of one set of predictions:
// v10 per event and v01 per non-event, in row order within each class.
type placements struct {
	auc      float64
	v10, v01 []float64
}

// delongPlacements computes the placement values by the midrank algorithm
// of Sun & Xu (2014). y and p must have passed checkInputs.
func delongPlacements(y, p []float64) (placements, error) {
	var xs, ys []float64 // event and non-event predictions
	for i, v := range y {
		if v == 1 {
			xs = append(xs, p[i])
		} else {
			ys = append(ys, p[i])
		}
	}
	m, n := len(xs), len(ys)
	if m == 0 || n == 0 {
		return placements{}, ErrSingleClass
	}
	tx, ty := midranks(xs), midranks(ys)
	tz := midranks(append(append(make([]float64, 0, m+n), xs...), ys...))
	pl := placements{v10: make([]float64, m), v01: make([]float64, n)}
	var rankSum float64
	for i := range xs {
		rankSum += tz[i]
		pl.v10[i] = (tz[i] - tx[i]) / float64(n)
	}
	for j := range ys {
		pl.v01[j] = 1 - (tz[m+j]-ty[j])/float64(m)
	}
	pl.auc = (rankSum - float64(m)*float64(m+1)/2) / (float64(m) * float64(n))
	return pl, nil
}

// covariance returns DeLong's covariance S10(a,b)/m + S01(a,b)/n of the AUCs
// of two placement sets on the same rows, centred at their AUCs ca and cb.
// It is NaN when m or n is 1.
func (a placements) covariance(b placements, ca, cb float64) float64 {
	m, n := len(a.v10), len(a.v01)
	if m < 2 || n < 2 {
		return math.NaN()
	}
	var s10, s01 float64
	for i := range a.v10 {
		s10 += (a.v10[i] - ca) * (b.v10[i] - cb)
	}
	for j := range a.v01 {
		s01 += (a.v01[j] - ca) * (b.v01[j] - cb)
	}
	s10 /= float64(m - 1)
	s01 /= float64(n - 1)
	return s10/float64(m) + s01/float64(n)
}

// normalQuantile returns the two-sided standard normal quantile for a
// confidence level: 1.959964 for 0.95.
func normalQuantile(level float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-level)/2)
}

// checkLevel panics unless 0 < level < 1.
func checkLevel(level float64) {
	if !(level > 0 && level < 1) {
		panic(fmt.Sprintf("metrics: confidence level %v is not in (0, 1)", level))
	}
}

func expit(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

func nanPair() [2]float64 { return [2]float64{math.NaN(), math.NaN()} }

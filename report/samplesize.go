package report

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/stat/distuv"
)

// Minimum sample size for developing a prediction model with a binary
// outcome: the three criteria of Riley RD et al., Stat Med 2019;38:1276 and
// BMJ 2020;368:m441 (DOMAIN.md 7.3), as implemented by the pmsampsize
// package.

// SampleSizeOptions are the targets of the calculation. The zero value
// gives Riley's defaults: shrinkage 0.9, optimism in Nagelkerke R² 0.05,
// margin of error 0.05 for the overall risk, and R²cs from the conservative
// default Nagelkerke R² of 0.15.
type SampleSizeOptions struct {
	// Shrinkage is the target expected uniform shrinkage S of criterion
	// (i); 0 means 0.9.
	Shrinkage float64
	// Delta is the largest acceptable optimism δ in Nagelkerke R² of
	// criterion (ii); 0 means 0.05.
	Delta float64
	// Margin is the margin of error of the overall risk of criterion
	// (iii); 0 means 0.05.
	Margin float64
	// CStatistic, when in (0.5, 1), is the anticipated C-statistic from
	// which R²cs is derived by the binormal conversion (CoxSnellFromC). 0
	// means the conservative default: Nagelkerke R² = NagelkerkeDefault.
	CStatistic float64
	// CoxSnell, when in (0, 1), is the anticipated R²cs itself (it takes
	// precedence over CStatistic).
	CoxSnell float64
}

// NagelkerkeDefault is the anticipated Nagelkerke R² when nothing better is
// known (Riley et al. 2020: a conservative choice, R²cs = 0.15·max R²cs).
const NagelkerkeDefault = 0.15

// SampleSize is the minimum sample size for p candidate parameters at
// outcome proportion φ.
type SampleSize struct {
	Parameters int     // p: candidate predictor parameters
	Prevalence float64 // φ
	// CoxSnell is the anticipated R²cs and MaxCoxSnell its largest
	// possible value at φ; Basis says where R²cs came from.
	CoxSnell, MaxCoxSnell float64
	Basis                 string
	// Criteria are the sample sizes of criteria (i), (ii) and (iii),
	// rounded up; ShrinkageVH is S_VH of criterion (ii).
	Criteria    [3]int
	ShrinkageVH float64
	// N = max(Criteria); Events = N·φ; EPP = Events/p.
	N      int
	Events float64
	EPP    float64
}

func (o SampleSizeOptions) withDefaults() SampleSizeOptions {
	if o.Shrinkage == 0 {
		o.Shrinkage = 0.9
	}
	if o.Delta == 0 {
		o.Delta = 0.05
	}
	if o.Margin == 0 {
		o.Margin = 0.05
	}
	return o
}

// MaxCoxSnell returns the largest Cox–Snell R² a model can reach at
// outcome proportion phi: 1 − exp(2·lnL_null/n), lnL_null/n = φ ln φ +
// (1−φ) ln(1−φ).
func MaxCoxSnell(phi float64) float64 {
	return 1 - math.Exp(2*(phi*math.Log(phi)+(1-phi)*math.Log(1-phi)))
}

// CoxSnellFromC returns the Cox–Snell R² of a logistic model with
// C-statistic c at outcome proportion phi, under the binormal
// equal-variance model of Riley RD et al. (Stat Med 2022, "a note on
// estimating the Cox–Snell R² from a reported C statistic"; pmsampsize's
// cstatistic option): the linear predictor is N(0, 1) in non-events and
// N(√2·Φ⁻¹(c), 1) in events. pmsampsize estimates R²cs from a simulated
// sample of a million; here the expected log-likelihood is integrated
// numerically, so the result is exact and deterministic.
func CoxSnellFromC(c, phi float64) float64 {
	if !(c > 0.5 && c < 1) || !(phi > 0 && phi < 1) {
		panic("report: CoxSnellFromC needs 0.5 < c < 1 and 0 < phi < 1")
	}
	d := math.Sqrt2 * distuv.UnitNormal.Quantile(c)
	// Under this model logit P(y=1 | lp) = logit(φ) + d·lp − d²/2 exactly.
	a := math.Log(phi/(1-phi)) - d*d/2
	logSig := func(eta float64) float64 { // log σ(η), stable
		if eta > 0 {
			return -math.Log1p(math.Exp(-eta))
		}
		return eta - math.Log1p(math.Exp(eta))
	}
	// Simpson's rule over z in [-12, 12] for each class's normal density.
	const k, lo, hi = 4800, -12.0, 12.0
	h := (hi - lo) / k
	var ev, nonev float64
	for i := 0; i <= k; i++ {
		z := lo + float64(i)*h
		w := 2.0
		if i == 0 || i == k {
			w = 1
		} else if i%2 == 1 {
			w = 4
		}
		dens := w * math.Exp(-z*z/2) / math.Sqrt(2*math.Pi)
		ev += dens * logSig(a+d*(z+d)) // events: lp = z + d
		nonev += dens * logSig(-(a + d*z))
	}
	ll := phi*ev*h/3 + (1-phi)*nonev*h/3
	ll0 := phi*math.Log(phi) + (1-phi)*math.Log(1-phi)
	return 1 - math.Exp(-2*(ll-ll0))
}

// ErrSampleSize is returned for inputs the criteria are not defined for.
var ErrSampleSize = errors.New("report: sample size undefined")

// MinimumSampleSize returns Riley's minimum sample size for p candidate
// parameters at outcome proportion phi:
//
//	(i)   n ≥ p / [(S − 1)·ln(1 − R²cs/S)]
//	(ii)  n ≥ p / [(S_VH − 1)·ln(1 − R²cs/S_VH)], S_VH = R²cs / (R²cs + δ·max R²cs)
//	(iii) n ≥ (1.96/margin)²·φ(1 − φ)
//
// each rounded up, and N = max(i, ii, iii).
func MinimumSampleSize(p int, phi float64, o SampleSizeOptions) (SampleSize, error) {
	o = o.withDefaults()
	if p < 1 || !(phi > 0 && phi < 1) {
		return SampleSize{}, fmt.Errorf("%w: %d parameters, outcome proportion %g", ErrSampleSize, p, phi)
	}
	s := SampleSize{Parameters: p, Prevalence: phi, MaxCoxSnell: MaxCoxSnell(phi)}
	switch {
	case o.CoxSnell != 0:
		s.CoxSnell = o.CoxSnell
		s.Basis = fmt.Sprintf("anticipated R²cs %.3f", o.CoxSnell)
	case o.CStatistic != 0:
		if !(o.CStatistic > 0.5 && o.CStatistic < 1) {
			return SampleSize{}, fmt.Errorf("%w: anticipated C-statistic %g is not in (0.5, 1)", ErrSampleSize, o.CStatistic)
		}
		s.CoxSnell = CoxSnellFromC(o.CStatistic, phi)
		s.Basis = fmt.Sprintf("anticipated C-statistic %.2f (binormal conversion)", o.CStatistic)
	default:
		s.CoxSnell = NagelkerkeDefault * s.MaxCoxSnell
		s.Basis = fmt.Sprintf("Nagelkerke R² %.2f (conservative default)", NagelkerkeDefault)
	}
	r2 := s.CoxSnell
	if !(r2 > 0 && r2 < o.Shrinkage) {
		return SampleSize{}, fmt.Errorf("%w: R²cs %g", ErrSampleSize, r2)
	}
	byShrinkage := func(S float64) int {
		return int(math.Ceil(float64(p) / ((S - 1) * math.Log(1-r2/S))))
	}
	s.Criteria[0] = byShrinkage(o.Shrinkage)
	s.ShrinkageVH = r2 / (r2 + o.Delta*s.MaxCoxSnell)
	s.Criteria[1] = byShrinkage(s.ShrinkageVH)
	z := 1.96 / o.Margin
	s.Criteria[2] = int(math.Ceil(z * z * phi * (1 - phi)))
	s.N = max(s.Criteria[0], s.Criteria[1], s.Criteria[2])
	s.Events = float64(s.N) * phi
	s.EPP = s.Events / float64(p)
	return s, nil
}

// MaxParameters returns the largest number of candidate parameters for which
// n patients meet criterion (i) (shrinkage ≥ S) at this R²cs.
func MaxParameters(n int, r2cs float64, o SampleSizeOptions) int {
	o = o.withDefaults()
	S := o.Shrinkage
	return int(math.Floor(float64(n) * (S - 1) * math.Log(1-r2cs/S)))
}

package metrics

import (
	"errors"
	"fmt"
	"math"
)

// ClipLow and ClipHigh bound predicted probabilities before any logit, so
// that a prediction of exactly 0 or 1 gives a finite linear predictor
// (logit 1e-6 ≈ −13.8).
const (
	ClipLow  = 1e-6
	ClipHigh = 1 - 1e-6
)

var (
	// ErrSeparation is returned when the linear predictor logit(p)
	// separates events from non-events completely or quasi-completely, so
	// the maximum-likelihood calibration slope does not exist (it is
	// infinite).
	ErrSeparation = errors.New("metrics: logit(p) separates events from non-events; the calibration slope is infinite")
	// ErrConstantPredictions is returned when a measure needs predictions
	// that vary (the calibration slope, the smoothed calibration curve) and
	// all predictions are equal.
	ErrConstantPredictions = errors.New("metrics: all predictions are equal; the measure needs varying predictions")
	// ErrNotConverged is returned when Newton's method fails to converge.
	ErrNotConverged = errors.New("metrics: maximum-likelihood fit did not converge")
)

// Estimate is a fitted coefficient with its standard error and a Wald
// confidence interval Value ± z·SE.
type Estimate struct {
	Value, SE float64
	CI        [2]float64
}

// CalibrationInTheLarge returns the calibration intercept with the slope
// fixed at 1 ("calibration-in-the-large", CITL): a in
// logit P(y=1) = a + offset(LP), LP = logit(p) with p clipped to
// [ClipLow, ClipHigh], fitted by unpenalised maximum likelihood with
// Newton's method (Van Calster B et al. J Clin Epidemiol 2016;74:167;
// DOMAIN.md 7.5). The target is 0; a > 0 means the predictions are too low
// on average. SE is 1/sqrt(Σ π(1−π)) at the estimate (the observed
// information), and CI is the Wald interval a ± z·SE at the given level.
// This is R's glm(y ~ offset(qlogis(p)), family = binomial): coefficient,
// standard error and confint.default; R's confint() gives a profile
// likelihood interval instead, slightly different.
//
// It panics if the lengths differ or level is not in (0, 1). It returns
// ErrSingleClass when y holds one class (a is ±∞), and an error for
// labels other than 0 or 1 and predictions that are NaN or outside [0, 1].
func CalibrationInTheLarge(y, p []float64, level float64) (Estimate, error) {
	checkLevel(level)
	nan := nanEstimate()
	if err := checkProbabilities(y, p); err != nil {
		return nan, err
	}
	if err := checkBothClasses(y); err != nil {
		return nan, err
	}
	lp := clippedLogits(p)
	a := 0.0
	// The log-likelihood is strictly concave in a, so Newton's method
	// with step halving converges from any start when both classes occur.
	ll := func(a float64) float64 {
		var s float64
		for i, o := range lp {
			s += bernoulliLogLikLogit(y[i], a+o)
		}
		return s
	}
	cur := ll(a)
	converged := false
	var info float64
	for iter := 0; iter < 100; iter++ {
		var score float64
		info = 0
		for i, o := range lp {
			pi := expit(a + o)
			score += y[i] - pi
			info += pi * (1 - pi)
		}
		step := score / info
		next, nextLL := a+step, ll(a+step)
		for h := 0; h < 30 && nextLL < cur; h++ {
			step /= 2
			next, nextLL = a+step, ll(a+step)
		}
		a, cur = next, nextLL
		if math.Abs(step) <= 1e-12*(1+math.Abs(a)) {
			converged = true
			break
		}
	}
	if !converged {
		return nan, ErrNotConverged
	}
	// Information at the estimate.
	info = 0
	for _, o := range lp {
		pi := expit(a + o)
		info += pi * (1 - pi)
	}
	se := 1 / math.Sqrt(info)
	return waldEstimate(a, se, level), nil
}

// CalibrationSlope fits logit P(y=1) = a + b·LP, LP = logit(p) with p
// clipped to [ClipLow, ClipHigh], by unpenalised maximum likelihood
// (Newton's method) and returns the joint intercept a and the calibration
// slope b, each with its standard error from the inverse observed
// information and a Wald interval at the given level (Van Calster B et al.
// J Clin Epidemiol 2016;74:167; Cox DR. Biometrika 1958;45:562; DOMAIN.md
// 7.5). The slope's target is 1: b < 1 means predictions too extreme
// (overfitting), b > 1 too moderate. The intercept here is not
// calibration-in-the-large (see CalibrationInTheLarge); a = 0 and b = 1
// together are "weak calibration". This is R's glm(y ~ qlogis(p),
// family = binomial) and rms::val.prob's "Intercept" and "Slope".
//
// It panics if the lengths differ or level is not in (0, 1). It returns
// ErrSingleClass when y holds one class, ErrConstantPredictions when all
// clipped predictions are equal, ErrSeparation when LP separates the
// classes (completely or with ties at the boundary, where the slope is
// infinite), ErrNotConverged if Newton's method fails, and an error for
// invalid labels or predictions.
func CalibrationSlope(y, p []float64, level float64) (intercept, slope Estimate, err error) {
	checkLevel(level)
	nan := nanEstimate()
	if err := checkProbabilities(y, p); err != nil {
		return nan, nan, err
	}
	if err := checkBothClasses(y); err != nil {
		return nan, nan, err
	}
	lp := clippedLogits(p)
	if err := checkSeparation(y, lp); err != nil {
		return nan, nan, err
	}
	beta, cov, err := fitLogistic1(y, lp)
	if err != nil {
		return nan, nan, err
	}
	return waldEstimate(beta[0], math.Sqrt(cov[0][0]), level),
		waldEstimate(beta[1], math.Sqrt(cov[1][1]), level), nil
}

// fitLogistic1 fits logit P(y=1) = b0 + b1·x by Newton's method with step
// halving and returns the coefficients and their covariance, the inverse
// of the observed information at the estimate. The caller has ruled out
// separation and constant x, so the maximum exists and is unique.
func fitLogistic1(y, x []float64) (beta [2]float64, cov [2][2]float64, err error) {
	ll := func(b [2]float64) float64 {
		var s float64
		for i, xi := range x {
			s += bernoulliLogLikLogit(y[i], b[0]+b[1]*xi)
		}
		return s
	}
	// Newton's method from the intercept-only fit converges quickly; the
	// centring of x keeps the information matrix well conditioned.
	var mean float64
	for _, xi := range x {
		mean += xi
	}
	mean /= float64(len(x))
	var events float64
	for _, v := range y {
		events += v
	}
	phi := events / float64(len(y))
	b := [2]float64{math.Log(phi / (1 - phi)), 0} // in centred coordinates
	llc := func(b [2]float64) float64 { return ll([2]float64{b[0] - b[1]*mean, b[1]}) }
	cur := llc(b)
	var h [2][2]float64
	converged := false
	for iter := 0; iter < 200; iter++ {
		var g [2]float64
		h = [2][2]float64{}
		for i, xi := range x {
			xc := xi - mean
			pi := expit(b[0] + b[1]*xc)
			r := y[i] - pi
			w := pi * (1 - pi)
			g[0] += r
			g[1] += r * xc
			h[0][0] += w
			h[0][1] += w * xc
			h[1][1] += w * xc * xc
		}
		det := h[0][0]*h[1][1] - h[0][1]*h[0][1]
		if !(det > 0) {
			return beta, cov, ErrNotConverged
		}
		step := [2]float64{
			(h[1][1]*g[0] - h[0][1]*g[1]) / det,
			(h[0][0]*g[1] - h[0][1]*g[0]) / det,
		}
		next := [2]float64{b[0] + step[0], b[1] + step[1]}
		nextLL := llc(next)
		for k := 0; k < 30 && nextLL < cur; k++ {
			step[0] /= 2
			step[1] /= 2
			next = [2]float64{b[0] + step[0], b[1] + step[1]}
			nextLL = llc(next)
		}
		b, cur = next, nextLL
		if math.Abs(step[0]) <= 1e-12*(1+math.Abs(b[0])) && math.Abs(step[1]) <= 1e-12*(1+math.Abs(b[1])) {
			converged = true
			break
		}
	}
	if !converged || math.IsNaN(cur) {
		return beta, cov, ErrNotConverged
	}
	// Observed information at the estimate, in the original coordinates.
	var i00, i01, i11 float64
	for _, xi := range x {
		pi := expit(b[0] + b[1]*(xi-mean))
		w := pi * (1 - pi)
		i00 += w
		i01 += w * xi
		i11 += w * xi * xi
	}
	det := i00*i11 - i01*i01
	if !(det > 0) {
		return beta, cov, ErrNotConverged
	}
	beta = [2]float64{b[0] - b[1]*mean, b[1]}
	cov = [2][2]float64{{i11 / det, -i01 / det}, {-i01 / det, i00 / det}}
	return beta, cov, nil
}

// OEResult is the ratio of observed to expected events with its
// confidence interval.
type OEResult struct {
	// OE is Observed/Expected; 1 is perfect calibration-in-the-large, above
	// 1 means the model under-predicts.
	OE float64
	// Observed is Σy, the number of events; Expected is Σp.
	Observed, Expected float64
	// CI is exp(ln(OE) ± z·sqrt(1/Observed)).
	CI [2]float64
}

// OERatio returns the observed/expected ratio Σy/Σp with the approximate
// interval exp(ln(O/E) ± z·sqrt(1/O)), which treats the observed count O
// as Poisson and the expected count as fixed (DOMAIN.md 7.5; Debray TPA et
// al. BMJ 2017;356:i6460, appendix). p is used as given (no clipping: no
// logit is taken).
//
// It panics if the lengths differ or level is not in (0, 1). It returns
// ErrSingleClass when there are no events (ln(O/E) and the interval are
// undefined), an error when Σp is 0, and an error for invalid labels or
// predictions.
func OERatio(y, p []float64, level float64) (OEResult, error) {
	checkLevel(level)
	nan := OEResult{OE: math.NaN(), Observed: math.NaN(), Expected: math.NaN(), CI: nanPair()}
	if err := checkProbabilities(y, p); err != nil {
		return nan, err
	}
	if len(y) == 0 {
		return nan, errEmpty
	}
	var o, e float64
	for i, v := range y {
		o += v
		e += p[i]
	}
	if o == 0 {
		return nan, fmt.Errorf("%w: O/E has no interval without events", ErrSingleClass)
	}
	if e == 0 {
		return nan, errors.New("metrics: all predictions are 0; O/E is undefined")
	}
	r := o / e
	h := normalQuantile(level) * math.Sqrt(1/o)
	return OEResult{OE: r, Observed: o, Expected: e, CI: [2]float64{r * math.Exp(-h), r * math.Exp(h)}}, nil
}

// clippedLogits returns logit(p) with p clipped to [ClipLow, ClipHigh].
func clippedLogits(p []float64) []float64 {
	lp := make([]float64, len(p))
	for i, v := range p {
		v = clip(v)
		lp[i] = math.Log(v / (1 - v))
	}
	return lp
}

func clip(v float64) float64 { return math.Min(math.Max(v, ClipLow), ClipHigh) }

// bernoulliLogLikLogit returns y·η − log(1 + e^η), the Bernoulli
// log-likelihood of y at logit η, without overflow.
func bernoulliLogLikLogit(y, eta float64) float64 {
	var softplus float64
	if eta > 0 {
		softplus = eta + math.Log1p(math.Exp(-eta))
	} else {
		softplus = math.Log1p(math.Exp(eta))
	}
	return y*eta - softplus
}

// checkSeparation reports ErrConstantPredictions when x is constant and
// ErrSeparation when x separates y = 1 from y = 0, completely or
// quasi-completely (ties at the boundary), in either direction.
func checkSeparation(y, x []float64) error {
	min0, max0 := math.Inf(1), math.Inf(-1)
	min1, max1 := math.Inf(1), math.Inf(-1)
	for i, v := range x {
		if y[i] == 1 {
			min1, max1 = math.Min(min1, v), math.Max(max1, v)
		} else {
			min0, max0 = math.Min(min0, v), math.Max(max0, v)
		}
	}
	if min0 == max0 && min1 == max1 && min0 == min1 {
		return ErrConstantPredictions
	}
	if max0 <= min1 || max1 <= min0 {
		return ErrSeparation
	}
	return nil
}

// checkProbabilities is checkInputs with predictions also required to lie
// in [0, 1].
func checkProbabilities(y, p []float64) error {
	if err := checkInputs(y, p); err != nil {
		return err
	}
	for i, v := range p {
		if v < 0 || v > 1 {
			return fmt.Errorf("metrics: prediction %d is %v; probabilities must be in [0, 1]", i, v)
		}
	}
	return nil
}

// checkBothClasses returns ErrSingleClass unless y holds both 0 and 1.
func checkBothClasses(y []float64) error {
	var events float64
	for _, v := range y {
		events += v
	}
	if events == 0 || events == float64(len(y)) {
		return ErrSingleClass
	}
	return nil
}

func waldEstimate(v, se, level float64) Estimate {
	h := normalQuantile(level) * se
	return Estimate{Value: v, SE: se, CI: [2]float64{v - h, v + h}}
}

func nanEstimate() Estimate {
	return Estimate{Value: math.NaN(), SE: math.NaN(), CI: nanPair()}
}

package logistic

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"github.com/ostfold-vte/bleedrisk/models/internal/spinpool"
)

// separatedEta is the size of a linear predictor (on the side of the row's
// own label) beyond which an unpenalised fit that fails to converge is
// taken to diverge because of quasi-separation: σ(−30) ≈ 1e-13, a fitted
// probability that is numerically 0 or 1.
const separatedEta = 30

// maxHalvings bounds the step halvings of one Newton iteration.
const maxHalvings = 30

// problem is one fit. It works in a centred parametrisation,
// θ = (a, β) with η = a + (x − x̄)ᵀβ and x̄ the weighted column means, which
// decouples the intercept from the coefficients in the Hessian and keeps
// the Newton systems well conditioned; Fit maps a back to b₀ = a − x̄ᵀβ.
type problem struct {
	x      *mat.Dense
	y, w   []float64
	sumW   float64   // W = Σ wᵢ
	lambda float64   // ridge penalty on β
	mean   []float64 // x̄, weighted column means
	n, p   int

	s   []float64  // wᵢ μᵢ (1 − μᵢ) at the current θ
	xcT *mat.Dense // [1, X − x̄]ᵀ, built by the Cholesky solver only

	pool    *spinpool.Pool // runs the passes over X
	part    [][]float64    // per block of rows: its part of a product Xᵀu
	partSum []float64      // per block of rows: its part of Σ uᵢ
	u       []float64      // scratch, n
}

// rows returns rows [lo, hi) of X.
func (pr *problem) rows(lo, hi int) blas64.General {
	raw := pr.x.RawMatrix()
	return blas64.General{Rows: hi - lo, Cols: raw.Cols, Stride: raw.Stride, Data: raw.Data[lo*raw.Stride : (hi-1)*raw.Stride+raw.Cols]}
}

func vec(x []float64) blas64.Vector { return blas64.Vector{N: len(x), Inc: 1, Data: x} }

// blockRows is the number of rows of a block: the passes over X that sum
// over rows (Xᵀu) add up one partial sum per block, in block order, so the
// result does not depend on the number of workers.
const blockRows = 64

func newProblem(x *mat.Dense, y, w []float64, lambda float64, workers int) *problem {
	n, p := x.Dims()
	pr := &problem{x: x, y: y, w: w, lambda: lambda, n: n, p: p,
		mean: make([]float64, p), s: make([]float64, n)}
	blocks := (n + blockRows - 1) / blockRows
	pr.pool = spinpool.New(min(workers, blocks)) // 1: no helpers, runs serially
	pr.part = make([][]float64, blocks)
	for k := range pr.part {
		pr.part[k] = make([]float64, p)
	}
	pr.partSum = make([]float64, blocks)
	pr.u = make([]float64, n)
	pr.sumW = floats.Sum(w)
	for i := 0; i < n; i++ {
		floats.AddScaled(pr.mean, w[i], x.RawRowView(i))
	}
	floats.Scale(1/pr.sumW, pr.mean)
	return pr
}

// linpred sets eta to the linear predictors at theta.
func (pr *problem) linpred(eta, theta []float64) {
	beta := theta[1:]
	c := theta[0] - floats.Dot(pr.mean, beta)
	pr.blocks(func(lo, hi int) {
		blas64.Gemv(blas.NoTrans, 1, pr.rows(lo, hi), vec(beta), 0, vec(eta[lo:hi]))
		floats.AddConst(c, eta[lo:hi])
	})
}

// blocks calls f(lo, hi) for every block of rows [lo, hi), on the
// problem's pool.
func (pr *problem) blocks(f func(lo, hi int)) {
	pr.pool.For(len(pr.part), func(_, k int) {
		f(k*blockRows, min(pr.n, (k+1)*blockRows))
	})
}

// sumParts adds the blocks' partial sums in block order: dst = Σ part,
// and returns Σ partSum.
func (pr *problem) sumParts(dst []float64) float64 {
	copy(dst, pr.part[0])
	sum := pr.partSum[0]
	for k := 1; k < len(pr.part); k++ {
		floats.Add(dst, pr.part[k])
		sum += pr.partSum[k]
	}
	return sum
}

// objective returns f at theta, given the linear predictors eta at theta.
func (pr *problem) objective(eta, theta []float64) float64 {
	var nll float64
	for i, e := range eta {
		if pr.w[i] != 0 {
			nll += pr.w[i] * (softplus(e) - pr.y[i]*e)
		}
	}
	beta := theta[1:]
	return nll/pr.sumW + pr.lambda/2*floats.Dot(beta, beta)
}

// gradient returns the gradient of f at theta and sets pr.s for the
// Hessian there.
func (pr *problem) gradient(eta, theta []float64) []float64 {
	r := make([]float64, pr.n) // wᵢ (yᵢ − μᵢ)
	for i, e := range eta {
		mu := sigmoid(e)
		r[i] = pr.w[i] * (pr.y[i] - mu)
		pr.s[i] = pr.w[i] * mu * sigmoid(-e) // 1−μ computed without cancellation
	}
	g := make([]float64, pr.p+1)
	gb := g[1:]
	pr.blocks(func(lo, hi int) {
		k := lo / blockRows
		blas64.Gemv(blas.Trans, 1, pr.rows(lo, hi), vec(r[lo:hi]), 0, vec(pr.part[k]))
		pr.partSum[k] = floats.Sum(r[lo:hi])
	})
	sumR := pr.sumParts(gb)
	g[0] = -sumR / pr.sumW
	floats.AddScaled(gb, -sumR, pr.mean)
	floats.Scale(-1/pr.sumW, gb)
	floats.AddScaled(gb, pr.lambda, theta[1:])
	return g
}

// hessVec sets dst to H·v, with H the Hessian of f at the θ of the last
// call to gradient: Xᵀ(s ∘ Xv) block by block of rows, so that a block's
// second pass finds it in cache.
func (pr *problem) hessVec(dst, v []float64) {
	vb := v[1:]
	c := v[0] - floats.Dot(pr.mean, vb)
	u := pr.u
	pr.blocks(func(lo, hi int) {
		k := lo / blockRows
		a := pr.rows(lo, hi)
		ub := u[lo:hi]
		blas64.Gemv(blas.NoTrans, 1, a, vec(vb), 0, vec(ub))
		floats.AddConst(c, ub)
		floats.Mul(ub, pr.s[lo:hi])
		blas64.Gemv(blas.Trans, 1, a, vec(ub), 0, vec(pr.part[k]))
		pr.partSum[k] = floats.Sum(ub)
	})
	db := dst[1:]
	sumT := pr.sumParts(db)
	dst[0] = sumT / pr.sumW
	floats.AddScaled(db, -sumT, pr.mean)
	floats.Scale(1/pr.sumW, db)
	floats.AddScaled(db, pr.lambda, vb)
}

// errSingular reports a Hessian that is not numerically positive definite.
var errSingular = errors.New("logistic: the Hessian is singular")

// choleskyStep returns the Newton step −H⁻¹g from the Cholesky factor of
// the Hessian, formed as ZZᵀ with Z = [1, X − x̄]ᵀ·diag(√(s/W)), (p+1)×n so
// that the rank-k update runs over contiguous rows.
func (pr *problem) choleskyStep(g []float64) ([]float64, error) {
	q := pr.p + 1
	if pr.xcT == nil {
		pr.xcT = mat.NewDense(q, pr.n, nil)
		ones := pr.xcT.RawRowView(0)
		for i := range ones {
			ones[i] = 1
		}
		for i := 0; i < pr.n; i++ {
			for j, v := range pr.x.RawRowView(i) {
				pr.xcT.Set(j+1, i, v-pr.mean[j])
			}
		}
	}
	scale := make([]float64, pr.n)
	for i, s := range pr.s {
		scale[i] = math.Sqrt(s / pr.sumW)
	}
	z := mat.NewDense(q, pr.n, nil)
	for j := 0; j < q; j++ {
		floats.MulTo(z.RawRowView(j), pr.xcT.RawRowView(j), scale)
	}
	var h mat.SymDense
	h.SymOuterK(1, z)
	for j := 1; j < q; j++ {
		h.SetSym(j, j, h.At(j, j)+pr.lambda)
	}
	var chol mat.Cholesky
	if !chol.Factorize(&h) {
		return nil, errSingular
	}
	step := mat.NewVecDense(q, nil)
	if err := chol.SolveVecTo(step, mat.NewVecDense(q, g)); err != nil {
		// A condition number beyond 1/ε: the step is meaningless.
		return nil, errSingular
	}
	floats.Scale(-1, step.RawVector().Data)
	return step.RawVector().Data, nil
}

// cgStep returns an approximate Newton step −H⁻¹g by conjugate gradients
// preconditioned with the diagonal of H, stopped when the residual is below
// min(1/2, √‖g‖)·‖g‖ (a forcing sequence that keeps Newton's superlinear
// convergence; Nocedal & Wright, Numerical Optimization, 2nd ed., §7.1).
func (pr *problem) cgStep(g []float64) []float64 {
	q := pr.p + 1
	diag := make([]float64, q)
	diag[0] = floats.Sum(pr.s) / pr.sumW
	for i := 0; i < pr.n; i++ {
		si := pr.s[i] / pr.sumW
		for j, v := range pr.x.RawRowView(i) {
			d := v - pr.mean[j]
			diag[j+1] += si * d * d
		}
	}
	for j := 1; j < q; j++ {
		diag[j] += pr.lambda
	}

	x := make([]float64, q)
	r := make([]float64, q) // residual −g − Hx
	floats.ScaleTo(r, -1, g)
	gNorm := floats.Norm(g, 2)
	stop := math.Min(0.5, math.Sqrt(gNorm)) * gNorm
	z := make([]float64, q)
	floats.DivTo(z, r, diag)
	d := append([]float64(nil), z...)
	hd := make([]float64, q)
	rz := floats.Dot(r, z)
	for k := 0; k < 2*q+20 && floats.Norm(r, 2) > stop; k++ {
		pr.hessVec(hd, d)
		dhd := floats.Dot(d, hd)
		if !(dhd > 0) {
			break
		}
		alpha := rz / dhd
		floats.AddScaled(x, alpha, d)
		floats.AddScaled(r, -alpha, hd)
		floats.DivTo(z, r, diag)
		rzNew := floats.Dot(r, z)
		floats.AddScaledTo(d, z, rzNew/rz, d)
		rz = rzNew
	}
	return x
}

// newton minimises f and returns θ and the number of iterations.
func (pr *problem) newton(sol solver, maxIter int, tol float64) ([]float64, int, error) {
	q := pr.p + 1
	theta := make([]float64, q)
	var sumWY float64
	for i, v := range pr.y {
		sumWY += pr.w[i] * v
	}
	prev := sumWY / pr.sumW
	theta[0] = math.Log(prev / (1 - prev))

	eta := make([]float64, pr.n)
	trialEta := make([]float64, pr.n)
	trial := make([]float64, q)
	pr.linpred(eta, theta)
	f := pr.objective(eta, theta)
	stepTol := math.Sqrt(tol)

	for iter := 1; iter <= maxIter; iter++ {
		if pr.lambda == 0 && pr.completelySeparated(eta) {
			return nil, iter, ErrSeparation
		}
		g := pr.gradient(eta, theta)
		gMax := floats.Norm(g, math.Inf(1))

		var step []float64
		if sol == solverCG {
			step = pr.cgStep(g)
		} else {
			var err error
			step, err = pr.choleskyStep(g)
			if err != nil {
				if pr.lambda == 0 && pr.quasiSeparated(eta) {
					return nil, iter, ErrSeparation
				}
				return nil, iter, fmt.Errorf("%w at iteration %d: a predictor is constant or the predictors are collinear (among rows of positive weight); drop columns or use ridge (Lambda > 0)", err, iter)
			}
		}

		small := true
		for j, d := range step {
			if math.Abs(d) > stepTol*(1+math.Abs(theta[j])) {
				small = false
				break
			}
		}
		if gMax <= tol && small {
			floats.Add(theta, step)
			return theta, iter, nil
		}

		// Step halving: the full Newton step, or the first fraction of it
		// that does not increase f beyond rounding.
		slack := 1e-14 * (1 + math.Abs(f))
		t := 1.0
		accepted := false
		for k := 0; k <= maxHalvings; k++ {
			floats.AddScaledTo(trial, theta, t, step)
			pr.linpred(trialEta, trial)
			if ft := pr.objective(trialEta, trial); ft <= f+slack {
				theta, trial = trial, theta
				eta, trialEta = trialEta, eta
				f = ft
				accepted = true
				break
			}
			t /= 2
		}
		if !accepted {
			// No descent along the Newton direction within rounding: θ is
			// the optimum to machine precision, unless the fit diverges.
			if pr.lambda == 0 && pr.quasiSeparated(eta) {
				return nil, iter, ErrSeparation
			}
			if gMax <= stepTol {
				return theta, iter, nil
			}
			return nil, iter, fmt.Errorf("logistic: no descent at iteration %d with max |gradient| %.3g > √Tol", iter, gMax)
		}
	}
	if pr.lambda == 0 && pr.quasiSeparated(eta) {
		return nil, maxIter, ErrSeparation
	}
	return nil, maxIter, fmt.Errorf("logistic: no convergence in %d Newton iterations", maxIter)
}

// completelySeparated reports whether the linear predictors eta classify
// every row of positive weight strictly correctly; then scaling θ up
// increases the likelihood without bound.
func (pr *problem) completelySeparated(eta []float64) bool {
	for i, e := range eta {
		if pr.w[i] == 0 {
			continue
		}
		if (pr.y[i] == 1) != (e > 0) || e == 0 {
			return false
		}
	}
	return true
}

// quasiSeparated reports whether a row of positive weight has a fitted
// probability that is numerically its own label, the sign of a diverging
// unpenalised fit.
func (pr *problem) quasiSeparated(eta []float64) bool {
	for i, e := range eta {
		if pr.w[i] == 0 {
			continue
		}
		if (pr.y[i] == 1 && e > separatedEta) || (pr.y[i] == 0 && e < -separatedEta) {
			return true
		}
	}
	return false
}

// close stops the problem's pool.
func (pr *problem) close() { pr.pool.Close() }

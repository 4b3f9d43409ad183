// Package naivebayes fits Gaussian naive Bayes, a baseline a reviewer may
// ask for: within each class the columns are taken as independent normals,
// and the probability of an event follows from Bayes' rule.
//
// For class c ∈ {0, 1} with prior πc, column means μcj and variances σ²cj,
// the joint log-likelihood of a row x is
//
//	jllc(x) = log πc − ½ Σⱼ log(2π σ²cj) − ½ Σⱼ (xⱼ − μcj)² / σ²cj,
//
// and P(event | x) = exp(jll₁ − logsumexp(jll₀, jll₁)), computed in log
// space so that rows far from both classes do not underflow to 0/0.
//
// As in scikit-learn's GaussianNB, the priors are the classes' shares of
// the (case-weighted) training rows, the means and variances are the
// weighted maximum-likelihood ones (divisor Σw, not Σw − 1), and every
// variance is increased by ε = VarSmoothing · maxⱼ Var(xⱼ), the largest
// column variance over all training rows, so that a column constant within
// a class does not divide by zero. scikit-learn computes that largest
// variance without the case weights; here it is weighted too, so that a
// row of weight k is k copies of the row and a row of weight 0 is no row.
//
// A caution for coded cohorts: a 0/1 indicator that is 0 in every training
// event has event variance ε only, so any new row with the indicator set
// gets a probability of essentially 0, whatever its other columns say.
// With many sparse indicators a larger VarSmoothing (say 0.01 to 1 on
// standardised columns) is worth tuning.
package naivebayes

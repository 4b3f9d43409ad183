// Package glmnet fits lasso and elastic-net logistic regression by cyclic
// coordinate descent over a whole path of penalties with warm starts, the
// method of glmnet (Friedman, Hastie & Tibshirani, "Regularization Paths
// for Generalized Linear Models via Coordinate Descent", J Stat Softw
// 2010;33(1):1–22; FHT below).
//
// # Objective
//
// For a penalty λ > 0 and a mixing parameter 0 ≤ α ≤ 1 a fit minimises
//
//	f(b₀, β) = −(1/W) Σᵢ wᵢ [yᵢ ηᵢ − log(1 + exp ηᵢ)] + λ [(1−α)/2 ‖β‖² + α ‖β‖₁],
//	ηᵢ = b₀ + xᵢᵀβ,  W = Σᵢ wᵢ,
//
// with case weights wᵢ (all 1 by default) and the intercept b₀ not
// penalised: FHT eq. (1) with the binomial log-likelihood of §3, and the
// objective of R's glmnet(x, y, family = "binomial", alpha = α,
// lambda = λ, weights = w). α = 1 is the lasso, 0 < α < 1 the elastic net
// and α = 0 ridge, whose objective is that of package models/logistic
// with the same λ. Dividing by W makes the fit unchanged when all weights
// are scaled by a constant.
//
// The columns of X are used as given, like glmnet's standardize = FALSE:
// bleedrisk standardises its features in an earlier step, fitted on the
// training rows, so the penalty treats every column alike. With
// Spec.Standardize the fit standardises internally instead (weighted mean
// and SD with denominator W, glmnet's standardize = TRUE), penalises the
// standardised coefficients, and reports coefficients on the scale of the
// X passed to Fit. Standardization.Original maps coefficients fitted on
// standardised columns back to the original feature scale.
//
// # Algorithm
//
// The path: λ_max is the smallest λ at which all coefficients are zero,
//
//	λ_max = maxⱼ |(1/W) Σᵢ wᵢ xᵢⱼ (yᵢ − ȳ)| / max(α, 0.001),  ȳ = (1/W) Σᵢ wᵢ yᵢ
//
// (FHT §2.5, with the weights of §3 and glmnet's floor on α for ridge), and
// the default sequence runs from λ_max down to LambdaMinRatio·λ_max in
// NLambda steps equally spaced on the log scale (FHT §2.5). Each λ starts
// from the solution at the previous one (warm starts).
//
// At each λ an outer loop forms the quadratic approximation of the
// log-likelihood at the current (b₀, β) (FHT eq. (10), iteratively
// reweighted least squares) with working weights vᵢ = wᵢ pᵢ(1−pᵢ)/W and
// working responses zᵢ = ηᵢ + (yᵢ − pᵢ)/(pᵢ(1−pᵢ)), and an inner loop
// minimises the penalised weighted least-squares problem by cyclic
// coordinate descent with the update of FHT eq. (8), written here with
// the weighted residuals rᵢ = vᵢ (zᵢ − ηᵢ):
//
//	βⱼ ← S(Σᵢ xᵢⱼ rᵢ + βⱼ Σᵢ vᵢ xᵢⱼ², λα) / (Σᵢ vᵢ xᵢⱼ² + λ(1−α)),
//	S(z, γ) = sign(z) (|z| − γ)₊,
//
// the soft-thresholding operator of FHT eq. (6); the intercept moves by
// Σᵢ rᵢ / Σᵢ vᵢ. The inner loop cycles over the active set (the
// coefficients that are not zero) until it converges, then makes one pass
// over the candidate set and stops if nothing changed (FHT §2.6,
// active-set convergence). Candidates are chosen by the sequential strong
// rule (Tibshirani et al., "Strong rules for discarding predictors in
// lasso-type problems", J R Stat Soc B 2012;74:245–266, eq. (4)): column j
// is left out at λₖ when |gⱼ(λₖ₋₁)| < α(2λₖ − λₖ₋₁), gⱼ being the
// gradient of the mean log-likelihood; after convergence the
// Karush-Kuhn-Tucker condition |gⱼ| ≤ λα is checked for every column left
// out, and any violator joins the candidates and the fit continues (as
// glmnet does).
//
// A coordinate pass or an outer iteration has converged when no
// coefficient's move δⱼ has Σᵢ vᵢ xᵢⱼ² δⱼ² (and the intercept's Σᵢ vᵢ δ₀²)
// above Tol times the null model's mean deviance, glmnet's criterion for
// thresh. Unlike glmnet, an outer iteration that increases f is halved
// back towards the previous iterate, so that the outer loop descends.
//
// Columns that are constant over the rows of positive weight have
// coefficient 0 at every λ.
//
// # Cross-validation
//
// Path returns the coefficients at every λ of the sequence, and
// PathFit.PredictProba the predictions at every λ, so choosing λ by inner
// cross-validation costs one path per inner fold. As in cv.glmnet, compute
// the sequence once on the outer training rows (Spec.Lambdas), fit each
// inner fold with PathAt on that sequence, and refit the outer training
// rows with Spec.Lambda set to the chosen λ.
//
// # Speed
//
// X is copied once, column by column, so every coordinate update reads
// contiguous memory. A column in which at least 70% of the rows share one
// value (a 0/1 indicator, standardised or not) is stored sparse, as that
// value and the rows that differ from it; the residuals are kept as
// r̂ − κv so that moving such a coefficient, or the intercept, touches
// only the stored rows. Other columns are dense and updated with gonum's
// vectorised dot and axpy. On 864 × 500 cohort-shaped data a path of 100
// λ takes about 1,800 coordinate passes, as many as R's glmnet 4.1-6 on
// the same data, in about a third of its CPU time; BenchmarkPath
// measures it.
package glmnet

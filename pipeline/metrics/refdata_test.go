package metrics

// Reference data sets for the tests of this package. Each was generated once
// in R 4.2.2 (the script is quoted so it can be rerun) and pasted here; the
// reference outputs quoted in the tests were computed from exactly these
// values.

// y40, p40a and p40b are 40 rows with 11 events and two correlated
// predictions rounded to one decimal (many ties within and across classes):
//
//	set.seed(20240607); n <- 40; y <- rbinom(n, 1, 0.3)
//	lp <- -1 + 1.2*y + rnorm(n)
//	p1 <- round(plogis(lp), 1)
//	p2 <- round(plogis(0.6*lp + rnorm(n, sd=0.8)), 1)
var (
	y40  = []float64{0, 1, 0, 0, 0, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 1, 0, 1, 0}
	p40a = []float64{0.2, 0.9, 0.8, 0.3, 0.4, 0.1, 0.7, 0.8, 0.1, 0.3, 0.2, 0.7, 0.1, 0.1, 0.5, 0.4, 0.1, 0.5, 0.7, 0.3, 0.2, 0.3, 0.3, 0.1, 0.4, 0.2, 0.7, 0.3, 0.1, 0.6, 0.4, 0.8, 0.2, 0.6, 0.2, 0.2, 0.6, 0.1, 0.6, 0.3}
	p40b = []float64{0.3, 0.9, 0.8, 0.4, 0.4, 0.3, 0.6, 0.4, 0.0, 0.4, 0.1, 0.5, 0.1, 0.1, 0.3, 0.6, 0.2, 0.5, 0.8, 0.3, 0.3, 0.4, 0.2, 0.2, 0.7, 0.2, 0.3, 0.3, 0.3, 0.7, 0.5, 0.8, 0.2, 0.6, 0.2, 0.2, 0.8, 0.2, 0.5, 0.2}
)

// y50 and p50 are 50 rows with 12 events and predictions rounded to two
// decimals (18 tied values), miscalibrated on purpose:
//
//	set.seed(4051); n <- 50
//	p <- round(plogis(rnorm(n, -1.2, 1.1)), 2)
//	y <- rbinom(n, 1, plogis(0.4 + 0.7*qlogis(p)))
var (
	y50 = []float64{0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1, 1, 0, 1, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}
	p50 = []float64{0.20, 0.14, 0.33, 0.09, 0.04, 0.31, 0.41, 0.25, 0.10, 0.07, 0.36, 0.09, 0.55, 0.34, 0.09, 0.11, 0.12, 0.20, 0.23, 0.18, 0.22, 0.14, 0.10, 0.27, 0.66, 0.24, 0.50, 0.58, 0.01, 0.66, 0.15, 0.16, 0.11, 0.19, 0.50, 0.38, 0.28, 0.18, 0.24, 0.33, 0.17, 0.07, 0.19, 0.23, 0.07, 0.02, 0.23, 0.04, 0.05, 0.14}
)

// near reports whether got is within tol of want (absolute).
func near(got, want, tol float64) bool {
	return got == want || (got-want <= tol && want-got <= tol)
}

package metrics_test

import (
	"fmt"

	"github.com/ostfold-vte/bleedrisk/pipeline/metrics"
)

func ExampleAUROC() {
	y := []float64{0, 0, 1, 1, 0, 1}
	p := []float64{0.1, 0.4, 0.35, 0.8, 0.4, 0.4}
	auc, err := metrics.AUROC(y, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AUROC %.4f\n", auc)
	// Output: AUROC 0.6667
}

func ExampleByName() {
	y := []float64{0, 1, 0, 1}
	p := []float64{0.1, 0.8, 0.3, 0.4}
	for _, name := range []string{"auroc", "brier"} {
		m, ok := metrics.ByName(name)
		if !ok {
			continue
		}
		v, err := m.Compute(y, p)
		fmt.Printf("%s %.4f %v\n", m.Name(), v, err)
	}
	// Output:
	// auroc 1.0000 <nil>
	// brier 0.1250 <nil>
}

// The values agree with R's pROC 1.18.0: auc 0.75, sqrt(var) 0.1825742,
// and the logit interval computed from them 0.30792 to 0.9528932.
func ExampleAUROCWithCI() {
	y := []float64{0, 0, 1, 1, 0, 1, 0, 1, 0, 0}
	p := []float64{0.1, 0.4, 0.35, 0.8, 0.4, 0.7, 0.2, 0.3, 0.05, 0.5}
	r, err := metrics.AUROCWithCI(y, p, 0.95)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("AUROC %.3f (SE %.3f), 95%% CI %.3f to %.3f\n", r.AUC, r.SE, r.CI[0], r.CI[1])
	// Output: AUROC 0.750 (SE 0.183), 95% CI 0.308 to 0.953
}

func ExampleNetBenefit() {
	y := []float64{1, 0, 1, 0, 0, 0, 1, 0, 0, 0}
	p := []float64{0.40, 0.30, 0.20, 0.20, 0.10, 0.05, 0.08, 0.15, 0.02, 0.25}
	nb, err := metrics.NetBenefit(y, p, 0.10, 0.20)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, v := range nb {
		fmt.Printf("pt %.2f: model %.4f, treat all %.4f, treat none 0\n", v.Threshold, v.Model, v.TreatAll)
	}
	// Output:
	// pt 0.10: model 0.1444, treat all 0.2222, treat none 0
	// pt 0.20: model 0.1250, treat all 0.1250, treat none 0
}

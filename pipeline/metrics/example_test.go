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

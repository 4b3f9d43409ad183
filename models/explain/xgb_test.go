package explain

import (
	"encoding/json"
	"math"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// xgbDump is the model of the XGBoost 1.7.4 reference test, printed by
// (numpy 1.24.2):
//
//	rng = np.random.default_rng(7)
//	n = 60
//	X = np.round(rng.normal(size=(n, 4)) * 4) / 4  # multiples of 0.25: exact in float32
//	X[:, 3] = 0.0                                    # constant: no tree can split on it
//	y = ((X[:, 0] + 0.8 * X[:, 1] * (X[:, 2] > 0) + rng.normal(size=n)) > 0).astype(np.float32)
//	miss = rng.random(size=(n, 3)) < 0.15
//	X[:, :3][miss] = np.nan
//	y[np.isnan(X[:, 1]) & (y == 0)] = 1              # missing f1 goes with events: a learned default
//	d = xgb.DMatrix(X.astype(np.float32), label=y, missing=np.nan)
//	params = dict(objective='binary:logistic', max_depth=4, eta=0.3, base_score=0.3,
//	              reg_lambda=1.0, min_child_weight=0.0, tree_method='exact', seed=0)
//	b = xgb.train(params, d, num_boost_round=4)
//	[json.loads(t) for t in b.get_dump(dump_format='json', with_stats=True)]
//
// The trees split on the same feature twice on a path and send missing
// values left at some splits and right at others.
const xgbDump = `
[
{"nodeid":0,"depth":0,"split":"f1","split_condition":1.25,"yes":1,"no":2,"missing":2,"gain":14.1220646,"cover":12.6000004,"children":[{"nodeid":1,"depth":1,"split":"f0","split_condition":0.125,"yes":3,"no":4,"missing":3,"gain":10.9431887,"cover":10.0799999,"children":[{"nodeid":3,"depth":2,"split":"f0","split_condition":-0.375,"yes":5,"no":6,"missing":6,"gain":2.59281468,"cover":7.56000042,"children":[{"nodeid":5,"leaf":-0.330275238,"cover":3.36000013},{"nodeid":6,"depth":3,"split":"f2","split_condition":0.875,"yes":9,"no":10,"missing":9,"gain":1.11288381,"cover":4.20000029,"children":[{"nodeid":9,"leaf":0.0825687945,"cover":3.36000013},{"nodeid":10,"leaf":-0.195652187,"cover":0.840000033}]}]},{"nodeid":4,"depth":2,"split":"f2","split_condition":4.00000095,"yes":7,"no":8,"missing":8,"gain":1.60599899,"cover":2.51999998,"children":[{"nodeid":7,"depth":3,"split":"f1","split_condition":-0.625,"yes":11,"no":12,"missing":12,"gain":0.0166883469,"cover":2.31000018,"children":[{"nodeid":11,"leaf":0.0845070407,"cover":0.420000017},{"nodeid":12,"leaf":0.550173044,"cover":1.8900001}]},{"nodeid":8,"leaf":-0.0743801743,"cover":0.210000008}]}]},{"nodeid":2,"leaf":0.715909064,"cover":2.51999998}]},
{"nodeid":0,"depth":0,"split":"f1","split_condition":1.25,"yes":1,"no":2,"missing":2,"gain":7.00179911,"cover":12.944603,"children":[{"nodeid":1,"depth":1,"split":"f0","split_condition":-0.375,"yes":3,"no":4,"missing":3,"gain":6.64441395,"cover":9.95751286,"children":[{"nodeid":3,"depth":2,"split":"f2","split_condition":3.00000095,"yes":5,"no":6,"missing":6,"gain":0.257302999,"cover":3.91611195,"children":[{"nodeid":5,"leaf":-0.296773881,"cover":2.94253492},{"nodeid":6,"depth":3,"split":"f0","split_condition":1.01327896e-06,"yes":9,"no":10,"missing":10,"gain":0.357718557,"cover":0.973576963,"children":[{"nodeid":9,"leaf":-0.13761428,"cover":0.540101528},{"nodeid":10,"leaf":0.0763373822,"cover":0.433475405}]}]},{"nodeid":4,"depth":2,"split":"f0","split_condition":0.375,"yes":7,"no":8,"missing":8,"gain":1.83045816,"cover":6.04140139,"children":[{"nodeid":7,"depth":3,"split":"f1","split_condition":-0.875,"yes":11,"no":12,"missing":12,"gain":1.19004452,"cover":4.11257315,"children":[{"nodeid":11,"leaf":0.285618961,"cover":0.433475405},{"nodeid":12,"leaf":-0.0301445778,"cover":3.67909765}]},{"nodeid":8,"depth":3,"split":"f2","split_condition":-0.625,"yes":13,"no":14,"missing":14,"gain":0.512589931,"cover":1.92882824,"children":[{"nodeid":13,"leaf":0.029711213,"cover":0.489124984},{"nodeid":14,"leaf":0.436609298,"cover":1.43970323}]}]}]},{"nodeid":2,"leaf":0.481072664,"cover":2.98708987}]},
{"nodeid":0,"depth":0,"split":"f1","split_condition":1.25,"yes":1,"no":2,"missing":2,"gain":4.08694935,"cover":12.4368286,"children":[{"nodeid":1,"depth":1,"split":"f0","split_condition":-0.375,"yes":3,"no":4,"missing":3,"gain":4.73805428,"cover":9.52670002,"children":[{"nodeid":3,"depth":2,"split":"f2","split_condition":3.00000095,"yes":5,"no":6,"missing":6,"gain":0.187640905,"cover":3.43613219,"children":[{"nodeid":5,"leaf":-0.265907437,"cover":2.49047375},{"nodeid":6,"depth":3,"split":"f0","split_condition":1.01327896e-06,"yes":9,"no":10,"missing":10,"gain":0.297133029,"cover":0.945658445,"children":[{"nodeid":9,"leaf":-0.126928821,"cover":0.500511169},{"nodeid":10,"leaf":0.0687579811,"cover":0.445147276}]}]},{"nodeid":4,"depth":2,"split":"f0","split_condition":0.125,"yes":7,"no":8,"missing":8,"gain":1.2217145,"cover":6.09056807,"children":[{"nodeid":7,"depth":3,"split":"f1","split_condition":-0.875,"yes":11,"no":12,"missing":12,"gain":1.24661231,"cover":3.20971942,"children":[{"nodeid":11,"leaf":0.251650542,"cover":0.47236979},{"nodeid":12,"leaf":-0.0748111457,"cover":2.73734975}]},{"nodeid":8,"depth":3,"split":"f2","split_condition":4.00000095,"yes":13,"no":14,"missing":14,"gain":0.815955639,"cover":2.88084841,"children":[{"nodeid":13,"leaf":0.317154318,"cover":2.67990255},{"nodeid":14,"leaf":-0.0695747733,"cover":0.200945914}]}]}]},{"nodeid":2,"leaf":0.380665988,"cover":2.91012788}]},
{"nodeid":0,"depth":0,"split":"f1","split_condition":1.25,"yes":1,"no":2,"missing":2,"gain":2.74551964,"cover":11.6631651,"children":[{"nodeid":1,"depth":1,"split":"f0","split_condition":-0.375,"yes":3,"no":4,"missing":3,"gain":3.29914594,"cover":9.03016949,"children":[{"nodeid":3,"depth":2,"split":"f0","split_condition":1.01327896e-06,"yes":5,"no":6,"missing":6,"gain":0.165740013,"cover":3.01397061,"children":[{"nodeid":5,"leaf":-0.24215503,"cover":2.11490774},{"nodeid":6,"depth":3,"split":"f1","split_condition":-0.375,"yes":9,"no":10,"missing":10,"gain":0.483954668,"cover":0.899062753,"children":[{"nodeid":9,"leaf":-0.142260566,"cover":0.532361805},{"nodeid":10,"leaf":0.106008396,"cover":0.366700947}]}]},{"nodeid":4,"depth":2,"split":"f2","split_condition":0.875,"yes":7,"no":8,"missing":8,"gain":1.17037392,"cover":6.01619911,"children":[{"nodeid":7,"depth":3,"split":"f2","split_condition":-0.125,"yes":11,"no":12,"missing":12,"gain":0.915383816,"cover":4.96947145,"children":[{"nodeid":11,"leaf":0.0413112715,"cover":2.65194035},{"nodeid":12,"leaf":0.29666698,"cover":2.31753111}]},{"nodeid":8,"depth":3,"split":"f2","split_condition":1.75,"yes":13,"no":14,"missing":13,"gain":0.720179319,"cover":1.0467279,"children":[{"nodeid":13,"leaf":-0.188633546,"cover":0.796734333},{"nodeid":14,"leaf":0.120607525,"cover":0.249993622}]}]}]},{"nodeid":2,"leaf":0.322165251,"cover":2.63299561}]}
]
`

// xgbNode is a node of XGBoost's JSON dump.
type xgbNode struct {
	NodeID   int       `json:"nodeid"`
	Split    string    `json:"split"`
	Cond     float64   `json:"split_condition"`
	Yes      int       `json:"yes"`
	Missing  int       `json:"missing"`
	Leaf     float64   `json:"leaf"`
	Cover    float64   `json:"cover"`
	Children []xgbNode `json:"children"`
}

// f32 rounds to float32, the precision XGBoost holds and compares in.
func f32(x float64) float64 { return float64(float32(x)) }

// fromXGB converts a dumped tree to a Tree, numbering nodes in preorder so
// that children come after their parents.
func fromXGB(t *testing.T, root xgbNode) Tree {
	var tr Tree
	var add func(n xgbNode) int32
	add = func(n xgbNode) int32 {
		i := int32(len(tr.Feature))
		tr.Feature = append(tr.Feature, -1)
		tr.Threshold = append(tr.Threshold, 0)
		tr.Left = append(tr.Left, -1)
		tr.Right = append(tr.Right, -1)
		tr.MissingLeft = append(tr.MissingLeft, false)
		tr.Cover = append(tr.Cover, f32(n.Cover))
		tr.Value = append(tr.Value, f32(n.Leaf))
		if len(n.Children) == 0 {
			return i
		}
		f, err := strconv.Atoi(n.Split[1:])
		if err != nil || len(n.Children) != 2 {
			t.Fatalf("node %d: split %q with %d children", n.NodeID, n.Split, len(n.Children))
		}
		tr.Feature[i] = int32(f)
		tr.Threshold[i] = f32(n.Cond)
		yes, no := n.Children[0], n.Children[1]
		if yes.NodeID != n.Yes {
			yes, no = no, yes
		}
		tr.MissingLeft[i] = n.Missing == n.Yes
		tr.Left[i] = add(yes)
		tr.Right[i] = add(no)
		return i
	}
	add(root)
	return tr
}

// TestXGBoost compares SHAP with XGBoost's exact TreeSHAP on the trees
// XGBoost grew, loaded from its dump.
func TestXGBoost(t *testing.T) {
	var roots []xgbNode
	if err := json.Unmarshal([]byte(xgbDump), &roots); err != nil {
		t.Fatal(err)
	}
	trees := make([]Tree, len(roots))
	for k, r := range roots {
		trees[k] = fromXGB(t, r)
	}
	// base_score 0.3 is the margin logit(0.3) for binary:logistic.
	e, err := NewEnsemble(trees, Less, math.Log(0.3/0.7), 4)
	if err != nil {
		t.Fatal(err)
	}
	nan := math.NaN()
	X := mat.NewDense(6, 4, []float64{
		0.5, -1.25, 2.0, 0,
		nan, 0.75, -0.5, 0,
		-2.0, nan, 1.0, 0,
		1.75, 3.0, nan, 0,
		nan, nan, nan, 0,
		-0.25, 0.25, 0.0, 5,
	})
	// b.predict(xgb.DMatrix(X, missing=np.nan), pred_contribs=True): the
	// four features' values, then the bias (the expected margin), printed
	// with '%.9g'.
	want := [][]float64{
		{0.919445574, -0.408541173, 0.0315560326, 0, -0.43088004},
		{-0.319913298, -0.39806208, -0.0725466087, 0, -0.43088004},
		{-0.382870883, 1.9547627, -0.0884966105, 0, -0.43088004},
		{0.346660107, 1.34082365, -0.204088584, 0, -0.43088004},
		{-0.0427482389, 1.51835442, 0.0077887848, 0, -0.43088004},
		{0.106951281, -0.419219285, 0.170130208, 0, -0.43088004},
	}
	// b.predict(..., output_margin=True)
	margin := []float64{0.111580342, -1.22140193, 1.05251515, 1.05251515, 1.05251515, -0.573017776}
	// XGBoost sums in float32, so agreement is to about 1e-7 relative.
	const tol = 1e-6
	if got := e.Expected(); math.Abs(got-want[0][4]) > tol {
		t.Errorf("expected value %.9g, XGBoost %.9g", got, want[0][4])
	}
	pred := e.Predict(X)
	phi := e.SHAP(X, 2)
	var worst float64
	for i := range want {
		for j := range 4 {
			worst = max(worst, math.Abs(phi.At(i, j)-want[i][j]))
		}
		if math.Abs(pred[i]-margin[i]) > tol {
			t.Errorf("row %d: margin %.9g, XGBoost %.9g", i, pred[i], margin[i])
		}
		for j := range 4 {
			if got := phi.At(i, j); math.Abs(got-want[i][j]) > tol {
				t.Errorf("row %d feature %d: SHAP %.9g, XGBoost %.9g", i, j, got, want[i][j])
			}
		}
		if phi.At(i, 3) != 0 {
			t.Errorf("row %d: the unused feature has SHAP %v", i, phi.At(i, 3))
		}
	}
	t.Logf("largest difference from XGBoost's pred_contribs: %.2g", worst)
}

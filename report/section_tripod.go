package report

import (
	"fmt"
	"io"
	"strings"
)

// TRIPOD+AI checklist (Collins GS et al., BMJ 2024;385:e078378; DOMAIN.md
// 7.1): where this report addresses each item, and which items only the
// authors can complete.

// Item statuses.
const (
	tripodReported = "reported"
	tripodPartly   = "partly: authors complete"
	tripodAuthors  = "authors"
	tripodNA       = "not applicable"
)

type tripodItem struct {
	ID, Topic string
	Status    string
	// Where are the titles of the sections that address the item.
	Where []string
	Note  string
}

func tripodItems() []tripodItem {
	const (
		sum, coh, ss, meth, res, sco, rep = "Summary", "Cohort and outcome", "Sample size", "Methods as run", "Results",
			"Bleeding scores: items available in this cohort", "Reproducibility"
	)
	return []tripodItem{
		{"1", "Title: development and/or evaluation, target population, outcome", tripodPartly, nil, "this report's title names them; the manuscript's title is the authors'"},
		{"2", "Abstract (TRIPOD+AI for Abstracts)", tripodAuthors, []string{sum}, "the Summary gives the key numbers"},
		{"3a", "Healthcare context, rationale, existing models", tripodAuthors, []string{sco}, "the existing bleeding scores are evaluated on the same patients"},
		{"3b", "Target population, place in the care pathway, intended users", tripodAuthors, nil, ""},
		{"3c", "Known health inequalities", tripodAuthors, nil, ""},
		{"4", "Objectives (development and/or evaluation)", tripodPartly, []string{sum}, "development with internal validation"},
		{"5a", "Data sources and representativeness", tripodPartly, []string{coh, rep}, "source and size are given; representativeness is for the authors"},
		{"5b", "Dates of accrual and end of follow-up", tripodAuthors, nil, "the report holds no patient dates by design"},
		{"6a", "Setting and centres", tripodAuthors, nil, ""},
		{"6b", "Eligibility criteria", tripodPartly, []string{coh}, "exclusions per outcome window (censoring, landmark) are counted; cohort eligibility is for the authors"},
		{"6c", "Treatments received", tripodAuthors, nil, "anticoagulant type is a candidate predictor where recorded"},
		{"7", "Data preparation and quality checks", tripodPartly, []string{meth, sco}, "unit conversion, censored lab values, leakage guards and imputation are reported; checks across subgroups are not"},
		{"8a", "Outcome definition, time horizon, assessment", tripodPartly, []string{coh, meth}, "windows and labelling rules (competing death, censoring) are reported; how bleeding was adjudicated is for the authors"},
		{"8b", "Qualifications of outcome assessors", tripodAuthors, nil, ""},
		{"8c", "Blinding of outcome assessment", tripodAuthors, nil, ""},
		{"9a", "Choice of initial predictors and any pre-selection", tripodReported, []string{coh, meth}, "feature sets are pre-specified; no univariable pre-selection"},
		{"9b", "Predictor definitions and timing of measurement", tripodPartly, []string{meth}, "derived features and the index-date rule for ICD-10 codes are reported; column definitions are in dictionary.yaml"},
		{"9c", "Qualifications and blinding of predictor assessors", tripodAuthors, nil, ""},
		{"10", "Sample size justification", tripodReported, []string{ss}, ""},
		{"11", "Missing data handling", tripodReported, []string{meth, sco}, ""},
		{"12a", "Data use: development, tuning and evaluation splits", tripodReported, []string{meth}, "repeated stratified cross-validation with nested tuning"},
		{"12b", "Predictor handling (functional form, transformation, standardisation)", tripodReported, []string{meth}, ""},
		{"12c", "Model type, building steps, hyperparameter tuning, internal validation", tripodReported, []string{meth, res}, ""},
		{"12d", "Heterogeneity across clusters (centres, periods)", tripodAuthors, nil, "not analysed by this run"},
		{"12e", "Performance measures and model comparisons", tripodReported, []string{meth, res}, "discrimination, calibration, clinical utility; DeLong tests against the scores"},
		{"12f", "Model updating or recalibration", tripodReported, []string{meth}, "the models as listed; recalibrated variants only when named MODEL+platt or MODEL+isotonic"},
		{"12g", "How predictions were computed (evaluation)", tripodReported, []string{meth, res}, "every prediction is out-of-fold"},
		{"13", "Class imbalance methods and recalibration after them", tripodReported, []string{meth}, ""},
		{"14", "Fairness approaches", tripodAuthors, nil, "not analysed by this run"},
		{"15", "Model output and thresholds, with their rationale", tripodPartly, []string{meth, res}, "probabilities; results at the declared thresholds; the thresholds' clinical rationale is for the authors"},
		{"16", "Differences between development and evaluation data", tripodPartly, []string{meth}, "internal validation on the same population"},
		{"17", "Ethics approval", tripodAuthors, nil, ""},
		{"18a", "Funding", tripodAuthors, nil, ""},
		{"18b", "Conflicts of interest", tripodAuthors, nil, ""},
		{"18c", "Protocol", tripodAuthors, nil, ""},
		{"18d", "Registration", tripodAuthors, nil, ""},
		{"18e", "Data availability", tripodAuthors, nil, "predictions.csv and models/ hold patient-level data"},
		{"18f", "Code availability", tripodPartly, []string{rep}, "program version and exact command are given; where the code is published is for the authors"},
		{"19", "Patient and public involvement", tripodAuthors, nil, ""},
		{"20a", "Participant flow; numbers with and without the outcome and follow-up", tripodReported, []string{coh}, ""},
		{"20b", "Characteristics overall and by subgroup, including missingness", tripodPartly, []string{coh, sco}, "predictor columns by source and score-item availability are reported; a table of baseline characteristics is not yet"},
		{"20c", "Comparison with the development data (evaluation)", tripodNA, nil, "internal validation"},
		{"21", "Numbers of participants and events in each analysis", tripodReported, []string{coh, ss, res}, ""},
		{"22", "Full model specification and restrictions of use", tripodPartly, []string{rep}, "each final model with its preprocessing is saved as JSON under models/; restrictions of use are for the authors"},
		{"23a", "Performance with confidence intervals, including subgroups", tripodPartly, []string{res}, "95% intervals are reported; subgroup performance is not"},
		{"23b", "Heterogeneity of performance across clusters", tripodAuthors, nil, "not analysed by this run"},
		{"24", "Results of model updating", tripodNA, nil, "no updating"},
		{"25", "Interpretation, including fairness", tripodAuthors, []string{sum}, ""},
		{"26", "Limitations (sample size, overfitting, missingness, representativeness)", tripodPartly, []string{ss, sco}, "sample size and missing score items are reported; the discussion is the authors'"},
		{"27a", "Handling of poor or missing input data at implementation", tripodAuthors, nil, ""},
		{"27b", "User interaction and expertise required", tripodAuthors, nil, ""},
		{"27c", "Next steps (future research)", tripodAuthors, nil, ""},
	}
}

type tripodSection struct{}

func (tripodSection) Title() string { return "TRIPOD+AI checklist" }

func (tripodSection) Markdown(w io.Writer, r *Run) error {
	items := tripodItems()
	fmt.Fprintln(w, "The 27 items of TRIPOD+AI (Collins GS et al., BMJ 2024;385:e078378), with their sub-items, and where this report addresses each. "+
		"\"reported\": this report covers the item; \"partly\": it gives what the run knows and the authors complete the rest; "+
		"\"authors\": only the study's authors can complete it (the program cannot know it).")
	fmt.Fprintln(w)
	fmt.Fprintln(w, "| Item | Topic | Status | Where in this report | Note |")
	fmt.Fprintln(w, "|---|---|---|---|---|")
	var theirs []string
	for _, it := range items {
		var where []string
		for _, t := range it.Where {
			where = append(where, ref(r, t))
		}
		ws := strings.Join(where, ", ")
		if ws == "" {
			ws = "–"
		}
		fmt.Fprintf(w, "| %s | %s | %s | %s | %s |\n", it.ID, it.Topic, it.Status, ws, it.Note)
		if it.Status == tripodAuthors || it.Status == tripodPartly {
			theirs = append(theirs, it.ID)
		}
	}
	fmt.Fprintln(w)
	fmt.Fprintf(w, "For the authors to complete (%d of %d entries): %s.\n", len(theirs), len(items), strings.Join(theirs, ", "))
	return nil
}

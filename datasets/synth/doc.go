// Package synth generates a realistic, deterministic synthetic cohort shaped
// like the TROLL cancer-associated VTE (CAT) cohort of Grdinic et al. (J
// Thromb Haemost 2024;22:1094; DOMAIN.md 1.2): 1080 anticoagulated CAT
// patients, 488 candidate predictors (baseline registry data, baseline
// biochemistry and ICD-10 diagnosis indicators) and the time to the first
// major or clinically relevant non-major bleed (MB+CRNMB) with death as a
// competing event and registry-end censoring.
//
// The generated cohort is bleedrisk's embedded default data and its test
// data. Generate writes three files: cohort.csv (the registry-style export),
// dictionary.yaml (its data dictionary, readable by datasets.ReadDictionary)
// and truth.csv (each patient's true probability of a bleed in every outcome
// window of datasets.DefaultWindows, from the generating hazard model). The
// truth lets tests and reports compare a fitted model with the best
// achievable one.
//
// Every modelling assumption is a comment next to its constant and cites the
// section of DOMAIN.md it rests on; "[U]" marks assumptions with no source.
// The effect sizes are tuned so that the true risk discriminates about as
// well as published CAT bleeding models (AUROC about 0.65-0.72; DOMAIN.md 8),
// not better: a pipeline must not look good because the data are too easy.
//
// Randomness comes from explicit math/rand/v2 PCG sources seeded by
// Config.Seed, one stream per generation stage, so that the same Config
// always gives byte-identical files.
package synth

package pipeline

// DeriveSeed mixes a master seed with a path of integers (window, model,
// repeat, fold, ...) into an independent 64-bit seed, using the SplitMix64
// finaliser (Steele, Lea & Flood, OOPSLA 2014) on each step. It lets every
// unit of work own a seed that does not depend on scheduling.
func DeriveSeed(master uint64, path ...uint64) uint64 {
	s := master
	for _, p := range path {
		s = splitmix(s ^ splitmix(p+0x9E3779B97F4A7C15))
	}
	return splitmix(s)
}

func splitmix(z uint64) uint64 {
	z += 0x9E3779B97F4A7C15
	z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
	z = (z ^ (z >> 27)) * 0x94D049BB133111EB
	return z ^ (z >> 31)
}

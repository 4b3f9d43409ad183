// Package buildinfo reports the program's version for manifests and reports.
package buildinfo

import (
	"runtime"
	"runtime/debug"
)

// version is set at link time with -ldflags "-X .../internal/buildinfo.version=v1.2.3".
var version = ""

// Version returns the program version: the link-time version if set, else
// the module version, else the VCS revision (with "+dirty" for a modified
// tree), else "dev".
func Version() string {
	if version != "" {
		return version
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if v := bi.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	rev, dirty := "", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	if len(rev) > 12 {
		rev = rev[:12]
	}
	if dirty {
		rev += "+dirty"
	}
	return "dev-" + rev
}

// GoVersion returns the Go version the binary was built with.
func GoVersion() string { return runtime.Version() }

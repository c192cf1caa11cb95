package index

import (
	"encoding/json"
	"os"
)

// scorchConfig returns the runtime configuration of a shard: ... (experimental)
func scorchConfig(opts Options, readOnly bool) map[string]interface{} {
	cfg := map[string]interface{}{
		"bolt_timeout": opts.LockTimeout.String(),
	}
	if readOnly {
		cfg["read_only"] = true
	}
	if v := os.Getenv("BANTIN_SCORCH"); v != "" {
		var extra map[string]interface{}
		if err := json.Unmarshal([]byte(v), &extra); err == nil {
			for k, x := range extra {
				cfg[k] = x
			}
		}
	}
	return cfg
}

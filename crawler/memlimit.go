package crawler

import (
	"fmt"
	"math"
	"runtime/debug"
	"strconv"
	"strings"

	"github.com/bantin/bantin"
)

// DefaultMemoryLimit is the soft memory limit (runtime/debug.SetMemoryLimit) that `bantin
// crawl` sets unless --memory-limit or GOMEMLIMIT says otherwise. Without a limit the Go heap
// grows to twice what is live before the collector runs, and indexing batches keep much alive
// for a moment: 10,000 simulated articles peaked at 413 MB RSS. A soft limit makes the
// collector run earlier instead; it never fails an allocation (past it, the collector is
// capped at about half the CPU and the heap grows). The Go runtime keeps about this much
// anonymous memory once the heap has reached it, and the index's mapped files come on top:
// 150 MiB left a 100,000-article crawl at 253 MB peak RSS (anonymous memory at most 164 MB).
const DefaultMemoryLimit int64 = 150 << 20

// DefaultGCPercent is the GOGC that `bantin crawl` sets under a soft memory limit, unless
// GOGC says otherwise. With the default of 100 the collector ran whenever the heap had grown
// by what was live, a few MB while no index batch was being built, so every few pages:
// about a tenth of a crawl's CPU. The memory limit, not GOGC, bounds the heap of a long
// crawl; under it a larger GOGC only makes the collector run less often while the heap is
// small. With 400, a 1,000-article crawl used about 8% less CPU per page and peaked at
// 186 MB RSS instead of 161 (bench/README.md).
const DefaultGCPercent = 400

// ParseMemoryLimit reads a memory limit written as GOMEMLIMIT is: a number of bytes with an
// optional unit (B, KiB, MiB, GiB, TiB), or "off" for none (math.MaxInt64). It fails with
// bantin.ErrInvalid on anything else.
func ParseMemoryLimit(s string) (int64, error) {
	orig := s
	s = strings.TrimSpace(s)
	if s == "off" {
		return math.MaxInt64, nil
	}
	units := []struct {
		suffix string
		mult   int64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}, {"B", 1}}
	mult := int64(1)
	for _, u := range units {
		if num, ok := strings.CutSuffix(s, u.suffix); ok {
			s, mult = num, u.mult
			break
		}
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n < 0 || n > math.MaxInt64/mult {
		return 0, fmt.Errorf("memory limit %q: want bytes with an optional unit (B, KiB, MiB, GiB, TiB) or off: %w", orig, bantin.ErrInvalid)
	}
	return n * mult, nil
}

// SetMemoryBounds applies a crawl's memory bounds to the Go runtime, as `bantin crawl` does:
// the soft memory limit limit (written as ParseMemoryLimit reads it; when empty, gomemlimit,
// the GOMEMLIMIT the runtime has applied already, else DefaultMemoryLimit), then, under a
// limit and unless gogc (GOGC) is set, DefaultGCPercent. A bad limit fails with
// bantin.ErrInvalid and changes nothing.
func SetMemoryBounds(limit, gomemlimit, gogc string) error {
	if limit != "" || gomemlimit == "" {
		n := DefaultMemoryLimit
		if limit != "" {
			var err error
			if n, err = ParseMemoryLimit(limit); err != nil {
				return err
			}
		}
		debug.SetMemoryLimit(n)
	}
	if gogc == "" && debug.SetMemoryLimit(-1) != math.MaxInt64 {
		debug.SetGCPercent(DefaultGCPercent)
	}
	return nil
}

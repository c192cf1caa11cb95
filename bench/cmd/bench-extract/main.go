// Command bench-extract compares article extractors side by side, in one run: bantin's
// extract package, go-trafilatura and go-readability, on the aeb-dev pages and on rendered
// pages of every testsite family. It prints body F1 / precision / recall / accuracy, title and
// date accuracy (testsite only: aeb-dev has body truth only) and milliseconds per page.
//
//	cd bench && go run ./cmd/bench-extract [-aeb ../../shared/bench/aeb-dev] [-pages 60] [-rounds 3]
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/bantin/bantin/bench/extract"
	"github.com/bantin/bantin/testsite"
)

func main() {
	aeb := flag.String("aeb", "", "aeb-dev directory (default: ../../shared/bench/aeb-dev from the bench module, or ../shared/bench/aeb-dev from the repository root)")
	pages := flag.Int("pages", 60, "testsite pages per family")
	rounds := flag.Int("rounds", 3, "times each page is extracted by each extractor (the fastest counts)")
	only := flag.String("only", "", "comma-separated extractor names to run (default all)")
	flag.Parse()
	if err := run(os.Stdout, *aeb, *pages, *rounds, *only); err != nil {
		fmt.Fprintln(os.Stderr, "bench-extract:", err)
		os.Exit(1)
	}
}

// findAEB resolves the aeb-dev directory when no flag names it.
func findAEB(flagDir string) (string, error) {
	if flagDir != "" {
		if _, err := os.Stat(filepath.Join(flagDir, "ground-truth.json")); err != nil {
			return "", fmt.Errorf("-aeb %s: %w", flagDir, err)
		}
		return flagDir, nil
	}
	for _, d := range []string{"../../shared/bench/aeb-dev", "../shared/bench/aeb-dev", "../../../shared/bench/aeb-dev"} {
		if _, err := os.Stat(filepath.Join(d, "ground-truth.json")); err == nil {
			return d, nil
		}
	}
	return "", nil
}

func run(w io.Writer, aebFlag string, perFamily, rounds int, only string) error {
	exts := extract.Extractors()
	if only != "" {
		want := map[string]bool{}
		for _, n := range strings.Split(only, ",") {
			want[strings.TrimSpace(n)] = true
		}
		var keep []extract.Extractor
		for _, e := range exts {
			if want[e.Name] {
				keep = append(keep, e)
			}
		}
		exts = keep
	}
	type set struct {
		name  string
		pages []extract.Page
	}
	var sets []set
	dir, err := findAEB(aebFlag)
	if err != nil {
		return err
	}
	if dir == "" {
		fmt.Fprintln(w, "aeb-dev not found (pass -aeb DIR): skipping it")
	} else {
		p, err := extract.LoadAEB(dir)
		if err != nil {
			return err
		}
		sets = append(sets, set{"aeb-dev", p})
	}
	var all []extract.Page
	for _, fam := range testsite.Families() {
		p := extract.TestsitePages(fam, 1, perFamily)
		all = append(all, p...)
		sets = append(sets, set{"testsite/" + fam, p})
	}
	sets = append(sets, set{"testsite/all", all})

	fmt.Fprintf(w, "go %s, %s/%s, %d CPU; each page timed %d times per extractor, interleaved, fastest kept; title/date: testsite truth only; time/1st: ms/page relative to the first extractor\n",
		runtime.Version(), runtime.GOOS, runtime.GOARCH, runtime.NumCPU(), rounds)
	fmt.Fprintf(w, "%-20s %-15s %5s %7s %7s %7s %7s %7s %7s %9s %8s %4s\n", "set", "extractor", "pages", "F1", "prec", "recall", "acc", "title", "date", "ms/page", "time/1st", "err")
	for _, s := range sets {
		reps := extract.Evaluate(exts, s.name, s.pages, rounds)
		for _, r := range reps {
			fmt.Fprintf(w, "%-20s %-15s %5d %7.4f %7.4f %7.4f %7.4f %7s %7s %9.3f %7.2fx %4d\n", s.name, r.Extractor, r.Pages,
				r.F1, r.Precision, r.Recall, r.Accuracy, pct(r.TitleAcc), pct(r.DateAcc), r.MsPerPage, r.MsPerPage/reps[0].MsPerPage, r.Errors)
		}
	}
	return nil
}

func pct(v float64) string {
	if v < 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f", v)
}

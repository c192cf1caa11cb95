package search

import (
	"strings"

	"github.com/bantin/bantin/index/vi"
)

// Abbreviations is the built-in list of government abbreviations and what they stand for
// (vi.Abbreviations: the index knows them too, see words). Queries are rewritten both ways: the
// abbreviation also finds the full form, and the full form (quoted or as consecutive words)
// also finds the abbreviation.
var Abbreviations = vi.Abbreviations

// expansion is one abbreviation as folded term sequences, with the exact terms to substitute.
// indexed is true when the index marks the full form with the short form (vi.AbbrevFilter):
// the one term of the short form then finds both spellings.
type expansion struct {
	short, long         []string // folded terms
	shortExact, longExt []string // exact terms
	indexed             bool
}

// abbrevTable matches term sequences against abbreviations in both directions.
type abbrevTable struct {
	entries []expansion
	byShort map[string][]int // first folded term of short → entries
	byLong  map[string][]int // first folded term of long → entries
}

func newAbbrevTable(extra map[string]string) *abbrevTable {
	t := &abbrevTable{byShort: map[string][]int{}, byLong: map[string][]int{}}
	seen := map[string]bool{}
	add := func(short, long string) {
		e := expansion{
			short: vi.FoldedTerms(short), long: vi.FoldedTerms(long),
			shortExact: vi.Terms(short), longExt: vi.Terms(long),
		}
		if len(e.short) == 0 || len(e.long) == 0 {
			return
		}
		if s, ok := vi.IndexedShort(e.longExt); ok && len(e.shortExact) == 1 {
			e.indexed = s == e.shortExact[0]
		}
		key := strings.Join(e.short, " ") + "=" + strings.Join(e.long, " ")
		if seen[key] {
			return
		}
		seen[key] = true
		t.entries = append(t.entries, e)
		i := len(t.entries) - 1
		t.byShort[e.short[0]] = append(t.byShort[e.short[0]], i)
		t.byLong[e.long[0]] = append(t.byLong[e.long[0]], i)
	}
	for s, l := range Abbreviations {
		if _, overridden := extra[s]; !overridden {
			add(s, l)
		}
	}
	for s, l := range extra {
		add(s, l)
	}
	return t
}

// variants returns the spellings of a term sequence (exact terms in, exact terms out) to search
// for it: the sequence itself, and each abbreviation found in it replaced by its full form and
// each full form by its abbreviation, one substitution per variant. Indexed abbreviations need
// no variant where they stand at either end of the sequence (the index marks the full form
// with the short form at its first and at its last position, see vi.AbbrevFilter): there a
// full form is replaced by its short form in place, and a short form stays alone.
func (t *abbrevTable) variants(exact []string) [][]string {
	if len(exact) == 0 {
		return nil
	}
	var out [][]string
	seen := map[string]bool{}
	add := func(v []string) {
		v = t.collapse(v)
		if k := strings.Join(v, " "); !seen[k] && len(out) < 9 {
			seen[k] = true
			out = append(out, v)
		}
	}
	add(exact)
	folded := foldAll(exact)
	edge := func(i, n int) bool { return i == 0 || i+n == len(exact) }
	sub := func(i, n int, with []string) {
		alt := make([]string, 0, len(exact)-n+len(with))
		alt = append(alt, exact[:i]...)
		alt = append(alt, with...)
		add(append(alt, exact[i+n:]...))
	}
	for i := range folded {
		for _, ei := range t.byShort[folded[i]] {
			e := t.entries[ei]
			if hasAt(folded, i, e.short) && !(e.indexed && edge(i, len(e.short))) {
				sub(i, len(e.short), e.longExt)
			}
		}
		for _, ei := range t.byLong[folded[i]] {
			e := t.entries[ei]
			if hasAt(folded, i, e.long) && !(e.indexed && edge(i, len(e.long))) {
				sub(i, len(e.long), e.shortExact)
			}
		}
	}
	return out
}

// collapse replaces the full forms of indexed abbreviations at either end of exact by their
// short form: folded when the words were typed without diacritics, so that it searches the
// folded terms only, as the words would have.
func (t *abbrevTable) collapse(exact []string) []string { return t.collapseWhere(exact, false) }

// collapseAll is collapse for full forms anywhere in the sequence.
func (t *abbrevTable) collapseAll(exact []string) []string { return t.collapseWhere(exact, true) }

func (t *abbrevTable) collapseWhere(exact []string, anywhere bool) []string {
	folded := foldAll(exact)
	for i := 0; i < len(folded); i++ {
		for _, ei := range t.byLong[folded[i]] {
			e := t.entries[ei]
			n := len(e.long)
			if !e.indexed || !hasAt(folded, i, e.long) || (!anywhere && i != 0 && i+n != len(folded)) {
				continue
			}
			short := e.shortExact[0]
			if !anyDiacritics(exact[i : i+n]) {
				short = e.short[0]
			}
			out := append(append(append([]string(nil), exact[:i]...), short), exact[i+n:]...)
			return t.collapseWhere(out, anywhere)
		}
	}
	return exact
}

func foldAll(terms []string) []string {
	out := make([]string, len(terms))
	for i, e := range terms {
		out[i] = vi.Fold(e)
	}
	return out
}

func anyDiacritics(terms []string) bool {
	for _, t := range terms {
		if vi.HasDiacritics(t) {
			return true
		}
	}
	return false
}

func hasAt(s []string, i int, want []string) bool {
	if i+len(want) > len(s) {
		return false
	}
	for k, w := range want {
		if s[i+k] != w {
			return false
		}
	}
	return true
}

package index

import (
	"encoding/binary"
	"fmt"
	"unicode"
)

// Bleve's BM25 takes a field's average length as its number of distinct terms over the number
// of documents, which for body text is a fraction of the real average: every long text then gets
// a length penalty in the hundreds and text matches hardly count against title matches. The
// index keeps the true token totals per field instead (countTokens, close to the analyzer's
// count), and search hands them to BM25 (see globalDF).

func lengthKey(field string) []byte { return []byte("bantin:length:" + field) }

func encodeUint(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// countTokens counts runs of letters, marks and digits: the syllables the analyzer makes.
func countTokens(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

func (ix *Index) loadLengths() error {
	ix.lengths = make([]map[string]uint64, len(ix.shards))
	for i, s := range ix.shards {
		ix.lengths[i] = map[string]uint64{}
		for _, f := range []string{FieldTitle, FieldLead, FieldText, FieldAuthor} {
			b, err := s.GetInternal(lengthKey(f))
			if err != nil {
				return fmt.Errorf("index: read field lengths of %s: %w", s.Name(), err)
			}
			if len(b) == 8 {
				ix.lengths[i][f] = binary.BigEndian.Uint64(b)
			}
		}
	}
	return nil
}

// fieldLength returns the total token count of field (exact or folded form) over all shards,
// and false for fields whose length is not kept.
func (ix *Index) fieldLength(field string) (uint64, bool) {
	base := field
	if n := len(field) - len(FoldedSuffix); n > 0 && field[n:] == FoldedSuffix {
		base = field[:n]
	}
	ix.lengthMu.Lock()
	defer ix.lengthMu.Unlock()
	var total uint64
	found := false
	for _, m := range ix.lengths {
		if v, ok := m[base]; ok {
			total += v
			found = true
		}
	}
	return total, found
}

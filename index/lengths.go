package index

import (
	"encoding/binary"
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Bleve's BM25 takes a field's average length as its number of distinct terms over the number
// of documents, which for body text is a fraction of the real average: every long text then gets
// a length penalty in the hundreds and text matches hardly count against title matches. The
// index keeps the true token totals per field instead (countTokens, close to the analyzer's
// count), and search hands them to BM25 (see globalDF).

func lengthKey(field string) []byte { return []byte("bantin:length:" + field) }

func encodeUint(n uint64) []byte { return binary.BigEndian.AppendUint64(nil, n) }

// countTokens counts what the analyzer makes of s: runs of letters, marks and digits (the
// syllables), twice for those with a letter beyond ASCII (an exact term and its folded one).
// ASCII bytes, most of a Vietnamese text, are classed by a table.
func countTokens(s string) int {
	n, in, wide := 0, false, false
	for i := 0; i < len(s); {
		var w, ascii bool
		if c := s[i]; c < utf8.RuneSelf {
			w, ascii = asciiWord[c], true
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			w = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
			i += size
		}
		if w && !in {
			n++
			wide = false
		}
		if w && !wide && !ascii {
			n++
			wide = true
		}
		in = w
	}
	return n
}

// asciiWord tells the ASCII letters and digits.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c))
	}
	return t
}()

func (ix *Index) loadLengths() error {
	ix.lengths = make([]map[string]uint64, len(ix.shards))
	for i, s := range ix.shards {
		ix.lengths[i] = map[string]uint64{}
		for _, f := range lengthFields {
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

// lengthFields are the fields whose total token count the index keeps.
var lengthFields = []string{FieldTitle, FieldBody, FieldAuthor}

// fieldLength returns the total token count of field over all shards, and false for fields
// whose length is not kept. A word-pair field (TextFields) counts as its text field: a text of
// n syllables has about n pairs (Bleve's own estimate, distinct pairs per document, would be a
// few dozen against the body's thousand).
func (ix *Index) fieldLength(field string) (uint64, bool) {
	for _, tf := range TextFields {
		if tf.Pairs == field {
			field = tf.Name
		}
	}
	ix.lengthMu.Lock()
	defer ix.lengthMu.Unlock()
	var total uint64
	found := false
	for _, m := range ix.lengths {
		if v, ok := m[field]; ok {
			total += v
			found = true
		}
	}
	return total, found
}

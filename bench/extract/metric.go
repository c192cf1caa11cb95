package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Tokens splits text as the benchmark metric does: NFC, soft hyphens removed, maximal runs of
// Unicode letters, numbers and '_' ([\p{L}\p{N}_]+), case kept.
func Tokens(text string) []string {
	text = strings.ReplaceAll(norm.NFC.String(text), "\u00ad", "")
	var out []string
	start := -1
	for i, r := range text {
		if unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_' {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, text[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, text[start:])
	}
	return out
}

// Shingles returns the multiset of 4-token shingles; fewer than 4 tokens make one shingle of
// all of them, no tokens none.
func Shingles(tokens []string) map[string]int {
	m := map[string]int{}
	switch {
	case len(tokens) == 0:
	case len(tokens) < 4:
		m[strings.Join(tokens, " ")]++
	default:
		for i := 0; i+4 <= len(tokens); i++ {
			m[strings.Join(tokens[i:i+4], " ")]++
		}
	}
	return m
}

// PageScore is one page's shingle match: tp, fp and fn as fractions of their sum, and whether
// the token sequences are identical.
type PageScore struct {
	TP, FP, FN float64
	Exact      bool
}

// ScorePage compares a predicted body with the true one.
func ScorePage(truth, pred string) PageScore {
	tt, pt := Tokens(truth), Tokens(pred)
	t, p := Shingles(tt), Shingles(pt)
	var s PageScore
	for k, tc := range t {
		pc := p[k]
		s.TP += float64(min(tc, pc))
		s.FN += float64(max(0, tc-pc))
	}
	for k, pc := range p {
		s.FP += float64(max(0, pc-t[k]))
	}
	if sum := s.TP + s.FP + s.FN; sum > 0 {
		s.TP, s.FP, s.FN = s.TP/sum, s.FP/sum, s.FN/sum
	}
	s.Exact = len(tt) == len(pt)
	for i := 0; s.Exact && i < len(tt); i++ {
		s.Exact = tt[i] == pt[i]
	}
	return s
}

// Precision is 1 when nothing is wrong, 0 when nothing was found right.
func (s PageScore) Precision() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FP == 0:
		return 0
	}
	return s.TP / (s.TP + s.FP)
}

// Recall is 1 when nothing is wrong, 0 when nothing was found right.
func (s PageScore) Recall() float64 {
	switch {
	case s.FP == 0 && s.FN == 0:
		return 1
	case s.TP == 0 && s.FN == 0:
		return 0
	}
	return s.TP / (s.TP + s.FN)
}

// Macro averages page scores: precision over pages with tp+fp > 0, recall over pages with
// tp+fn > 0, F1 their harmonic mean, accuracy the share of exact pages.
func Macro(pages []PageScore) (f1, precision, recall, accuracy float64) {
	var np, nr, exact int
	for _, s := range pages {
		if s.TP+s.FP > 0 {
			precision += s.Precision()
			np++
		}
		if s.TP+s.FN > 0 {
			recall += s.Recall()
			nr++
		}
		if s.Exact {
			exact++
		}
	}
	if np > 0 {
		precision /= float64(np)
	}
	if nr > 0 {
		recall /= float64(nr)
	}
	if precision+recall > 0 {
		f1 = 2 * precision * recall / (precision + recall)
	}
	if len(pages) > 0 {
		accuracy = float64(exact) / float64(len(pages))
	}
	return f1, precision, recall, accuracy
}

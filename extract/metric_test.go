package extract

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// The body-text metric of ../shared/bench/README.md (the article-extraction-benchmark shingle
// metric), used by the regression test over aeb-dev.

func tokens(s string) []string {
	s = strings.ReplaceAll(norm.NFC.String(s), "\u00ad", "")
	var out []string
	start := -1
	for i, r := range s {
		w := unicode.IsLetter(r) || unicode.IsNumber(r) || r == '_'
		if w {
			if start < 0 {
				start = i
			}
		} else if start >= 0 {
			out = append(out, s[start:i])
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, s[start:])
	}
	return out
}

func shingles(s string) map[string]int {
	t := tokens(s)
	m := map[string]int{}
	if len(t) == 0 {
		return m
	}
	if len(t) < 4 {
		m[strings.Join(t, " ")]++
		return m
	}
	for i := 0; i+4 <= len(t); i++ {
		m[strings.Join(t[i:i+4], " ")]++
	}
	return m
}

// shingleMatch returns tp, fp, fn as fractions of their sum.
func shingleMatch(truth, pred string) (tp, fp, fn float64) {
	t, p := shingles(truth), shingles(pred)
	for k, tc := range t {
		pc := p[k]
		tp += float64(min(tc, pc))
		fn += float64(max(0, tc-pc))
	}
	for k, pc := range p {
		fp += float64(max(0, pc-t[k]))
	}
	if s := tp + fp + fn; s > 0 {
		return tp / s, fp / s, fn / s
	}
	return 0, 0, 0
}

type prf struct{ tp, fp, fn float64 }

func (x prf) precision() float64 {
	switch {
	case x.fp == 0 && x.fn == 0:
		return 1
	case x.tp == 0 && x.fp == 0:
		return 0
	}
	return x.tp / (x.tp + x.fp)
}

func (x prf) recall() float64 {
	switch {
	case x.fp == 0 && x.fn == 0:
		return 1
	case x.tp == 0 && x.fn == 0:
		return 0
	}
	return x.tp / (x.tp + x.fn)
}

// macroF1 returns F1, precision and recall over pages as the README defines them.
func macroF1(xs []prf) (f1, p, r float64) {
	var np, nr int
	for _, x := range xs {
		if x.tp+x.fp > 0 {
			p += x.precision()
			np++
		}
		if x.tp+x.fn > 0 {
			r += x.recall()
			nr++
		}
	}
	if np > 0 {
		p /= float64(np)
	}
	if nr > 0 {
		r /= float64(nr)
	}
	if p+r > 0 {
		f1 = 2 * p * r / (p + r)
	}
	return f1, p, r
}

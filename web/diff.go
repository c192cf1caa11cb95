package web

import (
	"strings"
)

// Diff operations.
const (
	opEqual  = "eq"
	opDelete = "del"
	opInsert = "ins"
	opChange = "mod" // a paragraph replaced by another: shown word by word
)

// maxDiffCells bounds the LCS table (n*m cells): past it, the diff falls back to "all of the
// old removed, all of the new added", which is correct if not minimal.
const maxDiffCells = 4_000_000

// diffPara is one paragraph of a version diff.
type diffPara struct {
	Op    string     // opEqual, opDelete, opInsert or opChange
	Text  string     // the paragraph, for eq/del/ins
	Words []diffWord // for opChange
}

// diffWord is a run of words with one operation.
type diffWord struct {
	Op   string
	Text string
}

type edit struct {
	op   string
	a, b int // index in old (a) or new (b)
}

// lcsDiff returns the edit script turning a into b, from a longest common subsequence.
func lcsDiff(a, b []string) []edit {
	n, m := len(a), len(b)
	if n*m > maxDiffCells {
		var out []edit
		for i := range a {
			out = append(out, edit{op: opDelete, a: i})
		}
		for j := range b {
			out = append(out, edit{op: opInsert, b: j})
		}
		return out
	}
	// l[i][j] = length of the LCS of a[i:] and b[j:], in one flat slice.
	w := m + 1
	l := make([]int32, (n+1)*w)
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if a[i] == b[j] {
				l[i*w+j] = l[(i+1)*w+j+1] + 1
			} else {
				l[i*w+j] = max(l[(i+1)*w+j], l[i*w+j+1])
			}
		}
	}
	var out []edit
	i, j := 0, 0
	for i < n && j < m {
		switch {
		case a[i] == b[j]:
			out = append(out, edit{op: opEqual, a: i, b: j})
			i, j = i+1, j+1
		case l[(i+1)*w+j] >= l[i*w+j+1]:
			out = append(out, edit{op: opDelete, a: i})
			i++
		default:
			out = append(out, edit{op: opInsert, b: j})
			j++
		}
	}
	for ; i < n; i++ {
		out = append(out, edit{op: opDelete, a: i})
	}
	for ; j < m; j++ {
		out = append(out, edit{op: opInsert, b: j})
	}
	return out
}

// splitParas splits article text into its paragraphs (separated by blank lines).
func splitParas(s string) []string {
	var out []string
	for _, p := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n\n") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// diffText compares two article texts paragraph by paragraph. A run of removed paragraphs
// followed by a run of added ones is paired up, and each pair is shown word by word.
func diffText(oldText, newText string) []diffPara {
	a, b := splitParas(oldText), splitParas(newText)
	edits := lcsDiff(a, b)
	var out []diffPara
	for k := 0; k < len(edits); {
		e := edits[k]
		if e.op == opEqual {
			out = append(out, diffPara{Op: opEqual, Text: a[e.a]})
			k++
			continue
		}
		var dels, inss []int
		for k < len(edits) && edits[k].op == opDelete {
			dels = append(dels, edits[k].a)
			k++
		}
		for k < len(edits) && edits[k].op == opInsert {
			inss = append(inss, edits[k].b)
			k++
		}
		pairs := min(len(dels), len(inss))
		for p := 0; p < pairs; p++ {
			out = append(out, diffPara{Op: opChange, Words: diffWords(a[dels[p]], b[inss[p]])})
		}
		for _, d := range dels[pairs:] {
			out = append(out, diffPara{Op: opDelete, Text: a[d]})
		}
		for _, i := range inss[pairs:] {
			out = append(out, diffPara{Op: opInsert, Text: b[i]})
		}
	}
	return out
}

// diffWords compares two paragraphs word by word and merges neighbouring words with the same
// operation into runs.
func diffWords(oldP, newP string) []diffWord {
	a, b := strings.Fields(oldP), strings.Fields(newP)
	var out []diffWord
	add := func(op, w string) {
		if n := len(out); n > 0 && out[n-1].Op == op {
			out[n-1].Text += " " + w
			return
		}
		out = append(out, diffWord{Op: op, Text: w})
	}
	for _, e := range lcsDiff(a, b) {
		switch e.op {
		case opEqual:
			add(opEqual, a[e.a])
		case opDelete:
			add(opDelete, a[e.a])
		case opInsert:
			add(opInsert, b[e.b])
		}
	}
	return out
}

// diffStats counts the words removed and added by a diff.
func diffStats(d []diffPara) (removed, added int) {
	for _, p := range d {
		switch p.Op {
		case opDelete:
			removed += len(strings.Fields(p.Text))
		case opInsert:
			added += len(strings.Fields(p.Text))
		case opChange:
			for _, w := range p.Words {
				switch w.Op {
				case opDelete:
					removed += len(strings.Fields(w.Text))
				case opInsert:
					added += len(strings.Fields(w.Text))
				}
			}
		}
	}
	return removed, added
}

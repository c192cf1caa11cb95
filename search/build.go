package search

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2/search/query"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/index"
	"github.com/bantin/bantin/index/vi"
)

// Boosts. A query word typed with diacritics matches its exact term with exactBoost and its
// folded term with foldedBoost only: "hoà" must rank "hoà/hòa" far above the "hoa", "hóa" and
// "họa" the folded term also matches. A word typed without diacritics searches its folded
// term alone, at full weight. Runs of plain words also score their pairs of adjacent words
// (see proximity) with proximityBoost, so that documents where they stand together, as typed,
// rank first: 12 makes a pair in the body (its bonus halved by Bleve's coordination when the
// title lacks the pair) weigh as much as the pair's rarity times one exact word in the title
// (title 3 × exactBoost 2). At 100,000 simulator articles nDCG@10 of the judged queries was 0.953,
// 0.955, 0.964 and 0.963 with 3, 6, 12 and 24, and 0.939 without pairs (bench/index/README.md).
const (
	exactBoost     = 2
	foldedBoost    = 0.3
	proximityBoost = 12
)

type builder struct {
	abbr *abbrevTable
	// noBonus leaves out the optional adjacency bonus (proximity).
	noBonus bool
	// locations builds the query of highlighting, which needs the positions of the words
	// matched: phrases of two words stay phrases of the text fields instead of terms of the
	// pair fields, and prefixes are Bleve's (the words they expand to) instead of bantin's
	// constant-score ones.
	locations bool
}

type field struct {
	name  string
	boost float64
	pairs string // the field of its word pairs, if any
}

func fieldsOf(f string) []field {
	switch f {
	case FieldTitle:
		return []field{{index.FieldTitle, 1, index.FieldTitlePairs}}
	case FieldAuthor:
		return []field{{name: index.FieldAuthor, boost: 1}}
	}
	out := make([]field, len(index.TextFields))
	for i, tf := range index.TextFields {
		out[i] = field{tf.Name, tf.Boost, tf.Pairs}
	}
	return out
}

// build turns a parsed query into a Bleve query. A nil node matches everything.
func (b *builder) build(n Node) (query.Query, error) {
	switch n := n.(type) {
	case nil:
		return query.NewMatchAllQuery(), nil
	case *Not:
		q, err := b.build(n.Node)
		if err != nil {
			return nil, err
		}
		bq := query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{q})
		return bq, nil
	case *Or:
		qs := make([]query.Query, 0, len(n.Nodes))
		for _, c := range n.Nodes {
			q, err := b.build(c)
			if err != nil {
				return nil, err
			}
			qs = append(qs, q)
		}
		return query.NewDisjunctionQuery(qs), nil
	case *And:
		return b.and(n)
	case *Term:
		return b.term(n)
	case *Phrase:
		if n.Field == FieldSite {
			return siteQuery(n.Text), nil
		}
		return b.words(n.Field, vi.Terms(n.Text)), nil
	case *DateRange:
		return dateQuery(n.From, n.To, false), nil
	}
	return nil, fmt.Errorf("search: unknown node %T: %w", n, bantin.ErrInvalid)
}

func (b *builder) and(n *And) (query.Query, error) {
	nodes := n.Nodes
	if !n.joined {
		nodes = b.joinLongForms(n.Nodes)
	}
	var must, not []query.Query
	for _, c := range nodes {
		if neg, ok := c.(*Not); ok {
			q, err := b.build(neg.Node)
			if err != nil {
				return nil, err
			}
			not = append(not, q)
			continue
		}
		q, err := b.build(c)
		if err != nil {
			return nil, err
		}
		must = append(must, q)
	}
	var should []query.Query
	if !n.joined {
		should = b.proximity(n.Nodes)
	}
	if b.noBonus {
		should = nil
	}
	if len(not) == 0 && len(should) == 0 {
		return query.NewConjunctionQuery(must), nil
	}
	if len(must) == 0 {
		must = []query.Query{query.NewMatchAllQuery()}
	}
	return query.NewBooleanQuery(must, should, not), nil
}

// proximity returns the optional bonus of each run of two or more plain words: all the words are
// required anywhere, and documents where they stand together, as typed, rank first. In the
// fields with word pairs (index.TextFields) the bonus is the run's pairs of adjacent words,
// each a term scored with its own rarity (vi.PairFilter); elsewhere (author), the run as a
// phrase.
func (b *builder) proximity(nodes []Node) []query.Query {
	var out []query.Query
	var run []string
	field := ""
	flush := func() {
		defer func() { run = nil }()
		if len(run) < 2 {
			return
		}
		for _, f := range fieldsOf(field) {
			if f.pairs == "" {
				// One form is enough for a bonus: exact when typed with diacritics, else
				// folded. Full forms of abbreviations at either end shrink to their short
				// form: fewer, rarer terms for the phrase searcher.
				if r := b.abbr.collapse(run); len(r) >= 2 {
					out = append(out, b.matchOneForm(f, r, proximityBoost))
				}
				continue
			}
			// Full forms anywhere shrink to their short form: the index has the pairs of the
			// short form wherever the full form stands (vi.PairFilter).
			r := b.abbr.collapseAll(run)
			for i := 0; i+1 < len(r); i++ {
				if !vi.Paired(r[i], r[i+1]) {
					continue
				}
				q := query.NewTermQuery(vi.Pair(r[i], r[i+1]))
				q.SetField(f.pairs)
				q.SetBoost(f.boost * proximityBoost)
				out = append(out, q)
			}
		}
	}
	for _, n := range nodes {
		t, ok := n.(*Term)
		if !ok || t.Prefix || t.Field == FieldSite || (len(run) > 0 && t.Field != field) {
			flush()
			if !ok || t.Prefix || t.Field == FieldSite {
				continue
			}
		}
		field = t.Field
		run = append(run, vi.Terms(t.Text)...)
	}
	flush()
	return out
}

// joinLongForms finds runs of plain words that spell out an abbreviation's full form
// ("ủy ban nhân dân") and makes them match the abbreviation too.
func (b *builder) joinLongForms(nodes []Node) []Node {
	var out []Node
	for i := 0; i < len(nodes); {
		best := 0
		var short []string
		first, isTerm := nodes[i].(*Term)
		for _, e := range b.abbr.entries {
			if !isTerm {
				break
			}
			if len(e.long) < 2 || len(e.long) <= best || i+len(e.long) > len(nodes) {
				continue
			}
			ok := true
			for k, w := range e.long {
				t, isTerm := nodes[i+k].(*Term)
				if !isTerm || t.Prefix || t.Field != first.Field || t.Field == FieldSite {
					ok = false
					break
				}
				f := vi.FoldedTerms(t.Text)
				if len(f) != 1 || f[0] != w {
					ok = false
					break
				}
			}
			if ok {
				best, short = len(e.long), e.shortExact
			}
		}
		if best == 0 {
			out = append(out, nodes[i])
			i++
			continue
		}
		run := append([]Node(nil), nodes[i:i+best]...)
		out = append(out, &Or{[]Node{&And{Nodes: run, joined: true}, &Phrase{Field: first.Field, Text: strings.Join(short, " "), Pos: first.Pos}}})
		i += best
	}
	return out
}

func (b *builder) term(t *Term) (query.Query, error) {
	if t.Field == FieldSite {
		if t.Prefix {
			return b.prefix(index.FieldSite, t.Text, 1), nil
		}
		return siteQuery(t.Text), nil
	}
	terms := vi.Terms(t.Text)
	if t.Prefix {
		var qs []query.Query
		p := terms[0]
		var exact []string // the spellings typed, when they have marks
		if vi.HasDiacritics(p) {
			exact = append([]string{p}, placements(p)...)
		}
		for _, f := range fieldsOf(t.Field) {
			fb := f.boost
			for _, e := range exact {
				qs = append(qs, b.prefix(f.name, e, f.boost*exactBoost))
			}
			if exact != nil {
				fb *= foldedBoost
			}
			qs = append(qs, b.prefix(f.name, vi.Fold(p), fb))
		}
		return query.NewDisjunctionQuery(qs), nil
	}
	return b.words(t.Field, terms), nil
}

// placements returns the other beginnings, as the index spells them, of the words that prefix p
// may begin when typed in the old tone placement, which the index does not keep (vi.Canonical):
// hò* also looks for hoà* (hòa, hoàng is unchanged), khỏ* for khoẻ*, thủ* for thuỷ*.
func placements(p string) []string {
	var out []string
	for _, v := range []string{"a", "e", "y"} {
		if c := vi.Canonical(p + v); !strings.HasPrefix(c, p) && !slices.Contains(out, c) {
			out = append(out, c)
		}
	}
	return out
}

// prefix matches the words of field that start with p: every match scores the same (boost),
// unless b builds for highlighting (see builder.locations).
func (b *builder) prefix(field, p string, boost float64) query.Query {
	if !b.locations {
		return index.NewPrefixQuery(field, p, boost)
	}
	q := query.NewPrefixQuery(p)
	q.SetField(field)
	q.SetBoost(boost)
	return q
}

// words matches exact terms (a phrase when there are several) in the fields of field, in every
// spelling the abbreviations give them (see abbrevTable.variants).
func (b *builder) words(fieldName string, terms []string) query.Query {
	vs := b.abbr.variants(terms)
	if len(vs) == 1 {
		return b.match(fieldName, vs[0])
	}
	qs := make([]query.Query, len(vs))
	for i, v := range vs {
		qs[i] = b.match(fieldName, v)
	}
	return query.NewDisjunctionQuery(qs)
}

// match matches the terms, adjacent and in order when there are several, as exact terms (when
// they have diacritics) and as folded terms, in the fields of fieldName (each holds both).
func (b *builder) match(fieldName string, terms []string) query.Query {
	dia := false
	folded := make([]string, len(terms))
	for i, t := range terms {
		folded[i] = vi.Fold(t)
		if folded[i] != t {
			dia = true
		}
	}
	var qs []query.Query
	for _, f := range fieldsOf(fieldName) {
		fb := f.boost
		if dia {
			qs = append(qs, b.termsQuery(f, terms, f.boost*exactBoost))
			if len(terms) > 1 {
				// A phrase typed with diacritics searches the exact terms only: the folded
				// phrase would cost as much again for documents written without marks, which
				// department portals do not publish.
				continue
			}
			fb *= foldedBoost
		}
		qs = append(qs, b.termsQuery(f, folded, fb))
	}
	if len(qs) == 1 {
		return qs[0]
	}
	return query.NewDisjunctionQuery(qs)
}

// matchOneForm matches the terms in f as a phrase of exact terms when they have diacritics, of
// folded terms otherwise.
func (b *builder) matchOneForm(f field, terms []string, boost float64) query.Query {
	if !anyDiacritics(terms) {
		terms = foldAll(terms)
	}
	return b.termsQuery(f, terms, f.boost*boost)
}

// termsQuery matches one term, or several as a phrase: two folded terms in a field with word
// pairs as the pair's one term (the same documents, without reading positions) when the index
// has that pair for every spelling, unless b keeps phrases.
func (b *builder) termsQuery(f field, terms []string, boost float64) query.Query {
	var q interface {
		query.Query
		SetBoost(float64)
	}
	switch {
	case len(terms) == 1:
		t := query.NewTermQuery(terms[0])
		t.SetField(f.name)
		q = t
	case len(terms) == 2 && f.pairs != "" && !b.locations && !vi.HasDiacritics(terms[0]+terms[1]) && vi.PairedFolded(terms[0], terms[1]):
		t := query.NewTermQuery(vi.Pair(terms[0], terms[1]))
		t.SetField(f.pairs)
		q = t
	default:
		q = query.NewPhraseQuery(terms, f.name)
	}
	q.SetBoost(boost)
	return q
}

func siteQuery(site string) query.Query {
	q := query.NewTermQuery(site)
	q.SetField(index.FieldSite)
	return q
}

// dateQuery matches publication times in [from, to), or [from, to] when toInclusive.
func dateQuery(from, to time.Time, toInclusive bool) query.Query {
	t, f := true, toInclusive
	q := query.NewDateRangeInclusiveQuery(from, to, &t, &f)
	q.SetField(index.FieldPublished)
	return q
}

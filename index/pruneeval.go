package index

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"

	"github.com/bantin/bantin/index/vi"
)

// segEval finds the documents of one segment that a plan matches, as bitmaps of local
// document numbers: term postings are bitmaps already, conjunctions and disjunctions are
// bitmap operations, and phrases are checked against positions, as few of them as possible.
type segEval struct {
	*segLists
	terms  map[string]*roaring.Bitmap // field + "\x00" + term → its live documents
	all    *roaring.Bitmap
	leaves []*roaring.Bitmap // the documents of each leaf (never to be modified)
	nodes  []*roaring.Bitmap // the documents each node matches (never to be modified)
	// unknown holds, per node, the documents its bitmap may miss (nil: none): the documents
	// an earlier alternative of an enclosing disjunction matched, where this one was not
	// checked. The scorer checks them itself when it needs to.
	unknown []*roaring.Bitmap
	// lazy is set while evaluating a should part: its phrases are left unchecked (nil
	// bitmaps, and so their parents'), to be checked only in the documents scored in full.
	lazy bool
}

// eval returns the documents of the segment that n matches, as far as they are in within (nil:
// everywhere) and not in known: the result may hold other documents outside within, and may
// miss documents of known (the caller, a disjunction, has them already). Phrases check
// positions only there: a conjunction evaluates its phrases last, within what its other parts
// matched; a disjunction its costliest alternatives last, where the others did not match; a
// should part within its must part.
func (e *segEval) eval(n *pnode, within, known *roaring.Bitmap) (*roaring.Bitmap, error) {
	if n.op == opFilter {
		return e.nodes[n.id], nil // found beforehand (evalFilters)
	}
	if n.op != opPhrase && n.op != opOr {
		known = nil // only these leave known documents out
	}
	bm, err := e.eval1(n, within, known)
	if err == nil {
		e.nodes[n.id] = bm
		if known != nil && !known.IsEmpty() {
			e.unknown[n.id] = known
		}
	}
	return bm, err
}

func (e *segEval) eval1(n *pnode, within, known *roaring.Bitmap) (*roaring.Bitmap, error) {
	switch n.op {
	case opTerm:
		bm, err := e.term(n.field, n.terms[0])
		e.note(n.leaves[0], bm)
		return bm, err
	case opAll:
		bm := e.allDocs()
		e.note(n.leaves[0], bm)
		return bm, nil
	case opPrefix:
		bm, err := e.prefix(n.field, n.terms[0])
		e.note(n.leaves[0], bm)
		return bm, err
	case opIDs:
		bm, err := e.seg.DocNumbers(n.terms)
		if err != nil {
			return nil, fmt.Errorf("document numbers: %w", err)
		}
		if e.del != nil {
			bm.AndNot(e.del)
		}
		e.note(n.leaves[0], bm)
		return bm, nil
	case opPhrase:
		bms := make([]*roaring.Bitmap, len(n.terms), len(n.terms)+1)
		for i, t := range n.terms {
			bm, err := e.term(n.field, t)
			if err != nil {
				return nil, err
			}
			bms[i] = bm
			e.note(n.leaves[i], bm)
		}
		if e.lazy {
			return nil, nil
		}
		if within != nil {
			bms = append(bms, within)
		}
		// The documents without one of the phrase's pairs cannot hold it: a pair's documents are
		// a bitmap, where the phrase check decodes positions.
		pairs, err := e.pairs(n)
		if err != nil {
			return nil, err
		}
		cand := andAll(append(bms, pairs...))
		if known != nil {
			cand.AndNot(known)
		}
		return e.phrase(n.field, n.terms, cand)
	case opAnd:
		kids, err := e.cheapestFirst(n.kids, func(k *pnode) bool { return !k.phrases })
		if err != nil {
			return nil, err
		}
		acc, lazy := within, false
		for _, k := range kids {
			bm, err := e.eval(k, acc, nil)
			if err != nil {
				return nil, err
			}
			if bm == nil {
				lazy = true
				continue
			}
			if acc == nil {
				acc = bm
			} else {
				acc = roaring.And(acc, bm)
			}
		}
		if lazy {
			return nil, nil
		}
		return acc, nil
	case opOr:
		kids, err := e.cheapestFirst(n.kids, nil)
		if err != nil {
			return nil, err
		}
		bms := make([]*roaring.Bitmap, 0, len(kids))
		for i, k := range kids {
			bm, err := e.eval(k, within, known)
			if err != nil {
				return nil, err
			}
			if bm == nil {
				return nil, e.evalRest(kids[i+1:], within)
			}
			bms = append(bms, bm)
			if i+1 < len(kids) && k.phrases {
				if known == nil {
					known = bm.Clone()
				} else {
					known = roaring.Or(known, bm)
				}
			}
		}
		return roaring.FastOr(bms...), nil
	}
	// opBool
	must, err := e.eval(n.must, within, nil)
	if err != nil {
		return nil, err
	}
	if must == nil { // in a should part, with a phrase: everything is checked per document
		return nil, e.evalRest(slices.DeleteFunc([]*pnode{n.not, n.should, n.filter}, func(k *pnode) bool { return k == nil }), within)
	}
	if within != nil {
		must = roaring.And(must, within)
	}
	if n.filter != nil {
		must = roaring.And(must, e.nodes[n.filter.id])
	}
	if n.not != nil {
		not, err := e.eval(n.not, must, nil)
		if err != nil {
			return nil, err
		}
		must = roaring.AndNot(must, not)
	}
	if n.should != nil {
		lazy := e.lazy
		e.lazy = true
		_, err := e.eval(n.should, must, nil)
		if e.lazy = lazy; err != nil {
			return nil, err
		}
	}
	return must, nil
}

// evalRest evaluates nodes for their leaves and nodes' bitmaps alone.
func (e *segEval) evalRest(nodes []*pnode, within *roaring.Bitmap) error {
	for _, n := range nodes {
		if _, err := e.eval(n, within, nil); err != nil {
			return err
		}
	}
	return nil
}

// cheapestFirst returns nodes ordered by the positions their phrases may have to check (see
// cost), those for which first is true before the others.
func (e *segEval) cheapestFirst(nodes []*pnode, first func(*pnode) bool) ([]*pnode, error) {
	costs := make(map[*pnode]uint64, len(nodes))
	for _, n := range nodes {
		c, err := e.cost(n)
		if err != nil {
			return nil, err
		}
		costs[n] = c
	}
	out := slices.Clone(nodes)
	slices.SortStableFunc(out, func(a, b *pnode) int {
		if first != nil && first(a) != first(b) {
			if first(a) {
				return -1
			}
			return 1
		}
		return cmp.Compare(costs[a], costs[b])
	})
	return out, nil
}

// cost estimates the work of checking n's phrases: for a phrase, its number of words times
// the documents of its rarest word or pair (the most it may check); for a disjunction, the sum
// of its parts'; for a conjunction, the least of its parts' that have phrases (the others cost
// nothing).
func (e *segEval) cost(n *pnode) (uint64, error) {
	var c uint64
	switch n.op {
	case opPhrase:
		c = math.MaxUint64
		for _, t := range n.terms {
			bm, err := e.term(n.field, t)
			if err != nil {
				return 0, err
			}
			c = min(c, bm.GetCardinality())
		}
		pairs, err := e.pairs(n)
		if err != nil {
			return 0, err
		}
		for _, bm := range pairs {
			c = min(c, bm.GetCardinality())
		}
		c *= uint64(len(n.terms))
	case opAnd, opOr:
		for _, k := range n.kids {
			kc, err := e.cost(k)
			switch {
			case err != nil:
				return 0, err
			case n.op == opOr:
				c += kc
			case kc > 0 && (c == 0 || kc < c):
				c = kc
			}
		}
	case opBool:
		return e.cost(n.must)
	}
	return c, nil
}

// andAll returns the intersection of bms, smallest first; never one of them.
func andAll(bms []*roaring.Bitmap) *roaring.Bitmap {
	slices.SortFunc(bms, func(a, b *roaring.Bitmap) int { return cmp.Compare(a.GetCardinality(), b.GetCardinality()) })
	if len(bms) == 1 {
		return bms[0].Clone()
	}
	return roaring.FastAnd(bms...)
}

func (e *segEval) note(leaf int, bm *roaring.Bitmap) {
	if leaf >= 0 && bm != nil {
		if prev := e.leaves[leaf]; prev != nil {
			bm = roaring.Or(prev, bm)
		}
		e.leaves[leaf] = bm
	}
}

func (e *segEval) allDocs() *roaring.Bitmap {
	if e.all == nil {
		e.all = roaring.New()
		e.all.AddRange(0, e.seg.Count())
		if e.del != nil {
			e.all.AndNot(e.del)
		}
	}
	return e.all
}

// segLists looks up the posting lists of one segment, its deleted documents left out, each
// once: the evaluation, the phrase checks and the scorer read the same lists. Not safe for
// concurrent use (one shard's searches use it in turn).
type segLists struct {
	seg   segment.Segment
	del   *roaring.Bitmap
	dicts map[string]segment.TermDictionary
	lists map[string]segment.PostingsList // field + "\x00" + term; nil: not in the segment
	// prefixes holds the documents of each prefix asked (field + "\x00" + prefix), found once
	// for the evaluation and the pruned search's searcher
	prefixes map[string]*roaring.Bitmap
}

func newSegLists(seg segment.Segment, del *roaring.Bitmap) *segLists {
	return &segLists{seg: seg, del: del, dicts: map[string]segment.TermDictionary{}, lists: map[string]segment.PostingsList{}}
}

// list returns the posting list of term in field, nil when the segment has none.
func (s *segLists) list(field, term string) (segment.PostingsList, error) {
	key := field + "\x00" + term
	if pl, ok := s.lists[key]; ok {
		return pl, nil
	}
	d, err := s.dict(field)
	if err != nil {
		return nil, err
	}
	pl, err := d.PostingsList([]byte(term), s.del, nil)
	if err != nil {
		return nil, fmt.Errorf("postings of %s:%s: %w", field, term, err)
	}
	s.lists[key] = pl
	return pl, nil
}

// dict returns the term dictionary of field.
func (s *segLists) dict(field string) (segment.TermDictionary, error) {
	d, ok := s.dicts[field]
	if !ok {
		var err error
		if d, err = s.seg.Dictionary(field); err != nil {
			return nil, fmt.Errorf("dictionary of %s: %w", field, err)
		}
		s.dicts[field] = d
	}
	return d, nil
}

// phraseCheck returns the check of terms in field.
func (s *segLists) phraseCheck(field string, terms []string) (*phraseCheck, error) {
	return newPhraseCheck(field, terms, func(t string) (segment.PostingsList, error) { return s.list(field, t) })
}

// term returns the live documents holding term in field. The bitmap may be the segment's own:
// it is never modified.
func (e *segEval) term(field, term string) (*roaring.Bitmap, error) {
	key := field + "\x00" + term
	if bm, ok := e.terms[key]; ok {
		return bm, nil
	}
	bm, err := e.term1(field, term)
	if err == nil {
		if e.terms == nil {
			e.terms = map[string]*roaring.Bitmap{}
		}
		e.terms[key] = bm
	}
	return bm, err
}

func (e *segEval) term1(field, term string) (*roaring.Bitmap, error) {
	pl, err := e.list(field, term)
	if err != nil {
		return nil, err
	}
	if pl == nil {
		return roaring.New(), nil
	}
	return listDocs(pl, field, term)
}

// listDocs returns the documents of a posting list (looked up with the deleted documents as
// its exceptions): its own bitmap when it has one (never to be modified).
func listDocs(pl segment.PostingsList, field, term string) (*roaring.Bitmap, error) {
	it := pl.Iterator(false, false, false, nil)
	if o, ok := it.(segment.OptimizablePostingsIterator); ok {
		if doc, ok := o.DocNum1Hit(); ok {
			return roaring.BitmapOf(uint32(doc)), nil
		}
		if bm := o.ActualBitmap(); bm != nil {
			return bm, nil
		}
		return roaring.New(), nil
	}
	bm := roaring.New()
	for {
		p, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("postings of %s:%s: %w", field, term, err)
		}
		if p == nil {
			return bm, nil
		}
		bm.Add(uint32(p.Number()))
	}
}

// pairs returns the documents of the segment holding each of the phrase n's pairs.
func (e *segEval) pairs(n *pnode) ([]*roaring.Bitmap, error) {
	bms := make([]*roaring.Bitmap, len(n.pairs))
	for i, p := range n.pairs {
		var err error
		if bms[i], err = e.term(n.pairsField, p); err != nil {
			return nil, err
		}
	}
	return bms, nil
}

// usablePairs returns the pair field of field and the pairs of adjacent terms of a phrase that
// every document holding the phrase in field has there: wherever two words stand together the
// pair field has their pair (vi.PairFilter). Pairs the index may leave out where the words stand
// together are not used: function words, in any spelling (vi.PairedFolded), and short forms,
// whose marks span the words of their full form (vi.MarksShort).
func usablePairs(field string, terms []string) (string, []string) {
	pf := ""
	for _, tf := range TextFields {
		if tf.Name == field {
			pf = tf.Pairs
		}
	}
	if pf == "" {
		return "", nil
	}
	var pairs []string
	for i := 0; i+1 < len(terms); i++ {
		a, b := vi.Fold(terms[i]), vi.Fold(terms[i+1])
		if vi.PairedFolded(a, b) && !vi.MarksShort(terms[i]) && !vi.MarksShort(terms[i+1]) {
			pairs = append(pairs, vi.Pair(a, b))
		}
	}
	return pf, pairs
}

// phrase returns the documents of cand (each holding every term) where the terms stand
// together, in order.
func (e *segEval) phrase(field string, terms []string, cand *roaring.Bitmap) (*roaring.Bitmap, error) {
	out := roaring.New()
	if cand.IsEmpty() {
		return out, nil
	}
	c, err := e.phraseCheck(field, terms)
	if err != nil {
		return nil, err
	}
	it := cand.Iterator()
	for it.HasNext() {
		doc := it.Next()
		ok, err := c.at(uint64(doc))
		if err != nil {
			return nil, err
		}
		if ok {
			out.Add(doc)
		}
	}
	return out, nil
}

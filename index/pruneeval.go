package index

import (
	"fmt"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// segEval finds the documents of one segment that a plan matches, as bitmaps of local
// document numbers: term postings are bitmaps already, conjunctions and disjunctions are
// bitmap operations, and phrases are checked against positions, as few of them as possible.
type segEval struct {
	seg    segment.Segment
	del    *roaring.Bitmap
	dicts  map[string]segment.TermDictionary
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
		cand := andAll(bms)
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
		return int(costs[a]) - int(costs[b])
	})
	return out, nil
}

// cost estimates the work of checking n's phrases: for a phrase, its number of words times
// the documents of its rarest word.
func (e *segEval) cost(n *pnode) (uint64, error) {
	var c uint64
	switch n.op {
	case opPhrase:
		c = ^uint64(0)
		for _, t := range n.terms {
			bm, err := e.term(n.field, t)
			if err != nil {
				return 0, err
			}
			c = min(c, bm.GetCardinality())
		}
		c *= uint64(len(n.terms))
	case opAnd, opOr:
		for _, k := range n.kids {
			kc, err := e.cost(k)
			if err != nil {
				return 0, err
			}
			if n.op == opAnd && c > 0 {
				c = min(c, kc)
			} else {
				c += kc
			}
		}
	case opBool:
		return e.cost(n.must)
	}
	return c, nil
}

// andAll returns the intersection of bms, smallest first; never one of them.
func andAll(bms []*roaring.Bitmap) *roaring.Bitmap {
	slices.SortFunc(bms, func(a, b *roaring.Bitmap) int { return int(a.GetCardinality()) - int(b.GetCardinality()) })
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

func (e *segEval) dict(field string) (segment.TermDictionary, error) {
	if d, ok := e.dicts[field]; ok {
		return d, nil
	}
	d, err := e.seg.Dictionary(field)
	if err != nil {
		return nil, fmt.Errorf("dictionary of %s: %w", field, err)
	}
	if e.dicts == nil {
		e.dicts = map[string]segment.TermDictionary{}
	}
	e.dicts[field] = d
	return d, nil
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
	d, err := e.dict(field)
	if err != nil {
		return nil, err
	}
	pl, err := d.PostingsList([]byte(term), e.del, nil)
	if err != nil {
		return nil, fmt.Errorf("postings of %s:%s: %w", field, term, err)
	}
	if pl == nil {
		return roaring.New(), nil
	}
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

// phrase returns the documents of cand (each holding every term) where the terms stand
// together, in order.
func (e *segEval) phrase(field string, terms []string, cand *roaring.Bitmap) (*roaring.Bitmap, error) {
	out := roaring.New()
	if cand.IsEmpty() {
		return out, nil
	}
	d, err := e.dict(field)
	if err != nil {
		return nil, err
	}
	c, err := newPhraseCheck(d, e.del, field, terms)
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

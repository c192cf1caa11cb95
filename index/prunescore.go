package index

import (
	"context"
	"fmt"
	"math"
	"slices"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Choosing the candidates Bleve scores. Even a few thousand candidates cost Bleve nearly as
// much as every match: to score a document it advances every term's postings to it, and zapx
// advances with frequencies by walking the postings one document at a time, so reaching
// scattered documents reads most of each list. topOf therefore picks, per shard, the few
// candidates that can make the page, with BM25 computed here as Bleve computes it (same
// formula, statistics and query norm; only the order of additions may differ, by rounding):
//
//  1. For every candidate, bounds: from above, the exact scores of its essential terms (their
//     postings are short) plus the bounds of the other terms it holds (bitmap lookups); from
//     below, the same exact scores with the other terms scoring nothing. The k-th best lower
//     bound is a first k-th best score.
//  2. One pass in document order (each posting list read once) scores in full the candidates
//     whose upper bound reaches the k-th best score known: MaxScore's skipping rule.
//
// Bleve then scores the chosen documents, so the page's scores and order are its own.

// leafScore is the score of leaf l in a document where the term occurs freq times in a field
// of norm norm: Bleve's TermQueryScorer with BM25, times the term's query weight.
func (p *pplan) leafScore(l *pleaf, freq uint64, norm float64) float64 {
	var tf float64
	if freq < scorer.MaxSqrtCache {
		tf = scorer.SqrtCache[freq]
	} else {
		tf = math.Sqrt(float64(freq))
	}
	fieldLength := 1 / (norm * norm)
	s := l.idf * (tf * search.BM25_k1) / (tf + search.BM25_k1*(1-search.BM25_b+(search.BM25_b*fieldLength/l.avg)))
	return s * (l.boost * l.idf * p.qn)
}

// cand is a candidate document: its segment, its number there, its bound and its score.
type cand struct {
	seg    int
	doc    uint32
	upper  float64
	score  float64
	scored bool
}

// shardTop is what topOf chose in one shard.
type shardTop struct {
	docs       []uint64  // global numbers, ascending
	scores     []float64 // their scores, as computed here
	candidates int       // how many candidates there were
}

// topOf returns the candidates of ev (the matches holding an essential leaf) that can be
// among its k best by score: the k best and those within rounding of the k-th.
func (p *pplan) topOf(ctx context.Context, ev *shardEval, essential []int, k int) (*shardTop, error) {
	out := &shardTop{}
	if k == 0 {
		return out, nil
	}
	offsets := segmentOffsets(ev.snap)
	isEss := make([]bool, len(p.leaves))
	for _, l := range essential {
		isEss[l] = true
	}
	// Every candidate's score is bounded from above (the exact scores of its essential leaves,
	// the bounds of its others) and from below (the same exact scores, its other leaves
	// counted as matching with no score, unchecked phrases as not matching).
	// The candidates of every segment first, so that their slices are allocated once (a
	// query of few terms may have most of the index as candidates).
	unions := make([]*roaring.Bitmap, len(ev.segs))
	total := 0
	for s, seg := range ev.segs {
		unions[s] = leafUnion(seg, essential)
		unions[s].And(seg.match)
		total += int(unions[s].GetCardinality())
	}
	cs := make([]cand, 0, total)
	lows := make([]float64, 0, total)
	for s, seg := range ev.segs {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		if unions[s].IsEmpty() {
			continue
		}
		docs := unions[s].ToArray()
		part := cs[len(cs) : len(cs)+len(docs)]
		cs = cs[:len(cs)+len(docs)]
		for i, d := range docs {
			part[i] = cand{seg: s, doc: d}
		}
		exact := make([][]float64, len(p.leaves)) // per essential leaf, its score per candidate
		for l := range p.leaves {
			lf := &p.leaves[l]
			switch lb := seg.leaves[l]; {
			case lb == nil || lf.bound == 0 && !lf.constant:
			case lf.constant:
				for i := range part {
					part[i].upper += lf.boost * p.qn
				}
			case !isEss[l]:
				add := lf.bound * p.qn
				eachIn(docs, lb, func(i int) { part[i].upper += add })
			default:
				it, err := p.postings(ev, s, lf)
				if err != nil {
					return nil, err
				}
				exact[l] = make([]float64, len(docs))
				var ferr error
				eachIn(docs, lb, func(i int) {
					if ferr == nil {
						var sc float64
						sc, ferr = p.scoreAt(it, lf, docs[i])
						part[i].upper += sc
						exact[l][i] = sc
					}
				})
				if ferr != nil {
					return nil, ferr
				}
			}
		}
		ds := p.newDocScorer(ev, s)
		ds.mode = skipUnknown
		for i, d := range docs {
			for l := range ds.scores {
				ds.has[l] = ds.holds(l, d)
				switch {
				case !ds.has[l]:
					ds.scores[l] = 0
				case p.leaves[l].constant:
					ds.scores[l] = p.leaves[l].boost * p.qn
				case exact[l] != nil:
					ds.scores[l] = exact[l][i]
				default:
					ds.scores[l] = 0
				}
			}
			low, ok, err := ds.combine(p.root, d)
			if err != nil {
				return nil, err
			}
			if ok {
				lows = append(lows, low)
			}
		}
	}
	out.candidates = len(cs)
	// One pass in document order (each posting list read once): a candidate is scored in full
	// when its bound reaches the k-th best score known, from below at first, then as scored.
	theta := math.Inf(-1)
	if len(lows) >= k {
		slices.Sort(lows)
		theta = lows[len(lows)-k] * (1 - pruneSlack)
	}
	best := make(minHeap, 0, k)
	var ds *docScorer
	for i := range cs {
		if i%1024 == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		c := &cs[i]
		if c.upper*(1+pruneSlack) < theta {
			continue
		}
		if ds == nil || ds.s != c.seg {
			ds = p.newDocScorer(ev, c.seg)
		}
		sc, _, err := ds.score(c.doc, theta)
		if err != nil {
			return nil, err
		}
		c.score, c.scored = sc, true
		if best.push(sc, k) {
			theta = max(theta, best[0]*(1-pruneSlack))
		}
	}
	var top []cand
	for _, c := range cs {
		if c.scored && c.score >= theta {
			top = append(top, c)
		}
	}
	if len(best) < k {
		return out.with(offsets, top), nil
	}
	top, err := cutTies(ev, top, k, best[0])
	if err != nil {
		return nil, err
	}
	return out.with(offsets, top), nil
}

// with sets the chosen documents of t to top.
func (t *shardTop) with(offsets []uint64, top []cand) *shardTop {
	for _, c := range top {
		t.docs = append(t.docs, offsets[c.seg]+uint64(c.doc))
		t.scores = append(t.scores, c.score)
	}
	return t
}

// tieCutMin is how many more than k tied candidates make cutTies look for the first by ID (a
// variable for the tests).
var tieCutMin = 4096

// cutTies returns top (the scored candidates that can make the page, in document order)
// without the tied ones that cannot: when more than k hold exactly tie, the k-th best score (a
// query of NOT alone, a prefix alone: most matches score alike), Bleve would score them all
// and read every one's stored ID to break the tie by ID. In each segment where they are dense,
// the first k of them by ID are found in the order of the segment's ID dictionary instead.
// Nothing is cut when other scores lie within rounding of the tie, where Bleve's own rounding
// could order them otherwise.
func cutTies(ev *shardEval, top []cand, k int, tie float64) ([]cand, error) {
	if len(top) <= k+tieCutMin {
		return top, nil
	}
	tied := make([]*roaring.Bitmap, len(ev.segs))
	n := 0
	for _, c := range top {
		if c.score == tie {
			if tied[c.seg] == nil {
				tied[c.seg] = roaring.New()
			}
			tied[c.seg].Add(c.doc)
			n++
		} else if math.Abs(c.score-tie) <= 4*pruneSlack*math.Abs(tie) {
			return top, nil
		}
	}
	if n <= k+tieCutMin {
		return top, nil
	}
	keep := make([]*roaring.Bitmap, len(ev.segs))
	for s, bm := range tied {
		if bm == nil {
			continue
		}
		var err error
		if keep[s], err = firstByID(&ev.segs[s], bm, k); err != nil {
			return nil, err
		}
	}
	out := top[:0:0]
	for _, c := range top {
		if c.score != tie || keep[c.seg].Contains(c.doc) {
			out = append(out, c)
		}
	}
	return out, nil
}

// firstByID returns the first k documents of tied by ID, walking the segment's ID dictionary
// in order; all of tied when they are too sparse in the segment for the walk to pay.
func firstByID(seg *segMatch, tied *roaring.Bitmap, k int) (*roaring.Bitmap, error) {
	n := int(tied.GetCardinality())
	docs := int(seg.lists.seg.Count())
	if n <= k || n*64 < docs {
		return tied, nil
	}
	d, err := seg.lists.dict("_id")
	if err != nil {
		return nil, err
	}
	out := roaring.New()
	it := d.AutomatonIterator(nil, nil, nil)
	for walked := 0; int(out.GetCardinality()) < k; walked++ {
		if walked > 128*k*docs/n { // the tied documents come late in ID order: keep them all
			return tied, nil
		}
		e, err := it.Next()
		if err != nil {
			return nil, fmt.Errorf("ids: %w", err)
		}
		if e == nil {
			return tied, nil
		}
		pl, err := d.PostingsList([]byte(e.Term), nil, nil)
		if err != nil {
			return nil, fmt.Errorf("postings of id %s: %w", e.Term, err)
		}
		bm, err := listDocs(pl, "_id", e.Term)
		if err != nil {
			return nil, err
		}
		for it := bm.Iterator(); it.HasNext(); { // an ID's deleted versions hold it too
			if doc := it.Next(); tied.Contains(doc) {
				out.Add(doc)
			}
		}
	}
	return out, nil
}

// minHeap holds the k best scores seen, the least at the root.
type minHeap []float64

// push adds score, keeping the k best; it reports whether the heap holds k.
func (h *minHeap) push(score float64, k int) bool {
	if len(*h) < k {
		*h = append(*h, score)
		for i := len(*h) - 1; i > 0; {
			parent := (i - 1) / 2
			if (*h)[parent] <= (*h)[i] {
				break
			}
			(*h)[parent], (*h)[i] = (*h)[i], (*h)[parent]
			i = parent
		}
		return len(*h) == k
	}
	if score <= (*h)[0] {
		return true
	}
	(*h)[0] = score
	for i := 0; ; {
		l, r, least := 2*i+1, 2*i+2, i
		if l < len(*h) && (*h)[l] < (*h)[least] {
			least = l
		}
		if r < len(*h) && (*h)[r] < (*h)[least] {
			least = r
		}
		if least == i {
			return true
		}
		(*h)[least], (*h)[i] = (*h)[i], (*h)[least]
		i = least
	}
}

// newDocScorer returns a scorer of documents of segment s of ev.
func (p *pplan) newDocScorer(ev *shardEval, s int) *docScorer {
	n := len(p.leaves)
	return &docScorer{p: p, ev: ev, s: s, seg: &ev.segs[s], scores: make([]float64, n), has: make([]bool, n),
		bits: make([]roaring.IntPeekable, n), its: make([]segment.PostingsIterator, n)}
}

// holds reports whether document d, at or after the last one asked, holds leaf l.
func (ds *docScorer) holds(l int, d uint32) bool {
	it := ds.bits[l]
	if it == nil {
		bm := ds.seg.leaves[l]
		if bm == nil {
			return false
		}
		it = bm.Iterator()
		ds.bits[l] = it
	}
	return holdsNext(it, d)
}

// holdsNext reports whether the bitmap it iterates holds d, moving it to d; d must not be
// below the last one asked.
func holdsNext(it roaring.IntPeekable, d uint32) bool {
	it.AdvanceIfNeeded(d)
	return it.HasNext() && it.PeekNext() == d
}

// Modes of a docScorer's phrase checks.
const (
	checkAll    = iota
	skipLazy    // should parts' phrases count as not matching (a lower bound)
	skipUnknown // every phrase not checked yet counts as not matching (a lower bound)
)

// docScorer scores documents of one segment in ascending order.
type docScorer struct {
	p       *pplan
	ev      *shardEval
	s       int
	seg     *segMatch
	scores  []float64                  // per leaf, its score in the document being scored
	has     []bool                     // per leaf, whether the document holds it
	bits    []roaring.IntPeekable      // per leaf, its documents from the last one asked
	its     []segment.PostingsIterator // per leaf, with frequencies and norms
	phrases map[int]*phraseCheck       // per phrase node checked here
	mode    int                        // checkAll, skipLazy or skipUnknown
}

// score returns the score of document d, or a lower bound of it below theta, and whether the
// plan matches it.
func (ds *docScorer) score(d uint32, theta float64) (float64, bool, error) {
	for l := range ds.p.leaves {
		lf := &ds.p.leaves[l]
		ds.scores[l] = 0
		if ds.has[l] = ds.holds(l, d); !ds.has[l] {
			continue
		}
		if lf.constant {
			ds.scores[l] = lf.boost * ds.p.qn
			continue
		}
		if ds.its[l] == nil {
			it, err := ds.p.postings(ds.ev, ds.s, lf)
			if err != nil {
				return 0, false, err
			}
			ds.its[l] = it
		}
		sc, err := ds.p.scoreAt(ds.its[l], lf, d)
		if err != nil {
			return 0, false, err
		}
		ds.scores[l] = sc
	}
	if len(ds.p.optional) > 0 && theta > math.Inf(-1) {
		// Should parts add at most the scores of their leaves; their phrases need checking
		// only if that could lift d to theta.
		var most float64
		for _, l := range ds.p.optional {
			most += ds.scores[l]
		}
		mode := ds.mode
		ds.mode = skipLazy
		base, ok, err := ds.combine(ds.p.root, d)
		ds.mode = mode
		if err != nil || base+most < theta {
			return base, ok, err
		}
	}
	return ds.combine(ds.p.root, d)
}

// combine returns the score of node n for document d given its leaves' scores, as Bleve's
// searchers add them up: conjunctions sum, disjunctions sum times the share of their clauses
// matched, a phrase scores as the conjunction of its words, a boolean query adds its should
// part's score to its must part's. ok is whether n matches d: a leaf's from has, a phrase's
// from its bitmap or, where that does not know (should parts, later alternatives), from its
// positions in d; the others' from their parts.
func (ds *docScorer) combine(n *pnode, d uint32) (sum float64, ok bool, err error) {
	switch n.op {
	case opTerm, opAll, opIDs, opPrefix:
		// A leaf matches where the document holds it (has); one of a must-not part has none.
		if l := n.leaves[0]; l >= 0 {
			return ds.scores[l], ds.has[l], nil
		}
		return 0, ds.seg.nodes[n.id].Contains(d), nil
	case opPhrase:
		bm := ds.seg.nodes[n.id]
		unknown := bm == nil || ds.seg.unknown[n.id] != nil && ds.seg.unknown[n.id].Contains(d)
		if !unknown && !bm.Contains(d) {
			return 0, false, nil
		}
		if unknown {
			if ds.mode == skipUnknown || bm == nil && ds.mode == skipLazy {
				return 0, false, nil
			}
			if ok, err := ds.phraseAt(n, d); err != nil || !ok {
				return 0, false, err
			}
		}
		for _, l := range n.leaves {
			if l >= 0 {
				sum += ds.scores[l]
			}
		}
	case opAnd:
		for _, k := range n.kids {
			s, ok, err := ds.combine(k, d)
			if err != nil || !ok {
				return 0, false, err
			}
			sum += s
		}
	case opOr:
		matched := 0
		for _, k := range n.kids {
			s, ok, err := ds.combine(k, d)
			if err != nil {
				return 0, false, err
			}
			if ok {
				sum += s
				matched++
			}
		}
		if matched == 0 {
			return 0, false, nil
		}
		sum *= float64(matched) / float64(len(n.kids))
	case opBool:
		if sum, ok, err = ds.combine(n.must, d); err != nil || !ok {
			return 0, false, err
		}
		if n.not != nil {
			if _, not, err := ds.combine(n.not, d); err != nil || not {
				return 0, false, err
			}
		}
		if n.filter != nil && !ds.seg.nodes[n.filter.id].Contains(d) {
			return 0, false, nil
		}
		if n.should != nil {
			s, ok, err := ds.combine(n.should, d)
			if err != nil {
				return 0, false, err
			}
			if ok {
				sum += s
			}
		}
	}
	return sum, true, nil
}

// phraseAt reports whether phrase node n's terms stand together in document d.
func (ds *docScorer) phraseAt(n *pnode, d uint32) (bool, error) {
	c := ds.phrases[n.id]
	if c == nil {
		var err error
		if c, err = ds.seg.lists.phraseCheck(n.field, n.terms); err != nil {
			return false, err
		}
		if ds.phrases == nil {
			ds.phrases = map[int]*phraseCheck{}
		}
		ds.phrases[n.id] = c
	}
	return c.at(uint64(d))
}

// postings returns an iterator over leaf l's postings, with frequencies and norms, in segment
// s of ev.
func (p *pplan) postings(ev *shardEval, s int, l *pleaf) (segment.PostingsIterator, error) {
	pl, err := ev.segs[s].lists.list(l.field, l.term)
	if err != nil {
		return nil, err
	}
	if pl == nil {
		return nil, fmt.Errorf("postings of %s:%s: missing", l.field, l.term)
	}
	return pl.Iterator(true, true, false, nil), nil
}

// scoreAt advances it to document d, which holds the leaf's term, and returns the leaf's score
// there.
func (p *pplan) scoreAt(it segment.PostingsIterator, l *pleaf, d uint32) (float64, error) {
	post, err := it.Advance(uint64(d))
	if err != nil {
		return 0, fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
	}
	if post == nil || post.Number() != uint64(d) {
		return 0, fmt.Errorf("postings of %s:%s: document %d missing", l.field, l.term, d)
	}
	return p.leafScore(l, post.Frequency(), post.Norm()), nil
}

// eachIn calls fn(i) for every docs[i] (ascending) that bm holds.
func eachIn(docs []uint32, bm *roaring.Bitmap, fn func(i int)) {
	it := bm.Iterator()
	for i, d := range docs {
		if holdsNext(it, d) {
			fn(i)
		}
	}
}

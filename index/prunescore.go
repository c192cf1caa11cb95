package index

import (
	"fmt"
	"math"
	"slices"
	"sort"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/scorer"
	segment "github.com/blevesearch/scorch_segment_api/v2"
)

// Choosing the candidates Bleve scores. Even a few thousand candidates cost Bleve nearly as
// much as every match: to score a document it advances every term's postings to it, and the
// postings of common words are read in chunks of about a thousand entries, so reaching
// scattered documents reads most of each list. topOf therefore picks, per shard, the few
// candidates that can make the page, with BM25 computed here as Bleve computes it (same
// formula, statistics and query norm; only the order of additions may differ, by rounding):
//
//  1. For every candidate, an upper bound: the exact scores of its essential terms (their
//     postings are short) plus the bounds of the other terms it holds (bitmap lookups).
//  2. Candidates are scored in full, best bound first, a batch at a time, until the bound of
//     the next is below the k-th best score: the classic MaxScore stopping rule.
//
// Bleve then scores the chosen documents, so the page's scores and order are its own.

// pruneBatch is the least number of candidates scored in full at a time (a variable for the
// tests).
var pruneBatch = 64

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
func (p *pplan) topOf(ev *shardEval, essential []int, k int) (*shardTop, error) {
	out := &shardTop{}
	if k == 0 {
		return out, nil
	}
	offsets := segmentOffsets(ev.snap)
	isEss := make([]bool, len(p.leaves))
	for _, l := range essential {
		isEss[l] = true
	}
	var cs []cand
	for s, seg := range ev.segs {
		var ess []*roaring.Bitmap
		for _, l := range essential {
			if b := seg.leaves[l]; b != nil {
				ess = append(ess, b)
			}
		}
		c := roaring.FastOr(ess...)
		c.And(seg.match)
		if c.IsEmpty() {
			continue
		}
		docs := c.ToArray()
		part := make([]cand, len(docs))
		for i, d := range docs {
			part[i] = cand{seg: s, doc: d}
		}
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
				var ferr error
				eachIn(docs, lb, func(i int) {
					if ferr == nil {
						var sc float64
						sc, ferr = p.scoreAt(it, lf, docs[i])
						part[i].upper += sc
					}
				})
				if ferr != nil {
					return nil, ferr
				}
			}
		}
		cs = append(cs, part...)
	}
	for i := range cs {
		cs[i].upper *= 1 + pruneSlack // rounding, both here and in Bleve's sums
	}
	byUpper := make([]int, len(cs))
	for i := range byUpper {
		byUpper[i] = i
	}
	sort.Slice(byUpper, func(a, b int) bool { return cs[byUpper[a]].upper > cs[byUpper[b]].upper })
	// First the best by bound, for a k-th best score; then, in one more pass, every other
	// candidate whose bound reaches it. Each pass reads the postings once.
	first := byUpper[:min(len(byUpper), max(k, pruneBatch))]
	if err := p.scoreBatch(ev, cs, first, math.Inf(-1)); err != nil {
		return nil, err
	}
	theta := kthBest(cs, first, k)
	more := byUpper[len(first):]
	more = more[:sort.Search(len(more), func(i int) bool { return cs[more[i]].upper < theta })]
	if err := p.scoreBatch(ev, cs, more, theta); err != nil {
		return nil, err
	}
	theta = kthBest(cs, byUpper[:len(first)+len(more)], k)
	out.candidates = len(cs)
	slices.SortFunc(cs, func(a, b cand) int {
		if a.seg != b.seg {
			return a.seg - b.seg
		}
		return int(a.doc) - int(b.doc)
	})
	for _, c := range cs {
		if c.scored && c.score >= theta {
			out.docs = append(out.docs, offsets[c.seg]+uint64(c.doc))
			out.scores = append(out.scores, c.score)
		}
	}
	return out, nil
}

// kthBest returns the k-th best score of the candidates cs[i] of idx, less the rounding slack;
// minus infinity when there are fewer than k.
func kthBest(cs []cand, idx []int, k int) float64 {
	if len(idx) < k {
		return math.Inf(-1)
	}
	scores := make([]float64, len(idx))
	for n, i := range idx {
		scores[n] = cs[i].score
	}
	slices.Sort(scores)
	return scores[len(scores)-k] * (1 - pruneSlack)
}

// scoreBatch scores the candidates cs[i] of batch in full, segment by segment in document
// order, with fresh postings iterators. A candidate that cannot reach theta even with every
// should part it may match gets a lower bound of its score (its phrases go unchecked).
func (p *pplan) scoreBatch(ev *shardEval, cs []cand, batch []int, theta float64) error {
	idx := slices.Clone(batch)
	slices.SortFunc(idx, func(a, b int) int {
		if cs[a].seg != cs[b].seg {
			return cs[a].seg - cs[b].seg
		}
		return int(cs[a].doc) - int(cs[b].doc)
	})
	for start := 0; start < len(idx); {
		s := cs[idx[start]].seg
		end := start
		for end < len(idx) && cs[idx[end]].seg == s {
			end++
		}
		ds := &docScorer{p: p, ev: ev, s: s, seg: &ev.segs[s], scores: make([]float64, len(p.leaves)), its: make([]segment.PostingsIterator, len(p.leaves))}
		for _, i := range idx[start:end] {
			sc, _, err := ds.score(cs[i].doc, theta)
			if err != nil {
				return err
			}
			cs[i].score, cs[i].scored = sc, true
		}
		start = end
	}
	return nil
}

// docScorer scores documents of one segment in ascending order.
type docScorer struct {
	p       *pplan
	ev      *shardEval
	s       int
	seg     *segMatch
	scores  []float64                  // per leaf, its score in the document being scored
	its     []segment.PostingsIterator // per leaf, with frequencies and norms
	phrases map[int]*phraseAt          // per lazy phrase node, iterators with locations
	// unchecked: lazy phrases count as not matching (for a lower bound of the score)
	unchecked bool
}

type phraseAt struct {
	its []segment.PostingsIterator
	cur []segment.Posting
	pos [][]uint64
}

// score returns the score of document d, or a lower bound of it below theta, and whether the
// plan matches it.
func (ds *docScorer) score(d uint32, theta float64) (float64, bool, error) {
	for l := range ds.p.leaves {
		lf := &ds.p.leaves[l]
		ds.scores[l] = 0
		if lb := ds.seg.leaves[l]; lb == nil || !lb.Contains(d) {
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
		ds.unchecked = true
		base, ok, err := ds.combine(ds.p.root, d)
		ds.unchecked = false
		if err != nil || base+most < theta {
			return base, ok, err
		}
	}
	return ds.combine(ds.p.root, d)
}

// combine returns the score of node n for document d given its leaves' scores, as Bleve's
// searchers add them up: conjunctions sum, disjunctions sum times the share of their clauses
// matched, a phrase scores as the conjunction of its words, a boolean query adds its should
// part's score to its must part's. ok is whether n matches d: from n's bitmap, or for the
// lazy parts of should clauses (no bitmap), from its parts and the phrases' positions in d.
func (ds *docScorer) combine(n *pnode, d uint32) (sum float64, ok bool, err error) {
	bm := ds.seg.nodes[n.id]
	unknown := bm == nil || ds.seg.unknown[n.id] != nil && ds.seg.unknown[n.id].Contains(d)
	if !unknown && !bm.Contains(d) {
		return 0, false, nil
	}
	switch n.op {
	case opTerm, opAll, opIDs, opPhrase:
		if unknown && n.op == opPhrase {
			if bm == nil && ds.unchecked { // a should part's phrase
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
	ph := ds.phrases[n.id]
	if ph == nil {
		ph = &phraseAt{its: make([]segment.PostingsIterator, len(n.terms)), cur: make([]segment.Posting, len(n.terms)), pos: make([][]uint64, len(n.terms))}
		ss := ds.ev.snap.Segments()[ds.s]
		dict, err := ss.Segment().Dictionary(n.field)
		if err != nil {
			return false, fmt.Errorf("dictionary of %s: %w", n.field, err)
		}
		for i, t := range n.terms {
			pl, err := dict.PostingsList([]byte(t), ss.Deleted(), nil)
			if err != nil {
				return false, fmt.Errorf("postings of %s:%s: %w", n.field, t, err)
			}
			if pl != nil {
				ph.its[i] = pl.Iterator(false, false, true, nil)
			}
		}
		if ds.phrases == nil {
			ds.phrases = map[int]*phraseAt{}
		}
		ds.phrases[n.id] = ph
	}
	ok, err := termsAt(ph.its, ph.cur, ph.pos, uint64(d))
	if err != nil {
		return false, fmt.Errorf("positions of %s:%q: %w", n.field, n.terms, err)
	}
	return ok && adjacentPositions(ph.pos), nil
}

// postings returns an iterator over leaf l's postings, with frequencies and norms, in segment
// s of ev.
func (p *pplan) postings(ev *shardEval, s int, l *pleaf) (segment.PostingsIterator, error) {
	ss := ev.snap.Segments()[s]
	dict, err := ss.Segment().Dictionary(l.field)
	if err != nil {
		return nil, fmt.Errorf("dictionary of %s: %w", l.field, err)
	}
	pl, err := dict.PostingsList([]byte(l.term), ss.Deleted(), nil)
	if err != nil {
		return nil, fmt.Errorf("postings of %s:%s: %w", l.field, l.term, err)
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
		it.AdvanceIfNeeded(d)
		if !it.HasNext() {
			return
		}
		if it.PeekNext() == d {
			fn(i)
		}
	}
}

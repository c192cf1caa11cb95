package index

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/index/scorch"
	"github.com/blevesearch/bleve/v2/mapping"
	"github.com/blevesearch/bleve/v2/search"
	"github.com/blevesearch/bleve/v2/search/query"
	"github.com/blevesearch/bleve/v2/search/searcher"
	bindex "github.com/blevesearch/bleve_index_api"
)

// Pruned search. Bleve scores every document a query matches, and the words of Vietnamese
// news are few and common: at 100,000 articles `hội nghị` matches 97,887 of them, each word
// read from four posting lists. A search sorted by score for a short page (most pages by
// relevance) runs here instead, exact, in four steps:
//
//  1. The documents the query matches are found as bitmaps, segment by segment, from the
//     posting lists (pruneeval.go; phrases checked against positions, as few as possible): the
//     total and the site and month facets come from them without scoring anything.
//  2. The candidates are the matches holding one of the query's essential terms, those with the
//     largest bounds (in practice the words in titles and the rare words). Every score Bleve
//     gives is built from the scores of the term searchers a document matches, added up or
//     multiplied by coordination factors of at most one, and BM25 bounds a term's score:
//     idf·tf·k1/(tf+k1·norm) < idf·k1, times the term's query weight boost·idf·queryNorm. A
//     document holding no essential term scores below R, the sum of the other terms' bounds.
//  3. Per shard, MaxScore over the candidates picks the k best (prunescore.go, with BM25
//     computed as Bleve computes it). When the k-th best score is not above R, more terms
//     become essential (enough that R falls below it; a larger candidate set only raises it),
//     at worst every one.
//  4. Bleve scores the chosen documents, so that the page's scores and order are its own; the
//     bound is checked again on its scores.
//
// Queries with parts this does not model (Bleve's prefixes, ranges, fuzzy terms...) and
// requests for locations, explanations, deep pages or other sorts run as before. bantin's
// prefixes (prefix.go) are constant leaves.

// pruneMaxHits is the deepest page end that is pruned.
const pruneMaxHits = 1000

// pruneCut is where the first attempt puts the essential terms: the fewest, taking the terms
// with the largest bounds first, that leave the others a bound sum under this share of all the
// bounds. The page's last hit typically holds most of the query's best terms at half of their
// bound or more; a wrong guess costs one more choice of candidates, never a wrong page.
var pruneCut = 0.35 // a variable for the tests

// pruneSlack keeps floating-point rounding on the safe side of the bound.
const pruneSlack = 1e-9

// pleaf is a term searcher of a query (a term query, or one word of a phrase) or a searcher of
// constant score (match-all, document IDs), with the most its score can be, in units of the
// query norm.
type pleaf struct {
	field, term string
	boost       float64
	constant    bool
	bound       float64 // the most it adds to a score, in units of the query norm
	idf, avg    float64 // BM25's idf and average field length
}

type pop int

const (
	opTerm pop = iota
	opPhrase
	opAll
	opIDs
	opPrefix
	opAnd
	opOr
	opBool
	opFilter
)

// pnode is a query as this file evaluates it. opBool matches must (and filter) but not not,
// and adds the score of should where it matches. opFilter is a filter's query, matched by
// Bleve's own searcher with no scores (any query type).
type pnode struct {
	id     int // index of the node in its plan
	op     pop
	field  string
	terms  []string // opTerm, opPhrase: the terms; opIDs: the document IDs; opPrefix: the prefix
	leaves []int    // opTerm, opPhrase, opAll, opIDs, opPrefix: their leaves (-1 in a part that does not score)
	kids   []*pnode
	// opBool's parts (should, not and filter may be nil)
	must, should, not, filter *pnode
	query                     query.Query // opFilter's
	phrases                   bool        // a phrase in the subtree: evaluated last among siblings
	// opPhrase: the pair field and the pairs that every document holding the phrase has there
	// (usablePairs), found once per query
	pairsField string
	pairs      []string
}

type pplan struct {
	root    *pnode
	nodes   int
	leaves  []pleaf
	qn      float64 // the query norm: 1/sqrt of the sum of the squared weights of the leaves
	scoring bool    // false while planning a must-not part
	filters []*pnode
	// optional are the leaves of should parts: they never decide whether a document matches
	optional []int
}

func (p *pplan) leaf(l pleaf) int {
	if !p.scoring {
		return -1
	}
	p.leaves = append(p.leaves, l)
	return len(p.leaves) - 1
}

// planOf returns the plan of q, or false when q has parts it does not model.
func planOf(q query.Query) (*pplan, bool) {
	p := &pplan{scoring: true}
	root, ok := p.node(q)
	if !ok || len(p.leaves) == 0 {
		return nil, false
	}
	p.root = root
	return p, true
}

func unboosted(b *query.Boost) bool { return b == nil || b.Value() == 1 }

func (p *pplan) node(q query.Query) (*pnode, bool) {
	n, ok := p.node1(q)
	if ok {
		n.id = p.nodes
		p.nodes++
		n.phrases = n.op == opPhrase
		for _, k := range append(slices.Clone(n.kids), n.must, n.should, n.not, n.filter) {
			n.phrases = n.phrases || k != nil && k.phrases
		}
	}
	return n, ok
}

func (p *pplan) node1(q query.Query) (*pnode, bool) {
	switch q := q.(type) {
	case *query.TermQuery:
		if q.FieldVal == "" || q.Term == "" {
			return nil, false
		}
		n := &pnode{op: opTerm, field: q.FieldVal, terms: []string{q.Term}}
		n.leaves = []int{p.leaf(pleaf{field: q.FieldVal, term: q.Term, boost: q.BoostVal.Value()})}
		return n, true
	case *query.PhraseQuery:
		if q.FieldVal == "" || q.Fuzziness != 0 || len(q.Terms) < 2 || slices.Contains(q.Terms, "") {
			return nil, false
		}
		n := &pnode{op: opPhrase, field: q.FieldVal, terms: q.Terms}
		n.pairsField, n.pairs = usablePairs(q.FieldVal, q.Terms)
		for _, t := range q.Terms {
			n.leaves = append(n.leaves, p.leaf(pleaf{field: q.FieldVal, term: t, boost: q.BoostVal.Value()}))
		}
		return n, true
	case *query.MatchAllQuery:
		return &pnode{op: opAll, leaves: []int{p.leaf(pleaf{constant: true, boost: q.BoostVal.Value()})}}, true
	case *query.DocIDQuery:
		if len(q.IDs) == 0 {
			return nil, false
		}
		return &pnode{op: opIDs, terms: q.IDs, leaves: []int{p.leaf(pleaf{constant: true, boost: q.BoostVal.Value()})}}, true
	case *PrefixQuery:
		if q.FieldVal == "" || q.Prefix == "" {
			return nil, false
		}
		return &pnode{op: opPrefix, field: q.FieldVal, terms: []string{q.Prefix}, leaves: []int{p.leaf(pleaf{constant: true, boost: q.BoostVal})}}, true
	case *query.ConjunctionQuery:
		if len(q.Conjuncts) == 0 || !unboosted(q.BoostVal) {
			return nil, false
		}
		return p.kids(opAnd, q.Conjuncts)
	case *query.DisjunctionQuery:
		if len(q.Disjuncts) == 0 || q.Min > 1 || !unboosted(q.BoostVal) {
			return nil, false
		}
		return p.kids(opOr, q.Disjuncts)
	case *query.BooleanQuery:
		// bantin's queries: a must part, optional should parts (a bonus: they never decide
		// whether a document matches), for NOT a must-not part, and filters (site, dates).
		if q.Must == nil || !unboosted(q.BoostVal) {
			return nil, false
		}
		n := &pnode{op: opBool}
		var ok bool
		if n.must, ok = p.node(q.Must); !ok {
			return nil, false
		}
		if q.Should != nil {
			if d, isOr := q.Should.(*query.DisjunctionQuery); !isOr || d.Min > 0 {
				return nil, false
			}
			first := len(p.leaves)
			if n.should, ok = p.node(q.Should); !ok {
				return nil, false
			}
			for l := first; l < len(p.leaves); l++ {
				p.optional = append(p.optional, l)
			}
		}
		if q.MustNot != nil {
			p.scoring = false
			n.not, ok = p.node(q.MustNot)
			p.scoring = true
			if !ok {
				return nil, false
			}
		}
		if q.Filter != nil {
			n.filter = &pnode{id: p.nodes, op: opFilter, query: q.Filter}
			p.nodes++
			p.filters = append(p.filters, n.filter)
		}
		return n, true
	}
	return nil, false
}

func (p *pplan) kids(op pop, qs []query.Query) (*pnode, bool) {
	n := &pnode{op: op}
	for _, q := range qs {
		k, ok := p.node(q)
		if !ok {
			return nil, false
		}
		n.kids = append(n.kids, k)
	}
	return n, true
}

// bounds sets every leaf's statistics and bound, and the query norm, from the global
// statistics of t, as Bleve's searchers compute them; false when a field is not scored with
// BM25 (TF-IDF has no bound).
func (p *pplan) bounds(ctx context.Context, t *dfTable) (bool, error) {
	var weights float64
	for i := range p.leaves {
		l := &p.leaves[i]
		if l.constant {
			l.bound = l.boost // a constant score of 1 times its weight
			weights += l.boost * l.boost
			continue
		}
		if t.stats == nil || t.stats.FieldCardinality[l.field] <= 0 || t.stats.DocCount <= 0 {
			return false, nil
		}
		df, err := t.df(ctx, l.field, []byte(l.term))
		if err != nil {
			return false, err
		}
		n := t.stats.DocCount
		l.idf = math.Log(1 + (n-float64(df)+0.5)/(float64(df)+0.5))
		l.avg = math.Ceil(float64(t.stats.FieldCardinality[l.field]) / n)
		weights += (l.boost * l.idf) * (l.boost * l.idf)
		// tf·k1/(tf+k1·norm) < k1 for every tf and field length. A term no document holds
		// adds to no score.
		if df > 0 {
			l.bound = search.BM25_k1 * l.boost * l.idf * l.idf
		}
	}
	p.qn = 1 / math.Sqrt(weights)
	return true, nil
}

// order returns the leaves by falling bound and rest, where rest[j] is the sum of the bounds of
// order[j:].
func (p *pplan) order() (order []int, rest []float64) {
	order = make([]int, len(p.leaves))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return p.leaves[order[a]].bound > p.leaves[order[b]].bound })
	rest = make([]float64, len(order)+1)
	for j := len(order) - 1; j >= 0; j-- {
		rest[j] = rest[j+1] + p.leaves[order[j]].bound
	}
	return order, rest
}

// pruneEligible tells whether req is a search this file answers: sorted by score (then
// perhaps by ID), a short page, no locations or explanations, facets only on ordinal fields.
func pruneEligible(req *bleve.SearchRequest) bool {
	if req.Query == nil || req.Explain || req.IncludeLocations || req.Highlight != nil || req.SearchAfter != nil ||
		req.SearchBefore != nil || req.From < 0 || req.Size < 0 || req.From+req.Size > pruneMaxHits {
		return false
	}
	switch req.Score {
	case "":
	case "none":
		if req.Size > 0 {
			return false
		}
	default:
		return false
	}
	if len(req.Sort) == 0 || len(req.Sort) > 2 {
		return false
	}
	if s, ok := req.Sort[0].(*search.SortScore); !ok || !s.Desc {
		return false
	}
	if len(req.Sort) == 2 {
		if s, ok := req.Sort[1].(*search.SortDocID); !ok || s.Desc {
			return false
		}
	}
	for _, f := range req.Facets {
		if !ordinalFacet(f) {
			return false
		}
	}
	return true
}

// Prunes reports whether Search prunes a search of q by score for a short page: then only the
// documents that can make the page are scored, optional parts (should clauses) included.
func (ix *Index) Prunes(q query.Query) bool {
	_, ok := planOf(q)
	return ok
}

// searchPruned runs req as a pruned search; ok is false when req is not one (see pruneEligible).
func (ix *Index) searchPruned(ctx context.Context, req *bleve.SearchRequest) (res *bleve.SearchResult, ok bool, err error) {
	if !pruneEligible(req) {
		return nil, false, nil
	}
	plan, ok := planOf(req.Query)
	if !ok {
		return nil, false, nil
	}
	t, err := ix.newDFTable()
	if err != nil {
		return nil, true, err
	}
	defer t.close()
	inner := withGlobalDF(req.Query, t)
	if err := t.computeStats(t.fields); err != nil {
		return nil, true, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	if bm25, err := plan.bounds(ctx, t); err != nil {
		return nil, true, err
	} else if !bm25 {
		return nil, false, nil
	}
	evals, err := evalShards(ctx, plan, t.readers, ix.shards[0].Mapping())
	if err != nil {
		return nil, true, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	var matched uint64
	for _, ev := range evals {
		for _, seg := range ev.segs {
			matched += seg.match.GetCardinality()
		}
	}
	order, rest := plan.order()
	k := req.From + req.Size
	j, n := firstCut(evals, order, rest, k, matched)
	cands, theta := ^uint64(0), 0.0
	for {
		// Choose the candidates, and check the bound with the scores computed here (equal to
		// Bleve's up to rounding): more essential leaves until it holds. More leaves that
		// bring no more candidates (n) leave the choice as it was.
		if n != cands {
			if cands, theta, err = selectTop(ctx, plan, evals, order[:j], k); err != nil {
				return nil, true, fmt.Errorf("index: search %s: %w", ix.dir, err)
			}
		}
		exact := cands == matched || theta > rest[j]*plan.qn*(1+pruneSlack)
		if pruneObserver != nil {
			pruneObserver(pruneAttempt{essential: j, leaves: len(order), candidates: cands, matched: matched, exact: exact})
		}
		if !exact && j < len(order) {
			for j++; j < len(order) && !(rest[j]*plan.qn*(1+pruneSlack) < theta); j++ {
			}
			n = candidateCount(evals, order[:j])
			continue
		}
		run, err := ix.prunedRun(ctx, req, plan, inner, evals, order[:j])
		if err != nil {
			return nil, true, err
		}
		// The candidates were chosen with the query norm of the plan, and Bleve's scores must
		// bear out the bound: else the plan does not model the query as Bleve runs it.
		res, exact := run.check(k, rest[j])
		agree := math.Abs(run.qn-plan.qn) <= 1e-9*plan.qn
		if pruneObserver != nil {
			pruneObserver(pruneAttempt{bleve: true, essential: j, leaves: len(order), candidates: run.cands, matched: run.matched, exact: exact || j == len(order), normAgrees: agree})
		}
		if !agree || !exact && j < len(order) {
			return nil, false, nil
		}
		return res, true, nil
	}
}

// candidateCount returns how many matches hold one of the essential leaves.
func candidateCount(evals []*shardEval, essential []int) uint64 {
	var n uint64
	for _, ev := range evals {
		for _, seg := range ev.segs {
			n += leafUnion(seg, essential).AndCardinality(seg.match)
		}
	}
	return n
}

// selectTop chooses, in each shard, the candidates holding one of the essential leaves that
// can make the first k (topOf). It returns how many candidates there were and the k-th best
// score over all shards, less the rounding slack (0 when there are fewer than k).
func selectTop(ctx context.Context, plan *pplan, evals []*shardEval, essential []int, k int) (cands uint64, theta float64, err error) {
	err = eachShard(len(evals), func(i int) (err error) {
		evals[i].top, err = plan.topOf(ctx, evals[i], essential, k)
		return err
	})
	if err != nil {
		return 0, 0, err
	}
	var scores []float64
	for _, ev := range evals {
		cands += uint64(ev.top.candidates)
		scores = append(scores, ev.top.scores...)
	}
	if len(scores) < k || k == 0 {
		return cands, 0, nil
	}
	slices.Sort(scores)
	return cands, scores[len(scores)-k] * (1 - pruneSlack), nil
}

// firstCut returns how many leaves, taken in order, the first attempt makes essential, and the
// candidates they give: the fewest leaves that leave the others a bound sum under pruneCut of
// all the bounds and whose candidates fill the page (none for an empty page: only the counts
// are wanted; all when the matches do not fill it).
func firstCut(evals []*shardEval, order []int, rest []float64, k int, matched uint64) (j int, cands uint64) {
	switch {
	case k == 0:
		return 0, 0
	case matched <= uint64(k):
		return len(order), candidateCount(evals, order)
	}
	j = 1
	for j < len(order) && rest[j] >= pruneCut*rest[0] {
		j++
	}
	// The union of the essential leaves grows a leaf at a time until it fills the page.
	unions := make([][]*roaring.Bitmap, len(evals))
	for i, ev := range evals {
		unions[i] = make([]*roaring.Bitmap, len(ev.segs))
		for s, seg := range ev.segs {
			unions[i][s] = leafUnion(seg, order[:j])
		}
	}
	for {
		var n uint64
		for i, ev := range evals {
			for s, seg := range ev.segs {
				n += unions[i][s].AndCardinality(seg.match)
			}
		}
		if n >= uint64(k) || j == len(order) {
			return j, n
		}
		for i, ev := range evals {
			for s, seg := range ev.segs {
				if bm := seg.leaves[order[j]]; bm != nil {
					unions[i][s].Or(bm)
				}
			}
		}
		j++
	}
}

// leafUnion returns the documents of seg holding one of leaves (a new bitmap).
func leafUnion(seg segMatch, leaves []int) *roaring.Bitmap {
	var bms []*roaring.Bitmap
	for _, l := range leaves {
		if b := seg.leaves[l]; b != nil {
			bms = append(bms, b)
		}
	}
	return roaring.FastOr(bms...)
}

// shardEval is what a plan matches in one snapshot of a shard, segment by segment.
type shardEval struct {
	snap *scorch.IndexSnapshot
	segs []segMatch
	top  *shardTop // the candidates chosen to score (selectTop)
}

type segMatch struct {
	match  *roaring.Bitmap   // local numbers of the documents the query matches
	leaves []*roaring.Bitmap // per leaf, the documents holding it (nil: none); never modified
	nodes  []*roaring.Bitmap // per node, the documents it matches; never modified
	// per node, documents its bitmap may miss (see segEval.unknown)
	unknown []*roaring.Bitmap
	lists   *segLists // the segment's posting lists, as the evaluation looked them up
}

// evalShards evaluates plan on each reader, in parallel.
func evalShards(ctx context.Context, plan *pplan, readers []bindex.IndexReader, m mapping.IndexMapping) ([]*shardEval, error) {
	out := make([]*shardEval, len(readers))
	err := eachShard(len(readers), func(i int) (err error) {
		snap, ok := readers[i].(*scorch.IndexSnapshot)
		if !ok {
			return fmt.Errorf("pruned search: reader %T is not a scorch snapshot", readers[i])
		}
		out[i], err = evalSnapshot(ctx, plan, snap, m)
		return err
	})
	return out, err
}

// eachShard runs fn(0) ... fn(n-1) at once and returns the first of their errors.
func eachShard(n int, fn func(i int) error) error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() { errs[i] = fn(i) })
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

func evalSnapshot(ctx context.Context, plan *pplan, snap *scorch.IndexSnapshot, m mapping.IndexMapping) (*shardEval, error) {
	ev := &shardEval{snap: snap}
	filters, err := evalFilters(ctx, plan, snap, m)
	if err != nil {
		return nil, err
	}
	for s, ss := range snap.Segments() {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		e := segEval{segLists: newSegLists(ss.Segment(), ss.Deleted()), leaves: make([]*roaring.Bitmap, len(plan.leaves)),
			nodes: make([]*roaring.Bitmap, plan.nodes), unknown: make([]*roaring.Bitmap, plan.nodes)}
		for _, f := range plan.filters {
			e.nodes[f.id] = filters[f.id][s]
		}
		m, err := e.eval(plan.root, nil, nil)
		if err != nil {
			return nil, err
		}
		ev.segs = append(ev.segs, segMatch{match: m, leaves: e.leaves, nodes: e.nodes, unknown: e.unknown, lists: e.segLists})
	}
	return ev, nil
}

// evalFilters returns, per filter node of plan, the documents of each segment of snap that
// its query matches, as Bleve's searcher finds them with no scores.
func evalFilters(ctx context.Context, plan *pplan, snap *scorch.IndexSnapshot, m mapping.IndexMapping) (map[int][]*roaring.Bitmap, error) {
	if len(plan.filters) == 0 {
		return nil, nil
	}
	offsets := segmentOffsets(snap)
	out := map[int][]*roaring.Bitmap{}
	for _, f := range plan.filters {
		bms := make([]*roaring.Bitmap, len(offsets))
		for i := range bms {
			bms[i] = roaring.New()
		}
		s, err := f.query.Searcher(ctx, snap, m, search.SearcherOptions{Score: "none"})
		if err != nil {
			return nil, fmt.Errorf("filter: %w", err)
		}
		sctx := &search.SearchContext{DocumentMatchPool: search.NewDocumentMatchPool(s.DocumentMatchPoolSize(), 0)}
		for {
			dm, err := s.Next(sctx)
			if err != nil || dm == nil {
				_ = s.Close()
				if err != nil {
					return nil, fmt.Errorf("filter: %w", err)
				}
				break
			}
			if seg, local := locate(offsets, dm.IndexInternalID.Value()); seg >= 0 {
				bms[seg].Add(uint32(local))
			}
			sctx.DocumentMatchPool.Put(dm)
		}
		out[f.id] = bms
	}
	return out, nil
}

// pruneAttempt describes one search of candidates, for the tests.
type pruneAttempt struct {
	essential, leaves   int
	candidates, matched uint64
	exact               bool // the bound holds (or every match was a candidate)
	bleve               bool // Bleve's search of the chosen candidates, not a choice
	normAgrees          bool // with bleve: its query norm is the plan's
}

// pruneObserver, when set, is told of every attempt.
var pruneObserver func(pruneAttempt)

// pruneRun is Bleve's search of the chosen candidates, with the counts of the matches.
type pruneRun struct {
	res *bleve.SearchResult

	mu      sync.Mutex
	cands   uint64  // candidates (matches holding an essential leaf), over all shards
	matched uint64  // documents the query matches, over all shards
	qn      float64 // the query norm Bleve gave the searchers (the largest seen)
	facets  *facetRun
}

// check returns the run's result with the matched total and facets, and whether its page is
// exact given the bound rest of the leaves left out.
func (r *pruneRun) check(k int, rest float64) (res *bleve.SearchResult, exact bool) {
	res = r.res
	if n := len(res.Hits); r.cands == r.matched {
		exact = true
	} else if res.Total >= uint64(k) && n > 0 { // else fewer hits than the page wants
		exact = res.Hits[n-1].Score > rest*r.qn*(1+pruneSlack) && !math.IsInf(r.qn, 0) && !math.IsNaN(r.qn)
	}
	res.Total = r.matched
	if r.facets != nil {
		if res.Facets == nil {
			res.Facets = search.FacetResults{}
		}
		for name, fr := range r.facets.results(r.matched) {
			res.Facets[name] = fr
		}
	}
	return res, exact
}

// prunedRun has Bleve score the documents selectTop chose for req in each shard (the shardEval
// of evals whose snapshot the search reads; a shard that changed since is evaluated anew).
func (ix *Index) prunedRun(ctx context.Context, req *bleve.SearchRequest, plan *pplan, inner query.Query, evals []*shardEval, essential []int) (*pruneRun, error) {
	run := &pruneRun{}
	if len(req.Facets) > 0 { // ordinal facets only (pruneEligible)
		run.facets = newFacetRun(&ix.ords)
		for name, f := range req.Facets {
			run.facets.add(name, f)
		}
	}
	r := *req
	r.Facets = nil
	r.Query = &pruneQuery{k: req.From + req.Size, inner: inner, plan: plan, evals: evals, essential: essential, run: run}
	res, err := ix.alias.SearchInContext(ctx, &r)
	if err != nil {
		return nil, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	if err := statusErr(res); err != nil {
		return nil, fmt.Errorf("index: search %s: %w", ix.dir, err)
	}
	run.res = res
	return run, nil
}

// pruneQuery is the query of one pruned search: on each shard, the conjunction of the
// candidates and the query itself.
type pruneQuery struct {
	k         int // the page's end
	inner     query.Query
	plan      *pplan
	evals     []*shardEval
	essential []int
	run       *pruneRun
}

func (q *pruneQuery) Searcher(ctx context.Context, r bindex.IndexReader, m mapping.IndexMapping, o search.SearcherOptions) (search.Searcher, error) {
	snap, ok := r.(*scorch.IndexSnapshot)
	if !ok {
		return nil, fmt.Errorf("index: pruned search: reader %T is not a scorch snapshot", r)
	}
	var ev *shardEval
	for _, e := range q.evals {
		if e.snap == snap {
			ev = e
		}
	}
	if ev == nil { // the shard changed since the evaluation: evaluate what this search reads
		var err error
		if ev, err = evalSnapshot(ctx, q.plan, snap, m); err != nil {
			return nil, fmt.Errorf("index: pruned search: %w", err)
		}
		if ev.top, err = q.plan.topOf(ctx, ev, q.essential, q.k); err != nil {
			return nil, fmt.Errorf("index: pruned search: %w", err)
		}
	}
	var counter *facetCounter
	if f := q.run.facets; f != nil {
		var err error
		if counter, err = f.counter(snap); err != nil {
			return nil, err
		}
	}
	cands := &candSearcher{run: q.run}
	var matched uint64
	for i, seg := range ev.segs {
		matched += seg.match.GetCardinality()
		if counter != nil {
			counter.countSegment(i, seg.match)
		}
	}
	if counter != nil {
		counter.flush()
	}
	cands.docs = ev.top.docs
	if cands.docs == nil {
		cands.docs = []uint64{} // none: phrase searchers must not look at any document
	}
	q.run.mu.Lock()
	q.run.matched += matched
	q.run.cands += uint64(ev.top.candidates)
	q.run.mu.Unlock()
	// Only the candidates can be hits: phrases need not look at other documents. Prefixes take
	// the documents the evaluation found.
	ictx := context.WithValue(context.WithValue(ctx, onlyDocsKey{}, cands.docs), shardEvalKey{}, ev)
	s, err := q.inner.Searcher(ictx, r, m, o)
	if err != nil {
		return nil, err
	}
	c, err := searcher.NewConjunctionSearcher(ctx, r, []search.Searcher{cands, s}, o)
	if err != nil {
		_ = s.Close()
		return nil, err
	}
	return c, nil
}

// shardEvalKey is the context key of the evaluation of the shard a pruned search's searcher
// reads (a *shardEval).
type shardEvalKey struct{}

// candSearcher yields the candidates (global document numbers, ascending) with a score of
// zero and no weight, so that its conjunction with a query scores as the query alone. It
// records the query norm its parent gives it, the one every term searcher gets.
type candSearcher struct {
	docs []uint64
	i    int
	run  *pruneRun
}

func (c *candSearcher) Next(ctx *search.SearchContext) (*search.DocumentMatch, error) {
	if c.i >= len(c.docs) {
		return nil, nil
	}
	dm := ctx.DocumentMatchPool.Get()
	dm.IndexInternalID = bindex.NewIndexInternalID(dm.IndexInternalID, c.docs[c.i])
	dm.Score = 0
	c.i++
	return dm, nil
}

func (c *candSearcher) Advance(ctx *search.SearchContext, id bindex.IndexInternalID) (*search.DocumentMatch, error) {
	v := id.Value()
	rest := c.docs[c.i:]
	c.i += sort.Search(len(rest), func(k int) bool { return rest[k] >= v })
	return c.Next(ctx)
}

func (c *candSearcher) Close() error    { return nil }
func (c *candSearcher) Weight() float64 { return 0 }
func (c *candSearcher) SetQueryNorm(qn float64) {
	c.run.mu.Lock()
	c.run.qn = max(c.run.qn, qn)
	c.run.mu.Unlock()
}
func (c *candSearcher) Count() uint64              { return uint64(len(c.docs)) }
func (c *candSearcher) Min() int                   { return 0 }
func (c *candSearcher) Size() int                  { return 64 + 8*cap(c.docs) }
func (c *candSearcher) DocumentMatchPoolSize() int { return 1 }

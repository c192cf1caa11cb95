package index

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
	_ "modernc.org/sqlite" // SQLite with FTS5, pure Go

	"github.com/bantin/bantin"
	bindex "github.com/bantin/bantin/index"
	"github.com/bantin/bantin/search"
)

// bareDoc is what the bare Bleve index holds: the default mapping indexes every field with the
// standard analyzer (and the _all field).
type bareDoc struct {
	Title     string    `json:"title"`
	Lead      string    `json:"lead"`
	Text      string    `json:"text"`
	Author    string    `json:"author"`
	Site      string    `json:"site"`
	Published time.Time `json:"published"`
}

func bareOf(e bantin.Entry) bareDoc {
	a := e.Article
	return bareDoc{Title: a.Title, Lead: a.Lead, Text: a.Text, Author: a.Author, Site: e.Site, Published: a.Published.Time}
}

// bareQuery translates a parsed bantin query for the bare index: the same boolean structure,
// fields and boosts, but Bleve's standard analysis (no folding, no tone canonicalisation, no
// abbreviation rewriting).
func bareQuery(n search.Node) query.Query {
	fields := func(f string) []struct {
		name  string
		boost float64
	} {
		switch f {
		case search.FieldTitle:
			return []struct {
				name  string
				boost float64
			}{{"title", 1}}
		case search.FieldAuthor:
			return []struct {
				name  string
				boost float64
			}{{"author", 1}}
		}
		return []struct {
			name  string
			boost float64
		}{{"title", 3}, {"lead", 1.5}, {"text", 1}}
	}
	switch n := n.(type) {
	case nil:
		return query.NewMatchAllQuery()
	case *search.Term:
		if n.Field == search.FieldSite {
			q := query.NewMatchQuery(n.Text)
			q.SetField("site")
			return q
		}
		var qs []query.Query
		for _, f := range fields(n.Field) {
			if n.Prefix {
				q := query.NewPrefixQuery(strings.ToLower(n.Text))
				q.SetField(f.name)
				q.SetBoost(f.boost)
				qs = append(qs, q)
				continue
			}
			q := query.NewMatchQuery(n.Text)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			q.SetOperator(query.MatchQueryOperatorAnd)
			qs = append(qs, q)
		}
		return query.NewDisjunctionQuery(qs)
	case *search.Phrase:
		var qs []query.Query
		for _, f := range fields(n.Field) {
			q := query.NewMatchPhraseQuery(n.Text)
			q.SetField(f.name)
			q.SetBoost(f.boost)
			qs = append(qs, q)
		}
		return query.NewDisjunctionQuery(qs)
	case *search.Or:
		var qs []query.Query
		for _, c := range n.Nodes {
			qs = append(qs, bareQuery(c))
		}
		return query.NewDisjunctionQuery(qs)
	case *search.Not:
		return query.NewBooleanQuery([]query.Query{query.NewMatchAllQuery()}, nil, []query.Query{bareQuery(n.Node)})
	case *search.And:
		var must, not []query.Query
		for _, c := range n.Nodes {
			if neg, ok := c.(*search.Not); ok {
				not = append(not, bareQuery(neg.Node))
			} else {
				must = append(must, bareQuery(c))
			}
		}
		if len(not) == 0 {
			return query.NewConjunctionQuery(must)
		}
		if len(must) == 0 {
			must = []query.Query{query.NewMatchAllQuery()}
		}
		return query.NewBooleanQuery(must, nil, not)
	case *search.DateRange:
		t, f := true, false
		q := query.NewDateRangeInclusiveQuery(n.From, n.To, &t, &f)
		q.SetField("published")
		return q
	}
	return query.NewMatchNoneQuery()
}

// engine is one system under test: it answers the top 10 IDs of a query.
type engine interface {
	name() string
	top(ctx context.Context, q string, k int) ([]string, error)
}

type bantinEngine struct{ s *search.Searcher }

func (bantinEngine) name() string { return "bantin (vi analysis)" }
func (e bantinEngine) top(ctx context.Context, q string, k int) ([]string, error) {
	res, err := e.s.Search(ctx, bantin.Query{Text: q, Limit: k})
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

type bareEngine struct{ ix bleve.Index }

func (bareEngine) name() string { return "bleve standard analyzer" }
func (e bareEngine) top(ctx context.Context, q string, k int) ([]string, error) {
	n, err := search.Parse(q)
	if err != nil {
		return nil, err
	}
	req := bleve.NewSearchRequestOptions(bareQuery(n), k, 0, false)
	res, err := e.ix.SearchInContext(ctx, req)
	if err != nil {
		return nil, err
	}
	ids := make([]string, len(res.Hits))
	for i, h := range res.Hits {
		ids[i] = h.ID
	}
	return ids, nil
}

// ftsQuery translates a parsed query into an FTS5 MATCH expression; ok is false for what FTS5
// cannot say (a query that is only a negation, a date range).
func ftsQuery(n search.Node) (string, bool) {
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	col := func(f, s string) string {
		switch f {
		case search.FieldTitle:
			return "title : " + s
		case search.FieldAuthor, search.FieldSite:
			return "" // not indexed as text here
		}
		return s
	}
	switch n := n.(type) {
	case *search.Term:
		s := quote(n.Text)
		if n.Prefix {
			s += "*"
		}
		return col(n.Field, s), col(n.Field, s) != ""
	case *search.Phrase:
		return col(n.Field, quote(n.Text)), col(n.Field, quote(n.Text)) != ""
	case *search.Or:
		var parts []string
		for _, c := range n.Nodes {
			s, ok := ftsQuery(c)
			if !ok {
				return "", false
			}
			parts = append(parts, s)
		}
		return "(" + strings.Join(parts, " OR ") + ")", true
	case *search.And:
		var pos, neg []string
		for _, c := range n.Nodes {
			if nn, isNot := c.(*search.Not); isNot {
				s, ok := ftsQuery(nn.Node)
				if !ok {
					return "", false
				}
				neg = append(neg, s)
				continue
			}
			s, ok := ftsQuery(c)
			if !ok {
				return "", false
			}
			pos = append(pos, s)
		}
		if len(pos) == 0 {
			return "", false
		}
		s := "(" + strings.Join(pos, " AND ") + ")"
		if len(neg) > 0 {
			s += " NOT (" + strings.Join(neg, " OR ") + ")"
		}
		return "(" + s + ")", true
	}
	return "", false
}

// ftsIndex is the SQLite FTS5 peer: one virtual table with the text columns and the facet
// columns unindexed, unicode61 with diacritics removed (its closest to folding).
type ftsIndex struct{ db *sql.DB }

func openFTS(path string) (*ftsIndex, error) {
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	db.SetMaxOpenConns(1)
	_, err = db.Exec(`CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(title, lead, text, id UNINDEXED,
		site UNINDEXED, month UNINDEXED, tokenize = 'unicode61 remove_diacritics 2')`)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("fts5: %w", err)
	}
	return &ftsIndex{db: db}, nil
}

func (f *ftsIndex) insert(ctx context.Context, es []bantin.Entry) error {
	tx, err := f.db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	st, err := tx.Prepare(`INSERT INTO fts(title, lead, text, id, site, month) VALUES (?,?,?,?,?,?)`)
	if err != nil {
		tx.Rollback()
		return err
	}
	for _, e := range es {
		a := e.Article
		month := ""
		if !a.Published.IsZero() {
			month = a.Published.In(bantin.Location).Format("2006-01")
		}
		if _, err := st.Exec(a.Title, a.Lead, a.Text, e.ID, e.Site, month); err != nil {
			tx.Rollback()
			return err
		}
	}
	st.Close()
	return tx.Commit()
}

// search runs what a results page needs: the top k with snippets by bm25, and the site and
// month counts of every match.
func (f *ftsIndex) search(ctx context.Context, match string, k int) (int, error) {
	rows, err := f.db.QueryContext(ctx, `SELECT id, title, snippet(fts, 2, '<mark>', '</mark>', '…', 30)
		FROM fts WHERE fts MATCH ? ORDER BY bm25(fts, 3.0, 1.5, 1.0) LIMIT ?`, match, k)
	if err != nil {
		return 0, err
	}
	n := 0
	for rows.Next() {
		var id, title, snip string
		if err := rows.Scan(&id, &title, &snip); err != nil {
			rows.Close()
			return 0, err
		}
		n++
	}
	rows.Close()
	for _, facet := range []string{"site", "month"} {
		rows, err := f.db.QueryContext(ctx, `SELECT `+facet+`, count(*) FROM fts WHERE fts MATCH ? GROUP BY 1`, match)
		if err != nil {
			return 0, err
		}
		for rows.Next() {
			var v string
			var c int
			if err := rows.Scan(&v, &c); err != nil {
				rows.Close()
				return 0, err
			}
		}
		rows.Close()
	}
	return n, nil
}

var _ = bindex.Options{}

package search

import (
	"fmt"
	"strings"
	"time"
)

// Node is a parsed query. Its String form is a fully parenthesised rendering, for tests and logs.
type Node interface {
	String() string
}

// Field names a query can target with "name:".
const (
	FieldAny       = ""          // title, lead and text
	FieldTitle     = "title"     // title only
	FieldSite      = "site"      // site name (exact)
	FieldAuthor    = "author"    // author
	FieldPublished = "published" // publication date range
)

// Term is one word, optionally a prefix ("văn*").
type Term struct {
	Field  string
	Text   string
	Prefix bool
	Pos    int // 1-based rune position in the query
}

// Phrase is a quoted run of words that must be adjacent and in order.
type Phrase struct {
	Field string
	Text  string
	Pos   int
}

// And matches documents matching every node.
type And struct {
	Nodes  []Node
	joined bool // abbreviation full forms already rewritten
}

// Or matches documents matching any node.
type Or struct{ Nodes []Node }

// Not matches documents not matching Node.
type Not struct{ Node Node }

// DateRange matches documents published in [From, To); a zero bound is open.
type DateRange struct {
	From, To time.Time
	Pos      int
}

func (t *Term) String() string {
	s := quoteIfNeeded(t.Text)
	if t.Prefix {
		s += "*"
	}
	if t.Field != "" {
		s = t.Field + ":" + s
	}
	return s
}

func (p *Phrase) String() string {
	s := `"` + p.Text + `"`
	if p.Field != "" {
		s = p.Field + ":" + s
	}
	return s
}

func (a *And) String() string { return join("AND", a.Nodes) }
func (o *Or) String() string  { return join("OR", o.Nodes) }
func (n *Not) String() string { return "NOT " + n.Node.String() }

func (d *DateRange) String() string {
	f := func(t time.Time) string {
		if t.IsZero() {
			return "*"
		}
		return t.In(locationOf(t)).Format(time.DateOnly)
	}
	return fmt.Sprintf("published:[%s,%s)", f(d.From), f(d.To))
}

func locationOf(t time.Time) *time.Location { return t.Location() }

func join(op string, nodes []Node) string {
	parts := make([]string, len(nodes))
	for i, n := range nodes {
		parts[i] = n.String()
	}
	return "(" + strings.Join(parts, " "+op+" ") + ")"
}

func quoteIfNeeded(s string) string {
	if strings.ContainsAny(s, ` ()"`) {
		return `"` + s + `"`
	}
	return s
}

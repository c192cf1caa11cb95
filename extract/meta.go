package extract

import (
	"encoding/json"
	"strings"

	"github.com/bantin/bantin"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// meta is what the page says about itself in markup meant for machines.
type meta struct {
	lang       string
	title      string            // <title>
	props      map[string]string // meta name/property/itemprop (lower case) → first content
	canonical  string
	ld         ldInfo
	headings   []*html.Node // h1..h3 and [itemprop=headline] in document order
	itemprops  map[string]*html.Node
	timeNodes  []*html.Node
	tagLinks   []*html.Node // <a rel="tag">
	articleTag []string     // article:tag values
}

// ldInfo is what JSON-LD says about the article.
type ldInfo struct {
	headline, body, author, published, modified, section string
	keywords                                             []string
}

func collectMeta(root *html.Node) *meta {
	m := &meta{props: map[string]string{}, itemprops: map[string]*html.Node{}}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Html:
				if m.lang == "" {
					m.lang = attr(n, "lang")
					if m.lang == "" {
						m.lang = attr(n, "xml:lang")
					}
				}
			case atom.Title:
				if m.title == "" && n.FirstChild != nil {
					m.title = collapse(n.FirstChild.Data)
				}
				return
			case atom.Meta:
				key := attr(n, "property")
				if key == "" {
					key = attr(n, "name")
				}
				if key == "" {
					key = attr(n, "itemprop")
				}
				if key == "" {
					if he := attr(n, "http-equiv"); strings.EqualFold(he, "content-language") {
						key = "content-language"
					}
				}
				if key != "" {
					key = strings.ToLower(strings.TrimSpace(key))
					v := collapse(attr(n, "content"))
					if v != "" {
						if key == "article:tag" {
							m.articleTag = append(m.articleTag, v)
						}
						if _, ok := m.props[key]; !ok {
							m.props[key] = v
						}
					}
				}
			case atom.Link:
				if m.canonical == "" && strings.EqualFold(strings.TrimSpace(attr(n, "rel")), "canonical") {
					m.canonical = strings.TrimSpace(attr(n, "href"))
				}
			case atom.Script:
				if strings.Contains(strings.ToLower(attr(n, "type")), "ld+json") && n.FirstChild != nil {
					m.ld.parse(n.FirstChild.Data)
				}
				return
			case atom.Style, atom.Noscript, atom.Template:
				return
			case atom.H1, atom.H2, atom.H3:
				m.headings = append(m.headings, n)
			case atom.Time:
				m.timeNodes = append(m.timeNodes, n)
			case atom.A:
				if strings.EqualFold(attr(n, "rel"), "tag") {
					m.tagLinks = append(m.tagLinks, n)
				}
			}
			if ip := attr(n, "itemprop"); ip != "" && n.DataAtom != atom.Meta {
				ip = strings.ToLower(ip)
				if _, ok := m.itemprops[ip]; !ok {
					m.itemprops[ip] = n
				}
				if ip == "headline" && !isHeading(n.DataAtom) {
					m.headings = append(m.headings, n)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return m
}

// parse reads one JSON-LD script; bad JSON is ignored.
func (l *ldInfo) parse(src string) {
	src = strings.TrimSpace(src)
	if src == "" {
		return
	}
	var v any
	if err := json.Unmarshal([]byte(src), &v); err != nil {
		return
	}
	l.visit(v, 0)
}

var articleTypes = map[string]bool{"article": true, "newsarticle": true, "blogposting": true,
	"reportagenewsarticle": true, "analysisnewsarticle": true, "report": true,
	"scholarlyarticle": true, "techarticle": true, "opinionnewsarticle": true, "webpage": false}

func (l *ldInfo) visit(v any, depth int) {
	if depth > 6 {
		return
	}
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			l.visit(e, depth+1)
		}
	case map[string]any:
		if g, ok := x["@graph"]; ok {
			l.visit(g, depth+1)
		}
		if !isArticleType(x["@type"]) {
			if me, ok := x["mainEntity"]; ok {
				l.visit(me, depth+1)
			}
			return
		}
		set := func(dst *string, key string) {
			if *dst == "" {
				if s, ok := x[key].(string); ok {
					*dst = collapse(s)
				}
			}
		}
		set(&l.headline, "headline")
		set(&l.headline, "name")
		set(&l.published, "datePublished")
		set(&l.published, "dateCreated")
		set(&l.modified, "dateModified")
		set(&l.section, "articleSection")
		if l.body == "" {
			if s, ok := x["articleBody"].(string); ok {
				l.body = s
			}
		}
		if l.author == "" {
			l.author = ldName(x["author"])
		}
		if len(l.keywords) == 0 {
			switch k := x["keywords"].(type) {
			case string:
				for _, p := range strings.Split(k, ",") {
					if p = collapse(p); p != "" {
						l.keywords = append(l.keywords, p)
					}
				}
			case []any:
				for _, e := range k {
					if s, ok := e.(string); ok && collapse(s) != "" {
						l.keywords = append(l.keywords, collapse(s))
					}
				}
			}
		}
	}
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(x)]
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return collapse(x)
	case map[string]any:
		if s, ok := x["name"].(string); ok {
			return collapse(s)
		}
	case []any:
		var names []string
		for _, e := range x {
			if s := ldName(e); s != "" {
				names = append(names, s)
			}
		}
		return strings.Join(names, ", ")
	}
	return ""
}

// metaDate reads the published and modified times the page declares for machines.
func (m *meta) metaDate() (pub, mod bantin.Timestamp) {
	for _, v := range []string{m.ld.published, m.props["article:published_time"],
		m.props["og:published_time"], m.props["datepublished"], m.props["pubdate"],
		m.props["publishdate"], m.props["publish-date"], m.props["dc.date.issued"],
		m.props["dcterms.created"], m.props["citation_publication_date"], m.props["date"],
		m.props["dc.date"], m.props["article.published"], m.props["sailthru.date"]} {
		if t, ok := ParseDate(v); ok && v != "" {
			pub = t
			break
		}
	}
	if pub.IsZero() {
		if n := m.itemprops["datepublished"]; n != nil {
			pub, _ = dateOfNode(n)
		}
	}
	for _, v := range []string{m.ld.modified, m.props["article:modified_time"],
		m.props["og:updated_time"], m.props["datemodified"], m.props["dcterms.modified"]} {
		if t, ok := ParseDate(v); ok && v != "" {
			mod = t
			break
		}
	}
	if mod.IsZero() {
		if n := m.itemprops["datemodified"]; n != nil {
			mod, _ = dateOfNode(n)
		}
	}
	return pub, mod
}

// dateOfNode reads a date from datetime/content attributes or the text of n.
func dateOfNode(n *html.Node) (bantin.Timestamp, bool) {
	for _, k := range []string{"datetime", "content", "title"} {
		if v := attr(n, k); v != "" {
			if t, ok := ParseDate(v); ok {
				return t, true
			}
		}
	}
	return ParseDate(nodeText(n))
}

package crawler

import (
	"errors"
	"fmt"
	"net/url"
	"os"
	"regexp"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
)

// Config is a sites.yaml file: who we are, and the sites to crawl.
type Config struct {
	Contact       string            // URL or e-mail named in the User-Agent
	UserAgent     string            // overrides the default "bantin/0.1 (+<contact>)"
	APIToken      string            // bearer token for POST /api/crawl in bantin serve
	Abbreviations map[string]string // extends the built-in list used by search
	Sites         []bantin.Site
	Path          string // the file it was read from
}

// DefaultDelay is the per-host delay of a site that does not set one.
const DefaultDelay = time.Second

var siteName = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)

// LoadConfig reads and checks a sites.yaml file. Errors name the file, the line and the field
// and wrap bantin.ErrInvalid (or the os error when the file cannot be read).
func LoadConfig(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return parseConfig(path, b)
}

type configError struct {
	path  string
	line  int
	field string
	msg   string
}

func (e *configError) Error() string {
	return fmt.Sprintf("%s:%d: %s: %s", e.path, e.line, e.field, e.msg)
}

func (e *configError) Unwrap() error { return bantin.ErrInvalid }

func parseConfig(path string, b []byte) (*Config, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(b, &doc); err != nil {
		return nil, fmt.Errorf("%s: %v: %w", path, err, bantin.ErrInvalid)
	}
	cfg := &Config{Path: path, Abbreviations: map[string]string{}}
	if len(doc.Content) == 0 {
		return nil, &configError{path, 1, "sites", "empty file"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.MappingNode {
		return nil, &configError{path, root.Line, "(top level)", "want a mapping"}
	}
	fail := func(n *yaml.Node, field, format string, a ...any) error {
		return &configError{path, n.Line, field, fmt.Sprintf(format, a...)}
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		var err error
		switch k.Value {
		case "contact":
			err = v.Decode(&cfg.Contact)
		case "user_agent":
			err = v.Decode(&cfg.UserAgent)
		case "api_token":
			err = v.Decode(&cfg.APIToken)
		case "abbreviations":
			err = v.Decode(&cfg.Abbreviations)
		case "sites":
			if v.Kind != yaml.SequenceNode {
				return nil, fail(v, "sites", "want a list of sites")
			}
			names := map[string]int{}
			for j, sn := range v.Content {
				s, err := parseSite(path, j, sn)
				if err != nil {
					return nil, err
				}
				if prev, dup := names[s.Name]; dup {
					return nil, fail(sn, fmt.Sprintf("sites[%d].name", j), "%q already used on line %d", s.Name, prev)
				}
				names[s.Name] = sn.Line
				cfg.Sites = append(cfg.Sites, s)
			}
			continue
		default:
			return nil, fail(k, k.Value, "unknown key (want contact, user_agent, api_token, abbreviations, sites)")
		}
		if err != nil {
			return nil, fail(v, k.Value, "%v", cleanYAMLError(err))
		}
	}
	if len(cfg.Sites) == 0 {
		return nil, fail(root, "sites", "no sites")
	}
	return cfg, nil
}

func cleanYAMLError(err error) string {
	var te *yaml.TypeError
	if errors.As(err, &te) && len(te.Errors) > 0 {
		return strings.Join(te.Errors, "; ")
	}
	return err.Error()
}

func parseSite(path string, idx int, n *yaml.Node) (bantin.Site, error) {
	s := bantin.Site{Delay: DefaultDelay, Parallelism: 1}
	prefix := fmt.Sprintf("sites[%d]", idx)
	fail := func(n *yaml.Node, field, format string, a ...any) error {
		return &configError{path, n.Line, prefix + "." + field, fmt.Sprintf(format, a...)}
	}
	if n.Kind != yaml.MappingNode {
		return s, &configError{path, n.Line, prefix, "want a mapping"}
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		var err error
		switch k.Value {
		case "name":
			err = v.Decode(&s.Name)
		case "seeds":
			err = v.Decode(&s.Seeds)
		case "hosts":
			err = v.Decode(&s.Hosts)
		case "article_patterns":
			err = v.Decode(&s.ArticlePatterns)
		case "listing_patterns":
			err = v.Decode(&s.ListingPatterns)
		case "exclude":
			err = v.Decode(&s.Exclude)
		case "sitemaps":
			err = v.Decode(&s.Sitemaps)
		case "feeds":
			err = v.Decode(&s.Feeds)
		case "delay":
			var d string
			if err = v.Decode(&d); err == nil {
				if s.Delay, err = time.ParseDuration(d); err == nil && s.Delay < 0 {
					err = errors.New("must not be negative")
				}
			}
		case "parallelism":
			if err = v.Decode(&s.Parallelism); err == nil && (s.Parallelism < 1 || s.Parallelism > 64) {
				err = errors.New("want 1..64")
			}
		case "schedule":
			if err = v.Decode(&s.Schedule); err == nil && s.Schedule != "" {
				_, err = cron.ParseStandard(s.Schedule)
			}
		case "max_pages":
			if err = v.Decode(&s.MaxPages); err == nil && s.MaxPages < 0 {
				err = errors.New("must not be negative")
			}
		case "selectors":
			err = decodeSelectors(v, &s.Selectors)
		default:
			return s, fail(k, k.Value, "unknown key")
		}
		if err != nil {
			return s, fail(v, k.Value, "%s", cleanYAMLError(err))
		}
	}
	if s.Name == "" {
		return s, fail(n, "name", "missing")
	}
	if !siteName.MatchString(s.Name) {
		return s, fail(n, "name", "%q: want lower-case letters, digits, '.', '_' or '-'", s.Name)
	}
	if err := checkSite(&s); err != nil {
		return s, fail(n, "seeds", "%v", err)
	}
	return s, nil
}

func decodeSelectors(v *yaml.Node, sel *bantin.Selectors) error {
	if v.Kind != yaml.MappingNode {
		return errors.New("want a mapping")
	}
	for i := 0; i+1 < len(v.Content); i += 2 {
		switch v.Content[i].Value {
		case "title", "body", "published", "author", "remove":
		default:
			return fmt.Errorf("unknown selector %q (line %d)", v.Content[i].Value, v.Content[i].Line)
		}
	}
	return v.Decode(sel)
}

// checkSite validates seeds and patterns and fills default hosts.
func checkSite(s *bantin.Site) error {
	if len(s.Seeds) == 0 {
		return errors.New("at least one seed URL is needed")
	}
	for i, seed := range s.Seeds {
		c, err := Canonicalize(seed)
		if err != nil {
			return err
		}
		s.Seeds[i] = c
	}
	if len(s.Hosts) == 0 {
		for _, seed := range s.Seeds {
			u, _ := url.Parse(seed)
			if !contains(s.Hosts, u.Host) {
				s.Hosts = append(s.Hosts, u.Host)
			}
		}
	}
	for i, h := range s.Hosts {
		s.Hosts[i] = strings.ToLower(h)
	}
	for _, list := range [][]string{s.ArticlePatterns, s.ListingPatterns, s.Exclude} {
		for _, p := range list {
			if _, err := regexp.Compile(p); err != nil {
				return fmt.Errorf("pattern %q: %v", p, err)
			}
		}
	}
	return nil
}

// SiteForURL returns a site for `bantin crawl URL` without a config: the URL as its only seed,
// its host as the only allowed host, the default delay and parallelism 1. It fails with
// bantin.ErrInvalid when the URL is not an absolute http(s) URL.
func SiteForURL(rawURL string) (bantin.Site, error) {
	c, err := Canonicalize(rawURL)
	if err != nil {
		return bantin.Site{}, err
	}
	u, _ := url.Parse(c)
	name := strings.NewReplacer(".", "-", ":", "-", "[", "", "]", "").Replace(u.Host)
	s := bantin.Site{Name: name, Seeds: []string{c}, Hosts: []string{u.Host}, Delay: DefaultDelay, Parallelism: 1}
	return s, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

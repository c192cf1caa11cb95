package crawler

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/bantin/bantin"
)

func TestLoadConfigExample(t *testing.T) {
	cfg, err := LoadConfig(filepath.Join("testdata", "sites.example.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Sites) != 1 {
		t.Fatalf("sites = %d", len(cfg.Sites))
	}
	s := cfg.Sites[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"contact", cfg.Contact, "https://github.com/bantin/bantin"},
		{"abbreviation", cfg.Abbreviations["SNN"], "sở nông nghiệp"},
		{"name", s.Name, "so-vhttdl"},
		{"seed", s.Seeds[0], "https://example.gov.vn/"},
		{"host", s.Hosts[0], "example.gov.vn"},
		{"delay", s.Delay, time.Second},
		{"parallelism", s.Parallelism, 1},
		{"schedule", s.Schedule, "0 */6 * * *"},
		{"exclude", len(s.Exclude), 2},
	}
	for _, c := range checks {
		t.Run(c.name, func(t *testing.T) {
			if c.got != c.want {
				t.Errorf("got %v, want %v", c.got, c.want)
			}
		})
	}
}

func TestLoadConfigErrors(t *testing.T) {
	tests := []struct {
		name, yaml, want string
	}{
		{"unknown top key", "contact: x\nsitez: []\n", "f.yaml:2: sitez: unknown key"},
		{"no sites", "contact: x\n", "sites: no sites"},
		{"bad delay", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    delay: soon\n", "f.yaml:4: sites[0].delay:"},
		{"unknown site key", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    sedes: []\n", "f.yaml:4: sites[0].sedes: unknown key"},
		{"missing name", "sites:\n  - seeds: [http://a.vn/]\n", "f.yaml:2: sites[0].name: missing"},
		{"bad name", "sites:\n  - name: Sở\n    seeds: [http://a.vn/]\n", "sites[0].name"},
		{"bad seed", "sites:\n  - name: a\n    seeds: [ftp://a.vn/]\n", "f.yaml:2: sites[0].seeds:"},
		{"no seed", "sites:\n  - name: a\n", "at least one seed"},
		{"bad cron", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    schedule: every day\n", "f.yaml:4: sites[0].schedule:"},
		{"bad regexp", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    exclude: ['(']\n", "pattern"},
		{"duplicate", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n  - name: a\n    seeds: [http://b.vn/]\n", "f.yaml:4: sites[1].name: \"a\" already used on line 2"},
		{"parallelism", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    parallelism: 0\n", "f.yaml:4: sites[0].parallelism: want 1..64"},
		{"selector", "sites:\n  - name: a\n    seeds: [http://a.vn/]\n    selectors: {titel: h1}\n", "sites[0].selectors"},
		{"not yaml", "sites: [\n", "f.yaml"},
		{"wrong type", "sites:\n  - name: a\n    seeds: http://a.vn/\n", "f.yaml:3: sites[0].seeds:"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseConfig("f.yaml", []byte(tt.yaml))
			if err == nil {
				t.Fatal("no error")
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q does not contain %q", err, tt.want)
			}
			if !errors.Is(err, bantin.ErrInvalid) {
				t.Errorf("error %v is not ErrInvalid", err)
			}
		})
	}
}

func TestSiteForURL(t *testing.T) {
	s, err := SiteForURL("HTTP://Sovhttdl.Example.gov.vn:80/tin-tuc?utm_source=x#top")
	if err != nil {
		t.Fatal(err)
	}
	if s.Name != "sovhttdl-example-gov-vn" || s.Seeds[0] != "http://sovhttdl.example.gov.vn/tin-tuc" ||
		s.Hosts[0] != "sovhttdl.example.gov.vn" || s.Delay != DefaultDelay || s.Parallelism != 1 {
		t.Errorf("site %+v", s)
	}
	if _, err := SiteForURL("not a url"); !errors.Is(err, bantin.ErrInvalid) {
		t.Errorf("bad url: %v", err)
	}
}

// FuzzParseConfig feeds arbitrary bytes to the sites.yaml parser: it never panics, and every
// error it returns is an ErrInvalid that names the file.
func FuzzParseConfig(f *testing.F) {
	if b, err := os.ReadFile("testdata/sites.example.yaml"); err == nil {
		f.Add(b)
	}
	f.Add([]byte("sites:\n  - name: a\n    seeds: [http://127.0.0.1/]\n    delay: 1s\n"))
	f.Add([]byte("sites: [{name: x, seeds: [\"ftp://x\"], parallelism: -1}]"))
	f.Add([]byte("a: &a [*a, *a]\nsites: *a\n"))
	f.Add([]byte("contact: 3\nabbreviations: [1, 2]\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		cfg, err := parseConfig("sites.yaml", b)
		if err != nil {
			if !errors.Is(err, bantin.ErrInvalid) || !strings.Contains(err.Error(), "sites.yaml") {
				t.Fatalf("error %q does not wrap ErrInvalid or name the file", err)
			}
			return
		}
		for _, s := range cfg.Sites {
			if s.Name == "" || len(s.Seeds) == 0 {
				t.Fatalf("accepted a site without a name or seeds: %+v", s)
			}
		}
	})
}

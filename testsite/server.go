package testsite

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"slices"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/bantin/bantin"
)

// Options configure the simulator. The zero value serves all five families with 40 articles
// each from a fixed seed and clock.
type Options struct {
	Articles int       // articles per portal at the start of the clock (default 40)
	Seed     int64     // default 1
	Faults   float64   // share of requests failing transiently (0..1)
	Hostile  bool      // also serve the hostile portal
	Host     string    // listen host, default "127.0.0.1"
	Port     int       // hub port; 0 picks a free one. Portals take the following free ports.
	Start    time.Time // simulated clock start (default DefaultStart)
	Families []string  // subset of families to serve; default all five
	// Speed, when positive, also runs the simulated clock with the wall clock: Speed simulated
	// seconds per real second (3600: an hour a second). Advance still jumps ahead.
	Speed float64
	// CrawlDelay is the Crawl-delay the php portal's robots.txt asks for (and its Site.Delay):
	// 0 means the default of 1s, a negative value leaves the line out.
	CrawlDelay time.Duration
}

// DefaultStart is the simulated clock's default start: 2024-06-01 09:00 in Vietnam.
var DefaultStart = time.Date(2024, 6, 1, 9, 0, 0, 0, bantin.Location)

// Portal is one served portal.
type Portal struct {
	Name, Family, URL string // URL is http://host:port/
}

// Truth is one live article as a perfect extractor would return it (see doc.go).
type Truth struct {
	URL       string           `json:"url"`
	Site      string           `json:"site"`
	Title     string           `json:"title"`
	Lead      string           `json:"lead"`
	Author    string           `json:"author"`
	Text      string           `json:"text"`
	Published bantin.Timestamp `json:"published"`
}

// Server is a running simulator: a hub and one listener per portal.
type Server struct {
	Hub     string // http://host:port of the hub
	Portals []Portal

	opts     Options
	portals  []*portal
	hostile  *hostile
	servers  []*http.Server
	requests atomic.Int64

	faultDraws, faultsInjected atomic.Int64 // for tests of Options.Faults

	mu       sync.Mutex
	now      time.Time
	wall     time.Time // when the server started, for Options.Speed
	attempts map[string]uint64
	closed   bool
}

// Families returns the names of the portal families, in serving order.
func Families() []string { return []string{"liferay", "sharepoint", "dnn", "php", "wordpress"} }

func familyByName(name string) family {
	switch name {
	case "liferay":
		return liferay{}
	case "sharepoint":
		return sharepoint{}
	case "dnn":
		return dnn{}
	case "php":
		return php{}
	case "wordpress":
		return wordpress{}
	}
	return nil
}

// newPortal builds the portal of a family (without a base URL).
func newPortal(fam string, tl *timeline) *portal {
	p := &portal{Family: fam, fam: familyByName(fam), tl: tl, charset: "utf-8", pageSize: 10}
	switch fam {
	case "liferay":
		p.Name = "so-vhttdl-liferay"
		p.dept = deptInfo{"Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Bình", "Sở VHTTDL", "Quảng Bình", "vhttdl"}
		p.cats = []category{{"tin-tuc-su-kien", "Tin tức - Sự kiện"}, {"van-hoa", "Văn hóa"}, {"the-thao", "Thể thao"}, {"du-lich", "Du lịch"}, {"gia-dinh", "Gia đình"}}
		p.feeds, p.sitemap = true, true
	case "sharepoint":
		p.Name = "so-tnmt-sharepoint"
		p.dept = deptInfo{"Sở Tài nguyên và Môi trường tỉnh Lâm Đồng", "Sở TN&MT", "Lâm Đồng", "tnmt"}
		p.cats = []category{{"TinTucSuKien", "Tin tức sự kiện"}, {"DatDai", "Đất đai"}, {"MoiTruong", "Môi trường"}, {"TaiNguyenNuoc", "Tài nguyên nước"}}
		p.pageSize = 15
	case "dnn":
		p.Name = "so-gddt-dnn"
		p.dept = deptInfo{"Sở Giáo dục và Đào tạo tỉnh Thái Nguyên", "Sở GD&ĐT", "Thái Nguyên", "gddt"}
		p.cats = []category{{"tin-giao-duc", "Tin giáo dục"}, {"thong-bao", "Thông báo"}, {"hoat-dong-chuyen-mon", "Hoạt động chuyên môn"}}
		p.feeds, p.sitemap = true, true
		p.pageSize = 12
	case "php":
		p.Name = "so-yte-php"
		p.dept = deptInfo{"Sở Y tế tỉnh Bình Định", "Sở Y tế", "Bình Định", "yte"}
		p.cats = []category{{"tin-hoat-dong", "Tin hoạt động"}, {"y-te-co-so", "Y tế cơ sở"}, {"phong-chong-dich", "Phòng chống dịch"}, {"van-ban-chi-dao", "Văn bản chỉ đạo"}}
		p.feeds = true
		p.charset = "windows-1258"
		p.delay = time.Second
	case "wordpress":
		p.Name = "ttvh-wordpress"
		p.dept = deptInfo{"Trung tâm Văn hóa - Điện ảnh tỉnh Hòa Bình", "Trung tâm", "Hòa Bình", "ttvh"}
		p.cats = []category{{"tin-tuc", "Tin tức"}, {"nghe-thuat", "Nghệ thuật"}, {"dien-anh", "Điện ảnh"}}
		p.feeds, p.sitemap = true, true
		p.nfd = true
	default:
		return nil
	}
	p.key = strHash(p.Name)
	return p
}

func (o *Options) defaults() error {
	if o.Articles <= 0 {
		o.Articles = 40
	}
	if o.Seed == 0 {
		o.Seed = 1
	}
	if o.Host == "" {
		o.Host = "127.0.0.1"
	}
	if o.Start.IsZero() {
		o.Start = DefaultStart
	}
	if len(o.Families) == 0 {
		o.Families = Families()
	}
	if o.Speed < 0 || o.Speed > 1e6 {
		return fmt.Errorf("testsite: speed %v not in 0..1e6: %w", o.Speed, bantin.ErrInvalid)
	}
	if o.Faults < 0 || o.Faults > 1 {
		return fmt.Errorf("testsite: faults %v not in 0..1: %w", o.Faults, bantin.ErrInvalid)
	}
	for _, f := range o.Families {
		if familyByName(f) == nil {
			return fmt.Errorf("testsite: unknown family %q (want one of %v): %w", f, Families(), bantin.ErrInvalid)
		}
	}
	return nil
}

// Start serves every portal on its own loopback port plus a hub, until ctx is cancelled or
// Close is called. It fails when a port cannot be bound or an option is invalid.
func Start(ctx context.Context, opts Options) (*Server, error) {
	if err := opts.defaults(); err != nil {
		return nil, err
	}
	s := &Server{opts: opts, now: opts.Start, wall: time.Now(), attempts: map[string]uint64{}}
	tl := &timeline{seed: opts.Seed, start: opts.Start, n0: opts.Articles}
	for _, f := range opts.Families {
		p := newPortal(f, tl)
		if f == "php" {
			switch {
			case opts.CrawlDelay < 0:
				p.delay = 0
			case opts.CrawlDelay > 0:
				p.delay = opts.CrawlDelay
			}
		}
		s.portals = append(s.portals, p)
	}
	hubLn, err := net.Listen("tcp", net.JoinHostPort(opts.Host, strconv.Itoa(opts.Port)))
	if err != nil {
		return nil, fmt.Errorf("testsite: listen hub on %s:%d: %w", opts.Host, opts.Port, err)
	}
	s.Hub = "http://" + hubLn.Addr().String()
	next := opts.Port
	listen := func() (net.Listener, error) {
		if next == 0 {
			return net.Listen("tcp", net.JoinHostPort(opts.Host, "0"))
		}
		for tries := 0; tries < 200; tries++ {
			next++
			if ln, err := net.Listen("tcp", net.JoinHostPort(opts.Host, strconv.Itoa(next))); err == nil {
				return ln, nil
			}
		}
		return nil, fmt.Errorf("no free port after %d", next)
	}
	lns := []net.Listener{hubLn}
	fail := func(err error) (*Server, error) {
		for _, ln := range lns {
			ln.Close()
		}
		return nil, err
	}
	for _, p := range s.portals {
		ln, err := listen()
		if err != nil {
			return fail(fmt.Errorf("testsite: listen portal %s: %w", p.Name, err))
		}
		lns = append(lns, ln)
		p.base = "http://" + ln.Addr().String()
		s.Portals = append(s.Portals, Portal{Name: p.Name, Family: p.Family, URL: p.base + "/"})
	}
	if opts.Hostile {
		ln, err := listen()
		if err != nil {
			return fail(fmt.Errorf("testsite: listen hostile portal: %w", err))
		}
		lns = append(lns, ln)
		s.hostile = &hostile{base: "http://" + ln.Addr().String(), seed: opts.Seed}
		go bomb() // compress the gzip bomb ahead of its first request
		s.Portals = append(s.Portals, Portal{Name: hostileName, Family: "hostile", URL: s.hostile.base + "/"})
	}
	handlers := []http.Handler{http.HandlerFunc(s.serveHub)}
	for _, p := range s.portals {
		handlers = append(handlers, s.portalHandler(p))
	}
	if s.hostile != nil {
		handlers = append(handlers, s.count(s.hostile))
	}
	for i, ln := range lns {
		srv := &http.Server{Handler: handlers[i], ReadHeaderTimeout: 10 * time.Second}
		s.servers = append(s.servers, srv)
		go srv.Serve(ln)
	}
	go func() {
		<-ctx.Done()
		s.Close()
	}()
	return s, nil
}

func (s *Server) count(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.requests.Add(1)
		h.ServeHTTP(w, r)
	})
}

// Close stops every listener and open connection. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	if s.closed {
		s.mu.Unlock()
		return nil
	}
	s.closed = true
	s.mu.Unlock()
	var errs []error
	for _, srv := range s.servers {
		if err := srv.Close(); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// Advance moves the simulated clock forward: new articles appear, some are edited or deleted.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if d > 0 {
		s.now = s.now.Add(d)
	}
}

// Now returns the simulated time.
func (s *Server) Now() time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.opts.Speed > 0 {
		return s.now.Add(time.Duration(float64(time.Since(s.wall)) * s.opts.Speed)).Truncate(time.Second)
	}
	return s.now
}

// Requests returns how many requests all portals and the hub have served so far.
func (s *Server) Requests() int64 { return s.requests.Load() }

// Truth returns every live article of every portal at the current simulated time.
func (s *Server) Truth() []Truth {
	var out []Truth
	s.EachTruth(func(t Truth) bool { out = append(out, t); return true })
	return out
}

// EachTruth calls fn for every live article of every portal, portal by portal and oldest
// first, without holding them all in memory; it stops when fn returns false.
func (s *Server) EachTruth(fn func(Truth) bool) {
	now := s.Now()
	stop := false
	for _, p := range s.portals {
		p.eachTruth(now, func(t Truth) bool { stop = !fn(t); return !stop })
		if stop {
			return
		}
	}
}

// eachTruth calls fn for every live article, oldest first, until fn returns false.
func (p *portal) eachTruth(now time.Time, fn func(Truth) bool) {
	total := p.count(now)
	for n := 0; n < total; n++ {
		if a := p.article(n, now); a != nil && !fn(p.truth(a)) {
			return
		}
	}
}

// Sites returns a ready crawl configuration for every portal (the hostile one included when
// served).
func (s *Server) Sites() []bantin.Site {
	var out []bantin.Site
	for _, p := range s.portals {
		site := bantin.Site{Name: p.Name, Seeds: []string{p.base + "/"}, Delay: p.delay, Parallelism: 2, Schedule: "@every 1h"}
		if p.sitemap {
			site.Sitemaps = []string{p.base + p.sitemapPath()}
		}
		if p.feeds {
			site.Feeds = []string{p.base + p.fam.feedPath()}
		}
		out = append(out, site)
	}
	if s.hostile != nil {
		out = append(out, bantin.Site{Name: hostileName, Seeds: []string{s.hostile.base + "/"}, Parallelism: 2, MaxPages: 500})
	}
	return out
}

// portalByName returns the served portal with this name, or nil.
func (s *Server) portalByName(name string) *portal {
	i := slices.IndexFunc(s.portals, func(p *portal) bool { return p.Name == name })
	if i < 0 {
		return nil
	}
	return s.portals[i]
}

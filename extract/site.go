package extract

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"slices"
	"sync"
)

// Default thresholds of a Site (SiteOptions fields left zero take these).
const (
	DefaultSiteMinPages  = 5
	DefaultSiteMinShare  = 0.1
	DefaultSiteMaxBlocks = 30000
	DefaultSiteMaxPages  = 20000
)

// SiteOptions tune a Site. Zero fields take the Default* values.
type SiteOptions struct {
	// MinPages is how many distinct pages of the site must show a block before it counts as
	// repeated.
	MinPages int
	// MinShare is the share of the distinct pages seen so far that must show it as well
	// (0.1: one page in ten), so that a paragraph quoted on a handful of pages of a large site
	// is not mistaken for the site's template.
	MinShare float64
	// MaxBlocks caps the block fingerprints remembered. When the map is full, the blocks seen
	// on the fewest pages (never those already judged repeated) are forgotten; when only
	// repeated blocks are left, new blocks are no longer learnt.
	MaxBlocks int
	// MaxPages caps the distinct pages remembered (each page is learnt once); past it the
	// Site stops learning and only judges.
	MaxPages int
}

// Site is what extraction has learnt about one web site: how many distinct pages showed each
// block of text (a hash of the block's normalised text and of its place in the markup). Text
// that repeats on many pages of a site is its template (widgets, notices, disclaimers, menus)
// whatever its wording, and Article drops it when Options.Site is set.
//
// A Site makes extraction depend on what was seen before: the same page gives a different
// text before and after the Site has learnt the site's template. The change only goes one way:
// a block once judged repeated stays so (it is never forgotten, and its verdict is never
// revised), so re-extracting a page later drops at most the blocks judged repeated since, and
// never brings one back. Each page (by URL, and by title) is learnt once, however often it is
// extracted. Memory is bounded by MaxBlocks and MaxPages (about 2 MB per site at the
// defaults).
//
// A Site is safe for concurrent use; a nil *Site learns nothing and judges nothing.
type Site struct {
	opts SiteOptions

	mu       sync.Mutex
	pages    int                   // distinct pages learnt
	pageKeys map[uint64]struct{}   // URL and title hashes of the pages learnt
	blocks   map[uint64]blockCount // block fingerprint -> pages showing it
	full     bool                  // only repeated blocks are left: learn no new ones
}

// blockCount is what a Site knows of one block.
type blockCount struct {
	pages    uint32 // distinct pages that showed it
	repeated bool   // judged part of the site's template, for good
}

// NewSite returns an empty Site; zero fields of opts take the Default* values.
func NewSite(opts SiteOptions) *Site {
	if opts.MinPages <= 0 {
		opts.MinPages = DefaultSiteMinPages
	}
	if opts.MinShare <= 0 {
		opts.MinShare = DefaultSiteMinShare
	}
	if opts.MaxBlocks <= 0 {
		opts.MaxBlocks = DefaultSiteMaxBlocks
	}
	if opts.MaxPages <= 0 {
		opts.MaxPages = DefaultSiteMaxPages
	}
	return &Site{
		opts:     opts,
		pageKeys: make(map[uint64]struct{}),
		blocks:   make(map[uint64]blockCount),
	}
}

// SiteStats describe what a Site holds.
type SiteStats struct {
	Pages    int // distinct pages learnt
	Blocks   int // block fingerprints remembered
	Repeated int // of which judged repeated
}

// Stats returns what s holds; the zero value for a nil Site.
func (s *Site) Stats() SiteStats {
	if s == nil {
		return SiteStats{}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	st := SiteStats{Pages: s.pages, Blocks: len(s.blocks)}
	for _, c := range s.blocks {
		if c.repeated {
			st.Repeated++
		}
	}
	return st
}

// observe learns one page, unless a page with one of the same keys (its URL, its title) was
// learnt before, and returns for each fingerprint whether the block is repeated. fps must
// not hold duplicates (a block counts once per page however often the page shows it).
func (s *Site) observe(keys []uint64, fps []uint64) []bool {
	rep := make([]bool, len(fps))
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.learnable(keys) {
		for _, k := range keys {
			s.pageKeys[k] = struct{}{}
		}
		s.pages++
		for _, fp := range fps {
			c, ok := s.blocks[fp]
			if !ok && !s.room() {
				continue
			}
			c.pages++
			s.blocks[fp] = c
		}
	}
	for i, fp := range fps {
		c, ok := s.blocks[fp]
		if !ok {
			continue
		}
		if !c.repeated && int(c.pages) >= s.opts.MinPages && float64(c.pages) >= s.opts.MinShare*float64(s.pages) {
			c.repeated = true
			s.blocks[fp] = c
		}
		rep[i] = c.repeated
	}
	return rep
}

// learnable reports a page not learnt before while there is room for it.
func (s *Site) learnable(keys []uint64) bool {
	if s.pages >= s.opts.MaxPages {
		return false
	}
	for _, k := range keys {
		if _, ok := s.pageKeys[k]; ok {
			return false
		}
	}
	return true
}

// room makes room for one more block if it can: when the map is full it forgets the blocks
// seen on the fewest pages (those seen once, then twice, ...) until a quarter of it is free,
// never a block judged repeated. It reports false when no room can be made.
func (s *Site) room() bool {
	if len(s.blocks) < s.opts.MaxBlocks {
		return true
	}
	if s.full {
		return false
	}
	hist := map[uint32]int{} // pages -> blocks not judged repeated
	for _, c := range s.blocks {
		if !c.repeated {
			hist[c.pages]++
		}
	}
	counts := make([]uint32, 0, len(hist))
	for k := range hist {
		counts = append(counts, k)
	}
	slices.Sort(counts)
	free, want := 0, len(s.blocks)-s.opts.MaxBlocks*3/4
	limit := uint32(0)
	for _, k := range counts {
		if free >= want {
			break
		}
		free += hist[k]
		limit = k
	}
	if free > 0 {
		for fp, c := range s.blocks {
			if !c.repeated && c.pages <= limit {
				delete(s.blocks, fp)
			}
		}
	}
	if len(s.blocks) >= s.opts.MaxBlocks {
		s.full = true
		return false
	}
	return true
}

// siteMagic opens the binary form of a Site; the last byte is the format version.
const siteMagic = "bantin-site\x01"

// maxSiteEntries bounds what ReadSite accepts, whatever a damaged file claims.
const maxSiteEntries = 1 << 22

// WriteTo writes what s has learnt (pages, page keys, block counts and verdicts, not the
// options) in a compact binary form, checksummed, that ReadSite reads back: a process can
// so go on from where the last one stopped instead of learning the site's template again
// (during which it would extract pages differently). It returns the bytes written and the
// writer's first error.
func (s *Site) WriteTo(w io.Writer) (int64, error) {
	s.mu.Lock()
	buf := make([]byte, 0, len(siteMagic)+12+8*len(s.pageKeys)+13*len(s.blocks)+4)
	buf = append(buf, siteMagic...)
	buf = binary.LittleEndian.AppendUint32(buf, uint32(s.pages))
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s.pageKeys)))
	for k := range s.pageKeys {
		buf = binary.LittleEndian.AppendUint64(buf, k)
	}
	buf = binary.LittleEndian.AppendUint32(buf, uint32(len(s.blocks)))
	for fp, c := range s.blocks {
		buf = binary.LittleEndian.AppendUint64(buf, fp)
		buf = binary.LittleEndian.AppendUint32(buf, c.pages)
		flag := byte(0)
		if c.repeated {
			flag = 1
		}
		buf = append(buf, flag)
	}
	s.mu.Unlock()
	buf = binary.LittleEndian.AppendUint32(buf, crc32.ChecksumIEEE(buf))
	n, err := w.Write(buf)
	return int64(n), err
}

// ReadSite reads a Site written by WriteTo, with opts as NewSite takes them. A block judged
// repeated stays so. It returns an error, and no Site, for data that is not a whole Site
// (truncated, damaged, another format).
func ReadSite(r io.Reader, opts SiteOptions) (*Site, error) {
	data, err := io.ReadAll(io.LimitReader(r, int64(len(siteMagic))+12+13*2*maxSiteEntries+4))
	if err != nil {
		return nil, fmt.Errorf("read site model: %w", err)
	}
	if len(data) < len(siteMagic)+16 || string(data[:len(siteMagic)]) != siteMagic {
		return nil, errors.New("read site model: not a site model (or another version)")
	}
	body, sum := data[:len(data)-4], binary.LittleEndian.Uint32(data[len(data)-4:])
	if crc32.ChecksumIEEE(body) != sum {
		return nil, errors.New("read site model: checksum mismatch (truncated or damaged)")
	}
	p := body[len(siteMagic):]
	u32 := func() (uint32, bool) {
		if len(p) < 4 {
			return 0, false
		}
		v := binary.LittleEndian.Uint32(p)
		p = p[4:]
		return v, true
	}
	bad := errors.New("read site model: inconsistent lengths")
	s := NewSite(opts)
	pages, _ := u32()
	nk, ok := u32()
	if !ok || nk > maxSiteEntries || uint64(len(p)) < 8*uint64(nk) {
		return nil, bad
	}
	s.pages = int(pages)
	for i := uint32(0); i < nk; i++ {
		s.pageKeys[binary.LittleEndian.Uint64(p)] = struct{}{}
		p = p[8:]
	}
	nb, ok := u32()
	if !ok || nb > maxSiteEntries || uint64(len(p)) != 13*uint64(nb) {
		return nil, bad
	}
	// Repeated blocks first: a file written under a larger cap keeps them all.
	for _, repeated := range []bool{true, false} {
		for q := p; len(q) >= 13; q = q[13:] {
			if (q[12] == 1) != repeated {
				continue
			}
			if !s.room() {
				break
			}
			s.blocks[binary.LittleEndian.Uint64(q)] = blockCount{pages: binary.LittleEndian.Uint32(q[8:]), repeated: repeated}
		}
	}
	return s, nil
}

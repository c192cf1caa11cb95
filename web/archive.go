package web

import (
	"bytes"
	"context"
	"io"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/archive"
)

// ArchiveOf returns the Archive that web needs over the archive package's catalog and WARC
// files.
func ArchiveOf(a *archive.Archive) Archive { return archiveAdapter{a} }

type archiveAdapter struct{ a *archive.Archive }

func (aa archiveAdapter) Entry(ctx context.Context, id string) (bantin.Entry, error) {
	return aa.a.Entry(ctx, id)
}

func (aa archiveAdapter) Versions(ctx context.Context, id string) ([]bantin.Version, error) {
	return aa.a.Versions(ctx, id)
}

func (aa archiveAdapter) CapturesOf(ctx context.Context, u string) ([]bantin.Capture, error) {
	return aa.a.CapturesOf(ctx, u)
}

func (aa archiveAdapter) Capture(ctx context.Context, id int64) (bantin.Capture, error) {
	return aa.a.CaptureByID(ctx, id)
}

func (aa archiveAdapter) OpenRecord(ctx context.Context, c bantin.Capture) (*Record, error) {
	rec, err := aa.a.OpenRecord(ctx, c)
	if err != nil {
		return nil, err
	}
	return &Record{Status: rec.Status, Header: rec.Header, Body: io.NopCloser(bytes.NewReader(rec.Payload))}, nil
}

func (aa archiveAdapter) Sites(ctx context.Context) ([]SiteStats, error) {
	ss, err := aa.a.Sites(ctx)
	if err != nil {
		return nil, err
	}
	out := make([]SiteStats, len(ss))
	for i, s := range ss {
		out[i] = SiteStats{Name: s.Name, Articles: int(s.Articles), Captures: int(s.Captures), LastRun: s.LastRun}
	}
	return out, nil
}

func (aa archiveAdapter) Runs(ctx context.Context, site string, limit int) ([]bantin.Run, error) {
	return aa.a.Runs(ctx, site, limit)
}

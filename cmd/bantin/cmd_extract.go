package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/extract"
	"github.com/spf13/cobra"
)

// extractOptions are the flags of `bantin extract`.
type extractOptions struct {
	URL         string
	Out         string
	ContentType string
}

func (o *extractOptions) AddFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.URL, "url", "", "URL the page was fetched from (resolves links; default none)")
	f.StringVar(&o.Out, "out", "", "write DIR/<input base name>.json per input instead of JSON lines on stdout")
	f.StringVar(&o.ContentType, "content-type", "", "Content-Type header the page was served with, for its charset")
}

func newExtractCommand(g *globalOptions) *cobra.Command {
	opts := &extractOptions{}
	cmd := &cobra.Command{
		Use:   "extract [--url URL] [--out DIR] FILE...",
		Short: "Extract the article of saved HTML pages as JSON ('-' reads stdin; .gz accepted)",
		Long: `Extract the article of each saved page (HTML, or gzipped HTML) and print one JSON object
per input with the keys url, title, published, modified, author, lead, text, images,
attachments, tags, lang. With --out DIR, write DIR/<input base name without extension>.json.`,
		RunE: func(cmd *cobra.Command, args []string) error {
			return runExtract(cmd.Context(), cmd, opts, args)
		},
	}
	opts.AddFlags(cmd)
	return cmd
}

func runExtract(ctx context.Context, cmd *cobra.Command, opts *extractOptions, args []string) error {
	if len(args) == 0 {
		return fmt.Errorf("extract: no input files (use - for stdin): %w", errUsage)
	}
	var pageURL *url.URL
	if opts.URL != "" {
		u, err := url.Parse(opts.URL)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https" && u.Scheme != "file") {
			return fmt.Errorf("extract: --url %q: want an absolute http(s) URL: %w", opts.URL, bantin.ErrInvalid)
		}
		pageURL = u
	}
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return fmt.Errorf("extract: --out %s: %w", opts.Out, err)
		}
	}
	out := bufio.NewWriter(cmd.OutOrStdout())
	defer out.Flush()
	var errs []error
	for _, name := range args {
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := extractOne(cmd, opts, pageURL, name, out); err != nil {
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

func extractOne(cmd *cobra.Command, opts *extractOptions, pageURL *url.URL, name string, out *bufio.Writer) error {
	page, err := readInput(cmd.InOrStdin(), name)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("extract %s: %w: %w", name, bantin.ErrNotFound, err)
		}
		return fmt.Errorf("extract %s: %w", name, err)
	}
	a, err := extract.Article(page, pageURL, extract.Options{ContentType: opts.ContentType})
	if err != nil {
		return fmt.Errorf("extract %s: %w: %w", name, bantin.ErrInvalid, err)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if opts.Out != "" {
		enc.SetIndent("", "  ")
	}
	if err := enc.Encode(a); err != nil {
		return fmt.Errorf("extract %s: encode: %w", name, err)
	}
	if opts.Out == "" {
		_, err = out.Write(buf.Bytes())
		return err
	}
	dst := filepath.Join(opts.Out, outputBase(name)+".json")
	if err := os.WriteFile(dst, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("extract %s: write %s: %w", name, dst, err)
	}
	return nil
}

// readInput reads a file ("-" for stdin), gunzipping it when it is gzipped.
func readInput(stdin io.Reader, name string) ([]byte, error) {
	var b []byte
	var err error
	if name == "-" {
		b, err = io.ReadAll(stdin)
	} else {
		b, err = os.ReadFile(name)
	}
	if err != nil {
		return nil, err
	}
	if len(b) >= 2 && b[0] == 0x1f && b[1] == 0x8b {
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
		defer zr.Close()
		if b, err = io.ReadAll(io.LimitReader(zr, 256<<20)); err != nil {
			return nil, fmt.Errorf("gunzip: %w", err)
		}
	}
	return b, nil
}

// outputBase is the input's base name without extensions (.html.gz, .htm, .gz).
func outputBase(name string) string {
	if name == "-" {
		return "stdin"
	}
	base := filepath.Base(name)
	base = strings.TrimSuffix(base, ".gz")
	if ext := filepath.Ext(base); ext != "" && ext != base {
		base = strings.TrimSuffix(base, ext)
	}
	if base == "" || base == "." {
		return "page"
	}
	return base
}

package archive

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/bantin/bantin"
	"golang.org/x/text/unicode/norm"
)

// ContentHash returns the hex SHA-256 of an article's NFC-normalised title, published time,
// author, lead and text: what decides whether a re-fetched article is a new version.
func ContentHash(a *bantin.Article) string {
	h := sha256.New()
	for _, s := range []string{a.Title, a.Published.String(), a.Author, a.Lead, a.Text} {
		h.Write([]byte(norm.NFC.String(s)))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// SaveArticle files an article extracted from capture c: a new article (New), a new version
// when its content hash changed (Changed), or only a last-seen update (Unchanged). The id is
// bantin.ArticleID of a.Canonical, or of c.URL when the page names no canonical URL. An article
// that was gone and answers again is no longer gone. It returns the entry as now filed.
func (a *Archive) SaveArticle(ctx context.Context, site string, c bantin.Capture, art *bantin.Article) (bantin.Entry, bantin.Outcome, error) {
	if err := a.writable("save article " + c.URL); err != nil {
		return bantin.Entry{}, 0, err
	}
	if art == nil {
		return bantin.Entry{}, 0, fmt.Errorf("archive: save article %s: no article: %w", c.URL, bantin.ErrInvalid)
	}
	canonical := art.Canonical
	if canonical == "" {
		canonical = c.URL
	}
	if canonical == "" {
		return bantin.Entry{}, 0, fmt.Errorf("archive: save article: no URL: %w", bantin.ErrInvalid)
	}
	seen := c.FetchedAt
	if seen.IsZero() {
		seen = a.now()
	}
	id := bantin.ArticleID(canonical)
	hash := ContentHash(art)
	js, err := json.Marshal(art)
	if err != nil {
		return bantin.Entry{}, 0, fmt.Errorf("archive: save article %s: %w", canonical, err)
	}
	e := bantin.Entry{ID: id, Site: site, Article: *art}
	var outcome bantin.Outcome
	err = a.write(ctx, func(ctx context.Context, tx *sql.Tx) error {
		var (
			storedSite  string
			first, last int64
			cur         int
			curHash     string
		)
		current, err := a.txStmt(ctx, tx, sqlCurrentVersion)
		if err != nil {
			return err
		}
		err = current.QueryRowContext(ctx, id).Scan(&storedSite, &first, &last, &cur, &curHash)
		switch {
		case errors.Is(err, sql.ErrNoRows):
			outcome, cur = bantin.New, 1
			first, last = nanos(seen), nanos(seen)
			if _, err := a.txExec(ctx, tx, sqlInsertArticle, id, canonical, site, first, last, publishedAt(art)); err != nil {
				return err
			}
		case err != nil:
			return err
		default:
			if site == "" {
				site = storedSite
			}
			last = max(last, nanos(seen))
			if curHash == hash {
				outcome = bantin.Unchanged
				_, err = a.txExec(ctx, tx, sqlArticleSeen, last, site, id)
				if err != nil {
					return err
				}
				// The stored version is what the entry shows.
				var stored string
				st, err := a.txStmt(ctx, tx, sqlStoredVersion)
				if err != nil {
					return err
				}
				if err := st.QueryRowContext(ctx, id, cur).Scan(&stored); err != nil {
					return err
				}
				e.Article = bantin.Article{}
				if err := json.Unmarshal([]byte(stored), &e.Article); err != nil {
					return err
				}
				e.Article.Kind = art.Kind
				break
			}
			outcome = bantin.Changed
			cur++
			if _, err := a.txExec(ctx, tx, sqlArticleChanged, last, site, cur, publishedAt(art), id); err != nil {
				return err
			}
		}
		if outcome != bantin.Unchanged {
			images, _ := json.Marshal(art.Images)
			attachments, _ := json.Marshal(art.Attachments)
			if _, err := a.txExec(ctx, tx, sqlInsertVersion,
				id, cur, c.ID, nanos(seen), hash, art.Title, art.Published.String(), art.Author, art.Lead, art.Text,
				string(images), string(attachments), string(js)); err != nil {
				return err
			}
		}
		e.Site, e.FirstSeen, e.LastSeen, e.Versions = site, fromNanos(first), fromNanos(last), cur
		return nil
	})
	if err != nil {
		return bantin.Entry{}, 0, fmt.Errorf("archive: save article %s: %w", canonical, err)
	}
	return e, outcome, nil
}

// publishedAt is the date-filter column: the published time, or NULL when unknown.
func publishedAt(a *bantin.Article) sql.NullInt64 {
	if a.Published.IsZero() {
		return sql.NullInt64{}
	}
	return sql.NullInt64{Int64: a.Published.UnixNano(), Valid: true}
}

// inTx runs fn in a write transaction, committing when it returns nil.
func (a *Archive) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	tx, err := a.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// MarkGone records that the article at canonicalURL now answers 404/410 (the first such time
// is kept); its versions stay. It returns an error wrapping bantin.ErrNotFound for an unknown
// article.
func (a *Archive) MarkGone(ctx context.Context, canonicalURL string, at time.Time) error {
	if err := a.writable("mark gone " + canonicalURL); err != nil {
		return err
	}
	if at.IsZero() {
		at = a.now()
	}
	res, err := a.w.ExecContext(ctx, `UPDATE articles SET gone_at = COALESCE(gone_at, ?) WHERE canonical_url = ?`, nanos(at), canonicalURL)
	if err != nil {
		return fmt.Errorf("archive: mark gone %s: %w", canonicalURL, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("archive: mark gone %s: %w", canonicalURL, bantin.ErrNotFound)
	}
	return nil
}

// EntryFilter selects entries for Entries. Empty fields select everything.
type EntryFilter struct {
	Sites []string // any of these sites
	// From and To bound the published time (inclusive); an article without a published time
	// is placed at its first_seen time.
	From, To time.Time
	IDs      []string // only these article ids
}

const entryPage = 500

// Entries calls fn for every article matching f, in id order, with its current version; gone
// articles are included (GoneAt set). It reads in pages, so memory stays constant however many
// articles there are, and no read transaction stays open while fn runs. An error from fn stops
// the walk and is returned as is.
func (a *Archive) Entries(ctx context.Context, f EntryFilter, fn func(bantin.Entry) error) error {
	if len(f.IDs) > 0 {
		ids := slices.Clone(f.IDs)
		slices.Sort(ids)
		ids = slices.Compact(ids)
		for i := 0; i < len(ids); i += entryPage {
			chunk := ids[i:min(i+entryPage, len(ids))]
			if err := a.entryPages(ctx, f, chunk, fn); err != nil {
				return err
			}
		}
		return nil
	}
	return a.entryPages(ctx, f, nil, fn)
}

func (a *Archive) entryPages(ctx context.Context, f EntryFilter, ids []string, fn func(bantin.Entry) error) error {
	where, args := []string{"a.id > ?"}, []any{""}
	if len(f.Sites) > 0 {
		where = append(where, "a.site IN ("+placeholders(len(f.Sites))+")")
		for _, s := range f.Sites {
			args = append(args, s)
		}
	}
	if !f.From.IsZero() {
		where = append(where, "COALESCE(a.published_at, a.first_seen) >= ?")
		args = append(args, f.From.UnixNano())
	}
	if !f.To.IsZero() {
		where = append(where, "COALESCE(a.published_at, a.first_seen) <= ?")
		args = append(args, f.To.UnixNano())
	}
	if len(ids) > 0 {
		where = append(where, "a.id IN ("+placeholders(len(ids))+")")
		for _, id := range ids {
			args = append(args, id)
		}
	}
	q := entrySelect + " WHERE " + strings.Join(where, " AND ") + " ORDER BY a.id LIMIT " + fmt.Sprint(entryPage)
	for {
		page, err := a.queryEntries(ctx, q, args...)
		if err != nil {
			return err
		}
		for _, e := range page {
			if err := fn(e); err != nil {
				return err
			}
		}
		if len(page) < entryPage {
			return nil
		}
		args[0] = page[len(page)-1].ID
	}
}

const entrySelect = `SELECT a.id, a.site, a.first_seen, a.last_seen, a.gone_at, a.current_version, v.article_json
	FROM articles a JOIN versions v ON v.article_id = a.id AND v.n = a.current_version`

func (a *Archive) queryEntries(ctx context.Context, q string, args ...any) ([]bantin.Entry, error) {
	rows, err := a.r.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, fmt.Errorf("archive: entries: %w", err)
	}
	defer rows.Close()
	var out []bantin.Entry
	for rows.Next() {
		var (
			e           bantin.Entry
			first, last int64
			gone        sql.NullInt64
			js          string
		)
		if err := rows.Scan(&e.ID, &e.Site, &first, &last, &gone, &e.Versions, &js); err != nil {
			return nil, fmt.Errorf("archive: entries: %w", err)
		}
		e.FirstSeen, e.LastSeen = fromNanos(first), fromNanos(last)
		if gone.Valid {
			t := fromNanos(gone.Int64)
			e.GoneAt = &t
		}
		if err := json.Unmarshal([]byte(js), &e.Article); err != nil {
			return nil, fmt.Errorf("archive: entry %s: stored article: %w", e.ID, err)
		}
		out = append(out, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: entries: %w", err)
	}
	return out, nil
}

func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?,", n), ",")
}

// Entry returns the article with the given id and its current version, or an error wrapping
// bantin.ErrNotFound.
func (a *Archive) Entry(ctx context.Context, id string) (bantin.Entry, error) {
	es, err := a.queryEntries(ctx, entrySelect+" WHERE a.id = ?", id)
	if err != nil {
		return bantin.Entry{}, err
	}
	if len(es) == 0 {
		return bantin.Entry{}, fmt.Errorf("archive: article %s: %w", id, bantin.ErrNotFound)
	}
	return es[0], nil
}

// Versions returns every version of an article, oldest first, or an error wrapping
// bantin.ErrNotFound for an unknown id.
func (a *Archive) Versions(ctx context.Context, id string) ([]bantin.Version, error) {
	rows, err := a.r.QueryContext(ctx, `SELECT n, capture_id, captured_at, content_hash, article_json
		FROM versions WHERE article_id = ? ORDER BY n`, id)
	if err != nil {
		return nil, fmt.Errorf("archive: versions of %s: %w", id, err)
	}
	defer rows.Close()
	var out []bantin.Version
	for rows.Next() {
		v := bantin.Version{ArticleID: id}
		var at int64
		var js string
		if err := rows.Scan(&v.N, &v.CaptureID, &at, &v.ContentHash, &js); err != nil {
			return nil, fmt.Errorf("archive: versions of %s: %w", id, err)
		}
		v.CapturedAt = fromNanos(at)
		if err := json.Unmarshal([]byte(js), &v.Article); err != nil {
			return nil, fmt.Errorf("archive: version %d of %s: %w", v.N, id, err)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("archive: versions of %s: %w", id, err)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("archive: article %s: %w", id, bantin.ErrNotFound)
	}
	return out, nil
}

package archive

import (
	"context"
	"database/sql"
	"fmt"
	"sync"
)

// stmtCache keeps the prepared statements of the catalog's frequent queries: preparing (parsing
// and planning the SQL) again for every write was about a twentieth of a crawl's CPU.
//
// The writer pool has one connection, which a transaction holds until it ends: preparing on
// the pool from inside a transaction would wait for itself. So the writer's statements
// (writerStmts) are prepared when the archive opens, and a statement a transaction asks for
// that is not among them is prepared on the transaction, for it alone.
type stmtCache struct {
	mu sync.Mutex
	m  map[stmtKey]*sql.Stmt
}

type stmtKey struct {
	db    *sql.DB
	query string
}

// Statements of the writer, prepared when the archive opens.
const (
	sqlSyncFull       = "PRAGMA synchronous = FULL"
	sqlSyncNormal     = "PRAGMA synchronous = NORMAL"
	sqlSavepoint      = "SAVEPOINT op"
	sqlRollbackTo     = "ROLLBACK TO op"
	sqlRelease        = "RELEASE op"
	sqlInsertCapture  = `INSERT INTO captures (url, site, fetched_at, status, content_type, payload_digest, warc_file, offset, length, record_type, record_id, refers_to, run_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlAddURL         = `INSERT INTO frontier (` + frontierCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (url) DO NOTHING`
	sqlReplaceURL     = `INSERT OR REPLACE INTO frontier (` + frontierCols + `) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
	sqlCurrentVersion = `SELECT a.site, a.first_seen, a.last_seen, a.current_version, v.content_hash FROM articles a JOIN versions v ON v.article_id = a.id AND v.n = a.current_version WHERE a.id = ?`
	sqlInsertArticle  = `INSERT INTO articles (id, canonical_url, site, first_seen, last_seen, gone_at, current_version, published_at) VALUES (?, ?, ?, ?, ?, NULL, 1, ?)`
	sqlArticleSeen    = `UPDATE articles SET last_seen = ?, gone_at = NULL, site = ? WHERE id = ?`
	sqlStoredVersion  = `SELECT article_json FROM versions WHERE article_id = ? AND n = ?`
	sqlArticleChanged = `UPDATE articles SET last_seen = ?, gone_at = NULL, site = ?, current_version = ?, published_at = ? WHERE id = ?`
	sqlInsertVersion  = `INSERT INTO versions (article_id, n, capture_id, captured_at, content_hash, title, published, author, lead, text, images, attachments, article_json) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`
)

var writerStmts = []string{sqlSyncFull, sqlSyncNormal, sqlSavepoint, sqlRollbackTo, sqlRelease, sqlInsertCapture,
	sqlAddURL, sqlReplaceURL, sqlCurrentVersion, sqlInsertArticle, sqlArticleSeen, sqlStoredVersion, sqlArticleChanged, sqlInsertVersion}

// prepareWriter prepares writerStmts; no transaction may be open.
func (a *Archive) prepareWriter(ctx context.Context) error {
	for _, q := range writerStmts {
		if _, err := a.stmt(ctx, a.w, q); err != nil {
			return err
		}
	}
	return nil
}

func (a *Archive) cached(k stmtKey) *sql.Stmt {
	a.stmts.mu.Lock()
	defer a.stmts.mu.Unlock()
	return a.stmts.m[k]
}

// stmt returns the statement of query prepared on db, preparing it on first use (outside any
// transaction of db: see stmtCache).
func (a *Archive) stmt(ctx context.Context, db *sql.DB, query string) (*sql.Stmt, error) {
	k := stmtKey{db, query}
	if s := a.cached(k); s != nil {
		return s, nil
	}
	s, err := db.PrepareContext(ctx, query) // no lock held: this may wait for a connection
	if err != nil {
		return nil, fmt.Errorf("catalog: prepare: %w", err)
	}
	c := &a.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	if old, ok := c.m[k]; ok {
		_ = s.Close()
		return old, nil
	}
	if c.m == nil {
		c.m = map[stmtKey]*sql.Stmt{}
	}
	c.m[k] = s
	return s, nil
}

// txStmt returns the statement of query for tx, a transaction of the writer: the prepared one
// of writerStmts, or one prepared on tx alone.
func (a *Archive) txStmt(ctx context.Context, tx *sql.Tx, query string) (*sql.Stmt, error) {
	if s := a.cached(stmtKey{a.w, query}); s != nil {
		return tx.StmtContext(ctx, s), nil
	}
	s, err := tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("catalog: prepare: %w", err)
	}
	return s, nil
}

// txExec executes query with args in tx (see txStmt).
func (a *Archive) txExec(ctx context.Context, tx *sql.Tx, query string, args ...any) (sql.Result, error) {
	s, err := a.txStmt(ctx, tx, query)
	if err != nil {
		return nil, err
	}
	return s.ExecContext(ctx, args...)
}

// closeStmts closes the cached statements (before the databases close).
func (a *Archive) closeStmts() {
	c := &a.stmts
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, s := range c.m {
		_ = s.Close()
	}
	c.m = nil
}

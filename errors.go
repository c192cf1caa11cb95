package bantin

import "errors"

// Error codes. Packages wrap them (fmt.Errorf("...: %w", ErrInvalid)); cmd/bantin maps them to
// exit codes and web to HTTP statuses with errors.Is.
var (
	ErrInvalid      = errors.New("invalid input")          // bad flag, query, config: exit 2, HTTP 400
	ErrNotFound     = errors.New("not found")              // exit 3, HTTP 404
	ErrLocked       = errors.New("data directory in use")  // another writer: exit 4, HTTP 409
	ErrUnavailable  = errors.New("not available")          // exit 5, HTTP 503
	ErrIndexStale   = errors.New("index needs reindexing") // mapping version mismatch: exit 6
	ErrUnauthorized = errors.New("unauthorized")           // HTTP 401
)

package archive

import "github.com/bantin/bantin/archive/warc"

// Record is a WARC record as OpenRecord and WalkResponses return it (see package warc).
type Record = warc.Record

// ErrCorrupt is wrapped by errors about bytes that are not a well-formed WARC record.
var ErrCorrupt = warc.ErrCorrupt

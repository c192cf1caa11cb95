package search

import "strconv"

// rankDepth is the deepest page end sorted by relevance whose next-page cursor is a rank (a
// position), for every query: the next page is then a short page at an offset, which the index
// prunes where it can (only the documents that can make the page are scored), where a
// search-after cursor would not be; deeper pages page with search-after.
const rankDepth = 200

// rankPrefix marks a cursor that is a position among the hits by relevance rather than the sort
// values of the last hit.
const rankPrefix = "~rank"

func encodeRank(offset int) string { return encodeVals([]string{rankPrefix, strconv.Itoa(offset)}) }

// rankOffset returns the position a cursor made by encodeRank holds.
func rankOffset(c string) (int, bool) {
	vals, err := decodeCursor(c, 2)
	if err != nil || vals[0] != rankPrefix {
		return 0, false
	}
	n, err := strconv.Atoi(vals[1])
	if err != nil || n < 0 || n > MaxOffset {
		return 0, false
	}
	return n, true
}

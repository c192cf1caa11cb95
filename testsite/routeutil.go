package testsite

import (
	"strconv"
	"strings"
)

// catIndex returns the index of the category with this slug, or -1.
func catIndex(p *portal, slug string) int {
	for i, c := range p.cats {
		if strings.EqualFold(c.Slug, slug) {
			return i
		}
	}
	return -1
}

// trailingNumber reads the number after the last '-' of s ("ten-bai-12" → 12).
func trailingNumber(s string) (int, bool) {
	i := strings.LastIndexByte(s, '-')
	n, err := strconv.Atoi(s[i+1:])
	return n, err == nil && n >= 0
}

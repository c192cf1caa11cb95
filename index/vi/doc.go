// Package vi is the Vietnamese text analysis of bantin's index, registered in Bleve's registry
// under AnalyzerName: each word's exact form and, at the same position, its folded form
// (diacritics removed), in one field.
//
// It owns tokenisation and normalisation of Vietnamese text: word segmentation (Tokenizer, the
// UAX #29 rules for alphabetic text, checked against Bleve's unicode tokenizer, then words
// joined by full stops split: SplitDottedFilter), lower
// case, NFC, canonical tone-mark placement and spelling (see Canonical for the rules), and folding
// (all marks removed, đ→d), and the built-in government abbreviations, whose full forms the index
// analyzers mark with the short form (AbbrevFilter). It does not own the index mapping (package
// index) nor the query language or query rewriting (package search).
//
// Every binary that opens a bantin index must link this package (a blank import is enough):
// Bleve looks analyzers up by name when it opens an index.
//
// Normalisation happens in token filters, never in char filters, so token offsets always point
// into the original text and highlighting stays right.
package vi

package archive

import (
	"bytes"
	"fmt"
	"os"
	"sort"
)

// sortCDXJ sorts the lines of a CDXJ file in place (by SURT key, then timestamp), as replay
// tools expect for binary search. The rewrite goes through a temporary file and a rename.
func sortCDXJ(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return fmt.Errorf("archive: sort cdxj %s: %w", path, err)
	}
	lines := bytes.SplitAfter(data, []byte("\n"))
	kept := lines[:0]
	for _, l := range lines {
		if len(l) > 0 && l[len(l)-1] == '\n' { // drop a torn last line
			kept = append(kept, l)
		}
	}
	sort.SliceStable(kept, func(i, j int) bool { return bytes.Compare(kept[i], kept[j]) < 0 })
	return writeFileAtomic(path, bytes.Join(kept, nil))
}

// writeFileAtomic replaces path with data through a synced temporary file and a rename.
func writeFileAtomic(path string, data []byte) error {
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("archive: write %s: %w", path, err)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("archive: write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		f.Close()
		os.Remove(tmp)
		return fmt.Errorf("archive: sync %s: %w", path, err)
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("archive: close %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("archive: rename %s: %w", path, err)
	}
	return nil
}

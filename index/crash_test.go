package index

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/blevesearch/bleve/v2"
	"github.com/blevesearch/bleve/v2/search/query"
)

// TestCrashKeepsAcknowledged runs an indexer in a child process, kills it with SIGKILL after
// some flushes were acknowledged, and checks that every acknowledged entry is in the index.
func TestCrashKeepsAcknowledged(t *testing.T) {
	if dir := os.Getenv("BANTIN_CRASH_INDEXER"); dir != "" {
		crashIndexer(dir)
		return
	}
	for round := 0; round < 3; round++ {
		t.Run(fmt.Sprintf("kill %d", round), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "index")
			cmd := exec.Command(os.Args[0], "-test.run=^TestCrashKeepsAcknowledged$")
			cmd.Env = append(os.Environ(), "BANTIN_CRASH_INDEXER="+dir)
			out, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			acked := 0
			sc := bufio.NewScanner(out)
			for sc.Scan() {
				if n, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
					acked, _ = strconv.Atoi(n)
					if acked >= 40*(round+1) {
						break
					}
				}
			}
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
			if acked == 0 {
				t.Fatal("the child acknowledged nothing")
			}
			ix := openT(t, dir, Options{ReadOnly: true})
			defer ix.Close()
			for i := 0; i < acked; i++ {
				id := entry(i).ID
				req := bleve.NewSearchRequest(query.NewDocIDQuery([]string{id}))
				res, err := ix.Search(context.Background(), req)
				if err != nil {
					t.Fatal(err)
				}
				if res.Total != 1 {
					t.Fatalf("entry %d of %d acknowledged is missing after SIGKILL", i, acked)
				}
			}
		})
	}
}

// crashIndexer indexes entries forever, printing "acked N" after each durable flush.
func crashIndexer(dir string) {
	ix, err := Open(dir, Options{BatchSize: 1000})
	if err != nil {
		fmt.Println("error", err)
		os.Exit(1)
	}
	ctx := context.Background()
	for i := 0; ; i++ {
		if err := ix.Index(ctx, entry(i)); err != nil {
			fmt.Println("error", err)
			os.Exit(1)
		}
		if i%10 == 9 {
			if err := ix.Flush(ctx); err != nil {
				fmt.Println("error", err)
				os.Exit(1)
			}
			fmt.Printf("acked %d\n", i+1)
		}
	}
}

package main

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bantin/bantin"
)

const extractTestPage = `<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Hội nghị tổng kết công tác năm 2023 - Sở Văn hóa</title></head><body>
<div class="menu"><a href="/">Trang chủ</a> <a href="/tin">Tin tức</a></div>
<div class="main"><h1>Hội nghị tổng kết công tác năm 2023</h1>
<div class="date">Thứ Sáu, 15/09/2023 08:30</div>
<p>Sáng 15/9, Sở Văn hóa tổ chức hội nghị tổng kết công tác năm 2023 và triển khai nhiệm vụ năm 2024, với sự tham dự của lãnh đạo các phòng, ban, đơn vị trực thuộc.</p>
<p>Phát biểu tại hội nghị, Giám đốc Sở đánh giá cao những kết quả đạt được trong năm qua, đồng thời chỉ ra một số tồn tại, hạn chế cần khắc phục trong thời gian tới.</p>
<p><img src="/img/a.jpg" alt="Quang cảnh hội nghị"></p>
</div></body></html>`

func runCLI(t *testing.T, stdin string, args ...string) (string, error) {
	t.Helper()
	root := newRootCommand()
	var out bytes.Buffer
	root.SetOut(&out)
	root.SetErr(&out)
	root.SetIn(strings.NewReader(stdin))
	root.SetArgs(args)
	err := root.Execute()
	return out.String(), err
}

func TestExtractCommand(t *testing.T) {
	dir := t.TempDir()
	plain := filepath.Join(dir, "tin-1.html")
	if err := os.WriteFile(plain, []byte(extractTestPage), 0o644); err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(extractTestPage))
	zw.Close()
	zipped := filepath.Join(dir, "tin-2.html.gz")
	if err := os.WriteFile(zipped, gz.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name  string
		stdin string
		args  []string
		lines int
	}{
		{"file", "", []string{"extract", "--url", "https://so.example.vn/tin-1.html", plain}, 1},
		{"gzip and stdin", extractTestPage, []string{"extract", "--url", "https://so.example.vn/tin-1.html", zipped, "-"}, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			out, err := runCLI(t, tc.stdin, tc.args...)
			if err != nil {
				t.Fatalf("extract: %v\n%s", err, out)
			}
			lines := strings.Split(strings.TrimSpace(out), "\n")
			if len(lines) != tc.lines {
				t.Fatalf("got %d JSON lines, want %d:\n%s", len(lines), tc.lines, out)
			}
			for _, l := range lines {
				checkExtractJSON(t, []byte(l))
			}
		})
	}

	t.Run("out dir", func(t *testing.T) {
		outDir := filepath.Join(dir, "json")
		if _, err := runCLI(t, "", "extract", "--url", "https://so.example.vn/x", "--out", outDir, plain, zipped); err != nil {
			t.Fatal(err)
		}
		for _, base := range []string{"tin-1.json", "tin-2.json"} {
			b, err := os.ReadFile(filepath.Join(outDir, base))
			if err != nil {
				t.Fatal(err)
			}
			checkExtractJSON(t, b)
		}
	})

	t.Run("missing file", func(t *testing.T) {
		_, err := runCLI(t, "", "extract", filepath.Join(dir, "nope.html"))
		if !errors.Is(err, bantin.ErrNotFound) || !strings.Contains(err.Error(), "nope.html") {
			t.Fatalf("err = %v, want not found naming the file", err)
		}
	})
	t.Run("no args", func(t *testing.T) {
		if _, err := runCLI(t, "", "extract"); exitCode(err) != 2 {
			t.Fatalf("err = %v, want a usage error", err)
		}
	})
}

func checkExtractJSON(t *testing.T, b []byte) {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("bad JSON %q: %v", b, err)
	}
	for _, k := range []string{"url", "title", "published", "modified", "author", "lead", "text", "images", "attachments", "tags", "lang"} {
		if _, ok := m[k]; !ok {
			t.Errorf("key %q missing in %s", k, b)
		}
	}
	if m["title"] != "Hội nghị tổng kết công tác năm 2023" {
		t.Errorf("title = %q", m["title"])
	}
	if m["published"] != "2023-09-15T08:30:00+07:00" {
		t.Errorf("published = %v", m["published"])
	}
	if text, _ := m["text"].(string); !strings.HasPrefix(text, "Sáng 15/9") || strings.Contains(text, "Trang chủ") {
		t.Errorf("text = %q", text)
	}
	imgs, _ := m["images"].([]any)
	if len(imgs) != 1 || imgs[0].(map[string]any)["src"] != "https://so.example.vn/img/a.jpg" {
		t.Errorf("images = %v", m["images"])
	}
}

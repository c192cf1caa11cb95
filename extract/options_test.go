package extract

import (
	"encoding/json"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"testing"

	"github.com/bantin/bantin"
)

// TestSelectors checks that per-site selectors override the generic path.
func TestSelectors(t *testing.T) {
	const page = `<html><head><title>Trang chủ - Sở X</title></head><body>
<div class="khung"><span class="tieu-de-bai">Tiêu đề thật của bài viết</span>
<span class="ngay">Đăng lúc 10:20, 05/06/2024</span><span class="nguoi-viet">Lê Văn A</span>
<div class="than-bai"><p>Đoạn thứ nhất của bài viết, đủ dài để được coi là nội dung chính của trang này.</p>
<div class="quang-cao">Quảng cáo: mua ngay hôm nay</div>
<p>Đoạn thứ hai của bài viết.</p></div></div>
<div class="cot-phai"><p>Một khối rất dài ở cột phải, với rất nhiều chữ, dấu phẩy, câu văn, để thuật toán chung dễ nhầm, nhầm, nhầm lẫn nó với nội dung chính của trang, nhưng bộ chọn của trang đã chỉ rõ phần thân bài ở đâu.</p></div>
</body></html>`
	u, _ := url.Parse("https://so-x.example.gov.vn/bai/1")
	a, err := Article([]byte(page), u, Options{Selectors: bantin.Selectors{
		Title: ".tieu-de-bai", Body: ".than-bai", Published: ".ngay", Author: ".nguoi-viet", Remove: []string{".quang-cao"},
	}})
	if err != nil {
		t.Fatal(err)
	}
	want := "Đoạn thứ nhất của bài viết, đủ dài để được coi là nội dung chính của trang này.\n\nĐoạn thứ hai của bài viết."
	if a.Text != want {
		t.Errorf("text = %q, want %q", a.Text, want)
	}
	if a.Title != "Tiêu đề thật của bài viết" || a.Author != "Lê Văn A" || a.Published.String() != "2024-06-05T10:20:00+07:00" {
		t.Errorf("title %q author %q published %s", a.Title, a.Author, a.Published)
	}
	// A selector that matches nothing leaves the generic path in charge.
	b, err := Article([]byte(page), u, Options{Selectors: bantin.Selectors{Body: ".khong-co"}})
	if err != nil {
		t.Fatal(err)
	}
	if b.Text == "" {
		t.Error("unmatched body selector gave an empty text")
	}
}

// TestConcurrent extracts the same pages from several goroutines: results must not depend on
// what runs beside them (run with -race to check for shared state).
func TestConcurrent(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join("testdata", "pages", "*.html"))
	if len(files) == 0 {
		t.Fatal("no test pages")
	}
	u, _ := url.Parse("https://so.example.gov.vn/tin/1")
	want := map[string]string{}
	pages := map[string][]byte{}
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		pages[f] = b
		a, _ := Article(b, u, Options{})
		j, _ := json.Marshal(a)
		want[f] = string(j)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 64)
	for g := 0; g < 8; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < 5; i++ {
				for _, f := range files {
					a, _ := Article(pages[f], u, Options{})
					if j, _ := json.Marshal(a); string(j) != want[f] {
						errs <- f
						return
					}
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for f := range errs {
		t.Errorf("%s: concurrent extraction differs", f)
	}
}

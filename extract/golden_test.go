package extract

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/bantin/bantin"
	"github.com/bantin/bantin/testsite"
)

var update = flag.Bool("update", false, "rewrite golden files (and the testsite page fixtures) from the current output")

// goldenOf is what a golden file holds: the article and its kind.
type goldenOf struct {
	Kind    string          `json:"kind"`
	Article *bantin.Article `json:"article"`
}

func checkGolden(t *testing.T, name string, a *bantin.Article) {
	t.Helper()
	got, err := json.MarshalIndent(goldenOf{a.Kind, a}, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	got = append(got, '\n')
	path := filepath.Join("testdata", "golden", name+".json")
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -run %s -update to create it)", err, t.Name())
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from %s (go test -update rewrites it after review):\n%s", name, path, lineDiff(string(want), string(got)))
	}
}

// lineDiff lists the lines that differ, for a readable failure.
func lineDiff(want, got string) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	for i := 0; i < max(len(w), len(g)); i++ {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			fmt.Fprintf(&b, "line %d\n  want: %.300s\n  got:  %.300s\n", i+1, wl, gl)
		}
	}
	return b.String()
}

// TestGoldenPages runs the hand-written portal pages of testdata/pages: real portal markup
// (Liferay, SharePoint, DNN, PHP, WordPress) and tricky cases. Each row also states the facts
// that matter, so a golden file rewritten by mistake cannot hide a regression.
func TestGoldenPages(t *testing.T) {
	tests := []struct {
		file, url, contentType string
		kind                   string
		title, published       string
		author, lead           string
		textHas, textHasNot    []string
		images, attachments    int
		captions               []string
	}{
		{
			file: "liferay-seed.html", url: "https://svhttdl.quangbinh.gov.vn/web/guest/tin-tuc/-/asset_publisher/Ab12/content/hoi-nghi-chuyen-de?redirect=%2Ftin-tuc",
			kind: bantin.KindArticle, title: "Đảng bộ Sở Văn hóa, Thể thao và Du lịch tổ chức Hội nghị chuyên đề",
			published: "2023-09-15T08:30:00+07:00", author: "Minh Thu",
			textHas:    []string{"Sáng 15/9, Đảng bộ", "Đ/c Phạm Việt Dũng phát biểu khai mạc hội nghị", "\n\n1. Nhận thức sâu sắc", "Minh Thu - Phòng Quản lý Văn hóa"},
			captions:   []string{"Đ/c Phạm Việt Dũng phát biểu khai mạc hội nghị"},
			textHasNot: []string{"Đánh giá", "lượt đánh giá", "Mã xác thực", "Các tin khác", "Thống kê", "Online", "Liên kết website", "Lượt xem", "Trang chủ", "Cơ quan chủ quản", "27/11/2026"},
			images:     1,
		},
		{
			file: "sharepoint-title-outside.html", url: "https://sotnmt.lamdong.gov.vn/TinTucSuKien/Pages/tin-tuc.aspx?ID=512",
			kind: bantin.KindArticle, title: "Lâm Đồng: Tăng cường quản lý tài nguyên nước trên địa bàn tỉnh",
			published: "2022-10-03", author: "Nguyễn Văn Hùng",
			lead:        "Ngày 3/10, Sở Tài nguyên và Môi trường tỉnh Lâm Đồng tổ chức hội nghị triển khai các giải pháp tăng cường quản lý tài nguyên nước trên địa bàn tỉnh.",
			textHas:     []string{"Một số chỉ tiêu chính", "STT | Huyện | Số công trình", "1 | Đức Trọng | 312", "Rà soát các công trình khai thác chưa có giấy phép;", "Nguồn: Báo Lâm Đồng"},
			textHasNot:  []string{"Ngày 3/10, Sở", "Tin liên quan", "In bài", "Tác giả", "Ngày đăng"},
			attachments: 1,
		},
		{
			file: "dnn-jsonld.html", url: "https://sogddt.thainguyen.gov.vn/tin-tuc/ArticleId/77/khai-mac-hkpd",
			kind: bantin.KindArticle, title: "Thái Nguyên: Khai mạc Hội khỏe Phù Đổng cấp tỉnh năm 2024",
			published: "2024-03-12T07:45:00+07:00", author: "Lê Thị Hoa",
			lead:       "Sáng 12/3, Sở Giáo dục và Đào tạo tỉnh Thái Nguyên tổ chức khai mạc Hội khỏe Phù Đổng cấp tỉnh lần thứ X năm 2024 với sự tham gia của hơn 2.000 vận động viên.",
			textHas:    []string{"Các vận động viên diễu hành tại lễ khai mạc", "Sân chơi bổ ích cho học sinh", "\n\nKhối tiểu học: 5 môn\n\n"},
			textHasNot: []string{"Từ khóa", "In bài viết", "lượt xem", "Điều lệ"},
			images:     1, attachments: 1, captions: []string{"Các vận động viên diễu hành tại lễ khai mạc"},
		},
		{
			file: "php-windows1258.html", url: "http://syt.binhdinh.gov.vn/tin/chi-tiet.php?id=512",
			kind: bantin.KindArticle, title: "Tăng cường phòng, chống dịch bệnh mùa mưa bão",
			published: "2022-10-03T14:05:00+07:00", author: "Trần Minh Tú",
			textHas:    []string{"Trước diễn biến phức tạp của thời tiết, Sở Y tế đề nghị", "hóa chất, vật tư"},
			textHasNot: []string{"Trần Minh Tú", "Thống kê", "In bài", "Các tin khác", "Bản quyền", "DANH MỤC"},
		},
		{
			file: "php-windows1258.html", url: "http://syt.binhdinh.gov.vn/tin/chi-tiet.php?id=512", contentType: "text/html; charset=windows-1258",
			kind: bantin.KindArticle, title: "Tăng cường phòng, chống dịch bệnh mùa mưa bão",
			published: "2022-10-03T14:05:00+07:00", author: "Trần Minh Tú",
			textHas: []string{"Các trung tâm y tế huyện, thị xã, thành phố bố trí đủ thuốc"},
		},
		{
			file: "wordpress-nfd.html", url: "https://ttvhdienanh.hoabinh.gov.vn/2024/04/02/lien-hoan-phim-88/",
			kind: bantin.KindArticle, title: "Liên hoan phim tài liệu tỉnh lần thứ V",
			published: "2024-04-02T09:10:00+07:00", author: "Hải Yến",
			textHas:    []string{"Tối 1/4, Trung tâm Văn hóa – Điện ảnh tỉnh khai mạc", "quảng bá hình ảnh quê hương."},
			textHasNot: []string{"Hải Yến", "Bài trước", "Thẻ", "Bài viết mới"},
		},
		{
			file: "short-photo-news.html", url: "https://snnptnt.example.gov.vn/tin-anh/de-bien",
			kind: bantin.KindArticle, title: "Ảnh: Đoàn công tác kiểm tra công trình đê biển",
			published:  "2024-06-21T08:15:00+07:00",
			textHas:    []string{"Đoàn công tác kiểm tra tuyến đê biển xã Hải An\n\nChiều 20/6"},
			textHasNot: []string{"Tin mới", "Ra quân bảo vệ rừng"},
			images:     1, captions: []string{"Đoàn công tác kiểm tra tuyến đê biển xã Hải An"},
		},
		{
			file: "no-metadata.html", url: "http://huyen.example.vn/tin.asp?id=3",
			kind: bantin.KindArticle, title: "Thông báo lịch tiếp công dân tháng 7",
			textHas:    []string{"như sau:\n\nChủ tịch UBND huyện tiếp công dân vào ngày 15", "tuần thứ tư trong tháng."},
			textHasNot: []string{"Liên hệ"},
		},
		{
			file: "date-at-foot.html", url: "http://huyen.example.gov.vn/tin/ke-hoach-ngay-hoi",
			kind: bantin.KindArticle, title: "Kế hoạch tổ chức Ngày hội Văn hóa các dân tộc",
			published:  "2024-08-14",
			textHas:    []string{"Ủy ban nhân dân huyện ban hành kế hoạch", "ẩm thực đặc sắc của địa phương."},
			textHasNot: []string{"Ngày cập nhật", "Tin khác", "Hôm nay", "Hội thi văn nghệ", "Kế hoạch tổ chức Ngày hội"},
		},
		{
			file: "listing-category.html", url: "http://syt.example.gov.vn/danh-muc/tin-hoat-dong",
			kind: bantin.KindListing, title: "Tin hoạt động",
		},
	}
	for _, tc := range tests {
		name := strings.TrimSuffix(tc.file, ".html")
		if tc.contentType != "" {
			name += "-header"
		}
		t.Run(name, func(t *testing.T) {
			page, err := os.ReadFile(filepath.Join("testdata", "pages", tc.file))
			if err != nil {
				t.Fatal(err)
			}
			u, _ := url.Parse(tc.url)
			a, err := Article(page, u, Options{ContentType: tc.contentType})
			if err != nil {
				t.Fatal(err)
			}
			if a.Kind != tc.kind {
				t.Errorf("kind = %q, want %q", a.Kind, tc.kind)
			}
			if a.Title != tc.title {
				t.Errorf("title = %q, want %q", a.Title, tc.title)
			}
			if tc.kind == bantin.KindArticle {
				if got := a.Published.String(); got != tc.published {
					t.Errorf("published = %q, want %q", got, tc.published)
				}
				if a.Author != tc.author {
					t.Errorf("author = %q, want %q", a.Author, tc.author)
				}
				if a.Lead != tc.lead {
					t.Errorf("lead = %q, want %q", a.Lead, tc.lead)
				}
				if a.Lang != "vi" {
					t.Errorf("lang = %q, want vi", a.Lang)
				}
			}
			for _, s := range tc.textHas {
				if !strings.Contains(a.Text, s) {
					t.Errorf("text lacks %q:\n%s", s, a.Text)
				}
			}
			for _, s := range tc.textHasNot {
				if strings.Contains(a.Text, s) {
					t.Errorf("text has boilerplate %q:\n%s", s, a.Text)
				}
			}
			if tc.kind == bantin.KindArticle && len(a.Images) != tc.images {
				t.Errorf("images = %v, want %d", a.Images, tc.images)
			}
			for i, c := range tc.captions {
				if i >= len(a.Images) || a.Images[i].Caption != c {
					t.Errorf("images = %v, want caption %d %q", a.Images, i, c)
				}
			}
			if tc.kind == bantin.KindArticle && len(a.Attachments) != tc.attachments {
				t.Errorf("attachments = %v, want %d", a.Attachments, tc.attachments)
			}
			checkGolden(t, name, a)
		})
	}
}

// testsiteFixture is a rendered simulator page kept in testdata, so that the golden files do
// not move when the simulator's generator changes (-update renders them anew).
type testsiteFixture struct {
	ContentType string         `json:"content_type"`
	Truth       testsite.Truth `json:"truth"`
}

// TestGoldenTestsite checks two pages of every portal family against the simulator's truth
// and against golden files.
func TestGoldenTestsite(t *testing.T) {
	for _, fam := range testsite.Families() {
		for _, n := range []int{3, 17} {
			name := fmt.Sprintf("testsite-%s-%d", fam, n)
			t.Run(name, func(t *testing.T) {
				htmlPath := filepath.Join("testdata", "testsite", name+".html")
				metaPath := filepath.Join("testdata", "testsite", name+".json")
				if *update {
					page, ct, truth := testsite.RenderArticle(fam, 1, n)
					b, _ := json.MarshalIndent(testsiteFixture{ct, truth}, "", "  ")
					os.MkdirAll(filepath.Dir(htmlPath), 0o755)
					if err := os.WriteFile(htmlPath, page, 0o644); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(metaPath, append(b, '\n'), 0o644); err != nil {
						t.Fatal(err)
					}
				}
				page, err := os.ReadFile(htmlPath)
				if err != nil {
					t.Fatalf("%v (go test -update renders it)", err)
				}
				raw, err := os.ReadFile(metaPath)
				if err != nil {
					t.Fatal(err)
				}
				var fx testsiteFixture
				if err := json.Unmarshal(raw, &fx); err != nil {
					t.Fatalf("%s: %v", metaPath, err)
				}
				u, _ := url.Parse(fx.Truth.URL)
				a, err := Article(page, u, Options{ContentType: fx.ContentType})
				if err != nil {
					t.Fatal(err)
				}
				tr := fx.Truth
				if a.Text != tr.Text {
					t.Errorf("text differs from the truth:\n%s", lineDiff(tr.Text, a.Text))
				}
				if a.Title != tr.Title || a.Lead != tr.Lead || a.Author != tr.Author {
					t.Errorf("title/lead/author = %q / %q / %q\nwant %q / %q / %q", a.Title, a.Lead, a.Author, tr.Title, tr.Lead, tr.Author)
				}
				if !dateMatches(tr.Published, a.Published) || a.Published.DateOnly != tr.Published.DateOnly {
					t.Errorf("published = %s, want %s", a.Published, tr.Published)
				}
				checkGolden(t, name, a)
			})
		}
	}
}

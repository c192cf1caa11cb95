package web

import (
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/bantin/bantin"
)

// Languages of the interface: Vietnamese by default, English on request.
const (
	langVI = "vi"
	langEN = "en"
)

// labels holds every string the templates show, per language. The test checks that both
// languages have the same keys.
var labels = map[string]map[string]string{
	langVI: {
		"site_title":     "Bản tin – kho lưu trữ tin tức các sở",
		"skip":           "Chuyển đến nội dung chính",
		"nav_search":     "Tìm kiếm",
		"nav_sites":      "Nguồn tin và lượt thu thập",
		"other_lang":     "English",
		"query_label":    "Từ khóa tìm kiếm",
		"query_ph":       "ví dụ: UBND tỉnh \"chuyển đổi số\" site:sotttt",
		"search_btn":     "Tìm",
		"help":           "Cú pháp tìm kiếm",
		"filters":        "Bộ lọc",
		"from":           "Từ ngày",
		"to":             "Đến ngày",
		"sort":           "Sắp xếp",
		"sort_relevance": "Liên quan nhất",
		"sort_newest":    "Mới nhất",
		"sort_oldest":    "Cũ nhất",
		"apply":          "Áp dụng",
		"clear":          "Bỏ lọc",
		"sites":          "Nguồn tin",
		"results":        "kết quả",
		"took":           "trong",
		"no_results":     "Không tìm thấy bài viết nào.",
		"original":       "Bài gốc",
		"archived":       "Bản lưu trữ",
		"prev":           "Trang trước",
		"next":           "Trang sau",
		"pages":          "Phân trang",
		"chart":          "Số bài theo thời gian",
		"chart_month":    "theo tháng",
		"chart_year":     "theo năm",
		"export":         "Tải toàn bộ kết quả",
		"published":      "Ngày đăng",
		"author":         "Tác giả",
		"captured":       "Thu thập lúc",
		"first_seen":     "Lần đầu thấy",
		"last_seen":      "Lần cuối thấy",
		"gone":           "Đã bị gỡ khỏi trang gốc lúc",
		"versions":       "Các phiên bản",
		"version":        "Phiên bản",
		"current":        "hiện tại",
		"changes":        "Thay đổi so với phiên bản",
		"no_changes":     "Không có thay đổi về nội dung.",
		"title_changed":  "Tiêu đề",
		"cite":           "Trích dẫn",
		"snapshot":       "Trang gốc như lúc thu thập",
		"snapshot_note":  "Hiển thị trong khung cách ly: không chạy mã, không tải gì từ Internet.",
		"snapshot_open":  "Mở riêng bản lưu trữ",
		"captures":       "Các lần thu thập",
		"status":         "Mã HTTP",
		"attachments":    "Tệp đính kèm",
		"images":         "Hình ảnh",
		"lead":           "Tóm tắt",
		"site":           "Nguồn",
		"articles":       "Số bài",
		"capture_count":  "Số lần thu thập",
		"last_run":       "Lần thu thập gần nhất",
		"next_run":       "Lần thu thập tiếp theo",
		"errors":         "Lỗi",
		"not_scheduled":  "chưa lên lịch",
		"never":          "chưa có",
		"runs":           "Các lượt thu thập gần đây",
		"run":            "Lượt",
		"started":        "Bắt đầu",
		"finished":       "Kết thúc",
		"run_status":     "Trạng thái",
		"fetched":        "Đã tải",
		"new":            "Mới",
		"changed":        "Thay đổi",
		"unchanged":      "Không đổi",
		"error_title":    "Lỗi",
		"back":           "Quay lại trang tìm kiếm",
		"permalink":      "Liên kết cố định",
		"archived_on":    "Lưu trữ ngày",
		"accessed":       "Truy cập",
		"api_note":       "Dữ liệu dạng JSON",
		"help_terms":     "Các từ: bài phải chứa tất cả các từ (không cần dấu: \"van hoa\" tìm được \"văn hóa\").",
		"help_phrase":    "\"cụm từ\": đúng cụm từ theo thứ tự.",
		"help_bool":      "AND, OR, NOT và dấu ngoặc: (giáo dục OR y tế) NOT tuyển dụng.",
		"help_plusminus": "+từ bắt buộc có, -từ không được có.",
		"help_fields":    "title:, site:, author: tìm trong một trường; published:>=2024-01-01 lọc theo ngày đăng.",
		"help_prefix":    "văn* tìm mọi từ bắt đầu bằng \"văn\" (cần ít nhất 2 chữ trước dấu *).",
		"help_abbr":      "Viết tắt được mở rộng: UBND ↔ ủy ban nhân dân, HĐND ↔ hội đồng nhân dân.",
		"results_for":    "Kết quả cho",
		"all_articles":   "Tất cả bài viết",
		"date_range":     "Khoảng thời gian",
		"sites_title":    "Nguồn tin",
		"article_title":  "Bài viết",
		"words_removed":  "chữ bị xóa",
		"words_added":    "chữ được thêm",
		"gone_count":     "Bị gỡ",
	},
	langEN: {
		"site_title":     "Bantin – archive of department news",
		"skip":           "Skip to main content",
		"nav_search":     "Search",
		"nav_sites":      "Sites and crawl runs",
		"other_lang":     "Tiếng Việt",
		"query_label":    "Search terms",
		"query_ph":       "e.g. UBND tỉnh \"chuyển đổi số\" site:sotttt",
		"search_btn":     "Search",
		"help":           "Query syntax",
		"filters":        "Filters",
		"from":           "From",
		"to":             "To",
		"sort":           "Sort",
		"sort_relevance": "Most relevant",
		"sort_newest":    "Newest",
		"sort_oldest":    "Oldest",
		"apply":          "Apply",
		"clear":          "Clear filters",
		"sites":          "Sites",
		"results":        "results",
		"took":           "in",
		"no_results":     "No articles found.",
		"original":       "Original",
		"archived":       "Archived copy",
		"prev":           "Previous page",
		"next":           "Next page",
		"pages":          "Pagination",
		"chart":          "Articles over time",
		"chart_month":    "by month",
		"chart_year":     "by year",
		"export":         "Download all results",
		"published":      "Published",
		"author":         "Author",
		"captured":       "Captured",
		"first_seen":     "First seen",
		"last_seen":      "Last seen",
		"gone":           "Removed from the original site at",
		"versions":       "Versions",
		"version":        "Version",
		"current":        "current",
		"changes":        "Changes from version",
		"no_changes":     "No change in the content.",
		"title_changed":  "Title",
		"cite":           "Cite",
		"snapshot":       "The page as captured",
		"snapshot_note":  "Shown in a sandbox: no scripts run and nothing is loaded from the Internet.",
		"snapshot_open":  "Open the archived copy on its own",
		"captures":       "Captures",
		"status":         "HTTP status",
		"attachments":    "Attachments",
		"images":         "Images",
		"lead":           "Lead",
		"site":           "Site",
		"articles":       "Articles",
		"capture_count":  "Captures",
		"last_run":       "Last run",
		"next_run":       "Next run",
		"errors":         "Errors",
		"not_scheduled":  "not scheduled",
		"never":          "never",
		"runs":           "Recent crawl runs",
		"run":            "Run",
		"started":        "Started",
		"finished":       "Finished",
		"run_status":     "Status",
		"fetched":        "Fetched",
		"new":            "New",
		"changed":        "Changed",
		"unchanged":      "Unchanged",
		"error_title":    "Error",
		"back":           "Back to search",
		"permalink":      "Permalink",
		"archived_on":    "Archived",
		"accessed":       "Accessed",
		"api_note":       "As JSON",
		"help_terms":     "Words: articles must contain every word (diacritics optional: \"van hoa\" finds \"văn hóa\").",
		"help_phrase":    "\"a phrase\": the exact words in order.",
		"help_bool":      "AND, OR, NOT and parentheses: (giáo dục OR y tế) NOT tuyển dụng.",
		"help_plusminus": "+word must appear, -word must not.",
		"help_fields":    "title:, site:, author: search one field; published:>=2024-01-01 filters by date.",
		"help_prefix":    "văn* matches every word starting with \"văn\" (at least 2 letters before *).",
		"help_abbr":      "Abbreviations are expanded: UBND ↔ ủy ban nhân dân, HĐND ↔ hội đồng nhân dân.",
		"results_for":    "Results for",
		"all_articles":   "All articles",
		"date_range":     "Date range",
		"sites_title":    "Sites",
		"article_title":  "Article",
		"words_removed":  "words removed",
		"words_added":    "words added",
		"gone_count":     "Gone",
	},
}

// pickLang chooses the interface language: ?lang= (remembered in a cookie by the caller),
// then the lang cookie, then Accept-Language, then Vietnamese.
func pickLang(r *http.Request) (lang string, fromParam bool) {
	if l := r.URL.Query().Get("lang"); l == langVI || l == langEN {
		return l, true
	}
	if c, err := r.Cookie("lang"); err == nil && (c.Value == langVI || c.Value == langEN) {
		return c.Value, false
	}
	return acceptLanguage(r.Header.Get("Accept-Language")), false
}

// acceptLanguage returns the supported language the header prefers most, Vietnamese when it
// names neither.
func acceptLanguage(h string) string {
	type pref struct {
		lang string
		q    float64
		i    int
	}
	var prefs []pref
	for i, part := range strings.Split(h, ",") {
		if i > 50 {
			break
		}
		tag, params, _ := strings.Cut(strings.TrimSpace(part), ";")
		q := 1.0
		if v, ok := strings.CutPrefix(strings.TrimSpace(params), "q="); ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		base, _, _ := strings.Cut(strings.ToLower(strings.TrimSpace(tag)), "-")
		if (base == langVI || base == langEN) && q > 0 {
			prefs = append(prefs, pref{base, q, i})
		}
	}
	if len(prefs) == 0 {
		return langVI
	}
	sort.SliceStable(prefs, func(a, b int) bool { return prefs[a].q > prefs[b].q })
	return prefs[0].lang
}

// formatDay writes a date the way each language reads it, in bantin.Location.
func formatDay(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(bantin.Location)
	if lang == langEN {
		return t.Format("2 Jan 2006")
	}
	return t.Format("02/01/2006")
}

func formatTime(lang string, t time.Time) string {
	if t.IsZero() {
		return ""
	}
	t = t.In(bantin.Location)
	if lang == langEN {
		return t.Format("2 Jan 2006 15:04 MST")
	}
	return t.Format("15:04 02/01/2006")
}

package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Class and id words that mark boilerplate blocks (matched as whole words of a class or id).
var negativeWords = map[string]bool{
	"comment": true, "comments": true, "share": true, "sharing": true, "social": true,
	"related": true, "sidebar": true, "footer": true, "nav": true, "navbar": true,
	"navigation": true, "menu": true, "breadcrumb": true, "breadcrumbs": true, "banner": true,
	"advert": true, "ads": true, "ad": true, "adv": true, "quangcao": true, "widget": true,
	"rating": true, "rate": true, "vote": true, "danhgia": true, "tags": true, "tag": true,
	"tukhoa": true, "keyword": true, "keywords": true, "print": true, "counter": true,
	"thongke": true, "visitor": true, "login": true, "search": true, "popup": true,
	"modal": true, "cookie": true, "subscribe": true, "newsletter": true, "sponsor": true,
	"promo": true, "pagination": true, "pager": true, "paging": true, "masthead": true,
	"toolbar": true, "tools": true,
	"lienquan": true, "tinlienquan": true, "tinkhac": true, "othernews": true, "other": true,
	"more": true, "binhluan": true, "captcha": true, "lienket": true, "weblink": true,
	"weblinks": true, "copyright": true, "hotline": true, "topbar": true, "skip": true,
	"sitemap": true, "logo": true, "slider": true, "carousel": true, "marquee": true,
	"shoutbox": true, "hidden": true, "hide": true, "noprint": true, "rss": true,
	"feedback": true, "pageview": true, "views": true, "tinmoi": true, "mostread": true,
	"popular": true, "trending": true, "recommend": true, "recommended": true,
}

// Stems matched anywhere in a class or id ("tinlienquan", "boxComment").
var negativeStems = []string{"comment", "binhluan", "lienquan", "sidebar", "breadcrumb",
	"related", "social", "sharing", "quangcao", "advertis", "thongke", "tukhoa", "rating",
	"danhgia", "footer", "othernew", "tinkhac", "sharebar", "linkweb", "weblink"}

// Class and id words that mark the article body.
var positiveWords = map[string]bool{
	"article": true, "body": true, "content": true, "contents": true, "entry": true,
	"main": true, "post": true, "text": true, "story": true, "detail": true, "details": true,
	"chitiet": true, "noidung": true, "articlebody": true, "newsdetail": true,
	"fulltext": true, "maincontent": true, "blog": true, "news": false, "page": false,
}

var positiveStems = []string{"content", "article", "noidung", "chitiet", "detail", "entry"}

// classWeight scores class and id words: +25 for body words, -25 for boilerplate words.
func classWeight(tokens []string, raw string) (w int, neg, pos bool) {
	for _, t := range tokens {
		if negativeWords[t] {
			neg = true
		}
		if positiveWords[t] {
			pos = true
		}
	}
	if !neg {
		for _, s := range negativeStems {
			if strings.Contains(raw, s) {
				neg = true
				break
			}
		}
	}
	if !pos {
		for _, s := range positiveStems {
			if strings.Contains(raw, s) {
				pos = true
				break
			}
		}
	}
	if neg {
		w -= 25
	}
	if pos {
		w += 25
	}
	return w, neg, pos
}

// Labels that start boilerplate lines: ratings, comments, captchas, counters, share and print
// links, link lists. Lower case, NFC.
var boilerLabels = []string{
	"tin liên quan", "các tin khác", "tin khác", "tin cùng chuyên mục", "bài viết liên quan",
	"bài liên quan", "các tin đã đưa", "tin đã đưa", "xem thêm", "từ khóa", "từ khoá", "tags",
	"tag:", "đánh giá", "lượt đánh giá", "trung bình", "bình luận", "ý kiến bạn đọc", "gửi bình luận",
	"gửi ý kiến", "mã xác thực", "liên kết website", "liên kết web", "thống kê", "online",
	"đang online", "đang truy cập", "hôm nay", "hôm qua", "tổng lượt truy cập", "lượt truy cập",
	"lượt xem", "số lượt xem", "in bài", "in trang", "gửi email", "gửi bài", "chia sẻ", "share",
	"bản in", "quay lại", "về đầu trang", "lên đầu trang", "trở về", "trang chủ", "print",
	"related", "tweet", "email", "lưu bài", "góp ý", "gửi góp ý", "bạn đọc", "họ và tên",
	"họ tên", "nhập mã", "tin mới", "tin mới hơn", "tin cũ hơn", "các bài viết khác",
	"tin tức khác", "cùng chuyên mục", "read more", "related articles", "related stories",
	"more from", "advertisement", "sponsored", "subscribe", "sign up", "follow us",
	"you may also like", "you might also like", "also read", "read also", "recommended for you",
	"more stories", "most popular", "most read", "trending now", "share this", "caption", "close",
	"photo:", "image:", "credit:", "photograph:", "advert",
	"tin xem nhiều", "tin nổi bật", "tin mới nhất", "đọc nhiều", "xem nhiều",
}

// Labels of portal footer lines, matched as plain prefixes of short lines.
var footerLabels = []string{"cơ quan chủ quản", "địa chỉ:", "điện thoại:", "fax:", "giấy phép",
	"người chịu trách nhiệm", "chịu trách nhiệm", "ghi rõ nguồn", "thiết kế và phát triển",
	"thiết kế bởi", "phát triển bởi", "bản quyền", "copyright", "©", "trưởng ban biên tập",
	"all rights reserved", "powered by"}

// Labels after which an article container holds only related lists and comments.
var cutLabels = []string{
	"tin liên quan", "các tin khác", "tin khác", "tin cùng chuyên mục", "bài viết liên quan",
	"bài liên quan", "các tin đã đưa", "tin đã đưa", "tin mới", "tin mới hơn", "tin cũ hơn",
	"các bài viết khác", "tin tức khác", "cùng chuyên mục", "ý kiến bạn đọc", "bình luận",
	"gửi bình luận", "related articles", "related stories", "more from", "comments",
	"liên kết website", "you may also like", "you might also like", "recommended for you",
	"more stories", "most popular", "most read", "trending now", "tin xem nhiều", "tin nổi bật",
	"tin mới nhất", "đọc nhiều", "xem nhiều",
}

// labelMatch reports whether the short line text starts with one of labels followed by
// nothing, punctuation, digits or a colon: "Lượt xem: 120" but not "Đánh giá cao ...".
func labelMatch(text string, labels []string) bool {
	if len(text) > 200 || text == "" {
		return false
	}
	return labelMatchLow(labelText(text), labels)
}

// labelText is text as labels are matched against it: leading bullets and dashes trimmed,
// lower-cased.
func labelText(text string) string {
	return strings.ToLower(strings.TrimLeft(text, " -–—•|:>»*#"))
}

// labelMatchLow is labelMatch on text already made labelText.
func labelMatchLow(low string, labels []string) bool {
	for _, l := range labels {
		if !strings.HasPrefix(low, l) {
			continue
		}
		rest := strings.TrimLeft(low[len(l):], " ")
		if rest == "" || strings.HasSuffix(l, ":") {
			return true
		}
		r, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsLetter(r) {
			return true
		}
		if utf8.RuneCountInString(low) <= 40 && strings.HasSuffix(low, ":") {
			return true
		}
	}
	return false
}

// isBoilerLine reports a short line made of boilerplate vocabulary.
func isBoilerLine(text string) bool {
	n := utf8.RuneCountInString(text)
	if n > 200 {
		return false
	}
	low := labelText(text)
	if n <= 120 && len(text) <= 200 && text != "" && labelMatchLow(low, boilerLabels) {
		return true
	}
	for _, l := range footerLabels {
		if strings.HasPrefix(low, l) {
			return true
		}
	}
	return false
}

// isCutLine reports a heading-like line after which related lists or comments follow.
func isCutLine(text string) bool {
	if utf8.RuneCountInString(text) > 60 {
		return false
	}
	return labelMatch(text, cutLabels)
}

var dateLabels = []string{"updated", "posted", "published", "last updated", "last modified",
	"cập nhật", "ngày đăng", "đăng ngày", "đăng lúc", "ngày cập nhật", "ngày xuất bản",
	"thời gian đăng", "ngày:", "ngày đưa tin"}

// isDateLabelLine reports a short "Updated Nov 19, 9:41 AM" or "Ngày đăng: 15/9" line.
func isDateLabelLine(text string) bool {
	if utf8.RuneCountInString(text) > 100 || !hasDigit(text) {
		return false
	}
	low := strings.ToLower(text)
	for _, l := range dateLabels {
		if strings.HasPrefix(low, l) {
			return true
		}
	}
	return false
}

// Labels of photo credit and caption-widget lines, dropped wherever they stand.
var creditLabels = []string{"photo:", "image:", "credit:", "photograph:", "image caption",
	"media caption", "getty images", "ảnh minh họa"}

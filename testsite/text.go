package testsite

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// blockKind is the kind of one element of an article body.
type blockKind int

const (
	bPara      blockKind = iota // <p>
	bHeading                    // <h2>/<h3>/<p><strong> in-body heading
	bNumbered                   // "1. ..." task paragraphs (the number is part of the text)
	bOL                         // <ol><li>: items without numbers in the text
	bUL                         // <ul><li>
	bTable                      // <table>: one row per truth paragraph, cells joined by " | "
	bImage                      // picture with a caption (several markups)
	bSignature                  // "Minh Thu - Phòng Quản lý Văn hóa"
	bSource                     // "Nguồn: ..."
)

// block is one element of an article body.
type block struct {
	kind    blockKind
	text    string
	items   []string
	rows    [][]string
	img     int // image number within the article
	caption string
	style   int // markup variant chosen by the family renderer
}

// article is one generated news article in one version.
type article struct {
	N          int
	Cat        int
	Version    int
	Title      string
	Lead       string
	Author     string // byline shown apart from the body ("" when the body's signature is the only one)
	Published  time.Time
	DateOnly   bool
	Modified   time.Time
	Blocks     []block
	Tags       []string
	Attachment string // PDF file name, "" when none
	Views      int
	Ratings    int
}

// deptInfo is what the text generator knows about the portal's department.
type deptInfo struct {
	Name     string // "Sở Văn hóa, Thể thao và Du lịch tỉnh Quảng Bình"
	Short    string // "Sở VHTTDL"
	Province string
	Sector   string // key of sectors
}

// gen builds sentences for one article.
type gen struct {
	r    *rng
	dept deptInfo
	year int
}

func (g *gen) person() string {
	r := g.r
	given := zpick(r, givenNames)
	if r.chance(0.3) {
		given = zpick(r, syllables)
	}
	return zpick(r, familyNames) + " " + zpick(r, middleNames) + " " + given
}

func (g *gen) place() string {
	r := g.r
	if r.chance(0.55) {
		return zpick(r, places)
	}
	kinds := []string{"xã", "phường", "thôn", "bản", "thị trấn", "xóm"}
	return pick(r, kinds) + " " + zpick(r, syllables) + " " + zpick(r, syllables)
}

func (g *gen) org() string {
	r := g.r
	if r.chance(0.25) {
		if r.chance(0.5) {
			return g.dept.Short
		}
		return g.dept.Name
	}
	b := zpick(r, bodies)
	if b.full == "Sở Văn hóa, Thể thao và Du lịch" && g.dept.Sector != "vhttdl" && r.chance(0.7) {
		b = body{g.dept.Name, g.dept.Short}
	}
	if b.abbr != "" && r.chance(0.5) {
		return b.abbr
	}
	return b.full
}

func (g *gen) named() string {
	r := g.r
	kinds := []string{"Dự án", "Công trình", "Câu lạc bộ", "Làng văn hóa", "Di tích", "Hợp tác xã", "Đề án", "Lễ hội"}
	return pick(r, kinds) + " " + zpick(r, syllables) + " " + zpick(r, syllables)
}

func (g *gen) num() string {
	r := g.r
	switch r.intn(5) {
	case 0:
		return fmt.Sprintf("%d,%d%%", r.between(50, 99), r.intn(10))
	case 1:
		return fmt.Sprintf("%d,%d tỷ đồng", r.between(1, 150), r.intn(10))
	case 2:
		return fmt.Sprintf("%d.%03d lượt người", r.between(1, 95), r.intn(1000))
	case 3:
		return fmt.Sprintf("%d đơn vị", r.between(3, 120))
	default:
		return dots(int64(r.between(12, 4000))) + " hồ sơ"
	}
}

// sentence returns one sentence in the government-news register.
func (g *gen) sentence() string {
	r := g.r
	var s string
	switch r.intn(14) {
	case 0:
		s = fmt.Sprintf("%s %s %s %s, %s", zpick(r, connectors), g.org(), zpick(r, verbs), zpick(r, objects), zpick(r, results))
	case 1:
		s = fmt.Sprintf("%s %s đã %s %s về %s tại %s", zpick(r, connectors), g.org(), zpick(r, verbs), zpick(r, objects), zpick(r, topics), g.place())
	case 2:
		s = fmt.Sprintf("Tham dự có đồng chí %s - %s; đại diện %s và %s", g.person(), zpick(r, roles), g.org(), g.org())
	case 3:
		s = fmt.Sprintf("Năm %d, toàn ngành đã %s %s, %s, đạt %s so với kế hoạch", g.year-r.intn(2), zpick(r, verbs), zpick(r, objects), zpick(r, results), g.num())
	case 4:
		s = fmt.Sprintf("Đồng chí %s, %s đề nghị các đơn vị tiếp tục %s %s một cách %s, gắn với %s", g.person(), zpick(r, roles), zpick(r, verbs), zpick(r, objects), zpick(r, adverbs), zpick(r, topics))
	case 5:
		i := r.intn(len(limits))
		s = fmt.Sprintf("Bên cạnh những kết quả đạt được, %s; %s", limits[i], limits[(i+1+r.intn(len(limits)-1))%len(limits)])
	case 6:
		s = fmt.Sprintf("%s được tổ chức %s, %s với sự tham gia của %d đại biểu, %s", capitalize(zpick(r, events)), zpick(r, adjs), zpick(r, adjs), r.between(40, 600), g.num()+" đã đăng ký")
	case 7:
		s = fmt.Sprintf("%s tại %s có tổng mức đầu tư %s, dự kiến hoàn thành trong năm %d", g.named(), g.place(), fmt.Sprintf("%d,%d tỷ đồng", r.between(2, 400), r.intn(10)), g.year+r.intn(3))
	case 8:
		s = fmt.Sprintf("Theo %s, đến nay đã có %s hoàn thành %s, %s", g.org(), g.num(), zpick(r, objects), zpick(r, results))
	case 9:
		s = fmt.Sprintf("Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc trong %s và đề xuất giải pháp %s %s", zpick(r, topics), zpick(r, verbs), zpick(r, objects))
	case 10:
		s = fmt.Sprintf("Dịp này, %s đã trao Giấy khen cho %d tập thể và %d cá nhân có thành tích xuất sắc trong %s", g.org(), r.between(3, 30), r.between(5, 60), zpick(r, topics))
	case 11:
		s = fmt.Sprintf("Qua kiểm tra tại %s, đoàn công tác ghi nhận %s đã %s %s %s", g.place(), g.org(), zpick(r, verbs), zpick(r, objects), zpick(r, adverbs))
	case 12:
		s = fmt.Sprintf("%s là hoạt động %s nhằm %s %s, %s", capitalize(zpick(r, events)), zpick(r, adjs), zpick(r, verbs), zpick(r, topics), zpick(r, results))
	default:
		s = fmt.Sprintf("Ngày %d/%d, %s phối hợp với %s %s %s tại %s", r.between(1, 28), r.between(1, 12), g.org(), g.org(), zpick(r, verbs), zpick(r, events), g.place())
	}
	return capitalize(s) + "."
}

// lead is the sapo: when, who, what, and why.
func (g *gen) lead(d time.Time) string {
	r := g.r
	when := fmt.Sprintf("%s %d/%d", pick(r, []string{"Sáng", "Chiều", "Ngày", "Tối"}), d.Day(), int(d.Month()))
	switch r.intn(3) {
	case 0:
		return fmt.Sprintf("%s, %s đã tổ chức %s về %s. Tham dự có đồng chí %s - %s.", when, g.org(), zpick(r, events), zpick(r, topics), g.person(), zpick(r, roles))
	case 1:
		return fmt.Sprintf("%s, tại %s, %s phối hợp với %s %s %s nhằm %s %s.", when, g.place(), g.org(), g.org(), zpick(r, verbs), zpick(r, events), zpick(r, verbs), zpick(r, topics))
	default:
		return fmt.Sprintf("(%s) - %s, đoàn công tác của %s do đồng chí %s, %s làm trưởng đoàn đã %s %s tại %s.", g.dept.Short, when, g.org(), g.person(), zpick(r, roles), zpick(r, verbs), zpick(r, objects), g.place())
	}
}

func (g *gen) paragraph(minS, maxS int) string {
	n := g.r.between(minS, maxS)
	ss := make([]string, n)
	for i := range ss {
		if g.r.chance(0.35) {
			ss[i] = g.sectorSentence()
		} else {
			ss[i] = g.sentence()
		}
	}
	return strings.Join(ss, " ")
}

func (g *gen) title() string {
	r := g.r
	var s string
	switch r.intn(10) {
	case 0:
		s = fmt.Sprintf("%s tổ chức %s", g.org(), zpick(r, events))
	case 1:
		s = fmt.Sprintf("Hội nghị %s năm %d", zpick(r, topics), g.year)
	case 2:
		s = fmt.Sprintf("Khai mạc %s tại %s", zpick(r, events), g.place())
	case 3:
		s = fmt.Sprintf("%s %s %s %s", g.org(), zpick(r, verbs), zpick(r, objects), zpick(r, topics))
	case 4:
		s = fmt.Sprintf("Tăng cường %s trên địa bàn %s", zpick(r, topics), g.place())
	case 5:
		s = fmt.Sprintf("Tổng kết %s giai đoạn %d - %d", zpick(r, topics), g.year-5, g.year)
	case 6:
		s = fmt.Sprintf("Kiểm tra %s tại %s", zpick(r, objects), g.place())
	case 7:
		s = fmt.Sprintf("Đồng chí %s làm việc với %s", g.person(), g.org())
	case 8:
		s = fmt.Sprintf("Thông báo về việc %s %s", zpick(r, verbs), zpick(r, objects))
	default:
		s = fmt.Sprintf("%s: %s %s", g.named(), zpick(r, verbs), zpick(r, topics))
	}
	return capitalize(s)
}

// buildArticle generates article n of a portal in the given version. The base content depends
// only on (seed, portal key, n); an edit (version > 0) changes the title and part of the body.
func buildArticle(seed int64, key uint64, n, version int, cats int, dept deptInfo, published time.Time) *article {
	r := newRng(uint64(seed), key, uint64(n), 1)
	g := &gen{r: r, dept: dept, year: published.Year()}
	a := &article{N: n, Cat: n % cats, Version: version, Published: published}
	a.DateOnly = r.chance(0.2)
	newSt := titleRng(seed, key, n, 0).chance(0.4)
	a.Title = makeTitle(seed, key, n, version, dept, published.Year(), newSt)
	d := published
	a.Lead = g.lead(d)
	if r.chance(0.1) {
		a.Lead = "" // no sapo: the article starts with its body
	}
	signer := pick(r, []string{"Minh Thu", "Thanh Hà", "Ngọc Lan", "Hoàng Anh", "Quốc Việt", "P.V", "Hải Yến"})
	unit := g.unit()
	if r.chance(0.4) {
		a.Author = g.person()
	}
	nPara := r.between(3, 8)
	img := 0
	for i := 0; i < nPara; i++ {
		a.Blocks = append(a.Blocks, block{kind: bPara, text: g.paragraph(2, 5)})
		switch {
		case i == 0 && r.chance(0.6):
			img++
			a.Blocks = append(a.Blocks, block{kind: bImage, img: img, caption: zpick(r, imageCaptions), style: r.intn(4)})
		case i == 1 && r.chance(0.35):
			a.Blocks = append(a.Blocks, block{kind: bHeading, text: capitalize(zpick(r, verbs) + " " + zpick(r, objects)), style: r.intn(3)})
		case i == 2 && r.chance(0.4):
			a.Blocks = append(a.Blocks, block{kind: bPara, text: "Để nâng cao hiệu quả công tác trong thời gian tới, " + g.org() + " yêu cầu các đơn vị tập trung triển khai một số nội dung sau:"})
			k := r.between(2, 5)
			items := make([]string, k)
			for j := range items {
				items[j] = capitalize(zpick(r, verbs)) + " " + zpick(r, objects) + " " + zpick(r, adverbs) + "; " + g.sentence()
			}
			switch r.intn(3) {
			case 0:
				for j, it := range items {
					a.Blocks = append(a.Blocks, block{kind: bNumbered, text: fmt.Sprintf("%d. %s", j+1, it)})
				}
			case 1:
				a.Blocks = append(a.Blocks, block{kind: bOL, items: items})
			default:
				a.Blocks = append(a.Blocks, block{kind: bUL, items: items})
			}
		case i == 3 && r.chance(0.3):
			rows := [][]string{{"STT", "Đơn vị", "Số lượng", "Tỷ lệ"}}
			for j := 1; j <= r.between(2, 5); j++ {
				rows = append(rows, []string{fmt.Sprint(j), g.place(), fmt.Sprint(r.between(10, 900)), fmt.Sprintf("%d,%d%%", r.between(40, 99), r.intn(10))})
			}
			a.Blocks = append(a.Blocks, block{kind: bTable, rows: rows})
		case i >= 2 && r.chance(0.2):
			img++
			a.Blocks = append(a.Blocks, block{kind: bImage, img: img, caption: zpick(r, imageCaptions) + " " + g.place(), style: r.intn(4)})
		}
	}
	switch r.intn(3) {
	case 0:
		a.Blocks = append(a.Blocks, block{kind: bSignature, text: signer + " - " + unit})
	case 1:
		a.Blocks = append(a.Blocks, block{kind: bSource, text: "Nguồn: " + zpick(r, sources)})
	default:
		a.Blocks = append(a.Blocks, block{kind: bSignature, text: signer + " - " + unit}, block{kind: bSource, text: "Nguồn: " + zpick(r, sources)})
	}
	k := r.between(1, 4)
	for j := 0; j < k; j++ {
		if tag := zpick(r, tagWords); !slices.Contains(a.Tags, tag) {
			a.Tags = append(a.Tags, tag)
		}
	}
	if r.chance(0.25) {
		a.Attachment = fmt.Sprintf("van-ban-%d.pdf", n)
	}
	a.Views = r.between(20, 9000)
	a.Ratings = r.intn(40)
	if version > 0 {
		r2 := newRng(uint64(seed), key, uint64(n), 2, uint64(version))
		g2 := &gen{r: r2, dept: dept, year: published.Year()}
		a.Blocks[0].text = g2.paragraph(2, 4)
		a.Blocks = append(a.Blocks[:len(a.Blocks)-1:len(a.Blocks)-1], block{kind: bPara, text: "Cập nhật: " + g2.sentence()}, a.Blocks[len(a.Blocks)-1])
	}
	if newSt {
		a.styleNew()
	}
	return a
}

func titleRng(seed int64, key uint64, n, version int) *rng {
	return newRng(uint64(seed), key, uint64(n), 10, uint64(version))
}

// makeTitle returns the title of article n in a version, cheaply (listings need only titles).
func makeTitle(seed int64, key uint64, n, version int, dept deptInfo, year int, newSt bool) string {
	g := &gen{r: titleRng(seed, key, n, version+1), dept: dept, year: year}
	var t string
	if g.r.chance(0.45) {
		t = g.sectorTitle()
	} else {
		t = g.title()
	}
	if newSt {
		t = newStyle(t)
	}
	return t
}

// styleNew rewrites the article in the new tone-mark style.
func (a *article) styleNew() {
	a.Lead = newStyle(a.Lead)
	for i := range a.Blocks {
		b := &a.Blocks[i]
		b.text = newStyle(b.text)
		b.caption = newStyle(b.caption)
		for j := range b.items {
			b.items[j] = newStyle(b.items[j])
		}
	}
}

// paragraphs returns the body as a perfect extractor sees it (see doc.go for the rules).
func (a *article) paragraphs() []string {
	var out []string
	for _, b := range a.Blocks {
		switch b.kind {
		case bOL, bUL:
			out = append(out, b.items...)
		case bTable:
			for _, row := range b.rows {
				out = append(out, strings.Join(row, " | "))
			}
		case bImage:
			if b.caption != "" {
				out = append(out, b.caption)
			}
		default:
			out = append(out, b.text)
		}
	}
	return out
}

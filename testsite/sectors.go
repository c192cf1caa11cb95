package testsite

import "fmt"

// sector is the field of a department: its own events, objects and sentences, so that each
// portal writes about its own business (a health department about vaccination, an education
// department about exams) besides the shared administrative register.
type sector struct {
	units    []string // the department's own offices, for signature lines
	events   []string
	objects  []string
	people   []string // who the department's work is for
	sentence []string // templates: %[1]s an object, %[2]s a place, %[3]s a small number, %[4]s people, %[5]s a large number
}

var sectors = map[string]sector{
	"vhttdl": {
		units: []string{"Phòng Quản lý Văn hóa", "Phòng Quản lý Du lịch", "Phòng Quản lý Thể dục thể thao", "Phòng Xây dựng nếp sống văn hóa và Gia đình", "Văn phòng Sở"},
		events: []string{"lễ hội truyền thống", "giải bóng chuyền hơi", "liên hoan dân ca", "hội diễn văn nghệ quần chúng", "lễ hội đua thuyền",
			"tuần văn hóa các dân tộc", "hội thi hát then, đàn tính", "giải vô địch võ cổ truyền", "lễ tôn vinh gia đình văn hóa", "ngày hội du lịch biển"},
		objects: []string{"hồ sơ di tích", "các điểm du lịch cộng đồng", "hệ thống thiết chế văn hóa", "phong trào toàn dân đoàn kết xây dựng đời sống văn hóa",
			"các đội văn nghệ", "di sản văn hóa phi vật thể", "sản phẩm du lịch đặc thù", "các lễ hội truyền thống", "thư viện cơ sở", "nhà văn hóa thôn, bản"},
		people: []string{"du khách", "vận động viên", "nghệ nhân", "diễn viên", "hội viên các câu lạc bộ", "đồng bào dân tộc thiểu số"},
		sentence: []string{
			"Lượng du khách đến tham quan %[2]s ước đạt %[5]s lượt, tăng so với cùng kỳ năm trước.",
			"Ngành đã hoàn thiện %[1]s, trình cấp có thẩm quyền xếp hạng di tích cấp tỉnh tại %[2]s.",
			"Các %[4]s đã mang đến những tiết mục đặc sắc, tái hiện nét đẹp văn hóa truyền thống của %[2]s.",
			"Đoàn vận động viên của tỉnh giành %[3]s huy chương các loại tại giải vô địch quốc gia.",
		},
	},
	"tnmt": {
		units: []string{"Phòng Quản lý Đất đai", "Phòng Tài nguyên nước", "Chi cục Bảo vệ môi trường", "Văn phòng Đăng ký đất đai", "Văn phòng Sở"},
		events: []string{"đợt kiểm tra khai thác khoáng sản", "hội nghị đối thoại về đất đai", "lễ mít tinh hưởng ứng Ngày Môi trường thế giới",
			"chiến dịch làm cho thế giới sạch hơn", "đợt đo đạc địa chính", "hội nghị tập huấn luật Đất đai"},
		objects: []string{"hồ sơ cấp giấy chứng nhận quyền sử dụng đất", "bảng giá đất", "quy hoạch sử dụng đất", "hệ thống quan trắc môi trường",
			"giấy phép khai thác nước dưới đất", "bản đồ địa chính", "báo cáo đánh giá tác động môi trường", "cơ sở dữ liệu đất đai"},
		people: []string{"hộ gia đình, cá nhân", "doanh nghiệp khai thác khoáng sản", "người sử dụng đất", "các cơ sở sản xuất"},
		sentence: []string{
			"Toàn tỉnh đã cấp %[5]s giấy chứng nhận cho %[4]s tại %[2]s.",
			"Qua kiểm tra, đoàn đã phát hiện và xử lý vi phạm về %[1]s tại %[2]s.",
			"Chất lượng không khí tại %[2]s cơ bản nằm trong giới hạn cho phép theo quy chuẩn kỹ thuật quốc gia.",
			"Sở đã thẩm định %[1]s của %[3]s dự án trên địa bàn.",
		},
	},
	"gddt": {
		units: []string{"Phòng Giáo dục Trung học", "Phòng Giáo dục Mầm non", "Phòng Khảo thí và Kiểm định chất lượng", "Văn phòng Sở"},
		events: []string{"kỳ thi tốt nghiệp trung học phổ thông", "kỳ thi chọn học sinh giỏi cấp tỉnh", "lễ khai giảng năm học mới",
			"hội thi giáo viên dạy giỏi", "lễ tổng kết năm học", "cuộc thi khoa học kỹ thuật dành cho học sinh trung học"},
		objects: []string{"chương trình giáo dục phổ thông 2018", "đội ngũ giáo viên", "cơ sở vật chất trường học", "sách giáo khoa",
			"kế hoạch tuyển sinh vào lớp 10", "công tác phổ cập giáo dục", "trường chuẩn quốc gia", "bữa ăn bán trú"},
		people: []string{"học sinh", "giáo viên", "cán bộ quản lý giáo dục", "phụ huynh", "thí sinh", "học sinh THPT"},
		sentence: []string{
			"Số %[4]s tham gia năm nay là %[5]s em, tỷ lệ tốt nghiệp cao hơn mức bình quân chung của cả nước.",
			"Toàn tỉnh hiện có %[3]s trường đạt chuẩn quốc gia, trong đó nhiều trường tại %[2]s.",
			"Ngành giáo dục tiếp tục triển khai %[1]s, bảo đảm an toàn cho %[4]s.",
			"Đội tuyển học sinh giỏi của tỉnh đạt %[3]s giải tại kỳ thi chọn học sinh giỏi quốc gia.",
		},
	},
	"yte": {
		units: []string{"Phòng Nghiệp vụ Y", "Chi cục Dân số", "Trung tâm Kiểm soát bệnh tật", "Phòng Nghiệp vụ Dược", "Văn phòng Sở"},
		events: []string{"chiến dịch tiêm chủng vắc xin sởi - rubella", "đợt khám sàng lọc bệnh không lây nhiễm", "hội nghị phòng, chống sốt xuất huyết",
			"tuần lễ quốc gia an toàn thực phẩm", "đợt khám bệnh, cấp thuốc miễn phí", "lớp tập huấn phòng, chống dịch bệnh"},
		objects: []string{"mạng lưới y tế cơ sở", "công tác khám, chữa bệnh", "hồ sơ sức khỏe điện tử", "thuốc và vật tư y tế",
			"trạm y tế xã", "công tác phòng, chống dịch", "bảo hiểm y tế toàn dân", "công tác dân số"},
		people: []string{"người bệnh", "trẻ em dưới 5 tuổi", "người cao tuổi", "phụ nữ mang thai", "nhân viên y tế", "người dân"},
		sentence: []string{
			"Đã có %[5]s trẻ được tiêm đủ liều vắc xin tại %[2]s.",
			"Số ca mắc sốt xuất huyết tại %[2]s giảm so với cùng kỳ, không có trường hợp tử vong.",
			"Các cơ sở y tế đã tiếp nhận, điều trị cho %[5]s lượt người bệnh, bảo đảm quyền lợi của %[4]s.",
			"Ngành y tế tiếp tục củng cố %[1]s, nâng cao chất lượng chăm sóc sức khỏe %[4]s.",
		},
	},
	"ttvh": {
		units: []string{"Phòng Chiếu bóng", "Phòng Nghiệp vụ", "Đội Thông tin lưu động", "Phòng Hành chính - Tổng hợp"},
		events: []string{"đợt chiếu phim lưu động", "chương trình nghệ thuật chào mừng Quốc khánh", "liên hoan tuyên truyền lưu động",
			"tuần phim kỷ niệm ngày giải phóng", "đêm nhạc Trịnh Công Sơn", "triển lãm tranh cổ động"},
		objects: []string{"đội chiếu bóng lưu động", "chương trình biểu diễn", "kịch bản văn nghệ", "trang thiết bị âm thanh, ánh sáng",
			"tranh cổ động tấm lớn", "các buổi chiếu phim phục vụ vùng sâu, vùng xa"},
		people: []string{"khán giả", "diễn viên, nhạc công", "đồng bào vùng cao", "thiếu nhi"},
		sentence: []string{
			"Trung tâm đã tổ chức %[3]s buổi chiếu phim phục vụ %[4]s tại %[2]s.",
			"Chương trình thu hút đông đảo %[4]s đến xem và cổ vũ.",
			"Đơn vị đã xây dựng %[1]s mới, phục vụ nhiệm vụ chính trị của địa phương.",
		},
	},
}

// sectorSentence returns a sentence about the department's own field.
func (g *gen) sectorSentence() string {
	sc, ok := sectors[g.dept.Sector]
	if !ok {
		return g.sentence()
	}
	r := g.r
	small := fmt.Sprint(r.between(3, 180))
	large := dots(int64(r.between(1200, 90000)))
	return capitalize(fmt.Sprintf(pick(r, sc.sentence), zpick(r, sc.objects), g.place(), small, zpick(r, sc.people), large))
}

// sectorTitle returns a title about the department's own field.
func (g *gen) sectorTitle() string {
	sc, ok := sectors[g.dept.Sector]
	if !ok {
		return g.title()
	}
	r := g.r
	switch r.intn(4) {
	case 0:
		return capitalize(fmt.Sprintf("%s tại %s", zpick(r, sc.events), g.place()))
	case 1:
		return capitalize(fmt.Sprintf("%s %s năm %d", zpick(r, verbs), zpick(r, sc.objects), g.year))
	case 2:
		return capitalize(fmt.Sprintf("Hơn %s %s tham gia %s", dots(int64(r.between(2, 90)*100)), zpick(r, sc.people), zpick(r, sc.events)))
	default:
		return capitalize(fmt.Sprintf("%s: %s %s", g.org(), zpick(r, verbs), zpick(r, sc.objects)))
	}
}

// unit returns an office of the department for a signature line.
func (g *gen) unit() string {
	if sc, ok := sectors[g.dept.Sector]; ok && g.r.chance(0.85) {
		return zpick(g.r, sc.units)
	}
	return zpick(g.r, units)
}

package extract

import "testing"

func TestTrimSiteName(t *testing.T) {
	tests := []struct{ title, site, want string }{
		{"Hội nghị tổng kết công tác năm 2023 - Sở Văn hóa, Thể thao và Du lịch", "", "Hội nghị tổng kết công tác năm 2023"},
		{"Sở Y tế tỉnh Bình Định | Tăng cường phòng, chống dịch bệnh mùa mưa bão", "", "Tăng cường phòng, chống dịch bệnh mùa mưa bão"},
		{"Khai mạc Liên hoan phim – Trung tâm Văn hóa – Điện ảnh tỉnh", "Trung tâm Văn hóa – Điện ảnh tỉnh", "Khai mạc Liên hoan phim"},
		{"Công tác lãnh đạo các đoàn thể chính trị - xã hội trong tình hình mới", "", "Công tác lãnh đạo các đoàn thể chính trị - xã hội trong tình hình mới"},
		{"Tin tức - Cổng thông tin điện tử tỉnh Quảng Bình", "", "Tin tức - Cổng thông tin điện tử tỉnh Quảng Bình"},
		{"UBND tỉnh họp phiên thường kỳ tháng 6 :: UBND tỉnh Lâm Đồng", "", "UBND tỉnh họp phiên thường kỳ tháng 6"},
	}
	for _, tc := range tests {
		t.Run(tc.title, func(t *testing.T) {
			if got := trimSiteName(tc.title, tc.site); got != tc.want {
				t.Errorf("trimSiteName(%q, %q) = %q, want %q", tc.title, tc.site, got, tc.want)
			}
		})
	}
}

func TestLooksVietnamese(t *testing.T) {
	if !looksVietnamese("Sở Văn hóa, Thể thao và Du lịch tổ chức hội nghị") {
		t.Error("Vietnamese not recognised")
	}
	if looksVietnamese("The committee met on Monday to discuss the budget") {
		t.Error("English taken for Vietnamese")
	}
}

func TestLabelledAuthor(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Tác giả: Nguyễn Văn Hùng", "Nguyễn Văn Hùng"},
		{"Người viết: Lê Thị Hoa 12/03/2024", "Lê Thị Hoa"},
		{"Bài và ảnh: Minh Thu", "Minh Thu"},
		{"By Jane Doe", "Jane Doe"},
		{"The report was published by the ministry on Monday", ""},
		{"Tác giả bài thơ đã trình bày tại hội nghị", ""},
	}
	for _, tc := range tests {
		if got := labelledAuthor(tc.in); got != tc.want {
			t.Errorf("labelledAuthor(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

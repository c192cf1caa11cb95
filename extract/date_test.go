package extract

import (
	"testing"
)

func TestParseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string // Timestamp.String(); "" for no date
	}{
		{"Thứ Sáu, 15/09/2023 08:30", "2023-09-15T08:30:00+07:00"},
		{"Ngày đăng: 15-09-2023", "2023-09-15"},
		{"Cập nhật lúc 14:05 ngày 03/10/2022", "2022-10-03T14:05:00+07:00"},
		{"15/9/2023", "2023-09-15"},
		{"ngày 15 tháng 9 năm 2023", "2023-09-15"},
		{"Hà Nội, Ngày 5 tháng 12 năm 2023", "2023-12-05"},
		{"15.09.2023", "2023-09-15"},
		{"(15/09/2023 - 8h30)", "2023-09-15T08:30:00+07:00"},
		{"08:30 SA 15/09/2023", "2023-09-15T08:30:00+07:00"},
		{"02:15 CH, 15/09/2023", "2023-09-15T14:15:00+07:00"},
		{"15/09/2023 | 16:45:10", "2023-09-15T16:45:10+07:00"},
		{"15/09/2023 lúc 9 giờ 05", "2023-09-15T09:05:00+07:00"},
		{"2023-09-15T08:30:00+07:00", "2023-09-15T08:30:00+07:00"},
		{"2023-09-15T01:30:00Z", "2023-09-15T01:30:00Z"},
		{"2023-09-15 08:30", "2023-09-15T08:30:00+07:00"},
		{"2023-09-15", "2023-09-15"},
		{"November 19, 2019 10:30 pm", "2019-11-19T22:30:00+07:00"},
		{"19 Nov 2019", "2019-11-19"},
		{"15/09/23", "2023-09-15"},
		{"09/15/2023", "2023-09-15"}, // month-first only when day-first is impossible
		// Not dates: counters, phone numbers, versions, impossible days, bare day/month.
		{"Thống kê: 9.544.977", ""},
		{"Online: 37", ""},
		{"Điện thoại: 0912.345.678", ""},
		{"phiên bản 1.2.23", ""},
		{"31/02/2023", ""},
		{"Sáng 15/9, Sở tổ chức hội nghị", ""},
		{"45/13/2023", ""},
		{"", ""},
		{"2023-09-15-12345", ""},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			ts, ok := ParseDate(tc.in)
			if ok != (tc.want != "") {
				t.Fatalf("ParseDate(%q) ok = %v (%s), want %q", tc.in, ok, ts, tc.want)
			}
			if got := ts.String(); got != tc.want {
				t.Errorf("ParseDate(%q) = %q, want %q", tc.in, got, tc.want)
			}
		})
	}
}

func TestMetaLineDates(t *testing.T) {
	tests := []struct {
		in       string
		pub, mod string
		ok       bool
	}{
		{"Ngày đăng: 03-10-2022 | Cập nhật lúc 14:05 ngày 04/10/2022", "2022-10-03", "2022-10-04T14:05:00+07:00", true},
		{"Cập nhật lúc 14:05 ngày 03/10/2022", "2022-10-03T14:05:00+07:00", "", true},
		{"Thứ Sáu, 15/09/2023 08:30 | Lượt xem: 1.253", "2023-09-15T08:30:00+07:00", "", true},
		// A sentence that mentions a date is body text, not a date line.
		{"Ngày 15/9/2023, Sở Văn hóa tổ chức hội nghị tổng kết công tác năm với sự tham gia của hơn hai trăm đại biểu đến từ các đơn vị trực thuộc.", "", "", false},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			pub, mod, ok := metaLineDates(tc.in)
			if ok != tc.ok || pub.String() != tc.pub || mod.String() != tc.mod {
				t.Errorf("metaLineDates(%q) = %s, %s, %v; want %s, %s, %v", tc.in, pub, mod, ok, tc.pub, tc.mod, tc.ok)
			}
		})
	}
}

package warc

import "testing"

func TestSURT(t *testing.T) {
	tests := []struct{ in, want string }{
		{"http://www.hanoi.gov.vn/tin-tuc/A.html", "vn,gov,hanoi)/tin-tuc/a.html"},
		{"https://sonoivu.hanoi.gov.vn:443/?b=2&a=1", "vn,gov,hanoi,sonoivu)/?a=1&b=2"},
		{"http://127.0.0.1:8080/x", "1,0,0,127:8080)/x"},
		{"http://[::1]:8080/x", "::1:8080)/x"},
		{"http://Example.COM", "com,example)/"},
		{"not a url", "not a url"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := SURT(tt.in); got != tt.want {
				t.Errorf("SURT(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestRecordCDXJAndSite(t *testing.T) {
	var b []byte
	b = append(b, EncodeWarcinfo("f.warc.gz", "sở nội vụ", "bantin-test", baseTime)...)
	ex := exchange("http://www.hanoi.gov.vn/tin?id=1", "<p>x</p>")
	enc := EncodeExchange(ex, baseTime, Digest(ex.Body), nil)
	b = append(b, enc.Data...)
	rd := NewReader(bytesReader(b), 0)
	info, err := rd.Next()
	if err != nil || info.Type != TypeWarcinfo || info.InfoField("software") != "bantin-test" {
		t.Fatalf("warcinfo: %+v %v", info, err)
	}
	rec, err := rd.Next()
	if err != nil {
		t.Fatal(err)
	}
	if rec.Site != "sở nội vụ" {
		t.Errorf("Site = %q", rec.Site)
	}
	want := `vn,gov,hanoi)/tin?id=1 20261127030000 {"url":"http://www.hanoi.gov.vn/tin?id=1","mime":"text/html","status":"200","digest":"` +
		Digest(ex.Body)[5:] + `","length":"` + itoa(enc.MainLen) + `","offset":"` + itoa(rec.Offset) + `","filename":"f.warc.gz"}` + "\n"
	if got := string(RecordCDXJ(rec, "f.warc.gz")); got != want {
		t.Errorf("RecordCDXJ =\n%s\nwant\n%s", got, want)
	}
}

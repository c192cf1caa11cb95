package warc

import (
	"bytes"
	"errors"
	"io"
	"testing"
	"time"
)

// sampleWARC builds a small WARC in memory: warcinfo, response, request, revisit, request.
func sampleWARC(t testing.TB) []byte {
	t.Helper()
	var b bytes.Buffer
	b.Write(EncodeWarcinfo("sample.warc.gz", "sotest", "bantin-test", baseTime))
	ex := exchange("http://127.0.0.1:8080/a.html", "<p>Chào</p>")
	enc := EncodeExchange(ex, baseTime, Digest(ex.Body), nil)
	b.Write(enc.Data)
	rev := EncodeExchange(ex, baseTime.Add(time.Hour), Digest(ex.Body), &Prior{URL: ex.URL, RecordID: enc.RecordID, Date: baseTime})
	b.Write(rev.Data)
	return b.Bytes()
}

func TestReaderGarbage(t *testing.T) {
	good := sampleWARC(t)
	tests := []struct {
		name    string
		data    []byte
		records int // read before the error
		wantErr bool
	}{
		{"empty", nil, 0, false},
		{"good", good, 5, false},
		{"garbage", []byte("this is not gzip at all"), 0, true},
		{"truncated in the middle", good[:len(good)/2], 2, true},
		{"one byte short", good[:len(good)-1], 4, true},
		{"trailing junk", append(append([]byte{}, good...), 0x1f, 0x8b, 0), 5, true},
		{"gzip of non-WARC", gz([]byte("hello world\r\n\r\n")), 0, true},
		{"huge content-length", gz([]byte("WARC/1.1\r\nContent-Length: 99999999999999\r\n\r\nabc")), 0, true},
		{"negative content-length", gz([]byte("WARC/1.1\r\nContent-Length: -5\r\n\r\n")), 0, true},
		{"bad http status", gz([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http; msgtype=response\r\nContent-Length: 10\r\n\r\nHTTP/1.1 X\r\n\r\n\r\n")), 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rd := NewReader(bytes.NewReader(tt.data), 0)
			n := 0
			var err error
			for {
				var rec *Record
				rec, err = rd.Next()
				if err != nil {
					break
				}
				n++
				if rec.Length <= 0 {
					t.Errorf("record %d has length %d", n, rec.Length)
				}
			}
			if n != tt.records {
				t.Errorf("read %d records, want %d", n, tt.records)
			}
			if tt.wantErr != (err != io.EOF) {
				t.Errorf("err = %v, wantErr %v", err, tt.wantErr)
			}
			if err != io.EOF && !errors.Is(err, ErrCorrupt) {
				t.Errorf("err %v does not wrap ErrCorrupt", err)
			}
		})
	}
}

func gz(b []byte) []byte {
	var out bytes.Buffer
	gzipMember(&out, b)
	return out.Bytes()
}

func TestReadRecordAt(t *testing.T) {
	data := sampleWARC(t)
	rd := NewReader(bytes.NewReader(data), 0)
	var recs []*Record
	for {
		rec, err := rd.Next()
		if err != nil {
			break
		}
		recs = append(recs, rec)
	}
	for _, want := range recs {
		got, err := ReadRecordAt(bytes.NewReader(data), want.Offset, want.Length)
		if err != nil {
			t.Fatalf("ReadRecordAt(%d, %d): %v", want.Offset, want.Length, err)
		}
		if got.ID != want.ID || !bytes.Equal(got.Block, want.Block) {
			t.Errorf("record at %d differs", want.Offset)
		}
	}
	for _, bad := range [][2]int64{{0, 0}, {-1, 10}, {1, 10}, {int64(len(data)), 10}} {
		if _, err := ReadRecordAt(bytes.NewReader(data), bad[0], bad[1]); !errors.Is(err, ErrCorrupt) {
			t.Errorf("ReadRecordAt(%d, %d) = %v, want ErrCorrupt", bad[0], bad[1], err)
		}
	}
}

// FuzzReadWARC: no input makes the reader panic, loop or report records outside the data,
// and every record it reports reads back alone at its offset.
func FuzzReadWARC(f *testing.F) {
	good := sampleWARC(f)
	f.Add(good)
	f.Add(good[:len(good)/3])
	f.Add([]byte("WARC/1.1\r\n\r\n"))
	f.Add(gz([]byte("WARC/1.1\r\nWARC-Type: response\r\nContent-Type: application/http\r\nContent-Length: 5\r\n\r\nHTTP/\r\n\r\n")))
	f.Fuzz(func(t *testing.T, data []byte) {
		rd := NewReader(bytes.NewReader(data), 0)
		last := int64(-1)
		for range 1000 {
			rec, err := rd.Next()
			if err != nil {
				if err != io.EOF && !errors.Is(err, ErrCorrupt) {
					t.Fatalf("error %v does not wrap ErrCorrupt", err)
				}
				return
			}
			if rec.Offset <= last || rec.Offset+rec.Length > int64(len(data)) || rec.Length <= 0 {
				t.Fatalf("record at %d+%d in %d bytes (previous at %d)", rec.Offset, rec.Length, len(data), last)
			}
			last = rec.Offset
			_ = rec.CheckDigests()
			_ = RecordCDXJ(rec, "f.warc.gz")
			again, err := ReadRecordAt(bytes.NewReader(data), rec.Offset, rec.Length)
			if err != nil || !bytes.Equal(again.Block, rec.Block) {
				t.Fatalf("record at %d does not read back alone: %v", rec.Offset, err)
			}
		}
	})
}

package warc

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/bantin/bantin"
)

var baseTime = time.Date(2026, 11, 27, 3, 0, 0, 0, time.UTC)

// exchange builds a 200 text/html exchange of url with body.
func exchange(url, body string) *bantin.Exchange {
	return &bantin.Exchange{
		URL:        url,
		Method:     http.MethodGet,
		ReqHeader:  http.Header{"User-Agent": {"bantin-test"}},
		Status:     http.StatusOK,
		Proto:      "HTTP/1.1",
		RespHeader: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Content-Length": {fmt.Sprint(len(body))}},
		Body:       []byte(body),
		FetchedAt:  baseTime,
		IP:         "127.0.0.1",
	}
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

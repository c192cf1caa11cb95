package testsite

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// FuzzPortalRequest sends arbitrary request targets to every family's handler: no panic, and
// only the statuses a portal gives.
func FuzzPortalRequest(f *testing.F) {
	for _, s := range []string{"/", "/tin-tuc/a-1.html", "/danh-muc/tin-hoat-dong/trang-2", "/Pages/chi-tiet-tin.aspx?ItemID=3",
		"/?p=4", "/2024/05/31/a-5/", "/tin-tuc/tin-giao-duc/ArticleId/6/x", "/van-hoa?_101_INSTANCE_x_cur=2", "/sitemap-1.xml",
		"/lich-cong-tac?ngay=2024-01-01", "/tin-cu/7", "/a;jsessionid=1", "/upload/images/2024/tin-1-1.jpg", "/uploads/x.pdf"} {
		f.Add(s)
	}
	srv := &Server{opts: Options{Seed: 1}, now: DefaultStart, attempts: map[string]uint64{}}
	tl := &timeline{seed: 1, start: DefaultStart, n0: 30}
	var handlers []http.Handler
	for _, fam := range Families() {
		p := newPortal(fam, tl)
		p.base = "http://127.0.0.1:1"
		srv.portals = append(srv.portals, p)
		handlers = append(handlers, srv.portalHandler(p))
	}
	f.Fuzz(func(t *testing.T, target string) {
		if len(target) == 0 || target[0] != '/' {
			return
		}
		for _, h := range handlers {
			req, err := http.NewRequest(http.MethodGet, "http://127.0.0.1:1"+target, nil)
			if err != nil {
				return
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			switch rec.Code {
			case 200, 301, 302, 400, 404, 410:
			default:
				t.Fatalf("%s: status %d", target, rec.Code)
			}
		}
	})
}

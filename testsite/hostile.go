package testsite

import "net/http"

const hostileName = "hostile"

// hostile is the misbehaving portal (Options.Hostile).
type hostile struct {
	base string
	seed int64
}

func (h *hostile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	http.NotFound(w, r)
}

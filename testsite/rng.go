package testsite

import (
	"hash/fnv"
	"math"
)

// rng is a small deterministic generator (splitmix64). Every generated thing derives its own
// rng from (seed, portal, article, purpose), so any article can be produced on demand.
type rng struct{ s uint64 }

func mix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// hashOf combines values into one 64-bit key.
func hashOf(parts ...uint64) uint64 {
	h := uint64(0x243f6a8885a308d3)
	for _, p := range parts {
		h = mix(h ^ p)
	}
	return h
}

// strHash hashes a string for use in hashOf.
func strHash(s string) uint64 {
	f := fnv.New64a()
	f.Write([]byte(s))
	return f.Sum64()
}

func newRng(parts ...uint64) *rng { return &rng{s: hashOf(parts...)} }

func (r *rng) next() uint64 {
	r.s += 0x9e3779b97f4a7c15
	z := r.s
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// intn returns a value in [0, n); 0 when n <= 0.
func (r *rng) intn(n int) int {
	if n <= 0 {
		return 0
	}
	return int(r.next() % uint64(n))
}

// between returns a value in [lo, hi].
func (r *rng) between(lo, hi int) int { return lo + r.intn(hi-lo+1) }

// float returns a value in [0, 1).
func (r *rng) float() float64 { return float64(r.next()>>11) / (1 << 53) }

// chance is true with probability p.
func (r *rng) chance(p float64) bool { return r.float() < p }

// pick returns a uniformly chosen element.
func pick[T any](r *rng, xs []T) T { return xs[r.intn(len(xs))] }

// zipf draws an index in [0, n) with probability proportional to 1/(k+1)^s, by inverting the
// continuous approximation of the cumulative distribution (no tables, any n).
func (r *rng) zipf(n int, s float64) int {
	if n <= 1 {
		return 0
	}
	u := r.float()
	if s == 1 {
		k := int(math.Exp(u*math.Log(float64(n)+1))) - 1
		return clamp(k, 0, n-1)
	}
	a := 1 - s
	hi := math.Pow(float64(n)+1, a)
	k := int(math.Pow(1+u*(hi-1), 1/a)) - 1
	return clamp(k, 0, n-1)
}

// zpick picks from xs with Zipf weights: the first elements are the common ones.
func zpick[T any](r *rng, xs []T) T { return xs[r.zipf(len(xs), 1.05)] }

func clamp(v, lo, hi int) int {
	if v < lo {
		return lo
	}
	if v > hi {
		return hi
	}
	return v
}

package testsite

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"sync"
)

var (
	assetOnce sync.Once
	pngBytes  []byte
	jpegBytes []byte
)

func makeAssets() {
	img := image.NewRGBA(image.Rect(0, 0, 16, 12))
	for y := 0; y < 12; y++ {
		for x := 0; x < 16; x++ {
			img.Set(x, y, color.RGBA{uint8(40 + x*12), uint8(90 + y*10), 160, 255})
		}
	}
	var b bytes.Buffer
	png.Encode(&b, img)
	pngBytes = append([]byte(nil), b.Bytes()...)
	b.Reset()
	jpeg.Encode(&b, img, &jpeg.Options{Quality: 70})
	jpegBytes = append([]byte(nil), b.Bytes()...)
}

// imageBytes returns a tiny real picture for an image path: PNG or JPEG by extension.
func imageBytes(path string) ([]byte, string) {
	assetOnce.Do(makeAssets)
	switch {
	case strings.HasSuffix(path, ".jpg") || strings.HasSuffix(path, ".jpeg"):
		return jpegBytes, "image/jpeg"
	case strings.HasSuffix(path, ".gif"):
		return gifBytes, "image/gif"
	case strings.HasSuffix(path, ".ico"):
		return pngBytes, "image/png"
	}
	return pngBytes, "image/png"
}

// gifBytes is a 1×1 transparent GIF.
var gifBytes = []byte("GIF89a\x01\x00\x01\x00\x80\x00\x00\x00\x00\x00\xff\xff\xff!\xf9\x04\x01\x00\x00\x00\x00,\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")

// pdfBytes returns a minimal valid one-page PDF (correct xref offsets) naming the document.
func pdfBytes(dept, name string) []byte {
	text := strings.NewReplacer("(", "", ")", "", "\\", "").Replace(slugify(dept) + " - " + name)
	stream := fmt.Sprintf("BT /F1 14 Tf 72 720 Td (%s) Tj ET", text)
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

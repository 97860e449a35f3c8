package media_test

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// mustJPEG returns a w×h JPEG whose left half is red and right half blue.
func mustJPEG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := color.RGBA{R: 220, G: 20, B: 20, A: 255}
			if x >= w/2 {
				c = color.RGBA{R: 20, G: 20, B: 220, A: 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// withEXIF inserts, after the start-of-image marker of a JPEG, an APP1
// EXIF segment with the orientation tag, a camera make and a GPS
// position (52°N 13°E), as phones write them.
func withEXIF(t testing.TB, jpg []byte, orientation uint16) []byte {
	t.Helper()
	le := binary.LittleEndian
	var tiff bytes.Buffer
	w := func(v any) { binary.Write(&tiff, le, v) }
	tiff.WriteString("II")
	w(uint16(42))
	w(uint32(8)) // IFD0 at 8
	// IFD0: 3 entries: Make (ASCII, offset), Orientation (SHORT), GPSInfo (LONG offset).
	const ifd0 = 8
	const ifd0Len = 2 + 3*12 + 4
	makeOff := ifd0 + ifd0Len
	makeStr := "PressCam\x00"
	gpsOff := makeOff + len(makeStr) + 1 // keep even
	w(uint16(3))
	w(uint16(0x010f))
	w(uint16(2))
	w(uint32(len(makeStr)))
	w(uint32(makeOff))
	w(uint16(0x0112))
	w(uint16(3))
	w(uint32(1))
	w(orientation)
	w(uint16(0))
	w(uint16(0x8825))
	w(uint16(4))
	w(uint32(1))
	w(uint32(gpsOff))
	w(uint32(0)) // no next IFD
	tiff.WriteString(makeStr)
	tiff.WriteByte(0)
	// GPS IFD: LatitudeRef "N", Latitude 52/1 0/1 0/1, LongitudeRef "E", Longitude 13/1 0/1 0/1.
	const gpsLen = 2 + 4*12 + 4
	latOff := gpsOff + gpsLen
	lonOff := latOff + 24
	w(uint16(4))
	w(uint16(1))
	w(uint16(2))
	w(uint32(2))
	tiff.WriteString("N\x00\x00\x00")
	w(uint16(2))
	w(uint16(5))
	w(uint32(3))
	w(uint32(latOff))
	w(uint16(3))
	w(uint16(2))
	w(uint32(2))
	tiff.WriteString("E\x00\x00\x00")
	w(uint16(4))
	w(uint16(5))
	w(uint32(3))
	w(uint32(lonOff))
	w(uint32(0))
	for _, v := range []uint32{52, 1, 0, 1, 0, 1, 13, 1, 0, 1, 0, 1} {
		w(v)
	}
	payload := append([]byte("Exif\x00\x00"), tiff.Bytes()...)
	seg := []byte{0xff, 0xe1, 0, 0}
	binary.BigEndian.PutUint16(seg[2:], uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// mustPNG returns a w×h PNG with a horizontal alpha gradient and a tEXt
// chunk carrying a comment.
func mustPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.NRGBA{R: 10, G: 120, B: 60, A: uint8(55 + 200*x/w)})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	b := buf.Bytes()
	// Insert a tEXt chunk after IHDR (8-byte signature + 25-byte IHDR).
	text := []byte("Comment\x00secret location")
	chunk := make([]byte, 8, 12+len(text))
	binary.BigEndian.PutUint32(chunk, uint32(len(text)))
	copy(chunk[4:], "tEXt")
	chunk = append(chunk, text...)
	chunk = binary.BigEndian.AppendUint32(chunk, crc32.ChecksumIEEE(chunk[4:]))
	out := append([]byte{}, b[:33]...)
	out = append(out, chunk...)
	return append(out, b[33:]...)
}

// mustWebP returns a lossless (VP8L) WebP of w×h pixels all of one colour,
// written bit by bit: a header, no transforms, and five prefix codes of
// one symbol each, so that every pixel costs no bits at all.
func mustWebP(t testing.TB, w, h int, c color.NRGBA) []byte {
	t.Helper()
	var bw bitWriter
	bw.write(0x2f, 8) // VP8L signature
	bw.write(uint32(w-1), 14)
	bw.write(uint32(h-1), 14)
	alpha := uint32(0)
	if c.A != 255 {
		alpha = 1
	}
	bw.write(alpha, 1)
	bw.write(0, 3) // version
	bw.write(0, 1) // no transform
	bw.write(0, 1) // no colour cache
	bw.write(0, 1) // no meta prefix codes
	for _, sym := range []uint8{c.G, c.R, c.B, c.A} {
		bw.write(1, 1) // simple code
		bw.write(0, 1) // one symbol
		bw.write(1, 1) // of 8 bits
		bw.write(uint32(sym), 8)
	}
	// Distance code: one symbol, 0, in 1 bit.
	bw.write(1, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	bw.write(0, 1)
	data := bw.bytes()
	var chunk bytes.Buffer
	chunk.WriteString("VP8L")
	binary.Write(&chunk, binary.LittleEndian, uint32(len(data)))
	chunk.Write(data)
	if len(data)%2 == 1 {
		chunk.WriteByte(0)
	}
	var out bytes.Buffer
	out.WriteString("RIFF")
	binary.Write(&out, binary.LittleEndian, uint32(4+chunk.Len()))
	out.WriteString("WEBP")
	out.Write(chunk.Bytes())
	return out.Bytes()
}

type bitWriter struct {
	buf   []byte
	acc   uint64
	nbits uint
}

func (b *bitWriter) write(v uint32, n uint) {
	b.acc |= uint64(v) << b.nbits
	b.nbits += n
	for b.nbits >= 8 {
		b.buf = append(b.buf, byte(b.acc))
		b.acc >>= 8
		b.nbits -= 8
	}
}

func (b *bitWriter) bytes() []byte {
	if b.nbits > 0 {
		return append(b.buf, byte(b.acc))
	}
	return b.buf
}

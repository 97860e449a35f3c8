package media_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strconv"
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/media"
	"github.com/pressroomhq/pressroom/internal/press"
)

func TestProcessJPEGStripsEXIFAndTurnsUpright(t *testing.T) {
	src := withEXIF(t, mustJPEG(t, 400, 200), 6)
	if got := media.JPEGOrientation(src); got != 6 {
		t.Fatalf("JPEGOrientation = %d, want 6", got)
	}
	if !bytes.Contains(src, []byte("PressCam")) {
		t.Fatal("fixture lacks its EXIF")
	}
	res, err := media.Process(src)
	if err != nil {
		t.Fatal(err)
	}
	if res.MimeType != "image/jpeg" || res.Ext != ".jpg" {
		t.Errorf("type = %s %s, want image/jpeg .jpg", res.MimeType, res.Ext)
	}
	// Orientation 6: the stored 400×200 image is shown turned a quarter
	// clockwise, so the upright one is 200×400 with the red half on top.
	if res.Width != 200 || res.Height != 400 {
		t.Errorf("size = %d×%d, want 200×400", res.Width, res.Height)
	}
	for _, leak := range []string{"Exif", "PressCam", "\xff\xe1"} {
		if bytes.Contains(res.Data, []byte(leak)) {
			t.Errorf("stored JPEG still contains %q", leak)
		}
	}
	if media.JPEGOrientation(res.Data) != 1 {
		t.Error("stored JPEG has an orientation")
	}
	img, err := jpeg.Decode(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 200 || b.Dy() != 400 {
		t.Fatalf("decoded size %v", b)
	}
	if !reddish(img.At(100, 50)) || reddish(img.At(100, 350)) {
		t.Errorf("top %v and bottom %v: want red on top, blue below", img.At(100, 50), img.At(100, 350))
	}
	// 200 wide: one variant, 320 and up are not smaller.
	if len(res.Variants) != 0 {
		t.Errorf("variants %d, want none for a 200-pixel-wide image", len(res.Variants))
	}
	if len(res.SHA256) != 64 {
		t.Errorf("sha256 %q", res.SHA256)
	}
}

func reddish(c color.Color) bool {
	r, _, b, _ := c.RGBA()
	return r > b*2
}

func TestOrientAll(t *testing.T) {
	// A 3×2 image with a distinct value per pixel, turned each way.
	src := image.NewGray(image.Rect(0, 0, 3, 2))
	for i := range src.Pix {
		src.Pix[i] = uint8(10 * (i + 1)) // 10 20 30 / 40 50 60
	}
	tests := []struct {
		o    int
		want [][]uint8
	}{
		{1, [][]uint8{{10, 20, 30}, {40, 50, 60}}},
		{2, [][]uint8{{30, 20, 10}, {60, 50, 40}}},
		{3, [][]uint8{{60, 50, 40}, {30, 20, 10}}},
		{4, [][]uint8{{40, 50, 60}, {10, 20, 30}}},
		{5, [][]uint8{{10, 40}, {20, 50}, {30, 60}}},
		{6, [][]uint8{{40, 10}, {50, 20}, {60, 30}}},
		{7, [][]uint8{{60, 30}, {50, 20}, {40, 10}}},
		{8, [][]uint8{{30, 60}, {20, 50}, {10, 40}}},
	}
	for _, tt := range tests {
		got := media.Orient(src, tt.o)
		for y, row := range tt.want {
			for x, v := range row {
				if g := color.GrayModel.Convert(got.At(x, y)).(color.Gray).Y; g != v {
					t.Errorf("Orient(%d) at %d,%d = %d, want %d", tt.o, x, y, g, v)
				}
			}
		}
	}
}

func TestProcessPNGKeepsAlphaDropsText(t *testing.T) {
	src := mustPNG(t, 700, 350)
	if !bytes.Contains(src, []byte("secret location")) {
		t.Fatal("fixture lacks its text chunk")
	}
	res, err := media.Process(src)
	if err != nil {
		t.Fatal(err)
	}
	if res.MimeType != "image/png" || res.Width != 700 || res.Height != 350 {
		t.Errorf("got %s %d×%d, want image/png 700×350", res.MimeType, res.Width, res.Height)
	}
	if bytes.Contains(res.Data, []byte("secret location")) || bytes.Contains(res.Data, []byte("tEXt")) {
		t.Error("stored PNG keeps the text chunk")
	}
	var sizes []string
	for _, v := range res.Variants {
		img, err := png.Decode(bytes.NewReader(v.Data))
		if err != nil {
			t.Fatalf("variant %d: %v", v.Width, err)
		}
		if img.Bounds().Dx() != v.Width || img.Bounds().Dy() != v.Height {
			t.Errorf("variant says %d×%d, is %v", v.Width, v.Height, img.Bounds())
		}
		if _, _, _, a := img.At(1, 1).RGBA(); a == 0xffff {
			t.Errorf("variant %d lost its transparency", v.Width)
		}
		sizes = append(sizes, strconv.Itoa(v.Width)+"x"+strconv.Itoa(v.Height))
	}
	if got, want := strings.Join(sizes, " "), "320x160 640x320"; got != want {
		t.Errorf("variants %s, want %s", got, want)
	}
}

func TestProcessWebP(t *testing.T) {
	t.Run("opaque becomes JPEG", func(t *testing.T) {
		src := mustWebP(t, 400, 10, color.NRGBA{R: 200, G: 100, B: 50, A: 255})
		if media.Sniff(src) != media.FormatWebP {
			t.Fatalf("Sniff = %q", media.Sniff(src))
		}
		res, err := media.Process(src)
		if err != nil {
			t.Fatal(err)
		}
		if res.MimeType != "image/jpeg" || res.Width != 400 || res.Height != 10 {
			t.Errorf("got %s %d×%d, want image/jpeg 400×10", res.MimeType, res.Width, res.Height)
		}
		if len(res.Variants) != 1 || res.Variants[0].Width != 320 || res.Variants[0].Height != 8 {
			t.Errorf("variants %+v, want one of 320×8", res.Variants)
		}
		img, err := jpeg.Decode(bytes.NewReader(res.Data))
		if err != nil {
			t.Fatal(err)
		}
		if r, g, b, _ := img.At(5, 5).RGBA(); r>>8 < 180 || g>>8 < 80 || g>>8 > 120 || b>>8 > 80 {
			t.Errorf("colour %v, want about 200,100,50", img.At(5, 5))
		}
	})
	t.Run("transparent becomes PNG", func(t *testing.T) {
		res, err := media.Process(mustWebP(t, 8, 8, color.NRGBA{R: 1, G: 2, B: 3, A: 128}))
		if err != nil {
			t.Fatal(err)
		}
		if res.MimeType != "image/png" || res.Ext != ".png" {
			t.Errorf("got %s %s, want image/png .png", res.MimeType, res.Ext)
		}
	})
}

func TestProcessGIFKeepsFrames(t *testing.T) {
	pal := color.Palette{color.Black, color.White}
	g := &gif.GIF{LoopCount: 0}
	for i := 0; i < 3; i++ {
		f := image.NewPaletted(image.Rect(0, 0, 500, 20), pal)
		f.Pix[i] = 1
		g.Image = append(g.Image, f)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, g); err != nil {
		t.Fatal(err)
	}
	res, err := media.Process(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	out, err := gif.DecodeAll(bytes.NewReader(res.Data))
	if err != nil {
		t.Fatal(err)
	}
	if len(out.Image) != 3 || res.MimeType != "image/gif" {
		t.Errorf("%s with %d frames, want image/gif with 3", res.MimeType, len(out.Image))
	}
	if len(res.Variants) != 1 || media.Sniff(res.Variants[0].Data) != media.FormatPNG {
		t.Errorf("want one PNG variant, got %d", len(res.Variants))
	}
}

func TestProcessRefuses(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"text renamed .jpg", "Dear editor, this is not a photo.\n", "plain text"},
		{"SVG", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`, "SVG"},
		{"HTML", "<!DOCTYPE html><html><body><script>alert(1)</script></body></html>", "HTML"},
		{"PDF", "%PDF-1.7\n...", "PDF"},
		{"empty", "", "empty"},
		{"truncated JPEG", "\xff\xd8\xff\xe0\x00\x10JFIF", "cannot be read"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := media.Process([]byte(tt.data))
			var v *press.ValidationError
			if !errors.As(err, &v) {
				t.Fatalf("err = %v, want a validation error", err)
			}
			if msg := v.Message("file"); !strings.Contains(msg, tt.want) {
				t.Errorf("message %q does not name %q", msg, tt.want)
			}
		})
	}
}

func TestProcessRefusesHugeDimensions(t *testing.T) {
	// A valid PNG header claiming 100000×100000 pixels.
	var buf bytes.Buffer
	png.Encode(&buf, image.NewGray(image.Rect(0, 0, 1, 1)))
	b := buf.Bytes()
	b[16], b[17], b[18], b[19] = 0, 1, 0x86, 0xa0
	b[20], b[21], b[22], b[23] = 0, 1, 0x86, 0xa0
	binary.BigEndian.PutUint32(b[29:], crc32.ChecksumIEEE(b[12:29]))
	_, err := media.Process(b)
	if !errors.Is(err, press.ErrInvalid) || !strings.Contains(err.Error(), "megapixels") {
		t.Errorf("err = %v, want a megapixel validation error", err)
	}
}

func TestReadAll(t *testing.T) {
	data, err := media.ReadAll(strings.NewReader("12345"), 5)
	if err != nil || string(data) != "12345" {
		t.Errorf("at the limit: %q, %v", data, err)
	}
	// An endless reader shows the limit is applied while reading.
	_, err = media.ReadAll(endless{}, 1<<20)
	if !errors.Is(err, media.ErrTooLarge) || !strings.Contains(err.Error(), "1 MB") {
		t.Errorf("over the limit: %v, want ErrTooLarge naming 1 MB", err)
	}
}

type endless struct{}

func (endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 'x'
	}
	return len(p), nil
}

func TestSrcset(t *testing.T) {
	m := press.Media{Path: "2026/11/a.jpg", Width: 1000, Variants: []press.Variant{
		{Path: "2026/11/a-320w.jpg", Width: 320}, {Path: "2026/11/a-640w.jpg", Width: 640}}}
	want := "/media/2026/11/a-320w.jpg 320w, /media/2026/11/a-640w.jpg 640w, /media/2026/11/a.jpg 1000w"
	if got := m.Srcset(); got != want {
		t.Errorf("Srcset = %q, want %q", got, want)
	}
	if got := (press.Media{Path: "x.jpg", Width: 10}).Srcset(); got != "" {
		t.Errorf("Srcset without variants = %q, want empty", got)
	}
}

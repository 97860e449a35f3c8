package media

import (
	"bytes"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"github.com/pressroomhq/pressroom/internal/press"
)

// DefaultMaxBytes is the default size limit of an upload: 20 MB.
const DefaultMaxBytes = 20 << 20

// MaxPixels bounds the decoded size of an image (width × height), so that
// a small file claiming enormous dimensions cannot exhaust memory.
const MaxPixels = 50_000_000

// Widths are the widths of the resized variants made for srcset; only
// those narrower than the original are made.
var Widths = []int{320, 640, 960, 1280, 1920}

// jpegQuality is the quality of every JPEG written: visually lossless for
// photographs at a third of the size of quality 100.
const jpegQuality = 85

// ErrTooLarge means an upload is bigger than the size limit. Nothing of it
// is stored. The HTTP layers answer 413.
var ErrTooLarge = errors.New("media: file too large")

// ReadAll reads r up to max bytes (DefaultMaxBytes when max <= 0). It
// stops reading as soon as r proves longer and returns an error matching
// ErrTooLarge, so an oversized upload is never held in memory whole.
func ReadAll(r io.Reader, max int64) ([]byte, error) {
	if max <= 0 {
		max = DefaultMaxBytes
	}
	data, err := io.ReadAll(io.LimitReader(r, max+1))
	if err != nil {
		return nil, fmt.Errorf("media: read upload: %w", err)
	}
	if int64(len(data)) > max {
		return nil, fmt.Errorf("%w: the limit is %s", ErrTooLarge, FormatBytes(max))
	}
	return data, nil
}

// FormatBytes writes n as people read sizes: "20 MB", "640 KB", "12 bytes".
func FormatBytes(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MB", n>>20)
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%d KB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}

// The formats accepted, as Sniff names them.
const (
	FormatJPEG = "jpeg"
	FormatPNG  = "png"
	FormatGIF  = "gif"
	FormatWebP = "webp"
)

// Sniff returns the image format of data from its first bytes ("jpeg",
// "png", "gif" or "webp"), or "" when it is none of them. The file's name
// and the type a browser claimed play no part.
func Sniff(data []byte) string {
	switch {
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		return FormatJPEG
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return FormatPNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return FormatGIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return FormatWebP
	}
	return ""
}

// Describe names what data looks like, for the message refusing it: "an
// SVG image", "an HTML document", "a PDF document", "plain text", …
func Describe(data []byte) string {
	head := data[:min(len(data), 1024)]
	lower := strings.ToLower(string(head))
	trimmed := strings.TrimLeft(lower, "\ufeff \t\r\n")
	switch {
	case len(data) == 0:
		return "an empty file"
	case Sniff(data) != "":
		return "a " + strings.ToUpper(Sniff(data)) + " image"
	case strings.Contains(lower, "<svg"):
		return "an SVG image (image/svg+xml)"
	case strings.HasPrefix(trimmed, "<!doctype html"), strings.HasPrefix(trimmed, "<html"),
		strings.Contains(lower, "<script"), strings.Contains(lower, "<body"), strings.Contains(lower, "<head"):
		return "an HTML document (text/html)"
	case strings.HasPrefix(trimmed, "<?xml"):
		return "an XML document (text/xml)"
	case bytes.HasPrefix(data, []byte("%PDF-")):
		return "a PDF document (application/pdf)"
	case bytes.HasPrefix(data, []byte("BM")):
		return "a BMP image (image/bmp)"
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return "a TIFF image (image/tiff)"
	case len(data) >= 12 && string(data[4:8]) == "ftyp":
		switch string(data[8:12]) {
		case "heic", "heix", "mif1", "msf1", "hevc":
			return "a HEIC image (image/heic)"
		case "avif", "avis":
			return "an AVIF image (image/avif)"
		}
		return "a video or MP4 file"
	case bytes.HasPrefix(data, []byte("PK\x03\x04")):
		return "a ZIP archive (application/zip)"
	case bytes.HasPrefix(data, []byte("\x00\x00\x01\x00")):
		return "an icon (image/x-icon)"
	case utf8.Valid(head) && !bytes.ContainsRune(head, 0):
		return "plain text (text/plain)"
	}
	return "an unrecognised file (application/octet-stream)"
}

// Unsupported returns the validation error on field "file" refusing data,
// naming what was found.
func Unsupported(data []byte) error {
	var v press.ValidationError
	v.Add("file", "is "+Describe(data)+"; upload a JPEG, PNG, GIF or WebP image")
	return &v
}

// Result is an upload made ready to store: the original re-encoded
// without metadata and turned upright, and its smaller variants.
type Result struct {
	MimeType string // of Data: image/jpeg, image/png or image/gif
	Ext      string // ".jpg", ".png" or ".gif"
	Width    int
	Height   int
	Data     []byte
	Variants []Encoded // narrowest first
	SHA256   string    // hex digest of the bytes uploaded, for finding duplicates
}

// Encoded is one resized variant.
type Encoded struct {
	Width, Height int
	Data          []byte
}

// Process checks that data is a JPEG, PNG, GIF or WebP image by its
// content and prepares it for storage:
//
//   - the image is decoded and encoded again, which leaves behind every
//     piece of metadata (EXIF with its GPS position, XMP, IPTC, comments,
//     colour profiles);
//   - a JPEG's EXIF orientation is applied first, so photos stay upright;
//   - JPEG stays JPEG, PNG stays PNG, GIF stays GIF (every frame of an
//     animation), WebP becomes PNG when it has transparency, JPEG otherwise;
//   - variants are made at each of Widths narrower than the image, with
//     Catmull-Rom resampling, as JPEG or PNG like the original (a GIF's
//     variants are PNG stills of its first frame).
//
// Anything else is a *press.ValidationError on field "file" naming what
// was found; so is an image that does not decode or exceeds MaxPixels.
func Process(data []byte) (*Result, error) {
	format := Sniff(data)
	if format == "" {
		return nil, Unsupported(data)
	}
	sum := sha256.Sum256(data)
	res := &Result{SHA256: hex.EncodeToString(sum[:])}

	cfg, err := decodeConfig(format, data)
	if err != nil {
		return nil, broken(format, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 || int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		var v press.ValidationError
		v.Add("file", fmt.Sprintf("is %d × %d pixels; images may have at most %d megapixels", cfg.Width, cfg.Height, MaxPixels/1_000_000))
		return nil, &v
	}

	var img image.Image
	var out string // output format: jpeg, png or gif
	switch format {
	case FormatJPEG:
		if img, err = jpeg.Decode(bytes.NewReader(data)); err != nil {
			return nil, broken(format, err)
		}
		img = Orient(img, JPEGOrientation(data))
		out = FormatJPEG
	case FormatPNG:
		if img, err = png.Decode(bytes.NewReader(data)); err != nil {
			return nil, broken(format, err)
		}
		out = FormatPNG
	case FormatWebP:
		if img, err = webp.Decode(bytes.NewReader(data)); err != nil {
			return nil, broken(format, err)
		}
		out = FormatJPEG
		if !opaque(img) {
			out = FormatPNG
		}
	case FormatGIF:
		g, err := gif.DecodeAll(bytes.NewReader(data))
		if err != nil || len(g.Image) == 0 {
			return nil, broken(format, err)
		}
		if res.Data, err = encodeGIF(g); err != nil {
			return nil, err
		}
		img = g.Image[0]
		if g.Config.Width > 0 && g.Config.Height > 0 {
			// The first frame may cover part of the canvas only.
			canvas := image.NewRGBA(image.Rect(0, 0, g.Config.Width, g.Config.Height))
			draw.Draw(canvas, img.Bounds(), img, img.Bounds().Min, draw.Over)
			img = canvas
		}
		res.MimeType, res.Ext = "image/gif", ".gif"
	}
	b := img.Bounds()
	res.Width, res.Height = b.Dx(), b.Dy()
	if res.Data == nil {
		if res.Data, err = encode(img, out); err != nil {
			return nil, err
		}
		res.MimeType, res.Ext = mimeOf(out)
	}

	variantFormat := out
	if format == FormatGIF {
		variantFormat = FormatPNG
	}
	for _, w := range Widths {
		if w >= res.Width {
			break
		}
		h := max(1, (res.Height*w+res.Width/2)/res.Width)
		dst := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
		enc, err := encode(dst, variantFormat)
		if err != nil {
			return nil, err
		}
		res.Variants = append(res.Variants, Encoded{Width: w, Height: h, Data: enc})
	}
	return res, nil
}

// VariantExt is the extension of the variants of an original with ext.
func VariantExt(ext string) string {
	if ext == ".gif" {
		return ".png"
	}
	return ext
}

func decodeConfig(format string, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch format {
	case FormatJPEG:
		return jpeg.DecodeConfig(r)
	case FormatPNG:
		return png.DecodeConfig(r)
	case FormatGIF:
		return gif.DecodeConfig(r)
	case FormatWebP:
		return webp.DecodeConfig(r)
	}
	return image.Config{}, errors.New("unknown format")
}

func broken(format string, err error) error {
	var v press.ValidationError
	v.Add("file", "looks like a "+strings.ToUpper(format)+" image but cannot be read; it may be damaged or truncated")
	_ = err
	return &v
}

func mimeOf(format string) (mime, ext string) {
	switch format {
	case FormatPNG:
		return "image/png", ".png"
	case FormatGIF:
		return "image/gif", ".gif"
	}
	return "image/jpeg", ".jpg"
}

func encode(img image.Image, format string) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	switch format {
	case FormatPNG:
		err = (&png.Encoder{CompressionLevel: png.BestCompression}).Encode(&buf, img)
	default:
		err = jpeg.Encode(&buf, flatten(img), &jpeg.Options{Quality: jpegQuality})
	}
	if err != nil {
		return nil, fmt.Errorf("media: encode %s: %w", format, err)
	}
	return buf.Bytes(), nil
}

// encodeGIF writes g again: frames, delays, disposal and loop count, and
// none of the comment or application blocks that may carry metadata.
func encodeGIF(g *gif.GIF) ([]byte, error) {
	clean := &gif.GIF{Image: g.Image, Delay: g.Delay, LoopCount: g.LoopCount, Disposal: g.Disposal,
		Config: g.Config, BackgroundIndex: g.BackgroundIndex}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, clean); err != nil {
		return nil, fmt.Errorf("media: encode gif: %w", err)
	}
	return buf.Bytes(), nil
}

// flatten puts an image with transparency on white, since JPEG has no
// alpha channel (the encoder would otherwise show transparent pixels
// black).
func flatten(img image.Image) image.Image {
	if opaque(img) {
		return img
	}
	b := img.Bounds()
	dst := image.NewRGBA(b)
	draw.Draw(dst, b, image.NewUniform(color.White), image.Point{}, draw.Src)
	draw.Draw(dst, b, img, b.Min, draw.Over)
	return dst
}

func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xffff {
				return false
			}
		}
	}
	return true
}

// JPEGOrientation returns the EXIF orientation (1 to 8) of a JPEG, or 1
// when it has none or it cannot be read. Only the orientation tag of the
// first image directory is read; the rest of the metadata is ignored, and
// is discarded when the image is encoded again.
func JPEGOrientation(data []byte) int {
	if !bytes.HasPrefix(data, []byte{0xff, 0xd8}) {
		return 1
	}
	i := 2
	for i+4 <= len(data) {
		if data[i] != 0xff {
			return 1
		}
		marker := data[i+1]
		if marker == 0xff { // fill byte
			i++
			continue
		}
		if marker == 0xda || marker == 0xd9 { // start of scan, end of image: no EXIF before
			return 1
		}
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if n < 2 || i+2+n > len(data) {
			return 1
		}
		seg := data[i+4 : i+2+n]
		if marker == 0xe1 && bytes.HasPrefix(seg, []byte("Exif\x00\x00")) {
			return exifOrientation(seg[6:])
		}
		i += 2 + n
	}
	return 1
}

// exifOrientation reads tag 0x0112 from the first IFD of a TIFF structure.
func exifOrientation(t []byte) int {
	if len(t) < 8 {
		return 1
	}
	var bo binary.ByteOrder
	switch string(t[:2]) {
	case "II":
		bo = binary.LittleEndian
	case "MM":
		bo = binary.BigEndian
	default:
		return 1
	}
	if bo.Uint16(t[2:]) != 42 {
		return 1
	}
	off := int(bo.Uint32(t[4:]))
	if off < 8 || off+2 > len(t) {
		return 1
	}
	count := int(bo.Uint16(t[off:]))
	for k := 0; k < count; k++ {
		e := off + 2 + 12*k
		if e+12 > len(t) {
			return 1
		}
		if bo.Uint16(t[e:]) != 0x0112 {
			continue
		}
		if typ := bo.Uint16(t[e+2:]); typ != 3 { // SHORT
			return 1
		}
		if o := int(bo.Uint16(t[e+8:])); o >= 1 && o <= 8 {
			return o
		}
		return 1
	}
	return 1
}

// Orient returns img turned as EXIF orientation o says, so that it
// displays upright without the tag: 1 leaves it alone; 2–8 mirror and
// rotate.
func Orient(img image.Image, o int) image.Image {
	if o <= 1 || o > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	dw, dh := w, h
	if o >= 5 {
		dw, dh = h, w
	}
	// Convert once (draw has fast paths from YCbCr and paletted images),
	// then move pixels as 4-byte words.
	src := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(src, src.Bounds(), img, b.Min, draw.Src)
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			var dx, dy int
			switch o {
			case 2: // mirrored horizontally
				dx, dy = w-1-x, y
			case 3: // rotated 180°
				dx, dy = w-1-x, h-1-y
			case 4: // mirrored vertically
				dx, dy = x, h-1-y
			case 5: // transposed
				dx, dy = y, x
			case 6: // rotated 90° clockwise to view
				dx, dy = h-1-y, x
			case 7: // transversed
				dx, dy = h-1-y, w-1-x
			case 8: // rotated 90° counter-clockwise to view
				dx, dy = y, w-1-x
			}
			si, di := src.PixOffset(x, y), dst.PixOffset(dx, dy)
			copy(dst.Pix[di:di+4], src.Pix[si:si+4])
		}
	}
	return dst
}

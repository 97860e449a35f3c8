package store

import (
	"strings"
	"testing"

	"github.com/pressroomhq/pressroom/internal/press"
)

func BenchmarkZZHighlight(b *testing.B) {
	text := strings.Repeat("The court ruled that the water brokers had no right to the canal, and farmers who could not pay were left without. ", 60)
	e := press.ParseSearch("court", "en", false)
	for b.Loop() {
		highlight(text, &e, true)
	}
}
func BenchmarkZZTokens(b *testing.B) {
	text := strings.Repeat("The court ruled that the water brokers had no right to the canal, and farmers who could not pay were left without. ", 60)
	for b.Loop() {
		scanTokens(text, func(c byte) bool { return false }, func(int, int, []byte) {})
	}
}

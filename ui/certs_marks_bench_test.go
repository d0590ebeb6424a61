package ui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// BenchmarkFullFrameWithMarks measures drawing the whole console with
// 100,000 rows and one of them marked, because the title then counts the
// marks the list shows by reading every shown row.
func BenchmarkFullFrameWithMarks(b *testing.B) {
	a := newBenchApp(b)
	a.Update(tea.KeyPressMsg{Code: tea.KeySpace, Text: " "})
	if len(a.certs.marks) != 1 {
		b.Fatalf("%d marks after space, want 1", len(a.certs.marks))
	}
	for b.Loop() {
		_ = a.View()
	}
}

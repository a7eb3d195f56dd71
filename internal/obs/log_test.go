package obs

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"
)

// A line logged with a request's context names the request; the format and level
// are what the operator chose, and a wrong choice is refused with a message.
func TestLoggerCarriesRequestID(t *testing.T) {
	var buf bytes.Buffer
	l, err := NewLogger(&buf, "json", "warn")
	if err != nil {
		t.Fatal(err)
	}
	ctx := WithRequestID(context.Background(), "abc-123")
	l.InfoContext(ctx, "below the level")
	l.With("component", "x").ErrorContext(ctx, "failed", "err", "boom")
	var line map[string]any
	if err := json.Unmarshal(buf.Bytes(), &line); err != nil {
		t.Fatalf("one JSON line expected: %q", buf.String())
	}
	if line["request_id"] != "abc-123" || line["msg"] != "failed" || line["component"] != "x" {
		t.Errorf("log line: %v", line)
	}
	buf.Reset()
	auto, _ := NewLogger(&buf, "", "")
	auto.InfoContext(ctx, "hello")
	if !strings.HasPrefix(buf.String(), `{"time"`) {
		t.Errorf("not a terminal, so JSON: %q", buf.String())
	}
	buf.Reset()
	text, _ := NewLogger(&buf, "text", "")
	text.InfoContext(ctx, "hello")
	if !strings.Contains(buf.String(), "request_id=abc-123") {
		t.Errorf("text line: %q", buf.String())
	}
	if _, err := NewLogger(&buf, "xml", ""); err == nil || !strings.Contains(err.Error(), "json hoặc text") {
		t.Errorf("format xml: %v", err)
	}
	if _, err := NewLogger(&buf, "json", "loud"); err == nil || !strings.Contains(err.Error(), "debug, info, warn hoặc error") {
		t.Errorf("level loud: %v", err)
	}
}

func TestValidRequestID(t *testing.T) {
	for id, want := range map[string]bool{
		"4f1c9a0b2d3e4f5a6b7c8d9e0f1a2b3c": true, "req-1.2:3/4+5=": true,
		"": false, "a b": false, "x\"y": false, strings.Repeat("a", 129): false, "việt": false,
	} {
		if ValidRequestID(id) != want {
			t.Errorf("ValidRequestID(%q) = %v", id, !want)
		}
	}
	if id := NewRequestID(); len(id) != 32 || !ValidRequestID(id) {
		t.Errorf("NewRequestID: %q", id)
	}
}

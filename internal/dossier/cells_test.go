package dossier

import "testing"

func TestParseDay(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"13/03/2026", "2026-03-13"},
		{"3/3/2026", "2026-03-03"},
		{"13-03-2026", "2026-03-13"},
		{"13/03/2026 17:05", "2026-03-13"},
		{"13/03/2026 17:05:09", "2026-03-13"},
		{"17:05, 13/03/2026", "2026-03-13"},
		{"17:05:09 13/03/2026", "2026-03-13"},
		{"2026-03-13", "2026-03-13"},
		{"2026-03-13 23:30:00", "2026-03-13"},
		{"2026-03-13T17:00:00.000+0700", "2026-03-13"},
		// An instant in UTC late in the evening is already the next day in Vietnam.
		{"2026-03-13T20:00:00Z", "2026-03-14"},
		{"2026-03-13T20:00:00.000+00:00", "2026-03-14"},
		{"46094", "2026-03-13"},
		{"46094.75", "2026-03-13"},
		{"13/03/26", "2026-03-13"},
		{"", ""},
	} {
		got, ok := parseDay(tt.in)
		s := ""
		if !got.IsZero() {
			s = got.String()
		}
		if !ok || s != tt.want {
			t.Errorf("parseDay(%q) = %q, %v; want %q", tt.in, s, ok, tt.want)
		}
	}
	for _, bad := range []string{"31/02/2026", "13/13/2026", "hôm qua", "2026-02-30", "12", "13/03", "2026-03-13T25:00:00Z", "1/1/99999"} {
		if got, ok := parseDay(bad); ok {
			t.Errorf("parseDay(%q) = %s, want a refusal", bad, got)
		}
	}
}

func TestDateText(t *testing.T) {
	for _, s := range []string{"2026-03-05", "1999-12-31", "2199-01-01"} {
		if got := dateText(day(s)); got != s {
			t.Errorf("dateText(%s) = %s", s, got)
		}
	}
}

func TestParseChannel(t *testing.T) {
	for in, want := range map[string]Channel{"Trực tiếp": Direct, "Qua bưu chính công ích": Postal, "BƯU CHÍNH": Postal,
		"truc tuyen toan trinh": OnlineFull, "Trực tuyến một phần": OnlinePartial, "online_full": OnlineFull} {
		if got, ok := ParseChannel(in); !ok || got != want {
			t.Errorf("ParseChannel(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	// A plain "Trực tuyến" is one of two channels: the importer decides by the
	// procedure, a filter cannot.
	if c, ok := ParseChannel("Trực tuyến"); ok {
		t.Errorf("ParseChannel(Trực tuyến) = %q", c)
	}
	if c, ok := parseChannel("Trực tuyến"); !ok || c != online {
		t.Errorf("parseChannel(Trực tuyến) = %q, %v", c, ok)
	}
}

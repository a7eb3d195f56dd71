package privacy

import "testing"

func TestMasks(t *testing.T) {
	for in, want := range map[string]string{
		"lan.vt@sxd.langson.gov.vn": "l•••@sxd.langson.gov.vn",
		"đức@gmail.com":             "đ•••@gmail.com",
		"":                          "",
	} {
		if got := Email(in); got != want {
			t.Errorf("Email(%q) = %q, want %q", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"0912345678":   "091•••••78",
		"0912 345 678": "091• ••• •78",
		"001203004567": "001•••••••67",
		"113":          "•••",
	} {
		if got := Number(in); got != want {
			t.Errorf("Number(%q) = %q, want %q", in, got, want)
		}
	}
}

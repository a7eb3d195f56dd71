package enterprise

import (
	"strings"
	"testing"
)

func TestValidTaxCode(t *testing.T) {
	// The valid ones are published codes, checked by hand against the rule:
	// Viettel 0100109106: 0·31+1·29+0·23+0·19+1·17+0·13+9·7+1·5+0·3 = 114,
	// 114 mod 11 = 4, 10 − 4 = 6.
	valid := []string{
		"0100109106",     // Viettel
		"0300588569",     // Vinamilk
		"0100112437",     // Vietcombank
		"0101248141",     // FPT
		"0100107518",     // Vietnam Airlines
		"0302519810",     // remainder 10 gives check digit 0
		"0100109106-001", // a branch
		"0100109106-999",
	}
	for _, c := range valid {
		if err := ValidTaxCode(c); err != nil {
			t.Errorf("ValidTaxCode(%q) = %v, want valid", c, err)
		}
	}
	invalid := []struct{ code, why string }{
		{"", "không được để trống"},
		{"0100109107", "sai chữ số kiểm tra"},
		{"0100109105", "sai chữ số kiểm tra"},
		{"0100109106-000", "chi nhánh 000"},
		{"0100109106-01", "không đúng dạng"},
		{"0100109106-0001", "không đúng dạng"},
		{"0100109106001", "không đúng dạng"},
		{"01001091O6", "không đúng dạng"},
		{"01001091066", "không đúng dạng"},
		{"100109106", "9 chữ số"},      // Excel dropped the leading zero
		{"4900000000", "9 chữ số đầu"}, // remainder 0: no check digit exists
		{"4900000001", "9 chữ số đầu"},
		{"4900100099", "9 chữ số đầu"},
	}
	for _, c := range invalid {
		err := ValidTaxCode(c.code)
		if err == nil {
			t.Errorf("ValidTaxCode(%q) = nil, want an error about %q", c.code, c.why)
			continue
		}
		if !strings.Contains(err.Error(), c.why) || !strings.HasPrefix(err.Error(), "Mã số thuế") {
			t.Errorf("ValidTaxCode(%q) = %q, want it to start with “Mã số thuế” and say %q", c.code, err, c.why)
		}
	}
}

func TestCheckDigit(t *testing.T) {
	cases := []struct {
		nine  string
		digit int
		ok    bool
	}{
		{"010010910", 6, true},
		{"030058856", 9, true},
		{"030251981", 0, true},
		{"490000000", 0, false},
		{"490010009", 0, false},
		{"49001000", 0, false},
		{"49001000a", 0, false},
	}
	for _, c := range cases {
		d, ok := CheckDigit(c.nine)
		if d != c.digit || ok != c.ok {
			t.Errorf("CheckDigit(%q) = %d, %v; want %d, %v", c.nine, d, ok, c.digit, c.ok)
		}
	}
	// Whatever nine digits CheckDigit accepts make a code ValidTaxCode accepts.
	for _, nine := range []string{"000000001", "123456789", "999999999", "490010001"} {
		if d, ok := CheckDigit(nine); ok {
			if err := ValidTaxCode(nine + string(rune('0'+d))); err != nil {
				t.Errorf("code made from %q is rejected: %v", nine, err)
			}
		}
	}
}

func TestNormalizeTaxCode(t *testing.T) {
	if got := NormalizeTaxCode(" 0100 109 106 – 001 "); got != "0100109106-001" {
		t.Errorf("NormalizeTaxCode = %q", got)
	}
}

package petition

import "testing"

func TestMaskPersonal(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"Liên hệ ông An, 0912 345 678, an.nguyen@gmail.com.",
			"Liên hệ ông An, [số điện thoại đã ẩn], [thư điện tử đã ẩn]."},
		{"ĐT: 0912.345.678 hoặc +84 912-345-678 hoặc (0205) 3812 345",
			"ĐT: [số điện thoại đã ẩn] hoặc [số điện thoại đã ẩn] hoặc [số điện thoại đã ẩn]"},
		{"CCCD số 020188001234, CMND 123456789.", "CCCD số [số giấy tờ đã ẩn], CMND [số giấy tờ đã ẩn]."},
		{"Gọi 0912345678 - 0987654321", "Gọi [số điện thoại đã ẩn] - [số điện thoại đã ẩn]"},
		{"Theo Điều 5 0912345678 là số của tôi", "Theo Điều 5 [số điện thoại đã ẩn] là số của tôi"},
		// What is not personal data stays: a tax code, amounts, dates, decree numbers.
		{"MST 0100109106, phí 1.500.000 đồng, ngày 28/04/2026, Nghị định 20/2008/NĐ-CP, 123.456.789 đồng",
			"MST 0100109106, phí 1.500.000 đồng, ngày 28/04/2026, Nghị định 20/2008/NĐ-CP, 123.456.789 đồng"},
		{"ông An (0912 345 678, CCCD 020188001234)", "ông An ([số điện thoại đã ẩn], CCCD [số giấy tờ đã ẩn])"},
		{"", ""},
	} {
		if got := MaskPersonal(c.in); got != c.want {
			t.Errorf("MaskPersonal(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestNormalizePhone(t *testing.T) {
	for in, want := range map[string]string{"0912 345 678": "0912345678", "+84 912.345.678": "0912345678",
		"84912345678": "0912345678", "(0205) 3812 345": "02053812345"} {
		if got, ok := NormalizePhone(in); !ok || got != want {
			t.Errorf("NormalizePhone(%q) = %q %v, want %q", in, got, ok, want)
		}
	}
	for _, bad := range []string{"12345", "0112345678", "abc", "091234567890"} {
		if _, ok := NormalizePhone(bad); ok {
			t.Errorf("NormalizePhone(%q) accepted", bad)
		}
	}
}

func TestTrackingCodes(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		c, err := newTrackingCode(2026)
		if err != nil {
			t.Fatal(err)
		}
		if len(c) != 14 || c[:8] != "PA-2026-" || NormalizeTrackingCode(c) != c {
			t.Fatalf("code %q", c)
		}
		for _, r := range c[8:] {
			if r == '0' || r == 'O' || r == '1' || r == 'I' || r == 'L' {
				t.Fatalf("code %q has a confusable character", c)
			}
		}
		seen[c] = true
	}
	if len(seen) < 999 {
		t.Errorf("only %d distinct codes of 1000", len(seen))
	}
	for in, want := range map[string]string{" pa-2026-7k3m9q ": "PA-2026-7K3M9Q", "PA20267K3M9Q": "PA-2026-7K3M9Q",
		"pa 2026 7k3m9q": "PA-2026-7K3M9Q", "xyz": "XYZ"} {
		if got := NormalizeTrackingCode(in); got != want {
			t.Errorf("NormalizeTrackingCode(%q) = %q, want %q", in, got, want)
		}
	}
}

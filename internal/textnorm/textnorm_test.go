package textnorm

import "testing"

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Xây dựng":                      "xay dung",
		"ĐẦU TƯ  Đường bộ":              "dau tu duong bo",
		"Công ty TNHH Hạ tầng Kỹ thuật": "cong ty tnhh ha tang ky thuat",
		"Lạng Sơn":                      "lang son",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := LikePattern("50%_x"); got != `%50\%\_x%` {
		t.Errorf("LikePattern escaped wrongly: %q", got)
	}
}

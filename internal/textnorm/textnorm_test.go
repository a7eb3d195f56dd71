package textnorm

import (
	"math/rand/v2"
	"strings"
	"testing"
)

func TestFold(t *testing.T) {
	cases := map[string]string{
		"Xây dựng":                      "xay dung",
		"ĐẦU TƯ  Đường bộ":              "dau tu duong bo",
		"Công ty TNHH Hạ tầng Kỹ thuật": "cong ty tnhh ha tang ky thuat",
		"Lạng Sơn":                      "lang son",
		"":                              "",
		"xay dung":                      "xay dung",
		"  Xay\tDung \n":                "xay dung",
		"0100109106-001":                "0100109106-001",
		"Nguyễn\u00a0Thị\u2003Ánh":      "nguyen thi anh",
		"Phú Lộc; Kỳ Lừa, Đồng Đăng":    "phu loc; ky lua, dong dang",
		"Xa\u0302y du\u031b\u0323ng":    "xay dung", // decomposed, as some Mac tools save it
		"ỲỴỶỸ ỳỵỷỹ Ơ ư Ă â Ê ô": "yyyy yyyy o u a a e o",
		"Müller Ærø Łódź İ":     "muller ærø łodz i",
		"北京 Sài Gòn":            "北京 sai gon",
		"\u1100\u1161 Hà Nội":   "\uac00 ha noi", // jamo compose: the slow path keeps NFC's word
		"bad \xff byte":         "bad \ufffd byte",
	}
	for in, want := range cases {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
	if got := LikePattern("50%_x"); got != `%50\%\_x%` {
		t.Errorf("LikePattern escaped wrongly: %q", got)
	}
	if got := FoldAll("4900000017", "Công ty Xây lắp", "", "Hà Thu"); got != "4900000017 cong ty xay lap ha thu" {
		t.Errorf("FoldAll = %q", got)
	}
}

// TestFoldAgreesWithNormalization checks the table against full Unicode
// normalization on random text mixing what the table covers with what it does not.
func TestFoldAgreesWithNormalization(t *testing.T) {
	alphabet := []rune("aAzZ09 -;.,\t\nđĐăĂâÂêÊôÔơƠưƯáàảãạấầẩẫậÝỳỵỷỹ\u00a0\u2003\u2028\u0300\u0301\u0303\u0309\u0323\u031b\u0302" +
		"ÆæØøßÞþŁłİıǄǅǆǲĲ\u00ad\u200b\u200d\u2060\u1100\u1161\u11a8가한中ΩΆάЁё\u0b47\u0b3e\ufb01\u212a")
	r := rand.New(rand.NewPCG(1, 2))
	for range 20_000 {
		var b strings.Builder
		for range r.IntN(12) {
			b.WriteRune(alphabet[r.IntN(len(alphabet))])
		}
		s := b.String()
		if got, want := Fold(s), slowFold(s); got != want {
			t.Fatalf("Fold(%q) = %q, normalization gives %q", s, got, want)
		}
	}
}

func BenchmarkFold(b *testing.B) {
	for _, s := range []string{
		"4900000017 Công ty TNHH MTV Xây dựng Công trình Đồng Đăng Nguyễn Thị Hương lienhe.4900000017@example.vn",
		"4900000017 cong ty tnhh xay dung lienhe.4900000017@example.vn",
	} {
		b.Run(s[11:20], func(b *testing.B) {
			for b.Loop() {
				Fold(s)
			}
		})
		b.Run("normalization/"+s[11:20], func(b *testing.B) {
			for b.Loop() {
				slowFold(s)
			}
		})
	}
}

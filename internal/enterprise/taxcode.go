package enterprise

import (
	"strings"
	"unicode"
)

// taxWeights are the weights of the first nine digits (Circular 105/2020/TT-BTC).
var taxWeights = [9]int{31, 29, 23, 19, 17, 13, 7, 5, 3}

// CheckDigit computes the tenth digit of a tax code from its first nine. ok is false
// when nine is not nine digits, or when the rule gives 10 (remainder 0): such nine
// digits begin no valid tax code.
func CheckDigit(nine string) (digit int, ok bool) {
	if len(nine) != 9 || !allDigits(nine) {
		return 0, false
	}
	sum := 0
	for i, w := range taxWeights {
		sum += int(nine[i]-'0') * w
	}
	d := 10 - sum%11
	if d == 10 {
		return 0, false
	}
	return d, true
}

// TaxCodeError says why a tax code is not valid. Reason reads after the column name
// ("0100109107 sai chữ số kiểm tra"); Error adds it ("Mã số thuế 0100109107 sai …").
type TaxCodeError struct {
	Code   string
	Reason string
}

func (e *TaxCodeError) Error() string {
	if e.Code == "" {
		return "Mã số thuế: " + e.Reason
	}
	return "Mã số thuế " + e.Reason
}

// ValidTaxCode checks a tax code: ten digits whose last is the check digit, or that
// followed by "-" and a branch number 001–999. Pass it through NormalizeTaxCode first
// when it comes from a person.
func ValidTaxCode(s string) error {
	if s == "" {
		return &TaxCodeError{Reason: "không được để trống"}
	}
	main, branch, hasBranch := strings.Cut(s, "-")
	bad := func(format string) error { return &TaxCodeError{Code: s, Reason: s + " " + format} }
	switch {
	case len(main) == 9 && allDigits(main) && !hasBranch:
		return bad("chỉ có 9 chữ số: nếu cột trong Excel có định dạng số thì số 0 ở đầu đã bị mất; hãy định dạng cột là Văn bản (Text) rồi gõ lại")
	case len(main) != 10 || !allDigits(main) || (hasBranch && (len(branch) != 3 || !allDigits(branch))):
		return bad("không đúng dạng: cần 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số của chi nhánh (ví dụ 0100109106-001)")
	case hasBranch && branch == "000":
		return bad("có số chi nhánh 000; số chi nhánh phải từ 001 đến 999")
	}
	d, ok := CheckDigit(main[:9])
	if !ok {
		return bad("không phải mã hợp lệ: 9 chữ số đầu không cho được chữ số kiểm tra")
	}
	if int(main[9]-'0') != d {
		return bad("sai chữ số kiểm tra (chữ số thứ 10)")
	}
	return nil
}

// NormalizeTaxCode removes spaces and turns any dash into "-", as codes are copied
// from documents with "0100109106 – 001".
func NormalizeTaxCode(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case unicode.IsSpace(r):
			return -1
		case unicode.Is(unicode.Pd, r):
			return '-'
		}
		return r
	}, s)
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

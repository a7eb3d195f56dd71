package auth

import (
	"fmt"
	"strings"
	"unicode"
)

// MinPasswordLength is the shortest password accepted. Ten characters of letters
// and digits (the demo's thidua2026) pass; eight digits do not.
const MinPasswordLength = 10

// commonPasswords are passwords guessed first by anyone trying accounts: the usual
// lists' top entries that are long enough to pass the other rules, and the
// Vietnamese ones people here pick. Compared in lower case.
var commonPasswords = map[string]bool{}

func init() {
	for _, p := range strings.Fields(`
		1234567890 0123456789 12345678910 123456789a a123456789 1234567890a 1234567890q
		1q2w3e4r5t 1qaz2wsx3edc qwerty1234 qwerty12345 qwertyuiop1 1qazxsw23edc zaq12wsxcde
		password12 password123 password1! p@ssw0rd123 passw0rd12 admin12345 admin@1234 admin123456
		abcd123456 abc1234567 abcdef1234 iloveyou12 iloveyou123 welcome123 welcome@123 letmein123
		matkhau123 matkhau@123 matkhau1234 matkhau2024 matkhau2025 matkhau2026 anhyeuem123 anhyeuem1234
		vietnam123 vietnam@123 hanoi12345 langson123 langson@123 123456abcd 12345678ab 123123123a
		quantri123 quantri@123 thidua123 thidua@123 khongbiet123 changeme123`) {
		commonPasswords[p] = true
	}
}

// CheckPassword applies the password policy to a new password of the account
// username: long enough, of more than one kind of character, not the user name and
// not a password everyone tries. The message says what to change.
func CheckPassword(username, p string) error {
	if strings.TrimSpace(p) == "" {
		return &FieldError{"password", "Mật khẩu không được để trống hay chỉ gồm khoảng trắng"}
	}
	if n := len([]rune(p)); n < MinPasswordLength {
		return &FieldError{"password", fmt.Sprintf("Mật khẩu phải có ít nhất %d ký tự (mật khẩu vừa nhập có %d)", MinPasswordLength, n)}
	}
	var letters, digits, others bool
	for _, r := range p {
		switch {
		case unicode.IsLetter(r):
			letters = true
		case unicode.IsDigit(r):
			digits = true
		default:
			others = true
		}
	}
	if kinds := btoi(letters) + btoi(digits) + btoi(others); kinds < 2 {
		return &FieldError{"password", "Mật khẩu phải gồm ít nhất hai loại ký tự trong ba loại: chữ, chữ số, ký hiệu (ví dụ: chữ và số)"}
	}
	lower := strings.ToLower(p)
	if u := strings.ToLower(strings.TrimSpace(username)); u != "" && lower == u {
		return &FieldError{"password", "Mật khẩu không được trùng tên đăng nhập"}
	}
	if commonPasswords[lower] {
		return &FieldError{"password", "Mật khẩu này quá phổ biến, dễ bị đoán; hãy chọn mật khẩu khác"}
	}
	return nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

package upload

import (
	"archive/zip"
	"bytes"
	"strings"
	"testing"
)

func zipWith(t *testing.T, name string) []byte {
	var buf bytes.Buffer
	w := zip.NewWriter(&buf)
	f, _ := w.Create(name)
	f.Write([]byte("<x/>"))
	w.Close()
	return buf.Bytes()
}

func TestCheck(t *testing.T) {
	pdf := []byte("%PDF-1.4\n%%EOF\n")
	for _, tc := range []struct {
		name, file string
		data       []byte
		want, err  string
	}{
		{"a pdf", `C:\Tài liệu\đề nghị.pdf`, pdf, "application/pdf", ""},
		{"a program named .pdf", "don.pdf", []byte("MZ\x90\x00\x03 program"), "", "không phải"},
		{"a pdf named .docx", "don.docx", pdf, "", "có nội dung là PDF nhưng tên lại có đuôi “.docx”"},
		{"a real docx", "bao-cao.docx", zipWith(t, "word/document.xml"), DOCX.ContentType, ""},
		{"a zip named .docx", "bao-cao.docx", zipWith(t, "other.txt"), "", "không phải"},
		{"empty", "x.pdf", nil, "", "rỗng"},
		{"too large", "x.pdf", append(pdf, make([]byte, 2000)...), "", "vượt giới hạn"},
	} {
		name, ct, err := Check(tc.file, tc.data, 1000, Documents)
		if tc.err == "" && (err != nil || ct != tc.want) {
			t.Errorf("%s: %q %v, want %s", tc.name, ct, err, tc.want)
		}
		if tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%s: %v, want an error saying %q", tc.name, err, tc.err)
		}
		if strings.ContainsAny(name, `\/`) {
			t.Errorf("%s: name %q keeps a path", tc.name, name)
		}
	}
}

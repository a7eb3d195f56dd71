// Package upload checks the files people attach (to petitions, initiatives, reports,
// articles) the one way: a tidy name, a size limit, and a type found from the
// content, which must agree with the name's ending, so that a program renamed .pdf
// is refused before it is stored.
package upload

import (
	"archive/zip"
	"bytes"
	"fmt"
	"net/http"
	"path"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Type is a kind of file thidua takes: its type, the name endings that may carry it,
// and what people call it.
type Type struct {
	ContentType string
	Exts        []string
	Label       string
}

// The types thidua knows.
var (
	PDF  = Type{"application/pdf", []string{".pdf"}, "PDF"}
	PNG  = Type{"image/png", []string{".png"}, "ảnh PNG"}
	JPEG = Type{"image/jpeg", []string{".jpg", ".jpeg"}, "ảnh JPEG"}
	GIF  = Type{"image/gif", []string{".gif"}, "ảnh GIF"}
	WebP = Type{"image/webp", []string{".webp"}, "ảnh WebP"}
	DOCX = Type{"application/vnd.openxmlformats-officedocument.wordprocessingml.document", []string{".docx"}, "tài liệu Word (.docx)"}
	XLSX = Type{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", []string{".xlsx"}, "bảng tính Excel (.xlsx)"}
	DOC  = Type{"application/msword", []string{".doc"}, "tài liệu Word (.doc)"}
	XLS  = Type{"application/vnd.ms-excel", []string{".xls"}, "bảng tính Excel (.xls)"}
)

// Kinds are the types one kind of attachment may be, and how a message names them.
type Kinds struct {
	Types []Type
	Label string
}

// Documents are what evidence and attachments may be: PDF, images, Word and Excel.
var Documents = Kinds{[]Type{PDF, PNG, JPEG, GIF, WebP, DOCX, XLSX, DOC, XLS}, "PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel"}

// Images are what a picture may be.
var Images = Kinds{[]Type{PNG, JPEG, GIF, WebP}, "ảnh PNG, JPEG, GIF hay WebP"}

// oleMagic opens every OLE compound file: .doc and .xls of Office 97–2003.
var oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}

// Sniff finds a file's type from its content. Office Open XML files are zip archives
// that hold a document or a workbook; an OLE file is taken for a .doc or an .xls as
// its name says, since telling them apart needs more than their header.
func Sniff(name string, data []byte) string {
	ct, _, _ := strings.Cut(http.DetectContentType(data), ";")
	switch {
	case ct == "application/zip":
		r, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
		if err != nil {
			return ct
		}
		for _, f := range r.File {
			switch f.Name {
			case "word/document.xml":
				return DOCX.ContentType
			case "xl/workbook.xml":
				return XLSX.ContentType
			}
		}
	case bytes.HasPrefix(data, oleMagic):
		if strings.ToLower(path.Ext(name)) == ".xls" {
			return XLS.ContentType
		}
		return DOC.ContentType
	}
	return ct
}

// Check tidies a file's name and checks it is not empty, not over max bytes, and of
// one of the allowed types by its content, with a name ending that agrees. It
// returns the tidy name and the type, or a Vietnamese message that names the file.
func Check(name string, data []byte, max int, allowed Kinds) (cleanName, contentType string, err error) {
	name = Name(name)
	switch {
	case len(data) == 0:
		return name, "", fmt.Errorf("tệp “%s” rỗng", name)
	case len(data) > max:
		return name, "", fmt.Errorf("tệp “%s” nặng %s, vượt giới hạn %s mỗi tệp", name, Megabytes(len(data)), Megabytes(max))
	}
	ct, ext := Sniff(name, data), strings.ToLower(path.Ext(name))
	for _, t := range allowed.Types {
		if t.ContentType != ct {
			continue
		}
		for _, e := range t.Exts {
			if e == ext {
				return name, ct, nil
			}
		}
		return name, "", fmt.Errorf("tệp “%s” có nội dung là %s nhưng tên lại có đuôi “%s”; đặt lại tên cho đúng loại tệp rồi gửi lại", name, t.Label, ext)
	}
	return name, "", fmt.Errorf("tệp “%s” không phải %s: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên", name, allowed.Label)
}

// Name keeps the last part of a name as browsers send it, without control
// characters, in at most 200 characters.
func Name(name string) string {
	name = path.Base(strings.ReplaceAll(strings.TrimSpace(name), `\`, "/"))
	name = strings.Map(func(r rune) rune {
		if unicode.IsControl(r) {
			return -1
		}
		return r
	}, name)
	if name == "." || name == "/" || name == "" {
		name = "tep-dinh-kem"
	}
	for utf8.RuneCountInString(name) > 200 {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	return name
}

// Megabytes writes a size the Vietnamese way: 10,5 MB.
func Megabytes(n int) string {
	return strings.Replace(strconv.FormatFloat(float64(n)/(1<<20), 'f', 1, 64), ".", ",", 1) + " MB"
}

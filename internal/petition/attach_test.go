package petition

import (
	"archive/zip"
	"bytes"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/auth"
)

var (
	pdf  = []byte("%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n")
	png  = []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00")
	jpeg = []byte("\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	exe  = append([]byte("MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"), bytes.Repeat([]byte{0}, 64)...)
	ole  = append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, bytes.Repeat([]byte{0}, 64)...)
)

// officeZip is a zip holding the one file that makes it a Word document or a workbook.
func officeZip(t *testing.T, inside string) []byte {
	t.Helper()
	var b bytes.Buffer
	w := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", inside} {
		f, err := w.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		f.Write([]byte("<xml/>"))
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestCheckUpload(t *testing.T) {
	docx, xlsx, other := officeZip(t, "word/document.xml"), officeZip(t, "xl/workbook.xml"), officeZip(t, "readme.txt")
	for _, c := range []struct {
		name string
		data []byte
		ct   string // the detected type, or the message
	}{
		{"Đơn kiến nghị.pdf", pdf, "application/pdf"},
		{"ảnh hiện trường.PNG", png, "image/png"},
		{"anh.jpeg", jpeg, "image/jpeg"},
		{"bao-cao.docx", docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
		{"so-lieu.xlsx", xlsx, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
		{"cong-van.doc", ole, "application/msword"},
		{"bang.xls", ole, "application/vnd.ms-excel"},
		{`C:\Users\An\hoso.pdf`, pdf, "application/pdf"},
		{"hoso.pdf", exe, "tệp “hoso.pdf” không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên"},
		{"setup.exe", exe, "tệp “setup.exe” không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên"},
		{"du-lieu.docx", other, "tệp “du-lieu.docx” không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên"},
		{"anh.pdf", png, "tệp “anh.pdf” có nội dung là ảnh PNG nhưng tên lại có đuôi “.pdf”; đặt lại tên cho đúng loại tệp rồi gửi lại"},
		{"trang.html", []byte("<html><script>alert(1)</script></html>"), "tệp “trang.html” không phải PDF, ảnh (PNG, JPEG, GIF, WebP) hay tài liệu Word, Excel: hệ thống kiểm tra nội dung tệp, không chỉ đuôi tên"},
		{"rong.pdf", nil, "tệp “rong.pdf” rỗng"},
		{"lon.pdf", append(pdf, make([]byte, MaxAttachmentSize)...), "tệp “lon.pdf” nặng 10,0 MB, vượt giới hạn 10,0 MB mỗi tệp"},
	} {
		u := Upload{Name: c.name, Data: c.data}
		is := checkUpload(&u)
		switch {
		case is != nil && is.Detail != c.ct:
			t.Errorf("%s: %s, want %s", c.name, is.Detail, c.ct)
		case is == nil && u.contentType != c.ct:
			t.Errorf("%s: accepted as %q, want %s", c.name, u.contentType, c.ct)
		}
	}
}

func TestAttachments(t *testing.T) {
	each(t, func(t *testing.T, f *fixture) {
		p, err := f.s.Create(ctx, f.enterprise(f.ent1), NewPetition{Kind: KindFeedback, Subject: "S", Content: "C",
			Attachments: []Upload{{Name: "don.pdf", Data: pdf}}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddAttachment(ctx, f.enterprise(f.ent1), p.ID, Upload{Name: "anh.png", Data: png}); err != nil {
			t.Fatal(err)
		}
		list, err := f.s.Attachments(ctx, f.enterprise(f.ent1), p.ID)
		if err != nil || len(list) != 2 || list[0].Name != "don.pdf" || list[1].ContentType != "image/png" || list[1].Size != int64(len(png)) {
			t.Fatalf("attachments %+v %v", list, err)
		}
		att, data, err := f.s.AttachmentContent(ctx, office(), list[0].ID)
		if err != nil || !bytes.Equal(data, pdf) || att.ContentType != "application/pdf" {
			t.Errorf("content %v %v", att, err)
		}

		// Another enterprise sees nothing; a disguised file changes nothing.
		if _, _, err := f.s.AttachmentContent(ctx, f.enterprise(f.ent2), list[0].ID); err == nil {
			t.Error("another enterprise read the file")
		}
		before := written(t, f.d)
		_, err = f.s.AddAttachment(ctx, f.enterprise(f.ent1), p.ID, Upload{Name: "hoso.pdf", Data: exe})
		var fe FieldErrors
		if !errors.As(err, &fe) || !strings.HasPrefix(fe["attachments"], "Tệp đính kèm: tệp “hoso.pdf” không phải PDF") {
			t.Errorf("exe: %v", err)
		}
		if _, err := f.s.AddAttachment(ctx, f.enterprise(f.ent2), p.ID, Upload{Name: "a.pdf", Data: pdf}); err == nil {
			t.Error("another enterprise attached a file")
		}
		if after := written(t, f.d); after != before {
			t.Errorf("written %v → %v", before, after)
		}
		if _, err := f.s.AddAttachment(ctx, council(), p.ID, Upload{Name: "a.pdf", Data: pdf}); !errors.Is(err, ErrForbidden) {
			t.Errorf("council: %v", err)
		}

		// Once handling ended, no more files.
		f.act(t, office(), p.ID, ActionRefuse, Input{Reason: "Không thuộc phạm vi"})
		if _, err := f.s.AddAttachment(ctx, f.enterprise(f.ent1), p.ID, Upload{Name: "a.pdf", Data: pdf}); !errors.Is(err, ErrWrongState) {
			t.Errorf("closed: %v", err)
		}
		if _, err := f.s.Get(ctx, auth.Scope{All: true}, p.ID); err != nil {
			t.Fatal(err)
		}
	})
}

package initiative

import (
	"archive/zip"
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/validate"
)

func zipWith(t *testing.T, name string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	f, _ := zw.Create(name)
	f.Write([]byte("<xml/>"))
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// Files are checked by what they contain, not by their names: a program renamed to
// .pdf, a zip renamed to .docx and a file over the limit are refused with a message
// that names the file; a real PDF and a real Word file are kept.
func TestFilesCheckedByContent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		w := newWorld(t, d)
		it, err := w.s.Create(ctx, w.unitU, w.valid())
		if err != nil {
			t.Fatal(err)
		}
		exe := append([]byte("MZ\x90\x00\x03\x00\x00\x00"), make([]byte, 600)...)
		for _, c := range []struct {
			up   Upload
			want string
		}{
			{Upload{"thuyet-minh.pdf", exe}, "không phải PDF, ảnh PNG, JPEG hay tài liệu Word, Excel (.docx, .xlsx)"},
			{Upload{"ban-ve.docx", zipWith(t, "readme.txt")}, "không phải PDF"},
			{Upload{"so-lieu.pdf", zipWith(t, "xl/workbook.xml")}, "có nội dung là bảng tính Excel (.xlsx) nhưng tên lại có đuôi “.pdf”"},
			{Upload{"lon.pdf", append(append([]byte{}, pdf...), make([]byte, MaxFileSize)...)}, "vượt giới hạn 10,0 MB mỗi tệp"},
			{Upload{"rong.pdf", nil}, "rỗng"},
		} {
			_, err := w.s.AddFile(ctx, w.unitU, it.ID, c.up)
			var errs validate.Errors
			if !errors.As(err, &errs) || !strings.Contains(errs["file"], c.want) || !strings.Contains(errs["file"], c.up.Name) {
				t.Errorf("%s: %v, want %q", c.up.Name, err, c.want)
			}
		}
		if n := count(t, d, "SELECT COUNT(*) FROM initiative_attachments"); n != 0 {
			t.Fatalf("%d refused files stored", n)
		}
		if _, err := w.s.AddFile(ctx, w.unitU, it.ID, Upload{`C:\Users\lan\Thuyết minh.pdf`, pdf}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.AddFile(ctx, w.unitU, it.ID, Upload{"mo-ta.docx", zipWith(t, "word/document.xml")}); err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.AddFile(ctx, w.otherU, it.ID, Upload{"x.pdf", pdf}); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit attached a file: %v", err)
		}
		files, _ := w.s.Files(ctx, w.officeU, it.ID)
		if len(files) != 2 || files[0].Name != "Thuyết minh.pdf" || files[0].ContentType != "application/pdf" || files[1].Purpose != PurposeDocument {
			t.Errorf("files = %+v", files)
		}
		a, data, err := w.s.File(ctx, w.unitU, it.ID, files[0].ID)
		if err != nil || !bytes.Equal(data, pdf) || a.SizeText() != "1 KB" {
			t.Errorf("download = %+v %d bytes %v", a, len(data), err)
		}
		if _, _, err := w.s.File(ctx, w.otherU, it.ID, files[0].ID); !errors.Is(err, ErrNotFound) {
			t.Errorf("another unit downloaded a file: %v", err)
		}
		w.s.Submit(ctx, w.unitU, it.ID)
		if _, err := w.s.AddFile(ctx, w.unitU, it.ID, Upload{"them.pdf", pdf}); err == nil || !strings.Contains(err.Error(), "không thể đính kèm thêm tệp") {
			t.Errorf("a file was added after submitting: %v", err)
		}
	})
}

func TestShareAndMoneyParsing(t *testing.T) {
	for in, want := range map[string]int{"40": 4000, "33,33": 3333, "12.5%": 1250, " 100 % ": 10000, "0": -1, "100,01": -1, "1,234": -1, "abc": -1} {
		v, ok := parseShare(in)
		if (want < 0 && ok) || (want >= 0 && (!ok || v != want)) {
			t.Errorf("parseShare(%q) = %d %v", in, v, ok)
		}
	}
	for _, s := range []struct {
		in   int
		want string
	}{{10000, "100%"}, {3333, "33,33%"}, {1250, "12,5%"}, {305, "3,05%"}} {
		if got := ShareText(s.in); got != s.want {
			t.Errorf("ShareText(%d) = %q", s.in, got)
		}
	}
	for in, want := range map[string]int64{"120.000.000": 120000000, "120 000 000 đ": 120000000, "5000000 đồng": 5000000} {
		if v, ok := parseDong(in); !ok || *v != want {
			t.Errorf("parseDong(%q) = %v %v", in, v, ok)
		}
	}
	if _, ok := parseDong("1,5 tỷ"); ok {
		t.Error("parsed 1,5 tỷ")
	}
}

package web

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/award"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/filestore"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/procedure"
	"github.com/thidua/thidua/internal/tabular"
)

// MaxUpload is the largest spreadsheet accepted; a department's lists are far smaller.
const MaxUpload = 20 << 20

// importer is one kind of list the office can import.
type importer struct {
	Kind, Label, Noun string
	Columns           []tabular.Column
	run               importFunc
	ListURL           string
}

// importFunc imports one file; progress, when not nil, is told how many rows were
// read so far (only importers that stream a file call it).
type importFunc func(ctx context.Context, r io.Reader, name string, opt tabular.Options, progress func(rows int)) (*tabular.Result, error)

// whole adapts an importer that reads its file at once and reports no progress.
func whole(f func(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error)) importFunc {
	return func(ctx context.Context, r io.Reader, name string, opt tabular.Options, _ func(int)) (*tabular.Result, error) {
		return f(ctx, r, name, opt)
	}
}

func (s *Server) importers() []importer {
	return []importer{
		{"units", "Đơn vị", "đơn vị", org.UnitColumns, whole(s.org.ImportUnits), "/units"},
		{"staff", "Cán bộ, công chức", "cán bộ", org.StaffColumns, whole(s.org.ImportStaff), "/staff"},
		{"enterprises", "Doanh nghiệp", "doanh nghiệp", enterprise.Columns, whole(s.enterprises.Import), "/enterprises"},
		{"procedures", "Thủ tục hành chính", "thủ tục", procedure.Columns, whole(s.procedures.Import), "/procedures"},
		{"ratings", "Xếp loại mức độ hoàn thành nhiệm vụ", "xếp loại", award.RatingColumns, whole(s.awards.ImportRatings), "/awards/ratings"},
		{"dossiers", "Hồ sơ thủ tục hành chính", "hồ sơ", dossier.Columns, func(ctx context.Context, r io.Reader, name string, opt tabular.Options, progress func(int)) (*tabular.Result, error) {
			return s.dossiers.Import(ctx, r, name, dossier.Options{DryRun: opt.DryRun, Progress: progress})
		}, "/dossiers/stats"},
		{"indicators", "Chỉ tiêu sản xuất kinh doanh", "dòng chỉ tiêu", indicator.Columns, whole(s.indicators.Import), "/indicators"},
	}
}

func (s *Server) importerFor(kind string) (importer, error) {
	for _, im := range s.importers() {
		if im.Kind == kind {
			im.run = s.countRows(kind, im.run)
			return im, nil
		}
	}
	return importer{}, &userError{http.StatusNotFound, "Không có loại danh sách " + kind}
}

// countRows adds the rows of every file run imports, or checks, to the metrics.
func (s *Server) countRows(kind string, run importFunc) importFunc {
	return func(ctx context.Context, r io.Reader, name string, opt tabular.Options, progress func(int)) (*tabular.Result, error) {
		res, err := run(ctx, r, name, opt, progress)
		if err == nil && res != nil {
			outcome := "imported"
			switch {
			case !res.OK():
				outcome = "rejected"
			case res.DryRun:
				outcome = "dry_run"
			}
			s.metrics.AddImportRows(kind, outcome, res.Rows)
		}
		return res, err
	}
}

type importView struct {
	view
	Importer  importer
	Result    *tabular.Result
	FileError string
	Rejects   string
	Job       *job.Job // a file imported in the background
}

func (s *Server) importForm(w http.ResponseWriter, r *http.Request) error {
	im, err := s.importerFor(r.PathValue("kind"))
	if err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "import", &importView{view: s.base(r, "Nhập danh sách "+im.Noun), Importer: im})
	return nil
}

// importUpload runs an import (or a dry run) of an uploaded file and shows what
// happened; a rejected file changes nothing and its rejected rows can be downloaded.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) error {
	im, err := s.importerFor(r.PathValue("kind"))
	if err != nil {
		return err
	}
	v := &importView{view: s.base(r, "Nhập danh sách "+im.Noun), Importer: im}
	r.Body = http.MaxBytesReader(w, r.Body, MaxUpload+1<<20)
	if err := r.ParseMultipartForm(8 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			v.FileError = "Tệp quá lớn: giới hạn 20 MB. Hãy chia danh sách thành nhiều tệp."
			s.render(w, r, http.StatusRequestEntityTooLarge, "import", v)
			return nil
		}
		return badRequest("Không đọc được tệp gửi lên")
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		v.FileError = "Chọn tệp .xlsx hoặc .csv để nhập"
		s.render(w, r, http.StatusBadRequest, "import", v)
		return nil
	}
	defer file.Close()
	if header.Size > MaxUpload {
		v.FileError = "Tệp quá lớn: giới hạn 20 MB. Hãy chia danh sách thành nhiều tệp."
		s.render(w, r, http.StatusRequestEntityTooLarge, "import", v)
		return nil
	}
	dryRun := r.FormValue("dry_run") == "1"
	if header.Size >= s.asyncImport {
		id, err := s.importLater(r.Context(), currentUser(r), im, file, header.Filename, dryRun)
		if err != nil {
			return err
		}
		http.Redirect(w, r, "/import/"+im.Kind+"/jobs/"+strconv.FormatInt(id, 10), http.StatusSeeOther)
		return nil
	}
	res, err := im.run(r.Context(), file, header.Filename, tabular.Options{DryRun: dryRun}, nil)
	var fe *tabular.FileError
	if errors.As(err, &fe) {
		v.FileError = fe.Error()
		s.render(w, r, http.StatusBadRequest, "import", v)
		return nil
	}
	if err != nil {
		return err
	}
	v.Result = res
	status := http.StatusOK
	if !res.OK() {
		status = http.StatusUnprocessableEntity
		if v.Rejects, err = s.keepRejects(r.Context(), currentUser(r).ID, im, res); err != nil {
			return err
		}
	}
	s.render(w, r, status, "import", v)
	return nil
}

// keepRejects stores the rejected rows of a result with their reasons as an .xlsx for
// the user to download, and returns its token.
func (s *Server) keepRejects(ctx context.Context, userID int64, im importer, res *tabular.Result) (string, error) {
	var buf bytes.Buffer
	if err := res.WriteRejects(&buf, tabular.XLSX); err != nil {
		return "", err
	}
	return s.files.Put(ctx, userID, filestore.File{Name: "dong-bi-tu-choi-" + im.Kind + ".xlsx",
		ContentType: xlsxType, Content: buf.Bytes()})
}

const (
	xlsxType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
	docxType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
)

// importTemplate downloads an empty spreadsheet with the expected headers.
func (s *Server) importTemplate(w http.ResponseWriter, r *http.Request) error {
	im, err := s.importerFor(r.PathValue("kind"))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := tabular.WriteTemplate(&buf, tabular.XLSX, im.Columns); err != nil {
		return err
	}
	sendFile(w, "mau-"+im.Kind+".xlsx", xlsxType, buf.Bytes())
	return nil
}

func (s *Server) download(w http.ResponseWriter, r *http.Request) error {
	f, err := s.files.Get(r.Context(), currentUser(r).ID, r.PathValue("token"))
	if err != nil {
		return err
	}
	sendFile(w, f.Name, f.ContentType, f.Content)
	return nil
}

// sendFile offers a file for download, never to be shown in the page: its type is
// one thidua makes or accepts (else application/octet-stream), the browser must not
// guess another (nosniff), and its name cannot break out of the header.
func sendFile(w http.ResponseWriter, name, contentType string, content []byte) {
	h := w.Header()
	h.Set("Content-Type", safeContentType(contentType))
	h.Set("Content-Disposition", attachmentDisposition(name))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Security-Policy", "default-src 'none'; sandbox")
	w.Write(content)
}

package web

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/filestore"
	"github.com/thidua/thidua/internal/job"
	"github.com/thidua/thidua/internal/tabular"
)

// A large file is imported by the job queue: the upload is kept in the file store,
// a job refers to it, and the user watches a progress page. If the process dies
// mid-import, the import's transaction is lost whole and another process (or this
// one after a restart) takes the job again once its lease runs out.
const kindImport = "import.file"

type importPayload struct {
	Kind     string `json:"kind"`
	File     string `json:"file"` // token in the file store, owned by UserID
	Name     string `json:"name"`
	DryRun   bool   `json:"dry_run"`
	UserID   int64  `json:"user_id"`
	UserName string `json:"user_name"`
}

// importOutcome is what an import job keeps: the result and where its rejected rows are.
type importOutcome struct {
	Result  *tabular.Result `json:"result"`
	Rejects string          `json:"rejects,omitempty"`
}

// importLater stores the upload and queues its import; it returns the job's id.
func (s *Server) importLater(ctx context.Context, u *auth.User, im importer, file io.Reader, name string, dryRun bool) (int64, error) {
	content, err := io.ReadAll(file)
	if err != nil {
		return 0, badRequest("Không đọc được tệp gửi lên")
	}
	token, err := s.files.Put(ctx, u.ID, filestore.File{Name: name, ContentType: "application/octet-stream", Content: content})
	if err != nil {
		return 0, err
	}
	id, _, err := s.jobs.Enqueue(ctx, s.db.Write(), job.Spec{Kind: kindImport, MaxAttempts: 3, CreatedBy: u.ID,
		Payload: importPayload{Kind: im.Kind, File: token, Name: name, DryRun: dryRun, UserID: u.ID, UserName: u.Username}})
	return id, err
}

// importJob runs one queued import, reporting rows read as progress.
func (s *Server) importJob(ctx context.Context, r *job.Run) (any, error) {
	var p importPayload
	if err := r.Decode(&p); err != nil {
		return nil, err
	}
	im, err := s.importerFor(p.Kind)
	if err != nil {
		return nil, &job.Permanent{Message: "Không có loại danh sách " + p.Kind}
	}
	f, err := s.files.Get(ctx, p.UserID, p.File)
	if errors.Is(err, db.ErrNotFound) {
		return nil, &job.Permanent{Message: "Tệp gửi lên đã hết hạn lưu giữ; hãy gửi lại tệp."}
	}
	if err != nil {
		return nil, err
	}
	// A line is about a row of a .csv; an .xlsx has no such measure, and its page
	// shows rows read without a percentage.
	var total int64
	if format, _ := tabular.FormatOf(p.Name); format == tabular.CSV {
		total = int64(bytes.Count(f.Content, []byte("\n")))
	}
	r.Progress(ctx, 0, total)
	ctx = audit.WithActor(ctx, audit.Actor{ID: p.UserID, Name: p.UserName})
	res, err := im.run(ctx, bytes.NewReader(f.Content), p.Name, tabular.Options{DryRun: p.DryRun}, func(rows int) {
		r.Progress(ctx, int64(rows), max(total, int64(rows)))
	})
	var fe *tabular.FileError
	if errors.As(err, &fe) {
		return nil, &job.Permanent{Message: fe.Error()}
	}
	if err != nil {
		return nil, err
	}
	out := importOutcome{Result: res}
	if !res.OK() {
		if out.Rejects, err = s.keepRejects(ctx, p.UserID, im, res); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// importJobPage shows a background import: its progress while it runs (the page
// reloads itself every two seconds, no script needed), then its result as the
// import page shows one.
func (s *Server) importJobPage(w http.ResponseWriter, r *http.Request) error {
	im, err := s.importerFor(r.PathValue("kind"))
	if err != nil {
		return err
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return errNotFound
	}
	j, err := s.jobs.Get(r.Context(), id)
	if errors.Is(err, db.ErrNotFound) || (err == nil && (j.Kind != kindImport || j.CreatedBy != currentUser(r).ID)) {
		return errNotFound
	}
	if err != nil {
		return err
	}
	v := &importView{view: s.base(r, "Nhập danh sách "+im.Noun), Importer: im, Job: j}
	status := http.StatusOK
	switch j.State {
	case job.Done:
		var out importOutcome
		if err := json.Unmarshal(j.Result, &out); err != nil || out.Result == nil {
			return errors.New("web: import job result unreadable")
		}
		out.Result.Noun = im.Noun
		v.Result, v.Rejects = out.Result, out.Rejects
		if !out.Result.OK() {
			status = http.StatusUnprocessableEntity
		}
	case job.Failed:
		v.FileError = j.Error
	default:
		v.Refresh = 2
	}
	s.render(w, r, status, "import", v)
	return nil
}

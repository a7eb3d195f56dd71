package dossier

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/audit"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/tabular"
)

// Options are what an import of dossiers takes.
type Options struct {
	DryRun bool // validate and count what would change, write nothing
	// Columns maps odd headers of a file to the headers of Columns:
	// {"Ngày nộp": "Ngày tiếp nhận"}.
	Columns map[string]string
	// Progress, when set, is called with the number of rows read so far every
	// ProgressEvery rows and once at the end.
	Progress func(rows int)
}

// ProgressEvery is how often Options.Progress is called, in rows.
const ProgressEvery = 10000

// maxChanges bounds Result.Changes: an export holds up to hundreds of thousands of
// dossiers, and a list that long helps nobody; the counts are always complete.
const maxChanges = 1000

// errRejected rolls back the transaction of a file with rejected rows.
var errRejected = errors.New("dossier: file rejected")

// Import reads an export of dossiers (.csv or .xlsx) and creates or updates them by
// their code (Mã hồ sơ), each classified with the working-day calendar. The file is
// taken whole or not at all: any rejected row leaves the database as it was, and the
// result lists every rejected row with its column. Errors are about the file as a
// whole (*tabular.FileError) or the system.
//
// A .csv is streamed and written in batches as it is read, inside one transaction,
// so the memory an import takes does not grow with the file but for the set of codes
// seen (to refuse a code repeated in the file). The audit log gets one entry for the
// import, with the file and the counts, and one per stored dossier the import changed
// with its record before and after; new dossiers are traced to the file and row they
// came from by their source columns instead of an entry each.
func (s *Store) Import(ctx context.Context, r io.Reader, name string, opt Options) (*tabular.Result, error) {
	cols, err := columnsWith(opt.Columns, name)
	if err != nil {
		return nil, err
	}
	sh, err := openSheet(r, name, cols)
	if err != nil {
		return nil, err
	}
	if !sh.has("procedure") && !sh.has("procedure_name") {
		return nil, &tabular.FileError{File: name, Missing: []string{"Mã thủ tục"}, Reason: "thiếu cột “Mã thủ tục” (hoặc “Tên thủ tục”)"}
	}
	cal, err := s.calendars.Calendar(ctx)
	if err != nil {
		return nil, err
	}
	res := tabular.NewResult(sh.t, "hồ sơ", tabular.Options{DryRun: opt.DryRun})
	im := &importer{sheet: sh, res: res, opt: opt, seen: map[string]int32{}, daily: dailyDelta{}, now: s.stamp()}
	if opt.DryRun {
		im.q = s.d.Read()
		im.l.q = im.q
		if im.refs, err = loadRefs(ctx, im.q, cal); err != nil {
			return nil, err
		}
		err = im.run(ctx)
	} else {
		err = s.d.Tx(ctx, func(tx *sql.Tx) error {
			im.q, im.tx, im.w.tx, im.l.q, im.l.tx = tx, tx, tx, tx, tx
			im.w.rows, im.w.anonymous = rowsPerInsert(s.d.Dialect), s.d.Dialect != db.Postgres
			defer im.w.close()
			defer im.l.close()
			if im.refs, err = loadRefs(ctx, tx, cal); err != nil {
				return err
			}
			if err := im.run(ctx); err != nil {
				return err
			}
			if !res.OK() {
				return errRejected
			}
			return audit.Record(ctx, tx, audit.Entry{At: im.now, Action: "import", Entity: "dossier", EntityID: name,
				Summary: res.Summary() + " từ tệp " + name,
				After:   map[string]any{"file": name, "rows": res.Rows, "created": res.Created, "updated": res.Updated, "unchanged": res.Unchanged}})
		})
	}
	if err != nil && !errors.Is(err, errRejected) {
		return nil, err
	}
	res.Sort()
	return res, nil
}

// importer is one import under way.
type importer struct {
	sheet *sheet
	refs  *refs
	res   *tabular.Result
	opt   Options
	q     db.Querier
	tx    *sql.Tx // nil on a dry run
	w     writer
	l     lookup
	now   time.Time
	seen  map[string]int32 // code → the row it was first seen on
	daily dailyDelta
	spans spans
	batch []candidate
}

type candidate struct {
	num int
	d   Dossier
}

func (im *importer) run(ctx context.Context) error {
	sh, res := im.sheet, im.res
	for sh.next() {
		if sh.count%ProgressEvery == 0 && im.opt.Progress != nil {
			im.opt.Progress(sh.count)
		}
		d, issues := parseRow(sh, im.refs)
		for _, is := range issues {
			res.Reject(sh.problem(is.Field, is.Detail))
		}
		rejected := len(issues) > 0
		// A repeated code is reported on the later rows, each naming the first: the
		// first row itself may have been read and let go long before.
		if d.Code != "" {
			if first, dup := im.seen[d.Code]; dup {
				res.Reject(sh.problem("code", fmt.Sprintf("%s trùng với dòng %d", d.Code, first)))
				rejected = true
			} else {
				im.seen[strings.Clone(d.Code)] = int32(sh.num)
			}
		}
		if rejected {
			sh.keep()
			continue
		}
		// Once a row is rejected nothing will be written: read on only to report.
		if !res.OK() {
			continue
		}
		d.Source, d.SourceRow = sh.t.File, sh.num
		im.batch = append(im.batch, candidate{num: sh.num, d: d})
		if len(im.batch) == lookupBatch {
			if err := im.flush(ctx); err != nil {
				return err
			}
		}
	}
	if sh.err != nil {
		return sh.err
	}
	res.Rows = sh.count
	if im.opt.Progress != nil {
		im.opt.Progress(sh.count)
	}
	if res.Rows == 0 {
		return &tabular.FileError{File: sh.t.File, Reason: fmt.Sprintf("không có dòng dữ liệu nào dưới dòng tiêu đề (dòng %d)", sh.t.HeaderRow)}
	}
	if !res.OK() {
		return nil
	}
	if err := im.flush(ctx); err != nil || im.tx == nil {
		return err
	}
	if err := im.daily.apply(ctx, im.tx); err != nil {
		return err
	}
	return im.spans.apply(ctx, im.tx)
}

// flush compares a batch of rows with the stored dossiers of the same codes and
// writes the new and changed ones.
func (im *importer) flush(ctx context.Context) error {
	if len(im.batch) == 0 {
		return nil
	}
	existing, err := im.l.existing(ctx, im.batch)
	if err != nil {
		return err
	}
	var creates []*Dossier
	type update struct {
		num           int
		before, after *Dossier
	}
	var updates []update
	for i := range im.batch {
		c := &im.batch[i]
		old, found := existing[c.d.Code]
		switch {
		case !found:
			c.d.CreatedAt, c.d.UpdatedAt = im.now, im.now
			im.count(c.num, c.d.Code, tabular.Create)
			creates = append(creates, &c.d)
		case sameContent(old, c.d):
			im.count(c.num, c.d.Code, tabular.Unchanged)
		default:
			c.d.ID, c.d.CreatedAt, c.d.UpdatedAt = old.ID, old.CreatedAt, im.now
			im.count(c.num, c.d.Code, tabular.Update)
			updates = append(updates, update{num: c.num, before: &old, after: &c.d})
		}
	}
	defer func() { im.batch = im.batch[:0] }()
	if im.tx == nil {
		return nil
	}
	if err := im.w.create(ctx, creates); err != nil {
		return err
	}
	for _, d := range creates {
		im.spans.note(nil, d)
		im.daily.add(d, 1)
	}
	for _, u := range updates {
		im.spans.note(u.before, u.after)
		im.daily.add(u.before, -1)
		im.daily.add(u.after, 1)
		if err := im.w.rewrite(ctx, u.after); err != nil {
			return err
		}
		if err := audit.Record(ctx, im.tx, audit.Entry{At: im.now, Action: "update", Entity: "dossier", EntityID: u.before.ID,
			Summary: "Cập nhật hồ sơ " + u.before.Code + " (nhập từ tệp " + im.sheet.t.File + ", dòng " + strconv.Itoa(u.num) + ")",
			Before:  *u.before, After: *u.after}); err != nil {
			return err
		}
	}
	return nil
}

// count is Result.Count without keeping more than maxChanges changes.
func (im *importer) count(row int, code string, a tabular.Action) {
	res := im.res
	switch {
	case a == tabular.Unchanged:
		res.Unchanged++
	case len(res.Changes) < maxChanges:
		res.Count(row, code, a)
	case a == tabular.Create:
		res.Created++
	default:
		res.Updated++
	}
}

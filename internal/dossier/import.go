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
	// ProgressEvery rows and once at the end, from the goroutine of the import
	// that reads the file, one call after another.
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
	// The rows are looked up through a connection of their own (see compare), taken
	// before the transaction: an import never waits for a connection while it holds one.
	conn, err := s.d.Read().Conn(ctx)
	if err != nil {
		return nil, fmt.Errorf("dossier: import: %w", err)
	}
	defer conn.Close()
	res := tabular.NewResult(sh.t, "hồ sơ", tabular.Options{DryRun: opt.DryRun})
	anonymous := s.d.Dialect != db.Postgres
	im := &importer{sheet: sh, res: res, opt: opt, now: s.stamp(), seen: map[string]int32{}, daily: dailyDelta{},
		l: lookup{q: conn, anonymous: anonymous}}
	defer im.l.close()
	if opt.DryRun {
		if im.refs, err = loadRefs(ctx, conn, cal); err != nil {
			return nil, err
		}
		err = im.run(ctx)
	} else {
		err = s.d.Tx(ctx, func(tx *sql.Tx) error {
			im.tx, im.w = tx, writer{tx: tx, rows: rowsPerInsert(s.d.Dialect), anonymous: anonymous}
			defer im.w.close()
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

// importer is one import under way, in two goroutines (see run). The reader has
// the sheet, the references, res, seen, boxes, l, daily and spans; the writer has
// the transaction and w.
type importer struct {
	sheet *sheet
	refs  *refs
	res   *tabular.Result
	opt   Options
	now   time.Time
	tx    *sql.Tx // nil on a dry run

	seen  map[string]int32 // code → the row it was first seen on
	boxes boxes
	l     lookup
	daily dailyDelta
	spans spans

	w writer
}

type candidate struct {
	num int
	d   Dossier
}

// batch is up to lookupBatch rows of the file on their way from the reader to the
// writer, with what the writer is to do with them.
type batch struct {
	rows []candidate
	// args are the values of every row as a new dossier is inserted, nStored a row,
	// made by the reader so that the writer has only its statements to run.
	args    []any
	created []int // positions of the new rows
	updates []update
}

// update is a row that changes a stored dossier.
type update struct {
	num    int
	before Dossier
	after  *Dossier
}

// values are the INSERT values of the i-th row, its code first.
func (b *batch) values(i int) []any { return b.args[i*nStored : (i+1)*nStored] }

func (b *batch) reset() {
	b.rows, b.args, b.created, b.updates = b.rows[:0], b.args[:0], b.created[:0], b.updates[:0]
}

// batches is how many batches an import has: one being read, one waiting, one
// being written.
const batches = 3

// run reads and checks the rows in one goroutine while this one writes them, a
// batch behind. Writing takes most of an import's time and reading most of the
// rest, and both keep a processor busy: side by side they take about the time of
// the writing alone. The writes stay on this goroutine, as the transaction is one
// connection running one statement at a time. The outcome is that of reading and
// writing in turn: the batches are written in the order of the file, and the reader
// hands none over after the first rejected row, the point where the writing stopped
// before; nothing is committed then anyway.
func (im *importer) run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	full, free := make(chan *batch, 1), make(chan *batch, batches)
	for range batches {
		free <- &batch{rows: make([]candidate, 0, lookupBatch), args: make([]any, 0, lookupBatch*nStored)}
	}
	read := make(chan error, 1)
	go func() { read <- im.read(ctx, full, free) }()
	var err error
	for b := range full {
		if err == nil && im.tx != nil {
			if err = im.write(ctx, b); err != nil {
				cancel() // the reader stops at its next batch
			}
		}
		b.reset()
		free <- b
	}
	readErr := <-read
	switch {
	case err != nil:
		return err
	case readErr != nil:
		return readErr
	case !im.res.OK() || im.tx == nil:
		return nil
	}
	if err := im.daily.apply(ctx, im.tx, im.w.anonymous); err != nil {
		return err
	}
	return im.spans.apply(ctx, im.tx)
}

// read reads the file, rejecting bad rows, and hands the good ones over to the
// writer in batches on full, compared with the stored dossiers, taking empty
// batches from free. It closes full when done. Options.Progress is called from here.
func (im *importer) read(ctx context.Context, full chan<- *batch, free <-chan *batch) error {
	defer close(full)
	sh, res := im.sheet, im.res
	var b *batch
	// Each wait checks for a stop first, as select picks at random among the cases
	// ready: once the writer has failed, the reader reads on no further than a batch.
	send := func() error {
		if err := im.compare(ctx, b); err != nil {
			return err
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		select {
		case full <- b:
			b = nil
			return nil
		case <-ctx.Done():
			return ctx.Err()
		}
	}
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
		if b == nil {
			if err := ctx.Err(); err != nil {
				return err
			}
			select {
			case b = <-free:
			case <-ctx.Done():
				return ctx.Err()
			}
		}
		d.Source, d.SourceRow = sh.t.File, sh.num
		d.CreatedAt, d.UpdatedAt = im.now, im.now
		b.rows = append(b.rows, candidate{num: sh.num, d: d})
		b.args = d.appendValues(b.args, &im.boxes)
		if len(b.rows) == lookupBatch {
			if err := send(); err != nil {
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
	if !res.OK() || b == nil {
		return nil
	}
	return send()
}

// compare looks the rows of a batch up among the stored dossiers, counts what will
// happen to each and notes what the writer is to do.
//
// The lookup goes through a connection of its own, outside the transaction, so
// that it runs beside the writing. It finds what the transaction would: the import
// writes only codes of its file, each once, and on SQLite holds the database's write
// lock from its start; on PostgreSQL two imports writing the same dossiers at once
// meet the unique index of codes either way.
func (im *importer) compare(ctx context.Context, b *batch) error {
	existing, err := im.l.existing(ctx, b)
	if err != nil {
		return err
	}
	for i := range b.rows {
		c := &b.rows[i]
		old, found := existing[c.d.Code]
		switch {
		case !found:
			im.count(c.num, c.d.Code, tabular.Create)
			b.created = append(b.created, i)
			im.spans.note(nil, &c.d)
			im.daily.add(&c.d, 1)
		case sameContent(old, c.d):
			im.count(c.num, c.d.Code, tabular.Unchanged)
		default:
			c.d.ID, c.d.CreatedAt = old.ID, old.CreatedAt
			im.count(c.num, c.d.Code, tabular.Update)
			b.updates = append(b.updates, update{num: c.num, before: old, after: &c.d})
			im.spans.note(&old, &c.d)
			im.daily.add(&old, -1)
			im.daily.add(&c.d, 1)
		}
	}
	return nil
}

// write writes the new and changed dossiers of a batch, the changes with an audit
// entry each.
func (im *importer) write(ctx context.Context, b *batch) error {
	if err := im.w.create(ctx, b); err != nil {
		return err
	}
	for _, u := range b.updates {
		if err := im.w.rewrite(ctx, u.after); err != nil {
			return err
		}
		if err := audit.Record(ctx, im.tx, audit.Entry{At: im.now, Action: "update", Entity: "dossier", EntityID: u.before.ID,
			Summary: "Cập nhật hồ sơ " + u.before.Code + " (nhập từ tệp " + im.sheet.t.File + ", dòng " + strconv.Itoa(u.num) + ")",
			Before:  u.before, After: *u.after}); err != nil {
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

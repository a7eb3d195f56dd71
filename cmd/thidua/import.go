package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/dossier"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/indicator"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/procedure"
	"github.com/thidua/thidua/internal/tabular"
)

// importer is one kind of list the import command reads.
type importer struct {
	what    string // Vietnamese, for the help
	columns []tabular.Column
	run     func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error)
}

var importers = map[string]importer{
	"units": {"đơn vị", org.UnitColumns,
		func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
			return org.NewStore(d, e.now).ImportUnits(ctx, r, name, opt)
		}},
	"enterprises": {"doanh nghiệp", enterprise.Columns,
		func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
			return enterprise.NewStore(d, e.now).Import(ctx, r, name, opt)
		}},
	"staff": {"cán bộ", org.StaffColumns,
		func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
			return org.NewStore(d, e.now).ImportStaff(ctx, r, name, opt)
		}},
	"procedures": {"thủ tục hành chính", procedure.Columns,
		func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
			return procedure.NewStore(d, e.now).Import(ctx, r, name, opt)
		}},
	"dossiers": {"hồ sơ thủ tục hành chính", dossier.Columns, nil},
	"indicators": {"chỉ tiêu sản xuất kinh doanh", indicator.Columns,
		func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error) {
			return indicator.NewStore(d, e.now, nil).Import(ctx, r, name, opt)
		}},
}

// mappedImporters run instead of their importer's run for the kinds that take --map.
var mappedImporters = map[string]func(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options,
	m columnMap) (*tabular.Result, error){
	"dossiers": importDossiers,
}

// importDossiers imports an export of the one-stop system, showing how far it has
// read on stderr: such a file has up to hundreds of thousands of rows.
func importDossiers(ctx context.Context, e *env, d *db.DB, r io.Reader, name string, opt tabular.Options, m columnMap) (*tabular.Result, error) {
	shown := false
	progress := func(rows int) {
		if rows >= dossier.ProgressEvery {
			fmt.Fprintf(e.stderr, "\rĐã đọc %d dòng…", rows)
			shown = true
		}
	}
	res, err := dossier.NewStore(d, e.now).Import(ctx, r, name, dossier.Options{DryRun: opt.DryRun, Columns: m, Progress: progress})
	if shown {
		fmt.Fprintln(e.stderr)
	}
	return res, err
}

// columnMap collects --map "Tiêu đề trong tệp=Tiêu đề chuẩn", once per odd header.
type columnMap map[string]string

func (m columnMap) String() string { return "" }

func (m columnMap) Set(v string) error {
	from, to, ok := dossier.ParseMapping(v)
	if !ok {
		return fmt.Errorf("--map cần dạng \"Tiêu đề trong tệp=Tiêu đề chuẩn\", không phải %q", v)
	}
	m[from] = to
	return nil
}

var importOrder = []string{"units", "enterprises", "staff", "procedures", "dossiers", "indicators"}

// maxListed bounds the rejected rows printed; the rest go to the --rejects file.
const maxListed = 100

func importUsage() string {
	var b strings.Builder
	b.WriteString(`Nhập danh sách đơn vị, doanh nghiệp, cán bộ, danh mục thủ tục hành chính, hồ sơ hoặc chỉ tiêu
sản xuất kinh doanh của doanh nghiệp từ tệp Excel (.xlsx) hoặc CSV.

Cách dùng:
  thidua import units TỆP [--dry-run] [--rejects TỆP_LỖI] [--db DB]
  thidua import enterprises TỆP [...]
  thidua import staff TỆP [...]
  thidua import procedures TỆP [...]
  thidua import dossiers TỆP [--map "Tiêu đề trong tệp=Tiêu đề chuẩn"] [...]
  thidua import indicators TỆP [...]

Tùy chọn:
  --dry-run          chỉ kiểm tra và cho biết sẽ thêm, sửa bao nhiêu dòng; không ghi gì
  --rejects TỆP_LỖI  ghi các dòng bị từ chối, thêm cột “Lý do”, vào TỆP_LỖI (.xlsx hoặc .csv)
                     để sửa ngay trong tệp đó rồi nhập lại
  --db DB            tệp SQLite hoặc địa chỉ postgres://… (biến môi trường THIDUA_DB)
  --map "A=B"        (dossiers) đọc cột có tiêu đề A như cột chuẩn B; dùng nhiều lần được,
                     ví dụ --map "Ngày nộp đơn=Ngày tiếp nhận"

Các cột (dấu * là cột bắt buộc; tên cột viết hoa hay thường, có dấu hay không đều được,
thứ tự tùy ý, phía trên dòng tiêu đề có thể có dòng tên bảng):
`)
	for _, kind := range importOrder {
		var cols []string
		for _, c := range importers[kind].columns {
			if c.Required {
				cols = append(cols, c.Header+"*")
			} else {
				cols = append(cols, c.Header)
			}
		}
		fmt.Fprintf(&b, "  %-12s %s\n", kind, strings.Join(cols, ", "))
	}
	b.WriteString(`
  Loại đơn vị: Văn phòng Sở, Phòng chuyên môn, Đơn vị trực thuộc. Đơn vị cấp trên: mã của
  một đơn vị đã có hoặc có trong cùng tệp. Lĩnh vực: một hay nhiều, cách nhau bằng dấu “;”.
  Loại hình sở hữu: Tư nhân, Nhà nước, Có vốn đầu tư nước ngoài, Khác. Giới tính: Nam, Nữ.
  Đơn vị của cán bộ: mã đơn vị.
  Thủ tục: mã thủ tục quốc gia (1.000703 hoặc 1.001776.000.00.00.H56); đơn vị thực hiện: mã
  hoặc tên đơn vị; thời hạn giải quyết: số ngày làm việc (15, 2,5, “2,5 ngày làm việc”); phí,
  lệ phí: số đồng (50.000) hoặc “Không quy định”; mức độ trực tuyến: Toàn trình, Một phần,
  Không; đủ điều kiện toàn trình: Có, Không; thủ tục đủ điều kiện mà chưa toàn trình phải có
  lý do; hiệu lực từ, hiệu lực đến: dd/mm/yyyy (thủ tục mới mặc định có hiệu lực từ ngày nhập).
  Hồ sơ (tệp xuất từ hệ thống một cửa): thủ tục theo mã (có hoặc không có đuôi mã tỉnh) hoặc
  cột Tên thủ tục; đơn vị xử lý theo mã hoặc tên, để trống thì lấy đơn vị thực hiện thủ tục;
  kênh: Trực tiếp, Bưu chính, Trực tuyến toàn trình, Trực tuyến một phần (“Trực tuyến” theo mức
  độ trực tuyến của thủ tục); ngày dạng dd/mm/yyyy, dd/mm/yyyy HH:mm, HH:mm, dd/mm/yyyy,
  ISO 8601 hoặc số ngày của Excel; thư xin lỗi: Có, Không. Hồ sơ cùng mã hồ sơ được cập nhật.
  Chỉ tiêu sản xuất kinh doanh: mã số thuế của doanh nghiệp đã có trong danh sách; năm không
  sau năm nay; kỳ báo cáo: Cả năm (để trống), 6 tháng đầu năm, 6 tháng cuối năm; số tiền là số
  đồng nguyên (12.500.000.000 hoặc 12500000000), lợi nhuận lỗ ghi số âm, các số khác không âm;
  đóng đủ BHXH: Có, Không. Cùng mã số thuế, năm và kỳ thì cập nhật.

Tệp được nhận cả hoặc không nhận gì: chỉ một dòng có lỗi là không dòng nào được ghi; mỗi lỗi
được in ra kèm số dòng và tên cột để sửa. Nhập lại một tệp không tạo bản trùng: đơn vị cùng
mã, doanh nghiệp cùng mã số thuế, cán bộ cùng đơn vị và họ tên, thủ tục cùng mã, chỉ tiêu cùng
mã số thuế, năm và kỳ được cập nhật
nếu khác, giữ nguyên nếu không đổi. Cột không bắt buộc mà tệp không có thì giữ nguyên giá trị đã lưu.
`)
	return b.String()
}

func cmdImport(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		fmt.Fprint(e.stderr, importUsage())
		return &exitError{code: 2, err: errors.New("thiếu loại danh sách: units, enterprises, staff, procedures, dossiers hoặc indicators")}
	}
	if a := args[0]; a == "-h" || a == "--help" || a == "help" {
		fmt.Fprint(e.stdout, importUsage())
		return flag.ErrHelp
	}
	imp, ok := importers[args[0]]
	if !ok {
		return &exitError{code: 2, err: fmt.Errorf("không có loại danh sách %q; dùng units, enterprises, staff, procedures, dossiers hoặc indicators (xem thidua import --help)", args[0])}
	}
	fs := flag.NewFlagSet("import "+args[0], flag.ContinueOnError)
	fs.SetOutput(e.stderr)
	fs.Usage = func() { fmt.Fprint(e.stderr, importUsage()) }
	dryRun := fs.Bool("dry-run", false, "")
	rejects := fs.String("rejects", "", "")
	mapping, mapped := columnMap{}, mappedImporters[args[0]]
	if mapped != nil {
		fs.Var(mapping, "map", "")
	}
	dsn := dbFlag(fs)
	file, err := parseOneFile(fs, args[1:])
	if err != nil {
		return err
	}
	// A wrong extension is reported before anything is opened or read.
	if _, err := tabular.FormatOf(file); err != nil {
		return &exitError{code: 2, err: err}
	}
	var rejectsFormat tabular.Format
	if *rejects != "" {
		if rejectsFormat, err = tabular.FormatOf(*rejects); err != nil {
			return &exitError{code: 2, err: fmt.Errorf("--rejects: %w", err)}
		}
	}
	f, err := os.Open(file)
	if err != nil {
		return fmt.Errorf("không mở được tệp %s: %w", file, err)
	}
	defer f.Close()
	d, err := openDB(ctx, *dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	var res *tabular.Result
	if mapped != nil {
		res, err = mapped(ctx, e, d, f, file, tabular.Options{DryRun: *dryRun}, mapping)
	} else {
		res, err = imp.run(ctx, e, d, f, file, tabular.Options{DryRun: *dryRun})
	}
	var fileErr *tabular.FileError
	if errors.As(err, &fileErr) {
		return &exitError{code: 2, err: fileErr}
	}
	if err != nil {
		return fmt.Errorf("nhập %s từ %s: %w", imp.what, file, err)
	}
	if res.OK() {
		fmt.Fprintln(e.stdout, res.Summary())
		return nil
	}
	listRejects(e.stderr, res)
	if *rejects != "" {
		if err := writeRejects(res, *rejects, rejectsFormat); err != nil {
			return err
		}
		fmt.Fprintf(e.stderr, "Đã ghi %d dòng bị từ chối, kèm lý do, vào %s.\n", res.RejectedRows(), *rejects)
	}
	return &exitError{code: 2, err: errors.New(res.Summary())}
}

// parseOneFile parses flags before and after the one file name, since package flag
// stops at the first argument ("import units dv.xlsx --dry-run").
func parseOneFile(fs *flag.FlagSet, args []string) (string, error) {
	if err := fs.Parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		fs.Usage()
		return "", &exitError{code: 2, err: errors.New("thiếu tên tệp cần nhập")}
	}
	file := fs.Arg(0)
	if err := fs.Parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", &exitError{code: 2, err: fmt.Errorf("chỉ nhập một tệp mỗi lần; thừa %q", fs.Arg(0))}
	}
	return file, nil
}

func listRejects(w io.Writer, res *tabular.Result) {
	for i, p := range res.Rejected {
		if i == maxListed {
			fmt.Fprintf(w, "… và %d lỗi khác; dùng --rejects TỆP_LỖI.xlsx để có đủ danh sách.\n", len(res.Rejected)-maxListed)
			break
		}
		fmt.Fprintln(w, p)
	}
}

// writeRejects writes the whole file at once, so that a failure leaves no half file.
func writeRejects(res *tabular.Result, path string, format tabular.Format) error {
	var buf bytes.Buffer
	if err := res.WriteRejects(&buf, format); err != nil {
		return fmt.Errorf("không tạo được tệp các dòng bị từ chối: %w", err)
	}
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		return fmt.Errorf("không ghi được tệp %s: %w", path, err)
	}
	return nil
}

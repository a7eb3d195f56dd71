package cluster

import (
	"bufio"
	"bytes"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
	"github.com/thidua/thidua/internal/plan"
	"github.com/thidua/thidua/internal/web"
)

// bigExport writes a one-stop export of n dossiers, enough that an import of it is
// still writing when the test kills it.
func bigExport(t *testing.T, n int) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "motcua.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString(dossiertest.Header)
	start := calendar.NewDate(2025, time.January, 2)
	for i := range n {
		got := start.AddDays(i % 300)
		fmt.Fprintf(w, "H37.%d,1.009972,QLXD,Trực tiếp,%s,,%s,0,,,,Không\n", 100000+i, got.DMY(), got.AddDays(5+i%20).DMY())
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
	return path
}

// catalogue opens dsn (migrating it) and adds the unit and procedure of bigExport.
func catalogue(t *testing.T, dsn string) {
	t.Helper()
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	dossiertest.Add(t, d, dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15})
}

// kill -9 of `thidua import dossiers` in the middle of a large file: after it
// nothing of the file is visible (the import is one transaction), the database is
// sound, and the same file imported again goes through whole.
func TestKillDuringImport(t *testing.T) {
	const rows = 60000
	file := bigExport(t, rows)
	for _, c := range []struct {
		name string
		dsn  func(t *testing.T) string
	}{
		{"sqlite", func(t *testing.T) string { return filepath.Join(t.TempDir(), "thidua.db") }},
		{"postgres", func(t *testing.T) string { return dbtest.PostgresURL(t) }},
	} {
		t.Run(c.name, func(t *testing.T) {
			dsn := c.dsn(t)
			catalogue(t, dsn)
			imp := start(t, "import", nil, "import", "dossiers", file, "--db", dsn)
			// The command shows every 10,000 rows read; the rows read are written
			// in batches as it goes, so at 20,000 the transaction holds thousands.
			imp.waitOutput(t, regexp.MustCompile(`Đã đọc [2-5]0000 dòng`), time.Minute)
			imp.cmd.Process.Signal(syscall.SIGKILL)
			<-imp.done
			if ws, ok := imp.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the import ended before it was killed: %v\n%s", imp.cmd.ProcessState, imp.out.String())
			}

			d, err := db.Open(ctx, dsn)
			if err != nil {
				t.Fatalf("the database does not open after the kill: %v", err)
			}
			if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != 0 {
				t.Errorf("%d dossiers of the killed import are visible", n)
			}
			if n := count(t, d, "SELECT COUNT(*) FROM dossier_daily"); n != 0 {
				t.Errorf("%d daily counts of the killed import are visible", n)
			}
			if n := count(t, d, "SELECT COUNT(*) FROM audit_log WHERE entity = 'dossier'"); n != 0 {
				t.Errorf("%d audit entries of the killed import", n)
			}
			if d.Dialect == db.SQLite {
				var check string
				d.Read().QueryRow("PRAGMA integrity_check").Scan(&check)
				if check != "ok" {
					t.Errorf("integrity_check after the kill: %s", check)
				}
			}
			d.Close()

			again := start(t, "import again", nil, "import", "dossiers", file, "--db", dsn)
			if code := again.wait(t, 2*time.Minute); code != 0 {
				t.Fatalf("the import again: exit %d\n%s", code, tail(again.out.String(), 2000))
			}
			d, err = db.Open(ctx, dsn)
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != rows {
				t.Errorf("%d dossiers after the import again, want %d", n, rows)
			}
			v := start(t, "audit verify", nil, "audit", "verify", "--db", dsn)
			if code := v.wait(t, time.Minute); code != 0 {
				t.Errorf("audit verify after the kill and the import again: exit %d\n%s", code, v.out.String())
			}
		})
	}
}

// fullStorage makes the storage of an SQLite database full and gives the space back.
//
// As root, where the machine lets it, the database lives on a small tmpfs of its
// own and a ballast file takes the free space: a real full disk. Elsewhere the
// database's page limit (PRAGMA max_page_count on the one writer connection) stands
// in for the disk: SQLite answers both with the same SQLITE_FULL, which is what the
// application sees and maps.
type fullStorage struct {
	dir     string // where the database lives
	tmpfs   bool
	ballast string
}

func newStorage(t *testing.T) *fullStorage {
	t.Helper()
	dir := t.TempDir()
	s := &fullStorage{dir: dir}
	// THIDUA_TEST_NO_TMPFS=1 takes the page limit even as root, to try that path.
	if os.Geteuid() == 0 && os.Getenv("THIDUA_TEST_NO_TMPFS") != "1" {
		if out, err := exec.Command("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", dir).CombinedOutput(); err == nil {
			s.tmpfs = true
			t.Cleanup(func() { exec.Command("umount", dir).Run() })
		} else {
			t.Logf("no tmpfs (%s): the page limit stands in for the disk", strings.TrimSpace(string(out)))
		}
	}
	t.Logf("full storage by a tmpfs: %v", s.tmpfs)
	return s
}

// fill leaves the database no room to grow: it takes the disk's free space but a
// few pages, or limits the database to the pages it has, then fills what is left
// with stored files (a database's own free pages would otherwise take small writes).
func (s *fullStorage) fill(t *testing.T, d *db.DB, userID int64) {
	t.Helper()
	if s.tmpfs {
		var st syscall.Statfs_t
		if err := syscall.Statfs(s.dir, &st); err != nil {
			t.Fatal(err)
		}
		free := int64(st.Bavail) * st.Bsize
		s.ballast = filepath.Join(s.dir, "ballast")
		if err := os.WriteFile(s.ballast, make([]byte, free-256<<10), 0o600); err != nil {
			t.Fatal(err)
		}
	} else {
		var pages int
		d.Write().QueryRow("PRAGMA page_count").Scan(&pages)
		if _, err := d.Write().Exec(fmt.Sprintf("PRAGMA max_page_count = %d", pages+64)); err != nil {
			t.Fatal(err)
		}
	}
	blob := bytes.Repeat([]byte("x"), 16<<10)
	for i := 0; ; i++ {
		_, err := d.Write().Exec(`INSERT INTO files (token, user_id, file_name, content_type, content, created_at, expires_at)
			VALUES ($1, $2, 'chen.bin', 'application/octet-stream', $3, $4, $5)`, fmt.Sprintf("filler-%d", i), userID, blob,
			time.Now().UTC(), time.Now().UTC().Add(time.Hour))
		if db.IsFull(err) {
			break
		}
		if err != nil || i > 10000 {
			t.Fatalf("filling the storage: %v after %d files", err, i)
		}
	}
	// Units fill the last gaps of the units table and its indexes, so that the
	// unit the test saves needs a page the storage cannot give.
	for i := 0; ; i++ {
		_, err := d.Write().Exec(`INSERT INTO units (code, name, kind, search, created_at, updated_at) VALUES ($1, $2, 'division', $3, $4, $4)`,
			fmt.Sprintf("ZZ-%05d", i), fmt.Sprintf("Đơn vị chèn %05d", i), fmt.Sprintf("don vi chen %05d", i), time.Now().UTC())
		if db.IsFull(err) {
			return
		}
		if err != nil || i > 100000 {
			t.Fatalf("filling the storage: %v", err)
		}
	}
}

// free gives the space back, as an operator who cleaned the disk would.
func (s *fullStorage) free(t *testing.T, d *db.DB) {
	t.Helper()
	if s.tmpfs {
		if err := os.Remove(s.ballast); err != nil {
			t.Fatal(err)
		}
	} else if _, err := d.Write().Exec("PRAGMA max_page_count = 4294967294"); err != nil {
		t.Fatal(err)
	}
}

// SQLite with its storage full: an import and a form save each get a clear
// Vietnamese message (507), nothing of them is written, the database passes its
// integrity check, and once space is freed the same save goes through without a
// restart.
func TestDiskFullSQLite(t *testing.T) {
	st := newStorage(t)
	d, err := db.Open(ctx, filepath.Join(st.dir, "thidua.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := plan.LoadEmbedded(ctx, plan.NewStore(d, time.Now)); err != nil {
		t.Fatal(err)
	}
	dossiertest.Unit(t, d, "VP", "Văn phòng Sở")
	dossiertest.Add(t, d, dossiertest.Procedure{Code: "1.009972", Name: "Cấp giấy phép xây dựng", Field: "Xây dựng", UnitCode: "QLXD", Days: 15})
	office, err := auth.NewStore(d, time.Now).CreateUser(ctx, auth.NewUser{Username: "vanphong", Role: auth.RoleOffice, Password: "mat-khau-vanphong"})
	if err != nil {
		t.Fatal(err)
	}
	srv, err := web.New(web.Deps{DB: d})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	c := login(t, ts.URL, "vanphong", "mat-khau-vanphong")

	st.fill(t, d, office.ID)

	var csv bytes.Buffer
	csv.WriteString(dossiertest.Header)
	for i := range 3000 {
		fmt.Fprintf(&csv, "H37.%d,1.009972,QLXD,Trực tiếp,02/03/2025,,10/03/2025,0,,,,Không\n", i)
	}
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "hoso.csv")
	fw.Write(csv.Bytes())
	w.Close()
	r := do(t, c, "POST", ts.URL+"/import/dossiers", &body, w.FormDataContentType())
	if r.code != http.StatusInsufficientStorage || !strings.Contains(r.body, "Hết dung lượng lưu trữ") {
		t.Errorf("import on a full storage: %d %s", r.code, tail(r.body, 600))
	}
	unit := url.Values{"code": {"TTDK"}, "name": {"Trung tâm Đăng kiểm"}, "kind": {"affiliated"}}
	r = postForm(t, c, ts.URL+"/units", unit)
	if r.code != http.StatusInsufficientStorage || !strings.Contains(r.body, "Hết dung lượng lưu trữ") {
		t.Errorf("a unit saved on a full storage: %d %s", r.code, tail(r.body, 600))
	}
	if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != 0 {
		t.Errorf("%d dossiers written on a full storage", n)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM units WHERE code = 'TTDK'"); n != 0 {
		t.Errorf("the unit was written on a full storage")
	}
	var check string
	if err := d.Write().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check on a full storage: %q %v", check, err)
	}

	st.free(t, d)
	if _, err := d.Write().Exec("DELETE FROM files WHERE file_name = 'chen.bin'"); err != nil {
		t.Fatal(err)
	}
	if _, err := d.Write().Exec("DELETE FROM units WHERE code LIKE 'ZZ-%'"); err != nil {
		t.Fatal(err)
	}
	r = postForm(t, c, ts.URL+"/units", unit)
	if r.code != http.StatusSeeOther {
		t.Errorf("the unit once space was freed: %d %s", r.code, tail(r.body, 600))
	}
	if err := d.Write().QueryRow("PRAGMA integrity_check").Scan(&check); err != nil || check != "ok" {
		t.Errorf("integrity_check after freeing space: %q %v", check, err)
	}
}

// kill -9 of `thidua serve` while it imports a large file sent through the page (a
// queued job): nothing of the file is visible, and the server started again takes
// the job up at once (on SQLite a file has one server process, so a job left running
// died with the last one), imports the whole file and shows the result on the same
// progress page. On PostgreSQL the job is taken again when its lease runs out.
func TestKillServeDuringWebImport(t *testing.T) {
	const rows = 40000
	dsn := filepath.Join(t.TempDir(), "thidua.db")
	catalogue(t, dsn)
	d, err := db.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if _, err := auth.NewStore(d, time.Now).CreateUser(ctx, auth.NewUser{Username: "vanphong", Role: auth.RoleOffice, Password: "mat-khau-vanphong"}); err != nil {
		t.Fatal(err)
	}
	content, err := os.ReadFile(bigExport(t, rows))
	if err != nil {
		t.Fatal(err)
	}

	a := serve(t, "A", dsn)
	c := login(t, a.base, "vanphong", "mat-khau-vanphong")
	var body bytes.Buffer
	w := multipart.NewWriter(&body)
	fw, _ := w.CreateFormFile("file", "motcua.csv")
	fw.Write(content)
	w.Close()
	r := do(t, c, "POST", a.base+"/import/dossiers", &body, w.FormDataContentType())
	if r.code != http.StatusSeeOther || !strings.Contains(r.location, "/import/dossiers/jobs/") {
		t.Fatalf("a large file is queued: %d %s", r.code, r.location)
	}
	page := r.location
	read := regexp.MustCompile(`đã đọc ([\d.]+) dòng`)
	deadline := time.Now().Add(time.Minute)
	for {
		p := get(t, c, a.base+page)
		if m := read.FindStringSubmatch(p.body); m != nil && len(strings.ReplaceAll(m[1], ".", "")) >= 5 {
			break // 10.000 rows or more read
		}
		if p.code != http.StatusOK || time.Now().After(deadline) || !strings.Contains(p.body, "Trang tự cập nhật") {
			t.Fatalf("the import did not get under way: %d %s", p.code, tail(p.body, 800))
		}
		time.Sleep(50 * time.Millisecond)
	}
	a.kill()
	if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != 0 {
		t.Fatalf("%d dossiers of the killed import are visible", n)
	}

	b := serve(t, "B", dsn)
	both := withCookiesOf(c, a.base, b.base)
	deadline = time.Now().Add(time.Minute)
	for {
		p := get(t, both, b.base+page)
		if p.code == http.StatusOK && !strings.Contains(p.body, "Trang tự cập nhật") {
			if !strings.Contains(p.body, "Đã nhập 40000 hồ sơ") {
				t.Errorf("the result page does not count the file's rows: %s", tail(p.body, 1500))
			}
			break
		}
		if p.code != http.StatusOK || time.Now().After(deadline) {
			t.Fatalf("the import after the restart: %d %s", p.code, tail(p.body, 800))
		}
		time.Sleep(100 * time.Millisecond)
	}
	if n := count(t, d, "SELECT COUNT(*) FROM dossiers"); n != rows {
		t.Errorf("%d dossiers after the restart, want %d", n, rows)
	}
	var state string
	var attempts int
	d.Read().QueryRow("SELECT state, attempts FROM jobs WHERE kind = 'import.file'").Scan(&state, &attempts)
	if state != "done" || attempts != 2 {
		t.Errorf("the import job: %s after %d attempts, want done after 2", state, attempts)
	}
}

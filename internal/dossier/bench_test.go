package dossier

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/db/dbtest"
	"github.com/thidua/thidua/internal/dossier/dossiertest"
)

// BenchmarkImportCSV imports a CSV of THIDUA_BENCH_ROWS dossiers (100,000 unless
// set) into an empty SQLite database and reports rows per second and the heap in use
// at the end. The goal is 50,000 rows/s and under 300 MB at 1,000,000 rows.
func BenchmarkImportCSV(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("THIDUA_BENCH_ROWS")); err == nil {
		n = v
	}
	// THIDUA_BENCH_FILE keeps the generated file between runs, so that a second run
	// measures the peak memory of the import alone.
	path := os.Getenv("THIDUA_BENCH_FILE")
	if path == "" {
		path = filepath.Join(b.TempDir(), "hs.csv")
	} else if _, err := os.Stat(path); err == nil {
		benchImport(b, path, n)
		return
	}
	f, err := os.Create(path)
	if err != nil {
		b.Fatal(err)
	}
	f.WriteString(dossiertest.Header)
	// An export lists dossiers by the date they were received, and their codes hold
	// that date (agency code, yyMMdd, daily counter).
	rows := randomDossiers(rand.New(rand.NewPCG(1, 1)), n)
	sort.SliceStable(rows, func(i, j int) bool { return day(rows[i].Received).Before(day(rows[j].Received)) })
	for i, row := range rows {
		r := day(row.Received)
		row.Code = fmt.Sprintf("000.00.06.H37-%02d%02d%02d-%07d", r.Year%100, int(r.Month), r.Day, i)
		f.WriteString(dossiertest.CSV(row)[len(dossiertest.Header):])
	}
	f.Close()
	rows = nil
	benchImport(b, path, n)
}

func benchImport(b *testing.B, path string, n int) {
	for i := 0; i < b.N; i++ {
		b.StopTimer()
		d := dbtest.SQLite(b)
		if os.Getenv("THIDUA_BENCH_PG") == "1" {
			d = dbtest.Postgres(b)
		}
		catalogue(b, d)
		for _, p := range strings.Fields(os.Getenv("THIDUA_BENCH_PRAGMAS")) {
			if _, err := d.Write().ExecContext(ctx, "PRAGMA "+p); err != nil {
				b.Fatal(err)
			}
		}
		for _, ix := range strings.Fields(os.Getenv("THIDUA_BENCH_DROP")) {
			d.Write().ExecContext(ctx, "DROP INDEX "+ix)
		}
		s := NewStore(d, time.Now)
		in, _ := os.Open(path)
		runtime.GC()
		b.StartTimer()
		start := time.Now()
		res, err := s.Import(ctx, in, "hs.csv", Options{})
		el := time.Since(start)
		b.StopTimer()
		in.Close()
		if err != nil || !res.OK() {
			b.Fatalf("%v %v", err, res.Rejected[:min(3, len(res.Rejected))])
		}
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		b.ReportMetric(float64(n)/el.Seconds(), "rows/s")
		b.ReportMetric(float64(ms.HeapInuse)/(1<<20), "heapMB")
		if status, err := os.ReadFile("/proc/self/status"); err == nil {
			for _, line := range strings.Split(string(status), "\n") {
				if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
					kb, _ := strconv.Atoi(strings.TrimSuffix(strings.TrimSpace(v), " kB"))
					b.ReportMetric(float64(kb)/1024, "peakRSS_MB")
				}
			}
		}
	}
}

// BenchmarkStats computes the department's table for a year and for five years over
// THIDUA_BENCH_ROWS dossiers received from 2026 to 2030, in the SQLite database
// THIDUA_BENCH_DB (filled on the first run, reused after), or in a new PostgreSQL
// database with THIDUA_BENCH_PG=1. The goal is 100 ms at 1,000,000 dossiers.
func BenchmarkStats(b *testing.B) {
	n := 100000
	if v, err := strconv.Atoi(os.Getenv("THIDUA_BENCH_ROWS")); err == nil {
		n = v
	}
	path := os.Getenv("THIDUA_BENCH_DB")
	if path == "" {
		path = filepath.Join(b.TempDir(), "stats.db")
	}
	_, statErr := os.Stat(path)
	var d *db.DB
	if os.Getenv("THIDUA_BENCH_PG") == "1" {
		d, statErr = dbtest.Postgres(b), os.ErrNotExist
	} else {
		var err error
		if d, err = db.Open(ctx, path); err != nil {
			b.Fatal(err)
		}
		defer d.Close()
	}
	s := NewStore(d, time.Now)
	if statErr != nil {
		catalogue(b, d)
		rows := randomDossiersOver(rand.New(rand.NewPCG(3, 3)), n, 5*365)
		sort.SliceStable(rows, func(i, j int) bool { return day(rows[i].Received).Before(day(rows[j].Received)) })
		for i := range rows {
			rows[i].Code = fmt.Sprintf("HS-%08d", i)
		}
		if res, err := s.Import(ctx, strings.NewReader(dossiertest.CSV(rows...)), "hs.csv", Options{}); err != nil || !res.OK() {
			b.Fatalf("%v %v", err, res)
		}
	}
	for _, p := range []struct{ name, from, to string }{
		{"year", "01/01/2027", "31/12/2027"}, {"5years", "01/01/2026", "31/12/2030"}, {"month", "01/03/2028", "31/03/2028"},
	} {
		b.Run(p.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				if _, _, err := s.StatsByUnit(ctx, all, StatsQuery{From: day(p.from), To: day(p.to)}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

package bench

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/auth"
	"github.com/thidua/thidua/internal/calendar"
	"github.com/thidua/thidua/internal/db"
	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/org"
	"github.com/thidua/thidua/internal/petition"
	"github.com/thidua/thidua/internal/web"
)

// PetitionResult is what the petition section measured on one database.
type PetitionResult struct {
	Database string
	Fill     PetitionFill
	// Unit is the division whose worklist was timed, with its counters as the
	// page shows them.
	Unit     string
	Worklist petition.Worklist
	Pages    []Page
	Load     Load
}

// PetitionFill is how the database was filled and what it then held.
type PetitionFill struct {
	Rows     int
	Duration time.Duration
	States   map[petition.State]int
	// OpenMin and OpenMax are the fewest and most open petitions (being processed
	// or awaiting the sender) of one unit; Overdue are those being processed past
	// their deadline in all units.
	OpenMin, OpenMax, Overdue int
}

// PetitionsPerSecond is the fill's speed.
func (f PetitionFill) PetitionsPerSecond() float64 {
	if f.Duration <= 0 {
		return 0
	}
	return float64(f.Rows) / f.Duration.Seconds()
}

// replayChunk is how many petitions one Replay writes: one transaction each.
const replayChunk = 5000

// runPetitions measures the petitions on SQLite and, unless cfg.Postgres is "off",
// on PostgreSQL.
func runPetitions(ctx context.Context, cfg Config, rep *Report, dir string) error {
	// Both databases get the same petitions: those of the two years up to the
	// start of the section, not up to the start of each database's fill.
	upTo := cfg.Now()
	return onBoth(ctx, cfg, filepath.Join(dir, "phan-anh.db"), &rep.PetitionNotes, func(dsn string) error { return petitionsOn(ctx, cfg, rep, dsn, dir, upTo) })
}

// petitionsOn fills one new database, then times the worklist and the concurrent
// intake through the real web handler.
func petitionsOn(ctx context.Context, cfg Config, rep *Report, dsn, dir string, upTo time.Time) error {
	d, err := db.Open(ctx, dsn)
	if err != nil {
		return err
	}
	defer d.Close()
	res := PetitionResult{Database: version(ctx, d)}
	say := func(format string, args ...any) { fmt.Fprintf(cfg.Progress, res.Database+": "+format+"\n", args...) }
	say("tạo đơn vị, doanh nghiệp và tài khoản…")
	w, err := petitionSetup(ctx, cfg, d, dir)
	if err != nil {
		return err
	}
	if res.Fill, err = fillPetitions(ctx, cfg, d, w, upTo, say); err != nil {
		return err
	}
	if d.Dialect == db.Postgres {
		say("VACUUM ANALYZE…")
		if _, err := d.Write().ExecContext(ctx, "VACUUM ANALYZE"); err != nil {
			return err
		}
		d.Write().ExecContext(ctx, "CHECKPOINT")
	}
	srv, err := web.New(web.Deps{DB: d, Now: cfg.Now, Logger: slog.New(slog.DiscardHandler)})
	if err != nil {
		return err
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	if err := timeWorklist(ctx, cfg, d, w, ts.URL, &res, say); err != nil {
		return err
	}
	if res.Load, err = loadPetitions(ctx, cfg, d, w, ts.URL, say); err != nil {
		return err
	}
	rep.Petitions = append(rep.Petitions, res)
	return nil
}

// petitionSetup writes the units, the enterprises (through the importer) and the
// accounts the petitions come from and go to.
func petitionSetup(ctx context.Context, cfg Config, d *db.DB, dir string) (*petitionWorld, error) {
	w := &petitionWorld{}
	var err error
	if w.cal, err = calendar.NewStore(d, cfg.Now).Calendar(ctx); err != nil {
		return nil, err
	}
	orgs := org.NewStore(d, cfg.Now)
	for _, pu := range petitionUnits {
		kind := org.KindDivision
		if pu.code == "VP" {
			kind = org.KindOffice
		}
		// A database that has the dossier catalogue's units already (the portal
		// section) keeps them: the petitions go to the same units as the dossiers.
		u := org.Unit{Code: pu.code}
		err := d.Read().QueryRowContext(ctx, "SELECT id, name FROM units WHERE code = $1", pu.code).Scan(&u.ID, &u.Name)
		if errors.Is(err, sql.ErrNoRows) {
			u, err = orgs.CreateUnit(ctx, org.Unit{Code: pu.code, Name: pu.name, Kind: kind})
		}
		if err != nil {
			return nil, fmt.Errorf("đơn vị %s: %w", pu.code, err)
		}
		w.units = append(w.units, petitionUnit{id: u.ID, name: u.Name, weight: pu.weight})
	}
	header, rows := enterpriseRows(petitionEnterprises)
	path := filepath.Join(dir, fmt.Sprintf("doanh-nghiep-pakn-%d.csv", time.Now().UnixNano()))
	if err := writeCSV(path, header, rows); err != nil {
		return nil, err
	}
	defer os.Remove(path)
	if _, err := timeImport(ctx, "enterprises", path, enterprise.NewStore(d, cfg.Now).Import); err != nil {
		return nil, err
	}
	users := auth.NewStore(d, cfg.Now)
	add := func(nu auth.NewUser) (petition.Actor, error) {
		nu.Password = password
		u, err := users.CreateUser(ctx, nu)
		if err != nil {
			return petition.Actor{}, fmt.Errorf("tài khoản %s: %w", nu.Username, err)
		}
		return petition.UserActor(u), nil
	}
	if w.office, err = add(auth.NewUser{Username: account, FullName: "Văn phòng Sở", Role: auth.RoleOffice}); err != nil {
		return nil, err
	}
	if w.leader, err = add(auth.NewUser{Username: "bench.lanhdao", FullName: "Lãnh đạo Sở", Role: auth.RoleLeader}); err != nil {
		return nil, err
	}
	for i, pu := range petitionUnits {
		code := strings.ToLower(pu.code)
		if w.units[i].manager, err = add(auth.NewUser{Username: "bench.tp." + code, FullName: "Trưởng " + pu.name,
			Role: auth.RoleUnitManager, UnitCode: pu.code}); err != nil {
			return nil, err
		}
		if w.units[i].staff, err = add(auth.NewUser{Username: "bench.cv." + code, FullName: "Chuyên viên " + pu.name,
			Role: auth.RoleUnitStaff, UnitCode: pu.code}); err != nil {
			return nil, err
		}
	}
	ids := map[string]int64{}
	dbRows, err := d.Read().QueryContext(ctx, "SELECT id, tax_code FROM enterprises")
	if err != nil {
		return nil, err
	}
	for dbRows.Next() {
		var id int64
		var tc string
		if err := dbRows.Scan(&id, &tc); err != nil {
			dbRows.Close()
			return nil, err
		}
		ids[tc] = id
	}
	dbRows.Close()
	for i, row := range rows {
		if i < petitionAccounts {
			a, err := add(auth.NewUser{Username: fmt.Sprintf("bench.dn%03d", i), FullName: row[1], Role: auth.RoleEnterprise, EnterpriseTC: row[0]})
			if err != nil {
				return nil, err
			}
			w.accounts = append(w.accounts, a)
			continue
		}
		w.others = append(w.others, ids[row[0]])
		w.taxCodes = append(w.taxCodes, row[0])
	}
	return w, nil
}

// fillPetitions writes cfg.Petitions petitions of the two years up to upTo through
// petition.Store.Replay and counts what the database then holds.
func fillPetitions(ctx context.Context, cfg Config, d *db.DB, w *petitionWorld, upTo time.Time, say func(string, ...any)) (PetitionFill, error) {
	fill := PetitionFill{States: map[petition.State]int{}}
	say("tạo %s phản ánh, kiến nghị của hai năm…", num(cfg.Petitions))
	g := newPetitionGen(w, cfg.Petitions, upTo)
	s := petition.NewStore(d, cfg.Now)
	runtime.GC()
	start := time.Now()
	for {
		hs := g.take(replayChunk)
		if len(hs) == 0 {
			break
		}
		if _, err := s.Replay(ctx, w.office, hs); err != nil {
			return fill, err
		}
		fill.Rows += len(hs)
		if fill.Rows%(10*replayChunk) == 0 || fill.Rows == cfg.Petitions {
			say("đã ghi %s phản ánh, kiến nghị (%v)", num(fill.Rows), time.Since(start).Round(time.Second))
		}
	}
	fill.Duration = time.Since(start)
	rows, err := d.Read().QueryContext(ctx, "SELECT state, COUNT(*) FROM petitions GROUP BY state")
	if err != nil {
		return fill, err
	}
	for rows.Next() {
		var st string
		var n int
		if err := rows.Scan(&st, &n); err != nil {
			rows.Close()
			return fill, err
		}
		fill.States[petition.State(st)] = n
	}
	rows.Close()
	fill.OpenMin = -1
	for _, u := range w.units {
		var n int
		if err := d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions WHERE unit_id = $1 AND state IN ('processing', 'awaiting_info')",
			u.id).Scan(&n); err != nil {
			return fill, err
		}
		if fill.OpenMin < 0 || n < fill.OpenMin {
			fill.OpenMin = n
		}
		fill.OpenMax = max(fill.OpenMax, n)
	}
	today := calendar.DateOf(cfg.Now()).String()
	err = d.Read().QueryRowContext(ctx, "SELECT COUNT(*) FROM petitions WHERE state = 'processing' AND due_key < $1", today).Scan(&fill.Overdue)
	return fill, err
}

// timeWorklist logs in the manager of the unit with the most open petitions and
// times the first and the last page of its worklist.
func timeWorklist(ctx context.Context, cfg Config, d *db.DB, w *petitionWorld, base string, res *PetitionResult, say func(string, ...any)) error {
	s := petition.NewStore(d, cfg.Now)
	var busiest petitionUnit
	for _, u := range w.units {
		wl, err := s.Worklist(ctx, auth.Scope{UnitID: u.id}, u.id, petition.Paging{})
		if err != nil {
			return err
		}
		if busiest.id == 0 || wl.Open > res.Worklist.Open {
			busiest, res.Worklist = u, wl
		}
	}
	res.Unit = busiest.name
	username := "bench.tp." + strings.ToLower(petitionUnits[unitIndex(w, busiest.id)].code)
	c, err := login(ctx, base, username, password)
	if err != nil {
		return err
	}
	const perPage = 50 // the web's page size
	last := max(1, (res.Worklist.Open+perPage-1)/perPage)
	runtime.GC()
	for _, q := range []struct{ label, path string }{
		{"first page", "/petitions"},
		{fmt.Sprintf("last page (%d)", last), fmt.Sprintf("/petitions?page=%d", last)},
	} {
		say("đo trang %s của %s…", q.path, busiest.name)
		p, err := timePage(ctx, c, q.path, cfg.Requests)
		if err != nil {
			return err
		}
		p.Label, p.Path, p.Matches = q.label, q.path, res.Worklist.Open
		res.Pages = append(res.Pages, p)
	}
	return nil
}

func unitIndex(w *petitionWorld, id int64) int {
	for i, u := range w.units {
		if u.id == id {
			return i
		}
	}
	return 0
}

package bench

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"slices"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/enterprise"
	"github.com/thidua/thidua/internal/tabular"
)

// Import is the measure of one file's import.
type Import struct {
	Label     string
	File      string
	Rows      int
	Summary   string // the importer's own words: "Thêm mới 1.000 đơn vị…"
	Duration  time.Duration
	PeakHeap  uint64 // the most live heap seen while importing, in bytes
	Allocated uint64 // bytes allocated in all, freed or not
}

// RowsPerSecond is the import's speed.
func (im Import) RowsPerSecond() float64 {
	if im.Duration <= 0 {
		return 0
	}
	return float64(im.Rows) / im.Duration.Seconds()
}

type importFunc func(ctx context.Context, r io.Reader, name string, opt tabular.Options) (*tabular.Result, error)

// timeImport runs one import while a sampler watches the heap. The heap is
// collected first, so that what the previous step left does not count.
func timeImport(ctx context.Context, label, path string, run importFunc) (Import, error) {
	im := Import{Label: label, File: filepath.Base(path)}
	f, err := os.Open(path)
	if err != nil {
		return im, err
	}
	defer f.Close()
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	stop := sampleHeap()
	start := time.Now()
	res, err := run(ctx, f, im.File, tabular.Options{})
	im.Duration = time.Since(start)
	im.PeakHeap = stop()
	var after runtime.MemStats
	runtime.ReadMemStats(&after)
	im.Allocated = after.TotalAlloc - before.TotalAlloc
	if err != nil {
		return im, fmt.Errorf("%s: %w", label, err)
	}
	if !res.OK() {
		return im, fmt.Errorf("%s: tệp bị từ chối: %s %v", label, res.Summary(), res.Rejected[:min(3, len(res.Rejected))])
	}
	im.Rows = res.Created + res.Updated + res.Unchanged
	im.Summary = res.Summary()
	return im, nil
}

// sampleHeap reads the live heap every few milliseconds until the returned func is
// called, which returns the highest value seen. runtime/metrics reads it without
// stopping the world, so sampling barely disturbs what it measures.
func sampleHeap() func() uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	read := func() uint64 {
		metrics.Read(sample)
		return sample[0].Value.Uint64()
	}
	done := make(chan struct{})
	peak := make(chan uint64)
	go func() {
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		high := read()
		for {
			select {
			case <-tick.C:
				high = max(high, read())
			case <-done:
				peak <- max(high, read())
				return
			}
		}
	}()
	return func() uint64 {
		close(done)
		return <-peak
	}
}

// Page is the timing of one list page requested many times.
type Page struct {
	Label   string
	Path    string
	Matches int
	P50     time.Duration
	P95     time.Duration
	P99     time.Duration
}

// client is a logged-in browser session on a site.
type client struct {
	base string
	http *http.Client
}

func login(ctx context.Context, base, username, password string) (*client, error) {
	jar, _ := cookiejar.New(nil)
	c := &client{base: base, http: &http.Client{Jar: jar, Timeout: time.Minute,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	req, _ := http.NewRequestWithContext(ctx, "POST", base+"/login",
		strings.NewReader(url.Values{"username": {username}, "password": {password}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, err
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("đăng nhập %s: mã trả về %d", username, resp.StatusCode)
	}
	return c, nil
}

// get fetches a page whole, as a browser would before showing it.
func (c *client) get(ctx context.Context, path string) (time.Duration, error) {
	req, err := http.NewRequestWithContext(ctx, "GET", c.base+path, nil)
	if err != nil {
		return 0, err
	}
	start := time.Now()
	resp, err := c.http.Do(req)
	if err != nil {
		return 0, err
	}
	_, err = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	elapsed := time.Since(start)
	if err == nil && resp.StatusCode != http.StatusOK {
		err = fmt.Errorf("%s: mã trả về %d", path, resp.StatusCode)
	}
	return elapsed, err
}

// warmup requests are not counted: the first ones fill caches and open
// connections, which a server that has been running a while has done already.
const warmup = 3

// timePage requests path n times, one after another, and keeps the percentiles.
func timePage(ctx context.Context, c *client, path string, n int) (Page, error) {
	var p Page
	times := make([]time.Duration, 0, n)
	for i := range warmup + n {
		d, err := c.get(ctx, path)
		if err != nil {
			return p, err
		}
		if i >= warmup {
			times = append(times, d)
		}
	}
	slices.Sort(times)
	p.P50, p.P95, p.P99 = percentile(times, 50), percentile(times, 95), percentile(times, 99)
	return p, nil
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100
	return sorted[max(rank, 1)-1]
}

// query is one way people open the enterprise list.
type query struct {
	label  string
	values url.Values
	filter enterprise.Filter // the same, for the store, to count the matches
}

func (q query) path() string {
	if len(q.values) == 0 {
		return "/enterprises"
	}
	return "/enterprises?" + q.values.Encode()
}

// shown is the path as a person reads it, without percent signs.
func (q query) shown() string {
	if s, err := url.QueryUnescape(q.path()); err == nil {
		return s
	}
	return q.path()
}

// queries are the list as the office opens it: unfiltered, by sector, and searched
// for words that match many, some, few and no enterprises. A search costs most when
// it matches few, since finding them means reading every enterprise's words.
func queries(fs files) []query {
	active := true
	search := func(label, term string) query {
		return query{label, url.Values{"q": {term}}, enterprise.Filter{Search: term, Active: &active}}
	}
	return []query{
		{"first page, no filter", nil, enterprise.Filter{Active: &active}},
		{"page 100, no filter", url.Values{"page": {"100"}}, enterprise.Filter{Active: &active, Offset: 4950}},
		{"one sector", url.Values{"sector": {string(enterprise.SectorLogistics)}},
			enterprise.Filter{Sector: enterprise.SectorLogistics, Active: &active}},
		search("common words", "xay dung"),
		search("common words", "van tai"),
		search("a brand name", "Hoàng Long"),
		search("tax code, first 6 digits", fs.taxPrefix[:6]),
		search("tax code, first 8 digits", fs.taxPrefix),
		search("rare name", fs.rare),
		search("nothing matches", "khong co ai"),
	}
}

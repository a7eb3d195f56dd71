package web

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/outreach"
)

// The public side of outreach: the list of published articles, one article, its
// cover and the Atom feed, with no account needed.

type articlesView struct {
	view
	Items []outreach.Article
	Query string
	Pager pager
}

func (s *Server) articlesPublic(w http.ResponseWriter, r *http.Request) error {
	v := &articlesView{view: s.base(r, "Gương điển hình, mô hình hay"), Pager: newPager(r), Query: r.URL.Query().Get("q")}
	v.Pager.PerPage = 12
	var err error
	if v.Items, v.Pager.Total, err = s.outreach.PublishedList(r.Context(), v.Query, v.Pager.PerPage, v.Pager.Offset()); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "articles", v)
	return nil
}

type articleView struct {
	view
	A *outreach.Article
}

func (s *Server) articlePublic(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	a, err := s.outreach.Published(r.Context(), id)
	if err := outreachError(err); err != nil {
		return err
	}
	s.render(w, r, http.StatusOK, "article", &articleView{view: s.base(r, a.Title), A: a})
	return nil
}

// articleCover serves the cover of a published article; browsers and proxies may
// keep it a day, and ask again with If-Modified-Since.
func (s *Server) articleCover(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	c, err := s.outreach.CoverOf(r.Context(), id, true, nil)
	if err := outreachError(err); err != nil {
		return err
	}
	w.Header().Set("Cache-Control", "public, max-age=86400")
	serveCover(w, r, c)
	return nil
}

// FeedSize is how many articles the feed carries.
const FeedSize = 20

// articlesFeed serves the latest published articles as Atom. Readers poll feeds:
// it says when it last changed (Last-Modified, ETag), answers 304 when nothing did,
// and may be cached for ten minutes.
func (s *Server) articlesFeed(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	items, err := s.outreach.Latest(ctx, FeedSize)
	if err != nil {
		return err
	}
	info := outreach.FeedInfo{Title: "Gương điển hình, mô hình hay", Author: "Phong trào thi đua", BaseURL: s.publicURL(r), Now: s.now()}
	if m, err := s.plans.Current(ctx, s.now()); err == nil {
		info.Author = agencyName(m.Plan.Issuer.Agency)
		info.Title += " — " + info.Author
		info.Subtitle = "Tuyên truyền phong trào thi đua “" + m.Plan.Title + "”"
	}
	body, err := outreach.Feed(info, items)
	if err != nil {
		return err
	}
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	modified := outreach.Updated(items, s.now()).UTC().Truncate(time.Second)
	h := w.Header()
	h.Set("Content-Type", outreach.FeedType)
	h.Set("Cache-Control", "public, max-age=600")
	h.Set("ETag", etag)
	h.Set("Last-Modified", modified.Format(http.TimeFormat))
	if match := r.Header.Get("If-None-Match"); match != "" {
		if match == etag || match == "*" {
			w.WriteHeader(http.StatusNotModified)
			return nil
		}
	} else if since, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !modified.After(since) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.Write(body)
	return nil
}

// publicURL is where people reach thidua: --base-url when given, otherwise the
// address of this request.
func (s *Server) publicURL(r *http.Request) string {
	if s.baseURL != "" {
		return strings.TrimRight(s.baseURL, "/")
	}
	scheme := "http"
	if isSecure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

// agencyName is an upper-case agency as a sentence writes it: "SỞ XÂY DỰNG" → "Sở
// Xây dựng", the first two words capitalised as Vietnamese agency names are.
func agencyName(s string) string {
	words := strings.Fields(strings.ToLower(s))
	for i := 0; i < len(words) && i < 2; i++ {
		for j, r := range words[i] {
			words[i] = strings.ToUpper(string(r)) + words[i][j+len(string(r)):]
			break
		}
	}
	return strings.Join(words, " ")
}

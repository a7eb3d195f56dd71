package web

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"strings"
	"time"

	"github.com/thidua/thidua/internal/petition"
)

// The Atom feed (RFC 4287) of published petition answers, /answers/feed.xml, so that
// enterprises and the press can follow them in a feed reader. Articles have their
// own feed at /articles/feed.xml.

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	ID      string      `xml:"id"`
	Title   string      `xml:"title"`
	Updated string      `xml:"updated"`
	Author  atomPerson  `xml:"author"`
	Links   []atomLink  `xml:"link"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomEntry struct {
	ID        string   `xml:"id"`
	Title     string   `xml:"title"`
	Updated   string   `xml:"updated"`
	Published string   `xml:"published"`
	Link      atomLink `xml:"link"`
	Category  *struct {
		Term string `xml:"term,attr"`
	} `xml:"category,omitempty"`
	Summary atomText `xml:"summary"`
	Content atomText `xml:"content"`
}

// feedSize is how many of the newest answers the feed carries.
const feedSize = 50

// answersFeed answers GET /answers/feed.xml.
func (s *Server) answersFeed(w http.ResponseWriter, r *http.Request) error {
	page, err := s.petitions.SearchPublished(r.Context(), "", petition.Paging{Limit: feedSize})
	if err != nil {
		return err
	}
	base := s.siteURL(r)
	agency := s.base(r, "").Agency
	f := atomFeed{Lang: "vi", ID: base + "/answers", Title: "Trả lời phản ánh, kiến nghị — " + agency,
		Author: atomPerson{Name: agency}, Updated: atomDay(s.now()),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/answers/feed.xml"}, {Rel: "alternate", Type: "text/html", Href: base + "/answers"}}}
	for i, a := range page.Items {
		day := a.PublishedOn.Time().Format(time.RFC3339)
		if i == 0 {
			f.Updated = day
		}
		href := base + "/answers/" + itoa(a.ID)
		e := atomEntry{ID: href, Title: a.Subject, Updated: day, Published: day, Link: atomLink{Rel: "alternate", Type: "text/html", Href: href},
			Summary: atomText{Type: "text", Body: a.Question}, Content: atomText{Type: "text", Body: a.Answer}}
		if a.Field != "" {
			e.Category = &struct {
				Term string `xml:"term,attr"`
			}{a.Field}
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return err
	}
	servePublic(w, r, "application/atom+xml; charset=utf-8", buf.Bytes())
	return nil
}

func atomDay(t time.Time) string { return t.In(hcm).Truncate(time.Second).Format(time.RFC3339) }

// siteURL is the address visitors reach thidua at: --base-url when set, otherwise
// the request's own host.
func (s *Server) siteURL(r *http.Request) string {
	if u := strings.TrimRight(s.baseURL, "/"); u != "" {
		return u
	}
	scheme := "http"
	if isSecure(r) {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

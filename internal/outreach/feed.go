package outreach

import (
	"bytes"
	"encoding/xml"
	"html"
	"strconv"
	"strings"
	"time"
)

// FeedType is the content type of an Atom feed.
const FeedType = "application/atom+xml; charset=utf-8"

// FeedInfo is what a feed says about itself.
type FeedInfo struct {
	Title    string
	Subtitle string
	Author   string // the department, for the feed and articles without a byline
	BaseURL  string // where thidua is reached, without a trailing slash
	Now      time.Time
}

type atomFeed struct {
	XMLName   xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID        string      `xml:"id"`
	Title     atomText    `xml:"title"`
	Subtitle  *atomText   `xml:"subtitle,omitempty"`
	Updated   string      `xml:"updated"`
	Links     []atomLink  `xml:"link"`
	Author    atomPerson  `xml:"author"`
	Generator string      `xml:"generator"`
	Entries   []atomEntry `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr,omitempty"`
	Href string `xml:"href,attr"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	ID        string     `xml:"id"`
	Title     atomText   `xml:"title"`
	Links     []atomLink `xml:"link"`
	Published string     `xml:"published"`
	Updated   string     `xml:"updated"`
	Author    atomPerson `xml:"author"`
	Summary   *atomText  `xml:"summary,omitempty"`
	Content   atomText   `xml:"content"`
}

// Updated is the time a list of articles last changed, for the feed's <updated>
// and the HTTP Last-Modified; now when the list is empty.
func Updated(items []Article, now time.Time) time.Time {
	var last time.Time
	for _, a := range items {
		last = maxTime(last, maxTime(a.UpdatedAt, a.PublishedAt))
	}
	if last.IsZero() {
		return now
	}
	return last
}

func maxTime(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// Feed writes published articles as an Atom 1.0 feed (RFC 4287): each entry with
// its permanent address, dates, byline, summary, the body as HTML paragraphs and the
// cover as an enclosure. Text is escaped by encoding/xml.
func Feed(info FeedInfo, items []Article) ([]byte, error) {
	base := strings.TrimRight(info.BaseURL, "/")
	f := atomFeed{
		ID:      base + "/articles",
		Title:   atomText{Type: "text", Body: info.Title},
		Updated: stamp(Updated(items, info.Now)),
		Links: []atomLink{{Rel: "self", Type: "application/atom+xml", Href: base + "/articles/feed.xml"},
			{Rel: "alternate", Type: "text/html", Href: base + "/articles"}},
		Author:    atomPerson{Name: info.Author},
		Generator: "thidua",
	}
	if info.Subtitle != "" {
		f.Subtitle = &atomText{Type: "text", Body: info.Subtitle}
	}
	for _, a := range items {
		href := base + "/articles/" + strconv.FormatInt(a.ID, 10)
		e := atomEntry{ID: href, Title: atomText{Type: "text", Body: a.Title}, Links: []atomLink{{Rel: "alternate", Type: "text/html", Href: href}},
			Published: stamp(a.PublishedAt), Updated: stamp(maxTime(a.UpdatedAt, a.PublishedAt)), Author: atomPerson{Name: a.Byline},
			Content: atomText{Type: "html", Body: bodyHTML(a.Paragraphs())}}
		if e.Author.Name == "" {
			e.Author.Name = info.Author
		}
		if lead := a.Lead(); lead != "" {
			e.Summary = &atomText{Type: "text", Body: lead}
		}
		if a.HasCover {
			e.Links = append(e.Links, atomLink{Rel: "enclosure", Href: href + "/cover"})
		}
		f.Entries = append(f.Entries, e)
	}
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(f); err != nil {
		return nil, err
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}

// bodyHTML is the body as HTML paragraphs, each one escaped, line breaks kept.
func bodyHTML(ps []string) string {
	var b strings.Builder
	for _, p := range ps {
		b.WriteString("<p>" + strings.ReplaceAll(html.EscapeString(p), "\n", "<br>") + "</p>")
	}
	return b.String()
}

func stamp(t time.Time) string { return t.UTC().Format(time.RFC3339) }

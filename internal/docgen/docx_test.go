package docgen

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"io"
	"path"
	"strings"
	"testing"
)

// docx is a rendered document opened again, as a reader would: every part by name.
type docx struct {
	raw   []byte
	parts map[string][]byte
}

func render(t *testing.T, d Document) docx {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, d); err != nil {
		t.Fatalf("Render: %v", err)
	}
	return open(t, buf.Bytes())
}

func open(t *testing.T, b []byte) docx {
	t.Helper()
	z, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("not a zip: %v", err)
	}
	out := docx{raw: b, parts: map[string][]byte{}}
	for _, f := range z.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("open %s: %v", f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("read %s: %v", f.Name, err)
		}
		out.parts[f.Name] = data
	}
	return out
}

// node is an XML element with its attributes and children, named by local name:
// the tests look at WordprocessingML, where w: is the only prefix that matters.
type node struct {
	name     string
	attr     map[string]string
	children []*node
	text     string // character data directly inside
}

func (x docx) tree(t *testing.T, part string) *node {
	t.Helper()
	data, ok := x.parts[part]
	if !ok {
		t.Fatalf("no part %s", part)
	}
	root := &node{name: "#root"}
	stack := []*node{root}
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("%s is not well-formed XML: %v", part, err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			n := &node{name: tok.Name.Local, attr: map[string]string{}}
			for _, a := range tok.Attr {
				n.attr[a.Name.Local] = a.Value
			}
			top := stack[len(stack)-1]
			top.children = append(top.children, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			stack[len(stack)-1].text += string(tok)
		}
	}
	return root
}

// all returns every descendant named name, in document order.
func (n *node) all(name string) []*node {
	var out []*node
	for _, c := range n.children {
		if c.name == name {
			out = append(out, c)
		}
		out = append(out, c.all(name)...)
	}
	return out
}

// first returns the first descendant named name, or nil.
func (n *node) first(name string) *node {
	if all := n.all(name); len(all) > 0 {
		return all[0]
	}
	return nil
}

// child returns the direct child named name, or nil.
func (n *node) child(name string) *node {
	for _, c := range n.children {
		if c.name == name {
			return c
		}
	}
	return nil
}

// plain is the text of n: its w:t elements, with a line break as "\n".
func (n *node) plain() string {
	var b strings.Builder
	var walk func(*node)
	walk = func(m *node) {
		switch m.name {
		case "t":
			b.WriteString(m.text)
		case "br":
			b.WriteString("\n")
		}
		for _, c := range m.children {
			walk(c)
		}
	}
	walk(n)
	return b.String()
}

// para finds the first paragraph under n whose text is s.
func (n *node) para(s string) *node {
	for _, p := range n.all("p") {
		if p.plain() == s {
			return p
		}
	}
	return nil
}

// runsAre reports whether every run of p with text has the property prop (b, i).
func (p *node) runsAre(prop string) bool {
	found := false
	for _, r := range p.all("r") {
		if r.first("t") == nil {
			continue
		}
		found = true
		if rp := r.child("rPr"); rp == nil || rp.child(prop) == nil {
			return false
		}
	}
	return found
}

// runSize is the size in points of p's first text run.
func (p *node) runSize() string {
	for _, r := range p.all("r") {
		if sz := r.first("sz"); sz != nil && r.first("t") != nil {
			return halfPoints(sz.attr["val"])
		}
	}
	return ""
}

func halfPoints(v string) string {
	switch v {
	case "22":
		return "11"
	case "24":
		return "12"
	case "26":
		return "13"
	case "28":
		return "14"
	}
	return v + " half-points"
}

// relTarget resolves a relationship id of word/document.xml to its part name.
func (x docx) relTarget(t *testing.T, id string) string {
	t.Helper()
	for _, r := range x.tree(t, "word/_rels/document.xml.rels").all("Relationship") {
		if r.attr["Id"] == id {
			return path.Join("word", r.attr["Target"])
		}
	}
	t.Fatalf("no relationship %s", id)
	return ""
}

package web

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/thidua/thidua/internal/upload"
)

// downloadTypes are the types thidua serves files as: the uploads it accepts (found
// from their content) and the files it makes. Anything else, such as HTML or SVG
// that could run script, goes out as application/octet-stream.
var downloadTypes = map[string]bool{
	"text/csv; charset=utf-8": true,
	docxType:                  true,
	xlsxType:                  true,
}

func init() {
	for _, k := range []upload.Kinds{upload.Documents, upload.Images} {
		for _, t := range k.Types {
			downloadTypes[t.ContentType] = true
		}
	}
}

func safeContentType(ct string) string {
	if downloadTypes[strings.ToLower(strings.TrimSpace(ct))] {
		return ct
	}
	return "application/octet-stream"
}

// attachmentDisposition names a download the way every browser reads: an ASCII
// name for old ones and the real (Vietnamese) name in RFC 5987 form. Quotes,
// backslashes and control characters cannot end up in the header.
func attachmentDisposition(name string) string {
	name = upload.Name(name)
	ascii := strings.Map(func(r rune) rune {
		if r > unicode.MaxASCII || unicode.IsControl(r) || r == '"' || r == '\\' || r == ';' || r == '%' {
			return '_'
		}
		return r
	}, name)
	if ascii == name {
		return `attachment; filename="` + ascii + `"`
	}
	var b strings.Builder
	for _, c := range []byte(name) {
		if c < 0x80 && (unicode.IsLetter(rune(c)) || unicode.IsDigit(rune(c)) || strings.IndexByte("!#$&+-.^_`|~", c) >= 0) {
			b.WriteByte(c)
		} else {
			fmt.Fprintf(&b, "%%%02X", c)
		}
	}
	return `attachment; filename="` + ascii + `"; filename*=UTF-8''` + b.String()
}

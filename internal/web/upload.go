package web

import (
	"errors"
	"io"
	"net/http"

	"github.com/thidua/thidua/internal/upload"
)

// formFile reads the one file of a multipart form's field, refusing a body much
// larger than a file may be. No file gives an empty name and no data: the store
// says which field needs one. Its type is checked by the store, by content.
func formFile(w http.ResponseWriter, r *http.Request, field string, max int) (string, []byte, error) {
	r.Body = http.MaxBytesReader(w, r.Body, int64(max)+2<<20)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return "", nil, &userError{http.StatusRequestEntityTooLarge, "Tệp quá lớn: mỗi tệp tối đa " + upload.Megabytes(max) + "."}
		}
		return "", nil, badRequest("Không đọc được biểu mẫu gửi lên")
	}
	f, h, err := r.FormFile(field)
	if err != nil {
		return "", nil, nil
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, int64(max)+1))
	if err != nil {
		return "", nil, badRequest("Không đọc được tệp gửi lên")
	}
	return h.Filename, data, nil
}

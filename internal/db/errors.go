package db

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"

	"github.com/jackc/pgx/v5/pgconn"
	"modernc.org/sqlite"
)

// IsUnavailable reports whether err says the database could not be reached or the
// connection was lost (PostgreSQL stopped or restarting, the network gone), as
// opposed to a query it refused. Such a request is worth trying again in a moment;
// the pools reconnect by themselves.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var ce *pgconn.ConnectError
	if errors.As(err, &ce) {
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		// 08: connection exception; 57P01–57P03: the server shuts down or starts up.
		return strings.HasPrefix(pe.Code, "08") || pe.Code == "57P01" || pe.Code == "57P02" || pe.Code == "57P03"
	}
	var ne net.Error
	if errors.As(err, &ne) {
		return true
	}
	if errors.Is(err, driver.ErrBadConn) || errors.Is(err, sql.ErrConnDone) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
		return true
	}
	// pgx reports a connection it already knows is dead with this text only.
	return strings.Contains(err.Error(), "conn closed")
}

// IsFull reports whether err says the storage is full: SQLITE_FULL (the disk, or
// the database's page limit) or PostgreSQL's disk_full.
func IsFull(err error) bool {
	if err == nil {
		return false
	}
	var se *sqlite.Error
	if errors.As(err, &se) && se.Code()&0xff == 13 { // SQLITE_FULL and its extended codes
		return true
	}
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "53100"
	}
	return strings.Contains(err.Error(), "database or disk is full")
}

// Messages for the people who meet these errors, in the web pages and on the command line.
const (
	UnavailableMessage = "Tạm thời không kết nối được cơ sở dữ liệu. Hệ thống sẽ tự kết nối lại; vui lòng thử lại sau ít phút."
	FullMessage        = "Hết dung lượng lưu trữ: không ghi được dữ liệu và chưa có gì thay đổi. Hãy báo bộ phận quản trị hệ thống giải phóng dung lượng đĩa rồi thử lại."
)

package db

import (
	"database/sql"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/uptrace/bun/driver/pgdriver"
)

// isUniqueViolation tells a unique-constraint failure on either store.
func isUniqueViolation(err error) bool {
	var pgErr pgdriver.Error
	if errors.As(err, &pgErr) {
		return pgErr.Field('C') == "23505"
	}
	return err != nil && strings.Contains(err.Error(), "UNIQUE constraint failed")
}

func isNoRows(err error) bool { return errors.Is(err, sql.ErrNoRows) }

// IsUnavailable tells a failure to reach the database (down, refusing
// connections, closed, or too busy to answer) from a failing statement.
func IsUnavailable(err error) bool {
	if err == nil {
		return false
	}
	var netErr net.Error
	var pgErr pgdriver.Error
	switch {
	case errors.As(err, &netErr), errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, syscall.ECONNREFUSED):
		return true
	case errors.As(err, &pgErr):
		// Class 08: connection exception; 57P0x: the server is shutting down.
		code := pgErr.Field('C')
		return strings.HasPrefix(code, "08") || strings.HasPrefix(code, "57P")
	}
	// database/sql's closed-database error and SQLite's busy error have no
	// type to match, only a message; look at every error in the chain, as a
	// wrapper (a GraphQL error, say) may show a message of its own.
	return inChain(err, func(e error) bool {
		msg := e.Error()
		return strings.Contains(msg, "sql: database is closed") || strings.Contains(msg, "SQLITE_BUSY")
	})
}

// inChain tells whether match holds for err or any error it wraps.
func inChain(err error, match func(error) bool) bool {
	for err != nil {
		if match(err) {
			return true
		}
		switch u := err.(type) {
		case interface{ Unwrap() []error }:
			for _, e := range u.Unwrap() {
				if inChain(e, match) {
					return true
				}
			}
			return false
		case interface{ Unwrap() error }:
			err = u.Unwrap()
		default:
			return false
		}
	}
	return false
}

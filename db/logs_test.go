package db

import (
	"bytes"
	"context"
	"log/slog"
	"testing"

	"github.com/uptrace/bun/driver/pgdriver"
)

// The libraries' own lines come out as JSON warnings of the given logger.
func TestLogThrough(t *testing.T) {
	var out bytes.Buffer
	noTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey {
			return slog.Attr{}
		}
		return a
	}
	logger := slog.New(slog.NewJSONHandler(&out, &slog.HandlerOptions{ReplaceAttr: noTime}))
	LogThrough(logger)
	t.Cleanup(func() { LogThrough(slog.Default()) })
	pgdriver.Logger.Printf(context.Background(), "discarding bad listener connection: %s", "EOF")
	bunLog{logger}.Printf("WARN: bun: %s", "deprecated")
	want := `{"level":"WARN","msg":"discarding bad listener connection: EOF","library":"pgdriver"}` + "\n" +
		`{"level":"WARN","msg":"WARN: bun: deprecated","library":"bun"}` + "\n"
	if out.String() != want {
		t.Errorf("got %s, want %s", out.String(), want)
	}
}

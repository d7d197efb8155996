package db

import (
	"context"
	"fmt"
	"log/slog"

	"github.com/uptrace/bun"
	"github.com/uptrace/bun/driver/pgdriver"
)

// LogThrough sends bun's and pgdriver's own lines (a listener's reconnect, a
// deprecation) to logger as warnings: each writes to stderr through a
// log.Logger of its own, which slog.SetDefault does not reach.
func LogThrough(logger *slog.Logger) {
	bun.SetLogger(bunLog{logger})
	pgdriver.Logger = pgdriverLog{logger}
}

type bunLog struct{ log *slog.Logger }

func (l bunLog) Printf(format string, v ...any) {
	l.log.Warn(fmt.Sprintf(format, v...), "library", "bun")
}

type pgdriverLog struct{ log *slog.Logger }

func (l pgdriverLog) Printf(ctx context.Context, format string, v ...any) {
	l.log.WarnContext(ctx, fmt.Sprintf(format, v...), "library", "pgdriver")
}

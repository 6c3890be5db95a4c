package stsapi

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"
)

// logRequest writes one record per request. It logs ids and outcomes,
// never parameters that could carry secrets, tokens or signatures.
func (h *Handler) logRequest(r *http.Request, c *call, status int, code string, extra ...any) {
	if h.opts.Logger == nil {
		return
	}
	attrs := []any{
		slog.String("request_id", c.requestID),
		slog.String("action", c.action),
		slog.String("principal", principalARN(c)),
		slog.Int("status", status),
		slog.Float64("ms", sinceMillis(c.start)),
		slog.String("remote", r.RemoteAddr),
	}
	if code != "" {
		attrs = append(attrs, slog.String("code", code))
	}
	attrs = append(attrs, extra...)
	level := slog.LevelInfo
	if status >= 500 {
		level = slog.LevelError
	}
	h.opts.Logger.Log(r.Context(), level, "stsapi request", attrs...)
}

// logError records an internal error that the client only sees as
// InternalFailure.
func (h *Handler) logError(r *http.Request, c *call, err error) {
	if h.opts.Logger == nil {
		return
	}
	h.opts.Logger.ErrorContext(r.Context(), "stsapi internal error",
		slog.String("request_id", c.requestID),
		slog.String("action", c.action),
		slog.String("principal", principalARN(c)),
		slog.Any("error", err))
}

func principalARN(c *call) string {
	if c.caller == nil {
		return ""
	}
	return c.caller.Principal.ARN
}

// countParams counts the '&'-separated fields of a query string without
// decoding it, so that oversized requests are rejected cheaply.
func countParams(raw string) int {
	if raw == "" {
		return 0
	}
	return strings.Count(raw, "&") + 1
}

func itoa(n int) string { return strconv.Itoa(n) }

package issuer

import (
	"context"
	"errors"
	"log/slog"

	"github.com/iamgate/iamgate/evaluator"
)

// logIssue records an issued token by its id and the policy type that
// granted it; the token itself is a
// bearer credential and is never logged.
func (g *Gate) logIssue(ctx context.Context, c *Caller, r *TokenRequest, tok *Token, decidedBy evaluator.PolicyType) {
	if g.logger == nil {
		return
	}
	g.logger.LogAttrs(ctx, slog.LevelInfo, "issuer: token issued",
		slog.String("principal", c.Principal.ARN),
		slog.Any("audiences", r.Audiences),
		slog.String("decision", evaluator.Allow.String()),
		slog.String("decided_by", string(decidedBy)),
		slog.String("token_id", tok.ID),
		slog.String("kid", tok.KeyID),
		slog.Time("expiration", tok.Expiration),
	)
}

// logRejection records a rejected request with its error code and, for an
// AccessDenied from a policy, the policy type that decided.
func (g *Gate) logRejection(ctx context.Context, c *Caller, r *TokenRequest, err error, decidedBy evaluator.PolicyType) {
	if g.logger == nil {
		return
	}
	attrs := []slog.Attr{
		slog.String("principal", c.Principal.ARN),
		slog.Any("audiences", r.Audiences),
	}
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		attrs = append(attrs, slog.String("decision", "Deny"), slog.String("code", apiErr.Code))
		if decidedBy != "" {
			attrs = append(attrs, slog.String("decided_by", string(decidedBy)))
		}
		g.logger.LogAttrs(ctx, slog.LevelInfo, "issuer: token request rejected", attrs...)
		return
	}
	attrs = append(attrs, slog.String("decision", "Error"), slog.String("error", err.Error()))
	g.logger.LogAttrs(ctx, slog.LevelError, "issuer: token request failed", attrs...)
}

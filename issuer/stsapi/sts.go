package stsapi

import (
	"net/http"
	"time"
)

// expirationLayout is the Expiration format of GetWebIdentityToken. AWS
// sends milliseconds, e.g. 2026-09-11T18:36:46.507Z.
const expirationLayout = "2006-01-02T15:04:05.000Z"

func (h *Handler) stsOperation(action string) func(http.ResponseWriter, *http.Request, *call) error {
	switch action {
	case "GetWebIdentityToken":
		return h.getWebIdentityToken
	case "GetCallerIdentity":
		return h.getCallerIdentity
	}
	return nil
}

// getWebIdentityToken parses the parameters and calls Gate.Issue, which
// validates, authorizes, logs the decision and signs the token.
func (h *Handler) getWebIdentityToken(w http.ResponseWriter, r *http.Request, c *call) error {
	req, perr := parseTokenRequest(c.form)
	if perr != nil {
		return perr
	}
	tok, err := h.opts.Gate.Issue(r.Context(), c.caller, req)
	if err != nil {
		return err
	}
	writeResult(w, stsNamespace, c.action, c.requestID, []element{
		{"WebIdentityToken", tok.JWT},
		{"Expiration", tok.Expiration.UTC().Format(expirationLayout)},
	})
	h.logRequest(r, c, http.StatusOK, "", "token_id", tok.ID, "kid", tok.KeyID)
	return nil
}

// getCallerIdentity returns the caller's unique id, account and ARN. Like
// AWS STS it needs no permission.
func (h *Handler) getCallerIdentity(w http.ResponseWriter, r *http.Request, c *call) error {
	p := &c.caller.Principal
	writeResult(w, stsNamespace, c.action, c.requestID, []element{
		{"UserId", p.UserID},
		{"Account", callerAccount(c.caller)},
		{"Arn", p.ARN},
	})
	h.logRequest(r, c, http.StatusOK, "")
	return nil
}

// sinceMillis returns the time since start in milliseconds, for logs.
func sinceMillis(start time.Time) float64 {
	return float64(time.Since(start).Microseconds()) / 1000
}

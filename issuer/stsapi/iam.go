package stsapi

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/issuer"
)

func (h *Handler) iamOperation(action string) func(http.ResponseWriter, *http.Request, *call) error {
	switch action {
	case "EnableOutboundWebIdentityFederation":
		return h.enableFederation
	case "DisableOutboundWebIdentityFederation":
		return h.disableFederation
	case "GetOutboundWebIdentityFederationInfo":
		return h.getFederationInfo
	}
	return nil
}

// enableFederation turns on outbound federation for the caller's account
// and returns its issuer URL. FeatureEnabled (409) when already enabled.
func (h *Handler) enableFederation(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := h.authorizeIAM(c); err != nil {
		return err
	}
	fed, err := h.opts.Federation.Enable(callerAccount(c.caller))
	if err != nil {
		return err
	}
	writeResult(w, iamNamespace, c.action, c.requestID, []element{
		{"IssuerIdentifier", fed.IssuerURL},
	})
	h.logRequest(r, c, http.StatusOK, "", "account", fed.Account)
	return nil
}

// disableFederation turns outbound federation off. Issued tokens stay
// valid, and discovery and JWKS stay served. FeatureDisabled (404)
// when already disabled.
func (h *Handler) disableFederation(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := h.authorizeIAM(c); err != nil {
		return err
	}
	account := callerAccount(c.caller)
	if err := h.opts.Federation.Disable(account); err != nil {
		return err
	}
	writeResult(w, iamNamespace, c.action, c.requestID, nil)
	h.logRequest(r, c, http.StatusOK, "", "account", account)
	return nil
}

// getFederationInfo returns the issuer URL. Like AWS it fails with
// FeatureDisabled (404) while federation is disabled, rather than
// returning JwtVendingEnabled false.
func (h *Handler) getFederationInfo(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := h.authorizeIAM(c); err != nil {
		return err
	}
	fed, err := h.opts.Federation.Info(callerAccount(c.caller))
	if err != nil {
		return err
	}
	enabled := "false"
	if fed.Enabled {
		enabled = "true"
	}
	writeResult(w, iamNamespace, c.action, c.requestID, []element{
		{"IssuerIdentifier", fed.IssuerURL},
		{"JwtVendingEnabled", enabled},
	})
	h.logRequest(r, c, http.StatusOK, "", "account", fed.Account)
	return nil
}

// authorizeIAM evaluates iam:<Action> on resource "*" for the caller and
// returns AccessDenied unless it is allowed. AWS's IAM messages end with a
// link to the console's authorization details for the request. iamgate
// has no console, so its messages end after the reason.
func (h *Handler) authorizeIAM(c *call) error {
	action := "iam:" + c.action
	caller := c.caller
	d := evaluator.Decision{}
	if caller.Policies != nil {
		d = evaluator.Evaluate(caller.Policies, &evaluator.Request{
			Principal: caller.Principal,
			Action:    action,
			Resource:  "*",
			Context:   iamContext(caller, h.opts.Now()),
		}, evaluator.Options{})
	}
	if d.Outcome == evaluator.Allow {
		return nil
	}
	reason := "because no identity-based policy allows the " + action + " action"
	if caller.Policies != nil {
		reason = d.DenyReason(action)
	}
	return &Error{Status: http.StatusForbidden, Code: issuer.CodeAccessDenied, Message: "User: " +
		caller.Principal.ARN + " is not authorized to perform: " + action + " on resource: * " + reason}
}

// iamContext returns the global condition keys of an IAM call: those that
// follow from the caller's session, and the caller's extra keys, which
// win.
func iamContext(c *issuer.Caller, now time.Time) *evaluator.Context {
	ctx := evaluator.NewContext()
	for k, v := range c.PrincipalTags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	for k, v := range c.SessionTags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	setIfPresent(ctx, "aws:PrincipalOrgID", c.OrgID)
	if len(c.OUPath) > 0 {
		ctx.SetMulti("aws:PrincipalOrgPaths", c.OUPath)
	}
	setIfPresent(ctx, "aws:SourceIdentity", c.SourceIdentity)
	setIfPresent(ctx, "aws:RequestedRegion", c.Region)
	ctx.Set("aws:CurrentTime", now.UTC().Format(time.RFC3339))
	ctx.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	for k, v := range c.Context {
		if len(v) == 1 && !strings.EqualFold(k, "aws:CalledVia") {
			ctx.Set(k, v[0])
		} else {
			ctx.SetMulti(k, v)
		}
	}
	return ctx
}

func setIfPresent(ctx *evaluator.Context, key, value string) {
	if value != "" {
		ctx.Set(key, value)
	}
}

// callerAccount returns the caller's account id, taken from the ARN when
// Principal.Account is empty.
func callerAccount(c *issuer.Caller) string {
	if c.Principal.Account != "" {
		return c.Principal.Account
	}
	fields := strings.SplitN(c.Principal.ARN, ":", 6)
	if len(fields) < 6 {
		return ""
	}
	return fields[4]
}

package stsapi

import (
	"net/http"
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
	fed, err := h.opts.Federation.Enable(c.caller.Principal.Account)
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
// valid, and discovery and JWKS keep answering. FeatureDisabled (404)
// when already disabled.
func (h *Handler) disableFederation(w http.ResponseWriter, r *http.Request, c *call) error {
	if err := h.authorizeIAM(c); err != nil {
		return err
	}
	account := c.caller.Principal.Account
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
	fed, err := h.opts.Federation.Info(c.caller.Principal.Account)
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

package issuer

import (
	"fmt"
	"net/http"
)

// Error codes of *APIError, as AWS STS and IAM send them on the wire.
const (
	CodeValidationError           = "ValidationError"
	CodeInvalidParameterValue     = "InvalidParameterValue"
	CodeAccessDenied              = "AccessDenied"
	CodeSessionDurationEscalation = "SessionDurationEscalationException"
	CodeFederationDisabled        = "OutboundWebIdentityFederationDisabledException"
	CodeJWTPayloadSizeExceeded    = "JWTPayloadSizeExceededException"
	CodeFeatureEnabled            = "FeatureEnabled"
	CodeFeatureDisabled           = "FeatureDisabled"
)

// MaxPayloadBytes is the largest claims JSON, in bytes, that a token may
// carry. AWS accepts a 14,984-byte payload and rejects one more byte, for
// both algorithms.
const MaxPayloadBytes = 14984

// APIError is an error that the STS or IAM API returns to the caller: a
// code, AWS's message text and an HTTP status. Its fault type is always
// "Sender".
type APIError struct {
	Code       string
	Message    string
	HTTPStatus int
}

// Error returns the code and message.
func (e *APIError) Error() string {
	return e.Code + ": " + e.Message
}

// Type returns the awsQuery fault type, "Sender" for every APIError.
func (e *APIError) Type() string { return "Sender" }

func errFederatedUser() *APIError {
	return &APIError{
		Code:       CodeAccessDenied,
		Message:    "GetWebIdentityToken does not support federated user sessions",
		HTTPStatus: http.StatusForbidden,
	}
}

// errAccessDenied builds AWS's AccessDenied text, for example "User:
// arn:aws:iam::123456789012:user/x is not authorized to perform:
// sts:GetWebIdentityToken on resource: arn:aws:sts::123456789012:self
// because no identity-based policy allows the sts:GetWebIdentityToken
// action".
func errAccessDenied(callerARN, action, resource, reason string) *APIError {
	msg := "User: " + callerARN + " is not authorized to perform: " + action +
		" on resource: " + resource
	if reason != "" {
		msg += " " + reason
	}
	return &APIError{Code: CodeAccessDenied, Message: msg, HTTPStatus: http.StatusForbidden}
}

func errSessionDurationEscalation() *APIError {
	return &APIError{
		Code:       CodeSessionDurationEscalation,
		Message:    "Requested token expiry time must be before the original session's expiry time.",
		HTTPStatus: http.StatusForbidden,
	}
}

func errFederationDisabled() *APIError {
	return &APIError{
		Code:       CodeFederationDisabled,
		Message:    "OutboundWebIdentityFederation is disabled.",
		HTTPStatus: http.StatusForbidden,
	}
}

// errPayloadTooLarge reports an oversized claims JSON. AWS's message text
// for this error is not published, so this one is iamgate's own.
func errPayloadTooLarge(size int) *APIError {
	return &APIError{
		Code: CodeJWTPayloadSizeExceeded,
		Message: fmt.Sprintf("The JWT payload is %d bytes, which exceeds the maximum of %d bytes. "+
			"Reduce the number or size of request tags.", size, MaxPayloadBytes),
		HTTPStatus: http.StatusBadRequest,
	}
}

func errValidation(msg string) *APIError {
	return &APIError{Code: CodeValidationError, Message: msg, HTTPStatus: http.StatusBadRequest}
}

func errDuplicateTagKeys() *APIError {
	return &APIError{
		Code:       CodeInvalidParameterValue,
		Message:    "Duplicate tag keys found. Please note that Tag keys are case insensitive.",
		HTTPStatus: http.StatusBadRequest,
	}
}

func errFeatureEnabled(account string) *APIError {
	return &APIError{
		Code:       CodeFeatureEnabled,
		Message:    "Outbound identity federation is already enabled for account " + account,
		HTTPStatus: http.StatusConflict,
	}
}

func errFeatureAlreadyDisabled(account string) *APIError {
	return &APIError{
		Code:       CodeFeatureDisabled,
		Message:    "Outbound identity federation is already disabled for account " + account,
		HTTPStatus: http.StatusNotFound,
	}
}

func errFeatureDisabled(account string) *APIError {
	return &APIError{
		Code:       CodeFeatureDisabled,
		Message:    "Outbound identity federation is disabled for account " + account,
		HTTPStatus: http.StatusNotFound,
	}
}

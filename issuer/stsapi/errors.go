package stsapi

import (
	"fmt"
	"net/http"
	"time"
)

// Error is an AWS Query API error: the HTTP status, the code in
// <Error><Code> and the message in <Error><Message>. AWS SDKs branch on the
// code, so codes and messages follow what AWS STS and IAM return.
type Error struct {
	Status  int
	Code    string
	Message string
}

// Error returns "stsapi: CODE: MESSAGE".
func (e *Error) Error() string {
	return "stsapi: " + e.Code + ": " + e.Message
}

// errorType returns "Sender" for client errors and "Receiver" for server
// errors, the <Type> element of an awsQuery error.
func (e *Error) errorType() string {
	if e.Status >= 500 {
		return "Receiver"
	}
	return "Sender"
}

// The messages below are AWS's own wording where AWS documents or was seen
// to return it; docs/semantics.md lists the ones iamgate chose.

func errMissingAuthenticationToken() *Error {
	return &Error{http.StatusForbidden, "MissingAuthenticationToken",
		"Request is missing Authentication Token"}
}

func errInvalidClientTokenID() *Error {
	return &Error{http.StatusForbidden, "InvalidClientTokenId",
		"The security token included in the request is invalid."}
}

// errExpiredToken is AWS's response to temporary credentials used after
// their session ended.
func errExpiredToken() *Error {
	return &Error{http.StatusForbidden, "ExpiredToken",
		"The security token included in the request is expired"}
}

func errSignatureDoesNotMatch() *Error {
	return &Error{http.StatusForbidden, "SignatureDoesNotMatch",
		"The request signature we calculated does not match the signature you provided. " +
			"Check your AWS Secret Access Key and signing method. " +
			"Consult the service documentation for details."}
}

func errSignatureMismatchDetail(message string) *Error {
	return &Error{http.StatusForbidden, "SignatureDoesNotMatch", message}
}

// errSignatureExpired follows the text AWS STS returns for a request signed
// too long ago, e.g. "Signature expired: 20220127T001427Z is now earlier
// than 20220127T014428Z (20220127T015928Z - 15 min.)".
func errSignatureExpired(signedAt, now time.Time, skew time.Duration) *Error {
	return &Error{http.StatusForbidden, "SignatureDoesNotMatch", fmt.Sprintf(
		"Signature expired: %s is now earlier than %s (%s - %d min.)",
		signedAt.Format(amzDateLayout), now.Add(-skew).Format(amzDateLayout),
		now.Format(amzDateLayout), int(skew.Minutes()))}
}

func errSignatureNotYetCurrent(signedAt, now time.Time, skew time.Duration) *Error {
	return &Error{http.StatusForbidden, "SignatureDoesNotMatch", fmt.Sprintf(
		"Signature not yet current: %s is still later than %s (%s + %d min.)",
		signedAt.Format(amzDateLayout), now.Add(skew).Format(amzDateLayout),
		now.Format(amzDateLayout), int(skew.Minutes()))}
}

func errIncompleteSignature(message string) *Error {
	return &Error{http.StatusBadRequest, "IncompleteSignature", message}
}

func errCredentialScope(message string) *Error {
	return &Error{http.StatusForbidden, "SignatureDoesNotMatch", message}
}

func errInvalidAction(action, version string) *Error {
	return &Error{http.StatusBadRequest, "InvalidAction", fmt.Sprintf(
		"Could not find operation %s for version %s", action, version)}
}

func errMissingAction() *Error {
	return &Error{http.StatusBadRequest, "MissingAction",
		"Missing Action: the request must set the Action parameter"}
}

func errMissingVersion(action string) *Error {
	return &Error{http.StatusBadRequest, "MissingParameter", fmt.Sprintf(
		"The request must contain the parameter Version (%s requires 2011-06-15 for STS or 2010-05-08 for IAM)",
		action)}
}

func errRequestTooLarge(limit int64) *Error {
	return &Error{http.StatusRequestEntityTooLarge, "RequestEntityTooLarge", fmt.Sprintf(
		"Request body is larger than the %d-byte limit.", limit)}
}

func errMalformedQuery(message string) *Error {
	return &Error{http.StatusBadRequest, "MalformedQueryString", message}
}

func errMethodNotAllowed(method string) *Error {
	return &Error{http.StatusMethodNotAllowed, "InvalidHttpRequest", fmt.Sprintf(
		"The HTTP method %s is not supported; send a form-encoded POST.", method)}
}

func errValidation(message string) *Error {
	return &Error{http.StatusBadRequest, "ValidationError", message}
}

func errInternal() *Error {
	return &Error{http.StatusInternalServerError, "InternalFailure",
		"The request processing has failed because of an unknown error, exception or failure."}
}

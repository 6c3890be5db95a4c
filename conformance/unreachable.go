package conformance

import (
	"errors"
	"net"
	"syscall"
)

// UnreachableError stops a run against an endpoint that the first issuer
// case could not connect to, instead of failing every case the same way.
type UnreachableError struct {
	Endpoint string
	Err      error
}

// Error returns "cannot reach ENDPOINT: " and the network error, without
// the SDK's wrapping around it when there is one.
func (e *UnreachableError) Error() string {
	cause := e.Err
	var dnsErr *net.DNSError
	var opErr *net.OpError
	switch {
	case errors.As(e.Err, &opErr):
		cause = opErr
	case errors.As(e.Err, &dnsErr):
		cause = dnsErr
	}
	return "cannot reach " + e.Endpoint + ": " + cause.Error()
}

// Unwrap returns the connection error.
func (e *UnreachableError) Unwrap() error { return e.Err }

// IsConnectionError reports whether err is a failure to connect: a
// refused or unreachable address, a failed DNS lookup or a dial timeout.
// An error that arrives after the connection was made, such as an API
// error or a reset mid-response, is not one.
func IsConnectionError(err error) bool {
	if err == nil {
		return false
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	return errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EHOSTUNREACH) ||
		errors.Is(err, syscall.ENETUNREACH)
}

package stsapi

import (
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/iamgate/iamgate/issuer"
)

// API versions that select the STS or the IAM Query API.
const (
	STSVersion = "2011-06-15"
	IAMVersion = "2010-05-08"
)

// Default limits of Options.
const (
	// DefaultMaxBodyBytes bounds a request body. The largest valid
	// GetWebIdentityToken request in ASCII (10 audiences of 1000
	// characters, 50 tags of 128+256 characters) encodes to about 30 KiB.
	DefaultMaxBodyBytes = 64 << 10

	// DefaultMaxParams bounds the number of form parameters. A valid
	// request has at most 10 audiences, 100 tag fields and 6 others; the
	// margin lets over-limit lists reach validation and get AWS's error.
	DefaultMaxParams = 512

	// DefaultRegion is the region the endpoint serves when Options.Region
	// is empty.
	DefaultRegion = "us-east-1"
)

// Credentials resolves the access key of a signed request to its
// credential and the caller it authenticates.
type Credentials interface {
	// LookupAccessKey returns the credential and caller of accessKeyID, or
	// ok false when the key is unknown. The handler does not modify the
	// returned caller.
	LookupAccessKey(accessKeyID string) (cred Credential, caller *issuer.Caller, ok bool)
}

// FederationAdmin changes and reports the outbound federation state of an
// account, behind the IAM actions. issuer.Registry implements it. Its
// errors that are *issuer.APIError values (FeatureEnabled,
// FeatureDisabled) reach the client as they are.
type FederationAdmin interface {
	Enable(account string) (issuer.Federation, error)
	Disable(account string) error
	Info(account string) (issuer.Federation, error)
}

// Options configures a Handler. Gate and Credentials are required; the IAM
// actions also need Federation.
type Options struct {
	// Gate authorizes and issues tokens.
	Gate *issuer.Gate

	// Credentials resolves access keys to callers.
	Credentials Credentials

	// Federation backs the IAM outbound federation actions. Nil makes
	// them return InvalidAction.
	Federation FederationAdmin

	// Region is the region of this endpoint. Requests must be signed for
	// it; it is checked for STS only, because IAM is a global service.
	// Empty means DefaultRegion.
	Region string

	// MaxBodyBytes bounds request bodies; zero means DefaultMaxBodyBytes.
	MaxBodyBytes int64

	// MaxParams bounds the number of form parameters; zero means
	// DefaultMaxParams.
	MaxParams int

	// MaxClockSkew is how far X-Amz-Date may be from Now; zero means
	// DefaultMaxClockSkew.
	MaxClockSkew time.Duration

	// Now returns the current time. Nil means time.Now.
	Now func() time.Time

	// Logger receives one record per request: action, principal, HTTP
	// status, error code and request id. It never receives a token,
	// signature or secret. Nil means no logging.
	Logger *slog.Logger
}

// Handler serves the STS and IAM Query APIs over HTTP. It is safe for
// concurrent use.
type Handler struct {
	opts     Options
	verifier verifier
	serveSTS bool
	serveIAM bool
}

var _ http.Handler = (*Handler)(nil)

// New returns a Handler that serves both APIs on one endpoint and
// dispatches on the Version parameter.
func New(opts Options) (*Handler, error) {
	return newHandler(opts, true, true)
}

// NewSTS returns a Handler that serves only the STS API (Version
// 2011-06-15), for a deployment with separate STS and IAM endpoints.
func NewSTS(opts Options) (*Handler, error) {
	return newHandler(opts, true, false)
}

// NewIAM returns a Handler that serves only the IAM API (Version
// 2010-05-08).
func NewIAM(opts Options) (*Handler, error) {
	return newHandler(opts, false, true)
}

func newHandler(opts Options, serveSTS, serveIAM bool) (*Handler, error) {
	if opts.Gate == nil && serveSTS {
		return nil, errors.New("stsapi: Options.Gate is nil; pass the *issuer.Gate that issues tokens")
	}
	if opts.Credentials == nil {
		return nil, errors.New("stsapi: Options.Credentials is nil; pass the access key lookup")
	}
	if opts.Region == "" {
		opts.Region = DefaultRegion
	}
	if opts.MaxBodyBytes <= 0 {
		opts.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if opts.MaxParams <= 0 {
		opts.MaxParams = DefaultMaxParams
	}
	if opts.MaxClockSkew <= 0 {
		opts.MaxClockSkew = DefaultMaxClockSkew
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := &Handler{opts: opts, serveSTS: serveSTS, serveIAM: serveIAM}
	h.verifier = verifier{lookup: h.lookupCredential, now: opts.Now, maxSkew: opts.MaxClockSkew}
	return h, nil
}

func (h *Handler) lookupCredential(accessKeyID string) (Credential, bool) {
	cred, _, ok := h.opts.Credentials.LookupAccessKey(accessKeyID)
	return cred, ok
}

// call is one request as it moves through the handler.
type call struct {
	requestID string
	form      url.Values
	action    string
	version   string
	caller    *issuer.Caller
	start     time.Time
}

// ServeHTTP authenticates the request, dispatches it on Version and Action
// and writes the XML response or error.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	c := &call{requestID: uuid.NewString(), start: time.Now()}
	if err := h.serve(w, r, c); err != nil {
		h.fail(w, r, c, err)
	}
}

func (h *Handler) serve(w http.ResponseWriter, r *http.Request, c *call) error {
	body, err := h.readBody(w, r)
	if err != nil {
		return err
	}
	if err := h.parseForm(r, body, c); err != nil {
		return err
	}

	signed, err := h.verifier.verify(r, body)
	if err != nil {
		return err
	}
	_, caller, ok := h.opts.Credentials.LookupAccessKey(signed.accessKeyID)
	if !ok || caller == nil {
		return errInvalidClientTokenID()
	}
	c.caller = caller
	if !caller.SessionExpiry.IsZero() && !h.opts.Now().Before(caller.SessionExpiry) {
		return errExpiredToken()
	}

	op, err := h.operation(c)
	if err != nil {
		return err
	}
	if err := h.checkScope(signed, c.version); err != nil {
		return err
	}
	if r.Method == http.MethodGet && c.action != "GetCallerIdentity" {
		return errMethodNotAllowed(r.Method)
	}
	return op(w, r, c)
}

// readBody reads at most MaxBodyBytes of the body. GET requests carry
// their parameters in the URL and must have an empty body.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	switch r.Method {
	case http.MethodPost, http.MethodGet:
	default:
		return nil, errMethodNotAllowed(r.Method)
	}
	if r.ContentLength > h.opts.MaxBodyBytes {
		return nil, errRequestTooLarge(h.opts.MaxBodyBytes)
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBodyBytes))
	var tooLarge *http.MaxBytesError
	if errors.As(err, &tooLarge) {
		return nil, errRequestTooLarge(h.opts.MaxBodyBytes)
	}
	if err != nil {
		return nil, errMalformedQuery("The request body could not be read: " + err.Error())
	}
	return body, nil
}

// parseForm reads the parameters from the body of a POST or the query of
// a GET, and bounds their number.
func (h *Handler) parseForm(r *http.Request, body []byte, c *call) error {
	raw := string(body)
	if r.Method == http.MethodGet {
		raw = r.URL.RawQuery
	}
	if n := countParams(raw); n > h.opts.MaxParams {
		return errMalformedQuery("The request has more than the maximum of " +
			itoa(h.opts.MaxParams) + " parameters.")
	}
	form, err := url.ParseQuery(raw)
	if err != nil {
		return errMalformedQuery("The request parameters are not valid form encoding: " + err.Error())
	}
	for name, values := range form {
		if len(values) > 1 {
			return errMalformedQuery("Parameter " + name + " appears more than once.")
		}
		// Invalid UTF-8 would reach the policies as raw bytes but the
		// token as U+FFFD, so the signed claims would differ from the
		// authorized ones.
		if !utf8.ValidString(name) {
			return errMalformedQuery("A parameter name is not valid UTF-8.")
		}
		if !utf8.ValidString(values[0]) {
			return errMalformedQuery("Parameter " + name + " is not valid UTF-8.")
		}
	}
	c.form = form
	c.action = form.Get("Action")
	c.version = form.Get("Version")
	return nil
}

// operation selects the function for the request's Version and Action.
func (h *Handler) operation(c *call) (func(http.ResponseWriter, *http.Request, *call) error, error) {
	if c.action == "" {
		return nil, errMissingAction()
	}
	if c.version == "" {
		return nil, errMissingVersion(c.action)
	}
	var op func(http.ResponseWriter, *http.Request, *call) error
	switch {
	case c.version == STSVersion && h.serveSTS:
		op = h.stsOperation(c.action)
	case c.version == IAMVersion && h.serveIAM && h.opts.Federation != nil:
		op = h.iamOperation(c.action)
	}
	if op == nil {
		return nil, errInvalidAction(c.action, c.version)
	}
	return op, nil
}

// checkScope requires the credential scope to name the API's service and,
// for STS, this endpoint's region.
func (h *Handler) checkScope(signed signedRequest, version string) error {
	service := "sts"
	if version == IAMVersion {
		service = "iam"
	}
	if signed.service != service {
		return errCredentialScope("Credential should be scoped to correct service: '" + service + "'. ")
	}
	if service == "sts" && signed.region != h.opts.Region {
		return errCredentialScope("Credential should be scoped to a valid region. ")
	}
	return nil
}

// fail writes err as an awsQuery error. Errors that are neither *Error nor
// *issuer.APIError become InternalFailure, and only the log records them.
func (h *Handler) fail(w http.ResponseWriter, r *http.Request, c *call, err error) {
	var apiErr *Error
	var issuerErr *issuer.APIError
	switch {
	case errors.As(err, &apiErr):
	case errors.As(err, &issuerErr):
		apiErr = &Error{Status: issuerErr.HTTPStatus, Code: issuerErr.Code, Message: issuerErr.Message}
	default:
		apiErr = errInternal()
		h.logError(r, c, err)
	}
	writeError(w, h.namespace(c), c.requestID, apiErr)
	h.logRequest(r, c, apiErr.Status, apiErr.Code)
}

func (h *Handler) namespace(c *call) string {
	if c.version == IAMVersion {
		return iamNamespace
	}
	return stsNamespace
}

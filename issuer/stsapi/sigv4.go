package stsapi

import (
	"crypto/hmac"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// SigV4 constants from the AWS Signature Version 4 specification:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
const (
	sigV4Algorithm  = "AWS4-HMAC-SHA256"
	sigV4Terminator = "aws4_request"
	amzDateLayout   = "20060102T150405Z"
	scopeDateLayout = "20060102"

	// DefaultMaxClockSkew is how far the X-Amz-Date of a request may be from
	// the server clock, the 15 minutes AWS allows.
	DefaultMaxClockSkew = 15 * time.Minute
)

// Credential is the secret half of an access key, as a KeyLookup returns it.
type Credential struct {
	// SecretAccessKey signs requests.
	SecretAccessKey string
	// SessionToken is set for temporary credentials. A request made with
	// them must carry the same value in X-Amz-Security-Token.
	SessionToken string
}

// KeyLookup returns the credential of an access key id and whether the key
// exists.
type KeyLookup func(accessKeyID string) (Credential, bool)

// sigV4Auth is the parsed Authorization header of a signed request.
type sigV4Auth struct {
	accessKeyID   string
	scopeDate     string
	region        string
	service       string
	signedHeaders []string
	signature     string
}

// signedRequest is the result of a successful verification.
type signedRequest struct {
	accessKeyID string
	region      string
	service     string
}

// verifier checks SigV4 signatures on requests.
type verifier struct {
	lookup  KeyLookup
	now     func() time.Time
	maxSkew time.Duration
}

// verify checks the Authorization header of r against its body and the
// credential the header names, and returns the key id and scope on success.
// Every failure is an *Error with the code and message AWS STS returns.
func (v *verifier) verify(r *http.Request, body []byte) (signedRequest, error) {
	if len(r.Header.Values("Authorization")) > 1 {
		// NOTE: AWS does not document its response to this. A second
		// header could otherwise carry a credential that is never checked.
		return signedRequest{}, errIncompleteSignature("The request has more than one Authorization header.")
	}
	header := r.Header.Get("Authorization")
	if header == "" {
		// TODO: accept query-string (presigned) SigV4 requests, which carry
		// X-Amz-Signature in the URL instead of an Authorization header.
		return signedRequest{}, errMissingAuthenticationToken()
	}
	auth, err := parseAuthorization(header)
	if err != nil {
		return signedRequest{}, err
	}

	cred, ok := v.lookup(auth.accessKeyID)
	if !ok || !sessionTokenMatches(cred.SessionToken, r.Header.Get("X-Amz-Security-Token")) {
		return signedRequest{}, errInvalidClientTokenID()
	}

	signedAt, err := v.checkDate(r, auth)
	if err != nil {
		return signedRequest{}, err
	}

	canonical, err := canonicalRequest(r, auth.signedHeaders, body)
	if err != nil {
		return signedRequest{}, err
	}
	want := signature(cred.SecretAccessKey, auth, signedAt, canonical)
	got, err := hex.DecodeString(auth.signature)
	if err != nil || !hmac.Equal(want, got) {
		return signedRequest{}, errSignatureDoesNotMatch()
	}
	return signedRequest{accessKeyID: auth.accessKeyID, region: auth.region, service: auth.service}, nil
}

// sessionTokenMatches reports whether the token sent with a request is the
// one the credential expects; both are empty for long-term keys.
func sessionTokenMatches(want, got string) bool {
	return subtle.ConstantTimeCompare([]byte(want), []byte(got)) == 1
}

// parseAuthorization splits an "AWS4-HMAC-SHA256 Credential=…,
// SignedHeaders=…, Signature=…" header.
func parseAuthorization(header string) (sigV4Auth, error) {
	algorithm, rest, _ := strings.Cut(header, " ")
	if algorithm != sigV4Algorithm {
		return sigV4Auth{}, errIncompleteSignature(fmt.Sprintf(
			"Unsupported AWS 'algorithm': '%s'. Only %s is supported.", algorithm, sigV4Algorithm))
	}

	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		name, value, found := strings.Cut(strings.TrimSpace(part), "=")
		if !found {
			continue
		}
		fields[name] = value
	}
	for _, name := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[name] == "" {
			return sigV4Auth{}, errIncompleteSignature(fmt.Sprintf(
				"Authorization header requires '%s' parameter. Authorization=%s", name, algorithm))
		}
	}

	scope := strings.Split(fields["Credential"], "/")
	if len(scope) != 5 || scope[4] != sigV4Terminator || scope[0] == "" {
		return sigV4Auth{}, errIncompleteSignature(
			"Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term.")
	}
	auth := sigV4Auth{
		accessKeyID:   scope[0],
		scopeDate:     scope[1],
		region:        scope[2],
		service:       scope[3],
		signedHeaders: strings.Split(fields["SignedHeaders"], ";"),
		signature:     fields["Signature"],
	}
	if !containsString(auth.signedHeaders, "host") {
		return sigV4Auth{}, errIncompleteSignature("'Host' or ':authority' must be a 'SignedHeader' in the AWS Authorization.")
	}
	return auth, nil
}

// checkDate parses X-Amz-Date, requires it in the signed headers and within
// the allowed clock skew, and requires the credential scope to name its day.
func (v *verifier) checkDate(r *http.Request, auth sigV4Auth) (time.Time, error) {
	raw := r.Header.Get("X-Amz-Date")
	signedAt, err := time.Parse(amzDateLayout, raw)
	if err != nil || !containsString(auth.signedHeaders, "x-amz-date") {
		return time.Time{}, errIncompleteSignature(
			"Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
	}

	now := v.now().UTC()
	if signedAt.Before(now.Add(-v.maxSkew)) {
		return time.Time{}, errSignatureExpired(signedAt, now, v.maxSkew)
	}
	if signedAt.After(now.Add(v.maxSkew)) {
		return time.Time{}, errSignatureNotYetCurrent(signedAt, now, v.maxSkew)
	}
	if auth.scopeDate != signedAt.Format(scopeDateLayout) {
		return time.Time{}, errSignatureMismatchDetail(fmt.Sprintf(
			"Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: '%s' != '%s', from '%s'.",
			auth.scopeDate, signedAt.Format(scopeDateLayout), raw))
	}
	return signedAt, nil
}

// canonicalRequest builds the SigV4 canonical request: method, URI, query,
// headers, signed header names and the hex SHA-256 of the body.
func canonicalRequest(r *http.Request, signedHeaders []string, body []byte) (string, error) {
	headers, err := canonicalHeaders(r, signedHeaders)
	if err != nil {
		return "", err
	}
	payloadHash := sha256.Sum256(body)

	var b strings.Builder
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(canonicalURI(r.URL))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(r.URL.Query()))
	b.WriteByte('\n')
	b.WriteString(headers)
	b.WriteByte('\n')
	b.WriteString(strings.Join(signedHeaders, ";"))
	b.WriteByte('\n')
	b.WriteString(hex.EncodeToString(payloadHash[:]))
	return b.String(), nil
}

// canonicalURI URI-encodes the already escaped path once more, as SigV4
// requires for every service but S3.
func canonicalURI(u *url.URL) string {
	path := u.EscapedPath()
	if path == "" {
		return "/"
	}
	return uriEncode(path, false)
}

// canonicalQuery encodes every name and value, then sorts the pairs by
// encoded name and then by encoded value. The specification sorts after
// encoding, and by name first: sorting "name=value" strings would put
// "Z-=x" before "Z=a".
func canonicalQuery(query url.Values) string {
	type pair struct{ name, value string }
	pairs := make([]pair, 0, len(query))
	for name, values := range query {
		encoded := uriEncode(name, true)
		for _, value := range values {
			pairs = append(pairs, pair{encoded, uriEncode(value, true)})
		}
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].name != pairs[j].name {
			return pairs[i].name < pairs[j].name
		}
		return pairs[i].value < pairs[j].value
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.name)
		b.WriteByte('=')
		b.WriteString(p.value)
	}
	return b.String()
}

// canonicalHeaders writes "name:value\n" for each signed header. Header
// names in SignedHeaders must be lower case and sorted.
func canonicalHeaders(r *http.Request, signedHeaders []string) (string, error) {
	if !sort.StringsAreSorted(signedHeaders) {
		return "", errSignatureDoesNotMatch()
	}
	var b strings.Builder
	for _, name := range signedHeaders {
		if name == "" || name != strings.ToLower(name) {
			return "", errSignatureDoesNotMatch()
		}
		b.WriteString(name)
		b.WriteByte(':')
		b.WriteString(headerValue(r, name))
		b.WriteByte('\n')
	}
	return b.String(), nil
}

// headerValue returns the canonical value of one header: values trimmed,
// inner runs of spaces collapsed, repeated headers joined with commas. The
// Go server moves Host out of the header map and may do so for
// Content-Length.
func headerValue(r *http.Request, name string) string {
	switch name {
	case "host":
		return collapseSpaces(r.Host)
	case "content-length":
		if r.Header.Get("Content-Length") == "" && r.ContentLength >= 0 {
			return strconv.FormatInt(r.ContentLength, 10)
		}
	}
	values := r.Header.Values(name)
	cleaned := make([]string, len(values))
	for i, value := range values {
		cleaned[i] = collapseSpaces(value)
	}
	return strings.Join(cleaned, ",")
}

// collapseSpaces trims spaces from both ends of a value and replaces each
// inner run of spaces with one space. Like the AWS SDKs, it leaves other
// whitespace, such as tabs, as it is.
func collapseSpaces(s string) string {
	s = strings.Trim(s, " ")
	if !strings.Contains(s, "  ") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		if s[i] == ' ' && i > 0 && s[i-1] == ' ' {
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}

// signature derives the signing key for the credential scope and returns the
// HMAC-SHA256 of the string to sign.
func signature(secret string, auth sigV4Auth, signedAt time.Time, canonical string) []byte {
	canonicalHash := sha256.Sum256([]byte(canonical))
	scope := strings.Join([]string{auth.scopeDate, auth.region, auth.service, sigV4Terminator}, "/")
	stringToSign := sigV4Algorithm + "\n" + signedAt.Format(amzDateLayout) + "\n" + scope + "\n" +
		hex.EncodeToString(canonicalHash[:])

	key := hmacSHA256([]byte("AWS4"+secret), auth.scopeDate)
	key = hmacSHA256(key, auth.region)
	key = hmacSHA256(key, auth.service)
	key = hmacSHA256(key, sigV4Terminator)
	return hmacSHA256(key, stringToSign)
}

func hmacSHA256(key []byte, data string) []byte {
	mac := hmac.New(sha256.New, key)
	mac.Write([]byte(data))
	return mac.Sum(nil)
}

// uriEncode percent-encodes every byte except the RFC 3986 unreserved
// characters, and keeps '/' unless encodeSlash is set.
func uriEncode(s string, encodeSlash bool) string {
	const hexDigits = "0123456789ABCDEF"
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); i++ {
		c := s[i]
		if isUnreserved(c) || (c == '/' && !encodeSlash) {
			b.WriteByte(c)
			continue
		}
		b.WriteByte('%')
		b.WriteByte(hexDigits[c>>4])
		b.WriteByte(hexDigits[c&15])
	}
	return b.String()
}

func isUnreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.' || c == '~'
}

func containsString(list []string, s string) bool {
	for _, item := range list {
		if item == s {
			return true
		}
	}
	return false
}

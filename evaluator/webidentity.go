package evaluator

import "strconv"

// Action names and condition keys of sts:GetWebIdentityToken, from the
// Service Authorization Reference for AWS STS.
const (
	ActionGetWebIdentityToken    = "sts:GetWebIdentityToken"
	ActionTagGetWebIdentityToken = "sts:TagGetWebIdentityToken"

	KeyIdentityTokenAudience = "sts:IdentityTokenAudience"
	KeyDurationSeconds       = "sts:DurationSeconds"
	KeySigningAlgorithm      = "sts:SigningAlgorithm"
	KeyTagKeys               = "aws:TagKeys"
	KeyRequestTagPrefix      = "aws:RequestTag/"
)

// DefaultWebIdentityTokenDuration is the token lifetime in seconds when
// the caller omits DurationSeconds.
const DefaultWebIdentityTokenDuration = 300

// Tag is a request tag.
type Tag struct {
	Key   string
	Value string
}

// WebIdentityParams are the parameters of one GetWebIdentityToken call.
type WebIdentityParams struct {
	Audiences []string

	// DurationSeconds is the requested lifetime; 0 means omitted.
	DurationSeconds int

	// SigningAlgorithm is "RS256" or "ES384".
	SigningAlgorithm string

	Tags []Tag
}

// WebIdentityTokenContext returns the request context AWS builds for
// GetWebIdentityToken: sts:IdentityTokenAudience as a multi-valued key
// with one value per audience; sts:DurationSeconds, which is "300" when
// the caller omits it (AWS was observed to match NumericEquals 300 for a
// call without DurationSeconds); sts:SigningAlgorithm; and, when tags are
// requested, aws:RequestTag/<key> for each tag and aws:TagKeys as a
// multi-valued key. Add the principal's own keys (aws:PrincipalTag/...,
// aws:PrincipalOrgID, aws:SourceVpce, ...) to the returned context. The
// request's Resource is arn:aws:sts::<account>:self; see
// WebIdentityTokenResource.
func WebIdentityTokenContext(p WebIdentityParams) *Context {
	c := NewContext()
	c.SetMulti(KeyIdentityTokenAudience, p.Audiences)
	duration := p.DurationSeconds
	if duration == 0 {
		duration = DefaultWebIdentityTokenDuration
	}
	c.Set(KeyDurationSeconds, strconv.Itoa(duration))
	if p.SigningAlgorithm != "" {
		c.Set(KeySigningAlgorithm, p.SigningAlgorithm)
	}
	if len(p.Tags) > 0 {
		keys := make([]string, len(p.Tags))
		for i, t := range p.Tags {
			keys[i] = t.Key
			c.Set(KeyRequestTagPrefix+t.Key, t.Value)
		}
		c.SetMulti(KeyTagKeys, keys)
	}
	return c
}

// WebIdentityTokenResource returns the resource GetWebIdentityToken is
// authorized on: arn:<partition>:sts::<account>:self. An empty partition
// means "aws".
func WebIdentityTokenResource(partition, account string) string {
	if partition == "" {
		partition = "aws"
	}
	return "arn:" + partition + ":sts::" + account + ":self"
}

package conformance

import (
	"context"
	"fmt"
	"strings"
)

// Limits of GetWebIdentityToken request tags, from the STS API model
// (tagListType, tagKeyType, tagValueType).
const (
	maxRequestTags   = 50
	maxTagKeyChars   = 128
	maxTagValueChars = 256
)

// maxPadClaimsTo bounds pad_claims_to so that a typo cannot ask for a
// payload no issuer would accept; AWS's limit is 14,984 bytes.
const maxPadClaimsTo = 64 << 10

// padKeyPrefix starts the key of every padding tag. A case must not send
// a tag of its own whose key starts with it.
const padKeyPrefix = "pad-"

// padClaims returns a copy of c whose token request carries padding tags
// that make the claims JSON exactly c.Token.PadClaimsTo bytes.
//
// The size of the claims depends on the target: the issuer URL, for one,
// differs between the in-process issuer and an endpoint. So the runner
// measures instead of computing. It fills every free tag slot with a tag
// whose key is 128 characters ("pad-00-kkk...") and whose value is empty,
// issues that probe request, and reads the size of its claims. The
// remaining bytes then go into the values as ASCII "v" characters, which
// JSON encodes as one byte each. The probe and the padded request differ
// only in those values, because iat and exp keep ten digits and jti is a
// fixed-length UUID.
func (r *Runner) padClaims(ctx context.Context, c *Case) (*Case, error) {
	want := c.Token.PadClaimsTo
	slots := maxRequestTags - len(c.Token.Tags)
	probe := withTags(c, padTags(slots, make([]int, slots)))

	jwt, apiErr, err := r.target.Issue(ctx, probe)
	if err != nil {
		return nil, fmt.Errorf("pad_claims_to: the probe request failed to run: %w", err)
	}
	if apiErr != nil {
		return nil, fmt.Errorf("pad_claims_to: the probe request with empty padding tags got %s: %s",
			apiErr.Code, apiErr.Message)
	}
	tok, err := decodeToken(jwt)
	if err != nil {
		return nil, fmt.Errorf("pad_claims_to: the probe token: %v", err)
	}

	missing := want - tok.payloadBytes
	if missing < 0 || missing > slots*maxTagValueChars {
		return nil, fmt.Errorf("pad_claims_to %d is out of reach: with %d empty padding tags the claims are "+
			"%d bytes, and the values can add at most %d", want, slots, tok.payloadBytes, slots*maxTagValueChars)
	}
	lengths := make([]int, slots)
	for i := range lengths {
		lengths[i] = min(missing, maxTagValueChars)
		missing -= lengths[i]
	}
	return withTags(c, padTags(slots, lengths)), nil
}

// padTags returns n padding tags with 128-character keys and values of
// the given lengths.
func padTags(n int, valueLengths []int) []Tag {
	tags := make([]Tag, n)
	for i := range tags {
		key := fmt.Sprintf("%s%02d-", padKeyPrefix, i)
		tags[i] = Tag{
			Key:   key + strings.Repeat("k", maxTagKeyChars-len(key)),
			Value: strings.Repeat("v", valueLengths[i]),
		}
	}
	return tags
}

// withTags returns a copy of c whose token request has extra appended
// to its tags. c itself is not changed.
func withTags(c *Case, extra []Tag) *Case {
	token := *c.Token
	token.Tags = append(append([]Tag(nil), c.Token.Tags...), extra...)
	out := *c
	out.Token = &token
	return &out
}

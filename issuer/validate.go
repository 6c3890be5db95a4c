package issuer

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// Parameter limits of GetWebIdentityToken, from the STS API model.
const (
	maxAudiences       = 10
	maxAudienceLength  = 1000
	minDuration        = 60
	maxDuration        = 3600
	defaultDuration    = 300
	algorithmLength    = 5
	maxTags            = 50
	maxTagKeyLength    = 128
	maxTagValueLength  = 256
	tagKeyPatternText  = `[\p{L}\p{Z}\p{N}_.:/=+\-@]+`
	tagValuePatternTxt = `[\p{L}\p{Z}\p{N}_.:/=+\-@]*`
)

var (
	tagKeyPattern   = regexp.MustCompile(`^` + tagKeyPatternText + `$`)
	tagValuePattern = regexp.MustCompile(`^` + tagValuePatternTxt + `$`)
)

// validRequest is a TokenRequest that passed validation, with defaults
// applied.
type validRequest struct {
	*TokenRequest
	duration    int
	algorithm   string
	subjectMode string
	scopes      []string // Scope split on spaces; nil without a scope

	// principalTags holds the caller's principal tags merged with its
	// session tags, computed once for the context and the claims.
	principalTags map[string]string
}

// validateRequest checks r as AWS STS does and returns its first failure.
// The model constraints come first, collected into one ValidationError as
// AWS words them. Then come an unsupported algorithm, duplicate tag keys,
// an audience that is not UTF-8, and last SubjectMode and Scope.
func validateRequest(c *Caller, r *TokenRequest) (*validRequest, *APIError) {
	var v violations
	v.checkAudiences(r.Audiences)
	v.checkDuration(r.DurationSeconds)
	v.checkAlgorithm(r.SigningAlgorithm, r.SigningAlgorithmPresent)
	v.checkSubjectModeEnum(r.SubjectMode, r.SubjectModePresent)
	v.checkTags(r.Tags)
	if err := v.err(); err != nil {
		return nil, err
	}

	if r.SigningAlgorithm != RS256 && r.SigningAlgorithm != ES384 {
		return nil, errValidation("Requested SigningAlgorithm is not supported. " +
			"See the GetWebIdentityToken documentation for supported algorithms")
	}
	if hasDuplicateTagKeys(r.Tags) {
		return nil, errDuplicateTagKeys()
	}
	for i, a := range r.Audiences {
		// Tag keys and values cannot hold invalid UTF-8 because their
		// patterns reject U+FFFD; an audience has no pattern.
		if !utf8.ValidString(a) {
			return nil, errValidation(fmt.Sprintf("Audience %d is not valid UTF-8; send every audience as UTF-8 text.", i+1))
		}
	}

	req := &validRequest{
		TokenRequest: r,
		duration:     defaultDuration,
		algorithm:    r.SigningAlgorithm,
		subjectMode:  SubjectModeAWSIdentity,

		principalTags: mergeTags(c.PrincipalTags, c.SessionTags),
	}
	if r.DurationSeconds != nil {
		req.duration = int(*r.DurationSeconds)
	}
	if r.SubjectMode != "" {
		req.subjectMode = r.SubjectMode
	}
	if req.subjectMode == SubjectModeOriginIdentity {
		if msg := checkOriginIdentity(&c.Origin); msg != "" {
			return nil, errValidation(msg)
		}
	}
	if r.Scope != nil {
		scopes, msg := parseScope(*r.Scope, req.subjectMode, len(r.Audiences))
		if msg != "" {
			return nil, errValidation(msg)
		}
		req.scopes = scopes
	}
	return req, nil
}

// violations collects model-constraint failures in AWS's wording.
type violations []string

func (v *violations) add(value, member, constraint string) {
	*v = append(*v, "Value "+value+" at '"+member+"' failed to satisfy constraint: "+constraint)
}

// err returns the collected failures as one ValidationError, or nil.
func (v violations) err() *APIError {
	switch len(v) {
	case 0:
		return nil
	case 1:
		return errValidation("1 validation error detected: " + v[0])
	}
	return errValidation(strconv.Itoa(len(v)) + " validation errors detected: " + strings.Join(v, "; "))
}

func (v *violations) checkAudiences(auds []string) {
	if len(auds) == 0 {
		v.add("null", "audience", "Member must not be null")
		return
	}
	value := quote("[" + strings.Join(auds, ", ") + "]")
	if len(auds) > maxAudiences {
		v.add(value, "audience", fmt.Sprintf("Member must have length less than or equal to %d", maxAudiences))
	}
	for _, a := range auds {
		if n := javaLength(a); n < 1 || n > maxAudienceLength {
			v.add(value, "audience", fmt.Sprintf("Member must satisfy constraint: "+
				"[Member must have length less than or equal to %d, "+
				"Member must have length greater than or equal to 1]", maxAudienceLength))
			return
		}
	}
}

func (v *violations) checkDuration(d *int32) {
	if d == nil {
		return
	}
	value := quote(strconv.Itoa(int(*d)))
	if *d < minDuration {
		v.add(value, "durationSeconds", fmt.Sprintf("Member must have value greater than or equal to %d", minDuration))
	}
	if *d > maxDuration {
		v.add(value, "durationSeconds", fmt.Sprintf("Member must have value less than or equal to %d", maxDuration))
	}
}

func (v *violations) checkAlgorithm(alg string, present bool) {
	if alg == "" && !present {
		v.add("null", "signingAlgorithm", "Member must not be null")
		return
	}
	n := javaLength(alg)
	if n < algorithmLength {
		v.add(quote(alg), "signingAlgorithm",
			fmt.Sprintf("Member must have length greater than or equal to %d", algorithmLength))
	}
	if n > algorithmLength {
		v.add(quote(alg), "signingAlgorithm",
			fmt.Sprintf("Member must have length less than or equal to %d", algorithmLength))
	}
}

func (v *violations) checkSubjectModeEnum(mode string, present bool) {
	if (mode == "" && !present) || mode == SubjectModeAWSIdentity || mode == SubjectModeOriginIdentity {
		return
	}
	v.add(quote(mode), "subjectMode", "Member must satisfy enum value set: [AWSIdentity, OriginIdentity]")
}

func (v *violations) checkTags(tags []Tag) {
	if len(tags) > maxTags {
		items := make([]string, len(tags))
		for i, t := range tags {
			items[i] = "Tag(key=" + t.Key + ", value=" + t.Value + ")"
		}
		v.add(quote("["+strings.Join(items, ", ")+"]"), "tags",
			fmt.Sprintf("Member must have length less than or equal to %d", maxTags))
	}
	for i, t := range tags {
		key := fmt.Sprintf("tags.%d.member.key", i+1)
		if n := javaLength(t.Key); n < 1 {
			v.add(quote(t.Key), key, "Member must have length greater than or equal to 1")
		} else if n > maxTagKeyLength {
			v.add(quote(t.Key), key, fmt.Sprintf("Member must have length less than or equal to %d", maxTagKeyLength))
		}
		if !tagKeyPattern.MatchString(t.Key) {
			v.add(quote(t.Key), key, "Member must satisfy regular expression pattern: "+tagKeyPatternText)
		}

		value := fmt.Sprintf("tags.%d.member.value", i+1)
		if javaLength(t.Value) > maxTagValueLength {
			v.add(quote(t.Value), value, fmt.Sprintf("Member must have length less than or equal to %d", maxTagValueLength))
		}
		if !tagValuePattern.MatchString(t.Value) {
			v.add(quote(t.Value), value, "Member must satisfy regular expression pattern: "+tagValuePatternTxt)
		}
	}
}

func quote(s string) string { return "'" + s + "'" }

// javaLength returns the length of s in UTF-16 code units, the unit of the
// Java-based length constraints AWS applies.
func javaLength(s string) int {
	n := 0
	for _, r := range s {
		n += utf16.RuneLen(r)
	}
	return n
}

// hasDuplicateTagKeys reports whether two tag keys are equal ignoring case.
func hasDuplicateTagKeys(tags []Tag) bool {
	if len(tags) < 2 {
		return false
	}
	seen := make(map[string]struct{}, len(tags))
	for _, t := range tags {
		k := strings.ToLower(t.Key)
		if _, ok := seen[k]; ok {
			return true
		}
		seen[k] = struct{}{}
	}
	return false
}

// checkOriginIdentity returns why a session cannot use SubjectMode
// OriginIdentity, or "". The rules are those of the STS SDK v1.53.0
// documentation of SubjectMode; the message texts are iamgate's own.
func checkOriginIdentity(o *OriginIdentity) string {
	switch {
	case o.Subject == "" || strings.TrimSpace(o.Subject) == "":
		return "SubjectMode OriginIdentity requires the calling session to have a non-blank aws:OriginIdentity/Subject."
	case o.Issuer == "" && o.FederatedProviderARN == "":
		return "SubjectMode OriginIdentity requires the calling session to have aws:OriginIdentity/Issuer " +
			"or aws:OriginIdentity/FederatedProviderArn."
	case len(o.Subject) >= 4 && strings.EqualFold(o.Subject[:4], "arn:"):
		return "SubjectMode OriginIdentity cannot use an aws:OriginIdentity/Subject that begins with arn:."
	case o.Subject[0] == ' ' || o.Subject[len(o.Subject)-1] == ' ':
		return "SubjectMode OriginIdentity cannot use an aws:OriginIdentity/Subject that begins or ends with a space."
	}
	for _, r := range o.Subject {
		if r != ' ' && (unicode.In(r, unicode.Cc, unicode.Cf, unicode.Z)) {
			return "SubjectMode OriginIdentity cannot use an aws:OriginIdentity/Subject that contains " +
				"a control, format or separator character."
		}
	}
	return ""
}

// parseScope checks scope against the rules of the STS SDK v1.53.0
// documentation of Scope and returns its values. The message texts are
// iamgate's own.
func parseScope(scope, subjectMode string, audiences int) ([]string, string) {
	if subjectMode != SubjectModeOriginIdentity {
		return nil, "Scope can be specified only when SubjectMode is OriginIdentity."
	}
	if audiences != 1 {
		return nil, "Scope can be specified only with exactly one audience."
	}
	if scope == "" {
		return nil, "Scope must contain at least one scope value."
	}
	values := strings.Split(scope, " ")
	seen := make(map[string]struct{}, len(values))
	for _, val := range values {
		if val == "" {
			return nil, "Scope values must be separated by a single space, " +
				"with no space at the beginning or end."
		}
		for i := 0; i < len(val); i++ {
			if c := val[i]; c < 0x21 || c > 0x7e || c == '"' || c == ',' || c == '\\' {
				return nil, fmt.Sprintf("Scope value %q contains a character that is not allowed: "+
					"use printable ASCII except space, double quote, comma and backslash.", val)
			}
		}
		if _, dup := seen[val]; dup {
			return nil, fmt.Sprintf("Scope value %q is repeated; each scope value may appear once.", val)
		}
		seen[val] = struct{}{}
	}
	return values, ""
}

package stsapi

import (
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"github.com/iamgate/iamgate/issuer"
)

// maxListIndex bounds the N in Audience.member.N and Tags.member.N. It is
// far above the API limits (10 audiences, 50 tags), so that those limits
// are reported as AWS reports them, and low enough to keep parsing cheap.
const maxListIndex = 1000

// parseTokenRequest reads the GetWebIdentityToken parameters as the AWS
// SDK for Go v2 (service/sts v1.53.0) sends them: Audience.member.N,
// DurationSeconds, SigningAlgorithm, Tags.member.N.Key and .Value, Scope
// and SubjectMode. An empty list is sent as "Audience=" or "Tags=".
// Range and pattern checks are left to issuer.Gate, which applies them as
// AWS does; this function rejects only what cannot be parsed.
func parseTokenRequest(form url.Values) (*issuer.TokenRequest, *Error) {
	_, algorithmPresent := form["SigningAlgorithm"]
	_, subjectModePresent := form["SubjectMode"]
	req := &issuer.TokenRequest{
		SigningAlgorithm:        form.Get("SigningAlgorithm"),
		SigningAlgorithmPresent: algorithmPresent,
		SubjectMode:             form.Get("SubjectMode"),
		SubjectModePresent:      subjectModePresent,
	}

	audiences, err := parseList(form, "Audience.member.")
	if err != nil {
		return nil, err
	}
	for _, a := range audiences {
		if a.field != "" {
			return nil, errMalformedQuery(fmt.Sprintf(
				"Parameter Audience.member.%d.%s is not a list member; use Audience.member.N", a.index, a.field))
		}
		req.Audiences = append(req.Audiences, a.value)
	}

	if raw, ok := form["DurationSeconds"]; ok {
		d, err := parseDuration(raw[0])
		if err != nil {
			return nil, err
		}
		req.DurationSeconds = &d
	}

	if raw, ok := form["Scope"]; ok {
		scope := raw[0]
		req.Scope = &scope
	}

	tags, err := parseTags(form)
	if err != nil {
		return nil, err
	}
	req.Tags = tags
	return req, nil
}

// parseDuration parses DurationSeconds as an int32. AWS's text for a
// value that is not a number is not published; this one follows the form
// of its other validation messages.
func parseDuration(raw string) (int32, *Error) {
	d, err := strconv.ParseInt(raw, 10, 32)
	if err != nil {
		return 0, errValidation(fmt.Sprintf(
			"1 validation error detected: Value '%s' at 'durationSeconds' failed to satisfy constraint: "+
				"Member must be an integer between -2147483648 and 2147483647", raw))
	}
	return int32(d), nil
}

// indexed is one member of a list parameter with its 1-based index.
type indexed struct {
	index int
	field string // "" for a plain list, "Key" or "Value" for a structure member
	value string
}

// parseList collects the parameters named prefix+N or prefix+N.field,
// ordered by N. N must be written in canonical decimal form, as the SDKs
// write it, so that "01" and "+1" cannot name the same member as "1".
func parseList(form url.Values, prefix string) ([]indexed, *Error) {
	var items []indexed
	for name, values := range form {
		rest, ok := strings.CutPrefix(name, prefix)
		if !ok {
			continue
		}
		number, field, _ := strings.Cut(rest, ".")
		n, err := strconv.Atoi(number)
		if err != nil || n < 1 || n > maxListIndex || strconv.Itoa(n) != number {
			return nil, errMalformedQuery(fmt.Sprintf(
				"Parameter %s has an invalid list index; use %sN with N from 1 to %d", name, prefix, maxListIndex))
		}
		items = append(items, indexed{index: n, field: field, value: values[0]})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].index != items[j].index {
			return items[i].index < items[j].index
		}
		return items[i].field < items[j].field
	})
	return items, nil
}

// parseTags collects Tags.member.N.Key and Tags.member.N.Value pairs. A
// member without a Value gets the empty value, which AWS allows; a member
// without a Key gets the empty key, which validation then rejects.
func parseTags(form url.Values) ([]issuer.Tag, *Error) {
	members, err := parseList(form, "Tags.member.")
	if err != nil {
		return nil, err
	}
	var tags []issuer.Tag
	last := 0
	for _, m := range members {
		if m.index != last {
			tags = append(tags, issuer.Tag{})
			last = m.index
		}
		tag := &tags[len(tags)-1]
		switch m.field {
		case "Key":
			tag.Key = m.value
		case "Value":
			tag.Value = m.value
		default:
			return nil, errMalformedQuery(fmt.Sprintf(
				"Parameter Tags.member.%d.%s is not a tag field; use Tags.member.N.Key and Tags.member.N.Value",
				m.index, m.field))
		}
	}
	return tags, nil
}

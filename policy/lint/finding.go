package lint

import (
	"fmt"
	"sort"
	"strings"
)

// Severity is a finding's severity, ordered from SUGGESTION (lowest) to
// ERROR (highest).
type Severity uint8

// Severities, as IAM Access Analyzer names them. The zero Severity is
// invalid.
const (
	Suggestion Severity = iota + 1
	Warning
	SecurityWarning
	Error
)

var severityNames = [...]string{
	Suggestion:      "SUGGESTION",
	Warning:         "WARNING",
	SecurityWarning: "SECURITY_WARNING",
	Error:           "ERROR",
}

// String returns the severity name: "ERROR", "SECURITY_WARNING", "WARNING"
// or "SUGGESTION".
func (s Severity) String() string {
	if int(s) < len(severityNames) && s > 0 {
		return severityNames[s]
	}
	return "INVALID"
}

// MarshalText encodes the severity as its name.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText decodes a severity name, as ParseSeverity does.
func (s *Severity) UnmarshalText(text []byte) error {
	v, err := ParseSeverity(string(text))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity returns the severity with the given name, compared
// case-insensitively.
func ParseSeverity(name string) (Severity, error) {
	for s := Suggestion; s <= Error; s++ {
		if strings.EqualFold(name, severityNames[s]) {
			return s, nil
		}
	}
	return 0, fmt.Errorf("lint: invalid severity %q: use ERROR, SECURITY_WARNING, WARNING or SUGGESTION", name)
}

// Finding is one problem in a policy document.
type Finding struct {
	// Code is the stable identifier of the check, such as
	// "PASS_ROLE_WITH_STAR_IN_RESOURCE"; Rules describes each.
	Code     string   `json:"code"`
	Severity Severity `json:"severity"`

	// File is the file name as given, "-" for standard input.
	File string `json:"file"`

	// Line and Column are 1-based and point into File. For a policy held
	// in a JSON string (a Terraform plan), they point at the string.
	Line   int `json:"line"`
	Column int `json:"column"`

	// Document locates the policy within File when File holds more than
	// one, for example "Resources.AppRole.Properties.AssumeRolePolicyDocument";
	// empty for a policy file.
	Document string `json:"document,omitempty"`

	// Path is the JSON path of the offending element within the policy
	// document, for example "$.Statement[0].Action[1]".
	Path string `json:"path"`

	// Message states what is wrong and how to fix it.
	Message string `json:"message"`
}

// String formats the finding as "FILE:LINE:COL: SEVERITY CODE: MESSAGE
// (PATH)".
func (f Finding) String() string {
	path := f.Path
	if f.Document != "" {
		path = f.Document + " " + f.Path
	}
	return fmt.Sprintf("%s:%d:%d: %s %s: %s (%s)",
		f.File, f.Line, f.Column, f.Severity, f.Code, f.Message, path)
}

// sortFindings orders findings by file, position, then code, so output
// is stable.
func sortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.File != b.File {
			return a.File < b.File
		}
		if a.Line != b.Line {
			return a.Line < b.Line
		}
		if a.Column != b.Column {
			return a.Column < b.Column
		}
		return a.Code < b.Code
	})
}

// PolicyType is the kind of policy a document is, which decides the
// rules that apply to it.
type PolicyType string

// Policy types.
const (
	TypeUnknown  PolicyType = ""
	TypeIdentity PolicyType = "identity"
	TypeResource PolicyType = "resource"
	TypeSCP      PolicyType = "scp"
	TypeRCP      PolicyType = "rcp"
	TypeBoundary PolicyType = "boundary"
	TypeSession  PolicyType = "session"
	TypeEndpoint PolicyType = "endpoint"
	TypeTrust    PolicyType = "trust"
)

// PolicyTypes lists every policy type in the order the command line
// documents them.
var PolicyTypes = []PolicyType{TypeIdentity, TypeResource, TypeSCP, TypeRCP,
	TypeBoundary, TypeSession, TypeEndpoint, TypeTrust}

// ParsePolicyType returns the policy type with the given name.
func ParsePolicyType(name string) (PolicyType, error) {
	for _, t := range PolicyTypes {
		if strings.EqualFold(name, string(t)) {
			return t, nil
		}
	}
	return TypeUnknown, fmt.Errorf("lint: invalid policy type %q: use identity, resource, scp, rcp, "+
		"boundary, session, endpoint or trust", name)
}

// iamDocument reports whether IAM itself stores documents of type t,
// which restricts Sids to letters and digits and sets the IAM character
// limits.
func (t PolicyType) iamDocument() bool {
	switch t {
	case TypeIdentity, TypeBoundary, TypeSession, TypeTrust:
		return true
	}
	return false
}

// organizations reports whether t is an AWS Organizations policy.
func (t PolicyType) organizations() bool { return t == TypeSCP || t == TypeRCP }

// grants reports whether a policy of type t grants permissions. Boundaries,
// session policies, SCPs, RCPs and VPC endpoint policies only limit what
// other policies grant, so a broad Allow in them opens nothing by itself.
func (t PolicyType) grants() bool {
	switch t {
	case TypeIdentity, TypeResource, TypeTrust, TypeUnknown:
		return true
	}
	return false
}

// needsPrincipal reports whether statements of type t must name a
// principal.
func (t PolicyType) needsPrincipal() bool {
	switch t {
	case TypeResource, TypeEndpoint, TypeTrust, TypeRCP:
		return true
	}
	return false
}

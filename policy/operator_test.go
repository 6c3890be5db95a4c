package policy

import (
	"errors"
	"strings"
	"testing"
)

// Operator names and their parts follow the IAM condition operator
// reference:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
func TestParseOperatorNames(t *testing.T) {
	tests := []struct {
		name          string
		wantKind      OpKind
		wantQualifier SetQualifier
		wantIfExists  bool
	}{
		{"StringEquals", StringEquals, QualifierNone, false},
		{"StringNotEqualsIgnoreCase", StringNotEqualsIgnoreCase, QualifierNone, false},
		{"StringLikeIfExists", StringLike, QualifierNone, true},
		{"ForAllValues:StringLike", StringLike, ForAllValues, false},
		{"ForAnyValue:StringNotLikeIfExists", StringNotLike, ForAnyValue, true},
		{"NumericGreaterThanEquals", NumericGreaterThanEquals, QualifierNone, false},
		{"DateLessThanIfExists", DateLessThan, QualifierNone, true},
		{"Bool", Bool, QualifierNone, false},
		{"BoolIfExists", Bool, QualifierNone, true},
		{"BinaryEquals", BinaryEquals, QualifierNone, false},
		{"IpAddress", IPAddress, QualifierNone, false},
		{"NotIpAddressIfExists", NotIPAddress, QualifierNone, true},
		{"ArnNotLike", ArnNotLike, QualifierNone, false},
		{"Null", Null, QualifierNone, false},
		{"ForAllValues:Null", Null, ForAllValues, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			op, err := ParseOperator(tt.name)
			if err != nil {
				t.Fatalf("ParseOperator(%q) error: %v", tt.name, err)
			}
			if op.Kind != tt.wantKind {
				t.Errorf("Kind = %v, want %v", op.Kind, tt.wantKind)
			}
			if op.Qualifier != tt.wantQualifier {
				t.Errorf("Qualifier = %v, want %v", op.Qualifier, tt.wantQualifier)
			}
			if op.IfExists != tt.wantIfExists {
				t.Errorf("IfExists = %v, want %v", op.IfExists, tt.wantIfExists)
			}
			if op.String() != tt.name {
				t.Errorf("String() = %q, want %q", op.String(), tt.name)
			}
		})
	}
}

func TestParseOperatorRejects(t *testing.T) {
	tests := []struct {
		name       string
		wantReason string
	}{
		{"stringEquals", `use "StringEquals"`},
		{"IPAddress", `use "IpAddress"`},
		{"StringEqual", "use one of the operators"},
		{"", "use one of the operators"},
		{"NullIfExists", "Null takes no IfExists suffix"},
		{"ForSomeValues:StringLike", "ForAllValues or ForAnyValue"},
		{"forallvalues:StringLike", "ForAllValues or ForAnyValue"},
		{"ForAllValues:", "use one of the operators"},
		{"StringEqualsIfExistsIfExists", "use one of the operators"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseOperator(tt.name)
			var opErr *OperatorError
			if !errors.As(err, &opErr) {
				t.Fatalf("ParseOperator(%q) error = %v, want *OperatorError", tt.name, err)
			}
			if opErr.Name != tt.name {
				t.Errorf("Name = %q, want %q", opErr.Name, tt.name)
			}
			if !strings.Contains(opErr.Reason, tt.wantReason) {
				t.Errorf("Reason = %q, want it to contain %q", opErr.Reason, tt.wantReason)
			}
			if !strings.HasPrefix(err.Error(), "policy: invalid condition operator ") {
				t.Errorf("Error() = %q, want the policy prefix", err.Error())
			}
		})
	}
}

func TestOpKindProperties(t *testing.T) {
	tests := []struct {
		kind        OpKind
		wantFamily  string
		wantNegated bool
	}{
		{StringEquals, "String", false},
		{StringNotEqualsIgnoreCase, "String", true},
		{StringNotLike, "String", true},
		{NumericNotEquals, "Numeric", true},
		{NumericLessThan, "Numeric", false},
		{DateNotEquals, "Date", true},
		{DateGreaterThanEquals, "Date", false},
		{Bool, "Bool", false},
		{BinaryEquals, "Binary", false},
		{IPAddress, "IP", false},
		{NotIPAddress, "IP", true},
		{ArnEquals, "ARN", false},
		{ArnNotEquals, "ARN", true},
		{ArnNotLike, "ARN", true},
		{Null, "Null", false},
		{OpInvalid, "Invalid", false},
	}
	for _, tt := range tests {
		t.Run(tt.kind.String(), func(t *testing.T) {
			if got := tt.kind.Family(); got != tt.wantFamily {
				t.Errorf("Family() = %q, want %q", got, tt.wantFamily)
			}
			if got := tt.kind.Negated(); got != tt.wantNegated {
				t.Errorf("Negated() = %v, want %v", got, tt.wantNegated)
			}
		})
	}
	if got := OpKind(200).String(); got != "Invalid" {
		t.Errorf("OpKind(200).String() = %q, want Invalid", got)
	}
}

func TestEnumStrings(t *testing.T) {
	tests := []struct{ got, want string }{
		{ForAllValues.String(), "ForAllValues"},
		{ForAnyValue.String(), "ForAnyValue"},
		{QualifierNone.String(), ""},
		{Allow.String(), "Allow"},
		{Deny.String(), "Deny"},
		{EffectInvalid.String(), "Invalid"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("String() = %q, want %q", tt.got, tt.want)
		}
	}
}

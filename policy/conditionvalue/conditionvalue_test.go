package conditionvalue

import (
	"testing"
	"time"
)

// The readings below are those AWS was observed to apply (published live
// captures in github.com/radkawar/stackd, testdata/aws/iam/
// condition_values.json) or that the condition operator reference states:
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html

func TestParseDecimal(t *testing.T) {
	tests := []struct {
		text string
		ok   bool
	}{
		{"1", true}, {"+1", true}, {"-1", true}, {"1.", true}, {".5", true},
		{"1e0", true}, {"1.0", true}, {"01", true},
		{"", false}, {"NaN", false}, {"Infinity", false}, {"no-number", false},
		{"1e", false}, {".", false}, {"1..0", false}, {"0x10", false},
	}
	for _, tt := range tests {
		if _, ok := ParseDecimal(tt.text); ok != tt.ok {
			t.Errorf("ParseDecimal(%q) ok = %v, want %v", tt.text, ok, tt.ok)
		}
	}
}

func TestCompareDecimal(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"1", "1.0", 0}, {"1", "1e0", 0}, {"01", "1", 0}, {"-0", "0", 0},
		{"2", "10", -1}, {"-2", "-10", 1}, {"1.5", "1.50", 0},
		// Exact comparison: these two differ, though float64 rounds them
		// to the same value.
		{"9007199254740993", "9007199254740992", 1},
	}
	for _, tt := range tests {
		a, okA := ParseDecimal(tt.a)
		b, okB := ParseDecimal(tt.b)
		if !okA || !okB {
			t.Fatalf("ParseDecimal(%q, %q) failed", tt.a, tt.b)
		}
		if got := CompareDecimal(a, b); got != tt.want {
			t.Errorf("CompareDecimal(%s, %s) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}

func TestParseDate(t *testing.T) {
	want := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	same := []string{"2030-01-01T00:00:00Z", "2030-01-01", "1893456000", "2030-01-01T01:00:00+01:00"}
	for _, text := range same {
		got, ok := ParseDate(text)
		if !ok || !got.Equal(want) {
			t.Errorf("ParseDate(%q) = %v, %v, want %v", text, got, ok, want)
		}
	}
	for _, text := range []string{"", "not-a-date", "2030-13-01", "2030-01-01T25:00:00Z"} {
		if _, ok := ParseDate(text); ok {
			t.Errorf("ParseDate(%q) ok = true, want false", text)
		}
	}
}

func TestParseIPPrefix(t *testing.T) {
	tests := []struct {
		text string
		want string // "" when the text is not a block
	}{
		{"203.0.113.0/24", "203.0.113.0/24"},
		{"203.0.113.7", "203.0.113.7/32"},
		{"192.000.002.0/24", "192.0.2.0/24"},
		{"203.0.113.0/024", "203.0.113.0/24"},
		{"203.0.113.0/+24", "203.0.113.0/24"},
		{"2001:db8::/32", "2001:db8::/32"},
		{"2001:db8::1", "2001:db8::1/128"},
		{"::ffff:203.0.113.0/120", "203.0.113.0/24"},
		{"not-an-ip", ""},
		{"203.0.113.0/33", ""},
		{"256.0.0.0", ""},
	}
	for _, tt := range tests {
		p, ok := ParseIPPrefix(tt.text)
		got := ""
		if ok {
			got = p.String()
		}
		if got != tt.want {
			t.Errorf("ParseIPPrefix(%q) = %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestParseBoolAndBase64(t *testing.T) {
	for text, want := range map[string]bool{"true": true, "TRUE": true, "false": false, "yes": false, "1": false, "": false} {
		if got := ParseBool(text); got != want {
			t.Errorf("ParseBool(%q) = %v, want %v", text, got, want)
		}
	}
	for text, want := range map[string]bool{"QmluYXJ5": true, "QQ==": true, "QQ": false, "YR==": false, "no-binary": false} {
		if got := IsStrictBase64(text); got != want {
			t.Errorf("IsStrictBase64(%q) = %v, want %v", text, got, want)
		}
	}
}

package lint

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/iamgate/iamgate/policy"
)

// checkCase is one entry of testdata/checks.yaml.
type checkCase struct {
	code    string
	typ     PolicyType
	trigger *policy.Node
	text    string
	pass    *policy.Node
}

func loadCheckCases(t *testing.T) []checkCase {
	t.Helper()
	src, err := os.ReadFile("testdata/checks.yaml")
	if err != nil {
		t.Fatal(err)
	}
	root, err := policy.ParseTree(src)
	if err != nil {
		t.Fatalf("testdata/checks.yaml: %v", err)
	}
	var cases []checkCase
	for _, entry := range root.Children {
		c := checkCase{code: entry.Member("code").Value, trigger: entry.Member("trigger"), pass: entry.Member("pass")}
		if typ := entry.Member("type"); typ != nil {
			c.typ = PolicyType(typ.Value)
		}
		if text := entry.Member("text"); text != nil {
			c.text = text.Value
		}
		cases = append(cases, c)
	}
	return cases
}

func codes(fs []Finding) string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Code)
	}
	return strings.Join(out, ",")
}

func hasCode(fs []Finding, code string) (Finding, bool) {
	for _, f := range fs {
		if f.Code == code {
			return f, true
		}
	}
	return Finding{}, false
}

// TestChecks lints, for each finding code, a document that must trigger
// it and one that must not.
func TestChecks(t *testing.T) {
	for _, tc := range loadCheckCases(t) {
		t.Run(tc.code, func(t *testing.T) {
			if _, ok := RuleFor(tc.code); !ok {
				t.Fatalf("no rule for code %s", tc.code)
			}
			opts := Options{Type: tc.typ}
			var got []Finding
			if tc.text != "" {
				got = LintFile("trigger.json", []byte(tc.text), opts).Findings
			} else {
				got = Lint(Policy{File: "checks.yaml", Root: tc.trigger}, opts)
			}
			f, ok := hasCode(got, tc.code)
			if !ok {
				t.Errorf("trigger: findings %s, want %s", codes(got), tc.code)
			}
			if ok && tc.trigger != nil && f.Line != tc.trigger.Pos.Line {
				t.Errorf("trigger: %s at line %d, want line %d", tc.code, f.Line, tc.trigger.Pos.Line)
			}
			if ok && f.Severity != rules[tc.code].Severity && tc.code != CodeTokenSigningAlgorithm {
				t.Errorf("trigger: severity %s, want %s", f.Severity, rules[tc.code].Severity)
			}
			pass := Lint(Policy{File: "checks.yaml", Root: tc.pass}, opts)
			if _, ok := hasCode(pass, tc.code); ok {
				t.Errorf("pass: findings %s, want no %s", codes(pass), tc.code)
			}
		})
	}
}

// TestChecksCoverEveryRule makes sure every rule has a case, either in
// testdata/checks.yaml, TestSizeQuotas or TestServiceQuotas.
func TestChecksCoverEveryRule(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range loadCheckCases(t) {
		covered[tc.code] = true
	}
	for _, q := range sizeLimits {
		covered[q.code] = true
	}
	covered[CodeServiceQuota] = true // TestServiceQuotas
	for _, r := range Rules() {
		if !covered[r.Code] {
			t.Errorf("rule %s has no test case", r.Code)
		}
	}
}

// bigPolicy returns a document of type typ with n statements, each on
// its own line indented by 40 spaces when indent is set.
func bigPolicy(typ PolicyType, n int, indent bool) []byte {
	stmt := `{"Effect":"Deny","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket-%05d/*"}`
	switch typ {
	case TypeTrust:
		stmt = `{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111122223333:role/r%05d"},"Action":"sts:AssumeRole"}`
	case TypeRCP, TypeEndpoint:
		stmt = `{"Effect":"Deny","Principal":"*","Action":"s3:DeleteObject","Resource":"arn:aws:s3:::bucket-%05d/*"}`
	}
	var b strings.Builder
	b.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteString(",")
		}
		if indent {
			b.WriteString("\n" + strings.Repeat(" ", 40))
		}
		fmt.Fprintf(&b, stmt, i)
	}
	b.WriteString("]}")
	return []byte(b.String())
}

// statementsFor returns the smallest statement count whose document,
// without whitespace, has at least size characters.
func statementsFor(typ PolicyType, size int) int {
	n := 1
	for len(bigPolicy(typ, n, false)) < size {
		n++
	}
	return n
}

// TestSizeQuotas checks each type's quota, and that whitespace counts
// only for the types whose quota counts it.
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html
// (IAM policies do not count whitespace) and
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html
// (SCP and RCP sizes include whitespace).
func TestSizeQuotas(t *testing.T) {
	for typ, q := range sizeLimits {
		t.Run(string(typ), func(t *testing.T) {
			opts := Options{Type: typ}
			over := LintFile("over.json", bigPolicy(typ, statementsFor(typ, q.max+1), false), opts).Findings
			if _, ok := hasCode(over, q.code); !ok {
				t.Errorf("%d+ characters: findings %s, want %s", q.max+1, codes(over), q.code)
			}
			n := statementsFor(typ, q.max+1) - 1
			under := LintFile("under.json", bigPolicy(typ, n, false), opts).Findings
			if _, ok := hasCode(under, q.code); ok {
				t.Errorf("%d statements: findings %s, want no %s", n, codes(under), q.code)
			}
			// The same statements as under.json with whitespace pushing the
			// text past the quota.
			padded := bigPolicy(typ, n, true)
			if len(padded) <= q.max {
				t.Fatalf("padded document has %d characters, want more than %d", len(padded), q.max)
			}
			got := LintFile("padded.json", padded, opts).Findings
			if _, ok := hasCode(got, q.code); ok != q.space {
				t.Errorf("padded: %s reported = %v, want %v (whitespace counts: %v)", q.code, ok, q.space, q.space)
			}
		})
	}
}

package lint

import (
	"errors"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/iamgate/iamgate/policy"
)

// sizeLimit is the size quota of one policy type.
type sizeLimit struct {
	code  string
	max   int
	what  string
	space bool // whitespace counts toward the quota
}

// sizeLimits holds the quotas AWS documents per policy type. Resource-based
// policies have service-specific quotas and are not checked.
// Sources: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_iam-quotas.html,
// https://docs.aws.amazon.com/organizations/latest/userguide/orgs_reference_limits.html,
// https://docs.aws.amazon.com/vpc/latest/privatelink/vpc-endpoints-access.html
var sizeLimits = map[PolicyType]sizeLimit{
	TypeIdentity: {CodeSizeIdentity, 6144, "a managed policy", false},
	TypeBoundary: {CodeSizeIdentity, 6144, "a managed policy", false},
	TypeTrust:    {CodeSizeTrust, 2048, "a role trust policy (default quota; it can be raised to 4,096)", false},
	TypeSession:  {CodeSizeSession, 2048, "a session policy", false},
	TypeSCP:      {CodeSizeSCP, 5120, "a service control policy", true},
	TypeRCP:      {CodeSizeRCP, 5120, "a resource control policy", true},
	TypeEndpoint: {CodeSizeEndpoint, 20480, "a VPC endpoint policy", true},
}

// checkSize reports a document over its type's size quota, counting
// characters as AWS does: with or without whitespace.
func (c *checker) checkSize() {
	if c.typ.iamDocument() {
		c.checkNodeCharacters(c.p.Root)
	}
	limit, ok := sizeLimits[c.typ]
	if !ok {
		return
	}
	var n int
	switch {
	case !limit.space:
		n = countNonSpace(c.compactText())
	case c.p.Text != nil:
		n = utf8.RuneCount(c.p.Text)
	default:
		n = utf8.RuneCount(c.compactText())
	}
	if n <= limit.max {
		return
	}
	how := "not counting whitespace"
	if limit.space {
		how = "whitespace included"
	}
	c.report(limit.code, "$", "the document has %d characters (%s), more than the %d allowed for %s: shorten or split it",
		n, how, limit.max, limit.what)
}

// countNonSpace counts the characters of a JSON text that are not
// whitespace.
func countNonSpace(b []byte) int {
	n := 0
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if !unicode.IsSpace(r) {
			n++
		}
		b = b[size:]
	}
	return n
}

func (c *checker) checkNodeCharacters(n *policy.Node) {
	if n == nil {
		return
	}
	if n.Key != "" {
		c.checkCharacters(c.rel(n), n.Key)
	}
	if n.Kind == policy.NodeString {
		c.checkCharacters(c.rel(n), n.Value)
	}
	for _, ch := range n.Children {
		c.checkNodeCharacters(ch)
	}
}

var errNotNumber = errors.New("not a number")

func parseNumber(s string) (float64, error) {
	if !number(s) {
		return 0, errNotNumber
	}
	return strconv.ParseFloat(s, 64)
}

// checkRedundantStatements reports a statement equal to an earlier one
// apart from its Sid. Only statements that share a fingerprint are
// encoded in full, because encoding every statement took about a sixth of
// BenchmarkLint's CPU time and most documents repeat none.
func (c *checker) checkRedundantStatements() {
	stmts := c.doc.Statements
	if len(stmts) < 2 {
		return
	}
	prints := make([]string, len(stmts))
	counts := make(map[string]int, len(stmts))
	for i, st := range stmts {
		prints[i] = statementFingerprint(st)
		counts[prints[i]]++
	}
	seen := make(map[string]int)
	for i, st := range stmts {
		if counts[prints[i]] < 2 {
			continue
		}
		key := statementKey(st)
		if first, ok := seen[key]; ok {
			c.report(CodeRedundantStatement, st.Path, "this statement repeats statement %d apart from its Sid: remove one of them", first)
			continue
		}
		seen[key] = st.Index
	}
}

// statementFingerprint summarizes a statement in a few of the fields
// statementKey encodes, so two statements with equal keys always have
// equal fingerprints.
func statementFingerprint(st *policy.Statement) string {
	var b strings.Builder
	b.WriteString(strconv.Itoa(int(st.Effect)))
	for _, n := range []*policy.Names{st.Action, st.Resource} {
		b.WriteByte('|')
		if n == nil {
			continue
		}
		if n.Not {
			b.WriteByte('!')
		}
		b.WriteString(strconv.Itoa(len(n.Values)))
		if len(n.Values) > 0 {
			b.WriteString(n.Values[0].Text)
		}
	}
	b.WriteByte('|')
	b.WriteString(strconv.Itoa(len(st.Conditions)))
	return b.String()
}

// statementKey encodes everything about a statement except its Sid and
// positions.
func statementKey(st *policy.Statement) string {
	copied := *st
	copied.Sid, copied.HasSid = "", false
	doc := policy.Document{Version: policy.Version2012, Statements: []*policy.Statement{&copied}}
	b, err := doc.MarshalJSON()
	if err != nil {
		return strconv.Itoa(st.Index)
	}
	return string(b)
}

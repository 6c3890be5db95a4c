package policy

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// BenchmarkParse measures Parse on the shipped documents and on generated
// identity policies of growing size.
func BenchmarkParse(b *testing.B) {
	inputs := []struct {
		name string
		src  []byte
	}{}
	for _, name := range []string{"identity-web-identity-token.json",
		"identity-web-identity-token.yaml", "bucket-policy.json"} {
		src, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			b.Fatal(err)
		}
		inputs = append(inputs, struct {
			name string
			src  []byte
		}{name, src})
	}
	for _, n := range []int{10, 100, 1000} {
		inputs = append(inputs, struct {
			name string
			src  []byte
		}{fmt.Sprintf("statements-%d.json", n), generatedPolicy(n)})
	}
	for _, in := range inputs {
		b.Run(in.name, func(b *testing.B) {
			b.SetBytes(int64(len(in.src)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := Parse(in.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// generatedPolicy returns a JSON policy of n statements, each with two
// actions, a resource ARN and two conditions, as in a typical identity
// policy.
func generatedPolicy(n int) []byte {
	var sb strings.Builder
	sb.WriteString(`{"Version":"2012-10-17","Statement":[`)
	for i := range n {
		if i > 0 {
			sb.WriteByte(',')
		}
		fmt.Fprintf(&sb, `{"Sid":"S%d","Effect":"Allow","Action":["s3:GetObject","s3:PutObject"],`+
			`"Resource":"arn:aws:s3:::bucket-%d/${aws:username}/*",`+
			`"Condition":{"StringEquals":{"aws:PrincipalTag/team":["a","b"]},`+
			`"NumericLessThanEquals":{"sts:DurationSeconds":900}}}`, i, i)
	}
	sb.WriteString(`]}`)
	return []byte(sb.String())
}

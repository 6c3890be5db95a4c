package lint

import (
	"slices"
	"testing"
)

// TestARNFormatFields checks which resource ARNs may carry a Region or an
// account, by the resource types whose resource field they can match.
func TestARNFormatFields(t *testing.T) {
	tests := []struct {
		arn  string
		want string
	}{
		{"arn:aws:s3:us-east-1:111122223333:amzn-s3-demo-bucket/*", CodeARNAccountNotAllowed + "," + CodeARNRegionNotAllowed},
		{"arn:aws:s3::111122223333:amzn-s3-demo-bucket", CodeARNAccountNotAllowed},
		{"arn:aws:s3:::amzn-s3-demo-bucket/*", ""},
		// An access point ARN has both fields.
		{"arn:aws:s3:us-east-1:111122223333:accesspoint/ap", ""},
		// A wildcard resource field may match an access point.
		{"arn:aws:s3:us-east-1:111122223333:*", ""},
		{"arn:aws:iam:us-east-1:111122223333:role/app", CodeARNRegionNotAllowed},
		{"arn:aws:iam::aws:policy/ReadOnlyAccess", ""},
		{"arn:aws:sqs:us-east-1:111122223333:queue", ""},
		{"arn:aws:ssm:*::document/*", ""},
		{"arn:aws:iam:${aws:RequestedRegion}:111122223333:role/app", CodeVariableUnsupportedElement},
		{"arn:aws:s3:::amzn-s3-demo-bucket/${aws:username}/*", ""},
	}
	for _, tt := range tests {
		t.Run(tt.arn, func(t *testing.T) {
			doc := `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "` + tt.arn + `"}]}`
			res := LintFile("p.json", []byte(doc), Options{Type: TypeIdentity, Ignore: []string{CodePassRoleStarActionResource}})
			if got := codes(res.Findings); got != tt.want {
				t.Errorf("findings %s, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitARN(t *testing.T) {
	tests := []struct {
		arn  string
		want []string
	}{
		{"arn:aws:s3:::b/*", []string{"arn", "aws", "s3", "", "", "b/*"}},
		{"arn:aws:sqs:us-east-1:111122223333:q:with:colons", []string{"arn", "aws", "sqs", "us-east-1", "111122223333", "q:with:colons"}},
		{"arn:aws:iam:${aws:RequestedRegion}:111122223333:role/x", []string{"arn", "aws", "iam", "${aws:RequestedRegion}", "111122223333", "role/x"}},
		{"arn:aws:s3", []string{"arn", "aws", "s3"}},
	}
	for _, tt := range tests {
		if got := splitARN(tt.arn); !slices.Equal(got, tt.want) {
			t.Errorf("splitARN(%q) = %q, want %q", tt.arn, got, tt.want)
		}
	}
}

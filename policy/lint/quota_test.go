package lint

import (
	"fmt"
	"strings"
	"testing"
)

// sqsTemplate returns a CloudFormation template with one queue policy of
// n statements; the first lists actions actions and principals account
// principals, and each statement has one condition.
func sqsTemplate(n, actions, principals int) []byte {
	var acts, accounts []string
	for i := 0; i < actions; i++ {
		acts = append(acts, fmt.Sprintf(`"sqs:%s"`, []string{"SendMessage", "ReceiveMessage", "DeleteMessage",
			"GetQueueUrl", "GetQueueAttributes", "ChangeMessageVisibility", "PurgeQueue", "ListQueueTags"}[i]))
	}
	for i := 0; i < principals; i++ {
		accounts = append(accounts, fmt.Sprintf(`"1111222233%02d"`, i))
	}
	var stmts []string
	for i := 0; i < n; i++ {
		a, p := `"sqs:SendMessage"`, `"111122223333"`
		if i == 0 {
			a, p = "["+strings.Join(acts, ",")+"]", "["+strings.Join(accounts, ",")+"]"
		}
		stmts = append(stmts, fmt.Sprintf(`{"Sid":"S%d","Effect":"Allow","Principal":{"AWS":%s},"Action":%s,`+
			`"Resource":"arn:aws:sqs:us-east-1:111122223333:q%d","Condition":{"StringEquals":{"aws:SourceVpce":"vpce-%d"}}}`,
			i, p, a, i, i))
	}
	return []byte(`{"Resources":{"QueuePolicy":{"Type":"AWS::SQS::QueuePolicy","Properties":{"Queues":["q"],` +
		`"PolicyDocument":{"Version":"2012-10-17","Statement":[` + strings.Join(stmts, ",") + `]}}}}}`)
}

// TestServiceQuotas checks the Amazon SQS queue policy quotas: 20
// statements, 7 actions per statement, 50 principals, 10 conditions and
// 8,192 bytes.
// Source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
func TestServiceQuotas(t *testing.T) {
	tests := []struct {
		name                   string
		n, actions, principals int
		want                   []string
	}{
		{"within quotas", 10, 7, 40, nil},
		{"too many conditions", 11, 1, 1, []string{"11 conditions"}},
		{"too many actions", 2, 8, 1, []string{"8 actions"}},
		{"too many principals", 2, 1, 51, []string{"52 principals"}},
		{"too many statements", 21, 1, 1, []string{"21 statements", "21 conditions"}},
		{"too large", 50, 1, 1, []string{"50 statements", "50 conditions", "bytes, more than the 8192"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := LintFile("template.json", sqsTemplate(tt.n, tt.actions, tt.principals), Options{})
			var msgs []string
			for _, f := range res.Findings {
				if f.Code == CodeServiceQuota {
					msgs = append(msgs, f.Message)
				}
			}
			if len(msgs) != len(tt.want) {
				t.Fatalf("quota findings %q, want %d", msgs, len(tt.want))
			}
			for _, w := range tt.want {
				if !strings.Contains(strings.Join(msgs, "\n"), w) {
					t.Errorf("quota findings %q lack %q", msgs, w)
				}
			}
		})
	}
}

package lint

import "github.com/iamgate/iamgate/policy"

// serviceQuota holds the policy quotas of one service.
type serviceQuota struct {
	name                string
	bytes               int
	statements          int
	principals          int
	conditions          int
	actionsPerStatement int
}

// serviceQuotas holds the quotas of services whose resource-based
// policies have their own.
// Source: https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-policies.html
var serviceQuotas = map[string]serviceQuota{
	"sqs": {name: "an Amazon SQS queue policy", bytes: 8192, statements: 20, principals: 50,
		conditions: 10, actionsPerStatement: 7},
}

// checkServiceQuotas reports a policy over its service's quotas: size in
// bytes, statements, principals and conditions per policy, and actions per
// statement.
func (c *checker) checkServiceQuotas() {
	q, ok := serviceQuotas[c.p.Service]
	if !ok {
		return
	}
	var size int
	if c.p.Text != nil {
		size = len(c.p.Text)
	} else {
		size = len(c.compactText())
	}
	if size > q.bytes {
		c.report(CodeServiceQuota, "$", "the document has %d bytes, more than the %d allowed for %s: shorten it",
			size, q.bytes, q.name)
	}
	if n := len(c.doc.Statements); n > q.statements {
		c.report(CodeServiceQuota, "$.Statement", "the document has %d statements, more than the %d allowed for %s: merge or remove some",
			n, q.statements, q.name)
	}
	principals, conditions := 0, 0
	for _, st := range c.doc.Statements {
		principals += countPrincipals(st.Principal)
		conditions += len(st.Conditions)
		if st.Action != nil && len(st.Action.Values) > q.actionsPerStatement {
			c.report(CodeServiceQuota, st.Action.Path, "the statement lists %d actions, more than the %d allowed for %s: "+
				"use a wildcard or split the statement", len(st.Action.Values), q.actionsPerStatement, q.name)
		}
	}
	if principals > q.principals {
		c.report(CodeServiceQuota, "$.Statement", "the document names %d principals, more than the %d allowed for %s: "+
			"name accounts instead of roles, or test aws:PrincipalOrgID", principals, q.principals, q.name)
	}
	if conditions > q.conditions {
		c.report(CodeServiceQuota, "$.Statement", "the document has %d conditions, more than the %d allowed for %s: remove some",
			conditions, q.conditions, q.name)
	}
}

func countPrincipals(p *policy.Principal) int {
	if p == nil {
		return 0
	}
	if p.Wildcard {
		return 1
	}
	n := 0
	for _, e := range p.Entries {
		n += len(e.Values)
	}
	return n
}

package issuer

import (
	"strconv"
	"strings"
	"time"

	"github.com/iamgate/iamgate/evaluator"
)

// ActionSetWebIdentityTokenScope is the action a request with a Scope needs
// in addition to sts:GetWebIdentityToken.
const ActionSetWebIdentityTokenScope = "sts:SetWebIdentityTokenScope"

// selfResource returns the resource GetWebIdentityToken is authorized on,
// arn:<partition>:sts::<account>:self, in the partition of the caller's
// ARN.
func selfResource(p *evaluator.Principal, account string) string {
	partition, _, _ := strings.Cut(strings.TrimPrefix(p.ARN, "arn:"), ":")
	if !strings.HasPrefix(p.ARN, "arn:") {
		partition = ""
	}
	return evaluator.WebIdentityTokenResource(partition, account)
}

// authorize evaluates every action the request needs, in the order
// sts:GetWebIdentityToken, sts:TagGetWebIdentityToken (with tags),
// sts:SetWebIdentityTokenScope (with a scope), and returns AccessDenied
// for the first one that is not allowed, with the policy type that
// decided.
func authorize(c *Caller, r *validRequest, account string, now time.Time) (*APIError, evaluator.PolicyType) {
	resource := selfResource(&c.Principal, account)
	req := &evaluator.Request{
		Principal:       c.Principal,
		Action:          evaluator.ActionGetWebIdentityToken,
		Resource:        resource,
		ResourceAccount: account,
		Context:         requestContext(c, r, now),
	}
	actions := [3]string{evaluator.ActionGetWebIdentityToken}
	n := 1
	if len(r.Tags) > 0 {
		actions[n] = evaluator.ActionTagGetWebIdentityToken
		n++
	}
	if r.Scope != nil {
		actions[n] = ActionSetWebIdentityTokenScope
		n++
	}

	var decidedBy evaluator.PolicyType
	for _, action := range actions[:n] {
		req.Action = action
		d := evaluator.Evaluate(c.Policies, req, evaluator.Options{})
		if d.Outcome != evaluator.Allow {
			return errAccessDenied(c.Principal.ARN, action, req.Resource, d.DenyReason(action)), d.DecidedBy
		}
		if action == evaluator.ActionGetWebIdentityToken {
			decidedBy = d.DecidedBy
		}
	}
	return nil, decidedBy
}

// requestContext returns the request context of a GetWebIdentityToken
// call: the operation's keys, the global keys that follow from the
// caller's session, and the caller's extra keys, which win.
func requestContext(c *Caller, r *validRequest, now time.Time) *evaluator.Context {
	params := evaluator.WebIdentityParams{
		Audiences:        r.Audiences,
		DurationSeconds:  r.duration,
		SigningAlgorithm: r.algorithm,
	}
	if len(r.Tags) > 0 {
		params.Tags = make([]evaluator.Tag, len(r.Tags))
		for i, t := range r.Tags {
			params.Tags[i] = evaluator.Tag{Key: t.Key, Value: t.Value}
		}
	}
	ctx := evaluator.WebIdentityTokenContext(params)
	ctx.Set("sts:SubjectMode", r.subjectMode)
	if r.scopes != nil {
		ctx.SetMulti("sts:IdentityTokenScope", r.scopes)
	}

	for k, v := range r.principalTags {
		ctx.Set("aws:PrincipalTag/"+k, v)
	}
	setIfPresent(ctx, "aws:PrincipalOrgID", c.OrgID)
	if paths := nonEmpty(c.OUPath); paths != nil {
		ctx.SetMulti("aws:PrincipalOrgPaths", paths)
	}
	setIfPresent(ctx, "aws:SourceIdentity", c.SourceIdentity)
	setIfPresent(ctx, "aws:RequestedRegion", c.Region)
	ctx.Set("aws:CurrentTime", now.UTC().Format(time.RFC3339))
	ctx.Set("aws:EpochTime", strconv.FormatInt(now.Unix(), 10))
	setComputeContext(ctx, &c.Compute)
	setOriginContext(ctx, &c.Origin)

	for k, v := range c.Context {
		if len(v) == 1 && !isMultiValuedKey(k) {
			ctx.Set(k, v[0])
		} else {
			ctx.SetMulti(k, v)
		}
	}
	return ctx
}

func setComputeContext(ctx *evaluator.Context, cc *ComputeContext) {
	setIfPresent(ctx, "ec2:SourceInstanceArn", cc.EC2SourceInstanceARN)
	setIfPresent(ctx, "aws:Ec2InstanceSourceVpc", cc.EC2InstanceSourceVPC)
	setIfPresent(ctx, "aws:Ec2InstanceSourcePrivateIPv4", cc.EC2InstanceSourcePrivateIPv4)
	setIfPresent(ctx, "ec2:RoleDelivery", cc.EC2RoleDelivery)
	setIfPresent(ctx, "lambda:SourceFunctionArn", cc.LambdaSourceFunctionARN)
	setIfPresent(ctx, "glue:CredentialIssuingService", cc.GlueCredentialIssuingService)
	setIfPresent(ctx, "aws:FederatedProvider", cc.FederatedProvider)
	setIfPresent(ctx, "identitystore:UserId", cc.IdentityStoreUserID)
	setIfPresent(ctx, "identitystore:IdentityStoreArn", cc.IdentityStoreARN)
}

func setOriginContext(ctx *evaluator.Context, o *OriginIdentity) {
	setIfPresent(ctx, "aws:OriginIdentity/Subject", o.Subject)
	setIfPresent(ctx, "aws:OriginIdentity/SubjectType", o.SubjectType)
	setIfPresent(ctx, "aws:OriginIdentity/Issuer", o.Issuer)
	setIfPresent(ctx, "aws:OriginIdentity/FederatedProviderArn", o.FederatedProviderARN)
}

func setIfPresent(ctx *evaluator.Context, key, value string) {
	if value != "" {
		ctx.Set(key, value)
	}
}

// isMultiValuedKey reports whether AWS defines key as multivalued, so that
// one value in Caller.Context still forms a set.
func isMultiValuedKey(key string) bool {
	switch strings.ToLower(key) {
	case "aws:calledvia", "aws:principalorgpaths", "aws:tagkeys",
		"sts:identitytokenaudience", "sts:identitytokenscope":
		return true
	}
	return false
}

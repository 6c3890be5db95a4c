package world

import (
	"fmt"
	"time"

	"github.com/iamgate/iamgate/evaluator"
	"github.com/iamgate/iamgate/issuer"
	"github.com/iamgate/iamgate/issuer/stsapi"
)

var _ stsapi.Credentials = (*World)(nil)

// CallerForAccessKey returns the caller that the access key authenticates,
// with the policies of its principal and, when the key is mapped to a VPC
// endpoint, that endpoint's policy and aws:SourceVpce. It also returns the
// key's secret. The caller is shared: do not modify it.
func (w *World) CallerForAccessKey(accessKeyID string) (*issuer.Caller, string, error) {
	c, ok := w.creds[accessKeyID]
	if !ok {
		return nil, "", fmt.Errorf("world: no credential has access key id %q", accessKeyID)
	}
	return c.caller, c.secret, nil
}

// LookupAccessKey implements stsapi.Credentials.
func (w *World) LookupAccessKey(accessKeyID string) (stsapi.Credential, *issuer.Caller, bool) {
	c, ok := w.creds[accessKeyID]
	if !ok {
		return stsapi.Credential{}, nil, false
	}
	return stsapi.Credential{SecretAccessKey: c.secret, SessionToken: c.sessionToken}, c.caller, true
}

// CallerForPrincipal returns a new caller for a user ARN, an assumed-role
// session ARN or a federated-user ARN, as if it called without a VPC
// endpoint. A role ARN selects the role's first session listed in the
// file.
func (w *World) CallerForPrincipal(arn string) (*issuer.Caller, error) {
	if u, ok := w.users[arn]; ok {
		return w.userCaller(u), nil
	}
	if s, ok := w.sessions[arn]; ok {
		return w.sessionCaller(s), nil
	}
	if f, ok := w.federated[arn]; ok {
		return w.federatedCaller(f), nil
	}
	if r, ok := w.roles[arn]; ok {
		for _, s := range w.sessionOrder {
			if w.sessions[s].role == r {
				return w.sessionCaller(w.sessions[s]), nil
			}
		}
		return nil, fmt.Errorf("world: role %s has no session; add one under sessions with role: %s", arn, arn)
	}
	return nil, fmt.Errorf("world: no user, role, session or federated user has ARN %q", arn)
}

// buildCallers builds the caller of every credential once, so that
// lookups during requests allocate nothing.
func (w *World) buildCallers() {
	for _, id := range w.credOrder {
		c := w.creds[id]
		caller, _ := w.CallerForPrincipal(c.principal)
		if c.vpce != nil {
			addVPCEndpoint(caller, c.vpce)
		}
		c.caller = caller
	}
}

func addVPCEndpoint(c *issuer.Caller, v *vpcEndpoint) {
	if c.Context == nil {
		c.Context = map[string][]string{}
	}
	c.Context["aws:SourceVpce"] = []string{v.id}
	if v.vpc != "" {
		c.Context["aws:SourceVpc"] = []string{v.vpc}
	}
	c.Policies.VPCEndpoint = append(c.Policies.VPCEndpoint, v.policy.compiled)
}

func (w *World) userCaller(u *user) *issuer.Caller {
	c := w.baseCaller(u.account)
	c.Principal = evaluator.Principal{
		ARN: u.arn, Kind: evaluator.PrincipalUser, Account: u.account, UserID: u.id,
	}
	c.PrincipalTags = u.tags
	c.Policies = w.policySet(u.account, u.policies, u.boundary, nil, false)
	return c
}

func (w *World) sessionCaller(s *session) *issuer.Caller {
	r := s.role
	c := w.baseCaller(r.account)
	c.Principal = evaluator.Principal{
		ARN: s.arn, Kind: evaluator.PrincipalRoleSession, Account: r.account,
		UserID: r.id + ":" + s.name, RoleARN: r.arn, ServiceLinked: r.serviceLinked,
	}
	c.PrincipalTags = r.tags
	c.SessionTags = s.tags
	c.SourceIdentity = s.sourceIdentity
	c.SessionExpiry = s.expires
	c.Region = s.region
	c.Compute = issuer.ComputeContext{
		EC2SourceInstanceARN:         s.context.ec2InstanceARN,
		EC2InstanceSourceVPC:         s.context.ec2VPC,
		EC2InstanceSourcePrivateIPv4: s.context.ec2PrivateIPv4,
		EC2RoleDelivery:              s.context.ec2RoleDelivery,
		LambdaSourceFunctionARN:      s.context.lambdaFunctionARN,
		FederatedProvider:            s.context.federatedProvider,
		IdentityStoreUserID:          s.context.identityStoreUserID,
		IdentityStoreARN:             s.context.identityStoreARN,
	}
	c.Origin = s.origin
	c.Policies = w.policySet(r.account, r.policies, r.boundary, s.policies, true)
	return c
}

func (w *World) federatedCaller(f *federated) *issuer.Caller {
	c := w.baseCaller(f.account)
	c.Principal = evaluator.Principal{
		ARN: f.arn, Kind: evaluator.PrincipalFederatedSession, Account: f.account,
		UserID: f.account + ":" + f.name,
	}
	c.SessionExpiry = time.Now().Add(DefaultSessionLifetime)
	c.Policies = w.policySet(f.account, nil, nil, f.policies, true)
	return c
}

// baseCaller fills in what follows from the account: organization, OU
// path and region.
func (w *World) baseCaller(account string) *issuer.Caller {
	c := &issuer.Caller{Region: w.Region}
	if w.org != nil {
		if _, member := w.org.levels[account]; member {
			c.OrgID = w.org.id
			c.OUPath = []string{w.org.ouPath(account)}
		}
	}
	return c
}

// policySet assembles the policies that apply to a principal of account:
// SCP and RCP levels from the root down to the account, identity policies,
// the permissions boundary and session policies. A session always has a
// session policy list, even an empty one, when hasSession is set.
func (w *World) policySet(account string, identity []namedPolicy, boundary *namedPolicy,
	session []namedPolicy, hasSession bool) *evaluator.PolicySet {
	set := &evaluator.PolicySet{Identity: compiled(identity)}
	if boundary != nil {
		set.Boundary = boundary.compiled
	}
	if hasSession && len(session) > 0 {
		set.Session = compiled(session)
	}
	if w.org == nil {
		return set
	}
	chain, member := w.org.levels[account]
	if !member {
		return set
	}
	set.ManagementAccount = w.org.management
	acct := w.accounts[account]
	for _, n := range chain {
		set.SCP = append(set.SCP, compiled(n.scps))
		set.RCP = append(set.RCP, compiled(n.rcps))
	}
	accountSCPs := acct.scps
	if len(accountSCPs) == 0 {
		accountSCPs = []namedPolicy{w.policies["FullAWSAccess"]}
	}
	set.SCP = append(set.SCP, compiled(accountSCPs))
	set.RCP = append(set.RCP, compiled(acct.rcps))
	return set
}

func compiled(list []namedPolicy) []*evaluator.Policy {
	out := make([]*evaluator.Policy, len(list))
	for i, p := range list {
		out[i] = p.compiled
	}
	return out
}

package evaluator

import "strings"

// Principal is the identity that makes a request.
type Principal struct {
	// ARN is the caller ARN as AWS identifies the caller: the session ARN
	// (arn:aws:sts::A:assumed-role/name/session) for a role session, the
	// service name (ec2.amazonaws.com) for a service principal, and empty
	// or "anonymous" for an unsigned request.
	ARN  string
	Kind PrincipalKind

	// Account is the principal's account id. When empty it is taken from
	// the fifth field of ARN.
	Account string

	// UserID is the value of aws:userid, for example
	// AROAEXAMPLE:session for a role session.
	UserID string

	// RoleARN is the ARN of the role behind a role session, including its
	// path: arn:aws:iam::A:role/path/name. It is the value of
	// aws:PrincipalArn and what a role ARN in a Principal element matches.
	// When empty it is built from the session ARN without a path, so a
	// role with a path is then not matched by its full ARN.
	RoleARN string

	// FederatingUserARN is, for a federated-user session, the ARN of the
	// IAM user whose GetFederationToken call created it. A resource-based
	// policy that names this user grants the session access, limited by
	// the user's permissions boundary and the session policies. When
	// empty, such a policy does not match the session.
	FederatingUserARN string

	// FederatedProvider is the identity provider that authenticated an
	// AssumeRoleWithWebIdentity or AssumeRoleWithSAML call: an OIDC or SAML
	// provider ARN, or a provider name such as accounts.google.com. These
	// calls are not signed with AWS credentials, so the caller's Kind is
	// PrincipalAnonymous. A Federated name in a Principal element matches
	// only such a caller, and only when the name equals this value.
	FederatedProvider string

	// ServiceLinked marks a service-linked role, which SCPs and RCPs do
	// not restrict.
	ServiceLinked bool
}

// PrincipalFromARN returns a Principal with its kind inferred from the
// ARN: "anonymous" or "" for an unsigned request, a name ending in
// ".amazonaws.com" for a service, and the resource part of an IAM or STS
// ARN (user/, root, assumed-role/, federated-user/) otherwise. An ARN of
// another shape yields PrincipalUnknown.
func PrincipalFromARN(arn string) Principal {
	p := Principal{ARN: arn}
	switch {
	case arn == "" || arn == "anonymous":
		p.Kind = PrincipalAnonymous
	case !strings.HasPrefix(arn, "arn:") && strings.HasSuffix(arn, ".amazonaws.com"):
		p.Kind = PrincipalService
	default:
		p.Kind = kindFromARN(arn)
	}
	return p
}

func kindFromARN(arn string) PrincipalKind {
	f, ok := splitARN(arn)
	if !ok {
		return PrincipalUnknown
	}
	switch {
	case f.service == "iam" && f.resource == "root":
		return PrincipalRoot
	case f.service == "iam" && strings.HasPrefix(f.resource, "user/"):
		return PrincipalUser
	case f.service == "sts" && strings.HasPrefix(f.resource, "assumed-role/"):
		return PrincipalRoleSession
	case f.service == "sts" && strings.HasPrefix(f.resource, "federated-user/"):
		return PrincipalFederatedSession
	}
	return PrincipalUnknown
}

// arnFields are the six colon-separated fields of an ARN; resource keeps
// any further colons.
type arnFields struct {
	partition, service, region, account, resource string
}

// splitARN splits an ARN without allocating. It reports false for a string
// that does not start with "arn:" or has fewer than six fields.
func splitARN(s string) (arnFields, bool) {
	var f arnFields
	rest, ok := strings.CutPrefix(s, "arn:")
	if !ok {
		return f, false
	}
	parts := [4]*string{&f.partition, &f.service, &f.region, &f.account}
	for _, dst := range parts {
		i := strings.IndexByte(rest, ':')
		if i < 0 {
			return f, false
		}
		*dst, rest = rest[:i], rest[i+1:]
	}
	f.resource = rest
	return f, true
}

// account returns the principal's account id, from ARN when Account is
// empty.
func (p *Principal) account() string {
	if p.Account != "" {
		return p.Account
	}
	if p.Kind == PrincipalAnonymous || p.Kind == PrincipalService {
		return ""
	}
	f, _ := splitARN(p.ARN)
	return f.account
}

// roleARN returns the role ARN of a role session, building it from the
// session ARN when RoleARN is empty. Building allocates once.
func (p *Principal) roleARN() string {
	if p.RoleARN != "" || p.Kind != PrincipalRoleSession {
		return p.RoleARN
	}
	f, ok := splitARN(p.ARN)
	if !ok {
		return ""
	}
	name := strings.TrimPrefix(f.resource, "assumed-role/")
	if i := strings.IndexByte(name, '/'); i >= 0 {
		name = name[:i]
	}
	return "arn:" + f.partition + ":iam::" + f.account + ":role/" + name
}

// principalType returns the value of aws:PrincipalType, or "" when AWS
// sets none for the kind.
func (p *Principal) principalType() string {
	switch p.Kind {
	case PrincipalUser:
		return "User"
	case PrincipalRoleSession:
		return "AssumedRole"
	case PrincipalFederatedSession:
		return "FederatedUser"
	case PrincipalRoot:
		return "Account"
	case PrincipalAnonymous:
		return "Anonymous"
	}
	return ""
}

// userName returns the value of aws:username: the last path element of an
// IAM user ARN, or "" for other kinds.
func (p *Principal) userName() string {
	if p.Kind != PrincipalUser {
		return ""
	}
	f, _ := splitARN(p.ARN)
	name := f.resource
	if i := strings.LastIndexByte(name, '/'); i >= 0 {
		name = name[i+1:]
	}
	return name
}

// userID returns the value of aws:userid. Without UserID it is known only
// for the root user (the account id), for a federated-user session
// (account:name, built here with one allocation) and for anonymous
// callers. The other kinds need unique ids that the ARN does not carry.
func (p *Principal) userID() string {
	if p.UserID != "" {
		return p.UserID
	}
	switch p.Kind {
	case PrincipalRoot:
		return p.account()
	case PrincipalFederatedSession:
		f, ok := splitARN(p.ARN)
		name, found := strings.CutPrefix(f.resource, "federated-user/")
		if !ok || !found || name == "" {
			return ""
		}
		return p.account() + ":" + name
	case PrincipalAnonymous:
		return "anonymous"
	}
	return ""
}

// signed reports whether the principal is an AWS identity in an account,
// as opposed to a service or an unsigned caller.
func (p *Principal) signed() bool {
	return p.Kind != PrincipalAnonymous && p.Kind != PrincipalService
}

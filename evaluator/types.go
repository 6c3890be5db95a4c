package evaluator

// PrincipalKind is the kind of identity that makes a request.
type PrincipalKind uint8

// Principal kinds. The zero kind is PrincipalUnknown, which the evaluator
// treats as an ordinary signed principal with no derived keys beyond its ARN.
const (
	PrincipalUnknown PrincipalKind = iota
	// PrincipalUser is an IAM user: arn:aws:iam::A:user/path/name.
	PrincipalUser
	// PrincipalRoleSession is an assumed-role session:
	// arn:aws:sts::A:assumed-role/name/session.
	PrincipalRoleSession
	// PrincipalFederatedSession is a GetFederationToken session:
	// arn:aws:sts::A:federated-user/name.
	PrincipalFederatedSession
	// PrincipalRoot is the account root user: arn:aws:iam::A:root.
	PrincipalRoot
	// PrincipalService is an AWS service principal, e.g. ec2.amazonaws.com.
	PrincipalService
	// PrincipalAnonymous is an unsigned request.
	PrincipalAnonymous
)

// PolicyType names a kind of policy in a PolicySet.
type PolicyType string

// Policy types, in the words AWS uses in AccessDenied messages.
const (
	TypeSCP         PolicyType = "scp"
	TypeRCP         PolicyType = "rcp"
	TypeIdentity    PolicyType = "identity"
	TypeResource    PolicyType = "resource"
	TypeBoundary    PolicyType = "boundary"
	TypeSession     PolicyType = "session"
	TypeVPCEndpoint PolicyType = "vpce"
)

// Outcome is the result of an evaluation. The zero Outcome is ImplicitDeny,
// so a Decision that was never filled in denies.
type Outcome uint8

// Outcomes.
const (
	ImplicitDeny Outcome = iota
	ExplicitDeny
	Allow
)

// String returns "ImplicitDeny", "ExplicitDeny" or "Allow".
func (o Outcome) String() string {
	switch o {
	case Allow:
		return "Allow"
	case ExplicitDeny:
		return "ExplicitDeny"
	}
	return "ImplicitDeny"
}

package evaluator

// PolicySet holds every policy that applies to one request.
type PolicySet struct {
	// SCP holds the service control policies of the principal's account
	// as levels from the organization root through each OU to the
	// account. Every level must allow; policies within a level combine as
	// a union. Nil or empty means SCPs are not in use.
	SCP [][]*Policy

	// RCP holds the resource control policies of the resource's account,
	// in the same shape. RCPFullAWSAccess is implied at every level, so
	// RCPs can only deny.
	RCP [][]*Policy

	// Identity holds the identity-based policies of the principal (for an
	// IAM user, with those of its groups).
	Identity []*Policy

	// Resource is the resource-based policy, nil when there is none.
	Resource *Policy

	// Boundary is the principal's permissions boundary, nil when none.
	Boundary *Policy

	// Session holds the session policies passed when the session was
	// created. They combine as a union.
	Session []*Policy

	// VPCEndpoint holds the policies of the VPC endpoints the request
	// passed through; each must allow.
	VPCEndpoint []*Policy

	// ManagementAccount is the organization's management account. SCPs do
	// not apply to its principals and RCPs do not apply to its resources.
	// TODO: a caller and a resource can belong to two organizations with
	// two management accounts. This field exempts only one of them, so
	// the other side's exemption is missed, which can only deny.
	ManagementAccount string
}

// Options tune Evaluate. The zero Options evaluates without a trace.
type Options struct {
	// Trace records every statement of every policy in Decision.Trace.
	// It allocates; leave it off on the request path.
	Trace bool
}

// Evaluate decides the request against the policy set, as AWS does. An
// explicit deny in any policy wins. Otherwise every gate must allow: the
// SCP levels, the VPC endpoint policies, and the identity or
// resource-based path with the boundary and session policies. A nil set
// denies, and so does a nil request. Evaluate returns no error: a
// condition that cannot be evaluated, such as an Arn pattern that is not
// an ARN, makes an Allow statement not apply and a Deny statement apply.
// With Trace off it allocates only as the package documentation
// describes.
func Evaluate(set *PolicySet, req *Request, opts Options) Decision {
	if set == nil {
		set = &PolicySet{}
	}
	if req == nil {
		return Decision{Outcome: ImplicitDeny, DecidedBy: TypeIdentity, NotAllowedBy: typeSets[bitOf(TypeIdentity)]}
	}
	var st evalState
	st.init(req, set.Boundary != nil)
	if opts.Trace {
		st.trace = new([]StatementTrace)
	}
	d := decide(set, &st)
	if opts.Trace {
		d.Trace = *st.trace
	}
	return d
}

// gateResult is the outcome of one policy type.
type gateResult struct {
	allowed bool
	pol     *Policy
	stmt    int
	named   namedKind
}

// denial remembers the first explicit deny.
type denial struct {
	typ  PolicyType
	pol  *Policy
	stmt int
}

// evaluator carries one decision through the policy types. The
// evalState is kept apart from the recorded deny, which flows into the
// Decision, so that escape analysis can keep the evalState on the stack.
type evaluator struct {
	st   *evalState
	deny *denial
}

// run evaluates pol and records its first explicit deny. It reports
// whether evaluation can stop.
func (e evaluator) run(pol *Policy, typ PolicyType, g *gateResult) bool {
	if pol == nil {
		return false
	}
	r := pol.evaluate(e.st, typ)
	if r.deny && e.deny.pol == nil {
		*e.deny = denial{typ: typ, pol: pol, stmt: r.denyStmt}
	}
	if r.allow && (!g.allowed || r.named > g.named) {
		g.allowed, g.pol, g.stmt, g.named = true, pol, r.allowStmt, r.named
	}
	return e.deny.pol != nil && e.st.trace == nil
}

func decide(set *PolicySet, st *evalState) Decision {
	var deny denial
	e := evaluator{st: st, deny: &deny}
	p := &st.req.Principal

	scp := gateResult{allowed: true}
	if scpApplies(set, st) {
		if e.levels(set.SCP, TypeSCP, &scp) {
			return deny.decision()
		}
	}
	if rcpApplies(set, st) {
		// RCPFullAWSAccess allows at every level, so only denies count.
		var rcp gateResult
		if e.levels(set.RCP, TypeRCP, &rcp) {
			return deny.decision()
		}
	}

	var identity, resource, boundary, session gateResult
	for _, pol := range set.Identity {
		if e.run(pol, TypeIdentity, &identity) {
			return deny.decision()
		}
	}
	if p.Kind == PrincipalRoot {
		// The root user is allowed what no policy denies in its account.
		identity.allowed = true
	}
	if !p.signed() {
		identity = gateResult{}
	}
	if e.run(set.Resource, TypeResource, &resource) {
		return deny.decision()
	}
	if e.run(set.Boundary, TypeBoundary, &boundary) {
		return deny.decision()
	}
	for _, pol := range set.Session {
		if e.run(pol, TypeSession, &session) {
			return deny.decision()
		}
	}
	vpce := gateResult{allowed: true}
	for _, pol := range set.VPCEndpoint {
		var endpoint gateResult
		if e.run(pol, TypeVPCEndpoint, &endpoint) {
			return deny.decision()
		}
		vpce.allowed = vpce.allowed && endpoint.allowed
	}
	if e.deny.pol != nil {
		return deny.decision()
	}

	if set.Boundary == nil {
		boundary.allowed = true
	}
	if len(set.Session) == 0 {
		// A federated-user session must pass a session policy; other
		// principals without one are not limited by session policies.
		session.allowed = p.Kind != PrincipalFederatedSession
	}
	g := gates{scp: scp.allowed, vpce: vpce.allowed, identity: identity,
		resource: resource, boundary: boundary.allowed, session: session.allowed,
		hasResource: set.Resource != nil}
	return g.decide(st, p)
}

// levels evaluates policy levels where each level must allow, and reports
// whether evaluation can stop on an explicit deny.
func (e evaluator) levels(levels [][]*Policy, typ PolicyType, g *gateResult) bool {
	g.allowed = true
	for _, level := range levels {
		var lg gateResult
		for _, pol := range level {
			if e.run(pol, typ, &lg) {
				return true
			}
		}
		if !lg.allowed {
			g.allowed = false
		}
	}
	return false
}

func scpApplies(set *PolicySet, st *evalState) bool {
	p := &st.req.Principal
	if len(set.SCP) == 0 || !p.signed() || p.ServiceLinked {
		return false
	}
	return set.ManagementAccount == "" || st.account != set.ManagementAccount
}

func rcpApplies(set *PolicySet, st *evalState) bool {
	if len(set.RCP) == 0 || st.req.Principal.ServiceLinked {
		return false
	}
	return set.ManagementAccount == "" || st.resAccount != set.ManagementAccount
}

// decision returns the ExplicitDeny decision. It takes a copy so that the
// evaluator, which points at the stack-allocated evalState, does not
// escape.
func (d denial) decision() Decision {
	return Decision{Outcome: ExplicitDeny, DecidedBy: d.typ,
		Statements: d.pol.refsFor(d.typ, d.stmt)}
}

package evaluator

import "strings"

// gates holds what each policy type decided, once no explicit deny was
// found.
type gates struct {
	scp, vpce         bool
	identity          gateResult
	resource          gateResult
	boundary, session bool
	hasResource       bool
}

// decide combines the gates. In the principal's own account, a
// resource-based policy Allow can stand in for the identity-based policies
// and, depending on how it names the caller, for the boundary and session
// policies too. Across accounts both sides must allow. A KMS key policy or
// role trust policy must allow in the same account too, either by naming
// the caller or by naming the account, which delegates to the
// identity-based policies.
func (g *gates) decide(st *evalState, p *Principal) Decision {
	identityPath := g.identity.allowed && g.boundary && g.session
	sameAccount := !p.signed() || st.resAccount == st.account

	allowed := identityPath || g.resourceGrantsAlone()
	if !sameAccount {
		allowed = identityPath && g.resource.allowed
	}
	resourceRequired := !sameAccount || !p.signed()
	if allowed && !g.resource.allowed && resourcePolicyRequired(st) {
		// Only an identity-based allow got here, and a key policy or
		// trust policy must allow too.
		allowed, resourceRequired = false, true
	}

	var failed uint8
	if !g.scp {
		failed |= bitOf(TypeSCP)
	}
	if !g.vpce {
		failed |= bitOf(TypeVPCEndpoint)
	}
	if !allowed {
		failed |= g.failedSides(p, resourceRequired)
	}
	if failed != 0 {
		return Decision{Outcome: ImplicitDeny, DecidedBy: firstType(failed),
			NotAllowedBy: typeSets[failed]}
	}

	d := Decision{Outcome: Allow, DecidedBy: TypeIdentity}
	if identityPath && g.identity.pol != nil {
		d.Statements = g.identity.pol.refsFor(TypeIdentity, g.identity.stmt)
	}
	if !identityPath || !p.signed() {
		d.DecidedBy = TypeResource
		d.Statements = g.resource.pol.refsFor(TypeResource, g.resource.stmt)
	}
	return d
}

// resourceGrantsAlone reports whether the resource-based policy's Allow
// suffices in the caller's own account. Naming the account only delegates
// to the identity-based policies. Naming a role overrides their implicit
// deny, naming a user also overrides the boundary, and naming a session or
// a service overrides the session policies as well.
func (g *gates) resourceGrantsAlone() bool {
	r := g.resource
	if !r.allowed || r.named < namedRole {
		return false
	}
	if !g.boundary && r.named < namedUser {
		return false
	}
	return g.session || r.named >= namedSession
}

// failedSides returns the policy types that did not allow, on the identity
// side and the resource side.
func (g *gates) failedSides(p *Principal, resourceRequired bool) uint8 {
	var failed uint8
	resourceReplaces := !resourceRequired && g.resource.allowed && g.resource.named >= namedRole
	if p.signed() && !g.identity.allowed && !resourceReplaces {
		// When a same-account resource-based policy grant replaces the
		// identity-based policies, the gate that failed is the boundary
		// or session policy that limited it.
		failed |= bitOf(TypeIdentity)
	}
	if !g.boundary {
		failed |= bitOf(TypeBoundary)
	}
	if !g.session {
		failed |= bitOf(TypeSession)
	}
	if !g.resource.allowed && (resourceRequired || g.hasResource) {
		failed |= bitOf(TypeResource)
	}
	if failed == 0 {
		// Every type allowed on its own, but no path combined them, as
		// when a same-account resource-based policy only names the
		// account and no identity-based policy allows.
		failed |= bitOf(TypeIdentity)
	}
	return failed
}

// resourcePolicyRequired reports whether the request's resource is one
// whose resource-based policy must allow even in the caller's own
// account: a KMS key (arn:...:kms:...:key/...) that a kms action is
// called on, or an IAM role that an sts action such as AssumeRole is
// called on, whose trust policy decides. No resource-based policy in the
// set then means no allow. It runs on most decisions, so it compares
// bytes before it splits the ARN.
func resourcePolicyRequired(st *evalState) bool {
	if st.serviceLen != 3 {
		return false
	}
	var resourceService string
	switch b := st.serviceBuf[:3]; {
	case b[0] == 'k' && b[1] == 'm' && b[2] == 's':
		resourceService = "kms:"
	case b[0] == 's' && b[1] == 't' && b[2] == 's':
		resourceService = "iam:"
	default:
		return false
	}
	rest, ok := strings.CutPrefix(st.req.Resource, "arn:")
	i := strings.IndexByte(rest, ':')
	if !ok || i < 0 || !strings.HasPrefix(rest[i+1:], resourceService) {
		return false
	}
	f, _ := splitARN(st.req.Resource)
	if resourceService == "kms:" {
		return strings.HasPrefix(f.resource, "key/")
	}
	return strings.HasPrefix(f.resource, "role/")
}

package evaluator

import "github.com/iamgate/iamgate/policy"

// policyResult summarizes one policy for one request.
type policyResult struct {
	deny      bool
	allow     bool
	denyStmt  int
	allowStmt int
	named     namedKind // for an Allow in a resource-based policy
}

// evaluate runs the request against the policy as a policy of type typ.
func (p *Policy) evaluate(st *evalState, typ PolicyType) policyResult {
	r := policyResult{denyStmt: -1, allowStmt: -1}
	if st.trace != nil || p.index == nil {
		for i := range p.stmts {
			if p.visit(st, typ, i, &r) {
				return r
			}
		}
		return r
	}
	a, b := p.index.candidates(st)
	for len(a) > 0 || len(b) > 0 {
		var i int32
		switch {
		case len(b) == 0 || len(a) > 0 && a[0] < b[0]:
			i, a = a[0], a[1:]
		default:
			i, b = b[0], b[1:]
		}
		if p.visit(st, typ, int(i), &r) {
			return r
		}
	}
	return r
}

// visit evaluates statement i into r and reports whether evaluation of the
// policy can stop: an explicit deny is final.
func (p *Policy) visit(st *evalState, typ PolicyType, i int, r *policyResult) bool {
	s := &p.stmts[i]
	wantKind := typ == TypeResource
	if s.effect == policy.Allow && r.allow && !wantKind && st.trace == nil {
		return false // already allowed; only denies can change the result
	}
	applies, named := p.statementApplies(st, typ, i)
	if !applies {
		return false
	}
	if s.effect == policy.Deny {
		if !r.deny {
			r.deny, r.denyStmt = true, i
		}
		return st.trace == nil
	}
	if !r.allow || named > r.named {
		r.allow, r.allowStmt, r.named = true, i, named
	}
	return false
}

// statementApplies reports whether statement i matches the request and,
// for a statement with a principal, how it named the caller.
func (p *Policy) statementApplies(st *evalState, typ PolicyType, i int) (bool, namedKind) {
	s := &p.stmts[i]
	var tr *StatementTrace
	if st.trace != nil {
		*st.trace = append(*st.trace, StatementTrace{Statement: p.refs[i]})
		tr = &(*st.trace)[len(*st.trace)-1]
		tr.Statement.Type = typ
	}

	actionOK := s.matchAction(st)
	if tr != nil {
		tr.ActionMatched = actionOK
	} else if !actionOK {
		return false, namedNone
	}
	resourceOK := s.matchResource(st, typ)
	if tr != nil {
		tr.ResourceMatched = resourceOK
	} else if !resourceOK {
		return false, namedNone
	}
	principalOK, named := s.matchPrincipal(st, typ)
	if tr != nil {
		tr.PrincipalMatched = principalOK
	} else if !principalOK {
		return false, namedNone
	}
	condOK := s.matchConditions(st, typ, tr)
	ok := actionOK && resourceOK && principalOK && condOK
	if tr != nil {
		tr.Applies = ok
	}
	return ok, named
}

// matchPrincipal checks the Principal or NotPrincipal element. Policies
// attached to an identity, and SCPs, have none and apply to the caller.
func (s *statement) matchPrincipal(st *evalState, typ PolicyType) (bool, namedKind) {
	if s.principal == nil {
		if typ == TypeResource || typ == TypeVPCEndpoint {
			// A resource-based policy statement without a principal
			// matches no caller.
			return false, namedNone
		}
		return true, namedNone
	}
	if s.principal.not && s.effect == policy.Deny && st.boundary {
		// A Deny with NotPrincipal denies every principal that has a
		// permissions boundary, whatever NotPrincipal lists.
		return true, namedRole
	}
	return s.principal.match(st, s.effect == policy.Deny)
}

// matchConditions ANDs the conditions of a statement in a policy of type
// typ. An evaluation error makes a Deny apply and an Allow not apply.
func (s *statement) matchConditions(st *evalState, typ PolicyType, tr *StatementTrace) bool {
	ok := true
	for i := range s.conds {
		c := &s.conds[i]
		r := c.evalIn(st, typ)
		if tr != nil {
			tr.Conditions = append(tr.Conditions, traceCondition(st, c, r))
		}
		if r == condError {
			r = condFalse
			if s.effect == policy.Deny {
				r = condTrue
			}
		}
		if r != condTrue {
			ok = false
			if tr == nil {
				return false
			}
		}
	}
	return ok
}

package main

// Access keys and principals of the suite world's sessions with a trusted
// identity propagation context (an origin block).
const (
	keyAlice    = "ASIASESSIONALICE0001"
	keyPayAPI   = "ASIASESSIONPAYAPI001"
	keyUnscoped = "ASIASESSIONUNSCOPED1"

	propagatedRole = "arn:aws:iam::111122223333:role/tip/propagated"
	aliceSession   = "arn:aws:sts::111122223333:assumed-role/propagated/alice"
	aliceSubject   = "a1b2c3d4-5678-90ab-cdef-EXAMPLE11111"
)

// originCases pin SubjectMode OriginIdentity and Scope for sessions that
// carry an origin identity. AWS documents both only in the STS SDK, so
// the validation messages here are iamgate's own and the cases assert
// the error code alone.
func originCases() []issuerCase {
	origin := func(alg string, scope ...string) *tokenReq {
		r := std(alg)
		r.subjectMode = "OriginIdentity"
		if len(scope) > 0 {
			r.scope = &scope[0]
		}
		return r
	}
	tok := func(name, key string, r *tokenReq, asserts ...string) issuerCase {
		return issuerCase{name: name, source: srcSDK, key: key, req: r, expect: "token", asserts: asserts}
	}
	invalid := func(name string, r *tokenReq) issuerCase {
		return issuerCase{name: name, source: srcSDK, key: keyAlice, req: r, errCode: "ValidationError"}
	}
	twoAudiences := origin("ES384", "read")
	twoAudiences.audiences = append(twoAudiences.audiences, "https://partner.example.org")
	noScopeAction := "because no identity-based policy allows the sts:SetWebIdentityTokenScope action"

	return []issuerCase{
		tok("origin/sub-is-origin-subject", keyAlice, origin("ES384"),
			`claims.sub == "`+aliceSubject+`"`, ns+`.subject_mode == "OriginIdentity"`,
			ns+`.principal_id == "`+propagatedRole+`"`, `!has(claims.scope)`),
		tok("origin/federated-provider-subject", keyPayAPI, origin("RS256"),
			`claims.sub == "system:serviceaccount:payments:api"`, ns+`.subject_mode == "OriginIdentity"`),
		tok("origin/default-mode-keeps-role-arn", keyAlice, std("ES384"),
			`claims.sub == "`+propagatedRole+`"`, `!has(`+ns+`.subject_mode)`),
		tok("origin/aws-identity-keeps-role-arn", keyAlice, func() *tokenReq { r := std("ES384"); r.subjectMode = "AWSIdentity"; return r }(),
			`claims.sub == "`+propagatedRole+`"`, `!has(`+ns+`.subject_mode)`),
		tok("scope/one-value", keyAlice, origin("ES384", "read"),
			`claims.scope == "read"`, `claims.sub == "`+aliceSubject+`"`, `claims.size() == 8`),
		tok("scope/two-values-verbatim", keyAlice, origin("RS256", "write read"), `claims.scope == "write read"`),
		{name: "scope/value-outside-condition", source: srcSDK, key: keyAlice, req: origin("ES384", "read admin"),
			errCode: "AccessDenied", errMsg: accessDenied(aliceSession, "sts:SetWebIdentityTokenScope", acct, noScopeAction)},
		{name: "scope/needs-scope-action", source: srcSDK, key: keyUnscoped, req: origin("ES384", "read"),
			errCode: "AccessDenied", errMsg: accessDenied("arn:aws:sts::111122223333:assumed-role/app/origin-unscoped",
				"sts:SetWebIdentityTokenScope", acct, noScopeAction)},
		tok("scope/unscoped-session-without-scope", keyUnscoped, origin("ES384"),
			`claims.sub == "b2c3d4e5-6789-01ab-cdef-EXAMPLE22222"`, `!has(claims.scope)`),
		invalid("scope/two-audiences", twoAudiences),
		invalid("scope/repeated-value", origin("ES384", "read read")),
		invalid("scope/double-space", origin("ES384", "read  write")),
		invalid("scope/leading-space", origin("ES384", " read")),
		invalid("scope/empty", origin("ES384", "")),
		invalid("scope/comma-in-value", origin("ES384", "read,write")),
	}
}

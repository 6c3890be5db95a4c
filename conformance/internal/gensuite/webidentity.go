package main

import "fmt"

// keyCondition is a GetWebIdentityToken condition with a request that
// satisfies it and one that does not.
type keyCondition struct {
	name      string
	condition map[string]map[string]any
	pass      []kv
	fail      []kv
}

var (
	apiAud  = []string{"https://api.example.com"}
	evilAud = []string{"https://evil.example"}
	bothAud = []string{"https://api.example.com", "https://evil.example"}
)

// allowConditions restrict what an Allow statement grants.
func allowConditions() []keyCondition {
	return []keyCondition{
		{"audience", map[string]map[string]any{
			"Null":                      {audience: "false"},
			"ForAllValues:StringEquals": {audience: apiAud},
		}, gwitContext(apiAud, "300", "ES384"), gwitContext(evilAud, "300", "ES384")},
		{"duration", cond("NumericLessThanEquals", "sts:DurationSeconds", "900"),
			gwitContext(apiAud, "300", "ES384"), gwitContext(apiAud, "3600", "ES384")},
		{"algorithm", cond("StringEquals", "sts:SigningAlgorithm", "ES384"),
			gwitContext(apiAud, "300", "ES384"), gwitContext(apiAud, "300", "RS256")},
		{"request-tag", cond("StringEquals", "aws:RequestTag/team", "platform"),
			taggedContext("platform", "team"), taggedContext("other", "team")},
		{"tag-keys", map[string]map[string]any{
			"Null":                      {tagKeys: "false"},
			"ForAllValues:StringEquals": {tagKeys: []string{"team"}},
		}, taggedContext("platform", "team"), taggedContext("platform", "team", "owner")},
	}
}

// taggedContext is a GetWebIdentityToken context with request tags: team
// set to teamValue, and the given tag keys.
func taggedContext(teamValue string, keys ...string) []kv {
	ctx := gwitContext(apiAud, "300", "ES384")
	ctx = append(ctx, kv{"aws:RequestTag/team", teamValue})
	for _, k := range keys {
		if k != "team" {
			ctx = append(ctx, kv{"aws:RequestTag/" + k, "x"})
		}
	}
	return append(ctx, kv{tagKeys, keys})
}

// denyConditions select what a Deny statement refuses.
func denyConditions() []keyCondition {
	return []keyCondition{
		{"audience", cond("ForAnyValue:StringNotEquals", audience, apiAud),
			gwitContext(apiAud, "300", "ES384"), gwitContext(bothAud, "300", "ES384")},
		{"duration", cond("NumericGreaterThan", "sts:DurationSeconds", "900"),
			gwitContext(apiAud, "300", "ES384"), gwitContext(apiAud, "3600", "ES384")},
		{"algorithm", cond("StringNotEquals", "sts:SigningAlgorithm", "ES384"),
			gwitContext(apiAud, "300", "ES384"), gwitContext(apiAud, "300", "RS256")},
		{"request-tag", cond("StringNotEquals", "aws:RequestTag/team", "platform"),
			taggedContext("platform", "team"), taggedContext("other", "team")},
		{"tag-keys", cond("ForAnyValue:StringNotEquals", tagKeys, []string{"team"}),
			taggedContext("platform", "team"), taggedContext("platform", "team", "owner")},
	}
}

// typeSlot places a statement in one policy type, with every other type
// present and permissive so that the placed policy alone decides.
type typeSlot struct {
	name   string
	source string
	put    func(stmts []Stmt) policySet
	allow  bool // whether customer Allow statements are valid in this type
}

func typeSlots() []typeSlot {
	withPrincipal := func(stmts []Stmt) []Stmt {
		out := make([]Stmt, len(stmts))
		for i, s := range stmts {
			s.Principal = "*"
			out[i] = s
		}
		return out
	}
	base := func() policySet {
		return policySet{
			scp:      levels(full(), full(), full()),
			rcp:      levels([]named{}, []named{}, []named{}),
			identity: identity(doc(allowAction(gwit))),
			boundary: &named{"boundary", doc(allowAll())},
			session:  []named{{"session-policy", doc(allowAll())}},
			vpce:     []named{vpceFullAccess()},
		}
	}
	return []typeSlot{
		{"identity", srcOutbound, func(st []Stmt) policySet {
			p := base()
			p.identity = identity(doc(st...))
			return p
		}, true},
		{"scp", srcSCPEval, func(st []Stmt) policySet {
			p := base()
			p.scp = levels(full(), []named{{"TokenPolicy", doc(st...)}}, full())
			return p
		}, true},
		{"rcp", srcRCPEval, func(st []Stmt) policySet {
			p := base()
			p.rcp = levels([]named{}, []named{{"TokenPolicy", doc(withPrincipal(st)...)}}, []named{})
			return p
		}, false},
		{"boundary", srcBoundary, func(st []Stmt) policySet {
			p := base()
			p.boundary = &named{"boundary", doc(st...)}
			return p
		}, true},
		{"session", srcSessionPol, func(st []Stmt) policySet {
			p := base()
			p.session = []named{{"session-policy", doc(st...)}}
			return p
		}, true},
		{"vpce", srcVPCE, func(st []Stmt) policySet {
			p := base()
			p.vpce = []named{{"endpoint-policy", doc(withPrincipal(st)...)}}
			return p
		}, true},
	}
}

// webIdentityCases put each GetWebIdentityToken condition key in allow and
// deny statements of every policy type that gates the call, then add the
// tag action and the live-verified policies.
func webIdentityCases() []evalCase {
	var out []evalCase
	for _, slot := range typeSlots() {
		if slot.allow {
			for _, kc := range allowConditions() {
				p := slot.put([]Stmt{{Effect: "Allow", Action: gwit, Resource: "*", Condition: kc.condition}})
				by := "identity"
				out = append(out,
					gwitCase(fmt.Sprintf("gwit-%s/allow-%s/satisfied", slot.name, kc.name), slot.source, p, kc.pass, "Allow", by),
					gwitCase(fmt.Sprintf("gwit-%s/allow-%s/not-satisfied", slot.name, kc.name), slot.source, p, kc.fail, "ImplicitDeny", slot.name))
			}
		}
		for _, kc := range denyConditions() {
			stmts := []Stmt{{Effect: "Deny", Action: gwit, Resource: "*", Condition: kc.condition}}
			if slot.name != "rcp" {
				stmts = append([]Stmt{allowAll()}, stmts...)
			}
			p := slot.put(stmts)
			out = append(out,
				gwitCase(fmt.Sprintf("gwit-%s/deny-%s/not-applied", slot.name, kc.name), slot.source, p, kc.pass, "Allow", "identity"),
				gwitCase(fmt.Sprintf("gwit-%s/deny-%s/applied", slot.name, kc.name), slot.source, p, kc.fail, "ExplicitDeny", slot.name))
		}
	}
	out = append(out, tagActionCases()...)
	return append(out, observedPolicyCases()...)
}

func gwitCase(name, src string, p policySet, ctx []kv, decision, by string) evalCase {
	return evalCase{name: name, source: src, principal: sessionApp, action: gwit, resource: selfARN,
		context: ctx, policies: p, decision: decision, decidedBy: by}
}

// tagActionCases: request tags need sts:TagGetWebIdentityToken, a
// separate action evaluated on the same request.
func tagActionCases() []evalCase {
	tagPolicy := doc(
		Stmt{Effect: "Allow", Action: gwit, Resource: "*"},
		Stmt{Effect: "Allow", Action: tagGWIT, Resource: "*", Condition: map[string]map[string]any{
			"StringEquals":              {"aws:RequestTag/team": "test"},
			"ForAllValues:StringEquals": {tagKeys: []string{"team"}},
		}})
	tagCtx := func(key, value string) []kv {
		ctx := gwitContext(apiAud, "300", "ES384")
		return append(ctx, kv{"aws:RequestTag/" + key, value}, kv{tagKeys, []string{key}})
	}
	mk := func(name, src, d string, ctx []kv, action, decision string) evalCase {
		return evalCase{name: name, source: src, principal: alice, action: action, resource: selfARN,
			context: ctx, policies: policySet{identity: identity(d)}, decision: decision, decidedBy: "identity"}
	}
	return []evalCase{
		mk("tags/gwit-grant-does-not-cover-tags", srcOutbound, doc(allowAction(gwit)), tagCtx("team", "test"), tagGWIT, "ImplicitDeny"),
		mk("tags/tag-grant-matching-tag", obsOutbound, tagPolicy, tagCtx("team", "test"), tagGWIT, "Allow"),
		mk("tags/tag-grant-other-value", obsOutbound, tagPolicy, tagCtx("team", "other"), tagGWIT, "ImplicitDeny"),
		mk("tags/tag-grant-other-key", obsOutbound, tagPolicy, tagCtx("extra", "test"), tagGWIT, "ImplicitDeny"),
		mk("tags/gwit-still-allowed-with-tags", obsOutbound, tagPolicy, tagCtx("team", "other"), gwit, "Allow"),
		mk("tags/request-tag-key-case-insensitive", srcCond, doc(Stmt{Effect: "Allow", Action: tagGWIT, Resource: "*",
			Condition: cond("StringEquals", "aws:RequestTag/Team", "test")}), tagCtx("team", "test"), tagGWIT, "Allow"),
	}
}

// observedPolicyCases run the policies verified against live AWS.
func observedPolicyCases() []evalCase {
	stackd := doc(Stmt{Effect: "Allow", Action: gwit, Resource: "*", Condition: map[string]map[string]any{
		"ForAllValues:StringEquals": {audience: []string{"https://stackd-outbound.example.invalid"}},
		"StringEquals":              {"sts:SigningAlgorithm": "RS256"},
		"NumericEquals":             {"sts:DurationSeconds": "300"},
	}})
	aud := []string{"https://stackd-outbound.example.invalid"}
	sixty := doc(Stmt{Effect: "Allow", Action: gwit, Resource: selfARN, Condition: map[string]map[string]any{
		"ForAllValues:StringEquals": {audience: aud},
		"NumericLessThanEquals":     {"sts:DurationSeconds": "60"},
		"StringEquals":              {"sts:SigningAlgorithm": "RS256"},
	}})
	mk := func(name, d string, ctx []kv, decision, by string) evalCase {
		return evalCase{name: name, source: obsOutbound, principal: alice, action: gwit, resource: selfARN,
			context: ctx, policies: policySet{identity: identity(d)}, decision: decision, decidedBy: by}
	}
	return []evalCase{
		mk("observed/listed-audience-rs256-300", stackd, gwitContext(aud, "300", "RS256"), "Allow", "identity"),
		mk("observed/other-audience", stackd, gwitContext([]string{"other"}, "300", "RS256"), "ImplicitDeny", "identity"),
		mk("observed/es384", stackd, gwitContext(aud, "300", "ES384"), "ImplicitDeny", "identity"),
		mk("observed/duration-301", stackd, gwitContext(aud, "301", "RS256"), "ImplicitDeny", "identity"),
		mk("observed/sts-star-with-gwit-deny", doc(allowAction("sts:*"), denyAction(gwit)),
			gwitContext(aud, "300", "RS256"), "ExplicitDeny", "identity"),
		mk("observed/self-resource-60-seconds", sixty, gwitContext(aud, "60", "RS256"), "Allow", "identity"),
		mk("observed/self-resource-61-seconds", sixty, gwitContext(aud, "61", "RS256"), "ImplicitDeny", "identity"),
	}
}

package main

import (
	"fmt"
	"strings"
)

const uuidPattern = `^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`

// payloadLimit is the largest claims JSON AWS was observed to sign, in
// bytes; one more byte is rejected, for both algorithms.
const payloadLimit = 14984

// padded returns a request whose claims the runner pads to size bytes
// with request tags (pad_claims_to), so the size does not depend on the
// issuer URL of the target.
func padded(alg string, size int) *tokenReq {
	r := std(alg)
	r.padClaimsTo = size
	return r
}

// tokenCases pin the header and claims of issued tokens.
func tokenCases() []issuerCase {
	tok := func(name, src, key string, r *tokenReq, asserts ...string) issuerCase {
		return issuerCase{name: name, source: src, key: key, req: r, expect: "token", asserts: asserts}
	}
	two := &tokenReq{audiences: []string{"https://api.example.com", "https://partner.example.org"}, alg: "RS256"}
	dups := &tokenReq{audiences: []string{"one", "one"}, alg: "ES384"}
	withTags := std("RS256")
	withTags.tags = [][2]string{{"Team", "request"}, {"aws:test", "reserved"}}
	emptyValue := std("ES384")
	emptyValue.tags = [][2]string{{"note", ""}}
	fifty := std("ES384")
	for i := 0; i < 50; i++ {
		fifty.tags = append(fifty.tags, [2]string{fmt.Sprintf("k%02d", i), "v"})
	}
	big := std("ES384")
	for i := 0; i < 50; i++ {
		big.tags = append(big.tags, [2]string{fmt.Sprintf("%03d", i) + strings.Repeat("k", 125), strings.Repeat("v", 256)})
	}
	oddAudiences := &tokenReq{audiences: []string{" ", "not-a-url"}, alg: "ES384"}
	maxAudience := &tokenReq{audiences: []string{strings.Repeat("a", 1000)}, alg: "ES384"}
	tenAudiences := &tokenReq{alg: "ES384"}
	for i := 0; i < 10; i++ {
		tenAudiences.audiences = append(tenAudiences.audiences, fmt.Sprintf("https://a%d.example.com", i))
	}
	awsIdentity := std("ES384")
	awsIdentity.subjectMode = "AWSIdentity"

	out := []issuerCase{
		tok("header/es384", obsIssuance, keyIssuer, std("ES384"),
			`header.alg == "ES384"`, `header.typ == "JWT"`, `header.kid.startsWith("EC384_")`, `header.size() == 3`),
		tok("header/rs256", obsIssuance, keyIssuer, std("RS256"),
			`header.alg == "RS256"`, `header.typ == "JWT"`, `header.kid.startsWith("RSA_")`, `header.size() == 3`),
		tok("header/kid-in-jwks-es384", obsIssuance, keyIssuer, std("ES384"),
			`jwks.keys.exists(k, k.kid == header.kid && k.alg == "ES384")`),
		tok("header/kid-in-jwks-rs256", obsIssuance, keyIssuer, std("RS256"),
			`jwks.keys.exists(k, k.kid == header.kid && k.alg == "RS256")`),
		tok("claims/aud-single-is-string", obsIssuance, keyIssuer, std("ES384"),
			`claims.aud == "https://api.example.com"`, `type(claims.aud) == string`),
		tok("claims/aud-several-is-array", srcRFC7519, keyIssuer, two,
			`claims.aud == ["https://api.example.com", "https://partner.example.org"]`),
		tok("claims/aud-duplicates-kept", obsIssuance, keyIssuer, dups, `claims.aud == ["one", "one"]`),
		tok("claims/aud-no-format-check", obsSTS, keyIssuer, oddAudiences, `claims.aud == [" ", "not-a-url"]`),
		tok("claims/aud-1000-characters", srcGWIT, keyIssuer, maxAudience, `size(claims.aud) == 1000`),
		tok("claims/aud-ten-values", srcGWIT, keyIssuer, tenAudiences, `size(claims.aud) == 10`),
		tok("claims/no-nbf", obsIssuance, keyIssuer, std("ES384"), `!has(claims.nbf)`),
		tok("claims/top-level-set", obsIssuance, keyIssuer, std("ES384"),
			`claims.size() == 7`, `["aud", "sub", "https://sts.amazonaws.com/", "iss", "exp", "iat", "jti"].all(k, k in claims)`),
		tok("claims/lifetime-default-300", srcGWIT, keyIssuer, std("ES384"), `claims.exp - claims.iat == 300`),
		tok("claims/lifetime-60", obsIssuance, keyIssuer, &tokenReq{audiences: []string{"https://api.example.com"}, alg: "RS256", duration: dur(60)},
			`claims.exp - claims.iat == 60`),
		tok("claims/lifetime-3600", srcGWIT, keyIssuer, &tokenReq{audiences: []string{"https://api.example.com"}, alg: "ES384", duration: dur(3600)},
			`claims.exp - claims.iat == 3600`),
		tok("claims/iat-and-exp-are-integers", srcRFC7519, keyIssuer, std("ES384"), `type(claims.iat) == int`, `type(claims.exp) == int`),
		tok("claims/jti-is-uuid", srcClaims, keyIssuer, std("ES384"), `claims.jti.matches("`+uuidPattern+`")`),
		tok("claims/iss-is-account-issuer", srcClaims, keyIssuer, std("ES384"), `claims.iss == issuer`, `discovery.issuer == claims.iss`),
		tok("claims/sub-user-arn-with-path", obsIssuance, keyIssuer, std("ES384"), `claims.sub == "`+issuerUser+`"`),
		tok("claims/sub-role-arn-for-session", obsIssuance, keyProbe, std("ES384"), `claims.sub == "arn:aws:iam::111122223333:role/outbound/app"`),
		tok("claims/sub-aws-identity-explicit", srcSDK, keyIssuer, awsIdentity, `claims.sub == "`+issuerUser+`"`, `!has(claims.subject_mode)`),
		tok("claims/no-scope-without-request", srcSDK, keyIssuer, std("ES384"), `!has(claims.scope)`),
		tok("aws-claims/aws-account", srcClaims, keyIssuer, std("ES384"), ns+`.aws_account == "111122223333"`),
		tok("aws-claims/source-region", srcClaims, keyIssuer, std("ES384"), ns+`.source_region == "us-east-1"`),
		tok("aws-claims/principal-id-user", obsIssuance, keyIssuer, std("ES384"), ns+`.principal_id == "`+issuerUser+`"`),
		tok("aws-claims/principal-id-role-session", obsIssuance, keyProbe, std("ES384"), ns+`.principal_id == "arn:aws:iam::111122223333:role/outbound/app"`),
		tok("aws-claims/org-id", srcClaims, keyIssuer, std("ES384"), ns+`.org_id == "o-exampleorgid"`),
		tok("aws-claims/ou-path-is-array", obsIssuance, keyIssuer, std("ES384"), ns+`.ou_path == ["o-exampleorgid/r-ex12/ou-ex12-11111111/"]`),
		tok("aws-claims/principal-tags-user", obsIssuance, keyIssuer, std("ES384"), ns+`.principal_tags == {"Team": "platform"}`),
		tok("aws-claims/principal-tags-session-wins", obsIssuance, keyProbe, std("ES384"),
			ns+`.principal_tags == {"untouched": "retained", "team": "session"}`),
		tok("aws-claims/request-tags", obsIssuance, keyIssuer, withTags, ns+`.request_tags == {"aws:test": "reserved", "Team": "request"}`),
		tok("aws-claims/request-tags-empty-value", obsSTS, keyIssuer, emptyValue, ns+`.request_tags == {"note": ""}`),
		tok("aws-claims/request-tags-fifty", obsSTS, keyIssuer, fifty, `size(`+ns+`.request_tags) == 50`),
		tok("aws-claims/request-tags-absent-without-tags", srcClaims, keyIssuer, std("ES384"), `!has(`+ns+`.request_tags)`),
		tok("aws-claims/original-session-exp-absent-for-user", obsIssuance, keyIssuer, std("ES384"), `!has(`+ns+`.original_session_exp)`),
		tok("aws-claims/original-session-exp-for-session", obsIssuance, keyProbe, std("ES384"),
			ns+`.original_session_exp.matches("^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$")`),
		tok("aws-claims/source-identity", obsIssuance, keyProbe, std("ES384"), ns+`.source_identity == "probe-source"`),
		tok("aws-claims/source-identity-absent", srcClaims, keyIssuer, std("ES384"), `!has(`+ns+`.source_identity)`),
		tok("aws-claims/ec2", srcClaims, keyEC2, std("RS256"),
			ns+`.ec2_source_instance_arn == "arn:aws:ec2:us-east-1:111122223333:instance/i-0123456789abcdef0"`,
			ns+`.ec2_instance_source_vpc == "vpc-0a1b2c3d4e5f60718"`,
			ns+`.ec2_instance_source_private_ipv4 == "10.0.1.25"`,
			ns+`.ec2_role_delivery == "2.0"`),
		tok("aws-claims/lambda", srcClaims, keyLambda, std("ES384"),
			ns+`.lambda_source_function_arn == "arn:aws:lambda:us-east-1:111122223333:function:process-data"`,
			`!has(`+ns+`.ec2_source_instance_arn)`),
		tok("aws-claims/absent-compute-claims-for-user", srcClaims, keyIssuer, std("ES384"),
			`!has(`+ns+`.ec2_source_instance_arn)`, `!has(`+ns+`.lambda_source_function_arn)`,
			`!has(`+ns+`.federated_provider)`, `!has(`+ns+`.identity_store_user_id)`, `!has(`+ns+`.identity_store_arn)`),
		tok("payload/under-limit", obsIssuance, keyIssuer, fifty, `payload_bytes <= 14984`),
		{name: "payload/over-limit", source: obsIssuance, key: keyIssuer, req: big, errCode: "JWTPayloadSizeExceededException"},
		tok("payload/exactly-at-limit-es384", obsIssuance, keyIssuer, padded("ES384", payloadLimit),
			`payload_bytes == 14984`, `size(`+ns+`.request_tags) == 50`),
		tok("payload/exactly-at-limit-rs256", obsIssuance, keyIssuer, padded("RS256", payloadLimit),
			`payload_bytes == 14984`),
		{name: "payload/one-byte-over-limit-es384", source: obsIssuance, key: keyIssuer, req: padded("ES384", payloadLimit+1),
			errCode: "JWTPayloadSizeExceededException"},
		{name: "payload/one-byte-over-limit-rs256", source: obsIssuance, key: keyIssuer, req: padded("RS256", payloadLimit+1),
			errCode: "JWTPayloadSizeExceededException"},
	}
	return out
}

// documentCases pin the discovery document and the JWKS.
func documentCases() []issuerCase {
	disc := func(name, src string, asserts ...string) issuerCase {
		return issuerCase{name: name, source: src, key: keyIssuer, expect: "discovery", asserts: asserts}
	}
	jwks := func(name, src string, asserts ...string) issuerCase {
		return issuerCase{name: name, source: src, key: keyIssuer, expect: "jwks", asserts: asserts}
	}
	return []issuerCase{
		disc("discovery/issuer-matches", srcOIDCDisc, `discovery.issuer == issuer`),
		disc("discovery/jwks-uri", obsIssuance, `discovery.jwks_uri == issuer + "/.well-known/jwks.json"`),
		disc("discovery/algorithms", obsIssuance, `discovery.id_token_signing_alg_values_supported == ["RS256", "ES384"]`),
		disc("discovery/response-types", obsIssuance, `discovery.response_types_supported == ["id_token"]`),
		disc("discovery/subject-types", obsIssuance, `discovery.subject_types_supported == ["public"]`),
		disc("discovery/claims-supported", obsIssuance,
			`discovery.claims_supported == ["sub", "iss", "aud", "exp", "iat", "jti", "https://sts.amazonaws.com/"]`),
		disc("discovery/exact-members", obsIssuance, `discovery.size() == 6`),
		jwks("jwks/rsa-key", obsIssuance, `jwks.keys.exists(k, k.kty == "RSA" && k.alg == "RS256" && k.use == "sig" && k.e == "AQAB" && k.kid.startsWith("RSA_"))`),
		jwks("jwks/rsa-2048", obsIssuance, `jwks.keys.exists(k, k.kty == "RSA" && size(k.n) == 342)`),
		jwks("jwks/ec-key", obsIssuance, `jwks.keys.exists(k, k.kty == "EC" && k.crv == "P-384" && k.alg == "ES384" && k.use == "sig" && k.kid.startsWith("EC384_"))`),
		jwks("jwks/ec-coordinates", srcRFC7517, `jwks.keys.filter(k, k.kty == "EC").all(k, size(k.x) == 64 && size(k.y) == 64)`),
		jwks("jwks/no-private-members", srcRFC7517, `jwks.keys.all(k, !has(k.d) && !has(k.p) && !has(k.q))`),
		jwks("jwks/every-key-has-kid", srcRFC7517, `jwks.keys.all(k, has(k.kid) && k.kid != "")`),
		jwks("jwks/kids-unique", srcRFC7517, `jwks.keys.all(a, jwks.keys.filter(b, b.kid == a.kid).size() == 1)`),
		{name: "discovery/served-while-disabled", source: obsLifecycle, key: keyDisabled, expect: "discovery",
			asserts: []string{`discovery.issuer == issuer`}},
		{name: "jwks/served-while-disabled", source: obsLifecycle, key: keyDisabled, expect: "jwks",
			asserts: []string{`jwks.keys.size() >= 2`}},
	}
}

// Package issuer issues the JSON Web Tokens of AWS STS GetWebIdentityToken
// behind a policy decision, and publishes the keys that verify them.
//
// A Gate validates a TokenRequest as AWS STS does, authorizes it through
// the evaluator package (sts:GetWebIdentityToken on
// arn:aws:sts::<account>:self, plus sts:TagGetWebIdentityToken and
// sts:SetWebIdentityTokenScope when the request uses tags or a scope),
// and only then builds the claims and signs them. Errors that the STS API
// returns to callers are *APIError values with AWS's codes and messages.
//
// Each account that enables outbound federation in a Registry gets an
// issuer URL, <base URL>/<uuid>. A KeyManager keeps one active RS256
// (RSA 2048) and one active ES384 (P-384) key per issuer in a Keystore,
// rotates them so that a new key is published before it signs and a
// retired key stays published until its tokens have expired, and signs
// through crypto.Signer so that KMS- or HSM-held keys can take part.
// DiscoveryHandler serves each issuer's OpenID Connect discovery document
// and JWKS.
//
// Specifications:
//   - JSON Web Token (JWT), RFC 7519: https://www.rfc-editor.org/rfc/rfc7519
//   - JSON Web Signature (JWS), RFC 7515, and algorithms, RFC 7518:
//     https://www.rfc-editor.org/rfc/rfc7515, https://www.rfc-editor.org/rfc/rfc7518
//   - JSON Web Key (JWK), RFC 7517: https://www.rfc-editor.org/rfc/rfc7517
//   - OpenID Connect Discovery 1.0:
//     https://openid.net/specs/openid-connect-discovery-1_0.html
//   - AWS token claims:
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/id_roles_providers_outbound_token_claims.html
package issuer

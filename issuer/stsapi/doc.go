// Package stsapi serves the AWS STS and IAM Query APIs that outbound
// identity federation uses, so that unmodified AWS SDKs and the AWS CLI can
// call an iamgate issuer.
//
// A Handler accepts form-encoded POST requests (and GET for
// GetCallerIdentity), verifies their Signature Version 4 against the
// access keys of a Credentials lookup, and dispatches on Version and
// Action:
//
//   - Version 2011-06-15 (STS): GetWebIdentityToken, through issuer.Gate,
//     and GetCallerIdentity, which needs no permission;
//   - Version 2010-05-08 (IAM): EnableOutboundWebIdentityFederation,
//     DisableOutboundWebIdentityFederation and
//     GetOutboundWebIdentityFederationInfo, each authorized as iam:<Action>
//     on resource "*".
//
// Responses and errors are the awsQuery XML documents AWS sends, with the
// same error codes and, where AWS's text is known, the same messages.
//
// References:
//   - Query protocol and GetWebIdentityToken:
//     https://docs.aws.amazon.com/STS/latest/APIReference/API_GetWebIdentityToken.html
//   - Signature Version 4:
//     https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html
package stsapi

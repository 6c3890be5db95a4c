// Verifies JWTs through OpenID Connect discovery with the jose package.
//
// Input on stdin, JSON: {"now": <epoch seconds>, "tokens": [{"jwt": "...",
// "issuer": "...", "audience": "..."}]}. For each token it fetches
// <issuer>/.well-known/openid-configuration, then the JWKS named there, and
// verifies signature, iss, aud and exp at "now". Output on stdout, JSON: one
// result per token, {"ok": true, "alg", "kid", "sub"} or {"ok": false,
// "error"}. The exit status is 1 when any token fails.
import { createRemoteJWKSet, jwtVerify } from 'jose';

async function readStdin() {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

async function verifyOne(token, now) {
  const discoveryURL = token.issuer + '/.well-known/openid-configuration';
  const res = await fetch(discoveryURL);
  if (!res.ok) throw new Error(`GET ${discoveryURL}: status ${res.status}`);
  const discovery = await res.json();
  if (discovery.issuer !== token.issuer) {
    throw new Error(`discovery issuer ${discovery.issuer}, want ${token.issuer}`);
  }
  const jwks = createRemoteJWKSet(new URL(discovery.jwks_uri));
  const { payload, protectedHeader } = await jwtVerify(token.jwt, jwks, {
    issuer: token.issuer,
    audience: token.audience,
    algorithms: ['RS256', 'ES384'],
    currentDate: new Date(now * 1000),
  });
  return { ok: true, alg: protectedHeader.alg, kid: protectedHeader.kid, sub: payload.sub };
}

const input = await readStdin();
const results = [];
for (const token of input.tokens) {
  try {
    results.push(await verifyOne(token, input.now));
  } catch (err) {
    results.push({ ok: false, error: String(err && err.message ? err.message : err) });
  }
}
process.stdout.write(JSON.stringify(results) + '\n');
process.exit(results.every((r) => r.ok) ? 0 : 1);

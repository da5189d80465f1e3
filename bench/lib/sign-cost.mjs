// The cost of one access-token signature with the bench's key, measured in its own process (the bench pins it to
// the server's core while the server is idle). Prints one JSON line:
//   raw:  node:crypto sign() of a token-sized input (the irreducible RS256 cost)
//   jose: SignJWT with the issuer's header and claims, as AccessTokenIssuer signs
// each as process CPU µs per signature (all threads) and wall µs per signature, one at a time.
import { createPrivateKey, randomBytes, sign } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const [pemPath, iterationsText = '400'] = process.argv.slice(2);
const iterations = Number(iterationsText);
const key = createPrivateKey(readFileSync(pemPath, 'utf8'));
// jose is a dependency of the service; load the copy it uses.
const require = createRequire(`${process.cwd()}/package.json`);
const { SignJWT } = await import(require.resolve('jose'));

async function measure(once) {
  for (let i = 0; i < Math.min(50, iterations); i += 1) {
    await once(); // warm-up
  }
  const cpu = process.cpuUsage();
  const started = process.hrtime.bigint();
  for (let i = 0; i < iterations; i += 1) {
    await once();
  }
  const wall = Number(process.hrtime.bigint() - started) / 1000 / iterations;
  const used = process.cpuUsage(cpu);
  return { cpu_us: (used.user + used.system) / iterations, wall_us: wall };
}

const input = Buffer.from(randomBytes(400).toString('base64url'));
const raw = await measure(() => sign('sha256', input, key));
const now = Math.floor(Date.now() / 1000);
const jose = await measure(() =>
  new SignJWT({
    client_id: 'c'.repeat(32),
    scope: 'basic editpage',
    scopes: ['basic', 'editpage'],
    grant_type: 'client_credentials',
  })
    .setProtectedHeader({ alg: 'RS256', kid: 'k'.repeat(43), typ: 'at+jwt' })
    .setIssuer('http://127.0.0.1:1')
    .setSubject('')
    .setAudience('c'.repeat(32))
    .setJti(randomBytes(40).toString('hex'))
    .setIssuedAt(now)
    .setNotBefore(now)
    .setExpirationTime(now + 3600)
    .sign(key),
);
console.log(
  JSON.stringify({ algorithm: `RS256 (RSA ${key.asymmetricKeyDetails.modulusLength})`, iterations, raw, jose }),
);

#!/usr/bin/env node
// What a DPoP proof costs the service, one call at a time on one core: `DpopProofCheck.check` of the built service
// (dist/) over the in-process store, with fresh proofs (each its own jti) for ES256 and PS256, beside the signature
// verification alone (node:crypto, the floor). With --before DIR, the same steps of another build (its dist/ and
// node_modules/) run interleaved in the same passes, so a change is compared on the same machine at the same time.
//
//   node bench/dpop-check.mjs [--before DIR] [--proofs 20000] [--passes 3] [--core 0]
// CPU µs per call: this process's (all threads), medians of the passes. docs/performance.md, "DPoP-bound gateway".
import { constants, createPublicKey, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { rerunPinned } from './lib/pinned-process.mjs';
import { dpopKey, dpopProof } from './lib/dpop-proofs.mjs';
import { median } from './lib/median.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values: options } = parseArgs({
  options: {
    before: { type: 'string', default: '' },
    proofs: { type: 'string', default: '20000' },
    passes: { type: 'string', default: '3' },
    core: { type: 'string', default: '0' },
    pinned: { type: 'boolean', default: false },
  },
});
rerunPinned(options.pinned, options.core);
const PROOFS = Number(options.proofs);
const PASSES = Number(options.passes);
const HTU = 'http://api.example.com/x';
const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.' + 'x'.repeat(700) + '.sig';

/** A DpopProofCheck of the build in `dir`, on its memory backend, with DPoP's default settings. */
function checkOf(dir) {
  const load = createRequire(join(dir, 'package.json'));
  const dist = (path) => load(join(dir, 'dist/src', path));
  const { DpopProofCheck } = dist('oauth2/protocol/check-dpop-proof.js');
  const { createMemoryBackend } = dist('cache/memory-cache-backend.js');
  const config = { oauth2: { dpop: { enabled: true, requireNonce: false, proofWindow: 60 } } };
  const backend = createMemoryBackend('bench:');
  const check = new DpopProofCheck(backend.temporaryStore, { isCurrent: () => true }, config);
  return { check, close: () => backend.close() };
}

/** CPU µs per call of `step` over `inputs`, one at a time. */
async function time(step, inputs) {
  for (let i = 0; i < 200; i += 1) {
    await step(inputs[i]);
  }
  const cpu = process.cpuUsage();
  for (let i = 200; i < inputs.length; i += 1) {
    await step(inputs[i]);
  }
  const used = process.cpuUsage(cpu);
  return (used.user + used.system) / (inputs.length - 200);
}

const builds = [['this build', ROOT]];
if (options.before) {
  builds.unshift(['--before build', resolve(options.before)]);
}
const checks = builds.map(([name, dir]) => [name, checkOf(dir)]);
const keys = { ES256: dpopKey('ES256'), PS256: dpopKey('PS256') };
const results = new Map();
const record = (name, value) => results.set(name, [...(results.get(name) ?? []), value]);

for (let pass = 0; pass < PASSES; pass += 1) {
  for (const [alg, key] of Object.entries(keys)) {
    // signed now: PS256 signing costs ~1 ms a proof, so each pass signs its own
    const proofs = Array.from({ length: PROOFS }, () => dpopProof(key, 'GET', HTU, TOKEN));
    const publicKey = createPublicKey({ key: key.jwk, format: 'jwk' });
    const parts = proofs.map((proof) => {
      const dot = proof.lastIndexOf('.');
      return [Buffer.from(proof.slice(0, dot)), Buffer.from(proof.slice(dot + 1), 'base64url')];
    });
    const options =
      alg === 'PS256'
        ? { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
        : { key: publicKey, dsaEncoding: 'ieee-p1363' };
    record(
      `${alg}: node:crypto verify alone`,
      await time(([input, signature]) => verify('sha256', input, options, signature), parts),
    );
    for (const [name, { check }] of checks) {
      // each build has a store of its own, so every jti is fresh to it
      const request = (proof) => ({ proof, method: 'GET', uri: HTU, accessToken: TOKEN });
      record(`${alg}: DpopProofCheck.check, ${name}`, await time((proof) => check.check(request(proof)), proofs));
    }
  }
}
for (const [, { close }] of checks) {
  await close();
}
console.log(`CPU µs per call, median of ${PASSES} passes of ${PROOFS} proofs (node ${process.version}):`);
for (const [name, values] of results) {
  console.log(`  ${median(values).toFixed(1).padStart(7)}  ${name}`);
}

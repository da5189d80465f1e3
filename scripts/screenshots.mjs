#!/usr/bin/env node
// Screenshots of every page (`npm run screenshots`; not part of the test suite). See docs/screenshots/README.md.
//
// Builds the service (skip with --no-build), starts dist/src/main.js on a free port with a throw-away SQLite
// database and DATA_DIR, seeds a few accounts and apps over HTTP, then opens each page in Debian's Chromium as the
// person who would see it and saves a full-page PNG to docs/screenshots/<name>.png (some also at phone width, as
// <name>-phone.png). It rewrites docs/screenshots/README.md to list them. A page that does not answer as expected
// (a 404 because it is not built yet, say) is reported and left out; the script then exits with status 1.
/* global fetch, URLSearchParams, document */
import { execFileSync, spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const OUT = join(ROOT, 'docs/screenshots');
const CHROMIUM_PATH = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];
const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 390, height: 844 };
const ADMIN = { name: 'Admin', password: 'admin-password-1' };
const DEVELOPER = { name: 'Devi', password: 'devi-password-1', email: 'devi@example.com' };
const READER = { name: 'Uma', password: 'uma-password-1', email: 'uma@example.com' };

/** What was saved (README entries) and what could not be. */
const saved = [];
const missed = [];

let service;
let browser;
let signing;
try {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(`Chromium is needed at ${CHROMIUM_PATH}: install it with "apt-get install chromium".`);
  }
  if (!process.argv.includes('--no-build')) {
    console.log('building: npm run build');
    execFileSync('npm', ['run', 'build', '--silent'], { cwd: ROOT, stdio: 'inherit' });
  }
  signing = await loadSigning();
  service = await startService();
  browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
  mkdirSync(OUT, { recursive: true });
  for (const file of readdirSync(OUT).filter((name) => name.endsWith('.png'))) {
    rmSync(join(OUT, file));
  }
  await takeScreenshots(service.url);
  writeReadme();
  console.log(`\n${saved.length} screenshots in docs/screenshots/`);
  if (missed.length > 0) {
    console.log(`not taken (${missed.length}):\n${missed.map((line) => `  ${line}`).join('\n')}`);
    process.exitCode = 1;
  }
} catch (error) {
  console.error(`screenshots: ${error.message}`);
  process.exitCode = 1;
} finally {
  await browser?.close();
  service?.stop();
}

/** OAuth 1 signing, from the built service (the script signs as an app does). */
async function loadSigning() {
  const dist = join(ROOT, 'dist/src/oauth1/signature');
  return {
    ...(await import(pathToFileURL(join(dist, 'base-string.js')).href)),
    ...(await import(pathToFileURL(join(dist, 'signature-methods.js')).href)),
    ...(await import(pathToFileURL(join(dist, 'authorization-header.js')).href)),
  };
}

async function takeScreenshots(url) {
  const visitor = await person(url);
  const admin = await person(url, ADMIN);
  const uma = await admin.api('POST', '/api/admin/users', {
    name: READER.name,
    password: READER.password,
    email: READER.email,
    groups: [],
    emailConfirmed: true,
  });
  await admin.api('POST', '/api/admin/users', {
    name: DEVELOPER.name,
    password: DEVELOPER.password,
    email: DEVELOPER.email,
    groups: [],
    emailConfirmed: true,
  });
  const developer = await person(url, DEVELOPER);
  const reader = await person(url, READER);

  // Seed: an OAuth 2 client and an OAuth 1 consumer, both approved, and a proposal waiting in the queue.
  const wikiReader = await developer.api('POST', '/api/consumers', {
    oauthVersion: 2,
    name: 'Wiki Reader',
    version: '1.0',
    description: 'Reads your watchlist and shows it on your phone.',
    email: DEVELOPER.email,
    grants: ['basic', 'editpage'],
    callbackUrl: `${url}/app/callback`,
    oauth2IsConfidential: true,
  });
  const mapTool = await developer.api('POST', '/api/consumers', {
    oauthVersion: 1,
    name: 'Map Tool',
    version: '2.1',
    description: 'Adds coordinates to articles from a map.',
    email: DEVELOPER.email,
    grants: ['basic', 'editpage'],
    callbackUrl: `${url}/wiki/Special:OAuth/verified`,
  });
  const botHelper = await developer.api('POST', '/api/consumers', {
    oauthVersion: 2,
    name: 'Bot Helper',
    version: '0.3',
    description: 'Runs maintenance edits on a schedule.',
    email: DEVELOPER.email,
    grants: ['basic', 'editpage', 'highvolume'],
    callbackUrl: 'https://bot.example/oauth/callback',
  });
  for (const created of [wikiReader, mapTool]) {
    await admin.api('POST', `/api/admin/consumers/${created.consumer.consumerKey}/approve`, {
      reason: 'Reviewed: does what it says.',
    });
  }
  const appKey = wikiReader.consumer.consumerKey;
  const proposedKey = botHelper.consumer.consumerKey;

  await shot(visitor.page, 'home', '/', 'the home page, signed out', { phone: true });
  await shot(visitor.page, 'login', '/login', 'the sign-in form', { phone: true });
  await shot(developer.page, 'register', '/consumers/register', 'choosing the kind of app to register');
  await shot(developer.page, 'register-oauth2', '/consumers/register/oauth2', 'registering an OAuth 2.0 client', {
    phone: true,
  });
  await shot(developer.page, 'register-oauth1', '/consumers/register/oauth1', 'registering an OAuth 1.0a consumer');
  await shot(
    developer.page,
    'register-oauth2-errors',
    '/consumers/register/oauth2',
    'the OAuth 2.0 form sent with mistakes: the errors beside the fields',
    {
      status: 400,
      act: async (page) => {
        // the browser's own checks would stop the form first; the server's are the ones shown here
        await page.evaluate(() => document.querySelectorAll('form').forEach((form) => (form.noValidate = true)));
        await page.locator('[name="version"]').fill('');
        await page.locator('[name="callbackUrl"]').fill('http://app.example/callback');
        return submit(page, 'Register');
      },
    },
  );
  await shot(
    developer.page,
    'registered',
    '/consumers/register/oauth2',
    'the one-time page with the new key and secret',
    {
      act: async (page) => {
        await page.locator('[name="name"]').fill('Photo Uploader');
        await page.locator('[name="version"]').fill('1.0');
        await page.locator('[name="description"]').fill('Uploads photos from your camera.');
        await page.locator('[name="callbackUrl"]').fill('https://photos.example/oauth/callback');
        await page.locator('input[name="oauth2GrantTypes"][value="authorization_code"]').check();
        return submit(page, 'Register');
      },
    },
  );
  await shot(developer.page, 'my-apps', '/consumers/mine', "a developer's own apps");
  await shot(
    developer.page,
    'consumer-update',
    `/consumers/${appKey}/update`,
    'updating an app (or resetting its secret)',
  );
  await shot(visitor.page, 'consumers', '/consumers', 'the public list of apps', { phone: true });
  await shot(visitor.page, 'consumer', `/consumers/${appKey}`, "an app's public page with its log");
  await shot(admin.page, 'admin-queue', '/admin/consumers', 'the review queue');
  await shot(admin.page, 'admin-consumer', `/admin/consumers/${proposedKey}`, 'reviewing a proposed app', {
    phone: true,
  });
  await shot(admin.page, 'admin-users', '/admin/users', 'the users, and creating one');
  await shot(admin.page, 'admin-user', `/admin/users/${uma.id}`, "a user's groups");

  const { challenge } = pkceChallenge();
  const authorize = new URLSearchParams({
    response_type: 'code',
    client_id: appKey,
    redirect_uri: `${url}/app/callback`,
    state: 'screenshot',
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  await shot(reader.page, 'consent-oauth2', `/oauth2/authorize?${authorize}`, 'the OAuth 2.0 consent page', {
    phone: true,
    after: (page) => submit(page, 'Allow'),
  });
  const mapToolCredentials = { consumerKey: mapTool.consumer.consumerKey, consumerSecret: mapTool.secret };
  const requestToken = new URLSearchParams(await signedPost(url, mapToolCredentials, 'Special:OAuth/initiate'));
  const consent1 = new URLSearchParams({
    oauth_token: requestToken.get('oauth_token'),
    oauth_consumer_key: mapToolCredentials.consumerKey,
  });
  await shot(
    reader.page,
    'consent-oauth1',
    `/wiki/Special:OAuth/authorize?${consent1}`,
    'the OAuth 1.0a consent page (MediaWiki address)',
  );
  await shot(reader.page, 'verified', null, 'the verifier an `oob` OAuth 1.0a app asks the user to copy', {
    act: (page) => submit(page, 'Allow'),
  });
  const grants = await reader.api('GET', '/api/me/grants');
  const grantId = (Array.isArray(grants) ? grants : grants.items)[0]?.id;
  await shot(reader.page, 'grants', '/grants', "a user's authorized apps (My grants)", { phone: true });
  await shot(reader.page, 'grant', `/grants/${grantId}`, 'one authorization, with the Revoke button');
  await shot(developer.page, 'notifications', '/notifications', "a developer's notifications, unread marked", {
    phone: true,
  });
  await shot(reader.page, 'preferences', '/account/preferences', "a user's language, time zone and gender");

  // The main pages again in Japanese and in Hebrew (right to left), chosen with uselang= as a link would.
  for (const [language, name] of [
    ['ja', 'Japanese'],
    ['he', 'Hebrew, right to left'],
  ]) {
    const consent = new URLSearchParams({ ...Object.fromEntries(authorize), state: `screenshot-${language}` });
    const pages = [
      [visitor.page, 'home', '/', 'the home page'],
      [visitor.page, 'login', '/login', 'the sign-in form'],
      [developer.page, 'register-oauth2', '/consumers/register/oauth2', 'registering an OAuth 2.0 client'],
      [visitor.page, 'consumers', '/consumers', 'the public list of apps'],
      [reader.page, 'consent-oauth2', `/oauth2/authorize?${consent}`, 'the OAuth 2.0 consent page'],
      [reader.page, 'grants', '/grants', 'My grants'],
      [reader.page, 'preferences', '/account/preferences', 'the preferences'],
    ];
    for (const [page, shotName, path, description] of pages) {
      const separator = path.includes('?') ? '&' : '?';
      await shot(
        page,
        `${shotName}-${language}`,
        `${path}${separator}uselang=${language}`,
        `${description}, in ${name}`,
        {
          phone: shotName === 'consent-oauth2',
        },
      );
    }
  }
}

/** A browser context of its own (own cookies); signed in over HTTP when `account` is given. */
async function person(url, account) {
  const context = await browser.newContext({ baseURL: url, viewport: DESKTOP });
  context.setDefaultTimeout(10_000);
  const page = await context.newPage();
  let csrfToken = '';
  if (account) {
    const login = await context.request.post('/api/auth/login', {
      data: { username: account.name, password: account.password },
    });
    if (!login.ok()) {
      fail(`could not sign in ${account.name}: ${login.status()} ${await login.text()}`);
    }
    csrfToken = (await login.json()).csrfToken;
  }
  /** A JSON API call with this person's session (shared with their browser). */
  const api = async (method, path, body) => {
    const response = await context.request.fetch(path, {
      method,
      headers: { 'X-CSRF-Token': csrfToken },
      ...(body === undefined ? {} : { data: body }),
    });
    if (!response.ok()) {
      fail(`${method} ${path} answered ${response.status()}: ${await response.text()}`);
    }
    return response.status() === 204 ? undefined : response.json();
  };
  return { page, api };
}

/**
 * Opens `path` (or stays on the current page when it is null), optionally acts on it (`act` answers the response
 * of the page it leads to), checks the status, and saves the page (also at phone width when asked). `after` runs
 * once the picture is taken (to move the story on). Failures are recorded, not thrown.
 */
async function shot(page, name, path, description, options = {}) {
  const { status = 200, phone = false, act, after } = options;
  try {
    let response = path === null ? null : await page.goto(path);
    if (response && response.status() !== 200) {
      throw new Error(`GET ${path} answered ${response.status()}`);
    }
    if (act) {
      response = await act(page);
    }
    if (response && response.status() !== status) {
      throw new Error(`${new URL(page.url()).pathname} answered ${response.status()}, not ${status}`);
    }
    await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
    const files = [`${name}.png`];
    if (phone) {
      await page.setViewportSize(PHONE);
      await page.screenshot({ path: join(OUT, `${name}-phone.png`), fullPage: true });
      await page.setViewportSize(DESKTOP);
      files.push(`${name}-phone.png`);
    }
    saved.push({ files, description, path: path ?? new URL(page.url()).pathname });
    console.log(`saved ${files.join(', ')}`);
    if (after) {
      await after(page);
    }
  } catch (error) {
    missed.push(`${name}: ${error.message.split('\n')[0]}`);
    console.log(`!! ${name}: ${error.message.split('\n')[0]}`);
  }
}

/** Clicks the button labelled `label` and answers the response of the page it leads to. */
async function submit(page, label) {
  const [response] = await Promise.all([
    page.waitForNavigation(),
    page.getByRole('button', { name: label, exact: true }).click(),
  ]);
  return response;
}

function pkceChallenge() {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** The app side of OAuth 1: a POST to `/w/index.php?title=<title>` signed with HMAC-SHA1, `oob` callback. */
async function signedPost(url, credentials, title) {
  const target = new URL(`/w/index.php?title=${title}`, url);
  const protocol = [
    ['oauth_consumer_key', credentials.consumerKey],
    ['oauth_nonce', randomBytes(8).toString('hex')],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', String(Math.floor(Date.now() / 1000))],
    ['oauth_version', '1.0'],
    ['oauth_callback', 'oob'],
  ];
  const baseString = signing.signatureBaseString({
    method: 'POST',
    url: target.origin + target.pathname,
    parameters: [...target.searchParams.entries(), ...protocol],
  });
  const signature = signing.HMAC_SHA1.sign(baseString, { consumerSecret: credentials.consumerSecret });
  const response = await fetch(target, {
    method: 'POST',
    headers: { Authorization: signing.formatAuthorizationHeader([...protocol, ['oauth_signature', signature]]) },
  });
  if (!response.ok) {
    fail(`${title} answered ${response.status}: ${await response.text()}`);
  }
  return response.text();
}

function writeReadme() {
  const lines = saved.map(
    ({ files, description, path }) =>
      `- ${files.map((file) => `[${file}](${file})`).join(', ')}: ${description} (\`${path.replace(/\?.*$/, '')}\`)`,
  );
  writeFileSync(
    join(OUT, 'README.md'),
    `# Screenshots of the pages

Every page of Gatehouse as the person who uses it sees it, at 1280 px wide and, for some, at phone width (390 px,
\`-phone\`). They are made by a script, never by hand: after changing a page, run

\`\`\`sh
npm run screenshots
\`\`\`

It builds the service, starts it on a throw-away SQLite database, seeds a developer (Devi), a user (Uma) and a few
apps over HTTP, opens each page in Debian's Chromium (\`/usr/bin/chromium\`) and rewrites the PNGs and this list.
It exits with status 1, naming them, when some pages could not be taken.

${lines.join('\n')}
`,
  );
}

async function startService() {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'gatehouse-screenshots-'));
  const url = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, [join(ROOT, 'dist/src/main.js')], {
    cwd: dataDir,
    env: {
      PATH: process.env.PATH ?? '',
      NODE_ENV: 'development',
      LOG_LEVEL: 'warn',
      PORT: String(port),
      PUBLIC_URL: url,
      DATA_DIR: dataDir,
      DATABASE_URL: `sqlite:${join(dataDir, 'gatehouse.sqlite')}`,
      CACHE_URL: 'memory:',
      OAUTH_SECRET_KEY: randomBytes(24).toString('hex'),
      ADMIN_USERNAME: ADMIN.name,
      ADMIN_PASSWORD: ADMIN.password,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));
  const stop = () => {
    child.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      stop();
      fail(`the service stopped with ${child.exitCode}:\n${output}`);
    }
    try {
      if ((await fetch(`${url}/readyz`)).ok) {
        return { url, stop };
      }
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop();
  fail(`the service did not become ready within 30 s:\n${output}`);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function fail(message) {
  throw new Error(message);
}

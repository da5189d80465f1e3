import { type Server, createServer } from 'node:http';
import { type AddressInfo } from 'node:net';
import { type Browser, type Page, chromium } from 'playwright-core';

/** Debian's Chromium (test/support/system-components.js); playwright-core brings no browser of its own. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

/** Headless and quiet: no GPU, no sandbox (CI runs as root), no calls home that would slow a 2-core machine. */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

/** Starts Chromium (`npm test` installs it where it may, and skips the browser tests where it cannot). */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS, timeout: 30_000 });
}

/**
 * A person at their own browser: a fresh context (own cookies, own session) whose relative URLs resolve against
 * Gatehouse. Timeouts are generous because CI shares two cores between the app, Chromium and the other tests.
 */
export async function newPerson(browser: Browser, baseUrl: string, width = 1024): Promise<Page> {
  const context = await browser.newContext({ baseURL: baseUrl, viewport: { width, height: 800 } });
  context.setDefaultTimeout(15_000);
  context.setDefaultNavigationTimeout(20_000);
  return context.newPage();
}

/** Opens a page at `path` and fails at once, naming it, unless it answers 200 (a missing page is a 404). */
export async function openPage(page: Page, path: string): Promise<void> {
  const response = await page.goto(path);
  const status = response?.status();
  if (status !== 200) {
    throw new Error(`GET ${path} answered ${status ?? 'nothing'}`);
  }
}

/** Signs in through the real `/login` form, as a person does before opening the pages. */
export async function signInInBrowser(page: Page, baseUrl: string, username: string, password: string): Promise<void> {
  await page.goto(new URL('/login', baseUrl).toString());
  await fillSignInForm(page, username, password);
}

/** Fills the sign-in form the page shows (after a redirect to `/login`, say) and submits it. */
export async function fillSignInForm(page: Page, username: string, password: string): Promise<void> {
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await clickButton(page, 'Sign in');
}

/** Clicks the button with exactly this label and waits for the page it leads to. */
export async function clickButton(page: Page, label: string): Promise<void> {
  await page.getByRole('button', { name: label, exact: true }).click();
  await page.waitForLoadState('load');
}

/** The text a person reads in the element, spaces collapsed; fails (after the timeout) when it never appears. */
export async function textOf(page: Page, selector: string): Promise<string> {
  return (await page.locator(selector).innerText()).replace(/\s+/g, ' ').trim();
}

/**
 * A third-party app's callback page on a port of its own: it records each query it receives and answers with a
 * short page, so the browser really lands there as it would on an app.
 */
export interface CallbackServer {
  /** `http://127.0.0.1:<port>/callback` */
  url: string;
  /** Every request to the callback address, oldest first. */
  received: URL[];
  close: () => Promise<void>;
}

export async function startCallbackServer(): Promise<CallbackServer> {
  const received: URL[] = [];
  const server: Server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/callback') {
      // what the browser asks for on its own (a favicon) is not an answer to the app
      response.writeHead(404).end();
      return;
    }
    received.push(url);
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>App</title><h1>The app received the answer</h1>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/callback`,
    received,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        // Chromium keeps its connections alive; they would hold the server open.
        server.closeAllConnections();
      }),
  };
}

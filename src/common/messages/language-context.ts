import { AsyncLocalStorage } from 'node:async_hooks';
import { type Language, SOURCE_LANGUAGE } from './languages';

/** MediaWiki's gender preference: how messages that address or name a person inflect. */
export const GENDERS = ['unknown', 'female', 'male'] as const;
export type Gender = (typeof GENDERS)[number];

/** What the signed-in person chose under their preferences; every part is optional. */
export interface ViewerPreferences {
  language?: Language;
  /** An IANA time zone name, already validated. */
  timeZone?: string;
  gender: Gender;
}

/** What a request tells about the language to answer in, gathered as the request is handled. */
export interface LanguageContext {
  /** `uselang=` on any page, or OpenID Connect's `ui_locales` on the authorization pages. */
  requested?: Language;
  /** The signed-in person's saved preferences, once their session is recognised. */
  viewer?: ViewerPreferences;
  /** The best supported language of `Accept-Language`. */
  accepted?: Language;
  /** `DEFAULT_LANGUAGE`. */
  fallback: Language;
}

const storage = new AsyncLocalStorage<LanguageContext>();

/**
 * Pages being answered. While an AsyncLocalStorage is enabled, Node 20 runs a hook at every promise of the process,
 * on every route and both doors (20 awaits: 1.05 µs without, 3.06 µs with one enabled, measured 2026-12-07). So the
 * storage is enabled only while a page is in flight, and disabled when the last one has been answered: a service
 * answering only gateways and APIs pays nothing.
 */
let pagesInFlight = 0;

/**
 * Runs `handle` (the rest of a page's request) with its language context, so `t()` needs no language passed to it.
 * A request passes `whenAnswered`, which calls back once its response is done with; a render that ends within the
 * call (a test) passes none, and leaves the storage enabled.
 */
export function runWithLanguage<T>(
  context: LanguageContext,
  handle: () => T,
  whenAnswered?: (done: () => void) => void,
): T {
  if (!whenAnswered) {
    return storage.run(context, handle);
  }
  pagesInFlight += 1;
  whenAnswered(() => {
    pagesInFlight -= 1;
    if (pagesInFlight === 0) {
      // A request still running after its answer (a client that went away) then renders in the source language.
      storage.disable();
    }
  });
  return storage.run(context, handle);
}

/** The current request's context; outside a request (jobs, e-mail queues), none. */
export function languageContext(): LanguageContext | undefined {
  return storage.getStore();
}

/** MediaWiki's order: `uselang`, then the saved preference, then `Accept-Language`, then the configured default. */
export function negotiatedLanguage(context: LanguageContext | undefined): Language {
  if (!context) {
    return SOURCE_LANGUAGE;
  }
  return context.requested ?? context.viewer?.language ?? context.accepted ?? context.fallback;
}

export function currentLanguage(): Language {
  return negotiatedLanguage(storage.getStore());
}

/** Records the person's preferences once the session is known (the guard runs after the context began). */
export function setViewerPreferences(preferences: ViewerPreferences): void {
  const context = storage.getStore();
  if (context) {
    context.viewer = preferences;
  }
}

/** A page that takes a language parameter of its own (OIDC `ui_locales`) states it like `uselang`. */
export function setRequestedLanguage(language: Language): void {
  const context = storage.getStore();
  if (context && !context.requested) {
    context.requested = language;
  }
}

import express from 'express';
import { acceptedLanguage } from './accept-language';
import type { Language } from './languages';

function accepted(header: string | undefined, fallback: Language = 'en'): Language | undefined {
  const request = Object.create(express.request) as express.Request;
  request.headers = header === undefined ? {} : { 'accept-language': header };
  return acceptedLanguage(request, fallback);
}

describe('Accept-Language (RFC 9110 §12.5.4)', () => {
  it('picks the supported language with the highest q-value', () => {
    expect(accepted('ja')).toBe('ja');
    expect(accepted('en;q=0.5, he;q=0.8, ja;q=0.1')).toBe('he');
    expect(accepted('fr, ja;q=0.7, en;q=0.3')).toBe('ja');
  });

  it('matches a range with a region or script to the language (RFC 4647 §3.3.1)', () => {
    expect(accepted('he-IL')).toBe('he');
    expect(accepted('JA-jp, en;q=0.1')).toBe('ja');
  });

  it('lets q=0 refuse a language', () => {
    expect(accepted('ja;q=0, he;q=0.2')).toBe('he');
    expect(accepted('ja;q=0')).toBeUndefined();
  });

  it('answers a wildcard with the default language, and a wildcard with exclusions with another', () => {
    expect(accepted('*', 'ja')).toBe('ja');
    expect(accepted('*, en;q=0', 'en')).not.toBe('en');
    expect(accepted('fr, *;q=0.5', 'he')).toBe('he');
  });

  it('gives nothing for an absent header, unsupported languages or garbage, so the default applies', () => {
    expect(accepted(undefined)).toBeUndefined();
    expect(accepted('')).toBeUndefined();
    expect(accepted('fr-FR, de;q=0.9')).toBeUndefined();
    expect(accepted(';;;,,=q=x')).toBeUndefined();
    expect(accepted('\u00ff\u00fe garbage ;q=abc')).toBeUndefined();
    expect(accepted('ja;q=banana')).toBeUndefined();
  });
});

/** Where the Sentinels of a Redis master are, from `CACHE_URL=redis+sentinel://...`. */
export interface SentinelSettings {
  sentinels: Array<{ host: string; port: number }>;
  masterName: string;
  /** AUTH of the master and its replicas; the Sentinels themselves are reached without one. */
  username?: string;
  password?: string;
}

export const SENTINEL_URL_PREFIX = 'redis+sentinel://';

/** Sentinel's own port (redis.io "High availability with Redis Sentinel"): the default when a host names none. */
const DEFAULT_SENTINEL_PORT = 26379;

/**
 * `redis+sentinel://[[user]:password@]host[:port],host[:port],.../<master name>`, the form of the Redis URI drafts
 * that Lettuce and redis-py accept. The host list holds commas, which the WHATWG URL parser refuses, so it is split
 * by hand. Throws an Error saying what is wrong.
 */
export function parseSentinelUrl(url: string): SentinelSettings {
  const match = /^redis\+sentinel:\/\/(?:([^@/]*)@)?([^/@]+)\/([\w.-]+)\/?$/.exec(url);
  if (!match) {
    throw new Error('must be redis+sentinel://[:password@]host:port,host:port,.../<master name>');
  }
  const [, userInfo, hostList, masterName] = match;
  const settings: SentinelSettings = { sentinels: hostList.split(',').map(parseHost), masterName };
  if (userInfo !== undefined) {
    const colon = userInfo.indexOf(':');
    const username = colon < 0 ? '' : decodeURIComponent(userInfo.slice(0, colon));
    const password = decodeURIComponent(colon < 0 ? userInfo : userInfo.slice(colon + 1));
    if (username) {
      settings.username = username;
    }
    if (password) {
      settings.password = password;
    }
  }
  return settings;
}

function parseHost(text: string): { host: string; port: number } {
  const match = /^(\[[0-9a-fA-F:.]+\]|[\w.-]+)(?::(\d{1,5}))?$/.exec(text.trim());
  const port = match?.[2] === undefined ? DEFAULT_SENTINEL_PORT : Number(match[2]);
  if (!match || port < 1 || port > 65535) {
    throw new Error(`has a bad Sentinel address "${text}" (host:port expected)`);
  }
  return { host: match[1].replace(/^\[(.*)\]$/, '$1'), port };
}

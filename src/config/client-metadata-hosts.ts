/** How far an allowed host may be trusted: any address, or only the public internet's. */
export type AddressScope = 'public' | 'any';

interface HostEntry {
  /** A host name or address, or `*.suffix`, or `*`. */
  pattern: string;
  port?: string;
}

/**
 * `CLIENT_METADATA_HOSTS`: the hosts whose Client ID Metadata Documents may be fetched. `*` allows every host and
 * `*.example.com` its subdomains, but only at public addresses; a host named exactly (`tools.corp.example`,
 * `127.0.0.1:8443`) is trusted at any address, so an operator can let an intranet's agents in without opening the
 * server's network to everyone who can pick a `client_id` (the draft's §6.5 on SSRF).
 */
export class ClientMetadataHosts {
  private constructor(private readonly entries: readonly HostEntry[]) {}

  /** Throws with the reason when an entry is not a host, a `*.` suffix or `*`, each with an optional port. */
  static parse(value: string): ClientMetadataHosts {
    const entries = value
      .split(',')
      .map((entry) => entry.trim().toLowerCase())
      .filter((entry) => entry !== '')
      .map(parseEntry);
    if (entries.length === 0) {
      throw new Error('must name at least one host, or be unset');
    }
    return new ClientMetadataHosts(entries);
  }

  /** How far `url`'s host may be trusted, or undefined when it is not allowed at all. */
  scopeOf(url: URL): AddressScope | undefined {
    const host = url.hostname.toLowerCase();
    const port = url.port || '443';
    let scope: AddressScope | undefined;
    for (const entry of this.entries) {
      if (entry.port !== undefined && entry.port !== port) {
        continue;
      }
      if (entry.pattern === host) {
        return 'any';
      }
      if (entry.pattern === '*' || (entry.pattern.startsWith('*.') && host.endsWith(entry.pattern.slice(1)))) {
        scope = 'public';
      }
    }
    return scope;
  }
}

const HOST_ENTRY = /^(\*|(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*|\[[0-9a-f:.]+\])(?::(\d{1,5}))?$/;

function parseEntry(entry: string): HostEntry {
  const match = HOST_ENTRY.exec(entry);
  if (!match || (match[2] !== undefined && Number(match[2]) > 65535)) {
    throw new Error(`"${entry}" is not a host, *.domain or *, with an optional :port`);
  }
  return { pattern: match[1], port: match[2] };
}

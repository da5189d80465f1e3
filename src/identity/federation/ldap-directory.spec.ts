import { EventEmitter2 } from '@nestjs/event-emitter';
import { createServer, type Server } from 'node:net';
import type { AddressInfo } from 'node:net';
import type { AppConfig } from '../../config/app-config';
import { DirectoryUnavailableError, LdapDirectory } from './ldap-directory';

/** A TCP listener that counts connections and never answers: any LDAP conversation would reach it. */
async function silentServer(): Promise<{ server: Server; url: string; connections: () => number }> {
  let count = 0;
  const server = createServer((socket) => {
    count++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `ldap://127.0.0.1:${(server.address() as AddressInfo).port}`, connections: () => count };
}

function directory(url: string): LdapDirectory {
  const ldap = {
    url,
    userBase: 'ou=people,dc=example,dc=org',
    userFilter: '(uid={username})',
    attributes: { name: 'uid', email: 'mail', realName: 'cn' },
    idAttribute: 'entryUUID',
    groupMap: {},
    startTls: false,
    syncInterval: 900,
  };
  return new LdapDirectory({ ldap } as unknown as AppConfig, new EventEmitter2());
}

describe('LdapDirectory', () => {
  it('refuses an empty password before talking to the directory (RFC 4513 §5.1.2)', async () => {
    const { server, url, connections } = await silentServer();
    try {
      await expect(directory(url).authenticate('alice', '')).resolves.toBeUndefined();
      expect(connections()).toBe(0);
      // With a password, the directory is asked (and, not answering, is unavailable).
      await expect(directory(url).authenticate('alice', 'pw')).rejects.toBeInstanceOf(DirectoryUnavailableError);
      expect(connections()).toBe(1);
    } finally {
      server.close();
    }
  });
});

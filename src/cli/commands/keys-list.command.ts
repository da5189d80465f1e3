import { Command, CommandRunner, Option } from 'nest-commander';
import { SigningKeyRotation } from '../../oauth2/keys/signing-key-rotation.service';
import { ServiceContext } from '../service-context';

interface ListOptions {
  json?: boolean;
}

/** The signing keys as `GET /api/admin/keys` lists them: published, active (signing) and retired ones. */
@Command({ name: 'keys:list', description: 'the OAuth 2 / OpenID Connect signing keys and their states' })
export class KeysListCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_arguments: string[], options: ListOptions): Promise<void> {
    const keys = await (await this.service.get(SigningKeyRotation)).listKeys();
    for (const key of keys) {
      console.log(
        options.json
          ? JSON.stringify(key)
          : [
              key.kid,
              key.alg,
              key.state,
              key.source,
              key.activatesAt ?? '-',
              key.retiredAt ?? '-',
              key.removeAfter ?? '-',
            ].join('\t'),
      );
    }
  }

  @Option({ flags: '--json', description: 'one JSON object per line' })
  parseJson(): boolean {
    return true;
  }
}

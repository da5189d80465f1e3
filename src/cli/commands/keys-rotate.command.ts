import { Command, CommandRunner, Option } from 'nest-commander';
import { SigningKeyRotation } from '../../oauth2/keys/signing-key-rotation.service';
import { ServiceContext } from '../service-context';

interface RotateOptions {
  alg?: string;
}

/**
 * As `POST /api/admin/keys/rotate`: a new key, published in the JWKS at once, which signs only once
 * `OAUTH2_KEY_PUBLICATION_DELAY` has passed, so relying parties have it before its first token.
 */
@Command({ name: 'keys:rotate', description: 'publish a new signing key, which signs after the publication delay' })
export class KeysRotateCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_arguments: string[], options: RotateOptions): Promise<void> {
    const operator = await this.service.operator();
    const key = await (await this.service.get(SigningKeyRotation)).rotateKey(operator.userName, options.alg);
    this.service.noteReach();
    console.log(JSON.stringify(key));
  }

  @Option({ flags: '--alg <alg>', description: 'RS256 (default), ES256 or EdDSA' })
  parseAlg(value: string): string {
    return value;
  }
}

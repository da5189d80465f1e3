import { Command, CommandRunner } from 'nest-commander';
import { SigningKeyRotation } from '../../oauth2/keys/signing-key-rotation.service';
import { ServiceContext } from '../service-context';

/**
 * As `POST /api/admin/keys/{kid}/retire`: the key signs nothing more (a waiting key takes over at once) and leaves the
 * JWKS once the last token it signed has expired. Retiring the only key that can sign is refused.
 */
@Command({
  name: 'keys:retire',
  arguments: '<kid>',
  description: 'stop a signing key; it stays published until its tokens expire',
})
export class KeysRetireCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run([kid]: string[]): Promise<void> {
    const operator = await this.service.operator();
    const key = await (await this.service.get(SigningKeyRotation)).retireKey(kid, operator.userName);
    this.service.noteReach();
    console.log(JSON.stringify(key));
  }
}

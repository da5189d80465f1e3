import { Logger } from '@nestjs/common';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ConsumerDirectory } from '../../consumers/consumer-directory';
import { AcceptanceService } from '../../grants/acceptance.service';
import { IdentityService } from '../../identity/identity.service';
import { TokenRevocation } from '../../oauth2/tokens/token-revocation.service';
import { CommandError } from '../command-error';
import { ServiceContext } from '../service-context';

interface RevokeOptions {
  consumer?: string;
  user?: string;
}

/**
 * Everything a consumer or a user was given, gone at once: each authorization is revoked as its user would revoke it
 * (the OAuth 1 access token is the authorization itself; its OAuth 2 tokens die with it, as RFC 7009 §2.1 allows:
 * revoking may take "the underlying authorization grant" with it), a consumer's own client-credentials tokens too, and
 * every instance drops what it cached about them through the invalidation bus. The consumer itself stays as it is.
 */
@Command({
  name: 'tokens:revoke',
  description: 'revoke every token and authorization of a consumer (--consumer KEY) or of a user (--user NAME)',
})
export class TokensRevokeCommand extends CommandRunner {
  private readonly audit = new Logger('Audit');

  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_: string[], options: RevokeOptions): Promise<void> {
    if ((options.consumer === undefined) === (options.user === undefined)) {
      throw new CommandError('tokens:revoke needs exactly one of --consumer KEY and --user NAME');
    }
    const acceptances = await this.service.get(AcceptanceService);
    if (options.consumer !== undefined) {
      const consumer = await (await this.service.get(ConsumerDirectory)).findByKey(options.consumer);
      if (!consumer) {
        throw new CommandError(`No consumer exists with the key ${options.consumer}`);
      }
      const operator = await this.service.operator();
      const count = await acceptances.revokeAll(await acceptances.listForConsumer(consumer.id));
      await (await this.service.get(TokenRevocation)).revokeConsumer(consumer.id);
      this.audit.log(
        { action: 'revoke-tokens', actorId: operator.userId, consumerId: consumer.id, authorizations: count },
        'every token of a consumer revoked by an operator',
      );
      this.service.noteReach();
      console.log(
        `revoked ${count} authorization(s) of ${consumer.key} (${consumer.name}) and every token issued to it`,
      );
      return;
    }
    const user = await (await this.service.get(IdentityService)).findProfileByName(options.user as string);
    if (!user) {
      throw new CommandError(`There is no user named ${options.user}`);
    }
    const operator = await this.service.operator();
    const count = await acceptances.revokeAllOfUser(user.id);
    this.audit.log(
      { action: 'revoke-tokens', actorId: operator.userId, userId: user.id, authorizations: count },
      'every token of a user revoked by an operator',
    );
    this.service.noteReach();
    console.log(`revoked ${count} authorization(s) of ${user.name} and every token issued under them`);
  }

  @Option({ flags: '--consumer <key>', description: "the consumer's key" })
  parseConsumer(value: string): string {
    return value;
  }

  @Option({ flags: '--user <name>', description: 'the user name' })
  parseUser(value: string): string {
    return value;
  }
}

import { Command, CommandRunner, Option } from 'nest-commander';
import { InitialAccessTokens } from '../../oauth2/dynamic-registration/initial-access-tokens';
import { CommandError } from '../command-error';
import { ServiceContext } from '../service-context';

interface IssueOptions {
  grants?: string;
  note?: string;
  expiresIn?: number;
}

/**
 * As `POST /api/admin/registration-tokens`: an RFC 7591 §3 initial access token, printed once as JSON. A client that
 * registers with it lands approved, with at most the token's grants, whatever DYNAMIC_REGISTRATION says (but off).
 */
@Command({
  name: 'registration:token',
  description: 'issue an initial access token for dynamic client registration (--grants a,b --note TEXT)',
})
export class RegistrationTokenCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_arguments: string[], options: IssueOptions): Promise<void> {
    const grants = (options.grants ?? '')
      .split(',')
      .map((grant) => grant.trim())
      .filter(Boolean);
    if (grants.length === 0 || !options.note) {
      throw new CommandError('registration:token needs --grants (comma-separated) and --note');
    }
    const operator = await this.service.operator();
    const tokens = await this.service.get(InitialAccessTokens);
    console.log(JSON.stringify(await tokens.issue(grants, options.note, operator.userName, options.expiresIn)));
  }

  @Option({ flags: '--grants <list>', description: 'comma-separated grants a client registered with it may hold' })
  parseGrants(value: string): string {
    return value;
  }

  @Option({ flags: '--note <text>', description: 'what the token is for (kept in the audit trail)' })
  parseNote(value: string): string {
    return value;
  }

  @Option({ flags: '--expires-in <seconds>', description: 'lifetime in seconds (60 to 2592000); default a day' })
  parseExpiresIn(value: string): number {
    const seconds = Number(value);
    if (!Number.isInteger(seconds) || seconds < 60 || seconds > 2592000) {
      throw new CommandError('--expires-in must be a whole number of seconds from 60 to 2592000');
    }
    return seconds;
  }
}

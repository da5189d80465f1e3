import { Command, CommandRunner, Option } from 'nest-commander';
import { STAGE_NAMES, type StageName } from '../../consumers/consumer-stage';
import { ConsumerQueryService } from '../../consumers/consumer-query.service';
import { stageFilter } from '../../consumers/stage-filter';
import { IdentityService } from '../../identity/identity.service';
import { CommandError } from '../command-error';
import { ServiceContext } from '../service-context';

interface ListOptions {
  stage: StageName | 'any';
  owner?: string;
  json?: boolean;
}

const PAGE = 100;
const STAGES: string[] = [...STAGE_NAMES, 'any'];

@Command({ name: 'consumers:list', description: 'list consumers, newest first (suppressed ones included)' })
export class ConsumersListCommand extends CommandRunner {
  constructor(private readonly service: ServiceContext) {
    super();
  }

  async run(_: string[], options: ListOptions): Promise<void> {
    const query = await this.service.get(ConsumerQueryService);
    const operator = this.service.reader();
    if (
      options.owner !== undefined &&
      !(await (await this.service.get(IdentityService)).findProfileByName(options.owner))
    ) {
      throw new CommandError(`There is no user named ${options.owner}`);
    }
    if (!options.json) {
      console.log(['key', 'stage', 'oauth', 'owner', 'name', 'version'].join('\t'));
    }
    let cursor: number | undefined;
    do {
      const page = await query.list(operator, {
        stages: stageFilter(options.stage),
        publisher: options.owner,
        limit: PAGE,
        cursor,
      });
      for (const consumer of page.consumers) {
        const { consumerKey, stage, oauthVersion, owner, name, version, suppressed } = consumer;
        console.log(
          options.json
            ? JSON.stringify(consumer)
            : [consumerKey, suppressed ? `${stage} (suppressed)` : stage, oauthVersion, owner.name, name, version].join(
                '\t',
              ),
        );
      }
      cursor = page.nextCursor === undefined ? undefined : Number(page.nextCursor);
    } while (cursor !== undefined);
  }

  @Option({ flags: '--stage <stage>', description: `${STAGES.join(', ')}`, defaultValue: 'any' })
  parseStage(value: string): string {
    if (!STAGES.includes(value)) {
      throw new CommandError(`--stage takes one of ${STAGES.join(', ')}, not "${value}"`);
    }
    return value;
  }

  @Option({ flags: '--owner <name>', description: 'only consumers of this user' })
  parseOwner(value: string): string {
    return value;
  }

  @Option({ flags: '--json', description: 'one JSON object per line instead of columns' })
  parseJson(): boolean {
    return true;
  }
}

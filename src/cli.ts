import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { parseArgs } from 'node:util';
import { DataSource } from 'typeorm';
import { AppModule } from './app.module';
import { AppException } from './common/errors/app.exception';
import { PinoLogger } from './common/logging/pino-logger';
import type { AppConfig } from './config/app-config';
import { ConfigError } from './config/config.error';
import { loadConfigFromEnvironment } from './config/load-config';
import { dataSourceOptions } from './database/data-source-options';
import { IdentityService } from './identity/identity.service';

const USAGE = `Gatehouse operator commands (configuration comes from the environment, as for the service):

  migrations:run                         apply every pending migration
  migrations:revert                      undo the most recent migration
  user:create <name> --email <address> --password-stdin [--real-name <text>] [--groups a,b]
                                         create an account; the password is the first line of standard input
  user:groups <name> <group,group,...>   set an account's groups exactly (pass "" for none)
`;

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  const config = loadConfigFromEnvironment();
  switch (command) {
    case 'migrations:run':
      return runMigrations(config, 'run');
    case 'migrations:revert':
      return runMigrations(config, 'revert');
    case 'user:create':
      return createUser(config, rest);
    case 'user:groups':
      return setGroups(config, rest);
    default:
      process.stdout.write(USAGE);
      if (command !== undefined && command !== 'help' && command !== '--help') {
        throw new UsageError(`Unknown command: ${command}`);
      }
  }
}

async function runMigrations(config: AppConfig, direction: 'run' | 'revert'): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(config)).initialize();
  try {
    if (direction === 'run') {
      const applied = await dataSource.runMigrations({ transaction: 'each' });
      console.log(
        applied.length ? applied.map((migration) => `applied ${migration.name}`).join('\n') : 'no pending migration',
      );
    } else {
      await dataSource.undoLastMigration({ transaction: 'each' });
      console.log('reverted the most recent migration');
    }
  } finally {
    await dataSource.destroy();
  }
}

async function createUser(config: AppConfig, args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      email: { type: 'string' },
      'real-name': { type: 'string' },
      groups: { type: 'string' },
      'password-stdin': { type: 'boolean' },
    },
  });
  const [name] = positionals;
  if (!name || values.email === undefined || !values['password-stdin']) {
    throw new UsageError('user:create needs a name, --email and --password-stdin (the password on standard input)');
  }
  const password = (await readStdin()).split(/\r?\n/)[0];
  if (password.length < 8) {
    throw new UsageError('The password (first line of standard input) must be at least 8 characters long');
  }
  await withIdentity(config, async (identity) => {
    const user = await identity.register({
      name,
      password,
      email: values.email ?? '',
      realName: values['real-name'],
      groups: splitGroups(values.groups ?? ''),
    });
    console.log(`created ${user.name} (id ${user.id}) in groups: ${user.groups.join(', ') || '(none)'}`);
  });
}

async function setGroups(config: AppConfig, args: string[]): Promise<void> {
  const [name, groups] = args;
  if (!name || groups === undefined) {
    throw new UsageError('user:groups needs a name and a comma-separated list of groups');
  }
  await withIdentity(config, async (identity) => {
    const user = await identity.setGroupsByName(name, splitGroups(groups));
    console.log(`${user.name} is now in groups: ${user.groups.join(', ') || '(none)'}`);
  });
}

async function withIdentity(config: AppConfig, work: (identity: IdentityService) => Promise<void>): Promise<void> {
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config), {
    logger: new PinoLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  });
  try {
    await work(app.get(IdentityService));
  } finally {
    await app.close();
  }
}

function splitGroups(list: string): string[] {
  return list
    .split(',')
    .map((group) => group.trim())
    .filter((group) => group !== '');
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

class UsageError extends Error {}

main(process.argv.slice(2)).catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof UsageError || error instanceof AppException) {
    console.error(error.message);
  } else {
    console.error('failed:', error instanceof Error ? error.message : error);
  }
  process.exit(1);
});

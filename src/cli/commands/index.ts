import { AuditExportCommand } from './audit-export.command';
import { ConsumersApproveCommand } from './consumers-approve.command';
import { ConsumersDisableCommand } from './consumers-disable.command';
import { ConsumersEnableCommand } from './consumers-enable.command';
import { ConsumersListCommand } from './consumers-list.command';
import { ConsumersRejectCommand } from './consumers-reject.command';
import { ConsumersShowCommand } from './consumers-show.command';
import { DbBackupCommand } from './db-backup.command';
import { DbRestoreCommand } from './db-restore.command';
import { KeysListCommand } from './keys-list.command';
import { KeysRetireCommand } from './keys-retire.command';
import { KeysRotateCommand } from './keys-rotate.command';
import { MigrationsRevertCommand } from './migrations-revert.command';
import { MigrationsRunCommand } from './migrations-run.command';
import { RegistrationTokenCommand } from './registration-token.command';
import { TokensRevokeCommand } from './tokens-revoke.command';
import { UserCreateCommand } from './user-create.command';
import { UserGroupsCommand } from './user-groups.command';
import { UsersBlockCommand } from './users-block.command';
import { UsersSessionsRevokeCommand } from './users-sessions-revoke.command';
import { UsersSyncCommand } from './users-sync.command';
import { UsersUnblockCommand } from './users-unblock.command';

/** Every operator command; a new one is its file plus its line here. */
export const COMMANDS = [
  MigrationsRunCommand,
  MigrationsRevertCommand,
  UserCreateCommand,
  UserGroupsCommand,
  ConsumersListCommand,
  ConsumersShowCommand,
  ConsumersApproveCommand,
  ConsumersRejectCommand,
  ConsumersDisableCommand,
  ConsumersEnableCommand,
  TokensRevokeCommand,
  RegistrationTokenCommand,
  UsersBlockCommand,
  UsersUnblockCommand,
  UsersSessionsRevokeCommand,
  UsersSyncCommand,
  AuditExportCommand,
  KeysListCommand,
  KeysRotateCommand,
  KeysRetireCommand,
  DbBackupCommand,
  DbRestoreCommand,
];

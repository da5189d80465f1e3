/**
 * What this process is: the service, or an operator command (`src/cli`). A command builds the same modules as the
 * service, so it changes things exactly as the service would, but it starts no listener, job or outbox worker and
 * runs no migration: those belong to the service, and the command must not race the running instances for them.
 */
export type RunMode = 'service' | 'command';

export const RUN_MODE = Symbol('RUN_MODE');

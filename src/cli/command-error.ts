/** Bad input to a command: its message goes to standard error as it is, and the command exits with status 1. */
export class CommandError extends Error {}

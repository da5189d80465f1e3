/** Emitted after each conversation with the LDAP directory: whether it answered, for the metrics. */
export const DIRECTORY_STATE_EVENT = 'directory.state';

export interface DirectoryStateEvent {
  up: boolean;
}

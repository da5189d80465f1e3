import { Injectable } from '@nestjs/common';
import { IdentityErrorCode, IdentityException } from '../identity.exception';
import { IdentityService } from '../identity.service';
import type { UserProfile } from '../user-profile';
import { DIRECTORY, LinkedAccounts, LDAP_PROVIDER } from './linked-accounts';
import { ExternalIdentityRepository } from './external-identity.repository';
import { type DirectoryPerson, DirectoryUnavailableError, LdapDirectory } from './ldap-directory';

/**
 * Whose name and password these are: a local account checks its own password hash; anyone else (a linked
 * directory account, or a name Gatehouse does not know yet) is asked of the directory, when one is configured.
 * Every failure is the same `InvalidCredentials` answer, so the throttle counts directory guesses too.
 */
@Injectable()
export class SignInCredentials {
  constructor(
    private readonly identity: IdentityService,
    private readonly directory: LdapDirectory,
    private readonly accounts: LinkedAccounts,
    private readonly links: ExternalIdentityRepository,
  ) {}

  async verify(name: string, password: string): Promise<UserProfile> {
    if (!this.directory.configured) {
      return this.identity.verifyPassword(name, password);
    }
    const local = await this.identity.findProfileByName(name);
    const linked = local ? (await this.links.findByUser(local.id))?.provider === LDAP_PROVIDER : false;
    if (local && !linked) {
      try {
        return await this.identity.verifyPassword(name, password);
      } catch (error) {
        // Not the local password. If it is the directory's, admitting the person answers the clash (never a merge).
        if (!(error instanceof IdentityException) || error.code !== IdentityErrorCode.InvalidCredentials) {
          throw error;
        }
        const person = await this.directoryPerson(name, password).catch(() => undefined);
        if (!person) {
          throw error;
        }
        return this.admitted(person);
      }
    }
    const person = await this.directoryPerson(name, password);
    if (!person) {
      throw invalid();
    }
    return this.admitted(person);
  }

  private async admitted(person: DirectoryPerson): Promise<UserProfile> {
    // A person the directory disables but its filter still finds (AD's userAccountControl) may not sign in.
    if (person.disabled) {
      throw invalid();
    }
    const user = await this.accounts.admit(DIRECTORY, person);
    if (user.locked) {
      throw invalid();
    }
    return user;
  }

  private async directoryPerson(name: string, password: string): Promise<DirectoryPerson | undefined> {
    try {
      return await this.directory.authenticate(name, password);
    } catch (error) {
      if (error instanceof DirectoryUnavailableError) {
        throw new IdentityException(
          IdentityErrorCode.DirectoryUnavailable,
          'The company directory cannot be reached just now, so directory accounts cannot sign in. ' +
            'Please try again in a few minutes.',
        );
      }
      throw error;
    }
  }
}

function invalid(): IdentityException {
  return new IdentityException(IdentityErrorCode.InvalidCredentials, 'Incorrect user name or password');
}

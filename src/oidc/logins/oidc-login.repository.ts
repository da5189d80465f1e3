import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { LessThan, Repository } from 'typeorm';
import { type PurgeBatches, type TablePurge, deleteInBatches } from '../../database/batched-delete';
import { PlainFind } from '../../database/plain-find';
import { OidcLoginEntity } from './oidc-login.entity';

/** What an OpenID Connect sign-in left behind for its refreshes and its logout. */
export interface OidcLogin {
  familyId: string;
  sid: string;
  userId: number;
  consumerId: number;
  authTime: number;
  amr: string[];
}

@Injectable()
export class OidcLoginRepository {
  private readonly byFamily: PlainFind<OidcLoginEntity>;

  constructor(@InjectRepository(OidcLoginEntity) private readonly logins: Repository<OidcLoginEntity>) {
    // Read on every refresh of an OpenID Connect grant, the token endpoint's hot path (see PlainFind).
    this.byFamily = new PlainFind(logins, 'familyId');
  }

  async record(login: OidcLogin, expires: Date): Promise<void> {
    await this.logins.insert({ ...login, amr: login.amr.join(' '), createdAt: new Date(), expires });
  }

  /** A refresh moves the end of the family's life on. */
  async extend(familyId: string, expires: Date): Promise<void> {
    await this.logins.update({ familyId }, { expires });
  }

  purgeExpired(before: Date, batches: PurgeBatches): Promise<TablePurge> {
    return deleteInBatches(this.logins, { expires: LessThan(before) }, batches);
  }

  /** Every app sign-in of the session named `sid`. */
  async findBySid(sid: string): Promise<OidcLogin[]> {
    return (await this.logins.findBy({ sid })).map(toLogin);
  }

  async findByFamily(familyId: string): Promise<OidcLogin | undefined> {
    const row = await this.byFamily.one(familyId);
    return row && toLogin(row);
  }
}

function toLogin(row: OidcLoginEntity): OidcLogin {
  return {
    familyId: row.familyId,
    sid: row.sid,
    userId: row.userId,
    consumerId: row.consumerId,
    authTime: Number(row.authTime),
    amr: row.amr === '' ? [] : row.amr.split(' '),
  };
}

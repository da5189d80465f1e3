import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonColumn } from '../../database/json-column';

/** The link between an account and its entry in an outside source (the directory, an upstream OpenID Provider). */
@Entity('external_identities')
export class ExternalIdentityEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** `ldap`, or `oidc:<configured name>`: which source made the link, for people to read; links are not found by it. */
  @Column({ type: 'varchar', length: 64 })
  provider!: string;

  /**
   * The upstream's issuer (`iss`) that vouched for the person: with `subject`, the key of the link (OpenID Connect
   * Core §2). Empty for the directory; null for an upstream link made before issuers were kept, until it is bound.
   */
  @Column({ type: 'varchar', length: 255, nullable: true })
  issuer!: string | null;

  /** The source's stable id for the person (entryUUID, objectGUID as hex, an OIDC `sub`). */
  @Column({ type: 'varchar', length: 255 })
  subject!: string;

  /** The Gatehouse groups the source gave at the last sign-in or sync; the account's other groups were set by hand. */
  @Column({ name: 'synced_groups', type: 'text', transformer: jsonColumn })
  syncedGroups!: string[];

  @Column({ name: 'linked_at', type: 'datetime' })
  linkedAt!: Date;

  @Column({ name: 'last_synced_at', type: 'datetime', nullable: true })
  lastSyncedAt!: Date | null;
}

import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonColumn } from '../../database/json-column';

/** The link between an account and its entry in an outside source (`ldap`, later `oidc:<name>`). */
@Entity('external_identities')
export class ExternalIdentityEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  @Column({ type: 'varchar', length: 64 })
  provider!: string;

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

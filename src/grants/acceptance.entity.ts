import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonColumn } from '../database/json-column';

/** A user's authorization of a consumer (`oauth_accepted_consumer`); unique per (user, consumer, wiki). */
@Entity('oauth_accepted_consumer')
export class AcceptanceEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'varchar', length: 32 })
  wiki!: string;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** `oauth_registered_consumer.id`; a plain column so that this module does not depend on `consumers`. */
  @Column({ name: 'consumer_id', type: 'integer' })
  consumerId!: number;

  @Column({ name: 'access_token', type: 'varchar', length: 32 })
  accessToken!: string;

  @Column({ name: 'access_secret', type: 'varchar', length: 32 })
  accessSecret!: string;

  @Column({ type: 'text', transformer: jsonColumn })
  grants!: string[];

  @Column({ type: 'datetime' })
  accepted!: Date;

  @Column({ name: 'oauth_version', type: 'smallint', default: 1 })
  oauthVersion!: number;
}

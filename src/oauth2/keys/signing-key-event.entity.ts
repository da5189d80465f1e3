import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The audit trail of the signing keys (`oauth2_signing_key_log`): who rotated or retired which key, and when. */
@Entity('oauth2_signing_key_log')
export class SigningKeyEventEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'datetime' })
  timestamp!: Date;

  @Column({ type: 'varchar', length: 64 })
  kid!: string;

  /** `rotate` (a new key), `retire`, or `activate` (a pending key brought forward to take over from a retired one). */
  @Column({ type: 'varchar', length: 16 })
  action!: string;

  /** The user name behind the API call, or what the operator's command says it is. */
  @Column({ type: 'varchar', length: 255 })
  actor!: string;
}

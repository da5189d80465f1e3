import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * An authorization code that was redeemed (`oauth2_code_redemptions`), by its hash, the family id of its tokens: the
 * unique key is the single-use decision (RFC 6749 §4.1.2), committed with the tokens the code was exchanged for.
 */
@Entity('oauth2_code_redemptions')
export class CodeRedemptionEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'code_hash', type: 'varchar', length: 64 })
  codeHash!: string;

  /** Until when a second use is recognised as a replay (and punished); the retention purge deletes it after. */
  @Column({ type: 'datetime' })
  expires!: Date;
}

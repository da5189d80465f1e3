import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A user's WebAuthn security key or passkey: what verifying its signatures takes (W3C WebAuthn Level 3 §6.1). */
@Entity('user_webauthn_credentials')
export class WebauthnCredentialEntity {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ name: 'user_id', type: 'integer' })
  userId!: number;

  /** The credential id the authenticator chose, base64url. */
  @Column({ name: 'credential_id', type: 'varchar', length: 255 })
  credentialId!: string;

  /** The COSE public key, base64url: public, so not sealed. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  /** The signature counter last seen (§6.1.1): a counter that goes back betrays a cloned key. */
  @Column({
    type: 'bigint',
    transformer: { to: (value: number) => value, from: (value: string | number) => Number(value) },
  })
  counter!: number;

  /** The transports the browser reported (JSON array), handed back so it knows how to reach the key. */
  @Column({ type: 'text' })
  transports!: string;

  @Column({ type: 'varchar', length: 64 })
  name!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'last_used_at', type: 'datetime', nullable: true })
  lastUsedAt!: Date | null;
}

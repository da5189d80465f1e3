import { type MigrationInterface, type QueryRunner, TableColumn, TableIndex } from 'typeorm';
import { userNameSkeleton } from '../src/identity/user-name-skeleton';

/**
 * Each account's name skeleton (UTS #39, as MediaWiki's AntiSpoof keeps in `spoofuser`), unique, so that no new
 * name can pass for an existing one, even when two registrations race. Existing accounts get theirs here; one that
 * already looks like an older account keeps none (unique indexes allow many nulls), and the older one's guards both.
 * The skeleton depends on the pinned `unhomoglyph` data: a change of it needs a migration that recomputes them.
 */
export class UserNameSkeletons1795635000000 implements MigrationInterface {
  name = 'UserNameSkeletons1795635000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.addColumn(
      'users',
      new TableColumn({ name: 'name_skeleton', type: 'varchar', length: '64', isNullable: true }),
    );
    const users = (await queryRunner.query('SELECT id, name FROM users ORDER BY id')) as { id: number; name: string }[];
    const seen = new Set<string>();
    for (const user of users) {
      const skeleton = userNameSkeleton(user.name);
      if (!seen.has(skeleton)) {
        seen.add(skeleton);
        await queryRunner.query('UPDATE users SET name_skeleton = ? WHERE id = ?', [skeleton, user.id]);
      }
    }
    await queryRunner.createIndex(
      'users',
      new TableIndex({ name: 'uq_users_name_skeleton', columnNames: ['name_skeleton'], isUnique: true }),
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.dropIndex('users', 'uq_users_name_skeleton');
    await queryRunner.dropColumn('users', 'name_skeleton');
  }
}

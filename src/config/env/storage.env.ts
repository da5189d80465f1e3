import { IsOptional, IsString, Matches } from 'class-validator';

/** The database (with its replicas) and the cache. */
export class StorageEnv {
  @IsOptional()
  @Matches(/^(sqlite:.+|(mysql|mariadb):\/\/.+)$/, {
    message: '$property must be sqlite:<path> or mysql://user:password@host:port/database',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Matches(/^(mysql|mariadb):\/\/[^,\s]+(\s*,\s*(mysql|mariadb):\/\/[^,\s]+)*$/, {
    message: '$property must be a comma-separated list of mysql://user:password@host:port/database URLs',
  })
  DATABASE_REPLICA_URLS?: string;

  @IsOptional()
  @Matches(/^(memory:|rediss?:\/\/.+|redis\+sentinel:\/\/.+)$/, {
    message: '$property must be memory:, redis://host:port or redis+sentinel://host:port,host:port/<master name>',
  })
  CACHE_URL?: string;

  @IsOptional()
  @IsString()
  @Matches(/^[\w:.-]{1,64}$/, { message: '$property must be 1-64 characters of [A-Za-z0-9_:.-]' })
  CACHE_PREFIX?: string;
}

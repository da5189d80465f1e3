import { InitialSchema1795600000000 } from './1795600000000-InitialSchema';

/** Every migration in order; listed explicitly so the same list serves the service, the CLI and the tests. */
export const MIGRATIONS = [InitialSchema1795600000000];

import { ConfigError } from '../../src/config/config.error';

/** The problems a configuration load refuses with; fails the test when it loads, or throws anything else. */
export function configProblems(load: () => unknown): string[] {
  try {
    load();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

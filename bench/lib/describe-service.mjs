import { spawnSync } from 'node:child_process';

/** Which build was measured: the commit (and whether the work tree differed from it), or the given label. */
export function describeService(serviceDir, label) {
  const git = (...args) =>
    spawnSync('git', ['-C', serviceDir, ...args])
      .stdout?.toString()
      .trim() ?? '';
  const commit = git('rev-parse', '--short', 'HEAD');
  const changed = git('status', '--porcelain', '--untracked-files=no', '--', 'src', 'migrations');
  const described = commit
    ? `commit ${commit}${changed ? ' with uncommitted changes to src/' : ''}`
    : `build in ${serviceDir}`;
  return label ? `${label} (${described})` : described;
}

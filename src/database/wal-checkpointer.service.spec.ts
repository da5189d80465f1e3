import { WAL_TRUNCATE_BYTES, followUp } from './wal-checkpointer.service';

describe('the WAL checkpoint round', () => {
  const passive = { busy: 0, log: 10, checkpointed: 10 };

  it('stops at the PASSIVE checkpoint while the WAL file is within its limit', () => {
    expect(followUp({ ...passive, walBytes: 0 })).toBeUndefined();
    expect(followUp({ ...passive, walBytes: WAL_TRUNCATE_BYTES })).toBeUndefined();
  });

  it('truncates a WAL file past the limit, so that it does not keep the disk space of a burst', () => {
    expect(followUp({ ...passive, walBytes: WAL_TRUNCATE_BYTES + 1 })).toBe('TRUNCATE');
    expect(followUp({ busy: 1, log: 20_000, checkpointed: 5, walBytes: 2 * WAL_TRUNCATE_BYTES })).toBe('TRUNCATE');
  });
});

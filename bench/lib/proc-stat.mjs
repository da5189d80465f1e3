// What /proc says about the bench's processes and the machine's cores: CPU ticks per process and per core, and a
// process's resident memory.
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

export const CLK_TCK = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim());

/** utime + stime in clock ticks: of the whole process (all threads), and of its main (JavaScript) thread. */
export function processTicks(pid) {
  const ticks = (path) => {
    const stat = readFileSync(path, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  return { all: ticks(`/proc/${pid}/stat`), main: ticks(`/proc/${pid}/task/${pid}/stat`) };
}

/** utime + stime of a process in clock ticks; 0 once it is gone. */
export function pidTicks(pid) {
  try {
    return processTicks(pid).all;
  } catch {
    return 0;
  }
}

/** The summed ticks of several processes. */
export function ticksOf(pids) {
  return pids.reduce((sum, pid) => sum + pidTicks(pid), 0);
}

/** The database and cache servers of this machine (they do the bench's work too, on either core). */
export function serviceProcesses() {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    if (/^\d+$/.test(entry)) {
      try {
        const comm = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
        if (['mariadbd', 'mysqld', 'redis-server'].includes(comm)) {
          pids.push(Number(entry));
        }
      } catch {
        // gone meanwhile
      }
    }
  }
  return pids;
}

/** Per core, from /proc/stat: busy (user+nice+system, as process times count), steal, and total ticks. */
export function coreTicks() {
  const cores = {};
  for (const line of readFileSync('/proc/stat', 'utf8').split('\n')) {
    const match = /^cpu(\d+) (.*)$/.exec(line);
    if (match) {
      const values = match[2].trim().split(/\s+/).map(Number);
      const total = values.slice(0, 8).reduce((a, b) => a + b, 0);
      cores[match[1]] = { busy: values[0] + values[1] + values[2], steal: values[7] ?? 0, total };
    }
  }
  return cores;
}

export function busyShare(before, after, core, field = 'busy') {
  const total = after[core].total - before[core].total;
  return total > 0 ? (after[core][field] - before[core][field]) / total : 0;
}

/** Resident set size of a process in KiB (VmRSS of /proc/<pid>/status); undefined once it is gone. */
export function rssKiB(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) : undefined;
  } catch {
    return undefined;
  }
}

// Reads a V8 .cpuprofile (node --cpu-prof) and summarises the samples taken inside given time windows
// (one per scenario; V8's sample clock is the monotonic clock process.hrtime uses, in µs).
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Per generated line, the segments [generated column, source index, source line] of a source map (VLQ-decoded). */
function decodeMappings(mappings) {
  const lines = [];
  let sourceIndex = 0;
  let sourceLine = 0;
  for (const text of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of text.split(',')) {
      if (!segment) {
        continue;
      }
      const values = [];
      let value = 0;
      let shift = 0;
      for (const character of segment) {
        const digit = BASE64.indexOf(character);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >>> 1) : value >>> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      // [generated column, source, source line, source column, name]: the columns and names are not needed here
      if (values.length >= 4) {
        sourceIndex += values[1];
        sourceLine += values[2];
        segments.push([column, sourceIndex, sourceLine]);
      }
    }
    lines.push(segments);
  }
  return lines;
}

const sourceMaps = new Map();

/** The TypeScript file and line of a position in dist/ (0-based line and column), from the .js.map beside it. */
function originalPosition(jsPath, line, column) {
  if (!sourceMaps.has(jsPath)) {
    try {
      const map = JSON.parse(readFileSync(`${jsPath}.map`, 'utf8'));
      sourceMaps.set(jsPath, { sources: map.sources, lines: decodeMappings(map.mappings), dir: dirname(jsPath) });
    } catch {
      sourceMaps.set(jsPath, undefined);
    }
  }
  const map = sourceMaps.get(jsPath);
  const segments = map?.lines[line];
  if (!segments || segments.length === 0) {
    return undefined;
  }
  let best = segments[0];
  for (const segment of segments) {
    if (segment[0] <= column) {
      best = segment;
    }
  }
  return { source: map.sources[best[1]], line: best[2] + 1, dir: map.dir };
}

function where(callFrame, root) {
  const path = callFrame.url.replace(/^file:\/\//, '');
  let url = path;
  if (root && url.startsWith(`${root}/`)) {
    url = url.slice(root.length + 1);
  }
  const line = callFrame.lineNumber + 1;
  const source = /(?:^|\/)dist\/(src\/.*)\.js$/.exec(url);
  if (source) {
    const original = originalPosition(path, callFrame.lineNumber, callFrame.columnNumber);
    return original ? `${source[1]}.ts:${original.line}` : `${source[1]}.ts (dist line ${line})`;
  }
  const modulePath = /^(?:.*\/)?node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(url);
  if (modulePath) {
    return `${modulePath[1]}/${modulePath[2]}:${line}`;
  }
  return url ? `${url}:${line}` : '';
}

/** Where a function's code comes from, to total the time by layer. */
function category(callFrame) {
  const { url, functionName } = callFrame;
  if (!url) {
    return functionName === '(garbage collector)'
      ? 'GC'
      : functionName === '(idle)'
        ? 'idle'
        : functionName === '(program)'
          ? 'V8/native (program)'
          : `native ${functionName}`;
  }
  if (url.startsWith('node:')) {
    return 'node core (node:*)';
  }
  const modulePath = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url);
  if (modulePath) {
    return modulePath[1];
  }
  if (/\/dist\/src\//.test(url)) {
    return 'service code (src/)';
  }
  return url;
}

export function loadProfile(path) {
  const profile = JSON.parse(readFileSync(path, 'utf8'));
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) {
      parent.set(child, node.id);
    }
  }
  const times = new Array(profile.samples.length);
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i += 1) {
    t += profile.timeDeltas[i] ?? 0;
    times[i] = t;
  }
  return { profile, nodes, parent, times };
}

/**
 * Self and inclusive time per function, and self time per layer, for the samples between `fromUs` and `toUs`.
 * Each sample counts the time to the next sample.
 */
export function summariseWindow(loaded, fromUs, toUs, { root = process.cwd(), top = 15, inclusiveFilter } = {}) {
  const { profile, nodes, parent, times } = loaded;
  const self = new Map();
  const inclusive = new Map();
  const layers = new Map();
  let total = 0;
  let idle = 0;
  const add = (map, key, value) => map.set(key, (map.get(key) ?? 0) + value);
  for (let i = 0; i < profile.samples.length; i += 1) {
    if (times[i] < fromUs || times[i] > toUs) {
      continue;
    }
    const weight = i + 1 < times.length ? Math.max(0, times[i + 1] - times[i]) : 0;
    const node = nodes.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)') {
      idle += weight;
      continue;
    }
    total += weight;
    const label = (frame) => `${frame.functionName || '(anonymous)'}  ${where(frame, root)}`.trim();
    add(self, label(node.callFrame), weight);
    add(layers, category(node.callFrame), weight);
    const seen = new Set();
    for (let id = node.id; id !== undefined; id = parent.get(id)) {
      const frame = nodes.get(id).callFrame;
      if (frame.functionName === '(root)') {
        continue;
      }
      const key = label(frame);
      if (!seen.has(key)) {
        seen.add(key);
        add(inclusive, key, weight);
      }
    }
  }
  const ranked = (map, filter = () => true) =>
    [...map.entries()]
      .filter(([key]) => filter(key))
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }));
  return {
    busyMs: total / 1000,
    idleMs: idle / 1000,
    selfTop: ranked(self),
    layers: ranked(layers),
    // inclusive time of the service's own functions: where in src/ the time goes, callees included
    serviceInclusive: ranked(inclusive, inclusiveFilter ?? ((key) => / {2}src\/\S+\.ts[: ]/.test(key))),
    inclusiveTitle: inclusiveFilter ? 'matching functions, inclusive (callees included):' : undefined,
  };
}

export function formatSummary(title, summary) {
  const pct = (share) => `${(share * 100).toFixed(1).padStart(5)}%`;
  const lines = [`### ${title}`, `busy ${summary.busyMs.toFixed(0)} ms, idle ${summary.idleMs.toFixed(0)} ms`, ''];
  lines.push('self time by layer:');
  for (const entry of summary.layers) {
    lines.push(`  ${pct(entry.share)}  ${entry.name}`);
  }
  lines.push('', 'top self time:');
  for (const entry of summary.selfTop) {
    lines.push(`  ${pct(entry.share)}  ${entry.name}`);
  }
  lines.push('', summary.inclusiveTitle ?? 'service functions, inclusive (callees included):');
  for (const entry of summary.serviceInclusive) {
    lines.push(`  ${pct(entry.share)}  ${entry.name}`);
  }
  return lines.join('\n');
}

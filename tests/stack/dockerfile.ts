// Just enough of Dockerfile and .dockerignore semantics to check stack/grafana/Dockerfile against
// the repository: which stages, which COPY sources, which commands, and whether the build
// context (filtered by .dockerignore) contains what the COPY lines need.

export interface DockerInstruction {
  op: string;
  args: string;
}

/** Instructions with line continuations joined and comments dropped. */
export function parseDockerfile(text: string): DockerInstruction[] {
  const logical = text
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n')
    .replace(/\\\n/g, ' ');
  return logical
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const [op, ...rest] = l.split(/\s+/);
      return { op: op.toUpperCase(), args: rest.join(' ') };
    });
}

export interface CopyInstruction {
  from?: string;
  sources: string[];
  dest: string;
}

export function copyInstructions(instructions: DockerInstruction[]): CopyInstruction[] {
  return instructions
    .filter((i) => i.op === 'COPY')
    .map((i) => {
      const words = i.args.split(/\s+/);
      const from = words.find((w) => w.startsWith('--from='))?.slice('--from='.length);
      const paths = words.filter((w) => !w.startsWith('--'));
      return { from, sources: paths.slice(0, -1), dest: paths[paths.length - 1] };
    });
}

function patternRegExp(pattern: string): RegExp {
  let re = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '*' && pattern[i + 1] === '*') {
      // `**/` matches any number of directories, including none.
      re += pattern[i + 2] === '/' ? '(?:.*/)?' : '.*';
      i += pattern[i + 2] === '/' ? 2 : 1;
    } else if (c === '*') {
      re += '[^/]*';
    } else if (c === '?') {
      re += '[^/]';
    } else {
      re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    }
  }
  return new RegExp(`^${re}$`);
}

/**
 * Whether .dockerignore keeps `relPath` in the build context: the last matching pattern decides
 * (`!` re-includes), and a pattern matching a parent folder covers everything inside it.
 */
export function inBuildContext(dockerignore: string, relPath: string): boolean {
  const patterns = dockerignore
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
  const parts = relPath.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let included = true;
  for (const p of patterns) {
    const negated = p.startsWith('!');
    const re = patternRegExp((negated ? p.slice(1) : p).replace(/^\/+|\/+$/g, ''));
    if (candidates.some((c) => re.test(c))) {
      included = negated;
    }
  }
  return included;
}

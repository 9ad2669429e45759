// Lints the Dockerfile with dockerfile-utils, the validator behind the Docker language server of
// VS Code and other editors: syntax, instruction arguments, flags (HEALTHCHECK's included).
// There is no Docker engine here to build the image; this and the README's java command line (the
// image's ENTRYPOINT) are the checks the CI can run. Exits 1 on any warning or error.
import { readFileSync } from 'node:fs';
import { validate } from 'dockerfile-utils';

const path = process.argv[2] ?? '../Dockerfile';
const text = readFileSync(path, 'utf8');
const problems = validate(text, {});
for (const p of problems) {
  const severity = p.severity === 1 ? 'error' : 'warning';
  console.log(`${path}:${p.range.start.line + 1}: ${severity}: ${p.message}`);
}
console.log(`${path}: ${problems.length} problem(s)`);
process.exit(problems.length === 0 ? 0 : 1);

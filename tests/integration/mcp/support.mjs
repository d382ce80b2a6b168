// What the lf-mcp test scripts share: the npm packages (installed by
// tests/support/scripts/npm_packages.sh into $MCP_NPM_DIR), a check counter that prints
// "ok: <n> passed, <m> failed", a raw line-oriented lf-mcp process, and an
// ajv validator for structuredContent against a tool's outputSchema.
import { createRequire } from 'node:module';
import { spawn } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

export const npmDir = process.env.MCP_NPM_DIR;
export const lfMcp = process.env.LF_MCP_BIN;
export const require = createRequire(path.join(npmDir, 'node_modules', 'noop.js'));

let passed = 0;
let failed = 0;

export function check(what, condition, detail = '') {
  if (condition) {
    passed += 1;
  } else {
    failed += 1;
    console.log(`FAIL ${what}${detail ? ': ' + detail : ''}`);
  }
}

export function equal(what, actual, expected) {
  check(what, JSON.stringify(actual) === JSON.stringify(expected),
    `got ${JSON.stringify(actual)}, want ${JSON.stringify(expected)}`);
}

export function finish() {
  console.log(`done: ${passed} passed, ${failed} failed`);
  process.exit(failed === 0 ? 0 : 1);
}

// Runs `body`, turning an exception into a failed check, then finishes.
export async function main(body) {
  try {
    await body();
  } catch (error) {
    check('no exception', false, error?.stack ?? String(error));
  }
  finish();
}

// The environment lf-mcp needs (the SDKs pass only a few variables on).
export function serverEnv() {
  return { ...process.env };
}

// The progress notifications a connected client's transport receives. The
// SDKs hand notifications to their handlers a tick later than responses, so
// progress that arrives in the same read as the response never reaches
// onprogress; watching the transport checks what the server sent.
export function watchProgress(transport) {
  const seen = [];
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    if (message?.method === 'notifications/progress') {
      seen.push(message.params);
    }
    deliver?.(message, extra);
  };
  return seen;
}

const Ajv2020 = require('ajv/dist/2020').default;
const ajv = new Ajv2020({ strict: false, allErrors: true });

// Problems of `value` against `schema` (JSON Schema 2020-12), or null.
export function schemaErrors(schema, value) {
  const validate = ajv.compile(schema);
  return validate(value) ? null : ajv.errorsText(validate.errors);
}

// lf-mcp on a raw pipe: send() writes one line, next() reads one stdout
// line as JSON (every line must be JSON), and every byte of stdout is kept.
export class RawServer {
  constructor(args = []) {
    this.child = spawn(lfMcp, args, { env: serverEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    this.lines = [];
    this.waiters = [];
    this.badLines = [];
    this.skipped = [];
    this.stderr = '';
    this.child.stderr.on('data', (chunk) => { this.stderr += chunk; });
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    readline.createInterface({ input: this.child.stdout }).on('line', (line) => {
      let message;
      try {
        message = JSON.parse(line);
      } catch {
        this.badLines.push(line);
        return;
      }
      const waiter = this.waiters.shift();
      if (waiter) {
        waiter(message);
      } else {
        this.lines.push(message);
      }
    });
  }

  send(text) {
    this.child.stdin.write(typeof text === 'string' ? text + '\n' : JSON.stringify(text) + '\n');
  }

  // The next message, or null after `ms` without one.
  next(ms = 10000) {
    if (this.lines.length > 0) {
      return Promise.resolve(this.lines.shift());
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(done), 1);
        resolve(null);
      }, ms);
      const done = (message) => { clearTimeout(timer); resolve(message); };
      this.waiters.push(done);
    });
  }

  // Sends a request and returns its response; messages read on the way
  // (progress notifications) are kept in `skipped`.
  async request(method, params, id, ms = 30000) {
    this.send({ jsonrpc: '2.0', id, method, params });
    for (;;) {
      const message = await this.next(ms);
      if (message === null || message.id === id) {
        return message;
      }
      this.skipped.push(message);
    }
  }

  // Closes stdin; resolves to the exit code (null when it had to be killed).
  async close(ms = 5000) {
    this.child.stdin.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), ms);
    const code = await this.exited;
    clearTimeout(timer);
    return code;
  }
}

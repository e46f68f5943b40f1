// The judge of the contract suite (tests/contract.rs): `prism mock` on a document, behind a thin
// recording proxy. Prism answers an invalid request with the spec's own 422 or 400 when it has
// one, so the status cannot tell a rejected request from an error answer; the proxy keeps what
// Prism said of each request (its `sl-violations` header) and tells it at `GET /__judge/last`.
//
//   node judge.mjs DOCUMENT SEED
//
// Everything listens on 127.0.0.1 on free ports. The first line on stdout is
// `judge listening on http://127.0.0.1:PORT` once Prism serves; closing stdin stops both.
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import prismHttp from '@stoplight/prism-http';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';

const [document, seed = '1'] = process.argv.slice(2);
if (!document) {
  console.error('usage: node judge.mjs DOCUMENT SEED');
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const prismPort = await freePort();
// The pinned CLI from this folder's lockfile, run by this node. Dynamic answers (json-schema-faker,
// seeded) by default; a request asks for an example with `Prefer: dynamic=false`.
const prism = spawn(
  process.execPath,
  [path.join(here, 'node_modules/@stoplight/prism-cli/dist/index.js'), 'mock', '--host', '127.0.0.1', '--port', String(prismPort), '--dynamic', '--seed', seed, '--errors', document],
  { stdio: ['ignore', 'pipe', 'pipe'] },
);
let prismLog = '';
prism.stdout.on('data', (chunk) => (prismLog += chunk));
prism.stderr.on('data', (chunk) => (prismLog += chunk));
const stop = (code) => {
  prism.kill('SIGTERM');
  process.exit(code);
};
prism.on('exit', (code) => {
  console.error(`prism exited (${code}):\n${prismLog.slice(-4000)}`);
  process.exit(1);
});
process.stdin.on('end', () => stop(0));
process.stdin.on('close', () => stop(0));
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => stop(0));

// Prism's answers are checked against the spec too: a body Prism made that the spec does not allow
// (its example sampler cuts recursion short with `{}`) failing to decode is Prism's fault, not
// ours. The caller names its operation in `x-contract-endpoint: METHOD /path`.
const operations = new Map();
for (const op of await prismHttp.getHttpOperationsFromSpec(document)) operations.set(`${op.method.toUpperCase()} ${op.path}`, op);
const ajv = new Ajv({ strict: false, allErrors: false, allowUnionTypes: true });
addFormats(ajv);
const validators = new Map();

function checkAnswer(endpoint, status, contentType, text) {
  const op = operations.get(endpoint);
  if (!op || !/json/.test(contentType ?? '')) return null;
  const responses = op.responses ?? [];
  const code = String(status);
  const response =
    responses.find((r) => r.code === code) ?? responses.find((r) => r.code.toUpperCase() === `${code[0]}XX`) ?? responses.find((r) => r.code === 'default');
  const content = response?.contents?.find((c) => c.schema && /json/.test(c.mediaType));
  if (!content) return null;
  const key = `${endpoint} ${response.code} ${content.mediaType}`;
  try {
    if (!validators.has(key)) validators.set(key, ajv.compile(op.__bundled__ ? { ...content.schema, __bundled__: op.__bundled__ } : content.schema));
    const valid = validators.get(key);
    return valid(JSON.parse(text)) ? { valid: true } : { valid: false, errors: ajv.errorsText(valid.errors) };
  } catch (error) {
    return { valid: false, errors: `not checked: ${error.message}` };
  }
}

let last = { seq: 0 };
const proxy = http.createServer((req, res) => {
  if (req.url === '/__judge/last') {
    const text = JSON.stringify(last);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
    res.end(text);
    return;
  }
  const chunks = [];
  req.on('data', (c) => chunks.push(c));
  req.on('end', () => {
    const body = Buffer.concat(chunks);
    const upstream = http.request(
      { host: '127.0.0.1', port: prismPort, method: req.method, path: req.url, headers: req.headers },
      (answer) => {
        const parts = [];
        answer.on('data', (c) => parts.push(c));
        answer.on('end', () => {
          const answered = Buffer.concat(parts);
          let violations = [];
          try {
            violations = JSON.parse(answer.headers['sl-violations'] ?? '[]');
          } catch {
            violations = [{ severity: 'Error', message: `unreadable sl-violations: ${answer.headers['sl-violations']}` }];
          }
          const problem = (answer.headers['content-type'] ?? '').includes('problem+json') ? answered.toString('utf8').slice(0, 2000) : null;
          // Prism's own error (no 422 or 400 in the spec) lists the violations in its body instead.
          try {
            if (problem && violations.length === 0) violations = JSON.parse(problem).validation ?? [];
          } catch {}
          const answerCheck = checkAnswer(req.headers['x-contract-endpoint'], answer.statusCode, answer.headers['content-type'], answered.toString('utf8'));
          last = { seq: last.seq + 1, method: req.method, url: req.url, status: answer.statusCode, violations, problem, answer: answerCheck, sent: body.toString('utf8').slice(0, 2000) };
          res.writeHead(answer.statusCode, answer.headers);
          res.end(answered);
        });
      },
    );
    upstream.on('error', (error) => {
      last = { seq: last.seq + 1, method: req.method, url: req.url, status: 502, violations: [], problem: `the proxy could not reach Prism: ${error.message}`, sent: '' };
      res.writeHead(502);
      res.end();
    });
    upstream.end(body);
  });
});

// Prism is ready when it accepts a connection (it loads the document first).
const started = Date.now();
for (;;) {
  const open = await new Promise((resolve) => {
    const socket = net.connect(prismPort, '127.0.0.1', () => {
      socket.end();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
  if (open) break;
  if (Date.now() - started > 120_000) {
    console.error(`prism did not start within 120 s:\n${prismLog.slice(-4000)}`);
    stop(1);
  }
  await new Promise((r) => setTimeout(r, 100));
}
proxy.listen(0, '127.0.0.1', () => {
  console.log(`judge listening on http://127.0.0.1:${proxy.address().port}`);
});

// Drives `mandate-lint lsp` with vscode-jsonrpc / vscode-languageserver-protocol (the
// libraries under VS Code's client) and checks diagnostics and hover.
// The server binary: $MANDATE_LINT_BIN, else target/debug/mandate-lint of this repo.
'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const fs = require('node:fs');
const { spawn } = require('node:child_process');
const rpc = require('vscode-jsonrpc/node');
const proto = require('vscode-languageserver-protocol');

const BIN = process.env.MANDATE_LINT_BIN
  || path.resolve(__dirname, '..', '..', '..', 'target', 'debug', 'mandate-lint');
const URI = 'file:///tmp/mandate-lint-node/sahel.draft.txt';
const TIMEOUT_MS = 20000;

// A draft written for this test: a placeholder after “curly quotes”, an em dash and
// an accent (RES010), and a defence mandate without civilian oversight (DSR006).
const DRAFT = [
  'The Security Council,',
  '',
  'Recalling its previous resolutions on the situation in the Republic of Sahelia,',
  '',
  '1. Decides to extend the mandate of the United Nations Integrated Mission in Sahelia (UNIMS) until 30 June 2026;',
  '',
  '2. Requests UNIMS to provide training and technical advice to the national armed forces and the Ministry of Defence;',
  '',
  '3. Takes note of the “Stratégie nationale” — prepared by Hélène XXXX — and encourages its adoption;',
  '',
  '4. Decides to remain actively seized of the matter.',
  '',
].join('\n');

function withTimeout(promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), TIMEOUT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

// UTF-16 position of a string index, computed independently of the server.
function positionOf(text, index) {
  const before = text.slice(0, index);
  const line = before.split('\n').length - 1;
  const lineStart = before.lastIndexOf('\n') + 1;
  return { line, character: index - lineStart }; // JS string indices are UTF-16 units
}

test('diagnostics and hover over stdio', async (t) => {
  if (!fs.existsSync(BIN)) {
    assert.fail(`server binary not found at ${BIN}: run \`cargo build\` first or set MANDATE_LINT_BIN`);
  }
  const child = spawn(BIN, ['lsp'], { stdio: ['pipe', 'pipe', 'inherit'] });
  t.after(() => child.kill());
  const connection = rpc.createMessageConnection(
    new rpc.StreamMessageReader(child.stdout),
    new rpc.StreamMessageWriter(child.stdin),
  );
  connection.onRequest(proto.ConfigurationRequest.type, (params) => params.items.map(() => ({})));
  connection.onRequest(proto.RegistrationRequest.type, () => null);
  const published = new Promise((resolve) => {
    connection.onNotification(proto.PublishDiagnosticsNotification.type, (params) => {
      if (params.uri === URI && params.version === 1) resolve(params);
    });
  });
  connection.listen();

  const init = await withTimeout(connection.sendRequest(proto.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    capabilities: { general: { positionEncodings: ['utf-16'] }, workspace: { configuration: true } },
    initializationOptions: { debounceMs: 0 },
  }), 'initialize');
  assert.equal(init.capabilities.positionEncoding, 'utf-16');
  assert.ok(init.capabilities.hoverProvider);
  await connection.sendNotification(proto.InitializedNotification.type, {});

  await connection.sendNotification(proto.DidOpenTextDocumentNotification.type, {
    textDocument: { uri: URI, languageId: 'un-draft', version: 1, text: DRAFT },
  });
  const diagnostics = (await withTimeout(published, 'publishDiagnostics')).diagnostics;
  const codes = diagnostics.map((d) => d.code);
  assert.ok(codes.includes('DSR006'), `DSR006 expected among ${codes}`);
  const placeholder = diagnostics.find((d) => d.code === 'RES010');
  assert.ok(placeholder, `RES010 expected among ${codes}`);
  const at = DRAFT.indexOf('XXXX');
  assert.deepEqual(placeholder.range, { start: positionOf(DRAFT, at), end: positionOf(DRAFT, at + 4) });

  const hover = await withTimeout(connection.sendRequest(proto.HoverRequest.type, {
    textDocument: { uri: URI },
    position: positionOf(DRAFT, at + 1),
  }), 'hover');
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /RES010/);
  assert.match(hover.contents.value, /Why it matters/);

  await withTimeout(connection.sendRequest(proto.ShutdownRequest.type), 'shutdown');
  const exited = new Promise((resolve) => child.on('exit', (code) => resolve(code)));
  await connection.sendNotification(proto.ExitNotification.type);
  assert.equal(await withTimeout(exited, 'exit'), 0);
  connection.dispose();
});

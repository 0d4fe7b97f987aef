// End-to-end test of the VS Code extension in a real workbench: code-server 4.100.3
// (VS Code 1.100.3) with the packaged .vsix installed, driven through headless
// Chromium with playwright-core. It opens a draft from fixtures/ and checks, as a
// drafter would see it: the Problems panel, the hover, the DSR006 quick fix, the DCAF
// profile lens following the edit, and the outline. Expected values come from the mandate-lint binary itself (check --format
// json, rules --json, inspect), so that the test follows rule changes.
//
// Run `bash install.sh` first. Environment:
//   MANDATE_LINT_BIN        the mandate-lint binary (default: target/release/mandate-lint)
//   MANDATE_LINT_ARTIFACTS  where screenshots go (default: target/vscode-e2e)
//   CHROMIUM                the browser (default: /usr/bin/chromium)
import { spawn, execFileSync } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '../../..');
const bin = process.env.MANDATE_LINT_BIN || path.join(repo, 'target/release/mandate-lint');
const artifacts = process.env.MANDATE_LINT_ARTIFACTS || path.join(repo, 'target/vscode-e2e');
const browserPath = process.env.CHROMIUM || '/usr/bin/chromium';
const fixture = path.join(repo, 'fixtures/mission-renewal-gaps.txt');
const codeServer = path.join(here, 'node_modules/code-server/out/node/entry.js');
// The workbench is slow to start on a loaded 2-core machine; these are upper bounds for
// waiting, not measurements.
const LONG = 120_000;
const started = Date.now();

function fail(message) {
  throw new Error(message);
}

function need(file, what) {
  if (!fs.existsSync(file)) fail(`${what} is missing: ${file}`);
}

function runJson(args) {
  // check exits 1 when there are findings; the JSON is on stdout either way.
  try {
    return JSON.parse(execFileSync(bin, args, { encoding: 'utf8' }));
  } catch (err) {
    if (err.stdout) return JSON.parse(err.stdout);
    throw err;
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, child, log) {
  const deadline = Date.now() + LONG;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) fail(`code-server exited (${child.exitCode}):\n${fs.readFileSync(log, 'utf8')}`);
    try {
      const res = await fetch(url, { redirect: 'manual' });
      if (res.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  fail(`code-server did not answer on ${url}:\n${fs.readFileSync(log, 'utf8')}`);
}

/** Stops code-server and everything it started (its own process group). */
async function stopGroup(child) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return;
  }
  const timer = new Promise((r) => setTimeout(r, 5_000, 'timeout'));
  if ((await Promise.race([exited, timer])) === 'timeout') {
    try {
      process.kill(-child.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

// Stopped from outside (Ctrl-C, a test harness timing out): take code-server's process
// group down too, since `finally` does not run then.
let serverForSignals = null;
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (serverForSignals && serverForSignals.exitCode === null) {
      try {
        process.kill(-serverForSignals.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
    process.exit(130);
  });
}

const results = [];
async function step(name, body) {
  const t0 = Date.now();
  await body();
  results.push(name);
  console.log(`ok ${results.length} - ${name} (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
}

/** The .vsix, packaged by editors/vscode/package.sh unless it is newer than its sources. */
function packageExtension() {
  const dir = path.join(repo, 'editors/vscode');
  const version = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).version;
  const vsix = path.join(dir, `mandate-lint-${version}.vsix`);
  const sources = ['package.json', 'package-lock.json', 'language-configuration.json', '.vscodeignore', 'src', 'syntaxes']
    .map((f) => path.join(dir, f))
    .flatMap((f) => (fs.statSync(f).isDirectory() ? fs.readdirSync(f).map((n) => path.join(f, n)) : [f]));
  const built = fs.existsSync(vsix) ? fs.statSync(vsix).mtimeMs : 0;
  if (sources.some((f) => fs.statSync(f).mtimeMs > built)) {
    execFileSync('bash', [path.join(dir, 'package.sh')], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  need(vsix, 'the packaged extension');
  return vsix;
}

/** Which of `codes` the Problems panel lists. The list is virtual (only rows on screen
 * exist), so each code is looked up through the panel's own filter box. */
/** The text of the DCAF profile lens, once it reads `categories` of 10 categories. */
async function profileLens(page, categories) {
  const want = `${categories}/10 categories`;
  const lens = page.locator('.codelens-decoration', { hasText: 'DCAF profile:' }).first();
  await lens.waitFor({ state: 'visible', timeout: LONG });
  const deadline = Date.now() + LONG;
  let text = await lens.innerText();
  while (!text.includes(want) && Date.now() < deadline) {
    await page.waitForTimeout(250);
    text = await lens.innerText();
  }
  if (!text.includes(want)) fail(`the profile lens reads "${text}", not ${want}`);
  return text;
}

async function listedCodes(page, codes) {
  const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
  const shown = [];
  for (const code of [...codes].sort()) {
    await filter.fill(code);
    await problemRow(page, code).waitFor({ timeout: 15_000 }).catch(() => {});
    if (await problemRow(page, code).count()) shown.push(code);
  }
  await filter.fill('');
  return shown;
}

async function runCommand(page, label) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget .quick-input-box input');
  await input.waitFor({ state: 'visible', timeout: LONG });
  await input.fill(`>${label}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: label }).first();
  await row.waitFor({ state: 'visible', timeout: LONG });
  await row.click();
}

/** The Problems panel row of a finding with this code, shown "mandate-lint(DSR006)"
 * (the brackets are drawn by CSS, not text). */
function problemRow(page, code) {
  return page.locator('.markers-panel .monaco-list-row', { hasText: new RegExp(`mandate-lint\\W*${code}\\b`) }).first();
}

async function main() {
  need(bin, 'the mandate-lint binary (cargo build --release)');
  need(codeServer, 'code-server (bash editors/vscode/test/install.sh)');
  need(browserPath, 'Chromium (apt-get install chromium)');
  fs.mkdirSync(artifacts, { recursive: true });

  // What the command line says about the draft: the workbench must show the same.
  const report = runJson(['check', '--format', 'json', '--no-config', fixture]);
  const findings = report.files[0].findings;
  const cliCodes = new Set(findings.map((f) => f.code));
  for (const code of ['DSR006', 'DSR001']) {
    if (!cliCodes.has(code)) fail(`the fixture no longer triggers ${code}; pick another fixture`);
  }
  const dsr006 = findings.find((f) => f.code === 'DSR006');
  const profile = report.files[0].profile;
  if (!profile) fail('check --format json gives no DCAF profile for the fixture');
  if (!dsr006.suggestion) fail('DSR006 carries no suggested clause');
  const suggested = dsr006.suggestion.text.trim();
  const rules = runJson(['rules', '--json']);
  const rationale = rules.find((r) => r.code === 'DSR006').rationale;

  // Everything code-server writes goes under one temp dir: its config, data, caches,
  // user settings and extensions, and the workspace (the fixture is copied: the quick
  // fix edits it).
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mandate-lint-vscode-'));
  const env = { ...process.env };
  for (const [key, dir] of [
    ['XDG_CONFIG_HOME', 'config'],
    ['XDG_DATA_HOME', 'data'],
    ['XDG_CACHE_HOME', 'cache'],
    ['XDG_STATE_HOME', 'state'],
    ['XDG_RUNTIME_DIR', 'runtime'],
  ]) {
    env[key] = path.join(tmp, dir);
    fs.mkdirSync(env[key], { recursive: true, mode: 0o700 });
  }
  // Chromium and the extension host write under $HOME too.
  env.HOME = path.join(tmp, 'home');
  fs.mkdirSync(env.HOME);
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(userData, 'User'), { recursive: true });
  fs.mkdirSync(workspace);
  const draftName = 'mission-renewal-gaps.draft.txt';
  const draft = path.join(workspace, draftName);
  fs.copyFileSync(fixture, draft);
  fs.writeFileSync(
    path.join(userData, 'User/settings.json'),
    JSON.stringify(
      {
        'mandate-lint.serverPath': bin,
        'security.workspace.trust.enabled': false,
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'telemetry.telemetryLevel': 'off',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'update.mode': 'none',
        'git.enabled': false,
        'editor.hover.delay': 100,
        'editor.minimap.enabled': false,
        'problems.sortOrder': 'position',
      },
      null,
      2,
    ),
  );
  const common = ['--user-data-dir', userData, '--extensions-dir', extensions];

  let server;
  let browser;
  let page;
  try {
    await step('package the .vsix and install it into code-server', async () => {
      const vsix = packageExtension();
      const out = execFileSync('node', [codeServer, ...common, '--install-extension', vsix], { env, encoding: 'utf8' });
      const listed = execFileSync('node', [codeServer, ...common, '--list-extensions'], { env, encoding: 'utf8' });
      if (!listed.includes('mandate-lint.mandate-lint')) fail(`extension not installed:\n${out}\n${listed}`);
    });

    const port = await freePort();
    const log = path.join(tmp, 'code-server.log');
    const logFd = fs.openSync(log, 'a');
    // detached: code-server leads its own process group, so that stopping the group
    // also stops the extension host and the language server it started.
    server = spawn(
      'node',
      [
        codeServer,
        ...common,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        workspace,
      ],
      { env, detached: true, stdio: ['ignore', logFd, logFd] },
    );
    serverForSignals = server;
    const url = `http://127.0.0.1:${port}/`;
    await waitForHttp(url, server, log);

    browser = await chromium.launch({
      executablePath: browserPath,
      env,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1400, height: 1300 } });
    page.setDefaultTimeout(LONG);

    await step('open the draft in the workbench', async () => {
      await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`);
      await page.locator('.monaco-workbench').waitFor({ timeout: LONG });
      await page.locator('.explorer-folders-view .monaco-list-row', { hasText: draftName }).first().waitFor({ timeout: LONG });
      await page.keyboard.press('Control+P');
      const input = page.locator('.quick-input-widget .quick-input-box input');
      await input.waitFor({ state: 'visible' });
      await input.fill(draftName);
      await page.locator('.quick-input-widget .monaco-list-row', { hasText: draftName }).first().waitFor();
      await page.keyboard.press('Enter');
      await page.locator('.tab.active', { hasText: draftName }).waitFor();
      await page.locator('.monaco-editor .view-lines', { hasText: 'Draft resolution' }).first().waitFor();
    });

    await step('the DCAF profile lens above the enacting formula shows what check prints', async () => {
      const text = await profileLens(page, profile.categories.length);
      const tasks = `${profile.tasks} DSR task`;
      if (!text.includes(tasks)) fail(`the profile lens reads "${text}", without "${tasks}"`);
      const verdict = page.locator('.codelens-decoration', {
        hasText: profile.comprehensive ? '✓ comprehensive' : '✗ not comprehensive',
      });
      await verdict.first().waitFor({ state: 'visible', timeout: LONG });
      // The lens sits on the line of "The Security Council,", the enacting formula.
      const top = async (locator) => (await locator.boundingBox())?.y ?? NaN;
      const formula = page.locator('.monaco-editor .view-line', { hasText: /^The\sSecurity\sCouncil,/ }).first();
      const gap = (await top(formula)) - (await top(page.locator('.codelens-decoration', { hasText: 'DCAF profile:' }).first()));
      if (!(gap > 0 && gap < 40)) fail(`the profile lens is not right above "The Security Council," (${gap} px)`);
      console.log(`   lens: ${text}`);
    });

    await step('the Problems panel lists the codes the command line reports (DSR006, DSR001, …)', async () => {
      await runCommand(page, 'View: Focus Problems');
      // The panel is a virtual list: with more findings than fit, a row below the fold
      // is not in the page, so wait for DSR006 with the panel filtered to it.
      await page.getByPlaceholder(/^Filter \(e\.g\./).fill('DSR006');
      await problemRow(page, 'DSR006').waitFor({ timeout: LONG });
      const shown = await listedCodes(page, cliCodes);
      const missing = [...cliCodes].filter((c) => !shown.includes(c));
      if (missing.length) fail(`the Problems panel lacks ${missing.join(', ')}; it shows ${shown.join(', ')}`);
      const maximize = page.locator('.part.panel .action-label[aria-label^="Maximize Panel"]');
      await maximize.click();
      await page.waitForTimeout(500);
      const shot = path.join(artifacts, 'problems-panel.png');
      await page.locator('.part.panel').screenshot({ path: shot });
      await page.locator('.part.panel .action-label[aria-label^="Restore Panel"]').click();
      console.log(`   Problems panel: ${shown.join(', ')}; screenshot ${shot}`);
    });

    await step('hovering the DSR006 range shows the rule rationale', async () => {
      // Selecting the problem puts the cursor on the flagged range.
      await page.getByPlaceholder(/^Filter \(e\.g\./).fill('DSR006');
      await problemRow(page, 'DSR006').dblclick();
      await page.locator('.monaco-editor.focused').waitFor();
      await runCommand(page, 'Show or Focus Hover');
      const hover = page.locator('.monaco-hover:not(.hidden)', { hasText: rationale.slice(0, 60) }).first();
      await hover.waitFor({ state: 'visible', timeout: LONG });
      await page.keyboard.press('Escape');
    });

    await step('the DSR006 quick fix inserts the suggested clause and DSR006 leaves the Problems panel', async () => {
      const filter = page.getByPlaceholder(/^Filter \(e\.g\./);
      await filter.fill('DSR006');
      await problemRow(page, 'DSR006').dblclick();
      await page.locator('.monaco-editor.focused').waitFor();
      await page.keyboard.press('Control+.');
      // The light-bulb menu lists the fixes of every finding at the cursor; walk it with
      // the keyboard (as a drafter would) to the DSR006 fix, not its suppression.
      const wanted = (label) => /\(DSR006\)$/.test(label) && !label.startsWith('Suppress');
      await page.locator('.action-widget .monaco-list-row', { hasText: /DSR006/ }).first().waitFor({ timeout: LONG });
      const rows = await page.locator('.action-widget .monaco-list-row.action').count();
      let chosen = null;
      for (let i = 0; i <= rows && !chosen; i++) {
        const label = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label').catch(() => null);
        if (label && wanted(label)) chosen = label;
        else await page.keyboard.press('ArrowDown');
      }
      if (!chosen) fail('the quick-fix menu offers no DSR006 fix');
      console.log(`   quick fix: ${chosen}`);
      await page.keyboard.press('Enter');
      await problemRow(page, 'DSR006').waitFor({ state: 'detached', timeout: LONG });
      await filter.fill('');
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+S');
      const deadline = Date.now() + LONG;
      while (!fs.readFileSync(draft, 'utf8').includes(suggested) && Date.now() < deadline) {
        await page.waitForTimeout(250);
      }
      if (!fs.readFileSync(draft, 'utf8').includes(suggested)) fail(`the saved draft lacks the suggested clause "${suggested}"`);
      // The panel was updated, not emptied: it lists what the command line reports on
      // the edited draft, and that is not DSR006.
      const after = runJson(['check', '--format', 'json', '--no-config', draft]);
      const afterCodes = new Set(after.files[0].findings.map((f) => f.code));
      if (afterCodes.has('DSR006')) fail('the command line still reports DSR006 after the fix');
      const shown = await listedCodes(page, afterCodes);
      const missing = [...afterCodes].filter((c) => !shown.includes(c));
      if (missing.length) fail(`after the fix, the Problems panel lacks ${missing.join(', ')}`);
      console.log(`   after the fix: ${shown.join(', ')}`);
      // The profile lens moved with the text: the oversight task adds its category.
      const afterProfile = after.files[0].profile;
      if (afterProfile.categories.length <= profile.categories.length) {
        fail(`the fixed draft covers ${afterProfile.categories.length} categories, no more than before`);
      }
      // Back to the top of the draft, from the editor: the Problems filter, where the
      // listing above left the focus, would take Ctrl+Home for itself.
      await page.locator('.monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      const lens = await profileLens(page, afterProfile.categories.length);
      console.log(`   lens after the fix: ${lens}`);
    });

    await step('the outline lists the operative paragraphs', async () => {
      const inspected = runJson(['inspect', draft]);
      const labels = inspected.clauses.filter((c) => c.part === 'operative' && c.depth === 0).map((c) => `${c.label}.`);
      if (labels.length < 2) fail(`inspect found ${labels.length} operative paragraphs`);
      // Room for the outline (its list is virtual too): close the panel and fold the
      // file explorer above it.
      await runCommand(page, 'View: Toggle Panel Visibility');
      const folders = page.locator('.split-view-view:has(.explorer-folders-view) .pane-header[aria-expanded="true"]');
      if (await folders.count()) await folders.click();
      await runCommand(page, 'Explorer: Focus on Outline View');
      const rows = page.locator('.outline-pane .monaco-list-row, [id="outline"] .monaco-list-row');
      await rows.first().waitFor({ timeout: LONG });
      const deadline = Date.now() + LONG;
      let missing = labels;
      while (Date.now() < deadline) {
        const texts = (await rows.allInnerTexts()).map((t) => t.trim());
        missing = labels.filter((l) => !texts.some((t) => t.startsWith(`${l} `)));
        if (!missing.length) break;
        await page.waitForTimeout(250);
      }
      if (missing.length) fail(`outline lacks operative paragraphs ${missing.join(' ')}`);
      console.log(`   outline: operative paragraphs ${labels.join(' ')}`);
    });
  } catch (err) {
    if (page) {
      await page.screenshot({ path: path.join(artifacts, 'failure.png') }).catch(() => {});
      console.error(`screenshot of the workbench at the failure: ${path.join(artifacts, 'failure.png')}`);
    }
    const log = path.join(tmp, 'code-server.log');
    if (fs.existsSync(log)) console.error(`--- code-server log\n${fs.readFileSync(log, 'utf8').slice(-4000)}`);
    throw err;
  } finally {
    await browser?.close().catch(() => {});
    await stopGroup(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

try {
  await main();
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  const line = `VS Code workbench test: ${results.length} passed, 0 failed in ${seconds} s`;
  console.log(line);
  fs.writeFileSync(path.join(artifacts, 'summary.txt'), `${line}\n`);
} catch (err) {
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.error(`not ok - ${err.message}`);
  console.log(`VS Code workbench test: ${results.length} passed, 1 failed in ${seconds} s`);
  process.exitCode = 1;
}

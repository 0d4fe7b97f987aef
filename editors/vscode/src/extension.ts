// VS Code client for `mandate-lint lsp`: starts the server for UN draft resolutions
// (language `un-draft`, and optionally plain text / Markdown) and passes settings.
import * as vscode from 'vscode';
import {
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
  DocumentSelector,
  ExecuteCommandRequest,
} from 'vscode-languageclient/node';

// The server's command (workspace/executeCommand): [draft URI, previous mandate URI].
const SET_PREVIOUS = 'mandate-lint.setPreviousMandate';

let client: LanguageClient | undefined;

function selector(config: vscode.WorkspaceConfiguration): DocumentSelector {
  const docs: { scheme: string; language: string }[] = [
    { scheme: 'file', language: 'un-draft' },
    { scheme: 'untitled', language: 'un-draft' },
  ];
  if (config.get<boolean>('checkPlainText')) {
    docs.push({ scheme: 'file', language: 'plaintext' }, { scheme: 'untitled', language: 'plaintext' });
  }
  if (config.get<boolean>('checkMarkdown')) {
    docs.push({ scheme: 'file', language: 'markdown' }, { scheme: 'untitled', language: 'markdown' });
  }
  return docs;
}

// Only settings the user set explicitly, so that `[lsp]` in mandate-lint.toml applies
// when the user has not chosen a value in VS Code.
function explicitSettings(config: vscode.WorkspaceConfiguration): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, wire] of [['debounceMs', 'debounceMs'], ['severityThreshold', 'severityThreshold']]) {
    const inspected = config.inspect(key);
    const value = inspected?.workspaceFolderValue ?? inspected?.workspaceValue ?? inspected?.globalValue;
    if (value !== undefined) {
      out[wire] = value;
    }
  }
  return out;
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const config = vscode.workspace.getConfiguration('mandate-lint');
  const command = config.get<string>('serverPath') || 'mandate-lint';
  const serverOptions: ServerOptions = {
    run: { command, args: ['lsp'] },
    debug: { command, args: ['lsp'] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector(config),
    initializationOptions: explicitSettings(config),
    middleware: {
      workspace: {
        // Answer the server's configuration pull with explicit settings only.
        configuration: (params) =>
          params.items.map((item) =>
            item.section === 'mandate-lint' ? explicitSettings(vscode.workspace.getConfiguration('mandate-lint')) : null,
          ),
      },
    },
  };
  client = new LanguageClient('mandate-lint', 'mandate-lint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (err) {
    void vscode.window.showErrorMessage(
      `mandate-lint: cannot start "${command} lsp" (${String(err)}). Install mandate-lint or set "mandate-lint.serverPath".`,
    );
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  if (client) {
    await client.stop();
    client = undefined;
  }
  await start(context);
}

// "Compare with previous mandate…": pick the mandate the open draft renews; the server
// then reports DSR clauses copied from it (DSR003) as you type.
async function compareWithPrevious(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!client || !editor) {
    void vscode.window.showWarningMessage('mandate-lint: open a draft resolution first.');
    return;
  }
  const draft = editor.document.uri;
  const picked = await vscode.window.showOpenDialog({
    title: 'The mandate this draft renews',
    openLabel: 'Compare with this mandate',
    canSelectMany: false,
    defaultUri: draft.scheme === 'file' ? vscode.Uri.joinPath(draft, '..') : undefined,
    filters: { 'Resolutions': ['txt', 'md', 'docx', 'xml'], 'All files': ['*'] },
  });
  if (!picked || picked.length === 0) {
    return;
  }
  try {
    await client.sendRequest(ExecuteCommandRequest.type, {
      command: SET_PREVIOUS,
      arguments: [
        client.code2ProtocolConverter.asUri(draft),
        client.code2ProtocolConverter.asUri(picked[0]),
      ],
    });
    vscode.window.setStatusBarMessage(`mandate-lint: comparing with ${vscode.workspace.asRelativePath(picked[0])}`, 5000);
  } catch (err) {
    void vscode.window.showErrorMessage(`mandate-lint: ${err instanceof Error ? err.message : String(err)}`);
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  context.subscriptions.push(
    vscode.commands.registerCommand('mandate-lint.restart', () => restart(context)),
    vscode.commands.registerCommand('mandate-lint.compareWithPrevious', () => compareWithPrevious()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      // Which files are checked and where the server is cannot change on a running client.
      if (
        e.affectsConfiguration('mandate-lint.serverPath') ||
        e.affectsConfiguration('mandate-lint.checkPlainText') ||
        e.affectsConfiguration('mandate-lint.checkMarkdown')
      ) {
        void restart(context);
      } else if (e.affectsConfiguration('mandate-lint') && client) {
        // Push explicit settings only (see explicitSettings); the server re-checks.
        const settings = { 'mandate-lint': explicitSettings(vscode.workspace.getConfiguration('mandate-lint')) };
        void client.sendNotification('workspace/didChangeConfiguration', { settings });
      }
    }),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  if (client) {
    await client.stop();
  }
}

// Starts `jangal lsp` for YAML files; everything else is the language server's.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate() {
  const command = vscode.workspace.getConfiguration("jangal").get("command") || "jangal";
  const server = { command, args: ["lsp"] };
  const options = { documentSelector: [{ scheme: "file", language: "yaml" }] };
  client = new LanguageClient("jangal", "Jangal", server, options);
  return client.start();
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };

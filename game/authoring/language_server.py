"""``jangal lsp``: the checker in the author's editor, over the Language Server Protocol on stdio.

Each time a story file is opened, changed or saved, the whole story is checked as ``jangal check``
checks it, with the editor's unsaved text in place of the files it holds, and every problem is
published on its file, line and column with its hint. Completion offers the names the story
defines where they belong (scene ids after ``goto:``, variables and flags in conditions and
effects, codex and chapter ids), and hovering over an id shows what it names.

pygls does the protocol: the framing, the capabilities and the document sync are its own, kept
by the people who keep the protocol's Python types.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.uris import from_fs_path, to_fs_path

from game import __version__
from game.authoring.editor_help import names_wanted, story_folders, word_at
from game.authoring.history_walk import history_warnings
from game.authoring.story_index import Name, StoryIndex
from game.story.loader import load_story
from game.story.problems import Problem, Severity
from game.story.safe_files import read_limited

MAX_SOURCE_BYTES = 32 * 1024 * 1024
STORY_SUFFIXES = (".yaml", ".yml")
CONDITION_WORDS = ("and", "or", "not", "true", "false", 'visited("', 'visits("')
SEVERITIES = {Severity.ERROR: types.DiagnosticSeverity.Error, Severity.WARNING: types.DiagnosticSeverity.Warning}
COMPLETION_KINDS = {
    "scene": types.CompletionItemKind.Reference,
    "chapter": types.CompletionItemKind.Module,
    "codex": types.CompletionItemKind.Reference,
    "variable": types.CompletionItemKind.Variable,
    "flag": types.CompletionItemKind.Variable,
}


class JangalLanguageServer(LanguageServer):
    """The server, with what it knows of the stories being edited."""

    def __init__(self, configured: Sequence[Path] = (), campaign: Sequence[Path] = ()) -> None:
        super().__init__("jangal", __version__, text_document_sync_kind=types.TextDocumentSyncKind.Full)
        self.configured = list(configured)
        """Story folders named by ``--scenes`` or the editor's ``scenes`` option; empty: found from each file."""
        self.campaign = list(campaign)
        """The folders a pack's files are checked with."""
        self.index = StoryIndex()
        self.published: set[str] = set()
        """Files that were given problems, so a file whose problems are fixed is cleared."""
        self.story_files: dict[Path, frozenset[str]] = {}
        """For each file checked, the files of its story: completion offers only that story's names."""

    def check(self, uri: str) -> None:
        """Check the story a file belongs to; publish every file's problems."""
        path = _story_file(uri)
        if path is None:
            return
        unsaved = self._unsaved()
        result = load_story(story_folders(path, self.configured, self.campaign), fingerprint=False, unsaved=unsaved)
        problems = list(result.problems)
        if result.story is not None:
            problems += history_warnings(result.story)
        texts = self._texts(result.files, unsaved)
        for file, text in texts.items():
            self.index.read(str(file), text)
        self.story_files[path.resolve()] = frozenset(str(file) for file in texts)
        self._publish(_by_file(problems, path), texts)

    def names_at(self, uri: str, position: types.Position) -> list[types.CompletionItem]:
        """The names that belong at the cursor, as completion items."""
        document = self.workspace.get_text_document(uri)
        lines = [line.rstrip("\r\n") for line in document.lines]
        wanted = names_wanted(lines, position.line, position.character)
        files = self._files_of(uri)
        if wanted == "condition":
            return self._condition_items(files)
        return [_item(name) for name in self.index.names(wanted, files)] if wanted else []

    def describe(self, uri: str, position: types.Position) -> types.Hover | None:
        """What the id under the cursor names: a scene's title, a codex entry's name, a variable's label."""
        document = self.workspace.get_text_document(uri)
        if position.line >= len(document.lines):
            return None
        found = word_at(document.lines[position.line], position.character)
        if found is None:
            return None
        word, start, end = found
        names = self.index.lookup(word.removeprefix("flags."), self._files_of(uri))
        if not names:
            return None
        text = "\n\n".join(_described(name) for name in names)
        where = types.Range(types.Position(position.line, start), types.Position(position.line, end))
        return types.Hover(types.MarkupContent(types.MarkupKind.PlainText, text), where)

    def _files_of(self, uri: str) -> frozenset[str]:
        path = _story_file(uri)
        return self.story_files.get(path.resolve(), frozenset()) if path else frozenset()

    def _unsaved(self) -> dict[Path, bytes]:
        held = {}
        for document in self.workspace.text_documents.values():
            path = _story_file(document.uri)
            if path is not None:
                held[path.resolve()] = document.source.encode("utf-8")
        return held

    def _texts(self, shown_files: Iterable[str], unsaved: dict[Path, bytes]) -> dict[Path, bytes]:
        """Each file of the story as the checker saw it: the editor's text, else the disk's."""
        texts = {}
        for shown in shown_files:
            file = Path(shown).resolve()
            if file in unsaved:
                texts[file] = unsaved[file]
                continue
            try:
                texts[file] = read_limited(file, MAX_SOURCE_BYTES)
            except OSError:
                continue  # reported by the checker already
        return texts

    def _publish(self, problems_by_file: dict[Path, list[Problem]], texts: dict[Path, bytes]) -> None:
        now = set()
        for file, problems in problems_by_file.items():
            lines = texts[file].decode("utf-8", "replace").splitlines() if file in texts else []
            uri = from_fs_path(str(file))
            now.add(uri)
            diagnostics = [_diagnostic(problem, lines) for problem in problems]
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=diagnostics))
        for uri in self.published - now:
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))
        self.published = now

    def _condition_items(self, files: frozenset[str]) -> list[types.CompletionItem]:
        items = [_item(name) for name in self.index.names("variable", files)]
        items += [_item(name, label=f"flags.{name.id}") for name in self.index.names("flag", files)]
        items += [types.CompletionItem(label=word, kind=types.CompletionItemKind.Keyword) for word in CONDITION_WORDS]
        return items


def build_server(configured: Sequence[Path] = (), campaign: Sequence[Path] = ()) -> JangalLanguageServer:
    """The server with its features registered."""
    server = JangalLanguageServer(configured, campaign)

    @server.feature(types.INITIALIZE)
    def initialize(ls: JangalLanguageServer, params: types.InitializeParams) -> None:
        options = params.initialization_options if isinstance(params.initialization_options, dict) else {}
        scenes = options.get("scenes")
        if isinstance(scenes, list) and all(isinstance(folder, str) for folder in scenes) and scenes:
            root = Path(to_fs_path(params.root_uri) or ".") if params.root_uri else Path.cwd()
            ls.configured = [root / folder for folder in scenes]

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def opened(ls: JangalLanguageServer, params: types.DidOpenTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def changed(ls: JangalLanguageServer, params: types.DidChangeTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def saved(ls: JangalLanguageServer, params: types.DidSaveTextDocumentParams) -> None:
        ls.check(params.text_document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def closed(ls: JangalLanguageServer, params: types.DidCloseTextDocumentParams) -> None:
        ls.check(params.text_document.uri)  # the file on disk takes the editor's place

    @server.feature(
        types.TEXT_DOCUMENT_COMPLETION, types.CompletionOptions(trigger_characters=[" ", ".", '"', "[", ","])
    )
    def complete(ls: JangalLanguageServer, params: types.CompletionParams) -> types.CompletionList:
        return types.CompletionList(is_incomplete=False, items=ls.names_at(params.text_document.uri, params.position))

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def hover(ls: JangalLanguageServer, params: types.HoverParams) -> types.Hover | None:
        return ls.describe(params.text_document.uri, params.position)

    return server


def serve_stdio(configured: Sequence[Path], campaign: Sequence[Path]) -> None:
    """Run the server on standard input and output until the editor says exit."""
    build_server(configured, campaign).start_io()


def _story_file(uri: str) -> Path | None:
    path = to_fs_path(uri) if uri.startswith("file:") else None
    return Path(path) if path and path.endswith(STORY_SUFFIXES) else None


def _by_file(problems: Iterable[Problem], current: Path) -> dict[Path, list[Problem]]:
    """Problems by the file they are in; one that names no file (no story block at all) goes on the current one."""
    found: dict[Path, list[Problem]] = {current.resolve(): []}  # always answered, so an editor clears what was fixed
    for problem in problems:
        file = Path(problem.location.path).resolve()
        found.setdefault(file if file.is_file() else current.resolve(), []).append(problem)
    return found


def _diagnostic(problem: Problem, lines: Sequence[str]) -> types.Diagnostic:
    """A problem as the editor shows it: under the word it points at, the hint after the message."""
    line = max(problem.location.line - 1, 0)
    start = max(problem.location.column - 1, 0)
    text = lines[line] if line < len(lines) else ""
    found = word_at(text, start)
    end = found[2] if found and found[1] == start else len(text)
    message = f"{problem.message}\nhint: {problem.hint}" if problem.hint else problem.message
    severity = SEVERITIES[problem.severity]
    where = types.Range(types.Position(line, start), types.Position(line, max(end, start)))
    return types.Diagnostic(range=where, message=message, severity=severity, source="jangal")


def _item(name: Name, label: str | None = None) -> types.CompletionItem:
    return types.CompletionItem(label=label or name.id, kind=COMPLETION_KINDS[name.kind], detail=name.label or None)


def _described(name: Name) -> str:
    label = f": {name.label}" if name.label else ""
    return f"{name.kind} {name.id}{label}\n{name.path}:{name.line}"
